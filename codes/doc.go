// Package codes names the error codes of the Tencent Cloud API and of
// FaceID, as found in APIError.Code: for example
//
//	var apiErr *faceid.APIError
//	if errors.As(err, &apiErr) && apiErr.Code == codes.RuleIDNotExist { … }
//
// Most callers need only the error classes of package faceid, matched with
// errors.Is (faceid.ErrRuleIDNotFound, faceid.ErrRateLimited, …). The
// constants are generated from the project's API spec.
package codes
