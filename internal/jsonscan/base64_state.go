package jsonscan

import "encoding/base64"

// b64alpha[c] is true for the characters of the standard base64 alphabet.
var b64alpha = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = true
	}
	return t
}()

// b64state decodes base64 one character at a time; it carries the
// characters of an incomplete quantum between calls.
type b64state struct {
	quad    [4]byte
	n       int   // characters in quad
	done    bool  // a padded quantum ended the data
	padLeft int   // further '=' allowed after done
	bad     bool  // invalid input seen
	badOff  int64 // input offset of the first invalid byte
}

// fail marks the input invalid at offset off.
func (s *b64state) fail(off int64) {
	if !s.bad {
		s.bad, s.badOff = true, off
	}
}

// feed takes character c, found at input offset off, and appends to dst the
// bytes it completes. Whitespace is ignored; '=' may end the data.
func (s *b64state) feed(dst []byte, c byte, off int64) []byte {
	switch {
	case isSpace(c):
	case c == '=':
		switch {
		case s.done && s.padLeft > 0:
			s.padLeft--
		case s.done || s.n < 2:
			s.fail(off)
		default:
			s.padLeft = 3 - s.n
			dst = s.flush(dst, off)
			s.done = true
		}
	case b64alpha[c] && !s.done:
		s.quad[s.n] = c
		s.n++
		if s.n == 4 {
			dst = s.flush(dst, off)
		}
	default:
		s.fail(off)
	}
	return dst
}

// flush decodes the 2 to 4 characters held, as if padded.
func (s *b64state) flush(dst []byte, off int64) []byte {
	q := s.quad
	for i := s.n; i < 4; i++ {
		q[i] = '='
	}
	s.n = 0
	var out [3]byte
	m, err := base64.StdEncoding.Decode(out[:], q[:])
	if err != nil {
		s.fail(off)
		return dst
	}
	return append(dst, out[:m]...)
}

// endsWithPad reports whether the last byte of b other than CR and LF is '='.
func endsWithPad(b []byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != '\r' && b[i] != '\n' {
			return b[i] == '='
		}
	}
	return false
}
