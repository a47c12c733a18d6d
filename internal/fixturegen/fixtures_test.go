package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/internal/idcard"
)

const root = "../../testdata"

// wantCases are the fixture files the SDK tests rely on.
var wantCases = []string{
	"DetectAuth/plain.json",
	"DetectAuth/with-photo.json",
	"DetectAuth/intention-questions.json",
	"DetectAuth/intention-read-aloud.json",
	"DetectAuth/intention-actions.json",
	"DetectAuth/rule-id-not-exist.json",
	"DetectAuth/invalid-parameter.json",
	"DetectAuth/signature-failure.json",
	"DetectAuth/request-limit-exceeded.json",
	"GetDetectInfoEnhanced/passed-with-media.json",
	"GetDetectInfoEnhanced/failed-liveness.json",
	"GetDetectInfoEnhanced/failed-compare.json",
	"GetDetectInfoEnhanced/intention-question-passed.json",
	"GetDetectInfoEnhanced/intention-question-failed.json",
	"GetDetectInfoEnhanced/intention-read-aloud-passed.json",
	"GetDetectInfoEnhanced/intention-action-failed.json",
	"GetDetectInfoEnhanced/flow-not-finished.json",
	"GetDetectInfoEnhanced/biz-token-expired.json",
	"GetDetectInfoEnhanced/encrypted-fields.json",
	"GetDetectInfoEnhanced/encrypted-body.json",
	"GetDetectInfoEnhanced/odd-fields.json",
	"GetDetectInfo/legacy.json",
	"GetDetectInfo/legacy-not-finished.json",
}

// badMedia is the one media value that is deliberately not base64.
const badMediaFile, badMediaPath = "GetDetectInfoEnhanced/odd-fields.json", "Response.BestFrame.BestFrames[1]"

// mediaFor names the file a base64 media member must decode to. index is the
// position inside an array member, or -1.
func mediaFor(key string, index int) (string, bool) {
	switch key {
	case "OcrFront":
		return "idcard-front.jpg", true
	case "OcrBack":
		return "idcard-back.jpg", true
	case "ProcessedFrontImage":
		return "processed-front.jpg", true
	case "ProcessedBackImage":
		return "processed-back.jpg", true
	case "Avatar":
		return "avatar.jpg", true
	case "BestFrame", "ImageBase64", "IntentionVerifyBestFrame":
		return "frame.jpg", true
	case "BestFrames":
		return fmt.Sprintf("frame-%d.jpg", index+1), true
	case "LivenessVideo":
		return "liveness.mp4", true
	case "Video", "IntentionVerifyVideo":
		return "intention.mp4", true
	case "ScreenShot":
		return "screenshot.jpg", true
	case "Audios", "IntentionVerifyAudio":
		return "intention.m4a", true
	}
	return "", false
}

