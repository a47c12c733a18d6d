package faceid

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestResultDisplay pins how each struct of a result prints and logs:
// which members show, in which order, under which key and in which form.
func TestResultDisplay(t *testing.T) {
	code := func(n int) *int { return &n }
	detail := DetectDetail{ReqTime: "1700000000000", Seq: "seq-1", IDCard: pvOcrID, Name: pvOcrName, Sim: "91.5",
		IsNeedCharge: true, ErrCode: code(0), ErrMsg: "成功", CompareLibType: "权威库"}
	frame := []byte("jpeg-bytes")
	cases := []struct {
		v          any
		str, slogs string
	}{
		{DetectText{ErrCode: code(0), CompareStatus: code(-1), Sim: "91.5", Name: pvOcrName, IDCard: pvOcrID, Mobile: pvPhone,
			OcrAddress: pvAddress, LivenessDetail: []DetectDetail{detail, {}}},
			`{ErrCode: 0, LiveStatus: null, Comparestatus: -1, Sim: "91.5", Name: "欧***", IdCard: "1101**********1233", Attempts: 2}`,
			`x.ErrCode=0 x.LiveStatus=<nil> x.Comparestatus=-1 x.Sim=91.5 x.Name=欧*** x.IdCard=1101**********1233 x.Attempts=2`},
		{detail,
			`{Seq: seq-1, Errcode: 0, Sim: "91.5", Name: "欧***", Idcard: "1101**********1233", IsNeedCharge: true}`,
			`x.Seq=seq-1 x.Errcode=0 x.Sim=91.5 x.Name=欧*** x.Idcard=1101**********1233 x.IsNeedCharge=true`},
		{IDCardData{OcrFront: frame, Avatar: []byte{}, WarnInfos: []int{-9101, -9102}},
			`{OcrFront: 10 bytes, OcrBack: none, ProcessedFrontImage: none, ProcessedBackImage: none, Avatar: 0 bytes, WarnInfos: [-9101 -9102], BackWarnInfos: []}`,
			`x.OcrFront="10 bytes" x.OcrBack=none x.ProcessedFrontImage=none x.ProcessedBackImage=none x.Avatar="0 bytes" x.WarnInfos="[-9101 -9102]" x.BackWarnInfos=[]`},
		{BestFrame{BestFrame: frame, BestFrames: [][]byte{frame, nil}},
			`{BestFrame: 10 bytes, BestFrames: [10 bytes, none]}`,
			`x.BestFrame="10 bytes" x.BestFrames="[10 bytes, none]"`},
		{VideoData{LivenessVideo: frame, LivenessVideos: []VideoDetail{{Seq: "s", Video: pvVideoRef}}},
			`{LivenessVideo: 10 bytes, LivenessVideos: 1}`,
			`x.LivenessVideo="10 bytes" x.LivenessVideos=1`},
		{VideoDetail{Seq: "s-2", Video: pvVideoRef},
			`{Seq: "s-2", Video: 35 chars}`,
			`x.Seq=s-2 x.VideoChars=35`},
		{IntentionVerifyData{ErrorCode: code(0), IntentionVerifyAudio: frame, AsrResult: pvSpeech},
			`{ErrorCode: 0, IntentionVerifyVideo: none, IntentionVerifyBestFrame: none, IntentionVerifyAudio: 10 bytes, AsrResult: 8 chars}`,
			`x.ErrorCode=0 x.IntentionVerifyVideo=none x.IntentionVerifyBestFrame=none x.IntentionVerifyAudio="10 bytes" x.AsrResultChars=8`},
		{IntentionQuestionResult{FinalResultDetailCode: code(-301), FinalResultCode: "-1", ResultCode: []string{"0", "-1"},
			ScreenShot: [][]byte{frame}, AsrResult: []string{pvSpeech, "是"}},
			`{FinalResultDetailCode: -301, FinalResultCode: "-1", ResultCode: [0 -1], Video: none, ScreenShot: [10 bytes], Audios: [], AsrResult: 2 answers}`,
			`x.FinalResultDetailCode=-301 x.FinalResultCode=-1 x.ResultCode="[0 -1]" x.Video=none x.ScreenShot="[10 bytes]" x.Audios=[] x.AsrResult=2`},
		{IntentionActionResult{Details: []IntentionActionDetail{{Video: frame, ScreenShot: [][]byte{frame, frame}}}},
			`{FinalResultDetailCode: null, Details: [{Video: 10 bytes, ScreenShot: [10 bytes, 10 bytes]}]}`,
			`x.FinalResultDetailCode=<nil> x.Details="[{Video: 10 bytes, ScreenShot: [10 bytes, 10 bytes]}]"`},
	}
	for _, tc := range cases {
		typ := fmt.Sprintf("%T", tc.v)
		t.Run(typ, func(t *testing.T) {
			assert.Equal(t, tc.str, fmt.Sprint(tc.v))
			assert.Equal(t, typ+tc.str, fmt.Sprintf("%#v", tc.v))
			var buf bytes.Buffer
			h := slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if len(groups) == 0 && a.Key != "x" {
					return slog.Attr{}
				}
				return a
			}})
			slog.New(h).Info("", "x", tc.v)
			assert.Equal(t, tc.slogs, strings.TrimSpace(buf.String()))
		})
	}
}
