package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lifecycleDBs returns the --db URLs to test the lifecycle commands on:
// a SQLite file and, when FACEID_TEST_POSTGRES_URL is set, Postgres.
func lifecycleDBs(t *testing.T) map[string]string {
	dbs := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "track.db")}
	if url := os.Getenv("FACEID_TEST_POSTGRES_URL"); url != "" {
		dbs["postgres"] = url
	} else if os.Getenv("CI") != "" {
		t.Fatal("FACEID_TEST_POSTGRES_URL is not set: CI must test the lifecycle commands on Postgres too")
	} else {
		t.Log("Postgres half skipped: set FACEID_TEST_POSTGRES_URL=postgres://… to run it")
	}
	return dbs
}

// freshSchema creates a schema of its own for this run and returns the URL
// that selects it (search_path), so that runs never share River's tables.
func freshSchema(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	schema := fmt.Sprintf("cli_test_%d", time.Now().UnixNano())
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

// statusOf runs status --json.
func statusOf(t *testing.T, db string) lifecycle.Status {
	t.Helper()
	code, out, errOut := runCLI(t, "status", "--json", "--db", db)
	require.Equal(t, exitOK, code, errOut)
	var s lifecycle.Status
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	return s
}

func TestTrackReturnedWorkerStatus(t *testing.T) {
	for name, db := range lifecycleDBs(t) {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				db = freshSchema(t, db)
			}
			ctx := context.Background()
			srv := faceidtest.NewServer(faceidtest.WithCredentials(cliSecretID, cliSecretKey))
			defer srv.Close()
			dir := t.TempDir()

			code, out, errOut := runCLI(t, "detect-auth", "--rule-id", "1", "--extra", "order-1", "--track", "--db", db, "--endpoint", srv.URL())
			require.Equal(t, exitOK, code, errOut)
			var auth faceid.DetectAuthResponse
			require.NoError(t, json.Unmarshal([]byte(out), &auth))
			require.NoError(t, srv.Complete(auth.BizToken, faceidtest.Pass()))

			other, err := srv.Client().DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
			require.NoError(t, err)
			code, _, errOut = runCLI(t, "track", "--biz-token", other.BizToken, "--rule-id", "1", "--db", db)
			require.Equal(t, exitOK, code, errOut)
			code, _, errOut = runCLI(t, "returned", "--biz-token", auth.BizToken, "--db", db)
			require.Equal(t, exitOK, code, errOut)

			s := statusOf(t, db)
			assert.Equal(t, lifecycle.Status{Tracked: 2, Pending: 2}, s)

			wctx, cancel := context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			code, _, errOut = runCLIContext(t, wctx, nil, "worker", "--db", db, "--store", "file://"+dir,
				"--endpoint", srv.URL(), "--verify-window", "1s", "--grace", "1ms", "--until-idle")
			require.Equal(t, exitOK, code, errOut)
			require.NoError(t, wctx.Err(), "the worker never became idle")

			s = statusOf(t, db)
			assert.Equal(t, lifecycle.Status{Tracked: 2, Archived: 2, Passed: 1, Abandoned: 1}, s)
			// The folder is a complete save the core's VerifyArchive accepts.
			for _, tok := range []string{auth.BizToken, other.BizToken} {
				m, err := faceid.VerifyArchive(filepath.Join(dir, "saas", tok))
				require.NoError(t, err)
				assert.Equal(t, tok, m.BizToken)
			}
			fi, err := os.Stat(filepath.Join(dir, "saas", auth.BizToken, "result.json"))
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

			code, _, errOut = runCLI(t, "returned", "--biz-token", "NEVER-TRACKED", "--db", db)
			assert.Equal(t, exitFailure, code)
			assert.Contains(t, errOut, "not tracked")

			date := srv.Clock().Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
			code, out, errOut = runCLI(t, "reconcile", "--date", date, "--rule-id", "1", "--db", db,
				"--store", "file://"+dir, "--endpoint", srv.URL())
			require.Equal(t, exitOK, code, errOut)
			var r lifecycle.Reconciliation
			require.NoError(t, json.Unmarshal([]byte(out), &r))
			assert.Equal(t, 1, r.Billed)
		})
	}
}

func TestLifecycleCommandsRefuseBadFlags(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"track", "--biz-token", "T", "--rule-id", "1"},                      // no --db
		{"track", "--biz-token", "T", "--rule-id", "1", "--db", "mysql://x"}, // unknown engine
		{"track", "--biz-token", "T", "--flow", "paas", "--db", db},          // unknown flow
		{"track", "--rule-id", "1", "--db", db},                              // no token
		{"worker", "--db", db, "--store", "ftp://host/x"},                    // unknown store
		{"worker", "--db", db, "--store", "file:///tmp/x", "--workers", "0"}, // no workers
		{"reconcile", "--date", "2026-13-01", "--rule-id", "1", "--db", db},  // bad date
		{"detect-auth", "--rule-id", "1", "--db", db},                        // --db without --track
	} {
		code, _, _ := runCLI(t, args...)
		assert.NotEqual(t, exitOK, code, "%v", args)
	}
}
