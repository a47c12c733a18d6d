package faceid

import (
	"context"
	"log/slog"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// EidResult is the result of an eID flow, as returned by GetEidResult. It
// holds the same parts as a DetectInfo (text, ID-card images, best frames,
// intention results), decoded by the same rules, and the eID identity data
// in EidInfo. JSON tags carry Tencent's wire names; media fields hold
// decoded bytes.
//
// Printing or logging an EidResult masks names and ID numbers, shows media
// by size and EidInfo by length; the real values stay available to code.
type EidResult struct {
	// Text holds the outcome codes and similarity. In an eID flow the name
	// and ID number come encrypted in EidInfo instead.
	Text DetectText `json:"Text"`
	// IDCardData holds the ID-card images.
	IDCardData IDCardData `json:"IdCardData"`
	// BestFrame holds the best frame(s) of the liveness video.
	BestFrame BestFrame `json:"BestFrame"`
	// EidInfo holds the identity data issued by the eID centre, encrypted.
	EidInfo EidInfo `json:"EidInfo"`
	// IntentionVerifyData is the read-aloud intention result.
	IntentionVerifyData IntentionVerifyData `json:"IntentionVerifyData"`
	// IntentionQuestionResult is the question-and-answer intention result.
	IntentionQuestionResult IntentionQuestionResult `json:"IntentionQuestionResult"`
	// IntentionActionResult is the nod intention result.
	IntentionActionResult IntentionActionResult `json:"IntentionActionResult"`
	// IsVerifyIntention reports whether the flow included intention
	// verification.
	IsVerifyIntention bool `json:"IsVerifyIntention"`
	// IntentionVerifyType is "0" Q&A, "1" nod or "2" read-aloud; meaningful
	// only when IsVerifyIntention is true.
	IntentionVerifyType string `json:"IntentionVerifyType"`
	// RequestID identifies the request for Tencent support.
	RequestID string `json:"RequestId"`
	// Problems lists oddities met while decoding (a value of an unexpected
	// type, malformed base64); the affected fields are left empty and the
	// rest of the result is complete.
	Problems []FieldProblem `json:"-"`

	// textNotRequested records that the request's InfoType left out the
	// text part, so that a missing ErrCode does not mean "not finished".
	textNotRequested bool
}

// EidInfo is the identity data of an eID flow, issued by the eID centre.
// Tencent returns it only when the merchant's eID access is approved and
// the flow finished. UserInfo is decrypted with DesKey, itself decrypted
// with the merchant's private key; this package does not decrypt it.
//
// DesKey and UserInfo are a key and the person's identity data, and EidCode
// identifies the person to the merchant: printing or logging an EidInfo
// shows every field by its length only.
type EidInfo struct {
	// EidCode is the digital certificate of the person's eID code for the
	// merchant.
	EidCode string `json:"EidCode"`
	// EidSign is the eID centre's signature over EidCode.
	EidSign string `json:"EidSign"`
	// DesKey is the session key, encrypted with the merchant's public key,
	// base64.
	DesKey string `json:"DesKey"`
	// UserInfo is the identity data, encrypted with the session key (SM2),
	// base64.
	UserInfo string `json:"UserInfo"`
}

// GetEidResult pulls the result of an eID flow: text and outcome codes,
// ID-card images, best frames, the intention results and the encrypted eID
// identity data, with media decoded to bytes.
//
// The reply is decoded with the rules of GetDetectInfoEnhanced: Tencent's
// documented type drift is tolerated, other oddities in a field are listed
// in EidResult.Problems, and a reply that is cut off, malformed or
// ambiguous (a duplicate member) fails the call with a *DecodeError.
// Results are kept by Tencent for three days. A call that returns an error
// never returns a result.
func (c *Client) GetEidResult(ctx context.Context, req *GetEidResultRequest, opts ...CallOption) (*EidResult, error) {
	res := new(EidResult)
	if req != nil {
		res.textNotRequested = !infoTypeHasText(req.InfoType)
	}
	if err := c.invoke(ctx, "GetEidResult", req, res, opts); err != nil {
		return nil, err
	}
	return res, nil
}

func (e *EidResult) meta() (*string, *[]FieldProblem) { return &e.RequestID, &e.Problems }

func (e *EidResult) reset() { *e = EidResult{textNotRequested: e.textNotRequested} }

// decodeMember decodes one member of the reply with the object decoders of
// GetDetectInfoEnhanced, sharing w's record of the members met.
func (e *EidResult) decodeMember(w *wireDecoder, r *jsonscan.Reader, key []byte) error {
	d := &resultDecoder{wireDecoder: w}
	switch string(key) {
	case "Text":
		return d.object(r, "", key, &e.Text, func(p string) func([]byte) error { return d.decodeDetectText(r, p, &e.Text) })
	case "IdCardData":
		return d.object(r, "", key, &e.IDCardData, func(p string) func([]byte) error { return d.decodeIDCardData(r, p, &e.IDCardData) })
	case "BestFrame":
		return d.object(r, "", key, &e.BestFrame, func(p string) func([]byte) error { return d.decodeBestFrame(r, p, &e.BestFrame) })
	case "EidInfo":
		return d.object(r, "", key, &e.EidInfo, func(p string) func([]byte) error { return e.EidInfo.decoder(w, r, p) })
	case "IntentionVerifyData":
		return d.object(r, "", key, &e.IntentionVerifyData, func(p string) func([]byte) error { return d.decodeIntentionVerifyData(r, p, &e.IntentionVerifyData) })
	case "IntentionQuestionResult":
		return d.object(r, "", key, &e.IntentionQuestionResult, func(p string) func([]byte) error {
			return d.decodeIntentionQuestionResult(r, p, &e.IntentionQuestionResult)
		})
	case "IntentionActionResult":
		return d.object(r, "", key, &e.IntentionActionResult, func(p string) func([]byte) error {
			return d.decodeIntentionActionResult(r, p, &e.IntentionActionResult)
		})
	case "IsVerifyIntention":
		return d.boolean(r, "", key, &e.IsVerifyIntention)
	case "IntentionVerifyType":
		return d.str(r, "", key, &e.IntentionVerifyType)
	}
	return r.Skip()
}

// decoder decodes the members of an EidInfo object.
func (x *EidInfo) decoder(d *wireDecoder, r *jsonscan.Reader, p string) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "EidCode":
			return d.str(r, p, k, &x.EidCode)
		case "EidSign":
			return d.str(r, p, k, &x.EidSign)
		case "DesKey":
			return d.str(r, p, k, &x.DesKey)
		case "UserInfo":
			return d.str(r, p, k, &x.UserInfo)
		}
		return r.Skip()
	}
}

