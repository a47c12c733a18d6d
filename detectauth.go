package faceid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/faceid-go/faceid/internal/idcard"
	"github.com/faceid-go/faceid/internal/jsonscan"
)

// Limits documented for DetectAuth.
const (
	maxNameRunes          = 32
	maxRedirectURLLength  = 1024
	maxExtraLength        = 1024
	maxImageBase64Bytes   = 3 << 20
	maxIntentionText      = 120
	maxIntentionRounds    = 10
	maxQuestionRunes      = 250
	maxAnswers            = 50
	maxAnswerRunes        = 10
	maxActionTextRunes    = 250
	maxRuleIDOrTokenBytes = 128
)

// DetectAuthRequest starts a verification flow. Which of IDCard, Name and
// Image are required depends on the RuleId's console configuration.
type DetectAuthRequest struct {
	// RuleID is the business flow configured in the FaceID console. Required.
	RuleID string `json:"RuleId"`
	// IDCard is the 18-character mainland ID number the person must match.
	// A lower-case x is sent as X.
	IDCard string `json:"IdCard,omitempty"`
	// Name is the name the person must match, at most 32 characters.
	Name string `json:"Name,omitempty"`
	// RedirectURL is where Tencent's H5 page sends the person afterwards,
	// with the BizToken in the query string; absolute http(s), at most 1024
	// characters. Empty means Tencent's product page.
	RedirectURL string `json:"RedirectUrl,omitempty"`
	// Extra is echoed in the result's Text.Extra, at most 1024 characters.
	Extra string `json:"Extra,omitempty"`
	// Image is a reference photo (JPEG or PNG bytes, at most 3 MB once
	// base64-encoded) to compare the face with instead of the authority
	// source. The SDK encodes it.
	Image []byte `json:"ImageBase64,omitempty"`
	// Encryption describes field-level encryption of Name and IDCard; when a
	// field is listed, its value must be the base64 ciphertext.
	Encryption *Encryption `json:"Encryption,omitempty"`
	// IntentionVerifyText is the text the person reads aloud for intention
	// verification, at most 120 characters.
	IntentionVerifyText string `json:"IntentionVerifyText,omitempty"`
	// IntentionQuestions are the questions of Q&A intention verification,
	// 1 to 10 rounds.
	IntentionQuestions []IntentionQuestion `json:"IntentionQuestions,omitempty"`
	// IntentionActions are the prompts of nod intention verification, 1 to
	// 10 rounds.
	IntentionActions []IntentionActionConfig `json:"IntentionActions,omitempty"`
	// Config sets intention-flow options.
	Config *RuleIDConfig `json:"Config,omitempty"`
}

// IntentionQuestion is one round of Q&A intention verification.
type IntentionQuestion struct {
	// Question is spoken by the system, at most 250 characters.
	Question string `json:"Question"`
	// Answers are the accepted answers, 1 to 50 of at most 10 characters.
	Answers []string `json:"Answers"`
}

// IntentionActionConfig is one round of nod intention verification.
type IntentionActionConfig struct {
	// Text is the spoken prompt, at most 250 characters.
	Text string `json:"Text"`
}

// RuleIDConfig holds intention-flow options.
type RuleIDConfig struct {
	// IntentionRecognition accepts answers with a similar intent, not only
	// the listed ones. Nil means the API default (on).
	IntentionRecognition *bool `json:"IntentionRecognition,omitempty"`
	// IntentionType is 0 for Q&A (needs IntentionQuestions) or 1 for nod
	// (needs IntentionActions).
	IntentionType int `json:"IntentionType"`
	// MouthOpenRecognition checks mouth movement while answering (Q&A only).
	MouthOpenRecognition bool `json:"MouthOpenRecognition,omitempty"`
	// Speed is the speech speed: 0 auto, 1 normal, 2 1.2x, 3 1.5x.
	Speed int `json:"Speed,omitempty"`
}

// DetectAuthResponse is the reply to DetectAuth.
type DetectAuthResponse struct {
	// BizToken identifies the flow; it can be used to verify for 7,200 s
	// and to pull results for three days.
	BizToken string `json:"BizToken"`
	// URL is the H5 entry page to send the person to (WeChat H5 flows).
	URL string `json:"Url"`
	// RequestID identifies the request for Tencent support.
	RequestID string `json:"RequestId"`
	// Problems lists oddities met while decoding; a BizToken that could
	// not be read fails the call instead.
	Problems []FieldProblem `json:"-"`
}

