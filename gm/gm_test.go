package gm

import (
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"
	"github.com/faceid-go/faceid"
)

func unb64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSM4BlockGBT32907 checks the SM4 block cipher against the example of
// GB/T 32907-2016 (appendix A.1).
func TestSM4BlockGBT32907(t *testing.T) {
	kp, _ := hex.DecodeString("0123456789abcdeffedcba9876543210")
	b, err := sm4.NewCipher(kp)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 16)
	b.Encrypt(out, kp)
	if got := hex.EncodeToString(out); got != "681edf34d206965e86b3e94f536e4246" {
		t.Errorf("SM4 = %s, want GB/T 32907's 681edf34d206965e86b3e94f536e4246", got)
	}
}

// TestSM4TencentReplyVectors opens the SM4-GCM replies of Tencent's helper
// examples, and seals their plaintexts back to the same ciphertext and tag.
func TestSM4TencentReplyVectors(t *testing.T) {
	raw, err := os.ReadFile("../testdata/crypto/encryption-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		ReplyVectors []struct{ Algorithm, Key, Iv, Ciphertext, Tag, Plaintext string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range f.ReplyVectors {
		if v.Algorithm != faceid.AlgorithmSM4GCM {
			continue
		}
		n++
		env := newSM4Envelope(unb64(t, v.Key), nil)
		iv, ct, tag := unb64(t, v.Iv), unb64(t, v.Ciphertext), unb64(t, v.Tag)
		pt, err := env.Open(iv, ct, tag)
		if err != nil || string(pt) != v.Plaintext {
			t.Errorf("%s opens to %q, %v; want %q", v.Ciphertext, pt, err, v.Plaintext)
		}
		sct, stag, err := env.Seal(iv, []byte(v.Plaintext))
		if err != nil || !bytes.Equal(sct, ct) || !bytes.Equal(stag, tag) {
			t.Errorf("%q seals to %x / %x (%v), want Tencent's %x / %x", v.Plaintext, sct, stag, err, ct, tag)
		}
	}
	if n != 2 {
		t.Fatalf("%d SM4-GCM vectors, want 2", n)
	}
}

// opensslVector is an SM2 ciphertext made by OpenSSL (testdata/sm2-openssl.json).
type opensslVector struct {
	PrivateKeyPEM, PublicKeyPEM, Plaintext, CiphertextDERHex string
}

func loadOpenSSL(t testing.TB) (opensslVector, *sm2.PrivateKey) {
	t.Helper()
	raw, err := os.ReadFile("testdata/sm2-openssl.json")
	if err != nil {
		t.Fatal(err)
	}
	var v opensslVector
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(v.PrivateKeyPEM))
	k, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	priv, ok := k.(*sm2.PrivateKey)
	if !ok {
		t.Fatalf("private key is %T", k)
	}
	return v, priv
}

// TestSM2DecryptOpenSSLCiphertext turns OpenSSL's ASN.1 ciphertext into the
// raw layout FaceID uses (§5.1 item 6), by hand, and checks that it
// decrypts in C1C3C2 order: the layout our wrap is decrypted with is the
// one an independent implementation means by C1 ‖ C3 ‖ C2.
func TestSM2DecryptOpenSSLCiphertext(t *testing.T) {
	v, priv := loadOpenSSL(t)
	der, _ := hex.DecodeString(v.CiphertextDERHex)
	var c struct {
		X, Y   *big.Int
		C3, C2 []byte
	}
	if rest, err := asn1.Unmarshal(der, &c); err != nil || len(rest) != 0 {
		t.Fatalf("OpenSSL's ciphertext: %v", err)
	}
	raw := []byte{0x04}
	raw = append(raw, c.X.FillBytes(make([]byte, 32))...)
	raw = append(raw, c.Y.FillBytes(make([]byte, 32))...)
	raw = append(append(raw, c.C3...), c.C2...)
	if len(raw) != 113 {
		t.Fatalf("raw ciphertext is %d bytes, want 113", len(raw))
	}
	pt, err := priv.Decrypt(nil, raw, sm2.NewPlainDecrypterOpts(sm2.C1C3C2))
	if err != nil || string(pt) != v.Plaintext {
		t.Errorf("decrypts to %q, %v; want %q", pt, err, v.Plaintext)
	}
	// And the other order must not: the test tells the two apart.
	if pt, err := priv.Decrypt(nil, raw, sm2.NewPlainDecrypterOpts(sm2.C1C2C3)); err == nil && string(pt) == v.Plaintext {
		t.Error("the ciphertext also decrypts as C1C2C3")
	}
}

