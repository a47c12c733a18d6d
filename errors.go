package faceid

import (
	"errors"
	"fmt"
	"net"
	"strings"
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
	// ErrBizTokenExpired matches InvalidParameterValue.BizTokenExpired: the
	// token's verification window or its 3-day result retention is over.
	ErrBizTokenExpired ErrorClass = "faceid: BizToken expired"
	// ErrBizTokenInvalid matches InvalidParameterValue.BizTokenIllegal.
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
	// InternalError*, ServiceUnavailable and FaceID "system busy" codes.
	ErrServerError ErrorClass = "faceid: server error"
	// ErrEncryption matches the encryption failures (DecryptSystemError,
	// EncryptSystemError, StsUnAuthErrError, UnsupportEncryptField).
	ErrEncryption ErrorClass = "faceid: encryption failed"
	// ErrResponseTooLarge matches a [*DecodeError] raised because the reply
	// exceeded the client's response size limit.
	ErrResponseTooLarge ErrorClass = "faceid: reply exceeds the response size limit"
)

// APIError is an error reported by the FaceID service in Response.Error.
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
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(redactText(e.Message, 200))
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// GoString is used by %#v; it shows the message redacted, as Error does.
func (e *APIError) GoString() string {
	return fmt.Sprintf("&faceid.APIError{Action: %q, Code: %q, Message: %q, RequestID: %q, HTTPStatus: %d}",
		e.Action, e.Code, redactText(e.Message, 200), e.RequestID, e.HTTPStatus)
}

// Is reports whether the error belongs to the class target.
func (e *APIError) Is(target error) bool {
	class, ok := target.(ErrorClass)
	return ok && codeInClass(e.Code, class)
}

// Retryable reports whether the code says the same request may succeed later.
func (e *APIError) Retryable() bool { return retryableCode(e.Code) }

// codeInClass reports whether an API error code belongs to an error class.
func codeInClass(code string, class ErrorClass) bool {
	family, _, _ := strings.Cut(code, ".")
	switch class {
	case ErrAuthFailure:
		return family == "AuthFailure"
	case ErrRateLimited:
		return family == "RequestLimitExceeded" || code == CodeFailedRequestLimitExceeded
	case ErrAccount:
		return family == "UnauthorizedOperation"
	case ErrInvalidParameter:
		switch family {
		case "InvalidParameter", "InvalidParameterValue", "MissingParameter", "UnknownParameter":
			return true
		}
	case ErrBizTokenExpired:
		return code == CodeBizTokenExpired
	case ErrBizTokenInvalid:
		return code == CodeBizTokenIllegal
	case ErrRuleIDNotFound:
		return code == CodeRuleIDNotExist || code == CodeRuleIDDisabled
	case ErrEncryption:
		switch code {
		case CodeFailedDecryptSystemError, CodeFailedEncryptSystemError, CodeFailedStsUnAuthErrError,
			CodeInvalidParameterUnsupportEncryptField, CodeInternalErrorEncryptSystemError:
			return true
		}
	case ErrServerError:
		return retryableCode(code) && !codeInClass(code, ErrRateLimited)
	}
	return false
}

// ValidationError reports a request refused before any network call.
type ValidationError struct {
	// Action is the API action whose request was refused.
	Action string
	// Field names the offending field, e.g. "DetectAuthRequest.IDCard".
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
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	msg := fmt.Sprintf("faceid: %s: HTTP %d reply (%s) is not a FaceID API response", e.Action, e.StatusCode, ct)
	if e.Sample != "" {
		msg += fmt.Sprintf("; body starts %q", e.Sample)
	}
	if e.RequestID != "" {
		msg += " (RequestId " + e.RequestID + ")"
	}
	return msg
}

// Retryable reports whether the status is a gateway hiccup (502, 503, 504)
// or throttling (429) that may clear on a later attempt.
func (e *HTTPError) Retryable() bool {
	switch e.StatusCode {
	case 429, 502, 503, 504:
		return true
	}
	return false
}

// Is makes errors.Is(err, ErrServerError) true for 5xx and
// errors.Is(err, ErrRateLimited) true for 429.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrServerError:
		return e.StatusCode >= 500
	case ErrRateLimited:
		return e.StatusCode == 429
	}
	return false
}

// TransportError reports a failure to send a request or to receive its reply:
// DNS, connection, TLS, timeout or cancellation. It wraps the cause, so
// errors.Is(err, context.DeadlineExceeded) works.
type TransportError struct {
	// Action is the API action that was called.
	Action string
	// Err is the underlying failure.
	Err error
}

// Error implements error.
func (e *TransportError) Error() string {
	return "faceid: " + e.Action + ": request failed: " + e.Err.Error()
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

// Error implements error.
func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("faceid: %s: reply could not be decoded at byte %d: %v", e.Action, e.Offset, e.Err)
	if e.RequestID != "" {
		msg += " (RequestId " + e.RequestID + ")"
	}
	return msg
}

// Unwrap returns the underlying failure.
func (e *DecodeError) Unwrap() error { return e.Err }

// IsRetryable reports whether err is worth retrying later with the same
// request, whatever the action: throttling, server faults, gateway errors,
// and connection failures that prove the request was never sent. A timeout
// or a reset after the request was sent is not reported as retryable here,
// because retrying a billed action could bill twice.
func IsRetryable(err error) bool {
	return classifyForRetry(err) == retrySafe
}