// DetectAuth starts a verification flow and returns its BizToken and URL.
// The request is validated first; invalid input returns a
// *ValidationError naming the field, and nothing is sent. The caller's
// request is never modified.
func (c *Client) DetectAuth(ctx context.Context, req *DetectAuthRequest, opts ...CallOption) (*DetectAuthResponse, error) {
	const action = "DetectAuth"
	if req == nil {
		return nil, &ValidationError{Action: action, Field: "request", Problem: "is nil"}
	}
	wire, err := req.normalized()
	if err != nil {
		return nil, err
	}
	resp := new(DetectAuthResponse)
	if err := c.invoke(ctx, action, validated{wire}, resp, opts); err != nil {
		return nil, maskEchoedName(err, req.Name)
	}
	if resp.BizToken == "" {
		return nil, &DecodeError{Action: action, RequestID: resp.RequestID, Err: errNoBizToken}
	}
	return resp, nil
}

func (resp *DetectAuthResponse) decodeMember(d *wireDecoder, r *jsonscan.Reader, key []byte) error {
	switch string(key) {
	case "BizToken":
		return d.str(r, "", key, &resp.BizToken)
	case "Url":
		return d.str(r, "", key, &resp.URL)
	}
	return r.Skip()
}

func (resp *DetectAuthResponse) meta() (*string, *[]FieldProblem) {
	return &resp.RequestID, &resp.Problems
}

func (resp *DetectAuthResponse) reset() { *resp = DetectAuthResponse{} }

// errNoBizToken reports a success reply without a token.
const errNoBizToken ErrorClass = "success reply has no BizToken"

// normalized validates the request and returns a copy ready to send.
func (req *DetectAuthRequest) normalized() (*DetectAuthRequest, error) {
	out := *req
	out.RuleID = strings.TrimSpace(req.RuleID)
	encrypted := func(field string) bool {
		return req.Encryption != nil && slices.Contains(req.Encryption.EncryptList, field)
	}
	if !encrypted("IdCard") && req.IDCard != "" {
		out.IDCard = idcard.Normalize(req.IDCard)
	}
	if err := out.validate(encrypted); err != nil {
		return nil, err
	}
	return &out, nil
}

// validate checks every field against the documented limits.
func (req *DetectAuthRequest) validate(encrypted func(string) bool) error {
	invalid := func(field, problem string) error {
		return &ValidationError{Action: "DetectAuth", Field: wireMember(field), Problem: problem}
	}
	switch {
	case req.RuleID == "":
		return invalid("RuleID", "is required (the business flow id from the FaceID console)")
	case len(req.RuleID) > maxRuleIDOrTokenBytes:
		return invalid("RuleID", fmt.Sprintf("is longer than %d characters", maxRuleIDOrTokenBytes))
	}
	if req.IDCard != "" && !encrypted("IdCard") {
		if err := idcard.Validate(req.IDCard); err != nil {
			return invalid("IDCard", "is not a valid 18-character ID number: "+err.(*idcard.Error).Reason)
		}
	}
	if req.Name != "" && !encrypted("Name") {
		if err := checkText(req.Name, maxNameRunes); err != "" {
			return invalid("Name", err)
		}
	}
	if req.RedirectURL != "" {
		if err := checkRedirectURL(req.RedirectURL); err != "" {
			return invalid("RedirectURL", err)
		}
	}
	if err := checkText(req.Extra, maxExtraLength); err != "" {
		return invalid("Extra", err)
	}
	if req.Image != nil {
		if err := checkImage(req.Image); err != "" {
			return invalid("Image", err)
		}
	}
	if req.Encryption != nil {
		if err := req.Encryption.validate("DetectAuth", "Encryption"); err != nil {
			return err
		}
	}
	return req.validateIntention(invalid)
}

