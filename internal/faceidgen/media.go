package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The media kinds of the SaaS result: one MediaKind constant per media
// member that has a mediaKind, in wire order, with its file-name stem,
// extension and name, and the result type's Media method listing them.
// They are written to zz_media_gen.go; MediaRef and MediaItem, which name
// files and sniff formats, are hand-written.

// mediaMember is one media member of a result, reached from the result
// type.
type mediaMember struct {
	m *Member
	// field is the Go expression of the field, from the variable holding
	// its struct ("d.IDCardData.OcrFront", "x.Video").
	field string
	// path is the wire path with the list indexes named by indexes:
	// "IntentionActionResult.Details[Index].Video".
	path []string
	// indexes names the loop variables of the lists around the member,
	// outermost first.
	indexes []string
}

// hasMedia reports whether a struct holds a member with a media kind,
// itself or in a nested struct.
func (s *Spec) hasMedia(name string) bool {
	st := s.Structs[name]
	if st == nil {
		return false
	}
	for _, m := range st.Members {
		switch {
		case m.MediaKind != nil:
			return true
		case m.Type == "object" && s.hasMedia(m.Struct):
			return true
		case m.Type == "array" && !isScalar(m.Elem) && s.hasMedia(m.Elem):
			return true
		}
	}
	return false
}

// resultAction returns the action whose response is the result type with
// media kinds, or nil.
func (s *Spec) resultAction() *Action {
	for _, a := range s.Actions {
		if a.Result != "" {
			return a
		}
	}
	return nil
}

// indexVar is the loop variable of the n-th nested list around a media
// item: i for its Index, then j for its Shot.
func indexVar(n int) string {
	if n > 1 {
		panic("faceidgen: a media item is numbered by an Index and a Shot at most")
	}
	return string(rune('i' + n))
}

// writeMedia writes the media kinds of the result and its Media method.
func writeMedia(b *bytes.Buffer, s *Spec) {
	a := s.resultAction()
	if a == nil {
		return
	}
	var kinds []*mediaMember
	var walk func(members []*Member, on string, path []string, indexes []string)
	walk = func(members []*Member, on string, path []string, indexes []string) {
		for _, m := range members {
			at := append(path[:len(path):len(path)], m.Wire)
			switch {
			case m.MediaKind != nil && m.Type == "array":
				kinds = append(kinds, &mediaMember{m, on + m.Go, at, append(indexes[:len(indexes):len(indexes)], indexVar(len(indexes)))})
			case m.MediaKind != nil:
				kinds = append(kinds, &mediaMember{m, on + m.Go, at, indexes})
			case m.Type == "object" && s.hasMedia(m.Struct):
				walk(s.Structs[m.Struct].Members, on+m.Go+".", at, indexes)
			case m.Type == "array" && !isScalar(m.Elem) && s.hasMedia(m.Elem):
				i := indexVar(len(indexes))
				walk(s.Structs[m.Elem].Members, on+m.Go+"["+i+"].", at, append(indexes[:len(indexes):len(indexes)], i))
			}
		}
	}
	walk(a.Response, "d.", nil, nil)
	if numbered(kinds) {
		b.WriteString("import \"strconv\"\n\n")
	}

	b.WriteString("// Media kinds, in the order they appear in a result.\nconst (\n")
	for n, k := range kinds {
		typ := ""
		if n == 0 {
			typ = " MediaKind = iota + 1"
		}
		fmt.Fprintf(b, "\tMedia%s%s // %s\n", k.m.MediaKind.Kind, typ, k.docPath())
	}
	b.WriteString(")\n\n")

	b.WriteString("// info returns the kind's file-name stem, its usual extension and how\n")
	b.WriteString("// many list positions its file names carry (1 for an item of a list,\n")
	b.WriteString("// 2 for an item of a list inside a list's element).\n")
	b.WriteString("func (k MediaKind) info() (stem, ext string, numbers int) {\n\tswitch k {\n")
	for _, k := range kinds {
		fmt.Fprintf(b, "\tcase Media%s:\n\t\treturn %q, %q, %d\n", k.m.MediaKind.Kind, k.m.MediaKind.File, k.m.MediaKind.Ext, len(k.indexes))
	}
	b.WriteString("\t}\n\treturn \"media\", \".bin\", 0\n}\n\n")

	b.WriteString("// String returns the kind's stable name, e.g. \"liveness-video\".\n")
	b.WriteString("func (k MediaKind) String() string {\n\tswitch k {\n")
	for _, k := range kinds {
		name := k.m.MediaKind.Name
		if name == "" {
			name = k.m.MediaKind.File
		}
		fmt.Fprintf(b, "\tcase Media%s:\n\t\treturn %q\n", k.m.MediaKind.Kind, name)
	}
	b.WriteString("\t}\n\treturn \"media\"\n}\n\n")

	writeMediaMethod(b, s, a, kinds)
}

