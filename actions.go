package faceid

// Billing decides what may be retried after an ambiguous failure: a request
// that may have reached the server (a timeout after sending, a connection
// reset mid-reply, a cut-off reply) is retried only for actions that are
// not billed per call. Billed actions are retried only when the failure
// proves the request was not processed (a refused connection, throttling,
// a server error reply).

// ActionBilled reports whether an action is billed per call, according to
// Tencent's pricing of the 38 FaceID actions. Unknown actions count as
// billed, the safe side.
func ActionBilled(action string) bool {
	billed, known := actionBilling(action)
	return billed || !known
}

// actionBilling returns whether an action is billed per call and whether it
// is one of the 38 actions of API version 2018-03-01.
func actionBilling(action string) (billed, known bool) {
	switch action {
	// SaaS flow: starting a flow and reading results are free; the
	// verification inside Tencent's hosted flow is billed, not these calls.
	case "DetectAuth", "GetDetectInfoEnhanced", "GetDetectInfo",
		// Token and result reads of the App-SDK, E证通 and NFC flows.
		"GetEidToken", "GetEidResult", "CheckEidTokenStatus",
		"GetFaceIdToken", "GetFaceIdResult", "GetFaceidRiskInfoToken",
		"GetNFCToken", "GetLiveCode", "GetActionSequence", "GetWeChatBillDetails":
		return false, true
	// Verifications, billed per call.
	case "IdCardVerification", "IdCardOCRVerification", "CheckIdCardInformation", "CheckIdNameDate",
		"ImageRecognition", "ImageRecognitionV2", "LivenessCompare", "LivenessRecognition",
		"DetectAIFakeFaces", "GetFaceIdRiskInfo",
		"PhoneVerification", "PhoneVerificationCMCC", "PhoneVerificationCTCC", "PhoneVerificationCUCC",
		"EncryptedPhoneVerification", "CheckPhoneAndName", "MobileStatus", "MobileNetworkTimeVerification",
		"MinorsVerification", "BankCardVerification", "BankCard2EVerification", "BankCard4EVerification",
		"CheckBankCardInformation", "GetWxNFCResult", "ParseNfcData":
		return true, true
	}
	return true, false
}
