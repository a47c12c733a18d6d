// Package dirstore is a store.Store in a directory of the local file
// system: one file per object, its key the file's path below the directory.
//
// Put writes to a temporary file beside the target, syncs it and then
// creates the key with a hard link, which fails when the name exists: an
// object is never overwritten, a reader never sees a partly written one,
// and of several processes on one host putting the same key exactly one
// wins. Folders are created 0700 and files 0600, since evidence holds
// personal data. Every path is resolved with os.Root, so that neither a
// key nor a symbolic link inside the directory reaches outside it.
//
// The directory must be on a file system with hard links (any local
// POSIX file system). The store keeps no SHA-256: Stat and List leave
// Object.SHA256 empty, Put sets it. A process killed during a Put may
// leave a temporary file (named ".put-…") beside the key: no key names it,
// List skips it, and Delete of its folder removes it.
package dirstore

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Store is a store.Store in a directory. It is safe for concurrent use by
// several goroutines and several processes on one host.
type Store struct {
	root *os.Root
}

var _ store.Store = (*Store)(nil)

// Open returns the store in directory dir, creating it (mode 0700) when it
// does not exist. Close the store when done.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("dirstore: empty directory: name the folder that keeps the archive")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("dirstore: creating the store directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("dirstore: opening the store directory: %w", err)
	}
	return &Store{root: root}, nil
}

// OpenURL returns the store named by a URL of the form file://DIR, where
// DIR is the directory as given to Open, taken literally: file:///var/faceid
// is /var/faceid, file://archive is archive relative to the working
// directory.
func OpenURL(rawURL string) (*Store, error) {
	dir, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	return Open(dir)
}

// ParseURL returns the directory named by a URL of the form file://DIR, as
// OpenURL reads it.
func ParseURL(rawURL string) (string, error) {
	dir, ok := strings.CutPrefix(rawURL, "file://")
	if !ok {
		return "", fmt.Errorf("dirstore: store URL %q does not start with file://: write file:///absolute/dir or file://relative/dir", rawURL)
	}
	if dir == "" {
		return "", fmt.Errorf("dirstore: store URL %q names no directory: write file:///absolute/dir or file://relative/dir", rawURL)
	}
	return dir, nil
}

// Close releases the directory. The store must not be used afterwards.
func (s *Store) Close() error {
	return s.root.Close()
}

// String returns the store's URL.
func (s *Store) String() string {
	return "file://" + s.root.Name()
}
