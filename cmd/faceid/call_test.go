package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cannedServer answers every request with reply and counts requests.
func cannedServer(t *testing.T, reply string) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestCallCommandPrintsMaskedViewWithOutcome(t *testing.T) {
	srv, _ := cannedServer(t, `{"Response":{"Result":"-1","Description":"不一致","RequestId":"r-1"}}`)
	params := `{"IdCard":"110101199003071233","Name":"测试一"}`
	status, out, errOut := runCLI(t, "call", "IdCardVerification", "--endpoint", srv.URL, "--json", params)
	require.Equal(t, exitOK, status, errOut)
	var view map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &view), out)
	assert.Equal(t, "-1", view["Result"])
	outcome := view["Outcome"].(map[string]any)
	assert.Equal(t, "mismatch", outcome["Category"])
	assert.Equal(t, "billed", outcome["Billing"])
	assert.Equal(t, "r-1", view["RequestId"])

	// Personal data in the reply is masked unless --reveal.
	srv, _ = cannedServer(t, `{"Response":{"Result":"0","Name":"测试一","IdCard":"110101199003071233","Portrait":"/9j/4AAQ","RequestId":"r-2"}}`)
	params = `{"IdCard":"110101199003071233","Name":"测试一"}`
	status, out, errOut = runCLI(t, "call", "IdCardOCRVerification", "--endpoint", srv.URL, "--json", params)
	require.Equal(t, exitOK, status, errOut)
	assert.NotContains(t, out, "110101199003071233")
	assert.NotContains(t, out, "测试一")
	assert.Contains(t, out, `"Portrait": 6`, "media as their size")
	status, out, _ = runCLI(t, "call", "IdCardOCRVerification", "--endpoint", srv.URL, "--json", params, "--reveal")
	require.Equal(t, exitOK, status)
	assert.Contains(t, out, "110101199003071233")
}

func TestCallCommandParametersFromFile(t *testing.T) {
	srv, n := cannedServer(t, `{"Response":{"LiveCode":"4392","RequestId":"r"}}`)
	file := filepath.Join(t.TempDir(), "params.json")
	require.NoError(t, os.WriteFile(file, []byte(`{}`), 0o600))
	status, out, errOut := runCLI(t, "call", "GetLiveCode", "--endpoint", srv.URL, "--json", "@"+file)
	require.Equal(t, exitOK, status, errOut)
	assert.Contains(t, out, `"LiveCode": "4392"`)
	assert.EqualValues(t, 1, n.Load())
}

func TestCallCommandRefusesLocally(t *testing.T) {
	srv, n := cannedServer(t, `{"Response":{"RequestId":"r"}}`)
	cases := map[string][]string{
		"no action":      {"call", "--endpoint", srv.URL},
		"invalid JSON":   {"call", "IdCardVerification", "--endpoint", srv.URL, "--json", "{"},
		"unknown member": {"call", "IdCardVerification", "--endpoint", srv.URL, "--json", `{"IdCard":"110101199003071233","Name":"测试","Nope":1}`},
		"bad ID number":  {"call", "IdCardVerification", "--endpoint", srv.URL, "--json", `{"IdCard":"110101199003071234","Name":"测试"}`},
		"missing member": {"call", "IdCardVerification", "--endpoint", srv.URL, "--json", `{"Name":"测试"}`},
		"missing file":   {"call", "IdCardVerification", "--endpoint", srv.URL, "--json", "@/no/such/file.json"},
	}
	for name, args := range cases {
		status, out, errOut := runCLI(t, args...)
		assert.Equal(t, exitUsage, status, "%s: %s", name, errOut)
		assert.Empty(t, out, name)
		assert.NotContains(t, errOut, "110101199003071234", "%s: the value is never echoed", name)
	}
	assert.Zero(t, n.Load(), "nothing was sent")
}

func TestCallCommandUnknownActionGoesThrough(t *testing.T) {
	srv, n := cannedServer(t, `{"Response":{"Answer":42,"RequestId":"r"}}`)
	status, out, errOut := runCLI(t, "call", "SomeFutureAction", "--endpoint", srv.URL, "--json", `{"A":1}`)
	require.Equal(t, exitOK, status, errOut)
	assert.Contains(t, errOut, "not an action of FaceID API")
	assert.Contains(t, out, `"Answer": 42`)
	assert.EqualValues(t, 1, n.Load())
}

func TestActionsCommand(t *testing.T) {
	status, out, _ := runCLI(t, "actions")
	require.Equal(t, exitOK, status)
	for _, a := range faceid.Actions() {
		assert.Contains(t, out, a.Name)
	}
	status, out, _ = runCLI(t, "actions", "--json")
	require.Equal(t, exitOK, status)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(faceid.Actions()))
	for _, line := range lines {
		var a struct {
			Action string
			Billed bool
			QPS    int
		}
		require.NoError(t, json.Unmarshal([]byte(line), &a))
		info, ok := faceid.LookupAction(a.Action)
		require.True(t, ok)
		assert.Equal(t, info.Billed, a.Billed)
		assert.Equal(t, info.QPS, a.QPS)
	}
}
