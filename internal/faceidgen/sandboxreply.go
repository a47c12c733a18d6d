package main

import (
	"bytes"
	"fmt"
	"slices"
)

// The sandbox's reply model: for every action whose reply the sandbox
// builds member by member (those naming a result type, such as
// GetDetectInfoEnhanced), the structs it marshals with encoding/json, in
// Tencent's JSON shapes. They are written into faceidtest/zz_reply_gen.go;
// the hand-written sandbox fills them.
//
// The shapes follow from the spec: a member Tencent may send as null
// (nullable) or whose absence matters (presence) is a pointer, null when
// unset; media are base64 strings; lists are slices, null when nil; names
// are Tencent's wire names.

// replyStructs returns the structs reachable from the replies of the
// actions with a result type, hand-written ones included, depth first in
// member order.
func (s *Spec) replyStructs() []string {
	var names []string
	var visit func(members []*Member)
	visit = func(members []*Member) {
		for _, m := range members {
			name := m.Struct
			if m.Type == "array" && !isScalar(m.Elem) {
				name = m.Elem
			}
			if name == "" || slices.Contains(names, name) {
				continue
			}
			names = append(names, name)
			visit(s.Structs[name].Members)
		}
	}
	for _, a := range s.Actions {
		if a.Result != "" {
			visit(a.Response)
		}
	}
	return names
}

// replyTypeName is the sandbox's type of a reply struct.
func replyTypeName(s *Spec, name string) string { return "wire" + s.Structs[name].Go }

// writeSandboxReplies writes the reply structs of the actions with a
// result type, and of the structs they hold.
func writeSandboxReplies(b *bytes.Buffer, s *Spec) {
	for _, a := range s.Actions {
		if a.Result == "" {
			continue
		}
		writeComment(b, "", fmt.Sprintf("wire%s is the reply of %s, as the sandbox sends it.", a.Result, a.Name))
		fmt.Fprintf(b, "type wire%s struct {\n", a.Result)
		for _, m := range a.Response {
			writeReplyField(b, s, m)
		}
		b.WriteString("}\n\n")
	}
	for _, name := range s.replyStructs() {
		writeComment(b, "", fmt.Sprintf("%s is FaceID's %s object, as the sandbox sends it.", replyTypeName(s, name), name))
		fmt.Fprintf(b, "type %s struct {\n", replyTypeName(s, name))
		for _, m := range s.Structs[name].Members {
			writeReplyField(b, s, m)
		}
		b.WriteString("}\n\n")
	}
}

// writeReplyField writes one field of a reply struct, with a tag naming
// the wire member when the Go name differs.
func writeReplyField(b *bytes.Buffer, s *Spec, m *Member) {
	fmt.Fprintf(b, "\t%s %s", m.Go, replyFieldType(s, m))
	if m.Go != m.Wire {
		fmt.Fprintf(b, " `json:%q`", m.Wire)
	}
	b.WriteString("\n")
}

// replyFieldType is the Go type of a reply member in the sandbox.
func replyFieldType(s *Spec, m *Member) string {
	switch m.Type {
	case "array":
		if isScalar(m.Elem) {
			return "[]" + replyScalar(m, m.Elem)
		}
		return "[]" + replyTypeName(s, m.Elem)
	case "object":
		if m.Nullable {
			return "*" + replyTypeName(s, m.Struct)
		}
		return replyTypeName(s, m.Struct)
	}
	if m.Nullable || m.Presence {
		return "*" + replyScalar(m, m.Type)
	}
	return replyScalar(m, m.Type)
}

// replyScalar is the Go type of a scalar of the wire: media are base64
// strings.
func replyScalar(m *Member, t string) string {
	switch t {
	case "integer":
		if m.Wide {
			return "int64"
		}
		return "int"
	case "float":
		return "float64"
	case "boolean":
		return "bool"
	}
	return "string"
}
