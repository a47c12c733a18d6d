package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle"
)

// runTrack tracks a token created elsewhere.
func runTrack(ctx context.Context, inv *invocation, args []string) int {
	var lf lifecycleFlags
	var tok lifecycle.Token
	var flow, created string
	fs := inv.flags
	fs.StringVar(&tok.Token, "biz-token", "", "the BizToken, FaceIdToken or EidToken (required)")
	fs.StringVar(&tok.RuleID, "rule-id", "", "RuleId the token was created with (required for saas), or the eID MerchantId")
	fs.StringVar(&flow, "flow", "saas", "the token's flow: saas (DetectAuth), app (GetFaceIdToken) or eid (GetEidToken)")
	fs.StringVar(&tok.Reference, "reference", "", "your own reference (an order id), kept in the manifest")
	fs.StringVar(&created, "created", "", "when the token was created, RFC 3339 (default now)")
	inv.registerDB(&lf)
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	f, err := lifecycle.ParseFlow(flow)
	if err != nil {
		return inv.usageError("--flow must be saas, app or eid")
	}
	tok.Flow = f
	if created != "" {
		if tok.CreatedAt, err = time.Parse(time.RFC3339, created); err != nil {
			return inv.usageError("--created must be an RFC 3339 time, e.g. 2026-01-02T15:04:05+08:00")
		}
	}
	if tok.Token == "" {
		return inv.usageError("--biz-token is required")
	}
	tr, status := inv.open(ctx, &lf, lifecycle.Config{})
	if tr == nil {
		return status
	}
	defer closeTracker(tr)
	if err := tr.Track(ctx, tok); err != nil {
		inv.errorf("%s", printable(err.Error()))
		return exitFailure
	}
	return exitOK
}

// runReturned fetches a tracked token's result now.
func runReturned(ctx context.Context, inv *invocation, args []string) int {
	var lf lifecycleFlags
	var token string
	inv.flags.StringVar(&token, "biz-token", "", "the token the person came back with (required)")
	inv.registerDB(&lf)
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if token == "" {
		return inv.usageError("--biz-token is required")
	}
	tr, status := inv.open(ctx, &lf, lifecycle.Config{})
	if tr == nil {
		return status
	}
	defer closeTracker(tr)
	if err := tr.Returned(ctx, token); err != nil {
		inv.errorf("%s", printable(err.Error()))
		return exitFailure
	}
	return exitOK
}

// runStatus prints the counts of tracked tokens.
func runStatus(ctx context.Context, inv *invocation, args []string) int {
	var lf lifecycleFlags
	var asJSON bool
	inv.flags.BoolVar(&asJSON, "json", false, "print one JSON object")
	inv.registerDB(&lf)
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	tr, status := inv.open(ctx, &lf, lifecycle.Config{})
	if tr == nil {
		return status
	}
	defer closeTracker(tr)
	s, err := tr.Status(ctx)
	if err != nil {
		inv.errorf("%s", printable(err.Error()))
		return exitFailure
	}
	if asJSON {
		return inv.writeJSON(s)
	}
	fmt.Fprintf(inv.out, "tracked   %d\npending   %d\narchived  %d (passed %d, failed %d, abandoned %d)\nlost      %d\nat risk   %d (deadline within 12 h)\n",
		s.Tracked, s.Pending, s.Archived, s.Passed, s.Failed, s.Abandoned, s.Lost, s.AtRisk)
	if s.Lost > 0 {
		inv.errorf("%d tracked results were LOST: not archived before Tencent deleted them", s.Lost)
	}
	return exitOK
}

