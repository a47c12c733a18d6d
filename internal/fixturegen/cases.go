package main

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/faceid-go/faceid/internal/idcard"
)

// person is a made-up identity. The ID numbers have real region codes and
// valid check characters, but invented birth dates and sequences.
type person struct {
	name, id, gender, nation, address, birth, validDate string
}

var (
	testOne = person{
		name: "测试一", id: idcard.Fictional("110101", "19900307", "123"), gender: "男", nation: "汉",
		address: "北京市东城区测试路1号", birth: "1990/3/7", validDate: "2015.03.07-2035.03.07",
	}
	wangTest = person{
		name: "王测试", id: idcard.Fictional("440305", "19850412", "026"), gender: "女", nation: "汉",
		address: "广东省深圳市南山区样例街道示例小区8栋", birth: "1985/4/12", validDate: "2010.04.12-2030.04.12",
	}
	liSample = person{
		name: "李样例", id: idcard.Fictional("310112", "19870615", "888"), gender: "女", nation: "回",
		address: "上海市闵行区演示路88弄", birth: "1987/6/15", validDate: "2018.06.15-长期",
	}
)

const (
	ruleID      = "1"
	extra       = "order-10086"
	redirectURL = "https://shop.example/return"
	authority   = "测试市公安局示例分局"
)

