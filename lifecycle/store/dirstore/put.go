package dirstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// tempPrefix starts the names of the temporary files Put writes. Keys
// cannot start a segment with '.', so no key names one, and List skips
// them.
const tempPrefix = ".put-"

// Put writes the object at key from r, streaming it to a temporary file in
// the key's folder while it computes its size and SHA-256, syncs the file
// and then links it to key. It returns an error wrapping store.ErrExist
// when key holds an object, and leaves nothing at key when it fails. A Read
// of r that blocks is not interrupted when ctx is cancelled; the next one
// is not made.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (store.Object, error) {
	if err := checkKey("key", key); err != nil {
		return store.Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return store.Object{}, fmt.Errorf("dirstore: put %q: %w", key, err)
	}
	dir := path.Dir(key)
	created, err := s.mkdirAll(dir)
	if err != nil {
		return store.Object{}, fmt.Errorf("dirstore: put %q: creating its folder: %w", key, err)
	}
	tmp := path.Join(dir, tempPrefix+rand.Text())
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return store.Object{}, fmt.Errorf("dirstore: put %q: creating a temporary file: %w", key, err)
	}
	defer func() {
		// After a successful link the temporary name is only a second
		// name of the object; failing to remove it loses nothing.
		_ = s.root.Remove(tmp)
	}()

	obj, err := writeSynced(ctx, f, r)
	if err != nil {
		return store.Object{}, fmt.Errorf("dirstore: put %q: %w", key, err)
	}
	obj.Key = key
	if err := s.root.Link(tmp, key); err != nil {
		if errors.Is(err, fs.ErrExist) {
			if fi, serr := s.root.Lstat(key); serr == nil && fi.IsDir() {
				return store.Object{}, fmt.Errorf("dirstore: put %q: the key is the folder of other keys; a directory store cannot hold both", key)
			}
			return store.Object{}, fmt.Errorf("dirstore: put %q: %w", key, store.ErrExist)
		}
		return store.Object{}, fmt.Errorf("dirstore: put %q: linking the written file: %w", key, err)
	}
	// The object exists from here on; syncing its folder makes it
	// durable. A Put that cannot promise that takes the object back, so
	// that a failure leaves nothing at key.
	if err := s.syncDirs(dir, created); err != nil {
		_ = s.root.Remove(key)
		return store.Object{}, fmt.Errorf("dirstore: put %q: syncing its folder: %w", key, err)
	}
	return obj, nil
}

// writeSynced copies r to f, checking ctx between reads, syncs and closes
// f, and returns the size and SHA-256 of what it wrote.
func writeSynced(ctx context.Context, f *os.File, r io.Reader) (store.Object, error) {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), ctxReader{ctx: ctx, r: r})
	if err != nil {
		_ = f.Close()
		return store.Object{}, fmt.Errorf("writing the content: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return store.Object{}, fmt.Errorf("syncing the content: %w", err)
	}
	if err := f.Close(); err != nil {
		return store.Object{}, fmt.Errorf("closing the content: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return store.Object{}, err
	}
	return store.Object{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// mkdirAll creates dir and its parents (mode 0700) and reports whether it
// did not exist before.
func (s *Store) mkdirAll(dir string) (created bool, err error) {
	if dir == "." {
		return false, nil
	}
	if _, err := s.root.Lstat(dir); err == nil {
		return false, nil
	}
	return true, s.root.MkdirAll(dir, 0o700)
}

// syncDirs syncs dir, so that the new link survives a crash, and, when
// the folders were just created, every parent up to the store's root.
func (s *Store) syncDirs(dir string, created bool) error {
	for {
		if err := s.syncDir(dir); err != nil {
			return err
		}
		if !created || dir == "." {
			return nil
		}
		dir = path.Dir(dir)
	}
}

func (s *Store) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// ctxReader stops reading once its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
