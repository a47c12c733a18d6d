package faceid

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Credentials are a Tencent Cloud API key pair and, for temporary (STS or
// CAM role) credentials, a session token. Printing Credentials with fmt,
// slog or encoding/json never shows the secret key or the token.
type Credentials struct {
	// SecretID identifies the key; it appears in every request.
	SecretID string
	// SecretKey signs requests; it never leaves the process.
	SecretKey string
	// Token is the session token of temporary credentials, sent as
	// X-TC-Token; empty for long-term keys.
	Token string
}

// String shows the SecretID masked and hides the secret key and token.
func (c Credentials) String() string {
	token := ""
	if c.Token != "" {
		token = ", Token: [redacted]"
	}
	return "Credentials{SecretID: " + maskSecretID(c.SecretID) + ", SecretKey: [redacted]" + token + "}"
}

// GoString is used by %#v and hides the secrets like String.
func (c Credentials) GoString() string { return "faceid." + c.String() }

// LogValue hides the secrets from log/slog.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON hides the secrets from encoding/json.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return []byte(`{"SecretID":"` + maskSecretID(c.SecretID) + `","SecretKey":"[redacted]"}`), nil
}

// validate reports what is missing from c.
func (c Credentials) validate() error {
	switch {
	case c.SecretID == "":
		return errors.New("SecretID is empty")
	case c.SecretKey == "":
		return errors.New("SecretKey is empty")
	case strings.TrimSpace(c.SecretID) != c.SecretID, strings.TrimSpace(c.SecretKey) != c.SecretKey:
		return errors.New("SecretID or SecretKey has surrounding spaces")
	}
	return nil
}

// maskSecretID keeps the first 4 and last 4 characters of a SecretID.
func maskSecretID(id string) string {
	if len(id) <= 8 {
		return strings.Repeat("*", len(id))
	}
	return id[:4] + "****" + id[len(id)-4:]
}

// ErrNoCredentials is returned by a credentials provider that found nothing
// to use, for example an unset environment or a missing profile file.
const ErrNoCredentials ErrorClass = "faceid: no credentials found"

// CredentialsProvider supplies credentials for each request. A provider for
// temporary credentials refreshes them as needed; it must be safe for
// concurrent use and honour ctx.
type CredentialsProvider interface {
	Credentials(ctx context.Context) (Credentials, error)
}

// CredentialsFunc adapts a function to a CredentialsProvider.
type CredentialsFunc func(ctx context.Context) (Credentials, error)

// Credentials calls f.
func (f CredentialsFunc) Credentials(ctx context.Context) (Credentials, error) { return f(ctx) }

// StaticCredentials returns a provider of fixed credentials; token may be
// empty for long-term keys.
func StaticCredentials(secretID, secretKey, token string) CredentialsProvider {
	return staticProvider{Credentials{SecretID: secretID, SecretKey: secretKey, Token: token}}
}

type staticProvider struct{ cred Credentials }

func (p staticProvider) Credentials(context.Context) (Credentials, error) {
	if err := p.cred.validate(); err != nil {
		return Credentials{}, fmt.Errorf("faceid: static credentials: %w", err)
	}
	return p.cred, nil
}

func (p staticProvider) String() string { return "StaticCredentials(" + p.cred.String() + ")" }

// GoString keeps %#v from printing the secret key.
func (p staticProvider) GoString() string { return "faceid." + p.String() }

// Environment variables read by EnvironmentCredentials and NewClient.
const (
	EnvSecretID        = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey       = "TENCENTCLOUD_SECRET_KEY"
	EnvSessionToken    = "TENCENTCLOUD_SESSION_TOKEN"
	EnvToken           = "TENCENTCLOUD_TOKEN"
	EnvRegion          = "TENCENTCLOUD_REGION"
	EnvCredentialsFile = "TENCENTCLOUD_CREDENTIALS_FILE"
)

// EnvironmentCredentials returns a provider that reads TENCENTCLOUD_SECRET_ID,
// TENCENTCLOUD_SECRET_KEY and the session token from
// TENCENTCLOUD_SESSION_TOKEN (or TENCENTCLOUD_TOKEN) on every call. When
// neither key variable is set it returns an error matching ErrNoCredentials.
func EnvironmentCredentials() CredentialsProvider { return envProvider{} }

type envProvider struct{}

func (envProvider) Credentials(context.Context) (Credentials, error) {
	c := Credentials{
		SecretID:  os.Getenv(EnvSecretID),
		SecretKey: os.Getenv(EnvSecretKey),
		Token:     os.Getenv(EnvSessionToken),
	}
	if c.Token == "" {
		c.Token = os.Getenv(EnvToken)
	}
	if c.SecretID == "" && c.SecretKey == "" {
		return Credentials{}, fmt.Errorf("%w: set %s and %s", ErrNoCredentials, EnvSecretID, EnvSecretKey)
	}
	if err := c.validate(); err != nil {
		return Credentials{}, fmt.Errorf("faceid: environment credentials: %w", err)
	}
	return c, nil
}

