package faceid

import "github.com/faceid-go/faceid/codes"

// retryableCode reports the codes whose replies say "try again later":
// throttling, server faults, and the FaceID codes whose messages ask the
// caller to retry (system busy, storage, download and engine failures).
// apiFailure, which every retry decision comes from,
// adds the rest of the InternalError, ServiceUnavailable and
// RequestLimitExceeded families.
func retryableCode(code string) bool {
	switch code {
	case codes.InternalError, codes.InternalErrorUnknown, codes.InternalErrorEncryptSystemError,
		codes.ServiceUnavailable,
		codes.RequestLimitExceeded, codes.RequestLimitExceededIPLimit,
		codes.RequestLimitExceededUinLimit, codes.RequestLimitExceededGlobalRegion,
		codes.FailedUnknown, codes.FailedDBError, codes.FailedDetectEngineSystemError,
		codes.FailedCompareSystemError, codes.FailedLivessSystemError, codes.FailedFileSaveError,
		codes.FailedDownLoadError, codes.FailedDownLoadTimeoutError, codes.FailedLipNetFailed,
		codes.FailedIDPhotoSystemNoanswer, codes.FailedCompareLibServiceUnavailable,
		codes.FailedRequestLimitExceeded:
		return true
	}
	return false
}
