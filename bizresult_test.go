package faceid

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enhanced replays a GetDetectInfoEnhanced fixture and checks what was sent.
func enhanced(t *testing.T, name string) (*DetectInfo, error) {
	t.Helper()
	fx := loadFixture(t, "GetDetectInfoEnhanced/"+name+".json")
	var req GetDetectInfoEnhancedRequest
	require.NoError(t, json.Unmarshal(fx.Request.Body, &req))
	c, rec := fixtureClient(t, fx)
	info, err := c.GetDetectInfoEnhanced(context.Background(), &req)
	s := rec.last(t)
	assertSignedRequest(t, s, "GetDetectInfoEnhanced")
	assert.JSONEq(t, string(fx.Request.Body), string(s.Body))
	return info, err
}

func TestEnhancedPassedWithMedia(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	c, rec := fixtureClient(t, fx)
	info, err := c.GetDetectInfoEnhanced(context.Background(), &GetDetectInfoEnhancedRequest{
		BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", InfoType: "0",
		BestFramesCount: 2, IsCutIDCardImage: true, IsNeedIDCardAvatar: true,
	})
	require.NoError(t, err)
	assert.JSONEq(t, string(fx.Request.Body), string(rec.last(t).Body))
	assert.Empty(t, info.Problems)

	assert.Equal(t, "4226f900-0061-4939-ae27-6488783d491c", info.RequestID)
	txt := info.Text
	require.NotNil(t, txt.ErrCode)
	assert.Equal(t, 0, *txt.ErrCode)
	assert.Equal(t, "成功", txt.ErrMsg)
	assert.Equal(t, "110101199003071233", txt.IDCard)
	assert.Equal(t, "测试一", txt.Name)
	assert.Equal(t, "1990/3/7", txt.OcrBirth)
	assert.Equal(t, "2015.03.07-2035.03.07", txt.OcrValidDate)
	assert.Equal(t, "OCR", txt.IDInfoFrom)
	assert.Equal(t, 0, *txt.LiveStatus)
	assert.Equal(t, 0, *txt.CompareStatus)
	sim, ok := txt.Similarity()
	assert.True(t, ok)
	assert.InDelta(t, 95.27, sim, 1e-9)
	assert.Equal(t, "order-10086", txt.Extra)
	assert.Equal(t, "权威库", txt.CompareLibType)
	assert.Equal(t, 3, txt.LivenessMode)
	assert.Empty(t, txt.Location)

	require.Len(t, txt.LivenessDetail, 2)
	first, second := txt.LivenessDetail[0], txt.LivenessDetail[1]
	assert.Equal(t, 1002, *first.ErrCode)
	assert.Equal(t, 1002, *first.LiveStatus)
	assert.Nil(t, first.CompareStatus, "null stays unset")
	assert.False(t, first.IsNeedCharge)
	assert.Equal(t, 0, *second.ErrCode)
	assert.True(t, second.IsNeedCharge)
	assert.Equal(t, "110101199003071233", second.IDCard)
	assert.Equal(t, "1718416895000", second.ReqTime)

	img := info.IDCardData
	assert.Equal(t, readMedia(t, "idcard-front.jpg"), img.OcrFront)
	assert.Equal(t, readMedia(t, "idcard-back.jpg"), img.OcrBack)
	assert.Equal(t, readMedia(t, "processed-front.jpg"), img.ProcessedFrontImage)
	assert.Equal(t, readMedia(t, "processed-back.jpg"), img.ProcessedBackImage)
	assert.Equal(t, readMedia(t, "avatar.jpg"), img.Avatar)
	assert.Nil(t, img.WarnInfos)
	assert.Equal(t, readMedia(t, "frame.jpg"), info.BestFrame.BestFrame)
	assert.Equal(t, [][]byte{readMedia(t, "frame-1.jpg"), readMedia(t, "frame-2.jpg")}, info.BestFrame.BestFrames)
	assert.Equal(t, readMedia(t, "liveness.mp4"), info.VideoData.LivenessVideo)
	assert.True(t, info.Encryption.IsZero(), "Tencent's all-empty Encryption")
	assert.Nil(t, info.EncryptedBody)

	v := info.Verdict()
	assert.True(t, v.Passed)
	assert.False(t, v.Pending)
	assert.Equal(t, StageLiveness, v.Stage)
	assert.Equal(t, "passed", v.String())
}

