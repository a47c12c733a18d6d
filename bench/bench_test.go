// Package bench compares this SDK with the official Tencent Cloud Go SDK
// on the same in-memory replies; see README.md for the figures and how to
// rerun them.
package bench

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
)

// ourClient is this SDK's client over rt.
func ourClient(tb testing.TB, rt http.RoundTripper) *faceid.Client {
	tb.Helper()
	c, err := faceid.NewClient(
		faceid.WithCredentials(faceid.StaticCredentials(secretID, secretKey, "")),
		faceid.WithRegion("ap-guangzhou"),
		faceid.WithHTTPClient(&http.Client{Transport: rt}),
	)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// detectAuthRequest is the request both sides send.
var detectAuthRequest = faceid.DetectAuthRequest{
	RuleID:      "1",
	IDCard:      "110101199003071233",
	Name:        "测试一",
	RedirectURL: "https://shop.example/return",
	Extra:       "order-10086",
}

// enhancedRequest is the request both sides send.
var enhancedRequest = faceid.GetDetectInfoEnhancedRequest{
	BizToken:        "6399E5F7-B601-4AEF-AE38-0D8E019E69FA",
	RuleID:          "1",
	InfoType:        "0",
	BestFramesCount: 4,
}

// BenchmarkDetectAuth starts a flow, up to the user holding the BizToken.
func BenchmarkDetectAuth(b *testing.B) {
	rt := &replay{body: detectAuthReply}
	b.Run("official", func(b *testing.B) {
		c := officialClient(rt)
		_, _ = officialDetectAuth(c) // warm up: the steady state of a reused client
		b.ReportAllocs()
		for b.Loop() {
			token, err := officialDetectAuth(c)
			if err != nil || token != detectAuthToken {
				b.Fatal(token, err)
			}
		}
	})
	b.Run("ours", func(b *testing.B) {
		c := ourClient(b, rt)
		ctx := context.Background()
		req := detectAuthRequest
		_, _ = c.DetectAuth(ctx, &req) // warm up: the steady state of a reused client
		b.ReportAllocs()
		for b.Loop() {
			auth, err := c.DetectAuth(ctx, &req)
			if err != nil || auth.BizToken != detectAuthToken {
				b.Fatal(auth, err)
			}
		}
	})
}

// BenchmarkEnhanced pulls a result with a 6 MiB video and five 100 KiB
// frames, up to the user holding the decoded media.
func BenchmarkEnhanced(b *testing.B) {
	rep := newEnhancedReply(6 * mib)
	rt := &replay{body: rep.body}
	b.Run("official-6MB", func(b *testing.B) {
		c := officialClient(rt)
		_, _ = officialEnhanced(c) // warm up
		b.ReportAllocs()
		b.SetBytes(int64(rep.decodedSize()))
		for b.Loop() {
			m, err := officialEnhanced(c)
			if err != nil || len(m.video) != len(rep.video) || len(m.frames) != frameCount {
				b.Fatal(err)
			}
		}
	})
	b.Run("ours-6MB", func(b *testing.B) {
		c := ourClient(b, rt)
		ctx := context.Background()
		req := enhancedRequest
		_, _ = c.GetDetectInfoEnhanced(ctx, &req) // warm up
		b.ReportAllocs()
		b.SetBytes(int64(rep.decodedSize()))
		for b.Loop() {
			info, err := c.GetDetectInfoEnhanced(ctx, &req)
			if err != nil || len(info.VideoData.LivenessVideo) != len(rep.video) || len(info.BestFrame.BestFrames) != frameCount-1 {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor-6MB", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(rep.decodedSize()))
		for b.Loop() {
			if n := decodeSpans(rep); n != rep.decodedSize() {
				b.Fatal(n)
			}
		}
	})
}

// decodeSpans is the floor: base64-decoding every media string of the
// reply straight from its bytes into a buffer of its own, with no parsing.
func decodeSpans(rep *enhancedReply) int {
	total := 0
	for _, s := range rep.spans {
		text := rep.body[s.start:s.end]
		dst := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
		n, err := base64.StdEncoding.Decode(dst, text)
		if err != nil {
			return -1
		}
		total += n
	}
	return total
}

// BenchmarkEnhancedStream pulls a result with the media streamed to a sink
// instead of held in memory.
func BenchmarkEnhancedStream(b *testing.B) {
	for _, size := range []struct {
		name  string
		video int
	}{{"6MB", 6 * mib}, {"24MB", 24 * mib}} {
		b.Run(size.name, func(b *testing.B) {
			rep := newEnhancedReply(size.video)
			c := ourClient(b, &replay{body: rep.body})
			ctx := context.Background()
			req := enhancedRequest
			var counter countingWriter
			sink := func(faceid.MediaRef) (io.Writer, error) { return &counter, nil }
			_, _ = c.GetDetectInfoEnhancedStream(ctx, &req, sink) // warm up
			b.ReportAllocs()
			b.SetBytes(int64(rep.decodedSize()))
			for b.Loop() {
				counter = 0
				info, err := c.GetDetectInfoEnhancedStream(ctx, &req, sink)
				if err != nil || int(counter) != rep.decodedSize() || info.Text.ErrCode == nil {
					b.Fatal(err, counter)
				}
			}
		})
	}
}

// countingWriter is io.Discard that counts.
type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// signNow is the fixed signing time of BenchmarkSign.
var signNow = time.Unix(1718416800, 0)

// BenchmarkSign signs a 1 KiB body.
func BenchmarkSign(b *testing.B) {
	body := bytes.Repeat([]byte(`{"a":"0123456789abcdef"}`), 1024/24+1)[:1024]
	cred := faceid.Credentials{SecretID: secretID, SecretKey: secretKey}
	b.Run("ours", func(b *testing.B) {
		var s faceid.Signer
		_ = s.Authorization(cred, faceid.Service, "faceid.tencentcloudapi.com", "application/json", body, signNow) // derive the key
		b.ReportAllocs()
		for b.Loop() {
			if auth := s.Authorization(cred, faceid.Service, "faceid.tencentcloudapi.com", "application/json", body, signNow); len(auth) == 0 {
				b.Fatal("empty")
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		// The inputs of the two hashes and the HMAC have the sizes ours
		// builds; the key is derived once, outside the loop, as a cache would.
		canonical := bytes.Repeat([]byte{'c'}, len("POST\n/\n\ncontent-type:application/json\nhost:faceid.tencentcloudapi.com\n\ncontent-type;host\n")+64)
		toSign := bytes.Repeat([]byte{'s'}, len("TC3-HMAC-SHA256\n1718416800\n2024-06-15/faceid/tc3_request\n")+64)
		key := sha256.Sum256([]byte(secretKey))
		mac := hmac.New(sha256.New, key[:])
		var sum [sha256.Size]byte
		b.ReportAllocs()
		for b.Loop() {
			h1 := sha256.Sum256(body)
			h2 := sha256.Sum256(canonical)
			mac.Reset()
			mac.Write(toSign)
			if s := mac.Sum(sum[:0]); s[0] == h1[0]^h2[0]^0xff && s[1] == 0 && s[2] == 0 {
				b.Log("improbable")
			}
		}
	})
}
