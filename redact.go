package faceid

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on server text shown in error strings, logs and fmt output.
const (
	// maxCodeRunes bounds an error code; Tencent's longest is 50 characters.
	maxCodeRunes = 64
	// maxRequestIDRunes bounds a RequestId that is not a UUID.
	maxRequestIDRunes = 64
	// maxMessageRunes bounds a server message or a sample of a body.
	maxMessageRunes = 200
	// maxShortRunes bounds short wire values shown in summaries (Sim, Seq,
	// result codes) and masked personal data.
	maxShortRunes = 40
	// maxScanBytes is how much of a text redactText looks at: a hostile
	// 1 MB RequestId costs no more than this.
	maxScanBytes = 64 << 10
	// minMaskedDigits is the shortest run of digits that is masked: long
	// enough to spare codes like 2016 and short enough to catch a birth date.
	minMaskedDigits = 6
)

// redactText returns a printable, bounded form of server text that is safe
// to put in an error string, a log line or a terminal:
//
//   - terminal escape sequences (ANSI CSI, OSC and other strings) and control
//     and format characters (C0, C1, DEL, bidi overrides, zero-width) are
//     removed; line breaks and tabs become a space;
//   - values of personal-data and secret JSON keys ("Name", "IdCard",
//     "Mobile", "SecretKey" and others, in any letter case) become
//     "[redacted]";
//   - every run of six or more digits is starred, counting digits joined by
//     single spaces or dashes as one run, so that ID numbers, phone numbers
//     ("+86 138 0013 8000", "138-0013-8000") and bank-card numbers never show;
//   - runs of 32 or more base64 characters (media, ciphertext) become "[…]"
//     and SecretIds are cut to "AKID***";
//   - the result holds at most limit runes, ending in "…" when cut.
//
// Only the first 64 KiB of s is looked at.
func redactText(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	cut := len(s) > maxScanBytes
	if cut {
		s = s[:maxScanBytes]
	}
	s = printable(s)
	var b strings.Builder
	b.Grow(min(len(s), 4*limit))
	runes := 0
	i := 0
	for i < len(s) && runes <= limit {
		if key := piiKeyAt(s, i); key != "" {
			b.WriteString(key)
			runes += utf8.RuneCountInString(key)
			i += len(key)
			if j, ok := skipJSONStringValue(s, i); ok {
				const blank = `:"[redacted]"`
				b.WriteString(blank)
				runes += len(blank)
				i = j
			}
			continue
		}
		if n := secretIDLength(s[i:]); n > 0 {
			b.WriteString("AKID***")
			runes += 7
			i += n
			continue
		}
		if n, digits := digitRun(s[i:]); n > 0 {
			if digits >= minMaskedDigits {
				runes += writeStarred(&b, s[i:i+n])
			} else {
				b.WriteString(s[i : i+n])
				runes += n
			}
			i += n
			continue
		}
		if n := runLength(s[i:], isBase64Byte); n >= 32 {
			b.WriteString("[…]")
			runes += 3
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		runes++
		i += size
	}
	return truncateRunes(strings.TrimSpace(b.String()), limit, cut || i < len(s))
}

// truncateRunes cuts s to at most limit runes, the last one "…" when s was
// longer or more is known to follow.
func truncateRunes(s string, limit int, more bool) string {
	n := 0
	for i := range s {
		if n == limit-1 && (more || utf8.RuneCountInString(s[i:]) > 1) {
			return strings.TrimSpace(s[:i]) + "…"
		}
		n++
	}
	if more {
		return s + "…"
	}
	return s
}

// printable removes terminal escape sequences and control and format
// characters from s, and turns each run of line breaks and tabs into one
// space.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if !isPlainRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // C1 DCS, SOS, OSC, PM, APC
			i = skipControlString(s, i+size)
			continue
		case r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
			if !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		case isPlainRune(r):
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isPlainRune reports whether r can be shown as it is: a valid character
// that is neither a control nor a format character (bidi overrides,
// zero-width joiners and marks are format characters).
func isPlainRune(r rune) bool {
	return r != utf8.RuneError && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) &&
		r != 0x2028 && r != 0x2029
}

