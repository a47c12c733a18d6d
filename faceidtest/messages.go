package faceidtest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
)

// apiError is an API error reply: a code and its message in both
// languages of X-TC-Language.
type apiError struct {
	code   string
	zh, en string
	status int // HTTP status; 0 means 200, as Tencent answers API errors
}

// message returns the message in the request's language.
func (e *apiError) message(lang string) string {
	if lang == langEN {
		return e.en
	}
	return e.zh
}

// Languages of X-TC-Language; anything but en-US gets Chinese, like the
// real service.
const (
	langZH = "zh-CN"
	langEN = "en-US"
)

func errMissingParameter(name string) *apiError {
	return &apiError{code: codes.MissingParameter,
		zh: fmt.Sprintf("缺少参数错误：缺少必填参数 `%s`。", name),
		en: fmt.Sprintf("The request is missing a required parameter `%s`.", name)}
}

// errMissingOneOf reports a one-of group of which nothing was sent.
func errMissingOneOf(group []string) *apiError {
	names := make([]string, len(group))
	for i, alt := range group {
		names[i] = strings.ReplaceAll(alt, "+", " 和 ")
	}
	zh := strings.Join(names, "、")
	en := strings.ReplaceAll(strings.Join(group, ", "), "+", " with ")
	return &apiError{code: codes.MissingParameter,
		zh: fmt.Sprintf("缺少参数错误：%s 须至少传入其一。", zh),
		en: fmt.Sprintf("The request is missing a required parameter: one of %s.", en)}
}

// errMagicRange reports a magic input whose number is beyond the action's
// list.
func errMagicRange(m Magic, n, count int) *apiError {
	marker := m.marker() + strconv.Itoa(n)
	return errInvalidParameterValue(
		fmt.Sprintf("沙箱魔法输入 %s 超出范围：该接口有 %d 个可选值（0 到 %d）。", marker, count, count-1),
		fmt.Sprintf("the sandbox magic input %s is out of range: the action has %d %ss (0 to %d).", marker, count, m, count-1))
}

func errUnknownParameter(name string) *apiError {
	return &apiError{code: codes.UnknownParameter,
		zh: fmt.Sprintf("未知参数错误：参数 `%s` 未定义。", name),
		en: fmt.Sprintf("The parameter `%s` is not recognized.", name)}
}

// errWrongType reports a member of the wrong JSON type.
func errWrongType(name, want string) *apiError {
	return errInvalidParameter(fmt.Sprintf("参数 `%s` 的类型错误，应为 %s。", name, want),
		fmt.Sprintf("parameter `%s` has the wrong type; want %s.", name, want))
}

// errBadFormat reports a member whose text is not in its documented
// format or encoding.
func errBadFormat(name, zh, en string) *apiError {
	return errInvalidParameter(fmt.Sprintf("参数 `%s` %s。", name, zh), fmt.Sprintf("parameter `%s` %s.", name, en))
}

// errOutOfRange reports a member whose value is outside its documented
// range or list.
func errOutOfRange(name, zh, en string) *apiError {
	return errInvalidParameterValue(fmt.Sprintf("参数 `%s` %s。", name, zh), fmt.Sprintf("parameter `%s` %s.", name, en))
}

// errNeeds reports members the request needs because of another
// member's value.
func errNeeds(members, because string) *apiError {
	return errInvalidParameter(members+" 为必填项："+because+"。", members+" required: "+because+".")
}

func errInvalidParameter(zh, en string) *apiError {
	return &apiError{code: codes.InvalidParameter, zh: "参数错误：" + zh, en: "Invalid parameter: " + en}
}

func errInvalidParameterValue(zh, en string) *apiError {
	return &apiError{code: codes.InvalidParameterValue, zh: "参数取值错误：" + zh, en: "Invalid parameter value: " + en}
}

func errInvalidAuthorization(why string) *apiError {
	return &apiError{code: codes.AuthFailureInvalidAuthorization,
		zh: "请求头部的 Authorization 不符合腾讯云标准（" + why + "）。",
		en: "The Authorization header does not follow the Tencent Cloud standard (" + why + ")."}
}

