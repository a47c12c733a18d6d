package faceid

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// fakeClock is a manually advanced clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// stsFake hands out numbered credentials valid for an hour, or fails.
type stsFake struct {
	clock   *fakeClock
	calls   atomic.Int32
	fail    atomic.Bool
	release chan struct{} // when non-nil, each refresh waits for it
}

func (s *stsFake) refresh(ctx context.Context) (Credentials, time.Time, error) {
	n := s.calls.Add(1)
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return Credentials{}, time.Time{}, ctx.Err()
		}
	}
	if s.fail.Load() {
		return Credentials{}, time.Time{}, errors.New("sts unavailable")
	}
	return Credentials{SecretID: "tmp-id", SecretKey: "tmp-key", Token: "token-" + string(rune('0'+n))},
		s.clock.Now().Add(time.Hour), nil
}

// newTestCache returns NewCachedCredentials(refresh, opts...), failing the
// test if the options are refused.
func newTestCache(t testing.TB, refresh RefreshFunc, opts ...CacheOption) *CachedCredentials {
	t.Helper()
	c, err := NewCachedCredentials(refresh, opts...)
	require.NoError(t, err)
	return c
}

func TestNewCachedCredentialsRefusesBadOptions(t *testing.T) {
	refresh := func(context.Context) (Credentials, time.Time, error) { return Credentials{}, time.Time{}, nil }
	for _, tc := range []struct {
		name string
		opt  CacheOption
		want string
	}{
		{"negative ahead", WithRefreshAhead(-time.Second), "WithRefreshAhead"},
		{"zero backoff", WithRefreshBackoff(0, time.Minute), "WithRefreshBackoff"},
		{"max below initial", WithRefreshBackoff(time.Minute, time.Second), "WithRefreshBackoff"},
		{"zero timeout", WithRefreshTimeout(0), "WithRefreshTimeout"},
		{"nil clock", WithCacheClock(nil), "WithCacheClock"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewCachedCredentials(refresh, tc.opt)
			require.Error(t, err)
			assert.Nil(t, c, "no provider comes with an error")
			assert.Contains(t, err.Error(), "faceid: "+tc.want+":")
		})
	}
	c, err := NewCachedCredentials(nil)
	assert.Nil(t, c)
	assert.EqualError(t, err, "faceid: NewCachedCredentials: refresh is nil")

	c, err = NewCachedCredentials(refresh, nil, WithRefreshAhead(0), WithRefreshBackoff(time.Second, time.Second))
	require.NoError(t, err, "nil options are skipped; zero ahead and equal back-offs are valid")
	assert.Equal(t, time.Duration(0), c.ahead)
	assert.Equal(t, time.Second, c.maxBackoff)
}

func TestCachedCredentialsRefreshAhead(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	sts := &stsFake{clock: clock}
	cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now))
	ctx := context.Background()

	c1, err := cache.Credentials(ctx)
	require.NoError(t, err)
	assert.Equal(t, "token-1", c1.Token)
	for range 10 {
		c, err := cache.Credentials(ctx)
		require.NoError(t, err)
		assert.Equal(t, "token-1", c.Token)
	}
	assert.EqualValues(t, 1, sts.calls.Load(), "cached until the refresh window")

	clock.Advance(56 * time.Minute) // inside the 5-minute refresh-ahead window
	c2, err := cache.Credentials(ctx)
	require.NoError(t, err)
	assert.Equal(t, "token-1", c2.Token, "old credentials served while refreshing")
	require.Eventually(t, func() bool {
		c, _ := cache.Credentials(ctx)
		return c.Token == "token-2"
	}, time.Second, time.Millisecond)
	assert.EqualValues(t, 2, sts.calls.Load())
}

func TestCachedCredentialsOneRefreshForAll(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	sts := &stsFake{clock: clock, release: make(chan struct{})}
	cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now))
	var wg sync.WaitGroup
	tokens := make([]string, 50)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := cache.Credentials(context.Background())
			if err == nil {
				tokens[i] = c.Token
			}
		}()
	}
	require.Eventually(t, func() bool { return sts.calls.Load() == 1 }, time.Second, time.Millisecond)
	close(sts.release)
	wg.Wait()
	assert.EqualValues(t, 1, sts.calls.Load(), "one refresh for all goroutines")
	for _, tok := range tokens {
		assert.Equal(t, "token-1", tok)
	}
}

