package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/gm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// TestSandboxCommandPublicKeys: --pubkeys writes both public keys, and
// requests sealed with them (here by the official SDK's common client)
// are opened by the sandbox.
func TestSandboxCommandPublicKeys(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	endpoint, errOut := startSandboxLog(t, "--pubkeys", dir)
	rsaPath, smPath := filepath.Join(dir, rsaPublicKeyFile), filepath.Join(dir, sm2PublicKeyFile)
	assert.Contains(t, errOut.String(), rsaPath, "stderr says where the keys went")
	assert.Contains(t, errOut.String(), smPath)
	st, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), st.Mode().Perm())

	rsaPEM, err := os.ReadFile(rsaPath)
	require.NoError(t, err)
	rsaSealer, err := faceid.NewRSASealer(rsaPEM)
	require.NoError(t, err)
	smPEM, err := os.ReadFile(smPath)
	require.NoError(t, err)
	smSealer, err := gm.NewSM2Sealer(smPEM)
	require.NoError(t, err)

	u, err := url.Parse(endpoint)
	require.NoError(t, err)
	prof := profile.NewClientProfile()
	prof.HttpProfile.Endpoint = u.Host
	prof.HttpProfile.Scheme = "http"
	client := tccommon.NewCommonClient(tccommon.NewCredential(faceidtest.DefaultSecretID, faceidtest.DefaultSecretKey), "ap-guangzhou", prof)
	n, ok := faceidtest.ResultNumber("IdCardVerification", "-4")
	require.True(t, ok)
	for _, sealer := range []faceid.Sealer{rsaSealer, smSealer} {
		env, err := sealer.NewEnvelope()
		require.NoError(t, err)
		enc, sealed, err := faceid.SealFields(env, []string{"Name", "IdCard"},
			[]string{faceidtest.SelectResult.Text(faceidtest.FictionalName, n), faceidtest.FictionalIDCard})
		require.NoError(t, err)
		env.Close()
		req := tchttp.NewCommonRequest("faceid", faceid.APIVersion, "IdCardVerification")
		require.NoError(t, req.SetActionParameters(map[string]any{"Name": sealed[0], "IdCard": sealed[1], "Encryption": enc}))
		resp := tchttp.NewCommonResponse()
		require.NoError(t, client.Send(req, resp), sealer.Algorithm())
		var body struct{ Response struct{ Result string } }
		require.NoError(t, json.Unmarshal(resp.GetBody(), &body))
		assert.Equal(t, "-4", body.Response.Result, "%s: the sandbox read the sealed magic name", sealer.Algorithm())
	}
}

func TestSandboxCommandPublicKeysUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	var out, errOut bytes.Buffer
	status := run(context.Background(), []string{"sandbox", "--addr", "127.0.0.1:0", "--pubkeys", file}, &out, &errOut)
	assert.Equal(t, exitFailure, status)
	assert.Contains(t, errOut.String(), "--pubkeys")
	assert.Empty(t, out.String(), "no banner: the sandbox did not start")
}
