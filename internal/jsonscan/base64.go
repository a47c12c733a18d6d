package jsonscan

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
)

const (
	// streamChunk is the size of the buffer StreamBase64 decodes into.
	streamChunk = 16 << 10

	// stageSize is the size of the buffer into which text with escapes is
	// unescaped before decoding.
	stageSize = 4 << 10

	// directMin is the shortest escape-free run decoded in place when an
	// escape follows it; shorter ones go through the stage with the text
	// after the escape.
	directMin = 1 << 10
)

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

// AppendBase64 reads a string holding standard base64 (RFC 4648) and appends
// the decoded bytes to dst, decoding straight from the input window into
// dst's spare capacity. It tolerates missing '=' padding, JSON escapes
// (such as \/ or \u002F) and whitespace inside the string, including raw
// tabs and line breaks, which strict JSON forbids.
//
// If the string is not valid base64, AppendBase64 still consumes all of it
// and returns a *Base64Error with dst holding the bytes decoded before the
// fault. JSON null appends nothing. Another kind of value is consumed and
// reported with a *TypeError.
func (r *Reader) AppendBase64(dst []byte) ([]byte, error) {
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
	d := b64decoder{r: r, dst: dst}
	err = d.run()
	return d.dst, err
}

// StreamBase64 is like AppendBase64 but writes the decoded bytes to w as it
// goes, in chunks of at most 16 KiB, and returns how many bytes it wrote.
// Its memory use does not depend on the string's length.
//
// Bytes decoded before invalid base64 are written before the *Base64Error
// is returned. If w fails, StreamBase64 writes no more, still consumes the
// string and returns the write error wrapped.
func (r *Reader) StreamBase64(w io.Writer) (int64, error) {
	c, err := r.begin()
	if err != nil {
		return 0, err
	}
	switch c {
	case '"':
	case 'n':
		return 0, r.literal("null")
	default:
		return 0, r.mismatch(KindString, c)
	}
	if r.out == nil {
		r.out = make([]byte, 0, streamChunk)
	}
	d := b64decoder{r: r, dst: r.out[:0], w: w}
	err = d.run()
	return d.written, err
}

// b64decoder decodes one base64 string, either appending to dst or, when w
// is set, using dst as a chunk buffer flushed to w.
type b64decoder struct {
	r       *Reader
	dst     []byte
	w       io.Writer
	written int64
	werr    error
	st      b64state
}

// flush writes the chunk buffer to w.
func (d *b64decoder) flush() {
	if len(d.dst) == 0 || d.werr != nil {
		d.dst = d.dst[:0]
		return
	}
	n, err := d.w.Write(d.dst)
	d.written += int64(n)
	if err == nil && n < len(d.dst) {
		err = io.ErrShortWrite
	}
	if err != nil {
		d.werr = fmt.Errorf("jsonscan: writing decoded base64: %w", err)
	}
	d.dst = d.dst[:0]
}

// finish completes a string whose closing quote has been consumed.
func (d *b64decoder) finish(quoteOff int64) error {
	switch {
	case d.st.bad || d.st.n == 0:
	case d.st.n == 1:
		d.st.fail(quoteOff)
	default:
		d.dst = d.st.flush(d.dst, quoteOff)
	}
	if d.w != nil {
		d.flush()
		if d.werr != nil {
			return d.werr
		}
	}
	if d.st.bad {
		return &Base64Error{Offset: d.st.badOff}
	}
	return nil
}

