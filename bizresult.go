package faceid

import (
	"context"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// GetDetectInfoEnhanced pulls the result of a verification flow: text and
// outcome codes, ID-card images, best frames, the liveness video and the
// intention results, with media decoded to bytes.
//
// Results are kept by Tencent for three days; after that the call fails
// with an error matching ErrBizTokenExpired. Before the person finishes, the
// result has a nil Text.ErrCode and Verdict reports the flow as pending.
//
// Tencent's documented type drift (an integer sent as a string, null for an
// empty object) is tolerated; other oddities in a field (a value of the
// wrong kind, malformed base64) are listed in DetectInfo.Problems, and a
// problem in a field the verdict depends on makes Verdict fail. A reply that
// is cut off, malformed, ambiguous (a duplicate member, a malformed
// Response.Error) or larger than the request allows fails the call with a
// *DecodeError. A call that returns an error never returns a result: there
// is nothing to judge.
//
// The reply is decoded in one pass as it is read. Each media item is a
// slice of its own, of exactly its decoded size, allocated as its bytes
// arrive: memory follows the data received, whether the reply comes with a
// Content-Length, chunked or compressed, and keeping one item (an avatar)
// keeps no other alive. To keep memory flat whatever the size of the video,
// use GetDetectInfoEnhancedStream or SaveResult.
func (c *Client) GetDetectInfoEnhanced(ctx context.Context, req *GetDetectInfoEnhancedRequest, opts ...CallOption) (*DetectInfo, error) {
	const action = "GetDetectInfoEnhanced"
	if req == nil {
		return nil, &ValidationError{Action: action, Field: "request", Problem: "is nil"}
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return c.getDetectInfoEnhanced(ctx, req, nil, opts)
}

// getDetectInfoEnhanced runs GetDetectInfoEnhanced, streaming media to sink
// when it is not nil.
func (c *Client) getDetectInfoEnhanced(ctx context.Context, req *GetDetectInfoEnhancedRequest, sink MediaSink, opts []CallOption) (*DetectInfo, error) {
	const action = "GetDetectInfoEnhanced"
	info := &DetectInfo{textNotRequested: !infoTypeHasText(req.InfoType)}
	d := newResultDecoder(info)
	d.sink = sink
	if err := c.invoke(ctx, action, validated{req}, d, opts); err != nil {
		return nil, err
	}
	return info, nil
}

// GetDetectInfo pulls a result through the legacy GetDetectInfo action, whose
// reply carries the result as a JSON document inside a string. The document
// is decoded into the same DetectInfo model as GetDetectInfoEnhanced; the
// legacy Text.Detail.LivenessData attempts land in Text.LivenessDetail.
func (c *Client) GetDetectInfo(ctx context.Context, req *GetDetectInfoRequest, opts ...CallOption) (*DetectInfo, error) {
	const action = "GetDetectInfo"
	if req == nil {
		return nil, &ValidationError{Action: action, Field: "request", Problem: "is nil"}
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	info := &DetectInfo{textNotRequested: !infoTypeHasText(req.InfoType)}
	if err := c.invoke(ctx, action, validated{req}, legacyReply{newResultDecoder(info)}, opts); err != nil {
		return nil, err
	}
	return info, nil
}

// legacyReply decodes the GetDetectInfo reply, whose DetectInfo member is
// a JSON document inside a string.
type legacyReply struct{ *resultDecoder }

func (l legacyReply) decodeMember(w *wireDecoder, r *jsonscan.Reader, key []byte) error {
	l.wireDecoder = w
	if string(key) != "DetectInfo" {
		return r.Skip()
	}
	return l.embeddedDocument(r)
}

// infoTypeHasText reports whether an InfoType asks for the text part:
// empty or "0" (everything), or any combination with the digit 1.
func infoTypeHasText(infoType string) bool {
	return infoType == "" || strings.ContainsAny(infoType, "01")
}
