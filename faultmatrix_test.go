package faceid_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// Personal data and secrets the matrix must never leak.
const (
	matrixName   = "测试隐私"
	matrixIDCard = "440305198504120265"
)

// fastRetry keeps the matrix quick: millisecond waits, 3 attempts.
var fastRetry = faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})

// logSink collects everything the client logs and every error it returns.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) record(err error) {
	if err != nil {
		fmt.Fprintf(s, "%v\n%+v\n%#v\n", err, err, err)
	}
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// matrixCase is one row of the fault matrix.
type matrixCase struct {
	name string
	// run performs the call and checks its outcome; it returns the error
	// of the call for the privacy check.
	run func(t *testing.T, logger *slog.Logger) error
}

// sandboxFlow starts a flow on a sandbox and completes it, returning the
// client options to use and the token.
func sandboxFlow(t *testing.T, srv *faceidtest.Server) string {
	t.Helper()
	setup := srv.Client()
	auth, err := setup.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", Name: matrixName, IDCard: matrixIDCard})
	require.NoError(t, err)
	require.NoError(t, srv.Complete(auth.BizToken, faceidtest.Pass()))
	return auth.BizToken
}

func attemptsOf(err error) int {
	var re *faceid.RetryError
	if errors.As(err, &re) {
		return re.Attempts
	}
	return 1
}

