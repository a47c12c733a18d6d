package faceidtest_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// faceIDResult pulls GetFaceIdResult by hand (its typed method is not
// there yet) and returns the reply.
func faceIDResult(t *testing.T, s *faceidtest.Server, body string) map[string]any {
	t.Helper()
	rep := rawCall(t, s, "GetFaceIdResult", body, nil)
	require.Empty(t, rep.code(), rep.message())
	return rep.Response
}

func TestAppSDKFlow(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()

	tok, err := c.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{
		CompareLib: "BUSINESS", Name: testName, IDCard: testIDCard, Extra: "order-7"})
	require.NoError(t, err)
	require.NotEmpty(t, tok.FaceIDToken)
	cfg, err := base64.StdEncoding.DecodeString(tok.ClientConfig)
	require.NoError(t, err)
	assert.Contains(t, string(cfg), tok.FaceIDToken)

	info, ok := s.Token(tok.FaceIDToken)
	require.True(t, ok)
	assert.Equal(t, "GetFaceIdToken", info.Action)
	assert.Equal(t, testStart.Add(10*time.Minute), info.VerifyUntil)
	assert.Equal(t, testStart.Add(72*time.Hour), info.ResultsUntil)
	assert.Empty(t, s.Tokens(), "Tokens lists BizTokens only")

	body := `{"FaceIdToken":"` + tok.FaceIDToken + `","IsNeedBestFrame":true,"IsNeedVideo":true}`
	pending := faceIDResult(t, s, body)
	assert.Equal(t, "17", pending["Result"], "flow not completed")
	assert.Nil(t, pending["BestFrameBase64"])

	require.NoError(t, s.Complete(tok.FaceIDToken, faceidtest.Fail(2016)))
	assert.ErrorIs(t, s.Complete(tok.FaceIDToken, faceidtest.Pass()), faceidtest.ErrTokenUsed)
	done := faceIDResult(t, s, body)
	assert.Equal(t, "2016", done["Result"])
	assert.Equal(t, faceid.LookupOutcome(2016).MessageZH, done["Description"])
	assert.InDelta(t, 41.5, done["Similarity"], 0.001)
	assert.Equal(t, testName, done["Name"])
	assert.Equal(t, testIDCard, done["IdCard"])
	assert.Equal(t, "order-7", done["Extra"])
	frame, err := base64.StdEncoding.DecodeString(done["BestFrameBase64"].(string))
	require.NoError(t, err)
	requireJPEG(t, frame)
	video, err := base64.StdEncoding.DecodeString(done["VideoBase64"].(string))
	require.NoError(t, err)
	requireMP4(t, video)
	noMedia := faceIDResult(t, s, `{"FaceIdToken":"`+tok.FaceIDToken+`"}`)
	assert.Nil(t, noMedia["BestFrameBase64"], "media only when asked for")

	// A token nobody used expires after 10 minutes: Result 15.
	idle, err := c.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{CompareLib: "LOCAL", Image: faceidtest.SelectResult.Image(0)})
	require.NoError(t, err)
	s.Clock().Advance(10 * time.Minute)
	assert.ErrorIs(t, s.Complete(idle.FaceIDToken, faceidtest.Pass()), faceidtest.ErrVerificationExpired)
	assert.Equal(t, "15", faceIDResult(t, s, `{"FaceIdToken":"`+idle.FaceIDToken+`"}`)["Result"])

	// Results last 3 days; unknown tokens are illegal.
	s.Clock().Advance(72 * time.Hour)
	rep := rawCall(t, s, "GetFaceIdResult", body, nil)
	assert.Equal(t, codes.BizTokenExpired, rep.code())
	rep = rawCall(t, s, "GetFaceIdResult", `{"FaceIdToken":"00000000-0000-4000-8000-000000000000"}`, nil)
	assert.Equal(t, codes.BizTokenIllegal, rep.code())

	// The compare source decides what the request needs.
	_, err = c.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{CompareLib: "LOCAL"})
	apiErr := requireAPIError(t, err, codes.InvalidParameter)
	assert.Contains(t, apiErr.Message, "ImageBase64")
	_, err = c.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS", Name: testName})
	apiErr = requireAPIError(t, err, codes.InvalidParameter)
	assert.Contains(t, apiErr.Message, "IdCard")
}

