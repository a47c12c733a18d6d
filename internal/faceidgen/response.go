package main

import (
	"bytes"
	"fmt"
	"strconv"
)

// The responses generated under a name of their own (an action marked
// "handwritten": "method", such as GetFaceIdResult's FaceIDResult): the
// type, its decoder, meta and reset, and its display are generated like
// a generated action's response; the method on Client and the behaviour
// of the type (verdicts, risk tags) are written by hand. Its display
// follows the action's responseDisplay, which may name hand-written
// helpers: a helper NAME is the method NAMEShown() shownField.

// requestIDMember is the envelope's RequestId, which a response display
// may show.
var requestIDMember = Member{Wire: "RequestId", Go: "RequestID", Type: "string", PII: "request-id"}

// responseDisplayList resolves the display list of a response generated
// under responseGo: its members, the envelope's RequestId and helpers,
// with conditions; String and LogValue show the same.
func (s *Spec) responseDisplayList(a *Action) ([]displayed, error) {
	rid := requestIDMember
	list, err := s.resolveDisplay(a.ResponseDisplay, append(a.Response[:len(a.Response):len(a.Response)], &rid), true)
	if err != nil {
		return nil, err
	}
	for _, d := range list {
		if d.logOnly {
			return nil, fmt.Errorf("display: %s: String and LogValue show the same, in is for the result's list", d.key)
		}
	}
	return list, nil
}

// writeResponseType writes the type of a response generated under
// responseGo: a field per reply member, then RequestID and Problems.
func writeResponseType(b *bytes.Buffer, s *Spec, a *Action) {
	writeComment(b, "", a.ResponseNote)
	fmt.Fprintf(b, "type %s struct {\n", a.ResponseGo)
	for _, m := range a.Response {
		writeField(b, s, m, false)
	}
	if a.SharesResult {
		writeResultOwnFields(b)
		return
	}
	b.WriteString("\t// RequestID identifies the request for Tencent support.\n\tRequestID string `json:\"RequestId\"`\n")
	b.WriteString("\t// Problems lists oddities met while decoding (a value of an unexpected\n")
	b.WriteString("\t// type, malformed base64); the affected members are left empty.\n\tProblems []FieldProblem `json:\"-\"`\n")
	b.WriteString("}\n\n")
}

// writeResponseWire writes meta, reset, decodeMember, the display and
// viewMembers of a response generated under responseGo. The hand-written
// view adds what is behaviour (the verdict) to viewMembers.
func writeResponseWire(b *bytes.Buffer, s *Spec, a *Action) {
	typ := a.ResponseGo
	fmt.Fprintf(b, "func (x *%s) meta() (*string, *[]FieldProblem) { return &x.RequestID, &x.Problems }\n\n", typ)
	if a.SharesResult {
		writeSharedResult(b, s, a)
		return
	}
	fmt.Fprintf(b, "func (x *%s) reset() { *x = %s{} }\n\n", typ, typ)
	fmt.Fprintf(b, "func (x *%s) decodeMember(d *wireDecoder, r *jsonscan.Reader, key []byte) error {\n", typ)
	writeDecodeSwitch(b, s, "x", `""`, "key", a.Response)
	b.WriteString("}\n\n")

	if a.ResponseDisplay == nil {
		return // displayed as a result is, in zz_display_gen.go
	}
	list, err := s.responseDisplayList(a)
	if err != nil {
		panic(err) // Load has checked the list
	}
	fmt.Fprintf(b, "func (x %s) shown() []shownField {\n\tfields := []shownField{\n", typ)
	open := true // the literal is open
	for _, d := range list {
		switch {
		case d.helper != "" && open:
			fmt.Fprintf(b, "\t\tx.%sShown(),\n", d.helper)
		case d.helper != "":
			fmt.Fprintf(b, "\tfields = append(fields, x.%sShown())\n", d.helper)
		case len(d.when) > 0:
			if open {
				b.WriteString("\t}\n")
				open = false
			}
			fmt.Fprintf(b, "\tif %s {\n\t\tfields = append(fields, shownField{%q, %s})\n\t}\n", whenTest(d), d.key, responseShown(d))
		default:
			if open {
				fmt.Fprintf(b, "\t\t{%q, %s},\n", d.key, responseShown(d))
			} else {
				fmt.Fprintf(b, "\tfields = append(fields, shownField{%q, %s})\n", d.key, responseShown(d))
			}
		}
	}
	if open {
		b.WriteString("\t}\n")
	}
	b.WriteString("\tif len(x.Problems) > 0 {\n\t\tfields = append(fields, shownField{\"Problems\", strconv.Itoa(len(x.Problems))})\n\t}\n\treturn fields\n}\n\n")
	var shown []string
	for _, d := range list {
		shown = append(shown, d.docName())
	}
	writeComment(b, "", fmt.Sprintf("String shows %s of the %s, and the number of decoding problems if any; personal data masked and media by size.", shownList(shown), typ))
	fmt.Fprintf(b, "func (x %s) String() string { return showStruct(%q, x.shown()) }\n\n", typ, typ)
	b.WriteString("// GoString is used by %#v; it masks like String.\n")
	fmt.Fprintf(b, "func (x %s) GoString() string { return \"faceid.\" + x.String() }\n\n", typ)
	b.WriteString("// LogValue shows what String does.\n")
	fmt.Fprintf(b, "func (x %s) LogValue() slog.Value { return logShown(x.shown()) }\n\n", typ)
	writeComment(b, "", "viewMembers is the reply's members for displays: wire member names, media and bytes as sizes, personal data masked unless reveal.")
	writeViewAs(b, s, typ, "viewMembers", a.Response)
}

