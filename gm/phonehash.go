package gm

import (
	"github.com/emmansun/gmsm/sm3"
	"github.com/faceid-go/faceid"
)

// PhoneHashSM3 sends EncryptedPhoneVerification's inputs as their SM3
// digests (EncryptionMode "3"); see faceid.NewEncryptedPhoneVerification.
func PhoneHashSM3() faceid.PhoneHash {
	return faceid.NewPhoneHash("3", func(b []byte) []byte { s := sm3.Sum(b); return s[:] })
}
