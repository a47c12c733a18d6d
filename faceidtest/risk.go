package faceidtest

import (
	"crypto/sha256"
	"encoding/hex"
)

// The device-risk flow: GetFaceidRiskInfoToken issues a FaceIdToken (10
// minutes, single use) for the risk SDK; GetFaceIdRiskInfo reports the
// device's risk for it, or for a FaceIdToken of the App SDK flow. The
// sandbox's devices are always low risk.

// getRiskInfoToken starts a device-risk session.
func (s *Server) getRiskInfoToken(c *apiCall) (any, *apiError) {
	t := newToken(flowRisk, c.now)
	t.extra = c.req.str("Extra")
	s.addToken(t)
	return s.shape(c.req.action.response, map[string]any{"FaceIdToken": t.id}), nil
}

// getRiskInfo answers GetFaceIdRiskInfo while the token lives.
func (s *Server) getRiskInfo(c *apiCall) (any, *apiError) {
	t, e := s.lookupToken("FaceIdToken", c.req.str("FaceIdToken"), flowRisk, flowFaceID)
	if e != nil {
		return nil, e
	}
	if !c.now.Before(t.verifyUntil()) {
		return nil, errBizTokenExpired()
	}
	device := sha256.Sum256([]byte("device:" + t.id))
	return s.shape(c.req.action.response, map[string]any{
		"DeviceInfoLevel": 1,
		"OpenId":          hex.EncodeToString(device[:16]),
		"CameraInfoLevel": 1,
		"Extra":           t.extra,
	}), nil
}