// TestSM2WrapFormat checks the wrap byte for byte (§5.1 item 6): 113
// bytes, 0x04 first, and the private key of the OpenSSL
// pair recovers the envelope's 16-byte key from it in C1C3C2 order.
func TestSM2WrapFormat(t *testing.T) {
	v, priv := loadOpenSSL(t)
	s, err := NewSM2Sealer([]byte(v.PublicKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	env, err := s.NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	blob := env.CiphertextBlob()
	if len(blob) != 113 || blob[0] != 0x04 {
		t.Fatalf("CiphertextBlob: %d bytes starting %#x, want 113 starting 0x04", len(blob), blob[0])
	}
	key, err := priv.Decrypt(nil, blob, sm2.NewPlainDecrypterOpts(sm2.C1C3C2))
	if err != nil || !bytes.Equal(key, env.(*sm4Envelope).key) || len(key) != 16 {
		t.Errorf("the private key does not recover the envelope's 16-byte key: %v", err)
	}
}

// TestSealFieldsSM4Format checks the Encryption object under Tencent's
// default SM2 key: a 113-byte CiphertextBlob, a 12-byte Iv, one 16-byte tag
// per field, ciphertexts as long as their text, padded standard base64.
func TestSealFieldsSM4Format(t *testing.T) {
	env, err := TencentDefaultSM2Sealer().NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	values := []string{"110101199003070038", "测试"}
	enc, sealed, err := faceid.SealFields(env, []string{"IdCard", "Name"}, values)
	if err != nil {
		t.Fatal(err)
	}
	if enc.Algorithm != "SM4-GCM" || len(unb64(t, enc.CiphertextBlob)) != 113 || len(enc.CiphertextBlob) != 152 {
		t.Errorf("Algorithm %q, CiphertextBlob %q", enc.Algorithm, enc.CiphertextBlob)
	}
	iv := unb64(t, enc.IV)
	if len(iv) != 12 || len(enc.IV) != 16 {
		t.Errorf("Iv %q: want a 12-byte nonce", enc.IV)
	}
	if len(enc.TagList) != 2 {
		t.Fatalf("%d tags, want 2", len(enc.TagList))
	}
	for i, s := range sealed {
		ct, tag := unb64(t, s), unb64(t, enc.TagList[i])
		if len(ct) != len(values[i]) || len(tag) != 16 || !strings.HasSuffix(enc.TagList[i], "==") {
			t.Errorf("value %d: %d-byte ciphertext, tag %q", i, len(ct), enc.TagList[i])
		}
		if pt, err := env.Open(iv, ct, tag); err != nil || string(pt) != values[i] {
			t.Errorf("value %d does not open: %v", i, err)
		}
	}
}

// TestSM4OpenRefuses checks that Open fails with no plaintext on a bad
// tag, IV or ciphertext, and after Close.
func TestSM4OpenRefuses(t *testing.T) {
	key := bytes.Repeat([]byte{3}, 16)
	env := newSM4Envelope(key, nil)
	iv := bytes.Repeat([]byte{5}, 12)
	ct, tag, err := env.Seal(iv, []byte("测试"))
	if err != nil {
		t.Fatal(err)
	}
	badTag, badCT := bytes.Clone(tag), bytes.Clone(ct)
	badTag[0] ^= 1
	badCT[0] ^= 1
	for name, in := range map[string][3][]byte{
		"altered tag":        {iv, ct, badTag},
		"altered ciphertext": {iv, badCT, tag},
		"short tag":          {iv, ct, tag[:12]},
		"no tag":             {iv, ct, nil},
		"16-byte IV":         {append(bytes.Clone(iv), 0, 0, 0, 0), ct, tag},
		"other IV":           {bytes.Repeat([]byte{6}, 12), ct, tag},
	} {
		pt, err := env.Open(in[0], in[1], in[2])
		var ce *faceid.CryptoError
		if pt != nil || !errors.As(err, &ce) {
			t.Errorf("%s: Open = %q, %v; want no plaintext and a *faceid.CryptoError", name, pt, err)
		}
	}
	env.Close()
	if !bytes.Equal(key, make([]byte, 16)) {
		t.Error("Close did not zero the key")
	}
	if pt, err := env.Open(iv, ct, tag); pt != nil || err == nil {
		t.Error("Open after Close succeeded")
	}
}

// TestSM4OpenInPlace: with room for the tag after the ciphertext, the
// plaintext is decrypted into the ciphertext's own memory; without, it is
// still correct; on failure what was decrypted is cleared.
func TestSM4OpenInPlace(t *testing.T) {
	env := newSM4Envelope(bytes.Repeat([]byte{3}, 16), nil)
	iv := bytes.Repeat([]byte{5}, 12)
	text := []byte(`{"Text":{"Name":"测试一"}}`)
	ct, tag, err := env.Seal(iv, text)
	if err != nil {
		t.Fatal(err)
	}
	roomy := append(make([]byte, 0, len(ct)+16), ct...)
	pt, err := env.OpenInPlace(iv, roomy, tag)
	if err != nil || !bytes.Equal(pt, text) {
		t.Fatalf("OpenInPlace = %q, %v", pt, err)
	}
	if &pt[0] != &roomy[0] {
		t.Error("OpenInPlace copied a ciphertext that had room for its tag")
	}
	if pt, err := env.OpenInPlace(iv, bytes.Clone(ct)[:len(ct):len(ct)], tag); err != nil || !bytes.Equal(pt, text) {
		t.Errorf("OpenInPlace without room = %q, %v", pt, err)
	}
	bad := append(make([]byte, 0, len(ct)+16), ct...)
	badTag := bytes.Clone(tag)
	badTag[0] ^= 1
	if pt, err := env.OpenInPlace(iv, bad, badTag); pt != nil || err == nil {
		t.Fatalf("OpenInPlace with a bad tag = %q, %v", pt, err)
	}
	if !bytes.Equal(bad[:cap(bad)], make([]byte, cap(bad))) {
		t.Error("a failed OpenInPlace left bytes in the buffer")
	}
}

// TestNewSM2SealerRefuses checks the key errors.
func TestNewSM2SealerRefuses(t *testing.T) {
	rsaPEM := faceid.TencentRSAPublicKeyPEM
	tests := []struct{ name, pem, want string }{
		{"empty", "", "no PEM block"},
		{"base64 of the PEM", base64.StdEncoding.EncodeToString([]byte(TencentSM2PublicKeyPEM)), "no PEM block"},
		{"RSA PKCS#1", rsaPEM, `"RSA PUBLIC KEY" is not an SM2 public key`},
		{"garbage", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1}})), "not a SubjectPublicKeyInfo"},
		{"two blocks", TencentSM2PublicKeyPEM + TencentSM2PublicKeyPEM, "exactly one"},
	}
	for _, tt := range tests {
		s, err := NewSM2Sealer([]byte(tt.pem))
		if s != nil || err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewSM2Sealer = %v, %v; want an error saying %q", tt.name, s, err, tt.want)
		}
	}
	if s := TencentDefaultSM2Sealer(); s.Algorithm() != "SM4-GCM" {
		t.Error("default sealer's algorithm")
	}
}

