// Package idcard implements the rules of the 18-character citizen identity
// number of mainland China (GB 11643-1999) and helpers that mask personal
// data before it is printed or logged.
//
// An identity number has four parts:
//
//	RRRRRR YYYYMMDD SSS C
//
// a 6-digit administrative region code, the birth date, a 3-digit sequence
// number (odd for men, even for women) and a check character computed with
// ISO 7064 MOD 11-2 over the first 17 digits ('0'-'9' or 'X' for ten).
//
// Errors returned by this package never contain the number they describe:
// an identity number is personal data.
package idcard

import (
	"strings"
	"time"
)

// numberLen is the length of a second-generation identity number.
const numberLen = 18

// Reasons carried by *Error. They describe the problem, never the input.
const (
	reasonLength     = "must be 18 characters"
	reasonDigits     = "first 17 characters must be digits"
	reasonLast       = "last character must be a digit or upper-case X"
	reasonRegion     = "region code has an unknown province prefix"
	reasonBadDate    = "birth date is not a valid calendar date"
	reasonEarlyDate  = "birth date is before 1900-01-01"
	reasonFutureDate = "birth date is in the future"
	reasonCheckDigit = "check digit does not match"
)

// Error reports why a string is not a valid identity number.
// Reason never contains the number itself.
type Error struct {
	// Reason is a short English phrase such as "check digit does not match".
	Reason string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return "idcard: invalid ID number: " + e.Reason
}

// Normalize trims surrounding white space (including the full-width space
// U+3000) and upper-cases a trailing 'x'. It does not validate.
func Normalize(s string) string {
	s = strings.TrimSpace(s)
	if n := len(s); n > 0 && s[n-1] == 'x' {
		s = s[:n-1] + "X"
	}
	return s
}

// Validate reports why s, which should already be normalized, is not a valid
// 18-character identity number, or returns nil. A non-nil result is always
// of type *Error.
//
// The checks are, in order: exactly 18 ASCII characters; the first 17 are
// digits; the last is a digit or 'X' (lower-case 'x' is rejected, see
// Normalize); the first two digits are a province-level prefix (see
// below); characters 7-14 are a real calendar date YYYYMMDD between
// 1900-01-01 and today in China Standard Time; the last character is the
// ISO 7064 MOD 11-2 check character of the first 17.
//
// Accepted province-level prefixes: 11-15 (Beijing, Tianjin, Hebei, Shanxi,
// Inner Mongolia), 21-23 (Liaoning, Jilin, Heilongjiang), 31-37 (Shanghai,
// Jiangsu, Zhejiang, Anhui, Fujian, Jiangxi, Shandong), 41-46 (Henan, Hubei,
// Hunan, Guangdong, Guangxi, Hainan), 50-54 (Chongqing, Sichuan, Guizhou,
// Yunnan, Tibet), 61-65 (Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang),
// 71 (Taiwan), 81 (Hong Kong) and 82 (Macao) as used by residence permits,
// 83 (residence permits of Taiwan residents) and 91 (foreigners'
// permanent residence identity cards).
func Validate(s string) error {
	return validate(s, time.Now())
}

// chinaTime is UTC+8, the only time zone used in mainland China (no daylight
// saving time since 1991). A fixed zone avoids depending on tzdata.
var chinaTime = time.FixedZone("CST", 8*60*60)

// validate is Validate with an explicit current time, so tests can pin "today".
func validate(s string, now time.Time) error {
	if len(s) != numberLen {
		return &Error{Reason: reasonLength}
	}
	for i := 0; i < numberLen-1; i++ {
		if !isDigit(s[i]) {
			return &Error{Reason: reasonDigits}
		}
	}
	if last := s[numberLen-1]; !isDigit(last) && last != 'X' {
		return &Error{Reason: reasonLast}
	}
	if !knownProvince(atoi(s[0:2])) {
		return &Error{Reason: reasonRegion}
	}
	if reason := checkBirth(s[6:14], now); reason != "" {
		return &Error{Reason: reason}
	}
	if c, _ := CheckDigit(s[:numberLen-1]); c != s[numberLen-1] {
		return &Error{Reason: reasonCheckDigit}
	}
	return nil
}

// knownProvince reports whether p is a province-level prefix listed in the
// Validate documentation.
func knownProvince(p int) bool {
	switch {
	case 11 <= p && p <= 15, 21 <= p && p <= 23, 31 <= p && p <= 37,
		41 <= p && p <= 46, 50 <= p && p <= 54, 61 <= p && p <= 65:
		return true
	}
	switch p {
	case 71, 81, 82, 83, 91:
		return true
	}
	return false
}

// checkBirth checks an 8-digit YYYYMMDD date and returns a reason, or "" if
// the date is real and between 1900-01-01 and the date of now in China.
func checkBirth(ymd string, now time.Time) string {
	y, m, d := atoi(ymd[0:4]), atoi(ymd[4:6]), atoi(ymd[6:8])
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return reasonBadDate
	}
	if y < 1900 {
		return reasonEarlyDate
	}
	ty, tm, td := now.In(chinaTime).Date()
	if y > ty || y == ty && (m > int(tm) || m == int(tm) && d > td) {
		return reasonFutureDate
	}
	return ""
}

// daysIn returns the number of days of month m (1-12) in the Gregorian year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// checkChars maps the weighted sum modulo 11 to the check character.
const checkChars = "10X98765432"

// CheckDigit computes the ISO 7064 MOD 11-2 check character for the first 17
// digits of an identity number: '0'-'9' or 'X'. ok is false if first17 is not
// exactly 17 ASCII digits.
func CheckDigit(first17 string) (c byte, ok bool) {
	if len(first17) != numberLen-1 {
		return 0, false
	}
	// The weight of position i (0-based) is 2^(17-i) mod 11:
	// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
	weight, sum := 1, 0
	for i := numberLen - 2; i >= 0; i-- {
		b := first17[i]
		if !isDigit(b) {
			return 0, false
		}
		weight = weight * 2 % 11
		sum += int(b-'0') * weight
	}
	return checkChars[sum%11], true
}

// Fictional returns a syntactically valid identity number made of the given
// 6-digit region code, 8-digit birth date (YYYYMMDD) and 3-digit sequence,
// followed by the matching check character. It is meant for tests and
// fixtures only: use made-up birth dates and sequences so that the result
// does not belong to a real person.
//
// Fictional does not check that the region or date are real (Validate does);
// it panics if the parts do not have the stated number of digits, since that
// is a programming error in a test.
func Fictional(region, birth, seq string) string {
	first17 := region + birth + seq
	c, ok := CheckDigit(first17)
	if !ok || len(region) != 6 || len(birth) != 8 || len(seq) != 3 {
		panic("idcard: Fictional needs a 6-digit region, an 8-digit birth date and a 3-digit sequence")
	}
	return first17 + string(c)
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// atoi converts a short string of ASCII digits already checked by the caller.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
