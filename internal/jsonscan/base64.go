package jsonscan

import (
	"fmt"
	"io"
)

// streamChunk is the size of the buffer StreamBase64 decodes into.
const streamChunk = 16 << 10

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

// b64decoder decodes one base64 string: appending to dst; or, when w is
// set, using dst as a chunk buffer flushed to w; or, when chunks is set,
// into the chunks of a chunkList, dst being the one being filled.
type b64decoder struct {
	r       *Reader
	dst     []byte
	w       io.Writer
	chunks  *chunkList
	written int64
	werr    error
	st      b64state
}

// flush writes the chunk buffer to w, or moves on to the next chunk.
func (d *b64decoder) flush() {
	if d.chunks != nil {
		d.dst = d.chunks.next(d.dst)
		return
	}
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
	// With a writer or chunks, dst is a buffer that never grows.
	bounded := d.w != nil || d.chunks != nil
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
		if bounded && cap(d.dst)-len(d.dst) < 3 {
			d.flush()
			continue
		}
		if d.st.n == 0 && !d.st.done && slow == 0 {
			if used, ok := d.fast(bounded); ok {
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