// FuzzSM4Open feeds Open arbitrary inputs under a fixed key: no panic, no
// plaintext with an error, and what opens seals back to the same bytes.
func FuzzSM4Open(f *testing.F) {
	env := newSM4Envelope(bytes.Repeat([]byte{9}, 16), nil)
	iv := bytes.Repeat([]byte{1}, 12)
	ct, tag, _ := env.Seal(iv, []byte("测试"))
	f.Add(iv, ct, tag)
	f.Add(iv, ct, tag[:8])
	f.Add(iv[:8], []byte(nil), []byte(nil))
	f.Fuzz(func(t *testing.T, iv, ct, tag []byte) {
		pt, err := env.Open(iv, ct, tag)
		if err != nil {
			if pt != nil {
				t.Fatalf("Open returned %d bytes with error %v", len(pt), err)
			}
			return
		}
		c2, t2, err := env.Seal(iv, pt)
		if err != nil || !bytes.Equal(c2, ct) || !bytes.Equal(t2, tag) {
			t.Fatal("opened but does not seal back")
		}
	})
}

// BenchmarkSeal measures the SM2 wrap alone and the sealing of DetectAuth's
// fields under an existing envelope.
// detectAuthBodyLen returns the length of the body a DetectAuth of the
// benchmarks' values is sent with, sealed with sealer unless it is nil.
func detectAuthBodyLen(tb testing.TB, sealer faceid.Sealer) int {
	tb.Helper()
	var n int
	opts := []faceid.Option{faceid.WithCredentials(faceid.StaticCredentials("AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE", "examplekeyexamplekeyexamplekey00", "")),
		faceid.WithRetry(faceid.RetryPolicy{MaxAttempts: 1}),
		faceid.WithHTTPClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			body, err := io.ReadAll(r.Body)
			n = len(body)
			return nil, errors.Join(err, errors.New("not sent"))
		})})}
	if sealer != nil {
		opts = append(opts, faceid.WithEncryption(sealer))
	}
	c, err := faceid.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = c.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", IDCard: "110101199003070038", Name: "测试"})
	if n == 0 {
		tb.Fatal("no DetectAuth was sent")
	}
	return n
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func BenchmarkSeal(b *testing.B) {
	s := TencentDefaultSM2Sealer()
	b.Run("wrap-sm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			env, err := s.NewEnvelope()
			if err != nil {
				b.Fatal(err)
			}
			env.Close()
		}
	})
	b.Run("floor-sm", func(b *testing.B) {
		// The least any sealing of DetectAuth's two values must add beyond
		// the wrap, from the bare primitives with every buffer made in
		// advance: the SM4 key schedule and GCM's hash key, a 12-byte nonce
		// from crypto/rand, GCM over the values, standard base64 of the
		// wrapped key, the nonce, the ciphertexts and their tags, and
		// SHA-256 over as many bytes as sealing adds to the body (the
		// signature hashes them).
		added := make([]byte, detectAuthBodyLen(b, s)-detectAuthBodyLen(b, nil))
		key, iv, blob := make([]byte, sm4KeySize), make([]byte, gcmNonceSize), make([]byte, 113)
		values := [][]byte{[]byte("110101199003070038"), []byte("测试")}
		sealed, out := make([]byte, 0, 64), make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			block, err := sm4.NewCipher(key)
			if err != nil {
				b.Fatal(err)
			}
			g, err := cipher.NewGCM(block)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := rand.Read(iv); err != nil {
				b.Fatal(err)
			}
			out = base64.StdEncoding.AppendEncode(out[:0], blob)
			out = base64.StdEncoding.AppendEncode(out, iv)
			for _, v := range values {
				sealed = g.Seal(sealed[:0], iv, v, nil)
				out = base64.StdEncoding.AppendEncode(out, sealed)
			}
			_ = sha256.Sum256(added)
		}
	})
	b.Run("fields-sm", func(b *testing.B) {
		env, err := s.NewEnvelope()
		if err != nil {
			b.Fatal(err)
		}
		defer env.Close()
		names, values := []string{"IdCard", "Name"}, []string{"110101199003070038", "测试"}
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := faceid.SealFields(env, names, values); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPhoneHashSM3 checks the SM3 mode against GB/T 32905-2016's example
// (SM3 of "abc"), sent as a name.
func TestPhoneHashSM3(t *testing.T) {
	req, err := faceid.NewEncryptedPhoneVerification(PhoneHashSM3(), "110101199003071233", "abc", "13800000000")
	if err != nil {
		t.Fatal(err)
	}
	const abc = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" // GB/T 32905-2016 A.1
	if req.EncryptionMode != "3" || req.Name != abc || len(req.IDCard) != 64 {
		t.Errorf("mode %q, Name %s, IdCard %d chars; want 3, %s, 64", req.EncryptionMode, req.Name, len(req.IDCard), abc)
	}
}
