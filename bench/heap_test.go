package bench

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
)

// allocated returns the bytes allocated on the heap, by any goroutine,
// while fn runs: an upper bound of how much the heap can have grown.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// heapLimit is the most a reply of n bytes may make the heap grow.
func heapLimit(n int) uint64 { return uint64(2*n + 1<<20) }

// TestPeakHeapBoundedByBytesReceived checks the bound, peak heap at
// most 2×N + 1 MiB for a reply of N bytes, on replies served over HTTP to
// a new client (empty pools: the worst case). N is the bytes sent on the
// wire; everything the process allocates during the call counts, the test
// server's share included.
func TestPeakHeapBoundedByBytesReceived(t *testing.T) {
	rep, gz := enhancedReply6MiB()
	for _, mode := range httpModes {
		t.Run("6MiB-result/"+mode, func(t *testing.T) {
			c := httpClient(t, replyServer(t, mode, rep.body, gz))
			wire := len(rep.body)
			if mode == gzipped {
				wire = len(gz)
			}
			req := enhancedRequest
			var info *faceid.DetectInfo
			var err error
			got := allocated(func() { info, err = c.GetDetectInfoEnhanced(context.Background(), &req) })
			if err != nil || len(info.VideoData.LivenessVideo) != len(rep.video) {
				t.Fatal(err)
			}
			t.Logf("%d bytes allocated for a %d-byte reply (%d on the wire), %d of media", got, len(rep.body), wire, rep.decodedSize())
			if got > heapLimit(wire) {
				t.Errorf("allocated %d bytes, want at most %d", got, heapLimit(wire))
			}
		})
	}

	t.Run("LivenessDetail-flood-32MiB", func(t *testing.T) {
		flood := livenessFlood(32 * mib)
		c := httpClient(t, replyServer(t, contentLength, flood, nil))
		req := enhancedRequest
		var err error
		got := allocated(func() { _, err = c.GetDetectInfoEnhanced(context.Background(), &req) })
		if err == nil {
			t.Error("a reply with millions of attempts was accepted")
		}
		t.Logf("%d bytes allocated for a %d-byte reply (%v)", got, len(flood), err)
		if got > heapLimit(len(flood)) {
			t.Errorf("allocated %d bytes, want at most %d", got, heapLimit(len(flood)))
		}
	})

	// A reply that declares 64 MiB, sends the start of a video and stalls
	// until the call gives up.
	video := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x00, 0x00, 0x00, 0x20, 'f', 't', 'y', 'p'}, 4<<10))
	stalls := []struct {
		name string
		head string
		call func(context.Context, *faceid.Client) error
	}{
		{"stalled-64MiB-declared/enhanced", `{"Response":{"VideoData":{"LivenessVideo":"` + video,
			func(ctx context.Context, c *faceid.Client) error {
				req := enhancedRequest
				_, err := c.GetDetectInfoEnhanced(ctx, &req)
				return err
			}},
		{"stalled-64MiB-declared/legacy", `{"Response":{"DetectInfo":"{\"VideoData\":{\"LivenessVideo\":\"` + video,
			func(ctx context.Context, c *faceid.Client) error {
				_, err := c.GetDetectInfo(ctx, &faceid.GetDetectInfoRequest{BizToken: enhancedRequest.BizToken, RuleID: "1"})
				return err
			}},
	}
	for _, s := range stalls {
		t.Run(s.name, func(t *testing.T) {
			srv := stallServer(t, 64*mib, []byte(s.head))
			c := httpClient(t, srv)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			var err error
			got := allocated(func() { err = s.call(ctx, c) })
			if err == nil {
				t.Fatal("a stalled reply decoded without error")
			}
			t.Logf("%d bytes allocated after %d bytes received (%v)", got, len(s.head), err)
			if got > heapLimit(len(s.head)) {
				t.Errorf("allocated %d bytes, want at most %d", got, heapLimit(len(s.head)))
			}
		})
	}
}

// livenessFlood returns a reply of about size bytes whose
// Text.LivenessDetail is a list of empty objects.
func livenessFlood(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 100)
	b.WriteString(`{"Response":{"Text":{"ErrCode":0,"LivenessDetail":[{}`)
	for b.Len() < size {
		b.WriteString(`,{}`)
	}
	b.WriteString(`]},"RequestId":"4226f900-0061-4939-ae27-6488783d491c"}}`)
	return b.Bytes()
}

// stallServer starts a server that answers every request with a declared
// Content-Length of length, sends head and then nothing more until the
// client goes away.
func stallServer(tb testing.TB, length int, head []byte) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(length))
		_, _ = w.Write(head)
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	}))
	tb.Cleanup(srv.Close)
	return srv
}
