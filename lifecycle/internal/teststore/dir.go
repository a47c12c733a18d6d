package teststore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Dir is a store in a directory: a temporary file, then a hard link,
// which never replaces an existing object, even across processes.
type Dir struct {
	root string
}

// NewDir returns a store in the existing directory root.
func NewDir(root string) *Dir { return &Dir{root: root} }

func (d *Dir) path(key string) string { return filepath.Join(d.root, filepath.FromSlash(key)) }

// Put implements store.Store.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader) (store.Object, error) {
	p := d.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return store.Object{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return store.Object{}, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err == nil {
		err = ctx.Err()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return store.Object{}, err
	}
	if err := os.Link(tmp.Name(), p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return store.Object{}, fmt.Errorf("%s: %w", key, store.ErrExist)
		}
		return store.Object{}, err
	}
	return store.Object{Key: key, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Open implements store.Store.
func (d *Dir) Open(_ context.Context, key string) (io.ReadCloser, error) {
	f, err := os.Open(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", key, store.ErrNotExist)
	}
	return f, err
}

// Stat implements store.Store; it leaves SHA256 empty.
func (d *Dir) Stat(_ context.Context, key string) (store.Object, error) {
	fi, err := os.Stat(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return store.Object{}, fmt.Errorf("%s: %w", key, store.ErrNotExist)
	}
	if err != nil {
		return store.Object{}, err
	}
	return store.Object{Key: key, Bytes: fi.Size()}, nil
}

// List implements store.Store.
func (d *Dir) List(_ context.Context, prefix string) ([]store.Object, error) {
	var out []store.Object
	base := d.path(prefix)
	err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".tmp-") {
			return nil
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.root, p)
		out = append(out, store.Object{Key: filepath.ToSlash(rel), Bytes: fi.Size()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// Delete implements store.Store.
func (d *Dir) Delete(_ context.Context, prefix string) error {
	return os.RemoveAll(d.path(prefix))
}
