package faceid

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var jsonHeader = map[string]string{"Content-Type": "application/json"}

func validEnhancedRequest() *GetDetectInfoEnhancedRequest {
	return &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1"}
}

func TestReplyNotJSON(t *testing.T) {
	page := `<html><head><title>502 Bad Gateway</title></head><body>upstream 110101199003071233 AKIDabcdef0123456789 failed</body></html>`
	c, _ := mockClient(t, 502, map[string]string{"Content-Type": "text/html"}, []byte(page))
	_, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	var httpErr *HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, 502, httpErr.StatusCode)
	assert.Equal(t, "text/html", httpErr.ContentType)
	assert.Contains(t, httpErr.Sample, "502 Bad Gateway")
	assert.NotContains(t, err.Error(), "110101199003071233", "ID numbers are redacted from samples")
	assert.NotContains(t, err.Error(), "AKIDabcdef0123456789", "secret ids are redacted from samples")
	assert.NotContains(t, err.Error(), "invalid character")
	assert.True(t, IsRetryable(err))
	assert.ErrorIs(t, err, ErrServerError)
}

func TestReplyHTMLWithStatus200(t *testing.T) {
	c, _ := mockClient(t, 200, map[string]string{"Content-Type": "text/html; charset=utf-8"}, []byte("<html>maintenance</html>"))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var httpErr *HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, 200, httpErr.StatusCode)
	assert.False(t, IsRetryable(err))
}

func TestReplyMislabelledJSON(t *testing.T) {
	c, _ := mockClient(t, 200, map[string]string{"Content-Type": "text/plain"},
		[]byte(`{"Response":{"BizToken":"TOKEN","Url":"https://h5.example","RequestId":"r-1"}}`))
	auth, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	assert.Equal(t, "TOKEN", auth.BizToken)
}

func TestReplyNon200WithAPIError(t *testing.T) {
	c, _ := mockClient(t, 500, jsonHeader,
		[]byte(`{"Response":{"Error":{"Code":"InternalError","Message":"busy"},"RequestId":"r-500"}}`))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.HTTPStatus)
	assert.Equal(t, "r-500", apiErr.RequestID)
	assert.True(t, IsRetryable(err))
	assert.ErrorIs(t, err, ErrServerError)
}

func TestReplyNon200JSONWithoutError(t *testing.T) {
	c, _ := mockClient(t, 503, jsonHeader, []byte(`{"Response":{"RequestId":"r-503"}}`))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var httpErr *HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, 503, httpErr.StatusCode)
	assert.Equal(t, "r-503", httpErr.RequestID)
	assert.True(t, IsRetryable(err))
}

func TestReplyLegacyErrorShape(t *testing.T) {
	c, _ := mockClient(t, 200, jsonHeader, []byte(`{"code":4100,"message":"鉴权失败","codeDesc":"AuthFailure"}`))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "AuthFailure", apiErr.Code)
	assert.Equal(t, "鉴权失败", apiErr.Message)
	assert.ErrorIs(t, err, ErrAuthFailure)
}

func TestReplyWithoutResponse(t *testing.T) {
	c, _ := mockClient(t, 200, jsonHeader, []byte(`{"Something":1}`))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var dErr *DecodeError
	require.ErrorAs(t, err, &dErr)
	assert.Contains(t, err.Error(), `no "Response"`)
}

func TestReplyInvalidJSON(t *testing.T) {
	for _, body := range []string{`{"Response":{"BizToken":}`, `{"Response":{}}trailing`, `[1,2]`, `{"Response":{"BizToken":"T"}`} {
		c, _ := mockClient(t, 200, jsonHeader, []byte(body))
		_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
		var dErr *DecodeError
		require.ErrorAs(t, err, &dErr, body)
		assert.Equal(t, "DetectAuth", dErr.Action)
		assert.False(t, IsRetryable(err))
	}
}