func TestEnhancedVerdicts(t *testing.T) {
	cases := []struct {
		fixture  string
		passed   bool
		pending  bool
		stage    Stage
		code     int
		category Category
	}{
		{"passed-with-media", true, false, StageLiveness, 0, CategoryPassed},
		{"failed-liveness", false, false, StageLiveness, 1002, CategorySpoofSuspected},
		{"failed-compare", false, false, StageLiveness, 2016, CategoryIdentityMismatch},
		{"intention-question-passed", true, false, StageIntention, 0, CategoryPassed},
		{"intention-question-failed", false, false, StageIntention, -301, CategoryIdentityMismatch},
		{"intention-read-aloud-passed", true, false, StageIntention, 0, CategoryPassed},
		{"intention-action-failed", false, false, StageIntention, -202, CategoryIdentityMismatch},
		{"flow-not-finished", false, true, StageLiveness, 17, CategoryFlowNotFinished},
		{"encrypted-fields", true, false, StageLiveness, 0, CategoryPassed},
		// The whole result is in EncryptedBody: no verdict until decrypted.
		{"encrypted-body", false, false, "", -1, CategoryInvocationError},
		{"odd-fields", true, false, StageLiveness, 0, CategoryPassed},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			info, err := enhanced(t, tc.fixture)
			require.NoError(t, err)
			v := info.Verdict()
			assert.Equal(t, tc.passed, v.Passed, v.String())
			assert.Equal(t, tc.pending, v.Pending)
			assert.Equal(t, tc.stage, v.Stage)
			assert.Equal(t, tc.code, v.Outcome.Code)
			assert.Equal(t, tc.category, v.Outcome.Category)
		})
	}
}

// A result pulled without its text part has no ErrCode. Its verdict must say
// so, not "pending", which would have the merchant poll for ever.
func TestVerdictWithoutTextPart(t *testing.T) {
	for _, tc := range []struct {
		fixture, infoType string
		want              string
	}{
		{"passed-with-media", "", "passed"},
		{"passed-with-media", "0", "passed"},
		{"passed-with-media", "13", "passed"},
		{"flow-not-finished", "1", "pending at liveness-compare: 17 flow-not-finished"},
		{"flow-not-finished", "", "pending"},
		// The replayed reply has a text part, but the request did not ask
		// for one; only the request tells the two cases apart.
		{"flow-not-finished", "3", "failed: -1 invocation-error: the result has no text part"},
		{"flow-not-finished", "234", "failed: -1 invocation-error: the result has no text part"},
	} {
		fx := loadFixture(t, "GetDetectInfoEnhanced/"+tc.fixture+".json")
		c, _ := fixtureClient(t, fx)
		req := &GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", InfoType: tc.infoType}
		info, err := c.GetDetectInfoEnhanced(context.Background(), req)
		require.NoError(t, err)
		v := info.Verdict()
		assert.True(t, strings.HasPrefix(v.String(), tc.want), "%s with InfoType %q: %s", tc.fixture, tc.infoType, v)

		streamed, err := c.GetDetectInfoEnhancedStream(context.Background(), req, func(MediaRef) (io.Writer, error) { return io.Discard, nil })
		require.NoError(t, err)
		assert.Equal(t, v, streamed.Verdict(), "the streamed result judges alike")
		assert.Equal(t, v, info.Masked().Verdict(), "a masked copy judges alike")
	}

	// Legacy GetDetectInfo: the ID images only.
	c, _ := mockClient(t, 200, jsonHeader, []byte(`{"Response":{"DetectInfo":"{\"IdCardData\":{\"OcrFront\":\"QUJD\"}}","RequestId":"r-1"}}`))
	info, err := c.GetDetectInfo(context.Background(), &GetDetectInfoRequest{BizToken: "T", RuleID: "1", InfoType: "2"})
	require.NoError(t, err)
	require.Equal(t, []byte("ABC"), info.IDCardData.OcrFront)
	assert.Equal(t, CategoryInvocationError, info.Verdict().Outcome.Category, "legacy GetDetectInfo too")
	info, err = c.GetDetectInfo(context.Background(), &GetDetectInfoRequest{BizToken: "T", RuleID: "1"})
	require.NoError(t, err)
	assert.True(t, info.Verdict().Pending, "the same reply to a request for everything: not finished")
}

