package jsonscan

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// FuzzFlexScalars checks the tolerant readers on arbitrary text, both as a
// raw JSON value and inside a JSON string: they never panic, always consume
// exactly one value, and agree with strconv on the forms it accepts.
func FuzzFlexScalars(f *testing.F) {
	for _, s := range []string{"0", "-9100", " 42 ", "1.0", "1e3", "true", "FALSE", "", "null", "3.5", "+7", "0x10", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		quoted, err := json.Marshal(s)
		if err != nil {
			return
		}
		for _, doc := range []string{string(quoted), s} {
			// doc must be one value: "0,1" would make [0,1,7] three.
			if !json.Valid([]byte(doc)) {
				continue
			}
			wrapped := "[" + doc + ",7]"
			for _, read := range []func(r *Reader) error{
				func(r *Reader) error { _, err := r.FlexInt(); return err },
				func(r *Reader) error { _, err := r.FlexString(); return err },
				func(r *Reader) error { _, err := r.FlexBool(); return err },
			} {
				r := NewReader(strings.NewReader(wrapped))
				second := int64(-1)
				err := r.Array(func(i int) error {
					if i == 0 {
						if err := read(r); err != nil {
							if _, ok := err.(*TypeError); !ok {
								t.Fatalf("%q: non-type error %v", wrapped, err)
							}
						}
						return nil
					}
					n, err := r.FlexInt()
					second = n
					return err
				})
				if err != nil || second != 7 {
					t.Fatalf("%q: reader lost its place: %v, second=%d", wrapped, err, second)
				}
			}
		}
		want, perr := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if perr != nil {
			return
		}
		got, err := NewReader(strings.NewReader(string(quoted))).FlexInt()
		if err != nil || got != want {
			t.Fatalf("FlexInt(%s) = %d, %v; strconv says %d", quoted, got, err, want)
		}
	})
}
