package faceidtest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
)

func TestTemporaryCredentials(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	req := &faceid.DetectAuthRequest{RuleID: "1"}
	cred, expires := s.IssueTemporaryCredentials(time.Hour)
	assert.Equal(t, testStart.Add(time.Hour), expires, "expiry is on the server's clock")
	assert.True(t, strings.HasPrefix(cred.SecretID, "AKID"))
	require.NotEmpty(t, cred.SecretKey)
	require.NotEmpty(t, cred.Token)
	other, _ := s.IssueTemporaryCredentials(time.Hour)
	assert.NotEqual(t, cred.SecretID, other.SecretID)
	assert.NotEqual(t, cred.Token, other.Token)

	with := func(id, key, token string) *faceid.Client {
		return s.Client(noRetry, faceid.WithCredentials(faceid.StaticCredentials(id, key, token)))
	}
	_, err := with(cred.SecretID, cred.SecretKey, cred.Token).DetectAuth(ctx, req)
	require.NoError(t, err)
	_, err = s.Client(noRetry).DetectAuth(ctx, req)
	require.NoError(t, err, "the server's own key pair stays valid")

	for name, c := range map[string]*faceid.Client{
		"no token":             with(cred.SecretID, cred.SecretKey, ""),
		"another's token":      with(cred.SecretID, cred.SecretKey, other.Token),
		"token with a suffix":  with(cred.SecretID, cred.SecretKey, cred.Token+"0"),
		"token with no suffix": with(cred.SecretID, cred.SecretKey, cred.Token[:len(cred.Token)-1]),
	} {
		_, err := c.DetectAuth(ctx, req)
		requireAPIError(t, err, codes.AuthFailureTokenFailure)
		assert.ErrorIs(t, err, faceid.ErrAuthFailure, name)
	}
	// The signature is checked first: a wrong key is a signature failure
	// even with the right token.
	_, err = with(cred.SecretID, "wrong-key", cred.Token).DetectAuth(ctx, req)
	requireAPIError(t, err, codes.AuthFailureSignatureFailure)

	// Valid up to, not at, the expiry.
	s.Clock().Advance(time.Hour - time.Second)
	_, err = with(cred.SecretID, cred.SecretKey, cred.Token).DetectAuth(ctx, req)
	require.NoError(t, err)
	s.Clock().Advance(time.Second)
	_, err = with(cred.SecretID, cred.SecretKey, cred.Token).DetectAuth(ctx, req)
	apiErr := requireAPIError(t, err, codes.AuthFailureTokenFailure)
	assert.NotContains(t, apiErr.Error(), cred.Token)
	_, err = s.Client(noRetry).DetectAuth(ctx, req)
	require.NoError(t, err, "long-term keys do not expire")

	// English message on request.
	en := s.Client(noRetry, faceid.WithLanguage("en-US"),
		faceid.WithCredentials(faceid.StaticCredentials(cred.SecretID, cred.SecretKey, cred.Token)))
	_, err = en.DetectAuth(ctx, req)
	apiErr = requireAPIError(t, err, codes.AuthFailureTokenFailure)
	assert.Contains(t, apiErr.Message, "expired")
}

// A raw request signed with temporary credentials: the token travels in
// X-TC-Token, which is not signed.
func TestTemporaryCredentialsRawHeader(t *testing.T) {
	s := newServer(t)
	cred, _ := s.IssueTemporaryCredentials(time.Minute)
	sign := func(r *http.Request) {
		host := strings.TrimPrefix(s.URL(), "http://")
		r.Header.Set("Authorization", new(faceid.Signer).Authorization(cred, faceid.Service, host, "application/json", []byte(`{"RuleId":"1"}`), s.Clock().Now()))
	}
	rep := rawCall(t, s, "DetectAuth", `{"RuleId":"1"}`, func(r *http.Request) {
		sign(r)
		r.Header.Set("X-TC-Token", cred.Token)
	})
	assert.Equal(t, "", rep.code(), "accepted: %s", rep.Body)
	rep = rawCall(t, s, "DetectAuth", `{"RuleId":"1"}`, sign)
	assert.Equal(t, codes.AuthFailureTokenFailure, rep.code())
}

func TestIssueTemporaryCredentialsRefusesNonPositiveTTL(t *testing.T) {
	s := newServer(t)
	assert.PanicsWithValue(t, "faceidtest: IssueTemporaryCredentials: ttl 0s is not positive", func() { s.IssueTemporaryCredentials(0) })
	assert.Panics(t, func() { s.IssueTemporaryCredentials(-time.Second) })
}

// The sandbox as an STS: a caching provider refreshes ahead of expiry, and
// the server refuses the old token once it has expired.
func TestTemporaryCredentialsWithCache(t *testing.T) {
	s := newServer(t)
	var issued []faceid.Credentials
	cache, err := faceid.NewCachedCredentials(func(context.Context) (faceid.Credentials, time.Time, error) {
		cred, expires := s.IssueTemporaryCredentials(30 * time.Minute)
		issued = append(issued, cred)
		return cred, expires, nil
	}, faceid.WithCacheClock(s.Clock().Now))
	require.NoError(t, err)
	c := s.Client(noRetry, faceid.WithCredentials(cache))
	ctx := context.Background()
	for range 5 {
		_, err := c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
		require.NoError(t, err)
		s.Clock().Advance(10 * time.Minute)
	}
	// Calls at 0, 10 and 20 min use the first credentials (valid to 30);
	// the call at 30, past the default refresh five minutes ahead, gets
	// new ones (valid to 60), which the call at 40 still uses.
	require.Len(t, issued, 2)
	stale := s.Client(noRetry, faceid.WithCredentials(faceid.StaticCredentials(issued[0].SecretID, issued[0].SecretKey, issued[0].Token)))
	_, err = stale.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	requireAPIError(t, err, codes.AuthFailureTokenFailure)
}
