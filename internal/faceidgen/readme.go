package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// The README's generated tables sit between these markers; the generator
// rewrites what is between them.
const (
	tableBegin           = "<!-- actions table: generated from spec/ by go generate; do not edit -->"
	tableEnd             = "<!-- end of actions table -->"
	encryptionTableBegin = "<!-- encryption table: generated from spec/ by go generate; do not edit -->"
	encryptionTableEnd   = "<!-- end of encryption table -->"
)

// updateReadme rewrites the generated tables of readme.
func updateReadme(readme []byte, s *Spec) ([]byte, error) {
	out, err := replaceBetween(readme, tableBegin, tableEnd, actionTable(s))
	if err != nil {
		return nil, err
	}
	return replaceBetween(out, encryptionTableBegin, encryptionTableEnd, encryptionTable(s))
}

// actionTable renders every action, grouped by area, as Markdown.
func actionTable(s *Spec) []byte {
	var b bytes.Buffer
	b.WriteString("| area | action | what it does | billed | QPS |\n|---|---|---|---|---|\n")
	for _, area := range s.Areas {
		for _, a := range s.Actions {
			if a.Area != area.Name {
				continue
			}
			billed := "free"
			if a.Billed {
				billed = "per call"
			}
			qps := "—"
			if a.QPS > 0 {
				qps = fmt.Sprint(a.QPS)
			}
			summary := a.Summary
			if a.Token != nil {
				summary += " Token: `" + a.Token.Issues + "`, " + a.Token.Lifetime
				if a.Token.SingleUse {
					summary += ", single use"
				}
				summary += "."
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", area.Title, a.Name, strings.ReplaceAll(summary, "|", "\\|"), billed, qps)
		}
	}
	return b.Bytes()
}

// replaceBetween puts table between the markers begin and end of readme.
func replaceBetween(readme []byte, beginMarker, endMarker string, table []byte) ([]byte, error) {
	begin := bytes.Index(readme, []byte(beginMarker))
	end := bytes.Index(readme, []byte(endMarker))
	if begin < 0 || end < begin {
		return nil, errors.New("the markers " + beginMarker + " and " + endMarker + " are missing")
	}
	var out bytes.Buffer
	out.Write(readme[:begin+len(beginMarker)])
	out.WriteString("\n")
	out.Write(table)
	out.Write(readme[end:])
	return out.Bytes(), nil
}