func TestCachedCredentialsFailureBackoff(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	sts := &stsFake{clock: clock}
	cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now), WithRefreshBackoff(time.Second, 4*time.Second))
	ctx := context.Background()
	_, err := cache.Credentials(ctx)
	require.NoError(t, err)

	sts.fail.Store(true)
	clock.Advance(56 * time.Minute)
	waitIdle := func() {
		require.Eventually(t, func() bool {
			cache.mu.Lock()
			defer cache.mu.Unlock()
			return cache.inflight == nil
		}, time.Second, time.Millisecond)
	}
	c, err := cache.Credentials(ctx) // starts a refresh that fails
	require.NoError(t, err)
	assert.Equal(t, "token-1", c.Token)
	waitIdle()
	calls := sts.calls.Load()
	for range 5 {
		c, err = cache.Credentials(ctx)
		require.NoError(t, err, "still valid: keep serving")
		assert.Equal(t, "token-1", c.Token)
	}
	assert.Equal(t, calls, sts.calls.Load(), "no refresh during the back-off")

	clock.Advance(1500 * time.Millisecond) // past the 1 s back-off
	_, _ = cache.Credentials(ctx)
	waitIdle()
	assert.Equal(t, calls+1, sts.calls.Load())

	clock.Advance(5 * time.Minute) // now expired, and past the back-off: a refresh runs and fails
	_, err = cache.Credentials(ctx)
	require.Error(t, err)
	assert.ErrorContains(t, err, "sts unavailable")

	_, err = cache.Credentials(ctx) // within the back-off now: fails fast with the last error
	assert.ErrorContains(t, err, "last refresh failed")

	sts.fail.Store(false)
	clock.Advance(10 * time.Second)
	c, err = cache.Credentials(ctx)
	require.NoError(t, err)
	assert.NotEqual(t, "token-1", c.Token)
}

func TestCachedCredentialsHonourContext(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	sts := &stsFake{clock: clock, release: make(chan struct{})}
	defer close(sts.release)
	cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := cache.Credentials(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestCachedCredentialsInvalidateAndShortLived(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	calls := 0
	cache := newTestCache(t, func(context.Context) (Credentials, time.Time, error) {
		calls++
		return Credentials{SecretID: "id", SecretKey: "key"}, clock.Now().Add(2 * time.Minute), nil
	}, WithCacheClock(clock.Now))
	ctx := context.Background()
	cred, err := cache.Credentials(ctx)
	require.NoError(t, err)
	_, err = cache.Credentials(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, calls, "2-minute credentials are not refreshed on every call")

	cache.Invalidate(cred)
	_, err = cache.Credentials(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, calls)
}

// Invalidate drops only the credentials that were rejected: a stale
// invalidation, arriving after a refresh replaced them, keeps the fresh ones.
func TestCachedCredentialsInvalidateOnlyRejected(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	sts := &stsFake{clock: clock}
	cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now))
	ctx := context.Background()
	current := func() Credentials {
		t.Helper()
		c, err := cache.Credentials(ctx)
		require.NoError(t, err)
		return c
	}

	first := current()
	require.Equal(t, "token-1", first.Token)
	cache.Invalidate(first)
	second := current()
	assert.Equal(t, "token-2", second.Token, "the rejected credentials were dropped and refreshed")
	assert.EqualValues(t, 2, sts.calls.Load())

	for _, other := range []Credentials{
		first, // stale: already replaced
		{SecretID: second.SecretID, SecretKey: second.SecretKey, Token: "token-9"},
		{SecretID: "other-id", SecretKey: second.SecretKey, Token: second.Token},
		{SecretID: second.SecretID, SecretKey: second.SecretKey}, // no token
		{},
	} {
		cache.Invalidate(other)
		assert.Equal(t, "token-2", current().Token, "invalidating %v keeps the fresh credentials", other)
	}
	assert.EqualValues(t, 2, sts.calls.Load(), "no refresh for credentials the cache does not hold")

	// The SecretID names the key pair: the secret key takes no part.
	cache.Invalidate(Credentials{SecretID: second.SecretID, Token: second.Token})
	assert.Equal(t, "token-3", current().Token)
	assert.EqualValues(t, 3, sts.calls.Load())
}

// An invalidation skips the back-off of a failed refresh ahead of expiry:
// the rejected credentials are of no use, so a refresh is tried at once.
func TestCachedCredentialsInvalidateSkipsBackoff(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	sts := &stsFake{clock: clock}
	cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now), WithRefreshBackoff(time.Minute, time.Minute))
	ctx := context.Background()
	first, err := cache.Credentials(ctx)
	require.NoError(t, err)

	sts.fail.Store(true)
	clock.Advance(56 * time.Minute)
	_, err = cache.Credentials(ctx) // starts a refresh ahead of expiry that fails
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		cache.mu.Lock()
		defer cache.mu.Unlock()
		return cache.inflight == nil
	}, time.Second, time.Millisecond)
	require.EqualValues(t, 2, sts.calls.Load())

	sts.fail.Store(false)
	cache.Invalidate(first)
	c, err := cache.Credentials(ctx)
	require.NoError(t, err)
	assert.Equal(t, "token-3", c.Token)
}

func TestFromCredentialGetterWithOfficialSDK(t *testing.T) {
	p := FromCredentialGetter(tccommon.NewTokenCredential("AKIDofficial", "official-key", "official-token"))
	c, err := p.Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "AKIDofficial", SecretKey: "official-key", Token: "official-token"}, c)

	_, err = FromCredentialGetter(tccommon.NewCredential("", "")).Credentials(context.Background())
	assert.ErrorContains(t, err, "SecretID is empty")
}
