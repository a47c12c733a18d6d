package faceid

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

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

// String shows the outcome fields with names and ID numbers masked.
func (t DetectText) String() string {
	return fmt.Sprintf("{ErrCode: %s, LiveStatus: %s, Comparestatus: %s, Sim: %q, Name: %q, IdCard: %q, Attempts: %d}",
		optCode(t.ErrCode), optCode(t.LiveStatus), optCode(t.CompareStatus), safeShort(t.Sim),
		maskedName(t.Name), maskedID(t.IDCard), len(t.LivenessDetail))
}

// GoString is used by %#v; it masks like String.
func (t DetectText) GoString() string { return "faceid.DetectText" + t.String() }

// String shows one attempt with names and ID numbers masked.
func (d DetectDetail) String() string {
	return fmt.Sprintf("{Seq: %s, Errcode: %s, Sim: %q, Name: %q, Idcard: %q, IsNeedCharge: %t}",
		safeShort(d.Seq), optCode(d.ErrCode), safeShort(d.Sim), maskedName(d.Name), maskedID(d.IDCard), d.IsNeedCharge)
}

// GoString is used by %#v; it masks like String.
func (d DetectDetail) GoString() string { return "faceid.DetectDetail" + d.String() }

// String shows the request with the name and ID number masked and the
// photo by size.
func (req DetectAuthRequest) String() string {
	return fmt.Sprintf("DetectAuthRequest{RuleId: %q, Name: %q, IdCard: %q, RedirectUrl: %q, Extra: %d chars, Image: %d bytes, Intention: %s}",
		safeShort(req.RuleID), maskedName(req.Name), maskedID(req.IDCard), redactText(req.RedirectURL, maxMessageRunes),
		utf8.RuneCountInString(req.Extra), len(req.Image), req.intentionSummary())
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

// String shows the ID-card images by size.
func (c IDCardData) String() string {
	return fmt.Sprintf("{OcrFront: %s, OcrBack: %s, ProcessedFrontImage: %s, ProcessedBackImage: %s, Avatar: %s, WarnInfos: %s, BackWarnInfos: %s}",
		sizeOf(c.OcrFront), sizeOf(c.OcrBack), sizeOf(c.ProcessedFrontImage), sizeOf(c.ProcessedBackImage), sizeOf(c.Avatar),
		listString(c.WarnInfos, " ", strconv.Itoa), listString(c.BackWarnInfos, " ", strconv.Itoa))
}

// GoString is used by %#v; it shows sizes like String.
func (c IDCardData) GoString() string { return "faceid.IDCardData" + c.String() }

// String shows the frames by size.
func (b BestFrame) String() string {
	return "{BestFrame: " + sizeOf(b.BestFrame) + ", BestFrames: " + sizesOf(b.BestFrames) + "}"
}

// GoString is used by %#v; it shows sizes like String.
func (b BestFrame) GoString() string { return "faceid.BestFrame" + b.String() }

// String shows the video by size.
func (v VideoData) String() string {
	return fmt.Sprintf("{LivenessVideo: %s, LivenessVideos: %d}", sizeOf(v.LivenessVideo), len(v.LivenessVideos))
}

// String shows the retry video by length: it may be a storage path or the
// video itself.
func (v VideoDetail) String() string {
	return fmt.Sprintf("{Seq: %q, Video: %d chars}", safeShort(v.Seq), len(v.Video))
}

// GoString is used by %#v; it hides the video like String.
func (v VideoDetail) GoString() string { return "faceid.VideoDetail" + v.String() }

// GoString is used by %#v; it shows sizes like String.
func (v VideoData) GoString() string { return "faceid.VideoData" + v.String() }

// String shows the read-aloud result with media by size and without the
// recognised speech, which may hold personal data.
func (v IntentionVerifyData) String() string {
	return fmt.Sprintf("{ErrorCode: %s, IntentionVerifyVideo: %s, IntentionVerifyBestFrame: %s, IntentionVerifyAudio: %s, AsrResult: %d chars}",
		optCode(v.ErrorCode), sizeOf(v.IntentionVerifyVideo), sizeOf(v.IntentionVerifyBestFrame), sizeOf(v.IntentionVerifyAudio),
		len([]rune(v.AsrResult)))
}

// GoString is used by %#v; it hides content like String.
func (v IntentionVerifyData) GoString() string { return "faceid.IntentionVerifyData" + v.String() }

// String shows the Q&A result with media by size and without the answers.
func (q IntentionQuestionResult) String() string {
	return fmt.Sprintf("{FinalResultDetailCode: %s, FinalResultCode: %q, ResultCode: %s, Video: %s, ScreenShot: %s, Audios: %s, AsrResult: %d answers}",
		optCode(q.FinalResultDetailCode), safeShort(q.FinalResultCode), shortList(q.ResultCode), sizeOf(q.Video),
		sizesOf(q.ScreenShot), sizesOf(q.Audios), len(q.AsrResult))
}

// GoString is used by %#v; it hides content like String.
func (q IntentionQuestionResult) GoString() string {
	return "faceid.IntentionQuestionResult" + q.String()
}

// String shows the nod result with media by size.
func (a IntentionActionResult) String() string {
	return fmt.Sprintf("{FinalResultDetailCode: %s, Details: %s}", optCode(a.FinalResultDetailCode),
		listString(a.Details, ", ", IntentionActionDetail.String))
}

// GoString is used by %#v; it shows sizes like String.
func (a IntentionActionResult) GoString() string { return "faceid.IntentionActionResult" + a.String() }

// String shows one nod round by size.
func (d IntentionActionDetail) String() string {
	return "{Video: " + sizeOf(d.Video) + ", ScreenShot: " + sizesOf(d.ScreenShot) + "}"
}

// GoString is used by %#v; it shows sizes like String.
func (d IntentionActionDetail) GoString() string { return "faceid.IntentionActionDetail" + d.String() }

// String names the item and its size, never its content.
func (m MediaItem) String() string {
	return "MediaItem{" + m.Path + ", " + sizeOf(m.Data) + "}"
}

// GoString is used by %#v; it shows the size like String.
func (m MediaItem) GoString() string { return "faceid." + m.String() }
