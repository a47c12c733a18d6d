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

	b.WriteString("// resultCategoryMeanings returns what each category means.\n")
	b.WriteString("func resultCategoryMeanings() map[ResultCategory]string {\n\treturn map[ResultCategory]string{\n")
	for _, c := range s.Categories {
		fmt.Fprintf(b, "\t\t%s: %q,\n", c.Go, c.Meaning)
	}
	b.WriteString("\t}\n}\n\n")

	b.WriteString("// resultTable returns the member holding an action's business outcome and\n")
	b.WriteString("// the outcomes it can report; an action without one returns \"\" and nil.\n")
	b.WriteString("func resultTable(action string) (member string, table []resultEntry) {\n\tswitch action {\n")
	for _, a := range s.Actions {
		if a.Results == nil {
			continue
		}
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn %q, []resultEntry{\n", a.Name, a.Results.Field)
		for _, c := range a.Results.Codes {
			billing := "BillingUnknown"
			if c.Billed != nil {
				billing = map[bool]string{true: "Billed", false: "NotBilled"}[*c.Billed]
			}
			fmt.Fprintf(b, "\t\t\t{%q, %s, %s, %q, %q},\n", c.Code, categoryGo(s, c.Category), billing, c.Meaning, c.MessageZH)
		}
		b.WriteString("\t\t}\n")
	}
	b.WriteString("\t}\n\treturn \"\", nil\n}\n")
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