// Verdict applies the rule of DetectInfo.Verdict to the eID flow, and
// fails closed the same way: Text.ErrCode 0 agreeing with LiveStatus,
// Comparestatus and a Sim of at least 70, then, when the result shows
// intention verification, the intention mode's code; a missing ErrCode is
// pending, a decoding problem in a field the verdict reads fails. EidInfo
// plays no part: it is identity data, not an outcome.
func (e *EidResult) Verdict() Verdict {
	f := flowResult{
		text:                &e.Text,
		readAloud:           &e.IntentionVerifyData,
		question:            &e.IntentionQuestionResult,
		action:              &e.IntentionActionResult,
		isVerifyIntention:   e.IsVerifyIntention,
		intentionVerifyType: e.IntentionVerifyType,
		problems:            e.Problems,
		textNotRequested:    e.textNotRequested,
	}
	return f.verdict()
}

// Media lists the result's non-empty media fields in wire order, with the
// paths and kinds DetectInfo.Media gives the same fields.
func (e *EidResult) Media() []MediaItem {
	same := DetectInfo{IDCardData: e.IDCardData, BestFrame: e.BestFrame, IntentionVerifyData: e.IntentionVerifyData,
		IntentionQuestionResult: e.IntentionQuestionResult, IntentionActionResult: e.IntentionActionResult}
	return same.Media()
}

// mediaTotals counts the result's non-empty media fields and their bytes.
func (e *EidResult) mediaTotals() (items, bytes int) {
	for _, m := range e.Media() {
		items++
		bytes += len(m.Data)
	}
	return items, bytes
}

