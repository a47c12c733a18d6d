package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// storeOpeners maps the --store URL schemes to the stores they open.
func storeOpeners() map[string]func(string) (store.Store, error) {
	return map[string]func(string) (store.Store, error){"file": openFileStore}
}

// openFileStore opens file://DIR, creating DIR (0700) if needed.
//
// The folder store here is the minimal one the command needs: a
// temporary file, then a hard link, which never replaces an object.
// Package lifecycle/store/dirstore is the library's full directory store.
func openFileStore(raw string) (store.Store, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
		return nil, errors.New("--store file://DIR: give an absolute folder, e.g. file:///var/lib/faceid/evidence")
	}
	if err := os.MkdirAll(u.Path, 0o700); err != nil {
		return nil, fmt.Errorf("--store: %w", err)
	}
	return fileStore{root: u.Path}, nil
}

// fileStore keeps objects as files under root.
type fileStore struct{ root string }

// path maps a key to its file, refusing keys that would leave root.
func (d fileStore) path(key string) (string, error) {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") {
		return "", fmt.Errorf("store key %q is not a relative slash-separated path", key)
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".tmp-") {
			return "", fmt.Errorf("store key %q has an empty, dot or reserved part", key)
		}
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put implements store.Store.
func (d fileStore) Put(ctx context.Context, key string, r io.Reader) (store.Object, error) {
	p, err := d.path(key)
	if err != nil {
		return store.Object{}, err
	}
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
	if err == nil {
		err = tmp.Sync()
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
func (d fileStore) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", key, store.ErrNotExist)
	}
	return f, err
}

// Stat implements store.Store; it leaves SHA256 empty.
func (d fileStore) Stat(_ context.Context, key string) (store.Object, error) {
	p, err := d.path(key)
	if err != nil {
		return store.Object{}, err
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return store.Object{}, fmt.Errorf("%s: %w", key, store.ErrNotExist)
	}
	if err != nil {
		return store.Object{}, err
	}
	return store.Object{Key: key, Bytes: fi.Size()}, nil
}

// List implements store.Store.
func (d fileStore) List(_ context.Context, prefix string) ([]store.Object, error) {
	base, err := d.path(prefix)
	if err != nil {
		return nil, err
	}
	var out []store.Object
	err = filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
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
		rel, err := filepath.Rel(d.root, p)
		if err != nil {
			return err
		}
		out = append(out, store.Object{Key: filepath.ToSlash(rel), Bytes: fi.Size()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// Delete implements store.Store.
func (d fileStore) Delete(_ context.Context, prefix string) error {
	p, err := d.path(prefix)
	if err != nil {
		return err
	}
	return os.RemoveAll(p)
}
