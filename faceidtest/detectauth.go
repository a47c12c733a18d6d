package faceidtest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/faceid-go/faceid"
)

// DetectAuth limits, as Tencent documents them.
const (
	maxNameRunes        = 32
	maxURLOrExtraLength = 1024
	maxImageBase64      = 3 << 20
	maxReadAloudRunes   = 120
	maxIntentionRounds  = 10
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

// used reports whether the request asks for any encryption.
func (e *encryptionInput) used() bool {
	return e != nil && (len(e.EncryptList) > 0 || e.CiphertextBlob != "" || e.Iv != "" || e.Algorithm != "" || len(e.TagList) > 0)
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

// detectAuth validates a DetectAuth request against its rule and issues a
// BizToken.
func (s *Server) detectAuth(r *http.Request, body []byte) (any, *apiError) {
	var in detectAuthInput
	if e := decodeBody(body, &in); e != nil {
		return nil, e
	}
	if in.RuleID == "" {
		return nil, errMissingParameter("RuleId")
	}
	rule, ok := s.rules[in.RuleID]
	switch {
	case !ok:
		return nil, errRuleIDNotExist()
	case rule.Disabled:
		return nil, errRuleIDDisabled()
	case in.Encryption.used():
		return nil, errUnsupported("字段加密（Encryption）", "field encryption (Encryption)")
	}
	if e := checkRequired(rule, &in); e != nil {
		return nil, e
	}
	if e := checkDetectAuthFields(&in); e != nil {
		return nil, e
	}
	mode, e := intentionMode(rule, &in)
	if e != nil {
		return nil, e
	}

	t := &token{
		id:          newBizToken(),
		rule:        rule,
		created:     s.clock.Now(),
		name:        in.Name,
		idCard:      in.IDCard,
		extra:       in.Extra,
		redirectURL: in.RedirectURL,
		hasImage:    in.ImageBase64 != "",
		intention:   mode,
	}
	switch mode {
	case faceid.IntentionModeReadAloud:
		t.readText = cmp.Or(in.IntentionVerifyText, defaultReadAloudText)
	case faceid.IntentionModeQuestion:
		for _, q := range in.IntentionQuestions {
			t.questions = append(t.questions, intentionQuestion{question: q.Question, answers: q.Answers})
		}
		if len(t.questions) == 0 {
			t.questions = defaultQuestions()
		}
	case faceid.IntentionModeAction:
		for _, a := range in.IntentionActions {
			t.actions = append(t.actions, a.Text)
		}
		if len(t.actions) == 0 {
			t.actions = []string{defaultActionPrompt}
		}
	}
	s.addToken(t)
	return detectAuthOutput{URL: s.baseURL(r) + "/h5/" + t.id, BizToken: t.id}, nil
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

// checkDetectAuthFields checks the documented limits of each field.
func checkDetectAuthFields(in *detectAuthInput) *apiError {
	if !utf8.ValidString(in.Name) || utf8.RuneCountInString(in.Name) > maxNameRunes {
		return errInvalidParameter("Name 须为不超过 32 个字符的 UTF-8 文本。", "Name must be UTF-8 text of at most 32 characters.")
	}
	if in.RedirectURL != "" {
		u, err := url.Parse(in.RedirectURL)
		if len(in.RedirectURL) > maxURLOrExtraLength || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errInvalidParameter("RedirectUrl 须为以 http:// 或 https:// 开头、不超过 1024 个字符的地址。",
				"RedirectUrl must be an http:// or https:// URL of at most 1024 characters.")
		}
	}
	if !utf8.ValidString(in.Extra) || utf8.RuneCountInString(in.Extra) > maxURLOrExtraLength {
		return errInvalidParameter("Extra 须为不超过 1024 个字符的 UTF-8 文本。", "Extra must be UTF-8 text of at most 1024 characters.")
	}
	if in.ImageBase64 != "" {
		if e := checkImageBase64(in.ImageBase64); e != nil {
			return e
		}
	}
	if utf8.RuneCountInString(in.IntentionVerifyText) > maxReadAloudRunes {
		return errInvalidParameter("IntentionVerifyText 不能超过 120 个字符。", "IntentionVerifyText must be at most 120 characters.")
	}
	if len(in.IntentionQuestions) > maxIntentionRounds || len(in.IntentionActions) > maxIntentionRounds {
		return errInvalidParameter("意愿核身最多 10 轮。", "intention verification has at most 10 rounds.")
	}
	for i, q := range in.IntentionQuestions {
		if q.Question == "" || len(q.Answers) == 0 {
			return errInvalidParameter(fmt.Sprintf("IntentionQuestions[%d] 须有 Question 和 Answers。", i),
				fmt.Sprintf("IntentionQuestions[%d] needs a Question and Answers.", i))
		}
	}
	for i, a := range in.IntentionActions {
		if a.Text == "" {
			return errInvalidParameter(fmt.Sprintf("IntentionActions[%d].Text 不能为空。", i),
				fmt.Sprintf("IntentionActions[%d].Text must not be empty.", i))
		}
	}
	if c := in.Config; c != nil && c.IntentionType != nil && *c.IntentionType != 0 && *c.IntentionType != 1 {
		return errInvalidParameter("Config.IntentionType 只能为 0 或 1。", "Config.IntentionType must be 0 or 1.")
	}
	return nil
}

// checkImageBase64 checks a reference photo: plain standard base64 of a
// JPEG or PNG file of at most 3 MB once encoded.
func checkImageBase64(s string) *apiError {
	if len(s) > maxImageBase64 {
		return errInvalidParameter("ImageBase64 超过 3 MB。", "ImageBase64 is larger than 3 MB.")
	}
	img, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") {
		return errInvalidParameter("ImageBase64 不是合法的 base64 编码（不带 data: 前缀和换行）。",
			"ImageBase64 is not valid standard base64 (no data: prefix, no line breaks).")
	}
	if !bytes.HasPrefix(img, []byte{0xFF, 0xD8, 0xFF}) && !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		return errInvalidParameter("ImageBase64 须为 jpg 或 png 图片。", "ImageBase64 must hold a JPEG or PNG image.")
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
