package faceidtest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"testing"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

var bizTokenPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

func TestFlowPassedWithMedia(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "7", RequireName: true, RequireIDCard: true}))
	c := s.Client(noRetry)
	ctx := context.Background()

	auth, err := c.DetectAuth(ctx, &faceid.DetectAuthRequest{
		RuleID: "7", Name: testName, IDCard: testIDCard,
		RedirectURL: "https://shop.example/return", Extra: "order-10086",
	})
	require.NoError(t, err)
	assert.Regexp(t, bizTokenPattern, auth.BizToken)
	assert.Equal(t, s.URL()+"/h5/"+auth.BizToken, auth.URL)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, auth.RequestID)

	// Before the person finishes: the not-finished shape.
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "7", BestFramesCount: 3}
	pending := result(t, c, req)
	assert.Nil(t, pending.Text.ErrCode)
	assert.Equal(t, "order-10086", pending.Text.Extra)
	assert.Empty(t, pending.Text.Name)
	assert.Nil(t, pending.BestFrame.BestFrame)
	assert.Nil(t, pending.VideoData.LivenessVideo)
	assert.True(t, pending.Verdict().Pending)

	require.NoError(t, s.Complete(auth.BizToken, faceidtest.Pass()))
	info := result(t, c, req)
	v := info.Verdict()
	assert.True(t, v.Passed, v.String())
	require.NotNil(t, info.Text.ErrCode)
	assert.Equal(t, 0, *info.Text.ErrCode)
	assert.Equal(t, "成功", info.Text.ErrMsg)
	assert.Equal(t, testName, info.Text.Name)
	assert.Equal(t, testIDCard, info.Text.IDCard)
	assert.Equal(t, testIDCard, info.Text.OcrIDCard)
	assert.Equal(t, "1990/3/7", info.Text.OcrBirth)
	assert.Equal(t, "男", info.Text.OcrGender)
	assert.Equal(t, "order-10086", info.Text.Extra)
	assert.Equal(t, "95.27", info.Text.Sim)
	assert.Equal(t, "权威库", info.Text.CompareLibType)
	assert.Equal(t, 3, info.Text.LivenessMode)
	require.NotNil(t, info.Text.LiveStatus)
	require.NotNil(t, info.Text.CompareStatus)
	assert.Equal(t, 0, *info.Text.LiveStatus)
	assert.Equal(t, 0, *info.Text.CompareStatus)
	require.Len(t, info.Text.LivenessDetail, 1)
	d := info.Text.LivenessDetail[0]
	assert.Equal(t, 0, *d.ErrCode)
	assert.True(t, d.IsNeedCharge)
	assert.Equal(t, fmt.Sprint(testStart.UnixMilli()), d.ReqTime)
	assert.False(t, info.IsVerifyIntention)

	// Real media: JPEGs that decode, distinct frames, an MP4 with ftyp.
	requireJPEG(t, info.BestFrame.BestFrame)
	require.Len(t, info.BestFrame.BestFrames, 3)
	seen := map[string]bool{string(info.BestFrame.BestFrame): true}
	for _, f := range info.BestFrame.BestFrames {
		requireJPEG(t, f)
		assert.False(t, seen[string(f)], "frames must differ")
		seen[string(f)] = true
	}
	requireJPEG(t, info.IDCardData.OcrFront)
	requireJPEG(t, info.IDCardData.OcrBack)
	assert.NotEqual(t, info.IDCardData.OcrFront, info.IDCardData.OcrBack)
	assert.Nil(t, info.IDCardData.ProcessedFrontImage, "not asked for")
	assert.Nil(t, info.IDCardData.Avatar, "not asked for")
	requireMP4(t, info.VideoData.LivenessVideo)
	assert.True(t, info.Encryption.IsZero())
}

func TestInfoTypeSelectsParts(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))

	for _, tc := range []struct {
		infoType                 string
		text, ids, frames, video bool
	}{
		{"", true, true, true, true},
		{"0", true, true, true, true},
		{"1", true, false, false, false},
		{"2", false, true, false, false},
		{"3", false, false, true, false},
		{"4", false, false, false, true},
		{"13", true, false, true, false},
		{"24", false, true, false, true},
		{"10", true, true, true, true},
	} {
		t.Run("InfoType="+tc.infoType, func(t *testing.T) {
			info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: tc.infoType})
			assert.Equal(t, tc.text, info.Text.ErrCode != nil, "Text")
			assert.Equal(t, tc.ids, info.IDCardData.OcrFront != nil, "IdCardData")
			assert.Equal(t, tc.frames, info.BestFrame.BestFrame != nil, "BestFrame")
			assert.Equal(t, tc.video, info.VideoData.LivenessVideo != nil, "VideoData")
		})
	}
}

