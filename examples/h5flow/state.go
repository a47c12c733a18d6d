package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"
)

// flowState binds a verification flow to the browser that started it. It
// travels in a cookie, signed with the app's key, and is used up once, by
// the return that fetches the flow's final result.
type flowState struct {
	BizToken string    `json:"t"`
	URL      string    `json:"u"` // the verification page, to continue an unfinished flow
	Nonce    string    `json:"n"`
	Expires  time.Time `json:"e"`
}

// Errors of the return handler; each refuses the request.
var (
	errNoState      = errors.New("no verification was started in this browser")
	errBadState     = errors.New("the verification state was tampered with")
	errExpiredState = errors.New("the verification state has expired; start again")
	errForeignToken = errors.New("this BizToken belongs to another browser session")
	errReplayed     = errors.New("this verification was already used")
)

// stateSigner signs and checks flow states and remembers which were used.
type stateSigner struct {
	key  []byte
	now  func() time.Time
	mu   sync.Mutex
	used map[string]time.Time // nonce -> expiry, for single use
}

func newStateSigner(now func() time.Time) (*stateSigner, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return &stateSigner{key: key, now: now, used: map[string]time.Time{}}, nil
}

// issue returns the cookie value for a new flow whose verification page is
// pageURL.
func (s *stateSigner) issue(bizToken, pageURL string, ttl time.Duration) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	payload, err := json.Marshal(flowState{
		BizToken: bizToken,
		URL:      pageURL,
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
func (s *stateSigner) mac(purpose, payload string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose + "|" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// open checks a cookie value — signature, expiry, not used yet — and
// returns the flow it holds, without marking it used.
func (s *stateSigner) open(cookie string) (flowState, error) {
	if cookie == "" {
		return flowState{}, errNoState
	}
	encoded, sig, ok := strings.Cut(cookie, ".")
	payload, err := base64.RawURLEncoding.DecodeString(encoded)
	if !ok || err != nil {
		return flowState{}, errBadState
	}
	if !hmac.Equal([]byte(sig), []byte(s.mac("state", string(payload)))) {
		return flowState{}, errBadState
	}
	var st flowState
	if err := json.Unmarshal(payload, &st); err != nil || st.Nonce == "" {
		return flowState{}, errBadState
	}
	if s.now().After(st.Expires) {
		return flowState{}, errExpiredState
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.used[st.Nonce]; seen {
		return flowState{}, errReplayed
	}
	return st, nil
}

// verify checks a cookie value against the BizToken the browser came back
// with: open, and bound to that token.
func (s *stateSigner) verify(cookie, bizToken string) (flowState, error) {
	st, err := s.open(cookie)
	if err != nil {
		return flowState{}, err
	}
	if !hmac.Equal([]byte(st.BizToken), []byte(bizToken)) {
		return flowState{}, errForeignToken
	}
	return st, nil
}

// markUsed records that a verified state has been used; of two requests
// racing with the same state, only the first succeeds.
func (s *stateSigner) markUsed(st flowState) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for n, exp := range s.used {
		if now.After(exp) {
			delete(s.used, n)
		}
	}
	if _, seen := s.used[st.Nonce]; seen {
		return errReplayed
	}
	s.used[st.Nonce] = st.Expires
	return nil
}

// replaceToken returns the form value that confirms abandoning st for a new
// flow. It is bound to st, so a form shown for one flow cannot replace
// another.
func (s *stateSigner) replaceToken(st flowState) string {
	return s.mac("replace", st.Nonce)
}

// confirmsReplace reports whether token is st's replaceToken.
func (s *stateSigner) confirmsReplace(st flowState, token string) bool {
	return token != "" && hmac.Equal([]byte(token), []byte(s.replaceToken(st)))
}
