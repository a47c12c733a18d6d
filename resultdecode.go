package faceid

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// resultDecoder fills a DetectInfo from a reply in one pass. Values of an
// unexpected type and malformed base64 are recorded in info.Problems and
// skipped; only malformed JSON, a failing body or a failing media sink stops
// it.
//
// Media are base64-decoded straight from the reader's window: into an arena
// (see spare) when they are kept in memory, or to the writers a MediaSink
// hands out when they are streamed.
type resultDecoder struct {
	info *DetectInfo

	// In memory: media are decoded into consecutive parts of arena, one
	// allocation sized from the length of the input still to come, so that
	// the media of a reply cost about their decoded size and are never
	// copied. sized is the reader whose input is inputLen bytes long.
	arena    []byte
	sized    *jsonscan.Reader
	inputLen int64

	// Streamed: media go to the writers sink returns, through w; sinkUsed
	// records that the sink has been given data, after which the call
	// cannot be retried.
	sink     MediaSink
	w        sinkWriter
	sinkUsed bool
}

func newResultDecoder(info *DetectInfo) *resultDecoder { return &resultDecoder{info: info} }

// reset forgets what a failed attempt decoded, before the next attempt.
func (d *resultDecoder) reset() {
	*d.info = DetectInfo{}
	d.arena, d.sized, d.inputLen = nil, nil, 0
}

// soft records a non-fatal decoding error against a field and swallows it;
// fatal errors are returned.
func (d *resultDecoder) soft(prefix string, key []byte, err error) error {
	if err == nil {
		return nil // before the error variables, which live on the heap
	}
	var typeErr *jsonscan.TypeError
	var b64Err *jsonscan.Base64Error
	switch {
	case errors.As(err, &typeErr):
		problem := "expected " + typeErr.Want.String() + ", got " + typeErr.Got.String()
		if typeErr.Detail != "" {
			problem += " (" + typeErr.Detail + ")"
		}
		d.info.Problems = append(d.info.Problems, FieldProblem{Field: joinPath(prefix, key), Problem: problem})
		return nil
	case errors.As(err, &b64Err):
		d.info.Problems = append(d.info.Problems, FieldProblem{Field: joinPath(prefix, key),
			Problem: "not valid base64 (at byte " + strconv.FormatInt(b64Err.Offset, 10) + ")"})
		return nil
	}
	return err
}

func joinPath(prefix string, key []byte) string {
	if prefix == "" {
		return string(key)
	}
	if len(key) > 0 && key[0] == '[' {
		return prefix + string(key)
	}
	return prefix + "." + string(key)
}

// indexKey renders an array index as a path element.
func indexKey(i int) []byte { return []byte("[" + strconv.Itoa(i) + "]") }

func (d *resultDecoder) str(r *jsonscan.Reader, prefix string, key []byte, dst *string) error {
	s, err := r.FlexString()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = s
	return nil
}

func (d *resultDecoder) integer(r *jsonscan.Reader, prefix string, key []byte, dst *int) error {
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = int(n)
	return nil
}

// optInt decodes a code whose absence matters: null, absent or "" leave
// dst nil.
func (d *resultDecoder) optInt(r *jsonscan.Reader, prefix string, key []byte, dst **int) error {
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	if kind == jsonscan.KindNull {
		return r.Skip()
	}
	if kind == jsonscan.KindString {
		s, err := r.String()
		if err != nil {
			return d.soft(prefix, key, err)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			d.info.Problems = append(d.info.Problems, FieldProblem{Field: joinPath(prefix, key), Problem: "expected an integer, got a non-numeric string"})
			return nil
		}
		*dst = &n
		return nil
	}
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	v := int(n)
	*dst = &v
	return nil
}

func (d *resultDecoder) boolean(r *jsonscan.Reader, prefix string, key []byte, dst *bool) error {
	b, err := r.FlexBool()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = b
	return nil
}

func (d *resultDecoder) strings(r *jsonscan.Reader, prefix string, key []byte, dst *[]string) error {
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Array(func(i int) error {
		var s string
		if err := d.str(r, path, indexKey(i), &s); err != nil {
			return err
		}
		*dst = append(*dst, s)
		return nil
	}))
}

func (d *resultDecoder) integers(r *jsonscan.Reader, prefix string, key []byte, dst *[]int) error {
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Array(func(i int) error {
		n, err := r.FlexInt()
		if err != nil {
			return d.soft(path, indexKey(i), err)
		}
		*dst = append(*dst, int(n))
		return nil
	}))
}