func TestAppSDKCompleteAuto(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	tok, err := c.GetFaceIdToken(context.Background(), &faceid.GetFaceIdTokenRequest{
		CompareLib: "BUSINESS", Name: "测试" + faceidtest.MagicMismatch, IDCard: testIDCard})
	require.NoError(t, err)
	o, err := s.CompleteAuto(tok.FaceIDToken)
	require.NoError(t, err)
	assert.Equal(t, faceidtest.Fail(2006), o)
	assert.Equal(t, "2006", faceIDResult(t, s, `{"FaceIdToken":"`+tok.FaceIDToken+`"}`)["Result"])
}

func TestEidFlow(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()

	tok, err := c.GetEidToken(ctx, &faceid.GetEidTokenRequest{
		MerchantID: "M-1", Name: testName, IDCard: testIDCard, Extra: "eid-1",
		RedirectURL: "https://shop.example/eid",
		Config:      &faceid.GetEidTokenConfig{UseIntentionVerify: true, IntentionMode: "1", IntentionVerifyText: "本人同意"},
	})
	require.NoError(t, err)
	assert.Equal(t, s.URL()+"/h5/"+tok.EidToken, tok.URL)
	status := func(token string) string {
		t.Helper()
		resp, err := c.CheckEidTokenStatus(ctx, &faceid.CheckEidTokenStatusRequest{EidToken: token})
		require.NoError(t, err)
		return resp.Status
	}
	assert.Equal(t, "init", status(tok.EidToken))

	// Opening the page starts the flow.
	page := send(t, httpClient(t), mustRequest(t, http.MethodGet, tok.URL))
	assert.Equal(t, http.StatusOK, page.Status)
	assert.Equal(t, "doing", status(tok.EidToken))

	require.NoError(t, s.Complete(tok.EidToken, faceidtest.Pass()))
	assert.Equal(t, "finished", status(tok.EidToken))
	resp, err := c.CheckEidTokenStatus(ctx, &faceid.CheckEidTokenStatusRequest{EidToken: tok.EidToken})
	require.NoError(t, err)
	assert.Equal(t, faceid.ResultFinished, resp.Outcome().Category)

	rep := rawCall(t, s, "GetEidResult", `{"EidToken":"`+tok.EidToken+`","BestFramesCount":5}`, nil)
	require.Empty(t, rep.code(), rep.message())
	text := rep.Response["Text"].(map[string]any)
	assert.EqualValues(t, 0, text["ErrCode"])
	assert.Equal(t, testName, text["Name"])
	assert.Equal(t, "eid-1", text["Extra"])
	frames := rep.Response["BestFrame"].(map[string]any)["BestFrames"].([]any)
	assert.Len(t, frames, 3, "GetEidResult gives at most 3 frames")
	eidInfo := rep.Response["EidInfo"].(map[string]any)
	for _, k := range []string{"EidCode", "EidSign", "DesKey", "UserInfo"} {
		_, err := base64.StdEncoding.DecodeString(eidInfo[k].(string))
		assert.NoError(t, err, k)
	}
	assert.Equal(t, true, rep.Response["IsVerifyIntention"])
	assert.Equal(t, "2", rep.Response["IntentionVerifyType"])
	assert.NotNil(t, rep.Response["IntentionVerifyData"])
	assert.NotContains(t, rep.Response, "VideoData")

	// An unfinished flow times out after 600 s; results last 3 days.
	idle, err := c.GetEidToken(ctx, &faceid.GetEidTokenRequest{MerchantID: "M-1"})
	require.NoError(t, err)
	require.NoError(t, s.Visit(idle.EidToken))
	s.Clock().Advance(600 * time.Second)
	assert.Equal(t, "timeout", status(idle.EidToken))
	assert.ErrorIs(t, s.Visit(idle.EidToken), faceidtest.ErrVerificationExpired)
	pending := rawCall(t, s, "GetEidResult", `{"EidToken":"`+idle.EidToken+`"}`, nil)
	assert.Nil(t, pending.Response["EidInfo"])
	assert.Nil(t, pending.Response["Text"].(map[string]any)["ErrCode"])
	s.Clock().Advance(72 * time.Hour)
	_, err = c.CheckEidTokenStatus(ctx, &faceid.CheckEidTokenStatusRequest{EidToken: tok.EidToken})
	requireAPIError(t, err, codes.BizTokenExpired)
	_, err = c.CheckEidTokenStatus(ctx, &faceid.CheckEidTokenStatusRequest{EidToken: "not-a-token"})
	requireAPIError(t, err, codes.BizTokenIllegal)

	// Back-end identity (InputType 4) needs the name and the ID number.
	_, err = c.GetEidToken(ctx, &faceid.GetEidTokenRequest{MerchantID: "M-1", Config: &faceid.GetEidTokenConfig{InputType: "4"}})
	requireAPIError(t, err, codes.InvalidParameter)
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	return req
}

