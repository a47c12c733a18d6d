package faceid

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// resultDecoder fills a DetectInfo from a reply in one pass. Values of an
// unexpected type and malformed base64 are recorded in info.Problems and
// skipped; only malformed JSON, a failing body or a failing media sink stops
// it.
//
// Media are base64-decoded straight from the reader's window: each into a
// slice of its own size (see media) when they are kept in memory, or to the
// writers a MediaSink hands out when they are streamed.
type resultDecoder struct {
	info *DetectInfo

	// Streamed: media go to the writers sink returns, through w; sinkUsed
	// records that the sink has been given data, after which the call
	// cannot be retried.
	sink     MediaSink
	w        sinkWriter
	sinkUsed bool

	// claimed holds the destination of every member decoded so far, so
	// that a member met twice (a duplicate key, or two spellings of one
	// field) is refused instead of "the last one wins".
	claimed map[any]struct{}
}

func newResultDecoder(info *DetectInfo) *resultDecoder { return &resultDecoder{info: info} }

// reset forgets what a failed attempt decoded, before the next attempt.
func (d *resultDecoder) reset() {
	*d.info = DetectInfo{textNotRequested: d.info.textNotRequested}
	clear(d.claimed)
}

// claim records that the member at prefix.key is decoded into dst and
// refuses a second member decoded into the same place.
func (d *resultDecoder) claim(prefix string, key []byte, dst any) error {
	if d.claimed == nil {
		d.claimed = make(map[any]struct{}, 64)
	}
	if _, dup := d.claimed[dst]; dup {
		return duplicate(joinPath(prefix, key))
	}
	d.claimed[dst] = struct{}{}
	return nil
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
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	s, err := r.FlexString()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = s
	return nil
}

func (d *resultDecoder) integer(r *jsonscan.Reader, prefix string, key []byte, dst *int) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	v, ok := int32Value(n)
	if !ok {
		d.outOfRange(prefix, key)
		return nil
	}
	*dst = v
	return nil
}

// int32Value converts n to an int if it fits in 32 bits, the width of
// every integer FaceID sends, so that a value decodes alike on every
// platform: on a 32-bit one, int(4294967296) would be 0.
func int32Value(n int64) (int, bool) {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// outOfRange records an integer that does not fit in 32 bits.
func (d *resultDecoder) outOfRange(prefix string, key []byte) {
	d.info.Problems = append(d.info.Problems, FieldProblem{Field: joinPath(prefix, key),
		Problem: "integer out of the 32-bit range"})
}

// optInt decodes a code whose absence matters: null, absent or "" leave
// dst nil.
func (d *resultDecoder) optInt(r *jsonscan.Reader, prefix string, key []byte, dst **int) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
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
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				d.outOfRange(prefix, key)
			} else {
				d.info.Problems = append(d.info.Problems, FieldProblem{Field: joinPath(prefix, key), Problem: "expected an integer, got a non-numeric string"})
			}
			return nil
		}
		return d.setOptInt(prefix, key, dst, n)
	}
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	return d.setOptInt(prefix, key, dst, n)
}

// setOptInt stores n in *dst if it fits in 32 bits, or records a problem.
func (d *resultDecoder) setOptInt(prefix string, key []byte, dst **int, n int64) error {
	v, ok := int32Value(n)
	if !ok {
		d.outOfRange(prefix, key)
		return nil
	}
	*dst = &v
	return nil
}

func (d *resultDecoder) boolean(r *jsonscan.Reader, prefix string, key []byte, dst *bool) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	b, err := r.FlexBool()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = b
	return nil
}

func (d *resultDecoder) strings(r *jsonscan.Reader, prefix string, key []byte, limit int, dst *[]string) error {
	return d.list(r, prefix, key, limit, dst, func(path string, i int) error {
		s, err := r.FlexString()
		if err != nil {
			return d.soft(path, indexKey(i), err)
		}
		*dst = append(*dst, s)
		return nil
	})
}

func (d *resultDecoder) integers(r *jsonscan.Reader, prefix string, key []byte, limit int, dst *[]int) error {
	return d.list(r, prefix, key, limit, dst, func(path string, i int) error {
		n, err := r.FlexInt()
		if err != nil {
			return d.soft(path, indexKey(i), err)
		}
		v, ok := int32Value(n)
		if !ok {
			d.outOfRange(path, indexKey(i))
			return nil
		}
		*dst = append(*dst, v)
		return nil
	})
}

