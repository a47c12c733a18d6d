package faceid

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// sealing says how an action's calls are sealed, as the spec says (see
// EncryptionInfo): whether it takes any encryption, its whole body, an
// encrypted reply, and the flat Encryption members of PhoneVerification.
type sealing struct {
	takes, wholeBody, reply, flat bool
}

// callSeal is the encryption of one call: the envelope of its key, which
// also opens the reply, and what the request asked of the reply.
type callSeal struct {
	env Envelope
	// wholeReply: the request set IsEncryptResponse, asking for the whole
	// reply sealed in EncryptedBody.
	wholeReply bool
}

// sealRequest seals body, the JSON object a request encodes to (compact,
// as this package's encoders and encoding/json write it), for action
// under e. It returns the body to send and the call's seal, or body
// itself and nil when the action takes no encryption or the call seals
// nothing. The body was validated in clear before; the caller closes the
// envelope when the call ends.
//
// By action (faceid-api.md §5.1): the members the action takes sealed are
// replaced by base64 of their ciphertext and listed in an Encryption
// object (PhoneVerification: flat CiphertextBlob, EncryptList and Iv
// members, AES-256-CBC only); DetectAIFakeFaces sends its parameters
// sealed whole in EncryptedBody; the result actions send the wrapped key
// with EncryptList ["EncryptionBody"] and no EncryptedBody, as Tencent's
// Go helper asks for an encrypted reply.
func sealRequest(action string, body []byte, e *encryption) ([]byte, *callSeal, error) {
	mode := sealingOf(action)
	if !mode.takes {
		return body, nil, nil
	}
	s := requestSealer{action: action, e: e, mode: mode, body: body}
	out, err := s.seal()
	if err != nil {
		if s.env != nil {
			s.env.Close()
		}
		return nil, nil, err
	}
	if s.env == nil {
		return body, nil, nil // nothing of this request is sealed
	}
	return out, &callSeal{env: s.env, wholeReply: s.wholeReply}, nil
}

// requestSealer seals one request body in one reading of it, allocating
// little beyond the sealed body: the envelope is made at the first member
// to seal (at the end for a result action, which sends its key whatever
// it seals), the members before it are copied as they were, and the
// sealed values are encrypted and base64-encoded straight into the body.
type requestSealer struct {
	action string
	e      *encryption
	mode   sealing
	body   []byte

	env        Envelope // nil until something is sealed
	iv         []byte
	out        []byte
	names      [][]byte // the sealed members, in order
	tags       [][]byte // their tags, under SM4-GCM
	wholeReply bool     // IsEncryptResponse is true
	handSet    string   // an encryption member set by hand
}

// seal returns the sealed body, or nil and a nil s.env when nothing is
// to be sealed.
func (s *requestSealer) seal() ([]byte, error) {
	err := eachMember(s.body, s.member)
	switch {
	case err == errHandSet:
		return nil, &ValidationError{Action: s.action, Field: s.handSet,
			Problem: "is set by hand while the client seals requests (WithEncryption): leave it empty, or send this call WithoutCallEncryption()"}
	case err != nil:
		var ve *ValidationError
		var ce *CryptoError
		if errors.As(err, &ve) || errors.As(err, &ce) {
			return nil, err
		}
		return nil, &ValidationError{Action: s.action, Field: "request", Problem: "cannot be sealed: " + err.Error()}
	}
	if s.mode.wholeBody {
		if err := s.start(0); err != nil {
			return nil, err
		}
		return sealWholeBody(s.env, s.iv, s.body)
	}
	if s.env == nil {
		if !s.mode.reply {
			return nil, nil
		}
		// A result action sends its key to have the reply sealed.
		if err := s.start(len(s.body) - 1); err != nil {
			return nil, err
		}
		s.names = append(s.names, []byte(encryptionBody))
	}
	// The object written so far lacks its closing brace.
	o := jsonObject{b: s.out, n: 1}
	if len(s.out) == 1 {
		o = jsonObject{b: s.out[:0]} // no member yet: key writes the brace
	}
	blob := s.env.CiphertextBlob()
	if s.mode.flat {
		o.base64("CiphertextBlob", blob, true)
		o.key("EncryptList")
		o.b = appendNames(o.b, s.names)
		o.base64("Iv", s.iv, true)
	} else {
		o.key("Encryption")
		o.b = appendSealedEncryption(o.b, s.names, blob, s.iv, s.env.Algorithm(), s.tags)
	}
	return o.end(), nil
}

