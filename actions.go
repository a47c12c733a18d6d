package faceid

import (
	"slices"
	"time"
)

// The action registry: every FaceID action of API version 2018-03-01, with
// its area, purpose, billing, documented QPS and, for the flows that start
// with a token, the token's lifetime. The table is generated from the
// project's API spec (zz_actions_gen.go).

// Area groups actions by what they verify.
type Area string

// areaTitle pairs an area with its title.
type areaTitle struct {
	area  Area
	title string
}

// Title returns the area's title, e.g. "Bank card", or "" for an unknown
// area.
func (a Area) Title() string {
	for _, t := range areaTitles() {
		if t.area == a {
			return t.title
		}
	}
	return ""
}

// Areas returns every area, in the order the documentation lists them.
func Areas() []Area {
	titles := areaTitles()
	areas := make([]Area, len(titles))
	for i, t := range titles {
		areas[i] = t.area
	}
	return areas
}

// ActionInfo describes one action.
type ActionInfo struct {
	// Name is the action's name on the wire, e.g. "IdCardVerification".
	Name string
	// Area groups the action with others verifying the same thing.
	Area Area
	// Summary says what the action does, in one sentence.
	Summary string
	// Billed reports whether each call is billed. Billing decides what may
	// be retried after an ambiguous failure: a request that may have
	// reached the server (a timeout after sending, a reset or cut-off
	// reply) is retried only for actions that are not billed.
	Billed bool
	// QPS is Tencent's documented rate limit per account; 0 when none is
	// documented.
	QPS int
	// Token describes the token the action issues, for the actions that
	// start a flow; nil otherwise.
	Token *TokenInfo
}

// Encryption says what the action can carry encrypted; nil for an action
// that takes none. The README's privacy section tabulates it for every
// action.
func (a ActionInfo) Encryption() *EncryptionInfo { return encryptionInfo(a.Name) }

// TokenInfo describes the token a flow-starting action issues.
type TokenInfo struct {
	// Member is the reply member holding the token, e.g. "BizToken".
	Member string
	// Lifetime is how long the token can be used to verify a person.
	Lifetime time.Duration
	// SingleUse reports whether the token can start one verification only.
	SingleUse bool
	// ResultRetention is how long Tencent keeps the flow's result; 0 when
	// the flow has no result to pull.
	ResultRetention time.Duration
}

// Actions returns every action, sorted by name. The slice is new: callers
// may change it.
func Actions() []ActionInfo {
	names := actionNames()
	infos := make([]ActionInfo, len(names))
	for i, name := range names {
		infos[i], _ = lookupAction(name)
	}
	return infos
}

// LookupAction returns the description of an action and whether it is one
// of the actions of this API version.
func LookupAction(name string) (ActionInfo, bool) {
	return lookupAction(name)
}

// ActionBilled reports whether an action is billed per call. Unknown
// actions count as billed, the safe side.
func ActionBilled(action string) bool {
	info, known := LookupAction(action)
	return info.Billed || !known
}

// ActionsIn returns the actions of one area, sorted by name.
func ActionsIn(area Area) []ActionInfo {
	return slices.DeleteFunc(Actions(), func(a ActionInfo) bool { return a.Area != area })
}

// EncryptionInfo says what an action can carry encrypted (faceid-api.md §5):
// which request members a Sealer seals, and which reply members FaceID
// returns encrypted when asked, which the client then decrypts.
type EncryptionInfo struct {
	// Members are the request members the action takes sealed, by wire
	// name, e.g. ["IdCard", "Name"].
	Members []string
	// WholeBody reports whether the action takes its business parameters
	// sealed whole, in EncryptedBody.
	WholeBody bool
	// ReplyMembers are the reply members FaceID encrypts when the request
	// carries an Encryption, by path from Response, e.g. "Text.IdCard".
	ReplyMembers []string
	// WholeReply reports whether the action can return its whole reply
	// sealed in EncryptedBody (IsEncryptResponse).
	WholeReply bool
	// Flat reports that the action takes the Encryption members as flat
	// request members (CiphertextBlob, EncryptList, Iv) rather than an
	// Encryption object, and AES-256-CBC only: PhoneVerification.
	Flat bool
}
