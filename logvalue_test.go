package faceid

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fictional personal data for the privacy tests: the ID numbers have valid
// check digits and belong to no one.
const (
	pvName     = "测试隐私"
	pvOcrName  = "欧阳测试"
	pvIDCard   = "440305198504120265"
	pvOcrID    = "110101199003071233"
	pvPhone    = "13800138000"
	pvAddress  = "广东省深圳市南山区测试路1号"
	pvSpeech   = "我是测试隐私本人"
	pvExtra    = "customer=" + pvName
	pvVideoRef = "cos://bucket/" + pvIDCard + ".mp4"
)

// pvMedia is a fictional media item: its raw bytes and base64 must never
// show.
var pvMedia = []byte("\xff\xd8\xff\xe0FICTIONAL-FACE-PIXELS-" + strings.Repeat("0123456789abcdef", 8))

// pvOutputs are the texts that must never appear in printed or logged
// output: personal data raw and media raw or base64-encoded.
func pvForbidden() []string {
	return []string{pvName, pvOcrName, pvIDCard, pvOcrID, pvPhone, pvAddress, pvSpeech, pvExtra, "FICTIONAL-FACE-PIXELS",
		base64.StdEncoding.EncodeToString(pvMedia)[:24], "1985/04/12", "cos://bucket"}
}

func pvText() DetectText {
	code, sim := 0, "95.23"
	detail := DetectDetail{Seq: "s-1", Name: pvName, IDCard: pvIDCard, Sim: sim, ErrCode: &code}
	return DetectText{ErrCode: &code, LiveStatus: &code, CompareStatus: &code, Sim: sim, Name: pvName, IDCard: pvIDCard,
		OcrName: pvOcrName, OcrIDCard: pvOcrID, OcrAddress: pvAddress, OcrBirth: "1985/04/12", Mobile: pvPhone,
		Extra: pvExtra, LivenessDetail: []DetectDetail{detail, detail}}
}

func pvInfo() *DetectInfo {
	code := 0
	return &DetectInfo{
		Text:       pvText(),
		IDCardData: IDCardData{OcrFront: pvMedia, OcrBack: pvMedia, Avatar: pvMedia, WarnInfos: []int{-9101}},
		BestFrame:  BestFrame{BestFrame: pvMedia, BestFrames: [][]byte{pvMedia, pvMedia}},
		VideoData:  VideoData{LivenessVideo: pvMedia, LivenessVideos: []VideoDetail{{Seq: "1", Video: pvVideoRef}}},
		IntentionVerifyData: IntentionVerifyData{IntentionVerifyVideo: pvMedia, AsrResult: pvSpeech, ErrorCode: &code,
			IntentionVerifyAudio: pvMedia},
		IntentionQuestionResult: IntentionQuestionResult{FinalResultDetailCode: &code, Video: pvMedia,
			ScreenShot: [][]byte{pvMedia}, ResultCode: []string{"0"}, AsrResult: []string{pvSpeech}, Audios: [][]byte{pvMedia},
			FinalResultCode: "0"},
		IntentionActionResult: IntentionActionResult{FinalResultDetailCode: &code,
			Details: []IntentionActionDetail{{Video: pvMedia, ScreenShot: [][]byte{pvMedia}}}},
		EncryptedBody:       pvMedia,
		IsVerifyIntention:   true,
		IntentionVerifyType: "2",
		RequestID:           "7f6c6a4c-2a4b-4b8a-9bb0-0e1c7f2e6a1b",
	}
}

// pvCase is one value to print and log, with a text its masked form must
// show (so that an empty output cannot pass).
type pvCase struct {
	name  string
	value any
	shows string
}

