package jsonscan

import "bytes"

const (
	// chunkSize is the size of the chunks ReadBase64 decodes a long string
	// into.
	chunkSize = 64 << 10

	// maxKeptChunks bounds the chunks a Reader keeps for the next long
	// string: 8 MiB.
	maxKeptChunks = 128
)

// ReadBase64 reads a string holding standard base64, with the tolerance of
// AppendBase64, and returns the decoded bytes in a new slice of their exact
// length and capacity, or nil when there are none.
//
// Memory follows the input actually read, never a length announced ahead
// of it: a string whose closing quote is already in the window is decoded
// straight into a slice of its size; a longer one is decoded into 64 KiB
// chunks as its text arrives, then copied once into a slice of its size.
// The Reader keeps up to 8 MiB of those chunks for the next string, across
// Reset too, so that a Reader reused from a pool decodes long strings with
// one allocation each. The returned slice never shares memory with the
// Reader.
//
// If the string is not valid base64, ReadBase64 consumes all of it and
// returns nil with a *Base64Error. JSON null returns nil. Another kind of
// value is consumed and reported with a *TypeError.
func (r *Reader) ReadBase64() ([]byte, error) {
	c, err := r.begin()
	if err != nil {
		return nil, err
	}
	switch c {
	case '"':
	case 'n':
		return nil, r.literal("null")
	default:
		return nil, r.mismatch(KindString, c)
	}
	if n := bytes.IndexByte(r.buf[r.pos+1:r.end], '"'); n >= 0 {
		// n bytes of text hold at most (n+3)/4*3 bytes of data, which is
		// all the decoder can ask for: the slice never grows, and is at
		// most two bytes (or the escapes) over the data's size.
		var dst []byte
		if n > 0 {
			dst = make([]byte, 0, (n+3)/4*3)
		}
		d := b64decoder{r: r, dst: dst}
		if err := d.run(); err != nil || len(d.dst) == 0 {
			return nil, err
		}
		return d.dst[:len(d.dst):len(d.dst)], nil
	}
	d := b64decoder{r: r, chunks: &r.chunks}
	d.dst = r.chunks.next(nil)
	err = d.run()
	return r.chunks.join(d.dst, err == nil), err
}

// chunkList holds the chunks a long base64 string is decoded into, and the
// spare chunks kept for the next one.
type chunkList struct {
	used [][]byte // the string's chunks, in order; the last is being filled
	free [][]byte // empty chunks to reuse, at most maxKeptChunks
}

// next records last as the filled part of the chunk being filled, if any,
// and returns a new empty chunk to fill.
func (c *chunkList) next(last []byte) []byte {
	if n := len(c.used); n > 0 {
		c.used[n-1] = last
	}
	var b []byte
	if n := len(c.free); n > 0 {
		b = c.free[n-1]
		c.free[n-1] = nil
		c.free = c.free[:n-1]
	} else {
		b = make([]byte, 0, chunkSize)
	}
	c.used = append(c.used, b)
	return b
}

// join records last as the filled part of the last chunk and, when keep is
// set, returns the bytes of every chunk in one new slice of their exact
// length (nil when there are none). It then puts the chunks back for reuse,
// keeping at most maxKeptChunks.
func (c *chunkList) join(last []byte, keep bool) []byte {
	c.used[len(c.used)-1] = last
	var out []byte
	if keep && (len(c.used) > 1 || len(last) > 0) {
		// bytes.Join does not clear the memory it then overwrites.
		out = bytes.Join(c.used, nil)
		out = out[:len(out):len(out)]
	}
	for i, b := range c.used {
		if len(c.free) < maxKeptChunks {
			c.free = append(c.free, b[:0])
		}
		c.used[i] = nil
	}
	c.used = c.used[:0]
	return out
}