// docPath is the member's wire path with its list positions named Index
// and Shot, for the constant's comment.
func (k *mediaMember) docPath() string {
	p := strings.Join(k.path, ".")
	for n := range k.indexes {
		// The n-th list on the path gets the n-th name.
		p = k.withIndex(p, n, []string{"[Index]", "[Shot]"}[n])
	}
	return p
}

// withIndex inserts an index after the path element of the n-th list
// around the member.
func (k *mediaMember) withIndex(p string, n int, index string) string {
	elems := strings.Split(p, ".")
	pos := k.listPos(n)
	elems[pos] += index
	return strings.Join(elems, ".")
}

// listPos returns the position on the path of the n-th list around the
// member: the path element whose Go field is indexed by the n-th index
// variable, or the member itself for its own list.
func (k *mediaMember) listPos(n int) int {
	// Each "[v]" in field follows the Go field of a list; path and field
	// have the same elements apart from the leading variable.
	elems := strings.Split(k.field, ".")[1:]
	for pos, e := range elems {
		if strings.HasSuffix(e, "["+k.indexes[n]+"]") {
			return pos
		}
	}
	return len(elems) - 1
}

// writeMediaMethod writes the result type's Media method, listing the
// non-empty media in wire order.
func writeMediaMethod(b *bytes.Buffer, s *Spec, a *Action, kinds []*mediaMember) {
	fmt.Fprintf(b, "// Media lists the result's non-empty media fields in wire order.\n")
	fmt.Fprintf(b, "func (d *%s) Media() []MediaItem {\n", a.Result)
	b.WriteString("\tvar items []MediaItem\n")
	b.WriteString("\tadd := func(kind MediaKind, index, shot int, path string, data []byte) {\n")
	b.WriteString("\t\tif len(data) > 0 {\n\t\t\titems = append(items, MediaItem{MediaRef{Kind: kind, Index: index, Shot: shot, Path: path}, data})\n\t\t}\n\t}\n")
	if numbered(kinds) {
		b.WriteString("\tidx := func(i int) string { return \"[\" + strconv.Itoa(i) + \"]\" }\n")
	}
	// open holds the Go fields of the lists whose loops are open.
	var open []string
	for _, k := range kinds {
		elems := strings.Split(k.field, ".")
		// The lists of structs around the member: the fields ending in
		// an index.
		var lists []string
		for n, e := range elems {
			if strings.HasSuffix(e, "]") {
				lists = append(lists, strings.Join(elems[:n], ".")+"."+e[:strings.IndexByte(e, '[')])
			}
		}
		common := 0
		for common < len(open) && common < len(lists) && open[common] == lists[common] {
			common++
		}
		for len(open) > common {
			open = open[:len(open)-1]
			b.WriteString(strings.Repeat("\t", len(open)+1) + "}\n")
		}
		for len(open) < len(lists) {
			fmt.Fprintf(b, "%sfor %s := range %s {\n", strings.Repeat("\t", len(open)+1), indexVar(len(open)), lists[len(open)])
			open = append(open, lists[len(open)])
		}
		tabs := strings.Repeat("\t", len(open)+1)
		index, shot := "0", "0"
		if len(k.indexes) > 0 {
			index = k.indexes[0]
		}
		if len(k.indexes) > 1 {
			shot = k.indexes[1]
		}
		if k.m.Type == "array" {
			v := k.indexes[len(k.indexes)-1]
			fmt.Fprintf(b, "%sfor %s, data := range %s {\n", tabs, v, k.field)
			fmt.Fprintf(b, "%s\tadd(Media%s, %s, %s, %s, data)\n%s}\n", tabs, k.m.MediaKind.Kind, index, shot, k.pathExpr(), tabs)
		} else {
			fmt.Fprintf(b, "%sadd(Media%s, %s, %s, %s, %s)\n", tabs, k.m.MediaKind.Kind, index, shot, k.pathExpr(), k.field)
		}
	}
	for len(open) > 0 {
		open = open[:len(open)-1]
		b.WriteString(strings.Repeat("\t", len(open)+1) + "}\n")
	}
	b.WriteString("\treturn items\n}\n")
}

// pathExpr is the Go expression of the member's wire path, with its list
// positions.
func (k *mediaMember) pathExpr() string {
	elems := slices.Clone(k.path)
	for n := range k.indexes {
		pos := k.listPos(n)
		elems[pos] += "\x00" + k.indexes[n] + "\x00"
	}
	var parts []string
	for n, lit := range strings.Split(strings.Join(elems, "."), "\x00") {
		switch {
		case n%2 == 1:
			parts = append(parts, "idx("+lit+")")
		case lit != "":
			parts = append(parts, strconv.Quote(lit))
		}
	}
	return strings.Join(parts, "+")
}

// numbered reports whether any of the kinds is an item of a list.
func numbered(kinds []*mediaMember) bool {
	return slices.ContainsFunc(kinds, func(k *mediaMember) bool { return len(k.indexes) > 0 })
}
