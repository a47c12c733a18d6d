package faceid_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// stsSandbox is the sandbox standing in for STS, with a cache of its
// temporary credentials on a host whose clock runs 10 minutes slow: once
// the server's clock has passed the expiry, the cache still serves the old
// token and the server answers AuthFailure.TokenFailure.
type stsSandbox struct {
	srv   *faceidtest.Server
	cache *faceid.CachedCredentials

	mu     sync.Mutex
	issued []faceid.Credentials
}

func newSTSSandbox(t *testing.T) *stsSandbox {
	t.Helper()
	s := &stsSandbox{srv: faceidtest.NewServer(faceidtest.WithClock(faceidtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))))}
	t.Cleanup(s.srv.Close)
	cache, err := faceid.NewCachedCredentials(s.refresh, faceid.WithCacheClock(func() time.Time {
		return s.srv.Clock().Now().Add(-10 * time.Minute)
	}))
	require.NoError(t, err)
	s.cache = cache
	return s
}

// refresh is the cache's RefreshFunc: it counts what it issues.
func (s *stsSandbox) refresh(context.Context) (faceid.Credentials, time.Time, error) {
	cred, expires := s.srv.IssueTemporaryCredentials(time.Hour)
	s.mu.Lock()
	s.issued = append(s.issued, cred)
	s.mu.Unlock()
	return cred, expires, nil
}

func (s *stsSandbox) refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.issued)
}

// expire fills the cache and moves the server past the expiry; it returns
// the credentials the cache keeps serving and the server now rejects.
func (s *stsSandbox) expire(t *testing.T) faceid.Credentials {
	t.Helper()
	cred, err := s.cache.Credentials(context.Background())
	require.NoError(t, err)
	s.srv.Clock().Advance(61 * time.Minute)
	return cred
}

// errorCodes lists the error code of every call the server answered.
func (s *stsSandbox) errorCodes() map[string]int {
	codes := map[string]int{}
	for _, call := range s.srv.Calls() {
		codes[call.ErrorCode]++
	}
	return codes
}

var tokenReq = &faceid.DetectAuthRequest{RuleID: "1", Name: "测试", IDCard: "11010519491231002X"}

// auditedCredentials is a caller's own wrapper around a provider that
// passes invalidation on.
type auditedCredentials struct {
	inner       faceid.CredentialsProvider
	invalidated atomic.Int32
}

func (a *auditedCredentials) Credentials(ctx context.Context) (faceid.Credentials, error) {
	return a.inner.Credentials(ctx)
}

func (a *auditedCredentials) Invalidate(rejected faceid.Credentials) {
	a.invalidated.Add(1)
	if inv, ok := a.inner.(faceid.CredentialsInvalidator); ok {
		inv.Invalidate(rejected)
	}
}

// AuthFailure.TokenFailure refreshes the cache however it is wrapped, and
// the call succeeds on its second attempt.
func TestTokenFailureRefreshesThroughWrappers(t *testing.T) {
	none := faceid.CredentialsFunc(func(context.Context) (faceid.Credentials, error) {
		return faceid.Credentials{}, fmt.Errorf("%w: test", faceid.ErrNoCredentials)
	})
	for _, tc := range []struct {
		name string
		wrap func(faceid.CredentialsProvider) faceid.CredentialsProvider
	}{
		{"chain", func(p faceid.CredentialsProvider) faceid.CredentialsProvider {
			return faceid.ChainCredentials(none, p)
		}},
		{"nested chain", func(p faceid.CredentialsProvider) faceid.CredentialsProvider {
			return faceid.ChainCredentials(faceid.ChainCredentials(none, p))
		}},
		{"own wrapper", func(p faceid.CredentialsProvider) faceid.CredentialsProvider {
			return &auditedCredentials{inner: p}
		}},
		{"own wrapper around a chain", func(p faceid.CredentialsProvider) faceid.CredentialsProvider {
			return &auditedCredentials{inner: faceid.ChainCredentials(none, p)}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sts := newSTSSandbox(t)
			rejected := sts.expire(t)
			client := sts.srv.Client(faceid.WithCredentials(tc.wrap(sts.cache)), fastRetry)
			auth, err := client.DetectAuth(context.Background(), tokenReq)
			require.NoError(t, err)
			assert.NotEmpty(t, auth.BizToken)
			assert.Equal(t, 2, sts.refreshes(), "the rejected credentials were refreshed once")
			assert.Equal(t, map[string]int{codes.AuthFailureTokenFailure: 1, "": 1}, sts.errorCodes())
			fresh, err := sts.cache.Credentials(context.Background())
			require.NoError(t, err)
			assert.NotEqual(t, rejected.Token, fresh.Token)
		})
	}
}

