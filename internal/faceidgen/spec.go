package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Spec is the project's description of the FaceID API, read from the spec
// folder: one file per action, the nested structs and the error codes.
type Spec struct {
	Actions    []*Action
	Structs    map[string]*Struct
	Errors     []ErrorCode
	Areas      []Area
	Categories []Category
}

// Area is a group of actions, as the registry and the README list them.
type Area struct {
	Name  string `json:"area"`
	Go    string `json:"go"`
	Title string `json:"title"`
}

// Category is a kind of business outcome a Result code can have.
type Category struct {
	Name    string `json:"category"`
	Go      string `json:"go"`
	Meaning string `json:"meaning"`
}

// Action is one API action.
type Action struct {
	Name        string `json:"action"`
	Area        string `json:"area"`
	Summary     string `json:"summary"`
	Billed      bool   `json:"billed"`
	Handwritten string `json:"handwritten"`
	RequestNote string `json:"requestNote"`
	Hooks       *Hooks `json:"hooks"`
	ResponseGo  string `json:"responseGo"`
	// ResponseNote and ResponseDisplay are the doc comment and the display
	// list of a response generated under the name ResponseGo (handwritten
	// "method").
	ResponseNote    string    `json:"responseNote"`
	ResponseDisplay []Display `json:"responseDisplay"`
	// SharesResult says that a response generated under ResponseGo shares
	// members with the result struct's reply (GetEidResult's EidResult):
	// they are decoded by the result's decoders, the type gets the result
	// struct's own fields, and sharedResult returns them as a result.
	SharesResult bool      `json:"sharesResult"`
	Result       string    `json:"result"`
	ResultNote   string    `json:"resultNote"`
	Display      []Display `json:"resultDisplay"`
	QPS          int       `json:"qps"`
	Token        *Token    `json:"token"`
	Request      []*Member `json:"request"`
	OneOf        []OneOf   `json:"oneOf"`
	Response     []*Member `json:"response"`
	Document     *Document `json:"document"`
	Results      *Results  `json:"results"`
	Errors       []string  `json:"errors"`
}

// Hooks name the hand-written methods of a generated request for the
// rules the spec cannot state: Normalize (func (x *Request) NAME()) turns a
// copy of the caller's request into the one sent before it is checked;
// Check (func (x *Request) NAME(v *validator, prefix string)) runs after
// the generated checks of the members.
type Hooks struct {
	Normalize string `json:"normalize"`
	Check     string `json:"check"`
}

// Token describes the token a flow-starting action issues.
type Token struct {
	Issues          string `json:"issues"`
	Lifetime        string `json:"lifetime"`
	SingleUse       bool   `json:"singleUse"`
	ResultRetention string `json:"resultRetention"`
}

// OneOf is a group of request members of which one must be sent; a member
// written "A+B" stands for A and B together.
type OneOf struct {
	Members []string `json:"members"`
	Note    string   `json:"note"`
}

// Member is one member of a request, a response or a struct.
type Member struct {
	Wire        string     `json:"wire"`
	Go          string     `json:"go"`
	Aliases     []string   `json:"aliases"`
	Type        string     `json:"type"`
	Elem        string     `json:"elem"`
	Struct      string     `json:"struct"`
	Required    bool       `json:"required"`
	Nullable    bool       `json:"nullable"`
	Presence    bool       `json:"presence"`
	Unsigned    bool       `json:"unsigned"`
	Wide        bool       `json:"wide"`
	PII         string     `json:"pii"`
	Media       string     `json:"media"`
	Base64      bool       `json:"base64"`
	MediaKind   *MediaKind `json:"mediaKind"`
	Encryptable bool       `json:"encryptable"`
	Limits      *Limits    `json:"limits"`
	Omit        bool       `json:"omit"`
	As          string     `json:"as"`
	Pointer     bool       `json:"pointer"`
	Decode      string     `json:"decode"`
	Always      bool       `json:"always"`
	Note        string     `json:"note"`
}

// MediaKind names the kind a result's media member has when it is
// streamed or saved: the Go constant (Media+Kind), the file-name stem and
// extension, and the kind's name when it differs from the stem.
type MediaKind struct {
	Kind string `json:"kind"`
	File string `json:"file"`
	Ext  string `json:"ext"`
	Name string `json:"name"`
}

