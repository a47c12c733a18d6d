package faceid

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loopbackServer serves replies chosen by the X-TC-Action header and counts
// the connections it accepts.
type loopbackServer struct {
	*httptest.Server
	newConns atomic.Int64
	mu       sync.Mutex
	replies  map[string]loopbackReply
}

type loopbackReply struct {
	status      int
	contentType string
	body        []byte
}

func newLoopbackServer(t *testing.T) *loopbackServer {
	t.Helper()
	s := &loopbackServer{replies: map[string]loopbackReply{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		rep := s.replies[r.Header.Get("X-TC-Action")]
		s.mu.Unlock()
		w.Header().Set("Content-Type", rep.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
		w.WriteHeader(rep.status)
		_, _ = w.Write(rep.body)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.newConns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *loopbackServer) reply(action string, status int, contentType string, body []byte) {
	s.mu.Lock()
	s.replies[action] = loopbackReply{status, contentType, body}
	s.mu.Unlock()
}

// TestSequentialCallsReuseOneConnection makes calls of every outcome
// (success, API error, HTTP error, malformed reply, aborted stream) one
// after another through the client's own transport and checks that the
// server saw a single connection.
func TestSequentialCallsReuseOneConnection(t *testing.T) {
	srv := newLoopbackServer(t)
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")))
	require.NoError(t, err)
	ctx := context.Background()
	auth := loadFixture(t, "DetectAuth/plain.json")
	media := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	authReq := &DetectAuthRequest{RuleID: "1"}

	srv.reply("DetectAuth", http.StatusOK, "application/json", auth.Response.Body)
	srv.reply("GetDetectInfoEnhanced", http.StatusOK, "application/json", media.Response.Body)
	for range 10 {
		_, err := c.DetectAuth(ctx, authReq)
		require.NoError(t, err)
		info, err := c.GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
		require.NoError(t, err)
		require.NotEmpty(t, info.VideoData.LivenessVideo)
	}

	// A stream the sink aborts at the first frame: the rest of the reply
	// is still read, so the connection stays usable.
	_, err = c.GetDetectInfoEnhancedStream(ctx, &testEnhancedRequest, func(MediaRef) (io.Writer, error) {
		return nil, errors.New("stop")
	})
	var sinkErr *MediaSinkError
	require.ErrorAs(t, err, &sinkErr)

	expired := loadFixture(t, "GetDetectInfoEnhanced/biz-token-expired.json")
	srv.reply("GetDetectInfoEnhanced", http.StatusOK, "application/json", expired.Response.Body)
	_, err = c.GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
	require.ErrorIs(t, err, ErrBizTokenExpired)

	srv.reply("DetectAuth", http.StatusBadGateway, "text/html", []byte("<html>bad gateway</html>"))
	_, err = c.DetectAuth(ctx, authReq)
	var httpErr *HTTPError
	require.ErrorAs(t, err, &httpErr)

	srv.reply("DetectAuth", http.StatusOK, "application/json", []byte(`{"Response":{"BizToken":[}}`))
	_, err = c.DetectAuth(ctx, authReq)
	var decErr *DecodeError
	require.ErrorAs(t, err, &decErr)

	srv.reply("DetectAuth", http.StatusOK, "application/json", auth.Response.Body)
	got, err := c.DetectAuth(ctx, authReq)
	require.NoError(t, err)
	assert.NotEmpty(t, got.BizToken)

	assert.Equal(t, int64(1), srv.newConns.Load(), "connections opened for 26 sequential calls")
}

// TestConnectionReusedPerTrace checks reuse from the client side with
// httptrace: every call after the first gets a reused connection.
func TestConnectionReusedPerTrace(t *testing.T) {
	srv := newLoopbackServer(t)
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")))
	require.NoError(t, err)
	srv.reply("DetectAuth", http.StatusOK, "application/json", loadFixture(t, "DetectAuth/plain.json").Response.Body)
	for i := range 5 {
		var reused, got bool
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(info httptrace.GotConnInfo) { got, reused = true, info.Reused },
		})
		_, err := c.DetectAuth(ctx, &DetectAuthRequest{RuleID: "1"})
		require.NoError(t, err)
		require.True(t, got)
		assert.Equal(t, i > 0, reused, "call %d", i)
	}
}
