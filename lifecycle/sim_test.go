//go:build linux

package lifecycle_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/postgres"
	"github.com/faceid-go/faceid/lifecycle/sqlite"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// The simulation's settings. A deployment of simProcesses processes (this
// one and worker subprocesses) shares a result-action quota of simQuota
// calls per second, each taking 0.9 × quota ÷ processes.
const (
	simQuota     = 300
	simProcesses = 3
	simWindow    = 4 * time.Second // the verification window, shortened
	simSessionsV = "FACEID_SIM_SESSIONS"
)

// Environment of a worker subprocess.
const (
	simWorkerEnv   = "FACEID_SIM_WORKER"
	simDBEnv       = "FACEID_SIM_DB"
	simSchemaEnv   = "FACEID_SIM_SCHEMA"
	simStoreEnv    = "FACEID_SIM_STORE"
	simEndpointEnv = "FACEID_SIM_ENDPOINT"
)

// simConfig is the configuration every process of the simulation uses.
func simConfig(client *faceid.Client, st store.Store) lifecycle.Config {
	return lifecycle.Config{
		Client: client, Store: st, Workers: 8,
		QPS:          0.9 * simQuota / simProcesses,
		VerifyWindow: simWindow, Grace: time.Millisecond,
		JobTimeout: 5 * time.Second, RescueAfter: 8 * time.Second,
		FetchCooldown: 10 * time.Millisecond, FetchPollInterval: 100 * time.Millisecond,
		// Only a loss, or a failure of the lifecycle itself, is worth
		// reading among the thousands of retried faults.
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	}
}

// simSessions is how many sessions the simulation runs: 10,000, or 500
// under the race detector (about ten times slower), 300 with -short;
// FACEID_SIM_SESSIONS overrides.
func simSessions(t *testing.T) int {
	if v := os.Getenv(simSessionsV); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 {
			t.Fatalf("%s=%q: want a number of sessions, at least 10", simSessionsV, v)
		}
		return n
	}
	switch {
	case testing.Short():
		return 300
	case raceEnabled:
		return 500
	}
	return 10000
}

// A session's script: what the person does.
type script int

const (
	passReturn       script = iota // passes, comes back
	failReturn                     // fails (2006), comes back
	passReturnTwice                // passes, comes back twice
	returnBeforeDone               // comes back before finishing, then finishes
	passNeverReturns               // passes, the redirect never arrives
	neverFinishes                  // abandons the flow
	scriptCount
)

// TestSimWorkerProcess is the body of a worker subprocess of the
// simulation; run directly, it does nothing.
func TestSimWorkerProcess(t *testing.T) {
	if os.Getenv(simWorkerEnv) != "1" {
		t.Skip("a helper of TestSimulation")
	}
	ctx := context.Background()
	client, err := faceid.NewClient(faceid.WithEndpoint(os.Getenv(simEndpointEnv)),
		faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, faceidtest.DefaultSecretKey, "")),
		faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	cfg := simConfig(client, mustDirStore(t, os.Getenv(simStoreEnv)))
	var tr interface{ Start(context.Context) error }
	if schema := os.Getenv(simSchemaEnv); schema != "" {
		cfg.Schema = schema
		tr, err = postgres.Open(ctx, os.Getenv(simDBEnv), cfg)
	} else {
		tr, err = sqlite.Open(ctx, os.Getenv(simDBEnv), cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Start(ctx); err != nil {
		t.Fatal(err)
	}
	fmt.Println("worker started")
	select {} // until killed
}

// subprocess is a running worker subprocess.
type subprocess struct {
	cmd *exec.Cmd
}

// startWorker starts a worker subprocess and waits until it runs.
func startWorker(t *testing.T, env []string) *subprocess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSimWorkerProcess$", "-test.count=1", "-test.timeout=0")
	cmd.Env = append(os.Environ(), append(env, simWorkerEnv+"=1")...)
	cmd.Stderr = os.Stderr
	// A worker outlives no test run, even one killed by its timeout.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "worker started") {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("the worker subprocess did not start: %q %v", line, err)
	}
	go func() { _, _ = bufio.NewReader(out).WriteTo(discard{}) }()
	return &subprocess{cmd: cmd}
}

// discard is io.Discard as a writer for WriteTo.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// kill ends the subprocess with SIGKILL, as a crash or an OOM kill would.
func (p *subprocess) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
}

// opener opens the simulation's tracker in this process; analyze, when not
// nil, refreshes the database's statistics after the bulk load.
type opener func(cfg lifecycle.Config) (tr tracker, analyze func(context.Context) error, err error)

