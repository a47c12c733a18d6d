package faceid

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetectAuthPlain(t *testing.T) {
	fx := loadFixture(t, "DetectAuth/plain.json")
	c, rec := fixtureClient(t, fx)
	req := &DetectAuthRequest{
		RuleID:      "1",
		IDCard:      "110101199003071233",
		Name:        "测试一",
		RedirectURL: "https://shop.example/return",
		Extra:       "order-10086",
	}
	before := *req

	auth, err := c.DetectAuth(context.Background(), req)
	require.NoError(t, err)

	s := rec.last(t)
	assertSignedRequest(t, s, "DetectAuth")
	assert.JSONEq(t, string(fx.Request.Body), string(s.Body))
	assert.Equal(t, before, *req, "the caller's request must not change")

	var want struct {
		Response struct{ BizToken, Url, RequestId string }
	}
	require.NoError(t, json.Unmarshal(fx.Response.Body, &want))
	assert.Equal(t, want.Response.BizToken, auth.BizToken)
	assert.Equal(t, want.Response.Url, auth.URL)
	assert.Equal(t, want.Response.RequestId, auth.RequestID)
	assert.Contains(t, auth.URL, auth.BizToken)
}

// TestDetectAuthFixtures replays every successful DetectAuth fixture: the
// typed request built from the fixture must be sent as exactly that body.
func TestDetectAuthFixtures(t *testing.T) {
	for _, name := range []string{"plain", "with-photo", "intention-questions", "intention-read-aloud", "intention-actions"} {
		t.Run(name, func(t *testing.T) {
			fx := loadFixture(t, "DetectAuth/"+name+".json")
			var req DetectAuthRequest
			require.NoError(t, json.Unmarshal(fx.Request.Body, &req))
			c, rec := fixtureClient(t, fx)
			auth, err := c.DetectAuth(context.Background(), &req)
			require.NoError(t, err)
			assert.NotEmpty(t, auth.BizToken)
			s := rec.last(t)
			assertSignedRequest(t, s, "DetectAuth")
			assert.JSONEq(t, string(fx.Request.Body), string(s.Body))
		})
	}
}

func TestDetectAuthPhotoIsEncodedBySDK(t *testing.T) {
	fx := loadFixture(t, "DetectAuth/with-photo.json")
	c, rec := fixtureClient(t, fx)
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{
		RuleID: "1", IDCard: "440305198504120265", Name: "王测试", Image: readMedia(t, "frame.jpg"),
	})
	require.NoError(t, err)
	assert.JSONEq(t, string(fx.Request.Body), string(rec.last(t).Body))
}

func TestDetectAuthIntentionQuestions(t *testing.T) {
	fx := loadFixture(t, "DetectAuth/intention-questions.json")
	c, rec := fixtureClient(t, fx)
	on := true
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{
		RuleID: "1", IDCard: "31011219870615888x", Name: "李样例",
		IntentionQuestions: []IntentionQuestion{
			{Question: "请问您是否本人自愿办理此项业务？请回答是或否。", Answers: []string{"是的", "是"}},
			{Question: "请问您是否已知晓并同意相关协议内容？请回答是或否。", Answers: []string{"是的", "是"}},
		},
		Config: &RuleIDConfig{IntentionType: 0, IntentionRecognition: &on},
	})
	require.NoError(t, err)
	// The lower-case x was sent upper-case.
	assert.JSONEq(t, string(fx.Request.Body), string(rec.last(t).Body))
}

func TestDetectAuthAPIErrors(t *testing.T) {
	cases := []struct {
		fixture string
		code    string
		class   error
		retry   bool
	}{
		{"rule-id-not-exist", codes.RuleIDNotExist, ErrRuleIDNotFound, false},
		{"invalid-parameter", codes.InvalidParameter, ErrInvalidParameter, false},
		{"signature-failure", codes.AuthFailureSignatureFailure, ErrAuthFailure, false},
		{"request-limit-exceeded", codes.RequestLimitExceeded, ErrRateLimited, true},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			fx := loadFixture(t, "DetectAuth/"+tc.fixture+".json")
			var req DetectAuthRequest
			require.NoError(t, json.Unmarshal(fx.Request.Body, &req))
			c, rec := fixtureClient(t, fx)
			auth, err := c.DetectAuth(context.Background(), &req)
			require.Error(t, err)
			assert.Nil(t, auth)
			assertSignedRequest(t, rec.last(t), "DetectAuth")

			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			var want struct {
				Response struct {
					Error     struct{ Code, Message string }
					RequestId string
				}
			}
			require.NoError(t, json.Unmarshal(fx.Response.Body, &want))
			assert.Equal(t, "DetectAuth", apiErr.Action)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, want.Response.Error.Message, apiErr.Message)
			assert.Equal(t, want.Response.RequestId, apiErr.RequestID)
			assert.Equal(t, 200, apiErr.HTTPStatus)
			assert.ErrorIs(t, err, tc.class)
			assert.Equal(t, tc.retry, IsRetryable(err))
			assert.Contains(t, err.Error(), tc.code)
			assert.Contains(t, err.Error(), want.Response.RequestId)
		})
	}
}

