package faceid

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/internal/jsonscan"
	"github.com/stretchr/testify/require"
)

// FuzzStreamVsEncodingJSON decodes arbitrary replies three ways — in
// memory with a declared length, in memory without one, and streamed to a
// sink — and checks that:
//
//   - the three agree: same text, codes, problems and errors, and the
//     sink received exactly the in-memory media (items named in Problems
//     aside, which the sink may have received a prefix of);
//   - input that encoding/json accepts is never a syntax error;
//   - when encoding/json can unmarshal the reply into the strictly typed
//     wire model (wireReply) and no key is duplicated or differs from a
//     known name only by case, every field equals what encoding/json read,
//     media being compared after a reference base64 decoding.
func FuzzStreamVsEncodingJSON(f *testing.F) {
	// The fixtures, with their media cut to a few bytes: the fuzzer
	// mutates small inputs far better.
	longBase64 := regexp.MustCompile(`"[A-Za-z0-9+/]{40}[A-Za-z0-9+/=]+"`)
	for _, name := range enhancedFixtures(f) {
		body := loadFixture(f, name).Response.Body
		f.Add(longBase64.ReplaceAllFunc(body, func(s []byte) []byte { return append(s[:29:29], '"') }))
	}
	f.Add([]byte(`{"Response":{"BestFrame":{"BestFrames":["QUJD","QQ=","Q","",null]},"RequestId":"x"}}`))
	f.Add([]byte(`{"Response":{"IntentionActionResult":{"Details":[{"Video":"AAAA","ScreenShot":["AQID",""]},null]}}}`))
	f.Add([]byte(`{"Response":{"VideoData":{"LivenessVideo":"AA\/\/\u0041A\n=="}},"Response":null}`))
	f.Add([]byte(`{"Response":{"Text":{"ErrCode":"0","Sim":95.5,"LivenessDetail":[{"Errcode":1}]}}}`))
	f.Add([]byte(`{"Response":{"Error":{"Code":"FailedOperation","Message":"m"}}}`))
	rt := &bodyTransport{}
	c := transportClient(f, rt)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		rt.body, rt.length = body, int64(len(body))
		sized, sizedErr := c.GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
		rt.length = -1
		grown, grownErr := c.GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
		sink, fn := capture()
		streamed, streamErr := c.GetDetectInfoEnhancedStream(ctx, &testEnhancedRequest, fn)

		if errString(sizedErr) != errString(grownErr) || errString(sizedErr) != errString(streamErr) {
			t.Fatalf("errors differ: sized %v, grown %v, streamed %v", sizedErr, grownErr, streamErr)
		}
		require.Equal(t, sized, grown, "sized and grown results differ")
		if (sized == nil) != (streamed == nil) {
			t.Fatalf("one result is nil: %v %v", sized, streamed)
		}
		if sized != nil {
			checkStreamed(t, sized, streamed, sink)
		}

		if !json.Valid(body) {
			return
		}
		var syntaxErr *jsonscan.SyntaxError
		if errors.As(sizedErr, &syntaxErr) {
			t.Fatalf("encoding/json accepts the input, the decoder reports %v", sizedErr)
		}
		checkAgainstEncodingJSON(t, body, sized, sizedErr)
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// checkStreamed compares a streamed result with an in-memory one.
func checkStreamed(t *testing.T, want, got *DetectInfo, sink *captured) {
	t.Helper()
	require.Equal(t, withoutMedia(want), got, "streamed result differs")
	bad := problemPaths(want)
	seen := map[string]bool{}
	for _, ref := range sink.refs {
		if seen[ref.Path] {
			t.Fatalf("sink called twice for %s", ref.Path)
		}
		seen[ref.Path] = true
	}
	items := want.Media()
	for _, m := range items {
		if !bytes.Equal(m.Data, sink.data[m.Path]) {
			t.Fatalf("media %s: in memory %d bytes, streamed %d", m.Path, len(m.Data), len(sink.data[m.Path]))
		}
		delete(seen, m.Path)
	}
	for path := range seen {
		if !bad[path] && len(sink.data[path]) > 0 {
			t.Fatalf("sink got %s, which is not in memory and not a problem", path)
		}
	}
	if sink.opens != sink.close {
		t.Fatalf("%d writers opened, %d closed", sink.opens, sink.close)
	}
}

// wireReply is the reply typed strictly, as encoding/json sees it: media
// are strings, nulls pointers (the Response object's type is generated
// from the spec, zz_fuzzwire_gen_test.go).
type wireReply struct {
	Response *jsonDetectInfo `json:"Response"`
}

// checkAgainstEncodingJSON compares a result with encoding/json's reading
// of the same valid input, when that reading is unambiguous.
func checkAgainstEncodingJSON(t *testing.T, body []byte, got *DetectInfo, gotErr error) {
	t.Helper()
	var w wireReply
	if json.Unmarshal(body, &w) != nil || w.Response == nil || !plainKeys(body) {
		return
	}
	resp := w.Response
	var probe struct {
		Code     json.RawMessage `json:"code"`
		Response struct {
			Error json.RawMessage `json:"Error"`
		} `json:"Response"`
	}
	_ = json.Unmarshal(body, &probe)
	if len(probe.Code) > 0 {
		return // the legacy top-level error shape: checked by the envelope tests
	}
	if len(probe.Response.Error) > 0 {
		// Response.Error in any shape, null included, is a failure: never
		// a result to judge.
		if gotErr == nil || got != nil {
			t.Fatalf("a reply with Response.Error gave result %v, error %v", got, gotErr)
		}
		if code := resp.Error.Code; strings.TrimSpace(code) != "" {
			var apiErr *APIError
			if !errors.As(gotErr, &apiErr) || apiErr.Code != code {
				t.Fatalf("want API error %q, got %v", code, gotErr)
			}
		}
		return
	}
	if gotErr != nil {
		t.Fatalf("encoding/json reads the reply, the decoder fails: %v", gotErr)
	}

	bad := map[string]bool{}
	want := resp.decoded(func(path string, s *string) []byte {
		if s == nil {
			return nil
		}
		b, ok := refBase64(*s)
		if !ok {
			bad[path] = true
			return nil
		}
		if len(b) == 0 {
			return nil
		}
		return b
	})

	gotBad := problemPaths(got)
	if !reflect.DeepEqual(bad, gotBad) {
		t.Fatalf("media problems: reference %v, decoder %v (%v)", bad, gotBad, got.Problems)
	}
	gotCopy := *got
	gotCopy.Problems = nil
	// encoding/json reads [] as an empty slice, the decoder as nil.
	emptySlicesToNil(reflect.ValueOf(want).Elem())
	require.Equal(t, want, &gotCopy, "decoder and encoding/json differ")
}

// emptySlicesToNil replaces every empty slice in v by nil.
func emptySlicesToNil(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			emptySlicesToNil(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				emptySlicesToNil(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		if v.Type().Elem().Kind() != reflect.Uint8 {
			for i := range v.Len() {
				emptySlicesToNil(v.Index(i))
			}
		}
	}
}

// indexSuffix renders "[i]".
func indexSuffix(i int) string { return string(indexKey(i)) }

// refBase64 decodes base64 the way the decoder tolerates it: whitespace
// anywhere, padding optional but, when present, complete or short.
func refBase64(s string) ([]byte, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	data := strings.TrimRight(s, "=")
	pad, rem := len(s)-len(data), len(data)%4
	if rem == 1 || (pad > 0 && (rem == 0 || pad > 4-rem)) {
		return nil, false
	}
	b, err := base64.RawStdEncoding.DecodeString(data)
	return b, err == nil
}

// plainKeys reports whether no object in the valid JSON body repeats a
// key, and no key of an object of the wire model matches one of its member
// names case-insensitively (as encoding/json matches them) without
// matching it exactly — which also rules out the case variants the decoder
// reads as aliases (CompareStatus for Comparestatus…) — and whether the
// legacy Text.Detail is absent. Only then do encoding/json and the decoder
// read the same members.
func plainKeys(body []byte) bool {
	type frame struct {
		typ       reflect.Type    // struct type of the wire model, or nil
		keys      map[string]bool // nil for an array
		expectKey bool
		lastKey   string
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var stack []*frame
	// valueDone records that the innermost container got a whole value.
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].expectKey = true
		}
	}
	// childType is the wire type of the value about to open.
	childType := func() reflect.Type {
		n := len(stack)
		if n == 0 {
			return reflect.TypeOf(wireReply{})
		}
		top := stack[n-1]
		if top.typ == nil {
			return nil
		}
		if top.keys == nil { // array: typ is the element type
			return top.typ
		}
		return wireField(top.typ, top.lastKey)
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				typ := childType()
				if typ != nil && typ.Kind() != reflect.Struct {
					typ = nil
				}
				stack = append(stack, &frame{typ: typ, keys: map[string]bool{}, expectKey: true})
			case '[':
				typ := childType()
				if typ != nil && typ.Kind() == reflect.Slice {
					typ = derefType(typ.Elem())
				} else {
					typ = nil
				}
				stack = append(stack, &frame{typ: typ})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
			continue
		case string:
			if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].expectKey {
				top := stack[n-1]
				top.expectKey, top.lastKey = false, v
				if top.keys[v] {
					return false
				}
				top.keys[v] = true
				if top.typ == reflect.TypeOf(DetectText{}) && v == "Detail" {
					return false
				}
				if top.typ != nil && wireField(top.typ, v) == nil {
					for i := range top.typ.NumField() {
						if strings.EqualFold(jsonName(top.typ.Field(i)), v) {
							return false
						}
					}
				}
				continue
			}
		}
		valueDone()
	}
}

// wireField returns the type, pointers removed, of the member of struct
// type t named exactly name, or nil.
func wireField(t reflect.Type, name string) reflect.Type {
	for i := range t.NumField() {
		if jsonName(t.Field(i)) == name {
			return derefType(t.Field(i).Type)
		}
	}
	return nil
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
