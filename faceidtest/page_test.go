package faceidtest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// getPage fetches a hosted page.
func getPage(t *testing.T, hc *http.Client, pageURL string) rawReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, pageURL, nil)
	require.NoError(t, err)
	return send(t, hc, req)
}

// submit posts the hosted page's form.
func submit(t *testing.T, hc *http.Client, pageURL string, form url.Values) rawReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, pageURL, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return send(t, hc, req)
}

func TestHostedPageRenders(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	hostile := `<script>alert("x")</script>`
	auth, err := c.DetectAuth(t.Context(), &faceid.DetectAuthRequest{
		RuleID: "1", Name: "<b>测试", IDCard: testIDCard, Extra: hostile,
	})
	require.NoError(t, err)

	rep := getPage(t, httpClient(t), auth.URL)
	require.Equal(t, http.StatusOK, rep.Status)
	assert.Equal(t, "text/html; charset=utf-8", rep.Header.Get("Content-Type"))
	assert.Contains(t, rep.Header.Get("Content-Security-Policy"), "default-src 'none'")
	assert.Equal(t, testStart.Format(http.TimeFormat), rep.Header.Get("Date"))
	page := string(rep.Body)
	for _, want := range []string{
		`id="outcome"`, `id="submit"`, `<option value="auto" selected>`, `value="2006"`, `value="2016"`,
		`value="1002"`, `value="cancel"`, `value="0"`,
		`<dd id="rule-id">1</dd>`,
		`<dd id="id-card">1101**********1233</dd>`,
		`<dd id="name">&lt;****</dd>`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`,
		`action="/h5/` + auth.BizToken + `"`,
		`name="token" value="` + auth.BizToken + `"`,
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "<script>")
	assert.NotContains(t, page, "<b>")
	assert.NotContains(t, page, testIDCard, "the ID number is masked")
	assert.NotContains(t, page, "intention-fail", "no intention step in rule 1")
	assert.NotContains(t, page, "http://", "no external assets")
}

func TestHostedPageIntentionOption(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "qa", Intention: faceid.IntentionModeQuestion}))
	token := startFlow(t, s.Client(noRetry), &faceid.DetectAuthRequest{RuleID: "qa"})
	hc := httpClient(t)
	rep := getPage(t, hc, s.URL()+"/h5/"+token)
	assert.Contains(t, string(rep.Body), `<option value="intention-fail">`)
	assert.Contains(t, string(rep.Body), `(-301)`)

	rep = submit(t, hc, s.URL()+"/h5/"+token, url.Values{"token": {token}, "outcome": {"intention-fail"}})
	assert.Equal(t, http.StatusOK, rep.Status, "no RedirectUrl: done page")
	assert.Contains(t, string(rep.Body), `<span id="result">ErrCode 0, intention -301</span>`)
	info := result(t, s.Client(noRetry), &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "qa"})
	assert.Equal(t, faceid.CategoryIdentityMismatch, info.Verdict().Outcome.Category)
}

func TestHostedPageRedirectsWithToken(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	hc := httpClient(t)
	auth, err := c.DetectAuth(t.Context(), &faceid.DetectAuthRequest{
		RuleID: "1", RedirectURL: "https://shop.example/return?order=10086&lang=zh#top",
	})
	require.NoError(t, err)

	rep := submit(t, hc, auth.URL, url.Values{"token": {auth.BizToken}, "outcome": {"2006"}})
	require.Equal(t, http.StatusFound, rep.Status)
	assert.Equal(t, "https://shop.example/return?order=10086&lang=zh&token="+auth.BizToken+"&BizToken="+auth.BizToken+"#top",
		rep.Header.Get("Location"))
	assert.Equal(t, testStart.Format(http.TimeFormat), rep.Header.Get("Date"))

	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1"})
	assert.Equal(t, 2006, *info.Text.ErrCode)

	// Without a query string, one is started.
	auth, err = c.DetectAuth(t.Context(), &faceid.DetectAuthRequest{RuleID: "1", RedirectURL: "http://127.0.0.1:9/back"})
	require.NoError(t, err)
	rep = submit(t, hc, auth.URL, url.Values{"token": {auth.BizToken}, "outcome": {"0"}})
	require.Equal(t, http.StatusFound, rep.Status)
	assert.Equal(t, "http://127.0.0.1:9/back?token="+auth.BizToken+"&BizToken="+auth.BizToken, rep.Header.Get("Location"))
}

func TestHostedPageChoices(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	hc := httpClient(t)
	for _, tc := range []struct {
		name, choice string
		wantCode     *int // nil: still pending
	}{
		{"测试不符", "auto", ptr(2006)},
		{testName, "auto", ptr(0)},
		{testName, "2016", ptr(2016)},
		{testName, "1002", ptr(1002)},
		{testName, "1209", ptr(1209)},
		{testName, "cancel", nil},
	} {
		token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1", Name: tc.name})
		rep := submit(t, hc, s.URL()+"/h5/"+token, url.Values{"token": {token}, "outcome": {tc.choice}})
		require.Equal(t, http.StatusOK, rep.Status, tc.choice)
		info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: "1"})
		assert.Equal(t, tc.wantCode, info.Text.ErrCode, tc.choice)
	}
}

func TestHostedPageRefusals(t *testing.T) {
	s := newServer(t)
	hc := httpClient(t)
	token := startFlow(t, s.Client(noRetry), &faceid.DetectAuthRequest{RuleID: "1"})
	other := startFlow(t, s.Client(noRetry), &faceid.DetectAuthRequest{RuleID: "1"})
	page := s.URL() + "/h5/" + token

	rep := submit(t, hc, page, url.Values{"token": {other}, "outcome": {"0"}})
	assert.Equal(t, http.StatusBadRequest, rep.Status, "form bound to another token")
	rep = submit(t, hc, page, url.Values{"outcome": {"0"}})
	assert.Equal(t, http.StatusBadRequest, rep.Status, "form without token")
	rep = submit(t, hc, page, url.Values{"token": {token}, "outcome": {"<nope>"}})
	assert.Equal(t, http.StatusBadRequest, rep.Status)
	assert.Contains(t, string(rep.Body), "&lt;nope&gt;")
	rep = submit(t, hc, page, url.Values{"token": {token}, "outcome": {"intention-fail"}})
	assert.Equal(t, http.StatusBadRequest, rep.Status, "no intention step")

	rep = getPage(t, hc, s.URL()+"/h5/00000000-0000-4000-8000-000000000000")
	assert.Equal(t, http.StatusNotFound, rep.Status)

	ti, _ := s.Token(token)
	assert.False(t, ti.Finished(), "nothing recorded by refused forms")

	s.Clock().Advance(faceid.BizTokenLifetime)
	rep = getPage(t, hc, page)
	assert.Equal(t, http.StatusGone, rep.Status)
	assert.Contains(t, string(rep.Body), "expired")
}
