package faceid

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/faceid-go/faceid/codes"
)

// ErrorClass is a family of errors that callers test for with [errors.Is],
// for example errors.Is(err, faceid.ErrRateLimited). The classes are
// constants, so no package state can be changed by a caller.
type ErrorClass string

// Error implements error.
func (c ErrorClass) Error() string { return string(c) }

// Error classes matched by [errors.Is] against the errors of this package.
const (
	// ErrInvalidInput matches every [*ValidationError]: the request was
	// refused before any network call.
	ErrInvalidInput ErrorClass = "faceid: invalid input"
	// ErrAuthFailure matches AuthFailure.* replies: wrong, expired or
	// unknown credentials, a bad signature or a skewed clock.
	ErrAuthFailure ErrorClass = "faceid: authentication failed"
	// ErrRateLimited matches the RequestLimitExceeded family and
	// FailedOperation.RequestLimitExceeded.
	ErrRateLimited ErrorClass = "faceid: rate limited"
	// ErrBizTokenExpired matches InvalidParameterValue.BizTokenExpired, and
	// a parameter error whose message says the BizToken expired: the
	// token's verification window or its 3-day result retention is over.
	ErrBizTokenExpired ErrorClass = "faceid: BizToken expired"
	// ErrBizTokenInvalid matches a forged or unknown BizToken, whatever
	// code the server uses for it: InvalidParameterValue.BizTokenIllegal,
	// and any other InvalidParameter*, InvalidParameterValue* or
	// ResourceNotFound* error whose code or message names the BizToken
	// (Tencent's documented example is InvalidParameter "非法BizToken。")
	// without saying it expired.
	ErrBizTokenInvalid ErrorClass = "faceid: BizToken invalid"
	// ErrRuleIDNotFound matches InvalidParameterValue.RuleIdNotExist and
	// InvalidParameterValue.RuleIdDisabled.
	ErrRuleIDNotFound ErrorClass = "faceid: RuleId not found or disabled"
	// ErrInvalidParameter matches the server's InvalidParameter*,
	// MissingParameter and UnknownParameter families.
	ErrInvalidParameter ErrorClass = "faceid: parameter refused by the server"
	// ErrAccount matches UnauthorizedOperation.*: the account is not
	// activated, not authorised or in arrears.
	ErrAccount ErrorClass = "faceid: account not authorised for FaceID"
	// ErrServerError matches server-side faults worth retrying later:
	// InternalError*, ServiceUnavailable, the FaceID "system busy" codes,
	// and HTTP 500, 502, 503 and 504 replies that are not API responses.
	// FaceID's own front end reports its faults as JSON API errors, so such
	// a reply comes from a gateway in front of it and is retried like the
	// other gateway errors. Every error matching ErrServerError or
	// ErrRateLimited is retryable (see IsRetryable), and no other API or
	// HTTP error is.
	ErrServerError ErrorClass = "faceid: server error"
	// ErrEncryption matches the encryption failures (DecryptSystemError,
	// EncryptSystemError, StsUnAuthErrError, UnsupportEncryptField).
	ErrEncryption ErrorClass = "faceid: encryption failed"
	// ErrResponseTooLarge matches a [*DecodeError] raised because the reply
	// exceeded the client's response size limit.
	ErrResponseTooLarge ErrorClass = "faceid: reply exceeds the response size limit"
)

// APIError is an error reported by the FaceID service in Response.Error.
//
// Code, Message and RequestID hold the server's text as it was sent, for
// code to inspect; they may carry personal data echoed from the request and
// terminal control characters, so print the error, not the fields. Error,
// fmt verbs and log/slog show them redacted, stripped of control characters
// and bounded in length (see [RequestID] for the RequestId alone).
type APIError struct {
	// Action is the API action that failed, e.g. "DetectAuth".
	Action string
	// Code is Tencent's error code, e.g. "InvalidParameterValue.RuleIdNotExist".
	Code string
	// Message is the server's explanation, in the client's language.
	Message string
	// RequestID identifies the request for Tencent support.
	RequestID string
	// HTTPStatus is the HTTP status of the reply (normally 200).
	HTTPStatus int
}

// Error implements error.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("faceid: ")
	b.WriteString(e.Action)
	b.WriteString(": ")
	b.WriteString(safeCode(e.Code))
	if msg := safeMessage(e.Message); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	writeRequestID(&b, e.RequestID)
	return b.String()
}