func TestRiskFlow(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()
	tok, err := c.GetFaceidRiskInfoToken(ctx, &faceid.GetFaceidRiskInfoTokenRequest{Extra: "risk-1"})
	require.NoError(t, err)
	info, err := c.GetFaceIdRiskInfo(ctx, &faceid.GetFaceIdRiskInfoRequest{FaceIDToken: tok.FaceIDToken})
	require.NoError(t, err)
	assert.Equal(t, 1, info.DeviceInfoLevel)
	assert.Equal(t, 1, info.CameraInfoLevel)
	assert.Equal(t, "risk-1", info.Extra)
	assert.Len(t, info.OpenID, 32)
	again, err := c.GetFaceIdRiskInfo(ctx, &faceid.GetFaceIdRiskInfoRequest{FaceIDToken: tok.FaceIDToken})
	require.NoError(t, err)
	assert.Equal(t, info.OpenID, again.OpenID, "one device per token")
	assert.ErrorIs(t, s.Complete(tok.FaceIDToken, faceidtest.Pass()), faceidtest.ErrUnknownBizToken, "a risk session has no verification")

	s.Clock().Advance(10 * time.Minute)
	_, err = c.GetFaceIdRiskInfo(ctx, &faceid.GetFaceIdRiskInfoRequest{FaceIDToken: tok.FaceIDToken})
	requireAPIError(t, err, codes.BizTokenExpired)
}

func TestNFCFlow(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()
	tok, err := c.GetNFCToken(ctx, &faceid.GetNFCTokenRequest{})
	require.NoError(t, err)
	res, err := c.GetWxNFCResult(ctx, &faceid.GetWxNFCResultRequest{NFCToken: tok.Token})
	require.NoError(t, err)
	require.Empty(t, res.Problems)
	assert.True(t, res.Outcome().Passed())
	assert.Equal(t, faceidtest.FictionalName, res.Name)
	assert.Equal(t, faceidtest.FictionalIDCard, res.IDNum)
	assert.Equal(t, "19900307", res.BirthDate)
	requireJPEG(t, res.Picture)
	requireJPEG(t, res.IDCardFrontImg)

	failed, err := c.GetWxNFCResult(ctx, &faceid.GetWxNFCResultRequest{NFCToken: faceidtest.SelectResult.Text("x", 1)})
	require.NoError(t, err)
	assert.Equal(t, "-1", failed.ResultCode)
	assert.Empty(t, failed.Name, "a failed read has no data")

	_, err = c.GetWxNFCResult(ctx, &faceid.GetWxNFCResultRequest{NFCToken: "unknown"})
	requireAPIError(t, err, codes.InvalidTokenParameter)
	s.Clock().Advance(600 * time.Second)
	_, err = c.GetWxNFCResult(ctx, &faceid.GetWxNFCResultRequest{NFCToken: tok.Token})
	requireAPIError(t, err, codes.InvalidTokenParameter)

	parsed, err := c.ParseNfcData(ctx, &faceid.ParseNfcDataRequest{ReqID: "any-req-id"})
	require.NoError(t, err)
	assert.Equal(t, "0", parsed.ResultCode)
	requireJPEG(t, parsed.ImageA)
	assert.NotEmpty(t, parsed.ResultDescription)
}

