package faceidtest

import "encoding/json"

// legacyInput is the GetDetectInfo request body.
type legacyInput struct {
	BizToken string
	RuleID   string `json:"RuleId"`
	InfoType string
}

// getDetectInfo answers the legacy GetDetectInfo.
func (s *Server) getDetectInfo(body []byte) (any, *apiError) {
	var in legacyInput
	if e := decodeBody(body, &in); e != nil {
		return nil, e
	}
	p, e := parseInfoType(in.InfoType, "01234")
	if e != nil {
		return nil, e
	}
	t, e := s.lookupResult(in.BizToken, in.RuleID)
	if e != nil {
		return nil, e
	}
	doc, err := json.Marshal(s.legacyResult(&t, p))
	if err != nil {
		return nil, errInternal()
	}
	return struct{ DetectInfo string }{string(doc)}, nil
}

// legacyResult builds the document inside GetDetectInfo's DetectInfo:
// the parts of the GetDetectInfoEnhanced reply it carries
// (toWireLegacy, generated from the spec's document). Where the enhanced
// reply has no BestFrame, because the flow did not reach the comparison,
// the legacy one has an object of nulls.
func (s *Server) legacyResult(t *token, p parts) wireLegacy {
	full := s.enhancedResult(t, p, 0, false, false)
	out := toWireLegacy(&full)
	if p.frames && out.BestFrame == nil {
		out.BestFrame = &wireLegacyBestFrame{}
	}
	return out
}
