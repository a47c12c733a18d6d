package faceid

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// wrappedProvider is a caller's own decorator around a provider: it passes
// invalidation on, as CredentialsInvalidator asks wrappers to.
type wrappedProvider struct {
	inner       CredentialsProvider
	invalidated atomic.Int32
}

func (w *wrappedProvider) Credentials(ctx context.Context) (Credentials, error) {
	return w.inner.Credentials(ctx)
}

func (w *wrappedProvider) Invalidate(rejected Credentials) {
	w.invalidated.Add(1)
	invalidateCredentials(w.inner, rejected)
}

// cacheGetter is a CredentialGetter in front of a cache that is also a
// CredentialsInvalidator.
type cacheGetter struct{ cache *CachedCredentials }

func (g cacheGetter) GetCredential() (string, string, string) {
	c, _ := g.cache.Credentials(context.Background())
	return c.SecretID, c.SecretKey, c.Token
}

func (g cacheGetter) Invalidate(rejected Credentials) { g.cache.Invalidate(rejected) }

// noCredentials is a provider that finds nothing, so a chain moves on.
var noCredentials = CredentialsFunc(func(context.Context) (Credentials, error) {
	return Credentials{}, fmt.Errorf("%w: nothing here", ErrNoCredentials)
})

// Invalidation reaches a cache through every wrapper: the chain (nested
// too), a caller's own decorator and the CredentialGetter adapter.
func TestInvalidateCredentialsReachesTheCache(t *testing.T) {
	static := StaticCredentials("static-id", "static-key", "")
	for _, tc := range []struct {
		name string
		wrap func(*CachedCredentials) CredentialsProvider
	}{
		{"cache", func(c *CachedCredentials) CredentialsProvider { return c }},
		{"chain", func(c *CachedCredentials) CredentialsProvider { return ChainCredentials(noCredentials, c) }},
		{"nested chain", func(c *CachedCredentials) CredentialsProvider {
			return ChainCredentials(noCredentials, ChainCredentials(noCredentials, c), static)
		}},
		{"decorator", func(c *CachedCredentials) CredentialsProvider { return &wrappedProvider{inner: c} }},
		{"chain in a decorator", func(c *CachedCredentials) CredentialsProvider {
			return &wrappedProvider{inner: ChainCredentials(noCredentials, c)}
		}},
		{"getter adapter", func(c *CachedCredentials) CredentialsProvider { return FromCredentialGetter(cacheGetter{c}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			sts := &stsFake{clock: clock}
			cache := newTestCache(t, sts.refresh, WithCacheClock(clock.Now))
			p := tc.wrap(cache)
			ctx := context.Background()

			rejected, err := p.Credentials(ctx)
			require.NoError(t, err)
			require.Equal(t, "token-1", rejected.Token)
			assert.True(t, invalidateCredentials(p, rejected), "the provider can replace its credentials")
			fresh, err := p.Credentials(ctx)
			require.NoError(t, err)
			assert.Equal(t, "token-2", fresh.Token, "the cache behind the wrapper was invalidated")

			assert.True(t, invalidateCredentials(p, rejected))
			again, err := p.Credentials(ctx)
			require.NoError(t, err)
			assert.Equal(t, "token-2", again.Token, "a stale invalidation keeps the fresh credentials")
			assert.EqualValues(t, 2, sts.calls.Load())
		})
	}
}

// A chain passes the call on to each member that is an invalidator; only
// the one holding the rejected credentials drops them.
func TestChainCredentialsInvalidateEveryMember(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	stsA, stsB := &stsFake{clock: clock}, &stsFake{clock: clock}
	a := newTestCache(t, stsA.refresh, WithCacheClock(clock.Now))
	b := newTestCache(t, func(ctx context.Context) (Credentials, time.Time, error) {
		c, expires, err := stsB.refresh(ctx)
		c.SecretID = "tmp-id-b" // not a's credentials
		return c, expires, err
	}, WithCacheClock(clock.Now))
	ctx := context.Background()
	fromB, err := b.Credentials(ctx)
	require.NoError(t, err)
	_, err = a.Credentials(ctx)
	require.NoError(t, err)
	deco := &wrappedProvider{inner: StaticCredentials("static-id", "static-key", "")}

	chain := ChainCredentials(a, deco, b)
	inv, ok := chain.(CredentialsInvalidator)
	require.True(t, ok, "ChainCredentials is a CredentialsInvalidator")
	inv.Invalidate(fromB)
	assert.EqualValues(t, 1, deco.invalidated.Load(), "every member that is an invalidator is told")

	_, err = a.Credentials(ctx)
	require.NoError(t, err)
	_, err = b.Credentials(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 1, stsA.calls.Load(), "a did not hold the rejected credentials")
	assert.EqualValues(t, 2, stsB.calls.Load(), "b dropped them and refreshed")
}

// Only providers that can replace their credentials make the client retry
// after AuthFailure.TokenFailure; fixed credentials would be rejected again.
func TestInvalidateCredentialsFixedProviders(t *testing.T) {
	rejected := Credentials{SecretID: "id", SecretKey: "key", Token: "tok"}
	for name, p := range map[string]CredentialsProvider{
		"static":      StaticCredentials("id", "key", "tok"),
		"environment": EnvironmentCredentials(),
		"profile":     ProfileCredentials("", ""),
		"default":     DefaultCredentials(),
		"func":        CredentialsFunc(func(context.Context) (Credentials, error) { return rejected, nil }),
		"getter":      FromCredentialGetter(tccommon.NewTokenCredential("id", "key", "tok")),
		"chain":       ChainCredentials(StaticCredentials("id", "key", "tok"), ChainCredentials(EnvironmentCredentials())),
		"empty chain": ChainCredentials(),
	} {
		assert.False(t, invalidateCredentials(p, rejected), name)
	}
}

func TestSameCredentials(t *testing.T) {
	c := Credentials{SecretID: "id", SecretKey: "key", Token: "tok"}
	assert.True(t, sameCredentials(c, c))
	assert.True(t, sameCredentials(c, Credentials{SecretID: "id", Token: "tok"}), "the secret key takes no part")
	assert.True(t, sameCredentials(Credentials{SecretID: "id", SecretKey: "k"}, Credentials{SecretID: "id", SecretKey: "k"}),
		"long-term keys have no token")
	assert.False(t, sameCredentials(c, Credentials{SecretID: "id", SecretKey: "key", Token: "tok2"}))
	assert.False(t, sameCredentials(c, Credentials{SecretID: "id", SecretKey: "key"}))
	assert.False(t, sameCredentials(c, Credentials{SecretID: "id2", SecretKey: "key", Token: "tok"}))
	assert.False(t, sameCredentials(Credentials{}, Credentials{}), "empty credentials match nothing")
}
