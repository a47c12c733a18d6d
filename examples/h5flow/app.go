package main

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
)

// maxFormBytes bounds the start form's body: a name, an ID number and two
// tokens.
const maxFormBytes = 16 << 10

// app is the merchant's web app: a start page, a handler that starts the
// flow and sends the browser to FaceID, and a return handler that checks
// the flow belongs to this browser and pulls the result server-side.
type app struct {
	client     *faceid.Client
	ruleID     string
	baseURL    string // where the browser reaches this app, e.g. http://127.0.0.1:8080
	secure     bool   // baseURL is https
	flowCookie string // name of the cookie that holds the flow state
	states     *stateSigner
	csrf       *csrfGuard
	pages      *template.Template
	logger     *slog.Logger
}

func newApp(client *faceid.Client, ruleID, baseURL string, now func() time.Time, logger *slog.Logger) (*app, error) {
	base, err := url.Parse(baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("base URL %q: want http://host[:port] or https://host[:port]", baseURL)
	}
	secure := base.Scheme == "https"
	states, err := newStateSigner(now)
	if err != nil {
		return nil, err
	}
	csrf, err := newCSRFGuard(base.Scheme+"://"+base.Host, secure)
	if err != nil {
		return nil, err
	}
	pages, err := template.New("pages").Parse(pageTemplates)
	if err != nil {
		return nil, err
	}
	return &app{client: client, ruleID: ruleID, baseURL: strings.TrimSuffix(baseURL, "/"), secure: secure,
		flowCookie: cookieName("faceid_flow", secure), states: states, csrf: csrf, pages: pages, logger: logger}, nil
}

// routes returns the app's handler.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.startPage)
	mux.HandleFunc("POST /start", a.start)
	mux.HandleFunc("GET /return", a.finish)
	return mux
}

// startForm is the data of the start page.
type startForm struct {
	Error string
	CSRF  string    // the form's anti-CSRF token
	Flow  *flowView // the flow in progress in this browser, if any
}

// flowView is what the start and pending pages show of a flow in progress.
type flowView struct {
	PageURL string // the verification page, to continue
	Token   string // the BizToken, to check the result
	Replace string // the form value that confirms abandoning it (start page only)
}

func (a *app) startPage(w http.ResponseWriter, r *http.Request) {
	current, inProgress := a.flowInProgress(r)
	a.renderStart(w, r, http.StatusOK, "", current, inProgress)
}

// flowInProgress returns the flow this browser started and has not seen
// the final result of, if any. A state that is expired, used or forged is
// no flow.
func (a *app) flowInProgress(r *http.Request) (flowState, bool) {
	c, err := r.Cookie(a.flowCookie)
	if err != nil {
		return flowState{}, false
	}
	st, err := a.states.open(c.Value)
	return st, err == nil
}

// renderStart shows the start form, with the flow in progress when there
// is one: a form shown for a flow in progress carries the token that
// confirms abandoning that flow, and only that one.
func (a *app) renderStart(w http.ResponseWriter, r *http.Request, status int, problem string, current flowState, inProgress bool) {
	token, err := a.csrf.formToken(w, r)
	if err != nil {
		a.fail(w, r, http.StatusInternalServerError, "could not show the start page", err)
		return
	}
	form := startForm{Error: problem, CSRF: token}
	if inProgress {
		form.Flow = &flowView{PageURL: current.URL, Token: current.BizToken, Replace: a.states.replaceToken(current)}
	}
	a.render(w, status, "start", form)
}

// start calls DetectAuth and sends the browser to the verification page.
//
// It refuses, changing nothing, a request another site may have forged
// (403), and a request that would silently abandon a flow in progress in
// this browser (409): replacing one takes the form shown for that flow,
// whose token confirms it.
func (a *app) start(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := a.csrf.check(r); err != nil {
		a.logger.Warn("refused start", "reason", err.Error())
		a.render(w, http.StatusForbidden, "refused", map[string]string{
			"Reason": "This request did not come from this shop's start page, so nothing was started. " +
				"Open the start page and try again."})
		return
	}
	current, inProgress := a.flowInProgress(r)
	if inProgress && !a.states.confirmsReplace(current, r.PostFormValue("replace")) {
		a.renderStart(w, r, http.StatusConflict,
			"A verification is already in progress in this browser; nothing new was started.", current, true)
		return
	}

	req := &faceid.DetectAuthRequest{
		RuleID:      a.ruleID,
		Name:        strings.TrimSpace(r.PostFormValue("name")),
		IDCard:      strings.TrimSpace(r.PostFormValue("idcard")),
		RedirectURL: a.baseURL + "/return",
		Extra:       "h5flow-demo",
	}
	auth, err := a.client.DetectAuth(r.Context(), req)
	var invalid *faceid.ValidationError
	switch {
	case errors.As(err, &invalid):
		a.renderStart(w, r, http.StatusBadRequest, invalid.Field+": "+invalid.Problem, current, inProgress)
		return
	case err != nil:
		a.fail(w, r, http.StatusBadGateway, "could not start the verification", err)
		return
	}
	value, err := a.states.issue(auth.BizToken, auth.URL, faceid.BizTokenLifetime)
	if err != nil {
		a.fail(w, r, http.StatusInternalServerError, "could not start the verification", err)
		return
	}
	if inProgress {
		// The abandoned flow's state can no longer finish a return, even
		// from a copy of the old cookie. An error means a racing request
		// used it first; either way it is used.
		_ = a.states.markUsed(current)
	}
	a.setFlowCookie(w, value, int(faceid.BizTokenLifetime/time.Second))
	http.Redirect(w, r, auth.URL, http.StatusSeeOther)
}

