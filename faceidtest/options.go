package faceidtest

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/faceid-go/faceid"
)

// Fictional credentials a Server accepts unless WithCredentials says
// otherwise. They are not, and never were, real Tencent Cloud keys.
const (
	DefaultSecretID  = "AKIDsandbox0000000000000000000000000"
	DefaultSecretKey = "sandbox-secret-key-not-real"
)

// DefaultRuleID is the RuleId every Server knows: it requires no inputs and
// has no intention verification. WithRule(Rule{ID: DefaultRuleID, ...})
// replaces it.
const DefaultRuleID = "1"

// Rule is a business flow (RuleId) as configured in the FaceID console.
type Rule struct {
	// ID is the RuleId. Required.
	ID string
	// RequireName, RequireIDCard and RequireImage make DetectAuth refuse a
	// request without Name, IdCard or ImageBase64 (InvalidParameter).
	RequireName, RequireIDCard, RequireImage bool
	// Disabled makes DetectAuth fail with InvalidParameterValue.RuleIdDisabled.
	Disabled bool
	// Intention turns on intention verification in the given mode; zero
	// means none. Without it, a DetectAuth request that carries intention
	// settings (IntentionVerifyText, IntentionQuestions, IntentionActions)
	// still gets the matching mode.
	Intention faceid.IntentionMode
	// LivenessMode is reported in results: 1 digits, 2 action, 3 silent
	// (the default when zero), 4 flash, 5 near-far.
	LivenessMode int
}

// Option configures a Server; see NewServer. It returns an error when its
// argument is invalid, as a faceid.Option does.
type Option func(*config) error

// config collects the options.
type config struct {
	secretID, secretKey   string
	rules                 map[string]Rule
	clock                 *Clock
	frameBytes, videoSize int
	logger                *slog.Logger
	strictSignatures      bool
	keyPairs              map[string]KeyPair // by Encryption.Algorithm
}

// WithCredentials sets the only key pair the server accepts. Requests
// signed with another SecretId fail with AuthFailure.SecretIdNotFound, with
// another key with AuthFailure.SignatureFailure.
func WithCredentials(secretID, secretKey string) Option {
	return func(c *config) error {
		if secretID == "" || secretKey == "" {
			return errors.New("WithCredentials: SecretId and SecretKey must not be empty")
		}
		c.secretID, c.secretKey = secretID, secretKey
		return nil
	}
}

// WithRule registers a RuleId; a later rule with the same ID replaces an
// earlier one. The default rule "1" is registered unless replaced.
func WithRule(r Rule) Option {
	return func(c *config) error {
		switch {
		case r.ID == "":
			return errors.New("WithRule: Rule.ID must not be empty")
		case r.Intention < 0 || r.Intention > faceid.IntentionModeAction:
			return fmt.Errorf("WithRule: rule %q: Intention %d is not an intention mode", r.ID, int(r.Intention))
		case r.LivenessMode < 0 || r.LivenessMode > 5:
			return fmt.Errorf("WithRule: rule %q: LivenessMode %d is not 0 to 5", r.ID, r.LivenessMode)
		}
		c.rules[r.ID] = r
		return nil
	}
}

// WithClock sets the server's clock, typically NewClock(someInstant) for a
// frozen, test-controlled time. The default is NewWallClock().
func WithClock(clk *Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return errors.New("WithClock: clock is nil")
		}
		c.clock = clk
		return nil
	}
}

// WithMediaSizes pads every JPEG the server returns to frameBytes and the
// MP4 videos to videoBytes, for tests of large results. Padded files stay
// valid: JPEGs get comment (COM) segments, MP4s a trailing 'free' box.
// Zero keeps the natural size (a few KB).
func WithMediaSizes(frameBytes, videoBytes int) Option {
	return func(c *config) error {
		if frameBytes < 0 || videoBytes < 0 || frameBytes > maxPaddedSize || videoBytes > maxPaddedSize {
			return fmt.Errorf("WithMediaSizes: sizes must be between 0 and %d bytes", maxPaddedSize)
		}
		c.frameBytes, c.videoSize = frameBytes, videoBytes
		return nil
	}
}

// WithLogger makes the server log one line per API call (action, result
// code, RequestId, fault) and per hosted-page submission; never bodies,
// names, ID numbers or secrets. Nil, the default, means silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithStrictSignatures makes the server check signatures by the real
// service's exact rule only: the signed host must be the Host header as
// sent, port included, and the credential scope's service must be
// "faceid". By default the server also accepts the two variants that
// Tencent's SDKs for other languages produce against a local address (see
// the package documentation, "Signatures from other SDKs"); a Go test that
// wants to be sure its client signs as Tencent's servers require uses
// this option.
func WithStrictSignatures() Option {
	return func(c *config) error {
		c.strictSignatures = true
		return nil
	}
}

// WithKeyPair gives the server the private key of an encryption family,
// replacing its own for that family: gm.NewSandboxKeyPair() (module
// github.com/faceid-go/faceid/gm) adds the SM2 pair of the SM4-GCM family,
// NewRSAKeyPair() shares one RSA pair between servers. Without an SM2 pair
// the server answers SM4-GCM requests with
// FailedOperation.DecryptSystemError, as a FaceID account would without
// the key.
func WithKeyPair(kp KeyPair) Option {
	return func(c *config) error {
		if kp == nil {
			return errors.New("WithKeyPair: the key pair is nil")
		}
		alg := kp.Algorithm()
		if alg != faceid.AlgorithmAES256CBC && alg != faceid.AlgorithmSM4GCM {
			return fmt.Errorf("WithKeyPair: algorithm %q is not %s or %s", alg, faceid.AlgorithmAES256CBC, faceid.AlgorithmSM4GCM)
		}
		if c.keyPairs == nil {
			c.keyPairs = map[string]KeyPair{}
		}
		c.keyPairs[alg] = kp
		return nil
	}
}
