package lifecycle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/sqlite"
)

func TestReconcileFindsChargedTokensNeverArchived(t *testing.T) {
	ctx := context.Background()
	srv, st, cfg := setup(t)
	db, err := sqlite.Open(ctx, t.TempDir()+"/r.db", cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if err := db.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for range 3 {
		auth, err := db.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, auth.BizToken)
	}
	// Two come back and are archived; the third is charged but not yet.
	for _, tok := range tokens[:2] {
		if err := db.Returned(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	waitStatus(t, db, 20*time.Second, func(s lifecycle.Status) bool { return s.Archived == 2 })
	date := srv.Clock().Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
	r, err := db.Reconcile(ctx, date, "1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Billed != 3 || !slices.Equal(r.ChargedNotArchived, tokens[2:]) || len(r.ArchivedNotBilled) != 0 || r.OK() {
		t.Errorf("reconciliation = %+v, want token %s charged and not archived", r, tokens[2])
	}
	// An archive of a billed outcome that the bill does not list.
	ghost := lifecycle.Manifest{Flow: lifecycle.FlowSaaS, CreatedAt: srv.Clock().Now(),
		Verdict: faceid.Verdict{Passed: true, Outcome: faceid.LookupOutcome(0)}}
	ghost.BizToken, ghost.RuleID = "GHOST", "1"
	raw, err := json.Marshal(ghost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, "saas/GHOST/manifest.json", bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	r, err = db.Reconcile(ctx, date, "1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.ArchivedNotBilled, []string{"GHOST"}) {
		t.Errorf("ArchivedNotBilled = %v, want GHOST (billed outcome: %v)", r.ArchivedNotBilled, faceid.LookupOutcome(0).Billed)
	}
	if _, err := db.Reconcile(ctx, "yesterday", "1"); err == nil {
		t.Error("a bad date was accepted")
	}
}
