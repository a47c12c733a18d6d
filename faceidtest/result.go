package faceidtest

import (
	"cmp"
	"strconv"

	"github.com/faceid-go/faceid"
)

// Fictional OCR text reported for every card.
const (
	fictionalNation    = "汉"
	fictionalAddress   = "北京市东城区测试路1号"
	fictionalAuthority = "测试市公安局示例分局"
)

// enhancedInput is the GetDetectInfoEnhanced request body.
type enhancedInput struct {
	BizToken           string
	RuleID             string `json:"RuleId"`
	InfoType           string
	BestFramesCount    uint64
	IsCutIDCardImage   bool `json:"IsCutIdCardImage"`
	IsNeedIDCardAvatar bool `json:"IsNeedIdCardAvatar"`
	IsEncrypt          bool
	Encryption         *encryptionInput
	IsEncryptResponse  bool
	IsReturnAllVideo   bool
}

// parts are the blocks selected by InfoType.
type parts struct {
	text, idImages, frames, video, readAloud, intention bool
}

// parseInfoType reads InfoType digits; "" and any "0" select everything.
func parseInfoType(s, allowed string) (parts, *apiError) {
	all := s == ""
	var p parts
	for i := range len(s) {
		c := s[i]
		if !containsByte(allowed, c) {
			return p, errInvalidParameterValue("InfoType 只能由 "+allowed+" 中的数字组成。",
				"InfoType must be made of the digits "+allowed+".")
		}
		switch c {
		case '0':
			all = true
		case '1':
			p.text = true
		case '2':
			p.idImages = true
		case '3':
			p.frames = true
		case '4':
			p.video = true
		case '5':
			p.readAloud = true
		case '6':
			p.intention = true
		}
	}
	if all {
		return parts{true, true, true, true, true, true}, nil
	}
	return p, nil
}

func containsByte(s string, b byte) bool {
	for i := range len(s) {
		if s[i] == b {
			return true
		}
	}
	return false
}

