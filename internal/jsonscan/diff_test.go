package jsonscan

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// sampleReply is a fictional FaceID reply in the shape of
// GetDetectInfoEnhanced, with small media fields and some of Tencent's type
// drift (numbers as strings, null objects, escaped slashes).
var sampleReply = `{
  "Response": {
    "Text": {
      "ErrCode": 0, "ErrMsg": "\u6210\u529f", "IdCard": "000000000000000000", "Name": "测试用户",
      "Sim": "93.75", "Comparestatus": "0", "LivenessMode": 2, "Extra": null,
      "LivenessDetail": [{"ReqTime": "1700000000000", "Seq": "a-1", "Errcode": 0, "Sim": 88.5, "IsNeedCharge": true}],
      "Mobile": "", "Location": null, "Ocr": {"Address": "某地\"测试\"路 1 号", "Nation": "汉"}
    },
    "IdCardData": {"OcrFront": "` + base64.StdEncoding.EncodeToString([]byte("front image bytes \x00\xff")) + `",
                   "OcrBack": null},
    "BestFrame": {"BestFrame": "` + strings.ReplaceAll(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb, 0xff, 0x3f}, 40)), "/", `\/`) + `"},
    "VideoData": {"LivenessVideo": "` + base64.RawStdEncoding.EncodeToString([]byte("a tiny video")) + `"},
    "Encryption": {"EncryptList": [], "CiphertextBlob": "", "Iv": ""},
    "IntentionVerifyData": {"IntentionVerifyVideo": "", "AsrResult": "是", "ErrorCode": -1, "ErrorMessage": "", "IntentionVerifyBestFrame": "", "AsrResultSimilarity": "0.98"},
    "RequestId": "00000000-0000-4000-8000-000000000000"
  }
}`

// sampleResult is what decodeSample extracts.
type sampleResult struct {
	errCode   int64
	sim       string
	name      string
	compare   bool
	seqs      []string
	front     []byte
	bestFrame []byte
	video     bytes.Buffer
	requestID string
}

