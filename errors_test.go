package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allClasses lists every error class.
var allClasses = []ErrorClass{ErrAuthFailure, ErrRateLimited, ErrBizTokenExpired, ErrBizTokenInvalid, ErrRuleIDNotFound,
	ErrInvalidParameter, ErrAccount, ErrServerError, ErrEncryption, ErrInvalidInput, ErrResponseTooLarge}

// assertClasses checks that err matches exactly the classes want.
func assertClasses(t *testing.T, err error, want ...ErrorClass) {
	t.Helper()
	for _, class := range allClasses {
		assert.Equal(t, slices.Contains(want, class), errors.Is(err, class), "class %q", class)
	}
}

func TestAPIErrorClasses(t *testing.T) {
	cases := []struct {
		code, message string
		classes       []ErrorClass
		retryable     bool
	}{
		{codes.AuthFailureSignatureFailure, "", []ErrorClass{ErrAuthFailure}, false},
		{codes.AuthFailureSignatureExpire, "", []ErrorClass{ErrAuthFailure}, false},
		{codes.AuthFailureTokenFailure, "", []ErrorClass{ErrAuthFailure}, false},
		{codes.RequestLimitExceeded, "", []ErrorClass{ErrRateLimited}, true},
		{codes.RequestLimitExceededUinLimit, "", []ErrorClass{ErrRateLimited}, true},
		{codes.FailedRequestLimitExceeded, "", []ErrorClass{ErrRateLimited}, true},
		{codes.BizTokenExpired, "", []ErrorClass{ErrBizTokenExpired, ErrInvalidParameter}, false},
		{codes.BizTokenIllegal, "", []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{codes.RuleIDNotExist, "", []ErrorClass{ErrRuleIDNotFound, ErrInvalidParameter}, false},
		{codes.RuleIDDisabled, "", []ErrorClass{ErrRuleIDNotFound, ErrInvalidParameter}, false},
		{codes.UnauthorizedOperationArrears, "", []ErrorClass{ErrAccount}, false},
		{codes.InternalError, "", []ErrorClass{ErrServerError}, true},
		{codes.InternalErrorUnknown, "", []ErrorClass{ErrServerError}, true},
		{codes.ServiceUnavailable, "", []ErrorClass{ErrServerError}, true},
		{codes.FailedDetectEngineSystemError, "", []ErrorClass{ErrServerError}, true},
		{codes.FailedDecryptSystemError, "", []ErrorClass{ErrEncryption}, false},
		{codes.InvalidParameterUnsupportEncryptField, "", []ErrorClass{ErrEncryption, ErrInvalidParameter}, false},
		{codes.InternalErrorEncryptSystemError, "", []ErrorClass{ErrEncryption, ErrServerError}, true},
		{codes.FailedIdentityAuthLimitExceeded, "", nil, false},
		{"Some.NewCode", "", nil, false},
		{"RequestLimitExceeded.NewLimit", "", []ErrorClass{ErrRateLimited}, true},
		{"InternalError.NewFault", "", []ErrorClass{ErrServerError}, true},
		{"ServiceUnavailable.Maintenance", "", []ErrorClass{ErrServerError}, true},
		// A forged or unknown BizToken, whatever code the server uses.
		{codes.InvalidParameter, "非法BizToken。", []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{codes.InvalidParameter, "BizToken不合法", []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{codes.InvalidParameter, "Invalid bizToken.", []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{codes.InvalidParameterValue, "BizToken不存在", []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{"InvalidParameterValue.BizTokenNotExist", "", []ErrorClass{ErrBizTokenInvalid, ErrInvalidParameter}, false},
		{"ResourceNotFound.BizToken", "", []ErrorClass{ErrBizTokenInvalid}, false},
		{codes.ResourceNotFound, "biztoken not found", []ErrorClass{ErrBizTokenInvalid}, false},
		{codes.InvalidParameter, "BizToken已过期", []ErrorClass{ErrBizTokenExpired, ErrInvalidParameter}, false},
		{codes.InvalidParameterValue, "BizToken expired", []ErrorClass{ErrBizTokenExpired, ErrInvalidParameter}, false},
		// Other parameter errors and other families naming a BizToken are
		// not about the caller's token.
		{codes.InvalidParameter, "RuleId不合法", []ErrorClass{ErrInvalidParameter}, false},
		{codes.FailedUnknown, "BizToken 内部错误", []ErrorClass{ErrServerError}, true},
		{codes.InvalidTokenParameter, "token not found", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.code+" "+tc.message, func(t *testing.T) {
			apiErr := &APIError{Action: "DetectAuth", Code: tc.code, Message: tc.message}
			err := fmt.Errorf("wrapped: %w", apiErr)
			assertClasses(t, err, tc.classes...)
			assert.Equal(t, tc.retryable, IsRetryable(err))
			assert.Equal(t, tc.retryable, apiErr.Retryable())
		})
	}
}

func TestHTTPErrorClasses(t *testing.T) {
	cases := []struct {
		status    int
		classes   []ErrorClass
		retryable bool
	}{
		{200, nil, false},
		{400, nil, false},
		{404, nil, false},
		{429, []ErrorClass{ErrRateLimited}, true},
		{500, []ErrorClass{ErrServerError}, true},
		{501, nil, false},
		{502, []ErrorClass{ErrServerError}, true},
		{503, []ErrorClass{ErrServerError}, true},
		{504, []ErrorClass{ErrServerError}, true},
		{505, nil, false},
	}
	for _, tc := range cases {
		httpErr := &HTTPError{Action: "DetectAuth", StatusCode: tc.status}
		err := &RetryError{Action: "DetectAuth", Attempts: 2, Reason: "test", Err: httpErr}
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			assertClasses(t, err, tc.classes...)
			assert.Equal(t, tc.retryable, IsRetryable(err))
			assert.Equal(t, tc.retryable, httpErr.Retryable())
		})
	}
}

// TestOneRetryClassification: for every API error code and HTTP status, the
// error classes, IsRetryable, the Retryable methods and the client's retry
// decision agree — an error is retryable exactly when it matches
// ErrServerError or ErrRateLimited.
func TestOneRetryClassification(t *testing.T) {
	var errs []error
	for _, code := range knownCodes(t) {
		errs = append(errs, &APIError{Action: "DetectAuth", Code: code})
	}
	for status := 100; status < 600; status++ {
		errs = append(errs, &HTTPError{Action: "DetectAuth", StatusCode: status})
	}
	for _, err := range errs {
		transient := errors.Is(err, ErrServerError) || errors.Is(err, ErrRateLimited)
		assert.Equal(t, transient, IsRetryable(err), "%v", err)
		assert.Equal(t, transient, err.(interface{ Retryable() bool }).Retryable(), "%v", err)
		switch kind := classifyForRetry(err); kind {
		case retrySafe:
			assert.True(t, transient, "%v", err)
		case retrySkew, retryToken:
			assert.ErrorIs(t, err, ErrAuthFailure)
		default:
			assert.False(t, transient, "%v retried as %d", err, kind)
		}
	}
}

// knownCodes reads every error code of the spec.
func knownCodes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("spec", "errors.json"))
	require.NoError(t, err)
	var entries []struct{ Code string }
	require.NoError(t, json.Unmarshal(src, &entries))
	list := make([]string, len(entries))
	for i, e := range entries {
		list[i] = e.Code
	}
	require.Greater(t, len(list), 90, "spec/errors.json was read")
	return list
}

func TestErrorMessages(t *testing.T) {
	apiErr := &APIError{Action: "DetectAuth", Code: codes.InvalidParameter, Message: "IdCard 110101199003071233 非法", RequestID: "r-1"}
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
		{`{"name": "测试一", "MOBILE":"x"}`, `{"name":"[redacted]", "MOBILE":"[redacted]"}`},
		{`{"Name":"cut off`, `{"Name":"[redacted]"`},
		{"id 11010119900307123X here", "id ****************** here"},
		{"phone 13800000000", "phone ***********"},
		{"phone 138-0013-8000.", "phone ***-****-****."},
		{"phone +86 138 0013 8000", "phone +** *** **** ****"},
		{"phone 138 0013 8000 ok", "phone *** **** **** ok"},
		{"card 6222 0212 3456 7890 123", "card **** **** **** **** ***"},
		{"card 6222-0212-3456-7890", "card ****-****-****-****"},
		{"全角１１０１０１１９９００３０７１２３３", "全角******************"},
		{"code 2016 kept, 3 of 5 - 12 34", "code 2016 kept, 3 of 5 - 12 34"},
		{"key AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE used", "key AKID*** used"},
		{"AKID*** stays", "AKID*** stays"},
		{"img " + strings.Repeat("QUJD", 20) + " end", "img […] end"},
		{"line1\nline2\x00\x07\r\tend", "line1 line2 end"},
		{"red \x1b[1;31mALERT\x1b[0m done", "red ALERT done"},
		{"title \x1b]0;pwned\x07 and \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ end", "title  and link end"},
		{"c1 \u009b31mX\u009d0;t\u009c \u0085next\u007f", "c1 X next"},
		{"bidi \u202egnp.exe\u202c \u2066x\u2069\u200b", "bidi gnp.exe x"},
		{"split 123\x1b[0m456\u202e789", "split *********"},
		{"bad utf8 \xff\xfe ok", "bad utf8  ok"},
		{"unterminated \x1b]0;title never ends 110101199003071233", "unterminated"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, redactText(tc.in, 200), "%q", tc.in)
	}
	assert.Equal(t, strings.Repeat("好", 9)+"…", redactText(strings.Repeat("好", 50), 10))
	assert.Equal(t, "abc", redactText("abc", 3), "exactly the limit is not cut")
	assert.Equal(t, "ab…", redactText("abcd", 3))
	assert.Empty(t, redactText("abc", 0))

	huge := strings.Repeat("id-", 1<<18) // 768 KiB
	assert.Equal(t, maxRequestIDRunes, utf8.RuneCountInString(safeRequestID(huge)))
	uuid := "7f6c6a4c-2a4b-4b8a-9bb0-123456789012"
	assert.Equal(t, uuid, safeRequestID(uuid), "Tencent's UUID RequestIds are shown as they are")
	assert.Equal(t, "req-***********", safeRequestID("req-13800138000\x1b[2J"))
}

