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

// legacyResult builds the document inside GetDetectInfo's DetectInfo.
func (s *Server) legacyResult(t *token, p parts) wireLegacy {
	var out wireLegacy
	last, finished := lastAttempt(t)
	if p.text {
		out.Text = legacyText(s.text(t))
	}
	m := s.media
	if p.idImages {
		out.IDCardData = &wireLegacyIDCardData{}
		if finished {
			out.IDCardData.OcrFront, out.IDCardData.OcrBack = &m.ocrFront.b64, &m.ocrBack.b64
		}
	}
	if p.frames {
		out.BestFrame = &wireLegacyBestFrame{}
		if finished && reachedCompare(last.outcome.ErrCode) {
			out.BestFrame.BestFrame = &m.bestFrame.b64
		}
	}
	if p.video {
		out.VideoData = &wireLegacyVideoData{}
		if finished && reachedLiveness(last.outcome.ErrCode) {
			out.VideoData.LivenessVideo = &m.livenessVideo.b64
		}
	}
	return out
}

// legacyText converts a Text block to the legacy shape.
func legacyText(t *wireDetectText) *wireLegacyText {
	l := &wireLegacyText{
		ErrCode: t.ErrCode, ErrMsg: t.ErrMsg, IDCard: t.IDCard, Name: t.Name,
		OcrNation: t.OcrNation, OcrAddress: t.OcrAddress, OcrBirth: t.OcrBirth, OcrAuthority: t.OcrAuthority,
		OcrValidDate: t.OcrValidDate, OcrName: t.OcrName, OcrIDCard: t.OcrIDCard, OcrGender: t.OcrGender,
		LiveStatus: t.LiveStatus, LiveMsg: t.LiveMsg, CompareStatus: t.CompareStatus, CompareMsg: t.CompareMsg,
		Sim: t.Sim, Location: t.Location, Extra: t.Extra,
	}
	for _, d := range t.LivenessDetail {
		l.Detail.LivenessData = append(l.Detail.LivenessData, wireLegacyAttempt{
			ErrCode: deref(d.ErrCode), ErrMsg: deref(d.ErrMsg), ReqTime: deref(d.ReqTime), IDCard: deref(d.IDCard), Name: deref(d.Name),
		})
	}
	return l
}

// deref is the value p points to, or the zero value when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// Legacy GetDetectInfo shapes: the DetectInfo string holds a wireLegacy
// document; blocks not asked for by InfoType are absent.

type wireLegacy struct {
	Text       *wireLegacyText       `json:",omitempty"`
	IDCardData *wireLegacyIDCardData `json:"IdCardData,omitempty"`
	BestFrame  *wireLegacyBestFrame  `json:",omitempty"`
	VideoData  *wireLegacyVideoData  `json:",omitempty"`
}

type wireLegacyText struct {
	ErrCode       *int
	ErrMsg        *string
	IDCard        *string `json:"IdCard"`
	Name          *string
	OcrNation     *string
	OcrAddress    *string
	OcrBirth      *string
	OcrAuthority  *string
	OcrValidDate  *string
	OcrName       *string
	OcrIDCard     *string `json:"OcrIdCard"`
	OcrGender     *string
	LiveStatus    *int
	LiveMsg       *string
	CompareStatus *int    `json:"Comparestatus"`
	CompareMsg    *string `json:"Comparemsg"`
	Sim           *string
	Location      *string
	Extra         *string
	Detail        struct {
		LivenessData []wireLegacyAttempt
	}
}

type wireLegacyAttempt struct {
	ErrCode int
	ErrMsg  string
	ReqTime string
	IDCard  string `json:"IdCard"`
	Name    string
}

type wireLegacyIDCardData struct {
	OcrFront *string
	OcrBack  *string
}

type wireLegacyBestFrame struct {
	BestFrame *string
}

type wireLegacyVideoData struct {
	LivenessVideo *string
}
