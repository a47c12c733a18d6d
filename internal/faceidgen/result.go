package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The SaaS result model: the structs of a reply that carries media by
// kind (GetDetectInfoEnhanced's, whose action names its Go type in
// "result"). Their types and decoders are generated into zz_result_gen.go;
// the decoders are methods of the hand-written resultDecoder, which keeps
// media in memory or streams them to a MediaSink.

// resultStructs returns the structs reachable from the responses of the
// actions with a result type, whose code is generated, in a stable order:
// depth first, in member order. Input structs (Encryption, in requests
// and replies alike) are generated with the requests' structs.
func (s *Spec) resultStructs() []string {
	return s.reachableStructs(s.resultResponses(), func(st *Struct) bool { return st.Handwritten || st.Input })
}

// writeResultModel writes the types of the result structs and their
// decoders.
func writeResultModel(out *bytes.Buffer, s *Spec) {
	names := s.resultStructs()
	var body bytes.Buffer
	b := &body
	defer func() {
		// Import what the code uses.
		var imports []string
		for _, pkg := range []string{"slices", "github.com/faceid-go/faceid/internal/idcard", "github.com/faceid-go/faceid/internal/jsonscan"} {
			if strings.Contains(body.String(), pkg[strings.LastIndex(pkg, "/")+1:]+".") {
				imports = append(imports, strconv.Quote(pkg))
			}
		}
		if len(imports) > 0 {
			out.WriteString("import (\n" + strings.Join(imports, "\n") + "\n)\n\n")
		}
		out.Write(body.Bytes())
	}()
	a := s.resultAction()
	if a != nil {
		writeResultStruct(b, s, a)
	}
	for _, name := range names {
		st := s.Structs[name]
		doc := st.Note
		if doc == "" {
			doc = fmt.Sprintf("%s is FaceID's %s object.", st.Go, name)
		}
		writeComment(b, "", doc)
		fmt.Fprintf(b, "type %s struct {\n", st.Go)
		for _, m := range st.Members {
			writeField(b, s, m, false)
		}
		b.WriteString("}\n\n")
	}

	if a != nil {
		writeMemberDecoder(b, s, a)
	}
	for _, name := range names {
		writeResultDecoder(b, s, name)
	}
	writeMasks(b, s)
}

// writeResultStruct writes the result struct: a field per member of the
// action's reply, then three fields of the SDK's own that every result
// struct has. RequestID and Problems are filled by the hand-written
// resultDecoder (its meta method); textNotRequested is set from the
// request's InfoType and read by the verdict rules.
func writeResultStruct(b *bytes.Buffer, s *Spec, a *Action) {
	writeComment(b, "", a.ResultNote)
	fmt.Fprintf(b, "type %s struct {\n", a.Result)
	for _, m := range a.Response {
		writeField(b, s, m, false)
	}
	writeResultOwnFields(b)
}

// writeResultOwnFields writes the fields of the SDK's own that every
// result struct has, and closes the struct.
func writeResultOwnFields(b *bytes.Buffer) {
	b.WriteString(`	// RequestID identifies the request for Tencent support.
	RequestID string ` + "`json:\"RequestId\"`" + `
	// Problems lists oddities met while decoding (a value of an unexpected
	// type, malformed base64); the affected fields are left empty and the
	// rest of the result is complete.
	Problems []FieldProblem ` + "`json:\"-\"`" + `

	// textNotRequested records that the request's InfoType left out the
	// text part, so that a missing ErrCode does not mean "not finished".
	textNotRequested bool
}

`)
}

// writeMemberDecoder writes the resultDecoder method decoding one member
// of the reply's Response object into the result struct: a switch on the
// key, each case decoding straight into the member's field.
func writeMemberDecoder(b *bytes.Buffer, s *Spec, a *Action) {
	fmt.Fprintf(b, "// member decodes one member of the Response object into the %s.\n", a.Result)
	b.WriteString("func (d *resultDecoder) member(r *jsonscan.Reader, k []byte) error {\n\tx := d.info\n\tconst p = \"\" // paths start at the Response object\n\tswitch string(k) {\n")
	st := &Struct{Go: a.Result, Members: a.Response}
	for _, m := range st.Members {
		fmt.Fprintf(b, "\tcase %s:\n\t\treturn %s\n", quoteKeys(m), resultDecodeCall(s, st, m, false))
	}
	b.WriteString("\t}\n\treturn r.Skip()\n}\n\n")
	writeListDecoders(b, s, st)
}

