package dirstore

import (
	"fmt"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// checkKey checks key by the rule every store of the project shares
// (store.CheckKey), naming this store in the error.
func checkKey(what, key string) error {
	if err := store.CheckKey(what, key); err != nil {
		return fmt.Errorf("dirstore: %w", err)
	}
	return nil
}
