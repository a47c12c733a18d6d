package jsonscan

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestKindString(t *testing.T) {
	want := map[Kind]string{
		KindInvalid: "invalid", KindNull: "null", KindBool: "bool", KindNumber: "number",
		KindString: "string", KindObject: "object", KindArray: "array", Kind(99): "invalid",
	}
	for k, s := range want {
		if got := k.String(); got != s {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, s)
		}
	}
}

func TestPeek(t *testing.T) {
	cases := []struct {
		in   string
		want Kind
	}{
		{" null", KindNull}, {"true", KindBool}, {"\n\tfalse", KindBool}, {"-1", KindNumber},
		{"0", KindNumber}, {`"s"`, KindString}, {"{}", KindObject}, {"[]", KindArray},
	}
	for _, c := range cases {
		forSources(t, c.in, func(name string, r *Reader) {
			k, err := r.Peek()
			if err != nil || k != c.want {
				t.Errorf("%s: Peek(%q) = %v, %v; want %v", name, c.in, k, err, c.want)
			}
			// Peek does not consume: a second Peek and a Skip still work.
			if k2, _ := r.Peek(); k2 != k {
				t.Errorf("%s: second Peek(%q) = %v", name, c.in, k2)
			}
			if err := r.Skip(); err != nil {
				t.Errorf("%s: Skip after Peek(%q): %v", name, c.in, err)
			}
			if err := r.End(); err != nil {
				t.Errorf("%s: End after %q: %v", name, c.in, err)
			}
		})
	}
	for _, in := range []string{"", "  ", "}", "]", ",", ":", "x", "+1", ".5"} {
		r := NewReader(strings.NewReader(in))
		k, err := r.Peek()
		if k != KindInvalid || err == nil {
			t.Errorf("Peek(%q) = %v, %v; want invalid with error", in, k, err)
			continue
		}
		se := asSyntax(t, err)
		if eof := errors.Is(err, io.ErrUnexpectedEOF); eof != (strings.TrimSpace(in) == "") {
			t.Errorf("Peek(%q): errors.Is(io.ErrUnexpectedEOF) = %v (%v)", in, eof, se)
		}
	}
}

func TestBool(t *testing.T) {
	cases := []struct {
		in      string
		want    bool
		typeErr Kind // Got of the expected *TypeError, or KindInvalid
	}{
		{"true", true, KindInvalid}, {"false", false, KindInvalid}, {"null", false, KindInvalid},
		{"1", false, KindNumber}, {`"true"`, false, KindString}, {"[true]", false, KindArray},
		{`{"a":true}`, false, KindObject},
	}
	for _, c := range cases {
		forSources(t, "["+c.in+` , "next"]`, func(name string, r *Reader) {
			var got bool
			var gotErr error
			next := readPair(t, r, func() { got, gotErr = r.Bool() })
			checkTypeResult(t, name, c.in, gotErr, c.typeErr, KindBool)
			if got != c.want {
				t.Errorf("%s: Bool(%s) = %v, want %v", name, c.in, got, c.want)
			}
			if next != "next" {
				t.Errorf("%s: after Bool(%s), next = %q", name, c.in, next)
			}
		})
	}
}

// readPair reads a two-element array: first with fn, then the second as a
// string, which it returns.
func readPair(t *testing.T, r *Reader, fn func()) string {
	t.Helper()
	var next string
	err := r.Array(func(i int) error {
		if i == 0 {
			fn()
			return nil
		}
		var err error
		next, err = r.String()
		return err
	})
	if err != nil {
		t.Fatalf("Array: %v", err)
	}
	if err := r.End(); err != nil {
		t.Fatalf("End: %v", err)
	}
	return next
}

// checkTypeResult checks err against the expected *TypeError kind (none if
// got is KindInvalid).
func checkTypeResult(t *testing.T, name, in string, err error, got, want Kind) {
	t.Helper()
	if got == KindInvalid {
		if err != nil {
			t.Errorf("%s: reading %s: unexpected error %v", name, in, err)
		}
		return
	}
	if err == nil {
		t.Errorf("%s: reading %s: no error, want *TypeError", name, in)
		return
	}
	te := asType(t, err)
	if te.Got != got || te.Want != want || te.Offset != 1 {
		t.Errorf("%s: reading %s: %+v, want Got %v Want %v at 1", name, in, te, got, want)
	}
	if te.Error() == "" {
		t.Errorf("empty message")
	}
}

