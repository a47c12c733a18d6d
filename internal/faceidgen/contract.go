package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writeContract writes the contract cases of the generated actions, used
// by contract_test.go: for each action a valid request built from the
// spec's limits, a way to clear each required member, a reply carrying
// every response member, and the typed call.
func writeContract(b *bytes.Buffer, s *Spec) {
	b.WriteString("import \"context\"\n\n")
	b.WriteString("// contractCases returns one case per generated action.\nfunc contractCases() []contractCase {\n\treturn []contractCase{\n")
	for _, a := range s.generated() {
		req := a.Name + "Request"
		fmt.Fprintf(b, "\t\t{\n\t\t\taction: %q,\n", a.Name)
		fmt.Fprintf(b, "\t\t\tvalid: func() request {\n\t\t\t\treturn &%s{\n", req)
		for _, m := range sampleMembers(a) {
			fmt.Fprintf(b, "\t\t\t\t\t%s: %s,\n", m.Go, goSample(s, m))
		}
		b.WriteString("\t\t\t\t}\n\t\t\t},\n")
		b.WriteString("\t\t\trequired: []requiredMember{\n")
		for _, m := range a.Request {
			if !m.Required || !(m.Type == "string" || m.Type == "array" || m.Media != "") {
				continue
			}
			zero := "nil"
			if m.Type == "string" && m.Media == "" {
				zero = `""`
			}
			fmt.Fprintf(b, "\t\t\t\t{%q, func(r request) { r.(*%s).%s = %s }},\n", m.Wire, req, m.Go, zero)
		}
		b.WriteString("\t\t\t},\n")
		fmt.Fprintf(b, "\t\t\treply: %s,\n", strconv.Quote(sampleReply(s, a)))
		if a.Results != nil {
			fmt.Fprintf(b, "\t\t\tresultMember: %q,\n", a.Results.Field)
		}
		fmt.Fprintf(b, "\t\t\tcall: func(ctx context.Context, c *Client, r request) (response, error) {\n\t\t\t\treturn c.%s(ctx, r.(*%s))\n\t\t\t},\n", a.Name, req)
		fmt.Fprintf(b, "\t\t\tfresh: func() response { return new(%sResponse) },\n", a.Name)
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t}\n}\n")
}

// sampleMembers returns the request members a minimal valid request sets:
// the required ones and the first alternative of each one-of group.
func sampleMembers(a *Action) []*Member {
	set := map[string]bool{}
	for _, m := range a.Request {
		set[m.Wire] = m.Required
	}
	for _, g := range a.OneOf {
		for _, wire := range strings.Split(g.Members[0], "+") {
			set[wire] = true
		}
	}
	var out []*Member
	for _, m := range a.Request {
		if set[m.Wire] {
			out = append(out, m)
		}
	}
	return out
}

// Sample values; the identity is fictional (the ID number has a valid check
// digit but belongs to no one known).
const (
	sampleIDNumber = "110101199003071233"
	sampleName     = "测试"
	samplePhone    = "13800000000"
	sampleCard     = "6222000000000000"
)

// goSample is a Go expression of a valid value for a request member: the
// value jsonRequestSample gives, written in Go.
func goSample(s *Spec, m *Member) string {
	if m.Media != "" {
		return mediaSample(m)
	}
	v, ok := jsonRequestSample(m)
	if !ok {
		return "nil"
	}
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []string:
		return quoteList(v)
	}
	return fmt.Sprint(v)
}

// stringSample is a valid value for a string member.
func stringSample(m *Member) string {
	l := m.Limits
	if l == nil {
		l = &Limits{}
	}
	switch {
	case len(l.Enum) > 0:
		return fmt.Sprint(l.Enum[0])
	case l.Digits != "":
		return l.Digits[:1]
	}
	switch l.Format {
	case "mainland-id":
		return sampleIDNumber
	case "mobile":
		return samplePhone
	case "digits":
		return sampleCard
	case "url":
		return "https://merchant.example/return"
	case "yyyymmdd":
		return "20200101"
	case "yyyymmdd-or-long-term":
		return "00000000"
	case "yyyy-mm-dd":
		return "2026-11-30"
	}
	switch m.PII {
	case "name":
		return sampleName
	case "id-number":
		return sampleIDNumber
	case "phone":
		return samplePhone
	case "bank-card":
		return sampleCard
	}
	v := "sample-" + m.Wire
	if l.MaxLength > 0 && len(v) > l.MaxLength {
		v = v[:l.MaxLength]
	}
	if l.MaxRunes > 0 && utf8.RuneCountInString(v) > l.MaxRunes {
		v = v[:l.MaxRunes]
	}
	return v
}

// mediaSample is a Go expression of small media of the member's format.
func mediaSample(m *Member) string {
	return "[]byte(" + strconv.Quote(mediaSampleBytes(m)) + ")"
}

// mediaSampleBytes is a few bytes of the member's media format.
func mediaSampleBytes(m *Member) string {
	if m.Media == "video" {
		return "\x00\x00\x00\x18ftypmp42sample"
	}
	return "\xff\xd8\xff\xe0sample-jpeg"
}

// sampleReply is a reply carrying every response member, the first Result
// code in the results member.
func sampleReply(s *Spec, a *Action) string {
	obj := map[string]any{}
	for _, m := range a.Response {
		obj[m.Wire] = jsonSample(s, m)
	}
	if a.Results != nil {
		obj[a.Results.Field] = a.Results.Codes[0].Code
	}
	obj["RequestId"] = "c0ffee00-0000-4000-8000-" + fmt.Sprintf("%012d", len(a.Name))
	out, err := json.Marshal(map[string]any{"Response": obj})
	if err != nil {
		panic(err)
	}
	return string(out)
}

// jsonSample is a JSON value for a response member.
func jsonSample(s *Spec, m *Member) any {
	if m.Media != "" {
		if m.Type == "array" {
			return []any{"/9j/4AAQ", "/9j/4BBQ"}
		}
		return "/9j/4AAQSkZJRg=="
	}
	switch m.Type {
	case "integer":
		return 2
	case "float":
		return 88.5
	case "boolean":
		return true
	case "array":
		if isScalar(m.Elem) {
			return []any{jsonSample(s, &Member{Wire: m.Wire, Type: m.Elem, PII: m.PII})}
		}
		return []any{structSample(s, m.Elem)}
	case "object":
		return structSample(s, m.Struct)
	}
	switch m.PII {
	case "name":
		return sampleName
	case "id-number":
		return sampleIDNumber
	case "phone":
		return samplePhone
	case "bank-card":
		return sampleCard
	}
	return "sample-" + m.Wire
}

// structSample is a JSON object for a struct member.
func structSample(s *Spec, name string) map[string]any {
	obj := map[string]any{}
	for _, m := range s.Structs[name].Members {
		obj[m.Wire] = jsonSample(s, m)
	}
	return obj
}