func TestWeChatBillDetails(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "2"}))
	c := s.Client(noRetry)
	ctx := context.Background()
	require.True(t, faceid.LookupOutcome(0).Billed)
	require.False(t, faceid.LookupOutcome(1001).Billed)

	var billed []string
	for i := range 12 {
		token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1", Name: testName, IDCard: testIDCard})
		require.NoError(t, s.Complete(token, faceidtest.Pass()))
		if i == 0 {
			require.NoError(t, s.Complete(token, faceidtest.Fail(2016))) // billed twice
		}
		billed = append(billed, token)
	}
	free := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(free, faceidtest.Fail(1001)))
	other := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "2"})
	require.NoError(t, s.Complete(other, faceidtest.Pass()))
	startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"}) // never finished

	day := testStart.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	var got []string
	var cursors []int64
	req := &faceid.GetWeChatBillDetailsRequest{Date: day, RuleID: "1"}
	for {
		page, err := c.GetWeChatBillDetails(ctx, req)
		require.NoError(t, err)
		require.Empty(t, page.Problems)
		for _, d := range page.WeChatBillDetails {
			got = append(got, d.BizToken)
			assert.Equal(t, "1", d.RuleID)
			assert.EqualValues(t, len(d.ChargeDetails), d.ChargeCount)
			for _, ch := range d.ChargeDetails {
				assert.True(t, ch.IsNeedCharge)
				assert.NotContains(t, ch.IDCard, testIDCard[6:14], "ID numbers are masked")
				assert.NotEqual(t, testName, ch.Name, "names are masked")
			}
		}
		cursors = append(cursors, req.Cursor)
		if !page.HasNextPage {
			break
		}
		req.Cursor = page.NextCursor
	}
	assert.Equal(t, billed, got, "every billed BizToken of the rule, oldest first")
	assert.Equal(t, []int64{0, 10}, cursors)

	first, err := c.GetWeChatBillDetails(ctx, &faceid.GetWeChatBillDetailsRequest{Date: day})
	require.NoError(t, err)
	assert.EqualValues(t, 2, first.WeChatBillDetails[0].ChargeCount)
	assert.Equal(t, []string{"0", "2016"}, []string{first.WeChatBillDetails[0].ChargeDetails[0].ErrorCode, first.WeChatBillDetails[0].ChargeDetails[1].ErrorCode})
	all := first.WeChatBillDetails
	last, err := c.GetWeChatBillDetails(ctx, &faceid.GetWeChatBillDetailsRequest{Date: day, Cursor: first.NextCursor})
	require.NoError(t, err)
	all = append(all, last.WeChatBillDetails...)
	assert.Len(t, all, 13, "both rules without a RuleId")

	next := testStart.Add(24 * time.Hour).Format("2006-01-02")
	empty, err := c.GetWeChatBillDetails(ctx, &faceid.GetWeChatBillDetailsRequest{Date: next})
	require.NoError(t, err)
	assert.Empty(t, empty.WeChatBillDetails)
	assert.False(t, empty.HasNextPage)
	_, err = c.GetWeChatBillDetails(ctx, &faceid.GetWeChatBillDetailsRequest{Date: day, RuleID: "404"})
	requireAPIError(t, err, codes.RuleIDNotExist)
}

