package main

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
)

const stateCookie = "faceid_flow"

// app is the merchant's web app: a start page, a handler that starts the
// flow and sends the browser to FaceID, and a return handler that checks
// the flow belongs to this browser and pulls the result server-side.
type app struct {
	client  *faceid.Client
	ruleID  string
	baseURL string // where the browser reaches this app, e.g. http://127.0.0.1:8080
	states  *stateSigner
	pages   *template.Template
	logger  *slog.Logger
}

func newApp(client *faceid.Client, ruleID, baseURL string, now func() time.Time, logger *slog.Logger) (*app, error) {
	states, err := newStateSigner(now)
	if err != nil {
		return nil, err
	}
	pages, err := template.New("pages").Parse(pageTemplates)
	if err != nil {
		return nil, err
	}
	return &app{client: client, ruleID: ruleID, baseURL: strings.TrimSuffix(baseURL, "/"),
		states: states, pages: pages, logger: logger}, nil
}

// routes returns the app's handler.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.startPage)
	mux.HandleFunc("POST /start", a.start)
	mux.HandleFunc("GET /return", a.finish)
	return mux
}

func (a *app) startPage(w http.ResponseWriter, r *http.Request) {
	a.render(w, http.StatusOK, "start", nil)
}

// start calls DetectAuth and sends the browser to the verification page.
func (a *app) start(w http.ResponseWriter, r *http.Request) {
	req := &faceid.DetectAuthRequest{
		RuleID:      a.ruleID,
		Name:        strings.TrimSpace(r.FormValue("name")),
		IDCard:      strings.TrimSpace(r.FormValue("idcard")),
		RedirectURL: a.baseURL + "/return",
		Extra:       "h5flow-demo",
	}
	auth, err := a.client.DetectAuth(r.Context(), req)
	var invalid *faceid.ValidationError
	switch {
	case errors.As(err, &invalid):
		a.render(w, http.StatusBadRequest, "start", map[string]string{"Error": invalid.Field + ": " + invalid.Problem})
		return
	case err != nil:
		a.fail(w, r, http.StatusBadGateway, "could not start the verification", err)
		return
	}
	value, err := a.states.issue(auth.BizToken, faceid.BizTokenLifetime)
	if err != nil {
		a.fail(w, r, http.StatusInternalServerError, "could not start the verification", err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: stateCookie, Value: value, Path: "/return",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(a.baseURL, "https://"),
		MaxAge: int(faceid.BizTokenLifetime / time.Second),
	})
	http.Redirect(w, r, auth.URL, http.StatusSeeOther)
}

// finish handles the browser coming back with the BizToken. The redirect
// only carries the token: the outcome is pulled from FaceID, and only by
// the browser that started this flow, once. The state is used up only when
// the result has been fetched, so that a person whose fetch failed can
// reload the page while the state lasts.
func (a *app) finish(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if token == "" {
		token = r.URL.Query().Get("BizToken")
	}
	cookie, _ := r.Cookie(stateCookie)
	value := ""
	if cookie != nil {
		value = cookie.Value
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
	if err := a.states.markUsed(st); err != nil {
		a.refuse(w, err) // another request with this state got there first
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: "/return", MaxAge: -1})
	v := res.Verdict()
	sim, hasSim := res.Text.Similarity()
	masked := res.Masked()
	a.render(w, http.StatusOK, "result", map[string]any{
		"Passed":     v.Passed,
		"Pending":    v.Pending,
		"Verdict":    v.String(),
		"Category":   v.Outcome.Category.String(),
		"Meaning":    v.Outcome.Meaning,
		"Similarity": sim,
		"HasSim":     hasSim,
		"Name":       masked.Text.Name,
		"IDCard":     masked.Text.IDCard,
		"Media":      len(res.Media()),
	})
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

const pageTemplates = `
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop — identity check</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}label{display:block;margin:.6rem 0}
.passed{color:#176f2c}.failed{color:#a11}</style></head><body>{{end}}
{{define "start"}}{{template "head"}}<h1>Verify your identity</h1>
<p>We will send you to the FaceID page to check your ID card and face.</p>
{{with .}}{{with .Error}}<p class="failed" id="error">{{.}}</p>{{end}}{{end}}
<form method="post" action="/start">
<label>Name <input id="name" name="name" autocomplete="off"></label>
<label>ID number <input id="idcard" name="idcard" autocomplete="off"></label>
<button id="start" type="submit">Start verification</button>
</form></body></html>{{end}}
{{define "result"}}{{template "head"}}<h1>Verification result</h1>
<p id="verdict" class="{{if .Passed}}passed{{else}}failed{{end}}">{{if .Passed}}passed{{else if .Pending}}pending{{else}}failed{{end}}</p>
<p id="detail">{{.Verdict}}</p>
<dl><dt>Category</dt><dd id="category">{{.Category}}</dd><dt>Similarity</dt><dd id="similarity">{{if .HasSim}}{{printf "%.2f" .Similarity}}{{else}}not measured{{end}}</dd>
<dt>Name</dt><dd>{{.Name}}</dd><dt>ID number</dt><dd>{{.IDCard}}</dd><dt>Media received</dt><dd>{{.Media}} files</dd></dl>
<p><a href="/">Start again</a></p></body></html>{{end}}
{{define "refused"}}{{template "head"}}<h1>Request refused</h1><p id="refused">{{.Reason}}</p>
<p><a href="/">Start again</a></p></body></html>{{end}}
`