func TestEnhancedTypeDrift(t *testing.T) {
	info, err := enhanced(t, "failed-compare")
	require.NoError(t, err)
	assert.Empty(t, info.Problems, "string integers and numeric Sim are not problems")
	assert.Equal(t, 2016, *info.Text.ErrCode, `ErrCode "2016" sent as a string`)
	assert.Equal(t, "41.5", info.Text.Sim, "Sim sent as a number")
	sim, ok := info.Text.Similarity()
	assert.True(t, ok)
	assert.InDelta(t, 41.5, sim, 1e-9)
	assert.Contains(t, info.Verdict().String(), "failed at liveness-compare: 2016")
}

func TestEnhancedIntentionQuestionFailedDespiteErrCodeZero(t *testing.T) {
	info, err := enhanced(t, "intention-question-failed")
	require.NoError(t, err)
	assert.Equal(t, 0, *info.Text.ErrCode)
	q := info.IntentionQuestionResult
	require.NotNil(t, q.FinalResultDetailCode)
	assert.Equal(t, -301, *q.FinalResultDetailCode)
	assert.Equal(t, "-1", q.FinalResultCode)
	assert.Equal(t, []string{"0", "-1"}, q.ResultCode)
	assert.Len(t, q.Audios, 2)
	assert.Equal(t, readMedia(t, "intention.m4a"), q.Audios[0])
	v := info.Verdict()
	assert.False(t, v.Passed)
	assert.Equal(t, IntentionModeQuestion, v.IntentionMode)
}

func TestEnhancedIntentionMedia(t *testing.T) {
	info, err := enhanced(t, "intention-question-passed")
	require.NoError(t, err)
	q := info.IntentionQuestionResult
	assert.Equal(t, readMedia(t, "intention.mp4"), q.Video)
	assert.Equal(t, [][]byte{readMedia(t, "screenshot.jpg")}, q.ScreenShot)
	assert.Equal(t, []string{"是的", "是"}, q.AsrResult)

	info, err = enhanced(t, "intention-read-aloud-passed")
	require.NoError(t, err)
	ra := info.IntentionVerifyData
	assert.Equal(t, readMedia(t, "intention.mp4"), ra.IntentionVerifyVideo)
	assert.Equal(t, readMedia(t, "intention.m4a"), ra.IntentionVerifyAudio)
	assert.NotEmpty(t, ra.IntentionVerifyBestFrame)
	assert.Equal(t, 0, *ra.ErrorCode)

	info, err = enhanced(t, "intention-action-failed")
	require.NoError(t, err)
	require.Len(t, info.IntentionActionResult.Details, 1)
	assert.Equal(t, readMedia(t, "intention.mp4"), info.IntentionActionResult.Details[0].Video)
	assert.Len(t, info.IntentionActionResult.Details[0].ScreenShot, 1)
}

func TestEnhancedFlowNotFinished(t *testing.T) {
	info, err := enhanced(t, "flow-not-finished")
	require.NoError(t, err)
	assert.Nil(t, info.Text.ErrCode)
	assert.Nil(t, info.Text.LiveStatus)
	assert.Empty(t, info.Text.IDCard)
	assert.Nil(t, info.BestFrame.BestFrame)
	v := info.Verdict()
	assert.True(t, v.Pending)
	assert.False(t, v.Passed)
	assert.Equal(t, CategoryFlowNotFinished, v.Outcome.Category)
}

