package faceid

import (
	"context"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// GetDetectInfoEnhancedRequest asks for the result of a verification flow.
// The zero value of each optional field means the API default.
type GetDetectInfoEnhancedRequest struct {
	// BizToken is the token returned by DetectAuth. Required.
	BizToken string `json:"BizToken"`
	// RuleID is the RuleId the flow was started with. Required.
	RuleID string `json:"RuleId"`
	// InfoType selects parts as concatenated digits: 0 all (default),
	// 1 text, 2 ID-card images, 3 best frames, 4 video, 5 read-aloud
	// intention results, 6 Q&A or nod intention results; "13" is text and
	// best frames. Verdict needs the text part (0 or 1).
	InfoType string `json:"InfoType,omitempty"`
	// BestFramesCount asks for up to 10 extra frames from the liveness
	// video (needs 3 in InfoType).
	BestFramesCount int `json:"BestFramesCount,omitempty"`
	// IsCutIdCardImage asks for deskewed, cropped ID images (needs 2).
	IsCutIDCardImage bool `json:"IsCutIdCardImage,omitempty"`
	// IsNeedIdCardAvatar asks for the portrait cut from the ID card (needs 2).
	IsNeedIDCardAvatar bool `json:"IsNeedIdCardAvatar,omitempty"`
	// Encryption asks for field-level encryption of Text.IdCard, Text.Name,
	// Text.OcrIdCard and Text.OcrName.
	Encryption *Encryption `json:"Encryption,omitempty"`
	// IsEncryptResponse asks for the whole result encrypted into EncryptedBody.
	IsEncryptResponse bool `json:"IsEncryptResponse,omitempty"`
	// IsReturnAllVideo also returns the retry videos of the flow (needs
	// Tencent's data-storage service).
	IsReturnAllVideo bool `json:"IsReturnAllVideo,omitempty"`
}

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

// validate checks the request before any network call.
func (req *GetDetectInfoEnhancedRequest) validate() error {
	const action = "GetDetectInfoEnhanced"
	if err := validateTokenAndRule(action, req.BizToken, req.RuleID); err != nil {
		return err
	}
	if err := validateInfoType(action, "InfoType", req.InfoType, "0123456"); err != nil {
		return err
	}
	if req.BestFramesCount < 0 || req.BestFramesCount > 10 {
		return &ValidationError{Action: action, Field: "BestFramesCount",
			Problem: "must be between 0 and 10, got " + strconv.Itoa(req.BestFramesCount)}
	}
	if req.Encryption != nil {
		if err := req.Encryption.validate(action, "Encryption"); err != nil {
			return err
		}
	}
	return nil
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

// GetDetectInfoRequest asks for a result through the legacy GetDetectInfo
// action. Prefer GetDetectInfoEnhanced.
type GetDetectInfoRequest struct {
	// BizToken is the token returned by DetectAuth. Required.
	BizToken string `json:"BizToken"`
	// RuleID is the RuleId the flow was started with. Required.
	RuleID string `json:"RuleId"`
	// InfoType selects parts: 0 all (default), 1 text, 2 ID-card images,
	// 3 best frame, 4 video; digits combine.
	InfoType string `json:"InfoType,omitempty"`
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
	if err := validateTokenAndRule(action, req.BizToken, req.RuleID); err != nil {
		return nil, err
	}
	if err := validateInfoType(action, "InfoType", req.InfoType, "01234"); err != nil {
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

func validateTokenAndRule(action, bizToken, ruleID string) error {
	switch {
	case strings.TrimSpace(bizToken) == "":
		return &ValidationError{Action: action, Field: "BizToken", Problem: "is required (the BizToken returned by DetectAuth)"}
	case len(bizToken) > 128:
		return &ValidationError{Action: action, Field: "BizToken", Problem: "is longer than 128 characters; it is not a BizToken"}
	case strings.TrimSpace(ruleID) == "":
		return &ValidationError{Action: action, Field: "RuleId", Problem: "is required (the RuleId used with DetectAuth)"}
	case len(ruleID) > maxRuleIDOrTokenBytes:
		return &ValidationError{Action: action, Field: "RuleId", Problem: "is longer than " + strconv.Itoa(maxRuleIDOrTokenBytes) + " characters"}
	}
	return nil
}

func validateInfoType(action, field, infoType, allowed string) error {
	for _, c := range infoType {
		if !strings.ContainsRune(allowed, c) {
			return &ValidationError{Action: action, Field: field,
				Problem: "must be digits from " + allowed + " (e.g. \"0\" for everything), got " + strconv.Quote(infoType)}
		}
	}
	return nil
}

// infoTypeHasText reports whether an InfoType asks for the text part:
// empty or "0" (everything), or any combination with the digit 1.
func infoTypeHasText(infoType string) bool {
	return infoType == "" || strings.ContainsAny(infoType, "01")
}