// object decodes a nested object into dst with fn, recording a non-object
// value. A nil dst is not claimed.
func (d *resultDecoder) object(r *jsonscan.Reader, prefix string, key []byte, dst any, fn func(path string) func(key []byte) error) error {
	if dst != nil {
		if err := d.claim(prefix, key, dst); err != nil {
			return err
		}
	}
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Object(fn(path)))
}

// list decodes an array into dst with one call of item per element,
// refusing more than limit elements.
func (d *resultDecoder) list(r *jsonscan.Reader, prefix string, key []byte, limit int, dst any, item func(path string, i int) error) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Array(func(i int) error {
		if err := checkLength(path, i, limit); err != nil {
			return err
		}
		return item(path, i)
	}))
}

// member decodes one member of the Response object.
func (d *resultDecoder) member(r *jsonscan.Reader, key []byte) error {
	info := d.info
	switch string(key) {
	case "Text":
		return d.object(r, "", key, &info.Text, func(p string) func([]byte) error { return d.text(r, p, &info.Text) })
	case "IdCardData":
		return d.object(r, "", key, &info.IDCardData, func(p string) func([]byte) error { return d.idCardData(r, p, &info.IDCardData) })
	case "BestFrame":
		return d.object(r, "", key, &info.BestFrame, func(p string) func([]byte) error { return d.bestFrame(r, p, &info.BestFrame) })
	case "VideoData":
		return d.object(r, "", key, &info.VideoData, func(p string) func([]byte) error { return d.videoData(r, p, &info.VideoData) })
	case "Encryption":
		return d.object(r, "", key, &info.Encryption, func(p string) func([]byte) error { return d.encryption(r, p, &info.Encryption) })
	case "IntentionVerifyData":
		return d.object(r, "", key, &info.IntentionVerifyData, func(p string) func([]byte) error { return d.readAloud(r, p, &info.IntentionVerifyData) })
	case "IntentionQuestionResult":
		return d.object(r, "", key, &info.IntentionQuestionResult, func(p string) func([]byte) error { return d.question(r, p, &info.IntentionQuestionResult) })
	case "IntentionActionResult":
		return d.object(r, "", key, &info.IntentionActionResult, func(p string) func([]byte) error { return d.action(r, p, &info.IntentionActionResult) })
	case "EncryptedBody":
		return d.mediaField(r, "", key, mediaSpot{}, &info.EncryptedBody)
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
			// Not claimed itself: the attempts it holds are, so a second
			// Detail with attempts is refused, an empty one is harmless.
			return d.object(r, p, k, nil, func(dp string) func([]byte) error {
				return func(k []byte) error {
					if string(k) == "LivenessData" {
						return d.details(r, dp, k, &t.LivenessDetail)
					}
					return r.Skip()
				}
			})
		case "LivenessInfoTag":
			return d.strings(r, p, k, maxCodes, &t.LivenessInfoTag)
		case "Mobile":
			return d.str(r, p, k, &t.Mobile)
		case "CompareLibType":
			return d.str(r, p, k, &t.CompareLibType)
		case "LivenessMode":
			return d.integer(r, p, k, &t.LivenessMode)
		case "NFCRequestIds":
			return d.strings(r, p, k, maxCodes, &t.NFCRequestIDs)
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
	return d.list(r, p, k, maxAttempts, dst, func(path string, i int) error {
		*dst = append(*dst, DetectDetail{})
		dd := &(*dst)[len(*dst)-1]
		return d.soft(path, indexKey(i), r.Object(d.detail(r, joinPath(path, indexKey(i)), dd)))
	})
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
			return d.mediaField(r, p, k, mediaSpot{kind: MediaIDCardFront}, &c.OcrFront)
		case "OcrBack":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaIDCardBack}, &c.OcrBack)
		case "ProcessedFrontImage":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaIDCardFrontProcessed}, &c.ProcessedFrontImage)
		case "ProcessedBackImage":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaIDCardBackProcessed}, &c.ProcessedBackImage)
		case "Avatar":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaIDCardAvatar}, &c.Avatar)
		case "WarnInfos":
			return d.integers(r, p, k, maxCodes, &c.WarnInfos)
		case "BackWarnInfos":
			return d.integers(r, p, k, maxCodes, &c.BackWarnInfos)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) bestFrame(r *jsonscan.Reader, p string, b *BestFrame) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "BestFrame":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaBestFrame}, &b.BestFrame)
		case "BestFrames":
			return d.mediaList(r, p, k, maxBestFrames, mediaSpot{kind: MediaExtraFrame}, &b.BestFrames)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) videoData(r *jsonscan.Reader, p string, v *VideoData) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "LivenessVideo":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaLivenessVideo}, &v.LivenessVideo)
		case "LivenessVideos":
			return d.list(r, p, k, maxAttempts, &v.LivenessVideos, func(path string, i int) error {
				v.LivenessVideos = append(v.LivenessVideos, VideoDetail{})
				vd := &v.LivenessVideos[len(v.LivenessVideos)-1]
				ip := joinPath(path, indexKey(i))
				return d.soft(path, indexKey(i), r.Object(func(k []byte) error {
					switch string(k) {
					case "Seq":
						return d.str(r, ip, k, &vd.Seq)
					case "Video":
						return d.str(r, ip, k, &vd.Video)
					}
					return r.Skip()
				}))
			})
		}
		return r.Skip()
	}
}

