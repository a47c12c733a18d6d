package jsonscan

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// source describes one way of feeding a document to a Reader.
type source struct {
	name   string
	window int
	wrap   func(io.Reader) io.Reader
}

// sources exercise the window-refill paths: tiny reads, data returned
// together with io.EOF, and windows of the minimum size.
var sources = []source{
	{"plain", DefaultWindow, func(r io.Reader) io.Reader { return r }},
	{"onebyte", DefaultWindow, iotest.OneByteReader},
	{"half", DefaultWindow, iotest.HalfReader},
	{"dataerr", DefaultWindow, iotest.DataErrReader},
	{"plain/w16", minWindow, func(r io.Reader) io.Reader { return r }},
	{"onebyte/w16", minWindow, iotest.OneByteReader},
	{"half/w16", minWindow, iotest.HalfReader},
	{"dataerr+onebyte/w16", minWindow, func(r io.Reader) io.Reader {
		return iotest.DataErrReader(iotest.OneByteReader(r))
	}},
}

// forSources calls fn with a fresh Reader over doc for every source.
func forSources(t *testing.T, doc string, fn func(name string, r *Reader)) {
	t.Helper()
	for _, s := range sources {
		fn(s.name, newReaderSize(s.wrap(strings.NewReader(doc)), s.window))
	}
}

// walk reads the next value generically into the types encoding/json uses
// for an any: map[string]any, []any, string, float64, bool and nil.
func walk(r *Reader) (any, error) {
	k, err := r.Peek()
	if err != nil {
		return nil, err
	}
	switch k {
	case KindNull:
		return nil, r.Skip()
	case KindBool:
		return r.Bool()
	case KindNumber:
		lit, err := r.Number()
		if err != nil {
			return nil, err
		}
		return strconv.ParseFloat(string(lit), 64)
	case KindString:
		return r.String()
	case KindObject:
		m := map[string]any{}
		err := r.Object(func(key []byte) error {
			v, err := walk(r)
			m[string(key)] = v
			return err
		})
		return m, err
	case KindArray:
		s := []any{}
		err := r.Array(func(int) error {
			v, err := walk(r)
			s = append(s, v)
			return err
		})
		return s, err
	}
	return nil, fmt.Errorf("unexpected kind %v", k)
}

// walkDoc reads a whole document with walk and checks its end.
func walkDoc(r *Reader) (any, error) {
	v, err := walk(r)
	if err != nil {
		return nil, err
	}
	return v, r.End()
}

// asSyntax returns err as a *SyntaxError or fails the test.
func asSyntax(t *testing.T, err error) *SyntaxError {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a *SyntaxError", err, err)
	}
	return se
}

// asType returns err as a *TypeError or fails the test.
func asType(t *testing.T, err error) *TypeError {
	t.Helper()
	var te *TypeError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T) is not a *TypeError", err, err)
	}
	return te
}

// equalTree reports whether two trees from walk or encoding/json match,
// treating all NaN-free floats by value.
func equalTree(a, b any) bool { return reflect.DeepEqual(a, b) }
