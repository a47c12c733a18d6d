package faceid

import (
	"strconv"
	"strings"
)

// DetectInfo is the result of a verification flow, as returned by
// GetDetectInfoEnhanced and GetDetectInfo. JSON tags carry Tencent's wire
// names, so encoding a DetectInfo with encoding/json gives the wire shape
// (media as standard base64). Media fields hold decoded bytes; a field the
// reply did not carry is nil.
//
// Printing a DetectInfo with fmt masks names, ID numbers and phone numbers and
// shows media by size; the real values stay available to code.
type DetectInfo struct {
	// Text holds the outcome codes, similarity and OCR text.
	Text DetectText `json:"Text"`
	// IDCardData holds the ID-card images.
	IDCardData IDCardData `json:"IdCardData"`
	// BestFrame holds the best frame(s) of the liveness video.
	BestFrame BestFrame `json:"BestFrame"`
	// VideoData holds the liveness video.
	VideoData VideoData `json:"VideoData"`
	// Encryption holds what is needed to decrypt encrypted fields or
	// EncryptedBody. Tencent returns it all-empty when unused.
	Encryption Encryption `json:"Encryption"`
	// IntentionVerifyData is the read-aloud intention result.
	IntentionVerifyData IntentionVerifyData `json:"IntentionVerifyData"`
	// IntentionQuestionResult is the question-and-answer intention result.
	IntentionQuestionResult IntentionQuestionResult `json:"IntentionQuestionResult"`
	// IntentionActionResult is the nod intention result.
	IntentionActionResult IntentionActionResult `json:"IntentionActionResult"`
	// EncryptedBody is the whole result, encrypted, when the request set
	// IsEncryptResponse (decoded from base64; still ciphertext).
	EncryptedBody []byte `json:"EncryptedBody,omitempty"`
	// IsVerifyIntention reports whether the flow included intention
	// verification.
	IsVerifyIntention bool `json:"IsVerifyIntention"`
	// IntentionVerifyType is "0" Q&A, "1" nod or "2" read-aloud; meaningful
	// only when IsVerifyIntention is true.
	IntentionVerifyType string `json:"IntentionVerifyType"`
	// RequestID identifies the request for Tencent support.
	RequestID string `json:"RequestId"`
	// Problems lists oddities met while decoding (a value of an unexpected
	// type, malformed base64); the affected fields are left empty and the
	// rest of the result is complete.
	Problems []FieldProblem `json:"-"`

	// textNotRequested records that the request's InfoType left out the
	// text part, so that a missing ErrCode does not mean "not finished".
	textNotRequested bool
}

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
