// Package h5return handles the person's return from FaceID's H5 page:
// it binds the return to the browser session that started the flow with a
// signed, single-use state, pulls the result server-side, and hands the
// merchant the verdict.
//
// The redirect back from FaceID carries only the BizToken, in a URL anyone
// can copy. The state, kept in an HttpOnly cookie when the flow starts
// (States.Issue), proves the return comes from the browser that started
// this flow; it is used up (States.MarkUsed) only once a final result was
// fetched, so a reload after a failed fetch still works and a replay does
// not. Handler.OnReturn lets a tracker fetch and archive the evidence (for
// example the lifecycle module's Tracker.Returned).
package h5return

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// State binds a verification flow to the browser that started it.
type State struct {
	// BizToken is the flow's token.
	BizToken string `json:"t"`
	// PageURL is the verification page, to continue an unfinished flow.
	PageURL string `json:"u"`
	// Nonce makes the state single-use.
	Nonce string `json:"n"`
	// Expires ends the state.
	Expires time.Time `json:"e"`
}

// Error is an error of the return: each refuses the request. The errors
// are constants, so no package state can be changed by a caller.
type Error string

// Error implements error.
func (e Error) Error() string { return string(e) }

// The errors of Open, Verify and MarkUsed.
const (
	// ErrNoState: the browser holds no state (no flow started here, or the
	// cookie was lost).
	ErrNoState Error = "no verification was started in this browser"
	// ErrBadState: the state's signature or form is wrong.
	ErrBadState Error = "the verification state was tampered with"
	// ErrExpiredState: the state outlived its time to live.
	ErrExpiredState Error = "the verification state has expired; start again"
	// ErrForeignToken: the BizToken of the return is not the state's.
	ErrForeignToken Error = "this BizToken belongs to another browser session"
	// ErrReplayed: the state was already used.
	ErrReplayed Error = "this verification was already used"
)

// States signs and checks flow states and remembers, in memory, which were
// used: one process, or a sticky session per browser. It is safe for
// concurrent use.
type States struct {
	key  []byte
	now  func() time.Time
	mu   sync.Mutex
	used map[string]time.Time // nonce -> expiry, for single use
}

// NewStates returns States signing with a new random key; now is the
// clock (time.Now when nil).
func NewStates(now func() time.Time) (*States, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &States{key: key, now: now, used: map[string]time.Time{}}, nil
}

// Issue returns the cookie value for a new flow of bizToken whose
// verification page is pageURL, valid for ttl.
func (s *States) Issue(bizToken, pageURL string, ttl time.Duration) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	payload, err := json.Marshal(State{
		BizToken: bizToken,
		PageURL:  pageURL,
		Nonce:    base64.RawURLEncoding.EncodeToString(nonce),
		Expires:  s.now().Add(ttl).Truncate(time.Second),
	})
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(payload) + "." + s.mac("state", string(payload)), nil
}

// mac returns the MAC of payload for the given purpose, so that a value
// signed for one purpose is never accepted for another.
func (s *States) mac(purpose, payload string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose + "|" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Open checks a cookie value (signature, expiry, not used yet) and returns
// the flow it holds, without marking it used.
func (s *States) Open(value string) (State, error) {
	if value == "" {
		return State{}, ErrNoState
	}
	encoded, sig, ok := strings.Cut(value, ".")
	payload, err := base64.RawURLEncoding.DecodeString(encoded)
	if !ok || err != nil {
		return State{}, ErrBadState
	}
	if !hmac.Equal([]byte(sig), []byte(s.mac("state", string(payload)))) {
		return State{}, ErrBadState
	}
	var st State
	if err := json.Unmarshal(payload, &st); err != nil || st.Nonce == "" {
		return State{}, ErrBadState
	}
	if s.now().After(st.Expires) {
		return State{}, ErrExpiredState
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.used[st.Nonce]; seen {
		return State{}, ErrReplayed
	}
	return st, nil
}

// Verify opens a cookie value and checks it is bound to the BizToken the
// browser came back with.
func (s *States) Verify(value, bizToken string) (State, error) {
	st, err := s.Open(value)
	if err != nil {
		return State{}, err
	}
	if !hmac.Equal([]byte(st.BizToken), []byte(bizToken)) {
		return State{}, ErrForeignToken
	}
	return st, nil
}

// MarkUsed records that a verified state has been used; of two requests
// racing with the same state, only the first succeeds, the other gets
// ErrReplayed.
func (s *States) MarkUsed(st State) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for n, exp := range s.used {
		if now.After(exp) {
			delete(s.used, n)
		}
	}
	if _, seen := s.used[st.Nonce]; seen {
		return ErrReplayed
	}
	s.used[st.Nonce] = st.Expires
	return nil
}

// ReplaceToken returns the form value that confirms abandoning st for a
// new flow. It is bound to st, so a form shown for one flow cannot replace
// another.
func (s *States) ReplaceToken(st State) string {
	return s.mac("replace", st.Nonce)
}

// ConfirmsReplace reports whether token is st's ReplaceToken.
func (s *States) ConfirmsReplace(st State, token string) bool {
	return token != "" && hmac.Equal([]byte(token), []byte(s.ReplaceToken(st)))
}
