package faceidtest_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func TestConcurrentDetectAuth(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	const n = 50
	tokens := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := c.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", Extra: fmt.Sprint("order-", i)})
			errs[i] = err
			if err == nil {
				tokens[i] = resp.BizToken
				errs[i] = s.Complete(resp.BizToken, faceidtest.Fail(2006+i%2*10))
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		require.NoError(t, errs[i])
		assert.False(t, seen[tokens[i]], "tokens are unique")
		seen[tokens[i]] = true
	}
	infos := s.Tokens()
	require.Len(t, infos, n)
	byToken := map[string]faceidtest.TokenInfo{}
	for _, ti := range infos {
		byToken[ti.BizToken] = ti
	}
	for i, tok := range tokens {
		assert.Equal(t, fmt.Sprint("order-", i), byToken[tok].Extra)
		assert.Equal(t, []faceidtest.Outcome{faceidtest.Fail(2006 + i%2*10)}, byToken[tok].Attempts)
	}
	assert.Len(t, s.Calls(), n)
}

func TestStartOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.com:80", "no-port"} {
		s := faceidtest.NewUnstartedServer()
		err := s.StartOn(addr)
		require.Error(t, err, addr)
		assert.Empty(t, s.URL())
		s.Close()
	}

	s := faceidtest.NewUnstartedServer()
	defer s.Close()
	assert.Panics(t, func() { s.Client(noRetry) }, "not started")
	require.NoError(t, s.StartOn("localhost:0"))
	assert.Error(t, s.StartOn("127.0.0.1:0"), "already started")
	_, err := s.Client(noRetry).DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)

	s.Close()
	s.Close() // idempotent
	assert.Error(t, s.StartOn("127.0.0.1:0"), "closed")
}

func TestHandlerMountedElsewhere(t *testing.T) {
	s := faceidtest.NewUnstartedServer(faceidtest.WithClock(faceidtest.NewClock(testStart)))
	defer s.Close()
	outer := httptest.NewServer(s.Handler())
	defer outer.Close()

	c, err := faceid.NewClient(
		faceid.WithEndpoint(outer.URL),
		faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, faceidtest.DefaultSecretKey, "")),
		faceid.WithClock(s.Clock().Now),
		faceid.WithHTTPClient(outer.Client()),
	)
	require.NoError(t, err)
	auth, err := c.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	assert.Equal(t, outer.URL+"/h5/"+auth.BizToken, auth.URL, "Url built from the Host header")

	resp, err := outer.Client().Get(auth.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestCustomCredentials(t *testing.T) {
	s := newServer(t, faceidtest.WithCredentials("AKIDmerchantTest000000000000000000000", "merchant-test-key"))
	assert.Equal(t, "AKIDmerchantTest000000000000000000000", s.Credentials().SecretID)
	_, err := s.Client(noRetry).DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, err)
	old := s.Client(noRetry, faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, faceidtest.DefaultSecretKey, "")))
	_, err = old.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	requireAPIError(t, err, codes.AuthFailureSecretIDNotFound)
}

func TestInvalidOptionsPanic(t *testing.T) {
	for want, opt := range map[string]faceidtest.Option{
		`faceidtest: WithRule: Rule.ID must not be empty`:                         faceidtest.WithRule(faceidtest.Rule{}),
		`faceidtest: WithRule: rule "x": Intention 9 is not an intention mode`:    faceidtest.WithRule(faceidtest.Rule{ID: "x", Intention: 9}),
		`faceidtest: WithRule: rule "x": LivenessMode 6 is not 0 to 5`:            faceidtest.WithRule(faceidtest.Rule{ID: "x", LivenessMode: 6}),
		`faceidtest: WithCredentials: SecretId and SecretKey must not be empty`:   faceidtest.WithCredentials("AKID", ""),
		`faceidtest: WithClock: clock is nil`:                                     faceidtest.WithClock(nil),
		`faceidtest: WithMediaSizes: sizes must be between 0 and 268435456 bytes`: faceidtest.WithMediaSizes(-1, 0),
	} {
		assert.PanicsWithError(t, want, func() { faceidtest.NewUnstartedServer(opt) })
	}
}

