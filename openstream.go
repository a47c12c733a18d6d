package faceid

import (
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"sync"

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
	seen   bool         // EncryptedBody was met, streamed or not
	opened bool         // EncryptedBody was decrypted and decoded here
}

// hook returns member, with EncryptedBody decrypted as it is read when
// the stream can.
func (s *bodyStream) hook(member fieldDecoder) fieldDecoder {
	return func(r *jsonscan.Reader, key []byte) error {
		if string(key) != "EncryptedBody" {
			return member(r, key)
		}
		if s.seen {
			return errors.New("EncryptedBody appears twice: the reply is ambiguous and was refused")
		}
		s.seen = true
		mode, ok := s.decrypter()
		if !ok {
			return member(r, key)
		}
		s.opened = true
		return s.open(r, mode)
	}
}

// reset forgets a failed attempt.
func (s *bodyStream) reset() { s.seen, s.opened = false, false }

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

// open decrypts the EncryptedBody string at r in three stages running side
// by side: this goroutine decodes the base64 into pieces, a second
// decrypts them, a third decodes the plaintext's members into the reply.
// A reply cut off inside the string fails as any cut-off reply does; any
// other failure is a *bodyError.
func (s *bodyStream) open(r *jsonscan.Reader, mode cipher.BlockMode) error {
	rl := newRelay()
	ciphertext := make(chan []byte, relayDepth)
	plaintext := make(chan []byte, relayDepth)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		decryptPieces(rl, mode, ciphertext, plaintext)
	}()
	go func() {
		defer wg.Done()
		st := s.c.getState(&relayReader{rl: rl, in: plaintext})
		err := decodePlainMembers(st.r, s.member)
		s.c.putState(st)
		if err != nil {
			rl.fail(&bodyError{problem: "the decrypted body does not decode", err: err})
		}
	}()
	w := &relayWriter{rl: rl, out: ciphertext}
	_, readErr := r.StreamBase64(w)
	if readErr == nil {
		w.close()
	} else {
		rl.fail(readErr)
	}
	wg.Wait()
	if !rl.stopped() {
		return nil
	}
	switch err := rl.failure(); {
	case err == readErr:
		return readErr // the reply itself is cut off or malformed
	case isBodyError(err):
		return err
	default:
		return &bodyError{problem: "EncryptedBody does not decrypt", err: err}
	}
}

// isBodyError reports whether err is a *bodyError.
func isBodyError(err error) bool {
	_, ok := err.(*bodyError)
	return ok
}

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
