package faceid

import (
	"bytes"
	"crypto/aes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

// TestSealFieldsFormat checks the Encryption object and the sealed values
// byte for byte against faceid-api.md §5.1 under Tencent's default RSA key:
// standard base64 with padding, a 128-byte CiphertextBlob, a 16-byte Iv, no
// tags, and values that open to the plaintext with that Iv.
func TestSealFieldsFormat(t *testing.T) {
	env, err := TencentDefaultRSASealer().NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	names, values := []string{"IdCard", "Name"}, []string{"110101199003070038", "测试"}
	enc, sealed, err := SealFields(env, names, values)
	if err != nil {
		t.Fatal(err)
	}
	if enc.Algorithm != "AES-256-CBC" || len(enc.TagList) != 0 {
		t.Errorf("Algorithm %q, %d tags; want AES-256-CBC and none", enc.Algorithm, len(enc.TagList))
	}
	if len(enc.EncryptList) != 2 || enc.EncryptList[0] != "IdCard" || enc.EncryptList[1] != "Name" {
		t.Errorf("EncryptList = %q", enc.EncryptList)
	}
	if blob := unb64(t, enc.CiphertextBlob); len(blob) != 128 || len(enc.CiphertextBlob) != 172 {
		t.Errorf("CiphertextBlob: %d bytes in %d characters, want 128 in 172", len(blob), len(enc.CiphertextBlob))
	}
	iv := unb64(t, enc.IV)
	if len(iv) != 16 || len(enc.IV) != 24 || enc.IV[22:] != "==" {
		t.Errorf("Iv %q: want 16 bytes in padded standard base64", enc.IV)
	}
	for i, s := range sealed {
		ct := unb64(t, s)
		if len(ct) != 32 && i == 0 || len(ct) != 16 && i == 1 {
			t.Errorf("value %d: %d bytes of ciphertext", i, len(ct))
		}
		pt, err := env.Open(iv, ct, nil)
		if err != nil || string(pt) != values[i] {
			t.Errorf("value %d does not open to its plaintext: %v", i, err)
		}
	}
	if _, _, err := SealFields(env, names, values[:1]); err == nil {
		t.Error("SealFields took 2 names for 1 value")
	}
}

// TestEnvelopesAreFresh checks that no two envelopes share a key or a
// wrap, and no two IVs repeat.
func TestEnvelopesAreFresh(t *testing.T) {
	s := TencentDefaultRSASealer()
	keys, blobs, ivs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for range 20 {
		env, err := s.NewEnvelope()
		if err != nil {
			t.Fatal(err)
		}
		key := string(env.(*aesEnvelope).key)
		iv, err := env.NewIV()
		if err != nil {
			t.Fatal(err)
		}
		if keys[key] || blobs[string(env.CiphertextBlob())] || ivs[string(iv)] {
			t.Fatal("a key, wrap or IV repeated")
		}
		if bytes.Equal([]byte(key), make([]byte, 32)) {
			t.Fatal("all-zero key")
		}
		keys[key], blobs[string(env.CiphertextBlob())], ivs[string(iv)] = true, true, true
		env.Close()
	}
}

// FuzzAESOpen feeds Open arbitrary IVs, ciphertexts and tags under a fixed
// key: it never panics, a failure never comes with plaintext, and whatever
// opens seals back to the same ciphertext.
func FuzzAESOpen(f *testing.F) {
	key := bytes.Repeat([]byte{0x42}, 32)
	env := newAESEnvelope(key, nil)
	iv := bytes.Repeat([]byte{1}, 16)
	good, _, _ := env.Seal(iv, []byte("测试"))
	f.Add(iv, good, []byte(nil))
	f.Add(iv, good[:16], []byte(nil))
	f.Add(iv[:12], good, []byte{1})
	f.Add([]byte(nil), []byte(nil), []byte(nil))
	f.Fuzz(func(t *testing.T, iv, ct, tag []byte) {
		pt, err := env.Open(iv, ct, tag)
		if err != nil {
			if pt != nil {
				t.Fatalf("Open returned %d bytes with error %v", len(pt), err)
			}
			return
		}
		again, _, err := env.Seal(iv, pt)
		if err != nil || !bytes.Equal(again, ct) {
			t.Fatalf("%x opened but does not seal back (%v)", ct, err)
		}
	})
}

var benchFields = struct{ names, values []string }{
	// DetectAuth's encryptable members, with fictional values.
	[]string{"IdCard", "Name"}, []string{"110101199003070038", "测试"},
}

// BenchmarkSeal measures the RSA wrap alone (one envelope per call) and
// the sealing of DetectAuth's fields under an existing envelope.
func BenchmarkSeal(b *testing.B) {
	s := TencentDefaultRSASealer()
	b.Run("wrap-rsa", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			env, err := s.NewEnvelope()
			if err != nil {
				b.Fatal(err)
			}
			env.Close()
		}
	})
	b.Run("floor-rsa", func(b *testing.B) {
		// The least any sealing of DetectAuth's two values must add to the
		// call beyond the wrap, from the bare primitives with every buffer
		// made in advance: the AES-256 key schedule, a 16-byte IV from
		// crypto/rand, CBC over the padded values, standard base64 of the
		// wrapped key, the IV and the ciphertexts, and SHA-256 over as many
		// bytes as sealing adds to the body (the signature hashes them).
		req := &DetectAuthRequest{RuleID: "1", IDCard: benchFields.values[0], Name: benchFields.values[1]}
		clear, err := encodeRequest(req)
		if err != nil {
			b.Fatal(err)
		}
		sealed, seal, err := sealRequest("DetectAuth", clear, &encryption{sealer: s})
		if err != nil {
			b.Fatal(err)
		}
		seal.env.Close()
		added := make([]byte, len(sealed)-len(clear))
		key, iv, blob := make([]byte, aesKeySize), make([]byte, aesIVSize), make([]byte, s.ModulusBits()/8)
		padded := [][]byte{appendPKCS7(nil, []byte(benchFields.values[0])), appendPKCS7(nil, []byte(benchFields.values[1]))}
		out := make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			block, err := aes.NewCipher(key)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := rand.Read(iv); err != nil {
				b.Fatal(err)
			}
			out = base64.StdEncoding.AppendEncode(out[:0], blob)
			out = base64.StdEncoding.AppendEncode(out, iv)
			for _, p := range padded {
				encryptCBC(block, iv, p)
				out = base64.StdEncoding.AppendEncode(out, p)
			}
			_ = sha256.Sum256(added)
		}
	})
	b.Run("fields-rsa", func(b *testing.B) {
		env, err := s.NewEnvelope()
		if err != nil {
			b.Fatal(err)
		}
		defer env.Close()
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := SealFields(env, benchFields.names, benchFields.values); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestSealedEncryptionMatches: the Encryption object a sealed request
// carries, written from raw bytes, is what the generated encoder writes
// for the same values, with and without tags.
func TestSealedEncryptionMatches(t *testing.T) {
	names := [][]byte{[]byte("IdCard"), []byte("Name")}
	blob, iv := []byte{0xfb, 0xff, 1, 2, 3}, []byte("0123456789abcdef")
	for _, tags := range [][][]byte{nil, {[]byte("tag-one-16-bytes"), {0xff, 0xfe}}} {
		want := Encryption{EncryptList: []string{"IdCard", "Name"}, CiphertextBlob: base64.StdEncoding.EncodeToString(blob),
			IV: base64.StdEncoding.EncodeToString(iv), Algorithm: AlgorithmSM4GCM}
		for _, tag := range tags {
			want.TagList = append(want.TagList, base64.StdEncoding.EncodeToString(tag))
		}
		got := appendSealedEncryption(nil, names, blob, iv, AlgorithmSM4GCM, tags)
		if string(got) != string(want.appendJSON(nil)) {
			t.Errorf("sealed Encryption\n%s\nwant\n%s", got, want.appendJSON(nil))
		}
	}
}