func faultCase(name string, fault faceidtest.Fault, wantCalls int, check func(t *testing.T, res *faceid.DetectInfo, err error), opts ...faceid.Option) matrixCase {
	return matrixCase{name: name, run: func(t *testing.T, logger *slog.Logger) error {
		srv := faceidtest.NewServer()
		defer srv.Close()
		token := sandboxFlow(t, srv)
		before := len(srv.Calls())
		srv.InjectFault(fault)
		client := srv.Client(append([]faceid.Option{fastRetry, faceid.WithLogger(logger)}, opts...)...)
		defer client.CloseIdleConnections()
		res, err := client.GetDetectInfoEnhanced(context.Background(), &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
		check(t, res, err)
		assert.Equal(t, wantCalls, len(srv.Calls())-before, "calls that reached the sandbox")
		return err
	}}
}

func passed(t *testing.T, res *faceid.DetectInfo, err error) {
	t.Helper()
	require.NoError(t, err)
	assert.True(t, res.Verdict().Passed)
}

func faultMatrix() []matrixCase {
	return []matrixCase{
		faultCase("throttled then OK", faceidtest.Fault{Kind: faceidtest.FaultRateLimited}, 2, passed),
		faultCase("internal error then OK", faceidtest.Fault{Kind: faceidtest.FaultInternalError}, 2, passed),
		faultCase("502 HTML page then OK", faceidtest.Fault{Kind: faceidtest.FaultBadGateway}, 2, passed),
		faultCase("503 HTML page then OK", faceidtest.Fault{Kind: faceidtest.FaultServiceUnavailable}, 2, passed),
		faultCase("502 three times: gives up", faceidtest.Fault{Kind: faceidtest.FaultBadGateway, Count: 3}, 3,
			func(t *testing.T, _ *faceid.DetectInfo, err error) {
				var httpErr *faceid.HTTPError
				require.ErrorAs(t, err, &httpErr)
				assert.Equal(t, 502, httpErr.StatusCode)
				assert.Equal(t, 3, attemptsOf(err))
				assert.Contains(t, err.Error(), "gave up after 3 attempts")
			}),
		faultCase("truncated body then OK (read action)", faceidtest.Fault{Kind: faceidtest.FaultTruncatedJSON}, 2, passed),
		faultCase("reset mid-reply then OK (read action)", faceidtest.Fault{Kind: faceidtest.FaultConnectionReset}, 2, passed),
		faultCase("slow reply past the timeout then OK", faceidtest.Fault{Kind: faceidtest.FaultDelay, Delay: 2 * time.Second}, 2, passed,
			faceid.WithTimeout(200*time.Millisecond)),
		{name: "invalid JSON", run: func(t *testing.T, logger *slog.Logger) error {
			calls := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				calls++
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"Response":{"Text":{"ErrCode":0,}}}`))
			}))
			defer srv.Close()
			client := plainClient(t, srv.URL, logger)
			_, err := client.GetDetectInfoEnhanced(context.Background(), &faceid.GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1"})
			var dErr *faceid.DecodeError
			require.ErrorAs(t, err, &dErr)
			assert.Equal(t, 1, calls, "a malformed reply is not retried")
			return err
		}},
		{name: "reply too large", run: func(t *testing.T, logger *slog.Logger) error {
			srv := faceidtest.NewServer(faceidtest.WithMediaSizes(64<<10, 1<<20))
			defer srv.Close()
			token := sandboxFlow(t, srv)
			client := srv.Client(fastRetry, faceid.WithLogger(logger), faceid.WithMaxResponseBytes(256<<10))
			defer client.CloseIdleConnections()
			_, err := client.GetDetectInfoEnhanced(context.Background(), &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
			assert.ErrorIs(t, err, faceid.ErrResponseTooLarge)
			assert.Equal(t, 1, attemptsOf(err))
			return err
		}},
		{name: "connection refused", run: func(t *testing.T, logger *slog.Logger) error {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			addr := ln.Addr().String()
			require.NoError(t, ln.Close())
			client := plainClient(t, "http://"+addr, logger)
			_, err = client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", Name: matrixName, IDCard: matrixIDCard})
			var tErr *faceid.TransportError
			require.ErrorAs(t, err, &tErr)
			assert.True(t, tErr.NotSent())
			assert.Equal(t, 3, attemptsOf(err), "never sent: retried")
			return err
		}},
		{name: "context cancelled during back-off", run: func(t *testing.T, logger *slog.Logger) error {
			srv := faceidtest.NewServer()
			defer srv.Close()
			srv.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultRateLimited, Count: 5})
			client := srv.Client(faceid.WithLogger(logger),
				faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}))
			defer client.CloseIdleConnections()
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Name: matrixName, IDCard: matrixIDCard})
			// Full jitter may draw a near-zero wait; either way the call ends
			// with the deadline long before an hour, and no later attempt
			// starts after it.
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.ErrorIs(t, err, faceid.ErrRateLimited, "the last cause is kept")
			return err
		}},
		{name: "wrong credentials", run: func(t *testing.T, logger *slog.Logger) error {
			srv := faceidtest.NewServer()
			defer srv.Close()
			client := srv.Client(fastRetry, faceid.WithLogger(logger),
				faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, "not-the-key", "")))
			defer client.CloseIdleConnections()
			_, err := client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", Name: matrixName, IDCard: matrixIDCard})
			assert.ErrorIs(t, err, faceid.ErrAuthFailure)
			assert.Equal(t, 1, attemptsOf(err))
			assert.Len(t, srv.Calls(), 1)
			return err
		}},
		{name: "skewed clock", run: func(t *testing.T, logger *slog.Logger) error {
			srv := faceidtest.NewServer()
			defer srv.Close()
			skewed := func() time.Time { return srv.Clock().Now().Add(-17 * time.Minute) }
			client := srv.Client(fastRetry, faceid.WithLogger(logger), faceid.WithClock(skewed))
			defer client.CloseIdleConnections()
			auth, err := client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", Name: matrixName, IDCard: matrixIDCard})
			require.NoError(t, err, "re-signed with the server's time")
			assert.NotEmpty(t, auth.BizToken)
			calls := srv.Calls()
			require.Len(t, calls, 2)
			assert.Equal(t, codes.AuthFailureSignatureExpire, calls[0].ErrorCode)
			_, err = client.GetDetectInfoEnhanced(context.Background(), &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1"})
			require.NoError(t, err)
			assert.Len(t, srv.Calls(), 3, "the offset is remembered: no second skew failure")
			return nil
		}},
		{name: "expired token credential", run: func(t *testing.T, logger *slog.Logger) error {
			srv := faceidtest.NewServer(faceidtest.WithClock(faceidtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))))
			defer srv.Close()
			var issued []faceid.Credentials
			cache, err := faceid.NewCachedCredentials(func(context.Context) (faceid.Credentials, time.Time, error) {
				cred, expires := srv.IssueTemporaryCredentials(time.Hour)
				issued = append(issued, cred)
				return cred, expires, nil
			}, faceid.WithCacheClock(func() time.Time {
				// This host runs 10 minutes slow: the cache serves a token
				// the server already counts as expired.
				return srv.Clock().Now().Add(-10 * time.Minute)
			}))
			require.NoError(t, err)
			client := srv.Client(faceid.WithCredentials(cache), fastRetry, faceid.WithLogger(logger))
			req := &faceid.DetectAuthRequest{RuleID: "1", Name: matrixName, IDCard: matrixIDCard}
			_, err = client.DetectAuth(context.Background(), req)
			require.NoError(t, err)
			srv.Clock().Advance(61 * time.Minute)
			auth, err := client.DetectAuth(context.Background(), req)
			require.NoError(t, err)
			assert.NotEmpty(t, auth.BizToken)
			require.Len(t, issued, 2, "TokenFailure made the cache refresh once")
			assert.NotEqual(t, issued[0].Token, issued[1].Token)
			seen := []string{}
			for _, call := range srv.Calls() {
				seen = append(seen, call.ErrorCode)
			}
			assert.Equal(t, []string{"", codes.AuthFailureTokenFailure, ""}, seen)
			return nil
		}},
	}
}

// TestFaultMatrix runs every fault with debug logging on, checks each
// outcome, that no goroutine is left behind and that nothing it printed or
// returned carries the secret key, the ID number or the name.
func TestFaultMatrix(t *testing.T) {
	sink := &logSink{}
	logger := slog.New(slog.NewTextHandler(sink, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, tc := range faultMatrix() {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			sink.record(tc.run(t, logger))
		})
	}
	out := sink.String()
	assert.Contains(t, out, "level=DEBUG", "debug logging was on")
	// The sandbox's temporary keys and tokens are random after these prefixes.
	for _, secret := range []string{faceidtest.DefaultSecretKey, "sandbox-tmp-key-", "sandbox-tmp-token-", "not-the-key", "matrix-secret", matrixIDCard, matrixName} {
		assert.Equal(t, 0, strings.Count(out, secret), "leaked %q", secret)
	}
}

func plainClient(t *testing.T, endpoint string, logger *slog.Logger) *faceid.Client {
	t.Helper()
	client, err := faceid.NewClient(faceid.WithEndpoint(endpoint),
		faceid.WithCredentials(faceid.StaticCredentials("AKIDmatrix", "matrix-secret", "")), fastRetry, faceid.WithLogger(logger))
	require.NoError(t, err)
	t.Cleanup(client.CloseIdleConnections)
	return client
}

// TestSkewLearntWithRetriesOff: with retries off the call that meets
// SignatureExpire fails, but the client learns the server's time and the
// next call signs right.
func TestSkewLearntWithRetriesOff(t *testing.T) {
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client(faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1}),
		faceid.WithClock(func() time.Time { return srv.Clock().Now().Add(time.Hour) }))
	defer client.CloseIdleConnections()
	_, err := client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	require.Error(t, err)
	var apiErr *faceid.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, codes.AuthFailureSignatureExpire, apiErr.Code)
	_, err = client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	assert.NoError(t, err)
}
