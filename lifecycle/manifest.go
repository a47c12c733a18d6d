package lifecycle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// Manifest is the content of a token's manifest.json, written last: the
// core's faceid.Manifest (token, RuleId, save time, SDK version, and the
// name, size and SHA-256 of every other file of the folder) plus what the
// lifecycle knows of the token.
type Manifest struct {
	faceid.Manifest
	// Flow is the token's flow.
	Flow Flow `json:"Flow"`
	// Reference is the caller's reference given when the token was tracked.
	Reference string `json:"Reference,omitempty"`
	// CreatedAt is when the token was created.
	CreatedAt time.Time `json:"CreatedAt"`
	// FetchedAt is when the result was fetched.
	FetchedAt time.Time `json:"FetchedAt"`
	// RequestID is the RequestId of the fetch, for Tencent support.
	RequestID string `json:"RequestId,omitempty"`
	// Verdict is the decision drawn from the result.
	Verdict faceid.Verdict `json:"Verdict"`
	// Abandoned is true when the person never finished the flow: the
	// result archived is its final, unfinished state.
	Abandoned bool `json:"Abandoned"`
	// RetainUntil is when the folder is deleted; absent when it is kept.
	RetainUntil *time.Time `json:"RetainUntil,omitempty"`
}

// Outcome names the manifest's result: "passed", "failed" or "abandoned".
func (m *Manifest) Outcome() string {
	switch {
	case m.Abandoned:
		return "abandoned"
	case m.Verdict.Passed:
		return "passed"
	}
	return "failed"
}

// folder returns the store prefix of a token's archive.
func folder(f Flow, token string) string { return string(f) + "/" + token }

// maxManifestBytes bounds a manifest read back from the store.
const maxManifestBytes = 1 << 20

// ReadManifest reads the manifest of a token's archive from s; the error
// wraps store.ErrNotExist when the token has none (yet).
func ReadManifest(ctx context.Context, s store.Store, f Flow, token string) (*Manifest, error) {
	rc, err := s.Open(ctx, folder(f, token)+"/"+faceid.ManifestFileName)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, maxManifestBytes+1))
	if err != nil {
		return nil, fmt.Errorf("lifecycle: reading the manifest of %s: %w", token, err)
	}
	if len(raw) > maxManifestBytes {
		return nil, fmt.Errorf("lifecycle: the manifest of %s is larger than 1 MiB", token)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("lifecycle: decoding the manifest of %s: %w", token, err)
	}
	if m.BizToken != token {
		return nil, fmt.Errorf("lifecycle: the manifest in the folder of %s names another token", token)
	}
	return &m, nil
}

// VerifyManifest checks that every file m lists is in s with the size and
// SHA-256 recorded; it returns an error naming the first that is not.
func VerifyManifest(ctx context.Context, s store.Store, m *Manifest) error {
	prefix := folder(m.Flow, m.BizToken)
	for _, f := range m.Files {
		sum, size, err := objectHash(ctx, s, prefix+"/"+f.Name)
		if err != nil {
			return fmt.Errorf("lifecycle: archive of %s: file %s: %w", m.BizToken, f.Name, err)
		}
		if size != f.Bytes || sum != f.SHA256 {
			return fmt.Errorf("lifecycle: archive of %s: file %s does not match its manifest", m.BizToken, f.Name)
		}
	}
	return nil
}

// objectHash returns the SHA-256 and size of an object, from Stat when the
// store keeps hashes, else by reading it.
func objectHash(ctx context.Context, s store.Store, key string) (string, int64, error) {
	obj, err := s.Stat(ctx, key)
	if err != nil {
		return "", 0, err
	}
	if obj.SHA256 != "" {
		return obj.SHA256, obj.Bytes, nil
	}
	rc, err := s.Open(ctx, key)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// errConflict reports an object left by an earlier, unfinished run whose
// content differs from this run's: the folder is cleared and the job tried
// again.
var errConflict = errors.New("an object left by an unfinished earlier run differs from this run's")
