package h5return

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/faceid-go/faceid"
)

// Return is a return whose final result was fetched.
type Return struct {
	// State is the flow's state, now used.
	State State
	// Result is the result, unmasked: show only DetectInfo.Masked.
	Result *faceid.DetectInfo
	// Verdict is Result.Verdict().
	Verdict faceid.Verdict
}

// Handler is the http.Handler of the redirect back from FaceID (the
// DetectAuth RedirectUrl): it verifies the browser's state against the
// BizToken of the query ("token" or "BizToken"), calls OnReturn, pulls the
// result and, when it is final (IsFinal), uses the state up, deletes the
// cookie and calls Done. Client, RuleID, States and Done are required.
type Handler struct {
	// Client pulls the result.
	Client *faceid.Client
	// RuleID is the flow's RuleId.
	RuleID string
	// States checks the state cookie.
	States *States
	// Cookie is the name of the state cookie. Default "faceid_flow", or
	// "__Host-faceid_flow" when Secure.
	Cookie string
	// Secure marks the cookie Secure (an https site).
	Secure bool
	// Timeout bounds the fetch. Default 30 s.
	Timeout time.Duration
	// OnReturn, when set, is told of every verified return before the
	// fetch, e.g. a lifecycle Tracker's Returned, which archives the
	// evidence. An error is logged; the person still gets the verdict.
	OnReturn func(ctx context.Context, bizToken string) error
	// Done answers a return whose result is final.
	Done func(w http.ResponseWriter, r *http.Request, ret Return)
	// NotFinal answers a return whose flow is not finished; the state
	// stays usable. Default: Failed with 409.
	NotFinal func(w http.ResponseWriter, r *http.Request, st State, v faceid.Verdict)
	// Refused answers a return that is not this browser's flow (the
	// error is one of this package's). Default: a plain 403.
	Refused func(w http.ResponseWriter, r *http.Request, err error)
	// Failed answers a return whose result could not be fetched or
	// judged; what is safe to show, err is for the log. Default: a plain
	// page with status and what.
	Failed func(w http.ResponseWriter, r *http.Request, status int, what string, err error)
	// Logger receives the handler's warnings. Default slog.Default().
	Logger *slog.Logger
}

// CookieName returns the state cookie's name.
func (h *Handler) CookieName() string {
	switch {
	case h.Cookie != "":
		return h.Cookie
	case h.Secure:
		return "__Host-faceid_flow"
	}
	return "faceid_flow"
}

// SetState sets the state cookie to value for maxAge seconds, or deletes
// it when maxAge is negative. It is sent to the whole site (so that a
// start page knows of a flow in progress); SameSite=Lax still sends it on
// the top-level redirect back from FaceID.
func (h *Handler) SetState(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: h.CookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.Secure,
	})
}

// Current returns the flow this browser started and has not seen the
// final result of, if any. A state that is expired, used or forged is no
// flow.
func (h *Handler) Current(r *http.Request) (State, bool) {
	c, err := r.Cookie(h.CookieName())
	if err != nil {
		return State{}, false
	}
	st, err := h.States.Open(c.Value)
	return st, err == nil
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}

// ServeHTTP handles the return.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if token == "" {
		token = r.URL.Query().Get("BizToken")
	}
	value := ""
	if c, err := r.Cookie(h.CookieName()); err == nil {
		value = c.Value
	}
	st, err := h.States.Verify(value, token)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	if h.OnReturn != nil {
		if err := h.OnReturn(ctx, token); err != nil {
			h.logger().ErrorContext(ctx, "h5return: OnReturn failed; the result is still fetched for the person",
				"token", token, "error", err)
		}
	}
	res, err := h.Client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: h.RuleID})
	if err != nil {
		h.fail(w, r, http.StatusBadGateway, "could not fetch the verification result; reload this page to try again", err)
		return
	}
	v := res.Verdict()
	if !IsFinal(v) {
		if !v.Pending && v.Outcome.Category == faceid.CategoryInvocationError {
			h.fail(w, r, http.StatusBadGateway, "could not judge the verification result; reload this page later",
				errors.New(v.String()))
			return
		}
		if h.NotFinal != nil {
			h.NotFinal(w, r, st, v)
			return
		}
		h.fail(w, r, http.StatusConflict, "the verification is not finished yet", errors.New(v.String()))
		return
	}
	if err := h.States.MarkUsed(st); err != nil {
		h.refuse(w, r, err) // another request with this state got there first
		return
	}
	h.SetState(w, "", -1)
	h.Done(w, r, Return{State: st, Result: res, Verdict: v})
}

// refuse answers a return that is not this browser's flow.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, err error) {
	h.logger().WarnContext(r.Context(), "h5return: refused return", "reason", err.Error())
	if h.Refused != nil {
		h.Refused(w, r, err)
		return
	}
	http.Error(w, err.Error(), http.StatusForbidden)
}

// fail answers a return whose result could not be had.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, what string, err error) {
	h.logger().ErrorContext(r.Context(), "h5return: "+what, "path", r.URL.Path, "error", err.Error())
	if h.Failed != nil {
		h.Failed(w, r, status, what, err)
		return
	}
	http.Error(w, what, status)
}

// IsFinal reports whether v is the flow's last word: passed, or failed for
// a reason the person's attempt or FaceID decided. A flow the person has
// not finished (pending, or an outcome of the flow-not-finished category)
// is not final, nor is a result that could not be judged (an
// invocation-error verdict: the merchant's own request or configuration),
// so that the state guarding the return stays usable for the real result.
func IsFinal(v faceid.Verdict) bool {
	switch {
	case v.Pending:
		return false // even beside Passed, which a consistent verdict never has
	case v.Passed:
		return true
	}
	switch v.Outcome.Category {
	case faceid.CategoryFlowNotFinished, faceid.CategoryInvocationError:
		return false
	}
	return true
}
