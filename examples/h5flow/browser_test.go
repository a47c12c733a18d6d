package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// findChromium returns the path of a Chromium binary: $CHROMIUM, or one of
// the usual names on PATH.
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowserFlow drives headless Chromium through the whole H5 flow: the
// merchant's start page, the sandbox's verification page, the choice of an
// outcome and the merchant's result page. Screenshots of the result pages
// go to testoutput/.
func TestBrowserFlow(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run the browser test: install Debian's chromium package")
		}
		t.Skip("no Chromium found; install Debian's chromium package or set $CHROMIUM")
	}
	h := newHarness(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	require.NoError(t, chromedp.Do(browserCtx), "start Chromium")

	outDir := "testoutput"
	require.NoError(t, os.MkdirAll(outDir, 0o755))

	cases := []struct {
		name, person, outcome, verdict, detail string
	}{
		{"pass", "测试一", "0", "passed", "passed"},
		{"mismatch", "测试一", "2006", "failed", "2006 identity-mismatch"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(browserCtx) // a fresh tab per case
			defer closeTab()
			ctx, cancel := context.WithTimeout(tab, 60*time.Second)
			defer cancel()
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Navigate(h.app.URL+"/"),
				chromedp.WaitVisible(chromedp.ID("start")),
				chromedp.SendKeys(chromedp.ID("name"), tc.person),
				chromedp.SendKeys(chromedp.ID("idcard"), "110101199003071233"),
				chromedp.Click(chromedp.ID("start")),
				chromedp.WaitVisible(chromedp.ID("outcome")),
			))
			sandboxPage, err := chromedp.Run(ctx, chromedp.Location())
			require.NoError(t, err)
			assert.Contains(t, sandboxPage, h.sandbox.URL()+"/h5/", "the browser is on the sandbox's page")
			require.NoError(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.ID("outcome"), tc.outcome),
				chromedp.Click(chromedp.ID("submit")),
				chromedp.WaitVisible(chromedp.ID("verdict")),
			))
			back, err := chromedp.Run(ctx, chromedp.Location())
			require.NoError(t, err)
			assert.Contains(t, back, h.app.URL+"/return?", "back on the merchant's return page")
			verdict, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("verdict")))
			require.NoError(t, err)
			detail, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("detail")))
			require.NoError(t, err)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
			require.NoError(t, err)
			assert.Equal(t, tc.verdict, verdict)
			assert.Contains(t, detail, tc.detail)
			require.NoError(t, os.WriteFile(filepath.Join(outDir, "h5flow-"+tc.name+".png"), png, 0o644))
		})
	}

	// A page on another site that submits a start form by itself: the
	// browser marks the POST cross-site and the app starts nothing.
	t.Run("cross-site", func(t *testing.T) {
		evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><body onload="document.forms[0].submit()">
<form method="post" action="%s/start"><input name="name" value="测试一">
<input name="idcard" value="110101199003071233"><input name="csrf" value="guess"></form></body>`, h.app.URL)
		}))
		defer evil.Close()
		// localhost and 127.0.0.1 are different sites.
		evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
		started := len(h.sandbox.Tokens())
		tab, closeTab := chromedp.NewContext(browserCtx)
		defer closeTab()
		ctx, cancel := context.WithTimeout(tab, 60*time.Second)
		defer cancel()
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(evilURL+"/"),
			chromedp.WaitVisible(chromedp.ID("refused")),
		))
		at, err := chromedp.Run(ctx, chromedp.Location())
		require.NoError(t, err)
		assert.Equal(t, h.app.URL+"/start", at)
		assert.Len(t, h.sandbox.Tokens(), started, "no flow was started")
	})
}