// object decodes a nested object with fn, recording a non-object value.
func (d *resultDecoder) object(r *jsonscan.Reader, prefix string, key []byte, fn func(path string) func(key []byte) error) error {
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Object(fn(path)))
}

// member decodes one member of the Response object.
func (d *resultDecoder) member(r *jsonscan.Reader, key []byte) error {
	info := d.info
	switch string(key) {
	case "Text":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.text(r, p, &info.Text) })
	case "IdCardData":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.idCardData(r, p, &info.IDCardData) })
	case "BestFrame":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.bestFrame(r, p, &info.BestFrame) })
	case "VideoData":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.videoData(r, p, &info.VideoData) })
	case "Encryption":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.encryption(r, p, &info.Encryption) })
	case "IntentionVerifyData":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.readAloud(r, p, &info.IntentionVerifyData) })
	case "IntentionQuestionResult":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.question(r, p, &info.IntentionQuestionResult) })
	case "IntentionActionResult":
		return d.object(r, "", key, func(p string) func([]byte) error { return d.action(r, p, &info.IntentionActionResult) })
	case "EncryptedBody":
		return d.media(r, "", key, mediaSpot{}, &info.EncryptedBody)
	case "IsVerifyIntention":
		return d.boolean(r, "", key, &info.IsVerifyIntention)
	case "IntentionVerifyType":
		return d.str(r, "", key, &info.IntentionVerifyType)
	}
	return r.Skip()
}

// embeddedDocument decodes the legacy GetDetectInfo reply, whose DetectInfo
// member is a JSON document inside a string. The document must parse
// completely: anything else fails the call, since a verdict must never be
// drawn from part of a result.
func (d *resultDecoder) embeddedDocument(r *jsonscan.Reader) error {
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	if kind == jsonscan.KindNull {
		return r.Skip() // no result part was returned
	}
	if kind != jsonscan.KindString {
		if err := r.Skip(); err != nil {
			return err
		}
		return fmt.Errorf("DetectInfo is a %v, not a string holding a JSON document", kind)
	}
	// The buffer grows with the bytes actually read, never with a declared
	// length alone.
	doc, err := r.AppendString(nil)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil
	}
	inner := jsonscan.NewReader(bytes.NewReader(doc))
	d.setInput(inner, int64(len(doc)))
	err = inner.Object(func(key []byte) error { return d.member(inner, key) })
	if err == nil {
		err = inner.End()
	}
	if err != nil {
		return fmt.Errorf("embedded DetectInfo document at byte %d: %w", inner.Offset(), err)
	}
	return nil
}

func (d *resultDecoder) text(r *jsonscan.Reader, p string, t *DetectText) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "ErrCode":
			return d.optInt(r, p, k, &t.ErrCode)
		case "ErrMsg":
			return d.str(r, p, k, &t.ErrMsg)
		case "IdCard":
			return d.str(r, p, k, &t.IDCard)
		case "UseIDType":
			return d.integer(r, p, k, &t.UseIDType)
		case "Name":
			return d.str(r, p, k, &t.Name)
		case "OcrNation":
			return d.str(r, p, k, &t.OcrNation)
		case "OcrAddress":
			return d.str(r, p, k, &t.OcrAddress)
		case "OcrBirth":
			return d.str(r, p, k, &t.OcrBirth)
		case "OcrAuthority":
			return d.str(r, p, k, &t.OcrAuthority)
		case "OcrValidDate":
			return d.str(r, p, k, &t.OcrValidDate)
		case "OcrName":
			return d.str(r, p, k, &t.OcrName)
		case "OcrIdCard":
			return d.str(r, p, k, &t.OcrIDCard)
		case "OcrGender":
			return d.str(r, p, k, &t.OcrGender)
		case "IdInfoFrom":
			return d.str(r, p, k, &t.IDInfoFrom)
		case "LiveStatus":
			return d.optInt(r, p, k, &t.LiveStatus)
		case "LiveMsg":
			return d.str(r, p, k, &t.LiveMsg)
		case "Comparestatus", "CompareStatus":
			return d.optInt(r, p, k, &t.CompareStatus)
		case "Comparemsg", "CompareMsg":
			return d.str(r, p, k, &t.CompareMsg)
		case "Sim":
			return d.str(r, p, k, &t.Sim)
		case "Location":
			return d.str(r, p, k, &t.Location)
		case "Extra":
			return d.str(r, p, k, &t.Extra)
		case "LivenessDetail":
			return d.details(r, p, k, &t.LivenessDetail)
		case "Detail": // legacy GetDetectInfo: {"LivenessData": [...]}
			return d.object(r, p, k, func(dp string) func([]byte) error {
				return func(k []byte) error {
					if string(k) == "LivenessData" {
						return d.details(r, dp, k, &t.LivenessDetail)
					}
					return r.Skip()
				}
			})
		case "LivenessInfoTag":
			return d.strings(r, p, k, &t.LivenessInfoTag)
		case "Mobile":
			return d.str(r, p, k, &t.Mobile)
		case "CompareLibType":
			return d.str(r, p, k, &t.CompareLibType)
		case "LivenessMode":
			return d.integer(r, p, k, &t.LivenessMode)
		case "NFCRequestIds":
			return d.strings(r, p, k, &t.NFCRequestIDs)
		case "NFCBillingCounts":
			return d.integer(r, p, k, &t.NFCBillingCounts)
		case "PassNo":
			return d.str(r, p, k, &t.PassNo)
		case "VisaNum":
			return d.str(r, p, k, &t.VisaNum)
		case "LivenessActionSequence":
			return d.str(r, p, k, &t.LivenessActionSequence)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) details(r *jsonscan.Reader, p string, k []byte, dst *[]DetectDetail) error {
	path := joinPath(p, k)
	return d.soft(p, k, r.Array(func(i int) error {
		var dd DetectDetail
		err := d.object(r, path, indexKey(i), func(ip string) func([]byte) error { return d.detail(r, ip, &dd) })
		*dst = append(*dst, dd)
		return err
	}))
}

