package gm

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/pem"
	"strconv"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/faceid-go/faceid"
)

// TencentSM2PublicKeyPEM is the default FaceID SM2 public key shipped in
// Tencent's encryption helper, TencentCloud/faceid-api-crypto-golang,
// faceid/crypto.go (where it is stored as base64 of this text). Use the key
// your FaceID console shows when it differs.
const TencentSM2PublicKeyPEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEy2QjbKC4L6LJpw51mjX90X41NYGa
Mp+OGX7eJBfs8K98MOtKN8wPjj1iqHUlW6qyPGggNPI5RGEoAXaojOVycg==
-----END PUBLIC KEY-----
`

// SM2Sealer is the SM4-GCM [faceid.Sealer]: each envelope holds a random
// 16-byte SM4 key wrapped with SM2 public-key encryption in C1C3C2 order,
// raw, C1 uncompressed with its 0x04 marker (04 ‖ x1 ‖ y1 ‖ C3 ‖ C2, 113
// bytes), as FaceID expects. It is immutable and safe for concurrent use.
type SM2Sealer struct {
	pub *ecdsa.PublicKey
}

var _ faceid.Sealer = (*SM2Sealer)(nil)

// NewSM2Sealer returns the SM4-GCM sealer for the SM2 public key in
// pemBytes: one "PUBLIC KEY" PEM block holding a SubjectPublicKeyInfo
// whose curve is SM2 (1.2.156.10197.1.301), as the FaceID console gives it.
func NewSM2Sealer(pemBytes []byte) (*SM2Sealer, error) {
	fail := func(problem string) error {
		return &faceid.CryptoError{Algorithm: "SM2", Op: "parse public key", Problem: problem}
	}
	block, rest := pem.Decode(bytes.TrimSpace(pemBytes))
	if block == nil {
		return nil, fail("no PEM block found: give the public key as the console shows it, from its -----BEGIN line to its -----END line (base64 of that text, as Tencent's helper stores it, must be decoded first)")
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, fail("text after the " + strconv.Quote(block.Type) + " PEM block: give exactly one public key")
	}
	if block.Type != "PUBLIC KEY" {
		return nil, fail("PEM block type " + strconv.Quote(block.Type) + " is not an SM2 public key: want \"PUBLIC KEY\"")
	}
	k, err := smx509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fail("the PUBLIC KEY block is not a SubjectPublicKeyInfo: " + err.Error())
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, fail("the key is not on the SM2 curve (for an RSA key use faceid.NewRSASealer)")
	}
	return &SM2Sealer{pub: pub}, nil
}

// TencentDefaultSM2Sealer returns the sealer for [TencentSM2PublicKeyPEM],
// the default key of Tencent's helper.
func TencentDefaultSM2Sealer() *SM2Sealer {
	s, err := NewSM2Sealer([]byte(TencentSM2PublicKeyPEM))
	if err != nil {
		// The key is a constant, checked by the tests.
		panic("gm: the built-in Tencent SM2 public key does not parse: " + err.Error())
	}
	return s
}

// Algorithm returns [faceid.AlgorithmSM4GCM].
func (s *SM2Sealer) Algorithm() string { return faceid.AlgorithmSM4GCM }

// NewEnvelope draws a 16-byte SM4 key from crypto/rand and wraps it with
// SM2 under the public key.
func (s *SM2Sealer) NewEnvelope() (faceid.Envelope, error) {
	key := make([]byte, sm4KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, &faceid.CryptoError{Algorithm: "SM2", Op: "wrap key", Problem: "crypto/rand failed: " + err.Error()}
	}
	blob, err := s.wrap(key)
	if err != nil {
		clear(key)
		return nil, err
	}
	return newSM4Envelope(key, blob), nil
}

// wrap encrypts key with SM2: 04 ‖ x1 ‖ y1 ‖ C3 ‖ C2.
func (s *SM2Sealer) wrap(key []byte) ([]byte, error) {
	blob, err := sm2.Encrypt(rand.Reader, s.pub, key, sm2.NewPlainEncrypterOpts(sm2.MarshalUncompressed, sm2.C1C3C2))
	if err != nil {
		return nil, &faceid.CryptoError{Algorithm: "SM2", Op: "wrap key", Problem: err.Error()}
	}
	return blob, nil
}
