package faceidtest

import (
	"net/http"
	"time"
)

// apiCall is one API request that passed the signature checks and the
// validation against its action's model.
type apiCall struct {
	http *http.Request
	req  *request
	body []byte
	now  time.Time // the server's time when the call arrived
}

// route returns the handler of an action, or nil for an action the
// sandbox does not know.
func (s *Server) route(action string) func(*apiCall) (any, *apiError) {
	switch action {
	// The SaaS flow.
	case "DetectAuth":
		return func(c *apiCall) (any, *apiError) { return s.detectAuth(c.http, c.body) }
	case "GetDetectInfoEnhanced":
		return func(c *apiCall) (any, *apiError) { return s.getDetectInfoEnhanced(c.body) }
	case "GetDetectInfo":
		return func(c *apiCall) (any, *apiError) { return s.getDetectInfo(c.body) }
	case "GetWeChatBillDetails":
		return s.getWeChatBillDetails

	// The token flows: App SDK, eID, device risk, NFC.
	case "GetFaceIdToken":
		return s.getFaceIDToken
	case "GetFaceIdResult":
		return s.getFaceIDResult
	case "GetEidToken":
		return s.getEidToken
	case "CheckEidTokenStatus":
		return s.checkEidTokenStatus
	case "GetEidResult":
		return s.getEidResult
	case "GetFaceidRiskInfoToken":
		return s.getRiskInfoToken
	case "GetFaceIdRiskInfo":
		return s.getRiskInfo
	case "GetNFCToken":
		return s.getNFCToken
	case "GetWxNFCResult":
		return s.getWxNFCResult
	case "ParseNfcData":
		return s.parseNfcData

	// Liveness helpers.
	case "GetLiveCode":
		return s.getLiveCode
	case "GetActionSequence":
		return s.getActionSequence

	// The PaaS checks: one business outcome each.
	case "BankCard2EVerification", "BankCard4EVerification", "BankCardVerification", "CheckBankCardInformation",
		"CheckIdCardInformation", "CheckIdNameDate", "CheckPhoneAndName", "DetectAIFakeFaces",
		"EncryptedPhoneVerification", "IdCardOCRVerification", "IdCardVerification", "ImageRecognition",
		"ImageRecognitionV2", "LivenessCompare", "LivenessRecognition", "MinorsVerification",
		"MobileNetworkTimeVerification", "MobileStatus", "PhoneVerification", "PhoneVerificationCMCC",
		"PhoneVerificationCTCC", "PhoneVerificationCUCC":
		return s.verify
	}
	return nil
}
