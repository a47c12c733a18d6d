package faceid

import (
	"bytes"
	"fmt"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// resultDecoder fills a DetectInfo from a reply in one pass. Values of an
// unexpected type and malformed base64 are recorded in info.Problems and
// skipped; only malformed JSON, a failing body or a failing media sink stops
// it. Its object decoders (text, idCardData, bestFrame, readAloud, question,
// action) also decode the same objects of an EidResult, on the wireDecoder
// of that call: one set of rules for both results.
//
// Media are base64-decoded straight from the reader's window: each into a
// slice of its own size (see media) when they are kept in memory, or to the
// writers a MediaSink hands out when they are streamed.
type resultDecoder struct {
	*wireDecoder
	info *DetectInfo

	// Streamed: media go to the writers sink returns, through w; sinkUsed
	// records that the sink has been given data, after which the call
	// cannot be retried.
	sink     MediaSink
	w        sinkWriter
	sinkUsed bool
}

// newResultDecoder returns a decoder into info; the call's wireDecoder is
// set by decodeMember.
func newResultDecoder(info *DetectInfo) *resultDecoder { return &resultDecoder{info: info} }

// The result reads go through Client.invoke with the resultDecoder as
// their response: it decodes each member into the DetectInfo, on the
// call's wireDecoder, and reports when media have been streamed, after
// which the call is not retried. A call that returns an error returns no
// result, so that nothing is judged from a reply that was cut off,
// ambiguous or contradictory.

func (d *resultDecoder) decodeMember(w *wireDecoder, r *jsonscan.Reader, key []byte) error {
	d.wireDecoder = w
	return d.member(r, key)
}

func (d *resultDecoder) meta() (*string, *[]FieldProblem) { return &d.info.RequestID, &d.info.Problems }

// reset forgets what a failed attempt decoded, before the next attempt.
func (d *resultDecoder) reset() {
	*d.info = DetectInfo{textNotRequested: d.info.textNotRequested}
}

// streamed reports that media have left the SDK for the caller's sink.
func (d *resultDecoder) streamed() bool { return d.sinkUsed }

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