func TestEnhancedBizTokenExpired(t *testing.T) {
	info, err := enhanced(t, "biz-token-expired")
	assert.Nil(t, info)
	assert.ErrorIs(t, err, ErrBizTokenExpired)
	assert.ErrorIs(t, err, ErrInvalidParameter)
	assert.NotErrorIs(t, err, ErrAuthFailure)
	assert.False(t, IsRetryable(err))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "GetDetectInfoEnhanced", apiErr.Action)
	assert.NotEmpty(t, apiErr.RequestID)
}

func TestEnhancedEncryptedFields(t *testing.T) {
	info, err := enhanced(t, "encrypted-fields")
	require.NoError(t, err)
	assert.Equal(t, []string{"IdCard", "Name", "OcrIdCard", "OcrName"}, info.Encryption.EncryptList)
	assert.Equal(t, "AES-256-CBC", info.Encryption.Algorithm)
	assert.Equal(t, "DhSpwUinPBtXwkUsYThdUA==", info.Encryption.IV)
	assert.Equal(t, "9QMuTS4bsMEQ0MOjG4CRR/uDVr2SuMdhV3TAo6AuWPQ=", info.Text.IDCard, "ciphertext is kept as sent")
	assert.False(t, info.Encryption.IsZero())
}

func TestEnhancedEncryptedBody(t *testing.T) {
	info, err := enhanced(t, "encrypted-body")
	require.NoError(t, err)
	assert.NotEmpty(t, info.EncryptedBody)
	assert.Equal(t, []string{"EncryptionBody"}, info.Encryption.EncryptList)
	v := info.Verdict()
	assert.False(t, v.Pending, "not pending: asking again gives the same encrypted body")
	assert.False(t, v.Passed)
	assert.Equal(t, CategoryInvocationError, v.Outcome.Category)
	assert.Contains(t, v.Outcome.Meaning, "decrypt", "no text until the body is decrypted")
}

func TestEnhancedOddFields(t *testing.T) {
	info, err := enhanced(t, "odd-fields")
	require.NoError(t, err)
	assert.Equal(t, 0, *info.Text.ErrCode)
	assert.Equal(t, 0, info.Text.UseIDType)
	assert.Equal(t, []int{-9100}, info.IDCardData.WarnInfos, "warnings sent as strings")
	require.Len(t, info.Text.LivenessDetail, 1)
	assert.Equal(t, 0, *info.Text.LivenessDetail[0].ErrCode, `Errcode "0"`)
	require.Len(t, info.BestFrame.BestFrames, 2, "the bad frame keeps its index")
	var bad []string
	for _, p := range info.Problems {
		bad = append(bad, p.Field)
	}
	assert.Contains(t, bad, "BestFrame.BestFrames[1]")
	assert.Nil(t, info.BestFrame.BestFrames[1])
	assert.NotNil(t, info.BestFrame.BestFrames[0])
	assert.NotNil(t, info.BestFrame.BestFrame, "the rest still decodes")
	assert.True(t, info.Verdict().Passed)
}

func TestGetDetectInfoLegacy(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfo/legacy.json")
	var req GetDetectInfoRequest
	require.NoError(t, json.Unmarshal(fx.Request.Body, &req))
	c, rec := fixtureClient(t, fx)
	info, err := c.GetDetectInfo(context.Background(), &req)
	require.NoError(t, err)
	s := rec.last(t)
	assertSignedRequest(t, s, "GetDetectInfo")
	assert.JSONEq(t, string(fx.Request.Body), string(s.Body))

	assert.Empty(t, info.Problems)
	require.NotNil(t, info.Text.ErrCode)
	assert.Equal(t, 0, *info.Text.ErrCode)
	assert.NotEmpty(t, info.Text.IDCard)
	require.NotEmpty(t, info.Text.LivenessDetail, "Detail.LivenessData lands in LivenessDetail")
	assert.NotNil(t, info.Text.LivenessDetail[0].ErrCode)
	assert.NotEmpty(t, info.Text.LivenessDetail[0].IDCard)
	assert.Equal(t, readMedia(t, "idcard-front.jpg"), info.IDCardData.OcrFront)
	assert.NotEmpty(t, info.BestFrame.BestFrame)
	assert.Equal(t, readMedia(t, "liveness.mp4"), info.VideoData.LivenessVideo)
	assert.NotEmpty(t, info.RequestID)
	assert.True(t, info.Verdict().Passed)
}

