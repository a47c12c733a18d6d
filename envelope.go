package faceid

import (
	"strconv"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// envelope decodes the reply envelope {"Response": {...}} in one pass:
// Error and RequestId are kept here, every other member of Response goes to
// the action's decoder. It also understands the legacy top-level shape
// {"code": 4100, "message": "...", "codeDesc": "..."}.
type envelope struct {
	decode      fieldDecoder
	sawResponse bool
	requestID   string
	errCode     string
	errMessage  string
	legacyCode  int64
	legacyDesc  string
}

// read decodes the whole document from r.
func (e *envelope) read(r *jsonscan.Reader) error {
	err := r.Object(func(key []byte) error {
		switch string(key) {
		case "Response":
			e.sawResponse = true
			return r.Object(e.responseMember(r))
		case "code":
			n, err := r.FlexInt()
			e.legacyCode = n
			return ignoreTypeError(err)
		case "codeDesc":
			s, err := r.FlexString()
			e.legacyDesc = s
			return ignoreTypeError(err)
		case "message":
			s, err := r.FlexString()
			e.errMessage = s
			return ignoreTypeError(err)
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
	if !e.sawResponse && e.legacyCode != 0 {
		e.sawResponse = true
		e.errCode = e.legacyDesc
		if e.errCode == "" {
			e.errCode = strconv.FormatInt(e.legacyCode, 10)
		}
	}
	return nil
}

// responseMember returns the callback for the members of Response.
func (e *envelope) responseMember(r *jsonscan.Reader) func(key []byte) error {
	return func(key []byte) error {
		switch string(key) {
		case "RequestId":
			s, err := r.FlexString()
			e.requestID = s
			return ignoreTypeError(err)
		case "Error":
			return r.Object(func(key []byte) error {
				switch string(key) {
				case "Code":
					s, err := r.FlexString()
					e.errCode = s
					return ignoreTypeError(err)
				case "Message":
					s, err := r.FlexString()
					e.errMessage = s
					return ignoreTypeError(err)
				}
				return r.Skip()
			})
		}
		if e.decode == nil {
			return r.Skip()
		}
		return e.decode(r, key)
	}
}
