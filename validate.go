package faceid

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/faceid-go/faceid/internal/idcard"
)

// validator checks a request before anything is sent, member by member,
// and keeps the first problem as a *ValidationError naming the wire member
// (e.g. "Config.IntentionVerifyText"). Problems never echo the value: it
// may be personal data. The generated check methods call it with each
// member's documented limits.
type validator struct {
	action string
	err    error
}

// fail records a problem unless one is recorded already.
func (v *validator) fail(prefix, name, problem string) {
	if v.err == nil {
		v.err = &ValidationError{Action: v.action, Field: v.join(prefix, name), Problem: problem}
	}
}

// join names a member inside prefix.
func (v *validator) join(prefix, name string) string {
	switch {
	case prefix == "":
		return name
	case name == "":
		return prefix
	}
	return prefix + "." + name
}

// index names element i of a list member.
func (v *validator) index(prefix, name string, i int) string {
	return v.join(prefix, name) + "[" + strconv.Itoa(i) + "]"
}

func (v *validator) required(prefix, name, s string) {
	if strings.TrimSpace(s) == "" {
		v.fail(prefix, name, "is required")
	}
}

func (v *validator) requiredLen(prefix, name string, n int) {
	if n == 0 {
		v.fail(prefix, name, "is required")
	}
}

func (v *validator) maxRunes(prefix, name, s string, limit int) {
	if n := utf8.RuneCountInString(s); n > limit {
		v.fail(prefix, name, "is "+strconv.Itoa(n)+" characters long; at most "+strconv.Itoa(limit)+" are allowed")
	}
	if !utf8.ValidString(s) {
		v.fail(prefix, name, "is not valid UTF-8")
	}
}

// length checks the byte length of a member that is set; a bound of 0 is
// no bound.
func (v *validator) length(prefix, name, s string, lo, hi int) {
	switch {
	case s == "":
	case lo > 0 && len(s) < lo:
		v.fail(prefix, name, "is shorter than "+strconv.Itoa(lo)+" bytes")
	case hi > 0 && len(s) > hi:
		v.fail(prefix, name, "is longer than "+strconv.Itoa(hi)+" bytes")
	}
}

// media checks a media member that is set: its size once base64-encoded,
// and its format when formats are given.
func (v *validator) media(prefix, name string, b []byte, maxBase64 int, formats []string) {
	if len(b) == 0 {
		return
	}
	if n := base64.StdEncoding.EncodedLen(len(b)); n > maxBase64 {
		v.fail(prefix, name, "is "+strconv.Itoa(n)+" bytes once base64-encoded; at most "+strconv.Itoa(maxBase64)+" are allowed")
		return
	}
	if len(formats) > 0 && !slices.Contains(formats, sniffFormat(b)) {
		v.fail(prefix, name, "must be "+strings.Join(formats, ", ")+" data")
	}
}

// sniffFormat names the format of media data from its first bytes, or "".
func sniffFormat(b []byte) string {
	s := string(b[:min(len(b), 16)])
	switch {
	case strings.HasPrefix(s, "\xff\xd8\xff"):
		return "jpeg"
	case strings.HasPrefix(s, "\x89PNG\r\n\x1a\n"):
		return "png"
	case len(s) >= 8 && s[4:8] == "ftyp":
		return "mp4"
	case strings.HasPrefix(s, "RIFF") && len(s) >= 12 && s[8:12] == "AVI ":
		return "avi"
	case strings.HasPrefix(s, "FLV"):
		return "flv"
	}
	return ""
}

