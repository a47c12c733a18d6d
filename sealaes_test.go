package faceid

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// NIST SP 800-38A, F.2.5 / F.2.6 (CBC-AES256.Encrypt / .Decrypt).
const (
	nistCBCKey        = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
	nistCBCIV         = "000102030405060708090a0b0c0d0e0f"
	nistCBCPlaintext  = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"
	nistCBCCiphertext = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"
)

func unhexT(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAESSealNISTVector checks the CBC layer of Seal against NIST SP 800-38A
// F.2.5: the four blocks of the example come out as NIST gives them, and
// the fifth is the whole padding block (16 × 0x10) chained after them.
func TestAESSealNISTVector(t *testing.T) {
	env := newAESEnvelope(unhexT(t, nistCBCKey), nil)
	ct, tag, err := env.Seal(unhexT(t, nistCBCIV), unhexT(t, nistCBCPlaintext))
	if err != nil {
		t.Fatal(err)
	}
	if tag != nil {
		t.Errorf("AES-256-CBC returned a tag of %d bytes", len(tag))
	}
	want := unhexT(t, nistCBCCiphertext)
	if len(ct) != len(want)+16 {
		t.Fatalf("ciphertext is %d bytes, want %d (64 + one padding block)", len(ct), len(want)+16)
	}
	if !bytes.Equal(ct[:len(want)], want) {
		t.Errorf("blocks 1-4 = %x, want NIST's %x", ct[:len(want)], want)
	}
	if got, wantPad := ct[len(want):], paddingBlock(t, want); !bytes.Equal(got, wantPad) {
		t.Errorf("padding block = %x, want %x", got, wantPad)
	}
}

// paddingBlock is AES-256(key, 16×0x10 XOR the last ciphertext block),
// computed with the bare block cipher: CBC's fifth block for 64 bytes.
func paddingBlock(t testing.TB, ct []byte) []byte {
	b, err := aes.NewCipher(unhexT(t, nistCBCKey))
	if err != nil {
		t.Fatal(err)
	}
	in := bytes.Repeat([]byte{0x10}, 16)
	subtleXOR(in, ct[len(ct)-16:])
	out := make([]byte, 16)
	b.Encrypt(out, in)
	return out
}

func subtleXOR(dst, src []byte) {
	for i := range dst {
		dst[i] ^= src[i]
	}
}

// TestAESOpenNISTVector opens NIST SP 800-38A F.2.6's ciphertext, followed
// by its padding block, and gets NIST's plaintext back.
func TestAESOpenNISTVector(t *testing.T) {
	env := newAESEnvelope(unhexT(t, nistCBCKey), nil)
	ct := unhexT(t, nistCBCCiphertext)
	ct = append(ct, paddingBlock(t, ct)...)
	pt, err := env.Open(unhexT(t, nistCBCIV), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := unhexT(t, nistCBCPlaintext); !bytes.Equal(pt, want) {
		t.Errorf("plaintext = %x, want NIST's %x", pt, want)
	}
}

// replyVector is one of Tencent's reply vectors (testdata/crypto/encryption-vectors.json).
type replyVector struct {
	Algorithm, Key, Iv, Ciphertext, Tag, Plaintext string
}

// loadReplyVectors returns the reply vectors of algorithm.
func loadReplyVectors(t testing.TB, algorithm string) []replyVector {
	t.Helper()
	raw, err := os.ReadFile("testdata/crypto/encryption-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ ReplyVectors []replyVector }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	var out []replyVector
	for _, v := range f.ReplyVectors {
		if v.Algorithm == algorithm {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s reply vectors", algorithm)
	}
	return out
}

func unb64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAESTencentReplyVectors opens the AES-256-CBC replies of Tencent's
// helper examples, and seals their plaintexts back to the same bytes.
func TestAESTencentReplyVectors(t *testing.T) {
	for _, v := range loadReplyVectors(t, AlgorithmAES256CBC) {
		env := newAESEnvelope(unb64(t, v.Key), nil)
		iv, ct := unb64(t, v.Iv), unb64(t, v.Ciphertext)
		pt, err := env.Open(iv, ct, nil)
		if err != nil {
			t.Fatalf("%s: %v", v.Ciphertext, err)
		}
		if string(pt) != v.Plaintext {
			t.Errorf("%s opens to %q, want %q", v.Ciphertext, pt, v.Plaintext)
		}
		sealed, _, err := env.Seal(iv, []byte(v.Plaintext))
		if err != nil {
			t.Fatal(err)
		}
		if got := base64.StdEncoding.EncodeToString(sealed); got != v.Ciphertext {
			t.Errorf("%q seals to %s, want Tencent's %s", v.Plaintext, got, v.Ciphertext)
		}
	}
}

// TestUnpadPKCS7 checks every padding rule on single decrypted blocks.
func TestUnpadPKCS7(t *testing.T) {
	block := func(tail ...byte) []byte {
		b := bytes.Repeat([]byte{'x'}, 16-len(tail))
		return append(b, tail...)
	}
	tests := []struct {
		name  string
		block []byte
		n     int
		ok    bool
	}{
		{"one byte", block(1), 15, true},
		{"two bytes", block(2, 2), 14, true},
		{"whole block", bytes.Repeat([]byte{16}, 16), 0, true},
		{"zero", block(0), 0, false},
		{"longer than a block", bytes.Repeat([]byte{17}, 16), 0, false},
		{"0xff", block(0xff), 0, false},
		{"inconsistent", block(3, 2, 3), 0, false},
		{"first byte of a whole-block pad differs", append([]byte{15}, bytes.Repeat([]byte{16}, 15)...), 0, false},
		{"shorter run than claimed", block(1, 4, 4, 4), 0, false},
	}
	for _, tt := range tests {
		n, ok := unpadPKCS7(tt.block)
		if n != tt.n || ok != tt.ok {
			t.Errorf("%s: unpadPKCS7(%x) = %d, %v; want %d, %v", tt.name, tt.block, n, ok, tt.n, tt.ok)
		}
	}
}

// rawCBC encrypts whole blocks with no padding, to build ciphertexts whose
// padding is wrong.
func rawCBC(t testing.TB, key, iv, plain []byte) []byte {
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(out, plain)
	return out
}

// TestAESOpenRefuses checks that Open fails, with no plaintext, on every
// malformed input, and on padding that is wrong after decryption.
func TestAESOpenRefuses(t *testing.T) {
	key, iv := bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 16)
	env := newAESEnvelope(key, nil)
	good, _, err := env.Seal(iv, []byte("测试"))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)-1] ^= 1
	tests := []struct {
		name        string
		iv, ct, tag []byte
	}{
		{"empty ciphertext", iv, nil, nil},
		{"not a multiple of 16", iv, good[:15], nil},
		{"short IV", iv[:12], good, nil},
		{"long IV", append(bytes.Clone(iv), 0), good, nil},
		{"a tag", iv, good, make([]byte, 16)},
		{"altered last byte", iv, flipped, nil},
		{"zero padding byte", iv, rawCBC(t, key, iv, append(bytes.Repeat([]byte{'a'}, 15), 0)), nil},
		{"padding 17", iv, rawCBC(t, key, iv, bytes.Repeat([]byte{17}, 16)), nil},
		{"inconsistent padding", iv, rawCBC(t, key, iv, append(bytes.Repeat([]byte{'a'}, 13), 3, 2, 3)), nil},
	}
	for _, tt := range tests {
		pt, err := env.Open(tt.iv, tt.ct, tt.tag)
		if err == nil || pt != nil {
			t.Errorf("%s: Open = %q, %v; want no plaintext and an error", tt.name, pt, err)
		}
		if _, ok := err.(*CryptoError); err != nil && !ok {
			t.Errorf("%s: error is %T, want *CryptoError", tt.name, err)
		}
	}
}

// TestAESEnvelopeClose checks that Close zeroes the key and that the
// envelope refuses to seal or open afterwards.
func TestAESEnvelopeClose(t *testing.T) {
	key := bytes.Repeat([]byte{0x5a}, 32)
	env := newAESEnvelope(key, []byte("blob"))
	iv := make([]byte, 16)
	ct, _, err := env.Seal(iv, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	env.Close()
	env.Close()
	if !bytes.Equal(key, make([]byte, 32)) {
		t.Errorf("the key was not zeroed: %x", key)
	}
	if _, _, err := env.Seal(iv, []byte("x")); err == nil {
		t.Error("Seal after Close succeeded")
	}
	if pt, err := env.Open(iv, ct, nil); err == nil || pt != nil {
		t.Errorf("Open after Close = %q, %v; want an error", pt, err)
	}
	if string(env.CiphertextBlob()) != "blob" {
		t.Error("CiphertextBlob changed on Close")
	}
}

// TestAESAppendSealedNISTVector checks the path requests take, sealing
// straight into the body, against the same NIST vector.
func TestAESAppendSealedNISTVector(t *testing.T) {
	env := newAESEnvelope(unhexT(t, nistCBCKey), nil)
	got, err := env.appendSealed([]byte("prefix:"), unhexT(t, nistCBCIV), unhexT(t, nistCBCPlaintext))
	if err != nil {
		t.Fatal(err)
	}
	want := unhexT(t, nistCBCCiphertext)
	want = append(want, paddingBlock(t, want)...)
	if string(got) != "prefix:"+base64.StdEncoding.EncodeToString(want) {
		t.Errorf("appendSealed = %s, want prefix: and base64 of NIST's blocks and the padding block", got)
	}
	if len(env.scratch) != 0 && !bytes.Equal(env.scratch, make([]byte, len(env.scratch))) {
		t.Error("appendSealed left the padded plaintext in its buffer")
	}
}

// TestEncryptCBCAgreesWithCryptoCipher: the block-at-a-time loop used for
// short texts and crypto/cipher's CBC mode give the same ciphertext at
// every length around the point where encryptCBC switches between them.
func TestEncryptCBCAgreesWithCryptoCipher(t *testing.T) {
	b, err := aes.NewCipher(unhexT(t, nistCBCKey))
	if err != nil {
		t.Fatal(err)
	}
	iv := unhexT(t, nistCBCIV)
	text := bytes.Repeat([]byte("0123456789abcdef"), 2*cbcLoopMax/16)
	for n := 16; n <= len(text); n += 16 {
		got := append([]byte(nil), text[:n]...)
		encryptCBC(b, iv, got)
		want := make([]byte, n)
		cipher.NewCBCEncrypter(b, iv).CryptBlocks(want, text[:n])
		if !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: encryptCBC differs from crypto/cipher's CBC", n)
		}
	}
}