// reqTimeBase is the moment the fictional flows happened (milliseconds are
// how DetectDetail.ReqTime is written).
var reqTimeBase = time.Date(2024, 6, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// gen builds one fixture; its random source is seeded with the fixture's
// path so that each file is stable on its own.
type gen struct {
	rng   *rand.Rand
	media map[string]string // media file name -> standard base64
}

func (g *gen) uuid() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (g *gen) bizToken() string { return strings.ToUpper(g.uuid()) }

// randomB64 returns base64 of n random bytes: fake ciphertext, not real
// encryption.
func (g *gen) randomB64(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	return base64.StdEncoding.EncodeToString(b)
}

func (g *gen) b64(name string) string {
	s, ok := g.media[name]
	if !ok {
		panic("fixturegen: no media file " + name)
	}
	return s
}

func reqTime(offset time.Duration) string {
	return fmt.Sprint(reqTimeBase.Add(offset).UnixMilli())
}

// wechatURL mimics the documented DetectAuth Url: a WeChat OAuth link whose
// redirect_uri (encoded twice) carries the BizToken. The app ids are fake.
func wechatURL(token string) string {
	inner := "https://faceid.qq.com/api/auth/getOpenidAndSaveToken?token=" + token
	redirect := "https://open.faceid.qq.com/v1/api/getCode?bizRedirect=" + url.QueryEscape(inner)
	return "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx00000000000000a1" +
		"&redirect_uri=" + url.QueryEscape(redirect) +
		"&response_type=code&scope=snsapi_base&state=&component_appid=wx00000000000000c2#wechat_redirect"
}

// fixture is one testdata/<Action>/<case>.json file.
type fixture struct {
	action, name, description string
	build                     func(g *gen) (request, response obj)
}

// document is the JSON shape shared by all fixtures.
func (f fixture) document(g *gen) obj {
	req, resp := f.build(g)
	return o(
		"description", f.description,
		"request", o("action", f.action, "body", req),
		"response", o(
			"status", 200,
			"headers", o("Content-Type", "application/json"),
			"body", o("Response", resp),
		),
	)
}

// mediaFiles are the files in testdata/media that fixtures embed.
var mediaFiles = []string{
	"frame.jpg", "frame-1.jpg", "frame-2.jpg", "idcard-front.jpg", "idcard-back.jpg",
	"avatar.jpg", "processed-front.jpg", "processed-back.jpg", "screenshot.jpg",
	"liveness.mp4", "intention.mp4", "intention.m4a",
}

// generate renders every fixture, keyed by its slash-separated path below
// the testdata root.
func generate(mediaDir string) (map[string][]byte, error) {
	media := make(map[string]string, len(mediaFiles))
	for _, name := range mediaFiles {
		b, err := os.ReadFile(filepath.Join(mediaDir, name))
		if err != nil {
			return nil, err
		}
		media[name] = base64.StdEncoding.EncodeToString(b)
	}
	out := make(map[string][]byte)
	for _, f := range fixtures() {
		path := f.action + "/" + f.name + ".json"
		seed := sha256.Sum256([]byte(path))
		g := &gen{rng: rand.New(rand.NewChaCha8(seed)), media: media}
		b, err := encode(f.document(g), true)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out[path] = b
	}
	return out, nil
}

// apiError is a failure envelope.
func apiError(g *gen, code, message string) obj {
	return o("Error", o("Code", code, "Message", message), "RequestId", g.uuid())
}

// emptyEncryption is what GetDetectInfoEnhanced returns when nothing was
// encrypted: an object of empty values rather than null.
func emptyEncryption() obj {
	return o("EncryptList", list(), "CiphertextBlob", "", "Iv", "", "Algorithm", "", "TagList", list())
}

// detectAuthOK is the success reply of DetectAuth.
func detectAuthOK(g *gen) obj {
	token := g.bizToken()
	return o("Url", wechatURL(token), "BizToken", token, "RequestId", g.uuid())
}

// resultRequest is the usual GetDetectInfoEnhanced request.
func resultRequest(g *gen, infoType string, more ...any) obj {
	return append(o("BizToken", g.bizToken(), "RuleId", ruleID, "InfoType", infoType), o(more...)...)
}

// passedText is DetectInfoText for a flow whose liveness and compare passed.
// Extra members replace or follow the defaults.
func passedText(p person, sim string, details []any) obj {
	return o(
		"ErrCode", 0,
		"ErrMsg", "成功",
		"IdCard", p.id,
		"UseIDType", 0,
		"Name", p.name,
		"OcrNation", p.nation,
		"OcrAddress", p.address,
		"OcrBirth", p.birth,
		"OcrAuthority", authority,
		"OcrValidDate", p.validDate,
		"OcrName", p.name,
		"OcrIdCard", p.id,
		"OcrGender", p.gender,
		"IdInfoFrom", "OCR",
		"LiveStatus", 0,
		"LiveMsg", "成功",
		"Comparestatus", 0,
		"Comparemsg", "成功",
		"Sim", sim,
		"Location", nil,
		"Extra", extra,
		"LivenessDetail", details,
		"LivenessInfoTag", list(),
		"Mobile", "",
		"CompareLibType", "权威库",
		"LivenessMode", 3,
		"NFCRequestIds", list(),
		"NFCBillingCounts", 0,
		"PassNo", "",
		"VisaNum", "",
		"LivenessActionSequence", "",
	)
}

// set returns a copy of m with the named members replaced (or appended).
func set(m obj, kv ...any) obj {
	out := append(obj(nil), m...)
next:
	for _, f := range o(kv...) {
		for i := range out {
			if out[i].key == f.key {
				out[i].val = f.val
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}

// attempt is one DetectDetail entry.
func attempt(g *gen, p person, at time.Duration, sim any, charged bool, code int, msg string, live int, liveMsg string, cmp any, cmpMsg any) obj {
	return o(
		"ReqTime", reqTime(at),
		"Seq", g.uuid(),
		"Idcard", p.id,
		"Name", p.name,
		"Sim", sim,
		"IsNeedCharge", charged,
		"Errcode", code,
		"Errmsg", msg,
		"Livestatus", live,
		"Livemsg", liveMsg,
		"Comparestatus", cmp,
		"Comparemsg", cmpMsg,
		"CompareLibType", "商业库",
		"LivenessMode", 3,
	)
}

func passedAttempt(g *gen, p person, at time.Duration, sim string) obj {
	return attempt(g, p, at, sim, true, 0, "成功", 0, "成功", 0, "成功")
}

// enhanced is a GetDetectInfoEnhanced reply; members default to the
// "nothing requested" values and kv overrides them.
func enhanced(g *gen, kv ...any) obj {
	return set(o(
		"Text", nil,
		"IdCardData", nil,
		"BestFrame", nil,
		"VideoData", nil,
		"Encryption", emptyEncryption(),
		"IntentionVerifyData", nil,
		"IntentionQuestionResult", nil,
		"IntentionActionResult", nil,
		"EncryptedBody", "",
		"IsVerifyIntention", false,
		"IntentionVerifyType", "",
		"RequestId", "",
	), append(kv, "RequestId", g.uuid())...)
}
