package jsonscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

const (
	// DefaultWindow is the size of a Reader's input window.
	DefaultWindow = 32 << 10

	// minWindow is the smallest window newReaderSize accepts; smaller sizes
	// are raised to it.
	minWindow = 16

	// MaxDepth is the deepest nesting of objects and arrays a Reader accepts.
	// Deeper input is a *SyntaxError wrapping ErrTooDeep.
	MaxDepth = 512

	// MaxTokenSize bounds the tokens a Reader must hold whole: a number
	// literal, and an object key (counting the keys of all enclosing objects
	// still being iterated). Longer input is a *SyntaxError wrapping
	// ErrTokenTooLong, so a hostile body cannot make the window or the key
	// buffer grow without bound. It also bounds the strings the Flex methods
	// parse as numbers or booleans.
	MaxTokenSize = 1 << 20

	// maxEmptyReads is how many consecutive (0, nil) reads are tolerated
	// before the source is declared stuck.
	maxEmptyReads = 100

	// maxKeep is the largest scratch buffer kept between calls.
	maxKeep = 64 << 10
)

// Reader reads one JSON document from an io.Reader through a window buffer.
//
// Read methods each consume exactly one value; Object and Array call back
// for each member and the callback consumes the member's value. Methods are
// not safe for concurrent use. A Reader can be reused with Reset (as from a
// sync.Pool); a zero Reader must be Reset before use.
type Reader struct {
	src    io.Reader
	buf    []byte // window; unread input is buf[pos:end]
	pos    int
	end    int
	base   int64  // input offset of buf[0]
	size   int    // window size to restore on Reset
	rerr   error  // sticky error from src, io.EOF included
	fatal  error  // sticky fatal error returned by every method
	depth  int    // current nesting of objects and arrays
	values uint64 // values begun: tells Object whether a callback read one

	keys    []byte   // keys of the objects being iterated, innermost last
	keyMem  [64]byte // first storage for keys, saving an allocation
	scratch []byte   // reusable buffer for decoded strings
	out     []byte   // StreamBase64 chunk buffer
	stage   []byte   // base64 text unescaped for decoding

	chunks chunkList // ReadBase64 chunks and spares, kept across Reset
}

// NewReader returns a Reader that reads from r with a DefaultWindow window.
func NewReader(r io.Reader) *Reader { return newReaderSize(r, DefaultWindow) }

// NewBytesReader returns a Reader of the document b, whose window is b
// itself: nothing is copied, so a long string is found whole in the window
// (ReadBase64 decodes it straight into a slice of its size). The Reader
// may move bytes within b; the caller must not use b while it reads.
func NewBytesReader(b []byte) *Reader {
	rd := &Reader{src: bytes.NewReader(nil), buf: b, end: len(b), size: len(b), rerr: io.EOF}
	rd.keys = rd.keyMem[:0]
	return rd
}

// newReaderSize returns a Reader that reads from r with a window of the
// given size (at least minWindow). The window grows only to hold a number
// literal longer than itself.
func newReaderSize(r io.Reader, size int) *Reader {
	size = max(size, minWindow)
	rd := &Reader{src: r, buf: make([]byte, size), size: size}
	rd.keys = rd.keyMem[:0]
	return rd
}

// Reset makes the Reader read a new document from src, keeping its buffers
// (a window that grew is replaced by one of the original size; at most
// 8 MiB of ReadBase64 chunks are kept). Reset also makes a zero Reader
// ready for use, with a DefaultWindow window.
func (r *Reader) Reset(src io.Reader) {
	size := r.size
	if size == 0 {
		size = DefaultWindow
	}
	buf := r.buf
	if len(buf) != size {
		buf = make([]byte, size)
	}
	keys := r.keys[:0]
	if keys == nil || cap(keys) > maxKeep {
		keys = r.keyMem[:0]
	}
	*r = Reader{
		src:     src,
		buf:     buf,
		size:    size,
		keys:    keys,
		scratch: r.scratch[:0],
		out:     r.out,
		stage:   r.stage,
		chunks:  r.chunks,
	}
}

// Offset returns the number of input bytes consumed so far.
func (r *Reader) Offset() int64 { return r.base + int64(r.pos) }

// fail records err as the Reader's fatal error, unless one is already
// recorded, and returns the recorded error.
func (r *Reader) fail(err error) error {
	if r.fatal == nil {
		r.fatal = err
	}
	return r.fatal
}

// syntax records and returns a *SyntaxError at the current position.
func (r *Reader) syntax(msg string) error {
	return r.fail(&SyntaxError{Offset: r.Offset(), Msg: msg})
}

// syntaxAt records and returns a *SyntaxError about byte c at the current
// position, with the byte quoted the way encoding/json does.
func (r *Reader) syntaxAt(c byte, context string) error {
	var q string
	switch {
	case c == '\'':
		q = `'\''`
	case c == '"':
		q = `'"'`
	case c < 0x20 || c >= 0x7f:
		q = fmt.Sprintf("%q", rune(c))
	default:
		q = "'" + string(rune(c)) + "'"
	}
	return r.syntax("invalid character " + q + " " + context)
}

