package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
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
	return s.reachableStructs(s.resultResponses(), nil)
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
	for _, a := range s.Actions {
		if a.Document != nil {
			writeSandboxDocument(b, s, a)
		}
	}
}

// writeSandboxDocument writes the structs of an action's document, as
// the sandbox sends it — a part per object it carries, absent when nil,
// with the members it carries as the document spells them, and a hook's
// list as its items spell them — and the function taking the document
// out of the result's reply.
func writeSandboxDocument(b *bytes.Buffer, s *Spec, a *Action) {
	doc, res := a.Document, s.resultAction()
	top := "wire" + doc.Go
	partType := func(m *Member) string { return top + m.Go }
	writeComment(b, "", fmt.Sprintf("%s is the document %s's %s member holds, as the sandbox sends it. %s", top, a.Name, doc.Member, doc.Note))
	fmt.Fprintf(b, "type %s struct {\n", top)
	var parts []*Member
	for _, part := range doc.Parts {
		m := res.Response[slices.IndexFunc(res.Response, func(m *Member) bool { return m.Wire == part.Member })]
		parts = append(parts, m)
		fmt.Fprintf(b, "\t%s *%s `json:\"%s,omitempty\"`\n", m.Go, partType(m), m.Wire)
	}
	b.WriteString("}\n\n")

	// fields writes the members spelled names of st, and returns their Go
	// names.
	fields := func(st *Struct, names []string) []string {
		var gos []string
		for _, n := range names {
			m := st.member(n)
			fmt.Fprintf(b, "\t%s %s `json:%q`\n", m.Go, replyFieldType(s, m), n)
			gos = append(gos, m.Go)
		}
		return gos
	}
	type hookList struct {
		field, list, into, item string
		fields                  []string
	}
	var conversions []string
	for i, part := range doc.Parts {
		m, st := parts[i], s.Structs[parts[i].Struct]
		writeComment(b, "", fmt.Sprintf("%s is the %s part of the %s document.", partType(m), m.Wire, doc.Go))
		fmt.Fprintf(b, "type %s struct {\n", partType(m))
		gos := fields(st, part.Members)
		var hook *hookList
		if part.Hook != "" {
			h := st.hook(part.Hook)
			into := st.member(h.Into)
			item := s.Structs[into.Elem]
			hook = &hookList{field: h.Wire, list: h.List, into: into.Go, item: top + item.Go}
			fmt.Fprintf(b, "\t%s struct {\n\t\t%s []%s `json:%q`\n\t} `json:%q`\n", h.Wire, h.List, hook.item, h.List, h.Wire)
		}
		b.WriteString("}\n\n")
		if hook != nil {
			writeComment(b, "", fmt.Sprintf("%s is an item of the %s part's %s.%s list.", hook.item, m.Wire, hook.field, hook.list))
			fmt.Fprintf(b, "type %s struct {\n", hook.item)
			h := st.hook(part.Hook)
			hook.fields = fields(s.Structs[st.member(h.Into).Elem], part.Items)
			b.WriteString("}\n\n")
		}

		var c strings.Builder
		src := "x." + m.Go
		if m.Nullable {
			fmt.Fprintf(&c, "\tif src := %s; src != nil {\n", src)
		} else {
			fmt.Fprintf(&c, "\t{\n\t\tsrc := &%s\n", src)
		}
		fmt.Fprintf(&c, "\t\tout.%s = &%s{%s}\n", m.Go, partType(m), copyFields("src", gos))
		if hook != nil {
			fmt.Fprintf(&c, "\t\tfor _, item := range src.%s {\n\t\t\tout.%s.%s.%s = append(out.%s.%s.%s, %s{%s})\n\t\t}\n",
				hook.into, m.Go, hook.field, hook.list, m.Go, hook.field, hook.list, hook.item, copyFields("item", hook.fields))
		}
		c.WriteString("\t}\n")
		conversions = append(conversions, c.String())
	}
	fn := "to" + strings.ToUpper(top[:1]) + top[1:]
	writeComment(b, "", fmt.Sprintf("%s takes the %s document out of a %s reply: the parts the reply has, with the members the document carries.", fn, doc.Go, res.Name))
	fmt.Fprintf(b, "func %s(x *wire%s) %s {\n\tvar out %s\n%s\treturn out\n}\n\n", fn, res.Result, top, top, strings.Join(conversions, ""))
}

// copyFields is a composite literal's fields copied from src, one a line.
func copyFields(src string, gos []string) string {
	var b strings.Builder
	for _, g := range gos {
		b.WriteString("\n" + g + ": " + src + "." + g + ",")
	}
	return b.String() + "\n"
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