// lookupResult finds the token whose result is asked for.
func (s *Server) lookupResult(bizToken, ruleID string) (token, *apiError) {
	switch {
	case bizToken == "":
		return token{}, errMissingParameter("BizToken")
	case ruleID == "":
		return token{}, errMissingParameter("RuleId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[bizToken]
	if !ok || t.kind != flowBiz {
		return token{}, errBizTokenIllegal()
	}
	if t.rule.ID != ruleID {
		return token{}, errRuleIDNotExist()
	}
	if !s.clock.Now().Before(t.resultsUntil()) {
		return token{}, errBizTokenExpired()
	}
	return t.snapshot(), nil
}

// getDetectInfoEnhanced answers GetDetectInfoEnhanced.
func (s *Server) getDetectInfoEnhanced(body []byte) (any, *apiError) {
	var in enhancedInput
	if e := decodeBody(body, &in); e != nil {
		return nil, e
	}
	p, e := parseInfoType(in.InfoType, "0123456")
	if e != nil {
		return nil, e
	}
	t, e := s.lookupResult(in.BizToken, in.RuleID)
	if e != nil {
		return nil, e
	}
	frames := int(min(in.BestFramesCount, maxBestFrames))
	return s.enhancedResult(&t, p, frames, in.IsCutIDCardImage, in.IsNeedIDCardAvatar), nil
}

// lastAttempt returns the attempt that decides the result.
func lastAttempt(t *token) (attempt, bool) {
	if len(t.attempts) == 0 {
		return attempt{}, false
	}
	return t.attempts[len(t.attempts)-1], true
}

// reachedCompare reports whether a flow ending with code got past
// liveness, so that a best frame exists.
func reachedCompare(code int) bool { return code == 0 || code >= 2000 }

// reachedLiveness reports whether a flow ending with code recorded a
// liveness video.
func reachedLiveness(code int) bool { return code == 0 || code >= 1000 }

// enhancedResult builds a GetDetectInfoEnhanced reply.
func (s *Server) enhancedResult(t *token, p parts, frames int, cut, avatar bool) wireDetectInfo {
	out := wireDetectInfo{
		Encryption:          &wireEncryption{EncryptList: []string{}, TagList: []string{}},
		EncryptedBody:       ptr(""),
		IsVerifyIntention:   t.intention != 0,
		IntentionVerifyType: ptr(verifyType(t.intention)),
	}
	if p.text {
		out.Text = s.text(t)
	}
	last, finished := lastAttempt(t)
	if !finished {
		// Before the person finishes: objects of nulls, as Tencent sends.
		if p.idImages {
			out.IDCardData = &wireIDCardData{}
		}
		if p.video {
			out.VideoData = &wireVideoData{}
		}
		return out
	}
	code, m := last.outcome.ErrCode, s.media
	if p.idImages {
		d := &wireIDCardData{OcrFront: &m.ocrFront.b64, OcrBack: &m.ocrBack.b64}
		if cut {
			d.ProcessedFrontImage, d.ProcessedBackImage = &m.processedFront.b64, &m.processedBack.b64
		}
		if avatar {
			d.Avatar = &m.avatar.b64
		}
		out.IDCardData = d
	}
	if p.frames && reachedCompare(code) {
		bf := &wireBestFrame{BestFrame: &m.bestFrame.b64}
		for i := range frames {
			bf.BestFrames = append(bf.BestFrames, m.frames[i].b64)
		}
		out.BestFrame = bf
	}
	if p.video {
		out.VideoData = &wireVideoData{}
		if reachedLiveness(code) {
			out.VideoData.LivenessVideo = &m.livenessVideo.b64
		}
	}
	if code == 0 {
		s.intentionResult(&out, t, last.outcome.intentionCode(), p)
	}
	return out
}

// verifyType is IntentionVerifyType for a mode.
func verifyType(mode faceid.IntentionMode) string {
	switch mode {
	case faceid.IntentionModeQuestion:
		return "0"
	case faceid.IntentionModeAction:
		return "1"
	case faceid.IntentionModeReadAloud:
		return "2"
	}
	return ""
}

// intentionResult fills the intention block of the flow's mode.
func (s *Server) intentionResult(out *wireDetectInfo, t *token, code int, p parts) {
	m := s.media
	o := faceid.LookupIntentionOutcome(t.intention, code)
	msg := cmp.Or(o.MessageZH, "未知错误")
	passed := code == 0
	switch t.intention {
	case faceid.IntentionModeReadAloud:
		if !p.readAloud {
			return
		}
		asr := t.readText
		if !passed {
			asr = ""
		}
		out.IntentionVerifyData = &wireIntentionVerifyData{
			IntentionVerifyVideo:     &m.intentionVideo.b64,
			AsrResult:                &asr,
			ErrorCode:                &code,
			ErrorMessage:             &msg,
			IntentionVerifyBestFrame: &m.intentionFrame.b64,
			AsrResultSimilarity:      ptr(""),
			IntentionVerifyAudio:     &m.audio.b64,
		}
	case faceid.IntentionModeQuestion:
		if !p.intention {
			return
		}
		q := &wireIntentionQuestionResult{FinalResultDetailCode: &code, FinalResultMessage: &msg, Video: &m.intentionVideo.b64}
		for i, round := range t.questions {
			result, answer := "0", round.answers[0]
			if !passed && i == len(t.questions)-1 {
				result, answer = "-1", "否"
			}
			q.ScreenShot = append(q.ScreenShot, m.screenshot.b64)
			q.ResultCode = append(q.ResultCode, result)
			q.AsrResult = append(q.AsrResult, answer)
			q.Audios = append(q.Audios, m.audio.b64)
		}
		switch {
		case passed:
			q.FinalResultCode = ptr("0")
		case code == -800:
			q.FinalResultCode = ptr("-2")
		default:
			q.FinalResultCode = ptr("-1")
		}
		out.IntentionQuestionResult = q
	case faceid.IntentionModeAction:
		if !p.intention {
			return
		}
		a := &wireIntentionActionResult{FinalResultDetailCode: &code, FinalResultMessage: &msg}
		for range t.actions {
			a.Details = append(a.Details, wireIntentionActionDetail{Video: &m.intentionVideo.b64, ScreenShot: []string{m.screenshot.b64}})
		}
		out.IntentionActionResult = a
	}
}

// text builds the Text block: nulls except Extra before the person
// finishes, the last attempt's outcome afterwards.
func (s *Server) text(t *token) *wireDetectText {
	extra := t.extra
	last, finished := lastAttempt(t)
	if !finished {
		return &wireDetectText{Extra: &extra, LivenessDetail: []wireDetectDetail{}}
	}
	o := last.outcome
	name, idCard := cmp.Or(t.name, FictionalName), cmp.Or(t.idCard, FictionalIDCard)
	birth, gender, valid := ocrFields(idCard)
	live, compare := stageCodes(o.ErrCode)
	libType := "权威库"
	if t.hasImage {
		libType = "业务方自有库"
	}
	mode := cmp.Or(t.rule.LivenessMode, 3)
	txt := &wireDetectText{
		ErrCode:                ptr(o.ErrCode),
		ErrMsg:                 ptr(codeMessage(o.ErrCode)),
		IDCard:                 &idCard,
		UseIDType:              ptr(0),
		Name:                   &name,
		OcrNation:              ptr(fictionalNation),
		OcrAddress:             ptr(fictionalAddress),
		OcrBirth:               ptr(birth),
		OcrAuthority:           ptr(fictionalAuthority),
		OcrValidDate:           ptr(valid),
		OcrName:                &name,
		OcrIDCard:              &idCard,
		OcrGender:              ptr(gender),
		IDInfoFrom:             ptr("OCR"),
		LiveStatus:             live,
		LiveMsg:                codeMessagePtr(live),
		CompareStatus:          compare,
		CompareMsg:             codeMessagePtr(compare),
		Sim:                    sim(o),
		Extra:                  &extra,
		LivenessInfoTag:        []string{},
		Mobile:                 ptr(""),
		CompareLibType:         &libType,
		LivenessMode:           &mode,
		NFCRequestIDs:          []string{},
		NFCBillingCounts:       ptr(0),
		PassNo:                 ptr(""),
		VisaNum:                ptr(""),
		LivenessActionSequence: ptr(""),
	}
	detailLib := "商业库" // Tencent's enum drift: the detail names the source differently
	if t.hasImage {
		detailLib = libType
	}
	for _, a := range t.attempts {
		live, compare := stageCodes(a.outcome.ErrCode)
		attemptSim := "0.00"
		if p := sim(a.outcome); p != nil {
			attemptSim = *p
		}
		txt.LivenessDetail = append(txt.LivenessDetail, wireDetectDetail{
			ReqTime:        ptr(strconv.FormatInt(a.at.UnixMilli(), 10)),
			Seq:            ptr(a.seq),
			IDCard:         &idCard,
			Name:           &name,
			Sim:            &attemptSim,
			IsNeedCharge:   ptr(faceid.LookupOutcome(a.outcome.ErrCode).Billed),
			ErrCode:        ptr(a.outcome.ErrCode),
			ErrMsg:         ptr(codeMessage(a.outcome.ErrCode)),
			LiveStatus:     live,
			LiveMsg:        codeMessagePtr(live),
			CompareStatus:  compare,
			CompareMsg:     codeMessagePtr(compare),
			CompareLibType: &detailLib,
			LivenessMode:   &mode,
		})
	}
	return txt
}

// stageCodes splits a result code into LiveStatus and Comparestatus: 1xxx
// codes fail liveness (no compare), 2xxx and 3xxx fail the compare after a
// passed liveness, codes below 1000 stop the flow before either stage.
func stageCodes(code int) (live, compare *int) {
	switch {
	case code == 0:
		return ptr(0), ptr(0)
	case code >= 1000 && code < 2000:
		return ptr(code), nil
	case code >= 2000 && code < 4000:
		return ptr(0), ptr(code)
	}
	return nil, nil
}

// sim is the similarity reported for an outcome.
func sim(o Outcome) *string {
	if o.Sim != "" {
		return ptr(o.Sim)
	}
	switch o.ErrCode {
	case 0:
		return ptr("95.27")
	case 2016, 3011:
		return ptr("41.50")
	case 2011, 2015, 3012:
		return ptr("58.06")
	}
	if o.ErrCode >= 2000 && o.ErrCode < 4000 {
		return ptr("0.00")
	}
	return nil
}

// codeMessage is the Chinese message of a result code.
func codeMessage(code int) string {
	o := faceid.LookupOutcome(code)
	if !o.Known {
		return "未知错误"
	}
	return o.MessageZH
}

func codeMessagePtr(code *int) *string {
	if code == nil {
		return nil
	}
	return ptr(codeMessage(*code))
}

// ocrFields derives the birth date (YYYY/M/D), gender and a validity
// period from an 18-character ID number; empty strings when it is not one.
func ocrFields(idCard string) (birth, gender, valid string) {
	if len(idCard) != 18 {
		return "", "", ""
	}
	y, errY := strconv.Atoi(idCard[6:10])
	mo, errM := strconv.Atoi(idCard[10:12])
	d, errD := strconv.Atoi(idCard[12:14])
	seq := idCard[16]
	if errY != nil || errM != nil || errD != nil || seq < '0' || seq > '9' {
		return "", "", ""
	}
	birth = strconv.Itoa(y) + "/" + strconv.Itoa(mo) + "/" + strconv.Itoa(d)
	gender = "女"
	if (seq-'0')%2 == 1 {
		gender = "男"
	}
	md := idCard[10:12] + "." + idCard[12:14]
	valid = "2016." + md + "-2036." + md
	return birth, gender, valid
}

func ptr[T any](v T) *T { return &v }
