package faceidtest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func TestFaultsSeenThroughTheSDK(t *testing.T) {
	for _, tc := range []struct {
		kind  faceidtest.FaultKind
		check func(t *testing.T, err error)
	}{
		{faceidtest.FaultRateLimited, func(t *testing.T, err error) {
			apiErr := requireAPIError(t, err, codes.RequestLimitExceeded)
			assert.ErrorIs(t, err, faceid.ErrRateLimited)
			assert.True(t, apiErr.Retryable())
		}},
		{faceidtest.FaultInternalError, func(t *testing.T, err error) {
			requireAPIError(t, err, codes.InternalError)
			assert.ErrorIs(t, err, faceid.ErrServerError)
			assert.True(t, faceid.IsRetryable(err))
		}},
		{faceidtest.FaultBadGateway, func(t *testing.T, err error) {
			var httpErr *faceid.HTTPError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, 502, httpErr.StatusCode)
			assert.Equal(t, "text/html", httpErr.ContentType)
			assert.Contains(t, httpErr.Sample, "502 Bad Gateway")
			assert.True(t, httpErr.Retryable())
		}},
		{faceidtest.FaultServiceUnavailable, func(t *testing.T, err error) {
			var httpErr *faceid.HTTPError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, 503, httpErr.StatusCode)
			assert.ErrorIs(t, err, faceid.ErrServerError)
		}},
		{faceidtest.FaultTruncatedJSON, func(t *testing.T, err error) {
			var decErr *faceid.DecodeError
			require.ErrorAs(t, err, &decErr)
			assert.Positive(t, decErr.Offset)
		}},
		{faceidtest.FaultConnectionReset, func(t *testing.T, err error) {
			var tErr *faceid.TransportError
			require.ErrorAs(t, err, &tErr)
			assert.False(t, tErr.NotSent(), "the request was sent")
		}},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			s := newServer(t)
			c := s.Client(noRetry)
			ctx := context.Background()
			s.InjectFault(faceidtest.Fault{Action: "DetectAuth", Kind: tc.kind, Count: 2})
			assert.Equal(t, 2, s.PendingFaults())

			for i := range 2 {
				_, err := c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
				require.Error(t, err, "call %d", i)
				tc.check(t, err)
			}
			assert.Equal(t, 0, s.PendingFaults())
			_, err := c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
			require.NoError(t, err, "the fault is used up")

			calls := s.Calls()
			require.Len(t, calls, 3)
			assert.Equal(t, tc.kind, calls[0].Fault)
			assert.Equal(t, tc.kind, calls[1].Fault)
			assert.Zero(t, calls[2].Fault)
		})
	}
}

func TestFaultOnlyMatchesItsAction(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()
	s.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultInternalError})

	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	assert.Equal(t, 1, s.PendingFaults(), "DetectAuth does not use it")
	_, err := c.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
	requireAPIError(t, err, codes.InternalError)
	_, err = c.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
	require.NoError(t, err)
}

func TestFaultsApplyBeforeAuth(t *testing.T) {
	s := newServer(t)
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultRateLimited})
	bad := s.Client(noRetry, faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, "wrong", "")))
	_, err := bad.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	requireAPIError(t, err, codes.RequestLimitExceeded)
}

func TestTruncatedReplyStillProcessed(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	s.InjectFault(faceidtest.Fault{Action: "DetectAuth", Kind: faceidtest.FaultTruncatedJSON})
	_, err := c.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	var decErr *faceid.DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Len(t, s.Tokens(), 1, "the server created the token before the reply was cut")
	calls := s.Calls()
	require.Len(t, calls, 1)
	assert.Equal(t, 200, calls[0].Status)
	assert.NotEmpty(t, calls[0].RequestID)
}

func TestFaultTruncatedLargeResult(t *testing.T) {
	s := newServer(t, faceidtest.WithMediaSizes(64<<10, 512<<10))
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultTruncatedJSON})
	info, err := c.GetDetectInfoEnhanced(context.Background(), &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
	var decErr *faceid.DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Nil(t, info, "a cut-off reply returns no result to judge")
	assert.Greater(t, decErr.Offset, int64(100<<10))
}

func TestFaultDelay(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()

	// A delay shorter than the client's timeout only slows the call down.
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultDelay, Delay: 50 * time.Millisecond})
	start := time.Now()
	_, err := s.Client(noRetry).DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)

	// A longer one trips faceid.WithTimeout.
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultDelay, Delay: time.Minute})
	c := s.Client(noRetry, faceid.WithTimeout(100*time.Millisecond))
	start = time.Now()
	_, err = c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	var tErr *faceid.TransportError
	require.ErrorAs(t, err, &tErr)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Equal(t, 0, s.PendingFaults())

	// Delay combines with other kinds.
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultInternalError, Delay: 20 * time.Millisecond})
	_, err = s.Client(noRetry).DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	requireAPIError(t, err, codes.InternalError)
}

func TestCloseEndsDelayedRequests(t *testing.T) {
	s := faceidtest.NewServer()
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultDelay, Delay: time.Hour})
	done := make(chan error, 1)
	go func() {
		_, err := s.Client(noRetry).DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
		done <- err
	}()
	require.Eventually(t, func() bool { return s.PendingFaults() == 0 }, 5*time.Second, 5*time.Millisecond)
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the delayed request")
	}
	err := <-done
	var tErr *faceid.TransportError
	assert.True(t, errors.As(err, &tErr), "got %v", err)
}

func TestInjectFaultRejectsNonsense(t *testing.T) {
	s := newServer(t)
	assert.Panics(t, func() { s.InjectFault(faceidtest.Fault{}) })
	assert.Panics(t, func() { s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultDelay, Delay: -1}) })
	assert.Equal(t, "truncated-json", faceidtest.FaultTruncatedJSON.String())
	assert.Equal(t, "FaultKind(99)", faceidtest.FaultKind(99).String())
}