// String is used by fmt for an APIError value; it reads as Error does.
func (e APIError) String() string { return e.Error() }

// GoString is used by %#v; it shows the server's text as Error does.
func (e APIError) GoString() string {
	return fmt.Sprintf("&faceid.APIError{Action: %q, Code: %q, Message: %q, RequestID: %q, HTTPStatus: %d}",
		e.Action, safeCode(e.Code), safeMessage(e.Message), safeRequestID(e.RequestID), e.HTTPStatus)
}

// Is reports whether the error belongs to the class target.
func (e *APIError) Is(target error) bool {
	class, ok := target.(ErrorClass)
	return ok && e.kind().classes.has(class)
}

// Retryable reports whether the code says the same request may succeed
// later: exactly the codes matching ErrServerError or ErrRateLimited.
func (e *APIError) Retryable() bool { return e.kind().retry == retrySafe }

func (e *APIError) requestID() string { return e.RequestID }

// kind says what the error means.
func (e *APIError) kind() failureKind { return apiFailure(e.Code, e.Message) }

// ValidationError reports a request refused before any network call.
type ValidationError struct {
	// Action is the API action whose request was refused.
	Action string
	// Field names the offending member by its wire name, e.g. "IdCard" or
	// "Config.IntentionQuestions[0].Question".
	Field string
	// Problem says what is wrong, never echoing personal data.
	Problem string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return "faceid: " + e.Action + ": " + e.Field + ": " + e.Problem + " (request not sent)"
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// HTTPError reports a reply that is not a FaceID API response: a status
// other than 200 without an API error, or a body that is not JSON (a
// gateway's HTML page, for instance).
type HTTPError struct {
	// Action is the API action that was called.
	Action string
	// StatusCode is the HTTP status code of the reply.
	StatusCode int
	// ContentType is the reply's Content-Type header.
	ContentType string
	// Sample is the start of the body with secrets and personal data
	// removed, for diagnostics only.
	Sample string
	// RequestID is set when the reply carried an X-TC-RequestId header.
	RequestID string
}

// Error implements error.
func (e *HTTPError) Error() string {
	ct := redactText(e.ContentType, maxCodeRunes)
	if ct == "" {
		ct = "no content type"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "faceid: %s: HTTP %d reply (%s) is not a FaceID API response", e.Action, e.StatusCode, ct)
	if sample := redactText(e.Sample, maxMessageRunes); sample != "" {
		fmt.Fprintf(&b, "; body starts %q", sample)
	}
	writeRequestID(&b, e.RequestID)
	return b.String()
}

// String is used by fmt for an HTTPError value; it reads as Error does.
func (e HTTPError) String() string { return e.Error() }

// GoString is used by %#v; it shows the reply's text as Error does.
func (e HTTPError) GoString() string {
	return fmt.Sprintf("&faceid.HTTPError{Action: %q, StatusCode: %d, ContentType: %q, Sample: %q, RequestID: %q}",
		e.Action, e.StatusCode, redactText(e.ContentType, maxCodeRunes), redactText(e.Sample, maxMessageRunes),
		safeRequestID(e.RequestID))
}

// Retryable reports whether the status may clear on a later attempt: 429
// (throttling) and 500, 502, 503 and 504 from a gateway, exactly the
// statuses matching ErrRateLimited or ErrServerError.
func (e *HTTPError) Retryable() bool { return httpFailure(e.StatusCode).retry == retrySafe }

// Is makes errors.Is(err, ErrServerError) true for 500, 502, 503 and 504,
// and errors.Is(err, ErrRateLimited) true for 429.
func (e *HTTPError) Is(target error) bool {
	class, ok := target.(ErrorClass)
	return ok && httpFailure(e.StatusCode).classes.has(class)
}

func (e *HTTPError) requestID() string { return e.RequestID }

// TransportError reports a failure to send a request or to receive its reply:
// DNS, connection, TLS, timeout or cancellation. It wraps the cause, so
// errors.Is(err, context.DeadlineExceeded) works.
type TransportError struct {
	// Action is the API action that was called.
	Action string
	// Err is the underlying failure.
	Err error
}

// Error implements error. The cause's text can quote a malformed reply, so
// it is shown redacted and bounded like server text.
func (e *TransportError) Error() string {
	return "faceid: " + e.Action + ": request failed: " + redactText(errorText(e.Err), maxMessageRunes)
}

// String is used by fmt for a TransportError value; it reads as Error does.
func (e TransportError) String() string { return e.Error() }

// GoString is used by %#v; it shows the cause as Error does.
func (e TransportError) GoString() string {
	return fmt.Sprintf("&faceid.TransportError{Action: %q, Err: %q}", e.Action, redactText(errorText(e.Err), maxMessageRunes))
}

// Unwrap returns the underlying failure.
func (e *TransportError) Unwrap() error { return e.Err }

// NotSent reports whether the failure proves the request never reached the
// server (the connection could not be made), so that even a billed action
// can be retried without risk of paying twice.
func (e *TransportError) NotSent() bool {
	var op *net.OpError
	if errors.As(e.Err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(e.Err, &dns)
}

// DecodeError reports a reply that claimed to be JSON but could not be
// decoded: truncated, malformed or larger than the client's limit.
type DecodeError struct {
	// Action is the API action that was called.
	Action string
	// Offset is the byte offset in the body where decoding stopped.
	Offset int64
	// RequestID is set when it was decoded before the failure.
	RequestID string
	// Err is the underlying failure.
	Err error
}

// Error implements error. The cause's text can quote the reply, so it is
// shown redacted and bounded like server text.
func (e *DecodeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "faceid: %s: reply could not be decoded at byte %d: %s", e.Action, e.Offset,
		redactText(errorText(e.Err), maxMessageRunes))
	writeRequestID(&b, e.RequestID)
	return b.String()
}

// String is used by fmt for a DecodeError value; it reads as Error does.
func (e DecodeError) String() string { return e.Error() }

// GoString is used by %#v; it shows the reply's text as Error does.
func (e DecodeError) GoString() string {
	return fmt.Sprintf("&faceid.DecodeError{Action: %q, Offset: %d, RequestID: %q, Err: %q}",
		e.Action, e.Offset, safeRequestID(e.RequestID), redactText(errorText(e.Err), maxMessageRunes))
}

// Unwrap returns the underlying failure.
func (e *DecodeError) Unwrap() error { return e.Err }

func (e *DecodeError) requestID() string { return e.RequestID }

// errorText is err's text, or "" for nil.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// writeRequestID appends " (RequestId id)" when id is set.
func writeRequestID(b *strings.Builder, id string) {
	if id = safeRequestID(id); id != "" {
		b.WriteString(" (RequestId ")
		b.WriteString(id)
		b.WriteString(")")
	}
}

// IsRetryable reports whether err is worth retrying later with the same
// request, whatever the action: every error matching ErrRateLimited or
// ErrServerError (throttling, server faults, a gateway's 500, 502, 503 or
// 504), and connection failures that prove the request was never sent. A
// timeout or a reset after the request was sent is not reported as
// retryable here, because retrying a billed action could bill twice; the
// client itself retries those for actions that are not billed.
func IsRetryable(err error) bool {
	return classifyForRetry(err) == retrySafe
}

// failureKind is what a failure means: the classes errors.Is matches it
// with and how it may be retried. The error classes, IsRetryable, the
// Retryable methods and the client's retry decision are all read from it.
type failureKind struct {
	classes classSet
	retry   retryKind
}

// classSet is a set of the error classes of API and HTTP errors.
type classSet uint16

// classBit returns the bit that stands for class in a classSet, 0 for the
// classes of other errors.
func classBit(class ErrorClass) classSet {
	switch class {
	case ErrAuthFailure:
		return 1 << 1
	case ErrRateLimited:
		return 1 << 2
	case ErrBizTokenExpired:
		return 1 << 3
	case ErrBizTokenInvalid:
		return 1 << 4
	case ErrRuleIDNotFound:
		return 1 << 5
	case ErrInvalidParameter:
		return 1 << 6
	case ErrAccount:
		return 1 << 7
	case ErrServerError:
		return 1 << 8
	case ErrEncryption:
		return 1 << 9
	}
	return 0
}

// has reports whether class is in the set.
func (s classSet) has(class ErrorClass) bool {
	bit := classBit(class)
	return bit != 0 && s&bit != 0
}

// add puts class in the set.
func (s *classSet) add(class ErrorClass) { *s |= classBit(class) }

// apiFailure says what an API error with this code and message means.
func apiFailure(code, message string) failureKind {
	var k failureKind
	family, _, _ := strings.Cut(code, ".")
	switch family {
	case "AuthFailure":
		k.classes.add(ErrAuthFailure)
	case "RequestLimitExceeded":
		k.classes.add(ErrRateLimited)
	case "UnauthorizedOperation":
		k.classes.add(ErrAccount)
	case "InvalidParameter", "InvalidParameterValue", "MissingParameter", "UnknownParameter":
		k.classes.add(ErrInvalidParameter)
	}
	switch code {
	case codes.FailedRequestLimitExceeded:
		k.classes.add(ErrRateLimited)
	case codes.RuleIDNotExist, codes.RuleIDDisabled:
		k.classes.add(ErrRuleIDNotFound)
	case codes.FailedDecryptSystemError, codes.FailedEncryptSystemError, codes.FailedStsUnAuthErrError,
		codes.InvalidParameterUnsupportEncryptField, codes.InternalErrorEncryptSystemError:
		k.classes.add(ErrEncryption)
	}
	switch bizTokenProblem(family, code, message) {
	case bizTokenExpired:
		k.classes.add(ErrBizTokenExpired)
	case bizTokenInvalid:
		k.classes.add(ErrBizTokenInvalid)
	}
	switch {
	case code == codes.AuthFailureSignatureExpire:
		k.retry = retrySkew
	case code == codes.AuthFailureTokenFailure:
		k.retry = retryToken
	case retryableCode(code) || k.classes.has(ErrRateLimited) || family == "InternalError" || family == "ServiceUnavailable":
		k.retry = retrySafe
		if !k.classes.has(ErrRateLimited) {
			k.classes.add(ErrServerError)
		}
	}
	return k
}

// bizTokenState is what an API error says about the BizToken.
type bizTokenState int

// BizToken problems an API error can report.
const (
	bizTokenOK bizTokenState = iota
	bizTokenExpired
	bizTokenInvalid
)

// bizTokenProblem tells a parameter error about the BizToken from the
// others, whatever code the server uses: Tencent documents both
// InvalidParameterValue.BizTokenIllegal and InvalidParameter with the
// message "非法BizToken。" for a token it does not know.
func bizTokenProblem(family, code, message string) bizTokenState {
	switch code {
	case codes.BizTokenExpired:
		return bizTokenExpired
	case codes.BizTokenIllegal:
		return bizTokenInvalid
	}
	switch family {
	case "InvalidParameter", "InvalidParameterValue", "ResourceNotFound":
	default:
		return bizTokenOK
	}
	// The token is named near the start; a hostile megabyte is not read.
	const head = 256
	text := strings.ToLower(code[:min(len(code), head)] + " " + message[:min(len(message), head)])
	switch {
	case !strings.Contains(text, "biztoken"):
		return bizTokenOK
	case strings.Contains(text, "expire") || strings.Contains(text, "过期"):
		return bizTokenExpired
	}
	return bizTokenInvalid
}

// httpFailure says what a reply with this status that is not an API
// response means. 500 is a gateway's fault like 502, 503 and 504: FaceID's
// own faults come as JSON API errors.
func httpFailure(status int) failureKind {
	switch status {
	case http.StatusTooManyRequests:
		return failureKind{classes: classBit(ErrRateLimited), retry: retrySafe}
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return failureKind{classes: classBit(ErrServerError), retry: retrySafe}
	}
	return failureKind{}
}

// failureOf finds the error of this package in err's chain and says what
// it means. A transport failure is safe to retry only when it proves the
// request was never sent; a reply cut off while it was read may have been
// processed.
func failureOf(err error) failureKind {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.kind()
	}
	var httpErr *HTTPError
	if errors.As(err, &httpErr) {
		return httpFailure(httpErr.StatusCode)
	}
	var tErr *TransportError
	if errors.As(err, &tErr) {
		if tErr.NotSent() {
			return failureKind{retry: retrySafe}
		}
		return failureKind{retry: retryAmbiguous}
	}
	var dErr *DecodeError
	if errors.As(err, &dErr) && (errors.Is(err, io.ErrUnexpectedEOF) || isReadFailure(err)) {
		return failureKind{retry: retryAmbiguous}
	}
	return failureKind{}
}
