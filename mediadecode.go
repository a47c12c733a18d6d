package faceid

import "github.com/faceid-go/faceid/internal/jsonscan"

// mediaSpot says which media field a value is; a zero kind means the value
// is kept in memory even when streaming (EncryptedBody). nested marks a
// list of media inside a list element (a nod round's screenshots): its
// items are numbered in shot, index being the element's.
type mediaSpot struct {
	kind   MediaKind
	index  int
	shot   int
	nested bool
}

// media decodes the base64 field at spot into dst, or streams it to the
// sink; an empty string leaves dst nil.
//
// In memory, the item gets a slice of exactly its decoded size, allocated
// once: the reader decodes a long item into pooled chunks as its text
// arrives and copies them out at its end, so a reply costs about the size
// of its media whether it is sent with a Content-Length, chunked or
// compressed, and nothing is allocated ahead of the bytes received.
func (d *resultDecoder) media(r *jsonscan.Reader, prefix string, key []byte, spot mediaSpot, dst *[]byte) error {
	if d.sink != nil && spot.kind != 0 {
		return d.stream(r, prefix, key, spot)
	}
	b, err := r.ReadBase64()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = b
	return nil
}

// mediaList decodes an array of at most limit base64 items of one kind,
// refusing a longer one; an item that fails
// to decode is recorded and kept as nil so that indexes stay aligned. When
// streaming, every item is nil in dst, which keeps the reply's length.
// When spot.nested, spot.index is the index of the enclosing list element
// and items are numbered in spot.shot.
func (d *resultDecoder) mediaList(r *jsonscan.Reader, prefix string, key []byte, limit int, spot mediaSpot, dst *[][]byte) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Array(func(i int) error {
		if err := checkLength(path, i, limit); err != nil {
			return err
		}
		at := spot
		if spot.nested {
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
