package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// nodeSDK is the package of Tencent's Node.js SDK the test installs, as
// pinned in testdata/node/package.json.
const nodeSDK = "tencentcloud-sdk-nodejs@4.1.313"

// TestNodeSDKAgainstSandbox runs Tencent's Node.js SDK, unchanged and
// installed from npm, against `faceid sandbox` on a loopback port: the
// whole SaaS flow and a PaaS action (testdata/node/flow.js, which checks
// the sandbox's answers and exits non-zero on the first wrong one), the
// same script refused under --strict, and the Node.js snippet of
// README.md. Without node or npm, or when npm cannot install the SDK, it
// skips, unless $CI is set: CI must run it (.ci/run installs Debian's
// nodejs and npm).
func TestNodeSDKAgainstSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("installs " + nodeSDK + " from npm: not in -short mode")
	}
	dir := installNodeSDK(t)

	endpoint := sandboxHost(t, startSandbox(t))
	out := runNode(t, dir, endpoint, "flow.js")
	var summary struct {
		BizToken           string
		WrongKey           string
		IDCardVerification []string `json:"idCardVerification"`
		RedirectStatus     int
		ErrCode            *int
		BestFrameBytes     int
		VideoBytes         int
	}
	require.NoError(t, json.Unmarshal(out, &summary), "flow.js printed %q", out)
	assert.Equal(t, "AuthFailure.SignatureFailure", summary.WrongKey)
	assert.Equal(t, []string{"0", "-4"}, summary.IDCardVerification)
	assert.Equal(t, 302, summary.RedirectStatus)
	require.NotNil(t, summary.ErrCode)
	assert.Equal(t, 0, *summary.ErrCode)
	assert.Positive(t, summary.BestFrameBytes)
	assert.Positive(t, summary.VideoBytes)

	// The flow the Node.js SDK completed is passed for this module's client too.
	client, err := faceid.NewClient(
		faceid.WithEndpoint("http://"+endpoint),
		faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, faceidtest.DefaultSecretKey, "")),
	)
	require.NoError(t, err)
	info, err := client.GetDetectInfoEnhanced(context.Background(),
		&faceid.GetDetectInfoEnhancedRequest{BizToken: summary.BizToken, RuleID: "1"})
	require.NoError(t, err)
	assert.True(t, info.Verdict().Passed, "verdict %s", info.Verdict())

	// Under --strict the sandbox refuses what the Node.js SDK signs.
	strict := sandboxHost(t, startSandbox(t, "--strict"))
	out = runNode(t, dir, strict, "flow.js", "strict")
	assert.JSONEq(t, `{"strict":true,"refusedWith":"AuthFailure.SignatureFailure"}`, string(out))

	// README.md's snippet runs as printed.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "readme.js"), readmeNodeSnippet(t), 0o600))
	out = runNode(t, dir, endpoint, "readme.js")
	assert.Regexp(t, `^open http://`+regexp.QuoteMeta(endpoint)+`/h5/[0-9A-F-]{36}\nErrCode null\nResult 0\n$`, string(out))
}

