package lifecycle_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/internal/teststore"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// fast is a configuration that fetches quickly, for tests.
func fast(srv *faceidtest.Server, st store.Store) lifecycle.Config {
	return lifecycle.Config{
		Client: srv.Client(), Store: st, Workers: 4, Now: srv.Clock().Now,
		Grace: time.Millisecond, FetchCooldown: 10 * time.Millisecond, FetchPollInterval: 50 * time.Millisecond,
		RetryHook: 50 * time.Millisecond,
	}
}

// setup returns a sandbox (closed when the test ends), an in-memory store
// and a fast configuration of the two.
func setup(t *testing.T) (*faceidtest.Server, *teststore.Mem, lifecycle.Config) {
	t.Helper()
	srv := faceidtest.NewServer()
	t.Cleanup(srv.Close)
	st := teststore.NewMem()
	return srv, st, fast(srv, st)
}

// start opens a tracker with cfg on e and starts its workers.
func start(t *testing.T, e engine, cfg lifecycle.Config) tracker {
	t.Helper()
	tr := e.open(t, cfg)
	if err := tr.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return tr
}

// waitStatus waits until the tracker's status satisfies ok.
func waitStatus(t *testing.T, tr tracker, within time.Duration, ok func(lifecycle.Status) bool) lifecycle.Status {
	t.Helper()
	var s lifecycle.Status
	eventually(t, within, "status never reached the expected counts", func() bool {
		var err error
		s, err = tr.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return ok(s)
	})
	return s
}

// readResult returns the archived result.json of a token.
func readResult(t *testing.T, st store.Store, flow lifecycle.Flow, token string) map[string]any {
	t.Helper()
	rc, err := st.Open(context.Background(), string(flow)+"/"+token+"/result.json")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var doc map[string]any
	if err := json.NewDecoder(rc).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestReturnedFetchesAtOnceAndArchivesOnce(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			srv := faceidtest.NewServer()
			defer srv.Close()
			st := teststore.NewMem()
			var hooks atomic.Int32
			var got lifecycle.Archived
			var mu sync.Mutex
			cfg := fast(srv, st)
			cfg.OnArchived = func(_ context.Context, a lifecycle.Archived) error {
				mu.Lock()
				defer mu.Unlock()
				hooks.Add(1)
				got = a
				return nil
			}
			tr := start(t, e, cfg)
			auth, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Name: faceidtest.FictionalName,
				IDCard: faceidtest.FictionalIDCard, Extra: "order-42"})
			if err != nil {
				t.Fatal(err)
			}
			// The sweep is two hours away: only Returned can archive it now.
			if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
				t.Fatal(err)
			}
			if err := tr.Returned(ctx, auth.BizToken); err != nil {
				t.Fatal(err)
			}
			s := waitStatus(t, tr, 20*time.Second, func(s lifecycle.Status) bool { return s.Archived == 1 })
			if s.Tracked != 1 || s.Passed != 1 || s.Pending != 0 || s.Lost != 0 {
				t.Errorf("status = %+v, want 1 tracked, passed", s)
			}
			eventually(t, 5*time.Second, "OnArchived was not called", func() bool { return hooks.Load() == 1 })
			m, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, auth.BizToken)
			if err != nil {
				t.Fatal(err)
			}
			if err := lifecycle.VerifyManifest(ctx, st, m); err != nil {
				t.Fatal(err)
			}
			if m.Reference != "order-42" || m.RuleID != "1" || !m.Verdict.Passed || m.Abandoned || m.RetainUntil != nil {
				t.Errorf("manifest = %+v", m)
			}
			mu.Lock()
			if got.Token != auth.BizToken || got.Manifest == nil || got.Manifest.Outcome() != "passed" {
				t.Errorf("OnArchived got %+v", got)
			}
			mu.Unlock()
			// Every object is listed once, the manifest last written, and the
			// media streamed under their own names.
			keys := st.Keys()
			if len(keys) != len(m.Files)+1 {
				t.Errorf("store holds %v, manifest lists %d files", keys, len(m.Files))
			}
			var video bool
			for _, f := range m.Files {
				if st.Created("saas/"+auth.BizToken+"/"+f.Name) != 1 {
					t.Errorf("%s was created %d times", f.Name, st.Created("saas/"+auth.BizToken+"/"+f.Name))
				}
				video = video || strings.HasSuffix(f.Name, ".mp4")
			}
			if !video {
				t.Errorf("no video archived: %+v", m.Files)
			}
			// result.json is unmasked, with media replaced by their files.
			doc := readResult(t, st, lifecycle.FlowSaaS, auth.BizToken)
			text, _ := doc["Text"].(map[string]any)
			if text["Name"] != faceidtest.FictionalName {
				t.Errorf("result.json Text.Name = %v, want the unmasked name", text["Name"])
			}
			if _, ok := doc["RequestId"]; ok {
				t.Error("result.json carries the RequestId, which differs between fetches")
			}
			// A second return, and a second track, change nothing.
			if err := tr.Returned(ctx, auth.BizToken); err != nil {
				t.Fatal(err)
			}
			if err := tr.Track(ctx, lifecycle.Token{Token: auth.BizToken, RuleID: "1"}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			if s, _ := tr.Status(ctx); s.Tracked != 1 || s.Archived != 1 {
				t.Errorf("after a second return: %+v", s)
			}
			if n := st.Created("saas/" + auth.BizToken + "/manifest.json"); n != 1 {
				t.Errorf("manifest created %d times", n)
			}
		})
	}
}

