package faceidtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	_ "image/jpeg" // DecodeConfig of the served frames
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// testStart is the frozen time most tests start at.
var testStart = time.Date(2024, 6, 15, 2, 0, 0, 0, time.UTC)

// Fictional identities used by the tests.
const (
	testName   = "测试一"
	testIDCard = "110101199003071233"
)

// newServer starts a server on a frozen clock and closes it after the test.
func newServer(t *testing.T, opts ...faceidtest.Option) *faceidtest.Server {
	t.Helper()
	opts = append([]faceidtest.Option{faceidtest.WithClock(faceidtest.NewClock(testStart))}, opts...)
	s := faceidtest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// startFlow calls DetectAuth and returns the BizToken.
func startFlow(t *testing.T, c *faceid.Client, req *faceid.DetectAuthRequest) string {
	t.Helper()
	resp, err := c.DetectAuth(context.Background(), req)
	require.NoError(t, err)
	return resp.BizToken
}

// result pulls a result with GetDetectInfoEnhanced.
func result(t *testing.T, c *faceid.Client, req *faceid.GetDetectInfoEnhancedRequest) *faceid.DetectInfo {
	t.Helper()
	info, err := c.GetDetectInfoEnhanced(context.Background(), req)
	require.NoError(t, err)
	require.Empty(t, info.Problems)
	return info
}

// requireJPEG checks b is a decodable JPEG and returns its size.
func requireJPEG(t *testing.T, b []byte) image.Config {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, "jpeg", format)
	require.Positive(t, cfg.Width)
	return cfg
}

// requireMP4 checks b starts with an ISO-BMFF ftyp box.
func requireMP4(t *testing.T, b []byte) {
	t.Helper()
	require.Greater(t, len(b), 8)
	require.Equal(t, "ftyp", string(b[4:8]))
}

// rawReply is a reply read without the SDK.
type rawReply struct {
	Status   int
	Header   http.Header
	Body     []byte
	Response map[string]any
}

// code returns Response.Error.Code, or "".
func (r rawReply) code() string {
	e, _ := r.Response["Error"].(map[string]any)
	code, _ := e["Code"].(string)
	return code
}

// message returns Response.Error.Message, or "".
func (r rawReply) message() string {
	e, _ := r.Response["Error"].(map[string]any)
	msg, _ := e["Message"].(string)
	return msg
}

// httpClient returns a plain client whose connections close with the test.
func httpClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// rawCall sends a correctly signed API request built by hand; edit can
// change the request after signing.
func rawCall(t *testing.T, s *faceidtest.Server, action, body string, edit func(*http.Request)) rawReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(body))
	require.NoError(t, err)
	now := s.Clock().Now()
	host := strings.TrimPrefix(s.URL(), "http://")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", faceid.APIVersion)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("Authorization", new(faceid.Signer).Authorization(s.Credentials(), faceid.Service, host, "application/json", []byte(body), now))
	if edit != nil {
		edit(req)
	}
	return send(t, httpClient(t), req)
}

func send(t *testing.T, hc *http.Client, req *http.Request) rawReply {
	t.Helper()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	out := rawReply{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		var env struct{ Response map[string]any }
		require.NoError(t, json.Unmarshal(b, &env), "body %s", b)
		out.Response = env.Response
	}
	return out
}

// requireAPIError checks err is an *APIError with the code.
func requireAPIError(t *testing.T, err error, code string) *faceid.APIError {
	t.Helper()
	var apiErr *faceid.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, code, apiErr.Code, "message %q", apiErr.Message)
	require.NotEmpty(t, apiErr.RequestID)
	return apiErr
}

// dateRecorder is a RoundTripper that keeps the Date header of each reply.
type dateRecorder struct {
	next  http.RoundTripper
	dates chan string
}

func (d *dateRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(req)
	if err == nil {
		d.dates <- resp.Header.Get("Date")
	}
	return resp, err
}

// noRetry makes a client report each fault as it happens: these tests
// observe the sandbox, not the client's retry policy.
var noRetry = faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1})
