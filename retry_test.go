package faceid

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryDelayFullJitter(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	maxRNG := func(n int64) int64 { return n - 1 }
	assert.Equal(t, 100*time.Millisecond, p.delay(1, maxRNG))
	assert.Equal(t, 200*time.Millisecond, p.delay(2, maxRNG))
	assert.Equal(t, 400*time.Millisecond, p.delay(3, maxRNG))
	assert.Equal(t, time.Second, p.delay(5, maxRNG), "capped")
	assert.Equal(t, time.Second, p.delay(80, maxRNG), "no overflow")
	assert.Equal(t, time.Duration(0), p.delay(3, func(int64) int64 { return 0 }), "full jitter reaches zero")
	for range 1000 {
		d := p.delay(2, jitter)
		assert.True(t, d >= 0 && d <= 200*time.Millisecond, d)
	}
}

func TestRetryBudget(t *testing.T) {
	b := newRetryBudget(12)
	assert.True(t, b.take(retryCost))
	assert.True(t, b.take(retryCost))
	assert.False(t, b.take(retryCost), "2 tokens left")
	b.refund(successRefund)
	b.refund(successRefund)
	b.refund(successRefund)
	assert.True(t, b.take(retryCost))
	b.refund(100)
	assert.Equal(t, 12, b.tokens, "refunds stop at the capacity")
	unlimited := newRetryBudget(-1)
	for range 1000 {
		assert.True(t, unlimited.take(retryTimeoutCost))
	}
}

func TestClassifyForRetry(t *testing.T) {
	dial := &TransportError{Action: "A", Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}
	cases := []struct {
		name string
		err  error
		want retryKind
	}{
		{"throttled", &APIError{Code: codes.RequestLimitExceeded}, retrySafe},
		{"internal", &APIError{Code: codes.InternalError}, retrySafe},
		{"busy", &APIError{Code: codes.FailedDetectEngineSystemError}, retrySafe},
		{"skew", &APIError{Code: codes.AuthFailureSignatureExpire}, retrySkew},
		{"token", &APIError{Code: codes.AuthFailureTokenFailure}, retryToken},
		{"signature", &APIError{Code: codes.AuthFailureSignatureFailure}, noRetry},
		{"expired biztoken", &APIError{Code: codes.BizTokenExpired}, noRetry},
		{"502", &HTTPError{StatusCode: 502}, retrySafe},
		{"503", &HTTPError{StatusCode: 503}, retrySafe},
		{"504", &HTTPError{StatusCode: 504}, retrySafe},
		{"500 html", &HTTPError{StatusCode: 500}, retrySafe},
		{"404", &HTTPError{StatusCode: 404}, noRetry},
		{"refused", dial, retrySafe},
		{"timeout after sending", &TransportError{Err: context.DeadlineExceeded}, retryAmbiguous},
		{"truncated", &DecodeError{Err: io.ErrUnexpectedEOF}, retryAmbiguous},
		{"reset mid-reply", &DecodeError{Err: &readFailure{errors.New("connection reset by peer")}}, retryAmbiguous},
		{"too large", &DecodeError{Err: ErrResponseTooLarge}, noRetry},
		{"malformed", &DecodeError{Err: errors.New("syntax")}, noRetry},
		{"invalid input", &ValidationError{}, noRetry},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, classifyForRetry(tc.err), tc.name)
	}
}

func TestWaitRetryHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	assert.ErrorIs(t, waitRetry(ctx, time.Hour), context.Canceled)
	assert.Less(t, time.Since(start), time.Second)
	assert.NoError(t, waitRetry(context.Background(), time.Millisecond))
}

func TestRetryErrorWrapsLastCause(t *testing.T) {
	last := &APIError{Action: "DetectAuth", Code: codes.RequestLimitExceeded, RequestID: "r-3"}
	err := error(&RetryError{Action: "DetectAuth", Attempts: 3, Reason: "attempts exhausted", Err: last})
	assert.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	assert.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "faceid: DetectAuth: RequestLimitExceeded (RequestId r-3); gave up after 3 attempts (attempts exhausted)", err.Error())
}