func TestMediaSizes(t *testing.T) {
	const frameBytes, videoBytes = 300_000, 2_000_000
	s := newServer(t, faceidtest.WithMediaSizes(frameBytes, videoBytes))
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", BestFramesCount: 2,
		IsCutIDCardImage: true, IsNeedIDCardAvatar: true})

	jpegs := [][]byte{info.BestFrame.BestFrame, info.IDCardData.OcrFront, info.IDCardData.OcrBack,
		info.IDCardData.ProcessedFrontImage, info.IDCardData.ProcessedBackImage, info.IDCardData.Avatar}
	jpegs = append(jpegs, info.BestFrame.BestFrames...)
	for _, img := range jpegs {
		assert.Len(t, img, frameBytes)
		requireJPEG(t, img)
		assert.True(t, bytes.HasSuffix(img, []byte{0xFF, 0xD9}), "EOI kept")
	}
	assert.Len(t, info.VideoData.LivenessVideo, videoBytes)
	requireMP4(t, info.VideoData.LivenessVideo)
	assert.Equal(t, "free", string(info.VideoData.LivenessVideo[2202+4:2202+8]), "padding is a free box after the original file")
}

func TestNaturalMediaIsSmall(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", BestFramesCount: 10})
	for _, f := range append([][]byte{info.BestFrame.BestFrame, info.IDCardData.OcrFront}, info.BestFrame.BestFrames...) {
		assert.Less(t, len(f), 8<<10)
		assert.Greater(t, len(f), 500)
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil))
	s := newServer(t, faceidtest.WithLogger(logger))
	_, err := s.Client(noRetry).DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", Name: "王测试", IDCard: testIDCard})
	require.NoError(t, err)
	s.Close()
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	assert.Contains(t, out, "action=DetectAuth")
	assert.Contains(t, out, "request_id=")
	assert.NotContains(t, out, "王测试")
	assert.NotContains(t, out, testIDCard)
	assert.NotContains(t, out, faceidtest.DefaultSecretKey)
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestNoGoroutinesLeftAfterClose(t *testing.T) {
	s := faceidtest.NewServer()
	c := s.Client(noRetry)
	ctx := context.Background()
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	_, err := c.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})
	require.NoError(t, err)
	for _, kind := range []faceidtest.FaultKind{faceidtest.FaultConnectionReset, faceidtest.FaultTruncatedJSON, faceidtest.FaultBadGateway} {
		s.InjectFault(faceidtest.Fault{Kind: kind})
		_, err = c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
		require.Error(t, err)
	}
	hc := httpClient(t)
	resp, err := hc.Get(s.URL() + "/h5/" + token)
	require.NoError(t, err)
	resp.Body.Close()
	hc.CloseIdleConnections()
	s.InjectFault(faceidtest.Fault{Kind: faceidtest.FaultDelay, Delay: time.Hour})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	}()
	require.Eventually(t, func() bool { return s.PendingFaults() == 0 }, 5*time.Second, time.Millisecond)
	s.Close()
	<-done

	// Nothing of the server or of its clients' transports may be left.
	var leaked []string
	ok := assert.Eventually(t, func() bool {
		leaked = leakedGoroutines()
		return len(leaked) == 0
	}, 5*time.Second, 10*time.Millisecond)
	if !ok {
		t.Logf("leaked goroutines:\n%s", strings.Join(leaked, "\n\n"))
	}
}

// leakedGoroutines returns the stacks of other goroutines running net/http
// or this package's code.
func leakedGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "TestNoGoroutinesLeftAfterClose") {
			continue // the test itself and its polling
		}
		if strings.Contains(g, "net/http.") || strings.Contains(g, "faceid-go/faceid") {
			out = append(out, g)
		}
	}
	return out
}
