package faceidtest

// The wire model: what the spec says about every action's request and
// reply, as data. newWireModel (zz_wire_gen.go) is generated from the
// spec; the server builds it once and only reads it afterwards.

// wireModel is the whole API as the sandbox sees it.
type wireModel struct {
	// actions holds every action, by name.
	actions map[string]*actionModel
	// structs holds the members of every nested object, by Tencent's name.
	structs map[string][]member
	// errorNotes holds a short English note for every API error code.
	errorNotes map[string]string
}

// actionModel is one action.
type actionModel struct {
	name     string
	request  []member
	response []member
	// oneOf lists groups of request members of which one must be sent; an
	// alternative "A+B" stands for A and B together.
	oneOf [][]string
	// resultMember names the reply member holding the business outcome,
	// and results lists its codes in the spec's order; both are empty for
	// an action without business outcomes.
	resultMember string
	results      []string
	// errors lists the API error codes documented for the action.
	errors []string
	// encryptable lists the request members the action takes sealed;
	// wholeBody reports that it takes its parameters sealed whole in
	// EncryptedBody; flatEncryption that the Encryption members are flat
	// request members (PhoneVerification).
	encryptable    []string
	wholeBody      bool
	flatEncryption bool
	// encryptedReply lists the reply members, by path from Response, that
	// are returned encrypted when the request carries an Encryption;
	// wholeReply reports that IsEncryptResponse seals the whole reply.
	encryptedReply []string
	wholeReply     bool
}

// kind is the JSON type of a member.
type kind uint8

// The kinds of members.
const (
	kindString kind = iota + 1
	kindInteger
	kindFloat
	kindBoolean
	kindArray
	kindObject
)

// String names the kind as error messages do.
func (k kind) String() string {
	switch k {
	case kindString:
		return "String"
	case kindInteger:
		return "Integer"
	case kindFloat:
		return "Float"
	case kindBoolean:
		return "Boolean"
	case kindArray:
		return "Array"
	case kindObject:
		return "Object"
	}
	return "?"
}

// member is one member of a request, a reply or a nested object.
type member struct {
	wire string
	kind kind
	// elem is the kind of an array's elements; object names the struct of
	// an object or of an array's elements.
	elem     kind
	object   string
	required bool
	nullable bool
	unsigned bool
	// pii names the kind of personal data the member holds, if any.
	pii string
	// media is the kind of base64 media the member holds, if any.
	media  string
	limits limits
}

// limits are the documented bounds of a request member; zero values are
// no bound.
type limits struct {
	maxRunes     int
	minLength    int // bytes
	maxLength    int // bytes
	maxBase64    int // bytes of base64 text
	formats      []string
	format       string
	enum         []string
	enumInts     []int64
	hasMin       bool
	min          int64
	hasMax       bool
	max          int64
	minItems     int
	maxItems     int
	itemMaxRunes int
	digits       string
}

// member returns the request member named wire, and whether there is one.
func (a *actionModel) member(wire string) (member, bool) {
	for _, m := range a.request {
		if m.wire == wire {
			return m, true
		}
	}
	return member{}, false
}