// setFlowCookie sets the flow state cookie, or deletes it when maxAge is
// negative. It is sent to the whole app, so that the start page knows of a
// flow in progress; SameSite=Lax still sends it on the top-level redirect
// back from FaceID.
func (a *app) setFlowCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: a.flowCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.secure,
	})
}

// finish handles the browser coming back with the BizToken. The redirect
// only carries the token: the outcome is pulled from FaceID, and only by
// the browser that started this flow, once. The state is used up only when
// a final result has been fetched (see isFinal): a person whose fetch
// failed, or who came back before finishing, reloads the page or goes back
// to the verification page while the state lasts.
func (a *app) finish(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if token == "" {
		token = r.URL.Query().Get("BizToken")
	}
	value := ""
	if c, err := r.Cookie(a.flowCookie); err == nil {
		value = c.Value
	}
	st, err := a.states.verify(value, token)
	if err != nil {
		a.refuse(w, err)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	res, err := a.client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: a.ruleID})
	if err != nil {
		a.fail(w, r, http.StatusBadGateway, "could not fetch the verification result; reload this page to try again", err)
		return
	}
	v := res.Verdict()
	if !isFinal(v) {
		a.notFinal(w, r, st, v)
		return
	}
	if err := a.states.markUsed(st); err != nil {
		a.refuse(w, err) // another request with this state got there first
		return
	}
	a.setFlowCookie(w, "", -1)
	sim, hasSim := res.Text.Similarity()
	masked := res.Masked()
	a.render(w, http.StatusOK, "result", map[string]any{
		"Passed":     v.Passed,
		"Verdict":    v.String(),
		"Category":   v.Outcome.Category.String(),
		"Similarity": sim,
		"HasSim":     hasSim,
		"Name":       masked.Text.Name,
		"IDCard":     masked.Text.IDCard,
		"Media":      len(res.Media()),
	})
}

// isFinal reports whether v is the flow's last word: passed, or failed for
// a reason the person's attempt or FaceID decided. A flow the person has
// not finished (pending, or an outcome of the flow-not-finished category)
// is not final, nor is a result the app could not judge (an
// invocation-error verdict: the app's own request or configuration), so
// the state that guards the return stays usable for the real result.
func isFinal(v faceid.Verdict) bool {
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

// notFinal answers a return whose result is not final, leaving the state
// usable.
func (a *app) notFinal(w http.ResponseWriter, r *http.Request, st flowState, v faceid.Verdict) {
	if !v.Pending && v.Outcome.Category == faceid.CategoryInvocationError {
		a.fail(w, r, http.StatusBadGateway, "could not judge the verification result; reload this page later",
			errors.New(v.String()))
		return
	}
	a.render(w, http.StatusOK, "pending", flowView{PageURL: st.URL, Token: st.BizToken})
}

// refuse answers a return that does not belong to this browser's flow.
func (a *app) refuse(w http.ResponseWriter, err error) {
	a.logger.Warn("refused return", "reason", err.Error())
	a.render(w, http.StatusForbidden, "refused", map[string]string{"Reason": err.Error()})
}

func (a *app) fail(w http.ResponseWriter, r *http.Request, status int, what string, err error) {
	a.logger.Error(what, "path", r.URL.Path, "error", err.Error())
	a.render(w, status, "refused", map[string]string{"Reason": what})
}

func (a *app) render(w http.ResponseWriter, status int, page string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := a.pages.ExecuteTemplate(w, page, data); err != nil {
		a.logger.Error("render", "page", page, "error", err.Error())
	}
}
