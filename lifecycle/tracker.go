package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
	"golang.org/x/time/rate"
)

// resultRetention is how long Tencent keeps a result.
const resultRetention = faceid.ResultRetention

// ErrNotTracked is returned by Returned for a token that was never
// tracked: track it first (Track), with its flow and RuleId.
var ErrNotTracked = errors.New("lifecycle: the token is not tracked; track it first")

// Token is a token to track.
type Token struct {
	// Token is the BizToken, FaceIdToken or EidToken. Required.
	Token string
	// Flow is the token's flow. Default FlowSaaS.
	Flow Flow
	// RuleID is the RuleId (SaaS and App SDK) or the eID MerchantId the
	// token was created with. Required for FlowSaaS, which fetches with it.
	RuleID string
	// Reference is the caller's own reference (an order id, DetectAuth's
	// Extra), recorded in the manifest.
	Reference string
	// CreatedAt is when the token was created. Default now.
	CreatedAt time.Time
}

// Tracker tracks tokens and, with Config.Workers > 0, fetches and archives
// their results. It is generic over the River driver's transaction type:
// *sql.Tx for SQLite, pgx.Tx for Postgres. Open one with package
// lifecycle/sqlite or lifecycle/postgres, or with New.
type Tracker[TTx any] struct {
	cfg     Config
	river   *river.Client[TTx]
	limiter *rate.Limiter
}

// New returns a Tracker on a River driver whose database River's
// migrations have been applied to.
func New[TTx any](driver riverdriver.Driver[TTx], cfg Config) (*Tracker[TTx], error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	t := &Tracker[TTx]{cfg: cfg, limiter: rate.NewLimiter(rate.Limit(cfg.QPS), 1)}
	rc := &river.Config{
		Logger: cfg.Logger,
		Schema: cfg.Schema,
		// The unique row of a token must outlive Tencent's retention, or a
		// late Track or Returned would create a second job.
		CompletedJobRetentionPeriod: resultRetention + 24*time.Hour,
		// Lost tokens stay visible to Status for a month.
		CancelledJobRetentionPeriod: 30 * 24 * time.Hour,
		DiscardedJobRetentionPeriod: 30 * 24 * time.Hour,
		JobTimeout:                  cfg.JobTimeout,
		RescueStuckJobsAfter:        cfg.RescueAfter,
		FetchCooldown:               cfg.FetchCooldown,
		FetchPollInterval:           cfg.FetchPollInterval,
		MaxAttempts:                 maxAttempts,
	}
	if cfg.Workers > 0 {
		workers := river.NewWorkers()
		if err := river.AddWorkerSafely(workers, &fetchWorker[TTx]{t: t}); err != nil {
			return nil, fmt.Errorf("lifecycle: %w", err)
		}
		if err := river.AddWorkerSafely(workers, &expireWorker{store: cfg.Store}); err != nil {
			return nil, fmt.Errorf("lifecycle: %w", err)
		}
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{queueName: {MaxWorkers: cfg.Workers}}
	}
	rcl, err := river.NewClient(driver, rc)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: %w", err)
	}
	t.river = rcl
	return t, nil
}

// River returns the River client underneath, for what the Tracker does not
// cover (River UI, metrics).
func (t *Tracker[TTx]) River() *river.Client[TTx] { return t.river }

// Start starts fetching and archiving, if the Tracker has workers, until
// Stop or ctx ends.
func (t *Tracker[TTx]) Start(ctx context.Context) error {
	if t.cfg.Workers == 0 {
		return nil
	}
	return t.river.Start(ctx)
}

// Stop stops the workers, letting running jobs finish until ctx ends.
func (t *Tracker[TTx]) Stop(ctx context.Context) error {
	if t.cfg.Workers == 0 {
		return nil
	}
	return t.river.Stop(ctx)
}

// args validates tok and turns it into a job.
func (t *Tracker[TTx]) args(tok Token) (fetchArgs, *river.InsertOpts, error) {
	if strings.TrimSpace(tok.Token) == "" {
		return fetchArgs{}, nil, errors.New("lifecycle: Token.Token is empty")
	}
	if len(tok.Token) > 128 || strings.ContainsAny(tok.Token, "/\\ \t\r\n") || tok.Token == "." || tok.Token == ".." {
		return fetchArgs{}, nil, errors.New("lifecycle: Token.Token is not a token: at most 128 characters, no slash or space")
	}
	if tok.Flow == "" {
		tok.Flow = FlowSaaS
	}
	if _, err := ParseFlow(string(tok.Flow)); err != nil {
		return fetchArgs{}, nil, fmt.Errorf("lifecycle: Token.Flow: %w", err)
	}
	if tok.Flow == FlowSaaS && tok.RuleID == "" {
		return fetchArgs{}, nil, errors.New("lifecycle: Token.RuleID is empty: the SaaS flow's result is fetched with it")
	}
	now := t.cfg.Now()
	if tok.CreatedAt.IsZero() {
		tok.CreatedAt = now
	}
	a := fetchArgs{Token: tok.Token, Flow: tok.Flow, RuleID: tok.RuleID, Reference: tok.Reference,
		CreatedAt: tok.CreatedAt.UTC(), WindowEnd: tok.CreatedAt.Add(t.cfg.window(tok.Flow) + t.cfg.Grace).UTC()}
	opts := a.InsertOpts()
	// The sweep: the job waits for the window to close. River's clock is
	// the real one, so the wait is measured on the tracker's clock.
	opts.ScheduledAt = time.Now().Add(a.WindowEnd.Sub(now))
	return a, &opts, nil
}