// decodeSample decodes sampleReply the way the SDK would: typed, tolerant,
// media streamed or appended.
func decodeSample(r *Reader) (*sampleResult, error) {
	var res sampleResult
	err := r.Object(func(key []byte) error {
		if string(key) != "Response" {
			return r.Skip()
		}
		return r.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "Text":
				return r.Object(func(key []byte) error {
					var err error
					switch string(key) {
					case "ErrCode":
						res.errCode, err = r.FlexInt()
					case "Sim":
						res.sim, err = r.FlexString()
					case "Name":
						res.name, err = r.FlexString()
					case "Comparestatus":
						res.compare, err = r.FlexBool()
					case "LivenessDetail":
						err = r.Array(func(int) error {
							return r.Object(func(key []byte) error {
								if string(key) != "Seq" {
									return r.Skip()
								}
								s, err := r.String()
								res.seqs = append(res.seqs, s)
								return err
							})
						})
					default:
						err = r.Skip()
					}
					return err
				})
			case "IdCardData":
				return r.Object(func(key []byte) error {
					var err error
					res.front, err = r.AppendBase64(res.front)
					return err
				})
			case "BestFrame":
				return r.Object(func([]byte) error {
					var err error
					res.bestFrame, err = r.AppendBase64(res.bestFrame[:0])
					return err
				})
			case "VideoData":
				return r.Object(func([]byte) error {
					_, err := r.StreamBase64(&res.video)
					return err
				})
			case "RequestId":
				res.requestID, err = r.String()
			default:
				err = r.Skip()
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return &res, r.End()
}

func TestDecodeSample(t *testing.T) {
	if !json.Valid([]byte(sampleReply)) {
		t.Fatal("sample is not valid JSON")
	}
	forSources(t, sampleReply, func(name string, r *Reader) {
		res, err := decodeSample(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.errCode != 0 || res.sim != "93.75" || res.name != "测试用户" || res.compare ||
			strings.Join(res.seqs, ",") != "a-1" || res.requestID != "00000000-0000-4000-8000-000000000000" {
			t.Errorf("%s: %+v", name, res)
		}
		if string(res.front) != "front image bytes \x00\xff" || res.video.String() != "a tiny video" ||
			!bytes.Equal(res.bestFrame, bytes.Repeat([]byte{0xfb, 0xff, 0x3f}, 40)) {
			t.Errorf("%s: media %q %q %x", name, res.front, res.video.String(), res.bestFrame)
		}
	})
}

// TestTruncatedEverywhere cuts the sample at every offset: each reading style
// must fail with io.ErrUnexpectedEOF, without panicking or looping.
func TestTruncatedEverywhere(t *testing.T) {
	doc := strings.TrimSpace(sampleReply)
	readers := map[string]func(r *Reader) error{
		"walk": func(r *Reader) error { _, err := walkDoc(r); return err },
		"skip": func(r *Reader) error {
			if err := r.Skip(); err != nil {
				return err
			}
			return r.End()
		},
		"typed": func(r *Reader) error { _, err := decodeSample(r); return err },
	}
	for cut := range len(doc) {
		prefix := doc[:cut]
		for rname, read := range readers {
			forSources(t, prefix, func(sname string, r *Reader) {
				err := read(r)
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("%s/%s: cut at %d: %v, want io.ErrUnexpectedEOF", rname, sname, cut, err)
				}
				asSyntax(t, err)
			})
		}
	}
}

// corpus holds documents for the differential test: valid ones and
// invalid ones.
var corpus = []string{
	sampleReply,
	`null`, `true`, `false`, `0`, `-0`, `1.5e300`, `1e400`, `-1e-400`, `""`, `"x"`, `{}`, `[]`,
	` {"a":1,"a":2} `, `{"a":{"a":{"a":[[],[{}],{"":""}]}}}`, `[1,"2",true,null,{"3":[4]}]`,
	`"\ud800\udc00\udbff\udfff\ud800\ud800"`, "\"\xff\xfe\xc0\xaf\xed\xa0\x80\"", `{"\u00e9\ud83d":"\u0000"}`,
	"{\"tab\\t\":\"\u2028\u2029\"}", `123456789012345678901234567890`, `[-0.0, 0e0, 0E-0, 1E+2]`,
	// invalid
	``, ` `, `{`, `}`, `[`, `]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[,]`, `01`, `1.`, `.1`, `-`,
	`+1`, `1e`, `tru`, `nul`, `falsey`, `"abc`, "\"a\x00\"", `"\a"`, `"\u123"`, `{} {}`, `[] x`,
	`{"a":1 "b":2}`, `{1:2}`, `'a'`, "\xef\xbb\xbf{}", `NaN`, `[1 2]`, `{"a" "b"}`, `[1}`, `{]`,
}

func TestDifferential(t *testing.T) {
	for _, doc := range corpus {
		for _, src := range sources {
			checkAgainstEncodingJSON(t, []byte(doc), newReaderSize(src.wrap(strings.NewReader(doc)), src.window))
		}
	}
}

// checkAgainstEncodingJSON compares the Reader with encoding/json on doc:
// the same tree when encoding/json accepts it, an error when it does not.
// Skip must agree with json.Valid.
func checkAgainstEncodingJSON(t *testing.T, doc []byte, r *Reader) {
	t.Helper()
	var want any
	jerr := json.Unmarshal(doc, &want)
	got, err := walkDoc(r)
	if errors.Is(err, ErrTooDeep) {
		return // encoding/json allows deeper nesting than MaxDepth
	}
	switch {
	case jerr == nil && err != nil:
		t.Fatalf("%q: encoding/json accepts, Reader: %v", doc, err)
	case jerr != nil && err == nil:
		t.Fatalf("%q: encoding/json rejects (%v), Reader returns %#v", doc, jerr, got)
	case jerr == nil && !equalTree(got, want):
		t.Fatalf("%q: Reader %#v, encoding/json %#v", doc, got, want)
	}

	valid := json.Valid(doc)
	r.Reset(bytes.NewReader(doc))
	err = r.Skip()
	if err == nil {
		err = r.End()
	}
	if errors.Is(err, ErrTooDeep) {
		return
	}
	if (err == nil) != valid {
		t.Fatalf("%q: json.Valid %v, Skip: %v", doc, valid, err)
	}
}
