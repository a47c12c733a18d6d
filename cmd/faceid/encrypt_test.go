package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/gm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEncryptFlagsRefuseBadKeys: a key file that does not parse, a wrong
// family or a missing --encrypt is a usage error, and nothing is sent.
func TestEncryptFlagsRefuseBadKeys(t *testing.T) {
	rs := newReplayServer(t, "DetectAuth/plain.json")
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.pem")
	require.NoError(t, os.WriteFile(garbage, []byte("not a key"), 0o600))
	for _, extra := range [][]string{
		{"--encrypt", "rsa", "--public-key", garbage},
		{"--encrypt", "sm", "--public-key", garbage},
		{"--encrypt", "rsa", "--public-key", filepath.Join(dir, "missing.pem")},
		{"--encrypt", "aes"},
		{"--public-key", garbage},
	} {
		args := append([]string{"detect-auth", "--endpoint", rs.URL, "--rule-id", "1", "--name", "测试一", "--id-card", "110101199003071233"}, extra...)
		status, _, errOut := runCLI(t, args...)
		assert.Equal(t, exitUsage, status, "%q: %s", extra, errOut)
		assert.NotContains(t, errOut, "110101199003071233")
	}
	assert.Zero(t, rs.requests(), "a request was sent")
}

// TestEncryptFlagSeals: with --encrypt the request carries the ID number
// and name sealed, under Tencent's default key when no file is given.
func TestEncryptFlagSeals(t *testing.T) {
	for _, family := range []string{"rsa", "sm"} {
		rs := newReplayServer(t, "DetectAuth/plain.json")
		status, _, errOut := runCLI(t, "detect-auth", "--endpoint", rs.URL, "--rule-id", "1", "--name", "测试一",
			"--id-card", "110101199003071233", "--encrypt", family)
		require.Equal(t, exitOK, status, errOut)
		require.Equal(t, 1, rs.requests())
		var body map[string]any
		require.NoError(t, json.Unmarshal(rs.bodies[0], &body))
		assert.NotEqual(t, "110101199003071233", body["IdCard"])
		enc, _ := body["Encryption"].(map[string]any)
		require.NotNil(t, enc, family)
		assert.Equal(t, []any{"IdCard", "Name"}, enc["EncryptList"])
	}
}

// TestEncryptFlagsAgainstSandbox runs detect-auth, result and call sealed
// with each family against a sandbox holding both key pairs, with the
// public keys as the sandbox command writes them: the results read as in
// clear, revealed with --reveal.
func TestEncryptFlagsAgainstSandbox(t *testing.T) {
	srv := faceidtest.NewServer(faceidtest.WithCredentials(cliSecretID, cliSecretKey), faceidtest.WithKeyPair(gm.NewSandboxKeyPair()))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	keys := map[string]string{"rsa": filepath.Join(dir, "rsa.pem"), "sm": filepath.Join(dir, "sm2.pem")}
	require.NoError(t, os.WriteFile(keys["rsa"], srv.RSAPublicKeyPEM(), 0o600))
	require.NoError(t, os.WriteFile(keys["sm"], srv.SM2PublicKeyPEM(), 0o600))
	for family, key := range keys {
		t.Run(family, func(t *testing.T) {
			enc := []string{"--endpoint", srv.URL(), "--encrypt", family, "--public-key", key}
			status, out, errOut := runCLI(t, append([]string{"detect-auth", "--rule-id", faceidtest.DefaultRuleID,
				"--name", "测试一", "--id-card", "110101199003071233"}, enc...)...)
			require.Equal(t, exitOK, status, errOut)
			var auth struct{ BizToken string }
			require.NoError(t, json.Unmarshal([]byte(out), &auth), out)
			require.NoError(t, srv.Complete(auth.BizToken, faceidtest.Pass()))

			status, out, errOut = runCLI(t, append([]string{"result", "--biz-token", auth.BizToken, "--rule-id",
				faceidtest.DefaultRuleID, "--reveal", "--out", filepath.Join(t.TempDir(), "evidence")}, enc...)...)
			require.Equal(t, exitOK, status, errOut)
			assert.Contains(t, out, `"Passed": true`)
			assert.Contains(t, out, "110101199003071233", "the ID number did not decrypt")

			status, out, errOut = runCLI(t, append([]string{"call", "IdCardVerification", "--reveal",
				"--json", `{"IdCard":"110101199003071233","Name":"测试一"}`}, enc...)...)
			require.Equal(t, exitOK, status, errOut)
			assert.Contains(t, out, `"Result"`)
		})
	}
}
