package faceidtest

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
)

// The App SDK flow: GetFaceIdToken issues a FaceIdToken (10 minutes, one
// verification), the person verifies in the App SDK (Complete or
// CompleteAuto here), GetFaceIdResult pulls the result for 3 days.

// lookupToken finds a token of one of the given kinds whose result can
// still be pulled: an unknown token is InvalidParameterValue.BizTokenIllegal,
// one past its result retention InvalidParameterValue.BizTokenExpired.
func (s *Server) lookupToken(member, id string, kinds ...flowKind) (token, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[id]
	if !ok || !slices.Contains(kinds, t.kind) {
		return token{}, errTokenIllegal(member)
	}
	if !s.clock.Now().Before(t.resultsUntil()) {
		return token{}, errBizTokenExpired()
	}
	return t.snapshot(), nil
}

// getFaceIDToken starts an App SDK flow. BUSINESS compares with the
// authority photo of IdCard and Name, LOCAL with the ImageBase64 sent.
func (s *Server) getFaceIDToken(c *apiCall) (any, *apiError) {
	r := c.req
	switch lib := r.str("CompareLib"); {
	case lib == "BUSINESS" && (!r.has("IdCard") || !r.has("Name")):
		return nil, errNeeds("IdCard、Name", "CompareLib 为 BUSINESS / CompareLib is BUSINESS")
	case lib == "LOCAL" && !r.has("ImageBase64"):
		return nil, errNeeds("ImageBase64", "CompareLib 为 LOCAL / CompareLib is LOCAL")
	}
	t := newToken(flowFaceID, c.now)
	t.rule = s.rules[r.str("RuleId")]
	t.name, t.idCard, t.extra, t.hasImage = r.str("Name"), r.str("IdCard"), r.str("Extra"), r.has("ImageBase64")
	s.addToken(t)
	config, _ := json.Marshal(struct {
		Endpoint, FaceIDToken string
		Sandbox               bool
	}{s.baseURL(c.http), t.id, true})
	return s.shape(r.action.response, map[string]any{
		"FaceIdToken":  t.id,
		"ClientConfig": base64.StdEncoding.EncodeToString(config),
	}), nil
}

// getFaceIDResult answers GetFaceIdResult: Result "17" (flow not
// completed) before the person finishes, "15" (token expired) when they
// never did within the 10 minutes, else the outcome with its similarity
// and, on request, the best frame and the video.
func (s *Server) getFaceIDResult(c *apiCall) (any, *apiError) {
	r := c.req
	t, e := s.lookupToken("FaceIdToken", r.str("FaceIdToken"), flowFaceID)
	if e != nil {
		return nil, e
	}
	v := map[string]any{"IdCard": t.idCard, "Name": t.name, "Extra": t.extra, "Similarity": 0.0}
	last, finished := lastAttempt(&t)
	code := 17
	switch {
	case finished:
		code = last.outcome.ErrCode
	case !c.now.Before(t.verifyUntil()):
		code = 15
	}
	v["Result"], v["Description"] = strconv.Itoa(code), codeMessage(code)
	if finished {
		if p := sim(last.outcome); p != nil {
			f, _ := strconv.ParseFloat(*p, 64)
			v["Similarity"] = f
		}
		if r.boolean("IsNeedBestFrame") && reachedCompare(code) {
			v["BestFrameBase64"] = s.media.bestFrame.b64
		}
		if r.boolean("IsNeedVideo") && reachedLiveness(code) {
			v["VideoBase64"] = s.media.livenessVideo.b64
		}
		if code == 1007 {
			v["RiskInfoTag"] = "02"
		}
	}
	return s.shape(r.action.response, v), nil
}
