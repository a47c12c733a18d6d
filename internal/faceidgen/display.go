package main

import (
	"bytes"
	"fmt"
	"go/token"
	"slices"
	"strings"
)

// How the result structs print: a struct's display list names the members
// String, GoString and LogValue show, in the order shown, and how each is
// shown. Members not listed are never printed. The result struct's list
// (the action's resultDisplay) may also name hand-written helpers, for
// what is the SDK's behaviour rather than a fact of the reply (the
// verdict, the media totals), show a member only in LogValue, or only when
// some members are set. The methods are written to zz_display_gen.go on
// the helpers of mask.go and logvalue.go.

// Display is one member a struct shows when printed or logged.
type Display struct {
	// Member is the member's wire name.
	Member string `json:"member"`
	// As says how the value is shown; empty for the member's usual form
	// (see displayForm).
	As string `json:"as"`
	// Key is the name shown, the wire name when empty.
	Key string `json:"key"`
	// Unit follows a count ("3 answers").
	Unit string `json:"unit"`
	// Helper, in the result's list only, names a hand-written part of the
	// display instead of a member: the result's methods HelperString
	// (the text String shows, "" for nothing) and HelperAttrs (what
	// LogValue shows).
	Helper string `json:"helper"`
	// In is "log" for a member LogValue shows and String does not; in the
	// result's list only.
	In string `json:"in"`
	// When, in the result's list only, names members of which one at
	// least must be set (not zero) for the member to be shown.
	When []string `json:"when"`
}

// displayForm returns how a displayed member is shown, checking that the
// form fits the member and hides its personal data:
//
//   - code: an outcome code that may be absent (presence), "null" when it is;
//   - text: a short wire value, redacted, bounded and quoted;
//   - bare: the same, not quoted;
//   - masked: a name or ID number, masked and quoted;
//   - size: media by byte size ("12 bytes", "none"), a list of media by
//     their sizes;
//   - bool: a boolean;
//   - list: a list of codes or short wire values, or of structs shown as
//     they print;
//   - count: the number of items of a list, with Unit;
//   - chars: the number of characters of a text, which may hold
//     personal data;
//   - bytes: the number of bytes of media or of a base64 member;
//   - struct: an object whose struct has a display list, as it shows.
func displayForm(s *Spec, m *Member, d Display) (string, error) {
	form := d.As
	if form == "" {
		switch {
		case m.Presence:
			form = "code"
		case m.Media != "":
			form = "size"
		case m.Base64:
			form = "bytes"
		case m.Type == "string" && (m.PII == "name" || m.PII == "id-number" || m.PII == "request-id"):
			form = "masked"
		case m.Type == "string":
			form = "text"
		case m.Type == "boolean":
			form = "bool"
		case m.Type == "array":
			form = "list"
		case m.Type == "object":
			form = "struct"
		}
	}
	ok := false
	switch form {
	case "code":
		ok = m.Presence
	case "text", "bare":
		ok = m.Type == "string" && m.Media == "" && m.PII == "" && !m.Base64
	case "masked":
		// The envelope's RequestId (request-id) is in a response's list only.
		ok = m.Type == "string" && (m.PII == "name" || m.PII == "id-number" || m.PII == "request-id")
	case "size":
		ok = m.Media != ""
	case "bool":
		ok = m.Type == "boolean"
	case "list":
		ok = m.Type == "array" && m.Media == "" && m.PII == "" && (m.Elem == "integer" || m.Elem == "string" || s.Structs[m.Elem] != nil && s.Structs[m.Elem].Display != nil)
	case "count":
		ok = m.Type == "array"
	case "chars":
		ok = m.Type == "string" && m.Media == ""
	case "bytes":
		ok = m.Media != "" && m.Type == "string" || m.Base64
	case "struct":
		ok = m.Type == "object" && s.displayable(m.Struct)
	}
	if !ok {
		return "", fmt.Errorf("%s cannot be shown as %q", m.Wire, form)
	}
	if d.Unit != "" && form != "count" {
		return "", fmt.Errorf("%s: a unit is for counts", m.Wire)
	}
	return form, nil
}

// displayable reports whether a struct has a display of its own: a
// result struct with a display list, Encryption (showEncryption), or a
// generated struct of another reply (its shown fields).
func (s *Spec) displayable(name string) bool {
	st := s.Structs[name]
	switch {
	case name == "Encryption":
		return true
	case st == nil || st.Handwritten:
		return false
	case st.Display != nil:
		return true
	}
	return !slices.Contains(s.resultStructs(), name)
}