// Track records a token created elsewhere, so that its result is fetched
// and archived. Tracking a token twice does nothing the second time.
func (t *Tracker[TTx]) Track(ctx context.Context, tok Token) error {
	a, opts, err := t.args(tok)
	if err != nil {
		return err
	}
	res, err := t.river.Insert(ctx, a, opts)
	if err == nil && isLookup(res) {
		// A lookup left by a Returned that crashed before deleting it
		// would hide the token: replace it.
		if _, err = t.river.JobDelete(ctx, res.Job.ID); err == nil || errors.Is(err, rivertype.ErrNotFound) {
			_, err = t.river.Insert(ctx, a, opts)
		}
	}
	if err != nil {
		return fmt.Errorf("lifecycle: tracking token %s: %w", a.Token, err)
	}
	return nil
}

// isLookup reports whether an insert found Returned's lookup of an
// untracked token instead of a tracked token's job.
func isLookup(res *rivertype.JobInsertResult) bool {
	if !res.UniqueSkippedAsDuplicate {
		return false
	}
	var existing fetchArgs
	return json.Unmarshal(res.Job.EncodedArgs, &existing) == nil && existing.Flow == ""
}

// TrackTx records a token inside the caller's own transaction: the token
// is tracked if and only if the transaction commits.
func (t *Tracker[TTx]) TrackTx(ctx context.Context, tx TTx, tok Token) error {
	a, opts, err := t.args(tok)
	if err != nil {
		return err
	}
	res, err := t.river.InsertTx(ctx, tx, a, opts)
	if err == nil && isLookup(res) {
		if _, err = t.river.JobDeleteTx(ctx, tx, res.Job.ID); err == nil || errors.Is(err, rivertype.ErrNotFound) {
			_, err = t.river.InsertTx(ctx, tx, a, opts)
		}
	}
	if err != nil {
		return fmt.Errorf("lifecycle: tracking token %s: %w", a.Token, err)
	}
	return nil
}

// TrackError reports that a token was created but could not be tracked:
// track Token again with Track before sending the person on, or create a
// new one.
type TrackError struct {
	// Token is the token created.
	Token string
	// Err is why tracking failed.
	Err error
}

// Error describes the failure.
func (e *TrackError) Error() string {
	return "lifecycle: token " + e.Token + " was created but not tracked (track it before sending the person on): " + e.Err.Error()
}

// Unwrap returns the tracking error.
func (e *TrackError) Unwrap() error { return e.Err }

// DetectAuth starts a SaaS flow (H5, mini-program) and tracks its
// BizToken, with req.Extra as the reference, before returning it. An error
// returns no response; a *TrackError carries the token that was created.
func (t *Tracker[TTx]) DetectAuth(ctx context.Context, req *faceid.DetectAuthRequest, opts ...faceid.CallOption) (*faceid.DetectAuthResponse, error) {
	if t.cfg.Client == nil {
		return nil, errNoClient
	}
	resp, err := t.cfg.Client.DetectAuth(ctx, req, opts...)
	if err != nil {
		return nil, err
	}
	if err := t.Track(ctx, Token{Token: resp.BizToken, Flow: FlowSaaS, RuleID: req.RuleID, Reference: req.Extra}); err != nil {
		return nil, &TrackError{Token: resp.BizToken, Err: err}
	}
	return resp, nil
}

// GetFaceIdToken starts an App SDK flow and tracks its FaceIdToken, with
// req.Extra as the reference. Errors are those of DetectAuth.
func (t *Tracker[TTx]) GetFaceIdToken(ctx context.Context, req *faceid.GetFaceIdTokenRequest, opts ...faceid.CallOption) (*faceid.GetFaceIdTokenResponse, error) {
	if t.cfg.Client == nil {
		return nil, errNoClient
	}
	resp, err := t.cfg.Client.GetFaceIdToken(ctx, req, opts...)
	if err != nil {
		return nil, err
	}
	if err := t.Track(ctx, Token{Token: resp.FaceIDToken, Flow: FlowApp, RuleID: req.RuleID, Reference: req.Extra}); err != nil {
		return nil, &TrackError{Token: resp.FaceIDToken, Err: err}
	}
	return resp, nil
}