// responseShown is the expression of a displayed member's text in a
// response's shown fields.
func responseShown(d displayed) string {
	x := "x." + d.m.Go
	switch d.form {
	case "code":
		if d.m.Type == "float" {
			return "showOptFloat(" + x + ")"
		}
		return "optCode(" + x + ")"
	case "text":
		return "show(\"\", " + x + ")"
	case "bare":
		return "safeShort(" + x + ")"
	case "masked":
		return "show(" + strconv.Quote(d.m.PII) + ", " + x + ")"
	case "size", "bytes":
		if d.m.Type == "array" {
			return "showSizes(" + x + ")"
		}
		return "showSize(" + x + ")"
	case "bool":
		return "strconv.FormatBool(" + x + ")"
	case "count":
		if d.unit != "" {
			return "strconv.Itoa(len(" + x + ")) + " + strconv.Quote(" "+d.unit)
		}
		return "showCount(len(" + x + "))"
	case "chars":
		return "showChars(" + x + ")"
	case "struct":
		if d.m.Struct == "Encryption" {
			return "showEncryption(" + x + ")"
		}
		return x + ".String()"
	}
	switch d.m.Elem {
	case "string":
		return "showTexts(" + x + ")"
	case "integer":
		return "showAny(" + x + ")"
	}
	return "showList(" + x + ")"
}

// writeSharedResult writes reset, decodeMember and sharedResult of a
// response sharing the result struct's decoders (sharesResult). Its
// members are decoded by the result's resultDecoder methods, objects of
// other structs by their own decoder; reset keeps textNotRequested, set
// from the request before the call; sharedResult returns the shared
// members, RequestID, Problems and textNotRequested as a result, for the
// behaviour written once for the result (media, masking, verdict). Its
// display is a result's (resultDisplay, zz_display_gen.go).
func writeSharedResult(b *bytes.Buffer, s *Spec, a *Action) {
	typ, res := a.ResponseGo, s.resultAction().Result
	fmt.Fprintf(b, "func (x *%s) reset() { *x = %s{textNotRequested: x.textNotRequested} }\n\n", typ, typ)
	fmt.Fprintf(b, "// decodeMember decodes one member of the Response object with the decoders\n// of the %s, sharing w's record of the members met.\n", res)
	fmt.Fprintf(b, "func (x *%s) decodeMember(w *wireDecoder, r *jsonscan.Reader, k []byte) error {\n", typ)
	b.WriteString("\td := &resultDecoder{wireDecoder: w}\n\tconst p = \"\" // paths start at the Response object\n\tswitch string(k) {\n")
	st := &Struct{Go: typ, Members: a.Response}
	for _, m := range a.Response {
		fmt.Fprintf(b, "\tcase %s:\n\t\treturn %s\n", quoteKeys(m), resultDecodeCall(s, st, m, false))
	}
	b.WriteString("\t}\n\treturn r.Skip()\n}\n\n")
	writeComment(b, "", fmt.Sprintf("sharedResult returns the members the %s shares with the %s, and its RequestID, Problems and textNotRequested, as a %s.", typ, res, res))
	fmt.Fprintf(b, "func (x *%s) sharedResult() %s {\n\treturn %s{\n", typ, res, res)
	for _, m := range s.shared(a) {
		fmt.Fprintf(b, "\t\t%s: x.%s,\n", m.Go, m.Go)
	}
	b.WriteString("\t\tRequestID: x.RequestID,\n\t\tProblems: x.Problems,\n\t\ttextNotRequested: x.textNotRequested,\n\t}\n}\n\n")
}
