package dirstore_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// FuzzPutKey checks that every key Put accepts names a file inside the
// store's directory, at the key's own path.
func FuzzPutKey(f *testing.F) {
	for _, k := range []string{"saas/T/manifest.json", "../x", "a/../../b", "/etc/passwd", `a\..\b`, "a/./b", "a//b", ".put-x", "x."} {
		f.Add(k)
	}
	dir := f.TempDir()
	s := open(f, dir)
	f.Fuzz(func(t *testing.T, key string) {
		_, err := s.Put(t.Context(), key, strings.NewReader("x"))
		if err != nil && !errors.Is(err, store.ErrExist) {
			return // refused
		}
		if !filepath.IsLocal(key) || strings.ContainsAny(key, `\:`) {
			t.Fatalf("Put accepted key %q, which is not a plain local path", key)
		}
		for _, seg := range strings.Split(key, "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Fatalf("Put accepted key %q with segment %q", key, seg)
			}
		}
		fi, serr := os.Lstat(filepath.Join(dir, filepath.FromSlash(key)))
		if serr != nil || !fi.Mode().IsRegular() {
			t.Fatalf("Put(%q) = %v, but there is no regular file at the key's path: %v", key, err, serr)
		}
	})
}
