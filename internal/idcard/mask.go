package idcard

import (
	"strings"
	"unicode/utf8"
)

// Mask returns s with all but its first 4 and last 4 characters replaced by
// '*', for example "1101**********123X". Strings shorter than 9 characters
// are masked entirely. Mask counts runes, not bytes, so it never splits a
// multi-byte character.
func Mask(s string) string {
	return keepEnds(s, 4, 4, 9)
}

// MaskName keeps the first rune of a name and replaces the rest with '*':
// "张三" becomes "张*" and "欧阳娜娜" becomes "欧***". An empty name stays
// empty; a one-rune name becomes "*" so that it is never printed in full.
func MaskName(s string) string {
	return keepEnds(s, 1, 0, 2)
}

// MaskPhone keeps the first 3 and last 4 characters of a phone number and
// masks the rest: "13800005678" becomes "138****5678". Strings shorter than
// 8 runes are masked entirely.
func MaskPhone(s string) string {
	return keepEnds(s, 3, 4, 8)
}

// keepEnds keeps the first head and last tail runes of s and replaces the
// others with '*'. Strings of fewer than minLen runes are masked entirely.
func keepEnds(s string, head, tail, minLen int) string {
	n := utf8.RuneCountInString(s)
	if n < minLen {
		return strings.Repeat("*", n)
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, r := range s {
		if i < head || i >= n-tail {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		i++
	}
	return b.String()
}