func TestNumber(t *testing.T) {
	valid := []string{"0", "-0", "1", "-1", "123456789012345678901234567890", "1.5", "-0.0", "1e5",
		"1E+5", "1e-5", "2.5E-10", "0e0"}
	for _, in := range valid {
		forSources(t, "["+in+`,"next"]`, func(name string, r *Reader) {
			var lit []byte
			var err error
			next := readPair(t, r, func() {
				lit, err = r.Number()
				lit = append([]byte(nil), lit...)
			})
			if err != nil || string(lit) != in || next != "next" {
				t.Errorf("%s: Number(%s) = %q, %v (next %q)", name, in, lit, err, next)
			}
		})
	}
	forSources(t, `[null,"next"]`, func(name string, r *Reader) {
		var lit []byte
		var err error
		readPair(t, r, func() { lit, err = r.Number() })
		if lit != nil || err != nil {
			t.Errorf("%s: Number(null) = %q, %v", name, lit, err)
		}
	})
	for in, got := range map[string]Kind{`"1"`: KindString, "true": KindBool, "{}": KindObject, "[1]": KindArray} {
		forSources(t, "["+in+`,"next"]`, func(name string, r *Reader) {
			var err error
			readPair(t, r, func() { _, err = r.Number() })
			checkTypeResult(t, name, in, err, got, KindNumber)
		})
	}
	invalid := []string{"01", "-", "-a", "1.", "1.e5", ".5", "1e", "1e+", "+1", "0x1", "1ee5", "--1", "1.5.5", "Infinity", "NaN"}
	for _, in := range invalid {
		forSources(t, in, func(name string, r *Reader) {
			_, err := r.Number()
			if err == nil {
				err = r.End()
			}
			if err == nil {
				t.Errorf("%s: Number(%s) accepted", name, in)
				return
			}
			asSyntax(t, err)
		})
	}
}

func TestNumberTruncatedIsEOF(t *testing.T) {
	for _, in := range []string{"-", "1.", "1e", "1e-", "[1", "[-"} {
		_, err := NewReader(strings.NewReader(in)).Number()
		if in[0] == '[' {
			r := NewReader(strings.NewReader(in))
			err = r.Array(func(int) error { _, err := r.Number(); return err })
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%q: error %v, want io.ErrUnexpectedEOF", in, err)
		}
	}
}

func TestEnd(t *testing.T) {
	for in, ok := range map[string]bool{
		`{} `: true, "{}\n\r\t ": true, `{}x`: false, `{} {}`: false, `1 2`: false, `"a""b"`: false,
	} {
		forSources(t, in, func(name string, r *Reader) {
			if err := r.Skip(); err != nil {
				t.Fatalf("%s: Skip(%q): %v", name, in, err)
			}
			err := r.End()
			if (err == nil) != ok {
				t.Errorf("%s: End(%q) = %v, want ok=%v", name, in, err, ok)
			}
			if err != nil {
				asSyntax(t, err)
			}
		})
	}
}

func TestTokenLimits(t *testing.T) {
	big := strings.Repeat("1", MaxTokenSize+1)
	r := NewReader(strings.NewReader("[" + big + "]"))
	err := r.Skip()
	if !errors.Is(err, ErrTokenTooLong) {
		t.Errorf("long number: %v", err)
	}
	asSyntax(t, err)
	if len(r.buf) > 4*MaxTokenSize {
		t.Errorf("window grew to %d", len(r.buf))
	}
	// A number just under the limit is fine.
	ok := strings.Repeat("2", MaxTokenSize-10)
	r = NewReader(strings.NewReader(ok))
	lit, err := r.Number()
	if err != nil || string(lit) != ok {
		t.Errorf("number of %d digits: %v", len(ok), err)
	}
	// Long keys are refused, unescaped length counting.
	key := strings.Repeat("k", MaxTokenSize+1)
	r = NewReader(strings.NewReader(`{"` + key + `":1}`))
	err = r.Object(func([]byte) error { return r.Skip() })
	if !errors.Is(err, ErrTokenTooLong) {
		t.Errorf("long key: %v", err)
	}
	// Skip does not store keys: a long key is fine there.
	r = NewReader(strings.NewReader(`{"` + key + `":1}`))
	if err := r.Skip(); err != nil {
		t.Errorf("Skip of long key: %v", err)
	}
	// String values are not tokens: the window stays as it is.
	long := strings.Repeat("v", 3*MaxTokenSize)
	r = NewReader(strings.NewReader(`{"k":"` + long + `"}`))
	var got string
	err = r.Object(func([]byte) error { var err error; got, err = r.String(); return err })
	if err != nil || got != long {
		t.Errorf("long string value: %v", err)
	}
	if len(r.buf) != DefaultWindow {
		t.Errorf("window grew to %d for a string value", len(r.buf))
	}
}

