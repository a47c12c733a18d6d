package faceid

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/idcard"
)

// Masked returns a copy of the result with personal text masked: names
// keep their first character ("张*"), ID numbers their first and last four
// ("1101**********123X"), phone numbers their first three and last four, and
// the OCR address its first three characters. Media are shared with d, not
// copied; use it to log or display a result, never to store one.
func (d *DetectInfo) Masked() *DetectInfo {
	m := *d
	t := &m.Text
	t.Name = idcard.MaskName(t.Name)
	t.OcrName = idcard.MaskName(t.OcrName)
	t.IDCard = idcard.Mask(t.IDCard)
	t.OcrIDCard = idcard.Mask(t.OcrIDCard)
	t.Mobile = idcard.MaskPhone(t.Mobile)
	t.OcrAddress = maskAddress(t.OcrAddress)
	t.PassNo = idcard.Mask(t.PassNo)
	if t.LivenessDetail != nil {
		t.LivenessDetail = make([]DetectDetail, len(d.Text.LivenessDetail))
		for i, dd := range d.Text.LivenessDetail {
			dd.Name = idcard.MaskName(dd.Name)
			dd.IDCard = idcard.Mask(dd.IDCard)
			t.LivenessDetail[i] = dd
		}
	}
	return &m
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
	b.WriteString(d.RequestID)
	b.WriteString(", Verdict: ")
	b.WriteString(d.Verdict().String())
	b.WriteString(", Text: ")
	b.WriteString(d.Text.String())
	media := d.Media()
	total := 0
	for _, m := range media {
		total += len(m.Data)
	}
	fmt.Fprintf(&b, ", Media: %d items, %d bytes", len(media), total)
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

// String shows the outcome fields with names and ID numbers masked.
func (t DetectText) String() string {
	return fmt.Sprintf("{ErrCode: %s, LiveStatus: %s, Comparestatus: %s, Sim: %q, Name: %q, IdCard: %q, Attempts: %d}",
		optCode(t.ErrCode), optCode(t.LiveStatus), optCode(t.CompareStatus), t.Sim,
		idcard.MaskName(t.Name), idcard.Mask(t.IDCard), len(t.LivenessDetail))
}

// GoString is used by %#v; it masks like String.
func (t DetectText) GoString() string { return "faceid.DetectText" + t.String() }

// String shows one attempt with names and ID numbers masked.
func (d DetectDetail) String() string {
	return fmt.Sprintf("{Seq: %s, Errcode: %s, Sim: %q, Name: %q, Idcard: %q, IsNeedCharge: %t}",
		d.Seq, optCode(d.ErrCode), d.Sim, idcard.MaskName(d.Name), idcard.Mask(d.IDCard), d.IsNeedCharge)
}

// GoString is used by %#v; it masks like String.
func (d DetectDetail) GoString() string { return "faceid.DetectDetail" + d.String() }

// String shows the request with the name and ID number masked and the
// photo by size.
func (req DetectAuthRequest) String() string {
	return fmt.Sprintf("DetectAuthRequest{RuleId: %q, Name: %q, IdCard: %q, RedirectUrl: %q, Extra: %d chars, Image: %d bytes, Intention: %s}",
		req.RuleID, idcard.MaskName(req.Name), idcard.Mask(req.IDCard), req.RedirectURL, len([]rune(req.Extra)),
		len(req.Image), req.intentionSummary())
}

// GoString is used by %#v; it masks like String.
func (req DetectAuthRequest) GoString() string { return "faceid." + req.String() }

func (req DetectAuthRequest) intentionSummary() string {
	switch {
	case len(req.IntentionQuestions) > 0:
		return strconv.Itoa(len(req.IntentionQuestions)) + " questions"
	case len(req.IntentionActions) > 0:
		return strconv.Itoa(len(req.IntentionActions)) + " nods"
	case req.IntentionVerifyText != "":
		return "read-aloud"
	}
	return "none"
}

func optCode(p *int) string {
	if p == nil {
		return "null"
	}
	return strconv.Itoa(*p)
}