// TestRedactTextKeepsKnownCodes: every documented code is shown as it is.
func TestRedactTextKeepsKnownCodes(t *testing.T) {
	codes := []string{codes.RequestLimitExceededGlobalRegion, codes.UnauthorizedOperationChargeStatus,
		codes.FailedCompareLibServiceUnavailable, codes.InvalidParameterUnsupportEncryptField, codes.BizTokenIllegal,
		codes.FailedSilentFaceWithMaskFail, codes.FailedIdentityAuthLimitExceeded}
	for _, code := range codes {
		assert.Equal(t, code, safeCode(code))
	}
}

func FuzzRedactText(f *testing.F) {
	f.Add(`{"Name":"测试一","IdCard":"110101199003071233"}`, 100)
	f.Add("AKID", 3)
	f.Add("phone +86 138 0013 8000 card 6222-0212-3456-7890-123", 40)
	f.Add("\x1b[31m1234\x1b[0m5678\u202e901234\x1b]0;x\x07", 200)
	f.Add("１２３４５６７８９０１２", 20)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%500 + 1
		if limit < 1 {
			limit = -limit + 1
		}
		out := redactText(s, limit)
		if strings.Contains(out, "110101199003071233") {
			t.Fatal("ID number survived redaction")
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 in %q", out)
		}
		if n := utf8.RuneCountInString(out); n > limit {
			t.Fatalf("%d runes, limit %d: %q", n, limit, out)
		}
		run := 0
		for _, r := range out {
			if !isPlainRune(r) {
				t.Fatalf("control or format character %U in %q", r, out)
			}
			if unicode.IsDigit(r) {
				run++
			} else {
				run = 0
			}
			if run >= 11 {
				t.Fatalf("11 digits in a row in %q", out)
			}
		}
		if longestDigitRun(out) >= minMaskedDigits {
			t.Fatalf("a run of %d+ digits survived in %q", minMaskedDigits, out)
		}
	})
}

