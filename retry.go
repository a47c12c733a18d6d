package faceid

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// RetryPolicy says when and how often a failed call is tried again.
//
// The rule: a call is retried when the failure is transient — throttling
// (RequestLimitExceeded*), server faults (InternalError*, ServiceUnavailable
// and the FaceID "system busy, retry" codes), HTTP 429, 500, 502, 503 and
// 504 replies from a gateway, and connection failures that prove the
// request was never sent. A failure after
// the request may have reached the server (a timeout after sending, a reset
// or cut-off reply) is retried only for actions that are not billed per call
// (see ActionBilled), so that a retry never pays twice. Waits use full
// jitter, capped, and honour the context; a per-client retry budget stops an
// outage from turning into a retry storm.
type RetryPolicy struct {
	// MaxAttempts is the most attempts per call, first included; default 3.
	// 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the cap of the first wait; it doubles per retry. Default
	// 200 ms.
	BaseDelay time.Duration
	// MaxDelay caps every wait; default 5 s.
	MaxDelay time.Duration
	// Budget is the number of retry tokens a client holds; a retry costs 5
	// (10 after a timeout) and a success returns 1. When the budget is spent
	// failures are returned at once. Default 500; negative means unlimited.
	Budget int
}

// DefaultRetryPolicy returns the policy a client uses unless WithRetry
// changes it.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, Budget: 500}
}

// withDefaults fills in zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.Budget == 0 {
		p.Budget = d.Budget
	}
	return p
}

// delay returns the full-jitter wait before retry number n (1-based).
func (p RetryPolicy) delay(n int, rng func(int64) int64) time.Duration {
	ceiling := p.MaxDelay
	if shift := n - 1; shift < 30 {
		if d := p.BaseDelay << shift; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rng(int64(ceiling) + 1))
}

// Retry token costs, in the manner of a token bucket.
const (
	retryCost        = 5
	retryTimeoutCost = 10
	successRefund    = 1
)

// retryBudget is a client's bucket of retry tokens.
type retryBudget struct {
	mu       sync.Mutex
	tokens   int
	capacity int // negative: unlimited
}

func newRetryBudget(capacity int) *retryBudget {
	return &retryBudget{tokens: capacity, capacity: capacity}
}

// take spends the cost of a retry, reporting false when the budget is spent.
func (b *retryBudget) take(cost int) bool {
	if b.capacity < 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// refund returns tokens after a success.
func (b *retryBudget) refund(n int) {
	if b.capacity < 0 {
		return
	}
	b.mu.Lock()
	b.tokens = min(b.capacity, b.tokens+n)
	b.mu.Unlock()
}

// RetryError reports a call that failed after more than one attempt. It
// wraps the last failure, so errors.As and errors.Is see through it.
type RetryError struct {
	// Action is the API action that was called.
	Action string
	// Attempts is the number of attempts made.
	Attempts int
	// Reason says why retrying stopped.
	Reason string
	// Err is the failure of the last attempt.
	Err error
}

// Error is the last failure followed by how many attempts were made and
// why retrying stopped.
func (e *RetryError) Error() string {
	return e.Err.Error() + "; gave up after " + strconv.Itoa(e.Attempts) + " attempts (" + e.Reason + ")"
}

// Unwrap returns the last failure.
func (e *RetryError) Unwrap() error { return e.Err }

// retryKind classifies a failure for the retry decision.
type retryKind int

const (
	noRetry        retryKind = iota // permanent, or the caller's own doing
	retrySafe                       // the request was not processed
	retryAmbiguous                  // the request may have been processed
	retrySkew                       // AuthFailure.SignatureExpire: re-sign with the server's time
	retryToken                      // AuthFailure.TokenFailure: refresh credentials
)

// classifyForRetry decides how a failure may be retried. The decision is
// the one the error classes and IsRetryable are drawn from (failureOf).
func classifyForRetry(err error) retryKind { return failureOf(err).retry }

// isReadFailure reports a reply body that could not be read to its end
// (a reset connection or a timeout while reading).
func isReadFailure(err error) bool {
	var rf *readFailure
	return errors.As(err, &rf)
}

// readFailure marks an error of the reply body's reader.
type readFailure struct{ err error }

func (r *readFailure) Error() string { return "reading the reply: " + r.err.Error() }
func (r *readFailure) Unwrap() error { return r.err }

// isTimeout reports an attempt that ran out of time.
func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded)
}