// run decodes the string at r.pos (its opening quote).
func (d *b64decoder) run() error {
	r := d.r
	r.pos++
	stream := d.w != nil
	slow := 0 // input bytes to take one at a time before trying fast again
	for {
		if d.st.bad || d.werr != nil {
			if err := r.skipString(true); err != nil {
				return err
			}
			return d.finish(r.Offset() - 1)
		}
		if r.pos == r.end && !r.more() {
			return r.eofError()
		}
		if stream && cap(d.dst)-len(d.dst) < 3 {
			d.flush()
			continue
		}
		if d.st.n == 0 && !d.st.done && slow == 0 {
			if used, ok := d.fast(stream); ok {
				r.pos += used
				continue
			} else if used > 0 {
				// Something the fast path cannot take (raw whitespace,
				// padding, a bad byte): go byte by byte over it.
				slow = used
			}
		}
		// Slow path: one raw byte or one escape sequence.
		off := r.Offset()
		c := r.buf[r.pos]
		switch {
		case c == '"':
			r.pos++
			return d.finish(off)
		case c == '\\':
			rr, err := r.readEscape()
			if err != nil {
				return err
			}
			if rr >= 0x80 {
				d.st.fail(off)
			} else {
				d.dst = d.st.feed(d.dst, byte(rr), off)
			}
			slow = max(slow-int(r.Offset()-off), 0)
		case c < 0x20 && !isSpace(c):
			return r.syntaxAt(c, "in string literal")
		default:
			r.pos++
			d.dst = d.st.feed(d.dst, c, off)
			slow = max(slow-1, 0)
		}
	}
}

// fast decodes a 4-aligned run of text at r.pos in one call to
// base64.StdEncoding.Decode. Text free of escapes is decoded in place from
// the window; text with escapes (the \/ of some encoders, or escaped line
// breaks) is first unescaped into a stage buffer. It returns how many input
// bytes it consumed, with ok set; or, when Decode refused the text, how many
// input bytes the slow path should take, with ok unset; or 0 when there is
// nothing it can do.
func (d *b64decoder) fast(stream bool) (used int, ok bool) {
	r := d.r
	win := r.buf[r.pos:r.end]
	stop := bytes.IndexByte(win, '\\') // escapes first: they may be frequent
	if stop < 0 {
		stop = len(win)
	}
	if q := bytes.IndexByte(win[:stop], '"'); q >= 0 {
		stop = q
	}
	room := len(win) // most text the destination can take, in base64 chars
	if stream {
		room = (cap(d.dst) - len(d.dst)) / 3 * 4
	}
	text := win[:min(stop, room)&^3]
	if stop < directMin && stop < len(win) && win[stop] == '\\' {
		if r.stage == nil {
			r.stage = make([]byte, stageSize)
		}
		var n int
		n, used = unescapeBase64(r.stage[:min(len(r.stage), room)], win)
		text = r.stage[:n]
	} else {
		used = len(text)
	}
	if len(text) == 0 {
		return 0, false
	}
	direct := &text[0] == &win[0]
	if !stream {
		d.dst = slices.Grow(d.dst, len(text)/4*3)
	}
	l := len(d.dst)
	m, err := base64.StdEncoding.Decode(d.dst[l:l+len(text)/4*3], text)
	if err != nil {
		if ce, isCorrupt := err.(base64.CorruptInputError); isCorrupt && direct && int(ce) < used {
			used = int(ce) + 1 // the fault's position is known: go slow up to it
		}
		return used, false
	}
	d.dst = d.dst[:l+m]
	d.st.done = endsWithPad(text)
	return used, true
}

// unescapeBase64 copies base64 text from the start of win into stage,
// resolving the escapes \/ (to '/') and \n, \r, \t (dropped as whitespace).
// It stops at a quote, at any other escape, or when stage or win runs out,
// and returns the stage length and the window bytes used, both as of the
// last point where the stage length was a multiple of 4.
func unescapeBase64(stage, win []byte) (n, used int) {
	s, i := 0, 0
	for {
		// Copy eight bytes at a time while they hold no quote or escape.
		for i+8 <= len(win) && s+8 <= len(stage) {
			x := binary.LittleEndian.Uint64(win[i:])
			if hasZero(x^(lsb*'"'))|hasZero(x^(lsb*'\\')) != 0 {
				break
			}
			binary.LittleEndian.PutUint64(stage[s:], x)
			i, s = i+8, s+8
		}
		if s%4 == 0 {
			n, used = s, i
		}
		if i == len(win) || s == len(stage) {
			return n, used
		}
		switch c := win[i]; c {
		case '"':
			return n, used
		case '\\':
			if i+1 == len(win) {
				return n, used
			}
			switch win[i+1] {
			case '/':
				stage[s] = '/'
				s++
			case 'n', 'r', 't':
			default:
				return n, used
			}
			i += 2
		default:
			stage[s] = c
			i, s = i+1, s+1
		}
		if s%4 == 0 {
			n, used = s, i
		}
	}
}
