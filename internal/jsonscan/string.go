package jsonscan

import (
	"encoding/binary"
	"math"
	"unicode/utf16"
	"unicode/utf8"
)

// SWAR constants: one in every byte, and the top bit of every byte.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasLess reports, as a non-zero word, whether some byte of x is below n
// (n <= 128). hasZero does the same for a zero byte. Both are exact as to
// whether such a byte exists.
func hasLess(x uint64, n byte) uint64 { return (x - lsb*uint64(n)) &^ x & msb }
func hasZero(x uint64) uint64         { return hasLess(x, 1) }

// plain[c] is true for bytes that stand for themselves inside a string and
// need no further check: printable ASCII other than '"' and '\\'.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainRun returns the length of the run of plain bytes at the start of b.
func plainRun(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if hasZero(x^(lsb*'"'))|hasZero(x^(lsb*'\\'))|hasLess(x, 0x20)|x&msb != 0 {
			break
		}
	}
	for i < len(b) && plain[b[i]] {
		i++
	}
	return i
}

// skipRun returns the length of the run at the start of b of bytes that a
// string may hold as they are: anything but '"', '\\' and control bytes.
func skipRun(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if hasZero(x^(lsb*'"'))|hasZero(x^(lsb*'\\'))|hasLess(x, 0x20) != 0 {
			break
		}
	}
	for i < len(b) {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	return i
}

// String reads a string value. JSON null reads as "". Another kind of value
// is consumed and reported with a *TypeError.
func (r *Reader) String() (string, error) {
	c, err := r.begin()
	if err != nil {
		return "", err
	}
	switch c {
	case '"':
	case 'n':
		return "", r.literal("null")
	default:
		return "", r.mismatch(KindString, c)
	}
	r.pos++
	// Fast path: the whole string is in the window and needs no decoding.
	w := r.buf[r.pos:r.end]
	if i := plainRun(w); i < len(w) && w[i] == '"' {
		r.pos += i + 1
		return string(w[:i]), nil
	}
	b, err := r.appendString(r.scratch[:0], math.MaxInt, "string")
	s := string(b)
	r.keepScratch(b)
	if err != nil {
		return "", err
	}
	return s, nil
}

// AppendString appends a string value, unescaped, to dst. JSON null appends
// nothing. Another kind of value is consumed and reported with a *TypeError.
func (r *Reader) AppendString(dst []byte) ([]byte, error) {
	c, err := r.begin()
	if err != nil {
		return dst, err
	}
	switch c {
	case '"':
	case 'n':
		return dst, r.literal("null")
	default:
		return dst, r.mismatch(KindString, c)
	}
	r.pos++
	return r.appendString(dst, math.MaxInt, "string")
}

// appendString decodes the rest of a string whose opening quote has been
// consumed, appending it to dst. Escapes are resolved; invalid UTF-8 and
// unpaired surrogates become U+FFFD as with encoding/json. If more than
// limit bytes would be appended, it fails with ErrTokenTooLong, naming the
// token what.
func (r *Reader) appendString(dst []byte, limit int, what string) ([]byte, error) {
	start := len(dst)
	for {
		if r.pos == r.end && !r.more() {
			return dst, r.eofError()
		}
		w := r.buf[r.pos:r.end]
		i := plainRun(w)
		if i > limit-(len(dst)-start) {
			return dst, r.tooLong(what)
		}
		dst = append(dst, w[:i]...)
		r.pos += i
		if i == len(w) {
			continue
		}
		switch c := w[i]; {
		case c == '"':
			r.pos++
			return dst, nil
		case c == '\\':
			rr, err := r.readEscape()
			if err != nil {
				return dst, err
			}
			if utf16.IsSurrogate(rr) {
				rr = r.pairSurrogate(rr)
			}
			dst = utf8.AppendRune(dst, rr)
		case c < 0x20:
			return dst, r.syntaxAt(c, "in string literal")
		default:
			r.ensure(utf8.UTFMax) // at end of input, decode what is there
			rr, size := utf8.DecodeRune(r.buf[r.pos:r.end])
			if rr == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = append(dst, r.buf[r.pos:r.pos+size]...)
			}
			r.pos += size
		}
		if len(dst)-start > limit {
			return dst, r.tooLong(what)
		}
	}
}

// pairSurrogate is called after the escape \uXXXX for surrogate hi has been
// read. If a \uXXXX escape for the low half follows, it consumes it and
// returns the pair's code point; otherwise it returns U+FFFD, leaving the
// input alone.
func (r *Reader) pairSurrogate(hi rune) rune {
	r.ensure(6)
	w := r.buf[r.pos:r.end]
	if len(w) < 6 || w[0] != '\\' || w[1] != 'u' {
		return utf8.RuneError
	}
	lo, ok := hex4(w[2:6])
	if !ok {
		return utf8.RuneError
	}
	rr := utf16.DecodeRune(hi, lo)
	if rr != utf8.RuneError {
		r.pos += 6
	}
	return rr
}

// hex4 decodes four hex digits.
func hex4(b []byte) (rune, bool) {
	var v rune
	for _, c := range b[:4] {
		d, ok := unhex(c)
		if !ok {
			return 0, false
		}
		v = v<<4 | rune(d)
	}
	return v, true
}

// unhex decodes one hex digit.
func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// readEscape consumes the escape sequence at r.pos (which holds '\\') and
// returns the character or, for \uXXXX, the UTF-16 code unit it stands for.
func (r *Reader) readEscape() (rune, error) {
	if !r.ensure(2) {
		r.pos = r.end
		return 0, r.eofError()
	}
	c := r.buf[r.pos+1]
	var rr rune
	switch c {
	case '"', '\\', '/':
		rr = rune(c)
	case 'b':
		rr = '\b'
	case 'f':
		rr = '\f'
	case 'n':
		rr = '\n'
	case 'r':
		rr = '\r'
	case 't':
		rr = '\t'
	case 'u':
		ok := r.ensure(6)
		r.pos += 2
		for i := 0; i < 4; i++ {
			if r.pos+i == r.end {
				break
			}
			d, isHex := unhex(r.buf[r.pos+i])
			if !isHex {
				r.pos += i
				return 0, r.syntaxAt(r.buf[r.pos], "in \\u hexadecimal character escape")
			}
			rr = rr<<4 | rune(d)
		}
		if !ok {
			r.pos = r.end
			return 0, r.eofError()
		}
		r.pos += 4
		return rr, nil
	default:
		r.pos++
		return 0, r.syntaxAt(c, "in string escape code")
	}
	r.pos += 2
	return rr, nil
}

// skipString consumes the rest of a string whose opening quote has been
// consumed, checking its syntax. With lenient set, raw tabs, line feeds and
// carriage returns are allowed too.
func (r *Reader) skipString(lenient bool) error {
	for {
		if r.pos == r.end && !r.more() {
			return r.eofError()
		}
		w := r.buf[r.pos:r.end]
		i := skipRun(w)
		r.pos += i
		if i == len(w) {
			continue
		}
		switch c := w[i]; {
		case c == '"':
			r.pos++
			return nil
		case c == '\\':
			if _, err := r.readEscape(); err != nil {
				return err
			}
		case lenient && isSpace(c):
			r.pos++
		default:
			return r.syntaxAt(c, "in string literal")
		}
	}
}