func TestDetectAuthValidation(t *testing.T) {
	valid := func() DetectAuthRequest {
		return DetectAuthRequest{RuleID: "1", IDCard: "110101199003071233", Name: "测试一"}
	}
	longText := func(n int) string { return strings.Repeat("测", n) }
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3}
	cases := []struct {
		name   string
		mutate func(*DetectAuthRequest)
		field  string
	}{
		{"rule id missing", func(r *DetectAuthRequest) { r.RuleID = "  " }, "RuleId"},
		{"id card short", func(r *DetectAuthRequest) { r.IDCard = "11010119900307123" }, "IdCard"},
		{"id card check digit", func(r *DetectAuthRequest) { r.IDCard = "110101199003071234" }, "IdCard"},
		{"id card letters", func(r *DetectAuthRequest) { r.IDCard = "11010119900307123A" }, "IdCard"},
		{"name too long", func(r *DetectAuthRequest) { r.Name = longText(33) }, "Name"},
		{"name not utf8", func(r *DetectAuthRequest) { r.Name = "\xff\xfe" }, "Name"},
		{"redirect relative", func(r *DetectAuthRequest) { r.RedirectURL = "/return" }, "RedirectUrl"},
		{"redirect scheme", func(r *DetectAuthRequest) { r.RedirectURL = "javascript:alert(1)" }, "RedirectUrl"},
		{"redirect too long", func(r *DetectAuthRequest) {
			r.RedirectURL = "https://shop.example/" + strings.Repeat("a", 1010)
		}, "RedirectUrl"},
		{"extra too long", func(r *DetectAuthRequest) { r.Extra = strings.Repeat("e", 1025) }, "Extra"},
		{"extra too long in characters", func(r *DetectAuthRequest) { r.Extra = strings.Repeat("单", 1025) }, "Extra"},
		{"image empty", func(r *DetectAuthRequest) { r.Image = []byte{} }, "ImageBase64"},
		{"image gif", func(r *DetectAuthRequest) { r.Image = []byte("GIF89a....") }, "ImageBase64"},
		{"image base64 text", func(r *DetectAuthRequest) { r.Image = []byte("/9j/4AAQSkZJRg==") }, "ImageBase64"},
		{"image too big", func(r *DetectAuthRequest) {
			r.Image = append(append([]byte{}, jpeg...), make([]byte, 3<<20/4*3)...)
		}, "ImageBase64"},
		{"read-aloud too long", func(r *DetectAuthRequest) { r.IntentionVerifyText = longText(121) }, "IntentionVerifyText"},
		{"questions empty", func(r *DetectAuthRequest) { r.IntentionQuestions = []IntentionQuestion{} }, "IntentionQuestions"},
		{"questions too many", func(r *DetectAuthRequest) {
			r.IntentionQuestions = make([]IntentionQuestion, 11)
		}, "IntentionQuestions"},
		{"question missing", func(r *DetectAuthRequest) {
			r.IntentionQuestions = []IntentionQuestion{{Answers: []string{"是"}}}
		}, "IntentionQuestions[0].Question"},
		{"question too long", func(r *DetectAuthRequest) {
			r.IntentionQuestions = []IntentionQuestion{{Question: longText(251), Answers: []string{"是"}}}
		}, "IntentionQuestions[0].Question"},
		{"answers missing", func(r *DetectAuthRequest) {
			r.IntentionQuestions = []IntentionQuestion{{Question: "问"}}
		}, "IntentionQuestions[0].Answers"},
		{"answers too many", func(r *DetectAuthRequest) {
			r.IntentionQuestions = []IntentionQuestion{{Question: "问", Answers: strings.Split(strings.Repeat("是,", 50)+"是", ",")}}
		}, "IntentionQuestions[0].Answers"},
		{"answer too long", func(r *DetectAuthRequest) {
			r.IntentionQuestions = []IntentionQuestion{{Question: "问", Answers: []string{"是", longText(11)}}}
		}, "IntentionQuestions[0].Answers[1]"},
		{"action text missing", func(r *DetectAuthRequest) {
			r.IntentionActions = []IntentionActionConfig{{}}
		}, "IntentionActions[0].Text"},
		{"action text too long", func(r *DetectAuthRequest) {
			r.IntentionActions = []IntentionActionConfig{{Text: longText(251)}}
		}, "IntentionActions[0].Text"},
		{"intention type", func(r *DetectAuthRequest) { r.Config = &RuleIDConfig{IntentionType: 2} }, "Config.IntentionType"},
		{"speed", func(r *DetectAuthRequest) { r.Config = &RuleIDConfig{Speed: 4} }, "Config.Speed"},
		{"nod without actions", func(r *DetectAuthRequest) { r.Config = &RuleIDConfig{IntentionType: 1} }, "IntentionActions"},
		{"mouth check in nod mode", func(r *DetectAuthRequest) {
			r.IntentionActions = []IntentionActionConfig{{Text: "请点头"}}
			r.Config = &RuleIDConfig{IntentionType: 1, MouthOpenRecognition: true}
		}, "Config.MouthOpenRecognition"},
		{"encryption algorithm", func(r *DetectAuthRequest) { r.Encryption = &Encryption{Algorithm: "DES"} }, "Encryption.Algorithm"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := mockClient(t, 200, nil, []byte(`{}`))
			req := valid()
			tc.mutate(&req)
			_, err := c.DetectAuth(context.Background(), &req)
			var vErr *ValidationError
			require.ErrorAs(t, err, &vErr)
			assert.Equal(t, tc.field, vErr.Field)
			assert.Equal(t, "DetectAuth", vErr.Action)
			assert.ErrorIs(t, err, ErrInvalidInput)
			assert.False(t, IsRetryable(err))
			assert.Zero(t, rec.count(), "no request may be sent for invalid input")
			assert.NotContains(t, err.Error(), req.IDCard, "errors never echo the ID number")
		})
	}
}

