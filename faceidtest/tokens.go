package faceidtest

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
)

// flowKind is the kind of flow a token belongs to, named by the action
// that issues it.
type flowKind string

// The flows.
const (
	flowBiz    flowKind = "DetectAuth"             // BizToken, the SaaS flow
	flowEid    flowKind = "GetEidToken"            // EidToken, the eID flow
	flowFaceID flowKind = "GetFaceIdToken"         // FaceIdToken, the App SDK flow
	flowRisk   flowKind = "GetFaceidRiskInfoToken" // FaceIdToken, the device-risk SDK
	flowNFC    flowKind = "GetNFCToken"            // Token, the NFC SDK
)

// completable reports whether a person can finish a flow of this kind
// with a verification outcome (Complete, the hosted page).
func (k flowKind) completable() bool { return k == flowBiz || k == flowEid || k == flowFaceID }

// token is the server's state of one flow: a verification flow (SaaS, eID,
// App SDK) or a device-risk or NFC session. Guarded by Server.mu.
type token struct {
	id      string
	kind    flowKind
	rule    Rule
	created time.Time
	// lifetime is how long the token can be used, retention how long its
	// result can be pulled; both from the action registry.
	lifetime, retention time.Duration
	singleUse           bool
	opened              bool // the person opened the flow's page (eID: doing)
	name                string
	idCard              string
	extra               string
	redirectURL         string
	hasImage            bool
	intention           faceid.IntentionMode
	readText            string              // read-aloud text
	questions           []intentionQuestion // Q&A rounds
	actions             []string            // nod prompts
	attempts            []attempt
}

// intentionQuestion is one Q&A round of a flow.
type intentionQuestion struct {
	question string
	answers  []string
}

// attempt is one finished pass through the flow.
type attempt struct {
	at      time.Time
	seq     string
	outcome Outcome
}

// newToken starts a token of a kind issued now, with the lifetime,
// retention and use the action registry gives the issuing action; a token
// without a result retention keeps its result while it lives.
func newToken(kind flowKind, now time.Time) *token {
	t := &token{id: newBizToken(), kind: kind, created: now}
	if info, ok := faceid.LookupAction(string(kind)); ok && info.Token != nil {
		t.lifetime, t.retention, t.singleUse = info.Token.Lifetime, info.Token.ResultRetention, info.Token.SingleUse
	}
	t.retention = max(t.retention, t.lifetime)
	return t
}

// verifyUntil is the end of the token's verification window (7,200 s for
// a BizToken, 600 s for the others).
func (t *token) verifyUntil() time.Time { return t.created.Add(t.lifetime) }

// resultsUntil is the end of the token's result retention (3 days for
// the verification flows).
func (t *token) resultsUntil() time.Time { return t.created.Add(t.retention) }

// snapshot copies the token so that it can be read without the lock.
func (t *token) snapshot() token {
	c := *t
	c.attempts = slices.Clone(t.attempts)
	return c
}

// TokenInfo describes a token the server issued; see Tokens and Token.
type TokenInfo struct {
	// BizToken is the token: a BizToken, or the EidToken, FaceIdToken or
	// NFC Token of the other flows.
	BizToken string
	// Action is the action that issued it: DetectAuth, GetEidToken,
	// GetFaceIdToken, GetFaceidRiskInfoToken or GetNFCToken.
	Action string
	// RuleID is the RuleId it was created with.
	RuleID string
	// Name, IDCard, Extra and RedirectURL are the inputs of the issuing
	// action.
	Name, IDCard, Extra, RedirectURL string
	// HasImage reports whether the issuing action carried a reference photo.
	HasImage bool
	// Intention is the flow's intention-verification mode, or zero.
	Intention faceid.IntentionMode
	// CreatedAt is when the token was issued (virtual time).
	CreatedAt time.Time
	// VerifyUntil ends the verification window (CreatedAt + 7,200 s for a
	// BizToken, + 600 s for the other tokens): from then on Complete and
	// the hosted page refuse the token.
	VerifyUntil time.Time
	// ResultsUntil ends result retention (CreatedAt + 3 days for the
	// verification flows): from then on the result actions fail with
	// InvalidParameterValue.BizTokenExpired.
	ResultsUntil time.Time
	// Attempts lists the outcomes recorded so far, oldest first; the last
	// one is the flow's result.
	Attempts []Outcome
}

// Finished reports whether the person has finished the flow at least once.
func (t TokenInfo) Finished() bool { return len(t.Attempts) > 0 }

// info converts the token for Tokens.
func (t *token) info() TokenInfo {
	ti := TokenInfo{
		BizToken:     t.id,
		Action:       string(t.kind),
		RuleID:       t.rule.ID,
		Name:         t.name,
		IDCard:       t.idCard,
		Extra:        t.extra,
		RedirectURL:  t.redirectURL,
		HasImage:     t.hasImage,
		Intention:    t.intention,
		CreatedAt:    t.created,
		VerifyUntil:  t.verifyUntil(),
		ResultsUntil: t.resultsUntil(),
	}
	for _, a := range t.attempts {
		ti.Attempts = append(ti.Attempts, a.outcome)
	}
	return ti
}

// Tokens returns every BizToken issued so far, oldest first.
func (s *Server) Tokens() []TokenInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]TokenInfo, 0, len(s.order))
	for _, t := range s.order {
		if t.kind == flowBiz {
			out = append(out, t.info())
		}
	}
	return out
}

// Token returns what the server knows about one token of any flow.
func (s *Server) Token(bizToken string) (TokenInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[bizToken]
	if !ok {
		return TokenInfo{}, false
	}
	return t.info(), true
}

// addToken stores a new token.
func (s *Server) addToken(t *token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[t.id] = t
	s.order = append(s.order, t)
}

// newUUID returns a random (version 4) UUID in lower case, the form of
// Tencent's RequestIds.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

// newBizToken returns a random upper-case UUID, the form of BizTokens.
func newBizToken() string { return strings.ToUpper(newUUID()) }
