package faceid

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/idcard"
	"github.com/faceid-go/faceid/internal/jsonscan"
)

// maxIntentionRounds bounds the intention rounds of a request and of the
// result's media.
const maxIntentionRounds = 10

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

// normalize is the spec's normalize hook: the rule id is trimmed and an
// ID number sent in clear gets an upper-case X.
func (x *DetectAuthRequest) normalize() {
	x.RuleID = strings.TrimSpace(x.RuleID)
	if x.IDCard != "" && !x.Encryption.lists("IdCard") {
		x.IDCard = idcard.Normalize(x.IDCard)
	}
}

// checkIntention is the spec's check hook: the rules no member's limits
// can state. A photo or a list of rounds that is set must not be empty,
// answers must not be blank, and Config must agree with the rounds sent.
func (x *DetectAuthRequest) checkIntention(v *validator, prefix string) {
	if x.Image != nil && len(x.Image) == 0 {
		v.fail(prefix, "ImageBase64", "is empty; leave it nil to compare with the authority source")
	}
	if x.IntentionQuestions != nil && len(x.IntentionQuestions) == 0 {
		v.fail(prefix, "IntentionQuestions", "must have 1 to "+strconv.Itoa(maxIntentionRounds)+" rounds, got 0")
	}
	if x.IntentionActions != nil && len(x.IntentionActions) == 0 {
		v.fail(prefix, "IntentionActions", "must have 1 to "+strconv.Itoa(maxIntentionRounds)+" rounds, got 0")
	}
	for i, q := range x.IntentionQuestions {
		for j, a := range q.Answers {
			if a == "" {
				v.fail(v.index(v.index(prefix, "IntentionQuestions", i), "Answers", j), "", "is empty")
			}
		}
	}
	cfg := x.Config
	if cfg == nil {
		return
	}
	switch {
	case cfg.IntentionType == 1 && len(x.IntentionActions) == 0:
		v.fail(prefix, "IntentionActions", "are required when Config.IntentionType is 1 (nod)")
	case cfg.IntentionType == 0 && len(x.IntentionActions) > 0 && len(x.IntentionQuestions) == 0:
		v.fail(prefix, "Config.IntentionType", "must be 1 (nod) when IntentionActions are set")
	case cfg.IntentionType == 1 && cfg.MouthOpenRecognition:
		v.fail(prefix, "Config.MouthOpenRecognition", "applies to Q&A only (IntentionType 0)")
	}
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