// installNodeSDK installs nodeSDK with npm into a temporary directory
// holding testdata/node, and returns the directory. It skips the test when
// node or npm is missing or npm cannot install, unless $CI is set.
func installNodeSDK(t *testing.T) string {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the Node.js SDK test: "+format, args...)
		}
		t.Skipf("skipping the Node.js SDK test: "+format+" (with $CI set this fails)", args...)
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			unavailable("%s is not installed (Debian: apt-get install nodejs npm)", tool)
		}
	}
	dir := t.TempDir()
	for _, name := range []string{"package.json", "flow.js"} {
		b, err := os.ReadFile(filepath.Join("testdata", "node", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	// No lock file: the version is pinned in package.json and nothing is
	// kept after the test.
	npm := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock",
		"--omit=dev", "--loglevel=error", "--fetch-retries=2", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=5000")
	npm.Dir = dir
	if out, err := npm.CombinedOutput(); err != nil {
		unavailable("npm could not install %s: %v\n%s", nodeSDK, err, tail(out, 2000))
	}
	return dir
}

// runNode runs script in dir with node against the sandbox at endpoint
// (host:port) and returns its standard output; a non-zero exit fails the
// test with what the script said.
func runNode(t *testing.T, dir, endpoint, script string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{script}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"FACEID_ENDPOINT="+endpoint,
		"TENCENTCLOUD_SECRET_ID="+faceidtest.DefaultSecretID,
		"TENCENTCLOUD_SECRET_KEY="+faceidtest.DefaultSecretKey,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "node %s: %s", script, stderr.String())
	return stdout.Bytes()
}

// sandboxHost returns the host:port of an endpoint such as
// http://127.0.0.1:41234, which is what a Tencent SDK is configured with.
func sandboxHost(t *testing.T, endpoint string) string {
	t.Helper()
	u, err := url.Parse(endpoint)
	require.NoError(t, err)
	require.Equal(t, "http", u.Scheme)
	return u.Host
}

// readmeNodeSnippet returns the first js code block of README.md's section
// "The sandbox from other languages".
func readmeNodeSnippet(t *testing.T) []byte {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, section, found := bytes.Cut(readme, []byte("\n## The sandbox from other languages\n"))
	require.True(t, found, "README.md has no section \"The sandbox from other languages\"")
	section, _, _ = bytes.Cut(section, []byte("\n## "))
	_, code, found := bytes.Cut(section, []byte("\n```js\n"))
	require.True(t, found, "the section has no js code block")
	code, _, found = bytes.Cut(code, []byte("\n```\n"))
	require.True(t, found, "the js code block is not closed")
	return append(code, '\n')
}

// tail returns the end of b, at most n bytes, as text.
func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}

// TestSandboxStrictFlag signs DetectAuth as Tencent's Node.js SDK does
// against a local address (host without its port, service "127"): the
// sandbox accepts it, and refuses it with --strict, which still accepts
// the real service's rule. It needs no Node.js.
func TestSandboxStrictFlag(t *testing.T) {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	// call sends DetectAuth to the sandbox at endpoint, signed for service
	// with the host and port, or the host alone, and returns the error code.
	call := func(endpoint string, withoutPort bool, service string) string {
		t.Helper()
		signedHost := sandboxHost(t, endpoint)
		if withoutPort {
			var err error
			signedHost, _, err = net.SplitHostPort(signedHost)
			require.NoError(t, err)
		}
		now := time.Now()
		body := []byte(`{"RuleId":"1"}`)
		req, err := http.NewRequest(http.MethodPost, endpoint+"/", bytes.NewReader(body))
		require.NoError(t, err)
		cred := faceid.Credentials{SecretID: faceidtest.DefaultSecretID, SecretKey: faceidtest.DefaultSecretKey}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", "DetectAuth")
		req.Header.Set("X-TC-Version", faceid.APIVersion)
		req.Header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("Authorization", new(faceid.Signer).Authorization(cred, service, signedHost, "application/json", body, now))
		resp, err := hc.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var env struct {
			Response struct{ Error struct{ Code string } }
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
		return env.Response.Error.Code
	}
	lenient, strict := startSandbox(t), startSandbox(t, "--strict")
	assert.Empty(t, call(lenient, false, faceid.Service), "real rule")
	assert.Empty(t, call(lenient, true, "127"), "both variants, as the Node.js SDK signs")
	assert.Empty(t, call(strict, false, faceid.Service), "real rule under --strict")
	assert.Equal(t, "AuthFailure.SignatureFailure", call(strict, true, faceid.Service), "host without port under --strict")
	assert.Equal(t, "AuthFailure.SignatureFailure", call(strict, false, "127"), "service 127 under --strict")
}
