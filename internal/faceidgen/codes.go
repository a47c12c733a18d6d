package main

import (
	"bytes"
	"fmt"
)

// writeCodes writes package codes: one constant per API error code, named
// as the spec names it, documented with its note.
func writeCodes(b *bytes.Buffer, s *Spec) {
	b.WriteString("// Error codes of the Tencent Cloud API and of FaceID.\nconst (\n")
	for i, e := range s.Errors {
		if i > 0 {
			b.WriteString("\n")
		}
		writeComment(b, "\t", e.Go+": "+lowerFirst(e.Note))
		fmt.Fprintf(b, "\t%s = %q\n", e.Go, e.Code)
	}
	b.WriteString(")\n")
}
