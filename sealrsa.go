package faceid

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strconv"
)

// TencentRSAPublicKeyPEM is the default FaceID RSA public key (PKCS#1,
// 1024-bit modulus, e = 65537) shipped in Tencent's encryption helper,
// TencentCloud/faceid-api-crypto-golang, faceid/crypto.go (where it is
// stored as base64 of this text). Use the key your FaceID console shows
// when it differs.
const TencentRSAPublicKeyPEM = `-----BEGIN RSA PUBLIC KEY-----
MIGJAoGBAMRJoaUkZN1d5Mp8F5V6itXmSLNM5Z771afayoI49SndkFtsspHS402Z
EUUPQfqbuZk/VuSh59LtA/fBKzb4BP5bV8aqogVhG4e/q+NDkwlaq0i31HwLyBla
EojE/EEHpXBsuEkVTbKEy5elRq9toL7IZ80i+H2mtfU5CPsar+R3AgMBAAE=
-----END RSA PUBLIC KEY-----
`

// Bounds on the RSA public keys NewRSASealer accepts.
const (
	rsaMinBits = 1024  // FaceID's default key is 1024-bit
	rsaMaxBits = 16384 // far beyond any console key; bounds the cost of a wrap
)

// RSASealer is the AES-256-CBC [Sealer]: each envelope holds a random
// 32-byte AES-256 key wrapped with the FaceID console's RSA public key
// using RSAES-PKCS1-v1_5 (not OAEP), as FaceID expects. It is immutable and
// safe for concurrent use.
type RSASealer struct {
	pub *rsa.PublicKey
}

// NewRSASealer returns the AES-256-CBC sealer for the RSA public key in
// pemBytes, which holds one PEM block: "RSA PUBLIC KEY" (PKCS#1, as the
// FaceID console and Tencent's helper give it) or "PUBLIC KEY"
// (SubjectPublicKeyInfo). The key must have a modulus of at least 1024
// bits and an odd public exponent from 3 to 2³¹−1.
func NewRSASealer(pemBytes []byte) (*RSASealer, error) {
	fail := func(problem string) error {
		return &CryptoError{Algorithm: "RSA", Op: "parse public key", Problem: problem}
	}
	block, rest := pem.Decode(bytes.TrimSpace(pemBytes))
	if block == nil {
		return nil, fail("no PEM block found: give the public key as the console shows it, from its -----BEGIN line to its -----END line (base64 of that text, as Tencent's helper stores it, must be decoded first)")
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, fail("text after the " + strconv.Quote(block.Type) + " PEM block: give exactly one public key")
	}
	var pub *rsa.PublicKey
	switch block.Type {
	case "RSA PUBLIC KEY":
		k, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, fail("the RSA PUBLIC KEY block is not a PKCS#1 RSA public key: " + err.Error())
		}
		pub = k
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fail("the PUBLIC KEY block is not a SubjectPublicKeyInfo: " + err.Error())
		}
		rk, ok := k.(*rsa.PublicKey)
		if !ok {
			return nil, fail("the PUBLIC KEY block holds a " + keyKind(k) + " key, not RSA (for an SM2 key use the sealer of github.com/faceid-go/faceid/gm)")
		}
		pub = rk
	default:
		return nil, fail("PEM block type " + strconv.Quote(block.Type) + " is not a public key: want \"RSA PUBLIC KEY\" or \"PUBLIC KEY\"")
	}
	if bits := pub.N.BitLen(); bits < rsaMinBits || bits > rsaMaxBits {
		return nil, fail("the modulus has " + strconv.Itoa(bits) + " bits: want 1024 to 16384")
	}
	if pub.N.Bit(0) == 0 {
		return nil, fail("the modulus is even, so it is not an RSA modulus")
	}
	if pub.E < 3 || pub.E > 1<<31-1 || pub.E%2 == 0 {
		return nil, fail("the public exponent is " + strconv.Itoa(pub.E) + ": want an odd number from 3 to 2147483647 (usually 65537)")
	}
	return &RSASealer{pub: pub}, nil
}

// keyKind names the kind of a parsed public key for an error message.
func keyKind(k any) string {
	switch k.(type) {
	case *rsa.PublicKey:
		return "RSA"
	default:
		return "non-RSA (ECDSA, Ed25519 or another algorithm)"
	}
}

// TencentDefaultRSASealer returns the sealer for [TencentRSAPublicKeyPEM],
// the default key of Tencent's helper.
func TencentDefaultRSASealer() *RSASealer {
	s, err := NewRSASealer([]byte(TencentRSAPublicKeyPEM))
	if err != nil {
		// The key is a constant, checked by the tests.
		panic("faceid: the built-in Tencent RSA public key does not parse: " + err.Error())
	}
	return s
}

// Algorithm returns [AlgorithmAES256CBC].
func (s *RSASealer) Algorithm() string { return AlgorithmAES256CBC }

// ModulusBits returns the size of the public key's modulus, which is also
// the size in bytes (divided by 8) of every CiphertextBlob it makes.
func (s *RSASealer) ModulusBits() int { return s.pub.N.BitLen() }

// NewEnvelope draws a 32-byte AES-256 key from crypto/rand and wraps it
// with RSAES-PKCS1-v1_5 under the public key.
func (s *RSASealer) NewEnvelope() (Envelope, error) {
	key := make([]byte, aesKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, &CryptoError{Algorithm: "RSA", Op: "wrap key", Problem: "crypto/rand failed: " + err.Error()}
	}
	blob, err := s.wrap(key)
	if err != nil {
		clear(key)
		return nil, err
	}
	return newAESEnvelope(key, blob), nil
}

// wrap encrypts key with RSAES-PKCS1-v1_5: one modulus-sized block.
func (s *RSASealer) wrap(key []byte) ([]byte, error) {
	//lint:ignore SA1019 FaceID unwraps RSAES-PKCS1-v1_5 only (faceid-api.md §5.1 item 5): an OAEP wrap would not open. The client only encrypts, so no padding oracle is exposed here.
	blob, err := rsa.EncryptPKCS1v15(rand.Reader, s.pub, key)
	if err != nil {
		return nil, &CryptoError{Algorithm: "RSA", Op: "wrap key", Problem: err.Error()}
	}
	return blob, nil
}
