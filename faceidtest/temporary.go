package faceidtest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/faceid-go/faceid"
)

// temporaryCredentials are credentials issued by IssueTemporaryCredentials.
type temporaryCredentials struct {
	cred    faceid.Credentials
	expires time.Time
}

// IssueTemporaryCredentials mints temporary credentials the server accepts
// until ttl has passed on its clock, the way STS hands out role credentials:
// a SecretId, a SecretKey and a session token that every request signed with
// that SecretId must carry in X-TC-Token. A request with the token missing or
// wrong, or made at or after the expiry, fails with AuthFailure.TokenFailure
// (after its signature was checked). The credentials are random and
// fictional; the server's own key pair stays valid beside them.
//
// It returns the credentials and their expiry on the server's clock, which
// is what a faceid.RefreshFunc returns, so a test can exercise
// faceid.NewCachedCredentials against the sandbox (give the cache the
// server's clock with faceid.WithCacheClock). It panics if ttl is not
// positive.
func (s *Server) IssueTemporaryCredentials(ttl time.Duration) (faceid.Credentials, time.Time) {
	if ttl <= 0 {
		panic(fmt.Sprintf("faceidtest: IssueTemporaryCredentials: ttl %v is not positive", ttl))
	}
	t := temporaryCredentials{
		cred: faceid.Credentials{
			SecretID:  "AKIDtmp" + randomHex(15),
			SecretKey: "sandbox-tmp-key-" + randomHex(12),
			Token:     "sandbox-tmp-token-" + randomHex(24),
		},
		expires: s.clock.Now().Add(ttl),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.temporary[t.cred.SecretID] = t
	return t.cred, t.expires
}

// lookupCredentials returns the key pair a request signed with secretID must
// be checked against, and for temporary credentials their record.
func (s *Server) lookupCredentials(secretID string) (faceid.Credentials, *temporaryCredentials, bool) {
	if secretID == s.cred.SecretID {
		return s.cred, nil, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.temporary[secretID]
	if !ok {
		return faceid.Credentials{}, nil, false
	}
	return t.cred, &t, true
}

// checkToken checks the X-TC-Token of a request signed with temporary
// credentials t, at the server time now.
func checkToken(t *temporaryCredentials, token string, now time.Time) *apiError {
	if subtle.ConstantTimeCompare([]byte(token), []byte(t.cred.Token)) != 1 || !now.Before(t.expires) {
		return errTokenFailure()
	}
	return nil
}

// randomHex returns 2n random hexadecimal digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