func (envProvider) String() string { return "EnvironmentCredentials" }

// ProfileCredentials returns a provider that reads an INI-style credentials
// file on every call:
//
//	[default]
//	secret_id = AKID...
//	secret_key = ...
//	token = ...        (optional)
//
// An empty path means $TENCENTCLOUD_CREDENTIALS_FILE, or else
// ~/.tencentcloud/credentials; an empty profile means "default". A missing
// file or profile gives an error matching ErrNoCredentials.
func ProfileCredentials(path, profile string) CredentialsProvider {
	return profileProvider{path: path, profile: profile}
}

type profileProvider struct{ path, profile string }

func (p profileProvider) String() string { return "ProfileCredentials" }

func (p profileProvider) Credentials(context.Context) (Credentials, error) {
	path := p.path
	if path == "" {
		path = os.Getenv(EnvCredentialsFile)
	}
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return Credentials{}, fmt.Errorf("%w: no home directory for ~/.tencentcloud/credentials", ErrNoCredentials)
		}
		path = filepath.Join(home, ".tencentcloud", "credentials")
	}
	profile := p.profile
	if profile == "" {
		profile = "default"
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return Credentials{}, fmt.Errorf("%w: credentials file %s does not exist", ErrNoCredentials, path)
	}
	if err != nil {
		return Credentials{}, fmt.Errorf("faceid: credentials file: %w", err)
	}
	defer f.Close()
	values, found, err := readINISection(f, profile)
	if err != nil {
		return Credentials{}, fmt.Errorf("faceid: credentials file %s: %w", path, err)
	}
	if !found {
		return Credentials{}, fmt.Errorf("%w: profile [%s] not in %s", ErrNoCredentials, profile, path)
	}
	c := Credentials{SecretID: values["secret_id"], SecretKey: values["secret_key"], Token: values["token"]}
	if err := c.validate(); err != nil {
		return Credentials{}, fmt.Errorf("faceid: credentials file %s, profile [%s]: %w", path, profile, err)
	}
	return c, nil
}

// readINISection returns the key/value pairs of one [section]. Lines
// starting with '#' or ';' are comments; keys are lower-cased. A UTF-8
// byte-order mark, which some Windows editors write, is ignored.
func readINISection(f *os.File, section string) (map[string]string, bool, error) {
	values := map[string]string{}
	found, inSection, first := false, false, true
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text := sc.Text()
		if first {
			text, first = strings.TrimPrefix(text, "\ufeff"), false
		}
		line := strings.TrimSpace(text)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			inSection = strings.TrimSpace(line[1:len(line)-1]) == section
			found = found || inSection
		case inSection:
			key, value, ok := strings.Cut(line, "=")
			if ok {
				values[strings.ToLower(strings.TrimSpace(key))] = strings.TrimSpace(value)
			}
		}
	}
	return values, found, sc.Err()
}

// ChainCredentials returns a provider that asks each provider in turn and
// uses the first that finds credentials. Providers that report
// ErrNoCredentials are skipped; any other error stops the chain. The chain
// is a CredentialsInvalidator that passes rejected credentials on to every
// provider in it that is one.
func ChainCredentials(providers ...CredentialsProvider) CredentialsProvider {
	return chainProvider(providers)
}

type chainProvider []CredentialsProvider

func (c chainProvider) String() string { return fmt.Sprintf("ChainCredentials(%d providers)", len(c)) }

// GoString keeps %#v from printing what the providers hold.
func (c chainProvider) GoString() string { return "faceid." + c.String() }

func (c chainProvider) Credentials(ctx context.Context) (Credentials, error) {
	var errs []error
	for _, p := range c {
		cred, err := p.Credentials(ctx)
		if err == nil {
			return cred, nil
		}
		if !errors.Is(err, ErrNoCredentials) {
			return Credentials{}, err
		}
		errs = append(errs, err)
	}
	return Credentials{}, fmt.Errorf("%w (tried: %w)", ErrNoCredentials, errors.Join(errs...))
}

// Invalidate passes the rejected credentials on to every provider of the
// chain that implements CredentialsInvalidator, nested chains included;
// each drops them only if it holds them.
func (c chainProvider) Invalidate(rejected Credentials) { invalidateCredentials(c, rejected) }

// DefaultCredentials returns the chain used when no credentials are
// configured: the environment, then the profile file.
func DefaultCredentials() CredentialsProvider {
	return ChainCredentials(EnvironmentCredentials(), ProfileCredentials("", ""))
}
