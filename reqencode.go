package faceid

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// jsonBody is implemented by the requests the client encodes without
// reflection. appendJSON must append exactly what encoding/json.Marshal
// would produce for the value (TestRequestEncodersMatchEncodingJSON checks
// every field of every implementation).
type jsonBody interface {
	appendJSON(dst []byte) []byte
}

// encodeRequest returns the JSON body of a request.
func encodeRequest(payload any) ([]byte, error) {
	switch p := payload.(type) {
	case sizedBody:
		return p.appendJSON(make([]byte, 0, p.sizeHint())), nil
	case validated:
		return encodeRequest(p.jsonBody)
	case jsonBody:
		return p.appendJSON(make([]byte, 0, 256)), nil
	}
	return json.Marshal(payload)
}

// sizedBody is a request that knows about how long its JSON body is, so
// that media are encoded into one buffer of the right size: an 8 MB video
// is never copied while its body grows.
type sizedBody interface {
	jsonBody
	// sizeHint returns an upper bound of the body's length for media and
	// a fair guess for the rest.
	sizeHint() int
}

// textHint is the room a string member takes at most, escaped, besides
// its name.
func textHint(s string) int { return len(s) + len(s)/8 + 8 }

// jsonObject appends the members of a JSON object one at a time.
type jsonObject struct {
	b []byte
	n int
}

// key appends the separator and name of the next member; name must need no
// escaping.
func (o *jsonObject) key(name string) {
	if o.n == 0 {
		o.b = append(o.b, '{')
	} else {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '"')
	o.b = append(o.b, name...)
	o.b = append(o.b, '"', ':')
}

func (o *jsonObject) str(name, v string) {
	o.key(name)
	o.b = appendJSONString(o.b, v)
}

// strings appends a list of strings, null when nil.
func (o *jsonObject) strings(name string, v []string) {
	o.key(name)
	if v == nil {
		o.b = append(o.b, "null"...)
		return
	}
	o.b = append(o.b, '[')
	for i, s := range v {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendJSONString(o.b, s)
	}
	o.b = append(o.b, ']')
}

// end closes the object and returns the buffer.
func (o *jsonObject) end() []byte {
	if o.n == 0 {
		return append(o.b, '{', '}')
	}
	return append(o.b, '}')
}

// text appends a string member; an empty one is left out when omitEmpty.
func (o *jsonObject) text(name, v string, omitEmpty bool) {
	if v != "" || !omitEmpty {
		o.str(name, v)
	}
}

// integer appends an integer member; 0 is left out when omitEmpty.
func (o *jsonObject) integer(name string, v int64, omitEmpty bool) {
	if v != 0 || !omitEmpty {
		o.key(name)
		o.b = strconv.AppendInt(o.b, v, 10)
	}
}

// boolean appends a boolean member; false is left out when omitEmpty.
func (o *jsonObject) boolean(name string, v, omitEmpty bool) {
	if v || !omitEmpty {
		o.key(name)
		o.b = strconv.AppendBool(o.b, v)
	}
}

// texts appends a list of strings; an empty one is left out when
// omitEmpty, and a nil one is null otherwise, as encoding/json does.
func (o *jsonObject) texts(name string, v []string, omitEmpty bool) {
	if len(v) > 0 || !omitEmpty {
		o.strings(name, v)
	}
}

// base64 appends media as standard base64, encoded straight into the
// body; empty media are left out when omitEmpty, and null otherwise when
// nil, as encoding/json does.
func (o *jsonObject) base64(name string, v []byte, omitEmpty bool) {
	if len(v) == 0 && omitEmpty {
		return
	}
	o.key(name)
	if v == nil {
		o.b = append(o.b, "null"...)
		return
	}
	o.b = append(o.b, '"')
	o.b = base64.StdEncoding.AppendEncode(o.b, v)
	o.b = append(o.b, '"')
}

// appendJSONList appends a list of objects, null when nil.
func appendJSONList[T any, P interface {
	*T
	appendJSON([]byte) []byte
}](dst []byte, list []T) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = P(&list[i]).appendJSON(dst)
	}
	return append(dst, ']')
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// does: HTML-safe, with invalid UTF-8 replaced by U+FFFD and the line and
// paragraph separators escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
