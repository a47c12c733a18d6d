package idcard

import (
	"testing"
	"unicode/utf8"
)

func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		"", validDigit, validX, validLeap, "31011219870615888x", " 110101199003071233 ",
		"110101199003071234", "11010119990229321X", "一二三四五六", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize is not idempotent on %q", s)
		}
		if utf8.ValidString(s) {
			if got, want := utf8.RuneCountInString(Mask(s)), utf8.RuneCountInString(s); got != want {
				t.Fatalf("Mask changed the rune count: %d, want %d", got, want)
			}
		}
		for _, in := range []string{s, n} {
			err := validate(in, fixedNow)
			if err == nil {
				c, ok := CheckDigit(in[:17])
				if !ok || c != in[17] {
					t.Fatalf("accepted %q but CheckDigit = %q, %v", in, c, ok)
				}
				if Normalize(in) != in {
					t.Fatalf("accepted %q which Normalize changes", in)
				}
				continue
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %T, want *Error", err)
			}
			if hasDigitRun(e.Error(), 5) {
				t.Fatalf("error %q contains a run of digits", e)
			}
		}
	})
}

// hasDigitRun reports whether s contains at least n consecutive ASCII digits.
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
