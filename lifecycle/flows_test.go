package lifecycle_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/internal/teststore"
	"github.com/faceid-go/faceid/lifecycle/postgres"
	"github.com/faceid-go/faceid/lifecycle/sqlite"
	"github.com/faceid-go/faceid/lifecycle/store"
)

func TestAppAndEidFlowsArchiveTheirMedia(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			srv := faceidtest.NewServer()
			defer srv.Close()
			st := teststore.NewMem()
			tr := start(t, e, fast(srv, st))
			app, err := tr.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS",
				Name: faceidtest.FictionalName, IDCard: faceidtest.FictionalIDCard, Extra: "app-order"})
			if err != nil {
				t.Fatal(err)
			}
			eid, err := tr.GetEidToken(ctx, &faceid.GetEidTokenRequest{MerchantID: "M1", Extra: "eid-order"})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Complete(app.FaceIDToken, faceidtest.Pass()); err != nil {
				t.Fatal(err)
			}
			if err := srv.Complete(eid.EidToken, faceidtest.Fail(2006)); err != nil {
				t.Fatal(err)
			}
			for _, tok := range []string{app.FaceIDToken, eid.EidToken} {
				if err := tr.Returned(ctx, tok); err != nil {
					t.Fatal(err)
				}
			}
			s := waitStatus(t, tr, 20*time.Second, func(s lifecycle.Status) bool { return s.Archived == 2 })
			if s.Passed != 1 || s.Failed != 1 {
				t.Errorf("status = %+v", s)
			}
			for _, c := range []struct {
				flow  lifecycle.Flow
				token string
				ref   string
				pass  bool
				media string
			}{
				{lifecycle.FlowApp, app.FaceIDToken, "app-order", true, "liveness-video.mp4"},
				{lifecycle.FlowEid, eid.EidToken, "eid-order", false, ""},
			} {
				m, err := lifecycle.ReadManifest(ctx, st, c.flow, c.token)
				if err != nil {
					t.Fatal(err)
				}
				if err := lifecycle.VerifyManifest(ctx, st, m); err != nil {
					t.Fatal(err)
				}
				if m.Reference != c.ref || m.Verdict.Passed != c.pass || m.Flow != c.flow {
					t.Errorf("%s manifest = %+v", c.flow, m)
				}
				names := map[string]bool{}
				for _, f := range m.Files {
					names[f.Name] = true
				}
				if !names["result.json"] || (c.media != "" && !names[c.media]) {
					t.Errorf("%s files = %+v", c.flow, m.Files)
				}
			}
		})
	}
}

