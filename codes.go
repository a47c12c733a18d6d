package faceid

// Error codes of Tencent Cloud API 3.0 shared by every product.
const (
	CodeActionOffline                      = "ActionOffline"
	CodeAuthFailureInvalidAuthorization    = "AuthFailure.InvalidAuthorization"
	CodeAuthFailureInvalidSecretID         = "AuthFailure.InvalidSecretId"
	CodeAuthFailureMFAFailure              = "AuthFailure.MFAFailure"
	CodeAuthFailureSecretIDNotFound        = "AuthFailure.SecretIdNotFound"
	CodeAuthFailureSignatureExpire         = "AuthFailure.SignatureExpire"
	CodeAuthFailureSignatureFailure        = "AuthFailure.SignatureFailure"
	CodeAuthFailureTokenFailure            = "AuthFailure.TokenFailure"
	CodeAuthFailureUnauthorizedOperation   = "AuthFailure.UnauthorizedOperation"
	CodeDryRunOperation                    = "DryRunOperation"
	CodeFailedOperation                    = "FailedOperation"
	CodeInternalError                      = "InternalError"
	CodeInvalidAction                      = "InvalidAction"
	CodeInvalidParameter                   = "InvalidParameter"
	CodeInvalidParameterValue              = "InvalidParameterValue"
	CodeInvalidRequest                     = "InvalidRequest"
	CodeIPInBlacklist                      = "IpInBlacklist"
	CodeIPNotInWhitelist                   = "IpNotInWhitelist"
	CodeLimitExceeded                      = "LimitExceeded"
	CodeMissingParameter                   = "MissingParameter"
	CodeNoSuchProduct                      = "NoSuchProduct"
	CodeNoSuchVersion                      = "NoSuchVersion"
	CodeRequestLimitExceeded               = "RequestLimitExceeded"
	CodeRequestLimitExceededIPLimit        = "RequestLimitExceeded.IPLimitExceeded"
	CodeRequestLimitExceededUinLimit       = "RequestLimitExceeded.UinLimitExceeded"
	CodeRequestLimitExceededGlobalRegion   = "RequestLimitExceeded.GlobalRegionUinLimitExceeded"
	CodeRequestSizeLimitExceeded           = "RequestSizeLimitExceeded"
	CodeResourceInUse                      = "ResourceInUse"
	CodeResourceInsufficient               = "ResourceInsufficient"
	CodeResourceNotFound                   = "ResourceNotFound"
	CodeResourceUnavailable                = "ResourceUnavailable"
	CodeResponseSizeLimitExceeded          = "ResponseSizeLimitExceeded"
	CodeServiceUnavailable                 = "ServiceUnavailable"
	CodeUnauthorizedOperation              = "UnauthorizedOperation"
	CodeUnknownParameter                   = "UnknownParameter"
	CodeUnsupportedOperation               = "UnsupportedOperation"
	CodeUnsupportedProtocol                = "UnsupportedProtocol"
	CodeUnsupportedRegion                  = "UnsupportedRegion"
	CodeInternalErrorUnknown               = "InternalError.UnKnown"
	CodeInternalErrorEncryptSystemError    = "InternalError.EncryptSystemError"
	CodeUnauthorizedOperationActivateError = "UnauthorizedOperation.ActivateError"
	CodeUnauthorizedOperationActivating    = "UnauthorizedOperation.Activating"
	CodeUnauthorizedOperationArrears       = "UnauthorizedOperation.Arrears"
	CodeUnauthorizedOperationChargeStatus  = "UnauthorizedOperation.ChargeStatusException"
	CodeUnauthorizedOperationNonAuthorize  = "UnauthorizedOperation.NonAuthorize"
	CodeUnauthorizedOperationNonactivated  = "UnauthorizedOperation.Nonactivated"
)

// FaceID parameter and token error codes.
const (
	CodeInvalidParameterUnsupportEncryptField = "InvalidParameter.UnsupportEncryptField"
	CodeBizTokenExpired                       = "InvalidParameterValue.BizTokenExpired"
	CodeBizTokenIllegal                       = "InvalidParameterValue.BizTokenIllegal"
	CodeRuleIDDisabled                        = "InvalidParameterValue.RuleIdDisabled"
	CodeRuleIDNotExist                        = "InvalidParameterValue.RuleIdNotExist"
	CodeInvalidTokenParameter                 = "FailedOperation.InvalidTokenParameter"
)