func TestPaaSReplies(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()

	phone, err := c.PhoneVerification(ctx, &faceid.PhoneVerificationRequest{
		IDCard: testIDCard, Name: faceidtest.SelectResult.Text(testName, 1), Phone: "13800138000", VerifyMode: "1"})
	require.NoError(t, err)
	assert.Equal(t, "-4", phone.Result)
	assert.Equal(t, "移动", phone.ISP)
	assert.Equal(t, "PhoneIdCardMismatch", phone.ResultDetail)

	live, err := c.LivenessCompare(ctx, &faceid.LivenessCompareRequest{
		LivenessType: "SILENT", Image: faceidtest.SelectResult.Image(0), Video: faceidtest.SelectResult.Video(0), Optional: `{"BestFrameNum":3}`})
	require.NoError(t, err)
	require.Empty(t, live.Problems)
	assert.Equal(t, "Success", live.Result)
	assert.InDelta(t, 95.27, live.Sim, 0.001)
	requireJPEG(t, live.BestFrame)
	require.Len(t, live.BestFrameList, 3)
	requireJPEG(t, live.BestFrameList[2])

	n, ok := faceidtest.ResultNumber("LivenessCompare", "FailedOperation.SilentDetectFail")
	require.True(t, ok)
	spoof, err := c.LivenessCompare(ctx, &faceid.LivenessCompareRequest{
		LivenessType: "SILENT", Image: faceidtest.SelectResult.Image(n), Video: faceidtest.SelectResult.Video(0)})
	require.NoError(t, err)
	assert.Equal(t, faceid.ResultSpoofSuspected, spoof.Outcome().Category)
	assert.Empty(t, spoof.BestFrame, "no best frame from a spoofed video")

	card, err := c.CheckBankCardInformation(ctx, &faceid.CheckBankCardInformationRequest{BankCard: "6222020000000000"})
	require.NoError(t, err)
	assert.Equal(t, "0", card.Result)
	assert.NotEmpty(t, card.AccountBank)
	assert.Equal(t, 1, card.AccountType)
	n, _ = faceidtest.ResultNumber("CheckBankCardInformation", "-3")
	card, err = c.CheckBankCardInformation(ctx, &faceid.CheckBankCardInformationRequest{BankCard: faceidtest.SelectResult.BankCard(n)})
	require.NoError(t, err)
	assert.Equal(t, "-3", card.Result)
	assert.Empty(t, card.AccountBank)

	ocr, err := c.IdCardOCRVerification(ctx, &faceid.IdCardOCRVerificationRequest{Image: faceidtest.SelectResult.Image(0)})
	require.NoError(t, err)
	assert.Equal(t, faceidtest.FictionalIDCard, ocr.IDCard)
	assert.Equal(t, "男", ocr.Sex)
	requireJPEG(t, ocr.Portrait)
	echo, err := c.IdCardOCRVerification(ctx, &faceid.IdCardOCRVerificationRequest{Name: testName, IDCard: testIDCard})
	require.NoError(t, err)
	assert.Equal(t, testIDCard, echo.IDCard)
	assert.Empty(t, echo.Portrait, "no portrait from text input")

	fake, err := c.DetectAIFakeFaces(ctx, &faceid.DetectAIFakeFacesRequest{FaceInput: faceidtest.SelectResult.Image(2), FaceInputType: 1})
	require.NoError(t, err)
	assert.Equal(t, "High", fake.AttackRiskLevel)
	require.Len(t, fake.AttackRiskDetailList, 1)
	assert.Equal(t, "SuspectedSpoofingAttack", fake.AttackRiskDetailList[0].Type)
	require.Len(t, fake.ExtraInfo.RetrievalLivenessExtraInfo, 1)

	minor, err := c.MinorsVerification(ctx, &faceid.MinorsVerificationRequest{Type: "0", Mobile: faceidtest.SelectResult.Mobile(1)})
	require.NoError(t, err)
	assert.Equal(t, faceid.ResultMinor, minor.Outcome().Category)
	assert.Equal(t, "[16,18)", minor.AgeRange)

	code, err := c.GetLiveCode(ctx, &faceid.GetLiveCodeRequest{})
	require.NoError(t, err)
	assert.Len(t, code.LiveCode, 4)
	seq, err := c.GetActionSequence(ctx, &faceid.GetActionSequenceRequest{})
	require.NoError(t, err)
	assert.Contains(t, []string{"1,2", "2,1"}, seq.ActionSequence)
}

