// Package teststore holds an in-memory store.Store for the lifecycle's
// fast tests; those that need files, or several processes, use
// lifecycle/store/dirstore.
package teststore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Mem is an in-memory store. It counts the objects ever created, so that
// a test can tell an object written twice.
type Mem struct {
	mu      sync.Mutex
	objects map[string][]byte
	created map[string]int
}

// NewMem returns an empty store.
func NewMem() *Mem { return &Mem{objects: map[string][]byte{}, created: map[string]int{}} }

// Put implements store.Store.
func (m *Mem) Put(ctx context.Context, key string, r io.Reader) (store.Object, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return store.Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return store.Object{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objects[key]; ok {
		return store.Object{}, fmt.Errorf("%s: %w", key, store.ErrExist)
	}
	m.objects[key] = data
	m.created[key]++
	return describe(key, data), nil
}

func describe(key string, data []byte) store.Object {
	sum := sha256.Sum256(data)
	return store.Object{Key: key, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

// Open implements store.Store.
func (m *Mem) Open(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.objects[key]
	if !ok {
		return nil, fmt.Errorf("%s: %w", key, store.ErrNotExist)
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

// Stat implements store.Store.
func (m *Mem) Stat(_ context.Context, key string) (store.Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.objects[key]
	if !ok {
		return store.Object{}, fmt.Errorf("%s: %w", key, store.ErrNotExist)
	}
	return describe(key, data), nil
}

// List implements store.Store.
func (m *Mem) List(_ context.Context, prefix string) ([]store.Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Object
	for k, data := range m.objects {
		if strings.HasPrefix(k, prefix+"/") {
			out = append(out, describe(k, data))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// Delete implements store.Store.
func (m *Mem) Delete(_ context.Context, prefix string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.objects {
		if strings.HasPrefix(k, prefix+"/") {
			delete(m.objects, k)
		}
	}
	return nil
}

// Created returns how many times key was created.
func (m *Mem) Created(key string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.created[key]
}

// Keys returns every key, sorted.
func (m *Mem) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.objects))
	for k := range m.objects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