// displayed is one member as a struct shows it, or a hand-written part of
// the result's display (helper).
type displayed struct {
	m       *Member
	form    string
	key     string
	unit    string
	helper  string
	logOnly bool
	when    []*Member
}

// displayList resolves a struct's display list.
func (s *Spec) displayList(st *Struct) ([]displayed, error) {
	return s.resolveDisplay(st.Display, st.Members, false)
}

// resultDisplayList resolves the display list of an action's result
// struct, which may name helpers and conditions.
func (s *Spec) resultDisplayList(a *Action) ([]displayed, error) {
	return s.resolveDisplay(a.Display, a.Response, true)
}

// resolveDisplay resolves a display list over members; result allows the
// entries only the result struct's list may have.
func (s *Spec) resolveDisplay(entries []Display, members []*Member, result bool) ([]displayed, error) {
	member := func(wire string) *Member {
		for _, c := range members {
			if c.Wire == wire {
				return c
			}
		}
		return nil
	}
	var list []displayed
	seen := map[string]bool{}
	for _, d := range entries {
		if !result && (d.Helper != "" || d.In != "" || d.When != nil) {
			return nil, fmt.Errorf("display: helper, in and when are for the result's list only")
		}
		if d.Helper != "" {
			if d.Member != "" || d.As != "" || d.Key != "" || d.Unit != "" || d.In != "" || d.When != nil || !token.IsIdentifier(d.Helper) || seen["helper "+d.Helper] {
				return nil, fmt.Errorf("display: helper %q must be a unique Go name, alone in its entry", d.Helper)
			}
			seen["helper "+d.Helper] = true
			list = append(list, displayed{helper: d.Helper})
			continue
		}
		if seen[d.Member] {
			return nil, fmt.Errorf("display: %s is listed twice", d.Member)
		}
		seen[d.Member] = true
		m := member(d.Member)
		if m == nil {
			return nil, fmt.Errorf("display: unknown member %q", d.Member)
		}
		form, err := displayForm(s, m, d)
		if err != nil {
			return nil, fmt.Errorf("display: %w", err)
		}
		key := d.Key
		if key == "" {
			key = m.Wire
		}
		if d.In != "" && d.In != "log" {
			return nil, fmt.Errorf("display: %s: in is \"log\" or absent", d.Member)
		}
		var when []*Member
		for _, w := range d.When {
			c := member(w)
			if c == nil || setTest(c) == "" {
				return nil, fmt.Errorf("display: %s: when names %q, not a member that can be tested for being set", d.Member, w)
			}
			when = append(when, c)
		}
		list = append(list, displayed{m: m, form: form, key: key, unit: d.Unit, logOnly: d.In == "log", when: when})
	}
	return list, nil
}

// setTest is the Go condition true when the member of x is set (not
// zero), or "" for an object.
func setTest(m *Member) string {
	x := "x." + m.Go
	switch {
	case m.Presence:
		return x + " != nil"
	case m.Type == "array" || m.Media != "" || m.Base64:
		return "len(" + x + ") > 0"
	case m.Type == "string":
		return x + ` != ""`
	case m.Type == "boolean":
		return x
	case m.Type == "integer" || m.Type == "float":
		return x + " != 0"
	}
	return ""
}

// whenTest is the condition of a displayed member shown only when set.
func whenTest(d displayed) string {
	var tests []string
	for _, m := range d.when {
		tests = append(tests, setTest(m))
	}
	return strings.Join(tests, " || ")
}

// writeDisplay writes String, GoString and LogValue for every result
// struct with a display list.
func writeDisplay(b *bytes.Buffer, s *Spec) {
	var body bytes.Buffer
	if a := s.resultAction(); a != nil {
		writeResultDisplay(&body, s, a)
	}
	for _, a := range s.Actions {
		if a.Handwritten == "method" && a.Display != nil {
			// A response displayed as a result is.
			resp := *a
			resp.Result = a.ResponseGo
			writeResultDisplay(&body, s, &resp)
		}
	}
	for _, name := range s.resultStructs() {
		st := s.Structs[name]
		if st.Display != nil {
			writeStructDisplay(&body, s, st)
		}
	}
	var imports []string
	for _, pkg := range []string{"log/slog", "strconv", "strings", "unicode/utf8"} {
		if bytes.Contains(body.Bytes(), []byte(pkg[strings.LastIndex(pkg, "/")+1:]+".")) {
			imports = append(imports, fmt.Sprintf("%q", pkg))
		}
	}
	if len(imports) > 0 {
		b.WriteString("import (\n" + strings.Join(imports, "\n") + "\n)\n\n")
	}
	b.Write(body.Bytes())
}