func errSignatureExpire() *apiError {
	return &apiError{code: codes.AuthFailureSignatureExpire,
		zh: "签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。",
		en: "Signature expired. Timestamp and server time cannot differ by more than five minutes. Please ensure your current local time matches the standard time."}
}

func errSecretIDNotFound() *apiError {
	return &apiError{code: codes.AuthFailureSecretIDNotFound,
		zh: "SecretId 不存在，请输入正确的密钥。",
		en: "The SecretId is not found, please ensure that your SecretId is correct."}
}

func errTokenFailure() *apiError {
	return &apiError{code: codes.AuthFailureTokenFailure,
		zh: "Token 错误或已过期，请获取新的临时密钥。",
		en: "The token is invalid or has expired; fetch new temporary credentials."}
}

// errSignatureFailure keeps Tencent's English text in both languages, as
// the real service does.
func errSignatureFailure() *apiError {
	const text = "The provided credentials could not be validated. Please check your signature is correct."
	return &apiError{code: codes.AuthFailureSignatureFailure, zh: text, en: text}
}

func errNoSuchVersion(version string) *apiError {
	return &apiError{code: codes.NoSuchVersion,
		zh: fmt.Sprintf("接口版本 `%s` 不存在。", version),
		en: fmt.Sprintf("The requested version `%s` of service `faceid` does not exist.", version)}
}

func errInvalidAction(action string) *apiError {
	return &apiError{code: codes.InvalidAction,
		zh: fmt.Sprintf("接口 `%s` 不存在（沙箱实现 %s 版本的全部接口）。", action, faceid.APIVersion),
		en: fmt.Sprintf("The action `%s` is not found (the sandbox implements every action of version %s).", action, faceid.APIVersion)}
}

func errMethod() *apiError {
	return &apiError{code: codes.UnsupportedProtocol, status: 405,
		zh: "沙箱只接受 POST 请求（TC3-HMAC-SHA256 签名）。",
		en: "The sandbox accepts POST requests signed with TC3-HMAC-SHA256 only."}
}

func errRequestTooLarge() *apiError {
	return &apiError{code: codes.RequestSizeLimitExceeded,
		zh: "请求包大小超过 10 MB 的限制。",
		en: "The request body exceeds the 10 MB limit."}
}

func errRuleIDNotExist() *apiError {
	return &apiError{code: codes.RuleIDNotExist,
		zh: "RuleId不存在，请到人脸核身控制台申请。",
		en: "The RuleId does not exist; create it in the FaceID console."}
}

func errRuleIDDisabled() *apiError {
	return &apiError{code: codes.RuleIDDisabled,
		zh: "RuleId已停用。",
		en: "The RuleId has been disabled."}
}

func errBizTokenIllegal() *apiError {
	return &apiError{code: codes.InvalidParameter, zh: "非法BizToken。", en: "Illegal BizToken."}
}

// errTokenIllegal reports a token of the App SDK, eID or risk flows the
// server never issued.
func errTokenIllegal(member string) *apiError {
	return &apiError{code: codes.BizTokenIllegal,
		zh: member + " 不存在或不合法。", en: "The " + member + " does not exist or is not valid."}
}

func errBizTokenExpired() *apiError {
	return &apiError{code: codes.BizTokenExpired, zh: "BizToken过期。", en: "The BizToken has expired."}
}

func errRequestLimitExceeded() *apiError {
	return &apiError{code: codes.RequestLimitExceeded,
		zh: "您当前每秒请求 `101` 次，超过了每秒频率上限 `100`，请降低调用频率。",
		en: "Your current request rate is `101` per second, above the limit of `100` per second; please reduce the request rate."}
}

func errInternal() *apiError {
	return &apiError{code: codes.InternalError,
		zh: "内部错误。",
		en: "An internal error has occurred. Retry your request, but if the problem persists, contact us."}
}
