package faceid

import (
	"bytes"
	"context"
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

// BenchmarkDetectAuth measures a DetectAuth in clear, and sealed under
// Tencent's default RSA key; BenchmarkSeal/wrap-rsa measures the key wrap
// alone (gm's BenchmarkDetectAuth/encrypted-sm the SM family).
func BenchmarkDetectAuth(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"plain", nil},
		{"encrypted-rsa", []Option{WithEncryption(TencentDefaultRSASealer())}},
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