// detail decodes one attempt; it accepts the legacy spellings too.
func (d *resultDecoder) detail(r *jsonscan.Reader, p string, dd *DetectDetail) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "ReqTime":
			return d.str(r, p, k, &dd.ReqTime)
		case "Seq":
			return d.str(r, p, k, &dd.Seq)
		case "Idcard", "IdCard":
			return d.str(r, p, k, &dd.IDCard)
		case "Name":
			return d.str(r, p, k, &dd.Name)
		case "Sim":
			return d.str(r, p, k, &dd.Sim)
		case "IsNeedCharge":
			return d.boolean(r, p, k, &dd.IsNeedCharge)
		case "Errcode", "ErrCode":
			return d.optInt(r, p, k, &dd.ErrCode)
		case "Errmsg", "ErrMsg":
			return d.str(r, p, k, &dd.ErrMsg)
		case "Livestatus", "LiveStatus":
			return d.optInt(r, p, k, &dd.LiveStatus)
		case "Livemsg", "LiveMsg":
			return d.str(r, p, k, &dd.LiveMsg)
		case "Comparestatus", "CompareStatus":
			return d.optInt(r, p, k, &dd.CompareStatus)
		case "Comparemsg", "CompareMsg":
			return d.str(r, p, k, &dd.CompareMsg)
		case "CompareLibType":
			return d.str(r, p, k, &dd.CompareLibType)
		case "LivenessMode":
			return d.integer(r, p, k, &dd.LivenessMode)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) idCardData(r *jsonscan.Reader, p string, c *IDCardData) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "OcrFront":
			return d.media(r, p, k, mediaSpot{kind: MediaIDCardFront}, &c.OcrFront)
		case "OcrBack":
			return d.media(r, p, k, mediaSpot{kind: MediaIDCardBack}, &c.OcrBack)
		case "ProcessedFrontImage":
			return d.media(r, p, k, mediaSpot{kind: MediaIDCardFrontProcessed}, &c.ProcessedFrontImage)
		case "ProcessedBackImage":
			return d.media(r, p, k, mediaSpot{kind: MediaIDCardBackProcessed}, &c.ProcessedBackImage)
		case "Avatar":
			return d.media(r, p, k, mediaSpot{kind: MediaIDCardAvatar}, &c.Avatar)
		case "WarnInfos":
			return d.integers(r, p, k, &c.WarnInfos)
		case "BackWarnInfos":
			return d.integers(r, p, k, &c.BackWarnInfos)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) bestFrame(r *jsonscan.Reader, p string, b *BestFrame) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "BestFrame":
			return d.media(r, p, k, mediaSpot{kind: MediaBestFrame}, &b.BestFrame)
		case "BestFrames":
			return d.mediaList(r, p, k, mediaSpot{kind: MediaExtraFrame}, &b.BestFrames)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) videoData(r *jsonscan.Reader, p string, v *VideoData) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "LivenessVideo":
			return d.media(r, p, k, mediaSpot{kind: MediaLivenessVideo}, &v.LivenessVideo)
		case "LivenessVideos":
			path := joinPath(p, k)
			return d.soft(p, k, r.Array(func(i int) error {
				var vd VideoDetail
				err := d.object(r, path, indexKey(i), func(ip string) func([]byte) error {
					return func(k []byte) error {
						switch string(k) {
						case "Seq":
							return d.str(r, ip, k, &vd.Seq)
						case "Video":
							return d.str(r, ip, k, &vd.Video)
						}
						return r.Skip()
					}
				})
				v.LivenessVideos = append(v.LivenessVideos, vd)
				return err
			}))
		}
		return r.Skip()
	}
}