func TestRequestValidation(t *testing.T) {
	s := newServer(t)
	check := func(action, body, code, member string) {
		t.Helper()
		rep := rawCall(t, s, action, body, nil)
		assert.Equal(t, code, rep.code(), "%s %s: %s", action, body, rep.message())
		assert.Contains(t, rep.message(), member)
		assert.NotContains(t, rep.message(), "测试名字", "messages never echo values")
	}
	check("DetectAuth", `{"RuleId":"1","Config":{"Speed":9}}`, codes.InvalidParameterValue, "Config.Speed")
	check("DetectAuth", `{"RuleId":"1","Config":{"Sped":1}}`, codes.UnknownParameter, "Config.Sped")
	check("DetectAuth", `{"RuleId":"1","Config":{"Speed":"1"}}`, codes.InvalidParameter, "Config.Speed")
	check("DetectAuth", `{"RuleId":"1","IntentionQuestions":[{"Question":"q","Answers":["测试名字测试名字测试名字"]}]}`,
		codes.InvalidParameterValue, "IntentionQuestions[0].Answers[0]")
	check("DetectAuth", `{"RuleId":"1","IntentionQuestions":[{"Answers":["是"]}]}`, codes.MissingParameter, "IntentionQuestions[0].Question")
	check("GetEidToken", `{"MerchantId":"M","Config":{"IntentionVerifyText":"`+strings.Repeat("读", 121)+`"}}`,
		codes.InvalidParameterValue, "Config.IntentionVerifyText")
	check("IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试名字","Name":null}`, codes.MissingParameter, "Name")
	check("GetWeChatBillDetails", `{"Date":"2024-06-15","Cursor":-1}`, codes.InvalidParameter, "Cursor")
	check("GetWeChatBillDetails", `{"Date":"2024-06-15","Cursor":1.5}`, codes.InvalidParameter, "Cursor")
	check("LivenessCompare", `{"LivenessType":"SILENT","VideoBase64":"AAAA"}`, codes.MissingParameter, "ImageUrl")
	check("IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试名字","Encryption":{"EncryptList":["Name"],"CiphertextBlob":"a","Iv":"b"}}`,
		codes.FailedDecryptSystemError, "Encryption.CiphertextBlob")
	check("IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试名字","Encryption":{"EncryptList":["Name"],"Iv":"b"}}`,
		codes.MissingParameter, "Encryption.CiphertextBlob")
	check("IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试名字","Encryption":{"EncryptList":["Name"],"CiphertextBlob":"a","Algorithm":"DES"}}`,
		codes.InvalidParameterValue, "Encryption.Algorithm")
	check("IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试名字","Encryption":{"EncryptList":"Name","CiphertextBlob":"a"}}`,
		codes.InvalidParameter, "Encryption.EncryptList")
	check("IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试名字","Encryption":{"Key":"k","CiphertextBlob":"a"}}`,
		codes.UnknownParameter, "Encryption.Key")
	check("GetDetectInfo", `{"BizToken":"b","RuleId":"1","Encryption":{"EncryptList":["Name"],"CiphertextBlob":"a"}}`,
		codes.UnknownParameter, "Encryption")
	check("IdCardVerification", `[]`, codes.InvalidParameter, "JSON")
	check("IdCardVerification", `{"IdCard":"x"}{}`, codes.InvalidParameter, "JSON")

	// A magic number beyond the list says so.
	rep := rawCall(t, s, "IdCardVerification", `{"IdCard":"`+testIDCard+`","Name":"测试结果99"}`, func(r *http.Request) {
		r.Header.Set("X-TC-Language", "en-US")
	})
	assert.Equal(t, codes.InvalidParameterValue, rep.code())
	assert.Equal(t, "Invalid parameter value: the sandbox magic input 结果99 is out of range: the action has 8 results (0 to 7).", rep.message())
}

func TestDocumentedErrors(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()
	errs := faceidtest.DocumentedErrors("IdCardVerification")
	require.NotEmpty(t, errs)
	n, ok := faceidtest.ErrorNumber("IdCardVerification", "UnauthorizedOperation.Arrears")
	require.True(t, ok)
	_, err := c.IdCardVerification(ctx, &faceid.IdCardVerificationRequest{Name: faceidtest.SelectError.Text(testName, n), IDCard: testIDCard})
	apiErr := requireAPIError(t, err, "UnauthorizedOperation.Arrears")
	assert.Contains(t, apiErr.Message, "错误")
	assert.True(t, errors.Is(err, faceid.ErrAccount))

	n, _ = faceidtest.ErrorNumber("MobileStatus", "FailedOperation.UnKnown")
	_, err = c.MobileStatus(ctx, &faceid.MobileStatusRequest{Mobile: faceidtest.SelectError.Mobile(n)})
	requireAPIError(t, err, "FailedOperation.UnKnown")

	s.InjectFault(faceidtest.Fault{Action: "GetNFCToken", Kind: faceidtest.FaultAPIError, Code: "UnauthorizedOperation"})
	_, err = c.GetNFCToken(ctx, &faceid.GetNFCTokenRequest{})
	requireAPIError(t, err, "UnauthorizedOperation")
	assert.Equal(t, "api-error", faceidtest.FaultAPIError.String())
	assert.Panics(t, func() { s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultAPIError}) })

	_, ok = faceidtest.ErrorNumber("IdCardVerification", "NoSuchCode")
	assert.False(t, ok)
	assert.Nil(t, faceidtest.DocumentedErrors("NoSuchAction"))
}
