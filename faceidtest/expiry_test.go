package faceidtest_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func TestVerificationWindow(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)

	inTime := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	ti, ok := s.Token(inTime)
	require.True(t, ok)
	assert.Equal(t, testStart, ti.CreatedAt)
	assert.Equal(t, testStart.Add(7200*time.Second), ti.VerifyUntil)
	assert.Equal(t, testStart.Add(72*time.Hour), ti.ResultsUntil)

	s.Clock().Advance(7199 * time.Second)
	late := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"}) // created at 7,199 s
	require.NoError(t, s.Complete(inTime, faceidtest.Pass()), "last second of the window")

	s.Clock().Advance(time.Second) // 7,200 s after the first token
	err := s.Complete(inTime, faceidtest.Fail(2006))
	assert.ErrorIs(t, err, faceidtest.ErrVerificationExpired)
	_, err = s.CompleteAuto(inTime)
	assert.ErrorIs(t, err, faceidtest.ErrVerificationExpired)
	require.NoError(t, s.Complete(late, faceidtest.Pass()), "the later token is still young")

	// The hosted page refuses the expired link, GET and POST alike.
	hc := httpClient(t)
	resp, err := hc.Get(s.URL() + "/h5/" + inTime)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusGone, resp.StatusCode)
	resp, err = hc.PostForm(s.URL()+"/h5/"+inTime, url.Values{"token": {inTime}, "outcome": {"0"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusGone, resp.StatusCode)

	// The result recorded within the window is still there.
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: inTime, RuleID: "1", InfoType: "1"})
	assert.True(t, info.Verdict().Passed)
	assert.Len(t, info.Text.LivenessDetail, 1)

	assert.ErrorIs(t, s.Complete("00000000-0000-4000-8000-000000000000", faceidtest.Pass()), faceidtest.ErrUnknownBizToken)
}

func TestResultRetention(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	ctx := context.Background()
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: "1"}

	s.Clock().Advance(72*time.Hour - time.Second)
	assert.True(t, result(t, c, req).Verdict().Passed)
	_, err := c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: token, RuleID: "1"})
	require.NoError(t, err)

	s.Clock().Advance(time.Second)
	_, err = c.GetDetectInfoEnhanced(ctx, req)
	assert.ErrorIs(t, err, faceid.ErrBizTokenExpired)
	apiErr := requireAPIError(t, err, codes.BizTokenExpired)
	assert.Equal(t, "BizToken过期。", apiErr.Message)
	_, err = c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: token, RuleID: "1"})
	assert.ErrorIs(t, err, faceid.ErrBizTokenExpired)
}

func TestUnfinishedFlowStaysPendingAfterWindow(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1", Extra: "x"})
	s.Clock().Advance(3 * time.Hour)
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
	assert.True(t, info.Verdict().Pending)
	assert.Equal(t, "x", info.Text.Extra)
}

func TestClock(t *testing.T) {
	c := faceidtest.NewClock(testStart)
	assert.Equal(t, testStart, c.Now())
	c.Advance(time.Hour)
	assert.Equal(t, testStart.Add(time.Hour), c.Now())
	c.Set(testStart.Add(-time.Minute))
	assert.Equal(t, testStart.Add(-time.Minute), c.Now())

	w := faceidtest.NewWallClock()
	assert.WithinDuration(t, time.Now(), w.Now(), time.Second)
	w.Advance(time.Hour)
	assert.WithinDuration(t, time.Now().Add(time.Hour), w.Now(), time.Second)
	w.Set(testStart)
	assert.WithinDuration(t, testStart, w.Now(), time.Second)
	assert.False(t, strings.Contains(w.Now().String(), "m="), "no monotonic reading")
}
