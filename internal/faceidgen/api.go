package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The API model of the actions whose Go code is generated: for each, the
// request and response types, the method on Client, the validation, the
// encoder, the decoder, the masked fields for printing and logging, and the
// business outcome. The request of every action is generated; an action
// marked "handwritten": "response" leaves its response, and its method on
// Client, to hand-written code. Structs marked handwritten are left to
// hand-written code.

// generated returns the actions whose code is generated whole.
func (s *Spec) generated() []*Action {
	var out []*Action
	for _, a := range s.Actions {
		if a.Handwritten == "" {
			out = append(out, a)
		}
	}
	return out
}

// sent returns the request members the Go request has a field for: all
// but those the spec omits (deprecated or unused by the action).
func sent(members []*Member) []*Member {
	var out []*Member
	for _, m := range members {
		if !m.Omit {
			out = append(out, m)
		}
	}
	return out
}

// generatedStructs returns the structs the generated actions use and whose
// code is generated, sorted by name.
func (s *Spec) generatedStructs() []string {
	var roots [][]*Member
	for _, a := range s.Actions {
		roots = append(roots, sent(a.Request))
		if a.Handwritten == "" || a.Handwritten == "method" {
			roots = append(roots, a.Response)
		}
	}
	// The result structs have their own code, in zz_result_gen.go.
	result := s.resultStructs()
	names := s.reachableStructs(roots, func(st *Struct) bool {
		return st.Handwritten || slices.ContainsFunc(result, func(name string) bool { return s.Structs[name] == st })
	})
	slices.Sort(names)
	return names
}

// goType returns the Go type of a member; input says whether it is part of
// a request (optional nested objects are pointers there).
func (s *Spec) goType(m *Member, input bool) string {
	switch m.Type {
	case "array":
		if m.Media != "" {
			return "[][]byte"
		}
		return "[]" + s.scalarOrStruct(m.Elem, m)
	case "integer":
		if m.Presence {
			return "*int"
		}
	case "float":
		if m.Presence {
			return "*float64"
		}
	case "boolean":
		if m.Pointer {
			return "*bool"
		}
	case "object":
		if input && !m.Required {
			return "*" + s.Structs[m.Struct].Go
		}
		return s.Structs[m.Struct].Go
	}
	if m.Media != "" || m.Base64 {
		return "[]byte"
	}
	return s.scalarOrStruct(m.Type, m)
}

