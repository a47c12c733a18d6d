package main

import (
	"bytes"
	"fmt"
)

// writeResults writes the ResultCategory constants and every action's
// Result-code table.
func writeResults(b *bytes.Buffer, s *Spec) {
	b.WriteString("// The categories of business outcomes.\nconst (\n")
	for _, c := range s.Categories {
		fmt.Fprintf(b, "\t%s ResultCategory = %q // %s\n", c.Go, c.Name, c.Meaning)
	}
	b.WriteString(")\n\n")

	b.WriteString("// Meaning describes the category in a few words; \"\" for an unknown one.\n")
	b.WriteString("func (c ResultCategory) Meaning() string {\n\tswitch c {\n")
	for _, c := range s.Categories {
		fmt.Fprintf(b, "\tcase %s:\n\t\treturn %q\n", c.Go, c.Meaning)
	}
	b.WriteString("\t}\n\treturn \"\"\n}\n\n")

	b.WriteString("// resultCodes returns an action's business outcome codes, in the order of\n")
	b.WriteString("// Tencent's documentation; nil for an action without one.\n")
	b.WriteString("func resultCodes(action string) []string {\n\tswitch action {\n")
	for _, a := range s.Actions {
		if a.Results == nil {
			continue
		}
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn []string{", a.Name)
		for i, c := range a.Results.Codes {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%q", c.Code)
		}
		b.WriteString("}\n")
	}
	b.WriteString("\t}\n\treturn nil\n}\n\n")

	b.WriteString("// resultMember returns the member holding an action's business outcome,\n// or \"\".\n")
	b.WriteString("func resultMember(action string) string {\n\tswitch action {\n")
	for _, a := range s.Actions {
		if a.Results != nil {
			fmt.Fprintf(b, "\tcase %q:\n\t\treturn %q\n", a.Name, a.Results.Field)
		}
	}
	b.WriteString("\t}\n\treturn \"\"\n}\n\n")

	b.WriteString("// resultEntryOf describes one code of an action; known is false for a\n// code its table does not list.\n")
	b.WriteString("func resultEntryOf(action, code string) (e resultEntry, known bool) {\n\tswitch action {\n")
	for _, a := range s.Actions {
		if a.Results == nil {
			continue
		}
		fmt.Fprintf(b, "\tcase %q:\n\t\tswitch code {\n", a.Name)
		for _, c := range a.Results.Codes {
			billing := "BillingUnknown"
			if c.Billed != nil {
				billing = map[bool]string{true: "Billed", false: "NotBilled"}[*c.Billed]
			}
			fmt.Fprintf(b, "\t\tcase %q:\n\t\t\treturn resultEntry{%s, %s, %q, %q}, true\n", c.Code, categoryGo(s, c.Category), billing, c.Meaning, c.MessageZH)
		}
		b.WriteString("\t\t}\n")
	}
	b.WriteString("\t}\n\treturn resultEntry{}, false\n}\n")
}

// categoryGo returns the Go constant of a category.
func categoryGo(s *Spec, name string) string {
	for _, c := range s.Categories {
		if c.Name == name {
			return c.Go
		}
	}
	panic("unknown category " + name) // Load has checked every category
}
