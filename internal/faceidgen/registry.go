package main

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// writeRegistry writes the action registry: the Area constants and one
// ActionInfo per action.
func writeRegistry(b *bytes.Buffer, s *Spec) {
	b.WriteString("import \"time\"\n\n")
	b.WriteString("// The areas actions are grouped in.\nconst (\n")
	for _, a := range s.Areas {
		fmt.Fprintf(b, "\t%s Area = %q // %s\n", a.Go, a.Name, a.Title)
	}
	b.WriteString(")\n\n")

	b.WriteString("// areaTitles returns the title of every area, in the order areas are listed.\n")
	b.WriteString("func areaTitles() []areaTitle {\n\treturn []areaTitle{\n")
	for _, a := range s.Areas {
		fmt.Fprintf(b, "\t\t{%s, %q},\n", a.Go, a.Title)
	}
	b.WriteString("\t}\n}\n\n")

	b.WriteString("// actionNames returns the name of every action, sorted.\n")
	b.WriteString("func actionNames() []string {\n\treturn []string{\n")
	for _, a := range s.Actions {
		fmt.Fprintf(b, "\t\t%q,\n", a.Name)
	}
	b.WriteString("\t}\n}\n\n")

	b.WriteString("// lookupAction describes one action; known is false for another name.\n")
	b.WriteString("func lookupAction(name string) (info ActionInfo, known bool) {\n\tswitch name {\n")
	for _, a := range s.Actions {
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn ActionInfo{Name: %q, Area: %s, Summary: %q, Billed: %t, QPS: %d", a.Name, a.Name, areaGo(s, a.Area), a.Summary, a.Billed, a.QPS)
		if t := a.Token; t != nil {
			fmt.Fprintf(b, ", Token: &TokenInfo{Member: %q, Lifetime: %s, SingleUse: %t, ResultRetention: %s}",
				t.Issues, durationLiteral(t.Lifetime), t.SingleUse, durationLiteral(t.ResultRetention))
		}
		b.WriteString("}, true\n")
	}
	b.WriteString("\t}\n\treturn ActionInfo{}, false\n}\n")
}

// areaGo returns the Go constant of an area.
func areaGo(s *Spec, name string) string {
	for _, a := range s.Areas {
		if a.Name == name {
			return a.Go
		}
	}
	panic("unknown area " + name) // Load has checked every area
}

// durationLiteral renders a spec duration ("600s", "72h") as Go source; an
// empty one is 0.
func durationLiteral(text string) string {
	if text == "" {
		return "0"
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		panic(err) // Load has checked every duration
	}
	switch {
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + " * time.Hour"
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + " * time.Second"
	}
	return strconv.FormatInt(int64(d), 10)
}
