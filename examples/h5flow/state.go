package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// flowState binds a verification flow to the browser that started it. It
// travels in a cookie, signed with the app's key, and is accepted once.
type flowState struct {
	BizToken string
	Nonce    string
	Expires  time.Time
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

// issue returns the cookie value for a new flow.
func (s *stateSigner) issue(bizToken string, ttl time.Duration) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	payload := bizToken + "|" + base64.RawURLEncoding.EncodeToString(nonce) + "|" +
		strconv.FormatInt(s.now().Add(ttl).Unix(), 10)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + s.mac(payload), nil
}

func (s *stateSigner) mac(payload string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verify checks a cookie value against the BizToken the browser came back
// with — signature, expiry, binding to the token, not used yet — without
// marking it used.
func (s *stateSigner) verify(cookie, bizToken string) (flowState, error) {
	if cookie == "" {
		return flowState{}, errNoState
	}
	encoded, sig, ok := strings.Cut(cookie, ".")
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if !ok || err != nil {
		return flowState{}, errBadState
	}
	payload := string(raw)
	if !hmac.Equal([]byte(sig), []byte(s.mac(payload))) {
		return flowState{}, errBadState
	}
	parts := strings.Split(payload, "|")
	if len(parts) != 3 {
		return flowState{}, errBadState
	}
	expiry, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return flowState{}, errBadState
	}
	st := flowState{BizToken: parts[0], Nonce: parts[1], Expires: time.Unix(expiry, 0)}
	now := s.now()
	if now.After(st.Expires) {
		return flowState{}, errExpiredState
	}
	if !hmac.Equal([]byte(st.BizToken), []byte(bizToken)) {
		return flowState{}, errForeignToken
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.used[st.Nonce]; seen {
		return flowState{}, errReplayed
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
