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

// FuzzDecryptPieces: ciphertext handed to the decrypting stage in pieces
// of any whole number of blocks decrypts, or fails, exactly as Open
// decrypts it whole.
func FuzzDecryptPieces(f *testing.F) {
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
		f.Add(ct, []byte{1, 2})
		f.Add(ct[:len(ct)-1], []byte{1})
	}
	f.Fuzz(func(t *testing.T, ct, cuts []byte) {
		want, wantErr := env.Open(iv, ct, nil)
		block, err := env.(*aesEnvelope).block("open", iv, nil)
		if err != nil {
			t.Fatal(err)
		}
		rl := newRelay()
		in, out := make(chan []byte, len(cuts)+1), make(chan []byte, len(cuts)+1)
		rest := bytes.Clone(ct)
		for _, c := range cuts {
			n := min(int(c)*16, len(rest)&^15)
			if n == 0 {
				break
			}
			in <- rest[:n]
			rest = rest[n:]
		}
		if len(rest) > 0 {
			in <- rest
		}
		close(in)
		decryptPieces(rl, cipher.NewCBCDecrypter(block, iv), in, out)
		if rl.stopped() {
			if wantErr == nil {
				t.Fatalf("Open decrypts, the stage failed: %v", rl.failure())
			}
			return
		}
		var got []byte
		for b := range out {
			got = append(got, b...)
		}
		if wantErr != nil || !bytes.Equal(want, got) {
			t.Fatalf("stage %q, Open %q (%v)", got, want, wantErr)
		}
	})
}