// skipEscape returns the index after the escape sequence whose ESC ends
// just before s[i].
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipControlString(s, i+1)
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f { // intermediate bytes
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e { // final byte
		i++
	}
	return i
}

// skipCSI returns the index after a control sequence whose introducer ends
// just before s[i]: parameter and intermediate bytes, then a final byte.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipControlString returns the index after an OSC, DCS, SOS, PM or APC
// string whose introducer ends just before s[i]: up to BEL or the string
// terminator (ESC \ or C1 ST), or the end of s when it is unterminated.
func skipControlString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}

// piiKeyAt returns the quoted personal-data or secret JSON key starting at
// s[i], or "". Keys are compared without regard to letter case.
func piiKeyAt(s string, i int) string {
	if s[i] != '"' {
		return ""
	}
	secrets := [...]string{"SecretKey", "TmpSecretKey", "Token", "SessionToken", "Authorization"}
	end := strings.IndexByte(s[i+1:min(len(s), i+2+max(maxPersonalDataKey, len("Authorization")))], '"')
	if end < 0 {
		return ""
	}
	key := s[i+1 : i+1+end]
	if personalDataKey(key) {
		return s[i : i+end+2]
	}
	for _, k := range secrets {
		if strings.EqualFold(key, k) {
			return s[i : i+end+2]
		}
	}
	return ""
}

// skipJSONStringValue returns the index after the string value that follows
// a key at s[i:] (after optional spaces and a colon); ok is false when what
// follows is not a string. A string cut off by the end of s is skipped too.
func skipJSONStringValue(s string, i int) (next int, ok bool) {
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == ':') {
		j++
	}
	if j >= len(s) || s[j] != '"' {
		return i, false
	}
	for j++; j < len(s) && s[j] != '"'; j++ {
		if s[j] == '\\' {
			j++
		}
	}
	return min(j+1, len(s)), true
}

// secretIDLength returns the length of a SecretId ("AKID" and letters or
// digits) at the start of s, or 0.
func secretIDLength(s string) int {
	if !strings.HasPrefix(s, "AKID") {
		return 0
	}
	n := runLength(s[4:], isAlnum)
	if n == 0 {
		return 0
	}
	return 4 + n
}

// digitRun measures the run of digits at the start of s, digit groups
// joined by single spaces or dashes included, and an ID number's final X
// after a digit: n is its length in bytes (0 when s does not start with a
// digit) and digits the number of digits in it.
func digitRun(s string) (n, digits int) {
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if unicode.IsDigit(r) {
			digits++
			n += size
			continue
		}
		if digits > 0 && (r == ' ' || r == '-') {
			if next, _ := utf8.DecodeRuneInString(s[n+size:]); unicode.IsDigit(next) {
				n += size
				continue
			}
		}
		if digits >= minMaskedDigits && (r == 'X' || r == 'x') {
			n += size
		}
		break
	}
	return n, digits
}

// writeStarred writes run with every digit (and an ID number's X) replaced
// by '*' and returns the number of runes written.
func writeStarred(b *strings.Builder, run string) int {
	runes := 0
	for _, r := range run {
		if r == ' ' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		runes++
	}
	return runes
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

// safeCode is an error code as it may be shown.
func safeCode(code string) string { return redactText(code, maxCodeRunes) }

// safeMessage is a server message as it may be shown.
func safeMessage(msg string) string { return redactText(msg, maxMessageRunes) }

// safeRequestID is a RequestId as it may be shown: a UUID, the form Tencent
// uses, as it is; anything else redacted and bounded like other server text.
func safeRequestID(id string) string {
	if isUUID(id) {
		return id
	}
	return redactText(id, maxRequestIDRunes)
}

// safeShort is a short wire value (Sim, Seq, a result code, a masked name)
// as it may be shown.
func safeShort(s string) string { return redactText(s, maxShortRunes) }

// isUUID reports whether s is a UUID in its 36-character text form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isDigit(c) && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
				return false
			}
		}
	}
	return true
}
