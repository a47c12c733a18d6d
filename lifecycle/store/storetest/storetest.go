// Package storetest checks that a store.Store keeps the promises of the
// interface: create-if-absent, exactly one winner among racing Puts, a
// failed Put leaves nothing, sizes and SHA-256 are right, missing objects
// report store.ErrNotExist, List and Delete work on folders, and a large
// object streams through.
//
// A store's own tests call Run with a function that returns a fresh,
// empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return newTestStore(t) })
//	}
package storetest

import (
	"testing"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Run runs the conformance tests as subtests of t, each on a store that
// newStore returns empty. newStore registers any clean-up with t.Cleanup.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		run  func(*testing.T, store.Store)
	}{
		{"PutStatOpen", testPutStatOpen},
		{"CreateIfAbsent", testCreateIfAbsent},
		{"RacingPuts", testRacingPuts},
		{"FailingReader", testFailingReader},
		{"CancelledContext", testCancelledContext},
		{"NotExist", testNotExist},
		{"List", testList},
		{"Delete", testDelete},
		{"InvalidKeys", testInvalidKeys},
		{"LargeObject", testLargeObject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t, newStore(t))
		})
	}
}
