package faceid

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMediaItems(t *testing.T) {
	info, err := enhanced(t, "passed-with-media")
	require.NoError(t, err)
	var names, paths []string
	for _, m := range info.Media() {
		names = append(names, m.FileName())
		paths = append(paths, m.Path)
		assert.NotEmpty(t, m.Data)
	}
	assert.Equal(t, []string{
		"idcard-front.jpg", "idcard-back.jpg", "idcard-front-processed.jpg", "idcard-back-processed.jpg",
		"idcard-avatar.jpg", "best-frame.jpg", "best-frame-1.jpg", "best-frame-2.jpg", "liveness-video.mp4",
	}, names)
	assert.Equal(t, "BestFrame.BestFrames[1]", paths[7])

	info, err = enhanced(t, "intention-action-failed")
	require.NoError(t, err)
	var action []string
	for _, m := range info.Media() {
		if m.Kind == MediaActionVideo || m.Kind == MediaActionScreenShot {
			action = append(action, m.FileName()+"="+m.Path)
		}
	}
	assert.Equal(t, []string{
		"intention-nod-video-1.mp4=IntentionActionResult.Details[0].Video",
		"intention-nod-screenshot-1-1.jpg=IntentionActionResult.Details[0].ScreenShot[0]",
	}, action)
}

func TestMediaKindNames(t *testing.T) {
	seen := map[string]bool{}
	for k := MediaIDCardFront; k <= MediaActionScreenShot; k++ {
		name := k.String()
		assert.NotEqual(t, "media", name, "kind %d has no name", k)
		assert.False(t, seen[name], "duplicate name %s", name)
		seen[name] = true
	}
	assert.Equal(t, "media", MediaKind(0).String())
}

func TestPrintingMasksPersonalData(t *testing.T) {
	info, err := enhanced(t, "passed-with-media")
	require.NoError(t, err)
	req := DetectAuthRequest{RuleID: "1", Name: "测试一", IDCard: "110101199003071233", Image: readMedia(t, "frame.jpg")}
	outputs := []string{
		fmt.Sprint(info), fmt.Sprintf("%v", *info), fmt.Sprintf("%+v", *info), fmt.Sprintf("%#v", *info),
		fmt.Sprintf("%+v", info.Text), fmt.Sprintf("%+v", info.Text.LivenessDetail),
		fmt.Sprintf("%+v", req), fmt.Sprintf("%#v", req), fmt.Sprint(&req),
	}
	for _, out := range outputs {
		assert.NotContains(t, out, "110101199003071233")
		assert.NotContains(t, out, "测试一")
		assert.NotContains(t, out, "/9j/")
	}
	assert.Contains(t, fmt.Sprint(info), "1101**********1233")
	assert.Contains(t, fmt.Sprint(info), "测**")
	assert.Contains(t, fmt.Sprint(info), "Verdict: passed")
	assert.Contains(t, fmt.Sprint(info), "Media: 9 items")

	m := info.Masked()
	assert.Equal(t, "测**", m.Text.Name)
	assert.Equal(t, "1101**********1233", m.Text.LivenessDetail[0].IDCard)
	assert.Equal(t, "110101199003071233", info.Text.LivenessDetail[0].IDCard, "Masked must not change the original")
	assert.Equal(t, "北京市********", m.Text.OcrAddress)
	assert.Equal(t, "****/*/*", m.Text.OcrBirth, "the birth date the masked ID number hides")
	assert.Equal(t, "1990/3/7", info.Text.OcrBirth)
	located := DetectInfo{Text: DetectText{Location: "113.9405,22.5431"}}
	assert.Equal(t, "***.****,**.****", located.Masked().Text.Location)
}

func TestVerdictEdgeCases(t *testing.T) {
	zero, bad := 0, 1234567
	cases := []struct {
		name string
		info DetectInfo
		want string
	}{
		{"unknown code fails", DetectInfo{Text: DetectText{ErrCode: &bad}}, "failed at liveness-compare: 1234567 unknown"},
		{"intention type unknown", DetectInfo{Text: DetectText{ErrCode: &zero, Sim: "95.00"}, IsVerifyIntention: true, IntentionVerifyType: "9"}, "failed at intention"},
		{"intention missing", DetectInfo{Text: DetectText{ErrCode: &zero, Sim: "95.00"}, IsVerifyIntention: true, IntentionVerifyType: "2"}, "failed at intention (read-aloud): 17 flow-not-finished"},
		{"summary code only", DetectInfo{Text: DetectText{ErrCode: &zero, Sim: "95.00"}, IsVerifyIntention: true, IntentionVerifyType: "0",
			IntentionQuestionResult: IntentionQuestionResult{FinalResultCode: "0"}}, "passed"},
		{"summary code fail", DetectInfo{Text: DetectText{ErrCode: &zero, Sim: "95.00"}, IsVerifyIntention: true, IntentionVerifyType: "0",
			IntentionQuestionResult: IntentionQuestionResult{FinalResultCode: "-2"}}, "failed at intention (question): -800"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.info.Verdict()
			assert.False(t, tc.want != "passed" && v.Passed)
			assert.Contains(t, v.String(), tc.want)
		})
	}
}

func TestGetDetectInfoEnhancedDoesNotMutateRequest(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/encrypted-fields.json")
	c, _ := fixtureClient(t, fx)
	enc := &Encryption{Algorithm: "AES-256-CBC", CiphertextBlob: "d3JhcA==", IV: "aXY=", EncryptList: []string{"IdCard"}}
	req := &GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", Encryption: enc}
	before := *enc
	_, err := c.GetDetectInfoEnhanced(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, before, *enc)
}

func TestPrintingMediaShowsSizesOnly(t *testing.T) {
	for _, name := range []string{"passed-with-media", "intention-question-passed", "intention-read-aloud-passed", "intention-action-failed"} {
		info, err := enhanced(t, name)
		require.NoError(t, err)
		outputs := []string{
			fmt.Sprintf("%v", info.IDCardData), fmt.Sprintf("%+v", info.BestFrame), fmt.Sprintf("%#v", info.VideoData),
			fmt.Sprintf("%+v", info.IntentionVerifyData), fmt.Sprintf("%+v", info.IntentionQuestionResult),
			fmt.Sprintf("%#v", info.IntentionActionResult), fmt.Sprintf("%v", info.Media()),
		}
		for _, out := range outputs {
			assert.NotContains(t, out, "[255 216", "no raw JPEG bytes")
			assert.NotContains(t, out, "/9j/")
			assert.NotContains(t, out, "是的", "no recognised speech")
		}
	}
	info, err := enhanced(t, "passed-with-media")
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(info.BestFrame), "BestFrames: [")
	assert.Contains(t, fmt.Sprint(info.VideoData), "bytes")
}
