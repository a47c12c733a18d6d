package faceid

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// sealedReply is a reply that can carry encrypted members; its methods are
// generated from the spec's encryptable reply members.
type sealedReply interface {
	// replyEncryption returns the reply's Encryption and the ciphertext of
	// its whole body, if any.
	replyEncryption() (*Encryption, []byte, error)
	// dropEncryptedBody forgets that ciphertext once it is decrypted.
	dropEncryptedBody()
	// encryptedMember returns the text member at a path from Response
	// ("Text.IdCard"), or nil.
	encryptedMember(path string) *string
}

// ReplyDecryptionError reports a reply that the call's key could not
// decrypt, or whose encryption does not add up: the call fails, and no
// part of the result is returned. errors.Is(err, ErrEncryption) holds.
type ReplyDecryptionError struct {
	// Action is the API action that was called.
	Action string
	// RequestID identifies the reply for Tencent support.
	RequestID string
	// Problem says what was wrong. It never holds key material, plaintext
	// or ciphertext.
	Problem string
	// Err is the underlying failure, such as a *CryptoError; may be nil.
	Err error
}

// Error implements error. The cause's text can quote the decrypted
// reply, so it is shown redacted and bounded like server text.
func (e *ReplyDecryptionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "faceid: %s: the reply could not be decrypted: %s", e.Action, e.Problem)
	if e.Err != nil {
		b.WriteString(": " + redactText(errorText(e.Err), maxMessageRunes))
	}
	writeRequestID(&b, e.RequestID)
	return b.String()
}

// String is used by fmt for a ReplyDecryptionError value; it reads as
// Error does.
func (e ReplyDecryptionError) String() string { return e.Error() }

// GoString is used by %#v; it shows the cause as Error does.
func (e ReplyDecryptionError) GoString() string {
	return fmt.Sprintf("&faceid.ReplyDecryptionError{Action: %q, RequestID: %q, Problem: %q, Err: %q}",
		e.Action, safeRequestID(e.RequestID), e.Problem, redactText(errorText(e.Err), maxMessageRunes))
}

// LogValue shows the error as Error does, for every slog handler.
func (e ReplyDecryptionError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// Unwrap returns the underlying failure.
func (e *ReplyDecryptionError) Unwrap() error { return e.Err }

// Is reports whether target is ErrEncryption.
func (e *ReplyDecryptionError) Is(target error) bool { return target == ErrEncryption }

func (e *ReplyDecryptionError) requestID() string { return e.RequestID }

// openReply decrypts, in place, what the reply sealed with the call's key:
// its whole body, which member decodes into the reply as if it had come in
// clear, or its listed members. collected, if not nil, is EncryptedBody as
// the reply's stream kept it (bodyStream.collect). Anything it cannot
// decrypt, or any encryption that does not add up, is an error; the
// caller then drops the whole result.
func (c *Client) openReply(action string, meta replyMeta, seal *callSeal, rep sealedReply, member fieldDecoder, collected *collectedBody) error {
	if collected != nil {
		defer collected.release(&c.pieces)
	}
	fail := func(problem string, err error) error {
		return &ReplyDecryptionError{Action: action, RequestID: meta.requestID, Problem: problem, Err: err}
	}
	enc, body, err := rep.replyEncryption()
	if err != nil {
		return fail("EncryptedBody is not base64", err)
	}
	whole := len(body) > 0 || collected != nil
	if len(enc.EncryptList) == 0 && !whole {
		*enc = Encryption{} // nothing came encrypted
		return nil
	}
	env := seal.env
	if enc.Algorithm != "" && enc.Algorithm != env.Algorithm() {
		return fail("the reply is sealed with "+strconv.Quote(enc.Algorithm)+" but the request with "+env.Algorithm(), nil)
	}
	iv, err := base64.StdEncoding.DecodeString(enc.IV)
	if err != nil {
		return fail("Encryption.Iv is not base64", nil)
	}
	tags, err := replyTags(enc, env.Algorithm())
	if err != nil {
		return fail(err.Error(), nil)
	}
	if whole {
		for _, listed := range enc.EncryptList {
			if listed != encryptionBody {
				return fail("the reply has EncryptedBody and lists "+strconv.Quote(listed)+" as encrypted too", nil)
			}
		}
		if len(tags) > 1 {
			return fail("TagList holds "+strconv.Itoa(len(tags))+" tags for one EncryptedBody", nil)
		}
		switch {
		case collected != nil && collected.chained:
			err = c.openChained(fail, iv, collected, member)
		case collected != nil:
			buf := c.wholeBuffer(collected.size + gcmTagRoom)
			err = openWholeReply(fail, env, rep, iv, tagAt(tags, 0), collected.join(buf), member)
			c.keepWholeBuffer(buf)
		default:
			err = openWholeReply(fail, env, rep, iv, tagAt(tags, 0), body, member)
		}
		if err != nil {
			return err
		}
		*enc = Encryption{} // consumed: the result reads as a clear one
		return nil
	}
	seen := make(map[string]bool, len(enc.EncryptList))
	for i, listed := range enc.EncryptList {
		path := strings.TrimPrefix(listed, "Response.")
		if seen[path] {
			return fail("Encryption.EncryptList names "+strconv.Quote(path)+" twice", nil)
		}
		seen[path] = true
		field := rep.encryptedMember(path)
		if field == nil {
			return fail("Encryption.EncryptList names "+strconv.Quote(listed)+", which this reply cannot carry encrypted", nil)
		}
		if *field == "" {
			continue
		}
		ct, err := base64.StdEncoding.DecodeString(*field)
		if err != nil {
			return fail(path+" is not base64", nil)
		}
		plain, err := env.Open(iv, ct, tagAt(tags, i))
		if err != nil {
			return fail(path+" does not decrypt", err)
		}
		*field = string(plain)
		clear(plain)
	}
	*enc = Encryption{} // consumed: the result reads as a clear one
	return nil
}

// openWholeReply decrypts EncryptedBody, held whole in body, and decodes
// its members into the reply with the call's member decoder, whose claims
// refuse a member met both in clear and inside the body.
func openWholeReply(fail func(string, error) error, env Envelope, rep sealedReply, iv, tag, body []byte, member fieldDecoder) error {
	var (
		plain []byte
		err   error
	)
	if o, ok := env.(InPlaceOpener); ok {
		// body is the reply's own copy of EncryptedBody, dropped below.
		plain, err = o.OpenInPlace(iv, body, tag)
	} else {
		plain, err = env.Open(iv, body, tag)
	}
	if err != nil {
		return fail("EncryptedBody does not decrypt", err)
	}
	defer clear(plain)
	rep.dropEncryptedBody()
	err = decodePlainMembers(jsonscan.NewBytesReader(plain), member)
	if err != nil {
		return fail("the decrypted body does not decode", err)
	}
	return nil
}

// openChained finishes an AES-256-CBC EncryptedBody that was decrypted as
// it was read, under a zero IV: the reply's IV goes into the first block,
// the padding of the last is checked and removed, and the plaintext is
// decoded from its pieces as a streamed body is.
func (c *Client) openChained(fail func(string, error) error, iv []byte, body *collectedBody, member fieldDecoder) error {
	if len(iv) != aesIVSize {
		return fail("EncryptedBody does not decrypt", &CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open",
			Problem: "the IV must be 16 bytes, got " + strconv.Itoa(len(iv))})
	}
	first, last := body.pieces[0], body.pieces[len(body.pieces)-1]
	subtle.XORBytes(first[:aesIVSize], first[:aesIVSize], iv)
	n, ok := unpadPKCS7(last)
	if !ok {
		return fail("EncryptedBody does not decrypt", &CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open",
			Problem: "bad padding: the body was not sealed with this key and IV, or was altered"})
	}
	body.pieces[len(body.pieces)-1] = last[:n]
	st := c.getState(&piecesReader{pieces: body.pieces})
	err := decodePlainMembers(st.r, member)
	c.putState(st)
	if err != nil {
		return fail("the decrypted body does not decode", err)
	}
	return nil
}