// FaceID system, crypto and identity-source error codes (FailedOperation family).
const (
	CodeFailedUnknown                      = "FailedOperation.UnKnown"
	CodeFailedDBError                      = "FailedOperation.DbError"
	CodeFailedFileSaveError                = "FailedOperation.FileSaveError"
	CodeFailedDetectEngineSystemError      = "FailedOperation.DetectEngineSystemError"
	CodeFailedRequestLimitExceeded         = "FailedOperation.RequestLimitExceeded"
	CodeFailedDecryptSystemError           = "FailedOperation.DecryptSystemError"
	CodeFailedEncryptSystemError           = "FailedOperation.EncryptSystemError"
	CodeFailedStsUnAuthErrError            = "FailedOperation.StsUnAuthErrError"
	CodeFailedIDFormatError                = "FailedOperation.IdFormatError"
	CodeFailedNameFormatError              = "FailedOperation.NameFormatError"
	CodeFailedIDNameMisMatch               = "FailedOperation.IdNameMisMatch"
	CodeFailedIDNoExistSystem              = "FailedOperation.IdNoExistSystem"
	CodeFailedIDPhotoNoExist               = "FailedOperation.IdPhotoNoExist"
	CodeFailedIDPhotoPoorQuality           = "FailedOperation.IdPhotoPoorQuality"
	CodeFailedIDPhotoSystemNoanswer        = "FailedOperation.IdPhotoSystemNoanswer"
	CodeFailedIdentityAuthLimitExceeded    = "FailedOperation.IdentityAuthLimitExceeded"
	CodeFailedCompareLibServiceUnavailable = "FailedOperation.CompareLibServiceUnavailable"
	CodeFailedUnregisteredEid              = "FailedOperation.UnregisteredEid"
	CodeFailedCompareFail                  = "FailedOperation.CompareFail"
	CodeFailedCompareLowSimilarity         = "FailedOperation.CompareLowSimilarity"
	CodeFailedCompareSystemError           = "FailedOperation.CompareSystemError"
	CodeFailedDownLoadError                = "FailedOperation.DownLoadError"
	CodeFailedDownLoadTimeoutError         = "FailedOperation.DownLoadTimeoutError"
	CodeFailedImageSizeTooLarge            = "FailedOperation.ImageSizeTooLarge"
	CodeFailedLipNetFailed                 = "FailedOperation.LipNetFailed"
	CodeFailedLivessSystemError            = "FailedOperation.LivessSystemError"
)

// retryableCode reports the codes whose replies say "try again later":
// throttling, server faults, and the FaceID codes whose messages ask the
// caller to retry (system busy, storage, download and engine failures).
// apiFailure, which every retry decision comes from,
// adds the rest of the InternalError, ServiceUnavailable and
// RequestLimitExceeded families.
func retryableCode(code string) bool {
	switch code {
	case CodeInternalError, CodeInternalErrorUnknown, CodeInternalErrorEncryptSystemError,
		CodeServiceUnavailable,
		CodeRequestLimitExceeded, CodeRequestLimitExceededIPLimit,
		CodeRequestLimitExceededUinLimit, CodeRequestLimitExceededGlobalRegion,
		CodeFailedUnknown, CodeFailedDBError, CodeFailedDetectEngineSystemError,
		CodeFailedCompareSystemError, CodeFailedLivessSystemError, CodeFailedFileSaveError,
		CodeFailedDownLoadError, CodeFailedDownLoadTimeoutError, CodeFailedLipNetFailed,
		CodeFailedIDPhotoSystemNoanswer, CodeFailedCompareLibServiceUnavailable,
		CodeFailedRequestLimitExceeded:
		return true
	}
	return false
}