// start makes the call's envelope and IV and the sealed body, which begins
// with body[:at]: the members met before the first one sealed.
func (s *requestSealer) start(at int) error {
	if s.mode.flat && s.e.sealer.Algorithm() != AlgorithmAES256CBC {
		return &ValidationError{Action: s.action, Field: "Encryption",
			Problem: "takes AES-256-CBC only: send this call WithCallEncryption with an RSA sealer (NewRSASealer), or WithoutCallEncryption()"}
	}
	env, err := s.e.sealer.NewEnvelope()
	if err != nil {
		return err
	}
	s.env = env
	s.names = make([][]byte, 0, 4)
	if s.iv, err = env.NewIV(); err != nil {
		return err
	}
	if s.mode.wholeBody {
		return nil
	}
	blob := env.CiphertextBlob()
	// A sealed value takes at most 4/3 of its padded text, which took its
	// length in clear; the rest is the Encryption object.
	s.out = make([]byte, 0, len(s.body)+len(s.body)/2+base64.StdEncoding.EncodedLen(len(blob))+256)
	s.out = append(s.out, s.body[:at]...)
	return nil
}

// member copies one member of the body into the sealed body, sealing its
// value when the call seals it.
func (s *requestSealer) member(at int, key, raw, value []byte) error {
	switch string(key) {
	case "Encryption", "EncryptedBody", "CiphertextBlob", "EncryptList", "Iv":
		s.handSet = string(key)
		return errHandSet
	case "IsEncryptResponse":
		s.wholeReply = string(value) == "true"
	}
	if s.mode.wholeBody {
		return nil
	}
	sealed := len(value) > 2 && value[0] == '"' && s.e.seals(s.action, string(key))
	if s.env == nil {
		if !sealed {
			return nil
		}
		if err := s.start(at); err != nil {
			return err
		}
	} else {
		s.out = append(s.out, ',')
	}
	s.out = append(s.out, raw...)
	if !sealed {
		s.out = append(s.out, value...)
		return nil
	}
	plain, err := jsonText(value)
	if err != nil {
		return err
	}
	s.out = append(s.out, '"')
	if fast, ok := s.env.(*aesEnvelope); ok {
		s.out, err = fast.appendSealed(s.out, s.iv, plain)
	} else {
		var ct, tag []byte
		ct, tag, err = s.env.Seal(s.iv, plain)
		s.out = base64.StdEncoding.AppendEncode(s.out, ct)
		if tag != nil {
			s.tags = append(s.tags, tag)
		}
	}
	if err != nil {
		return err
	}
	s.out = append(s.out, '"')
	s.names = append(s.names, key)
	return nil
}

// errHandSet stops the sealing at an encryption member set by hand.
var errHandSet = errors.New("an encryption member is set by hand")

// sealWholeBody writes {"EncryptedBody": ..., "Encryption": ...}: the
// whole body sealed under iv.
func sealWholeBody(env Envelope, iv, body []byte) ([]byte, error) {
	ct, tag, err := env.Seal(iv, body)
	if err != nil {
		return nil, err
	}
	var tags [][]byte
	if tag != nil {
		tags = [][]byte{tag}
	}
	blob := env.CiphertextBlob()
	out := make([]byte, 0, base64.StdEncoding.EncodedLen(len(ct))+base64.StdEncoding.EncodedLen(len(blob))+160)
	out = append(out, `{"EncryptedBody":"`...)
	out = base64.StdEncoding.AppendEncode(out, ct)
	out = append(out, `","Encryption":`...)
	out = appendSealedEncryption(out, [][]byte{[]byte(encryptionBody)}, blob, iv, env.Algorithm(), tags)
	return append(out, '}'), nil
}

// encryptionBody is the EncryptList entry that stands for the whole body.
const encryptionBody = "EncryptionBody"