// quoteKeys returns the spellings of a member as a list of Go strings.
func quoteKeys(m *Member) string {
	keys := make([]string, 0, 1+len(m.Aliases))
	for _, k := range append([]string{m.Wire}, m.Aliases...) {
		keys = append(keys, strconv.Quote(k))
	}
	return strings.Join(keys, ", ")
}

// numbered reports whether a struct's media are numbered by the index of
// the list element holding them: the struct is a list's element and has
// media of its own.
func (s *Spec) numbered(name string) bool {
	inList := false
	for _, st := range s.Structs {
		for _, m := range st.Members {
			inList = inList || m.Type == "array" && m.Elem == name
		}
	}
	return inList && slices.ContainsFunc(s.Structs[name].Members, func(m *Member) bool { return m.MediaKind != nil })
}

// decoderName is the resultDecoder method decoding a result struct.
func decoderName(st *Struct) string { return "decode" + st.Go }

// listDecoderName is the resultDecoder method decoding a list of structs
// held by a member of a result struct.
func listDecoderName(st *Struct, m *Member) string { return "decode" + st.Go + m.Go }

// writeResultDecoder writes the resultDecoder method decoding the members
// of one result struct, and its list decoders.
func writeResultDecoder(b *bytes.Buffer, s *Spec, name string) {
	st := s.Structs[name]
	at := ""
	if s.numbered(name) {
		at = ", at int"
	}
	fmt.Fprintf(b, "// %s decodes the members of the %s at path p.\n", decoderName(st), st.Go)
	fmt.Fprintf(b, "func (d *resultDecoder) %s(r *jsonscan.Reader, p string%s, x *%s) func([]byte) error {\n", decoderName(st), at, st.Go)
	b.WriteString("\treturn func(k []byte) error {\n\t\tswitch string(k) {\n")
	for _, m := range st.Members {
		fmt.Fprintf(b, "\t\tcase %s:\n\t\t\treturn %s\n", quoteKeys(m), resultDecodeCall(s, st, m, at != ""))
	}
	for _, h := range st.Hooks {
		writeComment(b, "\t\t", h.Note)
		fmt.Fprintf(b, "\t\tcase %q:\n\t\t\treturn d.%s(r, p, k, x)\n", h.Wire, hookDecoderName(st, &h))
	}
	b.WriteString("\t\t}\n\t\treturn r.Skip()\n\t}\n}\n\n")
	writeListDecoders(b, s, st)
	writeHookDecoders(b, st)
}

// hookDecoderName is the resultDecoder method decoding a hook.
func hookDecoderName(st *Struct, h *Hook) string { return "decode" + st.Go + h.Wire }

// writeHookDecoders writes one method per hook of a result struct: it
// decodes the hook's object, its list member into the struct's list, and
// skips the rest. The hook is not claimed itself: the list it holds is,
// so a second hook object holding the list is refused and an empty one is
// harmless.
func writeHookDecoders(b *bytes.Buffer, st *Struct) {
	for _, h := range st.Hooks {
		into := st.member(h.Into)
		name := hookDecoderName(st, &h)
		fmt.Fprintf(b, "// %s decodes the member %s of the %s at path p.k, {%q: [...]}, into %s.\n", name, h.Wire, st.Go, h.List, into.Go)
		fmt.Fprintf(b, "func (d *resultDecoder) %s(r *jsonscan.Reader, p string, k []byte, x *%s) error {\n", name, st.Go)
		b.WriteString("\treturn d.object(r, p, k, nil, func(hp string) func([]byte) error {\n\t\treturn func(k []byte) error {\n")
		fmt.Fprintf(b, "\t\t\tif string(k) == %q {\n\t\t\t\treturn d.%s(r, hp, k, x)\n\t\t\t}\n", h.List, listDecoderName(st, into))
		b.WriteString("\t\t\treturn r.Skip()\n\t\t}\n\t})\n}\n\n")
	}
}

