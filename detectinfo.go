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