func TestSimulation(t *testing.T) {
	n := simSessions(t)
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "sim.db")
		runSimulation(t, n, []string{simDBEnv + "=" + path}, func(cfg lifecycle.Config) (tracker, func(context.Context) error, error) {
			db, err := sqlite.Open(context.Background(), path, cfg)
			return db, nil, err
		})
	})
	t.Run("postgres", func(t *testing.T) {
		url := postgresURL(t)
		if url == "" {
			t.Skip("no Postgres")
		}
		schema := newSchema()
		runSimulation(t, n, []string{simDBEnv + "=" + url, simSchemaEnv + "=" + schema}, func(cfg lifecycle.Config) (tracker, func(context.Context) error, error) {
			cfg.Schema = schema
			db, err := postgres.Open(context.Background(), url, cfg)
			if err != nil {
				return nil, nil, err
			}
			return db, db.Analyze, nil
		})
	})
}

// session is one simulated person.
type session struct {
	token  string
	script script
}

// runSimulation runs n sessions against the sandbox with workers in this
// process and in subprocesses, one of which is killed and restarted, and
// asserts the invariants.
func runSimulation(t *testing.T, n int, env []string, open opener) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	dir := t.TempDir()
	st := mustDirStore(t, dir)
	env = append(env, simStoreEnv+"="+dir, simEndpointEnv+"="+srv.URL())
	client := srv.Client(faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1}))
	cfg := simConfig(client, st)
	cfg.Now = srv.Clock().Now
	var hooks sync.Map // token -> *atomic.Int32, OnArchived calls in this process
	cfg.OnArchived = func(_ context.Context, a lifecycle.Archived) error {
		c, _ := hooks.LoadOrStore(a.Token, new(atomic.Int32))
		c.(*atomic.Int32).Add(1)
		return nil
	}
	var lost atomic.Int32
	cfg.OnLost = func(context.Context, lifecycle.Lost) { lost.Add(1) }
	tr, analyze, err := open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close(ctx)

	start := time.Now()
	steady := startWorker(t, env)
	defer steady.kill()
	victim := startWorker(t, env)
	if err := tr.Start(ctx); err != nil {
		t.Fatal(err)
	}

	// Faults all along: throttling, API 5xx and gateway errors.
	stopFaults := make(chan struct{})
	var faultsDone sync.WaitGroup
	faultsDone.Add(1)
	go func() {
		defer faultsDone.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		kinds := []faceidtest.FaultKind{faceidtest.FaultRateLimited, faceidtest.FaultInternalError, faceidtest.FaultBadGateway}
		for i := 0; ; i++ {
			select {
			case <-stopFaults:
				return
			case <-tick.C:
				srv.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: kinds[i%len(kinds)]})
			}
		}
	}()

	// The people, 16 at a time.
	sessions := make([]session, n)
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				sessions[i] = runPerson(t, ctx, srv, tr, script(i%int(scriptCount)))
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	tracked := time.Since(start)
	if analyze != nil {
		if err := analyze(ctx); err != nil {
			t.Fatal(err)
		}
	}

	// Kill the victim twice in the middle of its jobs, and restart it.
	// The faults stop after the first kill, so that the last tokens are
	// not kept waiting by retries' backoff.
	for round := range 2 {
		target := n * (round + 1) / 3
		waitArchived(t, tr, target, 5*time.Minute)
		victim.kill()
		victim = startWorker(t, env)
		if round == 0 {
			close(stopFaults)
			faultsDone.Wait()
		}
	}
	defer func() { victim.kill() }()
	s := waitStatus(t, tr, 10*time.Minute, func(s lifecycle.Status) bool { return s.Pending == 0 })
	elapsed := time.Since(start)

	// Invariants.
	if s.Tracked != n || s.Archived != n || s.Lost != 0 || lost.Load() != 0 {
		t.Errorf("status = %+v (OnLost %d); want all %d archived, none lost", s, lost.Load(), n)
	}
	calls := srv.Calls()
	checkArchives(t, ctx, st, sessions)
	checkQPS(t, calls)
	var faults int
	for _, c := range calls {
		if c.Fault != 0 {
			faults++
		}
	}
	if faults == 0 {
		t.Error("no fault was met: the simulation did not test them")
	}
	extraHooks := 0
	hooks.Range(func(_, v any) bool {
		if v.(*atomic.Int32).Load() > 1 {
			extraHooks++
		}
		return true
	})
	t.Logf("%d sessions: tracked in %v, all archived after %v: %.0f sessions/s; %d API calls (%.2f a session, %d faults injected); peak RSS %s; %d tokens had OnArchived more than once in this process",
		n, tracked.Round(time.Millisecond), elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(),
		len(calls), float64(len(calls))/float64(n), faults, peakRSS(), extraHooks)
}