func (d *resultDecoder) encryption(r *jsonscan.Reader, p string, e *Encryption) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "EncryptList":
			return d.strings(r, p, k, maxCodes, &e.EncryptList)
		case "CiphertextBlob":
			return d.str(r, p, k, &e.CiphertextBlob)
		case "Iv":
			return d.str(r, p, k, &e.IV)
		case "Algorithm":
			return d.str(r, p, k, &e.Algorithm)
		case "TagList":
			return d.strings(r, p, k, maxCodes, &e.TagList)
		}
		return r.Skip()
	}
}

func (d *resultDecoder) readAloud(r *jsonscan.Reader, p string, v *IntentionVerifyData) func([]byte) error {
	return func(k []byte) error {
		switch string(k) {
		case "IntentionVerifyVideo":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaReadAloudVideo}, &v.IntentionVerifyVideo)
		case "AsrResult":
			return d.str(r, p, k, &v.AsrResult)
		case "ErrorCode":
			return d.optInt(r, p, k, &v.ErrorCode)
		case "ErrorMessage":
			return d.str(r, p, k, &v.ErrorMessage)
		case "IntentionVerifyBestFrame":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaReadAloudFrame}, &v.IntentionVerifyBestFrame)
		case "IntentionVerifyAudio":
			return d.mediaField(r, p, k, mediaSpot{kind: MediaReadAloudAudio}, &v.IntentionVerifyAudio)
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
			return d.mediaField(r, p, k, mediaSpot{kind: MediaQuestionVideo}, &q.Video)
		case "ScreenShot":
			return d.mediaList(r, p, k, maxIntentionRounds, mediaSpot{kind: MediaQuestionScreenShot}, &q.ScreenShot)
		case "ResultCode":
			return d.strings(r, p, k, maxIntentionRounds, &q.ResultCode)
		case "AsrResult":
			return d.strings(r, p, k, maxIntentionRounds, &q.AsrResult)
		case "Audios":
			return d.mediaList(r, p, k, maxIntentionRounds, mediaSpot{kind: MediaQuestionAudio}, &q.Audios)
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
			return d.list(r, p, k, maxIntentionRounds, &a.Details, func(path string, i int) error {
				a.Details = append(a.Details, IntentionActionDetail{})
				ad := &a.Details[len(a.Details)-1]
				ip := joinPath(path, indexKey(i))
				return d.soft(path, indexKey(i), r.Object(func(k []byte) error {
					switch string(k) {
					case "Video":
						return d.mediaField(r, ip, k, mediaSpot{kind: MediaActionVideo, index: i}, &ad.Video)
					case "ScreenShot":
						return d.mediaList(r, ip, k, maxShotsPerRound, mediaSpot{kind: MediaActionScreenShot, index: i}, &ad.ScreenShot)
					}
					return r.Skip()
				}))
			})
		}
		return r.Skip()
	}
}

// mediaField decodes the media member at prefix.key into dst, refusing a
// second member decoded into the same place.
func (d *resultDecoder) mediaField(r *jsonscan.Reader, prefix string, key []byte, spot mediaSpot, dst *[]byte) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	return d.media(r, prefix, key, spot, dst)
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
