package lifecycle_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/h5return"
	"github.com/faceid-go/faceid/lifecycle"
	"github.com/faceid-go/faceid/lifecycle/internal/teststore"
)

// The redirect handler's OnReturn is the tracker's Returned: the person's
// return archives the evidence at once, two hours before the sweep.
func TestRedirectHandlerReturnArchives(t *testing.T) {
	ctx := context.Background()
	e := engines(t)[0]
	srv := faceidtest.NewServer()
	defer srv.Close()
	st := teststore.NewMem()
	tr := start(t, e, fast(srv, st))
	states, err := h5return.NewStates(nil)
	if err != nil {
		t.Fatal(err)
	}
	var verdict faceid.Verdict
	h := &h5return.Handler{Client: srv.Client(), RuleID: "1", States: states, OnReturn: tr.Returned,
		Done: func(w http.ResponseWriter, _ *http.Request, ret h5return.Return) { verdict = ret.Verdict }}
	auth, err := tr.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	value, err := states.Issue(auth.BizToken, auth.URL, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/return?token="+auth.BizToken, nil)
	req.AddCookie(&http.Cookie{Name: h.CookieName(), Value: value})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !verdict.Passed {
		t.Fatalf("return: %d, verdict %v", rec.Code, verdict)
	}
	s := waitStatus(t, tr, 20*time.Second, func(s lifecycle.Status) bool { return s.Archived == 1 })
	if s.Passed != 1 {
		t.Errorf("status = %+v", s)
	}
}