func TestGetDetectInfoLegacyNotFinished(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfo/legacy-not-finished.json")
	c, _ := fixtureClient(t, fx)
	info, err := c.GetDetectInfo(context.Background(), &GetDetectInfoRequest{BizToken: "8BBDC0B4-50E8-4809-8C08-87C96DCDC6B1", RuleID: "1", InfoType: "0"})
	require.NoError(t, err)
	assert.True(t, info.Verdict().Pending)
}

func TestResultRequestValidation(t *testing.T) {
	cases := []struct {
		name  string
		req   GetDetectInfoEnhancedRequest
		field string
	}{
		{"no token", GetDetectInfoEnhancedRequest{RuleID: "1"}, "BizToken"},
		{"no rule", GetDetectInfoEnhancedRequest{BizToken: "T"}, "RuleId"},
		{"info type", GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", InfoType: "18"}, "InfoType"},
		{"frames", GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", BestFramesCount: 11}, "BestFramesCount"},
		{"negative frames", GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", BestFramesCount: -1}, "BestFramesCount"},
		{"encryption", GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", Encryption: &Encryption{EncryptList: []string{"IdCard"}}}, "Encryption.CiphertextBlob"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := mockClient(t, 200, nil, nil)
			_, err := c.GetDetectInfoEnhanced(context.Background(), &tc.req)
			var vErr *ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, tc.field, vErr.Field)
			assert.Zero(t, rec.count())
		})
	}
	c, rec := mockClient(t, 200, nil, nil)
	_, err := c.GetDetectInfo(context.Background(), &GetDetectInfoRequest{BizToken: "T", RuleID: "1", InfoType: "5"})
	assert.ErrorIs(t, err, ErrInvalidInput, "legacy InfoType has no 5")
	_, err = c.GetDetectInfo(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.GetDetectInfoEnhanced(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Zero(t, rec.count())
}

// TestLegacyDetailHook checks the decoder of the legacy Detail object: its
// LivenessData items land in LivenessDetail in their legacy spellings,
// other members are skipped, an empty Detail is harmless and a second
// Detail holding attempts is refused.
func TestLegacyDetailHook(t *testing.T) {
	rt := &bodyTransport{}
	c := transportClient(t, rt)
	call := func(text string) (*DetectInfo, error) {
		rt.body = []byte(`{"Response":{"Text":{"ErrCode":0,` + text + `},"RequestId":"r"}}`)
		rt.length = int64(len(rt.body))
		return c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
	}

	info, err := call(`"Detail":{"Other":[1],"LivenessData":[{"ErrCode":1001,"ErrMsg":"m","IdCard":"11010119900307123X","ReqTime":"1"}]},"Detail":{}`)
	require.NoError(t, err)
	require.Len(t, info.Text.LivenessDetail, 1)
	d := info.Text.LivenessDetail[0]
	require.NotNil(t, d.ErrCode)
	assert.Equal(t, 1001, *d.ErrCode)
	assert.Equal(t, "m", d.ErrMsg)
	assert.Equal(t, "11010119900307123X", d.IDCard)

	info, err = call(`"Detail":{"LivenessData":[{"ErrCode":1}]},"Detail":{"LivenessData":[{"ErrCode":2}]}`)
	require.Error(t, err)
	assert.Nil(t, info)
	assert.Contains(t, err.Error(), "LivenessData")
}
