package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
)

// writeSamples writes package faceidtest's SampleParams: a minimal valid
// request of every action as JSON, with the spec's fictional identity,
// the same values the contract tests send.
func writeSamples(b *bytes.Buffer, s *Spec) {
	b.WriteString("// SampleParams returns a minimal valid request of action as JSON, with\n")
	b.WriteString("// Tencent's member names and the fictional identity of the package's\n")
	b.WriteString("// tests (media as base64 of a few bytes of the right format), ready for\n")
	b.WriteString("// faceid.Client.CallAction; nil for an unknown action. A token member\n")
	b.WriteString("// holds a placeholder: a flow's result needs the token the flow issued.\n")
	b.WriteString("func SampleParams(action string) []byte {\n\tswitch action {\n")
	for _, a := range s.Actions {
		params := map[string]any{}
		for _, m := range sampleMembers(a) {
			if v, ok := jsonRequestSample(m); ok {
				params[m.Wire] = v
			}
		}
		doc, err := json.Marshal(params)
		if err != nil {
			panic(err) // samples are strings, numbers and booleans
		}
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn []byte(%s)\n", a.Name, strconv.Quote(string(doc)))
	}
	b.WriteString("\t}\n\treturn nil\n}\n")
}

// jsonRequestSample is the JSON value of a valid request member, as
// goSample gives it in Go; ok is false for an object, left out.
func jsonRequestSample(m *Member) (any, bool) {
	if m.Media != "" {
		return base64.StdEncoding.EncodeToString([]byte(mediaSampleBytes(m))), true
	}
	l := m.Limits
	if l == nil {
		l = &Limits{}
	}
	switch m.Type {
	case "integer":
		switch {
		case len(l.Enum) > 0:
			return l.Enum[0], true
		case l.Min != nil:
			return *l.Min, true
		}
		return 1, true
	case "boolean":
		return true, true
	case "array":
		if m.Elem == "string" {
			return []string{"sample"}, true
		}
		return nil, false
	case "object":
		return nil, false
	}
	return stringSample(m), true
}
