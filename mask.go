package faceid

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/idcard"
)

// Masked returns a copy of the result with personal text masked: names
// keep their first character ("张*"), ID numbers their first and last four
// ("1101**********123X"), phone numbers their first three and last four, the
// OCR address its first three characters; the birth date and the location
// keep only their separators ("****/*/*"), as the masked ID number hides the
// birth date too. Media are shared with d, not copied; use it to log or
// display a result, never to store one.
func (d *DetectInfo) Masked() *DetectInfo {
	m := *d
	m.Text.mask() // generated from the spec's personal-data kinds
	return &m
}

// maskDigits replaces every digit of s with '*'.
func maskDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '*'
		}
		return r
	}, s)
}

func maskAddress(s string) string {
	r := []rune(s)
	if len(r) <= 3 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-3)
}

// String summarises the result without personal data: verdict, codes,
// similarity, masked identity and media sizes.
func (d DetectInfo) String() string {
	var b strings.Builder
	b.WriteString("DetectInfo{RequestId: ")
	b.WriteString(safeRequestID(d.RequestID))
	b.WriteString(", Verdict: ")
	b.WriteString(d.Verdict().String())
	b.WriteString(", Text: ")
	b.WriteString(d.Text.String())
	items, total := d.mediaTotals()
	fmt.Fprintf(&b, ", Media: %d items, %d bytes", items, total)
	if len(d.EncryptedBody) > 0 {
		fmt.Fprintf(&b, ", EncryptedBody: %d bytes", len(d.EncryptedBody))
	}
	if len(d.Problems) > 0 {
		fmt.Fprintf(&b, ", Problems: %d", len(d.Problems))
	}
	b.WriteString("}")
	return b.String()
}

// GoString is used by %#v; it masks like String.
func (d DetectInfo) GoString() string { return "faceid." + d.String() }

// String, GoString and LogValue of the structs of a result (DetectText,
// IDCardData, …) are generated from the spec's display lists into
// zz_display_gen.go, on the helpers below.

// maskedName is a name as it may be shown: its first character only.
func maskedName(s string) string { return safeShort(idcard.MaskName(s)) }

// maskedID is an ID or permit number as it may be shown: its first and last
// four characters only.
func maskedID(s string) string { return safeShort(idcard.Mask(s)) }

// listString shows a list the way fmt's %v does, each item by show and
// separated by sep, cut after maxShownItems items.
func listString[T any](list []T, sep string, show func(T) string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, item := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		if i == maxShownItems {
			fmt.Fprintf(&b, "…%d more", len(list)-i)
			break
		}
		b.WriteString(show(item))
	}
	b.WriteByte(']')
	return b.String()
}

// shortList shows a list of short wire values, each redacted and bounded.
func shortList(list []string) string { return listString(list, " ", safeShort) }

// maxShownItems bounds the items of a list shown one by one.
const maxShownItems = 20

// mediaTotals counts the result's non-empty media fields and their bytes.
func (d *DetectInfo) mediaTotals() (items, bytes int) {
	for _, m := range d.Media() {
		items++
		bytes += len(m.Data)
	}
	return items, bytes
}

func optCode(p *int) string {
	if p == nil {
		return "null"
	}
	return strconv.Itoa(*p)
}

// sizeOf describes a media field by size, never by content.
func sizeOf(b []byte) string {
	if b == nil {
		return "none"
	}
	return strconv.Itoa(len(b)) + " bytes"
}

// sizesOf describes a list of media by their sizes.
func sizesOf(list [][]byte) string { return listString(list, ", ", sizeOf) }

// String names the item and its size, never its content.
func (m MediaItem) String() string {
	return "MediaItem{" + m.Path + ", " + sizeOf(m.Data) + "}"
}

// GoString is used by %#v; it shows the size like String.
func (m MediaItem) GoString() string { return "faceid." + m.String() }
