package idcard

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Every number below is made up: region codes are real, birth dates and
// sequences are invented, check characters were computed independently.
const (
	validDigit = "110101199003071233" // check character '3'
	validX     = "31011219870615888X" // check character 'X'
	validLeap  = "440305200002294564" // born on 29 February 2000
)

// fixedNow is "today" for the table tests: 15 June 2024, 10:00 in China.
var fixedNow = time.Date(2024, 6, 15, 10, 0, 0, 0, chinaTime)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		reason string // "" means valid
	}{
		{"valid digit check", validDigit, ""},
		{"valid X check", validX, ""},
		{"valid leap day 2000", validLeap, ""},
		{"first allowed date", Fictional("110101", "19000101", "555"), ""},
		{"born today", Fictional("110101", "20240615", "002"), ""},
		{"Hong Kong permit", Fictional("810000", "19950101", "123"), ""},
		{"Taiwan permit", Fictional("830000", "19950101", "123"), ""},
		{"foreign permanent resident", Fictional("910000", "19950101", "123"), ""},
		{"lower-case x", "31011219870615888x", reasonLast},
		{"empty", "", reasonLength},
		{"17 characters", validDigit[:17], reasonLength},
		{"19 characters", validDigit + "0", reasonLength},
		{"15-digit first generation", "110101900307123", reasonLength},
		{"surrounding space", " " + validDigit, reasonLength},
		{"six CJK runes are 18 bytes", "一二三四五六", reasonDigits},
		{"letter inside", "11010119900307A233", reasonDigits},
		{"X not last", "1101011990030712X3", reasonDigits},
		{"last is a letter", "11010119900307123A", reasonLast},
		{"last is non-ASCII", "11010119900307123\xc3", reasonLast},
		{"province 00", Fictional("000101", "19900307", "123"), reasonRegion},
		{"province 16", Fictional("160101", "19900307", "123"), reasonRegion},
		{"province 20", Fictional("200101", "19900307", "123"), reasonRegion},
		{"province 47", Fictional("470101", "19900307", "123"), reasonRegion},
		{"province 66", Fictional("660101", "19900307", "123"), reasonRegion},
		{"province 84", Fictional("840101", "19900307", "123"), reasonRegion},
		{"province 99", Fictional("990101", "19900307", "123"), reasonRegion},
		{"Feb 29 in leap year 1996", Fictional("110101", "19960229", "321"), ""},
		{"Feb 29 in 2000 (div by 400)", Fictional("110101", "20000229", "321"), ""},
		{"Feb 29 in non-leap 1999", Fictional("110101", "19990229", "321"), reasonBadDate},
		{"Feb 29 in 1900 (div by 100)", Fictional("110101", "19000229", "321"), reasonBadDate},
		{"Feb 30", Fictional("110101", "19960230", "321"), reasonBadDate},
		{"April 31", Fictional("110101", "19960431", "321"), reasonBadDate},
		{"month 00", Fictional("110101", "19960015", "321"), reasonBadDate},
		{"month 13", Fictional("110101", "19961315", "321"), reasonBadDate},
		{"day 00", Fictional("110101", "19960100", "321"), reasonBadDate},
		{"day 32", Fictional("110101", "19960132", "321"), reasonBadDate},
		{"before 1900", Fictional("110101", "18991231", "321"), reasonEarlyDate},
		{"tomorrow", Fictional("110101", "20240616", "321"), reasonFutureDate},
		{"next month", Fictional("110101", "20240701", "321"), reasonFutureDate},
		{"next year", Fictional("110101", "20250101", "321"), reasonFutureDate},
		{"wrong check digit", "110101199003071234", reasonCheckDigit},
		{"X instead of digit", "11010119900307123X", reasonCheckDigit},
		{"digit instead of X", "310112198706158880", reasonCheckDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validate(tt.in, fixedNow)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("validate = %v, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("validate = %#v, want *Error", err)
			}
			if e.Reason != tt.reason {
				t.Errorf("Reason = %q, want %q", e.Reason, tt.reason)
			}
			if len(tt.in) >= 6 && strings.Contains(err.Error(), tt.in) {
				t.Errorf("error %q echoes the input", err)
			}
		})
	}
}

func TestValidateNormalizedLowerX(t *testing.T) {
	in := "  31011219870615888x\u3000"
	if err := Validate(in); err == nil {
		t.Fatalf("Validate(raw %q) = nil, want an error before normalisation", in)
	}
	got := Normalize(in)
	if got != validX {
		t.Fatalf("Normalize = %q, want %q", got, validX)
	}
	if err := Validate(got); err != nil {
		t.Fatalf("Validate(Normalize) = %v", err)
	}
}