// writeListDecoders writes one method per list of structs a result
// struct holds: a hand-written hook may decode a legacy shape with it.
func writeListDecoders(b *bytes.Buffer, s *Spec, st *Struct) {
	for _, m := range st.Members {
		if m.Type != "array" || isScalar(m.Elem) {
			continue
		}
		elem := s.Structs[m.Elem]
		index := ""
		if s.numbered(m.Elem) {
			index = "i, "
		}
		fmt.Fprintf(b, "// %s decodes the list %s of the %s at path p.k.\n", listDecoderName(st, m), m.Wire, st.Go)
		fmt.Fprintf(b, "func (d *resultDecoder) %s(r *jsonscan.Reader, p string, k []byte, x *%s) error {\n", listDecoderName(st, m), st.Go)
		fmt.Fprintf(b, "\treturn d.list(r, p, k, %s, &x.%s, func(path string, i int) error {\n", listLimit(m), m.Go)
		fmt.Fprintf(b, "\t\tx.%s = append(x.%s, %s{})\n", m.Go, m.Go, elem.Go)
		fmt.Fprintf(b, "\t\treturn d.soft(path, indexKey(i), r.Object(d.%s(r, joinPath(path, indexKey(i)), %s&x.%s[len(x.%s)-1])))\n", decoderName(elem), index, m.Go, m.Go)
		b.WriteString("\t})\n}\n\n")
	}
}

// listLimit is the most items a reply's list member may hold.
func listLimit(m *Member) string {
	if m.Limits != nil && m.Limits.MaxItems > 0 {
		return strconv.Itoa(m.Limits.MaxItems)
	}
	return "maxCodes"
}

// resultDecodeCall is the call decoding one member of a result struct;
// numbered says that the struct's media are numbered by the variable at.
func resultDecodeCall(s *Spec, st *Struct, m *Member, numbered bool) string {
	field := "&x." + m.Go
	spot := "mediaSpot{}"
	if k := m.MediaKind; k != nil {
		spot = "mediaSpot{kind: Media" + k.Kind
		if numbered {
			spot += ", index: at"
			if m.Type == "array" {
				spot += ", nested: true"
			}
		}
		spot += "}"
	}
	switch {
	case m.Base64:
		// Bytes that are not media: kept in memory even when streaming.
		return "d.mediaField(r, p, k, mediaSpot{}, " + field + ")"
	case m.Media != "" && m.Type == "array":
		return fmt.Sprintf("d.mediaList(r, p, k, %s, %s, %s)", listLimit(m), spot, field)
	case m.Media != "":
		return fmt.Sprintf("d.mediaField(r, p, k, %s, %s)", spot, field)
	case m.Type == "string":
		return "d.str(r, p, k, " + field + ")"
	case m.Type == "integer" && m.Presence:
		return "d.optInt(r, p, k, " + field + ")"
	case m.Type == "integer" && m.Wide:
		return "d.int64(r, p, k, " + field + ")"
	case m.Type == "integer":
		return "d.integer(r, p, k, " + field + ")"
	case m.Type == "float":
		return "d.float(r, p, k, " + field + ")"
	case m.Type == "boolean":
		return "d.boolean(r, p, k, " + field + ")"
	case m.Type == "array" && m.Elem == "string":
		return fmt.Sprintf("d.strings(r, p, k, %s, %s)", listLimit(m), field)
	case m.Type == "array" && m.Elem == "integer":
		return fmt.Sprintf("d.integers(r, p, k, %s, %s)", listLimit(m), field)
	case m.Type == "array":
		return "d." + listDecoderName(st, m) + "(r, p, k, x)"
	case m.Type == "object" && !slices.Contains(s.resultStructs(), m.Struct):
		// A struct of other replies too (Encryption, EidInfo): its own decoder.
		return fmt.Sprintf("d.object(r, p, k, %s, func(p string) func([]byte) error { return x.%s.decoder(d.wireDecoder, r, p) })", field, m.Go)
	case m.Type == "object":
		elem := s.Structs[m.Struct]
		index := ""
		if s.numbered(m.Struct) {
			index = "0, "
		}
		return fmt.Sprintf("d.object(r, p, k, %s, func(p string) func([]byte) error { return d.%s(r, p, %s%s) })", field, decoderName(elem), index, field)
	}
	panic(fmt.Sprintf("%s.%s: no decoder for %s %s", st.Go, m.Wire, m.Type, m.Elem))
}

