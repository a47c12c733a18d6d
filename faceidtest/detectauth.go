package faceidtest

import (
	"cmp"
	"fmt"
	"net/http"

	"github.com/faceid-go/faceid"
)

// Default intention content for rules whose requests bring none.
const (
	defaultReadAloudText = "本人自愿办理此项业务，并已知晓相关风险。"
	defaultActionPrompt  = "请点头确认您已知晓并同意相关协议内容。"
)

// defaultQuestions are asked when a Q&A rule's request brings none.
func defaultQuestions() []intentionQuestion {
	return []intentionQuestion{
		{question: "请问您是否本人自愿办理此项业务？请回答是或否。", answers: []string{"是的", "是"}},
		{question: "请问您是否已知晓并同意相关协议内容？请回答是或否。", answers: []string{"是的", "是"}},
	}
}

// encryptionInput is the Encryption object of a request.
type encryptionInput struct {
	EncryptList    []string
	CiphertextBlob string
	Iv             string
	Algorithm      string
	TagList        []string
}

// detectAuthInput is the DetectAuth request body.
type detectAuthInput struct {
	RuleID              string `json:"RuleId"`
	TerminalType        string
	IDCard              string `json:"IdCard"`
	Name                string
	RedirectURL         string `json:"RedirectUrl"`
	Extra               string
	ImageBase64         string
	Encryption          *encryptionInput
	IntentionVerifyText string
	IntentionQuestions  []struct {
		Question string
		Answers  []string
	}
	IntentionActions []struct{ Text string }
	Config           *struct {
		IntentionRecognition *bool
		IntentionType        *int64
		MouthOpenRecognition *bool
		Speed                *uint64
	}
}

// detectAuthOutput is the DetectAuth reply.
type detectAuthOutput struct {
	URL      string `json:"Url"`
	BizToken string
}

// detectAuth checks a DetectAuth request against its rule (the
// documented limits were checked with the model) and issues a BizToken.
func (s *Server) detectAuth(r *http.Request, body []byte) (any, *apiError) {
	var in detectAuthInput
	if e := decodeBody(body, &in); e != nil {
		return nil, e
	}
	rule, ok := s.rules[in.RuleID]
	switch {
	case !ok:
		return nil, errRuleIDNotExist()
	case rule.Disabled:
		return nil, errRuleIDDisabled()
	}
	if e := checkRequired(rule, &in); e != nil {
		return nil, e
	}
	mode, e := intentionMode(rule, &in)
	if e != nil {
		return nil, e
	}

	t := newToken(flowBiz, s.clock.Now())
	t.rule, t.name, t.idCard, t.extra, t.redirectURL = rule, in.Name, in.IDCard, in.Extra, in.RedirectURL
	t.hasImage = in.ImageBase64 != ""
	var questions []intentionQuestion
	for _, q := range in.IntentionQuestions {
		questions = append(questions, intentionQuestion{question: q.Question, answers: q.Answers})
	}
	var actions []string
	for _, a := range in.IntentionActions {
		actions = append(actions, a.Text)
	}
	t.setIntention(mode, in.IntentionVerifyText, questions, actions)
	s.addToken(t)
	return detectAuthOutput{URL: s.baseURL(r) + "/h5/" + t.id, BizToken: t.id}, nil
}

// setIntention sets a flow's intention mode and the content of its
// rounds, with the defaults for content the request did not bring.
func (t *token) setIntention(mode faceid.IntentionMode, readText string, questions []intentionQuestion, actions []string) {
	t.intention = mode
	switch mode {
	case faceid.IntentionModeReadAloud:
		t.readText = cmp.Or(readText, defaultReadAloudText)
	case faceid.IntentionModeQuestion:
		t.questions = questions
		if len(t.questions) == 0 {
			t.questions = defaultQuestions()
		}
	case faceid.IntentionModeAction:
		t.actions = actions
		if len(t.actions) == 0 {
			t.actions = []string{defaultActionPrompt}
		}
	}
}

// checkRequired enforces the rule's required inputs.
func checkRequired(rule Rule, in *detectAuthInput) *apiError {
	missing := func(field string) *apiError {
		return errInvalidParameter(
			fmt.Sprintf("RuleId %s 要求传入 %s。", rule.ID, field),
			fmt.Sprintf("%s is required by RuleId %s.", field, rule.ID))
	}
	switch {
	case rule.RequireName && in.Name == "":
		return missing("Name")
	case rule.RequireIDCard && in.IDCard == "":
		return missing("IdCard")
	case rule.RequireImage && in.ImageBase64 == "":
		return missing("ImageBase64")
	}
	return nil
}

// intentionMode decides the flow's intention mode: the rule's, or else the
// one the request's intention settings imply.
func intentionMode(rule Rule, in *detectAuthInput) (faceid.IntentionMode, *apiError) {
	if rule.Intention != 0 {
		return rule.Intention, nil
	}
	nod := in.Config != nil && in.Config.IntentionType != nil && *in.Config.IntentionType == 1
	switch {
	case nod && len(in.IntentionActions) == 0:
		return 0, errInvalidParameter("Config.IntentionType 为 1（点头确认）时须传入 IntentionActions。",
			"IntentionActions are required when Config.IntentionType is 1 (nod).")
	case nod || (len(in.IntentionActions) > 0 && len(in.IntentionQuestions) == 0):
		return faceid.IntentionModeAction, nil
	case len(in.IntentionQuestions) > 0:
		return faceid.IntentionModeQuestion, nil
	case in.IntentionVerifyText != "":
		return faceid.IntentionModeReadAloud, nil
	}
	return 0, nil
}