func TestReplyTruncatedReturnsNoResult(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	body := fx.Response.Body
	cut := bytes.Index(body, []byte(`"LivenessVideo"`)) + 40
	c, _ := mockClient(t, 200, jsonHeader, body[:cut])
	info, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	var dErr *DecodeError
	require.ErrorAs(t, err, &dErr)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Nil(t, info, "a cut-off reply returns no result to judge, though Text.ErrCode 0 was read")
}

func TestReplyTooLarge(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	c, _ := mockClient(t, 200, jsonHeader, fx.Response.Body, WithMaxResponseBytes(4096))
	_, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	var dErr *DecodeError
	require.ErrorAs(t, err, &dErr)
	assert.ErrorIs(t, err, ErrResponseTooLarge)

	// Exactly at the limit is fine.
	c, _ = mockClient(t, 200, jsonHeader, fx.Response.Body, WithMaxResponseBytes(int64(len(fx.Response.Body))))
	_, err = c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	assert.NoError(t, err)
}

func TestTransportErrors(t *testing.T) {
	mt := httpmock.NewMockTransport()
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	mt.RegisterResponder(http.MethodPost, DefaultEndpoint+"/", httpmock.NewErrorResponder(dialErr))
	c, err := NewClient(WithEndpoint(DefaultEndpoint), WithCredentials(StaticCredentials("id", "key", "")), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	_, err = c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var tErr *TransportError
	require.ErrorAs(t, err, &tErr)
	assert.True(t, tErr.NotSent())
	assert.True(t, IsRetryable(err), "a refused connection never reached the server")

	mt.RegisterResponder(http.MethodPost, DefaultEndpoint+"/", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	_, err = c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.ErrorAs(t, err, &tErr)
	assert.False(t, tErr.NotSent())
	assert.False(t, IsRetryable(err), "a failure after sending is not safe to retry blindly")
}

func TestContextCancelledAndTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)

	c, err := NewClient(WithCredentials(StaticCredentials("id", "key", "")), WithEndpoint(srv.URL), WithTimeout(50*time.Millisecond))
	require.NoError(t, err)
	_, err = c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	var tErr *TransportError
	require.ErrorAs(t, err, &tErr)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err = NewClient(WithCredentials(StaticCredentials("id", "key", "")), WithEndpoint(srv.URL))
	require.NoError(t, err)
	_, err = c.DetectAuth(ctx, &DetectAuthRequest{RuleID: "1"})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSessionTokenAndLanguageHeaders(t *testing.T) {
	c, rec := mockClient(t, 200, jsonHeader, []byte(`{"Response":{"BizToken":"T","RequestId":"r"}}`),
		WithCredentials(StaticCredentials("id", "key", "session-token")), WithLanguage("en-US"))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	s := rec.last(t)
	assert.Equal(t, "session-token", s.Header.Get("X-TC-Token"))
	assert.Equal(t, "en-US", s.Header.Get("X-TC-Language"))
	assert.True(t, strings.HasPrefix(s.Header.Get("User-Agent"), "faceid-go/"))
}

func TestCredentialErrorsStopBeforeSending(t *testing.T) {
	c, rec := mockClient(t, 200, jsonHeader, nil, WithCredentials(StaticCredentials("", "key", "")))
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "SecretID is empty")
	assert.Zero(t, rec.count())
}

