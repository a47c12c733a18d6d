package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// writeWire writes, for the generated actions and structs, the request
// validation and encoders, the response decoders and the masked fields
// used to print and log them.
func writeWire(b *bytes.Buffer, s *Spec) {
	imports := "\"encoding/base64\"\n\t\"log/slog\"\n"
	if slices.ContainsFunc(s.Actions, func(a *Action) bool { return a.Handwritten == "method" }) {
		imports += "\t\"strconv\"\n" // a response display counts its problems
	}
	b.WriteString("import (\n\t" + imports + "\n\t\"github.com/faceid-go/faceid/internal/jsonscan\"\n)\n\n")
	for _, a := range s.Actions {
		req := a.Name + "Request"
		members := sent(a.Request)
		writeValidate(b, s, req, a.Name, members, a.OneOf, a.Hooks)
		writeEncoder(b, s, req, members)
		writeSizeHint(b, req, members)
		writeShown(b, s, req, members)
		if a.Handwritten == "method" {
			writeResponseWire(b, s, a)
		}
		if a.Handwritten != "" {
			continue
		}

		resp := a.Name + "Response"
		fmt.Fprintf(b, "func (resp *%s) meta() (*string, *[]FieldProblem) { return &resp.RequestID, &resp.Problems }\n\n", resp)
		fmt.Fprintf(b, "func (resp *%s) reset() { *resp = %s{} }\n\n", resp, resp)
		fmt.Fprintf(b, "func (resp *%s) decodeMember(d *wireDecoder, r *jsonscan.Reader, key []byte) error {\n", resp)
		writeDecodeSwitch(b, s, "resp", `""`, "key", a.Response)
		b.WriteString("}\n\n")
		writeShown(b, s, resp, append(a.Response, &Member{Wire: "RequestId", Go: "RequestID", Type: "string", PII: "request-id"}))
		writeView(b, s, resp, a.Response)
	}
	replies := s.decodedStructs()
	for _, name := range s.generatedStructs() {
		st := s.Structs[name]
		if st.Input {
			writeValidate(b, s, st.Go, "", st.goMembers(), nil, nil)
			writeEncoder(b, s, st.Go, st.goMembers())
		}
		if st.Zeroable {
			writeIsZero(b, st)
		}
		if !st.Input || slices.Contains(replies, name) {
			fmt.Fprintf(b, "func (v *%s) decoder(d *wireDecoder, r *jsonscan.Reader, p string) func([]byte) error {\n", st.Go)
			b.WriteString("\treturn func(k []byte) error {\n")
			writeDecodeSwitch(b, s, "v", "p", "k", st.Members)
			b.WriteString("\t}\n}\n\n")
		}
		writeShownAs(b, s, st.Go, st.Members, st.Bare)
		if !st.Input {
			writeView(b, s, st.Go, st.Members)
		}
	}
}

// writeIsZero writes IsZero for a zeroable struct: whether every member
// is empty, as Tencent returns the object when unused.
func writeIsZero(b *bytes.Buffer, st *Struct) {
	var tests []string
	for _, m := range st.Members {
		x := "x." + m.Go
		switch {
		case m.Type == "array" || m.Media != "":
			tests = append(tests, "len("+x+") == 0")
		case m.Type == "object" || m.Pointer || m.Presence:
			tests = append(tests, x+" == nil")
		case m.Type == "string":
			tests = append(tests, x+` == ""`)
		case m.Type == "boolean":
			tests = append(tests, "!"+x)
		default:
			tests = append(tests, x+" == 0")
		}
	}
	fmt.Fprintf(b, "// IsZero reports whether the %s carries nothing (Tencent's all-empty\n// object).\n", st.Go)
	fmt.Fprintf(b, "func (x *%s) IsZero() bool {\n\treturn %s\n}\n\n", st.Go, strings.Join(tests, " && "))
}

// writeView writes view: the type as a JSON-ready map with Tencent's
// member names, media replaced by their sizes in bytes and personal data
// masked unless reveal, for command lines and displays.
func writeView(b *bytes.Buffer, s *Spec, typ string, members []*Member) {
	writeViewAs(b, s, typ, "view", members)
}

