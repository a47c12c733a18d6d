package dirstore_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/faceid-go/faceid/lifecycle/store"
	"github.com/faceid-go/faceid/lifecycle/store/dirstore"
	"github.com/faceid-go/faceid/lifecycle/store/storetest"
)

// open returns a store in dir, closed when the test ends.
func open(t testing.TB, dir string) *dirstore.Store {
	t.Helper()
	s, err := dirstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir()) })
}

func TestModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	s := open(t, dir)
	if _, err := s.Put(t.Context(), "saas/TOKEN/result.json", strings.NewReader("{}")); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]fs.FileMode{
		".":                      fs.ModeDir | 0o700,
		"saas":                   fs.ModeDir | 0o700,
		"saas/TOKEN":             fs.ModeDir | 0o700,
		"saas/TOKEN/result.json": 0o600,
	} {
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s has mode %v, want %v", name, fi.Mode(), want)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, "saas/TOKEN"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("the object's folder holds %d entries, want only the object (no temporary file left)", len(entries))
	}
}

// TestSeparateInstancesRace races Puts of one key through separate stores
// on one directory, as separate processes would: each has its own handle
// on the directory, and only the file system decides.
func TestSeparateInstancesRace(t *testing.T) {
	dir := t.TempDir()
	const racers = 6
	stores := make([]*dirstore.Store, racers)
	for i := range stores {
		stores[i] = open(t, dir)
	}
	for round := range 20 {
		key := "saas/T" + string(rune('a'+round)) + "/manifest.json"
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			errs  = make([]error, racers)
		)
		for i, s := range stores {
			wg.Go(func() {
				<-start
				_, errs[i] = s.Put(context.Background(), key, strings.NewReader(strings.Repeat("x", i+1)))
			})
		}
		close(start)
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, store.ErrExist):
				t.Errorf("%s: %v", key, err)
			}
		}
		if wins != 1 {
			t.Errorf("%s: %d racers won, want exactly 1", key, wins)
		}
	}
}

func TestSymlinksDoNotEscape(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("outside"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "evil")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir)
	ctx := t.Context()

	if _, err := s.Put(ctx, "evil/planted", strings.NewReader("x")); err == nil {
		t.Error("Put through a symbolic link to a folder outside the store succeeded")
	}
	if _, err := os.Lstat(filepath.Join(outside, "planted")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Put wrote outside the store: %v", err)
	}
	if rc, err := s.Open(ctx, "evil/secret"); err == nil {
		rc.Close()
		t.Error("Open through a symbolic link to a folder outside the store succeeded")
	}
	if rc, err := s.Open(ctx, "link"); err == nil {
		rc.Close()
		t.Error("Open of a symbolic link to a file outside the store succeeded")
	}
	if objs, err := s.List(ctx, "evil"); err != nil || len(objs) != 0 {
		t.Errorf("List through a symbolic link = %v, %v; want nothing", objs, err)
	}
	if err := s.Delete(ctx, "evil"); err != nil {
		t.Errorf("Delete(%q): %v", "evil", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
		t.Errorf("Delete through a symbolic link removed a file outside the store: %v", err)
	}
}

// TestPutStreams checks that a Put of 64 MiB allocates far less than the
// object: it streams rather than buffers.
func TestPutStreams(t *testing.T) {
	s := open(t, t.TempDir())
	const size = 64 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	obj, err := s.Put(t.Context(), "big/TOKEN/video.mp4", io.LimitReader(rand.NewChaCha8([32]byte{7}), size))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if obj.Bytes != size {
		t.Fatalf("Put wrote %d bytes, want %d", obj.Bytes, size)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("Put of %d MiB allocated %d bytes; it should stream through a small buffer", size>>20, alloc)
	}
}

func TestURL(t *testing.T) {
	for _, tc := range []struct{ url, dir string }{
		{"file:///var/lib/faceid", "/var/lib/faceid"},
		{"file://archive", "archive"},
		{"file://./a/b", "./a/b"},
	} {
		dir, err := dirstore.ParseURL(tc.url)
		if err != nil || dir != tc.dir {
			t.Errorf("ParseURL(%q) = %q, %v; want %q", tc.url, dir, err, tc.dir)
		}
	}
	for _, bad := range []string{"", "file://", "/var/lib/faceid", "s3://bucket", "FILE:///x"} {
		if dir, err := dirstore.ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) = %q; want an error", bad, dir)
		}
	}
	dir := filepath.Join(t.TempDir(), "new")
	s, err := dirstore.OpenURL("file://" + dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.String(); got != "file://"+dir {
		t.Errorf("String() = %q, want %q", got, "file://"+dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("OpenURL did not create the directory: %v", err)
	}
}

// TestKeyThatIsAFolder checks that a key naming the folder of other keys,
// which S3 could hold but a directory cannot, is refused without claiming
// that an object exists there.
func TestKeyThatIsAFolder(t *testing.T) {
	s := open(t, t.TempDir())
	ctx := t.Context()
	if _, err := s.Put(ctx, "d/x", strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	_, err := s.Put(ctx, "d", strings.NewReader("y"))
	if err == nil || errors.Is(err, store.ErrExist) || !strings.Contains(err.Error(), "folder") {
		t.Errorf("Put over a folder = %v; want an error saying the key is a folder, not ErrExist", err)
	}
	if _, err := s.Stat(ctx, "d"); !errors.Is(err, store.ErrNotExist) {
		t.Errorf("Stat of a folder = %v; want store.ErrNotExist", err)
	}
}

// BenchmarkPut measures a Put of a 6 MiB result, synced to disk.
func BenchmarkPut(b *testing.B) {
	content := make([]byte, 6<<20)
	rand.NewChaCha8([32]byte{5}).Read(content)
	s := open(b, b.TempDir())
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := s.Put(b.Context(), "bench/T"+strconv.Itoa(i)+"/video.mp4", bytes.NewReader(content)); err != nil {
			b.Fatal(err)
		}
	}
}