// longestDigitRun counts the digits of the longest run of digits in s,
// digit groups joined by single spaces or dashes counting as one run.
func longestDigitRun(s string) int {
	longest := 0
	for i := 0; i < len(s); {
		if n, digits := digitRun(s[i:]); n > 0 {
			longest = max(longest, digits)
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return longest
}

func TestAPIErrorGoStringRedacts(t *testing.T) {
	err := &APIError{Action: "DetectAuth", Code: codes.InvalidParameter, Message: "IdCard 110101199003071233 invalid", RequestID: "r"}
	for _, out := range []string{fmt.Sprintf("%#v", err), fmt.Sprintf("%#v", &RetryError{Action: "DetectAuth", Attempts: 2, Err: err})} {
		assert.NotContains(t, out, "110101199003071233")
		assert.Contains(t, out, "InvalidParameter")
	}
}

func TestRequestID(t *testing.T) {
	apiErr := &APIError{Action: "DetectAuth", Code: codes.InternalError, RequestID: "7f6c6a4c-2a4b-4b8a-9bb0-0e1c7f2e6a1b"}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"API error", apiErr, apiErr.RequestID},
		{"HTTP error", &HTTPError{StatusCode: 502, RequestID: "r-http"}, "r-http"},
		{"decode error", &DecodeError{Err: io.ErrUnexpectedEOF, RequestID: "r-decode"}, "r-decode"},
		{"retry error", &RetryError{Action: "DetectAuth", Attempts: 3, Reason: "attempts exhausted", Err: apiErr}, apiErr.RequestID},
		{"fmt.Errorf", fmt.Errorf("starting the flow: %w", apiErr), apiErr.RequestID},
		{"media sink", &MediaSinkError{Path: "VideoData.LivenessVideo", Err: &DecodeError{RequestID: "r-sink"}}, "r-sink"},
		{"transport", &TransportError{Action: "DetectAuth", Err: errors.New("connection refused")}, ""},
		{"joined", errors.Join(context.Canceled, fmt.Errorf("x: %w", &HTTPError{RequestID: "r-joined"})), "r-joined"},
		{"empty first, set deeper", &DecodeError{Err: &HTTPError{RequestID: "r-inner"}}, "r-inner"},
		{"validation", &ValidationError{Action: "DetectAuth", Field: "f", Problem: "p"}, ""},
		{"plain", errors.New("plain"), ""},
		{"hostile", &APIError{RequestID: "\x1b]0;x\x07id 13800138000 " + strings.Repeat("a-", 1<<19)}, ""},
	}
	for _, tc := range cases {
		got := RequestID(tc.err)
		if tc.name == "hostile" {
			assert.LessOrEqual(t, utf8.RuneCountInString(got), maxRequestIDRunes)
			assert.True(t, strings.HasPrefix(got, "id *********** a-a-"), got)
			continue
		}
		assert.Equal(t, tc.want, got, tc.name)
	}
}

