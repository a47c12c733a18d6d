package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// put stores content at key and fails the test on any error.
func put(t *testing.T, s store.Store, key string, content []byte) store.Object {
	t.Helper()
	obj, err := s.Put(t.Context(), key, bytes.NewReader(content))
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	return obj
}

// read returns the content of the object at key.
func read(t *testing.T, s store.Store, key string) []byte {
	t.Helper()
	rc, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %q: %v", key, err)
	}
	return b
}

// wantAbsent fails the test unless Stat and Open report that key holds no
// object.
func wantAbsent(t *testing.T, s store.Store, key string) {
	t.Helper()
	if obj, err := s.Stat(t.Context(), key); !errors.Is(err, store.ErrNotExist) {
		t.Errorf("Stat(%q) = %+v, %v; want an error wrapping store.ErrNotExist", key, obj, err)
	}
	rc, err := s.Open(t.Context(), key)
	if err == nil {
		rc.Close()
	}
	if !errors.Is(err, store.ErrNotExist) {
		t.Errorf("Open(%q) error = %v; want an error wrapping store.ErrNotExist", key, err)
	}
}

// wantList fails the test unless List(prefix) returns exactly keys, in
// this order, with sizes as in sizes (when not nil).
func wantList(t *testing.T, s store.Store, prefix string, keys []string, sizes map[string]int64) {
	t.Helper()
	objs, err := s.List(t.Context(), prefix)
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	got := make([]string, len(objs))
	for i, o := range objs {
		got[i] = o.Key
		if want, ok := sizes[o.Key]; ok && o.Bytes != want {
			t.Errorf("List(%q): %q has %d bytes, want %d", prefix, o.Key, o.Bytes, want)
		}
	}
	if !slices.Equal(got, keys) {
		t.Errorf("List(%q) = %q, want %q", prefix, got, keys)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// generator returns n deterministic pseudo-random bytes, made as they are
// read.
func generator(seed byte, n int64) io.Reader {
	return io.LimitReader(rand.NewChaCha8([32]byte{seed}), n)
}

// failingReader returns n bytes and then err.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// cancellingReader cancels its context after its first Read and goes on
// returning data.
type cancellingReader struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.cancel()
	return n, err
}
