// Package store defines where the lifecycle keeps archived evidence: a small
// interface of the project's own, with a directory store in package dirstore
// and an S3-compatible store (Tencent COS speaks S3) in the nested module
// github.com/faceid-go/faceid/lifecycle/s3store.
//
// Keys are slash-separated paths such as "saas/<BizToken>/manifest.json":
// one or more segments of ASCII letters, digits, '.', '_' and '-', none
// empty and none starting with '.', at most 1024 bytes in all. The stores
// this project ships reject any other key, and any other prefix, with an
// error that names it; names starting with '.' are theirs to use.
// A key is never overwritten: Put creates an object only where none exists,
// which is what lets an archive's manifest.json be the commit point of a job
// that may run more than once.
package store

import (
	"context"
	"errors"
	"io"
)

// ErrExist is wrapped by the error Put returns when the key already holds an
// object. The object is left as it was.
var ErrExist = errors.New("store: object already exists")

// ErrNotExist is wrapped by the errors Open and Stat return for a key that
// holds no object.
var ErrNotExist = errors.New("store: no such object")

// Object describes one stored object.
type Object struct {
	// Key is the object's full key.
	Key string
	// Bytes is the object's size.
	Bytes int64
	// SHA256 is the lowercase hex SHA-256 of the object's content. Put
	// always sets it, computed from the bytes it wrote; Stat and List set
	// it when the store keeps it, and leave it empty otherwise.
	SHA256 string
}

// Store keeps objects under keys. Implementations are safe for concurrent
// use by several goroutines and, for the stores this project ships, by
// several processes.
type Store interface {
	// Put writes the object at key from r, streaming: it never holds the
	// whole content in memory. It creates the object only if key holds
	// none; otherwise it returns an error wrapping ErrExist and changes
	// nothing. A Put that fails for any reason leaves no object at key,
	// and a reader never sees a partly written one.
	Put(ctx context.Context, key string, r io.Reader) (Object, error)
	// Open returns the content of the object at key, or an error wrapping
	// ErrNotExist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes the object at key, or returns an error wrapping
	// ErrNotExist.
	Stat(ctx context.Context, key string) (Object, error)
	// List describes every object whose key starts with prefix + "/",
	// sorted by key (bytewise). The prefix follows the rules of a key, so
	// that it names a folder: "a" lists "a/x" and "a/b/y", never "ab/x".
	// An empty prefix is an error, not the whole store.
	List(ctx context.Context, prefix string) ([]Object, error)
	// Delete removes every object whose key starts with prefix + "/":
	// the folder prefix, not an object whose key is prefix itself. The
	// prefix follows the rules of a key. Deleting nothing is not an error.
	Delete(ctx context.Context, prefix string) error
}
