package faceid

import (
	"strconv"
	"strings"
)

// FieldProblem describes one field of a reply that could not be decoded.
type FieldProblem struct {
	// Field is the path of the field, e.g. "BestFrame.BestFrames[1]".
	Field string
	// Problem says what was wrong with it, without its value.
	Problem string
}

// String formats the problem as "field: problem".
func (p FieldProblem) String() string { return p.Field + ": " + p.Problem }

// Similarity returns Sim as a number and whether it is a plain decimal
// between 0 and 100 ("95.27"); anything else reports false.
func (t *DetectText) Similarity() (float64, bool) {
	return parseSim(t.Sim)
}

// Similarity returns Sim as a number and whether it is a plain decimal
// between 0 and 100; anything else reports false.
func (d *DetectDetail) Similarity() (float64, bool) { return parseSim(d.Sim) }

// Encryption describes field-level or whole-body encryption, in requests and
// in results. It is envelope encryption: the caller encrypts the listed
// fields (or the whole body) with a random key of its own, AES-256-CBC with
// PKCS#7 padding or SM4-GCM, and sends that key wrapped with the FaceID
// console's RSA or SM2 public key as CiphertextBlob; FaceID encrypts the
// sensitive fields of its reply with the same key and IV.
type Encryption struct {
	// EncryptList names the encrypted fields, or "EncryptionBody".
	EncryptList []string `json:"EncryptList,omitempty"`
	// CiphertextBlob is the symmetric key wrapped with FaceID's public key.
	CiphertextBlob string `json:"CiphertextBlob,omitempty"`
	// IV is the base64 initialisation vector or nonce (wire name Iv).
	IV string `json:"Iv,omitempty"`
	// Algorithm is "AES-256-CBC" (default) or "SM4-GCM".
	Algorithm string `json:"Algorithm,omitempty"`
	// TagList holds the base64 SM4-GCM tags, one per EncryptList entry.
	TagList []string `json:"TagList,omitempty"`
}

// IsZero reports whether e carries nothing (Tencent's all-empty object).
func (e *Encryption) IsZero() bool {
	return len(e.EncryptList) == 0 && e.CiphertextBlob == "" && e.IV == "" && e.Algorithm == "" && len(e.TagList) == 0
}

// validate checks a request's Encryption.
func (e *Encryption) validate(action, field string) error {
	switch e.Algorithm {
	case "", "AES-256-CBC", "SM4-GCM":
	default:
		return &ValidationError{Action: action, Field: field + ".Algorithm",
			Problem: "must be AES-256-CBC or SM4-GCM, got " + strconv.Quote(e.Algorithm)}
	}
	if len(e.EncryptList) > 0 && e.CiphertextBlob == "" {
		return &ValidationError{Action: action, Field: field + ".CiphertextBlob",
			Problem: "is required when EncryptList is set (the wrapped symmetric key)"}
	}
	return nil
}

// parseSim parses a similarity: a plain decimal between 0 and 100, such as
// "95.27", with optional surrounding spaces. Anything else — a sign, an
// exponent, hexadecimal, underscores, "Inf", "NaN", a value beyond 100 —
// reports false, so that a malformed similarity can never read as a match.
func parseSim(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || len(intPart) > 3 || (hasDot && !allDigits(frac)) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, false
	}
	return f, true
}

// allDigits reports whether s is non-empty and holds ASCII digits only.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
