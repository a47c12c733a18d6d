package jsonscan

import (
	"errors"
	"strings"
	"testing"
)

func TestObject(t *testing.T) {
	doc := ` { "a" : 1 , "b\u0063" : "x", "dup": 1, "dup": 2, "nested": {"k": [true, {"z": null}]}, "" : [] } `
	forSources(t, doc, func(name string, r *Reader) {
		var keys []string
		err := r.Object(func(key []byte) error {
			keys = append(keys, string(key))
			switch string(key) {
			case "nested":
				return r.Object(func(key []byte) error {
					return r.Array(func(i int) error {
						if i == 0 {
							b, err := r.Bool()
							if !b {
								t.Errorf("%s: nested bool false", name)
							}
							return err
						}
						return r.Object(func(key []byte) error {
							if string(key) != "z" {
								t.Errorf("%s: inner key %q", name, key)
							}
							return r.Skip()
						})
					})
				})
			default:
				return r.Skip()
			}
		})
		if err != nil {
			t.Fatalf("%s: Object: %v", name, err)
		}
		if err := r.End(); err != nil {
			t.Fatalf("%s: End: %v", name, err)
		}
		want := "a,bc,dup,dup,nested,"
		if got := strings.Join(keys, ","); got != want {
			t.Errorf("%s: keys %q, want %q", name, got, want)
		}
		if r.Offset() != int64(len(doc)) {
			t.Errorf("%s: Offset %d, want %d", name, r.Offset(), len(doc))
		}
	})
}

func TestObjectNullAndEmpty(t *testing.T) {
	for _, in := range []string{"null", "{}", " { } ", "[]", "[ ]"} {
		forSources(t, in, func(name string, r *Reader) {
			called := false
			var err error
			if strings.Contains(in, "[") {
				err = r.Array(func(int) error { called = true; return nil })
			} else {
				err = r.Object(func([]byte) error { called = true; return nil })
			}
			if err != nil || called {
				t.Errorf("%s: %q: err %v, called %v", name, in, err, called)
			}
			if err := r.End(); err != nil {
				t.Errorf("%s: %q: End: %v", name, in, err)
			}
		})
	}
	forSources(t, "null", func(name string, r *Reader) {
		if err := r.Array(func(int) error { t.Error("called"); return nil }); err != nil {
			t.Errorf("%s: Array(null): %v", name, err)
		}
	})
}

func TestObjectTypeErrorLeavesReaderUsable(t *testing.T) {
	doc := `{"a": [1, {"x": "y"}], "b": "str", "c": 12.5, "d": {"e": 1}, "last": "ok"}`
	forSources(t, doc, func(name string, r *Reader) {
		var typeErrs []Kind
		var last string
		err := r.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "a", "b", "c":
				err = r.Object(func([]byte) error { t.Error("called"); return nil })
			case "d":
				err = r.Array(func(int) error { t.Error("called"); return nil })
			case "last":
				last, err = r.String()
				return err
			}
			typeErrs = append(typeErrs, asType(t, err).Got)
			return nil
		})
		if err != nil || last != "ok" {
			t.Fatalf("%s: err %v, last %q", name, err, last)
		}
		want := []Kind{KindArray, KindString, KindNumber, KindObject}
		if len(typeErrs) != len(want) {
			t.Fatalf("%s: type errors %v, want %v", name, typeErrs, want)
		}
		for i := range want {
			if typeErrs[i] != want[i] {
				t.Errorf("%s: type error %d: got %v, want %v", name, i, typeErrs[i], want[i])
			}
		}
	})
}

func TestObjectCallbackSkipsUnconsumed(t *testing.T) {
	doc := `{"a": {"deep": [1, 2, {"x": "}"}]}, "b": [1, "]"], "c": "s", "d": 3}`
	forSources(t, doc, func(name string, r *Reader) {
		var d int64
		err := r.Object(func(key []byte) error {
			if string(key) == "d" {
				var err error
				d, err = r.FlexInt()
				return err
			}
			if string(key) == "c" {
				_, err := r.Peek() // Peek does not consume
				return err
			}
			return nil
		})
		if err != nil || d != 3 {
			t.Errorf("%s: err %v, d %d", name, err, d)
		}
		if err := r.End(); err != nil {
			t.Errorf("%s: End: %v", name, err)
		}
	})
}

func TestObjectCallbackErrorConsumesRest(t *testing.T) {
	errStop := errors.New("stop")
	doc := `[{"a": 1, "b": [1, 2, {"c": 3}], "c": "x"}, [1, 2, 3], "next"]`
	forSources(t, doc, func(name string, r *Reader) {
		var calls int
		var next string
		err := r.Array(func(i int) error {
			var err error
			switch i {
			case 0:
				err = r.Object(func(key []byte) error {
					calls++
					return errStop // without consuming the value
				})
			case 1:
				err = r.Array(func(int) error {
					calls++
					if _, err := r.Number(); err != nil {
						return err
					}
					return errStop
				})
			case 2:
				next, err = r.String()
				return err
			}
			if !errors.Is(err, errStop) {
				t.Errorf("%s: element %d: err %v, want errStop", name, i, err)
			}
			return nil
		})
		if err != nil || next != "next" || calls != 2 {
			t.Errorf("%s: err %v, next %q, calls %d", name, err, next, calls)
		}
	})
	// The callback error ends the outer iteration too.
	r := NewReader(strings.NewReader(`[1, 2, 3]`))
	var seen []int
	err := r.Array(func(i int) error { seen = append(seen, i); return errStop })
	if !errors.Is(err, errStop) || len(seen) != 1 {
		t.Errorf("Array with failing callback: %v, calls %v", err, seen)
	}
	if err := r.End(); err != nil {
		t.Errorf("End after aborted Array: %v", err)
	}
}

