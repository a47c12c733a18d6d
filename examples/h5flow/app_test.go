package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
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

// startFlow posts the start form and returns the sandbox page it lands on.
func (h *harness) startFlow(t *testing.T, b *http.Client, name, idCard string) (pageURL string) {
	t.Helper()
	resp, err := b.PostForm(h.app.URL+"/start", url.Values{"name": {name}, "idcard": {idCard}})
	require.NoError(t, err)
	body := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Contains(t, body, `id="outcome"`, "landed on the sandbox's verification page")
	return resp.Request.URL.String()
}

// choose submits an outcome on the sandbox page; the browser follows the
// redirect back to the app and the app's page is returned.
func choose(t *testing.T, b *http.Client, pageURL, outcome string) (*http.Response, string) {
	t.Helper()
	token := pageURL[strings.LastIndex(pageURL, "/")+1:]
	resp, err := b.PostForm(pageURL, url.Values{"token": {token}, "outcome": {outcome}})
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
	saved := b.Jar.Cookies(appURL)
	require.Len(t, saved, 1, "the app set its state cookie")
	resp, _ := choose(t, b, page, "0")
	returnURL := resp.Request.URL.String()

	// An attacker replays the captured cookie and URL from another client.
	thief := browser(t)
	thief.Jar.SetCookies(appURL, saved)
	stolen, err := thief.Get(returnURL)
	require.NoError(t, err)
	readBody(t, stolen)
	assert.Equal(t, http.StatusForbidden, stolen.StatusCode, "a state is accepted once")
}

func TestForeignTokenIsRefused(t *testing.T) {
	h := newHarness(t)
	alice, mallory := browser(t), browser(t)
	alicePage := h.startFlow(t, alice, "测试一", "110101199003071233")
	aliceToken := alicePage[strings.LastIndex(alicePage, "/")+1:]
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
	signer, err := newStateSigner(time.Now)
	require.NoError(t, err)
	value, err := signer.issue("TOKEN-A", time.Hour)
	require.NoError(t, err)
	encoded, sig, _ := strings.Cut(value, ".")
	forged := strings.Replace(encoded, encoded[:4], "QUJD", 1) + "." + sig
	_, err = signer.verify(forged, "TOKEN-A")
	assert.ErrorIs(t, err, errBadState)
	_, err = signer.verify("garbage", "TOKEN-A")
	assert.ErrorIs(t, err, errBadState)
	_, err = signer.verify(value, "TOKEN-A")
	assert.NoError(t, err)
}

func TestExpiredStateIsRefused(t *testing.T) {
	now := time.Now()
	signer, err := newStateSigner(func() time.Time { return now })
	require.NoError(t, err)
	value, err := signer.issue("TOKEN-A", faceid.BizTokenLifetime)
	require.NoError(t, err)
	now = now.Add(faceid.BizTokenLifetime + time.Second)
	_, err = signer.verify(value, "TOKEN-A")
	assert.ErrorIs(t, err, errExpiredState)
}

func TestStartValidationErrorStaysOnPage(t *testing.T) {
	h := newHarness(t)
	b := browser(t)
	resp, err := b.PostForm(h.app.URL+"/start", url.Values{"name": {"测试一"}, "idcard": {"110101199003071234"}})
	require.NoError(t, err)
	body := readBody(t, resp)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, body, "DetectAuthRequest.IDCard")
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
	signer, err := newStateSigner(time.Now)
	require.NoError(t, err)
	value, err := signer.issue("TOKEN-A", time.Minute)
	require.NoError(t, err)
	const racers = 16
	results := make(chan error, racers)
	for range racers {
		go func() {
			st, err := signer.verify(value, "TOKEN-A")
			if err == nil {
				err = signer.markUsed(st)
			}
			results <- err
		}()
	}
	wins := 0
	for range racers {
		if err := <-results; err == nil {
			wins++
		} else {
			assert.ErrorIs(t, err, errReplayed)
		}
	}
	assert.Equal(t, 1, wins)
	_, err = signer.verify(value, "TOKEN-A")
	assert.ErrorIs(t, err, errReplayed, "verify refuses a used state")
}