// fixtureDoc is the shape every fixture file must have, exactly.
type fixtureDoc struct {
	Description string `json:"description"`
	Request     struct {
		Action string          `json:"action"`
		Body   json.RawMessage `json:"body"`
	} `json:"request"`
	Response struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"response"`
}

type loaded struct {
	name string // path below testdata, slash-separated
	doc  fixtureDoc
	req  map[string]any
	resp map[string]any // the value of "Response"
}

func loadFixtures(t *testing.T) []loaded {
	t.Helper()
	var out []loaded
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "crypto" {
			return fs.SkipDir // known-answer vectors, not request/response fixtures
		}
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var l loaded
		l.name = rel
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l.doc); err != nil {
			t.Errorf("%s: not the fixture shape: %v", rel, err)
			return nil
		}
		if dec.More() {
			t.Errorf("%s: trailing data after the JSON document", rel)
		}
		if err := decodeObject(l.doc.Request.Body, &l.req); err != nil {
			t.Errorf("%s: request.body: %v", rel, err)
			return nil
		}
		var body map[string]any
		if err := decodeObject(l.doc.Response.Body, &body); err != nil {
			t.Errorf("%s: response.body: %v", rel, err)
			return nil
		}
		resp, ok := body["Response"].(map[string]any)
		if !ok || len(body) != 1 {
			t.Errorf("%s: response.body must be {\"Response\": {...}} and nothing else", rel)
			return nil
		}
		l.resp = resp
		out = append(out, l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func decodeObject(raw json.RawMessage, v *map[string]any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if *v == nil {
		return fmt.Errorf("is null, want an object")
	}
	return nil
}

var (
	lowerUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	upperUUID = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)
)

func TestFixturesComplete(t *testing.T) {
	var have []string
	for _, l := range loadFixtures(t) {
		have = append(have, l.name)
	}
	for _, name := range wantCases {
		if !slices.Contains(have, name) {
			t.Errorf("missing fixture %s", name)
		}
	}
	if len(have) != len(wantCases) {
		t.Errorf("found %d fixtures, want %d: %v", len(have), len(wantCases), have)
	}
}

func TestFixtureShape(t *testing.T) {
	for _, l := range loadFixtures(t) {
		t.Run(l.name, func(t *testing.T) {
			d := l.doc
			if d.Description == "" || strings.ContainsAny(d.Description, "\r\n") {
				t.Errorf("description must be one non-empty line: %q", d.Description)
			}
			if dir := strings.Split(l.name, "/")[0]; d.Request.Action != dir {
				t.Errorf("request.action = %q, want the folder name %q", d.Request.Action, dir)
			}
			if d.Response.Status != 200 {
				t.Errorf("response.status = %d, want 200", d.Response.Status)
			}
			if ct := d.Response.Headers["Content-Type"]; ct != "application/json" {
				t.Errorf("Content-Type header = %q", ct)
			}
			if len(l.req) == 0 {
				t.Error("request.body is empty")
			}
			for k, v := range l.req {
				if v == nil || v == "" {
					t.Errorf("request.body.%s is empty; the SDK sends only non-empty fields", k)
				}
			}
			if id, _ := l.resp["RequestId"].(string); !lowerUUID.MatchString(id) {
				t.Errorf("RequestId %q is not a lower-case UUID", id)
			}
			for _, tok := range []any{l.req["BizToken"], l.resp["BizToken"]} {
				if s, ok := tok.(string); ok && !upperUUID.MatchString(s) {
					t.Errorf("BizToken %q is not an upper-case UUID", s)
				}
			}
			if e, ok := l.resp["Error"]; ok {
				em, _ := e.(map[string]any)
				code, _ := em["Code"].(string)
				msg, _ := em["Message"].(string)
				if code == "" || msg == "" || len(em) != 2 {
					t.Errorf("Error = %v, want {Code, Message} both non-empty", e)
				}
				if len(l.resp) != 2 {
					t.Errorf("error reply has members besides Error and RequestId: %v", keys(l.resp))
				}
			}
			if l.doc.Request.Action == "DetectAuth" && l.resp["Error"] == nil {
				tok, _ := l.resp["BizToken"].(string)
				u, _ := l.resp["Url"].(string)
				if !strings.HasPrefix(u, "https://open.weixin.qq.com/connect/oauth2/authorize?") || tok == "" || !strings.Contains(u, tok) {
					t.Errorf("Url %q should be a WeChat OAuth link carrying BizToken %q", u, tok)
				}
			}
		})
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// visit is called for every value in a document. key is the member name
// holding the value (for array elements, the array's name) and index the
// array position or -1.
type visit func(path, key string, index int, v any)

// walk visits every value below v. A legacy DetectInfo string is parsed and
// walked as the document it encodes.
func walk(t *testing.T, path, key string, index int, v any, fn visit) {
	fn(path, key, index, v)
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			walk(t, path+"."+k, k, -1, e, fn)
		}
	case []any:
		for i, e := range v {
			walk(t, fmt.Sprintf("%s[%d]", path, i), key, i, e, fn)
		}
	case string:
		if key == "DetectInfo" {
			var inner map[string]any
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(&inner); err != nil {
				t.Errorf("%s: DetectInfo is not a JSON document: %v", path, err)
				return
			}
			walk(t, path+">", "", -1, inner, fn)
		}
	}
}

func readMedia(t *testing.T) map[string][]byte {
	t.Helper()
	m := make(map[string][]byte)
	for _, name := range mediaFiles {
		b, err := os.ReadFile(filepath.Join(root, "media", name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = b
	}
	return m
}

func TestFixtureMedia(t *testing.T) {
	media := readMedia(t)
	checked := map[string]int{} // fixture -> media values compared
	used := map[string]bool{}   // media files seen at least once
	sawBad := false
	for _, l := range loadFixtures(t) {
		fn := func(path, key string, index int, v any) {
			s, ok := v.(string)
			if !ok {
				return
			}
			want, isMedia := mediaFor(key, index)
			if !isMedia {
				switch key {
				case "EncryptedBody", "CiphertextBlob", "DetectInfo", "Url":
				default:
					if len(s) > 200 {
						t.Errorf("%s %s: %d-character value at a member not known as media", l.name, path, len(s))
					}
				}
				return
			}
			if s == "" {
				return // "no media" is sent as "" sometimes
			}
			got, err := base64.StdEncoding.DecodeString(s)
			if l.name == badMediaFile && path == badMediaPath {
				sawBad = true
				if err == nil {
					t.Errorf("%s %s should be deliberately invalid base64", l.name, path)
				}
				return
			}
			if err != nil {
				t.Errorf("%s %s: not standard base64: %v", l.name, path, err)
				return
			}
			if !bytes.Equal(got, media[want]) {
				t.Errorf("%s %s: decodes to %d bytes that are not media/%s", l.name, path, len(got), want)
			}
			checked[l.name]++
			used[want] = true
		}
		walk(t, "Request", "", -1, l.req, fn)
		walk(t, "Response", "", -1, l.resp, fn)
	}
	if !sawBad {
		t.Errorf("did not find the deliberate bad media value %s in %s", badMediaPath, badMediaFile)
	}
	// Guard against a walk that silently checks nothing.
	for name, min := range map[string]int{
		"GetDetectInfoEnhanced/passed-with-media.json":           9,
		"GetDetectInfoEnhanced/intention-question-passed.json":   4,
		"GetDetectInfoEnhanced/intention-read-aloud-passed.json": 3,
		"GetDetectInfoEnhanced/intention-action-failed.json":     2,
		"GetDetectInfo/legacy.json":                              4,
		"DetectAuth/with-photo.json":                             1,
	} {
		if checked[name] < min {
			t.Errorf("%s: compared %d media values, want at least %d", name, checked[name], min)
		}
	}
	for _, name := range mediaFiles {
		if !used[name] {
			t.Errorf("media/%s is embedded in no fixture", name)
		}
	}
}

// encryptedFields collects the field names a fixture declares encrypted in
// its request or response Encryption.EncryptList.
func encryptedFields(l loaded) map[string]bool {
	out := map[string]bool{}
	for _, m := range []map[string]any{l.req, l.resp} {
		enc, _ := m["Encryption"].(map[string]any)
		list, _ := enc["EncryptList"].([]any)
		for _, f := range list {
			if s, ok := f.(string); ok {
				out[s] = true
			}
		}
	}
	return out
}

func TestFixtureIDNumbers(t *testing.T) {
	plain, cipher := 0, 0
	for _, l := range loadFixtures(t) {
		enc := encryptedFields(l)
		fn := func(path, key string, index int, v any) {
			s, ok := v.(string)
			if !ok || s == "" {
				return
			}
			switch key {
			case "IdCard", "Idcard", "OcrIdCard":
			case "Mobile":
				if !strings.Contains(s, "0000") {
					t.Errorf("%s %s: phone numbers must be fictional (138 0000 0000 style)", l.name, path)
				}
				return
			default:
				return
			}
			if enc[key] && strings.HasPrefix(path, "Response.Text.") {
				cipher++
				if _, err := base64.StdEncoding.DecodeString(s); err != nil {
					t.Errorf("%s %s: encrypted value is not base64: %v", l.name, path, err)
				}
				if idcard.Validate(s) == nil {
					t.Errorf("%s %s: listed as encrypted but is a plain ID number", l.name, path)
				}
				return
			}
			plain++
			if err := idcard.Validate(s); err != nil {
				t.Errorf("%s %s: %v", l.name, path, err)
			}
		}
		walk(t, "Request", "", -1, l.req, fn)
		walk(t, "Response", "", -1, l.resp, fn)
	}
	if plain < 20 || cipher != 2 {
		t.Errorf("checked %d plain and %d encrypted ID numbers; want >= 20 and 2", plain, cipher)
	}
}

// TestFixturesUpToDate regenerates every fixture in memory and compares it
// with the file on disk, so hand edits and stale files are caught.
func TestFixturesUpToDate(t *testing.T) {
	files, err := generate(filepath.Join(root, "media"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(wantCases) {
		t.Errorf("generator writes %d files, want %d", len(files), len(wantCases))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s: %v (run go run ./internal/fixturegen)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go run ./internal/fixturegen from the module root", name)
		}
	}
}

func TestMediaFilesAreReal(t *testing.T) {
	for name, b := range readMedia(t) {
		switch filepath.Ext(name) {
		case ".jpg":
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Errorf("%s: %v", name, err)
			} else if cfg.Width < 16 || cfg.Height < 16 {
				t.Errorf("%s: %dx%d is too small to be a picture", name, cfg.Width, cfg.Height)
			}
			if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		case ".mp4", ".m4a":
			boxes, err := topLevelBoxes(b)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if len(boxes) == 0 || boxes[0] != "ftyp" || !slices.Contains(boxes, "moov") || !slices.Contains(boxes, "mdat") {
				t.Errorf("%s: top-level boxes %v, want ftyp first, moov and mdat", name, boxes)
			}
		default:
			t.Errorf("%s: unexpected media type", name)
		}
	}
}

// topLevelBoxes lists the ISO-BMFF box types of b, requiring the box sizes
// to cover the file exactly.
func topLevelBoxes(b []byte) ([]string, error) {
	var types []string
	for off := 0; off < len(b); {
		if len(b)-off < 8 {
			return nil, fmt.Errorf("truncated box header at %d", off)
		}
		size := int(binary.BigEndian.Uint32(b[off:]))
		if size < 8 || off+size > len(b) {
			return nil, fmt.Errorf("bad box size %d at %d", size, off)
		}
		types = append(types, string(b[off+4:off+8]))
		off += size
	}
	return types, nil
}

func TestTestdataSize(t *testing.T) {
	var total int64
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 400<<10 {
		t.Errorf("testdata holds %d bytes, budget is 400 KiB", total)
	}
}

func TestEncode(t *testing.T) {
	v := o("b", "x&<y>", "a", list(1, 2.5, true, nil), "e", list(), "o", o(), "s", "测试")
	got, err := encode(v, false)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"b":"x&<y>","a":[1,2.5,true,null],"e":[],"o":{},"s":"测试"}`
	if string(got) != want {
		t.Errorf("compact = %s, want %s", got, want)
	}
	pretty, err := encode(o("k", list("v")), true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"k\": [\n    \"v\"\n  ]\n}\n"; string(pretty) != want {
		t.Errorf("pretty = %q, want %q", pretty, want)
	}
	if _, err := encode(o("bad", struct{}{}), false); err == nil {
		t.Error("encode accepted an unsupported type")
	}
}