func (s *Spec) scalarOrStruct(t string, m *Member) string {
	switch t {
	case "string":
		return "string"
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
	return s.Structs[t].Go
}

// writeAPI writes the types and methods of the generated actions.
func writeAPI(b *bytes.Buffer, s *Spec) {
	b.WriteString("import \"context\"\n\n")
	for _, a := range s.Actions {
		doc := fmt.Sprintf("%sRequest is the request of %s, which %s", a.Name, a.Name, lowerFirst(a.Summary))
		if a.RequestNote != "" {
			doc += " " + a.RequestNote
		}
		writeComment(b, "", doc)
		fmt.Fprintf(b, "type %sRequest struct {\n", a.Name)
		for _, m := range sent(a.Request) {
			writeField(b, s, m, true)
		}
		b.WriteString("}\n\n")
		if a.Handwritten == "method" {
			writeResponseType(b, s, a)
		}
		if a.Handwritten != "" {
			continue
		}

		fmt.Fprintf(b, "// %sResponse is the reply of %s.\n", a.Name, a.Name)
		fmt.Fprintf(b, "type %sResponse struct {\n", a.Name)
		for _, m := range a.Response {
			writeField(b, s, m, false)
		}
		b.WriteString("\t// RequestID identifies the request for Tencent support.\n\tRequestID string `json:\"RequestId\"`\n")
		b.WriteString("\t// Problems lists oddities met while decoding (a value of an unexpected\n")
		b.WriteString("\t// type, malformed base64); the affected members are left empty.\n\tProblems []FieldProblem `json:\"-\"`\n")
		b.WriteString("}\n\n")

		doc = a.Name + " " + lowerFirst(a.Summary) + " The request is validated before anything is sent; an error never comes with a response."
		if a.Billed {
			doc += " Each call is billed, so a call that may have reached the server is not retried."
		}
		writeComment(b, "", doc)
		fmt.Fprintf(b, "func (c *Client) %s(ctx context.Context, req *%sRequest, opts ...CallOption) (*%sResponse, error) {\n", a.Name, a.Name, a.Name)
		fmt.Fprintf(b, "\tresp := new(%sResponse)\n", a.Name)
		fmt.Fprintf(b, "\tif err := c.invoke(ctx, %q, req, resp, opts); err != nil {\n\t\treturn nil, err\n\t}\n\treturn resp, nil\n}\n\n", a.Name)

		if a.Results != nil {
			field := memberByWire(a.Response, a.Results.Field)
			fmt.Fprintf(b, "// Outcome describes the business outcome in %s: meaning, category and\n// billing. An unknown code is never a pass.\n", a.Results.Field)
			fmt.Fprintf(b, "func (resp *%sResponse) Outcome() Result { return LookupResult(%q, resp.%s) }\n\n", a.Name, a.Name, field.Go)
		}
	}
	b.WriteString("// newOperation returns a new request and response of a generated action.\n")
	b.WriteString("func newOperation(action string) (request, response, bool) {\n\tswitch action {\n")
	for _, a := range s.generated() {
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn new(%sRequest), new(%sResponse), true\n", a.Name, a.Name, a.Name)
	}
	b.WriteString("\t}\n\treturn nil, nil, false\n}\n\n")
	for _, name := range s.generatedStructs() {
		st := s.Structs[name]
		doc := st.Note
		if doc == "" {
			doc = st.Go + " is FaceID's " + name + " object."
		}
		writeComment(b, "", doc)
		fmt.Fprintf(b, "type %s struct {\n", st.Go)
		for _, m := range st.goMembers() {
			writeField(b, s, m, st.Input)
		}
		b.WriteString("}\n\n")
	}
}

// decodedStructs returns the names of the structs reachable from the
// replies, whose decoders are generated: those of other structs, read
// only in requests, are not.
func (s *Spec) decodedStructs() []string {
	var roots [][]*Member
	for _, a := range s.Actions {
		roots = append(roots, a.Response)
	}
	return s.reachableStructs(roots, nil)
}

// writeField writes one struct field with its doc comment.
func writeField(b *bytes.Buffer, s *Spec, m *Member, input bool) {
	doc := m.Note
	if input && m.Required {
		doc += " Required."
	}
	switch {
	case m.Media != "" && input:
		doc += " Set the bytes themselves: the client base64-encodes them."
	case m.Media != "":
		doc += " Decoded from base64."
	}
	switch {
	case m.Encryptable && input:
		doc += " Sealed before it is sent when the client has a Sealer (WithEncryption)."
	case m.Encryptable:
		doc += " FaceID may return it encrypted; with a Sealer (WithEncryption) the client decrypts it."
	}
	writeComment(b, "\t", doc)
	tag := m.Wire
	if input && !m.Required && !m.Always || m.Base64 {
		// A base64 member is absent unless asked for (EncryptedBody):
		// encoded with encoding/json, a result without one leaves it out.
		tag += ",omitempty"
	}
	fmt.Fprintf(b, "\t%s %s `json:%s`\n", m.Go, s.goType(m, input), strconv.Quote(tag))
}

// writeComment writes text as a doc comment wrapped at 76 columns; a
// blank line in text ("\n\n") separates paragraphs.
func writeComment(b *bytes.Buffer, indent, text string) {
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString(indent + "//\n")
		}
		for _, line := range wrap(para, 76-len(indent)) {
			fmt.Fprintf(b, "%s// %s\n", indent, line)
		}
	}
}

// memberByWire finds a member by its wire name.
func memberByWire(members []*Member, wire string) *Member {
	for _, m := range members {
		if m.Wire == wire {
			return m
		}
	}
	panic("no member " + wire) // Load has checked results fields
}

// lowerFirst lower-cases the first letter of a sentence, unless it starts
// with an initialism or a name.
func lowerFirst(s string) string {
	if len(s) < 2 || s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// wrap splits text into lines of at most width bytes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
