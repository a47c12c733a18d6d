package faceid

import "github.com/faceid-go/faceid/internal/jsonscan"

// setInput tells the decoder that r reads an input of length bytes (-1 when
// unknown), so that in-memory media can share one buffer.
func (d *resultDecoder) setInput(r *jsonscan.Reader, length int64) {
	d.sized, d.inputLen, d.arena = r, length, nil
}

// spare returns an empty slice whose capacity is the unused part of the
// arena, creating the arena at the first media value met on the sized
// reader: three quarters of the input left, enough for every base64 string
// still to come.
func (d *resultDecoder) spare(r *jsonscan.Reader) []byte {
	if d.arena == nil && r == d.sized && d.inputLen > 0 {
		if rest := d.inputLen - r.Offset(); rest > 0 {
			d.arena = make([]byte, rest/4*3+3)
		}
	}
	return d.arena[:0]
}

// mediaSpot says which media field a value is; a zero kind means the value
// is kept in memory even when streaming (EncryptedBody).
type mediaSpot struct {
	kind  MediaKind
	index int
	shot  int
}

// media decodes the base64 field at spot into dst, or streams it to the
// sink; an empty string leaves dst nil.
func (d *resultDecoder) media(r *jsonscan.Reader, prefix string, key []byte, spot mediaSpot, dst *[]byte) error {
	if d.sink != nil && spot.kind != 0 {
		return d.stream(r, prefix, key, spot)
	}
	buf := d.spare(r)
	b, err := r.AppendBase64(buf)
	if err != nil {
		return d.soft(prefix, key, err)
	}
	if len(b) == 0 {
		return nil
	}
	if cap(buf) > 0 && &b[0] == &buf[:1][0] {
		// Decoded in place: the arena's unused part starts after it.
		d.arena = d.arena[len(b):]
	}
	// A full slice expression, so that appending to one media field can
	// never overwrite the next.
	*dst = b[:len(b):len(b)]
	return nil
}

// mediaList decodes an array of at most limit base64 items of one kind,
// refusing a longer one; an item that fails
// to decode is recorded and kept as nil so that indexes stay aligned. When
// streaming, every item is nil in dst, which keeps the reply's length.
// spot.index is the index of the enclosing list element, if any: items are
// numbered in spot.shot then.
func (d *resultDecoder) mediaList(r *jsonscan.Reader, prefix string, key []byte, limit int, spot mediaSpot, dst *[][]byte) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	path := joinPath(prefix, key)
	nested := spot.kind == MediaActionScreenShot
	return d.soft(prefix, key, r.Array(func(i int) error {
		if err := checkLength(path, i, limit); err != nil {
			return err
		}
		at := spot
		if nested {
			at.shot = i
		} else {
			at.index = i
		}
		var b []byte
		if err := d.media(r, path, indexKey(i), at, &b); err != nil {
			return err
		}
		*dst = append(*dst, b)
		return nil
	}))
}
