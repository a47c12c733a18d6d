package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const faceIDToken = "0C9D6E57-0000-4000-8000-FICTIONAL02"

// passingFaceID is a passed App SDK result without braces: the fictional
// identity 测试 / 11010119900307123X, a similarity of 95.5, no risk.
const passingFaceID = `"IdCard":"11010119900307123X","Name":"测试","Result":"0","Description":"成功","Similarity":95.5,` +
	`"VideoBase64":null,"BestFrameBase64":null,"Extra":"order-1","DeviceInfoTag":null,"RiskInfoTag":null,` +
	`"LivenessInfoTag":null,"DeviceInfoLevel":null,"Encryption":{"EncryptList":[],"CiphertextBlob":"","Iv":"","Algorithm":"","TagList":[]}`

// faceIDReply replaces or adds members of the passing result: each member
// of members wins over the passing one of the same name, and a member
// set to "DROP" is left out.
func faceIDReply(t *testing.T, members string) string {
	t.Helper()
	var base, over map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte("{"+passingFaceID+"}"), &base))
	if members != "" {
		require.NoError(t, json.Unmarshal([]byte("{"+members+"}"), &over))
	}
	for k, v := range over {
		base[k] = v
	}
	var b strings.Builder
	for k, v := range base {
		if string(v) == `"DROP"` {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + k + `":` + string(v))
	}
	return reply(b.String())
}

func TestGetFaceIdResultRequestValidation(t *testing.T) {
	cases := []struct {
		name  string
		req   *GetFaceIdResultRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no token", &GetFaceIdResultRequest{IsNeedVideo: true}, "FaceIdToken"},
		{"blank token", &GetFaceIdResultRequest{FaceIDToken: "  "}, "FaceIdToken"},
		{"cipher", &GetFaceIdResultRequest{FaceIDToken: faceIDToken, Encryption: &Encryption{Algorithm: "DES"}}, "Encryption.Algorithm"},
		{"key missing", &GetFaceIdResultRequest{FaceIDToken: faceIDToken, Encryption: &Encryption{EncryptList: []string{"IdCard"}}},
			"Encryption.CiphertextBlob"},
	}
	srv := newHostileServer(t)
	srv.serve(faceIDReply(t, ""))
	c := srv.client(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.GetFaceIdResult(context.Background(), tc.req)
			var vErr *ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, "GetFaceIdResult", vErr.Action)
			assert.Equal(t, tc.field, vErr.Field)
			assert.Nil(t, res)
		})
	}
	assert.Zero(t, srv.requests.Load(), "a refused request is never sent")
}

