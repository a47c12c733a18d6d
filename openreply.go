package faceid

import (
	"encoding/base64"
	"errors"
	"fmt"
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
// clear, or its listed members. Anything it cannot decrypt, or any
// encryption that does not add up, is an error; the caller then drops the
// whole result.
func openReply(action string, meta replyMeta, seal *callSeal, rep sealedReply, member fieldDecoder) error {
	fail := func(problem string, err error) error {
		return &ReplyDecryptionError{Action: action, RequestID: meta.requestID, Problem: problem, Err: err}
	}
	enc, body, err := rep.replyEncryption()
	if err != nil {
		return fail("EncryptedBody is not base64", err)
	}
	if len(enc.EncryptList) == 0 && len(body) == 0 {
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
	if len(body) > 0 {
		if err := openWholeReply(fail, env, rep, enc, iv, tags, body, member); err != nil {
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

// openWholeReply decrypts EncryptedBody and decodes its members into the
// reply with the call's member decoder, whose claims refuse a member met
// both in clear and inside the body.
func openWholeReply(fail func(string, error) error, env Envelope, rep sealedReply, enc *Encryption, iv []byte, tags [][]byte, body []byte, member fieldDecoder) error {
	for _, listed := range enc.EncryptList {
		if listed != encryptionBody {
			return fail("the reply has EncryptedBody and lists "+strconv.Quote(listed)+" as encrypted too", nil)
		}
	}
	if len(tags) > 1 {
		return fail("TagList holds "+strconv.Itoa(len(tags))+" tags for one EncryptedBody", nil)
	}
	var (
		plain []byte
		err   error
	)
	if o, ok := env.(InPlaceOpener); ok {
		// body is the reply's own copy of EncryptedBody, dropped below.
		plain, err = o.OpenInPlace(iv, body, tagAt(tags, 0))
	} else {
		plain, err = env.Open(iv, body, tagAt(tags, 0))
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
