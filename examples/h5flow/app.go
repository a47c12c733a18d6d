package main

import (
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/h5return"
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
	states     *h5return.States
	ret        *h5return.Handler // the return from FaceID
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
	states, err := h5return.NewStates(now)
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
	a := &app{client: client, ruleID: ruleID, baseURL: strings.TrimSuffix(baseURL, "/"), secure: secure,
		states: states, csrf: csrf, pages: pages, logger: logger}
	a.ret = &h5return.Handler{Client: client, RuleID: ruleID, States: states, Secure: secure, Logger: logger,
		Done: a.done, NotFinal: a.notFinal, Refused: a.refuse, Failed: a.fail}
	a.flowCookie = a.ret.CookieName()
	return a, nil
}

// routes returns the app's handler.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.startPage)
	mux.HandleFunc("POST /start", a.start)
	mux.Handle("GET /return", a.ret)
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
	current, inProgress := a.ret.Current(r)
	a.renderStart(w, r, http.StatusOK, "", current, inProgress)
}

// renderStart shows the start form, with the flow in progress when there
// is one: a form shown for a flow in progress carries the token that
// confirms abandoning that flow, and only that one.
func (a *app) renderStart(w http.ResponseWriter, r *http.Request, status int, problem string, current h5return.State, inProgress bool) {
	token, err := a.csrf.formToken(w, r)
	if err != nil {
		a.failStart(w, r, http.StatusInternalServerError, "could not show the start page", err)
		return
	}
	form := startForm{Error: problem, CSRF: token}
	if inProgress {
		form.Flow = &flowView{PageURL: current.PageURL, Token: current.BizToken, Replace: a.states.ReplaceToken(current)}
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
	current, inProgress := a.ret.Current(r)
	if inProgress && !a.states.ConfirmsReplace(current, r.PostFormValue("replace")) {
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
		a.failStart(w, r, http.StatusBadGateway, "could not start the verification", err)
		return
	}
	value, err := a.states.Issue(auth.BizToken, auth.URL, faceid.BizTokenLifetime)
	if err != nil {
		a.failStart(w, r, http.StatusInternalServerError, "could not start the verification", err)
		return
	}
	if inProgress {
		// The abandoned flow's state can no longer finish a return, even
		// from a copy of the old cookie. An error means a racing request
		// used it first; either way it is used.
		_ = a.states.MarkUsed(current)
	}
	a.ret.SetState(w, value, int(faceid.BizTokenLifetime/time.Second))
	http.Redirect(w, r, auth.URL, http.StatusSeeOther)
}

// done answers a return whose final result was fetched: the state is used
// up and the cookie deleted by the handler.
func (a *app) done(w http.ResponseWriter, _ *http.Request, ret h5return.Return) {
	sim, hasSim := ret.Result.Text.Similarity()
	masked := ret.Result.Masked()
	a.render(w, http.StatusOK, "result", map[string]any{
		"Passed":     ret.Verdict.Passed,
		"Verdict":    ret.Verdict.String(),
		"Category":   ret.Verdict.Outcome.Category.String(),
		"Similarity": sim,
		"HasSim":     hasSim,
		"Name":       masked.Text.Name,
		"IDCard":     masked.Text.IDCard,
		"Media":      len(ret.Result.Media()),
	})
}

// notFinal answers a return whose flow is not finished, leaving the state
// usable.
func (a *app) notFinal(w http.ResponseWriter, _ *http.Request, st h5return.State, _ faceid.Verdict) {
	a.render(w, http.StatusOK, "pending", flowView{PageURL: st.PageURL, Token: st.BizToken})
}

// refuse answers a return that does not belong to this browser's flow.
func (a *app) refuse(w http.ResponseWriter, _ *http.Request, err error) {
	a.render(w, http.StatusForbidden, "refused", map[string]string{"Reason": err.Error()})
}

// fail answers with what is safe to show; the handler logged err.
func (a *app) fail(w http.ResponseWriter, _ *http.Request, status int, what string, _ error) {
	a.render(w, status, "refused", map[string]string{"Reason": what})
}

// failStart logs a failure of the start handler and answers it.
func (a *app) failStart(w http.ResponseWriter, r *http.Request, status int, what string, err error) {
	a.logger.Error(what, "path", r.URL.Path, "error", err.Error())
	a.fail(w, r, status, what, err)
}

func (a *app) render(w http.ResponseWriter, status int, page string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := a.pages.ExecuteTemplate(w, page, data); err != nil {
		a.logger.Error("render", "page", page, "error", err.Error())
	}
}
