package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartOffline(t *testing.T) {
	t.Setenv(faceid.EnvSecretID, "")
	t.Setenv(faceid.EnvSecretKey, "")
	t.Setenv("FACEID_RULE_ID", "")
	dir := filepath.Join(t.TempDir(), "media")
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, dir, time.Minute))
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
