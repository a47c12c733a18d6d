package lifecycle

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// Config configures a Tracker. The zero value of every field but Client
// and Store has a working default.
type Config struct {
	// Client calls FaceID: the token actions of the tracking calls, the
	// result actions of the workers and the bill of Reconcile. Required
	// with workers; a Tracker without one only tracks tokens created
	// elsewhere (Track, Returned, Status).
	Client *faceid.Client
	// Store keeps the archived evidence. Required when Workers > 0 and for
	// Reconcile.
	Store store.Store
	// Workers is how many tokens this process fetches and archives at
	// once; 0 makes a Tracker that only tracks (the redirect handler of a
	// web server, the command's track and returned). Each worker may hold
	// a result's media in flight: 10 to 20 suit a 2-core machine.
	Workers int
	// QPS is this process's share of the result actions' quota, in calls
	// per second: every process of a deployment stays under its share, so
	// give each 0.9 × quota ÷ processes. Default 90 (one process, the
	// documented 100 QPS).
	QPS float64
	// Grace is added to the verification window before the sweep fetches
	// a result the person never came back for. Default 5 minutes.
	Grace time.Duration
	// VerifyWindow, when positive, replaces every flow's verification
	// window (Flow.VerifyWindow) for tokens tracked from now on: for tests
	// and demos.
	VerifyWindow time.Duration
	// Margin is how long before Tencent's deadline (token creation + 3
	// days) the retries stop: the last attempt is made at deadline −
	// Margin, and a token still not fetched then is lost. Default 6 hours.
	Margin time.Duration
	// Retention is how long archived evidence is kept: a positive
	// Retention is recorded in each manifest (RetainUntil) and the
	// token's folder is deleted then. Zero keeps everything.
	Retention time.Duration
	// OnArchived is called once a token's evidence is archived, so that
	// the merchant can mark the person verified in their own database.
	// It is called at least once per token: an error makes the job try
	// again later (every RetryHook), until it succeeds.
	OnArchived func(ctx context.Context, a Archived) error
	// OnLost is called when a token is lost (see the package doc), in
	// addition to the error logged.
	OnLost func(ctx context.Context, l Lost)
	// RetryHook is the wait before OnArchived is called again after an
	// error. Default 30 s.
	RetryHook time.Duration
	// Logger receives the tracker's and River's logs. Default
	// slog.Default(). Tokens are logged; personal data never is.
	Logger *slog.Logger
	// Now is the clock that token creation, windows and deadlines are
	// measured by. Default time.Now. A test points it at a faceidtest
	// server's clock.
	Now func() time.Time
	// Schema is the Postgres schema River's tables live in; empty uses the
	// search path. Ignored by SQLite.
	Schema string
	// JobTimeout bounds one fetch and archive. Default 2 minutes. A worker
	// killed in the middle of a job has its token run again after
	// RescueAfter.
	JobTimeout time.Duration
	// RescueAfter is how long a job stays running before it is taken to
	// belong to a dead worker and run again. Default 3 minutes; it must
	// exceed JobTimeout.
	RescueAfter time.Duration
	// FetchCooldown and FetchPollInterval tune how fast River picks up
	// jobs; zero keeps River's defaults.
	FetchCooldown, FetchPollInterval time.Duration
}

// withDefaults returns the configuration with defaults filled in, or an
// error naming the field that is wrong.
func (c Config) withDefaults() (Config, error) {
	if c.Client == nil && c.Workers > 0 {
		return c, errors.New("lifecycle: Config.Client is nil: workers need the faceid.Client that calls FaceID")
	}
	if c.Workers < 0 {
		return c, errors.New("lifecycle: Config.Workers is negative")
	}
	if c.Workers > 0 && c.Store == nil {
		return c, errors.New("lifecycle: Config.Store is nil: workers need a store to archive into")
	}
	if c.QPS < 0 || c.Grace < 0 || c.VerifyWindow < 0 || c.Margin < 0 || c.Retention < 0 || c.JobTimeout < 0 || c.RescueAfter < 0 {
		return c, errors.New("lifecycle: Config: QPS, Grace, VerifyWindow, Margin, Retention, JobTimeout and RescueAfter must not be negative")
	}
	if c.QPS == 0 {
		c.QPS = 90
	}
	if c.Grace == 0 {
		c.Grace = 5 * time.Minute
	}
	if c.Margin == 0 {
		c.Margin = 6 * time.Hour
	}
	if c.Margin >= faceid.ResultRetention {
		return c, errors.New("lifecycle: Config.Margin must be shorter than Tencent's 3-day retention")
	}
	if c.RetryHook <= 0 {
		c.RetryHook = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.JobTimeout == 0 {
		c.JobTimeout = 2 * time.Minute
	}
	if c.RescueAfter == 0 {
		c.RescueAfter = c.JobTimeout + time.Minute
	}
	if c.RescueAfter <= c.JobTimeout {
		return c, errors.New("lifecycle: Config.RescueAfter must exceed JobTimeout, or live jobs would run twice")
	}
	return c, nil
}

// errNoClient is returned by the calls that need Config.Client.
var errNoClient = errors.New("lifecycle: Config.Client is nil: give the faceid.Client that calls FaceID")

// window returns the verification window of a flow under c.
func (c Config) window(f Flow) time.Duration {
	if c.VerifyWindow > 0 {
		return c.VerifyWindow
	}
	return f.VerifyWindow()
}
