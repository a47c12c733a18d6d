package main

import (
	"bytes"
	"fmt"
	"slices"
)

// The stream fuzz test's reference model (zz_fuzzwire_gen_test.go, package
// faceid): the result structs holding media, typed strictly as
// encoding/json reads them — media as base64 strings, nulls as pointers —
// each with a method converting it to the result struct, media decoded by
// the reference decoder the test passes. Result structs without media are
// read into their own Go types. The Response object of the action naming
// the result type gets such a type too, with the envelope's RequestId and
// Error, and a method building the whole result.

// holdsMedia reports whether a struct has media, itself or in the structs
// it holds.
func (s *Spec) holdsMedia(name string) bool {
	return slices.ContainsFunc(s.Structs[name].Members, func(m *Member) bool {
		switch {
		case m.Media != "":
			return true
		case m.Type == "object":
			return s.holdsMedia(m.Struct)
		case m.Type == "array" && !isScalar(m.Elem):
			return s.holdsMedia(m.Elem)
		}
		return false
	})
}

// fuzzWireName is the test's wire type of a result struct holding media.
func fuzzWireName(st *Struct) string { return "json" + st.Go }

// fuzzWireType is the test's wire type of a member.
func fuzzWireType(s *Spec, m *Member) string {
	switch {
	case m.Media != "" && m.Type == "array":
		return "[]*string"
	case m.Media != "" || m.Base64:
		return "*string"
	case m.Type == "object" && s.holdsMedia(m.Struct):
		return fuzzWireName(s.Structs[m.Struct])
	case m.Type == "array" && !isScalar(m.Elem) && s.holdsMedia(m.Elem):
		return "[]" + fuzzWireName(s.Structs[m.Elem])
	}
	return s.goType(m, false)
}

// writeFuzzWire writes the wire types of the result structs holding media
// and of the result action's Response object, and their conversions.
func writeFuzzWire(b *bytes.Buffer, s *Spec) {
	if a := s.resultAction(); a != nil {
		writeFuzzWireResponse(b, s, a)
	}
	for _, name := range s.resultStructs() {
		if !s.holdsMedia(name) {
			continue
		}
		st := s.Structs[name]
		typ := fuzzWireName(st)
		writeComment(b, "", fmt.Sprintf("%s is the %s object as encoding/json reads it: media are base64 strings, nulls pointers.", typ, name))
		fmt.Fprintf(b, "type %s struct {\n", typ)
		for _, m := range st.Members {
			fmt.Fprintf(b, "\t%s %s `json:%q`\n", m.Go, fuzzWireType(s, m), m.Wire)
		}
		b.WriteString("}\n\n")

		writeComment(b, "", fmt.Sprintf("decoded converts the %s at path p to the %s, media decoded by media.", name, st.Go))
		fmt.Fprintf(b, "func (w *%s) decoded(p string, media func(path string, s *string) []byte) %s {\n", typ, st.Go)
		fmt.Fprintf(b, "\tvar x %s\n", st.Go)
		writeFuzzConversions(b, s, st.Members, func(m *Member) string { return fmt.Sprintf("p+%q", "."+m.Wire) })
		b.WriteString("\treturn x\n}\n\n")
	}
}

// writeFuzzWireResponse writes the wire type of the result action's
// Response object — its members, then the envelope's RequestId and Error —
// and its conversion to the result struct. Paths start at the Response
// object, as the decoder's do; base64 members are decoded by media too.
func writeFuzzWireResponse(b *bytes.Buffer, s *Spec, a *Action) {
	typ := "json" + a.Result
	writeComment(b, "", fmt.Sprintf("%s is %s's Response object as encoding/json reads it: media and base64 members are strings, nulls pointers; RequestId and Error are the envelope's.", typ, a.Name))
	fmt.Fprintf(b, "type %s struct {\n", typ)
	for _, m := range a.Response {
		fmt.Fprintf(b, "\t%s %s `json:%q`\n", m.Go, fuzzWireType(s, m), m.Wire)
	}
	b.WriteString("\tRequestID string `json:\"RequestId\"`\n")
	b.WriteString("\tError struct {\n\t\tCode string `json:\"Code\"`\n\t\tMessage string `json:\"Message\"`\n\t} `json:\"Error\"`\n")
	b.WriteString("}\n\n")

	writeComment(b, "", fmt.Sprintf("decoded converts the Response object to the %s, media and base64 members decoded by media.", a.Result))
	fmt.Fprintf(b, "func (w *%s) decoded(media func(path string, s *string) []byte) *%s {\n", typ, a.Result)
	fmt.Fprintf(b, "\tx := &%s{RequestID: w.RequestID}\n", a.Result)
	writeFuzzConversions(b, s, a.Response, func(m *Member) string { return fmt.Sprintf("%q", m.Wire) })
	b.WriteString("\treturn x\n}\n\n")
}

// writeFuzzConversions writes the statements converting each member of w
// to its field of x; path gives the Go expression of a member's path.
func writeFuzzConversions(b *bytes.Buffer, s *Spec, members []*Member, path func(*Member) string) {
	for _, m := range members {
		p := path(m)
		switch {
		case m.Media != "" && m.Type == "array":
			fmt.Fprintf(b, "\tfor i, s := range w.%s {\n\t\tx.%s = append(x.%s, media(%s+indexSuffix(i), s))\n\t}\n", m.Go, m.Go, m.Go, p)
		case m.Media != "" || m.Base64:
			fmt.Fprintf(b, "\tx.%s = media(%s, w.%s)\n", m.Go, p, m.Go)
		case m.Type == "object" && s.holdsMedia(m.Struct):
			fmt.Fprintf(b, "\tx.%s = w.%s.decoded(%s, media)\n", m.Go, m.Go, p)
		case m.Type == "array" && !isScalar(m.Elem) && s.holdsMedia(m.Elem):
			fmt.Fprintf(b, "\tfor i := range w.%s {\n\t\tx.%s = append(x.%s, w.%s[i].decoded(%s+indexSuffix(i), media))\n\t}\n", m.Go, m.Go, m.Go, m.Go, p)
		default:
			fmt.Fprintf(b, "\tx.%s = w.%s\n", m.Go, m.Go)
		}
	}
}
