package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// FuzzFailClosed checks the fail-closed invariant of result decoding on
// arbitrary replies:
//
//   - an error comes without a result, so there is no verdict to misread;
//   - no error means the reply parsed completely and unambiguously: it is
//     valid JSON, and no member the decoder reads appears twice in its
//     object (checked by an independent reader built on encoding/json);
//   - a reply whose verdict is passed fails when cut anywhere before its
//     end.
func FuzzFailClosed(f *testing.F) {
	f.Add([]byte(passingReply()))
	f.Add([]byte(reply(`"Text":{` + passingText + `}`)))
	f.Add([]byte(reply(`"Text":{"ErrCode":2006,` + passingText + `}`)))
	f.Add([]byte(reply(`"Text":{` + passingText + `},"Error":{"Code":{}}`)))
	f.Add([]byte(reply(`"Text":{` + passingText + `},"IntentionVerifyData":{"ErrorCode":-10},"IsVerifyIntention":"yes"`)))
	f.Add([]byte(reply(`"Text":{` + passingText + `},"IntentionQuestionResult":{"FinalResultDetailCode":0,"FinalResultCode":"-1"},"IsVerifyIntention":true,"IntentionVerifyType":"0"`)))
	f.Add([]byte(`{"code":4100,"Response":{"Text":{"ErrCode":0,"Sim":"99"}}}`))
	f.Add([]byte(`{"Response":{"Text":{"ErrCode":"4294967296","Sim":"0x1p7"}}}`))
	rt := &bodyTransport{}
	c := transportClient(f, rt)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		rt.body, rt.length = body, int64(len(body))
		info, err := c.GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
		if err != nil {
			if info != nil {
				t.Fatalf("error %v came with a result", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("a reply that is not valid JSON decoded without error")
		}
		if path := duplicatedMember(body); path != "" {
			t.Fatalf("member %s appears twice, yet the reply decoded without error", path)
		}
		if !info.Verdict().Passed {
			return
		}
		for _, cut := range cutPoints(body) {
			rt.body, rt.length = body[:cut], int64(cut)
			if cutInfo, cutErr := c.GetDetectInfoEnhanced(ctx, &testEnhancedRequest); cutErr == nil {
				t.Fatalf("a passed reply cut at %d of %d decoded without error (verdict %v)", cut, len(body), cutInfo.Verdict())
			}
		}
	})
}

// cutPoints returns offsets to cut a reply at: a spread of offsets and the
// end of every member holding a code.
func cutPoints(body []byte) []int {
	var cuts []int
	for i := 1; i < 16; i++ {
		cuts = append(cuts, len(body)*i/16)
	}
	for _, code := range []string{`"ErrCode"`, `"Sim"`, `"ErrorCode"`, `"FinalResultDetailCode"`, `"IsVerifyIntention"`} {
		if i := bytes.Index(body, []byte(code)); i >= 0 {
			cuts = append(cuts, i+len(code)+2)
		}
	}
	var valid []int
	for _, c := range cuts {
		if c > 0 && c < len(body) && len(bytes.TrimSpace(body[c:])) > 0 {
			valid = append(valid, c)
		}
	}
	return valid
}

// readMembers are the members the result decoder reads, by the path of
// the object holding them; a path ending in [] stands for every element of
// a list of objects. Members not listed are skipped by the decoder, so
// their repetition is harmless.
func readMembers() map[string][]string {
	text := []string{"ErrCode", "ErrMsg", "IdCard", "UseIDType", "Name", "OcrNation", "OcrAddress", "OcrBirth",
		"OcrAuthority", "OcrValidDate", "OcrName", "OcrIdCard", "OcrGender", "IdInfoFrom", "LiveStatus", "LiveMsg",
		"Comparestatus", "Comparemsg", "Sim", "Location", "Extra", "LivenessDetail", "LivenessInfoTag", "Mobile",
		"CompareLibType", "LivenessMode", "NFCRequestIds", "NFCBillingCounts", "PassNo", "VisaNum", "LivenessActionSequence"}
	return map[string][]string{
		"":                                         {"Response"},
		"Response":                                 {"RequestId", "Error", "Text", "IdCardData", "BestFrame", "VideoData", "Encryption", "IntentionVerifyData", "IntentionQuestionResult", "IntentionActionResult", "EncryptedBody", "IsVerifyIntention", "IntentionVerifyType"},
		"Response.Error":                           {"Code", "Message"},
		"Response.Text":                            text,
		"Response.Text.LivenessDetail[]":           {"ReqTime", "Seq", "Idcard", "Name", "Sim", "IsNeedCharge", "Errcode", "Errmsg", "Livestatus", "Livemsg", "Comparestatus", "Comparemsg", "CompareLibType", "LivenessMode"},
		"Response.IdCardData":                      {"OcrFront", "OcrBack", "ProcessedFrontImage", "ProcessedBackImage", "Avatar", "WarnInfos", "BackWarnInfos"},
		"Response.BestFrame":                       {"BestFrame", "BestFrames"},
		"Response.VideoData":                       {"LivenessVideo", "LivenessVideos"},
		"Response.VideoData.LivenessVideos[]":      {"Seq", "Video"},
		"Response.Encryption":                      {"EncryptList", "CiphertextBlob", "Iv", "Algorithm", "TagList"},
		"Response.IntentionVerifyData":             {"IntentionVerifyVideo", "AsrResult", "ErrorCode", "ErrorMessage", "IntentionVerifyBestFrame", "IntentionVerifyAudio", "AsrResultSimilarity"},
		"Response.IntentionQuestionResult":         {"FinalResultDetailCode", "FinalResultMessage", "Video", "ScreenShot", "ResultCode", "AsrResult", "Audios", "FinalResultCode"},
		"Response.IntentionActionResult":           {"FinalResultDetailCode", "FinalResultMessage", "Details"},
		"Response.IntentionActionResult.Details[]": {"Video", "ScreenShot"},
		"Response.Text.Detail":                     {"LivenessData"},
		"Response.Text.Detail.LivenessData[]":      {"ReqTime", "Seq", "Idcard", "Name", "Sim", "IsNeedCharge", "Errcode", "Errmsg", "Livestatus", "Livemsg", "Comparestatus", "Comparemsg", "CompareLibType", "LivenessMode"},
	}
}

// duplicatedMember returns the path of a member the decoder reads that
// appears twice in one object of body, or "". It reads body with
// encoding/json's tokenizer, independently of the decoder under test.
func duplicatedMember(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	members := readMembers()
	var walk func(path string) (string, error)
	walk = func(path string) (string, error) {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			known := members[path]
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return "", err
				}
				key := keyTok.(string)
				if contains(known, key) {
					if seen[key] {
						return joinPath(strings.TrimPrefix(path, "."), []byte(key)), nil
					}
					seen[key] = true
				}
				if dup, err := walk(strings.TrimPrefix(path+"."+key, ".")); dup != "" || err != nil {
					return dup, err
				}
			}
			_, err := dec.Token()
			return "", err
		case json.Delim('['):
			for dec.More() {
				if dup, err := walk(path + "[]"); dup != "" || err != nil {
					return dup, err
				}
			}
			_, err := dec.Token()
			return "", err
		}
		return "", nil
	}
	dup, err := walk("")
	if err != nil && err != io.EOF {
		return ""
	}
	return dup
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
