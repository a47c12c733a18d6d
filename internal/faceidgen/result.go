package main

import (
	"bytes"
	"fmt"
	"slices"
)

// The SaaS result model: the structs of a reply that carries media by
// kind (GetDetectInfoEnhanced's, whose action names its Go type in
// "result"). Their types and decoders are generated into zz_result_gen.go;
// the decoders are methods of the hand-written resultDecoder, which keeps
// media in memory or streams them to a MediaSink.

// resultStructs returns the structs reachable from the responses of the
// actions with a result type, whose code is generated, in a stable order:
// depth first, in member order.
func (s *Spec) resultStructs() []string {
	var names []string
	var visit func(members []*Member)
	visit = func(members []*Member) {
		for _, m := range members {
			name := m.Struct
			if m.Type == "array" && !isScalar(m.Elem) {
				name = m.Elem
			}
			st := s.Structs[name]
			if name == "" || st == nil || st.Handwritten || slices.Contains(names, name) {
				continue
			}
			names = append(names, name)
			visit(st.Members)
		}
	}
	for _, a := range s.Actions {
		if a.Result != "" {
			visit(a.Response)
		}
	}
	return names
}

// writeResultModel writes the types of the result structs.
func writeResultModel(b *bytes.Buffer, s *Spec) {
	for _, name := range s.resultStructs() {
		st := s.Structs[name]
		doc := st.Note
		if doc == "" {
			doc = fmt.Sprintf("%s is FaceID's %s object.", st.Go, name)
		}
		writeComment(b, "", doc)
		fmt.Fprintf(b, "type %s struct {\n", st.Go)
		for _, m := range st.Members {
			writeField(b, s, m, false)
		}
		b.WriteString("}\n\n")
	}
}
