package gm

import (
	"crypto/cipher"
	"crypto/rand"
	"strconv"

	"github.com/emmansun/gmsm/sm4"
	"github.com/faceid-go/faceid"
)

// Sizes of the SM4-GCM family.
const (
	sm4KeySize   = 16
	gcmNonceSize = 12
	gcmTagSize   = 16
)

// sm4Envelope is the SM4-GCM envelope of one call.
type sm4Envelope struct {
	key  []byte      // zeroed by Close
	blob []byte      // the key wrapped with SM2
	gcm  cipher.AEAD // SM4-GCM under the key, made once; dropped by Close
}

// newSM4Envelope returns the envelope of key, which blob wraps. It keeps
// key (not a copy): Close zeroes it.
func newSM4Envelope(key, blob []byte) *sm4Envelope {
	return &sm4Envelope{key: key, blob: blob}
}

// NewSM4Envelope returns the SM4-GCM envelope of a known 16-byte key, which
// blob wraps: what a server that has unwrapped a CiphertextBlob with its
// private key (a sandbox) seals and opens with. Clients get their
// envelopes from an [SM2Sealer]. The envelope keeps a copy of key, which
// its Close zeroes.
func NewSM4Envelope(key, blob []byte) (faceid.Envelope, error) {
	if len(key) != sm4KeySize {
		return nil, &faceid.CryptoError{Algorithm: faceid.AlgorithmSM4GCM, Op: "open",
			Problem: "the key must be 16 bytes, got " + strconv.Itoa(len(key))}
	}
	return newSM4Envelope(append([]byte(nil), key...), append([]byte(nil), blob...)), nil
}

func (e *sm4Envelope) Algorithm() string      { return faceid.AlgorithmSM4GCM }
func (e *sm4Envelope) CiphertextBlob() []byte { return e.blob }

func (e *sm4Envelope) NewIV() ([]byte, error) {
	iv := make([]byte, gcmNonceSize)
	if _, err := rand.Read(iv); err != nil {
		return nil, e.fail("seal", "crypto/rand failed: "+err.Error())
	}
	return iv, nil
}

func (e *sm4Envelope) Close() { clear(e.key); e.key, e.gcm = nil, nil }

func (e *sm4Envelope) fail(op, problem string) *faceid.CryptoError {
	return &faceid.CryptoError{Algorithm: faceid.AlgorithmSM4GCM, Op: op, Problem: problem}
}

// aead returns SM4-GCM under the key (12-byte nonce, 16-byte tag), made
// at the envelope's first use, checking iv's size.
func (e *sm4Envelope) aead(op string, iv []byte) (cipher.AEAD, error) {
	if e.key == nil {
		return nil, e.fail(op, "the envelope is closed: its key was dropped when the call ended")
	}
	if len(iv) != gcmNonceSize {
		return nil, e.fail(op, "the IV must be a 12-byte nonce, got "+strconv.Itoa(len(iv))+" bytes")
	}
	if e.gcm == nil {
		b, err := sm4.NewCipher(e.key)
		if err != nil {
			return nil, e.fail(op, err.Error())
		}
		g, err := cipher.NewGCM(b)
		if err != nil {
			return nil, e.fail(op, err.Error())
		}
		e.gcm = g
	}
	return e.gcm, nil
}

// Seal encrypts plaintext with SM4-GCM and no additional data, and returns
// the tag cut off the end of the GCM output.
func (e *sm4Envelope) Seal(iv, plaintext []byte) (ciphertext, tag []byte, err error) {
	g, err := e.aead("seal", iv)
	if err != nil {
		return nil, nil, err
	}
	out := g.Seal(nil, iv, plaintext, nil)
	n := len(out) - gcmTagSize
	return out[:n:n], out[n:], nil
}

// Open checks the tag and decrypts; on failure it returns no plaintext.
func (e *sm4Envelope) Open(iv, ciphertext, tag []byte) ([]byte, error) {
	sealed := make([]byte, len(ciphertext), len(ciphertext)+gcmTagSize)
	copy(sealed, ciphertext)
	return e.OpenInPlace(iv, sealed, tag)
}

// OpenInPlace is Open decrypting into buf's own memory. GCM reads the tag
// after the ciphertext, so it is written into buf's spare capacity when
// there is room for it (16 bytes); otherwise buf is copied once. On
// failure what was decrypted is cleared.
func (e *sm4Envelope) OpenInPlace(iv, buf, tag []byte) ([]byte, error) {
	g, err := e.aead("open", iv)
	if err != nil {
		return nil, err
	}
	if len(tag) != gcmTagSize {
		return nil, e.fail("open", "the tag must be 16 bytes, got "+strconv.Itoa(len(tag))+" (TagList holds one per value)")
	}
	sealed := append(buf, tag...)
	pt, err := g.Open(sealed[:0], iv, sealed, nil)
	if err != nil {
		clear(sealed)
		return nil, e.fail("open", "the tag does not match: the value was not sealed with this key and IV, or was altered")
	}
	return pt, nil
}