func TestDetectAuthNilRequest(t *testing.T) {
	c, rec := mockClient(t, 200, nil, []byte(`{}`))
	_, err := c.DetectAuth(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Zero(t, rec.count())
}

func TestDetectAuthEncryptedFieldsSkipValidation(t *testing.T) {
	c, rec := mockClient(t, 200, map[string]string{"Content-Type": "application/json"},
		[]byte(`{"Response":{"BizToken":"T","Url":"https://h5.example/T","RequestId":"r"}}`))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{
		RuleID: "1", IDCard: "c2VjcmV0LWlkLWNpcGhlcnRleHQ=", Name: "bmFtZS1jaXBoZXJ0ZXh0",
		Encryption: &Encryption{EncryptList: []string{"IdCard", "Name"}, CiphertextBlob: "d3JhcHBlZA==", IV: "aXZpdml2aXZpdml2aXZpdg==", Algorithm: "AES-256-CBC"},
	})
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.last(t).Body, &body))
	assert.Equal(t, "c2VjcmV0LWlkLWNpcGhlcnRleHQ=", body["IdCard"], "ciphertext is sent untouched")
}

func TestDetectAuthSuccessWithoutToken(t *testing.T) {
	c, _ := mockClient(t, 200, map[string]string{"Content-Type": "application/json"},
		[]byte(`{"Response":{"RequestId":"r-1"}}`))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var dErr *DecodeError
	require.ErrorAs(t, err, &dErr)
	assert.Equal(t, "r-1", dErr.RequestID)
	assert.True(t, errors.Is(err, errNoBizToken))
}

// TestDetectAuthNormalizesACopy checks the spec's normalize hook: the rule
// id is trimmed and the X of an ID number upper-cased in the body sent,
// while the caller's request keeps what the caller wrote.
func TestDetectAuthNormalizesACopy(t *testing.T) {
	c, rec := mockClient(t, 200, map[string]string{"Content-Type": "application/json"},
		[]byte(`{"Response":{"BizToken":"T","Url":"https://h5.example/T","RequestId":"r"}}`))
	req := &DetectAuthRequest{RuleID: " 1 ", IDCard: "31011219870615888x"}
	_, err := c.DetectAuth(context.Background(), req)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.last(t).Body, &body))
	assert.Equal(t, "1", body["RuleId"])
	assert.Equal(t, "31011219870615888X", body["IdCard"])
	assert.Equal(t, " 1 ", req.RuleID, "the caller's request is not modified")
	assert.Equal(t, "31011219870615888x", req.IDCard, "the caller's request is not modified")
}

// TestEncryptedMembersSkipPlainTextLimits checks that the generated
// validation leaves the limits of a member's plain text unchecked when
// Encryption lists it, and checks them otherwise.
func TestEncryptedMembersSkipPlainTextLimits(t *testing.T) {
	enc := &Encryption{EncryptList: []string{"Name", "BankCard"}, CiphertextBlob: "d3JhcHBlZA==", IV: "aXZpdml2aXZpdml2aXZpdg==", Algorithm: "AES-256-CBC"}
	req := &BankCard2EVerificationRequest{Name: strings.Repeat("bmFtZQ==", 8), BankCard: "Y2FyZC1jaXBoZXJ0ZXh0", Encryption: enc}
	require.NoError(t, req.validate(), "ciphertext is not held to the plain text's limits")

	req.Encryption = nil
	var vErr *ValidationError
	require.ErrorAs(t, req.validate(), &vErr)
	assert.Equal(t, "Name", vErr.Field, "in clear, the name's 32-character limit holds")
}

// TestExtraCountsCharacters checks that Extra's limit counts characters,
// as Tencent documents it, not bytes: 1,024 Chinese characters pass.
func TestExtraCountsCharacters(t *testing.T) {
	req := &DetectAuthRequest{RuleID: "1", Extra: strings.Repeat("单", 1024)}
	_, err := req.normalized()
	require.NoError(t, err)
}