// Fixed credentials, alone or in a chain, would be rejected again: the
// error is returned at once, with no second attempt.
func TestTokenFailureWithFixedCredentialsIsNotRetried(t *testing.T) {
	sts := newSTSSandbox(t)
	rejected := sts.expire(t)
	static := faceid.StaticCredentials(rejected.SecretID, rejected.SecretKey, rejected.Token)
	for name, p := range map[string]faceid.CredentialsProvider{
		"static": static,
		"chain":  faceid.ChainCredentials(static, faceid.EnvironmentCredentials()),
	} {
		client := sts.srv.Client(faceid.WithCredentials(p), fastRetry)
		calls := len(sts.srv.Calls())
		_, err := client.DetectAuth(context.Background(), tokenReq)
		var apiErr *faceid.APIError
		require.ErrorAs(t, err, &apiErr, name)
		assert.Equal(t, codes.AuthFailureTokenFailure, apiErr.Code, name)
		var retryErr *faceid.RetryError
		assert.False(t, errors.As(err, &retryErr), "%s: no retry: %v", name, err)
		assert.Len(t, sts.srv.Calls(), calls+1, name)
		assert.NotContains(t, err.Error(), rejected.SecretKey, name)
		assert.NotContains(t, err.Error(), rejected.Token, name)
	}
}

// barrierTransport holds the first n requests until all n have been sent
// to it, so that every one of them is signed before any reply arrives.
type barrierTransport struct {
	next    *http.Transport
	n       int32
	arrived atomic.Int32
	all     chan struct{}
}

func (b *barrierTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if k := b.arrived.Add(1); k <= b.n {
		if k == b.n {
			close(b.all)
		}
		select {
		case <-b.all:
		case <-req.Context().Done():
			if req.Body != nil {
				_ = req.Body.Close()
			}
			return nil, req.Context().Err()
		}
	}
	return b.next.RoundTrip(req)
}

func (b *barrierTransport) CloseIdleConnections() { b.next.CloseIdleConnections() }

// Many calls in flight, all rejected with the same credentials, cause one
// refresh, and all of them succeed with the fresh credentials.
func TestConcurrentTokenFailuresRefreshOnce(t *testing.T) {
	const inFlight = 500
	sts := newSTSSandbox(t)
	rejected := sts.expire(t)
	barrier := &barrierTransport{
		next: &http.Transport{MaxIdleConnsPerHost: inFlight},
		n:    inFlight,
		all:  make(chan struct{}),
	}
	client := sts.srv.Client(
		faceid.WithCredentials(faceid.ChainCredentials(sts.cache)),
		faceid.WithHTTPClient(&http.Client{Transport: barrier}),
		fastRetry,
	)
	defer client.CloseIdleConnections()

	errs := make([]error, inFlight)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = client.DetectAuth(context.Background(), tokenReq)
		})
	}
	wg.Wait()

	for i, err := range errs {
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, 2, sts.refreshes(), "one refresh after the first credentials")
	assert.Equal(t, map[string]int{codes.AuthFailureTokenFailure: inFlight, "": inFlight}, sts.errorCodes(),
		"every call was rejected once, then succeeded")
	fresh, err := sts.cache.Credentials(context.Background())
	require.NoError(t, err)
	assert.NotEqual(t, rejected.Token, fresh.Token)
}
