package jsonscan

import (
	"bytes"
	"encoding/base64"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
)

// onlyReader hides every method of the wrapped reader but Read, so that no
// io.WriterTo shortcut can be taken.
type onlyReader struct{ r *bytes.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// media6MiB returns 6 MiB of random bytes, their base64 text and the JSON
// document {"v":"<text>"}.
var media6MiB = sync.OnceValues(func() (raw []byte, doc []byte) {
	raw = make([]byte, 6<<20)
	rng := rand.New(rand.NewChaCha8([32]byte{'j', 's', 'o', 'n'}))
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	doc = append(doc, `{"v":"`...)
	doc = base64.StdEncoding.AppendEncode(doc, raw)
	doc = append(doc, `"}`...)
	return raw, doc
})

func BenchmarkAppendBase64_6MiB(b *testing.B) {
	raw, doc := media6MiB()
	encLen := int64(len(doc) - len(`{"v":""}`))
	dst := make([]byte, 0, len(raw))
	br := bytes.NewReader(doc)
	b.SetBytes(encLen)
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(doc)
		r := NewReader(onlyReader{br})
		err := r.Object(func(key []byte) error {
			var err error
			dst, err = r.AppendBase64(dst[:0])
			return err
		})
		if err == nil {
			err = r.End()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Equal(dst, raw) {
		b.Fatal("decoded bytes differ")
	}
}

func BenchmarkAppendBase64_6MiB_Reset(b *testing.B) {
	raw, doc := media6MiB()
	encLen := int64(len(doc) - len(`{"v":""}`))
	dst := make([]byte, 0, len(raw))
	br := bytes.NewReader(doc)
	r := NewReader(nil)
	b.SetBytes(encLen)
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(doc)
		r.Reset(onlyReader{br})
		err := r.Object(func(key []byte) error {
			var err error
			dst, err = r.AppendBase64(dst[:0])
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Equal(dst, raw) {
		b.Fatal("decoded bytes differ")
	}
}

func BenchmarkStreamBase64_6MiB(b *testing.B) {
	raw, doc := media6MiB()
	encLen := int64(len(doc) - len(`{"v":""}`))
	br := bytes.NewReader(doc)
	b.SetBytes(encLen)
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(doc)
		r := NewReader(onlyReader{br})
		var n int64
		err := r.Object(func(key []byte) error {
			var err error
			n, err = r.StreamBase64(io.Discard)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if n != int64(len(raw)) {
			b.Fatalf("wrote %d bytes, want %d", n, len(raw))
		}
	}
}

func BenchmarkFloorBase64_6MiB(b *testing.B) {
	raw, doc := media6MiB()
	enc := doc[len(`{"v":"`) : len(doc)-len(`"}`)]
	dst := make([]byte, len(raw))
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := base64.StdEncoding.Decode(dst, enc)
		if err != nil || n != len(raw) {
			b.Fatal(n, err)
		}
	}
}

func BenchmarkSkip_6MiB(b *testing.B) {
	_, doc := media6MiB()
	br := bytes.NewReader(doc)
	r := NewReader(nil)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(doc)
		r.Reset(onlyReader{br})
		if err := r.Skip(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendBase64_6MiB_EscapedSlash decodes text in which every '/'
// is written \/, as some JSON encoders do.
func BenchmarkAppendBase64_6MiB_EscapedSlash(b *testing.B) {
	raw, doc := media6MiB()
	doc = bytes.ReplaceAll(doc, []byte("/"), []byte(`\/`))
	dst := make([]byte, 0, len(raw))
	br := bytes.NewReader(doc)
	r := NewReader(nil)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(doc)
		r.Reset(onlyReader{br})
		err := r.Object(func(key []byte) error {
			var err error
			dst, err = r.AppendBase64(dst[:0])
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Equal(dst, raw) {
		b.Fatal("decoded bytes differ")
	}
}
