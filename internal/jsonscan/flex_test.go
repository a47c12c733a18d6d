package jsonscan

import (
	"math"
	"strings"
	"testing"
)

// flexCase is one Flex input: the expected value, or the expected
// *TypeError's Got kind and Detail.
type flexCase[T comparable] struct {
	in     string
	want   T
	got    Kind // KindInvalid: no error expected
	detail string
}

// runFlex checks read on every case, inside an array followed by another
// member that must still be readable.
func runFlex[T comparable](t *testing.T, method string, want Kind, cases []flexCase[T], read func(r *Reader) (T, error)) {
	t.Helper()
	for _, c := range cases {
		forSources(t, "["+c.in+`,"next"]`, func(name string, r *Reader) {
			var v T
			var err error
			next := readPair(t, r, func() { v, err = read(r) })
			if next != "next" {
				t.Errorf("%s: %s(%s): next %q", name, method, c.in, next)
			}
			if c.got == KindInvalid {
				if err != nil || v != c.want {
					t.Errorf("%s: %s(%s) = %v, %v; want %v", name, method, c.in, v, err, c.want)
				}
				return
			}
			if err == nil {
				t.Errorf("%s: %s(%s) = %v, want *TypeError", name, method, c.in, v)
				return
			}
			te := asType(t, err)
			var zero T
			if te.Got != c.got || te.Want != want || te.Detail != c.detail || te.Offset != 1 || v != zero {
				t.Errorf("%s: %s(%s) = %v, %+v; want Got %v Detail %q", name, method, c.in, v, te, c.got, c.detail)
			}
			if c.detail != "" {
				// "want number, got string: not a number", but "number out of
				// range" rather than "want number, got number: out of range".
				end := ": " + c.detail
				if te.Got == te.Want {
					end = ": " + te.Got.String() + " " + c.detail
				}
				if msg := te.Error(); !strings.HasSuffix(msg, end) {
					t.Errorf("%s: %s(%s): message %q does not end in %q", name, method, c.in, msg, end)
				}
			}
		})
	}
}

func TestFlexInt(t *testing.T) {
	cases := []flexCase[int64]{
		{in: "1", want: 1}, {in: "-7", want: -7}, {in: "0", want: 0}, {in: "-0", want: 0},
		{in: `"42"`, want: 42}, {in: `" 42 "`, want: 42}, {in: `"\t-42\n"`, want: -42}, {in: `""`, want: 0},
		{in: `"  "`, want: 0}, {in: "null", want: 0}, {in: "3.0", want: 3}, {in: `"3.000"`, want: 3},
		{in: "1e3", want: 1000}, {in: `"1E3"`, want: 1000}, {in: "1.5e1", want: 15}, {in: "10e-1", want: 1},
		{in: "0.0e5", want: 0}, {in: `"0e99999999999"`, want: 0}, {in: `"+5"`, want: 5}, {in: `"007"`, want: 7},
		{in: `"\u0034\u0032"`, want: 42}, {in: "0.000", want: 0}, {in: "120e-1", want: 12},
		{in: "9223372036854775807", want: math.MaxInt64}, {in: "-9223372036854775808", want: math.MinInt64},
		{in: "922337203685477580.7e1", want: math.MaxInt64}, {in: "-9.223372036854775808e18", want: math.MinInt64},
		{in: "9223372036854775808", got: KindNumber, detail: detailRange},
		{in: `"-9223372036854775809"`, got: KindString, detail: detailRange},
		{in: "1e19", got: KindNumber, detail: detailRange}, {in: "1e999999999", got: KindNumber, detail: detailRange},
		{in: "123456789012345678901234567890", got: KindNumber, detail: detailRange},
		{in: "1.5", got: KindNumber, detail: detailNotInteger}, {in: "1e-2", got: KindNumber, detail: detailNotInteger},
		{in: "0.1", got: KindNumber, detail: detailNotInteger}, {in: `"2.50"`, got: KindString, detail: detailNotInteger},
		{in: `"abc"`, got: KindString, detail: detailNotNumber}, {in: `"1.0.0"`, got: KindString, detail: detailNotNumber},
		{in: `"0x10"`, got: KindString, detail: detailNotNumber}, {in: `"1e"`, got: KindString, detail: detailNotNumber},
		{in: `"."`, got: KindString, detail: detailNotNumber}, {in: `"1 2"`, got: KindString, detail: detailNotNumber},
		{in: "true", got: KindBool}, {in: "{}", got: KindObject}, {in: `[1]`, got: KindArray},
	}
	runFlex(t, "FlexInt", KindNumber, cases, (*Reader).FlexInt)
}

func TestFlexString(t *testing.T) {
	cases := []flexCase[string]{
		{in: `"x"`, want: "x"}, {in: `"\u4e2d"`, want: "中"}, {in: "12.50", want: "12.50"}, {in: "-1e5", want: "-1e5"},
		{in: "true", want: "true"}, {in: "false", want: "false"}, {in: "null", want: ""}, {in: `""`, want: ""},
		{in: "{}", got: KindObject}, {in: `[1, "a"]`, got: KindArray},
	}
	runFlex(t, "FlexString", KindString, cases, (*Reader).FlexString)
}

func TestFlexBool(t *testing.T) {
	cases := []flexCase[bool]{
		{in: "true", want: true}, {in: "false", want: false}, {in: "null", want: false}, {in: "1", want: true},
		{in: "0", want: false}, {in: "1.0", want: true}, {in: "-0", want: false}, {in: `"true"`, want: true},
		{in: `"TRUE"`, want: true}, {in: `" False "`, want: false}, {in: `"1"`, want: true}, {in: `"0"`, want: false},
		{in: `""`, want: false},
		{in: "2", got: KindNumber, detail: detailNotBool}, {in: "0.5", got: KindNumber, detail: detailNotBool},
		{in: `"yes"`, got: KindString, detail: detailNotBool}, {in: `"01"`, got: KindString, detail: detailNotBool},
		{in: "{}", got: KindObject}, {in: "[true]", got: KindArray},
	}
	runFlex(t, "FlexBool", KindBool, cases, (*Reader).FlexBool)
}

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "00": 0, "-00.00e-7": 0, "5e0": 5, "50e-1": 5, "0.5e1": 5, ".5e1": 5, "5.": 5,
		"1e18": 1e18, "9.223372036854775807e18": math.MaxInt64,
	} {
		if got, d := parseInt([]byte(in)); d != "" || got != want {
			t.Errorf("parseInt(%q) = %d, %q; want %d", in, got, d, want)
		}
	}
	for in, want := range map[string]string{
		"": detailNotNumber, "-": detailNotNumber, "e5": detailNotNumber, "1e+": detailNotNumber,
		"9.223372036854775808e18": detailRange, "5e-1": detailNotInteger, "1.00000000000000000001": detailNotInteger,
		"1e-9999999999999999": detailNotInteger, "99999999999999999999e-2": detailNotInteger,
	} {
		if _, d := parseInt([]byte(in)); d != want {
			t.Errorf("parseInt(%q) detail %q, want %q", in, d, want)
		}
	}
}
