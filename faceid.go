// Package faceid is a client for the Tencent Cloud FaceID (人脸核身) server API.
//
// A merchant verifies that a person is who they claim to be in four steps:
//
//  1. Call [Client.DetectAuth] with a RuleId configured in the FaceID console
//     (and optionally the expected name, ID number or a reference photo). It
//     returns a BizToken, valid for 7,200 seconds, and for WeChat H5 a URL.
//  2. Send the person to that URL (or hand the BizToken to the mini program or
//     App SDK). Tencent's hosted flow reads the ID card, checks liveness and
//     compares the face with the authority database or the uploaded photo.
//  3. The person comes back through the RedirectURL carrying the BizToken.
//     The redirect only carries the token; it says nothing about the outcome.
//  4. Call [Client.GetDetectInfoEnhanced] to pull the authoritative result:
//     text, similarity, ID-card images, best frames and the liveness video.
//     Tencent keeps results for three days only; store what you need.
//
// [DetectInfo.Verdict] turns a result into a decision, taking intention
// verification into account, and [LookupOutcome] explains every outcome code.
//
// A [Client] is safe for concurrent use. Every call takes a context first,
// validates its input before any network traffic, and returns typed errors:
// [*ValidationError], [*APIError], [*HTTPError], [*TransportError] and
// [*DecodeError]. Secrets never appear in logs, errors or fmt output, and
// personal data (names, ID numbers, faces) is masked when printed.
package faceid

//go:generate go run ./internal/faceidgen -spec spec -out .

import "time"

// Service facts used on the wire.
const (
	// Service is the service name used in TC3 credential scopes.
	Service = "faceid"
	// APIVersion is the FaceID API version this package speaks.
	APIVersion = "2018-03-01"
	// DefaultEndpoint is the endpoint used when none is configured.
	DefaultEndpoint = "https://faceid.tencentcloudapi.com"
)

// Lifetimes documented by Tencent.
const (
	// BizTokenLifetime is how long a BizToken can be used to verify a person.
	BizTokenLifetime = 7200 * time.Second
	// ResultRetention is how long Tencent keeps a verification result.
	ResultRetention = 72 * time.Hour
)
