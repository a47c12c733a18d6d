package faceid

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// RefreshFunc fetches fresh temporary credentials and the time they expire,
// for example from STS AssumeRole or an instance's metadata service.
type RefreshFunc func(ctx context.Context) (Credentials, time.Time, error)

// CacheOption configures a CachedCredentials; see NewCachedCredentials.
type CacheOption func(*CachedCredentials) error

// WithRefreshAhead sets how long before expiry a refresh starts; default
// five minutes. Zero refreshes only when the credentials have expired.
func WithRefreshAhead(d time.Duration) CacheOption {
	return func(c *CachedCredentials) error {
		if d < 0 {
			return fmt.Errorf("WithRefreshAhead: %v is negative", d)
		}
		c.ahead = d
		return nil
	}
}

// WithRefreshBackoff sets the wait after a failed refresh, doubled after
// each further failure up to max; defaults 1 s and 1 min.
func WithRefreshBackoff(initial, max time.Duration) CacheOption {
	return func(c *CachedCredentials) error {
		if initial <= 0 || max < initial {
			return fmt.Errorf("WithRefreshBackoff: want 0 < initial <= max, got %v and %v", initial, max)
		}
		c.backoff, c.maxBackoff = initial, max
		return nil
	}
}

// WithRefreshTimeout bounds one refresh; default 30 s. A refresh is not
// cancelled by the caller that happened to start it, so that other callers
// waiting for it are not failed by someone else's cancellation.
func WithRefreshTimeout(d time.Duration) CacheOption {
	return func(c *CachedCredentials) error {
		if d <= 0 {
			return fmt.Errorf("WithRefreshTimeout: %v is not a positive duration", d)
		}
		c.timeout = d
		return nil
	}
}

// WithCacheClock sets the clock; tests use it. Default time.Now.
func WithCacheClock(now func() time.Time) CacheOption {
	return func(c *CachedCredentials) error {
		if now == nil {
			return errors.New("WithCacheClock: clock is nil")
		}
		c.now = now
		return nil
	}
}

// CachedCredentials caches temporary credentials and refreshes them ahead of
// expiry. One refresh runs at a time for all goroutines; while credentials
// are still valid, callers keep getting them without waiting, and a failed
// refresh is retried after a growing back-off. Only when the credentials
// have expired do callers wait for a refresh, each within its own context.
// It is safe for concurrent use.
type CachedCredentials struct {
	refresh    RefreshFunc
	ahead      time.Duration
	backoff    time.Duration
	maxBackoff time.Duration
	timeout    time.Duration
	now        func() time.Time

	mu        sync.Mutex
	cred      Credentials
	expires   time.Time
	refreshAt time.Time
	inflight  *refreshCall
	failures  int
	nextTry   time.Time
	lastError error
}

// refreshCall is one refresh in progress; done closes when it ends.
type refreshCall struct {
	done chan struct{}
	err  error
}

// NewCachedCredentials returns a caching provider around refresh, or an
// error naming the option that is invalid.
func NewCachedCredentials(refresh RefreshFunc, opts ...CacheOption) (*CachedCredentials, error) {
	if refresh == nil {
		return nil, errors.New("faceid: NewCachedCredentials: refresh is nil")
	}
	c := &CachedCredentials{
		refresh: refresh, ahead: 5 * time.Minute, backoff: time.Second, maxBackoff: time.Minute,
		timeout: 30 * time.Second, now: time.Now,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, fmt.Errorf("faceid: %w", err)
		}
	}
	return c, nil
}

