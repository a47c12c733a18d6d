package faceid

import (
	"encoding/base64"
	"strconv"
)

// The values of [Encryption].Algorithm, one per algorithm family.
const (
	// AlgorithmAES256CBC is AES-256-CBC with PKCS#7 padding and a 16-byte
	// IV, its 32-byte key wrapped with RSA (RSAES-PKCS1-v1_5). FaceID uses
	// it when Algorithm is omitted.
	AlgorithmAES256CBC = "AES-256-CBC"
	// AlgorithmSM4GCM is SM4 in GCM mode with a 12-byte nonce, a 16-byte
	// tag kept apart from the ciphertext and no additional data, its
	// 16-byte key wrapped with SM2 (C1C3C2).
	AlgorithmSM4GCM = "SM4-GCM"
)

// A Sealer makes the envelopes of FaceID's sensitive-data encryption
// (envelope encryption, faceid-api.md §5): each call gets an [Envelope]
// holding a fresh random symmetric key and that key wrapped with the FaceID
// console's public key.
//
// [NewRSASealer] builds the AES-256-CBC family from an RSA public key; the
// SM4-GCM family with an SM2 key lives in the nested module
// github.com/faceid-go/faceid/gm, so that this module keeps no third-party
// dependency. Another implementation needs nothing unexported: it returns
// its own Envelope and reports failures as [*CryptoError].
//
// A Sealer holds only the public key: it is immutable and safe for
// concurrent use.
type Sealer interface {
	// Algorithm returns the Encryption.Algorithm value of the family,
	// [AlgorithmAES256CBC] or [AlgorithmSM4GCM].
	Algorithm() string
	// NewEnvelope returns an envelope with a new symmetric key drawn from
	// crypto/rand and wrapped with the public key. Every call gets its own
	// envelope, and closes it when the call ends.
	NewEnvelope() (Envelope, error)
}

// An Envelope is the symmetric key of one call, with its wrap. It seals the
// request's sensitive fields (or whole body) and opens the reply's, which
// FaceID encrypts with the same key. Close drops the key; an Envelope is
// meant for one call and one goroutine at a time.
type Envelope interface {
	// Algorithm returns the Encryption.Algorithm value of the envelope.
	Algorithm() string
	// CiphertextBlob returns the wrapped key, raw (the wire carries it in
	// standard base64): one modulus-sized RSAES-PKCS1-v1_5 block, or the
	// 113-byte SM2 ciphertext 04 ‖ x1 ‖ y1 ‖ C3 ‖ C2.
	CiphertextBlob() []byte
	// NewIV returns a fresh random IV from crypto/rand: 16 bytes for
	// AES-256-CBC, a 12-byte nonce for SM4-GCM. One Encryption object
	// carries one IV, shared by every value it lists.
	NewIV() ([]byte, error)
	// Seal encrypts plaintext, a field's UTF-8 value or a whole JSON body,
	// under iv. Under SM4-GCM the 16-byte tag is returned apart from the
	// ciphertext, as TagList carries it; under AES-256-CBC tag is nil.
	Seal(iv, plaintext []byte) (ciphertext, tag []byte, err error)
	// Open decrypts a ciphertext sealed with this key, checking it
	// strictly: the IV and tag sizes, and the PKCS#7 padding (AES-256-CBC)
	// or the tag (SM4-GCM). On any failure it returns a [*CryptoError] and
	// no plaintext at all.
	Open(iv, ciphertext, tag []byte) ([]byte, error)
	// Close zeroes the symmetric key. Seal and Open fail afterwards;
	// CiphertextBlob stays readable. Close may be called more than once.
	Close()
}

// An InPlaceOpener is an Envelope that can decrypt into the ciphertext's
// own memory, sparing a copy of a large reply: OpenInPlace is Open, but the
// plaintext it returns shares buf's memory, and on failure buf is cleared.
// The client uses it for a whole-body reply when the envelope has it.
type InPlaceOpener interface {
	OpenInPlace(iv, buf, tag []byte) ([]byte, error)
}

// A CryptoError reports a failure to seal or open a value, or a public key
// that cannot be used. It never holds key material, plaintext or
// ciphertext.
type CryptoError struct {
	// Algorithm is the family: AES-256-CBC, SM4-GCM, RSA or SM2.
	Algorithm string
	// Op is what failed: "parse public key", "wrap key", "seal" or "open".
	Op string
	// Problem says what was wrong, and what to do when that is in the
	// caller's hands.
	Problem string
}

// Error implements error.
func (e *CryptoError) Error() string {
	return "faceid: " + e.Algorithm + " " + e.Op + ": " + e.Problem
}

// SealFields seals the values of the named request fields with env under
// one fresh IV, as a field-level request carries them (faceid-api.md §5.1
// items 2-4): it returns the Encryption object to send, with the wrapped
// key, the IV and, under SM4-GCM, one tag per field in names order, and the
// sealed values in standard base64, in names order, to put in place of the
// plaintext members.
func SealFields(env Envelope, names, values []string) (*Encryption, []string, error) {
	if len(names) != len(values) {
		return nil, nil, &CryptoError{Algorithm: env.Algorithm(), Op: "seal",
			Problem: strconv.Itoa(len(names)) + " field names for " + strconv.Itoa(len(values)) + " values"}
	}
	iv, err := env.NewIV()
	if err != nil {
		return nil, nil, err
	}
	enc := &Encryption{
		EncryptList:    append([]string(nil), names...),
		CiphertextBlob: base64.StdEncoding.EncodeToString(env.CiphertextBlob()),
		IV:             base64.StdEncoding.EncodeToString(iv),
		Algorithm:      env.Algorithm(),
	}
	sealed := make([]string, len(values))
	for i, v := range values {
		ct, tag, err := env.Seal(iv, []byte(v))
		if err != nil {
			return nil, nil, err
		}
		sealed[i] = base64.StdEncoding.EncodeToString(ct)
		if tag != nil {
			enc.TagList = append(enc.TagList, base64.StdEncoding.EncodeToString(tag))
		}
	}
	return enc, sealed, nil
}
