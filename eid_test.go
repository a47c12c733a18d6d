package faceid

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fictional eID identity data: key material and ciphertext that must never
// be printed or logged.
const (
	eidCode     = "EIDCODE-FICTIONAL-7c1d"
	eidSign     = "EIDSIGN-FICTIONAL-55aa"
	eidDesKey   = "DESKEY-FICTIONAL-QUJDREVGRw=="
	eidUserInfo = "USERINFO-FICTIONAL-SGVsbG8="
	eidToken    = "E7A1C2D3-0000-4000-8000-FICTIONAL01"
)

// eidInfoMember is the EidInfo member of a finished eID reply.
const eidInfoMember = `"EidInfo":{"EidCode":"` + eidCode + `","EidSign":"` + eidSign + `","DesKey":"` + eidDesKey +
	`","UserInfo":"` + eidUserInfo + `"}`

func TestGetEidResultRequestValidation(t *testing.T) {
	cases := []struct {
		name  string
		req   *GetEidResultRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no token", &GetEidResultRequest{}, "EidToken"},
		{"blank token", &GetEidResultRequest{EidToken: " \t"}, "EidToken"},
		{"InfoType 4 is not an eID part", &GetEidResultRequest{EidToken: eidToken, InfoType: "14"}, "InfoType"},
		{"InfoType letter", &GetEidResultRequest{EidToken: eidToken, InfoType: "1a"}, "InfoType"},
		{"frames above 3", &GetEidResultRequest{EidToken: eidToken, InfoType: "3", BestFramesCount: 4}, "BestFramesCount"},
		{"negative frames", &GetEidResultRequest{EidToken: eidToken, BestFramesCount: -1}, "BestFramesCount"},
	}
	srv := newHostileServer(t)
	srv.serve(reply(`"Text":{` + passingText + `}`))
	c := srv.client(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.GetEidResult(context.Background(), tc.req)
			var vErr *ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, "GetEidResult", vErr.Action)
			assert.Equal(t, tc.field, vErr.Field)
			assert.Nil(t, res)
		})
	}
	assert.Zero(t, srv.requests.Load(), "a refused request is never sent")

	// Every documented digit and the frame bounds pass.
	for _, req := range []*GetEidResultRequest{
		{EidToken: eidToken, InfoType: "012356"},
		{EidToken: eidToken, InfoType: "3", BestFramesCount: 3},
		{EidToken: eidToken},
	} {
		_, err := c.GetEidResult(context.Background(), req)
		require.NoError(t, err, "%v", req)
	}
}

func TestGetEidResultSendsWireMembers(t *testing.T) {
	c, rec := mockClient(t, 200, nil, []byte(reply(`"Text":{`+passingText+`}`)))
	_, err := c.GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken, InfoType: "123",
		BestFramesCount: 2, IsCutIDCardImage: true, IsNeedIDCardAvatar: true})
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.last(t).Body, &body))
	assert.Equal(t, map[string]any{"EidToken": eidToken, "InfoType": "123", "BestFramesCount": 2.0,
		"IsCutIdCardImage": true, "IsNeedIdCardAvatar": true}, body)
	assert.Equal(t, "GetEidResult", rec.last(t).Header.Get("X-TC-Action"))

	// Optional members at their zero value are left out.
	_, err = c.GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken})
	require.NoError(t, err)
	assert.JSONEq(t, `{"EidToken":"`+eidToken+`"}`, string(rec.last(t).Body))
}

func TestGetEidResultPassedWithIntention(t *testing.T) {
	srv := newHostileServer(t)
	srv.serve(reply(`"Text":{` + passingText + `},"IdCardData":{"OcrFront":"/9j/2wBD","OcrBack":null,"WarnInfos":[-9101]},` +
		`"BestFrame":{"BestFrame":"/9j/4AAQ","BestFrames":["/9j/"]},` + eidInfoMember + `,` + passingReadAloud +
		`,"IntentionQuestionResult":null,"IntentionActionResult":{"FinalResultDetailCode":null,"Details":[]}`))
	res, err := srv.client(t).GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken})
	require.NoError(t, err)
	assert.Empty(t, res.Problems)
	assert.Equal(t, "4f6c1b2a-0000-4000-8000-hostile", res.RequestID)
	assert.Equal(t, EidInfo{EidCode: eidCode, EidSign: eidSign, DesKey: eidDesKey, UserInfo: eidUserInfo}, res.EidInfo)
	assert.Equal(t, unbase64(t, "/9j/2wBD"), res.IDCardData.OcrFront)
	assert.Equal(t, []int{-9101}, res.IDCardData.WarnInfos)
	assert.Equal(t, unbase64(t, "/9j/4AAQ"), res.BestFrame.BestFrame)
	assert.Len(t, res.BestFrame.BestFrames, 1)
	assert.Equal(t, "本人同意", res.IntentionVerifyData.AsrResult)
	assert.Equal(t, "95.27", res.Text.Sim)
	assert.Equal(t, "测试", res.Text.Name)

	v := res.Verdict()
	require.True(t, v.Passed, "%v", v)
	assert.Equal(t, StageIntention, v.Stage)
	assert.Equal(t, IntentionModeReadAloud, v.IntentionMode)

	paths := make([]string, 0, 6)
	for _, m := range res.Media() {
		paths = append(paths, m.Path)
	}
	assert.Equal(t, []string{"IdCardData.OcrFront", "BestFrame.BestFrame", "BestFrame.BestFrames[0]",
		"IntentionVerifyData.IntentionVerifyVideo", "IntentionVerifyData.IntentionVerifyBestFrame"}, paths)
}