// runWorker fetches and archives results until signalled, or until idle.
func runWorker(ctx context.Context, inv *invocation, args []string) int {
	inv.registerAPIFlags()
	var lf lifecycleFlags
	cfg := lifecycle.Config{}
	var untilIdle bool
	fs := inv.flags
	inv.registerDB(&lf)
	inv.registerStore(&lf)
	fs.Float64Var(&cfg.QPS, "qps", 90, "this process's share of the result actions' QPS quota (0.9 × quota ÷ processes)")
	fs.IntVar(&cfg.Workers, "workers", 10, "tokens fetched and archived at once")
	fs.DurationVar(&cfg.VerifyWindow, "verify-window", 0, "wait this long after a token's creation before the sweep, instead of the flow's window (tests, demos)")
	fs.DurationVar(&cfg.Grace, "grace", 5*time.Minute, "added to the verification window before the sweep")
	fs.DurationVar(&cfg.Retention, "retention", 0, "delete archives this long after they were made (default: keep)")
	fs.BoolVar(&untilIdle, "until-idle", false, "exit 0 once every tracked token is archived or lost")
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if cfg.Workers < 1 || cfg.QPS <= 0 || cfg.Grace <= 0 || cfg.VerifyWindow < 0 || cfg.Retention < 0 {
		return inv.usageError("--workers, --qps and --grace must be positive; --verify-window and --retention not negative")
	}
	st, err := openStore(lf.store)
	if err != nil {
		return inv.usageError("%s", printable(err.Error()))
	}
	cfg.Store = st
	client, status := inv.client()
	if client == nil {
		return status
	}
	cfg.Client = client
	tr, status := inv.open(ctx, &lf, cfg)
	if tr == nil {
		return status
	}
	defer closeTracker(tr)
	if err := tr.Start(ctx); err != nil {
		inv.errorf("starting the workers: %s", printable(err.Error()))
		return exitFailure
	}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return exitOK
		case <-tick.C:
		}
		if cfg.VerifyWindow > 0 {
			if _, err := tr.Sweep(ctx); err != nil && ctx.Err() == nil {
				inv.errorf("%s", printable(err.Error()))
			}
		}
		if !untilIdle {
			continue
		}
		s, err := tr.Status(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return exitOK
			}
			inv.errorf("%s", printable(err.Error()))
			return exitFailure
		}
		if s.Idle() {
			if s.Lost > 0 {
				inv.errorf("%d tracked results were LOST: not archived before Tencent deleted them", s.Lost)
			}
			return exitOK
		}
	}
}

// runReconcile compares a day's bill with the archives.
func runReconcile(ctx context.Context, inv *invocation, args []string) int {
	inv.registerAPIFlags()
	var lf lifecycleFlags
	var date, ruleID string
	inv.flags.StringVar(&date, "date", "", "the day, YYYY-MM-DD in Beijing time (required)")
	inv.flags.StringVar(&ruleID, "rule-id", "", "only this RuleId's bill (required)")
	inv.registerDB(&lf)
	inv.registerStore(&lf)
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if date == "" || ruleID == "" {
		return inv.usageError("--date and --rule-id are required")
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return inv.usageError("--date must be YYYY-MM-DD")
	}
	st, err := openStore(lf.store)
	if err != nil {
		return inv.usageError("%s", printable(err.Error()))
	}
	client, status := inv.client()
	if client == nil {
		return status
	}
	tr, status := inv.open(ctx, &lf, lifecycle.Config{Client: client, Store: st})
	if tr == nil {
		return status
	}
	defer closeTracker(tr)
	r, err := tr.Reconcile(ctx, date, ruleID)
	if err != nil {
		return inv.failure(err)
	}
	if status := inv.writeJSON(r); status != exitOK {
		return status
	}
	if !r.OK() {
		inv.errorf("the bill and the archive disagree: %d charged and not archived, %d archived and not billed",
			len(r.ChargedNotArchived), len(r.ArchivedNotBilled))
		return exitVerdictFailed
	}
	return exitOK
}

// trackFlags are detect-auth's --track and --db.
type trackFlags struct {
	track bool
	lifecycleFlags
}

// registerTrackFlags adds detect-auth's --track and --db.
func (inv *invocation) registerTrackFlags() *trackFlags {
	tf := &trackFlags{}
	inv.flags.BoolVar(&tf.track, "track", false, "record the token in --db, so that its result is fetched and archived")
	inv.registerDB(&tf.lifecycleFlags)
	return tf
}

// detectAuth calls DetectAuth, through the tracker when --track is given.
func (tf *trackFlags) detectAuth(ctx context.Context, inv *invocation, client *faceid.Client, req *faceid.DetectAuthRequest) (*faceid.DetectAuthResponse, error) {
	if !tf.track {
		if tf.db != "" {
			return nil, errors.New("--db is given without --track")
		}
		return client.DetectAuth(ctx, req)
	}
	tr, err := openTracker(ctx, tf.db, lifecycle.Config{Client: client, Logger: inv.logger()})
	if err != nil {
		return nil, err
	}
	defer closeTracker(tr)
	return tr.DetectAuth(ctx, req)
}