func pvCases() []pvCase {
	info := pvInfo()
	apiErr := &APIError{Action: "DetectAuth", Code: codes.InvalidParameter,
		Message: "IdCard " + pvIDCard + " 不符，手机 " + pvPhone, RequestID: "r-1"}
	httpErr := &HTTPError{Action: "DetectAuth", StatusCode: 502, ContentType: "text/html",
		Sample: `{"Name":"` + pvName + `","IdCard":"` + pvIDCard + `"}`, RequestID: "r-2 " + pvPhone}
	decErr := &DecodeError{Action: "GetDetectInfoEnhanced", Offset: 10, RequestID: pvIDCard,
		Err: errors.New(`duplicate member "` + pvOcrID + `"`)}
	trErr := &TransportError{Action: "DetectAuth", Err: errors.New("malformed MIME header line: X-Id: " + pvIDCard)}
	retryErr := &RetryError{Action: "DetectAuth", Attempts: 3, Reason: "attempts exhausted", Err: apiErr}
	req := &DetectAuthRequest{RuleID: "1", Name: pvName, IDCard: pvIDCard, Extra: pvExtra, Image: pvMedia,
		IntentionVerifyText: pvSpeech}
	return []pvCase{
		{"DetectAuthRequest", req, "测***"},
		{"GetDetectInfoEnhancedRequest", &GetDetectInfoEnhancedRequest{BizToken: "B-1", RuleID: "1", InfoType: "0"}, "B-1"},
		{"GetDetectInfoRequest", &GetDetectInfoRequest{BizToken: "B-2", RuleID: "1"}, "B-2"},
		{"DetectInfo", info, "4403**********0265"},
		{"DetectText", &info.Text, "4403**********0265"},
		{"DetectDetail", &info.Text.LivenessDetail[0], "测***"},
		{"IDCardData", &info.IDCardData, "bytes"},
		{"BestFrame", &info.BestFrame, "bytes"},
		{"VideoData", &info.VideoData, "bytes"},
		{"VideoDetail", &info.VideoData.LivenessVideos[0], "Video"},
		{"IntentionVerifyData", &info.IntentionVerifyData, "bytes"},
		{"IntentionQuestionResult", &info.IntentionQuestionResult, "bytes"},
		{"IntentionActionResult", &info.IntentionActionResult, "bytes"},
		{"IntentionActionDetail", &info.IntentionActionResult.Details[0], "bytes"},
		{"MediaItem", &MediaItem{MediaRef: MediaRef{Kind: MediaBestFrame, Path: "BestFrame.BestFrame"}, Data: pvMedia}, "BestFrame.BestFrame"},
		{"Archive", &Archive{Dir: "out", Info: info}, "4403**********0265"},
		{"APIError", apiErr, "****************** 不符"},
		{"HTTPError", httpErr, "[redacted]"},
		{"DecodeError", decErr, "duplicate member"},
		{"TransportError", trErr, "malformed MIME header"},
		{"RetryError", retryErr, "attempts exhausted"},
	}
}

// deref returns the value a pointer points to.
func deref(p any) any {
	switch v := p.(type) {
	case *DetectAuthRequest:
		return *v
	case *GetDetectInfoEnhancedRequest:
		return *v
	case *GetDetectInfoRequest:
		return *v
	case *DetectInfo:
		return *v
	case *DetectText:
		return *v
	case *DetectDetail:
		return *v
	case *IDCardData:
		return *v
	case *BestFrame:
		return *v
	case *VideoData:
		return *v
	case *VideoDetail:
		return *v
	case *IntentionVerifyData:
		return *v
	case *IntentionQuestionResult:
		return *v
	case *IntentionActionResult:
		return *v
	case *IntentionActionDetail:
		return *v
	case *MediaItem:
		return *v
	case *Archive:
		return *v
	case *APIError:
		return *v
	case *HTTPError:
		return *v
	case *DecodeError:
		return *v
	case *TransportError:
		return *v
	case *RetryError:
		return *v
	}
	panic(fmt.Sprintf("deref: add %T", p))
}

// printedForms returns every way v is printed or logged: the JSON and text
// handlers of log/slog (top level, in a group, under WithGroup and With)
// and the fmt verbs.
func printedForms(v any) map[string]string {
	forms := map[string]string{}
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	}
	for name, newHandler := range handlers {
		var b bytes.Buffer
		logger := slog.New(newHandler(&b))
		logger.Info("top", "v", v)
		logger.Info("group", slog.Group("g", slog.Any("v", v)))
		logger.WithGroup("call").Info("with group", "v", v)
		logger.With("v", v).Info("with")
		logger.Info("nested", slog.Group("outer", slog.Group("inner", "v", v)))
		forms[name] = b.String()
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		forms[verb] = fmt.Sprintf(verb, v)
		forms["slice "+verb] = fmt.Sprintf(verb, []any{v})
	}
	return forms
}

