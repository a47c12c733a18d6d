package gm_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
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

// fixtureReply returns the reply body recorded in the core module's
// testdata fixture at path.
func fixtureReply(tb testing.TB, path ...string) json.RawMessage {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, path...)...))
	if err != nil {
		tb.Fatal(err)
	}
	var fx struct {
		Response struct {
			Body json.RawMessage `json:"body"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		tb.Fatal(err)
	}
	return fx.Response.Body
}

// BenchmarkDetectAuth measures a DetectAuth in clear, sealed under
// Tencent's default SM2 key, and sealed with unwrappedSealer (everything
// but the SM2 operation), beside the core module's RSA runs;
// BenchmarkSeal/wrap-sm measures the SM2 wrap alone.
func BenchmarkDetectAuth(b *testing.B) {
	reply := fixtureReply(b, "DetectAuth", "plain.json")
	for _, bc := range []struct {
		name   string
		sealer faceid.Sealer
	}{
		{"plain", nil},
		{"encrypted-sm", gm.TencentDefaultSM2Sealer()},
		{"sealed-unwrapped-sm", unwrappedSealer{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := replayClient(b, reply, bc.sealer)
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
}

// unwrappedSealer is a Sealer for measuring only: its envelopes hold a
// fresh random SM4 key, as SM2Sealer's do, and a fixed 113-byte stand-in
// for the key's SM2 wrap, so that no public-key operation is done.
type unwrappedSealer struct{}

func (unwrappedSealer) Algorithm() string { return faceid.AlgorithmSM4GCM }

func (unwrappedSealer) NewEnvelope() (faceid.Envelope, error) {
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return gm.NewSM4Envelope(key, make([]byte, 113))
}

// fixedKeySealer hands out envelopes of one known SM4 key, so that a
// benchmark can seal a reply for it in advance.
type fixedKeySealer struct{ key []byte }

func (fixedKeySealer) Algorithm() string { return faceid.AlgorithmSM4GCM }

func (s fixedKeySealer) NewEnvelope() (faceid.Envelope, error) {
	return gm.NewSM4Envelope(s.key, []byte("wrapped"))
}

// sealedSM4Replies returns the clear reply of the core module's result
// fixture with video as its liveness video, the same reply sealed whole
// under SM4-GCM for sealer (Encryption first, then EncryptedBody first),
// and sealer. tamper, if set, changes the ciphertext before it is encoded.
func sealedSM4Replies(tb testing.TB, video []byte, tamper func(ct []byte)) (clearBody, encFirst, bodyFirst []byte, sealer fixedKeySealer) {
	tb.Helper()
	var doc struct{ Response map[string]any }
	if err := json.Unmarshal(fixtureReply(tb, "GetDetectInfoEnhanced", "passed-with-media.json"), &doc); err != nil {
		tb.Fatal(err)
	}
	resp := doc.Response
	resp["VideoData"].(map[string]any)["LivenessVideo"] = base64.StdEncoding.EncodeToString(video)
	clearBody, err := json.Marshal(map[string]any{"Response": resp})
	if err != nil {
		tb.Fatal(err)
	}
	sealer = fixedKeySealer{key: bytes.Repeat([]byte{7}, 16)}
	env, err := sealer.NewEnvelope()
	if err != nil {
		tb.Fatal(err)
	}
	id, _ := json.Marshal(resp["RequestId"])
	delete(resp, "RequestId")
	plain, err := json.Marshal(resp)
	if err != nil {
		tb.Fatal(err)
	}
	iv := bytes.Repeat([]byte{9}, 12)
	ct, tag, err := env.Seal(iv, plain)
	if err != nil {
		tb.Fatal(err)
	}
	if tamper != nil {
		tamper(ct)
	}
	enc, _ := json.Marshal(map[string]any{"EncryptList": []string{"EncryptionBody"}, "Algorithm": faceid.AlgorithmSM4GCM,
		"Iv": base64.StdEncoding.EncodeToString(iv), "TagList": []string{base64.StdEncoding.EncodeToString(tag)}})
	sealedBody := `"` + base64.StdEncoding.EncodeToString(ct) + `"`
	encFirst = []byte(`{"Response":{"RequestId":` + string(id) + `,"Encryption":` + string(enc) + `,"EncryptedBody":` + sealedBody + `}}`)
	bodyFirst = []byte(`{"Response":{"EncryptedBody":` + sealedBody + `,"Encryption":` + string(enc) + `,"RequestId":` + string(id) + `}}`)
	return clearBody, encFirst, bodyFirst, sealer
}

// replayClient is a client answered with body, sealing with sealer when
// it is not nil.
func replayClient(tb testing.TB, body []byte, sealer faceid.Sealer) *faceid.Client {
	tb.Helper()
	opts := []faceid.Option{faceid.WithCredentials(faceid.StaticCredentials("AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE", "examplekeyexamplekeyexamplekey00", "")),
		faceid.WithHTTPClient(&http.Client{Transport: replay{body: body}})}
	if sealer != nil {
		opts = append(opts, faceid.WithEncryption(sealer))
	}
	c, err := faceid.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkSealedReply decodes the core module's 6 MiB result (a 6 MiB
// liveness video) in clear, and sealed whole under SM4-GCM with the
// reply's Encryption before EncryptedBody and after it. SM4-GCM's tag
// covers the whole ciphertext, so the body is kept in pieces as it is
// read, then opened whole.
func BenchmarkSealedReply(b *testing.B) {
	video := make([]byte, 6<<20)
	if _, err := rand.Read(video); err != nil {
		b.Fatal(err)
	}
	clearBody, encFirst, bodyFirst, sealer := sealedSM4Replies(b, video, nil)
	for _, bc := range []struct {
		name   string
		body   []byte
		sealer faceid.Sealer
	}{
		{"clear", clearBody, nil},
		{"whole-body-sm", encFirst, sealer},
		{"whole-body-sm-body-first", bodyFirst, sealer},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := replayClient(b, bc.body, bc.sealer)
			req := &faceid.GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: bc.sealer != nil}
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(int64(len(video)))
			for b.Loop() {
				info, err := c.GetDetectInfoEnhanced(ctx, req)
				if err != nil || len(info.VideoData.LivenessVideo) != len(video) {
					b.Fatal(err)
				}
			}
		})
	}
	// What SM4-GCM alone costs, on one core: the tag checked and the
	// ciphertext decrypted in place (after a copy of it, to start each op
	// from the ciphertext). It can only start once the whole body is in.
	b.Run("whole-body-sm-floor", func(b *testing.B) {
		var doc struct{ Response map[string]json.RawMessage }
		if err := json.Unmarshal(bodyFirst, &doc); err != nil {
			b.Fatal(err)
		}
		var text string
		var enc struct {
			Iv      string
			TagList []string
		}
		if err := json.Unmarshal(doc.Response["EncryptedBody"], &text); err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal(doc.Response["Encryption"], &enc); err != nil {
			b.Fatal(err)
		}
		ct, _ := base64.StdEncoding.DecodeString(text)
		iv, _ := base64.StdEncoding.DecodeString(enc.Iv)
		tag, _ := base64.StdEncoding.DecodeString(enc.TagList[0])
		env, err := sealer.NewEnvelope()
		if err != nil {
			b.Fatal(err)
		}
		opener := env.(faceid.InPlaceOpener)
		buf := make([]byte, len(ct), len(ct)+16)
		b.ReportAllocs()
		b.SetBytes(int64(len(video)))
		for b.Loop() {
			copy(buf, ct)
			if _, err := opener.OpenInPlace(iv, buf, tag); err != nil {
				b.Fatal(err)
			}
		}
	})
}
