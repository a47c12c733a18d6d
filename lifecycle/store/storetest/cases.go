package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/faceid-go/faceid/lifecycle/store"
)

func testPutStatOpen(t *testing.T, s store.Store) {
	big, err := io.ReadAll(generator(1, 300<<10))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key     string
		content []byte
		sha256  string // known answer, or "" to compute
	}{
		{"saas/TOKEN-1/empty", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"saas/TOKEN-1/abc.txt", []byte("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"app/T_2/best_frame.jpg", big, ""},
		{"top", []byte("a key with one segment"), ""},
	} {
		want := tc.sha256
		if want == "" {
			want = sha256Hex(tc.content)
		}
		obj := put(t, s, tc.key, tc.content)
		if obj != (store.Object{Key: tc.key, Bytes: int64(len(tc.content)), SHA256: want}) {
			t.Errorf("Put(%q) = %+v, want key, %d bytes and SHA-256 %s", tc.key, obj, len(tc.content), want)
		}
		st, err := s.Stat(t.Context(), tc.key)
		if err != nil {
			t.Fatalf("Stat(%q): %v", tc.key, err)
		}
		if st.Key != tc.key || st.Bytes != int64(len(tc.content)) || st.SHA256 != "" && st.SHA256 != want {
			t.Errorf("Stat(%q) = %+v, want key, %d bytes and SHA-256 empty or %s", tc.key, st, len(tc.content), want)
		}
		if got := read(t, s, tc.key); !bytes.Equal(got, tc.content) {
			t.Errorf("Open(%q) read %d bytes that differ from the %d put", tc.key, len(got), len(tc.content))
		}
	}
}

func testCreateIfAbsent(t *testing.T, s store.Store) {
	const key = "saas/TOKEN/manifest.json"
	put(t, s, key, []byte("first"))
	obj, err := s.Put(t.Context(), key, strings.NewReader("second, longer"))
	if !errors.Is(err, store.ErrExist) {
		t.Fatalf("second Put(%q) = %+v, %v; want an error wrapping store.ErrExist", key, obj, err)
	}
	if obj != (store.Object{}) {
		t.Errorf("second Put(%q) returned %+v with its error, want the zero Object", key, obj)
	}
	if got := read(t, s, key); string(got) != "first" {
		t.Errorf("after a refused Put, %q holds %q, want %q", key, got, "first")
	}
	wantList(t, s, "saas/TOKEN", []string{key}, map[string]int64{key: 5})
}

func testRacingPuts(t *testing.T, s store.Store) {
	const (
		key     = "race/TOKEN/manifest.json"
		racers  = 8
		payload = 64 << 10
	)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, racers)
		objs  = make([]store.Object, racers)
	)
	for i := range racers {
		wg.Go(func() {
			<-start
			objs[i], errs[i] = s.Put(context.Background(), key, generator(byte(10+i), payload))
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("racers %d and %d both created %q", winner, i, key)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrExist):
			t.Errorf("racer %d: %v; want success or an error wrapping store.ErrExist", i, err)
		}
	}
	if winner < 0 {
		t.Fatalf("none of %d racing Puts of %q succeeded", racers, key)
	}
	got := read(t, s, key)
	if h := sha256Hex(got); h != objs[winner].SHA256 || int64(len(got)) != objs[winner].Bytes {
		t.Errorf("%q holds %d bytes with SHA-256 %s, want the winner's %d bytes and %s",
			key, len(got), h, objs[winner].Bytes, objs[winner].SHA256)
	}
	wantList(t, s, "race", []string{key}, nil)
}

var errReader = errors.New("storetest: the reader failed")

func testFailingReader(t *testing.T, s store.Store) {
	const key = "fail/TOKEN/result.json"
	obj, err := s.Put(t.Context(), key, &failingReader{r: generator(2, 200<<10), err: errReader})
	if !errors.Is(err, errReader) {
		t.Fatalf("Put from a failing reader = %+v, %v; want an error wrapping the reader's", obj, err)
	}
	wantAbsent(t, s, key)
	wantList(t, s, "fail", nil, nil)
	// The failure left nothing in the way of a retry.
	put(t, s, key, []byte("retried"))
}

func testCancelledContext(t *testing.T, s store.Store) {
	const key = "cancel/TOKEN/video.mp4"

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if obj, err := s.Put(ctx, key, strings.NewReader("never")); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context = %+v, %v; want an error wrapping context.Canceled", obj, err)
	}
	wantAbsent(t, s, key)

	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	r := &cancellingReader{r: generator(3, 4<<20), cancel: cancel}
	if obj, err := s.Put(ctx, key, r); !errors.Is(err, context.Canceled) {
		t.Errorf("Put cancelled midway = %+v, %v; want an error wrapping context.Canceled", obj, err)
	}
	wantAbsent(t, s, key)
	wantList(t, s, "cancel", nil, nil)
	put(t, s, key, []byte("retried"))
}

func testNotExist(t *testing.T, s store.Store) {
	wantAbsent(t, s, "saas/NO-SUCH-TOKEN/manifest.json")
	put(t, s, "saas/TOKEN/result.json", []byte("{}"))
	// A folder is not an object, nor is a name that merely starts a key.
	wantAbsent(t, s, "saas/TOKEN")
	wantAbsent(t, s, "saas/TOK")
	wantAbsent(t, s, "saas/TOKEN/result.json/more")
}

