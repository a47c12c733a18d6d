package dirstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Open returns the content of the object at key, or an error wrapping
// store.ErrNotExist.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if _, err := s.Stat(ctx, key); err != nil {
		return nil, err
	}
	f, err := s.root.Open(key)
	if err != nil {
		return nil, s.pathError("open", key, err)
	}
	return f, nil
}

// Stat describes the object at key, or returns an error wrapping
// store.ErrNotExist. It leaves Object.SHA256 empty.
func (s *Store) Stat(ctx context.Context, key string) (store.Object, error) {
	if err := checkKey("key", key); err != nil {
		return store.Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return store.Object{}, fmt.Errorf("dirstore: stat %q: %w", key, err)
	}
	fi, err := s.root.Lstat(key)
	if err != nil {
		return store.Object{}, s.pathError("stat", key, err)
	}
	if fi.IsDir() {
		return store.Object{}, fmt.Errorf("dirstore: stat %q: a folder, not an object: %w", key, store.ErrNotExist)
	}
	if !fi.Mode().IsRegular() {
		return store.Object{}, fmt.Errorf("dirstore: stat %q: not a regular file (%v); the store writes none such, remove it", key, fi.Mode().Type())
	}
	return store.Object{Key: key, Bytes: fi.Size()}, nil
}

// pathError wraps err from an operation on key, mapping a missing file or
// folder to store.ErrNotExist.
func (s *Store) pathError(op, key string, err error) error {
	if notExist(err) {
		return fmt.Errorf("dirstore: %s %q: %w", op, key, store.ErrNotExist)
	}
	return fmt.Errorf("dirstore: %s %q: %w", op, key, err)
}

// List describes every object whose key starts with prefix + "/", sorted
// by key. It leaves Object.SHA256 empty.
func (s *Store) List(ctx context.Context, prefix string) ([]store.Object, error) {
	if err := checkKey("prefix", prefix); err != nil {
		return nil, err
	}
	if ok, err := s.isDir(prefix); !ok {
		return nil, err
	}
	var objs []store.Object
	err := fs.WalkDir(s.root.FS(), prefix, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while listing
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if strings.HasPrefix(path.Base(name), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // a temporary file
		}
		if !d.Type().IsRegular() {
			return nil // a folder, or something the store did not write
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		objs = append(objs, store.Object{Key: name, Bytes: fi.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dirstore: list %q: %w", prefix, err)
	}
	// A walk visits "a/b/x" before "a/b-c"; keys sort bytewise.
	slices.SortFunc(objs, func(a, b store.Object) int { return strings.Compare(a.Key, b.Key) })
	return objs, nil
}

// Delete removes every object whose key starts with prefix + "/": the
// folder prefix and all it holds. Deleting nothing is not an error; an
// object at prefix itself is not deleted.
func (s *Store) Delete(ctx context.Context, prefix string) error {
	if err := checkKey("prefix", prefix); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("dirstore: delete %q: %w", prefix, err)
	}
	if ok, err := s.isDir(prefix); !ok {
		return err
	}
	if err := s.root.RemoveAll(prefix); err != nil {
		return fmt.Errorf("dirstore: delete %q: %w", prefix, err)
	}
	return nil
}

// isDir reports whether name is a folder; a missing name is no error.
func (s *Store) isDir(name string) (bool, error) {
	fi, err := s.root.Lstat(name)
	switch {
	case notExist(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("dirstore: %q: %w", name, err)
	}
	return fi.IsDir(), nil
}

// notExist reports whether err says that a name does not exist, including
// that a folder on its path is a file.
func notExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