func TestBestFramesCountAndIDImageFlags(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))

	for _, n := range []int{0, 1, 10} {
		info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: "3", BestFramesCount: n})
		assert.Len(t, info.BestFrame.BestFrames, n)
	}
	// The SDK refuses more than 10; the server clamps like Tencent does.
	rep := rawCall(t, s, "GetDetectInfoEnhanced", `{"BizToken":"`+token+`","RuleId":"1","InfoType":"3","BestFramesCount":15}`, nil)
	require.Equal(t, 200, rep.Status)
	frames := rep.Response["BestFrame"].(map[string]any)["BestFrames"].([]any)
	assert.Len(t, frames, 10)
	for _, f := range frames {
		raw, err := base64.StdEncoding.DecodeString(f.(string))
		require.NoError(t, err)
		requireJPEG(t, raw)
	}

	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: "2",
		IsCutIDCardImage: true, IsNeedIDCardAvatar: true})
	requireJPEG(t, info.IDCardData.ProcessedFrontImage)
	requireJPEG(t, info.IDCardData.ProcessedBackImage)
	avatar := requireJPEG(t, info.IDCardData.Avatar)
	assert.Less(t, avatar.Width, requireJPEG(t, info.IDCardData.OcrFront).Width)

	rep = rawCall(t, s, "GetDetectInfoEnhanced", `{"BizToken":"`+token+`","RuleId":"1","InfoType":"7"}`, nil)
	assert.Equal(t, codes.InvalidParameterValue, rep.code())
}

func TestRetriesAddAttempts(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Fail(1002)))
	s.Clock().Advance(90e9)
	require.NoError(t, s.Complete(token, faceidtest.Pass()))

	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
	assert.True(t, info.Verdict().Passed)
	require.Len(t, info.Text.LivenessDetail, 2)
	first, second := info.Text.LivenessDetail[0], info.Text.LivenessDetail[1]
	assert.Equal(t, 1002, *first.ErrCode)
	assert.Equal(t, 1002, *first.LiveStatus)
	assert.Nil(t, first.CompareStatus)
	assert.Equal(t, 0, *second.ErrCode)
	assert.NotEqual(t, first.Seq, second.Seq)
	assert.Equal(t, fmt.Sprint(testStart.UnixMilli()+90000), second.ReqTime)

	ti, ok := s.Token(token)
	require.True(t, ok)
	assert.Equal(t, []faceidtest.Outcome{faceidtest.Fail(1002), faceidtest.Pass()}, ti.Attempts)
	assert.True(t, ti.Finished())
}

func TestReferencePhoto(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "9", RequireImage: true}))
	c := s.Client(noRetry)
	_, err := c.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "9"})
	apiErr := requireAPIError(t, err, codes.InvalidParameter)
	assert.Contains(t, apiErr.Message, "ImageBase64")

	// Any served JPEG is a valid reference photo.
	other := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(other, faceidtest.Pass()))
	photo := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: other, RuleID: "1", InfoType: "3"}).BestFrame.BestFrame

	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "9", Image: photo})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "9", InfoType: "1"})
	assert.Equal(t, "业务方自有库", info.Text.CompareLibType)
	ti, _ := s.Token(token)
	assert.True(t, ti.HasImage)

	for _, bad := range []string{"not*base64!", "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(photo),
		base64.StdEncoding.EncodeToString([]byte("GIF89a not a jpeg"))} {
		rep := rawCall(t, s, "DetectAuth", `{"RuleId":"9","ImageBase64":"`+bad+`"}`, nil)
		assert.Equal(t, codes.InvalidParameter, rep.code())
		assert.Contains(t, rep.message(), "ImageBase64")
	}
}

