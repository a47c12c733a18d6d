package faceidtest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/jpeg"
	"slices"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid"
)

// Magic says what a magic input selects: a business outcome (the Result
// code of a PaaS action) or a documented API error. The number N of a
// magic input indexes, from 0, the action's list: faceid.ResultCodes for
// SelectResult, DocumentedErrors for SelectError. The package
// documentation lists the members that can carry each action's magic
// input.
type Magic int

// The magic selections.
const (
	// SelectResult selects the N-th business outcome of
	// faceid.ResultCodes(action); N = 0, the first, is the pass ("init"
	// for CheckEidTokenStatus).
	SelectResult Magic = iota
	// SelectError selects the N-th error code of DocumentedErrors(action).
	SelectError
)

// The markers that end a magic text: 结果N selects a Result code, 错误N an
// error.
const (
	MarkerResult = "结果"
	MarkerError  = "错误"
)

// magicDigitsPrefix starts a magic phone or bank-card number; the digit
// after it is 0 for SelectResult, 1 for SelectError, and the remaining
// digits are N. No real mobile number or card starts with it.
const magicDigitsPrefix = "10000"

// marker returns the text marker of m.
func (m Magic) marker() string {
	if m == SelectError {
		return MarkerError
	}
	return MarkerResult
}

// String returns "result" or "error".
func (m Magic) String() string {
	if m == SelectError {
		return "error"
	}
	return "result"
}

// Text returns text ending in m's marker and n, such as "测试结果4" for
// SelectResult.Text("测试", 4): a magic name, token, Extra or URL.
func (m Magic) Text(prefix string, n int) string { return prefix + m.marker() + strconv.Itoa(n) }

// Mobile returns a magic 11-digit mobile number selecting n (0 to
// 99999), such as "10000000004" for SelectResult.Mobile(4).
func (m Magic) Mobile(n int) string { return m.digits(11, n) }

// BankCard returns a magic 16-digit bank card number selecting n, such as
// "1000010000000003" for SelectError.BankCard(3).
func (m Magic) BankCard(n int) string { return m.digits(16, n) }

func (m Magic) digits(length, n int) string {
	return fmt.Sprintf("%s%d%0*d", magicDigitsPrefix, int(m), length-len(magicDigitsPrefix)-1, n)
}

// Image returns a small JPEG whose comment holds m's marker and n: a
// magic photo for the actions that take only media.
func (m Magic) Image(n int) []byte {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, drawFace(64, 64, n), &jpeg.Options{Quality: 80}) // cannot fail on an RGBA image
	img := buf.Bytes()
	text := m.marker() + strconv.Itoa(n)
	out := append([]byte{}, img[:2]...) // SOI
	out = append(out, 0xFF, 0xFE)       // COM
	out = binary.BigEndian.AppendUint16(out, uint16(len(text)+2))
	out = append(out, text...)
	return append(out, img[2:]...)
}

// Video returns a short MP4 ending with a 'free' box that holds m's
// marker and n: a magic video.
func (m Magic) Video(n int) []byte {
	video, _ := mediaFiles.ReadFile("media/liveness.mp4") // embedded: cannot fail
	text := m.marker() + strconv.Itoa(n)
	out := slices.Clip(video)
	out = binary.BigEndian.AppendUint32(out, uint32(8+len(text)))
	out = append(out, "free"...)
	return append(out, text...)
}

// ResultNumber returns the N that selects a Result code of an action, and
// whether the action reports that code.
func ResultNumber(action, code string) (int, bool) {
	i := slices.IndexFunc(faceid.ResultCodes(action), func(r faceid.Result) bool { return r.Code == code })
	return i, i >= 0
}

// DocumentedErrors returns the API error codes documented for an action,
// in the order SelectError numbers them; nil for an unknown action.
func DocumentedErrors(action string) []string {
	a := newWireModel().actions[action]
	if a == nil {
		return nil
	}
	return slices.Clone(a.errors)
}

// ErrorNumber returns the N that selects a documented error of an action,
// and whether the action documents that code.
func ErrorNumber(action, code string) (int, bool) {
	i := slices.Index(DocumentedErrors(action), code)
	return i, i >= 0
}

// carrier is how a request member can carry a magic input.
type carrier int

// The carriers.
const (
	carrierNone   carrier = iota
	carrierText           // ends with 结果N or 错误N
	carrierDigits         // 10000 0 N or 10000 1 N
	carrierMedia          // the decoded bytes hold 结果N or 错误N
)