// GetEidToken starts an eID flow and tracks its EidToken, with
// req.Extra as the reference and the MerchantId as the rule. Errors are
// those of DetectAuth.
func (t *Tracker[TTx]) GetEidToken(ctx context.Context, req *faceid.GetEidTokenRequest, opts ...faceid.CallOption) (*faceid.GetEidTokenResponse, error) {
	if t.cfg.Client == nil {
		return nil, errNoClient
	}
	resp, err := t.cfg.Client.GetEidToken(ctx, req, opts...)
	if err != nil {
		return nil, err
	}
	if err := t.Track(ctx, Token{Token: resp.EidToken, Flow: FlowEid, RuleID: req.MerchantID, Reference: req.Extra}); err != nil {
		return nil, &TrackError{Token: resp.EidToken, Err: err}
	}
	return resp, nil
}

// Returned tells the tracker that the person came back from the flow of a
// tracked token: its result is fetched at once instead of at the sweep. A
// token already archived, or being fetched, is left alone. It returns
// ErrNotTracked for a token that was never tracked.
func (t *Tracker[TTx]) Returned(ctx context.Context, token string) error {
	if strings.TrimSpace(token) == "" {
		return errors.New("lifecycle: Returned: the token is empty")
	}
	// Inserting the token's unique args finds its job. A job that is not a
	// duplicate means the token was never tracked: it is parked far in the
	// future, so that no worker can take it, and deleted.
	probe := fetchArgs{Token: token}
	opts := probe.InsertOpts()
	opts.ScheduledAt = time.Now().Add(100 * 365 * 24 * time.Hour)
	res, err := t.river.Insert(ctx, probe, &opts)
	if err != nil {
		return fmt.Errorf("lifecycle: looking up token %s: %w", token, err)
	}
	if !res.UniqueSkippedAsDuplicate || isLookup(res) {
		// Untracked (or only looked up by a concurrent Returned). A lookup
		// already gone was replaced by a Track meanwhile.
		if _, err := t.river.JobDelete(ctx, res.Job.ID); err != nil && !errors.Is(err, rivertype.ErrNotFound) {
			return fmt.Errorf("lifecycle: token %s is not tracked, and removing the lookup failed: %w", token, err)
		}
		return ErrNotTracked
	}
	switch res.Job.State {
	case rivertype.JobStateScheduled, rivertype.JobStateRetryable:
		if _, err := t.river.JobRetry(ctx, res.Job.ID); err != nil {
			return fmt.Errorf("lifecycle: fetching token %s now: %w", token, err)
		}
	}
	return nil
}

// windowEnd is when the token's window closes: as tracked, or under
// Config.VerifyWindow when it is set.
func (t *Tracker[TTx]) windowEnd(a fetchArgs) time.Time {
	if t.cfg.VerifyWindow > 0 {
		return a.CreatedAt.Add(t.cfg.VerifyWindow + t.cfg.Grace)
	}
	return a.WindowEnd
}

// Sweep fetches now every waiting token whose verification window has
// closed by the Tracker's clock and Config.VerifyWindow: River's own
// schedule follows the windows the tokens were tracked with, so a worker
// given a shorter VerifyWindow (tests, demos) calls Sweep to bring them
// forward. It returns how many tokens it moved.
func (t *Tracker[TTx]) Sweep(ctx context.Context) (int, error) {
	now := t.cfg.Now()
	moved := 0
	params := river.NewJobListParams().Kinds(fetchKind).First(1000).
		States(rivertype.JobStateScheduled).OrderBy(river.JobListOrderByID, river.SortOrderAsc)
	for {
		res, err := t.river.JobList(ctx, params)
		if err != nil {
			return moved, fmt.Errorf("lifecycle: listing waiting tokens: %w", err)
		}
		for _, job := range res.Jobs {
			var a fetchArgs
			if err := json.Unmarshal(job.EncodedArgs, &a); err != nil || a.Flow == "" {
				continue
			}
			if now.Before(t.windowEnd(a)) {
				continue
			}
			if _, err := t.river.JobRetry(ctx, job.ID); err != nil {
				return moved, fmt.Errorf("lifecycle: fetching token %s now: %w", a.Token, err)
			}
			moved++
		}
		if len(res.Jobs) < 1000 {
			return moved, nil
		}
		params = params.After(res.LastCursor)
	}
}
