package faceid

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"io"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// bodyStream decrypts a reply sealed whole as it is read. EncryptedBody's
// base64 is decoded and AES-256-CBC-decrypted a chunk at a time into a
// pipe, from which a second goroutine decodes the plaintext's members into
// the reply, so that neither the ciphertext nor the plaintext is ever held
// whole and the two halves of the work run side by side.
//
// It streams only what it can check as it goes: an envelope of this
// package (AES-256-CBC), and a reply whose Encryption came before
// EncryptedBody with a usable IV and no tags. Anything else is decoded
// whole and left to openReply, which reports what is wrong.
type bodyStream struct {
	c      *Client
	env    Envelope
	rep    sealedReply
	member fieldDecoder // the reply's own member decoder
	opened bool         // EncryptedBody was decrypted and decoded here
}

// hook returns member, with EncryptedBody decrypted as it is read when
// the stream can.
func (s *bodyStream) hook(member fieldDecoder) fieldDecoder {
	return func(r *jsonscan.Reader, key []byte) error {
		if string(key) != "EncryptedBody" {
			return member(r, key)
		}
		if s.opened {
			return errors.New("EncryptedBody appears twice")
		}
		mode, ok := s.decrypter()
		if !ok {
			return member(r, key)
		}
		s.opened = true
		return s.open(r, mode)
	}
}

// reset forgets a failed attempt.
func (s *bodyStream) reset() { s.opened = false }

// decrypter returns the CBC decrypter of the reply's IV, when the reply's
// Encryption, already decoded, allows streaming.
func (s *bodyStream) decrypter() (cipher.BlockMode, bool) {
	env, ok := s.env.(*aesEnvelope)
	if !ok {
		return nil, false
	}
	enc, _, err := s.rep.replyEncryption()
	if err != nil || (enc.Algorithm != "" && enc.Algorithm != AlgorithmAES256CBC) || len(enc.TagList) > 0 {
		return nil, false
	}
	for _, listed := range enc.EncryptList {
		if listed != encryptionBody {
			return nil, false
		}
	}
	iv, err := base64.StdEncoding.DecodeString(enc.IV)
	if err != nil {
		return nil, false
	}
	block, err := env.block("open", iv, nil)
	if err != nil {
		return nil, false
	}
	return cipher.NewCBCDecrypter(block, iv), true
}

// open decrypts the EncryptedBody string at r into a pipe that a second
// goroutine decodes.
func (s *bodyStream) open(r *jsonscan.Reader, mode cipher.BlockMode) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		st := s.c.getState(pr)
		err := decodePlainMembers(st.r, s.member)
		s.c.putState(st)
		if err == nil {
			err = errBodyDecoded
		}
		// Unblock the writer however decoding ended.
		pr.CloseWithError(err)
		done <- err
	}()
	// Hand the plaintext over in large pieces: each piece is a switch
	// between the goroutines.
	out := bufio.NewWriterSize(pw, pipePiece)
	w := &cbcWriter{mode: mode, out: out}
	_, werr := r.StreamBase64(w)
	if werr == nil {
		werr = w.finish()
	}
	if werr == nil {
		werr = out.Flush()
	}
	pw.CloseWithError(werr)
	derr := <-done
	switch {
	case derr != errBodyDecoded:
		return &bodyError{problem: "the decrypted body does not decode", err: derr}
	case werr != nil:
		return &bodyError{problem: "EncryptedBody does not decrypt", err: werr}
	}
	return nil
}

// pipePiece is the size of the pieces of plaintext the decrypting
// goroutine hands to the decoding one.
const pipePiece = 256 << 10

// errBodyDecoded tells the writer that the decoder has finished well.
var errBodyDecoded = errors.New("faceid: the decrypted body was decoded")

// bodyError is a failure of a streamed whole body; openReply's caller sees
// it as the decode error of the reply.
type bodyError struct {
	problem string
	err     error
}

func (e *bodyError) Error() string { return e.problem + ": " + errorText(e.err) }
func (e *bodyError) Unwrap() error { return e.err }

// decodePlainMembers decodes the members of a decrypted reply body with
// member, refusing what has no place inside it.
func decodePlainMembers(r *jsonscan.Reader, member fieldDecoder) error {
	err := r.Object(func(key []byte) error {
		switch string(key) {
		case "RequestId", "Encryption":
			// The envelope's own members; an Encryption inside the body
			// describes nothing that is still encrypted.
			return r.Skip()
		case "EncryptedBody":
			if inner, err := r.ReadBase64(); err != nil || len(inner) > 0 {
				return errors.New("the decrypted body holds another EncryptedBody")
			}
			return nil
		case "Error":
			return errors.New("the decrypted body holds an Error")
		}
		return member(r, key)
	})
	if err != nil {
		return err
	}
	return r.End()
}

// cbcWriter decrypts AES-256-CBC ciphertext written to it in pieces of any
// size and writes the plaintext to out, holding back the last block, whose
// padding finish checks.
type cbcWriter struct {
	mode  cipher.BlockMode
	out   io.Writer
	held  [aes.BlockSize]byte // ciphertext not yet decrypted
	nheld int
	plain []byte // reused output buffer
	total int64
}

// Write decrypts every complete block of p but the last one written so far.
func (w *cbcWriter) Write(p []byte) (int, error) {
	n := len(p)
	w.total += int64(n)
	if w.nheld < aes.BlockSize {
		k := copy(w.held[w.nheld:], p)
		w.nheld += k
		p = p[k:]
	}
	if len(p) == 0 {
		return n, nil // the held block may be the last
	}
	// More follows, so the held block is not the last.
	full := len(p) &^ (aes.BlockSize - 1)
	if full == len(p) {
		full -= aes.BlockSize
	}
	if need := aes.BlockSize + full; cap(w.plain) < need {
		w.plain = make([]byte, need)
	} else {
		w.plain = w.plain[:need]
	}
	w.mode.CryptBlocks(w.plain[:aes.BlockSize], w.held[:])
	w.mode.CryptBlocks(w.plain[aes.BlockSize:], p[:full])
	w.nheld = copy(w.held[:], p[full:])
	if _, err := w.out.Write(w.plain); err != nil {
		return 0, err
	}
	return n, nil
}

// finish decrypts the last block, checks its padding and writes its text.
func (w *cbcWriter) finish() error {
	if w.nheld != aes.BlockSize || w.total%aes.BlockSize != 0 {
		return &CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open", Problem: "the ciphertext is not a positive multiple of 16 bytes"}
	}
	var last [aes.BlockSize]byte
	w.mode.CryptBlocks(last[:], w.held[:])
	n, ok := unpadPKCS7(last[:])
	if !ok {
		clear(last[:])
		return &CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open", Problem: "bad padding: the value was not sealed with this key and IV, or was altered"}
	}
	_, err := w.out.Write(last[:n])
	clear(last[:])
	return err
}
