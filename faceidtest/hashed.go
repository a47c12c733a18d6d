package faceidtest

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/faceid-go/faceid"
)

// hashMode is one hashed EncryptionMode of EncryptedPhoneVerification.
type hashMode struct {
	name string
	size int                 // bytes of the digest
	sum  func([]byte) []byte // nil when the sandbox cannot compute it
}

// hashModeOf returns the hashed mode of an EncryptionMode; ok is false for
// "0", plain text.
func (s *Server) hashModeOf(mode string) (h hashMode, ok bool) {
	switch mode {
	case "1":
		return hashMode{"MD5", md5.Size, func(b []byte) []byte { d := md5.Sum(b); return d[:] }}, true
	case "2":
		return hashMode{"SHA-256", sha256.Size, func(b []byte) []byte { d := sha256.Sum256(b); return d[:] }}, true
	case "3":
		h = hashMode{name: "SM3", size: 32}
		if hs, isHasher := s.keys[faceid.AlgorithmSM4GCM].(SM3Hasher); isHasher {
			h.sum = hs.SM3
		}
		return h, true
	}
	return hashMode{}, false
}

// checkHashed checks the personal members of EncryptedPhoneVerification
// against its EncryptionMode: in a hashed mode each must be the lowercase
// hex digest of its UTF-8 value. A digest of a magic input made from
// FictionalName (SelectResult.Text(FictionalName, N) or
// SelectError.Text(FictionalName, N), N within the action's lists) is
// replaced by that input, so that the magic inputs work hashed too; under
// SM3 only when the SM2 key pair is an SM3Hasher.
func (s *Server) checkHashed(r *request) *apiError {
	a := r.action
	if a.name != "EncryptedPhoneVerification" {
		return nil
	}
	mode := r.str("EncryptionMode")
	h, hashed := s.hashModeOf(mode)
	if !hashed {
		return nil
	}
	var magic map[string]string // digest → magic input
	if h.sum != nil {
		magic = map[string]string{}
		for _, m := range []Magic{SelectResult, SelectError} {
			count := len(a.results)
			if m == SelectError {
				count = len(a.errors)
			}
			for n := range count {
				text := m.Text(FictionalName, n)
				magic[hex.EncodeToString(h.sum([]byte(text)))] = text
			}
		}
	}
	digits := strconv.Itoa(2 * h.size)
	for _, m := range a.request {
		if m.pii == "" {
			continue
		}
		v := r.str(m.wire)
		if !isLowerHex(v, 2*h.size) {
			return errOutOfRange(m.wire, "须为 "+h.name+" 摘要的 "+digits+" 位小写十六进制（EncryptionMode "+mode+"）",
				"must be the "+digits+"-character lowercase hex "+h.name+" digest of the value (EncryptionMode "+mode+")")
		}
		if text, ok := magic[v]; ok {
			r.values[m.wire] = text
		}
	}
	return nil
}

// isLowerHex reports whether s is n lowercase hex digits.
func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
