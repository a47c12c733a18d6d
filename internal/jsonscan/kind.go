package jsonscan

// Kind is the kind of a JSON value.
type Kind int

// The kinds of JSON values. KindInvalid is returned by Reader.Peek when the
// next byte cannot begin a value.
const (
	KindInvalid Kind = iota
	KindNull
	KindBool
	KindNumber
	KindString
	KindObject
	KindArray
)

// String returns the lower-case JSON name of the kind, such as "number".
func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "bool"
	case KindNumber:
		return "number"
	case KindString:
		return "string"
	case KindObject:
		return "object"
	case KindArray:
		return "array"
	}
	return "invalid"
}

// kindOf returns the kind of the value that begins with byte c.
func kindOf(c byte) Kind {
	switch c {
	case 'n':
		return KindNull
	case 't', 'f':
		return KindBool
	case '"':
		return KindString
	case '{':
		return KindObject
	case '[':
		return KindArray
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return KindNumber
	}
	return KindInvalid
}