func TestWithRetryValidation(t *testing.T) {
	_, err := NewClient(WithCredentials(StaticCredentials("id", "key", "")), WithRetry(RetryPolicy{MaxAttempts: 50}))
	assert.ErrorContains(t, err, "retry storm")
	_, err = NewClient(WithCredentials(StaticCredentials("id", "key", "")), WithRetry(RetryPolicy{BaseDelay: -1}))
	assert.ErrorContains(t, err, "negative")
}

// countingServer answers with handler and counts requests per action.
func countingServer(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, func() int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		current := n
		mu.Unlock()
		handler(w, r, current)
	}))
	t.Cleanup(srv.Close)
	return srv, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func retryClient(t *testing.T, endpoint string, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithEndpoint(endpoint), WithCredentials(StaticCredentials("id", "key", "")),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	require.NoError(t, err)
	return c
}

// hangUp closes the connection without a reply, after the request was read.
func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func TestBilledActionNotRetriedAfterAmbiguousFailure(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { hangUp(w) })
	c := retryClient(t, srv.URL)
	_, err := c.callWith(context.Background(), "IdCardVerification", map[string]string{"IdCard": "x"}, replyDecoder{})
	var tErr *TransportError
	require.ErrorAs(t, err, &tErr)
	assert.Equal(t, 1, calls(), "a billed verification is never sent twice after a reset")

	_, err = c.callWith(context.Background(), "GetDetectInfoEnhanced", map[string]string{"BizToken": "x"}, replyDecoder{})
	var rErr *RetryError
	require.ErrorAs(t, err, &rErr)
	assert.Equal(t, 3, rErr.Attempts)
	assert.Equal(t, 4, calls(), "a free read is retried")
}

func TestBilledActionRetriedWhenNotProcessed(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			_, _ = w.Write([]byte(`{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r1"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"Response":{"Result":"0","RequestId":"r2"}}`))
	})
	c := retryClient(t, srv.URL)
	meta, err := c.callWith(context.Background(), "IdCardVerification", map[string]string{"IdCard": "x"}, replyDecoder{})
	require.NoError(t, err)
	assert.Equal(t, "r2", meta.requestID)
	assert.Equal(t, 2, calls(), "throttling proves the request was not processed")
}

func TestStreamNotRetriedAfterSinkUsed(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	body := []byte(fx.Response.Body)
	cut := bytes.Index(body, []byte(`"VideoData"`))
	srv, calls := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body[:cut])
	})
	c := retryClient(t, srv.URL)
	items := 0
	_, err := c.GetDetectInfoEnhancedStream(context.Background(), validEnhancedRequest(), func(MediaRef) (io.Writer, error) {
		items++
		return io.Discard, nil
	})
	require.Error(t, err)
	assert.Equal(t, 1, calls(), "media already went to the sink: no second attempt")
	assert.Positive(t, items)

	// The in-memory call of the same reply is a free read: retried.
	_, err = c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	require.Error(t, err)
	assert.Equal(t, 4, calls())
}

func TestRetryBudgetStopsStorms(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("<html>down</html>"))
	})
	c := retryClient(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, Budget: 12}))
	for range 5 {
		_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
		require.Error(t, err)
	}
	// 12 tokens pay for two retries of 5: 5 calls + 2 retries.
	assert.Equal(t, 7, calls())
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	assert.NotErrorAs(t, err, new(*RetryError))
}

func TestRetriedDetectAuthStartsClean(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		if n == 1 { // the token arrives, then the reply is cut
			w.Header().Set("Content-Length", "200")
			_, _ = w.Write([]byte(`{"Response":{"BizToken":"HALF","Url":"https://h5.example/HALF"`))
			return
		}
		_, _ = w.Write([]byte(`{"Response":{"BizToken":"WHOLE","RequestId":"r2"}}`))
	})
	c := retryClient(t, srv.URL)
	auth, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	assert.Equal(t, "WHOLE", auth.BizToken)
	assert.Empty(t, auth.URL, "nothing of the failed attempt is kept")
}
