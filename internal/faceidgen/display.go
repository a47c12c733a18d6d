package main

import (
	"bytes"
	"fmt"
	"strings"
)

// How the result structs print: a struct's display list names the members
// String, GoString and LogValue show, in the order shown, and how each is
// shown. Members not listed are never printed. The methods are written to
// zz_display_gen.go on the helpers of mask.go and logvalue.go.

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
//     personal data.
func displayForm(s *Spec, m *Member, d Display) (string, error) {
	form := d.As
	if form == "" {
		switch {
		case m.Presence:
			form = "code"
		case m.Media != "":
			form = "size"
		case m.Type == "string" && (m.PII == "name" || m.PII == "id-number"):
			form = "masked"
		case m.Type == "string":
			form = "text"
		case m.Type == "boolean":
			form = "bool"
		case m.Type == "array":
			form = "list"
		}
	}
	ok := false
	switch form {
	case "code":
		ok = m.Presence
	case "text", "bare":
		ok = m.Type == "string" && m.Media == "" && m.PII == ""
	case "masked":
		ok = m.Type == "string" && (m.PII == "name" || m.PII == "id-number")
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
	}
	if !ok {
		return "", fmt.Errorf("%s cannot be shown as %q", m.Wire, form)
	}
	if d.Unit != "" && form != "count" {
		return "", fmt.Errorf("%s: a unit is for counts", m.Wire)
	}
	return form, nil
}

// displayed is one member as a struct shows it.
type displayed struct {
	m    *Member
	form string
	key  string
	unit string
}

// displayList resolves a struct's display list.
func (s *Spec) displayList(st *Struct) ([]displayed, error) {
	var list []displayed
	seen := map[string]bool{}
	for _, d := range st.Display {
		if seen[d.Member] {
			return nil, fmt.Errorf("display: %s is listed twice", d.Member)
		}
		seen[d.Member] = true
		var m *Member
		for _, c := range st.Members {
			if c.Wire == d.Member {
				m = c
			}
		}
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
		list = append(list, displayed{m, form, key, d.Unit})
	}
	return list, nil
}

// writeDisplay writes String, GoString and LogValue for every result
// struct with a display list.
func writeDisplay(b *bytes.Buffer, s *Spec) {
	var body bytes.Buffer
	for _, name := range s.resultStructs() {
		st := s.Structs[name]
		if st.Display != nil {
			writeStructDisplay(&body, s, st)
		}
	}
	var imports []string
	for _, pkg := range []string{"log/slog", "strconv", "unicode/utf8"} {
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