func testList(t *testing.T, s store.Store) {
	sizes := map[string]int64{}
	for i, key := range []string{"l/a/x", "l/a/b/y", "l/a/b-c", "l/ab/x", "l/a.txt", "m/a/x"} {
		content := bytes.Repeat([]byte{'z'}, i+1)
		put(t, s, key, content)
		sizes[key] = int64(len(content))
	}
	// Keys sort bytewise: '-' < '/' < 'x', so "l/a/b-c" comes before
	// "l/a/b/y" although a walk of folders visits b/ first.
	wantList(t, s, "l/a", []string{"l/a/b-c", "l/a/b/y", "l/a/x"}, sizes)
	wantList(t, s, "l", []string{"l/a.txt", "l/a/b-c", "l/a/b/y", "l/a/x", "l/ab/x"}, sizes)
	wantList(t, s, "l/a/b", []string{"l/a/b/y"}, sizes)
	wantList(t, s, "l/none", nil, nil)
	wantList(t, s, "l/a/x", nil, nil) // an object, not a folder
	wantList(t, s, "nothing", nil, nil)
}

func testDelete(t *testing.T, s store.Store) {
	for _, key := range []string{"d/1", "d/e/2", "d/e/f/3", "de/4", "d1/5"} {
		put(t, s, key, []byte(key))
	}
	if err := s.Delete(t.Context(), "d"); err != nil {
		t.Fatalf("Delete(%q): %v", "d", err)
	}
	wantList(t, s, "d", nil, nil)
	for _, key := range []string{"d/1", "d/e/2", "d/e/f/3"} {
		wantAbsent(t, s, key)
	}
	for _, key := range []string{"de/4", "d1/5"} {
		if got := read(t, s, key); string(got) != key {
			t.Errorf("Delete(%q) changed %q: it holds %q", "d", key, got)
		}
	}
	if err := s.Delete(t.Context(), "d"); err != nil {
		t.Errorf("Delete(%q) of nothing: %v; want nil", "d", err)
	}
	// A prefix names a folder: an object at the prefix itself stays.
	if err := s.Delete(t.Context(), "de/4"); err != nil {
		t.Errorf("Delete(%q): %v", "de/4", err)
	}
	if got := read(t, s, "de/4"); string(got) != "de/4" {
		t.Errorf("Delete(%q) changed the object of that key: it holds %q", "de/4", got)
	}
	// A deleted key can be created again.
	put(t, s, "d/1", []byte("again"))
	if got := read(t, s, "d/1"); string(got) != "again" {
		t.Errorf("re-created %q holds %q, want %q", "d/1", got, "again")
	}
}

func testInvalidKeys(t *testing.T, s store.Store) {
	bad := []string{
		"", "/abs", "a//b", "a/", "../a", "a/../b", "a/..", "./a", "a/./b", ".", "..",
		`a\b`, `..\a`, "a b", "a/\x00", "a\n", "测试/x", ".hidden/x", "a/.put-x",
		strings.Repeat("k", 2000),
	}
	for _, key := range bad {
		obj, err := s.Put(t.Context(), key, strings.NewReader("x"))
		if err == nil || errors.Is(err, store.ErrExist) || errors.Is(err, store.ErrNotExist) {
			t.Errorf("Put(%q) = %+v, %v; want an error saying the key is invalid", key, obj, err)
			continue
		}
		if len(key) < 100 && key != "" && !strings.Contains(err.Error(), strconv.Quote(key)) {
			t.Errorf("Put(%q) error %q does not name the key", key, err)
		}
		if _, err := s.Stat(t.Context(), key); err == nil || errors.Is(err, store.ErrNotExist) {
			t.Errorf("Stat(%q) error = %v; want an error saying the key is invalid", key, err)
		}
		if rc, err := s.Open(t.Context(), key); err == nil || errors.Is(err, store.ErrNotExist) {
			if err == nil {
				rc.Close()
			}
			t.Errorf("Open(%q) error = %v; want an error saying the key is invalid", key, err)
		}
		if _, err := s.List(t.Context(), key); err == nil {
			t.Errorf("List(%q) succeeded; want an error saying the prefix is invalid", key)
		}
		if err := s.Delete(t.Context(), key); err == nil {
			t.Errorf("Delete(%q) succeeded; want an error saying the prefix is invalid", key)
		}
	}
}

// largeObject is the size of the object testLargeObject streams: far more
// than a store should hold in memory for one Put.
const largeObject = 64 << 20

func testLargeObject(t *testing.T, s store.Store) {
	const key = "big/TOKEN/video.mp4"
	want := sha256.New()
	if _, err := io.Copy(want, generator(4, largeObject)); err != nil {
		t.Fatal(err)
	}
	wantSum := hex.EncodeToString(want.Sum(nil))

	obj, err := s.Put(t.Context(), key, generator(4, largeObject))
	if err != nil {
		t.Fatalf("Put of %d MiB: %v", largeObject>>20, err)
	}
	if obj.Bytes != largeObject || obj.SHA256 != wantSum {
		t.Errorf("Put of %d bytes = %+v, want SHA-256 %s", largeObject, obj, wantSum)
	}
	rc, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer rc.Close()
	got := sha256.New()
	n, err := io.Copy(got, rc)
	if err != nil {
		t.Fatalf("reading %q: %v", key, err)
	}
	if sum := hex.EncodeToString(got.Sum(nil)); n != largeObject || sum != wantSum {
		t.Errorf("read back %d bytes with SHA-256 %s, want %d and %s", n, sum, largeObject, wantSum)
	}
}
