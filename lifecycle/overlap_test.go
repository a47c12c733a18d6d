package lifecycle

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/lifecycle/internal/teststore"
	"golang.org/x/time/rate"
)

// Runs of one token that overlap (a worker taken for dead while it still
// runs) end with one archive: the first manifest wins, the others read it,
// and no object is written twice.
func TestOverlappingRunsArchiveOnce(t *testing.T) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()
	st := teststore.NewMem()
	cfg, err := Config{Client: client, Store: st, Workers: 1}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	tr := &Tracker[struct{}]{cfg: cfg, limiter: rate.NewLimiter(rate.Inf, 1)}
	auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	a := fetchArgs{Token: auth.BizToken, Flow: FlowSaaS, RuleID: "1", CreatedAt: now, WindowEnd: now.Add(time.Hour)}
	const runs = 6
	manifests := make([]*Manifest, runs)
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			manifests[i], errs[i] = tr.fetchAndArchive(ctx, a)
		}()
	}
	wg.Wait()
	var winner *Manifest
	for i, err := range errs {
		if err != nil {
			continue // a run may lose a race on a data object and retry later
		}
		if winner == nil {
			winner = manifests[i]
		}
		if manifests[i].FetchedAt != winner.FetchedAt || manifests[i].RequestID != winner.RequestID {
			t.Errorf("run %d returned another archive than run 0's", i)
		}
	}
	if winner == nil {
		t.Fatalf("no run archived: %v", errs)
	}
	m, err := ReadManifest(ctx, st, FlowSaaS, auth.BizToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyManifest(ctx, st, m); err != nil {
		t.Fatal(err)
	}
	if m.RequestID != winner.RequestID {
		t.Error("the stored manifest is not the one the runs returned")
	}
	for _, key := range st.Keys() {
		if n := st.Created(key); n != 1 {
			t.Errorf("%s created %d times", key, n)
		}
	}
	if len(st.Keys()) != len(m.Files)+1 {
		t.Errorf("store holds %v; the manifest lists %d files", st.Keys(), len(m.Files))
	}
}