// waitRetry waits d or until ctx ends.
func waitRetry(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// jitter draws from [0, n).
func jitter(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return rand.Int64N(n)
}

// sendWithRetry sends body with the client's retry policy: see RetryPolicy
// for the rule. A single attempt's error is returned as it is; after more
// than one attempt the error is a *RetryError wrapping the last failure.
func (c *Client) sendWithRetry(ctx context.Context, action string, body []byte, dec replyDecoder, cfg callConfig) (replyMeta, error) {
	var skewFixed, tokenRefreshed bool
	retried := false // a back-off retry was made: repairs (re-signing) do not count
	for attempt := 1; ; attempt++ {
		if attempt > 1 && dec.reset != nil {
			dec.reset()
		}
		meta, err := c.send(ctx, action, attempt, body, dec, cfg.timeout)
		if err == nil {
			c.budget.refund(successRefund)
			return meta, nil
		}
		giveUp := func(reason string, cause error) (replyMeta, error) {
			if !retried {
				return meta, cause
			}
			return meta, &RetryError{Action: action, Attempts: attempt, Reason: reason, Err: cause}
		}

		switch classifyForRetry(err) {
		case noRetry:
			return giveUp("not retryable", err)
		case retrySkew:
			// Learn the server's time, so later calls sign right, and
			// re-sign this one once (without spending the retry budget)
			// unless retries are off.
			if skewFixed || meta.serverDate.IsZero() {
				return giveUp("clock skew not repaired", err)
			}
			skewFixed = true
			offset := meta.serverDate.Sub(c.now())
			if offset > maxClockSkew || offset < -maxClockSkew {
				// A Date this far off is a broken or hostile reply, not
				// clock drift: learning it would sign every later request
				// with a wrong time.
				if c.logger != nil {
					c.logger.LogAttrs(ctx, slog.LevelWarn, "faceid clock skew beyond bound: not learnt",
						slog.String("action", action), slog.Duration("skew", offset), slog.Duration("bound", maxClockSkew))
				}
				return giveUp("the server's Date is more than "+maxClockSkew.String()+" off the local clock; fix the local clock", err)
			}
			c.skew.Store(int64(offset))
			if c.logger != nil {
				c.logger.LogAttrs(ctx, slog.LevelWarn, "faceid clock skew: signing with the server's time from now on",
					slog.String("action", action), slog.Duration("skew", offset), slog.String("detail", describeSkew(offset)))
			}
			if cfg.retry.MaxAttempts < 2 {
				return giveUp("retries are off", err)
			}
			continue
		case retryToken:
			// Drop the rejected credentials wherever the provider caches
			// them, and try once more with fresh ones.
			if tokenRefreshed || !invalidateCredentials(c.credentials, meta.cred) {
				return giveUp("credentials could not be refreshed", err)
			}
			tokenRefreshed = true
			if cfg.retry.MaxAttempts < 2 {
				return giveUp("retries are off", err)
			}
			continue
		case retryAmbiguous:
			if ActionBilled(action) {
				return giveUp("the request may have reached the server and "+action+" is billed", err)
			}
		}
		if dec.started != nil && dec.started() {
			return giveUp("media were already streamed to the sink", err)
		}
		if ctx.Err() != nil {
			return giveUp("context ended", err)
		}
		if attempt >= cfg.retry.MaxAttempts {
			return giveUp("attempts exhausted", err)
		}
		cost := retryCost
		if isTimeout(err) {
			cost = retryTimeoutCost
		}
		if !c.budget.take(cost) {
			return giveUp("client retry budget spent", err)
		}
		wait := cfg.retry.delay(attempt, jitter)
		if c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug) {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "faceid retry",
				slog.String("action", action), slog.Int("attempt", attempt), slog.Duration("wait", wait),
				slog.String("cause", err.Error()))
		}
		retried = true
		if werr := waitRetry(ctx, wait); werr != nil {
			return giveUp("context ended during back-off", errors.Join(werr, err))
		}
	}
}