// assertPrintedMasked checks every printed and logged form of v: none
// shows a forbidden text, and each but fmt's form of a slice (which shows
// a pointer as an address) shows the masked text shows.
func assertPrintedMasked(t *testing.T, v any, forbidden []string, shows string) {
	t.Helper()
	for how, out := range printedForms(v) {
		for _, leak := range forbidden {
			assert.NotContains(t, out, leak, "%s shows it", how)
		}
		if !strings.HasPrefix(how, "slice ") {
			assert.Contains(t, out, shows, "%s", how)
		}
	}
}

// TestPrivacyInEveryOutput logs and prints every request, result and error
// type holding fictional personal data, as a value and as a pointer,
// through both slog handlers and the fmt verbs: names, ID numbers, phone
// numbers and media never appear, and the masked form does.
func TestPrivacyInEveryOutput(t *testing.T) {
	for _, tc := range pvCases() {
		for _, form := range []struct {
			kind  string
			value any
		}{{"pointer", tc.value}, {"value", deref(tc.value)}} {
			t.Run(tc.name+"/"+form.kind, func(t *testing.T) {
				assertPrintedMasked(t, form.value, pvForbidden(), tc.shows)
			})
		}
	}
}

// TestPrivacyLogStructure: the JSON handler writes a result as a structured
// object with masked fields, not as one string or the raw result.
func TestPrivacyLogStructure(t *testing.T) {
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("result", "info", pvInfo())
	var line struct {
		Info struct {
			RequestID string `json:"RequestId"`
			Verdict   string
			Text      struct {
				ErrCode  *int
				Name     string
				IDCard   string `json:"IdCard"`
				Attempts int
			}
			MediaItems int
		} `json:"info"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &line), b.String())
	assert.Equal(t, "7f6c6a4c-2a4b-4b8a-9bb0-0e1c7f2e6a1b", line.Info.RequestID)
	assert.Equal(t, "passed", line.Info.Verdict)
	require.NotNil(t, line.Info.Text.ErrCode)
	assert.Equal(t, 0, *line.Info.Text.ErrCode)
	assert.Equal(t, "测***", line.Info.Text.Name)
	assert.Equal(t, "4403**********0265", line.Info.Text.IDCard)
	assert.Equal(t, 2, line.Info.Text.Attempts)
	assert.Equal(t, len(pvInfo().Media()), line.Info.MediaItems)
}

// TestJSONEncodingStaysUnmasked: encoding/json keeps every field of a
// result, for code that stores results.
func TestJSONEncodingStaysUnmasked(t *testing.T) {
	raw, err := json.Marshal(pvInfo())
	require.NoError(t, err)
	for _, want := range []string{pvName, pvIDCard, pvOcrID, pvPhone, pvAddress, pvSpeech, base64.StdEncoding.EncodeToString(pvMedia)} {
		assert.Contains(t, string(raw), want)
	}
	var back DetectInfo
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, pvName, back.Text.Name)
	assert.Equal(t, pvMedia, back.BestFrame.BestFrame)
}

// TestPrintedServerTextIsBounded: wire values shown in summaries are
// bounded and stripped of terminal escapes, whatever their size.
func TestPrintedServerTextIsBounded(t *testing.T) {
	huge := "\x1b]0;title\x07" + strings.Repeat("9", 1<<20)
	info := &DetectInfo{RequestID: huge, Text: DetectText{Sim: huge, Name: huge, IDCard: huge,
		LivenessDetail: []DetectDetail{{Seq: huge}}}, IntentionQuestionResult: IntentionQuestionResult{
		FinalResultCode: huge, ResultCode: make([]string, 10000)}}
	for how, out := range printedForms(info) {
		assert.Less(t, len(out), 8<<10, how)
		assert.NotContains(t, out, "\x1b", how)
		assert.NotContains(t, out, "title", how)
	}
	for how, out := range printedForms(info.IntentionQuestionResult) {
		assert.Contains(t, out, "…9980 more", how)
	}
}