// textMask is the function masking a result's text holding the given
// kind of personal data, for Masked; "" for kinds left as they are
// (speech, media).
func textMask(kind string) string {
	switch kind {
	case "name":
		return "idcard.MaskName"
	case "id-number":
		return "idcard.Mask"
	case "phone":
		return "idcard.MaskPhone"
	case "address":
		return "maskAddress"
	case "birth-date", "location":
		return "maskDigits"
	}
	return ""
}

// masks reports whether a result struct holds text that Masked masks,
// itself, in an object or in a list of structs; hand-written structs have
// no mask method.
func (s *Spec) masks(name string) bool {
	st := s.Structs[name]
	if st == nil || st.Handwritten {
		return false
	}
	for _, m := range st.Members {
		switch {
		case m.Type == "string" && m.Media == "" && textMask(m.PII) != "":
			return true
		case m.Type == "object" && s.masks(m.Struct):
			return true
		case m.Type == "array" && !isScalar(m.Elem) && s.masks(m.Elem):
			return true
		}
	}
	return false
}

// writeMasks writes the mask method of every result struct holding
// personal text: it masks the text in place, and replaces a list of
// structs holding personal text with a masked copy, so that the value
// masked shares no text with the original. The result struct gets Masked,
// masking a copy the same way.
func writeMasks(b *bytes.Buffer, s *Spec) {
	if a := s.resultAction(); a != nil {
		b.WriteString(`// Masked returns a copy of the result with personal text masked: names
// keep their first character ("张*"), ID numbers their first and last four
// ("1101**********123X"), phone numbers their first three and last four,
// addresses their first three characters; birth dates and locations keep
// only their separators ("****/*/*"), as the masked ID number hides the
// birth date too. Media are shared with the result, not copied; use it to
// log or display a result, never to store one.
`)
		fmt.Fprintf(b, "func (d *%s) Masked() *%s {\n\tx := *d\n", a.Result, a.Result)
		writeMaskStatements(b, s, a.Response)
		b.WriteString("\treturn &x\n}\n\n")
	}
	for _, name := range s.resultStructs() {
		if !s.masks(name) {
			continue
		}
		st := s.Structs[name]
		fmt.Fprintf(b, "// mask masks the personal text of the %s in place.\n", st.Go)
		fmt.Fprintf(b, "func (x *%s) mask() {\n", st.Go)
		writeMaskStatements(b, s, st.Members)
		b.WriteString("}\n\n")
	}
}

// writeMaskStatements writes the statements masking the personal text of
// the members of x in place.
func writeMaskStatements(b *bytes.Buffer, s *Spec, members []*Member) {
	for _, m := range members {
		switch {
		case m.Type == "string" && m.Media == "" && textMask(m.PII) != "":
			fmt.Fprintf(b, "\tx.%s = %s(x.%s)\n", m.Go, textMask(m.PII), m.Go)
		case m.Type == "object" && s.masks(m.Struct):
			fmt.Fprintf(b, "\tx.%s.mask()\n", m.Go)
		case m.Type == "array" && !isScalar(m.Elem) && s.masks(m.Elem):
			fmt.Fprintf(b, "\tif x.%s != nil {\n\t\tx.%s = slices.Clone(x.%s)\n\t\tfor i := range x.%s {\n\t\t\tx.%s[i].mask()\n\t\t}\n\t}\n", m.Go, m.Go, m.Go, m.Go, m.Go)
		}
	}
}