// TestEidVerdictIsDetectInfoVerdict serves each reply to GetDetectInfoEnhanced
// and to GetEidResult: the two results are judged by one rule, so their
// verdicts are equal, and only the control rows pass.
func TestEidVerdictIsDetectInfoVerdict(t *testing.T) {
	text := `"Text":{` + passingText + `}`
	base := `"ErrMsg":"成功","LiveStatus":0,"Comparestatus":0`
	withText := func(members string) string { return reply(`"Text":{` + members + `}`) }
	q := func(members string) string {
		return reply(text + `,"IntentionQuestionResult":{` + members + `},"IsVerifyIntention":true,"IntentionVerifyType":"0"`)
	}
	rows := []struct {
		name   string
		body   string
		passed bool
		check  string // text the verdict must contain
	}{
		{name: "passed", body: reply(text), passed: true},
		{name: "passed read-aloud", body: reply(text + `,` + passingReadAloud), passed: true},
		{name: "passed nod", body: reply(text + `,"IntentionActionResult":{"FinalResultDetailCode":0},"IsVerifyIntention":true,"IntentionVerifyType":"1"`), passed: true},
		{name: "pending", body: reply(`"Text":{"ErrCode":null}`), check: "pending"},
		{name: "no Text", body: reply(`"IdCardData":null`), check: "pending"},
		{name: "mismatch", body: withText(`"ErrCode":2006,"Sim":"12.00"`), check: "2006 identity-mismatch"},
		{name: "Sim below 70", body: withText(base + `,"ErrCode":0,"Sim":"69.99"`), check: "Text.Sim below 70"},
		{name: "Sim NaN", body: withText(base + `,"ErrCode":0,"Sim":"NaN"`), check: "Text.Sim"},
		{name: "Sim missing", body: withText(base + `,"ErrCode":0`), check: "Text.Sim is missing"},
		{name: "LiveStatus failed", body: withText(`"ErrCode":0,"Sim":"95.00","Comparestatus":0,"LiveStatus":1`), check: "Text.LiveStatus"},
		{name: "ErrCode not a number", body: withText(base + `,"Sim":"95.00","ErrCode":"zero"`), check: "Text.ErrCode could not be decoded"},
		{name: "Text not an object", body: reply(`"Text":"passed"`), check: "field Text could not be decoded"},
		{name: "read-aloud failed", body: reply(text + `,"IntentionVerifyData":{"ErrorCode":-10},"IsVerifyIntention":true,"IntentionVerifyType":"2"`),
			check: "failed at intention (read-aloud)"},
		{name: "read-aloud failed, flag false", body: reply(text + `,"IntentionVerifyData":{"ErrorCode":-10},"IsVerifyIntention":false,"IntentionVerifyType":"2"`),
			check: "intention"},
		{name: "intention on, no result", body: reply(text + `,"IsVerifyIntention":true,"IntentionVerifyType":"2"`), check: "has no result"},
		{name: "intention on, mode unknown", body: reply(text + `,"IsVerifyIntention":true,"IntentionVerifyType":"7"`), check: "not 0, 1 or 2"},
		{name: "IsVerifyIntention unreadable", body: reply(text + `,"IsVerifyIntention":"yes"`), check: "IsVerifyIntention could not be decoded"},
		{name: "Q&A codes contradict", body: q(`"FinalResultDetailCode":0,"FinalResultCode":"-1"`), check: "contradicts"},
		{name: "Q&A one answer failed", body: q(`"FinalResultDetailCode":0,"ResultCode":["0","-1"]`), check: "ResultCode[1]"},
		{name: "nod passes, read-aloud failed", body: reply(text + `,"IntentionActionResult":{"FinalResultDetailCode":0},` +
			`"IntentionVerifyData":{"ErrorCode":-10},"IsVerifyIntention":true,"IntentionVerifyType":"1"`), check: "in a action flow"},
		{name: "intention code beyond 32 bits", body: reply(text + `,"IntentionVerifyData":{"ErrorCode":4294967296},"IsVerifyIntention":true,"IntentionVerifyType":"2"`),
			check: "IntentionVerifyData.ErrorCode could not be decoded"},
	}
	srv := newHostileServer(t)
	c := srv.client(t)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			srv.serve(row.body)
			info, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
			require.NoError(t, err)
			res, err := c.GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken})
			require.NoError(t, err)
			v := res.Verdict()
			assert.Equal(t, info.Verdict(), v, "one rule for both results")
			assert.Equal(t, row.passed, v.Passed, "%v", v)
			if row.check != "" {
				assert.Contains(t, v.String(), row.check)
			}
		})
	}
}

