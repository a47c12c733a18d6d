package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startSandbox runs `faceid sandbox` in the background and returns its endpoint.
func startSandbox(t *testing.T, args ...string) string {
	t.Helper()
	endpoint, _ := startSandboxLog(t, args...)
	return endpoint
}

// startSandboxLog is startSandbox that also returns what the sandbox
// writes to stderr.
func startSandboxLog(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sandbox", "--addr", "127.0.0.1:0"}, args...), &out, &errOut)
	}()
	t.Cleanup(func() {
		cancel()
		assert.Equal(t, exitOK, <-done)
	})
	endpoint := regexp.MustCompile(`endpoint:\s+(\S+)`)
	var found string
	require.Eventually(t, func() bool {
		if m := endpoint.FindStringSubmatch(out.String()); m != nil {
			found = m[1]
			return true
		}
		return false
	}, 5*time.Second, 10*time.Millisecond, errOut.String())
	return found, &errOut
}

func TestSandboxCommandServesTheCLI(t *testing.T) {
	endpoint := startSandbox(t, "--rule-id", "7")
	t.Setenv("TENCENTCLOUD_SECRET_ID", faceidtest.DefaultSecretID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", faceidtest.DefaultSecretKey)
	var out, errOut bytes.Buffer
	status := run(context.Background(), []string{"detect-auth", "--rule-id", "7", "--endpoint", endpoint}, &out, &errOut)
	require.Equal(t, exitOK, status, errOut.String())
	var auth map[string]string
	require.NoError(t, json.Unmarshal(out.Bytes(), &auth))
	assert.Contains(t, auth["Url"], endpoint+"/h5/"+auth["BizToken"])

	out.Reset()
	status = run(context.Background(), []string{"result", "--biz-token", auth["BizToken"], "--rule-id", "7", "--endpoint", endpoint}, &out, &errOut)
	require.Equal(t, exitOK, status, errOut.String())
	assert.Contains(t, out.String(), `"Pending": true`, "nobody has completed the flow yet")
}

func TestSandboxCommandServesTheOfficialSDK(t *testing.T) {
	endpoint := startSandbox(t)
	u, err := url.Parse(endpoint)
	require.NoError(t, err)
	call := func(key string) (*tchttp.CommonResponse, error) {
		prof := profile.NewClientProfile()
		prof.HttpProfile.Endpoint = u.Host
		prof.HttpProfile.Scheme = "http"
		client := tccommon.NewCommonClient(tccommon.NewCredential(faceidtest.DefaultSecretID, key), "ap-guangzhou", prof)
		req := tchttp.NewCommonRequest("faceid", "2018-03-01", "DetectAuth")
		if err := req.SetActionParameters(map[string]any{"RuleId": "1"}); err != nil {
			return nil, err
		}
		resp := tchttp.NewCommonResponse()
		return resp, client.Send(req, resp)
	}
	resp, err := call(faceidtest.DefaultSecretKey)
	require.NoError(t, err)
	var body struct {
		Response struct{ BizToken, Url, RequestId string }
	}
	require.NoError(t, json.Unmarshal(resp.GetBody(), &body))
	assert.NotEmpty(t, body.Response.BizToken)
	assert.NotEmpty(t, body.Response.RequestId)

	_, err = call("wrong-key")
	var sdkErr *tcerrors.TencentCloudSDKError
	require.ErrorAs(t, err, &sdkErr)
	assert.Equal(t, "AuthFailure.SignatureFailure", sdkErr.GetCode())
}

// TestSandboxCommandRefusesNonLoopback: without --public the sandbox
// listens on loopback addresses only; a bad address is a usage error too.
func TestSandboxCommandRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8099", "nonsense"} {
		var out, errOut bytes.Buffer
		status := run(context.Background(), []string{"sandbox", "--addr", addr}, &out, &errOut)
		assert.Equal(t, exitUsage, status, addr)
		assert.Empty(t, out.String(), addr)
		assert.True(t, strings.HasPrefix(errOut.String(), "faceid sandbox: --addr "), "%s: %s", addr, errOut.String())
		if addr != "nonsense" {
			assert.Contains(t, errOut.String(), "only with --public", addr)
		}
	}
}

// TestSandboxCommandPublic: with --public the sandbox listens on every
// address, warns on stderr, and shows the loopback endpoint, which the CLI
// reaches.
func TestSandboxCommandPublic(t *testing.T) {
	endpoint, errOut := startSandboxLog(t, "--addr", "0.0.0.0:0", "--public")
	assert.Regexp(t, `^faceid sandbox: warning: listening on 0\.0\.0\.0:[0-9]+, which other machines may reach`, errOut.String())
	assert.Regexp(t, `^http://127\.0\.0\.1:[0-9]+$`, endpoint)
	assert.NotContains(t, endpoint, ":0")

	t.Setenv("TENCENTCLOUD_SECRET_ID", faceidtest.DefaultSecretID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", faceidtest.DefaultSecretKey)
	var out, callErr bytes.Buffer
	status := run(context.Background(), []string{"detect-auth", "--rule-id", faceidtest.DefaultRuleID, "--endpoint", endpoint}, &out, &callErr)
	require.Equal(t, exitOK, status, callErr.String())
	var auth map[string]string
	require.NoError(t, json.Unmarshal(out.Bytes(), &auth))
	assert.Equal(t, endpoint+"/h5/"+auth["BizToken"], auth["Url"], "the hosted page follows the address the client used")
}

// TestSandboxCommandLoopbackDoesNotWarn: --public on a loopback address
// changes nothing, and the default needs no warning.
func TestSandboxCommandLoopbackDoesNotWarn(t *testing.T) {
	for _, args := range [][]string{nil, {"--public"}} {
		_, errOut := startSandboxLog(t, args...)
		assert.Empty(t, errOut.String(), "%q", args)
	}
}