// TestHostileServerText: an API error whose code, message and RequestId
// carry terminal escapes, personal data and a megabyte of text comes out of
// the client bounded and clean in every form it can be printed or logged.
func TestHostileServerText(t *testing.T) {
	const (
		idNumber = "110101199003071233"
		phone    = "13800138000"
	)
	body := `{"Response":{"Error":{"Code":"InvalidParameter\u001b[2J\u001b]0;pwned\u0007","Message":"身份证 ` + idNumber +
		` 手机 +86 138 0013 8000 卡 6222-0212-3456-7890\nFAKE LOG LINE \u202e"},"RequestId":"` +
		strings.Repeat("r", 1<<20) + phone + `"}}`
	c, _ := mockClient(t, 200, jsonHeader, []byte(body))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1<<20+len(phone), len(apiErr.RequestID), "the field keeps what the server sent")
	assert.NotErrorIs(t, err, ErrInvalidParameter, "a code with junk in it is no known code")

	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Error("call failed", "err", err)
	slog.New(slog.NewTextHandler(&textLog, nil)).Error("call failed", "err", err)
	outputs := map[string]string{
		"Error":     err.Error(),
		"%v":        fmt.Sprintf("%v", err),
		"%+v":       fmt.Sprintf("%+v", err),
		"%#v":       fmt.Sprintf("%#v", err),
		"value %v":  fmt.Sprintf("%v", *apiErr),
		"value %#v": fmt.Sprintf("%#v", *apiErr),
		"json log":  jsonLog.String(),
		"text log":  textLog.String(),
		"RequestID": RequestID(err),
	}
	for name, out := range outputs {
		assert.Less(t, len(out), 1500, name)
		for _, leak := range []string{idNumber, phone, "138 0013 8000", "6222-0212", "\x1b", "\u202e", "FAKE LOG LINE\n", "\x07"} {
			assert.NotContains(t, out, leak, name)
		}
	}
	assert.Contains(t, err.Error(), "faceid: DetectAuth: InvalidParameter: 身份证 ****************** 手机 +** *** **** **** 卡 ****-****-****-**** FAKE LOG LINE")
}