// tooLong records and returns the error for an oversized token.
func (r *Reader) tooLong(what string) error {
	return r.fail(&SyntaxError{Offset: r.Offset(), Msg: what + " too long", err: ErrTokenTooLong})
}

// eofError records and returns the error for input that stopped early: a
// *SyntaxError wrapping io.ErrUnexpectedEOF at end of input, or the wrapped
// read error.
func (r *Reader) eofError() error {
	off := r.base + int64(r.end)
	if r.rerr == nil || r.rerr == io.EOF {
		return r.fail(&SyntaxError{Offset: off, Msg: "unexpected end of input", err: io.ErrUnexpectedEOF})
	}
	return r.fail(fmt.Errorf("jsonscan: reading input at offset %d: %w", off, r.rerr))
}

// compact moves the unread bytes to the front of the window.
func (r *Reader) compact() {
	if r.pos == 0 {
		return
	}
	n := copy(r.buf, r.buf[r.pos:r.end])
	r.base += int64(r.pos)
	r.pos, r.end = 0, n
}

// more reads at least one more byte into the window, keeping the unread
// bytes. It grows the window only when the unread bytes fill it. It returns
// false when the source is exhausted or failed; r.rerr says which.
func (r *Reader) more() bool {
	if r.rerr != nil {
		return false
	}
	r.compact()
	if r.end == len(r.buf) {
		nb := make([]byte, 2*len(r.buf))
		copy(nb, r.buf[:r.end])
		r.buf = nb
	}
	for range maxEmptyReads {
		n, err := r.src.Read(r.buf[r.end:])
		if n < 0 || n > len(r.buf)-r.end {
			r.rerr = errors.New("jsonscan: source returned an invalid count")
			return false
		}
		r.end += n
		if err != nil {
			r.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	r.rerr = io.ErrNoProgress
	return false
}

// ensure tries to make n unread bytes available and reports whether it
// could. When it cannot, whatever the source had left is still available.
func (r *Reader) ensure(n int) bool {
	for r.end-r.pos < n {
		if !r.more() {
			return false
		}
	}
	return true
}

// isSpace reports whether c is JSON whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nonSpace skips whitespace and returns the next byte without consuming it.
func (r *Reader) nonSpace() (byte, error) {
	for {
		for r.pos < r.end {
			if c := r.buf[r.pos]; !isSpace(c) {
				return c, nil
			}
			r.pos++
		}
		if !r.more() {
			return 0, r.eofError()
		}
	}
}

// begin starts reading a value: it returns the fatal error if any, skips
// whitespace and returns the value's first byte without consuming it. It
// counts the value as consumed, which is how Object and Array tell whether a
// callback read its member.
func (r *Reader) begin() (byte, error) {
	if r.fatal != nil {
		return 0, r.fatal
	}
	r.values++
	return r.nonSpace()
}

// Peek returns the kind of the next value without consuming it, skipping
// whitespace. It returns KindInvalid with a *SyntaxError if the next byte
// cannot begin a value or the input ends.
func (r *Reader) Peek() (Kind, error) {
	if r.fatal != nil {
		return KindInvalid, r.fatal
	}
	c, err := r.nonSpace()
	if err != nil {
		return KindInvalid, err
	}
	k := kindOf(c)
	if k == KindInvalid {
		return k, r.syntaxAt(c, "looking for beginning of value")
	}
	return k, nil
}

// End checks that only whitespace follows the value just read, reading the
// input to its end. It returns a *SyntaxError otherwise, or the read error.
func (r *Reader) End() error {
	if r.fatal != nil {
		return r.fatal
	}
	for {
		for r.pos < r.end {
			c := r.buf[r.pos]
			if !isSpace(c) {
				return r.syntaxAt(c, "after top-level value")
			}
			r.pos++
		}
		if !r.more() {
			if r.rerr == io.EOF {
				return nil
			}
			return r.eofError()
		}
	}
}

// literal consumes the literal lit ("true", "false" or "null").
func (r *Reader) literal(lit string) error {
	ok := r.ensure(len(lit))
	avail := r.buf[r.pos:min(r.end, r.pos+len(lit))]
	for i, c := range avail {
		if c != lit[i] {
			r.pos += i
			return r.syntaxAt(c, "in literal "+lit+" (expecting '"+lit[i:i+1]+"')")
		}
	}
	if !ok {
		r.pos += len(avail)
		return r.eofError()
	}
	r.pos += len(lit)
	return nil
}

// mismatch consumes the value starting with c, which is not of kind want,
// and returns a *TypeError, or the fatal error met while consuming it.
func (r *Reader) mismatch(want Kind, c byte) error {
	off := r.Offset()
	if err := r.skipFrom(c); err != nil {
		return err
	}
	return &TypeError{Offset: off, Want: want, Got: kindOf(c)}
}

// keepScratch stores b as the scratch buffer unless it grew too large.
func (r *Reader) keepScratch(b []byte) {
	if cap(b) <= maxKeep {
		r.scratch = b[:0]
	} else {
		r.scratch = nil
	}
}