// writeStructDisplay writes the three methods of one struct.
func writeStructDisplay(b *bytes.Buffer, s *Spec, st *Struct) {
	list, err := s.displayList(st)
	if err != nil {
		panic(err) // Load has checked the list
	}
	var shown, parts []string
	for n, d := range list {
		shown = append(shown, d.m.Wire)
		sep := ", "
		if n == 0 {
			sep = "{"
		}
		parts = append(parts, fmt.Sprintf("%q + %s", sep+d.key+": ", displayString(s, d)))
	}
	if len(parts) == 0 {
		parts = append(parts, `"{"`)
	}
	writeComment(b, "", fmt.Sprintf("String shows %s of the %s, personal data masked and media by size.", shownList(shown), st.Go))
	str := strings.Join(parts, " +\n\t\t") + ` + "}"`
	if lit, ok := strings.CutSuffix(str, `" + "}"`); ok {
		str = lit + `}"` // a unit ends the last part
	}
	fmt.Fprintf(b, "func (x %s) String() string {\n\treturn %s\n}\n\n", st.Go, str)
	fmt.Fprintf(b, "// GoString is used by %%#v; it shows what String does.\n")
	fmt.Fprintf(b, "func (x %s) GoString() string { return \"faceid.%s\" + x.String() }\n\n", st.Go, st.Go)
	fmt.Fprintf(b, "// LogValue shows what String does.\n")
	fmt.Fprintf(b, "func (x %s) LogValue() slog.Value {\n\treturn slog.GroupValue(\n", st.Go)
	for _, d := range list {
		fmt.Fprintf(b, "\t\t%s,\n", displayAttr(s, d))
	}
	b.WriteString("\t)\n}\n\n")
}

// writeResultDisplay writes String, GoString and LogValue of the result
// struct: each part of its display list in order, helpers calling the
// hand-written methods, members shown as in the other structs.
func writeResultDisplay(b *bytes.Buffer, s *Spec, a *Action) {
	list, err := s.resultDisplayList(a)
	if err != nil {
		panic(err) // Load has checked the list
	}
	var shown, logged []string
	for _, d := range list {
		logged = append(logged, d.docName())
		if !d.logOnly {
			shown = append(shown, d.docName())
		}
	}
	writeComment(b, "", fmt.Sprintf("String shows %s of the %s, personal data masked and media by size.", shownList(shown), a.Result))
	fmt.Fprintf(b, "func (x %s) String() string {\n\tvar parts []string\n", a.Result)
	for _, d := range list {
		switch {
		case d.helper != "":
			fmt.Fprintf(b, "\tif s := x.%sString(); s != \"\" {\n\t\tparts = append(parts, s)\n\t}\n", d.helper)
		case d.logOnly:
		case len(d.when) > 0:
			fmt.Fprintf(b, "\tif %s {\n\t\tparts = append(parts, %q + %s)\n\t}\n", whenTest(d), d.key+": ", displayString(s, d))
		default:
			fmt.Fprintf(b, "\tparts = append(parts, %q + %s)\n", d.key+": ", displayString(s, d))
		}
	}
	fmt.Fprintf(b, "\treturn %q + strings.Join(parts, \", \") + \"}\"\n}\n\n", a.Result+"{")
	fmt.Fprintf(b, "// GoString is used by %%#v; it shows what String does.\n")
	fmt.Fprintf(b, "func (x %s) GoString() string { return \"faceid.\" + x.String() }\n\n", a.Result)
	writeComment(b, "", fmt.Sprintf("LogValue shows %s of the %s, personal data masked and media by size.", shownList(logged), a.Result))
	fmt.Fprintf(b, "func (x %s) LogValue() slog.Value {\n\tvar attrs []slog.Attr\n", a.Result)
	for i := 0; i < len(list); i++ {
		d := list[i]
		switch {
		case d.helper != "":
			fmt.Fprintf(b, "\tattrs = append(attrs, x.%sAttrs()...)\n", d.helper)
		case len(d.when) > 0:
			// Members shown on the same condition are shown together.
			attrs := []string{displayAttr(s, d)}
			for i+1 < len(list) && list[i+1].helper == "" && whenTest(list[i+1]) == whenTest(d) {
				i++
				attrs = append(attrs, displayAttr(s, list[i]))
			}
			fmt.Fprintf(b, "\tif %s {\n\t\tattrs = append(attrs, %s)\n\t}\n", whenTest(d), strings.Join(attrs, ",\n\t\t\t"))
		default:
			fmt.Fprintf(b, "\tattrs = append(attrs, %s)\n", displayAttr(s, d))
		}
	}
	b.WriteString("\treturn slog.GroupValue(attrs...)\n}\n\n")
}