// Hook is a member of a reply object with no field of its own: an object
// wrapping a list (a legacy shape), whose member List is decoded into the
// struct's list member Into.
type Hook struct {
	Wire string `json:"wire"`
	List string `json:"list"`
	Into string `json:"into"`
	Note string `json:"note"`
}

// Document describes a reply member holding a JSON document in a string
// that has the shape of the result struct's reply, in part (the legacy
// GetDetectInfo's DetectInfo): which parts of the result it carries, and
// how it spells their members.
type Document struct {
	// Member is the response member holding the document.
	Member string `json:"member"`
	// Go names the sandbox's types of the document: wire+Go, then
	// wire+Go+part.
	Go   string `json:"go"`
	Note string `json:"note"`
	// Parts are the objects the document carries, in order.
	Parts []DocumentPart `json:"parts"`
}

// DocumentPart is one object of a document: a reply member of the result
// struct's action, with the spellings of the members it carries, and the
// hook it carries with the spellings of its list's items.
type DocumentPart struct {
	Member  string   `json:"member"`
	Members []string `json:"members"`
	Hook    string   `json:"hook"`
	Items   []string `json:"items"`
}

// Limits are the documented bounds of a request member.
type Limits struct {
	MaxRunes       int      `json:"maxRunes"`
	MinLength      int      `json:"minLength"`
	MaxLength      int      `json:"maxLength"`
	MaxBase64Bytes int      `json:"maxBase64Bytes"`
	Formats        []string `json:"formats"`
	Format         string   `json:"format"`
	Enum           []any    `json:"enum"`
	Min            *int     `json:"min"`
	Max            *int     `json:"max"`
	MinItems       int      `json:"minItems"`
	MaxItems       int      `json:"maxItems"`
	ItemMaxRunes   int      `json:"itemMaxRunes"`
	Digits         string   `json:"digits"`
}

// Results is the table of business outcomes an action reports in a 200
// reply.
type Results struct {
	Field string        `json:"field"`
	Codes []*ResultCode `json:"codes"`
}

// ResultCode is one business outcome.
type ResultCode struct {
	Code      string `json:"code"`
	Meaning   string `json:"meaning"`
	MessageZH string `json:"messageZH"`
	Category  string `json:"category"`
	Billed    *bool  `json:"billed"`
}

// Struct is a nested object type.
type Struct struct {
	Go          string    `json:"go"`
	Note        string    `json:"note"`
	Hooks       []Hook    `json:"hooks"`
	Handwritten bool      `json:"handwritten"`
	Input       bool      `json:"input"`
	Bare        bool      `json:"bare"`
	Zeroable    bool      `json:"zeroable"`
	Display     []Display `json:"display"`
	Members     []*Member `json:"members"`
}

// ErrorCode is one API error code.
type ErrorCode struct {
	Code string `json:"code"`
	Go   string `json:"go"`
	Note string `json:"note"`
}

// Load reads and checks the spec in dir.
func Load(dir string) (*Spec, error) {
	s := &Spec{}
	files, err := filepath.Glob(filepath.Join(dir, "actions", "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no action files in %s", filepath.Join(dir, "actions"))
	}
	for _, f := range files {
		var a Action
		if err := readStrict(f, &a); err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(filepath.Base(f), ".json"); a.Name != want {
			return nil, fmt.Errorf("%s: action %q does not match the file name", f, a.Name)
		}
		s.Actions = append(s.Actions, &a)
	}
	slices.SortFunc(s.Actions, func(a, b *Action) int { return strings.Compare(a.Name, b.Name) })
	if err := readStrict(filepath.Join(dir, "structs.json"), &s.Structs); err != nil {
		return nil, err
	}
	for name, v := range map[string]any{"errors.json": &s.Errors, "areas.json": &s.Areas, "categories.json": &s.Categories} {
		if err := readStrict(filepath.Join(dir, name), v); err != nil {
			return nil, err
		}
	}
	return s, s.check()
}

