package faceid

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
)

// TestTencentDefaultRSAKey checks the built-in key is what §5.1 item 7 says:
// PKCS#1, a 1024-bit modulus and e = 65537.
func TestTencentDefaultRSAKey(t *testing.T) {
	s := TencentDefaultRSASealer()
	if s.ModulusBits() != 1024 || s.pub.E != 65537 {
		t.Errorf("default key: %d bits, e = %d; want 1024, 65537", s.ModulusBits(), s.pub.E)
	}
	if !strings.HasPrefix(TencentRSAPublicKeyPEM, "-----BEGIN RSA PUBLIC KEY-----\n") {
		t.Error("the default key is not an RSA PUBLIC KEY (PKCS#1) PEM block")
	}
}

func pemText(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// TestNewRSASealerForms accepts PKCS#1 and SubjectPublicKeyInfo forms of
// one key, and both wrap keys that its private key unwraps.
func TestNewRSASealerForms(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][]byte{
		pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&priv.PublicKey)),
		pemText("PUBLIC KEY", spki),
		append([]byte("\n  "), append(pemText("PUBLIC KEY", spki), "\n\n"...)...),
	} {
		s, err := NewRSASealer(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if s.ModulusBits() != 2048 {
			t.Errorf("modulus %d bits, want 2048", s.ModulusBits())
		}
		env, err := s.NewEnvelope()
		if err != nil {
			t.Fatal(err)
		}
		if len(env.CiphertextBlob()) != 256 {
			t.Errorf("CiphertextBlob is %d bytes, want one 256-byte block", len(env.CiphertextBlob()))
		}
		if key := textbookUnwrap(t, priv, env.CiphertextBlob()); !bytes.Equal(key, env.(*aesEnvelope).key) {
			t.Error("the private key does not unwrap the envelope's key")
		}
	}
}

// TestRSAWrapIsPKCS1v15 checks the wrap's layout with textbook RSA, not
// with crypto/rsa: m = c^d mod n must be 00 02 ‖ PS (≥ 8 non-zero bytes)
// ‖ 00 ‖ key, the RSAES-PKCS1-v1_5 encoding (RFC 8017 §7.2.1), not OAEP.
func TestRSAWrapIsPKCS1v15(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewRSASealer(pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&priv.PublicKey)))
	if err != nil {
		t.Fatal(err)
	}
	env, err := s.NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	blob := env.CiphertextBlob()
	if len(blob) != 128 {
		t.Fatalf("CiphertextBlob is %d bytes, want 128", len(blob))
	}
	if key := textbookUnwrap(t, priv, blob); !bytes.Equal(key, env.(*aesEnvelope).key) || len(key) != 32 {
		t.Errorf("wrapped %d bytes that are not the envelope's 32-byte key", len(key))
	}
}

// textbookUnwrap decrypts blob with m = c^d mod n and removes the
// RSAES-PKCS1-v1_5 encoding 00 02 ‖ PS ‖ 00 ‖ M, checking it.
func textbookUnwrap(t testing.TB, priv *rsa.PrivateKey, blob []byte) []byte {
	t.Helper()
	k := (priv.N.BitLen() + 7) / 8
	m := new(big.Int).Exp(new(big.Int).SetBytes(blob), priv.D, priv.N).FillBytes(make([]byte, k))
	if m[0] != 0 || m[1] != 2 {
		t.Fatalf("encoded message starts %x, want 0002", m[:2])
	}
	sep := bytes.IndexByte(m[2:], 0) + 2
	if sep < 10 {
		t.Fatalf("padding string is %d bytes, want at least 8 non-zero bytes", sep-2)
	}
	return m[sep+1:]
}

// TestNewRSASealerRefuses checks each bad key gets a *CryptoError naming
// the problem.
func TestNewRSASealerRefuses(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	def := []byte(TencentRSAPublicKeyPEM)
	small := &rsa.PublicKey{N: new(big.Int).SetBit(big.NewInt(1), 511, 1), E: 65537}
	big1024 := TencentDefaultRSASealer().pub.N
	even := new(big.Int).SetBit(big1024, 0, 0)
	tests := []struct {
		name, pem, want string
	}{
		{"empty", "", "no PEM block"},
		{"base64 of the PEM", base64.StdEncoding.EncodeToString(def), "no PEM block"},
		{"two blocks", string(def) + string(def), "exactly one"},
		{"certificate", string(pemText("CERTIFICATE", []byte{1})), `"CERTIFICATE" is not a public key`},
		{"private key", string(pemText("RSA PRIVATE KEY", []byte{1})), "is not a public key"},
		{"garbage PKCS#1", string(pemText("RSA PUBLIC KEY", []byte{1, 2, 3})), "not a PKCS#1"},
		{"garbage SPKI", string(pemText("PUBLIC KEY", []byte{1, 2, 3})), "not a SubjectPublicKeyInfo"},
		{"EC key", string(pemText("PUBLIC KEY", ecDER)), "not RSA"},
		{"512-bit modulus", string(pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(small))), "512 bits"},
		{"even modulus", string(pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&rsa.PublicKey{N: even, E: 65537}))), "even"},
		{"e = 1", string(pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&rsa.PublicKey{N: big1024, E: 1}))), "exponent is 1"},
		{"even e", string(pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&rsa.PublicKey{N: big1024, E: 65536}))), "exponent is 65536"},
	}
	for _, tt := range tests {
		s, err := NewRSASealer([]byte(tt.pem))
		var ce *CryptoError
		if s != nil || !errors.As(err, &ce) {
			t.Errorf("%s: NewRSASealer = %v, %v; want a *CryptoError", tt.name, s, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not say %q", tt.name, err, tt.want)
		}
	}
}
