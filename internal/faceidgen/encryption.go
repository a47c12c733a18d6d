package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// encryptionFacts is what the spec says about one action's sensitive-data
// encryption, derived from its members: the request members it takes
// sealed (marked encryptable), whether it takes its business parameters
// sealed whole (an EncryptedBody request member), the reply members
// FaceID may return encrypted (marked encryptable, by path from Response),
// whether it can return its whole reply sealed (an EncryptedBody reply
// member), and whether the Encryption object is flat (PhoneVerification's
// CiphertextBlob, EncryptList and Iv members).
type encryptionFacts struct {
	members    []string
	wholeBody  bool
	reply      []string
	wholeReply bool
	flat       bool
}

// encryptionOf derives an action's encryption facts; ok is false for an
// action that takes no encryption at all.
func encryptionOf(s *Spec, a *Action) (f encryptionFacts, ok bool) {
	hasObject := false
	for _, m := range a.Request {
		switch {
		case m.Encryptable:
			f.members = append(f.members, m.Wire)
		case m.Wire == "EncryptedBody":
			f.wholeBody = true
		case m.Type == "object" && m.Struct == "Encryption":
			hasObject = true
		}
	}
	f.flat = !hasObject && slices.ContainsFunc(a.Request, isWire("CiphertextBlob"))
	if hasObject && slices.ContainsFunc(a.Response, isWire("Encryption")) {
		for _, m := range a.Response {
			f.reply = append(f.reply, encryptablePaths(s, m, "")...)
			if m.Wire == "EncryptedBody" {
				f.wholeReply = true
			}
		}
	}
	return f, hasObject || f.flat
}

// findMember returns the member named wire, or nil.
func findMember(members []*Member, wire string) *Member {
	if i := slices.IndexFunc(members, isWire(wire)); i >= 0 {
		return members[i]
	}
	return nil
}

// isWire returns a test for the member named wire.
func isWire(wire string) func(*Member) bool {
	return func(m *Member) bool { return m.Wire == wire }
}

// encryptablePaths lists the encryptable text members under m, by path.
func encryptablePaths(s *Spec, m *Member, prefix string) []string {
	path := prefix + m.Wire
	if m.Encryptable {
		return []string{path}
	}
	if m.Type != "object" {
		return nil
	}
	st := s.Structs[m.Struct]
	if st == nil {
		return nil // Spec.check reports the unknown struct
	}
	var paths []string
	for _, sub := range st.Members {
		paths = append(paths, encryptablePaths(s, sub, path+".")...)
	}
	return paths
}

// writeEncryption writes package faceid's encryption facts: what
// ActionInfo.Encryption reports, the fast member test the request sealer
// uses, and, for every reply that can carry encrypted members, the method
// that finds a member by its path so that the client can decrypt it in
// place.
func writeEncryption(out *bytes.Buffer, s *Spec) {
	var body bytes.Buffer
	b := &body
	defer func() {
		if bytes.Contains(body.Bytes(), []byte("strings.")) {
			out.WriteString("import \"strings\"\n\n")
		}
		out.Write(body.Bytes())
	}()
	b.WriteString("// encryptionInfo describes what an action can carry encrypted; nil for an\n// action that takes no Encryption.\n")
	b.WriteString("func encryptionInfo(action string) *EncryptionInfo {\n\tswitch action {\n")
	for _, a := range s.Actions {
		f, ok := encryptionOf(s, a)
		if !ok {
			continue
		}
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn &EncryptionInfo{Members: %s, WholeBody: %t, ReplyMembers: %s, WholeReply: %t, Flat: %t}\n",
			a.Name, stringSlice(f.members), f.wholeBody, stringSlice(f.reply), f.wholeReply, f.flat)
	}
	b.WriteString("\t}\n\treturn nil\n}\n\n")

	b.WriteString("// sealingOf says how a call of action is sealed; the zero sealing for an\n// action that takes no encryption.\n")
	b.WriteString("func sealingOf(action string) sealing {\n\tswitch action {\n")
	for _, a := range s.Actions {
		f, ok := encryptionOf(s, a)
		if !ok {
			continue
		}
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn sealing{takes: true, wholeBody: %t, reply: %t, flat: %t}\n", a.Name, f.wholeBody, len(f.reply) > 0 || f.wholeReply, f.flat)
	}
	b.WriteString("\t}\n\treturn sealing{}\n}\n\n")

	b.WriteString("// encryptableMember reports whether action takes the request member\n// sealed.\n")
	b.WriteString("func encryptableMember(action, member string) bool {\n\tswitch action {\n")
	for _, a := range s.Actions {
		if f, _ := encryptionOf(s, a); len(f.members) > 0 {
			list := quoteList(f.members)
			fmt.Fprintf(b, "\tcase %q:\n\t\tswitch member {\n\t\tcase %s:\n\t\t\treturn true\n\t\t}\n", a.Name, list[len("[]string{"):len(list)-1])
		}
	}
	b.WriteString("\t}\n\treturn false\n}\n\n")

	// One accessor per Go type holding encryptable reply members: the
	// reply types of the actions, then the structs they lead to.
	written := map[string]bool{}
	for _, a := range s.Actions {
		f, _ := encryptionOf(s, a)
		if len(f.reply) == 0 {
			continue
		}
		typ := replyGoType(a)
		b.WriteString("// replyEncryption returns what the reply says about its encryption, and\n// the ciphertext of its whole body, if any.\n")
		fmt.Fprintf(b, "func (x *%s) replyEncryption() (*Encryption, []byte, error) {\n", typ)
		if body := findMember(a.Response, "EncryptedBody"); body != nil && !body.Base64 && a.Result == "" && a.ResponseGo == "" {
			// A generated response holds the base64 text.
			b.WriteString("\tbody, err := decodeEncryptedBody(x.EncryptedBody)\n\treturn &x.Encryption, body, err\n}\n\n")
			fmt.Fprintf(b, "func (x *%s) dropEncryptedBody() { x.EncryptedBody = \"\" }\n\n", typ)
		} else {
			b.WriteString("\treturn &x.Encryption, x.EncryptedBody, nil\n}\n\n")
			fmt.Fprintf(b, "func (x *%s) dropEncryptedBody() { x.EncryptedBody = nil }\n\n", typ)
		}
		writeAccessor(b, s, typ, a.Response, written)
	}
}

