package main

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/faceid-go/faceid/faceidtest"
)

// The files --pubkeys writes, one per encryption family.
const (
	rsaPublicKeyFile = "rsa-public.pem" // AES-256-CBC: faceid.NewRSASealer, --encrypt rsa
	sm2PublicKeyFile = "sm2-public.pem" // SM4-GCM: gm.NewSM2Sealer, --encrypt sm
)

// writePublicKeys writes the sandbox's RSA and SM2 public keys into dir,
// which it creates (0700) if need be, and returns the paths written. The
// keys are public: the files are 0644.
func writePublicKeys(dir string, sandbox *faceidtest.Server) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var written []string
	for _, f := range []struct {
		name string
		pem  []byte
	}{
		{rsaPublicKeyFile, sandbox.RSAPublicKeyPEM()},
		{sm2PublicKeyFile, sandbox.SM2PublicKeyPEM()},
	} {
		if f.pem == nil {
			return written, errors.New("the sandbox has no key pair for " + f.name)
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.pem, 0o644); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}
