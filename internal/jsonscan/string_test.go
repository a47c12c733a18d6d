package jsonscan

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{`""`, ""},
		{`"abc"`, "abc"},
		{`null`, ""},
		{`"a\"b\\c\/d\b\f\n\r\t"`, "a\"b\\c/d\b\f\n\r\t"},
		{`"\u00e9\u4E2D\u0000"`, "é中\x00"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\ud83dx"`, "\ufffdx"},
		{`"\ud83d"`, "\ufffd"},
		{`"\ude00"`, "\ufffd"},
		{`"\ud83d\ud83d\ude00"`, "\ufffd😀"},
		{`"\ud83d\u0041"`, "\ufffdA"},
		{`"\ud83d\n"`, "\ufffd\n"},
		{"\"a\xffb\"", "a\ufffdb"},
		{"\"\xe4\xb8\"", "\ufffd\ufffd"},
		{"\"\xed\xa0\x80\"", "\ufffd\ufffd\ufffd"},
		{"\"中文 é\"", "中文 é"},
		{"\"\xef\xbf\xbd\"", "\ufffd"},
		{`"` + strings.Repeat(`ab\n中`, 50) + `"`, strings.Repeat("ab\n中", 50)},
	}
	for _, c := range cases {
		// encoding/json agrees on every case.
		var ref string
		if err := json.Unmarshal([]byte(c.in), &ref); err != nil || ref != c.want {
			t.Errorf("encoding/json disagrees on %s: %q, %v", c.in, ref, err)
		}
		forSources(t, "["+c.in+`,"next"]`, func(name string, r *Reader) {
			var got string
			var err error
			next := readPair(t, r, func() { got, err = r.String() })
			if err != nil || got != c.want || next != "next" {
				t.Errorf("%s: String(%s) = %q, %v (next %q); want %q", name, c.in, got, err, next, c.want)
			}
		})
		forSources(t, "["+c.in+`,"next"]`, func(name string, r *Reader) {
			var got []byte
			var err error
			readPair(t, r, func() { got, err = r.AppendString([]byte("pre")) })
			if err != nil || string(got) != "pre"+c.want {
				t.Errorf("%s: AppendString(%s) = %q, %v", name, c.in, got, err)
			}
		})
	}
}

func TestStringTypeErrors(t *testing.T) {
	for in, got := range map[string]Kind{"123": KindNumber, "true": KindBool, `{"a":"b"}`: KindObject, `["a"]`: KindArray} {
		forSources(t, "["+in+`,"next"]`, func(name string, r *Reader) {
			var err error
			next := readPair(t, r, func() { _, err = r.String() })
			checkTypeResult(t, name, in, err, got, KindString)
			if next != "next" {
				t.Errorf("%s: next %q", name, next)
			}
			var err2 error
			r.Reset(strings.NewReader("[" + in + `,"next"]`))
			readPair(t, r, func() { _, err2 = r.AppendString(nil) })
			checkTypeResult(t, name, in, err2, got, KindString)
		})
	}
}

func TestStringSyntaxErrors(t *testing.T) {
	cases := []struct {
		in  string
		eof bool
	}{
		{`"abc`, true}, {`"\`, true}, {`"\u12`, true}, {`"\ud83d\ude0`, true}, {"\"\xe4", true},
		{"\"a\x01\"", false}, {"\"a\nb\"", false}, {"\"\t\"", false}, {`"\x"`, false}, {`"\u12G4"`, false},
		{`"\U1234"`, false}, {`"\ud83d\uZZZZ"`, false},
	}
	for _, c := range cases {
		reads := []func(r *Reader) error{
			func(r *Reader) error { _, err := r.String(); return err },
			func(r *Reader) error { _, err := r.AppendString(nil); return err },
			(*Reader).Skip,
			func(r *Reader) error { _, err := r.FlexString(); return err },
			func(r *Reader) error { _, err := r.FlexInt(); return err },
		}
		for i, read := range reads {
			forSources(t, c.in, func(name string, r *Reader) {
				err := read(r)
				if err == nil {
					t.Errorf("%s: read %d: %q accepted", name, i, c.in)
					return
				}
				asSyntax(t, err)
				if errors.Is(err, io.ErrUnexpectedEOF) != c.eof {
					t.Errorf("%s: read %d: %q: %v, want eof=%v", name, i, c.in, err, c.eof)
				}
			})
		}
		if json.Valid([]byte(c.in)) {
			t.Errorf("encoding/json accepts %q", c.in)
		}
	}
}

func TestPlainAndSkipRun(t *testing.T) {
	for _, tc := range []struct {
		in          string
		plain, skip int
	}{
		{"", 0, 0},
		{"abcdefghijklmnop", 16, 16},
		{"abcdefghij\"klmnop", 10, 10},
		{"abcdefghij\\klmnop", 10, 10},
		{"abcdefghij\x1fklmnop", 10, 10},
		{"abcdefghij\x80klmnop", 10, 17},
		{"abcdefghij\x7fklmnop", 17, 17},
		{"abcdefg ", 8, 8},
		{"\"", 0, 0},
		{"中", 0, 3},
	} {
		if got := plainRun([]byte(tc.in)); got != tc.plain {
			t.Errorf("plainRun(%q) = %d, want %d", tc.in, got, tc.plain)
		}
		if got := skipRun([]byte(tc.in)); got != tc.skip {
			t.Errorf("skipRun(%q) = %d, want %d", tc.in, got, tc.skip)
		}
	}
	// Every byte value at every position of a 16-byte run.
	for c := range 256 {
		for pos := range 16 {
			b := []byte("abcdefghijklmnop")
			b[pos] = byte(c)
			wantPlain, wantSkip := 16, 16
			if !plain[c] {
				wantPlain = pos
			}
			if c == '"' || c == '\\' || c < 0x20 {
				wantSkip = pos
			}
			if got := plainRun(b); got != wantPlain {
				t.Fatalf("plainRun with %#x at %d = %d, want %d", c, pos, got, wantPlain)
			}
			if got := skipRun(b); got != wantSkip {
				t.Fatalf("skipRun with %#x at %d = %d, want %d", c, pos, got, wantSkip)
			}
		}
	}
}
