package faceid

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"slices"
	"strconv"
)

// Sizes of the AES-256-CBC family.
const (
	aesKeySize = 32 // AES-256
	aesIVSize  = aes.BlockSize
)

// aesEnvelope is the AES-256-CBC envelope of one call.
type aesEnvelope struct {
	key     []byte       // zeroed by Close
	blob    []byte       // the key wrapped with RSA
	cipher  cipher.Block // the key's AES-256, made once; dropped by Close
	scratch []byte       // appendSealed's buffer, cleared after each use
}

// newAESEnvelope returns the envelope of key, which blob wraps. It keeps
// key (not a copy): Close zeroes it.
func newAESEnvelope(key, blob []byte) *aesEnvelope {
	return &aesEnvelope{key: key, blob: blob}
}

// NewAESEnvelope returns the AES-256-CBC envelope of a known 32-byte key,
// which blob wraps: what a server that has unwrapped a CiphertextBlob with
// its private key (the sandbox in package faceidtest) seals and opens
// with. Clients get their envelopes from a [Sealer]. The envelope keeps a
// copy of key, which its Close zeroes.
func NewAESEnvelope(key, blob []byte) (Envelope, error) {
	if len(key) != aesKeySize {
		return nil, &CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open",
			Problem: "the key must be 32 bytes, got " + strconv.Itoa(len(key))}
	}
	return newAESEnvelope(append([]byte(nil), key...), append([]byte(nil), blob...)), nil
}

func (e *aesEnvelope) Algorithm() string      { return AlgorithmAES256CBC }
func (e *aesEnvelope) CiphertextBlob() []byte { return e.blob }

func (e *aesEnvelope) NewIV() ([]byte, error) {
	iv := make([]byte, aesIVSize)
	if _, err := rand.Read(iv); err != nil {
		return nil, e.fail("seal", "crypto/rand failed: "+err.Error())
	}
	return iv, nil
}

func (e *aesEnvelope) Close() { clear(e.key); e.key, e.cipher, e.scratch = nil, nil, nil }

func (e *aesEnvelope) fail(op, problem string) *CryptoError {
	return &CryptoError{Algorithm: AlgorithmAES256CBC, Op: op, Problem: problem}
}

// block returns the AES-256 block cipher of the key, checking iv's size.
func (e *aesEnvelope) block(op string, iv, tag []byte) (cipher.Block, error) {
	if e.key == nil {
		return nil, e.fail(op, "the envelope is closed: its key was dropped when the call ended")
	}
	if len(iv) != aesIVSize {
		return nil, e.fail(op, "the IV must be 16 bytes, got "+strconv.Itoa(len(iv)))
	}
	if len(tag) != 0 {
		return nil, e.fail(op, "AES-256-CBC takes no tag (TagList must be empty)")
	}
	if e.cipher == nil {
		b, err := aes.NewCipher(e.key)
		if err != nil {
			return nil, err
		}
		e.cipher = b
	}
	return e.cipher, nil
}

// Seal pads plaintext with PKCS#7 and encrypts it with AES-256-CBC; the IV
// is not prepended.
func (e *aesEnvelope) Seal(iv, plaintext []byte) (ciphertext, tag []byte, err error) {
	b, err := e.block("seal", iv, nil)
	if err != nil {
		return nil, nil, err
	}
	out := appendPKCS7(make([]byte, 0, len(plaintext)+aes.BlockSize), plaintext)
	encryptCBC(b, iv, out)
	return out, nil, nil
}

// appendSealed appends to dst what Seal returns for plaintext, in
// standard base64: how the client seals a request's members, straight into
// the body, through one buffer per envelope that is cleared after use.
func (e *aesEnvelope) appendSealed(dst, iv, plaintext []byte) ([]byte, error) {
	b, err := e.block("seal", iv, nil)
	if err != nil {
		return dst, err
	}
	e.scratch = appendPKCS7(e.scratch[:0], plaintext)
	encryptCBC(b, iv, e.scratch)
	dst = base64.StdEncoding.AppendEncode(dst, e.scratch)
	clear(e.scratch)
	return dst, nil
}

// appendPKCS7 appends plaintext and its PKCS#7 padding to dst: 1 to 16
// bytes, each holding their count.
func appendPKCS7(dst, plaintext []byte) []byte {
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	dst = slices.Grow(dst, len(plaintext)+pad)
	dst = append(dst, plaintext...)
	for range pad {
		dst = append(dst, byte(pad))
	}
	return dst
}

// cbcLoopMax is the longest text encryptCBC encrypts a block at a time:
// for a member's few blocks that spares the CBC mode's allocation, which
// a long body repays with its faster loop.
const cbcLoopMax = 1 << 10

// encryptCBC encrypts buf, a whole number of blocks, in place with
// AES-CBC under iv.
func encryptCBC(b cipher.Block, iv, buf []byte) {
	if len(buf) > cbcLoopMax {
		cipher.NewCBCEncrypter(b, iv).CryptBlocks(buf, buf)
		return
	}
	prev := iv
	for i := 0; i < len(buf); i += aes.BlockSize {
		block := buf[i : i+aes.BlockSize]
		subtle.XORBytes(block, block, prev)
		b.Encrypt(block, block)
		prev = block
	}
}

// Open decrypts an AES-256-CBC ciphertext and removes its PKCS#7 padding,
// which it checks in full, in time that does not depend on the padding.
func (e *aesEnvelope) Open(iv, ciphertext, tag []byte) ([]byte, error) {
	if _, err := e.block("open", iv, tag); err != nil {
		return nil, err
	}
	return e.OpenInPlace(iv, append([]byte(nil), ciphertext...), tag)
}

// OpenInPlace is Open decrypting into buf's own memory; on failure buf is
// cleared.
func (e *aesEnvelope) OpenInPlace(iv, buf, tag []byte) ([]byte, error) {
	b, err := e.block("open", iv, tag)
	if err != nil {
		return nil, err
	}
	if len(buf) == 0 || len(buf)%aes.BlockSize != 0 {
		return nil, e.fail("open", "the ciphertext must be a positive multiple of 16 bytes, got "+strconv.Itoa(len(buf)))
	}
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(buf, buf)
	n, ok := unpadPKCS7(buf)
	if !ok {
		clear(buf)
		return nil, e.fail("open", "bad padding: the value was not sealed with this key and IV, or was altered")
	}
	return buf[:n:n], nil
}

// unpadPKCS7 returns the length of the text in b once its PKCS#7 padding is
// removed, and whether the padding is well formed. b is a positive multiple
// of the block size. It reads the whole last block whatever the padding, and
// decides without branching on the padding bytes.
func unpadPKCS7(b []byte) (int, bool) {
	last := b[len(b)-aes.BlockSize:]
	pad := int(last[aes.BlockSize-1])
	good := subtle.ConstantTimeLessOrEq(1, pad) & subtle.ConstantTimeLessOrEq(pad, aes.BlockSize)
	for i := 1; i <= aes.BlockSize; i++ {
		// Byte i from the end must equal pad when i <= pad.
		inPad := subtle.ConstantTimeLessOrEq(i, pad)
		match := subtle.ConstantTimeByteEq(last[aes.BlockSize-i], byte(pad))
		good &= match | (inPad ^ 1)
	}
	if good != 1 {
		return 0, false
	}
	return len(b) - pad, true
}