// FaceID photo, video and liveness error codes (FailedOperation family). PaaS
// actions usually report these in a reply's Result field rather than as an
// error; the spelling is Tencent's, typos included.
const (
	CodeFailedLifePhotoDetectFaces   = "FailedOperation.LifePhotoDetectFaces"
	CodeFailedLifePhotoDetectFake    = "FailedOperation.LifePhotoDetectFake"
	CodeFailedLifePhotoDetectNoFaces = "FailedOperation.LifePhotoDetectNoFaces"
	CodeFailedLifePhotoPoorQuality   = "FailedOperation.LifePhotoPoorQuality"
	CodeFailedLifePhotoSizeError     = "FailedOperation.LifePhotoSizeError"
	CodeFailedCoveredFace            = "FailedOperation.CoveredFace"
	CodeFailedIncompleteFace         = "FailedOperation.IncompleteFace"
	CodeFailedPoorImageQuality       = "FailedOperation.PoorImageQuality"
	CodeFailedImageBlur              = "FailedOperation.ImageBlur"
	CodeFailedImageDecodeFailed      = "FailedOperation.ImageDecodeFailed"
	CodeFailedImageNoIDCard          = "FailedOperation.ImageNoIdCard"
	CodeFailedEmptyImageError        = "FailedOperation.EmptyImageError"
	CodeFailedOcrFailed              = "FailedOperation.OcrFailed"
	CodeFailedCompressVideoError     = "FailedOperation.CompressVideoError"
	CodeFailedVideoDecodeFailed      = "FailedOperation.VideoDecodeFailed"
	CodeFailedVideoDurationExceeded  = "FailedOperation.VideoDurationExceeded"
	CodeFailedActionCloseEye         = "FailedOperation.ActionCloseEye"
	CodeFailedActionFaceClose        = "FailedOperation.ActionFaceClose"
	CodeFailedActionFaceFar          = "FailedOperation.ActionFaceFar"
	CodeFailedActionFaceLeft         = "FailedOperation.ActionFaceLeft"
	CodeFailedActionFaceRight        = "FailedOperation.ActionFaceRight"
	CodeFailedActionFirstAction      = "FailedOperation.ActionFirstAction"
	CodeFailedActionLightDark        = "FailedOperation.ActionLightDark"
	CodeFailedActionLightStrong      = "FailedOperation.ActionLightStrong"
	CodeFailedActionNodetectFace     = "FailedOperation.ActionNodetectFace"
	CodeFailedActionOpenMouth        = "FailedOperation.ActionOpenMouth"
	CodeFailedLipFaceIncomplete      = "FailedOperation.LipFaceIncomplete"
	CodeFailedLipMoveSmall           = "FailedOperation.LipMoveSmall"
	CodeFailedLipSizeError           = "FailedOperation.LipSizeError"
	CodeFailedLipVideoInvalid        = "FailedOperation.LipVideoInvalid"
	CodeFailedLipVideoQuaility       = "FailedOperation.LipVideoQuaility"
	CodeFailedLipVoiceDetect         = "FailedOperation.LipVoiceDetect"
	CodeFailedLipVoiceLow            = "FailedOperation.LipVoiceLow"
	CodeFailedLipVoiceRecognize      = "FailedOperation.LipVoiceRecognize"
	CodeFailedLivessBestFrameError   = "FailedOperation.LivessBestFrameError"
	CodeFailedLivessDetectFail       = "FailedOperation.LivessDetectFail"
	CodeFailedLivessDetectFake       = "FailedOperation.LivessDetectFake"
	CodeFailedLivessUnknownError     = "FailedOperation.LivessUnknownError"
	CodeFailedSilentDetectFail       = "FailedOperation.SilentDetectFail"
	CodeFailedSilentEyeLiveFail      = "FailedOperation.SilentEyeLiveFail"
	CodeFailedSilentFaceDetectFail   = "FailedOperation.SilentFaceDetectFail"
	CodeFailedSilentFaceQualityFail  = "FailedOperation.SilentFaceQualityFail"
	CodeFailedSilentFaceWithMaskFail = "FailedOperation.SilentFaceWithMaskFail"
	CodeFailedSilentMouthLiveFail    = "FailedOperation.SilentMouthLiveFail"
	CodeFailedSilentMultiFaceFail    = "FailedOperation.SilentMultiFaceFail"
	CodeFailedSilentPictureLiveFail  = "FailedOperation.SilentPictureLiveFail"
	CodeFailedSilentThreshold        = "FailedOperation.SilentThreshold"
	CodeFailedSilentTooShort         = "FailedOperation.SilentTooShort"
)