// docName names a displayed part in a doc comment.
func (d displayed) docName() string {
	switch {
	case d.helper != "":
		return "the " + d.helper + " part"
	case len(d.when) > 0:
		return d.key + " (when set)"
	}
	return d.key
}

// shownList names the shown members for a doc comment.
func shownList(wires []string) string {
	switch len(wires) {
	case 0:
		return "nothing"
	case 1:
		return wires[0]
	}
	return strings.Join(wires[:len(wires)-1], ", ") + " and " + wires[len(wires)-1]
}

// displayString is the expression of a member's text in String.
func displayString(s *Spec, d displayed) string {
	x := "x." + d.m.Go
	switch d.form {
	case "code":
		return "optCode(" + x + ")"
	case "text":
		return "strconv.Quote(safeShort(" + x + "))"
	case "bare":
		return "safeShort(" + x + ")"
	case "masked":
		return "strconv.Quote(" + maskFunc(d.m) + "(" + x + "))"
	case "size":
		if d.m.Type == "array" {
			return "sizesOf(" + x + ")"
		}
		return "sizeOf(" + x + ")"
	case "bool":
		return "strconv.FormatBool(" + x + ")"
	case "count":
		if d.unit != "" {
			return "strconv.Itoa(len(" + x + ")) + " + fmt.Sprintf("%q", " "+d.unit)
		}
		return "strconv.Itoa(len(" + x + "))"
	case "chars":
		return "strconv.Itoa(utf8.RuneCountInString(" + x + ")) + \" chars\""
	case "bytes":
		return "strconv.Itoa(len(" + x + ")) + \" bytes\""
	case "struct":
		return x + ".String()"
	}
	return displayList(s, d)
}

// displayList is the expression of a list in String and LogValue.
func displayList(s *Spec, d displayed) string {
	x := "x." + d.m.Go
	switch d.m.Elem {
	case "integer":
		return "listString(" + x + ", \" \", strconv.Itoa)"
	case "string":
		return "shortList(" + x + ")"
	}
	return "listString(" + x + ", \", \", " + s.Structs[d.m.Elem].Go + ".String)"
}

// displayAttr is the expression of a member's attribute in LogValue.
func displayAttr(s *Spec, d displayed) string {
	x := "x." + d.m.Go
	switch d.form {
	case "code":
		return fmt.Sprintf("codeAttr(%q, %s)", d.key, x)
	case "text", "bare":
		return fmt.Sprintf("slog.String(%q, safeShort(%s))", d.key, x)
	case "masked":
		return fmt.Sprintf("slog.String(%q, %s(%s))", d.key, maskFunc(d.m), x)
	case "size":
		if d.m.Type == "array" {
			return fmt.Sprintf("slog.String(%q, sizesOf(%s))", d.key, x)
		}
		return fmt.Sprintf("slog.String(%q, sizeOf(%s))", d.key, x)
	case "bool":
		return fmt.Sprintf("slog.Bool(%q, %s)", d.key, x)
	case "count":
		return fmt.Sprintf("slog.Int(%q, len(%s))", d.key, x)
	case "chars":
		return fmt.Sprintf("slog.Int(%q, utf8.RuneCountInString(%s))", d.key+"Chars", x)
	case "bytes":
		return fmt.Sprintf("slog.Int(%q, len(%s))", d.key+"Bytes", x)
	case "struct":
		return fmt.Sprintf("slog.Attr{Key: %q, Value: %s.LogValue()}", d.key, x)
	}
	return fmt.Sprintf("slog.String(%q, %s)", d.key, displayList(s, d))
}

// maskFunc is the function masking a displayed name or ID number.
func maskFunc(m *Member) string {
	if m.PII == "name" {
		return "maskedName"
	}
	return "maskedID"
}
