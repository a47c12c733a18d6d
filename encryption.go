package faceid

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// encryption is how a call protects its sensitive data: the Sealer whose
// envelopes it uses, and the request members it seals (nil: every member
// the action takes sealed).
type encryption struct {
	sealer Sealer
	only   []string
}

// An EncryptOption narrows what WithEncryption or WithCallEncryption seal.
type EncryptOption func(*encryption) error

// EncryptOnly seals only the named request members (wire names such as
// "IdCard"), where the action takes them sealed; the others are sent in
// clear. Each name must be a member that some action takes sealed (the
// README's privacy section lists them). Replies are decrypted whatever the
// list.
func EncryptOnly(members ...string) EncryptOption {
	return func(e *encryption) error {
		if len(members) == 0 {
			return errors.New("EncryptOnly: name at least one member")
		}
		for _, m := range members {
			if !anyActionSeals(m) {
				return errors.New("EncryptOnly: no action takes " + strconv.Quote(m) + " sealed; members that can be: " + strings.Join(sealableMembers(), ", "))
			}
		}
		e.only = slices.Clone(members)
		return nil
	}
}

// newEncryption checks a sealer and its options.
func newEncryption(s Sealer, opts []EncryptOption) (*encryption, error) {
	if s == nil {
		return nil, errors.New("the Sealer is nil: build one with NewRSASealer (or gm.NewSM2Sealer) from the console's public key")
	}
	switch s.Algorithm() {
	case AlgorithmAES256CBC, AlgorithmSM4GCM:
	default:
		return nil, errors.New("the Sealer's algorithm " + strconv.Quote(s.Algorithm()) + " is neither " + AlgorithmAES256CBC + " nor " + AlgorithmSM4GCM)
	}
	e := &encryption{sealer: s}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// WithEncryption protects every call's sensitive data with s (envelope
// encryption, faceid-api.md §5): each call draws a fresh symmetric key and
// IV from crypto/rand and sends the key wrapped with the console's public
// key; the request members the action takes sealed (names, ID numbers,
// phone and bank-card numbers, DetectAIFakeFaces' whole body) are checked
// in clear, then sealed; the result actions (GetDetectInfoEnhanced,
// GetFaceIdResult, CheckIdCardInformation) ask FaceID to encrypt the
// reply's sensitive members, or the whole reply when IsEncryptResponse is
// set, and the client decrypts them before returning, so that a result
// reads exactly as a clear one (its Encryption and EncryptedBody left
// empty). A reply that does not decrypt is an error,
// never a result. The key is dropped when the call ends.
//
// Build s with NewRSASealer (AES-256-CBC, standard library) or, in the
// nested module github.com/faceid-go/faceid/gm, gm.NewSM2Sealer (SM4-GCM).
// WithCallEncryption and WithoutCallEncryption change one call.
// PhoneVerification takes AES-256-CBC only: under an SM2 sealer it is an
// error before anything is sent. Call, which decodes replies with
// encoding/json, cannot decrypt them: a sealed Call of a result action is
// refused; CallAction and the typed methods decrypt.
func WithEncryption(s Sealer, opts ...EncryptOption) Option {
	return func(st *settings) error {
		e, err := newEncryption(s, opts)
		if err != nil {
			return errors.New("WithEncryption: " + err.Error())
		}
		st.encryption = e
		return nil
	}
}

// WithCallEncryption protects this call with s, in place of the client's
// WithEncryption, if any; see WithEncryption.
func WithCallEncryption(s Sealer, opts ...EncryptOption) CallOption {
	return func(c *callConfig) error {
		e, err := newEncryption(s, opts)
		if err != nil {
			return errors.New("WithCallEncryption: " + err.Error())
		}
		c.encryption = e
		return nil
	}
}

// WithoutCallEncryption sends this call in clear even though the client
// has WithEncryption: for a request whose Encryption the caller built by
// hand, for instance.
func WithoutCallEncryption() CallOption {
	return func(c *callConfig) error {
		c.encryption = nil
		return nil
	}
}

// seals reports whether the call seals member of action.
func (e *encryption) seals(action, member string) bool {
	return encryptableMember(action, member) && (e.only == nil || slices.Contains(e.only, member))
}

// anyActionSeals reports whether some action takes member sealed.
func anyActionSeals(member string) bool {
	for _, name := range actionNames() {
		if encryptableMember(name, member) {
			return true
		}
	}
	return false
}

// sealableMembers lists, sorted, the members some action takes sealed.
func sealableMembers() []string {
	var all []string
	for _, name := range actionNames() {
		if info := encryptionInfo(name); info != nil {
			all = append(all, info.Members...)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}
