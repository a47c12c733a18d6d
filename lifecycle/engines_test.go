package lifecycle_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/postgres"
	"github.com/faceid-go/faceid/lifecycle/sqlite"
	"github.com/faceid-go/faceid/lifecycle/store/dirstore"
)

// postgresURLEnv names the variable that gives the tests a Postgres
// database; .ci/run starts one and sets it.
const postgresURLEnv = "FACEID_TEST_POSTGRES_URL"

// tracker is what the tests use of a Tracker on either engine.
type tracker interface {
	Track(ctx context.Context, tok lifecycle.Token) error
	Returned(ctx context.Context, token string) error
	Status(ctx context.Context) (lifecycle.Status, error)
	Start(ctx context.Context) error
	DetectAuth(ctx context.Context, req *faceid.DetectAuthRequest, opts ...faceid.CallOption) (*faceid.DetectAuthResponse, error)
	GetFaceIdToken(ctx context.Context, req *faceid.GetFaceIdTokenRequest, opts ...faceid.CallOption) (*faceid.GetFaceIdTokenResponse, error)
	GetEidToken(ctx context.Context, req *faceid.GetEidTokenRequest, opts ...faceid.CallOption) (*faceid.GetEidTokenResponse, error)
	Close(ctx context.Context) error
}

// engine opens trackers on one of River's engines; trackers opened with
// the same engine value share one database.
type engine struct {
	name string
	open func(t testing.TB, cfg lifecycle.Config) tracker
}

// engines returns a fresh database on SQLite and, when a URL is given, on
// Postgres (a schema of its own). Without the URL the Postgres half is
// skipped, or fails under CI.
func engines(t testing.TB) []engine {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lifecycle.db")
	out := []engine{{name: "sqlite", open: func(t testing.TB, cfg lifecycle.Config) tracker {
		db, err := sqlite.Open(context.Background(), path, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(context.Background()) })
		return db
	}}}
	url := postgresURL(t)
	if url == "" {
		return out
	}
	schema := newSchema()
	return append(out, engine{name: "postgres", open: func(t testing.TB, cfg lifecycle.Config) tracker {
		cfg.Schema = schema
		db, err := postgres.Open(context.Background(), url, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(context.Background()) })
		return db
	}})
}

// postgresURL returns the test database's URL, or "" after logging why
// the Postgres tests are skipped; under CI a missing URL fails the test.
func postgresURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(postgresURLEnv)
	if url == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the lifecycle tests on Postgres too (.ci/run starts a cluster)", postgresURLEnv)
		}
		t.Logf("Postgres half skipped: set %s=postgres://… to run it", postgresURLEnv)
	}
	return url
}

// newSchema names a fresh Postgres schema, so that every run migrates a
// schema of its own.
func newSchema() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "lifecycle_test_" + hex.EncodeToString(b)
}

// eventually polls cond until it holds or the time runs out.
func eventually(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mustDirStore opens the project's directory store at dir.
func mustDirStore(tb testing.TB, dir string) *dirstore.Store {
	tb.Helper()
	st, err := dirstore.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}
