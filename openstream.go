package faceid

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"sync"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// bodyStream decrypts a reply sealed whole as it is read. EncryptedBody's
// base64 is decoded and decrypted a piece at a time by goroutines running
// side by side, so that the ciphertext is never held whole in base64 and,
// when the reply's Encryption came first, the plaintext is never held
// whole either:
//
//   - Encryption first, with an envelope of this package (AES-256-CBC):
//     the plaintext's members are decoded into the reply as it is
//     decrypted (open);
//   - EncryptedBody first, same envelope: every block but the first is
//     decrypted as it comes (a CBC block needs only the ciphertext block
//     before it); once the reply has been read, openReply checks its
//     Encryption, finishes the first block with the IV, checks the padding
//     and decodes the plaintext from its pieces (collect, openChained);
//   - any other envelope (SM4-GCM, whose tag covers the whole
//     ciphertext), or an Encryption that does not allow streaming: the
//     ciphertext is kept in pieces, then checked and opened whole by
//     openReply, which reports what is wrong.
type bodyStream struct {
	c      *Client
	env    Envelope
	rep    sealedReply
	member fieldDecoder // the reply's own member decoder
	seen   bool         // EncryptedBody was met, streamed or not
	opened bool         // EncryptedBody was decrypted and decoded here
	// collected is EncryptedBody kept in pieces when it could not be
	// decoded as it was read; openReply finishes it.
	collected *collectedBody
}

// collectedBody is EncryptedBody kept in pieces of the client's pool.
type collectedBody struct {
	pieces [][]byte
	size   int
	// chained: the pieces hold the CBC decryption of the ciphertext under
	// a zero IV, so that only the first block still lacks the IV.
	chained bool
}

// release gives the pieces back to the pool.
func (b *collectedBody) release(pool *piecePool) {
	for _, p := range b.pieces {
		pool.put(p)
	}
	b.pieces = nil
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
		if kind, err := r.Peek(); err != nil || kind != jsonscan.KindString {
			return member(r, key) // null, or not a string: the reply's decoder judges it
		}
		if mode, ok := s.decrypter(); ok {
			s.opened = true
			return s.open(r, mode)
		}
		return s.collect(r)
	}
}

// reset forgets a failed attempt.
func (s *bodyStream) reset() {
	s.seen, s.opened = false, false
	if s.collected != nil {
		s.collected.release(&s.c.pieces)
		s.collected = nil
	}
}

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
	rl := newRelay(&s.c.pieces)
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
	return s.relay(r, rl, ciphertext, &wg)
}

// relay runs the first stage of a relay: it decodes the EncryptedBody
// string at r into pieces sent to out, then waits for the other stages.
func (s *bodyStream) relay(r *jsonscan.Reader, rl *relay, out chan []byte, wg *sync.WaitGroup) error {
	w := &relayWriter{rl: rl, out: out}
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

// collect keeps the EncryptedBody string at r in pieces while its base64
// is decoded: under this package's envelope, a second goroutine decrypts
// every block but the first as the pieces come.
func (s *bodyStream) collect(r *jsonscan.Reader) error {
	rl := newRelay(&s.c.pieces)
	ciphertext := make(chan []byte, relayDepth)
	body := &collectedBody{}
	var mode cipher.BlockMode
	if env, ok := s.env.(*aesEnvelope); ok {
		var zero [aesIVSize]byte
		block, err := env.block("open", zero[:], nil)
		if err != nil {
			return &bodyError{problem: "EncryptedBody does not decrypt", err: err}
		}
		mode, body.chained = cipher.NewCBCDecrypter(block, zero[:]), true
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			b, ok := rl.receive(ciphertext)
			if !ok {
				return
			}
			if mode != nil && len(b)%aes.BlockSize == 0 {
				mode.CryptBlocks(b, b) // a short last piece is refused when the body is opened
			}
			body.pieces = append(body.pieces, b)
			body.size += len(b)
		}
	}()
	err := s.relay(r, rl, ciphertext, &wg)
	if err != nil || body.size == 0 {
		body.release(rl.pieces)
		return err // an empty EncryptedBody reads as none, as the reply's decoder reads it
	}
	if body.chained && body.size%aes.BlockSize != 0 {
		body.release(rl.pieces)
		return &bodyError{problem: "EncryptedBody does not decrypt",
			err: &CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open", Problem: "the ciphertext is not a whole number of 16-byte blocks"}}
	}
	s.collected = body
	return nil
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
