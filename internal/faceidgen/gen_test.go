package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden generates from a small spec and compares with the golden
// files; run with -update after an intended change.
func TestGolden(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "spec"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range files {
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(name)+".txt")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s; run go test ./internal/faceidgen -update if intended\ngot:\n%s", name, golden, got)
		}
	}
}

// TestRepositoryUpToDate checks that the generated files of package faceid
// are what the spec gives, so that a stale file fails the tests as well as
// CI's go generate check.
func TestRepositoryUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	s, err := Load(filepath.Join(root, "spec"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./...", name)
		}
	}
}

// TestLoadRefuses checks that the spec's mistakes are caught.
func TestLoadRefuses(t *testing.T) {
	cases := map[string]struct{ file, from, to, want string }{
		"unknown member":         {"actions/CheckThing.json", `"qps": 20`, `"qps": 20, "qsp": 1`, "unknown field"},
		"unknown area":           {"actions/CheckThing.json", `"area": "identity"`, `"area": "nowhere"`, "unknown area"},
		"bad category":           {"actions/CheckThing.json", `"category": "mismatch", "billed": true`, `"category": "meh", "billed": true`, "unknown category"},
		"duplicate code":         {"actions/CheckThing.json", `"code": "-2"`, `"code": "-1"`, "twice"},
		"bad type":               {"actions/CheckThing.json", `"type": "string", "required": true, "pii"`, `"type": "text", "required": true, "pii"`, "unknown type"},
		"file name":              {"actions/CheckThing.json", `"action": "CheckThing"`, `"action": "CheckOther"`, "does not match the file name"},
		"bad lifetime":           {"actions/StartFlow.json", `"600s"`, `"ten minutes"`, "token"},
		"no sentence":            {"actions/StartFlow.json", `"Starts a flow."`, `"Starts a flow"`, "sentence"},
		"name as text":           {"structs.json", `{"member": "Name"}`, `{"member": "Name", "as": "text"}`, "cannot be shown"},
		"unit on text":           {"structs.json", `"as": "chars"}`, `"as": "chars", "unit": "letters"}`, "unit"},
		"shown twice":            {"structs.json", `{"member": "Best"}, {"member": "Extra"}`, `{"member": "Best"}, {"member": "Best"}`, "twice"},
		"shown unknown":          {"structs.json", `{"member": "Charged"}`, `{"member": "Paid"}`, "unknown member"},
		"base64 sent":            {"actions/GetFlowResult.json", `"required": true, "note": "Flow token."`, `"required": true, "base64": true, "note": "Flow token."`, "reply members only"},
		"base64 media":           {"actions/GetFlowResult.json", `"base64": true,`, `"base64": true, "media": "image",`, "neither media nor personal data"},
		"base64 pii":             {"actions/GetFlowResult.json", `"base64": true,`, `"base64": true, "pii": "face",`, "neither media nor personal data"},
		"base64 outside":         {"actions/CheckThing.json", `"note": "Outcome code."`, `"base64": true, "note": "Outcome code."`, "only for the members of a result struct"},
		"no resultNote":          {"actions/GetFlowResult.json", `"resultNote": "FlowResult is the result of a flow.\n\nIt is printed masked.",`, ``, "needs a resultNote"},
		"two results":            {"actions/StartFlow.json", `"summary"`, `"result": "OtherResult", "resultNote": "Other.", "summary"`, "fills one result type"},
		"no resultDisplay":       {"actions/GetFlowResult.json", "\"resultDisplay\": [\n    {\"helper\": \"summary\"},\n    {\"member\": \"Text\"},\n    {\"member\": \"Frames\", \"in\": \"log\"},\n    {\"member\": \"Sealed\", \"as\": \"bytes\", \"when\": [\"Sealed\"]},\n    {\"helper\": \"problems\"}\n  ],", "", "needs a resultDisplay"},
		"display without result": {"actions/CheckThing.json", `"qps": 20`, `"resultDisplay": [], "qps": 20`, "without a result"},
		"helper in a struct":     {"structs.json", `{"member": "Charged"}`, `{"helper": "paid"}`, "result's list only"},
		"helper with a member":   {"actions/GetFlowResult.json", `{"helper": "summary"}`, `{"helper": "summary", "member": "Text"}`, "alone in its entry"},
		"helper not a name":      {"actions/GetFlowResult.json", `{"helper": "summary"}`, `{"helper": "the summary"}`, "unique Go name"},
		"when unknown":           {"actions/GetFlowResult.json", `"when": ["Sealed"]`, `"when": ["Seal"]`, "can be tested"},
		"when an object":         {"actions/GetFlowResult.json", `"when": ["Sealed"]`, `"when": ["Text"]`, "can be tested"},
		"in elsewhere":           {"actions/GetFlowResult.json", `"in": "log"`, `"in": "string"`, "in is"},
		"hook without list":      {"structs.json", `"list": "Tries", `, ``, "needs a list"},
		"hook into a scalar":     {"structs.json", `"into": "Attempts"`, `"into": "Tags"`, "list of structs"},
		"document member":        {"actions/GetFlowLegacy.json", `"member": "Document"`, `"member": "Doc"`, "not a text member"},
		"document part":          {"actions/GetFlowLegacy.json", `{"member": "Frames"`, `{"member": "Sealed"`, "not an object"},
		"document part twice":    {"actions/GetFlowLegacy.json", `{"member": "Frames"`, `{"member": "Text"`, "once"},
		"document spelling":      {"actions/GetFlowLegacy.json", `"CompareStatus", "Name"`, `"Comparestatu", "Name"`, "not a spelling"},
		"document twice":         {"actions/GetFlowLegacy.json", `"CompareStatus", "Name"`, `"CompareStatus", "Comparestatus"`, "listed twice"},
		"document structs":       {"actions/GetFlowLegacy.json", `"members": ["Best"]`, `"members": ["Rounds"]`, "through a hook"},
		"document hook":          {"actions/GetFlowLegacy.json", `"hook": "Legacy"`, `"hook": "Old"`, "not a hook"},
		"document items":         {"actions/GetFlowLegacy.json", `"items": ["Seq"]`, `"items": ["Sequence"]`, "items"},
		"document own result":    {"actions/GetFlowResult.json", `"qps": 10,`, `"qps": 10, "document": {"member": "Sealed", "go": "X", "note": "n.", "parts": []},`, "another action's result"},
		"bytes of text":          {"actions/GetFlowResult.json", `{"member": "Text"}`, `{"member": "Text", "as": "bytes"}`, "cannot be shown"},
		"handwritten":            {"actions/GetFlowResult.json", `"handwritten": "response"`, `"handwritten": "all"`, "handwritten is"},
		"omit required":          {"actions/GetFlowResult.json", `"type": "boolean", "omit": true`, `"type": "boolean", "required": true, "omit": true`, "cannot be omitted"},
		"bad as":                 {"actions/GetFlowResult.json", `"as": "chars", "limits"`, `"as": "size", "limits"`, "shown as"},
		"pointer of a reply":     {"structs.json", `"type": "boolean", "note": "Charged`, `"type": "boolean", "pointer": true, "note": "Charged`, "for input structs"},
		"pointer not a boolean":  {"structs.json", `"type": "array", "elem": "string", "note": "Tags`, `"type": "array", "elem": "string", "pointer": true, "note": "Tags`, "pointer is for booleans"},
		"always of a reply":      {"structs.json", `"type": "boolean", "note": "Charged`, `"type": "boolean", "always": true, "note": "Charged`, "for input structs"},
		"bare reply":             {"structs.json", `"go": "FlowText",`, `"go": "FlowText", "bare": true,`, "bare is for structs without a display list"},
		"method without display": {"actions/GetThingResult.json", `"responseDisplay"`, `"responseDisplayed"`, "unknown field"},
		"method without note":    {"actions/GetThingResult.json", `"responseNote": "ThingResult is the result of a thing.\n\nIt is printed masked.",`, ``, "needs responseGo, responseNote and responseDisplay"},
		"note without method":    {"actions/CheckThing.json", `"qps": 20`, `"responseNote": "X.", "qps": 20`, "for handwritten \"method\""},
		"response in log only":   {"actions/GetThingResult.json", `{"member": "Result"}`, `{"member": "Result", "in": "log"}`, "String and LogValue show the same"},
		"decode a request":       {"actions/GetThingResult.json", `"required": true, "note": "Thing token."`, `"required": true, "decode": "decodeToken", "note": "Thing token."`, "decode is for reply members"},
		"decode exported":        {"actions/GetThingResult.json", `"decode": "decodeScore"`, `"decode": "DecodeScore"`, "unexported Go function"},
		"decode elsewhere":       {"actions/CheckThing.json", `"note": "Outcome code."`, `"decode": "decodeResult", "note": "Outcome code."`, "unexported Go function"},
		"presence float":         {"actions/GetThingResult.json", `"presence": true, "decode": "decodeScore",`, `"presence": true,`, "presence is for integers"},
		"shares nothing":         {"actions/GetFlowCopy.json", `"wire": "Text", "go": "Text"`, `"wire": "Text", "go": "Txt"`, "shares no member"},
		"shares with media":      {"actions/GetFlowCopy.json", `"type": "boolean", "note": "Whether`, `"type": "boolean", "media": "image", "note": "Whether`, "no media, base64 or decode"},
		"two displays":           {"actions/GetFlowCopy.json", `"sharesResult": true,`, `"sharesResult": true, "responseDisplay": [],`, "responseDisplay or resultDisplay"},
		"as on a displayed":      {"structs.json", `"type": "boolean", "note": "Charged`, `"type": "boolean", "as": "chars", "note": "Charged`, "a struct member is shown as"},
		"zeroable reply":         {"structs.json", `"go": "FlowText",`, `"go": "FlowText", "zeroable": true,`, "zeroable is for generated input structs"},
		"no hook":                {"actions/GetFlowResult.json", `{"normalize": "normalize", "check": "checkFlow"}`, `{}`, "hooks name no method"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, filepath.Join("testdata", "spec"), dir)
			path := filepath.Join(dir, tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tc.from) {
				t.Fatalf("%s has no %s", tc.file, tc.from)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(data), tc.from, tc.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Load(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