func TestReturnedUntracked(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			srv := faceidtest.NewServer()
			defer srv.Close()
			tr := start(t, e, fast(srv, teststore.NewMem()))
			if err := tr.Returned(context.Background(), "NEVER-TRACKED"); !errors.Is(err, lifecycle.ErrNotTracked) {
				t.Fatalf("Returned = %v, want ErrNotTracked", err)
			}
			if s, err := tr.Status(context.Background()); err != nil || s.Tracked != 0 {
				t.Errorf("status = %+v, %v; want nothing tracked", s, err)
			}
		})
	}
}

func TestSweepArchivesAbandonedAndReturnBeforeFinish(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			srv := faceidtest.NewServer()
			defer srv.Close()
			st := teststore.NewMem()
			cfg := fast(srv, st)
			cfg.VerifyWindow = 2 * time.Second
			tr := start(t, e, cfg)
			never, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
			if err != nil {
				t.Fatal(err)
			}
			early, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
			if err != nil {
				t.Fatal(err)
			}
			// The person comes back before finishing: the fetch finds the
			// flow unfinished and waits; they finish, and the next fetch
			// archives the result.
			if err := tr.Returned(ctx, early.BizToken); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond)
			if _, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, early.BizToken); !errors.Is(err, store.ErrNotExist) {
				t.Fatalf("an unfinished flow was archived inside its window: %v", err)
			}
			if err := srv.Complete(early.BizToken, faceidtest.Fail(2006)); err != nil {
				t.Fatal(err)
			}
			s := waitStatus(t, tr, 30*time.Second, func(s lifecycle.Status) bool { return s.Archived == 2 })
			if s.Abandoned != 1 || s.Failed != 1 || s.Passed != 0 {
				t.Errorf("status = %+v, want one abandoned, one failed", s)
			}
			m, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, never.BizToken)
			if err != nil {
				t.Fatal(err)
			}
			if !m.Abandoned || m.Verdict.Passed || !m.Verdict.Pending {
				t.Errorf("never-finished manifest: abandoned %v verdict %+v", m.Abandoned, m.Verdict)
			}
			m, err = lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, early.BizToken)
			if err != nil {
				t.Fatal(err)
			}
			if m.Abandoned || m.Verdict.Outcome.Code != 2006 {
				t.Errorf("early return manifest: abandoned %v verdict %+v", m.Abandoned, m.Verdict)
			}
		})
	}
}

func TestLostAfterTheDeadlineIsReported(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			srv := faceidtest.NewServer()
			defer srv.Close()
			var lost []lifecycle.Lost
			var mu sync.Mutex
			cfg := fast(srv, teststore.NewMem())
			cfg.OnLost = func(_ context.Context, l lifecycle.Lost) {
				mu.Lock()
				defer mu.Unlock()
				lost = append(lost, l)
			}
			// An insert-only tracker records the token; no worker runs for
			// three days.
			idle := cfg
			idle.Workers = 0
			auth, err := e.open(t, idle).DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Extra: "order-7"})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
				t.Fatal(err)
			}
			srv.Clock().Advance(faceid.ResultRetention - 11*time.Hour)
			tr := e.open(t, cfg)
			if s, err := tr.Status(ctx); err != nil || s.AtRisk != 1 || s.Pending != 1 {
				t.Errorf("11 h before the deadline: %+v, %v; want 1 at risk", s, err)
			}
			srv.Clock().Advance(12 * time.Hour)
			if err := tr.Start(ctx); err != nil {
				t.Fatal(err)
			}
			if err := tr.Returned(ctx, auth.BizToken); err != nil {
				t.Fatal(err)
			}
			s := waitStatus(t, tr, 20*time.Second, func(s lifecycle.Status) bool { return s.Lost == 1 })
			if s.Archived != 0 || s.Pending != 0 || s.AtRisk != 0 {
				t.Errorf("status = %+v", s)
			}
			eventually(t, 5*time.Second, "OnLost was not called", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(lost) == 1
			})
			mu.Lock()
			defer mu.Unlock()
			if lost[0].Token != auth.BizToken || lost[0].Reference != "order-7" || lost[0].Reason == "" {
				t.Errorf("OnLost got %+v", lost[0])
			}
		})
	}
}

