package faceidtest

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/internal/idcard"
)

// pageFiles holds the hosted page's templates.
//
//go:embed pages/page.html
var pageFiles embed.FS

// maxFormBytes bounds a hosted-page form submission.
const maxFormBytes = 64 << 10

// parsePages parses the page templates; they are part of the package, so
// a failure is a bug.
func parsePages() *template.Template {
	return template.Must(template.ParseFS(pageFiles, "pages/page.html"))
}

// pageOption is one choice of the outcome select.
type pageOption struct {
	Value, Label string
	Selected     bool
}

// pageData feeds the templates.
type pageData struct {
	Title     string
	BizToken  string
	RuleID    string
	Name      string
	IDCard    string
	Extra     string
	Intention string
	Attempts  int
	Options   []pageOption
	Message   string
	Outcome   string
}

// servePage shows the verification page of a BizToken, EidToken or
// FaceIdToken (GET /h5/{token}).
func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("token")
	s.mu.Lock()
	t, ok := s.tokens[id]
	ok = ok && t.kind.completable()
	var snap token
	if ok {
		if s.clock.Now().Before(t.verifyUntil()) {
			t.opened = true
		}
		snap = t.snapshot()
	}
	s.mu.Unlock()
	switch {
	case !ok:
		s.renderMessage(w, http.StatusNotFound, "链接无效", "这个核验链接不存在。This verification link does not exist.", "")
		return
	case !s.clock.Now().Before(snap.verifyUntil()):
		s.renderExpired(w)
		return
	}
	data := pageData{
		Title:    "人脸核身",
		BizToken: snap.id,
		RuleID:   snap.rule.ID,
		Name:     idcard.MaskName(snap.name),
		IDCard:   idcard.Mask(snap.idCard),
		Extra:    snap.extra,
		Attempts: len(snap.attempts),
		Options:  pageOptions(snap.intention),
	}
	if snap.intention != 0 {
		data.Intention = snap.intention.String()
	}
	s.render(w, http.StatusOK, "verify", data)
}

// submitPage records the outcome chosen on the page (POST /h5/{token}) and
// sends the person back to the RedirectUrl with the token in its query.
func (s *Server) submitPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("token")
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.renderMessage(w, http.StatusBadRequest, "表单错误", "表单无法解析。The form could not be read.", "")
		return
	}
	if r.PostForm.Get("token") != id {
		s.renderMessage(w, http.StatusBadRequest, "表单错误", "表单与链接不符。The form does not belong to this link.", "")
		return
	}
	form := r.PostForm
	o, redirect, err := s.finish(id, func(t *token) (Outcome, error) {
		return pageOutcome(form.Get("outcome"), form.Get("intention"), t.name, t.idCard, t.intention)
	})
	switch {
	case errors.Is(err, ErrUnknownBizToken):
		s.renderMessage(w, http.StatusNotFound, "链接无效", "这个核验链接不存在。This verification link does not exist.", "")
		return
	case errors.Is(err, ErrVerificationExpired):
		s.renderExpired(w)
		return
	case err != nil:
		s.renderMessage(w, http.StatusBadRequest, "表单错误", err.Error(), "")
		return
	}
	s.log(r.Context(), "faceidtest page", slog.String("outcome", o.String()))
	if redirect != "" {
		if u, err := withToken(redirect, id); err == nil {
			http.Redirect(w, r, u, http.StatusFound)
			return
		}
	}
	s.renderMessage(w, http.StatusOK, "核验结束", "核验流程已结束，可以关闭此页面。The verification flow is over; you may close this page.", o.String())
}

// pageOutcome turns a form choice into an outcome: "auto" (the magic
// inputs), "cancel", "intention-fail" or a numeric ErrCode with an optional
// numeric intention code.
func pageOutcome(choice, intention, name, idCard string, mode faceid.IntentionMode) (Outcome, error) {
	switch choice {
	case "", "auto":
		return AutoOutcome(name, idCard, mode), nil
	case "cancel":
		return Outcome{Abandoned: true}, nil
	case "intention-fail":
		if mode == 0 {
			return Outcome{}, fmt.Errorf("%w: the flow has no intention verification", ErrInvalidOutcome)
		}
		return FailIntention(intentionFailCode(mode)), nil
	}
	code, err := strconv.Atoi(choice)
	if err != nil {
		return Outcome{}, fmt.Errorf("%w: unknown choice %q", ErrInvalidOutcome, choice)
	}
	o := Fail(code)
	if intention != "" {
		ic, err := strconv.Atoi(intention)
		if err != nil {
			return Outcome{}, fmt.Errorf("%w: intention code %q is not a number", ErrInvalidOutcome, intention)
		}
		o.IntentionCode = &ic
	}
	return o, nil
}

// pageOptions lists the choices of the outcome select.
func pageOptions(mode faceid.IntentionMode) []pageOption {
	opts := []pageOption{
		{Value: "auto", Label: "自动（按魔法输入）Auto, by magic inputs", Selected: true},
		{Value: "0", Label: "通过 Pass (0)"},
		{Value: "2006", Label: "姓名与身份证号不一致 Name/ID mismatch (2006)"},
		{Value: "2016", Label: "相似度未达标 Low similarity (2016)"},
		{Value: "1002", Label: "疑似非真人 Spoof suspected (1002)"},
		{Value: "cancel", Label: "用户取消，流程未完成 Cancelled, not finished"},
	}
	if mode != 0 {
		opts = append(opts, pageOption{Value: "intention-fail",
			Label: fmt.Sprintf("意愿核身未通过 Intention failed (%d)", intentionFailCode(mode))})
	}
	return opts
}

// withToken adds token=<BizToken>&BizToken=<BizToken> to a URL's query,
// keeping the existing query as it is.
func withToken(raw, bizToken string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	q := "token=" + url.QueryEscape(bizToken) + "&BizToken=" + url.QueryEscape(bizToken)
	if u.RawQuery != "" {
		q = u.RawQuery + "&" + q
	}
	u.RawQuery, u.ForceQuery = q, false
	return u.String(), nil
}

func (s *Server) renderExpired(w http.ResponseWriter) {
	s.renderMessage(w, http.StatusGone, "链接已过期",
		"核验链接已超过 7200 秒有效期，请重新发起核验。This verification link has expired (7,200 s); start a new verification.", "")
}

func (s *Server) renderMessage(w http.ResponseWriter, status int, title, message, outcome string) {
	s.render(w, status, "message", pageData{Title: title, Message: message, Outcome: outcome})
}

// render executes a template into a buffer first, so that a template error
// cannot leave half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data pageData) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "faceidtest: page template: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