// readStrict decodes a JSON file, refusing unknown members so that a typo
// in the spec cannot be silently ignored.
func readStrict(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// check reports the first inconsistency of the spec.
func (s *Spec) check() error {
	for _, a := range s.Actions {
		where := "spec/actions/" + a.Name + ".json"
		if !slices.ContainsFunc(s.Areas, func(ar Area) bool { return ar.Name == a.Area }) {
			return fmt.Errorf("%s: unknown area %q", where, a.Area)
		}
		switch a.Handwritten {
		case "", "response", "method":
		default:
			return fmt.Errorf("%s: handwritten is \"response\", \"method\" or absent, not %q", where, a.Handwritten)
		}
		if a.ResponseGo != "" && (a.Handwritten == "" || a.Result != "") {
			return fmt.Errorf("%s: responseGo names the response type of an action whose method is hand-written; it needs handwritten and no result", where)
		}
		if err := s.checkResponseType(where, a); err != nil {
			return err
		}
		if f, _ := encryptionOf(s, a); len(f.reply) > 0 && a.Handwritten == "response" && a.Result == "" && a.ResponseGo == "" {
			return fmt.Errorf("%s: its reply has encryptable members: name its hand-written response type in responseGo", where)
		}
		if h := a.Hooks; h != nil && h.Normalize == "" && h.Check == "" {
			return fmt.Errorf("%s: hooks name no method", where)
		}
		for _, m := range a.Request {
			if m.Omit && m.Required {
				return fmt.Errorf("%s: %s: a required member cannot be omitted", where, m.Wire)
			}
			if m.As != "" && m.As != "chars" {
				return fmt.Errorf("%s: %s: a request member is shown as \"chars\" or as usual, not %q", where, m.Wire, m.As)
			}
		}
		for _, m := range a.Request {
			if m.Decode != "" {
				return fmt.Errorf("%s: %s: decode is for reply members", where, m.Wire)
			}
		}
		for _, m := range a.Response {
			if m.Omit || m.As != "" {
				return fmt.Errorf("%s: %s: omit and as are for request members", where, m.Wire)
			}
			if m.Decode != "" && (a.Handwritten != "method" || !token.IsIdentifier(m.Decode) || token.IsExported(m.Decode)) {
				return fmt.Errorf("%s: %s: decode names an unexported Go function, in a response generated under responseGo", where, m.Wire)
			}
		}
		if a.Summary == "" || !strings.HasSuffix(a.Summary, ".") {
			return fmt.Errorf("%s: the summary must be a sentence", where)
		}
		if t := a.Token; t != nil {
			for _, d := range []string{t.Lifetime, t.ResultRetention} {
				if _, err := time.ParseDuration(d); d != "" && err != nil {
					return fmt.Errorf("%s: token: %w", where, err)
				}
			}
		}
		for _, m := range append(slices.Clone(a.Request), a.Response...) {
			if err := s.checkMember(where, m); err != nil {
				return err
			}
		}
		if err := s.checkResult(where, a); err != nil {
			return err
		}
		if err := s.checkDocument(where, a); err != nil {
			return err
		}
		if a.Results != nil {
			if !slices.ContainsFunc(a.Response, func(m *Member) bool { return m.Wire == a.Results.Field }) {
				return fmt.Errorf("%s: results name %q, not a response member", where, a.Results.Field)
			}
			seen := map[string]bool{}
			for _, c := range a.Results.Codes {
				if seen[c.Code] {
					return fmt.Errorf("%s: result code %q twice", where, c.Code)
				}
				seen[c.Code] = true
				if !slices.ContainsFunc(s.Categories, func(cat Category) bool { return cat.Name == c.Category }) {
					return fmt.Errorf("%s: result code %q has unknown category %q", where, c.Code, c.Category)
				}
				if c.Meaning == "" {
					return fmt.Errorf("%s: result code %q has no meaning", where, c.Code)
				}
			}
		}
	}
	seenCodes := map[string]bool{}
	for _, e := range s.Errors {
		if e.Go == "" || e.Note == "" || seenCodes[e.Go] {
			return fmt.Errorf("spec/errors.json: %q needs a unique Go name and a note", e.Code)
		}
		seenCodes[e.Go] = true
	}
	kinds := map[string]bool{}
	for name, st := range s.Structs {
		where := "spec/structs.json " + name
		keys := map[string]bool{}
		if st.Zeroable && (!st.Input || st.Handwritten) {
			return fmt.Errorf("%s: zeroable is for generated input structs", where)
		}
		if st.Bare && (!st.Input && st.Display != nil) {
			return fmt.Errorf("%s: bare is for structs without a display list", where)
		}
		for _, m := range st.Members {
			if err := s.checkMember(where, m); err != nil {
				return err
			}
			if m.Decode != "" {
				return fmt.Errorf("%s: %s: decode is for the members of a response generated under responseGo", where, m.Wire)
			}
			if (m.Pointer || m.Always) && !st.Input {
				return fmt.Errorf("%s: %s: pointer and always are for input structs", where, m.Wire)
			}
			if m.As != "" && !(m.As == "count" && m.Type == "array" || m.As == "chars" && m.Type == "string" && m.Media == "") {
				return fmt.Errorf("%s: %s: a struct member is shown as \"count\" (a list), \"chars\" (text) or as usual, not %q", where, m.Wire, m.As)
			}
			if m.As != "" && st.Display != nil {
				return fmt.Errorf("%s: %s: a struct with a display list says how members show there, not with as", where, m.Wire)
			}
			for _, k := range append([]string{m.Wire}, m.Aliases...) {
				if keys[k] {
					return fmt.Errorf("%s: %s is spelled twice", where, k)
				}
				keys[k] = true
			}
			if k := m.MediaKind; k != nil {
				if kinds[k.Kind] {
					return fmt.Errorf("%s: %s: media kind %s is used twice", where, m.Wire, k.Kind)
				}
				kinds[k.Kind] = true
			}
		}
		if _, err := s.displayList(st); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, h := range st.Hooks {
			if keys[h.Wire] || h.List == "" || !token.IsExported(h.Wire) {
				return fmt.Errorf("%s: hook %s needs a list and an exported wire name of its own", where, h.Wire)
			}
			into := st.member(h.Into)
			if into == nil || into.Type != "array" || isScalar(into.Elem) {
				return fmt.Errorf("%s: hook %s: into names %q, not a list of structs of %s", where, h.Wire, h.Into, name)
			}
		}
	}
	return nil
}

// checkResponseType checks an action whose response type is generated and
// whose method on Client is hand-written (handwritten "method"): it names
// the type, its doc comment and what it shows when printed or logged.
func (s *Spec) checkResponseType(where string, a *Action) error {
	if a.Handwritten != "method" {
		if a.ResponseNote != "" || a.ResponseDisplay != nil || a.SharesResult {
			return fmt.Errorf("%s: responseNote, responseDisplay and sharesResult are for handwritten \"method\"", where)
		}
		return nil
	}
	if !token.IsExported(a.ResponseGo) || a.ResponseNote == "" || (a.ResponseDisplay == nil) == (a.Display == nil) {
		return fmt.Errorf("%s: handwritten \"method\" needs responseGo, responseNote and responseDisplay or resultDisplay", where)
	}
	if a.ResponseDisplay != nil {
		if _, err := s.responseDisplayList(a); err != nil {
			return fmt.Errorf("%s: response %w", where, err)
		}
	} else if _, err := s.resultDisplayList(a); err != nil {
		return fmt.Errorf("%s: response %w", where, err)
	}
	if a.SharesResult {
		res := s.resultAction()
		if res == nil || len(s.shared(a)) == 0 {
			return fmt.Errorf("%s: sharesResult, but its reply shares no member with a result's", where)
		}
		for _, m := range a.Response {
			if m.Media != "" || m.Base64 || m.Decode != "" {
				return fmt.Errorf("%s: %s: a response sharing the result's decoders has no media, base64 or decode members of its own", where, m.Wire)
			}
		}
	}
	return nil
}

// shared returns the members of a's reply that the result struct's reply
// has too, with the same type: a response sharing the result
// (sharesResult) hands them over as a result.
func (s *Spec) shared(a *Action) []*Member {
	res := s.resultAction()
	if res == nil {
		return nil
	}
	var out []*Member
	for _, m := range a.Response {
		r := findMember(res.Response, m.Wire)
		if r != nil && r.Go == m.Go && s.goType(r, false) == s.goType(m, false) {
			out = append(out, m)
		}
	}
	return out
}

// checkResult checks what an action says about its result struct: only
// the one action whose reply the hand-written resultDecoder decodes names
// a result type, with a doc comment, and base64 members are found only in
// its reply, where the result's decoder keeps them in memory.
func (s *Spec) checkResult(where string, a *Action) error {
	for _, m := range a.Request {
		if m.Base64 {
			return fmt.Errorf("%s: request member %s: base64 is for reply members only", where, m.Wire)
		}
	}
	if a.Result == "" {
		if a.ResultNote != "" || a.Display != nil && a.Handwritten != "method" {
			return fmt.Errorf("%s: resultNote or resultDisplay without a result", where)
		}
		for _, m := range a.Response {
			if m.Base64 && a.Handwritten != "method" {
				return fmt.Errorf("%s: %s: base64 is only for the members of a result struct or of a response generated under responseGo", where, m.Wire)
			}
		}
		return nil
	}
	if a.ResultNote == "" {
		return fmt.Errorf("%s: result %s needs a resultNote, its doc comment", where, a.Result)
	}
	if a.Display == nil {
		return fmt.Errorf("%s: result %s needs a resultDisplay, what it shows when printed or logged", where, a.Result)
	}
	if _, err := s.resultDisplayList(a); err != nil {
		return fmt.Errorf("%s: result %w", where, err)
	}
	for _, b := range s.Actions {
		if b != a && b.Result != "" {
			return fmt.Errorf("%s: %s names a result too: the result decoder fills one result type", where, b.Name)
		}
	}
	return nil
}

// goMembers returns the struct's members as its Go type has them: a
// zeroable struct's members are all optional in Go (omitempty, no
// required check), whatever the API requires of the object sent.
func (st *Struct) goMembers() []*Member {
	if !st.Zeroable {
		return st.Members
	}
	out := make([]*Member, len(st.Members))
	for i, m := range st.Members {
		c := *m
		c.Required = false
		out[i] = &c
	}
	return out
}

// member returns the struct's member spelled name (its wire name or an
// alias), or nil.
func (st *Struct) member(name string) *Member {
	for _, m := range st.Members {
		if m.Wire == name || slices.Contains(m.Aliases, name) {
			return m
		}
	}
	return nil
}

// hook returns the struct's hook named wire, or nil.
func (st *Struct) hook(wire string) *Hook {
	for i := range st.Hooks {
		if st.Hooks[i].Wire == wire {
			return &st.Hooks[i]
		}
	}
	return nil
}

// checkDocument checks an action's document: a string member of the
// action's reply, whose parts are objects of the result's reply, each
// listing spellings its struct reads (scalars or lists of scalars), once
// each, and a hook of its struct with the spellings its items use.
func (s *Spec) checkDocument(where string, a *Action) error {
	doc := a.Document
	if doc == nil {
		return nil
	}
	res := s.resultAction()
	if res == nil || res == a {
		return fmt.Errorf("%s: a document has the shape of another action's result", where)
	}
	if !slices.ContainsFunc(a.Response, func(m *Member) bool { return m.Wire == doc.Member && m.Type == "string" }) {
		return fmt.Errorf("%s: document member %q is not a text member of the reply", where, doc.Member)
	}
	if !token.IsExported(doc.Go) || doc.Note == "" || len(doc.Parts) == 0 {
		return fmt.Errorf("%s: document needs an exported go name, a note and parts", where)
	}
	spellings := func(st *Struct, names []string) error {
		seen := map[*Member]bool{}
		for _, n := range names {
			m := st.member(n)
			switch {
			case m == nil:
				return fmt.Errorf("%q is not a spelling of a member of %s", n, st.Go)
			case seen[m]:
				return fmt.Errorf("%s is listed twice", m.Wire)
			case m.Type == "object" || m.Type == "array" && !isScalar(m.Elem):
				return fmt.Errorf("%s holds structs: a document carries them through a hook", m.Wire)
			}
			seen[m] = true
		}
		return nil
	}
	seen := map[string]bool{}
	for _, part := range doc.Parts {
		i := slices.IndexFunc(res.Response, func(m *Member) bool { return m.Wire == part.Member && m.Type == "object" })
		if i < 0 || seen[part.Member] {
			return fmt.Errorf("%s: document part %q is not an object of %s's reply, once", where, part.Member, res.Name)
		}
		seen[part.Member] = true
		st := s.Structs[res.Response[i].Struct]
		if err := spellings(st, part.Members); err != nil {
			return fmt.Errorf("%s: document part %s: %w", where, part.Member, err)
		}
		if part.Hook == "" {
			if part.Items != nil {
				return fmt.Errorf("%s: document part %s: items without a hook", where, part.Member)
			}
			continue
		}
		h := st.hook(part.Hook)
		if h == nil {
			return fmt.Errorf("%s: document part %s: %q is not a hook of %s", where, part.Member, part.Hook, st.Go)
		}
		into := st.member(h.Into)
		if into == nil || into.Type != "array" || s.Structs[into.Elem] == nil {
			return fmt.Errorf("%s: document part %s: hook %s decodes into no list of structs", where, part.Member, h.Wire)
		}
		if err := spellings(s.Structs[into.Elem], part.Items); err != nil {
			return fmt.Errorf("%s: document part %s: items: %w", where, part.Member, err)
		}
	}
	return nil
}

// checkMember checks one member's type and references.
func (s *Spec) checkMember(where string, m *Member) error {
	if m.Wire == "" || m.Go == "" {
		return fmt.Errorf("%s: a member has no wire or Go name", where)
	}
	switch m.Type {
	case "string", "integer", "float", "boolean":
	case "array":
		if m.Elem == "" {
			return fmt.Errorf("%s: %s is an array without elem", where, m.Wire)
		}
		if !isScalar(m.Elem) && s.Structs[m.Elem] == nil {
			return fmt.Errorf("%s: %s: unknown struct %q", where, m.Wire, m.Elem)
		}
	case "object":
		if s.Structs[m.Struct] == nil {
			return fmt.Errorf("%s: %s: unknown struct %q", where, m.Wire, m.Struct)
		}
	default:
		return fmt.Errorf("%s: %s has unknown type %q", where, m.Wire, m.Type)
	}
	if m.Pointer && m.Type != "boolean" {
		return fmt.Errorf("%s: %s: pointer is for booleans", where, m.Wire)
	}
	if m.Always && m.Required {
		return fmt.Errorf("%s: %s: a required member is always sent already", where, m.Wire)
	}
	if m.Encryptable && m.Type != "string" {
		return fmt.Errorf("%s: %s: only text members are encryptable", where, m.Wire)
	}
	if m.Presence && m.Type != "integer" && (m.Type != "float" || m.Decode == "") {
		return fmt.Errorf("%s: %s: presence is for integers, and for floats with a decode function", where, m.Wire)
	}
	if m.Base64 && (m.Type != "string" || m.Media != "" || m.PII != "") {
		return fmt.Errorf("%s: %s: base64 is for text holding bytes that are neither media nor personal data", where, m.Wire)
	}
	if k := m.MediaKind; k != nil && (m.Media == "" || k.Kind == "" || k.File == "" || !strings.HasPrefix(k.Ext, ".")) {
		return fmt.Errorf("%s: %s: a media kind needs a media member, a kind, a file stem and an extension", where, m.Wire)
	}
	return nil
}

func isScalar(t string) bool {
	switch t {
	case "string", "integer", "float", "boolean":
		return true
	}
	return false
}

// reachableStructs returns the names of the structs reachable from the
// member lists roots, depth first in member order, each once; a struct for
// which skip reports true is neither listed nor entered.
func (s *Spec) reachableStructs(roots [][]*Member, skip func(*Struct) bool) []string {
	var names []string
	var visit func(members []*Member)
	visit = func(members []*Member) {
		for _, m := range members {
			name := m.Struct
			if m.Type == "array" && !isScalar(m.Elem) {
				name = m.Elem
			}
			st := s.Structs[name]
			if name == "" || st == nil || slices.Contains(names, name) || (skip != nil && skip(st)) {
				continue
			}
			names = append(names, name)
			visit(st.Members)
		}
	}
	for _, members := range roots {
		visit(members)
	}
	return names
}

// resultResponses returns the responses of the actions that name a result
// type.
func (s *Spec) resultResponses() [][]*Member {
	var roots [][]*Member
	for _, a := range s.Actions {
		if a.Result != "" {
			roots = append(roots, a.Response)
		}
	}
	return roots
}
