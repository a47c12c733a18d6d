package faceid

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Category groups outcome codes by what the merchant should do next.
type Category int

// The outcome categories. The zero value is CategoryUnknown, which must be
// treated as a failure.
const (
	CategoryUnknown           Category = iota // code not in the catalogue: treat as failure
	CategoryPassed                            // verification passed
	CategoryUserCanRetry                      // person-side problem (lighting, face not visible, network, no voice...): the person may try again
	CategoryIdentityMismatch                  // name/ID mismatch, ID invalid, low similarity, compare failed, ID number differs from the business-supplied one
	CategorySpoofSuspected                    // suspected non-live / attack / re-shoot
	CategoryNoRecord                          // no identity record or no/poor photo in the authority source
	CategorySystemError                       // Tencent-side error: retry later
	CategoryFlowNotFinished                   // flow not completed / in progress
	CategoryTokenExpired                      // token expired or validity period exceeded
	CategoryLimitReached                      // retry limit / rate limit / daily cap reached
	CategoryInvocationError                   // wrong invocation or configuration by the merchant (bad parameters, WeChat permissions, already completed)
	CategoryInconsistentReply                 // the reply contradicts itself or a field the verdict needs could not be read: never trust it as a pass
)

// outcomeCategoryNames holds the stable names of the categories, indexed by
// Category. It is never written.
var outcomeCategoryNames = [...]string{
	CategoryUnknown:           "unknown",
	CategoryPassed:            "passed",
	CategoryUserCanRetry:      "user-can-retry",
	CategoryIdentityMismatch:  "identity-mismatch",
	CategorySpoofSuspected:    "spoof-suspected",
	CategoryNoRecord:          "no-record",
	CategorySystemError:       "system-error",
	CategoryFlowNotFinished:   "flow-not-finished",
	CategoryTokenExpired:      "token-expired",
	CategoryLimitReached:      "limit-reached",
	CategoryInvocationError:   "invocation-error",
	CategoryInconsistentReply: "inconsistent-reply",
}

func (c Category) valid() bool {
	return c >= 0 && int(c) < len(outcomeCategoryNames)
}

// String returns the stable lower-kebab name of c, such as "user-can-retry",
// or "Category(n)" for a value outside the defined set.
func (c Category) String() string {
	if !c.valid() {
		return "Category(" + strconv.Itoa(int(c)) + ")"
	}
	return outcomeCategoryNames[c]
}