// errReader returns data, then err.
type errReader struct {
	data []byte
	err  error
}

func (e *errReader) Read(p []byte) (int, error) {
	if len(e.data) == 0 {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestReadErrors(t *testing.T) {
	errBoom := errors.New("boom")
	r := NewReader(&errReader{data: []byte(`{"a": "abc`), err: errBoom})
	err := r.Object(func([]byte) error { _, err := r.String(); return err })
	if !errors.Is(err, errBoom) {
		t.Fatalf("got %v, want wrapped errBoom", err)
	}
	var se *SyntaxError
	if errors.As(err, &se) {
		t.Errorf("read error reported as syntax error")
	}
	if err2 := r.End(); err2 != err {
		t.Errorf("read error not sticky: %v", err2)
	}

	// Timeout after the first read.
	r = newReaderSize(iotest.TimeoutReader(strings.NewReader(strings.Repeat(" ", 100)+"1")), minWindow)
	if _, err := r.Number(); !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("timeout: %v", err)
	}

	// A source that never makes progress.
	r = NewReader(iotest.ErrReader(nil))
	if _, err := r.Peek(); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("stuck source: %v", err)
	}

	// A read error after a complete value surfaces in End.
	r = NewReader(&errReader{data: []byte(`1 `), err: errBoom})
	if _, err := r.Number(); err != nil {
		t.Fatalf("Number: %v", err)
	}
	if err := r.End(); !errors.Is(err, errBoom) {
		t.Errorf("End: %v, want errBoom", err)
	}
}

func TestResetAndOffset(t *testing.T) {
	r := newReaderSize(strings.NewReader("[1, 22, 333]"), minWindow)
	var offs []int64
	err := r.Array(func(int) error {
		_, err := r.Number()
		offs = append(offs, r.Offset())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{2, 6, 11}; len(offs) != 3 || offs[0] != want[0] || offs[1] != want[1] || offs[2] != want[2] {
		t.Errorf("offsets %v, want %v", offs, want)
	}
	// Grow the window with a long number, then Reset: it shrinks back.
	r.Reset(strings.NewReader(strings.Repeat("9", 1000)))
	if _, err := r.Number(); err != nil {
		t.Fatal(err)
	}
	if len(r.buf) <= minWindow {
		t.Fatalf("window did not grow")
	}
	r.Reset(strings.NewReader(` "again" `))
	if len(r.buf) != minWindow || r.Offset() != 0 {
		t.Errorf("after Reset: window %d, offset %d", len(r.buf), r.Offset())
	}
	s, err := r.String()
	if err != nil || s != "again" || r.Offset() != 8 {
		t.Errorf("after Reset: %q, %v, offset %d", s, err, r.Offset())
	}
	// Reset clears a fatal error.
	r.Reset(strings.NewReader("x"))
	if err := r.Skip(); err == nil {
		t.Fatal("no error")
	}
	r.Reset(strings.NewReader("true"))
	if b, err := r.Bool(); !b || err != nil {
		t.Errorf("after Reset from error: %v, %v", b, err)
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	r := NewReader(strings.NewReader(`{"secret": "1101", x}`))
	err := r.Skip()
	se := asSyntax(t, err)
	if se.Offset != 19 {
		t.Errorf("offset %d, want 19", se.Offset)
	}
	if strings.Contains(err.Error(), "1101") || !strings.Contains(err.Error(), "'x'") {
		t.Errorf("message %q", err)
	}
	r = NewReader(strings.NewReader(`"abc`))
	_, err = r.String()
	se = asSyntax(t, err)
	if se.Offset != 4 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncation: %+v", se)
	}
}

func TestZeroReader(t *testing.T) {
	var r Reader
	r.Reset(strings.NewReader(`{"k": "v"}`))
	var got string
	err := r.Object(func(key []byte) error {
		var err error
		got, err = r.String()
		return err
	})
	if err != nil || got != "v" || len(r.buf) != DefaultWindow {
		t.Errorf("zero Reader after Reset: %q, %v, window %d", got, err, len(r.buf))
	}
}
