package faceid

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// redactText returns a printable, bounded sample of s that is safe to put in
// an error string or a log line: values of personal-data JSON keys are
// blanked, digit runs long enough to be an ID or phone number are starred,
// long base64 runs (media, ciphertext) and secret IDs are elided, control
// characters are dropped and the result holds at most limit runes.
func redactText(s string, limit int) string {
	var b strings.Builder
	runes := 0
	for i := 0; i < len(s) && runes < limit; {
		if key := piiKeyAt(s, i); key != "" {
			i += len(key)
			b.WriteString(key)
			runes += utf8.RuneCountInString(key)
			i = skipJSONStringValue(s, i, &b)
			runes += 12
			continue
		}
		if strings.HasPrefix(s[i:], "AKID") {
			j := i + 4
			for j < len(s) && isAlnum(s[j]) {
				j++
			}
			b.WriteString("AKID***")
			runes += 7
			i = j
			continue
		}
		if n := runLength(s[i:], isDigit); n >= 6 {
			if i+n < len(s) && (s[i+n] == 'X' || s[i+n] == 'x') {
				n++
			}
			b.WriteString(strings.Repeat("*", min(n, 18)))
			runes += min(n, 18)
			i += n
			continue
		}
		if n := runLength(s[i:], isBase64Byte); n >= 32 {
			b.WriteString("[…]")
			runes += 3
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			continue
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case unicode.IsControl(r):
			continue
		}
		b.WriteRune(r)
		runes++
	}
	return strings.TrimSpace(b.String())
}

// piiKeyAt returns the personal-data or secret JSON key starting at s[i],
// or "": redactText blanks the string values of these keys.
func piiKeyAt(s string, i int) string {
	if s[i] != '"' {
		return ""
	}
	piiKeys := [...]string{
		`"Name"`, `"IdCard"`, `"Idcard"`, `"OcrName"`, `"OcrIdCard"`, `"OcrAddress"`, `"OcrBirth"`, `"Mobile"`,
		`"Phone"`, `"BankCard"`, `"IdNum"`, `"Address"`, `"Location"`, `"PassNo"`, `"SecretKey"`, `"Token"`, `"Authorization"`,
	}
	for _, k := range piiKeys {
		if strings.HasPrefix(s[i:], k) {
			return k
		}
	}
	return ""
}

// skipJSONStringValue writes `:"[redacted]"` for the string value that
// follows a key at s[i:] and returns the index after it. A value that is not
// a string is left for the caller to copy.
func skipJSONStringValue(s string, i int, b *strings.Builder) int {
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == ':') {
		j++
	}
	if j >= len(s) || s[j] != '"' {
		return i
	}
	j++
	for j < len(s) && s[j] != '"' {
		if s[j] == '\\' {
			j++
		}
		j++
	}
	b.WriteString(`:"[redacted]"`)
	return min(j+1, len(s))
}

func runLength(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isBase64Byte(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' }