// carrierOf says how a request member carries magic inputs: free text
// does (names, tokens, Extra, URLs without a documented format), phone and
// bank-card numbers do as digits, media do in their bytes; members with a
// documented format or list of values, and those of encryption, do not.
func carrierOf(m member) carrier {
	l := m.limits
	switch {
	case m.kind != kindString || slices.Contains(encryptionMembers(), m.wire):
		return carrierNone
	case m.media != "":
		return carrierMedia
	case (m.pii == "phone" || m.pii == "bank-card") && (l.format == "mobile" || l.format == "digits"):
		return carrierDigits
	case l.format != "" || len(l.enum) > 0 || l.digits != "":
		return carrierNone
	}
	return carrierText
}

// carriers returns the request members of an action that carry magic
// inputs, in the spec's order.
func (a *actionModel) carriers() []member {
	var out []member
	for _, m := range a.request {
		if carrierOf(m) != carrierNone {
			out = append(out, m)
		}
	}
	return out
}

// magic finds the first magic input of kind m in the request, in the
// order of the action's members, and returns its number.
func (r *request) magic(m Magic) (n int, found bool) {
	for _, c := range r.action.carriers() {
		var ok bool
		switch carrierOf(c) {
		case carrierText:
			n, ok = textMagic(r.str(c.wire), m.marker())
		case carrierDigits:
			n, ok = digitsMagic(r.str(c.wire), m)
		case carrierMedia:
			n, ok = mediaMagic(r.media[c.wire], m.marker())
		}
		if ok {
			return n, true
		}
	}
	return 0, false
}

// maxMagicDigits bounds N in text and media.
const maxMagicDigits = 4

// textMagic reads "…结果N": the marker, then 1 to 4 digits at the end.
func textMagic(s, marker string) (int, bool) {
	i := strings.LastIndex(s, marker)
	if i < 0 {
		return 0, false
	}
	rest := s[i+len(marker):]
	if len(rest) > maxMagicDigits || !allDigits(rest) {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// digitsMagic reads "10000" + kind digit + N.
func digitsMagic(s string, m Magic) (int, bool) {
	p := len(magicDigitsPrefix)
	if len(s) <= p+1 || !strings.HasPrefix(s, magicDigitsPrefix) || s[p] != byte('0'+int(m)) || !allDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s[p+1:])
	return n, err == nil
}

// mediaMagic finds the marker followed by 1 to 4 digits in media bytes.
func mediaMagic(b []byte, marker string) (int, bool) {
	for rest := b; ; {
		i := bytes.Index(rest, []byte(marker))
		if i < 0 {
			return 0, false
		}
		rest = rest[i+len(marker):]
		k := 0
		for k < len(rest) && k < maxMagicDigits && rest[k] >= '0' && rest[k] <= '9' {
			k++
		}
		if k > 0 {
			n, err := strconv.Atoi(string(rest[:k]))
			return n, err == nil
		}
	}
}

// documentedError answers a request carrying a SelectError magic input
// with that error; nil when it carries none.
func (s *Server) documentedError(r *request) *apiError {
	n, ok := r.magic(SelectError)
	if !ok {
		return nil
	}
	if n >= len(r.action.errors) {
		return errMagicRange(SelectError, n, len(r.action.errors))
	}
	return s.apiErrorFor(r.action.errors[n], "魔法输入 "+MarkerError+strconv.Itoa(n), "magic input "+MarkerError+strconv.Itoa(n))
}

// resultCode returns the Result code a request selects: the one its
// SelectResult magic input names, or the first (the pass).
func (r *request) resultCode() (string, *apiError) {
	codes := r.action.results
	n, _ := r.magic(SelectResult)
	if n >= len(codes) {
		return "", errMagicRange(SelectResult, n, len(codes))
	}
	return codes[n], nil
}

// apiErrorFor builds the reply of an API error code, with its documented
// note as the message and why as the cause.
func (s *Server) apiErrorFor(code, whyZH, whyEN string) *apiError {
	note := s.model.errorNotes[code]
	if note == "" {
		note = "Error " + code + "."
	}
	return &apiError{code: code, zh: "沙箱按" + whyZH + "返回的错误：" + note, en: note + " (sandbox: " + whyEN + ")"}
}
