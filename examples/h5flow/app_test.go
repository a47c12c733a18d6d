package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/h5return"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// harness runs the merchant app against a sandbox.
type harness struct {
	sandbox *faceidtest.Server
	app     *httptest.Server
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	sandbox := faceidtest.NewServer()
	t.Cleanup(sandbox.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	baseURL := "http://" + ln.Addr().String()
	a, err := newApp(sandbox.Client(), faceidtest.DefaultRuleID, baseURL, time.Now, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.routes()}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &harness{sandbox: sandbox, app: srv}
}

// browser is an HTTP client with its own cookie jar, like one browser.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// stateCookie is the name of the flow state cookie of an app served over
// plain HTTP, as the harness's is.
const stateCookie = "faceid_flow"

// hiddenField matches the start form's hidden inputs.
var hiddenField = regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`)

// startForm opens the start page in b and returns the form's hidden fields
// (the anti-CSRF token, and the replace confirmation when a flow is in
// progress) with the page.
func (h *harness) startForm(t *testing.T, b *http.Client) (url.Values, string) {
	t.Helper()
	resp, err := b.Get(h.app.URL + "/")
	require.NoError(t, err)
	body := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	form := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	require.NotEmpty(t, form.Get("csrf"), "the start form carries an anti-CSRF token")
	return form, body
}

// postStart posts form to /start from b with the given extra headers.
func (h *harness) postStart(t *testing.T, b *http.Client, form url.Values, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.app.URL+"/start", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := b.Do(req)
	require.NoError(t, err)
	return resp, readBody(t, resp)
}

// startFlow fills in the start form as a browser does and returns the
// sandbox page it lands on.
func (h *harness) startFlow(t *testing.T, b *http.Client, name, idCard string) (pageURL string) {
	t.Helper()
	form, _ := h.startForm(t, b)
	form.Set("name", name)
	form.Set("idcard", idCard)
	resp, body := h.postStart(t, b, form, http.Header{"Sec-Fetch-Site": {"same-origin"}, "Origin": {h.app.URL}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Contains(t, body, `id="outcome"`, "landed on the sandbox's verification page")
	return resp.Request.URL.String()
}

// flowCookie returns the value of b's flow state cookie, or "".
func (h *harness) flowCookie(t *testing.T, b *http.Client) string {
	t.Helper()
	u, err := url.Parse(h.app.URL + "/return")
	require.NoError(t, err)
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == stateCookie {
			return c.Value
		}
	}
	return ""
}

// tokenOf returns the BizToken at the end of a sandbox page URL.
func tokenOf(pageURL string) string { return pageURL[strings.LastIndex(pageURL, "/")+1:] }

// getReturn loads the return page for token in b.
func (h *harness) getReturn(t *testing.T, b *http.Client, token string) (*http.Response, string) {
	t.Helper()
	resp, err := b.Get(h.app.URL + "/return?token=" + url.QueryEscape(token))
	require.NoError(t, err)
	return resp, readBody(t, resp)
}

// choose submits an outcome on the sandbox page; the browser follows the
// redirect back to the app and the app's page is returned.
func choose(t *testing.T, b *http.Client, pageURL, outcome string) (*http.Response, string) {
	t.Helper()
	resp, err := b.PostForm(pageURL, url.Values{"token": {tokenOf(pageURL)}, "outcome": {outcome}})
	require.NoError(t, err)
	return resp, readBody(t, resp)
}

func TestFlowPassed(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	page := h.startFlow(t, b, "测试一", "110101199003071233")
	resp, body := choose(t, b, page, "0")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, strings.HasPrefix(resp.Request.URL.String(), h.app.URL+"/return?"), resp.Request.URL.String())
	assert.Contains(t, body, `<p id="verdict" class="passed">passed</p>`)
	assert.Contains(t, body, "95.27")
	assert.Contains(t, body, "测**", "names are shown masked")
	assert.NotContains(t, body, "110101199003071233")
}

func TestFlowMismatch(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	page := h.startFlow(t, b, "测试不符", "110101199003071233")
	_, body := choose(t, b, page, "auto")
	assert.Contains(t, body, `<p id="verdict" class="failed">failed</p>`)
	assert.Contains(t, body, "identity-mismatch")
	assert.Contains(t, body, "2006")
}

func TestReplayedReturnIsRefused(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	page := h.startFlow(t, b, "测试一", "110101199003071233")
	resp, _ := choose(t, b, page, "0")
	returnURL := resp.Request.URL.String()

	// The same browser coming back a second time with the same URL.
	again, err := b.Get(returnURL)
	require.NoError(t, err)
	body := readBody(t, again)
	assert.Equal(t, http.StatusForbidden, again.StatusCode)
	assert.Contains(t, body, `id="refused"`)
}

func TestCookieReplayIsRefused(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	page := h.startFlow(t, b, "测试一", "110101199003071233")
	appURL, err := url.Parse(h.app.URL + "/return")
	require.NoError(t, err)
	saved := h.flowCookie(t, b)
	require.NotEmpty(t, saved, "the app set its state cookie")
	resp, _ := choose(t, b, page, "0")
	returnURL := resp.Request.URL.String()
	assert.Empty(t, h.flowCookie(t, b), "the final result deletes the state cookie")

	// An attacker replays the captured cookie and URL from another client.
	thief := browser(t)
	thief.Jar.SetCookies(appURL, []*http.Cookie{{Name: stateCookie, Value: saved, Path: "/"}})
	stolen, err := thief.Get(returnURL)
	require.NoError(t, err)
	readBody(t, stolen)
	assert.Equal(t, http.StatusForbidden, stolen.StatusCode, "a state is accepted once")
}

func TestForeignTokenIsRefused(t *testing.T) {
	h := newHarness(t)
	alice, mallory := browser(t), browser(t)
	alicePage := h.startFlow(t, alice, "测试一", "110101199003071233")
	aliceToken := tokenOf(alicePage)
	require.NoError(t, h.sandbox.Complete(aliceToken, faceidtest.Pass()))
	h.startFlow(t, mallory, "测试二", "440305198504120265") // mallory has a state of her own

	resp, err := mallory.Get(h.app.URL + "/return?token=" + url.QueryEscape(aliceToken))
	require.NoError(t, err)
	body := readBody(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, body, "another browser session")

	// With no state cookie at all.
	stranger := browser(t)
	resp, err = stranger.Get(h.app.URL + "/return?token=" + url.QueryEscape(aliceToken))
	require.NoError(t, err)
	body = readBody(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, body, "no verification was started")
}

func TestTamperedStateIsRefused(t *testing.T) {
	signer, err := h5return.NewStates(time.Now)
	require.NoError(t, err)
	value, err := signer.Issue("TOKEN-A", "http://sandbox.test/h5/TOKEN-A", time.Hour)
	require.NoError(t, err)
	encoded, sig, _ := strings.Cut(value, ".")
	forged := strings.Replace(encoded, encoded[:4], "QUJD", 1) + "." + sig
	_, err = signer.Verify(forged, "TOKEN-A")
	assert.ErrorIs(t, err, h5return.ErrBadState)
	_, err = signer.Verify("garbage", "TOKEN-A")
	assert.ErrorIs(t, err, h5return.ErrBadState)
	_, err = signer.Verify(value, "TOKEN-A")
	assert.NoError(t, err)
}

func TestExpiredStateIsRefused(t *testing.T) {
	now := time.Now()
	signer, err := h5return.NewStates(func() time.Time { return now })
	require.NoError(t, err)
	value, err := signer.Issue("TOKEN-A", "http://sandbox.test/h5/TOKEN-A", faceid.BizTokenLifetime)
	require.NoError(t, err)
	now = now.Add(faceid.BizTokenLifetime + time.Second)
	_, err = signer.Verify(value, "TOKEN-A")
	assert.ErrorIs(t, err, h5return.ErrExpiredState)
}

func TestStartValidationErrorStaysOnPage(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	form, _ := h.startForm(t, b)
	form.Set("name", "测试一")
	form.Set("idcard", "110101199003071234")
	resp, body := h.postStart(t, b, form, nil)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, body, "IdCard")
	assert.Empty(t, h.sandbox.Tokens(), "no flow was started")
}

// A fetch that fails (the gateway down for every retry) does not use up the
// state: the person reloads the page and gets the result; a third load is a
// replay.
func TestFailedFetchCanBeReloaded(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	page := h.startFlow(t, b, "测试一", "110101199003071233")
	h.sandbox.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultBadGateway, Count: 3})
	resp, body := choose(t, b, page, "0")
	require.Equal(t, http.StatusBadGateway, resp.StatusCode, body)
	assert.Contains(t, body, "reload this page")
	returnURL := resp.Request.URL.String()

	again, err := b.Get(returnURL)
	require.NoError(t, err)
	body = readBody(t, again)
	require.Equal(t, http.StatusOK, again.StatusCode, body)
	assert.Contains(t, body, `<p id="verdict" class="passed">passed</p>`)

	third, err := b.Get(returnURL)
	require.NoError(t, err)
	body = readBody(t, third)
	assert.Equal(t, http.StatusForbidden, third.StatusCode)
	assert.Contains(t, body, `id="refused"`)
}

// Of requests racing with one verified state, exactly one may use it.
func TestStateIsUsedOnce(t *testing.T) {
	signer, err := h5return.NewStates(time.Now)
	require.NoError(t, err)
	value, err := signer.Issue("TOKEN-A", "http://sandbox.test/h5/TOKEN-A", time.Minute)
	require.NoError(t, err)
	const racers = 16
	results := make(chan error, racers)
	for range racers {
		go func() {
			st, err := signer.Verify(value, "TOKEN-A")
			if err == nil {
				err = signer.MarkUsed(st)
			}
			results <- err
		}()
	}
	wins := 0
	for range racers {
		if err := <-results; err == nil {
			wins++
		} else {
			assert.ErrorIs(t, err, h5return.ErrReplayed)
		}
	}
	assert.Equal(t, 1, wins)
	_, err = signer.Verify(value, "TOKEN-A")
	assert.ErrorIs(t, err, h5return.ErrReplayed, "verify refuses a used state")
}

// A POST another site may have forged starts nothing: 403, no DetectAuth,
// no state cookie.
func TestForgedStartIsRefused(t *testing.T) {
	h := newHarness(t)
	valid := func(t *testing.T, b *http.Client) url.Values {
		form, _ := h.startForm(t, b)
		form.Set("name", "测试一")
		form.Set("idcard", "110101199003071233")
		return form
	}
	otherScheme := "https" + strings.TrimPrefix(h.app.URL, "http")
	cases := []struct {
		name   string
		form   func(t *testing.T, b *http.Client) url.Values
		header http.Header
	}{
		{"Sec-Fetch-Site cross-site", valid, http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}},
		{"Sec-Fetch-Site cross-site with own Origin", valid, http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {h.app.URL}}},
		{"Sec-Fetch-Site same-site", valid, http.Header{"Sec-Fetch-Site": {"same-site"}}},
		{"Sec-Fetch-Site unknown value", valid, http.Header{"Sec-Fetch-Site": {"same-ish"}}},
		{"foreign Origin", valid, http.Header{"Origin": {"https://evil.example"}}},
		{"Origin of another scheme", valid, http.Header{"Origin": {otherScheme}}},
		{"Origin null", valid, http.Header{"Origin": {"null"}}},
		{"no CSRF token", func(t *testing.T, b *http.Client) url.Values {
			form := valid(t, b)
			form.Del("csrf")
			return form
		}, http.Header{"Sec-Fetch-Site": {"same-origin"}}},
		{"wrong CSRF token", func(t *testing.T, b *http.Client) url.Values {
			form := valid(t, b)
			form.Set("csrf", "AAAA"+form.Get("csrf")[4:])
			return form
		}, nil},
		{"another browser's CSRF token", func(t *testing.T, b *http.Client) url.Values {
			valid(t, b) // b has a secret of its own
			return valid(t, browser(t))
		}, nil},
		{"token but no CSRF cookie", func(t *testing.T, b *http.Client) url.Values {
			return valid(t, browser(t))
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := browser(t)
			resp, body := h.postStart(t, b, tc.form(t, b), tc.header)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
			assert.Contains(t, body, `id="refused"`)
			assert.Contains(t, body, "nothing was started")
			for _, c := range resp.Cookies() {
				assert.NotEqual(t, stateCookie, c.Name, "a refused start sets no state")
			}
			assert.Empty(t, h.flowCookie(t, b))
			assert.Empty(t, h.sandbox.Tokens(), "no flow was started")
		})
	}
}

// What the browser says about a same-origin form, and a client that says
// nothing, are accepted with a valid token.
func TestSameOriginStartIsAccepted(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name   string
		header http.Header
	}{
		{"Sec-Fetch-Site same-origin", http.Header{"Sec-Fetch-Site": {"same-origin"}, "Origin": {h.app.URL}}},
		{"Sec-Fetch-Site none", http.Header{"Sec-Fetch-Site": {"none"}}},
		{"own Origin, no Sec-Fetch-Site", http.Header{"Origin": {h.app.URL}}},
		{"neither header", nil},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := browser(t)
			form, _ := h.startForm(t, b)
			form.Set("name", "测试一")
			form.Set("idcard", "110101199003071233")
			resp, body := h.postStart(t, b, form, tc.header)
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Contains(t, body, `id="outcome"`, "landed on the sandbox's verification page")
			assert.NotEmpty(t, h.flowCookie(t, b))
			assert.Len(t, h.sandbox.Tokens(), i+1)
		})
	}
}

// A second start in a browser with a flow in progress is refused (409)
// and changes nothing: the flow finishes as if it had not happened.
func TestStartKeepsFlowInProgress(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	stale, _ := h.startForm(t, b) // a second tab, opened before the flow started
	page := h.startFlow(t, b, "测试一", "110101199003071233")
	state := h.flowCookie(t, b)

	form := stale
	form.Set("name", "测试二")
	form.Set("idcard", "440305198504120265")
	resp, body := h.postStart(t, b, form, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	assert.Equal(t, http.StatusConflict, resp.StatusCode, body)
	assert.Contains(t, body, "already in progress")
	assert.Contains(t, body, `id="continue" href="`+page+`"`, "the page offers to continue the flow")
	assert.Contains(t, body, `name="replace"`, "and to replace it, explicitly")
	assert.Len(t, h.sandbox.Tokens(), 1, "no second flow was started")
	assert.Equal(t, state, h.flowCookie(t, b), "the state is unchanged")

	resp, body = choose(t, b, page, "0")
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `<p id="verdict" class="passed">passed</p>`)
}

// Replacing a flow in progress takes the form shown for that flow; its
// confirmation does not replace a later flow.
func TestStartReplacesOnlyWithConfirmation(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	first := h.startFlow(t, b, "测试一", "110101199003071233")
	firstState := h.flowCookie(t, b)
	form, page := h.startForm(t, b)
	assert.Contains(t, page, `id="in-progress"`, "the start page shows the flow in progress")
	require.NotEmpty(t, form.Get("replace"))
	confirmFirst := form.Get("replace")

	form.Set("name", "测试二")
	form.Set("idcard", "440305198504120265")
	resp, body := h.postStart(t, b, form, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	second := resp.Request.URL.String()
	require.NotEqual(t, first, second)
	require.Len(t, h.sandbox.Tokens(), 2)

	// The first flow's confirmation, replayed, does not abandon the second.
	state := h.flowCookie(t, b)
	form.Set("replace", confirmFirst)
	resp, body = h.postStart(t, b, form, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	assert.Equal(t, http.StatusConflict, resp.StatusCode, body)
	assert.Len(t, h.sandbox.Tokens(), 2)
	assert.Equal(t, state, h.flowCookie(t, b))

	// The abandoned flow cannot come back, even with its old state.
	require.NoError(t, h.sandbox.Complete(tokenOf(first), faceidtest.Pass()))
	resp, _ = h.getReturn(t, b, tokenOf(first))
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	oldTab := browser(t)
	u, err := url.Parse(h.app.URL)
	require.NoError(t, err)
	oldTab.Jar.SetCookies(u, []*http.Cookie{{Name: stateCookie, Value: firstState, Path: "/"}})
	resp, body = h.getReturn(t, oldTab, tokenOf(first))
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, body, h5return.ErrReplayed.Error())

	resp, body = choose(t, b, second, "0")
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `<p id="verdict" class="passed">passed</p>`)
}

// Coming back before finishing shows "not finished yet" and keeps the
// state, so that the real result is accepted later, once.
func TestReturnBeforeFinishKeepsState(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	page := h.startFlow(t, b, "测试一", "110101199003071233")
	token := tokenOf(page)
	state := h.flowCookie(t, b)

	for range 2 {
		resp, body := h.getReturn(t, b, token)
		assert.Equal(t, http.StatusOK, resp.StatusCode, body)
		assert.Contains(t, body, `id="pending"`)
		assert.Contains(t, body, `id="continue" href="`+page+`"`)
		assert.NotContains(t, body, `id="verdict"`)
		assert.Equal(t, state, h.flowCookie(t, b), "the state is kept")
	}

	resp, body := choose(t, b, page, "0")
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `<p id="verdict" class="passed">passed</p>`)
	assert.Empty(t, h.flowCookie(t, b))

	resp, body = h.getReturn(t, b, token)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a final result uses the state up")
	assert.Contains(t, body, `id="refused"`)
}

// A result that is not the flow's last word — FaceID saying the flow is
// not finished, or an invocation error the app cannot judge — keeps the
// state too.
func TestReturnWithNonFinalResultKeepsState(t *testing.T) {
	cases := []struct {
		name    string
		errCode int
		status  int
		marker  string
	}{
		{"flow not finished (17)", 17, http.StatusOK, `id="pending"`},
		{"invocation error (14)", 14, http.StatusBadGateway, "could not judge"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			b := browser(t)
			token := tokenOf(h.startFlow(t, b, "测试一", "110101199003071233"))
			require.NoError(t, h.sandbox.Complete(token, faceidtest.Fail(tc.errCode)))
			for range 2 {
				resp, body := h.getReturn(t, b, token)
				assert.Equal(t, tc.status, resp.StatusCode, body)
				assert.Contains(t, body, tc.marker)
				assert.NotEmpty(t, h.flowCookie(t, b))
			}
			require.NoError(t, h.sandbox.Complete(token, faceidtest.Fail(2006))) // the person tries again
			resp, body := h.getReturn(t, b, token)
			assert.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Contains(t, body, `<p id="verdict" class="failed">failed</p>`)
			assert.Contains(t, body, "2006")
		})
	}
}

// Of returns racing with one state over HTTP, exactly one shows the result.
func TestConcurrentReturnsOneWins(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	token := tokenOf(h.startFlow(t, b, "测试一", "110101199003071233"))
	state := h.flowCookie(t, b)
	require.NoError(t, h.sandbox.Complete(token, faceidtest.Pass()))

	const racers = 8
	statuses := make(chan int, racers)
	for range racers {
		go func() {
			req, err := http.NewRequest(http.MethodGet, h.app.URL+"/return?token="+url.QueryEscape(token), nil)
			if err != nil {
				statuses <- 0
				return
			}
			req.AddCookie(&http.Cookie{Name: stateCookie, Value: state})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	count := map[int]int{}
	for range racers {
		count[<-statuses]++
	}
	assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusForbidden: racers - 1}, count)
}

// Over HTTPS both cookies have the __Host- prefix and are Secure, and an
// Origin must match the scheme too.
func TestHTTPSCookies(t *testing.T) {
	sandbox := faceidtest.NewServer()
	t.Cleanup(sandbox.Close)
	a, err := newApp(sandbox.Client(), faceidtest.DefaultRuleID, "https://shop.example", time.Now, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	a.routes().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://shop.example/", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	assert.Equal(t, "__Host-faceid_csrf", c.Name)
	assert.True(t, c.Secure && c.HttpOnly)
	assert.Equal(t, "/", c.Path)
	assert.Equal(t, "__Host-faceid_flow", a.flowCookie)
	token := hiddenField.FindStringSubmatch(rec.Body.String())
	require.NotNil(t, token)

	post := func(origin string) int {
		form := url.Values{"csrf": {token[2]}, "name": {"测试一"}, "idcard": {"110101199003071234"}}
		req := httptest.NewRequest(http.MethodPost, "https://shop.example/start", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		a.routes().ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusForbidden, post("http://shop.example"))
	// The same form from the right origin gets past the defence to
	// DetectAuth's validation, which refuses the ID number's check digit
	// before any network call.
	assert.Equal(t, http.StatusBadRequest, post("https://shop.example"))
	assert.Empty(t, sandbox.Tokens())
}
