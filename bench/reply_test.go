package bench

import (
	"bytes"
	"encoding/base64"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
)

// Sizes of the generated media, before base64.
const (
	frameSize  = 100 << 10 // each best frame
	frameCount = 5         // BestFrame.BestFrame and four BestFrame.BestFrames
	mib        = 1 << 20
)

// Fictional credentials in the documented example style.
const (
	secretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	secretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// span locates one base64 media string inside a reply body.
type span struct{ start, end int }

// enhancedReply is a GetDetectInfoEnhanced reply with large media and what
// it carries, for checking the decoders' output.
type enhancedReply struct {
	body   []byte
	video  []byte
	frames [][]byte // frames[0] is BestFrame.BestFrame, the rest BestFrames
	spans  []span   // every media string in body: frames, then the video
}

// mediaBytes returns n deterministic pseudo-random bytes starting with head.
func mediaBytes(seed uint64, n int, head string) []byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	copy(b, head)
	return b
}

// jpegHead and mp4Head make the media recognisable by their magic bytes.
const (
	jpegHead = "\xff\xd8\xff\xe0\x00\x10JFIF\x00"
	mp4Head  = "\x00\x00\x00\x20ftypisom\x00\x00\x02\x00"
)

// textPart is the Text object of the reply: every field the API documents,
// with fictional values.
const textPart = `{"ErrCode":0,"ErrMsg":"成功","IdCard":"110101199003071233","UseIDType":0,` +
	`"Name":"测试一","OcrNation":"汉","OcrAddress":"北京市东城区测试路1号","OcrBirth":"1990/3/7",` +
	`"OcrAuthority":"测试市公安局示例分局","OcrValidDate":"2015.03.07-2035.03.07","OcrName":"测试一",` +
	`"OcrIdCard":"110101199003071233","OcrGender":"男","IdInfoFrom":"OCR","LiveStatus":0,"LiveMsg":"成功",` +
	`"Comparestatus":0,"Comparemsg":"成功","Sim":"95.27","Location":null,"Extra":"order-10086",` +
	`"LivenessDetail":[{"ReqTime":"1718416895000","Seq":"a46bc348-d1d1-4fb1-91ea-250882ad7183",` +
	`"Idcard":"110101199003071233","Name":"测试一","Sim":"95.27","IsNeedCharge":true,"Errcode":0,` +
	`"Errmsg":"成功","Livestatus":0,"Livemsg":"成功","Comparestatus":0,"Comparemsg":"成功",` +
	`"CompareLibType":"商业库","LivenessMode":3}],"LivenessInfoTag":[],"Mobile":"",` +
	`"CompareLibType":"权威库","LivenessMode":3,"NFCRequestIds":[],"NFCBillingCounts":0,"PassNo":"",` +
	`"VisaNum":"","LivenessActionSequence":""}`

// newEnhancedReply builds, deterministically, a reply with a video of
// videoSize bytes and frameCount frames of frameSize bytes.
func newEnhancedReply(videoSize int) *enhancedReply {
	rep := &enhancedReply{video: mediaBytes(1, videoSize, mp4Head)}
	for i := range frameCount {
		rep.frames = append(rep.frames, mediaBytes(uint64(100+i), frameSize, jpegHead))
	}
	var b bytes.Buffer
	b.Grow(base64.StdEncoding.EncodedLen(videoSize+frameCount*frameSize) + 4096)
	media := func(data []byte) {
		b.WriteByte('"')
		start := b.Len()
		enc := base64.NewEncoder(base64.StdEncoding, &b)
		_, _ = enc.Write(data)
		_ = enc.Close()
		rep.spans = append(rep.spans, span{start, b.Len()})
		b.WriteByte('"')
	}
	b.WriteString(`{"Response":{"Text":`)
	b.WriteString(textPart)
	b.WriteString(`,"IdCardData":{"OcrFront":"","OcrBack":"","ProcessedFrontImage":"","ProcessedBackImage":"","Avatar":"","WarnInfos":[],"BackWarnInfos":[]},`)
	b.WriteString(`"BestFrame":{"BestFrame":`)
	media(rep.frames[0])
	b.WriteString(`,"BestFrames":[`)
	for i, f := range rep.frames[1:] {
		if i > 0 {
			b.WriteByte(',')
		}
		media(f)
	}
	b.WriteString(`]},"VideoData":{"LivenessVideo":`)
	media(rep.video)
	b.WriteString(`,"LivenessVideos":[]},"Encryption":{"EncryptList":[],"CiphertextBlob":"","Iv":"","Algorithm":"","TagList":[]},`)
	b.WriteString(`"IntentionVerifyData":{"IntentionVerifyVideo":"","AsrResult":"","ErrorCode":null,"ErrorMessage":"","IntentionVerifyBestFrame":"","AsrResultSimilarity":""},`)
	b.WriteString(`"IntentionQuestionResult":{"FinalResultDetailCode":null,"FinalResultMessage":"","Video":"","ScreenShot":[],"ResultCode":[],"AsrResult":[],"Audios":[],"FinalResultCode":""},`)
	b.WriteString(`"IntentionActionResult":{"FinalResultDetailCode":null,"FinalResultMessage":"","Details":[]},`)
	b.WriteString(`"EncryptedBody":"","IsVerifyIntention":false,"IntentionVerifyType":"",`)
	b.WriteString(`"RequestId":"4226f900-0061-4939-ae27-6488783d491c"}}`)
	rep.body = b.Bytes()
	return rep
}

// decodedSize is the size of all media in the reply, decoded.
func (rep *enhancedReply) decodedSize() int {
	n := len(rep.video)
	for _, f := range rep.frames {
		n += len(f)
	}
	return n
}

// detectAuthReply is a DetectAuth reply as Tencent sends it.
var detectAuthReply = []byte(`{"Response":{"Url":"https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx00000000000000a1` +
	`&redirect_uri=https%3A%2F%2Fopen.faceid.qq.com%2Fv1%2Fapi%2FgetCode%3FbizRedirect%3Dhttps%253A%252F%252Ffaceid.qq.com` +
	`%252Fapi%252Fauth%252FgetOpenidAndSaveToken%253Ftoken%253D8D4ED255-A104-46AB-B65F-67EFEFBA6910&response_type=code` +
	`&scope=snsapi_base&state=&component_appid=wx00000000000000c2#wechat_redirect",` +
	`"BizToken":"8D4ED255-A104-46AB-B65F-67EFEFBA6910","RequestId":"7b3215d6-b264-4751-ab9f-60d08671b6e2"}}`)

// detectAuthToken is the BizToken in detectAuthReply.
const detectAuthToken = "8D4ED255-A104-46AB-B65F-67EFEFBA6910"

// replay is an in-memory http.RoundTripper: it reads and closes the request
// body and answers every request with the same reply bytes, as a server
// would (status 200, JSON content type, Content-Length).
type replay struct{ body []byte }

// RoundTrip implements http.RoundTripper.
func (rt *replay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status:     "200 OK",
		StatusCode: http.StatusOK,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header: http.Header{
			"Content-Type":   {"application/json"},
			"Content-Length": {strconv.Itoa(len(rt.body))},
		},
		Body:          io.NopCloser(bytes.NewReader(rt.body)),
		ContentLength: int64(len(rt.body)),
		Request:       req,
	}, nil
}