// Credentials returns valid credentials, refreshing them when needed.
func (c *CachedCredentials) Credentials(ctx context.Context) (Credentials, error) {
	for {
		c.mu.Lock()
		now := c.now()
		valid := c.cred.SecretID != "" && now.Before(c.expires)
		fresh := valid && now.Before(c.refreshAt)
		if fresh || (valid && (c.inflight != nil || now.Before(c.nextTry))) {
			cred := c.cred
			c.mu.Unlock()
			return cred, nil
		}
		if !valid && c.inflight == nil && now.Before(c.nextTry) {
			err := c.lastError
			c.mu.Unlock()
			return Credentials{}, fmt.Errorf("faceid: credentials expired and the last refresh failed: %w", err)
		}
		call := c.inflight
		if call == nil {
			call = &refreshCall{done: make(chan struct{})}
			c.inflight = call
			go c.run(context.WithoutCancel(ctx), call)
		}
		cred := c.cred
		c.mu.Unlock()

		if valid {
			// Still valid: serve the current credentials while the refresh runs.
			return cred, nil
		}
		select {
		case <-ctx.Done():
			return Credentials{}, ctx.Err()
		case <-call.done:
			if call.err != nil {
				return Credentials{}, fmt.Errorf("faceid: refreshing credentials: %w", call.err)
			}
		}
	}
}

// run performs one refresh and publishes its result.
func (c *CachedCredentials) run(ctx context.Context, call *refreshCall) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	cred, expires, err := c.refresh(ctx)
	if err == nil {
		if verr := cred.validate(); verr != nil {
			err = verr
		} else if !expires.After(c.now()) {
			err = fmt.Errorf("refreshed credentials already expired at %v", expires)
		}
	}
	c.mu.Lock()
	if err != nil {
		c.failures++
		wait := c.backoff << min(c.failures-1, 20)
		if wait > c.maxBackoff || wait <= 0 {
			wait = c.maxBackoff
		}
		c.nextTry = c.now().Add(wait)
		c.lastError = err
	} else {
		// Short-lived credentials refresh at half their life at the latest.
		ahead := min(c.ahead, expires.Sub(c.now())/2)
		c.cred, c.expires, c.refreshAt = cred, expires, expires.Add(-ahead)
		c.failures, c.nextTry, c.lastError = 0, time.Time{}, nil
	}
	c.inflight = nil
	call.err = err
	c.mu.Unlock()
	close(call.done)
}

// Invalidate drops the cached credentials if they are the rejected ones
// (the same SecretID and session token), so that the next call refreshes
// them at once, whatever the back-off; the client calls it when the server
// answers AuthFailure.TokenFailure to a request signed with rejected. When
// the cache holds other credentials — a refresh has already replaced the
// rejected ones — it keeps them, so that many calls rejected together cause
// one refresh. It implements CredentialsInvalidator.
func (c *CachedCredentials) Invalidate(rejected Credentials) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !sameCredentials(c.cred, rejected) {
		return
	}
	c.cred, c.expires, c.refreshAt, c.nextTry = Credentials{}, time.Time{}, time.Time{}, time.Time{}
}

// String describes the provider without secrets.
func (c *CachedCredentials) String() string { return "CachedCredentials" }

// GoString keeps %#v from printing the cached secret key.
func (c *CachedCredentials) GoString() string { return "faceid.CachedCredentials" }

// CredentialGetter is anything that hands out a key pair and token, such as
// the credential values of the official Tencent Cloud SDK (CVM role, role
// ARN and OIDC providers included).
type CredentialGetter interface {
	GetCredential() (secretID, secretKey, token string)
}

// FromCredentialGetter adapts a CredentialGetter to a CredentialsProvider.
// GetCredential is called for every request, so a getter that refreshes
// itself keeps working. A getter that also implements
// CredentialsInvalidator is told about rejected credentials.
func FromCredentialGetter(g CredentialGetter) CredentialsProvider {
	return getterProvider{g}
}

type getterProvider struct{ g CredentialGetter }

func (p getterProvider) Credentials(context.Context) (Credentials, error) {
	id, key, token := p.g.GetCredential()
	c := Credentials{SecretID: id, SecretKey: key, Token: token}
	if err := c.validate(); err != nil {
		return Credentials{}, fmt.Errorf("faceid: credential getter: %w", err)
	}
	return c, nil
}

// Invalidate passes the rejected credentials on to the getter when it
// implements CredentialsInvalidator.
func (p getterProvider) Invalidate(rejected Credentials) {
	if inv, ok := p.g.(CredentialsInvalidator); ok {
		inv.Invalidate(rejected)
	}
}

func (getterProvider) String() string { return "FromCredentialGetter" }

// GoString keeps %#v from printing what the getter holds.
func (getterProvider) GoString() string { return "faceid.FromCredentialGetter" }