// flaky fails the first manifest Put, as a worker killed between the
// media and the manifest would.
type flaky struct {
	*teststore.Mem
	failed atomic.Bool
}

func (f *flaky) Put(ctx context.Context, key string, r io.Reader) (store.Object, error) {
	if strings.HasSuffix(key, "/manifest.json") && f.failed.CompareAndSwap(false, true) {
		_, _ = io.Copy(io.Discard, r)
		return store.Object{}, errors.New("simulated crash before the manifest")
	}
	return f.Mem.Put(ctx, key, r)
}

func TestRerunAfterCrashKeepsOneCopy(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			srv := faceidtest.NewServer()
			defer srv.Close()
			st := &flaky{Mem: teststore.NewMem()}
			tr := start(t, e, fast(srv, st))
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
			waitStatus(t, tr, 30*time.Second, func(s lifecycle.Status) bool { return s.Archived == 1 })
			if !st.failed.Load() {
				t.Fatal("the crash was never simulated")
			}
			m, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, auth.BizToken)
			if err != nil {
				t.Fatal(err)
			}
			if err := lifecycle.VerifyManifest(ctx, st, m); err != nil {
				t.Fatal(err)
			}
			for _, f := range m.Files {
				if n := st.Created("saas/" + auth.BizToken + "/" + f.Name); n != 1 {
					t.Errorf("%s created %d times; the rerun should keep the identical object", f.Name, n)
				}
			}
		})
	}
}

func TestRerunReplacesDifferentLeftovers(t *testing.T) {
	ctx := context.Background()
	e := engines(t)[0]
	srv, st, cfg := setup(t)
	idle := cfg
	idle.Workers = 0
	auth, err := e.open(t, idle).DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	// A run that crashed after writing a result.json of another content.
	if _, err := st.Put(ctx, "saas/"+auth.BizToken+"/result.json", strings.NewReader("{}")); err != nil {
		t.Fatal(err)
	}
	if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	tr := start(t, e, cfg)
	if err := tr.Returned(ctx, auth.BizToken); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, tr, 30*time.Second, func(s lifecycle.Status) bool { return s.Archived == 1 })
	m, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, auth.BizToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := lifecycle.VerifyManifest(ctx, st, m); err != nil {
		t.Fatal(err)
	}
	if doc := readResult(t, st, lifecycle.FlowSaaS, auth.BizToken); doc["Verdict"] == nil {
		t.Error("the leftover result.json was kept")
	}
}

func TestThrottlingAndServerErrorsAreRetried(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			srv := faceidtest.NewServer()
			defer srv.Close()
			st := teststore.NewMem()
			cfg := fast(srv, st)
			cfg.Client = srv.Client(faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1}))
			tr := start(t, e, cfg)
			auth, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
				t.Fatal(err)
			}
			srv.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultRateLimited})
			srv.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultBadGateway})
			if err := tr.Returned(ctx, auth.BizToken); err != nil {
				t.Fatal(err)
			}
			waitStatus(t, tr, 40*time.Second, func(s lifecycle.Status) bool { return s.Archived == 1 })
			if srv.PendingFaults() != 0 {
				t.Errorf("%d faults never met", srv.PendingFaults())
			}
			var fetches int
			for _, c := range srv.Calls() {
				if c.Action == "GetDetectInfoEnhanced" {
					fetches++
				}
			}
			if fetches != 3 {
				t.Errorf("%d fetches, want 3 (throttled, 502, success)", fetches)
			}
		})
	}
}

func TestOnArchivedRetriedUntilItSucceeds(t *testing.T) {
	ctx := context.Background()
	e := engines(t)[0]
	srv, st, cfg := setup(t)
	var calls atomic.Int32
	cfg.OnArchived = func(context.Context, lifecycle.Archived) error {
		if calls.Add(1) < 3 {
			return errors.New("the merchant's database is down")
		}
		return nil
	}
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
	eventually(t, 30*time.Second, "OnArchived never succeeded", func() bool { return calls.Load() >= 3 })
	s := waitStatus(t, tr, 10*time.Second, func(s lifecycle.Status) bool { return s.Archived == 1 })
	if s.Passed != 1 {
		t.Errorf("status = %+v", s)
	}
	time.Sleep(300 * time.Millisecond)
	if n := calls.Load(); n != 3 {
		t.Errorf("OnArchived called %d times, want 3 (twice failing, once succeeding)", n)
	}
	if n := st.Created("saas/" + auth.BizToken + "/manifest.json"); n != 1 {
		t.Errorf("manifest created %d times", n)
	}
}
