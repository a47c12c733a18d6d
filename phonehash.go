package faceid

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
)

// A PhoneHash is how EncryptedPhoneVerification receives its inputs: its
// EncryptionMode and the digest it names. PhoneHashMD5 and PhoneHashSHA256
// are here; the SM3 mode ("3") is gm.PhoneHashSM3 in the nested module
// github.com/faceid-go/faceid/gm.
type PhoneHash struct {
	mode string
	sum  func([]byte) []byte
}

// PhoneHashPlain sends the inputs as they are (EncryptionMode "0").
func PhoneHashPlain() PhoneHash { return PhoneHash{mode: "0"} }

// PhoneHashMD5 sends the MD5 digests of the inputs (EncryptionMode "1").
func PhoneHashMD5() PhoneHash {
	return PhoneHash{mode: "1", sum: func(b []byte) []byte { s := md5.Sum(b); return s[:] }}
}

// PhoneHashSHA256 sends the SHA-256 digests of the inputs
// (EncryptionMode "2").
func PhoneHashSHA256() PhoneHash {
	return PhoneHash{mode: "2", sum: func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }}
}

// NewPhoneHash returns the PhoneHash of another EncryptionMode whose
// digest sum computes, such as SM3's ("3", in package gm).
func NewPhoneHash(mode string, sum func([]byte) []byte) PhoneHash {
	return PhoneHash{mode: mode, sum: sum}
}

// NewEncryptedPhoneVerification checks idCard, name and phone in clear,
// as PhoneVerification does (an ID number's check digit, a mobile
// number's form, a name's length), then returns the
// EncryptedPhoneVerification request that carries them hashed as h says:
// each value's UTF-8 bytes digested and written in lowercase hexadecimal.
// The clear values are not kept.
func NewEncryptedPhoneVerification(h PhoneHash, idCard, name, phone string) (*EncryptedPhoneVerificationRequest, error) {
	const action = "EncryptedPhoneVerification"
	if h.mode == "" || (h.sum == nil) != (h.mode == "0") {
		return nil, &ValidationError{Action: action, Field: "EncryptionMode", Problem: "is not set: use PhoneHashMD5, PhoneHashSHA256, PhoneHashPlain or gm.PhoneHashSM3"}
	}
	inClear := &PhoneVerificationRequest{IDCard: idCard, Name: name, Phone: phone}
	if err := inClear.validate(); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.Action = action
		}
		return nil, err
	}
	req := &EncryptedPhoneVerificationRequest{IDCard: idCard, Name: name, Phone: phone, EncryptionMode: h.mode}
	if h.sum != nil {
		req.IDCard, req.Name, req.Phone = h.hex(idCard), h.hex(name), h.hex(phone)
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return req, nil
}

// hex returns the lowercase hexadecimal digest of s.
func (h PhoneHash) hex(s string) string { return hex.EncodeToString(h.sum([]byte(s))) }
