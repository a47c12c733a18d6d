package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/faceid-go/faceid"
)

// How an HTTP server sends a reply.
const (
	contentLength = "content-length" // the body whole, its length declared
	chunked       = "chunked"        // Transfer-Encoding: chunked, in 32 KiB chunks
	gzipped       = "gzip"           // Content-Encoding: gzip, compressed in advance
)

// httpModes are the ways BenchmarkEnhancedHTTP serves its reply.
var httpModes = []string{contentLength, chunked, gzipped}

// gzipBody returns body compressed with gzip at the default level.
func gzipBody(body []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write(body)
	_ = zw.Close()
	return b.Bytes()
}

// enhancedReply6MiB is the 6 MiB reply and its gzip form, built once for
// every benchmark and test that needs them.
var enhancedReply6MiB = sync.OnceValues(func() (*enhancedReply, []byte) {
	rep := newEnhancedReply(6 * mib)
	return rep, gzipBody(rep.body)
})

// replyServer starts an HTTP server on the loopback interface that drains
// every request and answers with body, sent as mode says (gz is body
// compressed, for gzipped). A gzipped reply is only sent to a client that
// asked for gzip, as Go's transport does by itself.
func replyServer(tb testing.TB, mode string, body, gz []byte) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h.Set("Content-Type", "application/json")
		switch mode {
		case contentLength:
			h.Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write(body)
		case chunked:
			// No length: net/http sends each write as one chunk.
			for p := body; len(p) > 0; {
				n := min(len(p), 32<<10)
				if _, err := w.Write(p[:n]); err != nil {
					return
				}
				p = p[n:]
			}
		case gzipped:
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				http.Error(w, "this test server sends gzip only", http.StatusNotAcceptable)
				return
			}
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(len(gz)))
			_, _ = w.Write(gz)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// httpClient is this SDK's client for srv, with options added to the
// test credentials and endpoint; without options it has the default HTTP
// client, as users get it.
func httpClient(tb testing.TB, srv *httptest.Server, opts ...faceid.Option) *faceid.Client {
	tb.Helper()
	opts = append([]faceid.Option{
		faceid.WithCredentials(faceid.StaticCredentials(secretID, secretKey, "")),
		faceid.WithEndpoint(srv.URL),
	}, opts...)
	c, err := faceid.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.CloseIdleConnections)
	return c
}

// BenchmarkEnhancedHTTP pulls the 6 MiB result of BenchmarkEnhanced from a
// real HTTP server on the loopback interface, sent with a Content-Length,
// chunked, and gzip-compressed; gunzip-floor is the bare decompression of
// the same gzip body, the work the gzip case cannot avoid on top of the
// others.
func BenchmarkEnhancedHTTP(b *testing.B) {
	rep, gz := enhancedReply6MiB()
	for _, mode := range httpModes {
		b.Run(mode, func(b *testing.B) {
			c := httpClient(b, replyServer(b, mode, rep.body, gz))
			ctx := context.Background()
			req := enhancedRequest
			_, _ = c.GetDetectInfoEnhanced(ctx, &req) // warm up: connection and pools
			b.ReportAllocs()
			b.SetBytes(int64(rep.decodedSize()))
			for b.Loop() {
				info, err := c.GetDetectInfoEnhanced(ctx, &req)
				if err != nil || len(info.VideoData.LivenessVideo) != len(rep.video) || len(info.BestFrame.BestFrames) != frameCount-1 {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("gunzip-floor", func(b *testing.B) {
		src := bytes.NewReader(gz)
		zr, err := gzip.NewReader(src)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(rep.decodedSize()))
		for b.Loop() {
			src.Reset(gz)
			if err := zr.Reset(src); err != nil {
				b.Fatal(err)
			}
			if n, err := io.Copy(io.Discard, zr); err != nil || n != int64(len(rep.body)) {
				b.Fatal(n, err)
			}
		}
	})
}

// shapeRecorder records how the replies it passes on were framed.
type shapeRecorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	last *http.Response
}

func (s *shapeRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(req)
	s.mu.Lock()
	s.last = resp
	s.mu.Unlock()
	return resp, err
}

// TestHTTPModesDecodeTheSameMedia checks that the three ways of sending a
// reply reach the decoder as BenchmarkEnhancedHTTP means them to (a length,
// chunks, and a body the transport decompressed itself, with no length)
// and decode to the same media.
func TestHTTPModesDecodeTheSameMedia(t *testing.T) {
	rep := newEnhancedReply(1 * mib)
	gz := gzipBody(rep.body)
	// Base64 of random bytes carries 6 bits of information per 8: gzip
	// cannot take it below 3/4 of its size.
	if len(gz) < len(rep.body)*7/10 {
		t.Fatalf("the reply compresses to %d bytes from %d: its media are not random enough", len(gz), len(rep.body))
	}
	for _, mode := range httpModes {
		rec := &shapeRecorder{base: http.DefaultTransport.(*http.Transport).Clone()}
		c := httpClient(t, replyServer(t, mode, rep.body, gz), faceid.WithHTTPClient(&http.Client{Transport: rec}))
		req := enhancedRequest
		info, err := c.GetDetectInfoEnhanced(context.Background(), &req)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if !bytes.Equal(info.VideoData.LivenessVideo, rep.video) || !bytes.Equal(info.BestFrame.BestFrame, rep.frames[0]) ||
			len(info.BestFrame.BestFrames) != frameCount-1 || !bytes.Equal(info.BestFrame.BestFrames[3], rep.frames[4]) {
			t.Fatalf("%s: wrong media", mode)
		}
		resp := rec.last
		var ok bool
		switch mode {
		case contentLength:
			ok = resp.ContentLength == int64(len(rep.body)) && len(resp.TransferEncoding) == 0 && !resp.Uncompressed
		case chunked:
			ok = resp.ContentLength == -1 && len(resp.TransferEncoding) == 1 && resp.TransferEncoding[0] == "chunked"
		case gzipped:
			ok = resp.ContentLength == -1 && resp.Uncompressed
		}
		if !ok {
			t.Errorf("%s: reply framed with length %d, transfer encoding %q, uncompressed %v",
				mode, resp.ContentLength, resp.TransferEncoding, resp.Uncompressed)
		}
	}
}
