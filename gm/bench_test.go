package gm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/gm"
)

// replay answers every request with one reply, in memory, as the core
// module's benchmarks do.
type replay struct{ body []byte }

func (rt replay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(rt.body)), ContentLength: int64(len(rt.body)), Request: req}, nil
}

// BenchmarkDetectAuth measures a DetectAuth sealed under Tencent's default
// SM2 key, beside the core module's plain and encrypted-rsa runs;
// BenchmarkSeal/wrap-sm measures the SM2 wrap alone.
func BenchmarkDetectAuth(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "DetectAuth", "plain.json"))
	if err != nil {
		b.Fatal(err)
	}
	var fx struct {
		Response struct {
			Body json.RawMessage `json:"body"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		b.Fatal(err)
	}
	b.Run("encrypted-sm", func(b *testing.B) {
		c, err := faceid.NewClient(faceid.WithCredentials(faceid.StaticCredentials("AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE", "examplekeyexamplekeyexamplekey00", "")),
			faceid.WithHTTPClient(&http.Client{Transport: replay{body: fx.Response.Body}}),
			faceid.WithEncryption(gm.TencentDefaultSM2Sealer()))
		if err != nil {
			b.Fatal(err)
		}
		req := &faceid.DetectAuthRequest{RuleID: "1", IDCard: "110101199003071233", Name: "测试一",
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