// runPerson plays one person's script and returns the session.
func runPerson(t *testing.T, ctx context.Context, srv *faceidtest.Server, tr tracker, sc script) session {
	auth, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Extra: "sim"})
	for err != nil && faceid.IsRetryable(err) {
		time.Sleep(10 * time.Millisecond)
		auth, err = tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Extra: "sim"})
	}
	if err != nil {
		t.Error(err)
		return session{}
	}
	tok := auth.BizToken
	complete := func(o faceidtest.Outcome) {
		if err := srv.Complete(tok, o); err != nil {
			t.Error(err)
		}
	}
	ret := func() {
		if err := tr.Returned(ctx, tok); err != nil {
			t.Error(err)
		}
	}
	switch sc {
	case passReturn:
		complete(faceidtest.Pass())
		ret()
	case failReturn:
		complete(faceidtest.Fail(2006))
		ret()
	case passReturnTwice:
		complete(faceidtest.Pass())
		ret()
		time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
		ret()
	case returnBeforeDone:
		ret()
		time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
		complete(faceidtest.Pass())
	case passNeverReturns:
		complete(faceidtest.Pass())
	}
	return session{token: tok, script: sc}
}

// waitArchived waits until at least n tokens are archived.
func waitArchived(t *testing.T, tr tracker, n int, within time.Duration) {
	t.Helper()
	waitStatus(t, tr, within, func(s lifecycle.Status) bool { return s.Archived >= n })
}

// checkArchives asserts that every session has exactly one archive, whose
// files match its manifest, with nothing else in its folder, and whose
// outcome is the script's, archived before Tencent's deadline.
func checkArchives(t *testing.T, ctx context.Context, st store.Store, sessions []session) {
	t.Helper()
	want := map[script]string{passReturn: "passed", failReturn: "failed", passReturnTwice: "passed",
		returnBeforeDone: "passed", passNeverReturns: "passed", neverFinishes: "abandoned"}
	bad := 0
	for _, s := range sessions {
		m, err := lifecycle.ReadManifest(ctx, st, lifecycle.FlowSaaS, s.token)
		if err == nil {
			err = lifecycle.VerifyManifest(ctx, st, m)
		}
		if err == nil && m.Outcome() != want[s.script] {
			err = fmt.Errorf("outcome %s, want %s", m.Outcome(), want[s.script])
		}
		if err == nil && !m.FetchedAt.Before(m.CreatedAt.Add(faceid.ResultRetention)) {
			err = fmt.Errorf("fetched %v, after the deadline", m.FetchedAt)
		}
		if err == nil {
			var objects []store.Object
			objects, err = st.List(ctx, "saas/"+s.token)
			if err == nil && len(objects) != len(m.Files)+1 {
				err = fmt.Errorf("the folder holds %d objects, the manifest lists %d files", len(objects), len(m.Files))
			}
		}
		if err != nil {
			if bad++; bad <= 5 {
				t.Errorf("session %s (script %d): %v", s.token, s.script, err)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d sessions are not archived exactly once as expected", bad, len(sessions))
	}
	tokens, err := st.List(ctx, "saas")
	if err != nil {
		t.Fatal(err)
	}
	folders := map[string]bool{}
	for _, o := range tokens {
		folders[strings.Split(o.Key, "/")[1]] = true
	}
	if len(folders) != len(sessions) {
		t.Errorf("%d token folders for %d sessions", len(folders), len(sessions))
	}
}

// checkQPS asserts that no 1-second window saw more result fetches than
// the quota.
func checkQPS(t *testing.T, calls []faceidtest.Call) {
	t.Helper()
	var times []time.Time
	for _, c := range calls {
		if c.Action == "GetDetectInfoEnhanced" {
			times = append(times, c.Time)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	peak := 0
	for i, j := 0, 0; j < len(times); j++ {
		for times[j].Sub(times[i]) >= time.Second {
			i++
		}
		peak = max(peak, j-i+1)
	}
	if peak > simQuota {
		t.Errorf("%d result fetches in one second; the quota is %d", peak, simQuota)
	}
	t.Logf("peak result fetches in any second: %d (quota %d, %d processes at %.0f/s each)", peak, simQuota, simProcesses, 0.9*simQuota/simProcesses)
}

// peakRSS returns this process's peak resident memory, from /proc.
func peakRSS() string {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
