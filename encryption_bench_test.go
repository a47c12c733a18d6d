package faceid

import (
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
)

// fixedKeySealer hands out envelopes of one known key, so that a benchmark
// can serve a reply sealed once, ahead of the timed loop. Only for tests:
// a real Sealer draws a fresh key per call.
type fixedKeySealer struct{ key []byte }

func (s fixedKeySealer) Algorithm() string { return AlgorithmAES256CBC }
func (s fixedKeySealer) NewEnvelope() (Envelope, error) {
	return NewAESEnvelope(s.key, []byte("wrapped"))
}

// BenchmarkSealedReply decodes a 6 MiB result in clear and sealed whole
// (IsEncryptResponse), from the same in-memory transport: with the reply's
// Encryption first, as the sandbox writes it, the body is decrypted as it
// is read; with EncryptedBody first it is decoded whole, then decrypted.
func BenchmarkSealedReply(b *testing.B) {
	var doc struct{ Response map[string]any }
	if err := json.Unmarshal(loadFixture(b, "GetDetectInfoEnhanced/passed-with-media.json").Response.Body, &doc); err != nil {
		b.Fatal(err)
	}
	video := make([]byte, 6<<20)
	if _, err := rand.Read(video); err != nil {
		b.Fatal(err)
	}
	doc.Response["VideoData"].(map[string]any)["LivenessVideo"] = base64.StdEncoding.EncodeToString(video)
	clearBody, err := json.Marshal(map[string]any{"Response": doc.Response})
	if err != nil {
		b.Fatal(err)
	}
	sealer := fixedKeySealer{key: bytes.Repeat([]byte{7}, 32)}
	env, err := sealer.NewEnvelope()
	if err != nil {
		b.Fatal(err)
	}
	sealed := sealWhole(b, env, doc.Response)
	// As the sandbox writes it, Encryption first: decrypted as it is read.
	streamedBody := []byte(`{"Response":` + string(encryptionFirst(b, sealed)) + `}`)
	// EncryptedBody first (json.Marshal sorts the keys): every block but
	// the first decrypted as it is read, the plaintext decoded once the IV
	// has come.
	bufferedBody, err := json.Marshal(map[string]any{"Response": sealed})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		body []byte
		opts []Option
	}{
		{"clear", clearBody, nil},
		{"whole-body-aes", streamedBody, []Option{WithEncryption(sealer)}},
		{"whole-body-aes-buffered", bufferedBody, []Option{WithEncryption(sealer)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := NewClient(append([]Option{WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
				WithHTTPClient(&http.Client{Transport: replayTransport{body: bc.body}})}, bc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: bc.opts != nil}
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
	// The work EncryptedBody first takes before its plaintext can be
	// decoded, on one core: its base64 decoded and AES-256-CBC-decrypted.
	// The plaintext's decoding, clear's work, can only start after it.
	b.Run("whole-body-aes-floor", func(b *testing.B) {
		text := []byte(sealed["EncryptedBody"].(string))
		iv := unb64(b, sealed["Encryption"].(map[string]any)["Iv"].(string))
		block, err := env.(*aesEnvelope).block("open", iv, nil)
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
		b.ReportAllocs()
		b.SetBytes(int64(len(video)))
		for b.Loop() {
			n, err := base64.StdEncoding.Decode(buf, text)
			if err != nil {
				b.Fatal(err)
			}
			cipher.NewCBCDecrypter(block, iv).CryptBlocks(buf[:n], buf[:n])
		}
	})
}