func TestGetEidResultTextNotRequested(t *testing.T) {
	srv := newHostileServer(t)
	srv.serve(reply(`"BestFrame":{"BestFrame":"/9j/4AAQ"},` + eidInfoMember))
	res, err := srv.client(t).GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken, InfoType: "3"})
	require.NoError(t, err)
	v := res.Verdict()
	assert.False(t, v.Passed)
	assert.False(t, v.Pending, "without the text part the flow cannot be called pending")
	assert.Equal(t, CategoryInvocationError, v.Outcome.Category)
	assert.Contains(t, v.Outcome.Meaning, "InfoType")

	// With the text part asked for, the same reply is pending.
	res, err = srv.client(t).GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken, InfoType: "13"})
	require.NoError(t, err)
	assert.True(t, res.Verdict().Pending)
}

func TestGetEidResultRefusesAmbiguousReplies(t *testing.T) {
	text := `"Text":{` + passingText + `}`
	bodies := map[string]string{
		"second EidInfo":       reply(text + `,` + eidInfoMember + `,` + eidInfoMember),
		"DesKey twice":         reply(text + `,"EidInfo":{"DesKey":"a","DesKey":"b"}`),
		"ErrCode twice":        reply(`"Text":{"ErrCode":2006,` + passingText + `}`),
		"second Text":          reply(`"Text":{"ErrCode":2006},` + text),
		"IsVerifyIntention x2": reply(text + `,"IsVerifyIntention":true,"IntentionVerifyData":{"ErrorCode":-10},"IsVerifyIntention":false`),
		"frames beyond limit":  reply(text + `,"BestFrame":{"BestFrames":[` + strings.TrimSuffix(strings.Repeat(`"/9j/",`, maxBestFrames+1), ",") + `]}`),
		"cut off":              reply(text)[:len(reply(text))-3],
		"API error":            `{"Response":{"Error":{"Code":"InvalidParameterValue.BizTokenExpired","Message":"expired"},"RequestId":"r"}}`,
	}
	srv := newHostileServer(t)
	c := srv.client(t)
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv.serve(body)
			res, err := c.GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken})
			require.Error(t, err)
			assert.Nil(t, res, "an error never comes with a result")
		})
	}
}

func TestEidOddFieldsAreProblems(t *testing.T) {
	srv := newHostileServer(t)
	srv.serve(reply(`"Text":{` + passingText + `},"EidInfo":{"EidCode":{},"DesKey":"k"},"IdCardData":{"OcrFront":"!!"}`))
	res, err := srv.client(t).GetEidResult(context.Background(), &GetEidResultRequest{EidToken: eidToken})
	require.NoError(t, err)
	var fields []string
	for _, p := range res.Problems {
		fields = append(fields, p.Field)
	}
	assert.ElementsMatch(t, []string{"EidInfo.EidCode", "IdCardData.OcrFront"}, fields)
	assert.Equal(t, "k", res.EidInfo.DesKey)
	// Neither field is one the verdict reads.
	assert.True(t, res.Verdict().Passed)
}

// unbase64 decodes standard base64 written in a test.
func unbase64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func pvEidResult() *EidResult {
	info := pvInfo()
	return &EidResult{Text: info.Text, IDCardData: info.IDCardData, BestFrame: info.BestFrame,
		EidInfo:             EidInfo{EidCode: eidCode, EidSign: eidSign, DesKey: eidDesKey, UserInfo: eidUserInfo},
		IntentionVerifyData: info.IntentionVerifyData, IsVerifyIntention: true, IntentionVerifyType: "2",
		RequestID: "7f6c6a4c-2a4b-4b8a-9bb0-0e1c7f2e6a1b"}
}

func TestEidResultMasked(t *testing.T) {
	res := pvEidResult()
	forbidden := append(pvForbidden(), eidCode, eidSign, eidDesKey, eidUserInfo)
	for name, tc := range map[string]struct {
		value, pointer any
		shows          string
	}{
		"EidResult":           {*res, res, "4403**********0265"},
		"EidInfo":             {res.EidInfo, &res.EidInfo, "29 chars"},
		"GetEidResultRequest": {GetEidResultRequest{EidToken: eidToken}, &GetEidResultRequest{EidToken: eidToken}, "FICTIONAL01"},
	} {
		for kind, v := range map[string]any{"value": tc.value, "pointer": tc.pointer} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				assertPrintedMasked(t, v, forbidden, tc.shows)
			})
		}
	}

	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("result", "res", res)
	var line struct {
		Res struct {
			Verdict string
			Text    struct{ Name, IdCard string }
			EidInfo struct{ EidCode, DesKey, UserInfo string }
		} `json:"res"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &line), b.String())
	assert.Equal(t, "passed", line.Res.Verdict)
	assert.Equal(t, "测***", line.Res.Text.Name)
	assert.Equal(t, "4403**********0265", line.Res.Text.IdCard)
	assert.Equal(t, "29 chars", line.Res.EidInfo.DesKey)
	assert.Equal(t, "27 chars", line.Res.EidInfo.UserInfo)

	// encoding/json keeps the data, for code that stores results.
	raw, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(raw), eidDesKey)
}
