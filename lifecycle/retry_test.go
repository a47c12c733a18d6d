package lifecycle

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Retries never overshoot the token's last attempt, deadline − Margin,
// which River's own attempt⁴ backoff would after a few days' worth.
func TestNextRetryStopsBeforeTheDeadline(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		age     time.Duration
		attempt int
		max     time.Duration // the wait allowed
	}{
		{time.Hour, 1, 2*time.Second + 200*time.Millisecond},
		{time.Hour, 30, 33 * time.Minute},
		// 65 h 50 min old: 10 minutes before the last attempt.
		{resultRetention - 6*time.Hour - 10*time.Minute, 30, 10 * time.Minute},
	} {
		now := created.Add(c.age)
		w := &fetchWorker[struct{}]{t: &Tracker[struct{}]{cfg: Config{Margin: 6 * time.Hour, Now: func() time.Time { return now }}}}
		job := &river.Job[fetchArgs]{JobRow: &rivertype.JobRow{Attempt: c.attempt}, Args: fetchArgs{CreatedAt: created}}
		before := time.Now()
		wait := w.NextRetry(job).Sub(before)
		if wait <= 0 || wait > c.max+time.Second {
			t.Errorf("age %v, attempt %d: next retry in %v, want at most %v", c.age, c.attempt, wait, c.max)
		}
	}
}

func TestPendingWaitNeverPassesTheWindow(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	end := created.Add(2 * time.Hour)
	for _, c := range []struct {
		age, want time.Duration
	}{
		{time.Second, 5 * time.Second},           // fresh: poll soon
		{time.Hour, 15 * time.Minute},            // a quarter of its age
		{2*time.Hour - time.Minute, time.Minute}, // no later than the window's end
	} {
		if got := pendingWait(created.Add(c.age), created, end); got != c.want {
			t.Errorf("age %v: wait %v, want %v", c.age, got, c.want)
		}
	}
}
