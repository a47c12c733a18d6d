package h5return_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/h5return"
)

func TestStateTamperedExpiredReplayed(t *testing.T) {
	now := time.Now()
	states, err := h5return.NewStates(func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	value, err := states.Issue("TOKEN-A", "http://sandbox.test/h5/TOKEN-A", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	encoded, sig, _ := strings.Cut(value, ".")
	forged := strings.Replace(encoded, encoded[:4], "QUJD", 1) + "." + sig
	for _, c := range []struct {
		value, token string
		want         error
	}{
		{"", "TOKEN-A", h5return.ErrNoState},
		{forged, "TOKEN-A", h5return.ErrBadState},
		{"garbage", "TOKEN-A", h5return.ErrBadState},
		{value, "TOKEN-B", h5return.ErrForeignToken},
	} {
		if _, err := states.Verify(c.value, c.token); !errors.Is(err, c.want) {
			t.Errorf("Verify(%.12q, %s) = %v, want %v", c.value, c.token, err, c.want)
		}
	}
	st, err := states.Verify(value, "TOKEN-A")
	if err != nil || st.PageURL != "http://sandbox.test/h5/TOKEN-A" {
		t.Fatalf("Verify = %+v, %v", st, err)
	}
	if !states.ConfirmsReplace(st, states.ReplaceToken(st)) || states.ConfirmsReplace(st, "") {
		t.Error("ReplaceToken does not confirm its own state, or an empty token does")
	}
	if err := states.MarkUsed(st); err != nil {
		t.Fatal(err)
	}
	if err := states.MarkUsed(st); !errors.Is(err, h5return.ErrReplayed) {
		t.Errorf("second MarkUsed = %v", err)
	}
	if _, err := states.Verify(value, "TOKEN-A"); !errors.Is(err, h5return.ErrReplayed) {
		t.Errorf("Verify after use = %v", err)
	}
	other, _ := states.Issue("TOKEN-C", "", time.Minute)
	now = now.Add(2 * time.Minute)
	if _, err := states.Verify(other, "TOKEN-C"); !errors.Is(err, h5return.ErrExpiredState) {
		t.Errorf("Verify after expiry = %v", err)
	}
}

func TestHandlerBindsTheReturnAndCallsOnReturn(t *testing.T) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	states, err := h5return.NewStates(nil)
	if err != nil {
		t.Fatal(err)
	}
	var returned, done atomic.Int32
	var verdict atomic.Value
	h := &h5return.Handler{Client: srv.Client(), RuleID: "1", States: states,
		OnReturn: func(_ context.Context, token string) error { returned.Add(1); return nil },
		Done: func(w http.ResponseWriter, _ *http.Request, ret h5return.Return) {
			done.Add(1)
			verdict.Store(ret.Verdict)
			_, _ = io.WriteString(w, "done")
		},
		NotFinal: func(w http.ResponseWriter, _ *http.Request, st h5return.State, _ faceid.Verdict) {
			_, _ = io.WriteString(w, "pending "+st.BizToken)
		},
	}
	auth, err := srv.Client().DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	value, err := states.Issue(auth.BizToken, auth.URL, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	get := func(token, cookie string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/return?token="+token, nil)
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: h.CookieName(), Value: cookie})
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := get(auth.BizToken, ""); rec.Code != http.StatusForbidden {
		t.Errorf("no cookie: %d", rec.Code)
	}
	if rec := get("OTHER", value); rec.Code != http.StatusForbidden {
		t.Errorf("foreign token: %d", rec.Code)
	}
	if returned.Load() != 0 {
		t.Errorf("OnReturn called %d times for refused returns", returned.Load())
	}
	// Back before finishing: pending, the state stays usable.
	if rec := get(auth.BizToken, value); rec.Code != http.StatusOK || rec.Body.String() != "pending "+auth.BizToken {
		t.Errorf("unfinished: %d %q", rec.Code, rec.Body.String())
	}
	if err := srv.Complete(auth.BizToken, faceidtest.Fail(2006)); err != nil {
		t.Fatal(err)
	}
	rec := get(auth.BizToken, value)
	if rec.Code != http.StatusOK || done.Load() != 1 || returned.Load() != 2 {
		t.Fatalf("finished: %d, done %d, returned %d", rec.Code, done.Load(), returned.Load())
	}
	if v := verdict.Load().(faceid.Verdict); v.Passed || v.Outcome.Code != 2006 {
		t.Errorf("verdict = %v", v)
	}
	if c := rec.Result().Cookies(); len(c) != 1 || c[0].MaxAge >= 0 || !c[0].HttpOnly {
		t.Errorf("the state cookie was not deleted: %+v", c)
	}
	if rec := get(auth.BizToken, value); rec.Code != http.StatusForbidden || done.Load() != 1 {
		t.Errorf("replay: %d, done %d", rec.Code, done.Load())
	}
}

func TestIsFinal(t *testing.T) {
	for _, c := range []struct {
		v    faceid.Verdict
		want bool
	}{
		{faceid.Verdict{Passed: true}, true},
		{faceid.Verdict{Pending: true}, false},
		{faceid.Verdict{Passed: true, Pending: true}, false},
		{faceid.Verdict{Outcome: faceid.LookupOutcome(2006)}, true},
		{faceid.Verdict{Outcome: faceid.Outcome{Category: faceid.CategoryInvocationError}}, false},
		{faceid.Verdict{Outcome: faceid.Outcome{Category: faceid.CategoryFlowNotFinished}}, false},
	} {
		if got := h5return.IsFinal(c.v); got != c.want {
			t.Errorf("IsFinal(%v) = %v", c.v, got)
		}
	}
}