// format checks a member that is set against a documented format.
func (v *validator) format(prefix, name, s, format string) {
	if s == "" {
		return
	}
	ok := true
	problem := ""
	switch format {
	case "mainland-id":
		if err := idcard.Validate(s); err != nil {
			reason := err.Error()
			reason = reason[strings.LastIndex(reason, ": ")+2:]
			ok, problem = false, "is not a valid 18-character ID number: "+reason
		}
	case "mobile":
		ok, problem = len(s) == 11 && s[0] == '1' && allDigits(s), "must be an 11-digit mainland mobile number"
	case "digits":
		ok, problem = allDigits(s), "must hold digits only"
	case "url":
		u, err := url.Parse(s)
		ok, problem = err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", "must be an http or https URL"
	case "yyyymmdd":
		_, err := time.Parse("20060102", s)
		ok, problem = err == nil, "must be a date written YYYYMMDD"
	case "yyyymmdd-or-long-term":
		_, err := time.Parse("20060102", s)
		ok, problem = err == nil || s == "00000000", "must be a date written YYYYMMDD, or 00000000 for a long-term card"
	case "yyyy-mm-dd":
		_, err := time.Parse("2006-01-02", s)
		ok, problem = err == nil, "must be a date written YYYY-MM-DD"
	}
	if !ok {
		v.fail(prefix, name, problem)
	}
}

// oneOfStrings checks a member that is set against its allowed values.
func (v *validator) oneOfStrings(prefix, name, s string, allowed ...string) {
	if s != "" && !slices.Contains(allowed, s) {
		v.fail(prefix, name, "must be one of "+strings.Join(allowed, ", "))
	}
}

// oneOfInts checks an integer member against its allowed values; 0, the
// absent value, passes when it is allowed or the member is optional and
// left out.
func (v *validator) oneOfInts(prefix, name string, n int64, allowed ...int64) {
	if n != 0 && !slices.Contains(allowed, n) {
		vals := make([]string, len(allowed))
		for i, a := range allowed {
			vals[i] = strconv.FormatInt(a, 10)
		}
		v.fail(prefix, name, "must be one of "+strings.Join(vals, ", ")+", got "+strconv.FormatInt(n, 10))
	}
}

// between checks that an integer is within [lo, hi].
func (v *validator) between(prefix, name string, n, lo, hi int64) {
	if n < lo || n > hi {
		v.fail(prefix, name, "must be between "+strconv.FormatInt(lo, 10)+" and "+strconv.FormatInt(hi, 10)+", got "+strconv.FormatInt(n, 10))
	}
}

// digitsFrom checks that a member holds only the given digits.
func (v *validator) digitsFrom(prefix, name, s, allowed string) {
	for _, c := range s {
		if !strings.ContainsRune(allowed, c) {
			v.fail(prefix, name, "must be digits from "+allowed)
			return
		}
	}
}

// items checks the length of a list that is set.
func (v *validator) items(prefix, name string, n, lo, hi int) {
	switch {
	case n == 0:
	case n < lo:
		v.fail(prefix, name, "needs at least "+strconv.Itoa(lo)+" items")
	case hi > 0 && n > hi:
		v.fail(prefix, name, "has "+strconv.Itoa(n)+" items; at most "+strconv.Itoa(hi)+" are allowed")
	}
}

// oneOf checks that at least one alternative of a group was sent.
func (v *validator) oneOf(prefix, group string, present ...bool) {
	if !slices.Contains(present, true) {
		v.fail(prefix, group, "one of them is required")
	}
}

// encryption checks a request's Encryption: its members' limits
// (generated), then the rule the spec cannot state: fields listed in
// EncryptList need the wrapped key that decrypts them.
func (v *validator) encryption(prefix, name string, e *Encryption) {
	if e == nil || v.err != nil {
		return
	}
	p := v.join(prefix, name)
	e.check(v, p)
	if len(e.EncryptList) > 0 && e.CiphertextBlob == "" {
		v.fail(p, "CiphertextBlob", "is required when EncryptList is set (the wrapped symmetric key)")
	}
}

// lists reports whether e asks for the member to be sent encrypted; the
// limits of its plain text then do not apply. A nil e lists nothing.
func (e *Encryption) lists(member string) bool {
	return e != nil && slices.Contains(e.EncryptList, member)
}