func TestDetectAuthRuleChecks(t *testing.T) {
	s := newServer(t,
		faceidtest.WithRule(faceidtest.Rule{ID: "2", Disabled: true}),
		faceidtest.WithRule(faceidtest.Rule{ID: "3", RequireName: true, RequireIDCard: true}))
	c := s.Client(noRetry)
	ctx := context.Background()

	_, err := c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "999"})
	apiErr := requireAPIError(t, err, codes.RuleIDNotExist)
	assert.ErrorIs(t, err, faceid.ErrRuleIDNotFound)
	assert.Equal(t, "RuleId不存在，请到人脸核身控制台申请。", apiErr.Message)

	_, err = c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "2"})
	requireAPIError(t, err, codes.RuleIDDisabled)

	_, err = c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "3", IDCard: testIDCard})
	apiErr = requireAPIError(t, err, codes.InvalidParameter)
	assert.Contains(t, apiErr.Message, "Name")
	_, err = c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "3", Name: testName})
	apiErr = requireAPIError(t, err, codes.InvalidParameter)
	assert.Contains(t, apiErr.Message, "IdCard")

	en := s.Client(noRetry, faceid.WithLanguage("en-US"))
	_, err = en.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "3", IDCard: testIDCard})
	apiErr = requireAPIError(t, err, codes.InvalidParameter)
	assert.Equal(t, "Invalid parameter: Name is required by RuleId 3.", apiErr.Message)

	// The default rule stays registered beside the others.
	startFlow(t, c, &faceid.DetectAuthRequest{RuleID: faceidtest.DefaultRuleID})

	for _, body := range []string{
		`{"RuleId":"1","Name":"` + string(bytes.Repeat([]byte("名"), 33)) + `"}`,
		`{"RuleId":"1","RedirectUrl":"ftp://shop.example/"}`,
		`{"RuleId":"1","RuleId":5}`,
		`[1,2]`,
		`{"RuleId":"1",`,
		`{"RuleId":"1","Encryption":{"EncryptList":["Name"],"CiphertextBlob":"x","Iv":"y"}}`,
	} {
		rep := rawCall(t, s, "DetectAuth", body, nil)
		assert.Contains(t, []string{codes.InvalidParameter, codes.InvalidParameterValue, codes.FailedDecryptSystemError}, rep.code(), body)
	}
	rep := rawCall(t, s, "DetectAuth", `{}`, nil)
	assert.Equal(t, codes.MissingParameter, rep.code())
	assert.Len(t, s.Tokens(), 1)
}

func TestGetDetectInfoErrors(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "5"}))
	c := s.Client(noRetry)
	ctx := context.Background()
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})

	_, err := c.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: "00000000-0000-4000-8000-000000000000", RuleID: "1"})
	apiErr := requireAPIError(t, err, codes.InvalidParameter)
	assert.Equal(t, "非法BizToken。", apiErr.Message)

	_, err = c.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "5"})
	requireAPIError(t, err, codes.RuleIDNotExist)
	_, err = c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: token, RuleID: "42"})
	requireAPIError(t, err, codes.RuleIDNotExist)

	rep := rawCall(t, s, "GetDetectInfoEnhanced", `{"BizToken":"`+token+`","RuleId":"1","IsEncryptResponse":true}`, nil)
	assert.Equal(t, codes.InvalidParameter, rep.code())
	assert.Contains(t, rep.message(), "CiphertextBlob", "IsEncryptResponse without the wrapped key says what is missing")
	rep = rawCall(t, s, "GetDetectInfoEnhanced", `{"RuleId":"1"}`, nil)
	assert.Equal(t, codes.MissingParameter, rep.code())
}

func TestLegacyGetDetectInfo(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1", Name: testName, IDCard: testIDCard, Extra: "legacy-1"})

	pending, err := c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: token, RuleID: "1"})
	require.NoError(t, err)
	assert.True(t, pending.Verdict().Pending)
	assert.Nil(t, pending.BestFrame.BestFrame)

	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	info, err := c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: token, RuleID: "1"})
	require.NoError(t, err)
	require.Empty(t, info.Problems)
	assert.True(t, info.Verdict().Passed)
	assert.Equal(t, testName, info.Text.Name)
	assert.Equal(t, "legacy-1", info.Text.Extra)
	assert.Equal(t, "95.27", info.Text.Sim)
	require.Len(t, info.Text.LivenessDetail, 1)
	assert.Equal(t, testIDCard, info.Text.LivenessDetail[0].IDCard)
	requireJPEG(t, info.IDCardData.OcrFront)
	requireJPEG(t, info.BestFrame.BestFrame)
	requireMP4(t, info.VideoData.LivenessVideo)

	textOnly, err := c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: token, RuleID: "1", InfoType: "1"})
	require.NoError(t, err)
	assert.NotNil(t, textOnly.Text.ErrCode)
	assert.Nil(t, textOnly.IDCardData.OcrFront)
	assert.Nil(t, textOnly.VideoData.LivenessVideo)

	// The DetectInfo string omits the blocks not asked for.
	rep := rawCall(t, s, "GetDetectInfo", `{"BizToken":"`+token+`","RuleId":"1","InfoType":"1"}`, nil)
	doc := rep.Response["DetectInfo"].(string)
	assert.Contains(t, doc, `"Text":{"ErrCode":0`)
	assert.NotContains(t, doc, "IdCardData")
	assert.NotContains(t, doc, "VideoData")
	rep = rawCall(t, s, "GetDetectInfo", `{"BizToken":"`+token+`","RuleId":"1","InfoType":"6"}`, nil)
	assert.Equal(t, codes.InvalidParameterValue, rep.code())
}