// writeViewAs is writeView under the method name name.
func writeViewAs(b *bytes.Buffer, s *Spec, typ, name string, members []*Member) {
	fmt.Fprintf(b, "func (x *%s) %s(reveal bool) map[string]any {\n\treturn map[string]any{\n", typ, name)
	for _, m := range members {
		field := "x." + m.Go
		var v string
		switch {
		case m.As == "chars":
			v = "len(" + field + ")"
		case m.Media != "" && m.Type == "array":
			v = "viewSizes(" + field + ")"
		case m.Media != "" || m.Base64:
			v = "len(" + field + ")"
		case m.Type == "object" && m.Struct == "Encryption":
			v = "showEncryption(" + field + ")"
		case m.Type == "object" && s.Structs[m.Struct].Input:
			// A request's struct a reply carries too has no view.
			v = field + ".String()"
		case m.Type == "object":
			v = field + ".view(reveal)"
		case m.Type == "array" && !isScalar(m.Elem):
			v = "viewList(" + field + ", reveal)"
		case m.Type == "string" && m.PII != "":
			v = "viewText(" + strconv.Quote(m.PII) + ", " + field + ", reveal)"
		default:
			v = field
		}
		fmt.Fprintf(b, "\t\t%q: %s,\n", m.Wire, v)
	}
	b.WriteString("\t}\n}\n\n")
}

// writeValidate writes the validate method of a request (action is not
// empty) or the check method of an input struct: the checks of every
// member's documented limits, then the one-of groups, then the check hook.
// A struct's checks report fields under the given prefix. The limits of an
// encryptable member hold for its plain text: they are not checked when
// the request's Encryption lists the member.
func writeValidate(b *bytes.Buffer, s *Spec, typ, action string, members []*Member, oneOf []OneOf, hooks *Hooks) {
	if action != "" && hooks != nil && hooks.Normalize != "" {
		b.WriteString("// normalized returns a copy of the request as it is sent, normalised and\n// checked; the caller's request is never modified.\n")
		fmt.Fprintf(b, "func (req *%s) normalized() (*%s, error) {\n\tif req == nil {\n\t\treturn nil, &ValidationError{Action: %q, Field: \"request\", Problem: \"is nil\"}\n\t}\n", typ, typ, action)
		fmt.Fprintf(b, "\tout := *req\n\tout.%s()\n\tv := validator{action: %q}\n\tout.check(&v, \"\")\n", hooks.Normalize, action)
		b.WriteString("\tif v.err != nil {\n\t\treturn nil, v.err\n\t}\n\treturn &out, nil\n}\n\n")
		fmt.Fprintf(b, "func (req *%s) validate() error {\n\t_, err := req.normalized()\n\treturn err\n}\n\n", typ)
	} else if action != "" {
		fmt.Fprintf(b, "func (req *%s) validate() error {\n\tif req == nil {\n\t\treturn &ValidationError{Action: %q, Field: \"request\", Problem: \"is nil\"}\n\t}\n", typ, action)
		fmt.Fprintf(b, "\tv := validator{action: %q}\n", action)
		b.WriteString("\treq.check(&v, \"\")\n\treturn v.err\n}\n\n")
	}
	fmt.Fprintf(b, "func (x *%s) check(v *validator, prefix string) {\n", typ)
	hasEncryption := slices.ContainsFunc(members, func(m *Member) bool { return m.Type == "object" && m.Struct == "Encryption" })
	for _, m := range members {
		guard := ""
		if m.Encryptable && hasEncryption {
			guard = fmt.Sprintf("!x.Encryption.lists(%q)", m.Wire)
		}
		writeChecks(b, s, "x", m, guard)
	}
	for _, g := range oneOf {
		var present []string
		for _, alt := range g.Members {
			var parts []string
			for _, wire := range strings.Split(alt, "+") {
				parts = append(parts, presence("x", memberByWire(members, wire)))
			}
			present = append(present, strings.Join(parts, " && "))
		}
		fmt.Fprintf(b, "\tv.oneOf(prefix, %q, %s)\n", strings.Join(g.Members, ", "), strings.Join(present, ", "))
	}
	if hooks != nil && hooks.Check != "" {
		fmt.Fprintf(b, "\tx.%s(v, prefix)\n", hooks.Check)
	}
	b.WriteString("}\n\n")
}

// presence is the Go expression telling whether a member was set.
func presence(recv string, m *Member) string {
	field := recv + "." + m.Go
	switch {
	case m.Type == "array" || m.Media != "":
		return "len(" + field + ") > 0"
	case m.Type == "object" || m.Pointer:
		return field + " != nil"
	case m.Type == "string":
		return field + ` != ""`
	case m.Type == "boolean":
		return field
	}
	return field + " != 0"
}

