package faceid

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/faceid-go/faceid/internal/idcard"
)

// How the generated requests, responses and structs are printed and
// logged: each lists its members as shownFields, masked for the kind of
// personal data they hold, and String, GoString and LogValue are built on
// that list. encoding/json still sees the real values.

// shownField is one member as it may be printed.
type shownField struct {
	name  string
	value string
}

// showStruct formats a type's shown fields: Name{A: "x", B: 3 bytes}.
func showStruct(typ string, fields []shownField) string {
	var b strings.Builder
	b.WriteString(typ)
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.name)
		b.WriteString(": ")
		b.WriteString(f.value)
	}
	b.WriteByte('}')
	return b.String()
}

// logShown turns shown fields into a log group.
func logShown(fields []shownField) slog.Value {
	attrs := make([]slog.Attr, len(fields))
	for i, f := range fields {
		attrs[i] = slog.String(f.name, f.value)
	}
	return slog.GroupValue(attrs...)
}

// show masks a string member according to the kind of personal data it
// holds (see the spec's pii kinds); other text is shown sanitised and
// bounded, since replies may carry anything.
func show(kind, s string) string {
	if s == "" {
		return `""`
	}
	switch kind {
	case "name":
		return strconv.Quote(maskedName(s))
	case "id-number":
		return strconv.Quote(maskedID(s))
	case "phone":
		return strconv.Quote(safeShort(idcard.MaskPhone(s)))
	case "bank-card":
		return strconv.Quote(maskBankCard(s))
	case "address":
		return strconv.Quote(safeShort(maskAddress(s)))
	case "birth-date", "location":
		return strconv.Quote(safeShort(maskDigits(s)))
	case "face", "video", "voice":
		return strconv.Itoa(len(s)) + " chars"
	case "speech":
		return strconv.Itoa(utf8.RuneCountInString(s)) + " chars"
	case "media-url":
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strconv.Quote(u.Scheme + "://" + safeShort(u.Host) + "/…")
		}
		return `"[url]"`
	case "request-id":
		return strconv.Quote(safeRequestID(s))
	}
	return strconv.Quote(safeMessage(s))
}

// maskBankCard keeps the last four digits of a card number.
func maskBankCard(s string) string {
	if len(s) <= 4 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-4) + safeShort(s[len(s)-4:])
}

// showSize describes media by size, never by content.
func showSize(b []byte) string { return sizeOf(b) }

// showSizes describes a list of media by sizes.
func showSizes(list [][]byte) string { return sizesOf(list) }

// showTexts shows a list of short texts sanitised.
func showTexts(list []string) string { return shortList(list) }

// showAny shows a number, a boolean or a list of them.
func showAny(v any) string { return fmt.Sprint(v) }

// showList shows a list of generated structs, each masked.
func showList[T fmt.Stringer](list []T) string {
	return listString(list, ", ", T.String)
}

// showOptional shows an optional struct of a request, "none" when unset.
func showOptional[T fmt.Stringer](p *T) string {
	if p == nil {
		return "none"
	}
	return (*p).String()
}

// showChars shows text that may hold anything by its length only.
func showChars(s string) string { return strconv.Itoa(utf8.RuneCountInString(s)) + " chars" }

// showEncryption shows what an Encryption asks for, never its key
// material.
func showEncryption(e any) string {
	var enc *Encryption
	switch e := e.(type) {
	case *Encryption:
		enc = e
	case Encryption:
		enc = &e
	}
	if enc == nil || enc.IsZero() {
		return "none"
	}
	return "{Algorithm: " + strconv.Quote(safeShort(enc.Algorithm)) + ", EncryptList: [" + shortList(enc.EncryptList) + "]}"
}

// showCount shows a list by its number of items.
func showCount(n int) string { return strconv.Itoa(n) }

// showOptionalBool shows a boolean option, "default" when unset.
func showOptionalBool(p *bool) string {
	if p == nil {
		return "default"
	}
	return strconv.FormatBool(*p)
}

// viewer is implemented by the types that have a display view.
type viewer interface {
	view(reveal bool) map[string]any
}

// View returns a response as a JSON-ready map with Tencent's member names,
// media replaced by their sizes in bytes and personal data masked unless
// reveal, plus RequestId, the decoding Problems if any, and, for a reply
// with a business outcome, "Outcome" (code, meaning, category, billing).
// It reports false for a value it has no view of.
func View(resp any, reveal bool) (map[string]any, bool) {
	v, ok := resp.(viewer)
	if !ok {
		return nil, false
	}
	out := v.view(reveal)
	if r, ok := resp.(response); ok {
		requestID, problems := r.meta()
		out["RequestId"] = safeRequestID(*requestID)
		if len(*problems) > 0 {
			list := make([]string, len(*problems))
			for i, p := range *problems {
				list[i] = p.String()
			}
			out["Problems"] = list
		}
	}
	if o, ok := resp.(interface{ Outcome() Result }); ok {
		r := o.Outcome()
		out["Outcome"] = map[string]any{"Code": r.Code, "Meaning": r.Meaning, "Category": r.Category,
			"Billing": r.Billing.String(), "Known": r.Known}
	}
	return out, true
}

// viewText shows a personal-data member masked unless reveal.
func viewText(kind, s string, reveal bool) string {
	if reveal || s == "" {
		return s
	}
	masked, err := strconv.Unquote(show(kind, s))
	if err != nil {
		return show(kind, s) // a size or a count, not a quoted string
	}
	return masked
}

// viewSizes lists media sizes.
func viewSizes(list [][]byte) []int {
	sizes := make([]int, len(list))
	for i, b := range list {
		sizes[i] = len(b)
	}
	return sizes
}

// viewList lists the views of structs.
func viewList[T any, P interface {
	*T
	viewer
}](list []T, reveal bool) []map[string]any {
	out := make([]map[string]any, len(list))
	for i := range list {
		out[i] = P(&list[i]).view(reveal)
	}
	return out
}

// showOptFloat shows a number whose absence matters, "null" when absent.
func showOptFloat(p *float64) string {
	if p == nil {
		return "null"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}
