package faceid

import (
	"context"
	"log/slog"
)

// EidResult and EidInfo are generated from the spec (GetEidResult is
// marked "handwritten": "method" and "sharesResult"): their types, the
// decoder, which decodes the parts EidResult shares with DetectInfo by the
// same rules, and their display. What follows is their behaviour.

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

// Verdict applies the rule of DetectInfo.Verdict to the eID flow, and
// fails closed the same way: Text.ErrCode 0 agreeing with LiveStatus,
// Comparestatus and a Sim of at least 70, then, when the result shows
// intention verification, the intention mode's code; a missing ErrCode is
// pending, a decoding problem in a field the verdict reads fails. EidInfo
// plays no part: it is identity data, not an outcome.
func (e *EidResult) Verdict() Verdict {
	info := e.sharedResult()
	return info.Verdict()
}

// Media lists the result's non-empty media fields in wire order, with the
// paths and kinds DetectInfo.Media gives the same fields.
func (e *EidResult) Media() []MediaItem {
	info := e.sharedResult()
	return info.Media()
}

// The parts of EidResult's display that are the SDK's own (its
// resultDisplay helpers) are DetectInfo's, over the shared members.

func (e *EidResult) summaryString() string {
	info := e.sharedResult()
	return info.summaryString()
}

func (e *EidResult) mediaTotalsString() string {
	info := e.sharedResult()
	return info.mediaTotalsString()
}

func (e *EidResult) problemsString() string {
	info := e.sharedResult()
	return info.problemsString()
}

func (e *EidResult) summaryAttrs() []slog.Attr {
	info := e.sharedResult()
	return info.summaryAttrs()
}

func (e *EidResult) mediaTotalsAttrs() []slog.Attr {
	info := e.sharedResult()
	return info.mediaTotalsAttrs()
}

func (e *EidResult) problemsAttrs() []slog.Attr {
	info := e.sharedResult()
	return info.problemsAttrs()
}

// view is the eID result for displays: the shape of a GetDetectInfoEnhanced
// result view (wire member names, media as sizes, personal data masked
// unless reveal), EidInfo by lengths, and the Verdict.
func (e *EidResult) view(reveal bool) map[string]any {
	shared := e.sharedResult()
	info := &shared
	if !reveal {
		info = info.Masked()
	}
	media := map[string]any{}
	for _, m := range e.Media() {
		media[m.Path] = len(m.Data)
	}
	return map[string]any{
		"Text": info.Text, "Media": media, "EidInfo": e.EidInfo.view(reveal),
		"IsVerifyIntention": e.IsVerifyIntention, "IntentionVerifyType": e.IntentionVerifyType,
		"Verdict": e.Verdict(),
	}
}
