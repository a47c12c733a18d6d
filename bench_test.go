package faceid

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"testing"
)

// replayTransport answers every request in memory with the same reply.
type replayTransport struct{ body []byte }

func (rt replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(rt.body)),
		ContentLength: int64(len(rt.body)),
		Request:       req,
	}, nil
}

func benchClient(b *testing.B, fixture string, opts ...Option) *Client {
	b.Helper()
	fx := loadFixture(b, fixture)
	c, err := NewClient(append([]Option{WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithHTTPClient(&http.Client{Transport: replayTransport{body: fx.Response.Body}})}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDetectAuth measures a DetectAuth in clear, sealed under
// Tencent's default RSA key, and sealed with unwrappedSealer: everything
// sealing does but the RSA operation, so that what sealing adds beyond the
// wrap is sealed-unwrapped minus plain. BenchmarkSeal/wrap-rsa measures
// the wrap alone; gm's BenchmarkDetectAuth the SM family;
// bench.BenchmarkDetectAuthHTTP the same calls over a real connection.
func BenchmarkDetectAuth(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"plain", nil},
		{"encrypted-rsa", []Option{WithEncryption(TencentDefaultRSASealer())}},
		{"sealed-unwrapped", []Option{WithEncryption(unwrappedSealer{})}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := benchClient(b, "DetectAuth/plain.json", bc.opts...)
			req := &DetectAuthRequest{RuleID: "1", IDCard: "110101199003071233", Name: "测试一",
				RedirectURL: "https://shop.example/return", Extra: "order-10086"}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				auth, err := c.DetectAuth(ctx, req)
				if err != nil || auth.BizToken == "" {
					b.Fatal(err)
				}
			}
		})
	}
}

// unwrappedSealer is a Sealer for measuring only: its envelopes hold a
// fresh random key, as RSASealer's do, and a fixed 128-byte stand-in for
// the key's RSA-1024 wrap, so that no public-key operation is done.
type unwrappedSealer struct{}

func (unwrappedSealer) Algorithm() string { return AlgorithmAES256CBC }

func (unwrappedSealer) NewEnvelope() (Envelope, error) {
	key := make([]byte, aesKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return newAESEnvelope(key, make([]byte, 128)), nil
}

func BenchmarkGetDetectInfoEnhanced(b *testing.B) {
	c := benchClient(b, "GetDetectInfoEnhanced/passed-with-media.json")
	req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", BestFramesCount: 2}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		info, err := c.GetDetectInfoEnhanced(ctx, req)
		if err != nil || len(info.VideoData.LivenessVideo) == 0 {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetDetectInfoEnhancedStream(b *testing.B) {
	c := benchClient(b, "GetDetectInfoEnhanced/passed-with-media.json")
	req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", BestFramesCount: 2}
	ctx := context.Background()
	sink := func(MediaRef) (io.Writer, error) { return io.Discard, nil }
	b.ReportAllocs()
	for b.Loop() {
		info, err := c.GetDetectInfoEnhancedStream(ctx, req, sink)
		if err != nil || info.Text.ErrCode == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign signs with a client's Signer, the derived key cached;
// bench/ compares it with the bare crypto.
func BenchmarkSign(b *testing.B) {
	var s Signer
	cred := Credentials{SecretID: testSecretID, SecretKey: testSecretKey}
	body := bytes.Repeat([]byte("a"), 1024)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Authorization(cred, Service, "faceid.tencentcloudapi.com", "application/json", body, testNow)
	}
}