// writeChecks writes the checks of one member; its limits are checked
// only when guard, a Go condition, holds.
func writeChecks(b *bytes.Buffer, s *Spec, recv string, m *Member, guard string) {
	field := recv + "." + m.Go
	name := strconv.Quote(m.Wire)
	if m.Required && (m.Type == "string" || m.Media != "" || m.Type == "array") {
		if m.Media != "" || m.Type == "array" {
			fmt.Fprintf(b, "\tv.requiredLen(prefix, %s, len(%s))\n", name, field)
		} else {
			fmt.Fprintf(b, "\tv.required(prefix, %s, %s)\n", name, field)
		}
	}
	if m.Type == "object" {
		st := s.Structs[m.Struct]
		switch {
		case m.Struct == "Encryption":
			fmt.Fprintf(b, "\tv.encryption(prefix, %s, %s)\n", name, field)
		case st.Input && !m.Required:
			fmt.Fprintf(b, "\tif %s != nil {\n\t\t%s.check(v, v.join(prefix, %s))\n\t}\n", field, field, name)
		case st.Input:
			fmt.Fprintf(b, "\t%s.check(v, v.join(prefix, %s))\n", field, name)
		}
	}
	if m.Type == "array" && !isScalar(m.Elem) && m.Media == "" && s.Structs[m.Elem].Input {
		// The items are checked after the list's own limits, so that a
		// list too long is reported as such.
		defer fmt.Fprintf(b, "\tfor i := range %s {\n\t\t%s[i].check(v, v.index(prefix, %s, i))\n\t}\n", field, field, name)
	}
	l := m.Limits
	if l == nil {
		return
	}
	if guard != "" {
		fmt.Fprintf(b, "\tif %s {\n", guard)
		defer b.WriteString("\t}\n")
	}
	if l.MaxRunes > 0 {
		fmt.Fprintf(b, "\tv.maxRunes(prefix, %s, %s, %d)\n", name, field, l.MaxRunes)
	}
	if l.MinLength > 0 || l.MaxLength > 0 {
		fmt.Fprintf(b, "\tv.length(prefix, %s, %s, %d, %d)\n", name, field, l.MinLength, l.MaxLength)
	}
	if l.MaxBase64Bytes > 0 {
		fmt.Fprintf(b, "\tv.media(prefix, %s, %s, %d, %s)\n", name, field, l.MaxBase64Bytes, quoteList(l.Formats))
	}
	if l.Format != "" {
		fmt.Fprintf(b, "\tv.format(prefix, %s, %s, %q)\n", name, field, l.Format)
	}
	if len(l.Enum) > 0 {
		var vals []string
		for _, e := range l.Enum {
			switch e := e.(type) {
			case string:
				vals = append(vals, strconv.Quote(e))
			case float64:
				vals = append(vals, strconv.Itoa(int(e)))
			}
		}
		if m.Type == "string" {
			fmt.Fprintf(b, "\tv.oneOfStrings(prefix, %s, %s, %s)\n", name, field, strings.Join(vals, ", "))
		} else {
			fmt.Fprintf(b, "\tv.oneOfInts(prefix, %s, int64(%s), %s)\n", name, field, strings.Join(vals, ", "))
		}
	}
	if l.Min != nil || l.Max != nil {
		lo, hi := "-9223372036854775808", "9223372036854775807" // no bound on that side
		if l.Min != nil {
			lo = strconv.Itoa(*l.Min)
		}
		if l.Max != nil {
			hi = strconv.Itoa(*l.Max)
		}
		fmt.Fprintf(b, "\tv.between(prefix, %s, int64(%s), %s, %s)\n", name, field, lo, hi)
	}
	if l.MinItems > 0 || l.MaxItems > 0 {
		fmt.Fprintf(b, "\tv.items(prefix, %s, len(%s), %d, %d)\n", name, field, l.MinItems, l.MaxItems)
	}
	if l.ItemMaxRunes > 0 {
		fmt.Fprintf(b, "\tfor i, item := range %s {\n\t\tv.maxRunes(v.index(prefix, %s, i), \"\", item, %d)\n\t}\n", field, name, l.ItemMaxRunes)
	}
	if l.Digits != "" {
		fmt.Fprintf(b, "\tv.digitsFrom(prefix, %s, %s, %q)\n", name, field, l.Digits)
	}
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

// writeSizeHint writes sizeHint: an upper bound of the body for media
// (their base64 length) and a fair guess for the rest.
func writeSizeHint(b *bytes.Buffer, typ string, members []*Member) {
	fmt.Fprintf(b, "func (x *%s) sizeHint() int {\n\tn := 64\n", typ)
	for _, m := range members {
		field := "x." + m.Go
		switch {
		case m.Media != "" && m.Type != "array":
			fmt.Fprintf(b, "\tn += base64.StdEncoding.EncodedLen(len(%s)) + %d\n", field, len(m.Wire)+6)
		case m.Type == "string":
			fmt.Fprintf(b, "\tn += textHint(%s) + %d\n", field, len(m.Wire))
		default:
			fmt.Fprintf(b, "\tn += %d\n", len(m.Wire)+32)
		}
	}
	b.WriteString("\treturn n\n}\n\n")
}

// writeEncoder writes appendJSON: exactly what encoding/json would write
// for the type, media base64-encoded straight into the body.
func writeEncoder(b *bytes.Buffer, s *Spec, typ string, members []*Member) {
	fmt.Fprintf(b, "func (x *%s) appendJSON(dst []byte) []byte {\n\to := jsonObject{b: dst}\n", typ)
	for _, m := range members {
		field := "x." + m.Go
		name := strconv.Quote(m.Wire)
		omit := !m.Required && !m.Always
		switch {
		case m.Type == "boolean" && m.Pointer:
			fmt.Fprintf(b, "\tif %s != nil {\n\t\to.boolean(%s, *%s, false)\n\t}\n", field, name, field)
		case m.Media != "" && m.Type != "array":
			fmt.Fprintf(b, "\to.base64(%s, %s, %t)\n", name, field, omit)
		case m.Type == "string":
			fmt.Fprintf(b, "\to.text(%s, %s, %t)\n", name, field, omit)
		case m.Type == "integer":
			fmt.Fprintf(b, "\to.integer(%s, int64(%s), %t)\n", name, field, omit)
		case m.Type == "boolean":
			fmt.Fprintf(b, "\to.boolean(%s, %s, %t)\n", name, field, omit)
		case m.Type == "array" && m.Elem == "string" && m.Media == "":
			fmt.Fprintf(b, "\to.texts(%s, %s, %t)\n", name, field, omit)
		case m.Type == "array" && !isScalar(m.Elem):
			fmt.Fprintf(b, "\tif !%t || len(%s) > 0 {\n\t\to.key(%s)\n\t\to.b = appendJSONList(o.b, %s)\n\t}\n", omit, field, name, field)
		case m.Type == "object" && !m.Required:
			fmt.Fprintf(b, "\tif %s != nil {\n\t\to.key(%s)\n\t\to.b = %s.appendJSON(o.b)\n\t}\n", field, name, field)
		case m.Type == "object":
			fmt.Fprintf(b, "\to.key(%s)\n\to.b = %s.appendJSON(o.b)\n", name, field)
		default:
			panic(fmt.Sprintf("%s.%s: no encoder for %s %s", typ, m.Wire, m.Type, m.Elem))
		}
	}
	b.WriteString("\treturn o.end()\n}\n\n")
}

// writeDecodeSwitch writes the switch decoding one member of an object into
// recv's fields; prefix and key name the Go variables holding the object's
// path and the member's key.
func writeDecodeSwitch(b *bytes.Buffer, s *Spec, recv, prefix, key string, members []*Member) {
	fmt.Fprintf(b, "\tswitch string(%s) {\n", key)
	for _, m := range members {
		field := "&" + recv + "." + m.Go
		fmt.Fprintf(b, "\tcase %q:\n\t\t", m.Wire)
		limit := "maxCodes"
		if m.Limits != nil && m.Limits.MaxItems > 0 {
			limit = strconv.Itoa(m.Limits.MaxItems)
		}
		switch {
		case m.Decode != "":
			fmt.Fprintf(b, "return %s(d, r, %s, %s, %s)\n", m.Decode, prefix, key, field)
		case m.Media != "" && m.Type == "array":
			fmt.Fprintf(b, "return d.base64List(r, %s, %s, %s, %s)\n", prefix, key, limit, field)
		case m.Media != "" || m.Base64:
			fmt.Fprintf(b, "return d.base64(r, %s, %s, %s)\n", prefix, key, field)
		case m.Type == "string":
			fmt.Fprintf(b, "return d.str(r, %s, %s, %s)\n", prefix, key, field)
		case m.Type == "integer" && m.Wide:
			fmt.Fprintf(b, "return d.int64(r, %s, %s, %s)\n", prefix, key, field)
		case m.Type == "integer":
			fmt.Fprintf(b, "return d.integer(r, %s, %s, %s)\n", prefix, key, field)
		case m.Type == "float":
			fmt.Fprintf(b, "return d.float(r, %s, %s, %s)\n", prefix, key, field)
		case m.Type == "boolean":
			fmt.Fprintf(b, "return d.boolean(r, %s, %s, %s)\n", prefix, key, field)
		case m.Type == "array" && m.Elem == "string":
			fmt.Fprintf(b, "return d.strings(r, %s, %s, %s, %s)\n", prefix, key, limit, field)
		case m.Type == "array" && m.Elem == "integer":
			fmt.Fprintf(b, "return d.integers(r, %s, %s, %s, %s)\n", prefix, key, limit, field)
		case m.Type == "array":
			list := recv + "." + m.Go
			fmt.Fprintf(b, "return d.list(r, %s, %s, %s, %s, func(path string, i int) error {\n", prefix, key, limit, field)
			fmt.Fprintf(b, "\t\t\t%s = append(%s, %s{})\n", list, list, s.Structs[m.Elem].Go)
			fmt.Fprintf(b, "\t\t\treturn d.soft(path, indexKey(i), r.Object(%s[len(%s)-1].decoder(d, r, joinPath(path, indexKey(i)))))\n\t\t})\n", list, list)
		case m.Type == "object":
			fmt.Fprintf(b, "return d.object(r, %s, %s, %s, func(p string) func([]byte) error { return %s.%s.decoder(d, r, p) })\n", prefix, key, field, recv, m.Go)
		default:
			panic(fmt.Sprintf("%s: no decoder for %s %s", m.Wire, m.Type, m.Elem))
		}
	}
	b.WriteString("\t}\n\treturn r.Skip()\n")
}

// writeShown writes the masked view of a type and the String, GoString
// and LogValue methods built on it.
func writeShown(b *bytes.Buffer, s *Spec, typ string, members []*Member) {
	writeShownAs(b, s, typ, members, false)
}

// writeShownAs is writeShown; a bare type's String leaves out the type's
// name ({A: "x"}), as the items of a request's list and its options show.
func writeShownAs(b *bytes.Buffer, s *Spec, typ string, members []*Member, bare bool) {
	fmt.Fprintf(b, "func (x %s) shown() []shownField {\n\treturn []shownField{\n", typ)
	for _, m := range members {
		fmt.Fprintf(b, "\t\t{%q, %s},\n", m.Wire, shownValue(s, m))
	}
	b.WriteString("\t}\n}\n\n")
	name := typ
	if bare {
		name = ""
	}
	fmt.Fprintf(b, "// String shows the %s with personal data masked and media by size.\n", typ)
	fmt.Fprintf(b, "func (x %s) String() string { return showStruct(%q, x.shown()) }\n\n", typ, name)
	b.WriteString("// GoString is used by %#v; it masks like String.\n")
	if bare {
		fmt.Fprintf(b, "func (x %s) GoString() string { return showStruct(%q, x.shown()) }\n\n", typ, "faceid."+typ)
	} else {
		fmt.Fprintf(b, "func (x %s) GoString() string { return \"faceid.\" + x.String() }\n\n", typ)
	}
	b.WriteString("// LogValue logs the fields masked like String.\n")
	fmt.Fprintf(b, "func (x %s) LogValue() slog.Value { return logShown(x.shown()) }\n\n", typ)
}

// shownValue is the expression showing a member masked for its kind of
// personal data.
func shownValue(s *Spec, m *Member) string {
	field := "x." + m.Go
	switch {
	case m.As == "chars":
		return "showChars(" + field + ")"
	case m.As == "count":
		return "showCount(len(" + field + "))"
	case m.Pointer:
		return "showOptionalBool(" + field + ")"
	case m.Media != "" && m.Type == "array":
		return "showSizes(" + field + ")"
	case m.Media != "":
		return "showSize(" + field + ")"
	case m.Type == "object" && m.Struct == "Encryption":
		return "showEncryption(" + field + ")"
	case m.Type == "object" && m.Struct != "" && !m.Required && s.Structs[m.Struct].Input:
		return "showOptional(" + field + ")"
	case m.Type == "object":
		return field + ".String()"
	case m.Type == "array" && !isScalar(m.Elem):
		return "showList(" + field + ")"
	case m.Type == "array" && m.Elem == "string" && m.PII != "":
		panic(m.Wire + ": no masked display for a list of personal data yet; add one to show.go")
	case m.Type == "array" && m.Elem == "string":
		return "showTexts(" + field + ")"
	case m.Type == "array":
		return "showAny(" + field + ")"
	case m.Type == "string":
		return "show(" + strconv.Quote(m.PII) + ", " + field + ")"
	}
	return "showAny(" + field + ")"
}