// gcmTagRoom is the room join leaves after the ciphertext for a GCM tag
// (see the SM4-GCM envelope's OpenInPlace).
const gcmTagRoom = 16

// join copies the pieces into buf, whose capacity is at least their size,
// and returns them as one slice.
func (b *collectedBody) join(buf []byte) []byte {
	for _, p := range b.pieces {
		buf = append(buf, p...)
	}
	return buf
}

// wholeBuffer returns an empty buffer of at least n bytes' capacity for a
// body opened whole: the client's last one when it is large enough.
func (c *Client) wholeBuffer(n int) []byte {
	if p, _ := c.wholeBuffers.Get().(*[]byte); p != nil && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]byte, 0, n)
}

// keepWholeBuffer clears buf, which held plaintext, and keeps it for the
// next body opened whole.
func (c *Client) keepWholeBuffer(buf []byte) {
	buf = buf[:cap(buf)]
	clear(buf)
	c.wholeBuffers.Put(&buf)
}

// piecesReader reads a body kept in pieces, leaving them as they are.
type piecesReader struct {
	pieces [][]byte
	at     int // bytes of pieces[0] read
}

func (r *piecesReader) Read(p []byte) (int, error) {
	for len(r.pieces) > 0 && r.at == len(r.pieces[0]) {
		r.pieces, r.at = r.pieces[1:], 0
	}
	if len(r.pieces) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.pieces[0][r.at:])
	r.at += n
	return n, nil
}

// replyTags decodes the reply's TagList: one 16-byte tag per listed member
// under SM4-GCM, none under AES-256-CBC.
func replyTags(enc *Encryption, algorithm string) ([][]byte, error) {
	if algorithm == AlgorithmAES256CBC {
		if len(enc.TagList) > 0 {
			return nil, errors.New("TagList is set, but AES-256-CBC has no tags")
		}
		return nil, nil
	}
	n := max(len(enc.EncryptList), 1)
	if len(enc.TagList) != n {
		return nil, errors.New("TagList holds " + strconv.Itoa(len(enc.TagList)) + " tags for " + strconv.Itoa(n) + " encrypted values")
	}
	tags := make([][]byte, len(enc.TagList))
	for i, t := range enc.TagList {
		tag, err := base64.StdEncoding.DecodeString(t)
		if err != nil {
			return nil, errors.New("TagList[" + strconv.Itoa(i) + "] is not base64")
		}
		tags[i] = tag
	}
	return tags, nil
}

// tagAt returns tags[i], or nil when there are no tags.
func tagAt(tags [][]byte, i int) []byte {
	if i < len(tags) {
		return tags[i]
	}
	return nil
}

// decodeEncryptedBody decodes the base64 EncryptedBody of a generated
// response.
func decodeEncryptedBody(text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	return base64.StdEncoding.DecodeString(text)
}
