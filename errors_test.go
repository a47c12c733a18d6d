package faceid

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAPIErrorClasses(t *testing.T) {
	cases := []struct {
		code      string
		classes   []ErrorClass
		retryable bool
	}{
		{CodeAuthFailureSignatureFailure, []ErrorClass{ErrAuthFailure}, false},
		{CodeAuthFailureSignatureExpire, []ErrorClass{ErrAuthFailure}, false},
		{CodeAuthFailureTokenFailure, []ErrorClass{ErrAuthFailure}, false},
		{CodeRequestLimitExceeded, []ErrorClass{ErrRateLimited}, true},
		{CodeRequestLimitExceededUinLimit, []ErrorClass{ErrRateLimited}, true},
		{CodeFailedRequestLimitExceeded, []ErrorClass{ErrRateLimited}, true},
		{CodeBizTokenExpired, []ErrorClass{ErrBizTokenExpired, ErrInvalidParameter}, false},
		{CodeBizTokenIllegal, []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{CodeRuleIDNotExist, []ErrorClass{ErrRuleIDNotFound, ErrInvalidParameter}, false},
		{CodeRuleIDDisabled, []ErrorClass{ErrRuleIDNotFound, ErrInvalidParameter}, false},
		{CodeUnauthorizedOperationArrears, []ErrorClass{ErrAccount}, false},
		{CodeInternalError, []ErrorClass{ErrServerError}, true},
		{CodeInternalErrorUnknown, []ErrorClass{ErrServerError}, true},
		{CodeServiceUnavailable, []ErrorClass{ErrServerError}, true},
		{CodeFailedDetectEngineSystemError, []ErrorClass{ErrServerError}, true},
		{CodeFailedDecryptSystemError, []ErrorClass{ErrEncryption}, false},
		{CodeInvalidParameterUnsupportEncryptField, []ErrorClass{ErrEncryption, ErrInvalidParameter}, false},
		{CodeInternalErrorEncryptSystemError, []ErrorClass{ErrEncryption, ErrServerError}, true},
		{CodeFailedIdentityAuthLimitExceeded, nil, false},
		{"Some.NewCode", nil, false},
	}
	all := []ErrorClass{ErrAuthFailure, ErrRateLimited, ErrBizTokenExpired, ErrBizTokenInvalid, ErrRuleIDNotFound,
		ErrInvalidParameter, ErrAccount, ErrServerError, ErrEncryption, ErrInvalidInput, ErrResponseTooLarge}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			err := fmt.Errorf("wrapped: %w", &APIError{Action: "DetectAuth", Code: tc.code})
			for _, class := range all {
				want := false
				for _, c := range tc.classes {
					want = want || c == class
				}
				assert.Equal(t, want, errors.Is(err, class), "class %q", class)
			}
			assert.Equal(t, tc.retryable, IsRetryable(err))
		})
	}
}

func TestErrorMessages(t *testing.T) {
	apiErr := &APIError{Action: "DetectAuth", Code: CodeInvalidParameter, Message: "IdCard 110101199003071233 非法", RequestID: "r-1"}
	assert.Equal(t, "faceid: DetectAuth: InvalidParameter: IdCard ****************** 非法 (RequestId r-1)", apiErr.Error())

	vErr := &ValidationError{Action: "DetectAuth", Field: "DetectAuthRequest.IDCard", Problem: "check digit does not match"}
	assert.Equal(t, "faceid: DetectAuth: DetectAuthRequest.IDCard: check digit does not match (request not sent)", vErr.Error())

	hErr := &HTTPError{Action: "DetectAuth", StatusCode: 502, ContentType: "text/html", Sample: "<html>bad gateway"}
	assert.Equal(t, `faceid: DetectAuth: HTTP 502 reply (text/html) is not a FaceID API response; body starts "<html>bad gateway"`, hErr.Error())

	dErr := &DecodeError{Action: "GetDetectInfoEnhanced", Offset: 12, Err: errors.New("unexpected end")}
	assert.Equal(t, "faceid: GetDetectInfoEnhanced: reply could not be decoded at byte 12: unexpected end", dErr.Error())
}

func TestRedactText(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"Name":"测试一","IdCard":"110101199003071233","Sim":"95"}`, `{"Name":"[redacted]","IdCard":"[redacted]","Sim":"95"}`},
		{`{"OcrBirth":"1990/3/7","Location":"113.9,22.5","PassNo":"H0000000"}`, `{"OcrBirth":"[redacted]","Location":"[redacted]","PassNo":"[redacted]"}`},
		{"id 11010119900307123X here", "id ****************** here"},
		{"phone 13800000000", "phone ***********"},
		{"key AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE used", "key AKID*** used"},
		{"img " + strings.Repeat("QUJD", 20) + " end", "img […] end"},
		{"line1\nline2\x00\x07", "line1 line2"},
		{"code 2016 kept", "code 2016 kept"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, redactText(tc.in, 200), tc.in)
	}
	assert.Equal(t, 10, len([]rune(redactText(strings.Repeat("好", 50), 10))))
}

func FuzzRedactText(f *testing.F) {
	f.Add(`{"Name":"测试一","IdCard":"110101199003071233"}`, 100)
	f.Add("AKID", 3)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%500 + 1
		if limit < 1 {
			limit = -limit + 1
		}
		out := redactText(s, limit)
		if strings.Contains(out, "110101199003071233") {
			t.Fatal("ID number survived redaction")
		}
	})
}

func TestAPIErrorGoStringRedacts(t *testing.T) {
	err := &APIError{Action: "DetectAuth", Code: CodeInvalidParameter, Message: "IdCard 110101199003071233 invalid", RequestID: "r"}
	for _, out := range []string{fmt.Sprintf("%#v", err), fmt.Sprintf("%#v", &RetryError{Action: "DetectAuth", Attempts: 2, Err: err})} {
		assert.NotContains(t, out, "110101199003071233")
		assert.Contains(t, out, "InvalidParameter")
	}
}
