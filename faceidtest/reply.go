package faceidtest

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// field is one member of a reply object.
type field struct {
	key   string
	value any
}

// object is a reply object whose members keep their order, as Tencent
// sends them.
type object []field

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f.key)) // keys are ASCII wire names
		b.WriteByte(':')
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// shape builds a reply object with every member of members, in the
// spec's order: the value given in values, or else null for a nullable
// member and the zero value of its type for the others (an empty list, an
// object of zero values). A key of values that is not a member goes last,
// so that a test comparing the reply with the spec finds it.
func (s *Server) shape(members []member, values map[string]any) object {
	out := make(object, 0, len(members))
	seen := 0
	for _, m := range members {
		v, ok := values[m.wire]
		if ok {
			seen++
		} else {
			v = s.zero(m)
		}
		out = append(out, field{m.wire, v})
	}
	if seen < len(values) {
		for k, v := range values {
			if !containsMember(members, k) {
				out = append(out, field{k, v})
			}
		}
	}
	return out
}

// zero is the value of a member the reply has nothing for.
func (s *Server) zero(m member) any {
	if m.nullable {
		return nil
	}
	switch m.kind {
	case kindString:
		return ""
	case kindInteger, kindFloat:
		return 0
	case kindBoolean:
		return false
	case kindArray:
		return []any{}
	case kindObject:
		return s.shape(s.model.structs[m.object], nil)
	}
	return nil
}

func containsMember(members []member, wire string) bool {
	for _, m := range members {
		if m.wire == wire {
			return true
		}
	}
	return false
}
