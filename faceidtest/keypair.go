package faceidtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"sync"

	"github.com/faceid-go/faceid"
)

// A KeyPair is the private key of one family of FaceID's sensitive-data
// encryption, held by the sandbox in place of Tencent's: clients wrap their
// symmetric keys with its public key, and the sandbox unwraps them to open
// the request and seal the reply (faceid-api.md §5).
//
// Every Server has an RSA key pair of its own (the AES-256-CBC family);
// the SM2 key pair (the SM4-GCM family) lives in the module
// github.com/faceid-go/faceid/gm, which WithKeyPair plugs in, so that this
// module keeps no third-party dependency. An implementation must be safe
// for concurrent use.
type KeyPair interface {
	// Algorithm returns the Encryption.Algorithm value of the family,
	// faceid.AlgorithmAES256CBC or faceid.AlgorithmSM4GCM.
	Algorithm() string
	// PublicKeyPEM returns the public key as PEM text, in the form the
	// family's client sealer takes (faceid.NewRSASealer,
	// gm.NewSM2Sealer).
	PublicKeyPEM() []byte
	// OpenEnvelope unwraps a CiphertextBlob with the private key and
	// returns the envelope of the symmetric key found, which seals and
	// opens with that key. Any failure is an error, reported to the client
	// as FailedOperation.DecryptSystemError.
	OpenEnvelope(ciphertextBlob []byte) (faceid.Envelope, error)
}

// An SM3Hasher is a KeyPair that can also hash with SM3. The sandbox uses
// it to recognise the magic inputs of EncryptedPhoneVerification sent in
// EncryptionMode "3" (SM3 digests); the key pair of the gm module is one.
type SM3Hasher interface {
	// SM3 returns the 32-byte SM3 digest of data.
	SM3(data []byte) []byte
}

// rsaBits is the size of the sandbox's RSA modulus.
const rsaBits = 2048

// rsaKeyPair is the built-in AES-256-CBC key pair: an RSA key made on
// first use, so that a server that never sees encryption pays nothing.
type rsaKeyPair struct {
	once sync.Once
	key  *rsa.PrivateKey
	pem  []byte
}

// NewRSAKeyPair returns a new RSA key pair (2048-bit, generated on first
// use) for the AES-256-CBC family: every Server makes one of its own, and
// WithKeyPair(NewRSAKeyPair()) lets several servers share one, to generate
// it once in a test suite. Its public key is PKCS#1 PEM ("RSA PUBLIC
// KEY"), as the FaceID console shows it.
func NewRSAKeyPair() KeyPair { return &rsaKeyPair{} }

// generate makes the key once.
func (k *rsaKeyPair) generate() {
	k.once.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, rsaBits)
		if err != nil {
			// Only crypto/rand can fail here, and a failing crypto/rand
			// already ends the program.
			panic("faceidtest: generating the sandbox RSA key: " + err.Error())
		}
		k.key = key
		k.pem = pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)})
	})
}

// Algorithm returns faceid.AlgorithmAES256CBC.
func (k *rsaKeyPair) Algorithm() string { return faceid.AlgorithmAES256CBC }

// PublicKeyPEM returns the "RSA PUBLIC KEY" PEM block.
func (k *rsaKeyPair) PublicKeyPEM() []byte {
	k.generate()
	return append([]byte(nil), k.pem...)
}

// OpenEnvelope unwraps an RSAES-PKCS1-v1_5 block holding a 32-byte key.
func (k *rsaKeyPair) OpenEnvelope(blob []byte) (faceid.Envelope, error) {
	k.generate()
	if len(blob) != k.key.Size() {
		return nil, errors.New("the CiphertextBlob is not one RSA block of this key: wrap the key with the sandbox's RSA public key (RSAPublicKeyPEM)")
	}
	//lint:ignore SA1019 FaceID wraps keys with RSAES-PKCS1-v1_5 (faceid-api.md §5.1 item 5); the sandbox answers every failure alike.
	key, err := rsa.DecryptPKCS1v15(nil, k.key, blob)
	if err != nil {
		return nil, errors.New("the CiphertextBlob does not unwrap with the sandbox's RSA private key: wrap the key with RSAPublicKeyPEM")
	}
	defer clear(key)
	return faceid.NewAESEnvelope(key, blob)
}

// keyPairs returns the server's key pairs by Encryption.Algorithm: the
// ones WithKeyPair gave and, unless one was given, a new RSA pair.
func keyPairs(given map[string]KeyPair) map[string]KeyPair {
	out := map[string]KeyPair{faceid.AlgorithmAES256CBC: NewRSAKeyPair()}
	for alg, kp := range given {
		out[alg] = kp
	}
	return out
}

// RSAPublicKeyPEM returns the public key of the server's RSA key pair, as
// PKCS#1 PEM ("RSA PUBLIC KEY"), for faceid.NewRSASealer: a client that
// seals with it talks AES-256-CBC to the sandbox. The key is generated on
// the first call (or the first encrypted request).
func (s *Server) RSAPublicKeyPEM() []byte { return s.keys[faceid.AlgorithmAES256CBC].PublicKeyPEM() }

// SM2PublicKeyPEM returns the public key of the server's SM2 key pair, as
// SubjectPublicKeyInfo PEM ("PUBLIC KEY"), for gm.NewSM2Sealer; nil when
// the server has none, which WithKeyPair(gm.NewSandboxKeyPair()) gives it
// (the SM family lives in the module github.com/faceid-go/faceid/gm).
func (s *Server) SM2PublicKeyPEM() []byte {
	kp, ok := s.keys[faceid.AlgorithmSM4GCM]
	if !ok {
		return nil
	}
	return kp.PublicKeyPEM()
}
