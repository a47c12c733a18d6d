package lifecycle

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle/store"
	"github.com/riverqueue/river"
)

// Archived describes a token whose evidence is archived; OnArchived
// receives it.
type Archived struct {
	// Token, Flow, RuleID and Reference are those tracked.
	Token     string
	Flow      Flow
	RuleID    string
	Reference string
	// Folder is the archive's prefix in the store, "<flow>/<token>".
	Folder string
	// Manifest is the archive's manifest: the verdict, the files.
	Manifest *Manifest
}

// Lost describes a token whose result could not be fetched before Tencent
// deleted it; OnLost receives it.
type Lost struct {
	// Token, Flow, RuleID and Reference are those tracked.
	Token     string
	Flow      Flow
	RuleID    string
	Reference string
	// CreatedAt is when the token was created, Deadline when its result
	// was deleted.
	CreatedAt, Deadline time.Time
	// Reason says why the result was not fetched.
	Reason string
}

// jobOutput is what a fetch job records in River's job row, for Status.
type jobOutput struct {
	State   string `json:"state"`             // "archived" or "lost"
	Outcome string `json:"outcome,omitempty"` // passed, failed, abandoned
	Reason  string `json:"reason,omitempty"`
}

// fetchWorker fetches and archives one token.
type fetchWorker[TTx any] struct {
	river.WorkerDefaults[fetchArgs]
	t *Tracker[TTx]
}

// Timeout bounds one run.
func (w *fetchWorker[TTx]) Timeout(*river.Job[fetchArgs]) time.Duration { return w.t.cfg.JobTimeout }

// backoff is the wait after a failed attempt: doubling from 2 s, at most
// 30 minutes, with up to 10 % jitter.
func backoff(attempt int) time.Duration {
	d := 30 * time.Minute
	if attempt < 10 {
		d = min(d, time.Duration(1<<attempt)*time.Second)
	}
	return d + time.Duration(rand.Int64N(int64(d/10)+1))
}

// lastAttempt is when the final try is made for a token.
func (w *fetchWorker[TTx]) lastAttempt(a fetchArgs) time.Time {
	return a.deadline().Add(-w.t.cfg.Margin)
}

// NextRetry caps River's backoff, which would overshoot three days, at
// the token's last attempt.
func (w *fetchWorker[TTx]) NextRetry(job *river.Job[fetchArgs]) time.Time {
	now := w.t.cfg.Now()
	d := backoff(job.Attempt)
	if last := w.lastAttempt(job.Args); now.Before(last) && now.Add(d).After(last) {
		d = last.Sub(now)
	}
	return time.Now().Add(d)
}

// Work archives the token's result once.
func (w *fetchWorker[TTx]) Work(ctx context.Context, job *river.Job[fetchArgs]) error {
	t, a := w.t, job.Args
	if a.Flow == "" {
		// Returned's lookup of an untracked token, about to be deleted.
		return river.JobCancel(ErrNotTracked)
	}
	m, err := ReadManifest(ctx, t.cfg.Store, a.Flow, a.Token)
	switch {
	case err == nil:
		if verr := VerifyManifest(ctx, t.cfg.Store, m); verr != nil {
			// Only a store changed behind the archive's back gets here:
			// archive again while Tencent still has the result.
			t.cfg.Logger.ErrorContext(ctx, "lifecycle: an archive does not match its manifest; archiving again",
				"token", a.Token, "flow", a.Flow, "error", verr)
			if derr := t.cfg.Store.Delete(ctx, folder(a.Flow, a.Token)); derr != nil {
				return derr
			}
			return verr
		}
		return w.archived(ctx, a, m)
	case !errors.Is(err, store.ErrNotExist):
		return err
	}
	now := t.cfg.Now()
	if !now.Before(a.deadline()) {
		return w.lost(ctx, a, "Tencent's 3-day retention ended before the result was fetched")
	}
	if err := t.limiter.Wait(ctx); err != nil {
		return err
	}
	m, err = t.fetchAndArchive(ctx, a)
	switch {
	case err == nil:
		return w.archived(ctx, a, m)
	case errors.Is(err, errPending):
		return river.JobSnooze(pendingWait(t.cfg.Now(), a.CreatedAt, t.windowEnd(a)))
	case errors.Is(err, faceid.ErrRateLimited):
		// Throttled: try again soon, spread out so that the workers do
		// not come back all at once.
		return river.JobSnooze(time.Second + rand.N(4*time.Second))
	case errors.Is(err, faceid.ErrBizTokenExpired):
		return w.lost(ctx, a, "Tencent answered that the token expired: its result is gone")
	case errors.Is(err, faceid.ErrBizTokenInvalid):
		return w.lost(ctx, a, "Tencent does not know the token: check the flow and RuleId it was tracked with")
	case errors.Is(err, errConflict):
		t.cfg.Logger.WarnContext(ctx, "lifecycle: clearing what an unfinished earlier run left", "token", a.Token, "flow", a.Flow)
		if derr := t.cfg.Store.Delete(ctx, folder(a.Flow, a.Token)); derr != nil {
			return derr
		}
	}
	if !t.cfg.Now().Before(w.lastAttempt(a)) {
		return w.lost(ctx, a, "the last attempt before Tencent's deadline failed: "+err.Error())
	}
	return err
}