// TestValidateUsesChinaDate checks that "today" is the calendar date in
// China: at 23:30 UTC on 14 June it is already 15 June in Beijing.
func TestValidateUsesChinaDate(t *testing.T) {
	id := Fictional("110101", "20240615", "002")
	late := time.Date(2024, 6, 14, 23, 30, 0, 0, time.UTC)
	if err := validate(id, late); err != nil {
		t.Errorf("born 15 June, now 15 June 07:30 CST: %v", err)
	}
	early := time.Date(2024, 6, 14, 15, 30, 0, 0, time.UTC)
	if err := validate(id, early); err == nil {
		t.Error("born 15 June, now 14 June 23:30 CST: got nil, want future-date error")
	}
}

func TestValidateNow(t *testing.T) {
	if err := Validate(validDigit); err != nil {
		t.Errorf("Validate(%s) = %v", Mask(validDigit), err)
	}
	tomorrow := time.Now().In(chinaTime).AddDate(0, 0, 2).Format("20060102")
	if err := Validate(Fictional("110101", tomorrow, "123")); err == nil {
		t.Error("Validate accepted a birth date after today")
	}
}

// TestEverySingleDigitChange checks that MOD 11-2 detects every substitution
// of one character: for each position and each other character, the result
// is rejected (by the check digit or by an earlier rule).
func TestEverySingleDigitChange(t *testing.T) {
	for _, valid := range []string{validDigit, validX, validLeap} {
		for i := 0; i < len(valid); i++ {
			alphabet := "0123456789"
			if i == len(valid)-1 {
				alphabet += "X"
			}
			for _, c := range []byte(alphabet) {
				if c == valid[i] {
					continue
				}
				changed := valid[:i] + string(c) + valid[i+1:]
				if err := validate(changed, fixedNow); err == nil {
					t.Errorf("changing position %d of %s to %c went undetected", i, Mask(valid), c)
				}
			}
		}
	}
}

// TestAdjacentTranspositions checks the other error class MOD 11-2 is built
// for: swapping two different neighbouring digits.
func TestAdjacentTranspositions(t *testing.T) {
	for i := 0; i < len(validDigit)-2; i++ {
		a, b := validDigit[i], validDigit[i+1]
		if a == b {
			continue
		}
		swapped := validDigit[:i] + string(b) + string(a) + validDigit[i+2:]
		if err := validate(swapped, fixedNow); err == nil {
			t.Errorf("swapping positions %d and %d went undetected", i, i+1)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	tests := []struct {
		in   string
		want byte
		ok   bool
	}{
		{validDigit[:17], '3', true},
		{validX[:17], 'X', true},
		{validLeap[:17], '4', true},
		{"11010119800101001", '0', true},
		{"65010220120101017", '7', true},
		{"00000000000000000", '1', true},
		{"", 0, false},
		{"1101011990030712", 0, false},
		{"110101199003071233", 0, false},
		{"1101011990030712a", 0, false},
		{"1101011990030712X", 0, false},
	}
	for _, tt := range tests {
		got, ok := CheckDigit(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CheckDigit(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestCheckDigitCoversAllValues makes sure every one of the 11 check
// characters is produced, so no entry of the mapping table is unreachable.
func TestCheckDigitCoversAllValues(t *testing.T) {
	seen := map[byte]bool{}
	for seq := 0; seq < 200; seq++ {
		s := Fictional("110101", "19900307", string([]byte{'0' + byte(seq/100), '0' + byte(seq/10%10), '0' + byte(seq%10)}))
		seen[s[17]] = true
	}
	if len(seen) != 11 {
		t.Errorf("saw %d distinct check characters, want 11", len(seen))
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"x", "X"},
		{validDigit, validDigit},
		{"\t" + validDigit + "\n", validDigit},
		{"31011219870615888x", validX},
		{" 31011219870615888x ", validX},
		{"x31011219870615888", "x31011219870615888"},
		{"\u30003101121987061588 8x", "3101121987061588 8X"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFictional(t *testing.T) {
	got := Fictional("110101", "19900307", "123")
	if got != validDigit {
		t.Fatalf("Fictional = %q, want %q", got, validDigit)
	}
	for _, bad := range [][3]string{
		{"11010", "19900307", "123"},
		{"110101", "1990037", "123"},
		{"110101", "19900307", "1234"},
		{"110101", "19900307", "12"},
		{"11010a", "19900307", "123"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Fictional(%q, %q, %q) did not panic", bad[0], bad[1], bad[2])
				}
			}()
			Fictional(bad[0], bad[1], bad[2])
		}()
	}
}

func TestErrorMessage(t *testing.T) {
	err := validate("110101199003071234", fixedNow)
	want := "idcard: invalid ID number: check digit does not match"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}
