package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// writePII writes personalDataKey: whether a JSON member name holds
// personal data as text in some action's request or reply.
func writePII(b *bytes.Buffer, s *Spec) {
	// The kinds of personal data held as text, which redaction blanks when
	// they appear as JSON members in server text.
	textPII := []string{"name", "id-number", "phone", "bank-card", "address", "birth-date", "location", "speech"}
	keys := map[string]bool{}
	add := func(members []*Member) {
		for _, m := range members {
			if slices.Contains(textPII, m.PII) {
				keys[strings.ToLower(m.Wire)] = true
			}
		}
	}
	for _, a := range s.Actions {
		add(a.Request)
		add(a.Response)
	}
	for _, st := range s.Structs {
		add(st.Members)
	}
	list := make([]string, 0, len(keys))
	longest := 0
	for k := range keys {
		list = append(list, k)
		longest = max(longest, len(k))
	}
	slices.Sort(list)
	b.WriteString("import \"strings\"\n\n")
	fmt.Fprintf(b, "// maxPersonalDataKey is the length of the longest member name personalDataKey knows.\nconst maxPersonalDataKey = %d\n\n", longest)
	b.WriteString("// personalDataKey reports whether a JSON member name, in any letter case,\n// holds personal data as text in some action's request or reply.\n")
	b.WriteString("func personalDataKey(key string) bool {\n\tif len(key) > maxPersonalDataKey {\n\t\treturn false\n\t}\n\tswitch strings.ToLower(key) {\n\tcase ")
	quoted := make([]string, len(list))
	for i, k := range list {
		quoted[i] = fmt.Sprintf("%q", k)
	}
	b.WriteString(strings.Join(quoted, ", "))
	b.WriteString(":\n\t\treturn true\n\t}\n\treturn false\n}\n")
}
