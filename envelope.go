package faceid

import (
	"errors"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// envelope decodes the reply envelope {"Response": {...}} in one pass:
// Error and RequestId are kept here, every other member of Response goes to
// the action's decoder. It also understands the legacy top-level shape
// {"code": 4100, "message": "...", "codeDesc": "..."}.
//
// The envelope is strict where a verdict could depend on it: a second
// Response, Error, RequestId or Error.Code is a decode error, never "the
// last one wins"; a Response.Error of any shape is an error, and one whose
// Code is not a non-empty string (or number) is a *DecodeError that says
// so; a Response that is not an object is a decode error.
type envelope struct {
	decode      fieldDecoder
	sawResponse bool
	sawError    bool
	requestID   string
	errCode     string
	errMessage  string
	errProblem  string // why Response.Error could not be read, if it could not
	legacy      legacyError
	seen        envelopeMembers
}

// legacyError is the legacy top-level error shape.
type legacyError struct {
	present bool   // "code" was present
	code    int64  // its value, when it was an integer
	bad     bool   // "code" was not an integer
	desc    string // "codeDesc"
	message string // "message"
}

// envelopeMembers records the envelope members met, to refuse duplicates.
type envelopeMembers uint16

const (
	memberResponse envelopeMembers = 1 << iota
	memberRequestID
	memberError
	memberErrorCode
	memberErrorMessage
	memberLegacyCode
	memberLegacyDesc
	memberLegacyMessage
)

// duplicate returns the error for a member that appears twice.
func duplicate(path string) error {
	return &ambiguityError{path: path}
}

// ambiguityError reports a member that appears twice: the reply is
// ambiguous, so it is refused rather than read as "the last one wins".
type ambiguityError struct{ path string }

func (e *ambiguityError) Error() string {
	return "member " + strconv.Quote(e.path) + " appears twice: the reply is ambiguous and was refused"
}

// once marks m as seen and reports a duplicate if it was seen before.
func (e *envelope) once(m envelopeMembers, path string) error {
	if e.seen&m != 0 {
		return duplicate(path)
	}
	e.seen |= m
	return nil
}

// text reads the string member m at path into dst; a value of another
// type leaves dst empty.
func (e *envelope) text(r *jsonscan.Reader, m envelopeMembers, path string, dst *string) error {
	if err := e.once(m, path); err != nil {
		return err
	}
	s, err := r.FlexString()
	*dst = s
	return ignoreTypeError(err)
}

// read decodes the whole document from r.
func (e *envelope) read(r *jsonscan.Reader) error {
	err := r.Object(func(key []byte) error {
		switch string(key) {
		case "Response":
			if err := e.once(memberResponse, "Response"); err != nil {
				return err
			}
			e.sawResponse = true
			kind, err := r.Peek()
			if err != nil {
				return err
			}
			if kind != jsonscan.KindObject {
				if err := r.Skip(); err != nil {
					return err
				}
				return errors.New(`"Response" is a ` + kind.String() + `, not an object`)
			}
			return r.Object(e.responseMember(r))
		case "code":
			if err := e.once(memberLegacyCode, "code"); err != nil {
				return err
			}
			e.legacy.present = true
			n, err := r.FlexInt()
			if ignoreTypeError(err) != nil {
				return err
			}
			e.legacy.code, e.legacy.bad = n, err != nil
			return nil
		case "codeDesc":
			return e.text(r, memberLegacyDesc, "codeDesc", &e.legacy.desc)
		case "message":
			return e.text(r, memberLegacyMessage, "message", &e.legacy.message)
		default:
			return r.Skip()
		}
	})
	if err != nil {
		return err
	}
	if err := r.End(); err != nil {
		return err
	}
	e.settleLegacy()
	if e.sawError && e.errCode == "" {
		return errors.New(`"Response.Error" is present but ` + e.errProblem +
			`; the reply reports a failure that cannot be read, so it was refused`)
	}
	return nil
}

// settleLegacy turns a legacy top-level error into the envelope's error. A
// legacy code other than 0, or one that is not an integer, is an error even
// beside a Response: a reply that says both "failed" and "succeeded" is not
// read as a success.
func (e *envelope) settleLegacy() {
	l := e.legacy
	if !l.present || (!l.bad && l.code == 0) || e.errCode != "" {
		return
	}
	e.sawResponse = true
	e.errMessage = l.message
	switch {
	case l.desc != "":
		e.errCode = l.desc
	case l.bad:
		e.errCode = "InvalidReply.LegacyCode"
	default:
		e.errCode = strconv.FormatInt(l.code, 10)
	}
}

// responseMember returns the callback for the members of Response.
func (e *envelope) responseMember(r *jsonscan.Reader) func(key []byte) error {
	return func(key []byte) error {
		switch string(key) {
		case "RequestId":
			return e.text(r, memberRequestID, "Response.RequestId", &e.requestID)
		case "Error":
			if err := e.once(memberError, "Response.Error"); err != nil {
				return err
			}
			return e.readError(r)
		}
		if e.decode == nil {
			return r.Skip()
		}
		return e.decode(r, key)
	}
}

// readError decodes Response.Error. Any value, null included, marks the
// reply as a failure; errProblem says why its code could not be read.
func (e *envelope) readError(r *jsonscan.Reader) error {
	e.sawError = true
	e.errProblem = "has no Code"
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	if kind != jsonscan.KindObject {
		e.errProblem = "is a " + kind.String() + ", not an object"
		return r.Skip()
	}
	return r.Object(func(key []byte) error {
		switch string(key) {
		case "Code":
			if err := e.once(memberErrorCode, "Response.Error.Code"); err != nil {
				return err
			}
			return e.readErrorCode(r)
		case "Message":
			return e.text(r, memberErrorMessage, "Response.Error.Message", &e.errMessage)
		}
		return r.Skip()
	})
}

// readErrorCode reads Error.Code: a non-empty string, or a number (some
// gateways send numeric codes), kept as text.
func (e *envelope) readErrorCode(r *jsonscan.Reader) error {
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	switch kind {
	case jsonscan.KindString:
		s, err := r.String()
		if err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			e.errProblem = "has an empty Code"
			return nil
		}
		e.errCode = s
	case jsonscan.KindNumber:
		n, err := r.Number()
		if err != nil {
			return err
		}
		e.errCode = string(n)
	default:
		e.errProblem = "has a Code that is a " + kind.String() + ", not a string"
		return r.Skip()
	}
	return nil
}