func TestNewClientOptions(t *testing.T) {
	ok := []Option{WithCredentials(StaticCredentials("id", "key", ""))}
	cases := []struct {
		name string
		opt  Option
		want string
	}{
		{"plain http remote", WithEndpoint("http://faceid.tencentcloudapi.com"), "plain http"},
		{"endpoint path", WithEndpoint("https://faceid.tencentcloudapi.com/v1"), "no path"},
		{"endpoint scheme", WithEndpoint("ftp://faceid.tencentcloudapi.com"), "absolute https"},
		{"endpoint relative", WithEndpoint("faceid.tencentcloudapi.com"), "absolute https"},
		{"region", WithRegion("Guangzhou"), "region id"},
		{"language", WithLanguage("fr-FR"), "zh-CN or en-US"},
		{"timeout", WithTimeout(0), "positive"},
		{"max bytes", WithMaxResponseBytes(10), "minimum"},
		{"http client", WithHTTPClient(nil), "nil"},
		{"credentials", WithCredentials(nil), "nil"},
		{"clock", WithClock(nil), "nil"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClient(append(ok, tc.opt)...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	for _, endpoint := range []string{"http://127.0.0.1:8099", "http://localhost:1", "http://[::1]:80/", "https://faceid.ap-shanghai.tencentcloudapi.com"} {
		c, err := NewClient(append(ok, WithEndpoint(endpoint))...)
		require.NoError(t, err, endpoint)
		assert.True(t, strings.HasSuffix(c.Endpoint(), "/"))
	}
}

func TestRegionFromEnvironment(t *testing.T) {
	t.Setenv(EnvRegion, "ap-shanghai")
	c, rec := mockClient(t, 200, jsonHeader, []byte(`{"Response":{"BizToken":"T","RequestId":"r"}}`))
	// mockClient sets ap-guangzhou explicitly: the option wins.
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	assert.Equal(t, "ap-guangzhou", rec.last(t).Header.Get("X-TC-Region"))

	var s settings
	require.NoError(t, s.apply(nil))
	assert.Equal(t, "ap-shanghai", s.region)

	t.Setenv(EnvRegion, "not a region")
	_, err = NewClient()
	assert.ErrorContains(t, err, EnvRegion)
}

// TestRegionOptionIgnoresEnvironment: WithRegion wins, so an invalid
// $TENCENTCLOUD_REGION does not stop a client that sets its region.
func TestRegionOptionIgnoresEnvironment(t *testing.T) {
	t.Setenv(EnvRegion, "not a region")
	_, err := NewClient(WithRegion("ap-beijing"))
	require.NoError(t, err)
	_, err = NewClient(WithRegion(""))
	require.NoError(t, err, "an empty region is a choice too")

	_, err = NewClient()
	require.Error(t, err)
	assert.Equal(t, `faceid: $TENCENTCLOUD_REGION: "not a region" is not a region id such as ap-guangzhou; fix or unset it`, err.Error())
}

// TestEndpointFromEnvironment: without WithEndpoint, NewClient talks to
// $FACEID_ENDPOINT; WithEndpoint wins over it; unset, DefaultEndpoint.
func TestEndpointFromEnvironment(t *testing.T) {
	var hits sync.WaitGroup
	hits.Add(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"Response":{"BizToken":"T","Url":"https://h5.example/T","RequestId":"r"}}`)
		hits.Done()
	}))
	defer srv.Close()
	cred := WithCredentials(StaticCredentials(testSecretID, testSecretKey, ""))

	t.Setenv(EnvEndpoint, srv.URL)
	c, err := NewClient(cred)
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/", c.Endpoint())
	auth, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	assert.Equal(t, "T", auth.BizToken)
	hits.Wait()

	c, err = NewClient(cred, WithEndpoint("https://faceid.ap-shanghai.tencentcloudapi.com"))
	require.NoError(t, err)
	assert.Equal(t, "https://faceid.ap-shanghai.tencentcloudapi.com/", c.Endpoint(), "the option wins")

	t.Setenv(EnvEndpoint, "")
	c, err = NewClient(cred)
	require.NoError(t, err)
	assert.Equal(t, DefaultEndpoint+"/", c.Endpoint())
}

// TestInvalidEndpointEnvironment: a bad $FACEID_ENDPOINT is a NewClient
// error that names the variable, not the option the caller never used;
// an explicit WithEndpoint does not read it.
func TestInvalidEndpointEnvironment(t *testing.T) {
	cred := WithCredentials(StaticCredentials(testSecretID, testSecretKey, ""))
	for value, want := range map[string]string{
		"faceid.tencentcloudapi.com":            "absolute https URL",
		"http://faceid.tencentcloudapi.com":     "plain http",
		"https://faceid.tencentcloudapi.com/v3": "no path",
	} {
		t.Setenv(EnvEndpoint, value)
		c, err := NewClient(cred)
		require.Error(t, err, value)
		assert.Nil(t, c)
		assert.True(t, strings.HasPrefix(err.Error(), "faceid: $FACEID_ENDPOINT: "), err.Error())
		assert.Contains(t, err.Error(), want)
		assert.NotContains(t, err.Error(), "WithEndpoint")

		_, err = NewClient(cred, WithEndpoint(DefaultEndpoint))
		assert.NoError(t, err, "%s is not read when WithEndpoint is given", value)
	}
	_, err := NewClient(cred, WithEndpoint("ftp://x"))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "faceid: WithEndpoint: "), err.Error())
}

func TestDefaultTransportIsPrivate(t *testing.T) {
	c1, err := NewClient(WithCredentials(StaticCredentials("id", "key", "")))
	require.NoError(t, err)
	c2, err := NewClient(WithCredentials(StaticCredentials("id", "key", "")))
	require.NoError(t, err)
	assert.NotSame(t, http.DefaultTransport, c1.httpClient.Transport)
	assert.NotSame(t, c1.httpClient.Transport, c2.httpClient.Transport)
}

func TestDebugLogHasNoSecretsOrPersonalData(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	c, _ := fixtureClient(t, fx, WithLogger(logger), WithCredentials(StaticCredentials(testSecretID, testSecretKey, "tok-secret")))
	_, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	require.NoError(t, err)

	fx = loadFixture(t, "DetectAuth/rule-id-not-exist.json")
	c2, _ := fixtureClient(t, fx, WithLogger(logger))
	_, err = c2.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "999", IDCard: "110101199003071233", Name: "测试一"})
	require.Error(t, err)

	out := logs.String()
	assert.Contains(t, out, "action=GetDetectInfoEnhanced attempt=1 status=200")
	assert.Contains(t, out, "status=200")
	assert.Contains(t, out, "request_id=4226f900-0061-4939-ae27-6488783d491c")
	assert.Contains(t, out, "InvalidParameterValue.RuleIdNotExist")
	for _, secret := range []string{testSecretKey, "tok-secret", "110101199003071233", "测试一", "/9j/"} {
		assert.NotContains(t, out, secret)
	}
}

func TestClientConcurrentUse(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(fx.Response.Body)
	}))
	defer srv.Close()
	c, err := NewClient(WithCredentials(StaticCredentials("id", "key", "")), WithEndpoint(srv.URL))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				info, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
				if !assert.NoError(t, err) {
					return
				}
				assert.True(t, info.Verdict().Passed)
			}
		}()
	}
	wg.Wait()
}

// FuzzReply feeds arbitrary reply bodies to both result decoders and
// DetectAuth: nothing may panic, and every failure must be a typed error.
func FuzzReply(f *testing.F) {
	for _, name := range []string{"GetDetectInfoEnhanced/odd-fields.json", "GetDetectInfo/legacy.json", "DetectAuth/plain.json"} {
		f.Add([]byte(loadFixture(f, name).Response.Body))
	}
	f.Add([]byte(`{"code":1,"codeDesc":"x"}`))
	f.Add([]byte(`{"Response":{"Text":{"ErrCode":"1e999"},"BestFrame":{"BestFrames":[null,1,"AA=="]}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		// Retries off: a cut-off reply would otherwise wait out back-offs.
		c, _ := mockClient(t, 200, jsonHeader, body, WithRetry(RetryPolicy{MaxAttempts: 1}))
		ctx := context.Background()
		info, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
		checkTyped(t, err)
		if info != nil {
			_ = info.Verdict().String()
		}
		_, err = c.GetDetectInfo(ctx, &GetDetectInfoRequest{BizToken: "T", RuleID: "1"})
		checkTyped(t, err)
		_, err = c.DetectAuth(ctx, &DetectAuthRequest{RuleID: "1"})
		checkTyped(t, err)
	})
}

func checkTyped(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var apiErr *APIError
	var dErr *DecodeError
	var hErr *HTTPError
	if !errors.As(err, &apiErr) && !errors.As(err, &dErr) && !errors.As(err, &hErr) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
}
