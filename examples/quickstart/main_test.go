package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartOffline(t *testing.T) {
	t.Setenv(faceid.EnvSecretID, "")
	t.Setenv(faceid.EnvSecretKey, "")
	t.Setenv("FACEID_RULE_ID", "")
	dir := filepath.Join(t.TempDir(), "media")
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, config{outDir: dir, wait: time.Minute, poll: time.Second}))
	text := out.String()
	assert.Contains(t, text, "offline sandbox")
	assert.Contains(t, text, "pulled the result: passed, similarity 95.27")
	assert.NotContains(t, text, "110101199003071233", "the narration prints no ID number")
	for _, name := range []string{"best-frame.jpg", "best-frame-1.jpg", "best-frame-2.jpg", "liveness-video.mp4", "idcard-front.jpg"} {
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err, name)
		assert.Positive(t, info.Size())
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	}
}

// The real-service path, run against a standalone sandbox through
// FACEID_ENDPOINT: it sends the person's own identity, or none, never the
// sandbox's fictional one, and waits for the person to finish.
func TestQuickstartAgainstAnEndpoint(t *testing.T) {
	for _, tc := range []struct {
		name, personName, personID string
	}{
		{name: "identity from the card"},
		{name: "identity given", personName: "测试二", personID: "11010519491231002X"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := faceidtest.NewServer()
			defer srv.Close()
			cred := srv.Credentials()
			t.Setenv(faceid.EnvSecretID, cred.SecretID)
			t.Setenv(faceid.EnvSecretKey, cred.SecretKey)
			t.Setenv("TENCENTCLOUD_SESSION_TOKEN", "")
			t.Setenv("TENCENTCLOUD_TOKEN", "")
			t.Setenv("FACEID_RULE_ID", faceidtest.DefaultRuleID)
			t.Setenv("FACEID_ENDPOINT", srv.URL())
			t.Setenv("FACEID_NAME", tc.personName)
			t.Setenv("FACEID_ID_CARD", tc.personID)

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			person := make(chan faceidtest.TokenInfo, 1)
			go func() { person <- finishWhenStarted(ctx, t, srv) }()

			var out bytes.Buffer
			err := run(ctx, &out, config{outDir: t.TempDir(), wait: 20 * time.Second, poll: 20 * time.Millisecond})
			require.NoError(t, err, out.String())
			text := out.String()
			assert.Contains(t, text, "Using the FaceID service at "+srv.URL())
			assert.Contains(t, text, "Open this URL")
			assert.Contains(t, text, "not finished yet; checking again in 20ms")
			assert.Contains(t, text, "pulled the result: passed")
			if tc.personID != "" {
				assert.NotContains(t, text, tc.personID, "the narration prints no ID number")
			}

			flow := <-person
			assert.Equal(t, tc.personName, flow.Name)
			assert.Equal(t, tc.personID, flow.IDCard)
			assert.Empty(t, flow.RedirectURL, "no made-up redirect for a real person")
			assert.Equal(t, "quickstart", flow.Extra)
		})
	}
}

// finishWhenStarted plays the person: it waits for the flow to appear on
// the sandbox and for the program to have looked for the result once, then
// passes the check. It returns the flow's DetectAuth inputs.
func finishWhenStarted(ctx context.Context, t *testing.T, srv *faceidtest.Server) faceidtest.TokenInfo {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			t.Error("the flow never started")
			return faceidtest.TokenInfo{}
		case <-tick.C:
		}
		tokens := srv.Tokens()
		pulled := false
		for _, c := range srv.Calls() {
			pulled = pulled || c.Action == "GetDetectInfoEnhanced"
		}
		if len(tokens) == 1 && pulled {
			if err := srv.Complete(tokens[0].BizToken, faceidtest.Pass()); err != nil {
				t.Error(err)
			}
			return tokens[0]
		}
	}
}
