package faceid

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// jsonBodies lists every request type with its own encoder.
var jsonBodies = []jsonBody{
	&DetectAuthRequest{},
	&GetDetectInfoEnhancedRequest{},
	&GetDetectInfoRequest{},
	&Encryption{},
}

// TestRequestEncodersMatchEncodingJSON fills every field of every request
// with random values, by reflection so that a field added later is covered
// too, and compares the hand-written encoder with encoding/json byte for
// byte.
func TestRequestEncodersMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, proto := range jsonBodies {
		typ := reflect.TypeOf(proto).Elem()
		t.Run(typ.Name(), func(t *testing.T) {
			for i := range 3000 {
				v := reflect.New(typ)
				if i > 0 { // the zero value first
					fillRandom(rng, v.Elem(), 0)
				}
				want, err := json.Marshal(v.Interface())
				require.NoError(t, err)
				got := v.Interface().(jsonBody).appendJSON(nil)
				require.Equal(t, string(want), string(got), "value %#v", v.Interface())
			}
		})
	}
}

// TestAppendJSONStringEscapes covers the characters encoding/json escapes.
func TestAppendJSONStringEscapes(t *testing.T) {
	for _, s := range []string{"", "plain", `"\`, "\b\f\n\r\t\x00\x1f\x7f", "<a href='x'>&amp;</a>",
		"\u2028\u2029", "测试一", "\xff\xfe", "a\xc3", "\xed\xa0\x80", "𝄞", "\u00e9\u0301"} {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)), "%q", s)
	}
}

// randomRunes are the characters random strings are drawn from: plain
// ASCII, every character encoding/json escapes, multi-byte UTF-8 and
// invalid bytes.
var randomRunes = []string{"a", "Z", "0", " ", "-", "/", `"`, `\`, "<", ">", "&", "\n", "\t", "\r", "\b", "\f",
	"\x00", "\x1f", "\x7f", "é", "测", "𝄞", "\u2028", "\u2029", "\xff", "\xc3", "\xed\xa0\x80"}

// fillRandom sets v to a random value of its type.
func fillRandom(rng *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		n := rng.IntN(6)
		s := ""
		for range n {
			s += randomRunes[rng.IntN(len(randomRunes))]
		}
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Int, reflect.Int64, reflect.Int32:
		choices := []int64{0, 0, 1, -1, 3, 1 << 40}
		v.SetInt(choices[rng.IntN(len(choices))])
	case reflect.Slice:
		switch rng.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + rng.IntN(3)
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fillRandom(rng, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Pointer:
		if rng.IntN(3) == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fillRandom(rng, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillRandom(rng, v.Field(i), depth+1)
			}
		}
	case reflect.Uint8:
		v.SetUint(uint64(rng.IntN(256)))
	default:
		panic("fillRandom: unhandled kind " + v.Kind().String())
	}
}
