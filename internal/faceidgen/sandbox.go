package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// writeSandbox writes the sandbox's wire model (package faceidtest): for
// every action its request and response members with their types, required
// flags and documented limits, its one-of groups, its Result codes and its
// documented errors; the nested structs; and the note of every error code.
// The hand-written sandbox validates requests, selects outcomes and shapes
// replies from it.
func writeSandbox(b *bytes.Buffer, s *Spec) {
	b.WriteString("// newWireModel returns the wire model of every action, as the spec describes it.\n")
	b.WriteString("func newWireModel() *wireModel {\n\treturn &wireModel{\n")

	b.WriteString("\t\tactions: map[string]*actionModel{\n")
	for _, a := range s.Actions {
		fmt.Fprintf(b, "\t\t\t%q: {\n\t\t\t\tname: %q,\n", a.Name, a.Name)
		writeModelMembers(b, "request", a.Request, "\t\t\t\t")
		if len(a.OneOf) > 0 {
			b.WriteString("\t\t\t\toneOf: [][]string{\n")
			for _, g := range a.OneOf {
				fmt.Fprintf(b, "\t\t\t\t\t%s,\n", quoteList(g.Members))
			}
			b.WriteString("\t\t\t\t},\n")
		}
		writeModelMembers(b, "response", a.Response, "\t\t\t\t")
		if r := a.Results; r != nil {
			codes := make([]string, len(r.Codes))
			for i, c := range r.Codes {
				codes[i] = c.Code
			}
			fmt.Fprintf(b, "\t\t\t\tresultMember: %q,\n\t\t\t\tresults: %s,\n", r.Field, quoteList(codes))
		}
		if len(a.Errors) > 0 {
			fmt.Fprintf(b, "\t\t\t\terrors: %s,\n", quoteList(a.Errors))
		}
		if enc := sandboxEncryption(s, a); enc != "" {
			fmt.Fprintf(b, "\t\t\t\t%s,\n", enc)
		}
		b.WriteString("\t\t\t},\n")
	}
	b.WriteString("\t\t},\n")

	b.WriteString("\t\tstructs: map[string][]member{\n")
	names := make([]string, 0, len(s.Structs))
	for name := range s.Structs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(b, "\t\t\t%q: {\n", name)
		for _, m := range s.Structs[name].Members {
			fmt.Fprintf(b, "\t\t\t\t%s,\n", modelMember(m))
		}
		b.WriteString("\t\t\t},\n")
	}
	b.WriteString("\t\t},\n")

	b.WriteString("\t\terrorNotes: map[string]string{\n")
	for _, e := range s.Errors {
		fmt.Fprintf(b, "\t\t\t%q: %q,\n", e.Code, e.Note)
	}
	b.WriteString("\t\t},\n")
	b.WriteString("\t}\n}\n")
}

// writeModelMembers writes one list of members, or nothing when it is
// empty.
func writeModelMembers(b *bytes.Buffer, field string, members []*Member, indent string) {
	if len(members) == 0 {
		return
	}
	fmt.Fprintf(b, "%s%s: []member{\n", indent, field)
	for _, m := range members {
		fmt.Fprintf(b, "%s\t%s,\n", indent, modelMember(m))
	}
	fmt.Fprintf(b, "%s},\n", indent)
}

// modelMember renders one member as a composite literal of the sandbox's
// member type, leaving out the zero fields. A base64 member is a plain
// string to the sandbox: what it holds matters only to the client.
func modelMember(m *Member) string {
	f := []string{"wire: " + strconv.Quote(m.Wire), "kind: " + kindConst(m.Type)}
	if m.Type == "array" {
		if isScalar(m.Elem) {
			f = append(f, "elem: "+kindConst(m.Elem))
		} else {
			f = append(f, "elem: kindObject", "object: "+strconv.Quote(m.Elem))
		}
	}
	if m.Type == "object" {
		f = append(f, "object: "+strconv.Quote(m.Struct))
	}
	for _, flag := range []struct {
		name string
		on   bool
	}{{"required", m.Required}, {"nullable", m.Nullable}, {"unsigned", m.Unsigned}} {
		if flag.on {
			f = append(f, flag.name+": true")
		}
	}
	if m.PII != "" {
		f = append(f, "pii: "+strconv.Quote(m.PII))
	}
	if m.Media != "" {
		f = append(f, "media: "+strconv.Quote(m.Media))
	}
	if l := modelLimits(m.Limits); l != "" {
		f = append(f, "limits: limits{"+l+"}")
	}
	return "{" + strings.Join(f, ", ") + "}"
}

// modelLimits renders the documented limits of a member, or "" when it
// has none.
func modelLimits(l *Limits) string {
	if l == nil {
		return ""
	}
	var f []string
	for _, n := range []struct {
		name string
		v    int
	}{
		{"maxRunes", l.MaxRunes}, {"minLength", l.MinLength}, {"maxLength", l.MaxLength},
		{"maxBase64", l.MaxBase64Bytes}, {"minItems", l.MinItems}, {"maxItems", l.MaxItems},
		{"itemMaxRunes", l.ItemMaxRunes},
	} {
		if n.v != 0 {
			f = append(f, n.name+": "+strconv.Itoa(n.v))
		}
	}
	if len(l.Formats) > 0 {
		f = append(f, "formats: "+quoteList(l.Formats))
	}
	if l.Format != "" {
		f = append(f, "format: "+strconv.Quote(l.Format))
	}
	var texts, ints []string
	for _, e := range l.Enum {
		switch e := e.(type) {
		case string:
			texts = append(texts, strconv.Quote(e))
		case float64:
			ints = append(ints, strconv.Itoa(int(e)))
		}
	}
	if len(texts) > 0 {
		f = append(f, "enum: []string{"+strings.Join(texts, ", ")+"}")
	}
	if len(ints) > 0 {
		f = append(f, "enumInts: []int64{"+strings.Join(ints, ", ")+"}")
	}
	if l.Min != nil {
		f = append(f, "hasMin: true", "min: "+strconv.Itoa(*l.Min))
	}
	if l.Max != nil {
		f = append(f, "hasMax: true", "max: "+strconv.Itoa(*l.Max))
	}
	if l.Digits != "" {
		f = append(f, "digits: "+strconv.Quote(l.Digits))
	}
	return strings.Join(f, ", ")
}

// kindConst names the sandbox's constant for a spec type.
func kindConst(t string) string {
	switch t {
	case "string":
		return "kindString"
	case "integer":
		return "kindInteger"
	case "float":
		return "kindFloat"
	case "boolean":
		return "kindBoolean"
	case "array":
		return "kindArray"
	case "object":
		return "kindObject"
	}
	panic("unknown type " + t) // Load has checked every type
}
