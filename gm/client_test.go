package gm_test

import (
	"testing"

	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/gm"
	"github.com/faceid-go/faceid/internal/sealtest"
)

// sandboxSM2Sealer returns a sandbox holding an SM2 key pair and a sealer
// of its public key.
func sandboxSM2Sealer(t *testing.T) (*faceidtest.Server, *gm.SM2Sealer) {
	t.Helper()
	srv := faceidtest.NewServer(faceidtest.WithKeyPair(gm.NewSandboxKeyPair()))
	t.Cleanup(srv.Close)
	sealer, err := gm.NewSM2Sealer(srv.SM2PublicKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	return srv, sealer
}

// TestEncryptionEveryAction: every action that takes encryption, sealed
// under SM2 against the sandbox, reads as in clear and sends nothing sealed
// in clear; PhoneVerification, AES-256-CBC only, is refused before sending.
func TestEncryptionEveryAction(t *testing.T) {
	srv, sealer := sandboxSM2Sealer(t)
	sealtest.EveryAction(t, srv, sealer, "PhoneVerification")
}

// TestEncryptionFlows: the token flows sealed under SM2.
func TestEncryptionFlows(t *testing.T) {
	srv, sealer := sandboxSM2Sealer(t)
	sealtest.Flows(t, srv, sealer)
}