func (d *resultDecoder) encryption(r *jsonscan.Reader, p string, e *Encryption) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "EncryptList":
			return d.strings(r, p, k, &e.EncryptList)
		case "CiphertextBlob":
			return d.str(r, p, k, &e.CiphertextBlob)
		case "Iv":
			return d.str(r, p, k, &e.Iv)
		case "Algorithm":
			return d.str(r, p, k, &e.Algorithm)
		case "TagList":
			return d.strings(r, p, k, &e.TagList)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) readAloud(r *jsonscan.Reader, p string, v *IntentionVerifyData) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "IntentionVerifyVideo":
			return d.media(r, p, k, mediaSpot{kind: MediaReadAloudVideo}, &v.IntentionVerifyVideo)
		case "AsrResult":
			return d.str(r, p, k, &v.AsrResult)
		case "ErrorCode":
			return d.optInt(r, p, k, &v.ErrorCode)
		case "ErrorMessage":
			return d.str(r, p, k, &v.ErrorMessage)
		case "IntentionVerifyBestFrame":
			return d.media(r, p, k, mediaSpot{kind: MediaReadAloudFrame}, &v.IntentionVerifyBestFrame)
		case "IntentionVerifyAudio":
			return d.media(r, p, k, mediaSpot{kind: MediaReadAloudAudio}, &v.IntentionVerifyAudio)
		case "AsrResultSimilarity":
			return d.str(r, p, k, &v.AsrResultSimilarity)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) question(r *jsonscan.Reader, p string, q *IntentionQuestionResult) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "FinalResultDetailCode":
			return d.optInt(r, p, k, &q.FinalResultDetailCode)
		case "FinalResultMessage":
			return d.str(r, p, k, &q.FinalResultMessage)
		case "Video":
			return d.media(r, p, k, mediaSpot{kind: MediaQuestionVideo}, &q.Video)
		case "ScreenShot":
			return d.mediaList(r, p, k, mediaSpot{kind: MediaQuestionScreenShot}, &q.ScreenShot)
		case "ResultCode":
			return d.strings(r, p, k, &q.ResultCode)
		case "AsrResult":
			return d.strings(r, p, k, &q.AsrResult)
		case "Audios":
			return d.mediaList(r, p, k, mediaSpot{kind: MediaQuestionAudio}, &q.Audios)
		case "FinalResultCode":
			return d.str(r, p, k, &q.FinalResultCode)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) action(r *jsonscan.Reader, p string, a *IntentionActionResult) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "FinalResultDetailCode":
			return d.optInt(r, p, k, &a.FinalResultDetailCode)
		case "FinalResultMessage":
			return d.str(r, p, k, &a.FinalResultMessage)
		case "Details":
			path := joinPath(p, k)
			return d.soft(p, k, r.Array(func(i int) error {
				var ad IntentionActionDetail
				err := d.object(r, path, indexKey(i), func(ip string) func([]byte) error {
					return func(k []byte) error {
						switch string(k) {
						case "Video":
							return d.media(r, ip, k, mediaSpot{kind: MediaActionVideo, index: i}, &ad.Video)
						case "ScreenShot":
							return d.mediaList(r, ip, k, mediaSpot{kind: MediaActionScreenShot, index: i}, &ad.ScreenShot)
						}
						return r.Skip()
					}
				})
				a.Details = append(a.Details, ad)
				return err
			}))
		}
		return r.Skip()
	}
}

// ignoreTypeError drops a *jsonscan.TypeError, which leaves the reader
// usable, and returns any other error.
func ignoreTypeError(err error) error {
	if err == nil {
		return nil // before typeErr, which lives on the heap
	}
	var typeErr *jsonscan.TypeError
	if errors.As(err, &typeErr) {
		return nil
	}
	return err
}
