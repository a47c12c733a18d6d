package faceid

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	c := Credentials{SecretID: testSecretID, SecretKey: testSecretKey, Token: "session-token-value"}
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("creds", "c", c)
	js, err := json.Marshal(c)
	require.NoError(t, err)
	//lint:ignore S1025 the %s verb itself is under test
	withS := fmt.Sprintf("%s", c)
	outputs := []string{
		fmt.Sprint(c), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), withS,
		fmt.Sprintf("%v", &c), fmt.Sprintf("%+v", []Credentials{c}), logs.String(), string(js),
		fmt.Sprint(StaticCredentials(testSecretID, testSecretKey, "session-token-value")),
	}
	for _, out := range outputs {
		assert.NotContains(t, out, testSecretKey)
		assert.NotContains(t, out, "session-token-value")
		assert.NotContains(t, out, testSecretID, "the SecretID is shown masked")
	}
	assert.Contains(t, c.String(), "AKID****MPLE")
}

func TestStaticCredentials(t *testing.T) {
	got, err := StaticCredentials("id", "key", "tok").Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "id", SecretKey: "key", Token: "tok"}, got)
	_, err = StaticCredentials("id", "", "").Credentials(context.Background())
	assert.ErrorContains(t, err, "SecretKey is empty")
	_, err = StaticCredentials(" id", "key", "").Credentials(context.Background())
	assert.ErrorContains(t, err, "surrounding spaces")
}

func TestEnvironmentCredentials(t *testing.T) {
	t.Setenv(EnvSecretID, "env-id")
	t.Setenv(EnvSecretKey, "env-key")
	t.Setenv(EnvSessionToken, "")
	t.Setenv(EnvToken, "legacy-token")
	got, err := EnvironmentCredentials().Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "env-id", SecretKey: "env-key", Token: "legacy-token"}, got)

	t.Setenv(EnvSessionToken, "session-token")
	got, err = EnvironmentCredentials().Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "session-token", got.Token, "TENCENTCLOUD_SESSION_TOKEN wins")

	t.Setenv(EnvSecretKey, "")
	_, err = EnvironmentCredentials().Credentials(context.Background())
	assert.ErrorContains(t, err, "SecretKey is empty")
	assert.False(t, errors.Is(err, ErrNoCredentials), "half-set variables are a mistake, not an absence")

	t.Setenv(EnvSecretID, "")
	_, err = EnvironmentCredentials().Credentials(context.Background())
	assert.ErrorIs(t, err, ErrNoCredentials)
}

func writeProfile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "credentials")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestProfileCredentials(t *testing.T) {
	path := writeProfile(t, `
# comment
[default]
secret_id = file-id
secret_key = file-key

[staging]
SECRET_ID=stage-id
secret_key=stage-key
token = stage-token
`)
	got, err := ProfileCredentials(path, "").Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "file-id", SecretKey: "file-key"}, got)

	got, err = ProfileCredentials(path, "staging").Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "stage-id", SecretKey: "stage-key", Token: "stage-token"}, got)

	_, err = ProfileCredentials(path, "prod").Credentials(context.Background())
	assert.ErrorIs(t, err, ErrNoCredentials)

	_, err = ProfileCredentials(filepath.Join(t.TempDir(), "missing"), "").Credentials(context.Background())
	assert.ErrorIs(t, err, ErrNoCredentials)

	t.Setenv(EnvCredentialsFile, path)
	got, err = ProfileCredentials("", "").Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "file-id", got.SecretID)

	// Saved by a Windows editor: a byte-order mark and CRLF line ends.
	windows := writeProfile(t, "\ufeff[default]\r\nsecret_id = bom-id\r\nsecret_key = bom-key\r\n")
	got, err = ProfileCredentials(windows, "").Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "bom-id", SecretKey: "bom-key"}, got)

	broken := writeProfile(t, "[default]\nsecret_id = only-id\n")
	_, err = ProfileCredentials(broken, "").Credentials(context.Background())
	assert.ErrorContains(t, err, "SecretKey is empty")
	assert.NotErrorIs(t, err, ErrNoCredentials)
}

func TestProfileCredentialsHomeDefault(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(EnvCredentialsFile, "")
	require.NoError(t, os.MkdirAll(filepath.Join(home, ".tencentcloud"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(home, ".tencentcloud", "credentials"),
		[]byte("[default]\nsecret_id=home-id\nsecret_key=home-key\n"), 0o600))
	got, err := ProfileCredentials("", "").Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "home-id", got.SecretID)
}

func TestDefaultCredentialsChain(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv(EnvCredentialsFile, "")
	t.Setenv(EnvSecretID, "")
	t.Setenv(EnvSecretKey, "")
	_, err := DefaultCredentials().Credentials(context.Background())
	assert.ErrorIs(t, err, ErrNoCredentials)
	assert.ErrorContains(t, err, EnvSecretID, "the error says what to set")

	t.Setenv(EnvCredentialsFile, writeProfile(t, "[default]\nsecret_id=file-id\nsecret_key=file-key\n"))
	got, err := DefaultCredentials().Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "file-id", got.SecretID, "falls back to the profile file")

	t.Setenv(EnvSecretID, "env-id")
	t.Setenv(EnvSecretKey, "env-key")
	got, err = DefaultCredentials().Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "env-id", got.SecretID, "the environment comes first")
}

func TestChainStopsOnRealError(t *testing.T) {
	boom := errors.New("metadata service down")
	chain := ChainCredentials(
		CredentialsFunc(func(context.Context) (Credentials, error) { return Credentials{}, boom }),
		StaticCredentials("id", "key", ""),
	)
	_, err := chain.Credentials(context.Background())
	assert.ErrorIs(t, err, boom)
}

func TestProvidersAndClientNeverPrintSecrets(t *testing.T) {
	static := StaticCredentials(testSecretID, testSecretKey, "session-token-value")
	cached := newTestCache(t, func(context.Context) (Credentials, time.Time, error) {
		return Credentials{SecretID: testSecretID, SecretKey: testSecretKey, Token: "session-token-value"}, time.Now().Add(time.Hour), nil
	})
	_, err := cached.Credentials(context.Background())
	require.NoError(t, err)
	client, err := NewClient(WithCredentials(static))
	require.NoError(t, err)
	values := []any{static, cached, ChainCredentials(static, cached), FromCredentialGetter(getterFunc(testSecretKey)),
		client, EnvironmentCredentials(), ProfileCredentials("", "")}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, testSecretKey, "%s of %T", verb, v)
			assert.NotContains(t, out, "session-token-value", "%s of %T", verb, v)
		}
	}
}

// getterFunc is a CredentialGetter holding a secret key.
type getterFunc string

func (g getterFunc) GetCredential() (string, string, string) { return "id", string(g), "" }