// pendingWait is how long an unfinished flow waits before it is fetched
// again: a quarter of the token's age, from 5 s, never past the window's
// end.
func pendingWait(now, created, windowEnd time.Time) time.Duration {
	d := max(5*time.Second, now.Sub(created)/4)
	if left := windowEnd.Sub(now); left > 0 && left < d {
		d = left
	}
	return d
}

// archived finishes a token whose archive is committed: it schedules the
// retention's deletion and calls OnArchived until it succeeds.
func (w *fetchWorker[TTx]) archived(ctx context.Context, a fetchArgs, m *Manifest) error {
	t := w.t
	if err := river.RecordOutput(ctx, jobOutput{State: "archived", Outcome: m.Outcome()}); err != nil {
		return err
	}
	if m.RetainUntil != nil {
		opts := expireArgs{}.InsertOpts()
		opts.ScheduledAt = time.Now().Add(m.RetainUntil.Sub(t.cfg.Now()))
		if _, err := t.river.Insert(ctx, expireArgs{Prefix: folder(a.Flow, a.Token)}, &opts); err != nil {
			return err
		}
	}
	if t.cfg.OnArchived != nil {
		err := t.cfg.OnArchived(ctx, Archived{Token: a.Token, Flow: a.Flow, RuleID: a.RuleID, Reference: a.Reference,
			Folder: folder(a.Flow, a.Token), Manifest: m})
		if err != nil {
			t.cfg.Logger.WarnContext(ctx, "lifecycle: OnArchived failed; it will be called again",
				"token", a.Token, "flow", a.Flow, "error", err)
			return river.JobSnooze(t.cfg.RetryHook)
		}
	}
	return nil
}

// lost reports a token whose result cannot be fetched any more, loudly,
// and ends its job.
func (w *fetchWorker[TTx]) lost(ctx context.Context, a fetchArgs, reason string) error {
	t := w.t
	if err := river.RecordOutput(ctx, jobOutput{State: "lost", Reason: reason}); err != nil {
		return err
	}
	t.cfg.Logger.ErrorContext(ctx, "lifecycle: a verification result was LOST: it was not archived before Tencent deleted it",
		"token", a.Token, "flow", a.Flow, "rule", a.RuleID, "created", a.CreatedAt, "reason", reason)
	if t.cfg.OnLost != nil {
		t.cfg.OnLost(ctx, Lost{Token: a.Token, Flow: a.Flow, RuleID: a.RuleID, Reference: a.Reference,
			CreatedAt: a.CreatedAt, Deadline: a.deadline(), Reason: reason})
	}
	return river.JobCancel(errors.New(reason))
}

// expireWorker deletes an archive whose retention ended.
type expireWorker struct {
	river.WorkerDefaults[expireArgs]
	store store.Store
}

// Work deletes the folder.
func (w *expireWorker) Work(ctx context.Context, job *river.Job[expireArgs]) error {
	return w.store.Delete(ctx, job.Args.Prefix)
}