// replyGoType is the Go type a reply's members are decoded into: the
// result struct, the hand-written response the spec names, or the
// generated response.
func replyGoType(a *Action) string {
	switch {
	case a.Result != "":
		return a.Result
	case a.ResponseGo != "":
		return a.ResponseGo
	}
	return a.Name + "Response"
}

// writeAccessor writes typ's encryptedMember method, and those of the
// structs it leads to, once each.
func writeAccessor(b *bytes.Buffer, s *Spec, typ string, members []*Member, written map[string]bool) {
	if written[typ] {
		return
	}
	written[typ] = true
	var direct, nested []*Member
	for _, m := range members {
		switch {
		case m.Encryptable:
			direct = append(direct, m)
		case m.Type == "object" && len(encryptablePaths(s, m, "")) > 0:
			nested = append(nested, m)
		}
	}
	fmt.Fprintf(b, "// encryptedMember returns the text member of %s at path (wire names\n// joined with dots), or nil when path names no encryptable member.\n", typ)
	fmt.Fprintf(b, "func (x *%s) encryptedMember(path string) *string {\n", typ)
	if len(nested) > 0 {
		b.WriteString("\tif name, rest, ok := strings.Cut(path, \".\"); ok {\n\t\tswitch name {\n")
		for _, m := range nested {
			fmt.Fprintf(b, "\t\tcase %q:\n\t\t\treturn x.%s.encryptedMember(rest)\n", m.Wire, m.Go)
		}
		b.WriteString("\t\t}\n\t\treturn nil\n\t}\n")
	}
	if len(direct) > 0 {
		b.WriteString("\tswitch path {\n")
		for _, m := range direct {
			fmt.Fprintf(b, "\tcase %q:\n\t\treturn &x.%s\n", m.Wire, m.Go)
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("\treturn nil\n}\n\n")
	for _, m := range nested {
		st := s.Structs[m.Struct]
		writeAccessor(b, s, st.Go, st.Members, written)
	}
}

// stringSlice renders names as a Go []string literal; nil when empty.
func stringSlice(names []string) string {
	if len(names) == 0 {
		return "nil"
	}
	return quoteList(names)
}

// encryptionTable is the README's table of what each action can carry
// encrypted, between the encryption table markers.
func encryptionTable(s *Spec) []byte {
	var b bytes.Buffer
	b.WriteString("| Action | Sealed in requests | Whole body | Decrypted in replies |\n|---|---|---|---|\n")
	for _, a := range s.Actions {
		f, ok := encryptionOf(s, a)
		if !ok {
			continue
		}
		members := "`" + strings.Join(f.members, "`, `") + "`"
		if f.flat {
			members += " (flat `CiphertextBlob`, `EncryptList`, `Iv`; AES-256-CBC only)"
		}
		if len(f.members) == 0 {
			members = "—"
		}
		body := "—"
		if f.wholeBody {
			body = "`EncryptedBody`"
		}
		reply := "—"
		if len(f.reply) > 0 {
			reply = "`" + strings.Join(f.reply, "`, `") + "`"
		}
		if f.wholeReply {
			reply += "; the whole reply with `IsEncryptResponse`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", a.Name, members, body, reply)
	}
	return b.Bytes()
}

// sandboxEncryption is the part of an action's sandbox model that says
// what it takes and returns encrypted, as Go source of actionModel fields;
// empty for an action that takes no encryption.
func sandboxEncryption(s *Spec, a *Action) string {
	f, ok := encryptionOf(s, a)
	if !ok {
		return ""
	}
	var fields []string
	if len(f.members) > 0 {
		fields = append(fields, "encryptable: "+stringSlice(f.members))
	}
	if f.wholeBody {
		fields = append(fields, "wholeBody: true")
	}
	if len(f.reply) > 0 {
		fields = append(fields, "encryptedReply: "+stringSlice(f.reply))
	}
	if f.wholeReply {
		fields = append(fields, "wholeReply: true")
	}
	if f.flat {
		fields = append(fields, "flatEncryption: true")
	}
	return strings.Join(fields, ", ")
}