func TestGetFaceIdResultSendsWireMembers(t *testing.T) {
	c, rec := mockClient(t, 200, nil, []byte(faceIDReply(t, "")))
	_, err := c.GetFaceIdResult(context.Background(), &GetFaceIdResultRequest{FaceIDToken: faceIDToken, IsNeedVideo: true,
		IsNeedBestFrame: true, Encryption: &Encryption{Algorithm: "SM4-GCM"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"FaceIdToken":"`+faceIDToken+`","IsNeedVideo":true,"IsNeedBestFrame":true,"Encryption":{"Algorithm":"SM4-GCM"}}`,
		string(rec.last(t).Body))
	assert.Equal(t, "GetFaceIdResult", rec.last(t).Header.Get("X-TC-Action"))
}

func TestGetFaceIdResultDecodes(t *testing.T) {
	srv := newHostileServer(t)
	srv.serve(faceIDReply(t, `"VideoBase64":"AAAAGGZ0eXBtcDQy","BestFrameBase64":"/9j/4AAQ","IdCardFrontBase64":"/9j/2wBD",`+
		`"DeviceInfoTag":"03","DeviceInfoLevel":"3","Similarity":"88.10"`))
	res, err := srv.client(t).GetFaceIdResult(context.Background(), &GetFaceIdResultRequest{FaceIDToken: faceIDToken})
	require.NoError(t, err)
	assert.Empty(t, res.Problems)
	assert.Equal(t, "测试", res.Name)
	assert.Equal(t, "11010119900307123X", res.IDCard)
	assert.Equal(t, "0", res.Result)
	assert.Equal(t, "成功", res.Description)
	require.NotNil(t, res.Similarity)
	assert.InDelta(t, 88.1, *res.Similarity, 1e-9, "a similarity sent as a string is read")
	assert.Equal(t, unbase64(t, "AAAAGGZ0eXBtcDQy"), res.Video)
	assert.Equal(t, unbase64(t, "/9j/4AAQ"), res.BestFrame)
	assert.Equal(t, unbase64(t, "/9j/2wBD"), res.IDCardFront)
	assert.Equal(t, "order-1", res.Extra)
	assert.True(t, res.Encryption.IsZero())
	assert.Equal(t, "4f6c1b2a-0000-4000-8000-hostile", res.RequestID)

	// Device risk is exposed, and left to the merchant's policy.
	assert.Equal(t, []DeviceRisk{DeviceEmulator}, res.DeviceRisks())
	level, ok := res.DeviceLevel()
	require.True(t, ok)
	assert.Equal(t, DeviceRiskMedium, level)
	v := res.Verdict()
	assert.True(t, v.Passed, "%v", v)
	assert.Equal(t, StageLiveness, v.Stage)
	assert.True(t, v.Outcome.Billed)
}

func TestFaceIDResultVerdict(t *testing.T) {
	rows := []struct {
		name     string
		members  string
		passed   bool
		pending  bool
		code     int      // the outcome code, when not a check
		category Category // the outcome category
		check    string   // the verdict's Check, when a check failed
	}{
		{name: "passed", passed: true, category: CategoryPassed},
		{name: "similarity exactly 70", members: `"Similarity":70`, passed: true, category: CategoryPassed},
		{name: "Result sent as a number", members: `"Result":0`, passed: true, category: CategoryPassed},
		{name: "similarity as a string", members: `"Similarity":"99.9"`, passed: true, category: CategoryPassed},
		{name: "device risk tagged", members: `"DeviceInfoTag":"06","DeviceInfoLevel":"4"`, passed: true, category: CategoryPassed},

		{name: "Result missing", members: `"Result":"DROP"`, pending: true, code: 17, category: CategoryFlowNotFinished},
		{name: "Result null", members: `"Result":null`, pending: true, code: 17, category: CategoryFlowNotFinished},
		{name: "Result empty", members: `"Result":""`, pending: true, code: 17, category: CategoryFlowNotFinished},
		{name: "encrypted whole", members: `"Result":"DROP","EncryptedBody":"c2VjcmV0"`, code: -1, category: CategoryInvocationError},

		{name: "Result 1004", members: `"Result":"1004","Similarity":30`, code: 1004, category: CategoryUserCanRetry},
		{name: "Result 2006", members: `"Result":"2006"`, code: 2006, category: CategoryIdentityMismatch},
		{name: "Result 1007 with attack risk", members: `"Result":"1007","RiskInfoTag":"02"`, code: 1007, category: CategorySpoofSuspected},
		{name: "Result unknown", members: `"Result":"4242"`, code: 4242, category: CategoryUnknown},
		{name: "Result negative", members: `"Result":"-1"`, code: -1, category: CategoryUnknown},

		{name: "Result 00", members: `"Result":"00"`, check: "Result is not a plain integer code"},
		{name: "Result +0", members: `"Result":"+0"`, check: "Result is not a plain integer code"},
		{name: "Result -0", members: `"Result":"-0"`, check: "Result is not a plain integer code"},
		{name: "Result space", members: `"Result":" 0"`, check: "Result is not a plain integer code"},
		{name: "Result 0.0", members: `"Result":0.0`, check: "Result is not a plain integer code"},
		{name: "Result word", members: `"Result":"passed"`, check: "Result is not a plain integer code"},
		{name: "Result beyond 32 bits", members: `"Result":"4294967296"`, check: "Result is not a plain integer code"},
		{name: "Result object", members: `"Result":{}`, check: "field Result could not be decoded"},
		{name: "Result true", members: `"Result":true`, check: "Result is not a plain integer code"},

		{name: "similarity missing", members: `"Similarity":"DROP"`, check: "Similarity is missing while Result is 0"},
		{name: "similarity null", members: `"Similarity":null`, check: "Similarity is missing while Result is 0"},
		{name: "similarity empty", members: `"Similarity":""`, check: "Similarity is missing while Result is 0"},
		{name: "similarity NaN", members: `"Similarity":"NaN"`, check: "field Similarity could not be decoded"},
		{name: "similarity Inf", members: `"Similarity":"Inf"`, check: "field Similarity could not be decoded"},
		{name: "similarity hex", members: `"Similarity":"0x1p7"`, check: "field Similarity could not be decoded"},
		{name: "similarity huge", members: `"Similarity":1e400`, check: "field Similarity could not be decoded"},
		{name: "similarity object", members: `"Similarity":{}`, check: "field Similarity could not be decoded"},
		{name: "similarity below 70", members: `"Similarity":69.99`, check: "Similarity below 70 while Result is 0"},
		{name: "similarity zero", members: `"Similarity":0`, check: "Similarity below 70 while Result is 0"},
		{name: "similarity negative", members: `"Similarity":-95`, check: "Similarity is not a number between 0 and 100"},
		{name: "similarity above 100", members: `"Similarity":100.5`, check: "Similarity is not a number between 0 and 100"},

		{name: "attack risk with 0", members: `"RiskInfoTag":"02"`, check: "RiskInfoTag is set while Result is 0"},
		{name: "liveness rejected with 0", members: `"LivenessInfoTag":"03"`, check: "LivenessInfoTag lists a liveness rejection while Result is 0"},
		{name: "RiskInfoTag unreadable", members: `"RiskInfoTag":[]`, check: "field RiskInfoTag could not be decoded"},
		{name: "LivenessInfoTag unreadable", members: `"LivenessInfoTag":{}`, check: "field LivenessInfoTag could not be decoded"},
		{name: "EncryptedBody unreadable", members: `"Result":"DROP","EncryptedBody":"!!"`, check: "field EncryptedBody could not be decoded"},
	}
	srv := newHostileServer(t)
	c := srv.client(t)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			srv.serve(faceIDReply(t, row.members))
			res, err := c.GetFaceIdResult(context.Background(), &GetFaceIdResultRequest{FaceIDToken: faceIDToken})
			require.NoError(t, err)
			v := res.Verdict()
			assert.Equal(t, row.passed, v.Passed, "%v", v)
			assert.Equal(t, row.pending, v.Pending, "%v", v)
			if row.check != "" {
				assert.Equal(t, row.check, strings.SplitN(v.Check, " (", 2)[0], "%v", v)
				assert.Equal(t, CategoryInconsistentReply, v.Outcome.Category)
				return
			}
			assert.Empty(t, v.Check)
			assert.Equal(t, row.code, v.Outcome.Code, "%v", v)
			assert.Equal(t, row.category, v.Outcome.Category, "%v", v)
		})
	}
}

// TestFaceIDResultVerdictOnBuiltValues: a result built in code, not
// decoded, is judged as strictly.
func TestFaceIDResultVerdictOnBuiltValues(t *testing.T) {
	sim := func(f float64) *float64 { return &f }
	for name, s := range map[string]*float64{"NaN": sim(math.NaN()), "+Inf": sim(math.Inf(1)), "-Inf": sim(math.Inf(-1)), "nil": nil} {
		res := &FaceIDResult{Result: "0", Similarity: s}
		v := res.Verdict()
		assert.False(t, v.Passed, "%s: %v", name, v)
		assert.Equal(t, CategoryInconsistentReply, v.Outcome.Category, name)
	}
	res := &FaceIDResult{Result: "0", Similarity: sim(70)}
	assert.True(t, res.Verdict().Passed)
	res.Problems = []FieldProblem{{Field: "Similarity", Problem: "expected a number"}}
	assert.False(t, res.Verdict().Passed, "a decoding problem in a verdict field fails")
	res.Problems = []FieldProblem{{Field: "VideoBase64", Problem: "not valid base64"}}
	assert.True(t, res.Verdict().Passed, "a broken video is not a verdict field")
}

func TestGetFaceIdResultRefusesAmbiguousReplies(t *testing.T) {
	bodies := map[string]string{
		"Result twice":      reply(passingFaceID + `,"Result":"2006"`),
		"Similarity twice":  reply(`"Similarity":10,` + passingFaceID),
		"RiskInfoTag twice": reply(passingFaceID + `,"RiskInfoTag":"02"`),
		"Iv twice":          reply(`"Result":"0","Similarity":90,"Encryption":{"Iv":"a","Iv":"b"}`),
		"cut off":           reply(passingFaceID)[:40],
		"API error":         `{"Response":{"Error":{"Code":"InvalidParameterValue.BizTokenExpired","Message":"expired"},"RequestId":"r"}}`,
	}
	srv := newHostileServer(t)
	c := srv.client(t)
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv.serve(body)
			res, err := c.GetFaceIdResult(context.Background(), &GetFaceIdResultRequest{FaceIDToken: faceIDToken})
			require.Error(t, err)
			assert.Nil(t, res, "an error never comes with a result")
		})
	}
}

func TestFaceIDResultOutcome(t *testing.T) {
	assert.Equal(t, LookupAppSDKOutcome(2015), (&FaceIDResult{Result: "2015"}).Outcome())
	for _, bad := range []string{"", "00", "x", " 1"} {
		o := (&FaceIDResult{Result: bad}).Outcome()
		assert.False(t, o.Known, "%q", bad)
		assert.Equal(t, CategoryUnknown, o.Category, "%q", bad)
	}
}

func TestLookupAppSDKOutcomeBilling(t *testing.T) {
	// The App SDK channel bills the codes the H5 channels stopped billing.
	for _, code := range []int{2007, 2009, 2011, 2012, 2013, 2014, 2015} {
		assert.False(t, LookupOutcome(code).Billed, "%d in the H5 channels", code)
		assert.True(t, LookupAppSDKOutcome(code).Billed, "%d in the App SDK channel", code)
	}
	// Everything else reads as LookupOutcome has it.
	for _, code := range []int{0, 2006, 2016, 2008, 1004, 4242} {
		assert.Equal(t, LookupOutcome(code), LookupAppSDKOutcome(code), "%d", code)
	}
}

func TestFaceIDResultRiskTags(t *testing.T) {
	res := &FaceIDResult{DeviceInfoTag: "01, 05", LivenessInfoTag: "03,13,99", RiskInfoTag: " 02 ", DeviceInfoLevel: "4"}
	assert.Equal(t, []DeviceRisk{DeviceRooted, DeviceCameraHijacked}, res.DeviceRisks())
	assert.Equal(t, []LivenessRejection{LivenessRecapture, LivenessAdversarial, "99"}, res.LivenessRejections())
	assert.True(t, res.AttackRisk())
	level, ok := res.DeviceLevel()
	assert.True(t, ok)
	assert.Equal(t, DeviceRiskHigh, level)
	assert.Equal(t, "high", level.String())
	assert.Equal(t, "05 camera hijacking suspected", DeviceCameraHijacked.String())
	assert.Equal(t, "undocumented liveness rejection reason", LivenessRejection("99").Meaning())

	empty := &FaceIDResult{DeviceInfoTag: " , ", DeviceInfoLevel: "5", RiskInfoTag: "01"}
	assert.Nil(t, empty.DeviceRisks())
	assert.Nil(t, empty.LivenessRejections())
	assert.False(t, empty.AttackRisk())
	_, ok = empty.DeviceLevel()
	assert.False(t, ok, "5 is not a documented level")
}

func TestFaceIDResultMasked(t *testing.T) {
	sim := 95.5
	res := &FaceIDResult{IDCard: pvIDCard, Name: pvName, Result: "0", Description: "成功", Similarity: &sim,
		Video: pvMedia, BestFrame: pvMedia, IDCardFront: pvMedia, EncryptedBody: pvMedia, Extra: pvExtra,
		DeviceInfoTag: "03", RequestID: "7f6c6a4c-2a4b-4b8a-9bb0-0e1c7f2e6a1b"}
	req := &GetFaceIdResultRequest{FaceIDToken: faceIDToken, Encryption: &Encryption{Algorithm: "AES-256-CBC",
		EncryptList: []string{"IdCard"}, CiphertextBlob: "KEY-FICTIONAL-BLOB", IV: "IV-FICTIONAL"}}
	forbidden := append(pvForbidden(), "KEY-FICTIONAL-BLOB", "IV-FICTIONAL")
	for name, tc := range map[string]struct {
		value, pointer any
		shows          string
	}{
		"FaceIDResult":           {*res, res, "4403**********0265"},
		"GetFaceIdResultRequest": {*req, req, "AES-256-CBC"},
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
			Verdict, Result, Similarity, Name, IdCard, Extra, VideoBase64 string
		} `json:"res"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &line), b.String())
	assert.Equal(t, "passed", line.Res.Verdict)
	assert.Equal(t, "95.5", line.Res.Similarity)
	assert.Equal(t, `"测***"`, line.Res.Name)
	assert.Equal(t, `"4403**********0265"`, line.Res.IdCard)
	assert.Equal(t, strconv.Itoa(utf8.RuneCountInString(pvExtra))+" chars", line.Res.Extra)
	assert.Equal(t, strconv.Itoa(len(pvMedia))+" bytes", line.Res.VideoBase64)

	raw, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(raw), pvIDCard, "encoding/json keeps the data")
}