// MarshalText implements encoding.TextMarshaler, so JSON shows the category
// name. It fails for a value outside the defined set.
func (c Category) MarshalText() ([]byte, error) {
	if !c.valid() {
		return nil, errors.New("faceid: invalid Category " + strconv.Itoa(int(c)))
	}
	return []byte(outcomeCategoryNames[c]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler and accepts the names
// produced by MarshalText, so a stored Outcome decodes back.
func (c *Category) UnmarshalText(text []byte) error {
	for i, name := range outcomeCategoryNames {
		if string(text) == name {
			*c = Category(i)
			return nil
		}
	}
	return errors.New("faceid: unknown Category name " + strconv.Quote(string(text)))
}

// Outcome describes one verification outcome code.
type Outcome struct {
	// Code is the numeric outcome code as returned by Tencent.
	Code int `json:"Code"`
	// Meaning is a short English description.
	Meaning string `json:"Meaning"`
	// MessageZH is the Chinese message, worded as Tencent does.
	MessageZH string `json:"MessageZH"`
	// Category tells the merchant what to do next.
	Category Category `json:"Category"`
	// Billed reports whether the attempt is billed in the SaaS H5 /
	// mini-program channel.
	Billed bool `json:"Billed"`
	// BillingNote explains edition or channel differences in billing; it is
	// empty when there are none.
	BillingNote string `json:"BillingNote,omitempty"`
	// Known is false for codes absent from the catalogue.
	Known bool `json:"Known"`
}

// Passed reports whether the outcome means the verification passed.
func (o Outcome) Passed() bool { return o.Category == CategoryPassed }

// String returns a one-line summary such as
// "2006 identity-mismatch: Name and ID number do not match".
// It holds the code and catalogue text only, never personal data.
func (o Outcome) String() string {
	return strconv.Itoa(o.Code) + " " + o.Category.String() + ": " + o.Meaning
}

// outcomeEntry is one row of a code table.
type outcomeEntry struct {
	code    int
	cat     Category
	meaning string
	zh      string
	billed  bool
	note    string
}

func (e outcomeEntry) outcome() Outcome {
	return Outcome{
		Code:        e.code,
		Meaning:     e.meaning,
		MessageZH:   e.zh,
		Category:    e.cat,
		Billed:      e.billed,
		BillingNote: e.note,
		Known:       true,
	}
}

// outcomeUnknown is the result for a code absent from a table.
func outcomeUnknown(code int) Outcome {
	return Outcome{Code: code, Meaning: "unknown outcome code", Category: CategoryUnknown}
}

// outcomeFind looks code up in table, which must be sorted by code.
func outcomeFind(table []outcomeEntry, code int) (Outcome, bool) {
	i, ok := slices.BinarySearchFunc(table, code, func(e outcomeEntry, c int) int {
		return cmp.Compare(e.code, c)
	})
	if !ok {
		return Outcome{}, false
	}
	return table[i].outcome(), true
}

// LookupOutcome describes a verification outcome code as found in
// DetectInfoText.ErrCode, LiveStatus, Comparestatus, DetectDetail.Errcode and
// GetFaceIdResult.Result. A code absent from the catalogue gives an Outcome
// with Known false and CategoryUnknown, which must be treated as a failure.
func LookupOutcome(code int) Outcome {
	if o, ok := outcomeFind(outcomeTable[:], code); ok {
		return o
	}
	return outcomeUnknown(code)
}

// OutcomeCodes returns every catalogued verification outcome code in
// ascending order. The slice is freshly allocated on each call.
func OutcomeCodes() []int {
	codes := make([]int, len(outcomeTable))
	for i, e := range outcomeTable {
		codes[i] = e.code
	}
	return codes
}

// IntentionMode selects which intention-verification code table applies.
type IntentionMode int

// The intention-verification modes, as reported by
// GetDetectInfoEnhanced.IntentionVerifyType.
const (
	IntentionModeReadAloud IntentionMode = iota + 1 // IntentionVerifyType "2": IntentionVerifyData.ErrorCode
	IntentionModeQuestion                           // IntentionVerifyType "0": IntentionQuestionResult.FinalResultDetailCode
	IntentionModeAction                             // IntentionVerifyType "1": IntentionActionResult.FinalResultDetailCode (same table as Q&A minus -302)
)

// String returns "read-aloud", "question" or "action", or
// "IntentionMode(n)" for a value outside the defined set.
func (m IntentionMode) String() string {
	switch m {
	case IntentionModeReadAloud:
		return "read-aloud"
	case IntentionModeQuestion:
		return "question"
	case IntentionModeAction:
		return "action"
	}
	return "IntentionMode(" + strconv.Itoa(int(m)) + ")"
}

// ParseIntentionVerifyType maps the IntentionVerifyType string of
// GetDetectInfoEnhanced ("0" Q&A, "1" nod, "2" read-aloud; surrounding spaces
// ignored) to an IntentionMode. It reports false for any other value.
func ParseIntentionVerifyType(s string) (IntentionMode, bool) {
	switch strings.TrimSpace(s) {
	case "0":
		return IntentionModeQuestion, true
	case "1":
		return IntentionModeAction, true
	case "2":
		return IntentionModeReadAloud, true
	}
	return 0, false
}

// LookupIntentionOutcome describes an intention-verification result code of
// the given mode: IntentionVerifyData.ErrorCode for read-aloud,
// FinalResultDetailCode for question and action. Intention outcomes are not
// billed. An unknown mode or code gives an Outcome with Known false and
// CategoryUnknown.
func LookupIntentionOutcome(mode IntentionMode, code int) Outcome {
	var (
		o  Outcome
		ok bool
	)
	switch mode {
	case IntentionModeReadAloud:
		o, ok = outcomeFind(intentionReadAloudTable[:], code)
		if !ok && code >= 3001 && code <= 3012 {
			// The intention-stage face codes 3001–3012 are shared with
			// the main catalogue.
			o, ok = outcomeFind(outcomeTable[:], code)
		}
	case IntentionModeQuestion, IntentionModeAction:
		// The nod table is the Q&A table without -302 (no answers to speak).
		if !(mode == IntentionModeAction && code == -302) {
			o, ok = outcomeFind(intentionQuestionTable[:], code)
		}
	}
	if !ok {
		return outcomeUnknown(code)
	}
	return o
}

// Billing notes shared by several codes.
const (
	outcomeNoteAppSDK = "Not billed in the H5, mini-program and E证通 channels since 2021-07-19; billed in the App-SDK channel"
	outcomeNoteWeChat = "Not billed in the H5, mini-program and E证通 channels since 2021-07-19"
	outcomeNotePlus   = "Billed on the Plus edition only; not billed in the intention-verification, E证通 and older H5/mini-program tables"
)

// outcomeTable is Tencent's catalogue of verification outcome codes (the
// values of DetectInfoText.ErrCode, LiveStatus, Comparestatus and
// DetectDetail.Errcode), sorted by code and never written.
//
// Category choices where the meaning leaves room:
//   - 201/202 (WeChat could not deliver the image/video) are transient
//     platform failures: system error. 203/204 are WeChat permission
//     configuration: invocation error.
//   - 302 (ID card expired) is identity mismatch: the document itself is not
//     valid, and retrying the capture cannot fix that.
//   - 1003–1005 and 1302 (face verification failed) carry no attack verdict,
//     unlike 1002/1301/1007/2011; the person may retry, bounded by the retry
//     limit (16).
//   - 1006 (ID photo library error) is an error of the source, not a missing
//     record: system error.
//   - 1007 (liveness failed, risk control hit) is spoof suspected.
//   - 17 is "flow not completed" on the Plus page; the App-SDK page counts it
//     among the wrong-invocation codes, the Plus reading is kept.
var outcomeTable = [...]outcomeEntry{
	{0, CategoryPassed, "Success", "成功", true, ""},
	{1, CategoryInvocationError, "Wrong invocation; follow the DetectAuth documentation", "调用方式有误，请参照 DetectAuth 接口文档", false, ""},
	{2, CategoryInvocationError, "Wrong invocation; follow the DetectAuth documentation", "调用方式有误，请参照 DetectAuth 接口文档", false, ""},
	{3, CategoryInvocationError, "Wrong invocation; follow the DetectAuth documentation", "调用方式有误，请参照 DetectAuth 接口文档", false, ""},
	{4, CategorySystemError, "Service error; retry later or contact support", "服务异常，请稍后重试或联系客服", false, ""},
	{7, CategorySystemError, "Service error; retry later or contact support", "服务异常，请稍后重试或联系客服", false, ""},
	{8, CategorySystemError, "Service error; retry later or contact support", "服务异常，请稍后重试或联系客服", false, ""},
	{10, CategorySystemError, "Service error; retry later or contact support", "服务异常，请稍后重试或联系客服", false, ""},
	{12, CategorySystemError, "Service error; retry later or contact support", "服务异常，请稍后重试或联系客服", false, ""},
	{13, CategorySystemError, "Service error; retry later or contact support", "服务异常，请稍后重试或联系客服", false, ""},
	{14, CategoryInvocationError, "This verification has already been completed", "本次核验已完成", false, ""},
	{15, CategoryTokenExpired, "Token expired; start a new verification", "Token 已过期，请重新发起核验", false, ""},
	{16, CategoryLimitReached, "Retry limit reached", "已达到重试次数上限", false, ""},
	{17, CategoryFlowNotFinished, "Verification flow not completed", "核验流程未完成", false, ""},
	{18, CategoryLimitReached, "Rate limit exceeded", "请求频率超过限制", false, ""},
	{19, CategoryTokenExpired, "Validity period exceeded", "已超过有效期", false, ""},
	{201, CategorySystemError, "WeChat failed to pull the image", "微信拉取图片失败", false, ""},
	{202, CategorySystemError, "WeChat failed to get the video", "微信获取视频失败", false, ""},
	{203, CategoryInvocationError, "No permission for the WeChat API", "没有微信接口调用权限", false, ""},
	{204, CategoryInvocationError, "The official account or mini program has not authorised FaceID", "公众号或小程序未授权人脸核身", false, ""},
	{301, CategoryIdentityMismatch, "ID number differs from the one supplied by the business", "用户身份证号与业务方传入的不一致", false, ""},
	{302, CategoryIdentityMismatch, "ID card has expired", "身份证已过期", false, ""},
	{303, CategoryUserCanRetry, "ID card scan failed", "证件识别失败", false, ""},
	{1001, CategorySystemError, "Liveness engine timed out; retry", "调用活体引擎超时，请重试", false, ""},
	{1002, CategorySpoofSuspected, "Suspected non-live recording", "疑似非真人录制", true, outcomeNotePlus},
	{1003, CategoryUserCanRetry, "Face verification was not successful", "人脸验证不成功", false, ""},
	{1004, CategoryUserCanRetry, "Face verification failed", "人脸验证失败", false, ""}, // message reworded 2023-08 [A]
	{1005, CategoryUserCanRetry, "Face verification failed", "人脸验证失败", false, ""}, // message reworded 2023-08 [A]
	{1006, CategorySystemError, "ID photo library error", "证件照片库错误", false, ""},
	{1007, CategorySpoofSuspected, "Liveness failed or risk control was hit", "活体检测未通过（命中风控）", false, ""},
	{1008, CategoryUserCanRetry, "Network unstable during liveness detection", "活体检测过程中网络不稳定", false, ""},
	{1101, CategoryUserCanRetry, "Voice not recognised", "未能识别语音", false, ""},
	{1102, CategoryUserCanRetry, "Face not fully visible", "脸部未完整露出", false, ""},
	{1103, CategoryUserCanRetry, "Voice not recognised", "未能识别语音", false, ""},
	{1104, CategoryUserCanRetry, "Video format not supported", "视频格式有误", false, ""},
	{1105, CategoryUserCanRetry, "Failed to fetch the video; retry", "拉取视频失败，请重试", false, ""},
	{1106, CategoryUserCanRetry, "Voice too quiet", "声音太小", false, ""},
	{1107, CategoryUserCanRetry, "Video empty or of the wrong size; record about 6 seconds", "视频为空或大小不合适，请录制约 6 秒", false, ""},
	{1108, CategoryUserCanRetry, "Video resolution too low", "视频分辨率过低", false, ""},
	{1109, CategoryUserCanRetry, "No lip movement detected", "未检测到嘴唇动作", false, ""},
	{1201, CategoryUserCanRetry, "Lighting too dark", "光线太暗", false, ""},
	{1202, CategoryUserCanRetry, "Lighting too strong", "光线太强", false, ""},
	{1203, CategoryUserCanRetry, "Too close to or too far from the screen", "离屏幕太近或太远", false, ""},
	{1204, CategoryUserCanRetry, "Too close to or too far from the screen", "离屏幕太近或太远", false, ""},
	{1205, CategoryUserCanRetry, "Too close to or too far from the screen", "离屏幕太近或太远", false, ""},
	{1206, CategoryUserCanRetry, "Face turned to the left", "脸部偏左", false, ""},
	{1207, CategoryUserCanRetry, "Eye closing not detected", "未检测到闭眼动作", false, ""},
	{1208, CategoryUserCanRetry, "First action not detected", "未检测到第一个动作", false, ""},
	{1209, CategoryUserCanRetry, "Mouth opening not detected", "未检测到张嘴动作", false, ""},
	{1210, CategoryUserCanRetry, "No complete face detected", "未检测到完整人脸", false, ""},
	{1301, CategorySpoofSuspected, "Suspected non-live recording", "疑似非真人录制", false, ""},
	{1302, CategoryUserCanRetry, "Face verification failed", "人脸验证失败", false, ""},
	{1303, CategoryUserCanRetry, "Recording shorter than 2 seconds", "录制时间不足 2 秒", false, ""},
	{2001, CategorySystemError, "Compare engine timed out; retry", "调用比对引擎超时，请重试", false, ""},
	{2002, CategoryIdentityMismatch, "Name is invalid", "姓名格式有误", false, ""},
	{2003, CategoryIdentityMismatch, "ID number is invalid", "身份证号格式有误", false, ""},
	{2004, CategoryUserCanRetry, "Could not extract a photo from the video", "无法从视频中提取照片", false, ""},
	{2005, CategoryNoRecord, "No identity record in the authority source", "权威库中无此身份信息", false, ""},
	{2006, CategoryIdentityMismatch, "Name and ID number do not match", "姓名和身份证号不一致", true, ""},
	{2007, CategoryNoRecord, "No photo on record", "库中无照片", false, outcomeNoteAppSDK},
	{2008, CategoryNoRecord, "No photo on record", "库中无照片", false, outcomeNoteWeChat},
	{2009, CategoryNoRecord, "Photo on record is too low-resolution", "库中照片清晰度过低", false, outcomeNoteAppSDK},
	{2010, CategoryUserCanRetry, "Face not fully visible", "脸部未完整露出", false, ""},
	{2011, CategorySpoofSuspected, "Cannot confirm the same person; suspected non-live", "无法确认为同一人，疑似非活体", false, outcomeNoteAppSDK},
	{2012, CategoryUserCanRetry, "Multiple faces detected", "检测到多张人脸", false, outcomeNoteAppSDK},
	{2013, CategoryUserCanRetry, "Face not fully visible", "脸部未完整露出", false, outcomeNoteAppSDK},
	{2014, CategoryUserCanRetry, "Video resolution too low", "视频分辨率过低", false, outcomeNoteAppSDK},
	{2015, CategoryIdentityMismatch, "Cannot confirm the same person; compare failed", "无法确认为同一人，比对失败", false, outcomeNoteAppSDK},
	{2016, CategoryIdentityMismatch, "Similarity below the pass threshold", "比对相似度未达到通过标准", true, ""},
	{2017, CategorySystemError, "Authority source under maintenance; retry later", "权威数据源维护中，请稍后重试", false, ""},
	{3001, CategoryUserCanRetry, "Keep the face inside the frame", "请保持人脸在框内", false, ""},
	{3002, CategoryUserCanRetry, "Multiple faces detected", "检测到多张人脸", false, ""},
	{3003, CategoryUserCanRetry, "Face detection failed", "人脸检测失败", false, ""},
	{3004, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3005, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3006, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3007, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3008, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3009, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3010, CategoryUserCanRetry, "Intention stage face check failed", "意愿核身阶段人脸检测失败", false, ""},
	{3011, CategoryIdentityMismatch, "Similarity too low", "比对相似度过低", false, ""},
	{3012, CategoryIdentityMismatch, "Face compare failed", "人脸比对失败", false, ""},
}

// intentionReadAloudTable holds the documented IntentionVerifyData.ErrorCode
// values of the read-aloud mode except 3001–3012, which come from
// outcomeTable. Sorted by code, never written.
//
// Note that -1 and -2 are swapped compared with the Q&A table: here -1 is a
// system error and -2 a bad parameter. -8 (duplicate room entry) usually means
// the flow was opened twice, so the person may retry; -13 (token check
// failed) is grouped with expired tokens.
var intentionReadAloudTable = [...]outcomeEntry{
	{-803, CategoryUserCanRetry, "User closed the page or the connection was lost", "用户主动关闭或连接断开", false, ""},
	{-802, CategoryUserCanRetry, "Flow interrupted by switching apps", "流程被中断（切换应用）", false, ""},
	{-801, CategoryUserCanRetry, "Camera or microphone permission denied", "未授权摄像头或麦克风权限", false, ""},
	{-800, CategoryUserCanRetry, "Front end not compatible; try another browser", "前端不兼容，请更换浏览器", false, ""},
	{-17, CategoryUserCanRetry, "No voice detected", "未检测到声音", false, ""},
	{-16, CategorySystemError, "Unknown error; manual review needed", "未知错误，需人工复核", false, ""},
	{-15, CategoryLimitReached, "Retry limit exceeded", "超过重试次数上限", false, ""},
	{-14, CategoryInvocationError, "Flow already ended", "流程已结束", false, ""},
	{-13, CategoryTokenExpired, "Token check failed", "Token 校验失败", false, ""},
	{-12, CategoryFlowNotFinished, "Flow not finished", "流程未完成", false, ""},
	{-11, CategoryUserCanRetry, "Flow interrupted", "流程中断", false, ""},
	{-10, CategorySystemError, "Speech recognition failed", "语音识别失败", false, ""},
	{-9, CategorySystemError, "Live stream error", "直播流错误", false, ""},
	{-8, CategoryUserCanRetry, "Duplicate room entry", "重复进房", false, ""},
	{-7, CategorySystemError, "File storage error", "文件存储失败", false, ""},
	{-6, CategorySystemError, "Recording error", "录制失败", false, ""},
	{-5, CategorySystemError, "Room entry error", "进房失败", false, ""},
	{-4, CategorySystemError, "Back-end error; retry", "后台服务错误，请重试", false, ""},
	{-3, CategorySystemError, "System busy; retry", "系统繁忙，请重试", false, ""},
	{-2, CategoryInvocationError, "Bad parameter", "参数错误", false, ""},
	{-1, CategorySystemError, "System error", "系统错误", false, ""},
	{0, CategoryPassed, "Success", "成功", false, ""},
}

// intentionQuestionTable holds the FinalResultDetailCode values of
// IntentionQuestionResult in the Q&A mode; the nod mode uses it without
// -302. Sorted by code, never written.
//
// -301 (intention not confirmed: the answers did not match the expected
// ones) is a definitive mismatch of what the person declared rather than a
// capture problem, so it is grouped with identity mismatches. -302 (no mouth
// movement while answering) is the same check as 1109 and, like it, lets the
// person retry.
var intentionQuestionTable = [...]outcomeEntry{
	{-999, CategorySystemError, "Unknown error; manual review needed", "未知错误，需人工核查", false, ""},
	{-998, CategorySystemError, "System data error", "系统数据异常", false, ""},
	{-804, CategoryUserCanRetry, "Unstable network", "网络不稳定", false, ""},
	{-803, CategoryUserCanRetry, "User closed the page or the connection was lost", "用户主动关闭或连接断开", false, ""},
	{-802, CategoryUserCanRetry, "Flow interrupted by switching screens", "流程被中断（切屏）", false, ""},
	{-801, CategoryUserCanRetry, "No camera or microphone permission", "无摄像头或麦克风权限", false, ""},
	{-800, CategoryUserCanRetry, "Front end not compatible; try another browser", "前端不兼容，请更换浏览器", false, ""},
	{-302, CategoryUserCanRetry, "No mouth movement detected while answering", "回答问题时未检测到张嘴", false, ""},
	{-301, CategoryIdentityMismatch, "Intention not confirmed", "意愿未确认", false, ""},
	{-202, CategoryIdentityMismatch, "Face compare failed", "人脸比对失败", false, ""},
	{-201, CategoryIdentityMismatch, "Similarity too low", "比对相似度过低", false, ""},
	{-107, CategoryUserCanRetry, "Nose covered", "鼻子被遮挡", false, ""},
	{-106, CategoryUserCanRetry, "Mouth covered", "嘴巴被遮挡", false, ""},
	{-105, CategoryUserCanRetry, "Eyes covered", "眼睛被遮挡", false, ""},
	{-104, CategoryUserCanRetry, "Face incomplete", "人脸不完整", false, ""},
	{-103, CategoryUserCanRetry, "Face detection failed", "人脸检测失败", false, ""},
	{-102, CategoryUserCanRetry, "Multiple faces detected", "检测到多张人脸", false, ""},
	{-101, CategoryUserCanRetry, "Keep the face inside the frame", "请保持人脸在框内", false, ""},
	{-2, CategorySystemError, "System error", "系统错误", false, ""},
	{-1, CategoryInvocationError, "Bad parameter", "参数错误", false, ""},
	{0, CategoryPassed, "Success", "成功", false, ""},
}