// String summarises the result without personal data: verdict, codes,
// similarity, masked identity, EidInfo by length and media sizes.
func (e EidResult) String() string {
	var b strings.Builder
	b.WriteString("EidResult{RequestId: ")
	b.WriteString(safeRequestID(e.RequestID))
	b.WriteString(", Verdict: ")
	b.WriteString(e.Verdict().String())
	b.WriteString(", Text: ")
	b.WriteString(e.Text.String())
	b.WriteString(", EidInfo: ")
	b.WriteString(e.EidInfo.String())
	items, total := e.mediaTotals()
	b.WriteString(", Media: " + strconv.Itoa(items) + " items, " + strconv.Itoa(total) + " bytes")
	if len(e.Problems) > 0 {
		b.WriteString(", Problems: " + strconv.Itoa(len(e.Problems)))
	}
	b.WriteString("}")
	return b.String()
}

// GoString is used by %#v; it masks like String.
func (e EidResult) GoString() string { return "faceid." + e.String() }

// LogValue shows the result as String does.
func (e EidResult) LogValue() slog.Value {
	items, total := e.mediaTotals()
	attrs := []slog.Attr{
		slog.String("RequestId", safeRequestID(e.RequestID)),
		slog.String("Verdict", e.Verdict().String()),
		slog.Attr{Key: "Text", Value: e.Text.LogValue()},
		slog.Attr{Key: "EidInfo", Value: e.EidInfo.LogValue()},
		slog.Int("MediaItems", items),
		slog.Int("MediaBytes", total),
	}
	if e.IsVerifyIntention || e.IntentionVerifyType != "" {
		attrs = append(attrs, slog.Bool("IsVerifyIntention", e.IsVerifyIntention),
			slog.String("IntentionVerifyType", safeShort(e.IntentionVerifyType)))
	}
	if len(e.Problems) > 0 {
		attrs = append(attrs, slog.Int("Problems", len(e.Problems)))
	}
	return slog.GroupValue(attrs...)
}

func (x EidInfo) shown() []shownField {
	return []shownField{
		{"EidCode", showLength(x.EidCode)},
		{"EidSign", showLength(x.EidSign)},
		{"DesKey", showLength(x.DesKey)},
		{"UserInfo", showLength(x.UserInfo)},
	}
}

// showLength describes a secret or an opaque identifier by its length.
func showLength(s string) string { return strconv.Itoa(len(s)) + " chars" }

// String shows every field by its length only.
func (x EidInfo) String() string { return showStruct("", x.shown()) }

// GoString is used by %#v; it hides the fields like String.
func (x EidInfo) GoString() string { return "faceid.EidInfo" + x.String() }

// LogValue logs every field by its length only.
func (x EidInfo) LogValue() slog.Value { return logShown(x.shown()) }

// view is the eID result for displays: the shape of a GetDetectInfoEnhanced
// result view (wire member names, media as sizes, personal data masked
// unless reveal), EidInfo by lengths, and the Verdict.
func (e *EidResult) view(reveal bool) map[string]any {
	info := &DetectInfo{Text: e.Text, IDCardData: e.IDCardData, BestFrame: e.BestFrame,
		IntentionVerifyData: e.IntentionVerifyData, IntentionQuestionResult: e.IntentionQuestionResult,
		IntentionActionResult: e.IntentionActionResult, IsVerifyIntention: e.IsVerifyIntention,
		IntentionVerifyType: e.IntentionVerifyType}
	if !reveal {
		info = info.Masked()
	}
	media := map[string]any{}
	for _, m := range e.Media() {
		media[m.Path] = len(m.Data)
	}
	return map[string]any{
		"Text": info.Text, "Media": media,
		"EidInfo": map[string]int{"EidCode": len(e.EidInfo.EidCode), "EidSign": len(e.EidInfo.EidSign),
			"DesKey": len(e.EidInfo.DesKey), "UserInfo": len(e.EidInfo.UserInfo)},
		"IsVerifyIntention": e.IsVerifyIntention, "IntentionVerifyType": e.IntentionVerifyType,
		"Verdict": e.Verdict(),
	}
}
