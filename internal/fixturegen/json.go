package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// field is one member of an ordered JSON object.
type field struct {
	key string
	val any
}

// obj is a JSON object that keeps its members in the order written, so the
// fixtures read like Tencent's documentation.
type obj []field

// o builds an obj from alternating keys and values.
func o(kv ...any) obj {
	if len(kv)%2 != 0 {
		panic("o: odd number of arguments")
	}
	m := make(obj, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		m = append(m, field{kv[i].(string), kv[i+1]})
	}
	return m
}

// list builds a JSON array.
func list(vals ...any) []any {
	if vals == nil {
		return []any{}
	}
	return vals
}

// encode renders v as JSON, indented by two spaces when pretty, compact
// otherwise. Unlike encoding/json it does not escape <, > and &, so URLs stay
// readable, and it keeps obj members in order.
func encode(v any, pretty bool) ([]byte, error) {
	var b bytes.Buffer
	if err := writeValue(&b, v, pretty, 0); err != nil {
		return nil, err
	}
	if pretty {
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

func writeValue(b *bytes.Buffer, v any, pretty bool, depth int) error {
	newline := func(d int) {
		if pretty {
			b.WriteByte('\n')
			b.WriteString(strings.Repeat("  ", d))
		}
	}
	switch v := v.(type) {
	case obj:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			if err := writeScalar(b, f.key); err != nil {
				return err
			}
			b.WriteByte(':')
			if pretty {
				b.WriteByte(' ')
			}
			if err := writeValue(b, f.val, pretty, depth+1); err != nil {
				return err
			}
		}
		newline(depth)
		b.WriteByte('}')
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			if err := writeValue(b, e, pretty, depth+1); err != nil {
				return err
			}
		}
		newline(depth)
		b.WriteByte(']')
	case nil, string, bool, int, float64:
		return writeScalar(b, v)
	default:
		return fmt.Errorf("encode: unsupported type %T", v)
	}
	return nil
}

func writeScalar(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode appends a newline
	return nil
}