// appendSealedEncryption appends the Encryption object of a sealed
// request as Encryption.appendJSON writes it (TestSealedEncryptionMatches
// checks that), from raw bytes rather than strings: names are member
// names that need no escaping; blob, iv and tags are base64-encoded here.
func appendSealedEncryption(out []byte, names [][]byte, blob, iv []byte, algorithm string, tags [][]byte) []byte {
	o := jsonObject{b: out}
	o.key("EncryptList")
	o.b = appendNames(o.b, names)
	o.base64("CiphertextBlob", blob, true)
	o.base64("Iv", iv, true)
	o.text("Algorithm", algorithm, true)
	if len(tags) > 0 {
		o.key("TagList")
		o.b = append(o.b, '[')
		for i, t := range tags {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = append(o.b, '"')
			o.b = base64.StdEncoding.AppendEncode(o.b, t)
			o.b = append(o.b, '"')
		}
		o.b = append(o.b, ']')
	}
	return o.end()
}

// appendNames appends a JSON list of member names that need no escaping.
func appendNames(out []byte, names [][]byte) []byte {
	out = append(out, '[')
	for i, name := range names {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = append(out, name...)
		out = append(out, '"')
	}
	return append(out, ']')
}

// eachMember calls fn for each member of body, a compact JSON object, in
// order: at is where the member starts in body, key its name (unescaped),
// raw its name as written with quotes and colon, value its value as
// written. It stops at fn's first error.
func eachMember(body []byte, fn func(at int, key, raw, value []byte) error) error {
	if len(body) < 2 || body[0] != '{' || body[len(body)-1] != '}' {
		return errors.New("the body is not a JSON object")
	}
	i := 1
	for i < len(body)-1 {
		keyEnd, err := skipJSON(body, i)
		if err != nil || body[i] != '"' || keyEnd >= len(body) || body[keyEnd] != ':' {
			return errors.New("malformed member key")
		}
		key, err := jsonText(body[i:keyEnd])
		if err != nil {
			return err
		}
		valueEnd, err := skipJSON(body, keyEnd+1)
		if err != nil {
			return err
		}
		if err := fn(i, key, body[i:keyEnd+1], body[keyEnd+1:valueEnd]); err != nil {
			return err
		}
		i = valueEnd
		if i < len(body)-1 {
			if body[i] != ',' {
				return errors.New("malformed object: expected a comma")
			}
			i++
		}
	}
	return nil
}

// skipJSON returns the index just after the compact JSON value starting at
// body[i].
func skipJSON(body []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(body); j++ {
		switch c := body[j]; c {
		case '"':
			end, ok := stringEnd(body, j+1)
			if !ok {
				return 0, errors.New("unterminated string")
			}
			j = end
		case '{', '[':
			depth++
			continue
		case '}', ']':
			depth--
			if depth < 0 {
				return j, nil
			}
		case ',', ':':
			if depth == 0 {
				return j, nil
			}
			continue
		default:
			continue
		}
		if depth == 0 {
			return j + 1, nil
		}
	}
	if depth == 0 {
		return len(body), nil
	}
	return 0, errors.New("unterminated value")
}

// stringEnd returns the index of the quote that ends the JSON string whose
// text starts at body[i], and whether there is one.
func stringEnd(body []byte, i int) (int, bool) {
	for {
		q := bytes.IndexByte(body[i:], '"')
		if q < 0 {
			return 0, false
		}
		// The quote ends the string unless an odd run of backslashes
		// escapes it.
		n := 0
		for k := i + q - 1; k >= i && body[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return i + q, true
		}
		i += q + 1
	}
}

// jsonText returns the UTF-8 text of a JSON string literal.
func jsonText(lit []byte) ([]byte, error) {
	inner := lit[1 : len(lit)-1]
	plain := true
	for _, c := range inner {
		if c == '\\' || c < 0x20 {
			plain = false
			break
		}
	}
	if plain && utf8.Valid(inner) {
		return inner, nil
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		// encoding/json's error would quote a byte of the value.
		return nil, errors.New("a string is not valid JSON")
	}
	return []byte(s), nil
}
