package faceid_test

import (
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/internal/sealtest"
)

// sandboxRSASealer returns a sandbox and a sealer of its RSA public key.
func sandboxRSASealer(t *testing.T) (*faceidtest.Server, faceid.Sealer) {
	t.Helper()
	srv := faceidtest.NewServer()
	t.Cleanup(srv.Close)
	sealer, err := faceid.NewRSASealer(srv.RSAPublicKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	return srv, sealer
}

// TestEncryptionEveryAction: every action that takes encryption, sealed
// under RSA against the sandbox, reads as in clear and sends nothing
// sealed in clear (the gm module runs the same under SM2).
func TestEncryptionEveryAction(t *testing.T) {
	srv, sealer := sandboxRSASealer(t)
	sealtest.EveryAction(t, srv, sealer)
}

// TestEncryptionFlows: the token flows sealed under RSA.
func TestEncryptionFlows(t *testing.T) {
	srv, sealer := sandboxRSASealer(t)
	sealtest.Flows(t, srv, sealer)
}