// validateIntention checks the intention-verification fields.
func (req *DetectAuthRequest) validateIntention(invalid func(field, problem string) error) error {
	if err := checkText(req.IntentionVerifyText, maxIntentionText); err != "" {
		return invalid("IntentionVerifyText", err)
	}
	if n := len(req.IntentionQuestions); n > maxIntentionRounds || (req.IntentionQuestions != nil && n == 0) {
		return invalid("IntentionQuestions", fmt.Sprintf("must have 1 to %d rounds, got %d", maxIntentionRounds, n))
	}
	for i, q := range req.IntentionQuestions {
		field := fmt.Sprintf("IntentionQuestions[%d]", i)
		if q.Question == "" {
			return invalid(field+".Question", "is required")
		}
		if err := checkText(q.Question, maxQuestionRunes); err != "" {
			return invalid(field+".Question", err)
		}
		if len(q.Answers) == 0 || len(q.Answers) > maxAnswers {
			return invalid(field+".Answers", fmt.Sprintf("must have 1 to %d answers, got %d", maxAnswers, len(q.Answers)))
		}
		for j, a := range q.Answers {
			if a == "" {
				return invalid(fmt.Sprintf("%s.Answers[%d]", field, j), "is empty")
			}
			if err := checkText(a, maxAnswerRunes); err != "" {
				return invalid(fmt.Sprintf("%s.Answers[%d]", field, j), err)
			}
		}
	}
	if n := len(req.IntentionActions); n > maxIntentionRounds || (req.IntentionActions != nil && n == 0) {
		return invalid("IntentionActions", fmt.Sprintf("must have 1 to %d rounds, got %d", maxIntentionRounds, n))
	}
	for i, a := range req.IntentionActions {
		field := fmt.Sprintf("IntentionActions[%d].Text", i)
		if a.Text == "" {
			return invalid(field, "is required")
		}
		if err := checkText(a.Text, maxActionTextRunes); err != "" {
			return invalid(field, err)
		}
	}
	cfg := req.Config
	if cfg == nil {
		return nil
	}
	switch {
	case cfg.IntentionType != 0 && cfg.IntentionType != 1:
		return invalid("Config.IntentionType", fmt.Sprintf("must be 0 (Q&A) or 1 (nod), got %d", cfg.IntentionType))
	case cfg.Speed < 0 || cfg.Speed > 3:
		return invalid("Config.Speed", fmt.Sprintf("must be 0 to 3, got %d", cfg.Speed))
	case cfg.IntentionType == 1 && len(req.IntentionActions) == 0:
		return invalid("IntentionActions", "are required when Config.IntentionType is 1 (nod)")
	case cfg.IntentionType == 0 && len(req.IntentionActions) > 0 && len(req.IntentionQuestions) == 0:
		return invalid("Config.IntentionType", "must be 1 (nod) when IntentionActions are set")
	case cfg.IntentionType == 1 && cfg.MouthOpenRecognition:
		return invalid("Config.MouthOpenRecognition", "applies to Q&A only (IntentionType 0)")
	}
	return nil
}

// checkText checks a string is valid UTF-8 of at most max characters and
// returns a problem, or "".
func checkText(s string, max int) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("has %d characters, more than the %d allowed", n, max)
	}
	return ""
}

// checkRedirectURL checks an absolute http(s) URL of at most 1024 characters.
func checkRedirectURL(s string) string {
	if len(s) > maxRedirectURLLength {
		return fmt.Sprintf("is %d characters long, more than the %d allowed", len(s), maxRedirectURLLength)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "must be an absolute http:// or https:// URL"
	}
	return ""
}

// checkImage checks a reference photo is a JPEG or PNG small enough.
func checkImage(img []byte) string {
	if len(img) == 0 {
		return "is empty; leave it nil to compare with the authority source"
	}
	jpeg := bytes.HasPrefix(img, []byte{0xFF, 0xD8, 0xFF})
	png := bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n"))
	if !jpeg && !png {
		return "must be a JPEG or PNG image (give the raw file bytes, not base64)"
	}
	if encoded := (len(img) + 2) / 3 * 4; encoded > maxImageBase64Bytes {
		return fmt.Sprintf("is %d bytes after base64 encoding, more than the 3 MB allowed", encoded)
	}
	return ""
}

// maskEchoedName masks the request's name where the server's error message
// echoes it: a name has no shape that redaction could recognise, but the
// client knows which name it sent.
func maskEchoedName(err error, name string) error {
	var apiErr *APIError
	if name = strings.TrimSpace(name); name != "" && errors.As(err, &apiErr) {
		apiErr.Message = strings.ReplaceAll(apiErr.Message, name, idcard.MaskName(name))
	}
	return err
}

// wireMember turns the Go name of a DetectAuth field into its wire name,
// which validation errors use: "IDCard" is "IdCard", "Image" is
// "ImageBase64".
func wireMember(field string) string {
	head, rest, _ := strings.Cut(field, ".")
	name, index, _ := strings.Cut(head, "[")
	switch name {
	case "RuleID":
		name = "RuleId"
	case "IDCard":
		name = "IdCard"
	case "RedirectURL":
		name = "RedirectUrl"
	case "Image":
		name = "ImageBase64"
	}
	if index != "" {
		name += "[" + index
	}
	if rest != "" {
		name += "." + rest
	}
	return name
}
