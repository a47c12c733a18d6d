package faceidtest

import (
	"crypto/sha256"
	"encoding/base64"

	"github.com/faceid-go/faceid"
)

// The eID flow: GetEidToken issues an EidToken (600 s) and the Url of the
// hosted page; CheckEidTokenStatus reports init, doing (the page was
// opened, or Visit), finished (Complete, CompleteAuto or the page) or
// timeout; GetEidResult pulls the result for 3 days, shaped like
// GetDetectInfoEnhanced's with the encrypted eID identity in EidInfo.

// getEidToken starts an eID flow.
func (s *Server) getEidToken(c *apiCall) (any, *apiError) {
	r := c.req
	cfg := r.object("Config")
	text := func(k string) string { v, _ := cfg[k].(string); return v }
	if text("InputType") == "4" && (!r.has("IdCard") || !r.has("Name")) {
		return nil, errNeeds("IdCard、Name", "Config.InputType 为 4 / Config.InputType is 4")
	}
	t := newToken(flowEid, c.now)
	t.name, t.idCard, t.extra, t.redirectURL = r.str("Name"), r.str("IdCard"), r.str("Extra"), r.str("RedirectUrl")
	if on, _ := cfg["UseIntentionVerify"].(bool); on {
		mode := faceid.IntentionModeReadAloud
		switch text("IntentionMode") {
		case "2":
			mode = faceid.IntentionModeQuestion
		case "3":
			mode = faceid.IntentionModeAction
		}
		var questions []intentionQuestion
		for _, q := range objects(cfg["IntentionQuestions"]) {
			question, _ := q["Question"].(string)
			questions = append(questions, intentionQuestion{question: question, answers: texts(q["Answers"])})
		}
		var actions []string
		for _, a := range objects(cfg["IntentionActions"]) {
			prompt, _ := a["Text"].(string)
			actions = append(actions, prompt)
		}
		t.setIntention(mode, text("IntentionVerifyText"), questions, actions)
	}
	s.addToken(t)
	return s.shape(r.action.response, map[string]any{"EidToken": t.id, "Url": s.baseURL(c.http) + "/h5/" + t.id}), nil
}

// objects returns the objects of a checked list member.
func objects(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		if o, ok := item.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

// texts returns the strings of a checked list member.
func texts(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// checkEidTokenStatus reports the state of an eID flow; a SelectResult
// magic EidToken selects a state without a flow.
func (s *Server) checkEidTokenStatus(c *apiCall) (any, *apiError) {
	if _, ok := c.req.magic(SelectResult); ok {
		return s.verify(c)
	}
	t, e := s.lookupToken("EidToken", c.req.str("EidToken"), flowEid)
	if e != nil {
		return nil, e
	}
	status := "init"
	switch {
	case len(t.attempts) > 0:
		status = "finished"
	case !c.now.Before(t.verifyUntil()):
		status = "timeout"
	case t.opened:
		status = "doing"
	}
	return s.shape(c.req.action.response, map[string]any{"Status": status}), nil
}

// getEidResult answers GetEidResult like GetDetectInfoEnhanced: Text,
// IdCardData and BestFrame (at most the documented BestFramesCount), the
// intention blocks and, for a passed flow, EidInfo.
func (s *Server) getEidResult(c *apiCall) (any, *apiError) {
	r := c.req
	p, e := parseInfoType(r.str("InfoType"), "012356")
	if e != nil {
		return nil, e
	}
	t, e := s.lookupToken("EidToken", r.str("EidToken"), flowEid)
	if e != nil {
		return nil, e
	}
	frames := r.integer("BestFramesCount")
	if m, ok := r.action.member("BestFramesCount"); ok && m.limits.hasMax {
		frames = min(frames, m.limits.max)
	}
	out := s.enhancedResult(&t, p, int(frames), r.boolean("IsCutIdCardImage"), r.boolean("IsNeedIdCardAvatar"))
	v := map[string]any{
		"Text":                    out.Text,
		"IdCardData":              out.IDCardData,
		"BestFrame":               out.BestFrame,
		"IntentionVerifyData":     out.IntentionVerifyData,
		"IntentionQuestionResult": out.IntentionQuestionResult,
		"IntentionActionResult":   out.IntentionActionResult,
		"IsVerifyIntention":       out.IsVerifyIntention,
		"IntentionVerifyType":     out.IntentionVerifyType,
	}
	if last, ok := lastAttempt(&t); ok && last.outcome.ErrCode == 0 {
		v["EidInfo"] = eidInfo(t.id)
	}
	return s.shape(r.action.response, v), nil
}

// eidInfo is the encrypted eID identity of a passed flow: fictional
// ciphertext, derived from the token so that repeated pulls agree.
func eidInfo(id string) object {
	part := func(label string, n int) string {
		var out []byte
		for i := byte(0); len(out) < n; i++ {
			sum := sha256.Sum256([]byte(label + id + string(rune('0'+i))))
			out = append(out, sum[:]...)
		}
		return base64.StdEncoding.EncodeToString(out[:n])
	}
	return object{
		{"EidCode", part("code", 48)},
		{"EidSign", part("sign", 72)},
		{"DesKey", part("key", 112)},
		{"UserInfo", part("user", 160)},
	}
}
