package faceid

import (
	"bytes"
	"context"
	"crypto/cipher"
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzSealedReply feeds arbitrary replies to a sealed GetDetectInfoEnhanced,
// whole and member by member: nothing panics, an error never comes with a
// result, and a result never holds ciphertext where the reply listed a
// member as encrypted.
func FuzzSealedReply(f *testing.F) {
	sealer := fixedKeySealer{key: bytes.Repeat([]byte{7}, 32)}
	env, err := sealer.NewEnvelope()
	if err != nil {
		f.Fatal(err)
	}
	members := clearEnhancedReply(f)
	sealFields(f, env, members, "Response.Text.IdCard", "Text.Name")
	fields, err := json.Marshal(map[string]any{"Response": members})
	if err != nil {
		f.Fatal(err)
	}
	whole := sealWhole(f, env, clearEnhancedReply(f))
	buffered, err := json.Marshal(map[string]any{"Response": whole})
	if err != nil {
		f.Fatal(err)
	}
	streamed := []byte(`{"Response":` + string(encryptionFirst(f, whole)) + `}`)
	for _, seed := range [][]byte{fields, buffered, streamed} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, reply []byte, wholeReply bool) {
		c, err := NewClient(WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
			WithHTTPClient(&http.Client{Transport: replayTransport{body: reply}}),
			WithEncryption(sealer), WithRetry(RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			t.Fatal(err)
		}
		req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: wholeReply}
		info, err := c.GetDetectInfoEnhanced(context.Background(), req)
		if err != nil {
			if info != nil {
				t.Fatalf("an error came with a result: %v", err)
			}
			return
		}
		if !info.Encryption.IsZero() || len(info.EncryptedBody) > 0 {
			t.Fatal("a result kept its encryption after decrypting")
		}
	})
}

// FuzzCBCWriter: ciphertext written in pieces of any size decrypts, or
// fails, exactly as Open decrypts it whole.
func FuzzCBCWriter(f *testing.F) {
	sealer := fixedKeySealer{key: bytes.Repeat([]byte{9}, 32)}
	env, err := sealer.NewEnvelope()
	if err != nil {
		f.Fatal(err)
	}
	iv := bytes.Repeat([]byte{1}, 16)
	for _, text := range []string{"", "a", "exactly sixteen!", `{"Text":{"IdCard":"110101199003071233"}}`} {
		ct, _, err := env.Seal(iv, []byte(text))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ct, []byte{1, 15, 16, 17})
		f.Add(ct[:len(ct)-1], []byte{5})
	}
	f.Fuzz(func(t *testing.T, ct, cuts []byte) {
		want, wantErr := env.Open(iv, ct, nil)
		block, err := env.(*aesEnvelope).block("open", iv, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		w := &cbcWriter{mode: cipher.NewCBCDecrypter(block, iv), out: &got}
		rest := ct
		for _, c := range cuts {
			n := min(int(c), len(rest))
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if _, err := w.Write(rest); err != nil {
			t.Fatal(err)
		}
		gotErr := w.finish()
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("Open: %v; streamed: %v", wantErr, gotErr)
		}
		if wantErr == nil && !bytes.Equal(want, got.Bytes()) {
			t.Fatalf("streamed %q, Open %q", got.Bytes(), want)
		}
	})
}
