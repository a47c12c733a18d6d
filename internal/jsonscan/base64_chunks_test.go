package jsonscan

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
)

// randomBytes returns n pseudo-random bytes drawn from seed.
func randomBytes(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// quoted returns raw in base64 as a JSON string literal.
func quoted(raw []byte) []byte {
	doc := []byte{'"'}
	doc = base64.StdEncoding.AppendEncode(doc, raw)
	return append(doc, '"')
}

// allocated returns the bytes allocated on the heap while fn runs.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestReadBase64ResultsAreIndependent(t *testing.T) {
	a, b := randomBytes(1, 200<<10), randomBytes(2, 200<<10)
	doc := append(append(append([]byte{'['}, quoted(a)...), ','), quoted(b)...)
	doc = append(doc, ']')
	r := NewReader(bytes.NewReader(doc))
	var got [][]byte
	err := r.Array(func(int) error {
		v, err := r.ReadBase64()
		got = append(got, v)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// b was decoded into the chunks a went through: a must not have changed.
	if len(got) != 2 || !bytes.Equal(got[0], a) || !bytes.Equal(got[1], b) {
		t.Fatal("a later string changed an earlier result")
	}
	if cap(got[0]) != len(a) || cap(got[1]) != len(b) {
		t.Fatalf("capacities %d and %d, want %d", cap(got[0]), cap(got[1]), len(a))
	}
}

func TestReadBase64KeepsBoundedChunks(t *testing.T) {
	big := randomBytes(3, (maxKeptChunks+8)*chunkSize)
	r := NewReader(bytes.NewReader(quoted(big)))
	got, err := r.ReadBase64()
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
	checkSpares := func(when string) {
		t.Helper()
		if len(r.chunks.used) != 0 || len(r.chunks.free) != maxKeptChunks {
			t.Fatalf("%s: %d chunks in use, %d spare; want 0 and %d", when, len(r.chunks.used), len(r.chunks.free), maxKeptChunks)
		}
		for _, c := range r.chunks.free {
			if len(c) != 0 || cap(c) != chunkSize {
				t.Fatalf("%s: a spare chunk has length %d, capacity %d", when, len(c), cap(c))
			}
		}
	}
	checkSpares("after a long string")
	r.Reset(bytes.NewReader(quoted(big[:3*chunkSize])))
	checkSpares("after Reset")
	if got, err := r.ReadBase64(); err != nil || !bytes.Equal(got, big[:3*chunkSize]) {
		t.Fatalf("after Reset: %d bytes, %v", len(got), err)
	}
	checkSpares("after a shorter string")
}

func TestReadBase64AllocatesWhatItReads(t *testing.T) {
	raw := randomBytes(4, 2<<20)
	doc := quoted(raw)
	r := NewReader(nil)
	read := func(src io.Reader) ([]byte, error) {
		r.Reset(src)
		return r.ReadBase64()
	}
	var got []byte
	var err error
	cold := allocated(func() { got, err = read(bytes.NewReader(doc)) })
	if err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
	// A new Reader: the chunks, then the result.
	if limit := uint64(2*len(raw) + 2*chunkSize); cold > limit {
		t.Errorf("cold Reader allocated %d bytes for %d decoded, want at most %d", cold, len(raw), limit)
	}
	warm := allocated(func() { got, err = read(bytes.NewReader(doc)) })
	if err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
	// Chunks reused: the result only.
	if limit := uint64(len(raw) + 4<<10); warm > limit {
		t.Errorf("reused Reader allocated %d bytes for %d decoded, want at most %d", warm, len(raw), limit)
	}

	// A string cut off after 300 KiB of text costs what was read.
	errCut := errors.New("connection reset")
	cut := io.MultiReader(bytes.NewReader(doc[:300<<10]), iotestErrReader{errCut})
	fresh := NewReader(cut)
	partial := allocated(func() { got, err = fresh.ReadBase64() })
	if !errors.Is(err, errCut) || got != nil {
		t.Fatalf("cut string: %d bytes, %v", len(got), err)
	}
	if limit := uint64(300<<10*3/4 + chunkSize); partial > limit {
		t.Errorf("cut string allocated %d bytes after 300 KiB of text, want at most %d", partial, limit)
	}
}

// iotestErrReader fails every read with err.
type iotestErrReader struct{ err error }

func (e iotestErrReader) Read([]byte) (int, error) { return 0, e.err }

func BenchmarkReadBase64_6MiB_Reset(b *testing.B) {
	raw, doc := media6MiB()
	encLen := int64(len(doc) - len(`{"v":""}`))
	br := bytes.NewReader(doc)
	r := NewReader(nil)
	var got []byte
	b.SetBytes(encLen)
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(doc)
		r.Reset(onlyReader{br})
		err := r.Object(func(key []byte) error {
			var err error
			got, err = r.ReadBase64()
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Equal(got, raw) {
		b.Fatal("decoded bytes differ")
	}
}
