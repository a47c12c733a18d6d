package gm

import (
	"crypto/rand"
	"encoding/pem"
	"errors"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"github.com/faceid-go/faceid"
)

// SandboxKeyPair is an SM2 key pair for a FaceID sandbox: the private key
// of the SM4-GCM family that a fake server holds in place of Tencent's, so
// that clients sealing with [NewSM2Sealer] and its public key talk SM4-GCM
// to it. It implements faceidtest.KeyPair and faceidtest.SM3Hasher:
//
//	srv := faceidtest.NewServer(faceidtest.WithKeyPair(gm.NewSandboxKeyPair()))
//	sealer, err := gm.NewSM2Sealer(srv.SM2PublicKeyPEM())
//
// It holds a fresh key of its own, never Tencent's, and is safe for
// concurrent use.
type SandboxKeyPair struct {
	key *sm2.PrivateKey
	pem []byte
}

// NewSandboxKeyPair generates a new SM2 key pair. It panics only if
// crypto/rand fails, which already ends the program.
func NewSandboxKeyPair() *SandboxKeyPair {
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		panic("gm: generating the sandbox SM2 key: " + err.Error())
	}
	der, err := smx509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		panic("gm: encoding the sandbox SM2 public key: " + err.Error()) // an SM2 key always encodes
	}
	return &SandboxKeyPair{key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})}
}

// Algorithm returns [faceid.AlgorithmSM4GCM].
func (k *SandboxKeyPair) Algorithm() string { return faceid.AlgorithmSM4GCM }

// PublicKeyPEM returns the public key as a "PUBLIC KEY" PEM block
// (SubjectPublicKeyInfo, curve SM2), the form the FaceID console shows and
// [NewSM2Sealer] takes.
func (k *SandboxKeyPair) PublicKeyPEM() []byte { return append([]byte(nil), k.pem...) }

// sm2BlobSize is the size of the SM2 wrap of a 16-byte SM4 key:
// 04 ‖ x1 (32) ‖ y1 (32) ‖ C3 (32) ‖ C2 (16).
const sm2BlobSize = 1 + 32 + 32 + 32 + sm4KeySize

// OpenEnvelope unwraps a CiphertextBlob made as FaceID expects it (SM2,
// C1C3C2, raw, C1 uncompressed with its 0x04 marker) and returns the
// SM4-GCM envelope of the 16-byte key inside.
func (k *SandboxKeyPair) OpenEnvelope(blob []byte) (faceid.Envelope, error) {
	if len(blob) != sm2BlobSize || blob[0] != 0x04 {
		return nil, errors.New("the CiphertextBlob is not an SM2 wrap of a 16-byte key in C1C3C2 order with the 0x04 marker (113 bytes)")
	}
	key, err := k.key.Decrypt(nil, blob, sm2.NewPlainDecrypterOpts(sm2.C1C3C2))
	if err != nil {
		return nil, errors.New("the CiphertextBlob does not unwrap with the sandbox's SM2 private key: wrap the key with SM2PublicKeyPEM")
	}
	defer clear(key)
	return NewSM4Envelope(key, blob)
}

// SM3 returns the SM3 digest of data, with which the sandbox reads the
// magic inputs of EncryptedPhoneVerification in EncryptionMode "3".
func (k *SandboxKeyPair) SM3(data []byte) []byte {
	d := sm3.Sum(data)
	return d[:]
}
