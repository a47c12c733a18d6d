package faceid

import (
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
	members, err := topLevelMembers(body)
	if err != nil {
		return nil, nil, &ValidationError{Action: action, Field: "request", Problem: "cannot be sealed: " + err.Error()}
	}
	seal := &callSeal{}
	var sealIdx []int
	for i, m := range members {
		switch m.key {
		case "Encryption", "EncryptedBody", "CiphertextBlob", "EncryptList", "Iv":
			return nil, nil, &ValidationError{Action: action, Field: m.key,
				Problem: "is set by hand while the client seals requests (WithEncryption): leave it empty, or send this call WithoutCallEncryption()"}
		case "IsEncryptResponse":
			seal.wholeReply = string(m.value) == "true"
		}
		if e.seals(action, m.key) && len(m.value) > 2 && m.value[0] == '"' {
			sealIdx = append(sealIdx, i)
		}
	}
	if len(sealIdx) == 0 && !mode.wholeBody && !mode.reply {
		return body, nil, nil // nothing of this request is sealed
	}
	if mode.flat && e.sealer.Algorithm() != AlgorithmAES256CBC {
		return nil, nil, &ValidationError{Action: action, Field: "Encryption",
			Problem: "takes AES-256-CBC only: send this call WithCallEncryption with an RSA sealer (NewRSASealer), or WithoutCallEncryption()"}
	}
	env, err := e.sealer.NewEnvelope()
	if err != nil {
		return nil, nil, err
	}
	seal.env = env
	out, err := sealMembers(env, body, members, sealIdx, mode)
	if err != nil {
		env.Close()
		return nil, nil, err
	}
	return out, seal, nil
}

// sealMembers writes the sealed body: members in their order, the sealed
// ones replaced, then the Encryption (or, for a whole body, only it and
// EncryptedBody).
func sealMembers(env Envelope, body []byte, members []rawMember, sealIdx []int, mode sealing) ([]byte, error) {
	iv, err := env.NewIV()
	if err != nil {
		return nil, err
	}
	enc := Encryption{
		CiphertextBlob: base64.StdEncoding.EncodeToString(env.CiphertextBlob()),
		IV:             base64.StdEncoding.EncodeToString(iv),
		Algorithm:      env.Algorithm(),
	}
	if mode.wholeBody || len(sealIdx) == 0 {
		enc.EncryptList = []string{encryptionBody}
	}
	out := make([]byte, 0, len(body)+len(body)/3+len(enc.CiphertextBlob)+160)
	out = append(out, '{')
	if mode.wholeBody {
		ct, tag, err := env.Seal(iv, body)
		if err != nil {
			return nil, err
		}
		if tag != nil {
			enc.TagList = []string{base64.StdEncoding.EncodeToString(tag)}
		}
		out = append(out, `"EncryptedBody":"`...)
		out = base64.StdEncoding.AppendEncode(out, ct)
		out = append(out, '"')
		return appendEncryption(out, &enc, false, true), nil
	}
	next := 0
	for i, m := range members {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, m.raw...)
		if next < len(sealIdx) && sealIdx[next] == i {
			next++
			plain, err := jsonText(m.value)
			if err != nil {
				return nil, err
			}
			ct, tag, err := env.Seal(iv, plain)
			if err != nil {
				return nil, err
			}
			enc.EncryptList = append(enc.EncryptList, m.key)
			if tag != nil {
				enc.TagList = append(enc.TagList, base64.StdEncoding.EncodeToString(tag))
			}
			out = append(out, '"')
			out = base64.StdEncoding.AppendEncode(out, ct)
			out = append(out, '"')
			continue
		}
		out = append(out, m.value...)
	}
	return appendEncryption(out, &enc, mode.flat, len(members) > 0), nil
}

// encryptionBody is the EncryptList entry that stands for the whole body.
const encryptionBody = "EncryptionBody"

// appendEncryption appends the Encryption member (or, flat, its three
// members) to an object that has members already or not, and closes it.
func appendEncryption(out []byte, enc *Encryption, flat, hasMembers bool) []byte {
	o := jsonObject{b: out, n: 1}
	if !hasMembers {
		o = jsonObject{b: out[:len(out)-1]} // key writes the brace
	}
	if flat {
		o.str("CiphertextBlob", enc.CiphertextBlob)
		o.strings("EncryptList", enc.EncryptList)
		o.str("Iv", enc.IV)
		return o.end()
	}
	o.key("Encryption")
	o.b = enc.appendJSON(o.b)
	return o.end()
}

// rawMember is one member of a compact JSON object: raw is its key with
// quotes and colon, value its value as written, key the decoded key.
type rawMember struct {
	key        string
	raw, value []byte
}

// topLevelMembers splits a compact JSON object into its members.
func topLevelMembers(body []byte) ([]rawMember, error) {
	if len(body) < 2 || body[0] != '{' || body[len(body)-1] != '}' {
		return nil, errors.New("the body is not a JSON object")
	}
	members := make([]rawMember, 0, 16)
	i := 1
	for i < len(body)-1 {
		keyEnd, err := skipJSON(body, i)
		if err != nil || body[i] != '"' || keyEnd >= len(body) || body[keyEnd] != ':' {
			return nil, errors.New("malformed member key")
		}
		key, err := jsonText(body[i:keyEnd])
		if err != nil {
			return nil, err
		}
		valueEnd, err := skipJSON(body, keyEnd+1)
		if err != nil {
			return nil, err
		}
		members = append(members, rawMember{key: string(key), raw: body[i : keyEnd+1], value: body[keyEnd+1 : valueEnd]})
		i = valueEnd
		if i < len(body)-1 {
			if body[i] != ',' {
				return nil, errors.New("malformed object: expected a comma")
			}
			i++
		}
	}
	return members, nil
}

// skipJSON returns the index just after the compact JSON value starting at
// body[i].
func skipJSON(body []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(body); j++ {
		switch c := body[j]; c {
		case '"':
			for j++; j < len(body) && body[j] != '"'; j++ {
				if body[j] == '\\' {
					j++
				}
			}
			if j >= len(body) {
				return 0, errors.New("unterminated string")
			}
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
	if err := json.Unmarshal(lit, &s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}