func TestTrackTxFollowsTheCallersTransaction(t *testing.T) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	cfg := lifecycle.Config{Client: srv.Client(), Now: srv.Clock().Now}

	t.Run("sqlite", func(t *testing.T) {
		db, err := sqlite.Open(ctx, t.TempDir()+"/tx.db", cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close(ctx)
		for _, commit := range []bool{false, true} {
			tx, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.TrackTx(ctx, tx, lifecycle.Token{Token: "TX-SQLITE", RuleID: "1"}); err != nil {
				t.Fatal(err)
			}
			end := tx.Rollback
			if commit {
				end = tx.Commit
			}
			if err := end(); err != nil && !errors.Is(err, sql.ErrTxDone) {
				t.Fatal(err)
			}
			s, err := db.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{false: 0, true: 1}[commit]; s.Tracked != want {
				t.Errorf("commit %v: tracked %d, want %d", commit, s.Tracked, want)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		url := postgresURL(t)
		if url == "" {
			t.Skip("no Postgres")
		}
		cfg := cfg
		cfg.Schema = newSchema()
		db, err := postgres.Open(ctx, url, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close(ctx)
		for _, commit := range []bool{false, true} {
			tx, err := db.Pool().Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.TrackTx(ctx, tx, lifecycle.Token{Token: "TX-PG", RuleID: "1"}); err != nil {
				t.Fatal(err)
			}
			if commit {
				err = tx.Commit(ctx)
			} else {
				err = tx.Rollback(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			s, err := db.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{false: 0, true: 1}[commit]; s.Tracked != want {
				t.Errorf("commit %v: tracked %d, want %d", commit, s.Tracked, want)
			}
		}
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRetentionDeletesTheArchive(t *testing.T) {
	ctx := context.Background()
	e := engines(t)[0]
	srv, st, cfg := setup(t)
	cfg.Retention = time.Second
	tr := start(t, e, cfg)
	auth, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	if err := tr.Returned(ctx, auth.BizToken); err != nil {
		t.Fatal(err)
	}
	var m *lifecycle.Manifest
	eventually(t, 20*time.Second, "never archived", func() bool {
		m, err = lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, auth.BizToken)
		return err == nil
	})
	if m.RetainUntil == nil || m.RetainUntil.Sub(m.FetchedAt) > 2*time.Second {
		t.Fatalf("RetainUntil = %v, fetched %v", m.RetainUntil, m.FetchedAt)
	}
	// River's scheduler moves the deletion job every 5 s.
	eventually(t, 20*time.Second, "the archive outlived its retention", func() bool {
		_, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, auth.BizToken)
		return errors.Is(err, store.ErrNotExist) && len(st.Keys()) == 0
	})
}

func TestTrackRefusesBadTokens(t *testing.T) {
	srv := faceidtest.NewServer()
	defer srv.Close()
	tr := engines(t)[0].open(t, lifecycle.Config{Client: srv.Client()})
	for _, tok := range []lifecycle.Token{
		{Token: "", RuleID: "1"},
		{Token: "../etc", RuleID: "1"},
		{Token: "A B", RuleID: "1"},
		{Token: "T1"}, // SaaS needs the RuleId
		{Token: "T1", RuleID: "1", Flow: "paas"},
	} {
		if err := tr.Track(context.Background(), tok); err == nil {
			t.Errorf("Track(%+v) = nil, want an error", tok)
		}
	}
	if s, _ := tr.Status(context.Background()); s.Tracked != 0 {
		t.Errorf("tracked %d", s.Tracked)
	}
}

func TestConfigRefusesWhatCannotWork(t *testing.T) {
	srv := faceidtest.NewServer()
	defer srv.Close()
	for _, cfg := range []lifecycle.Config{
		{Workers: 2, Store: teststore.NewMem()}, // workers without a client
		{Client: srv.Client(), Workers: 2},      // workers without a store
		{Client: srv.Client(), Margin: 80 * time.Hour},
		{Client: srv.Client(), JobTimeout: time.Minute, RescueAfter: time.Second},
	} {
		db, err := sqlite.Open(context.Background(), t.TempDir()+"/c.db", cfg)
		if err == nil {
			_ = db.Close(context.Background())
			t.Errorf("Open(%+v) = nil error", cfg)
		}
	}
}

func TestSweepBringsClosedWindowsForward(t *testing.T) {
	ctx := context.Background()
	e := engines(t)[0]
	srv, _, cfg := setup(t)
	idle := cfg
	idle.Workers = 0
	idle.Client = nil
	if err := e.open(t, idle).Track(ctx, lifecycle.Token{Token: "SWEPT", RuleID: "1"}); err != nil {
		t.Fatal(err)
	}
	auth, err := srv.Client().DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.open(t, idle).Track(ctx, lifecycle.Token{Token: auth.BizToken, RuleID: "1"}); err != nil {
		t.Fatal(err)
	}
	cfg.VerifyWindow = time.Hour
	db, err := sqlite.Open(ctx, "", cfg)
	if err == nil {
		_ = db.Close(ctx)
		t.Fatal("an empty path was accepted")
	}
	tr := start(t, e, cfg).(interface {
		tracker
		Sweep(context.Context) (int, error)
	})
	if n, err := tr.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("Sweep inside the window = %d, %v; want 0", n, err)
	}
	srv.Clock().Advance(time.Hour + time.Second)
	if n, err := tr.Sweep(ctx); err != nil || n != 2 {
		t.Fatalf("Sweep after the window = %d, %v; want 2", n, err)
	}
	// The unknown token is lost at once; the real one archived abandoned.
	s := waitStatus(t, tr, 20*time.Second, func(s lifecycle.Status) bool { return s.Pending == 0 })
	if s.Abandoned != 1 || s.Lost != 1 {
		t.Errorf("status = %+v, want 1 abandoned, 1 lost", s)
	}
}

// Past deadline − Margin, a failed fetch is the last: the token is lost,
// not retried into Tencent's deletion.
func TestFailedLastAttemptIsLost(t *testing.T) {
	ctx := context.Background()
	e := engines(t)[0]
	srv := faceidtest.NewServer()
	defer srv.Close()
	cfg := fast(srv, teststore.NewMem())
	cfg.Client = srv.Client(faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1}))
	var mu sync.Mutex
	var reasons []string
	cfg.OnLost = func(_ context.Context, l lifecycle.Lost) {
		mu.Lock()
		defer mu.Unlock()
		reasons = append(reasons, l.Reason)
	}
	tr := start(t, e, cfg)
	auth, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	srv.Clock().Advance(faceid.ResultRetention - time.Hour) // inside the 6 h margin
	srv.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultServiceUnavailable})
	if err := tr.Returned(ctx, auth.BizToken); err != nil {
		t.Fatal(err)
	}
	s := waitStatus(t, tr, 20*time.Second, func(s lifecycle.Status) bool { return s.Lost == 1 })
	mu.Lock()
	defer mu.Unlock()
	if s.Archived != 0 || len(reasons) != 1 || !strings.Contains(reasons[0], "last attempt") {
		t.Errorf("status %+v, reasons %q", s, reasons)
	}
}