func TestObjectKeyStableDuringCallback(t *testing.T) {
	var inner strings.Builder
	inner.WriteString("{")
	for i := range 200 {
		if i > 0 {
			inner.WriteString(",")
		}
		inner.WriteString(`"inner-key-` + strings.Repeat("x", i%37) + `\u00e9": [` + strings.Repeat(`"pad",`, i%5) + `0]`)
	}
	inner.WriteString("}")
	doc := `{"outer-\u4e2d": ` + inner.String() + `, "second": ` + inner.String() + `}`
	forSources(t, doc, func(name string, r *Reader) {
		var outer []string
		err := r.Object(func(key []byte) error {
			before := string(key)
			err := r.Object(func(k []byte) error {
				_ = append(k, "clobber"...) // capacity is capped: must not touch neighbours
				return r.Skip()
			})
			if string(key) != before {
				t.Errorf("%s: key changed from %q to %q", name, before, key)
			}
			outer = append(outer, string(key))
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Join(outer, "|") != "outer-中|second" {
			t.Errorf("%s: outer keys %q", name, outer)
		}
	})
}

func TestObjectSyntaxErrors(t *testing.T) {
	bad := []string{
		`{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":}`, `{,}`, `{"a":1]`, `{1:2}`,
		`[1,]`, `[1 2]`, `[,1]`, `[1}`, `{"a":[1,2}`, `{"a\x01":1}`, `{"a":1`, `[1`,
	}
	for _, in := range bad {
		forSources(t, in, func(name string, r *Reader) {
			// fn ignores errors: the fatal error must still surface.
			var err error
			if in[0] == '{' {
				err = r.Object(func([]byte) error { r.Skip(); return nil })
			} else {
				err = r.Array(func(int) error { r.Skip(); return nil })
			}
			if err == nil {
				err = r.End()
			}
			if err == nil {
				t.Errorf("%s: %q accepted", name, in)
				return
			}
			asSyntax(t, err)
			// Errors are sticky.
			if err2 := r.Skip(); err2 != err {
				t.Errorf("%s: %q: later call returned %v, want %v", name, in, err2, err)
			}
		})
		// Skip must reject the same inputs.
		r := NewReader(strings.NewReader(in))
		err := r.Skip()
		if err == nil {
			err = r.End()
		}
		if err == nil {
			t.Errorf("Skip accepted %q", in)
		}
	}
}

func TestCallbackIgnoringFatalError(t *testing.T) {
	r := NewReader(strings.NewReader(`{"a": tru, "b": 1}`))
	err := r.Object(func([]byte) error {
		_, _ = r.Bool() // error ignored
		return nil
	})
	asSyntax(t, err)
}

func TestSkip(t *testing.T) {
	values := []string{
		`null`, `true`, `false`, `0`, `-12.5e+3`, `"plain"`, `"esc \" \\ \/ \u00e9 \ud83d\ude00"`,
		`{}`, `[]`, `{"a" : [1, 2, {"b": null}], "c": "}]"}`, `[[[[]]], {}, "x", -0.5]`,
		`"` + strings.Repeat("long string ", 100) + `"`,
	}
	for _, v := range values {
		doc := "[ \n\t" + v + " , \"after\"]"
		forSources(t, doc, func(name string, r *Reader) {
			var after string
			err := r.Array(func(i int) error {
				if i == 0 {
					return r.Skip()
				}
				var err error
				after, err = r.String()
				return err
			})
			if err != nil {
				t.Fatalf("%s: %s: %v", name, v, err)
			}
			if after != "after" {
				t.Errorf("%s: after Skip(%s) read %q, want the next value", name, v, after)
			}
		})
		forSources(t, v, func(name string, r *Reader) {
			if err := r.Skip(); err != nil {
				t.Errorf("%s: Skip(%s): %v", name, v, err)
			}
			if err := r.End(); err != nil {
				t.Errorf("%s: End after Skip(%s): %v", name, v, err)
			}
		})
	}
}

func TestDepthLimit(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	if err := NewReader(strings.NewReader(nest(MaxDepth))).Skip(); err != nil {
		t.Errorf("Skip of depth %d: %v", MaxDepth, err)
	}
	err := NewReader(strings.NewReader(nest(MaxDepth + 1))).Skip()
	if !errors.Is(err, ErrTooDeep) {
		t.Errorf("Skip of depth %d: %v, want ErrTooDeep", MaxDepth+1, err)
	}
	asSyntax(t, err)
	// The same through Array callbacks, mixing with Skip underneath.
	var rec func(r *Reader) error
	rec = func(r *Reader) error {
		return r.Array(func(int) error { return rec(r) })
	}
	for _, tc := range []struct {
		depth int
		ok    bool
	}{{MaxDepth, true}, {MaxDepth + 1, false}, {100000, false}} {
		err := rec(NewReader(strings.NewReader(nest(tc.depth))))
		if (err == nil) != tc.ok || (!tc.ok && !errors.Is(err, ErrTooDeep)) {
			t.Errorf("Array depth %d: %v", tc.depth, err)
		}
	}
	// Objects count too.
	obj := strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1)
	if err := NewReader(strings.NewReader(obj)).Skip(); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep object: %v", err)
	}
}

func TestNilCallback(t *testing.T) {
	forSources(t, `[{"a": [1, {"b": 2}], "c": "d"}, [3, [4]], "next"]`, func(name string, r *Reader) {
		var next string
		err := r.Array(func(i int) error {
			switch i {
			case 0:
				return r.Object(nil)
			case 1:
				return r.Array(nil)
			}
			var err error
			next, err = r.String()
			return err
		})
		if err != nil || next != "next" {
			t.Errorf("%s: %v, next %q", name, err, next)
		}
	})
}
