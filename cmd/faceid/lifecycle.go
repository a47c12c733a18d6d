package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/postgres"
	"github.com/faceid-go/faceid/lifecycle/sqlite"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// tracker is what the commands use of a lifecycle Tracker, on either
// engine.
type tracker interface {
	Track(ctx context.Context, tok lifecycle.Token) error
	Returned(ctx context.Context, token string) error
	Status(ctx context.Context) (lifecycle.Status, error)
	Sweep(ctx context.Context) (int, error)
	Start(ctx context.Context) error
	Reconcile(ctx context.Context, date, ruleID string) (*lifecycle.Reconciliation, error)
	DetectAuth(ctx context.Context, req *faceid.DetectAuthRequest, opts ...faceid.CallOption) (*faceid.DetectAuthResponse, error)
	Close(ctx context.Context) error
}

// dbUsage describes the --db flag.
const dbUsage = "tracking database: sqlite:PATH (one file, processes on one host) or postgres://USER@HOST/DB (many hosts)"

// storeUsage describes the --store flag.
const storeUsage = "where evidence is archived: file://DIR (<flow>/<token>/ folders); s3://BUCKET?endpoint=…&region=… where built in"

// openTracker opens the tracking database named by dbURL.
func openTracker(ctx context.Context, dbURL string, cfg lifecycle.Config) (tracker, error) {
	switch {
	case dbURL == "":
		return nil, errors.New("--db is required")
	case strings.HasPrefix(dbURL, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//")
		if path == "" {
			return nil, errors.New("--db sqlite:PATH: the path is empty")
		}
		return sqlite.Open(ctx, path, cfg)
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return postgres.Open(ctx, dbURL, cfg)
	}
	return nil, errors.New("--db must be sqlite:PATH or postgres://…")
}

// openStore opens the evidence store named by storeURL.
func openStore(storeURL string) (store.Store, error) {
	if storeURL == "" {
		return nil, errors.New("--store is required")
	}
	u, err := url.Parse(storeURL)
	if err != nil {
		return nil, errors.New("--store is not a URL")
	}
	opener, ok := storeOpeners()[u.Scheme]
	if !ok {
		return nil, fmt.Errorf("--store: scheme %q is not supported by this build (file:// and s3:// are)", u.Scheme)
	}
	return opener(storeURL)
}

// lifecycleFlags are the flags of the lifecycle commands.
type lifecycleFlags struct {
	db, store string
}

// registerDB adds --db.
func (inv *invocation) registerDB(lf *lifecycleFlags) {
	inv.flags.StringVar(&lf.db, "db", "", dbUsage)
}

// registerStore adds --store.
func (inv *invocation) registerStore(lf *lifecycleFlags) {
	inv.flags.StringVar(&lf.store, "store", "", storeUsage)
}

// logger is the lifecycle's log: warnings and errors on stderr, debug with
// --verbose.
func (inv *invocation) logger() *slog.Logger {
	level := slog.LevelWarn
	if inv.api != nil && inv.api.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(inv.errOut, &slog.HandlerOptions{Level: level}))
}

// open opens the tracker for a command, reporting a problem as a usage
// error; cfg gets the logger.
func (inv *invocation) open(ctx context.Context, lf *lifecycleFlags, cfg lifecycle.Config) (tracker, int) {
	cfg.Logger = inv.logger()
	tr, err := openTracker(ctx, lf.db, cfg)
	if err != nil {
		return nil, inv.usageError("%s", printable(err.Error()))
	}
	return tr, exitOK
}

// closeTracker closes tr, giving running jobs a few seconds.
func closeTracker(tr tracker) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = tr.Close(ctx)
}
