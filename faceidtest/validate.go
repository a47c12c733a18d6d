package faceidtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/faceid-go/faceid/internal/idcard"
)

// request is a request body checked against its action's model.
type request struct {
	action *actionModel
	// values holds the members sent, by wire name, as encoding/json
	// decodes them with UseNumber: string, json.Number, bool, []any,
	// map[string]any. A member sent as null is left out.
	values map[string]any
	// media holds the decoded bytes of the top-level media members sent.
	media map[string][]byte
	// sealing is the request's encryption, for its reply; nil when it
	// came in clear. plain is then the body with its sealed members
	// opened, for the handlers that decode the body themselves.
	sealing *sealing
	plain   []byte
}

// parseRequest decodes a request body and checks it the way the real API
// does, member by member, before anything else: a member the action does
// not define is UnknownParameter, a required one left out (or empty) is
// MissingParameter, a value of the wrong JSON type is InvalidParameter;
// then the documented limits: formats and encodings are InvalidParameter,
// values out of their range or list InvalidParameterValue. Messages name
// the member and never echo its value.
func (s *Server) parseRequest(a *actionModel, body []byte) (*request, *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return nil, errInvalidParameter("请求体不是合法的 JSON。", "the body is not valid JSON.")
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, errInvalidParameter("请求体必须是 JSON 对象。", "the body must be a JSON object.")
	}
	sl, e := s.openRequest(a, obj)
	if e != nil {
		return nil, e
	}
	r, e := s.checkRequest(a, obj)
	if e != nil {
		if sl != nil {
			sl.env.Close()
		}
		return nil, e
	}
	if sl != nil {
		r.sealing = sl
		r.plain, _ = json.Marshal(obj) // values decoded from JSON: cannot fail
	}
	return r, nil
}

// checkRequest checks the members of a request body, in clear.
func (s *Server) checkRequest(a *actionModel, obj map[string]any) (*request, *apiError) {
	c := checker{model: s.model}
	if e := c.shape("", a.request, obj); e != nil {
		return nil, e
	}
	for _, group := range a.oneOf {
		if !slices.ContainsFunc(group, func(alt string) bool { return present(obj, alt) }) {
			return nil, errMissingOneOf(group)
		}
	}
	r := &request{action: a, values: obj, media: map[string][]byte{}}
	if e := c.limits("", a.request, obj, r.media); e != nil {
		return nil, e
	}
	if e := s.checkHashed(r); e != nil {
		return nil, e
	}
	return r, nil
}

// present reports whether an alternative of a one-of group was sent: every
// member of "A+B" non-empty.
func present(obj map[string]any, alt string) bool {
	for wire := range strings.SplitSeq(alt, "+") {
		if isEmpty(obj[wire]) {
			return false
		}
	}
	return true
}

// isEmpty reports whether a value counts as not sent: absent, null, an
// empty or blank string, an empty list.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	}
	return false
}

// checker walks a request against the model.
type checker struct {
	model *wireModel
}

// join names a member inside an object.
func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// shape checks one object's members: unknown ones first, then the missing
// required ones, then every value's JSON type, descending into nested
// objects. Members sent as null are removed, as if left out.
func (c *checker) shape(prefix string, members []member, obj map[string]any) *apiError {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.ContainsFunc(members, func(m member) bool { return m.wire == k }) {
			return errUnknownParameter(join(prefix, k))
		}
		if obj[k] == nil {
			delete(obj, k)
		}
	}
	for _, m := range members {
		if m.required && isEmpty(obj[m.wire]) {
			return errMissingParameter(join(prefix, m.wire))
		}
	}
	for _, m := range members {
		if v, ok := obj[m.wire]; ok {
			if e := c.value(join(prefix, m.wire), m.kind, m, v); e != nil {
				return e
			}
		}
	}
	return nil
}

// value checks that v has kind k; m describes the member (for arrays, the
// kind of their elements and the struct of objects).
func (c *checker) value(path string, k kind, m member, v any) *apiError {
	ok := false
	switch k {
	case kindString:
		_, ok = v.(string)
	case kindBoolean:
		_, ok = v.(bool)
	case kindFloat:
		n, isNum := v.(json.Number)
		_, err := n.Float64()
		ok = isNum && err == nil
	case kindInteger:
		n, isNum := v.(json.Number)
		i, err := strconv.ParseInt(string(n), 10, 64)
		ok = isNum && err == nil && (!m.unsigned || i >= 0)
	case kindArray:
		list, isList := v.([]any)
		if !isList {
			break
		}
		for i, item := range list {
			if e := c.value(path+"["+strconv.Itoa(i)+"]", m.elem, m, item); e != nil {
				return e
			}
		}
		return nil
	case kindObject:
		obj, isObj := v.(map[string]any)
		if !isObj {
			break
		}
		return c.shape(path, c.model.structs[m.object], obj)
	}
	if !ok {
		want := k.String()
		if k == kindInteger && m.unsigned {
			want = "UInteger"
		}
		return errWrongType(path, want)
	}
	return nil
}

// limits checks the documented limits of the members sent, descending
// into nested objects; the decoded bytes of top-level media go to media.
func (c *checker) limits(prefix string, members []member, obj map[string]any, media map[string][]byte) *apiError {
	for _, m := range members {
		v, ok := obj[m.wire]
		if !ok {
			continue
		}
		path := join(prefix, m.wire)
		var e *apiError
		switch v := v.(type) {
		case string:
			var raw []byte
			raw, e = checkText(path, m, v)
			if e == nil && raw != nil && media != nil {
				media[m.wire] = raw
			}
		case json.Number:
			e = checkNumber(path, m, v)
		case []any:
			e = c.checkList(path, m, v)
		case map[string]any:
			e = c.limits(path, c.model.structs[m.object], v, nil)
		}
		if e != nil {
			return e
		}
	}
	return nil
}

// checkText checks a string member and, for media, returns the decoded
// bytes.
func checkText(path string, m member, s string) ([]byte, *apiError) {
	l := m.limits
	if l.maxRunes > 0 && utf8.RuneCountInString(s) > l.maxRunes {
		return nil, errOutOfRange(path, "不能超过 "+strconv.Itoa(l.maxRunes)+" 个字符", "must be at most "+strconv.Itoa(l.maxRunes)+" characters")
	}
	if s != "" && ((l.minLength > 0 && len(s) < l.minLength) || (l.maxLength > 0 && len(s) > l.maxLength)) {
		return nil, errOutOfRange(path, "长度须在 "+strconv.Itoa(l.minLength)+" 到 "+strconv.Itoa(l.maxLength)+" 字节之间",
			"must be "+strconv.Itoa(l.minLength)+" to "+strconv.Itoa(l.maxLength)+" bytes long")
	}
	if l.maxBase64 > 0 && len(s) > l.maxBase64 {
		return nil, errOutOfRange(path, "base64 编码后不能超过 "+strconv.Itoa(l.maxBase64)+" 字节",
			"must be at most "+strconv.Itoa(l.maxBase64)+" bytes once base64-encoded")
	}
	if len(l.enum) > 0 && s != "" && !slices.Contains(l.enum, s) {
		return nil, errOutOfRange(path, "只能取 "+strings.Join(l.enum, "、"), "must be one of "+strings.Join(l.enum, ", "))
	}
	if l.digits != "" && strings.Trim(s, l.digits) != "" {
		return nil, errOutOfRange(path, "只能由 "+l.digits+" 中的数字组成", "must be made of the digits "+l.digits)
	}
	if l.format != "" && s != "" {
		if zh, en := checkFormat(l.format, s); zh != "" {
			return nil, errBadFormat(path, zh, en)
		}
	}
	if m.media == "" || s == "" {
		return nil, nil
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") {
		return nil, errBadFormat(path, "不是合法的 base64 编码（不带 data: 前缀和换行）", "is not valid standard base64 (no data: prefix, no line breaks)")
	}
	if len(l.formats) > 0 && !slices.Contains(l.formats, sniffFormat(raw)) {
		return nil, errBadFormat(path, "须为 "+strings.Join(l.formats, "、")+" 格式", "must hold "+strings.Join(l.formats, ", ")+" data")
	}
	return raw, nil
}

// checkFormat checks a documented text format; it returns what is wrong
// in Chinese and English, or "" when the text is fine.
func checkFormat(format, s string) (zh, en string) {
	switch format {
	case "mainland-id":
		if idcard.Validate(s) != nil {
			return "不是合法的居民身份证号码", "is not a valid mainland ID number"
		}
	case "mobile":
		if len(s) != 11 || s[0] != '1' || !allDigits(s) {
			return "须为 11 位手机号码", "must be an 11-digit mobile number"
		}
	case "digits":
		if !allDigits(s) {
			return "只能包含数字", "must hold digits only"
		}
	case "url":
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "须为以 http:// 或 https:// 开头的地址", "must be an http:// or https:// URL"
		}
	case "yyyymmdd", "yyyymmdd-or-long-term":
		if _, err := time.Parse("20060102", s); err != nil && (format == "yyyymmdd" || s != "00000000") {
			return "须为 YYYYMMDD 格式的日期", "must be a date written YYYYMMDD"
		}
	case "yyyy-mm-dd":
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return "须为 YYYY-MM-DD 格式的日期", "must be a date written YYYY-MM-DD"
		}
	}
	return "", ""
}

// checkNumber checks an integer member's enumeration and range. Tencent
// clamps BestFramesCount to its maximum instead of refusing it; so does
// the sandbox.
func checkNumber(path string, m member, n json.Number) *apiError {
	l := m.limits
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		return nil // a float: its type was checked already
	}
	if len(l.enumInts) > 0 && !slices.Contains(l.enumInts, i) {
		vals := make([]string, len(l.enumInts))
		for j, v := range l.enumInts {
			vals[j] = strconv.FormatInt(v, 10)
		}
		return errOutOfRange(path, "只能取 "+strings.Join(vals, "、"), "must be one of "+strings.Join(vals, ", "))
	}
	clamped := m.wire == "BestFramesCount"
	if (l.hasMin && i < l.min) || (l.hasMax && i > l.max && !clamped) {
		lo, hi := strconv.FormatInt(l.min, 10), strconv.FormatInt(l.max, 10)
		return errOutOfRange(path, "须在 "+lo+" 到 "+hi+" 之间", "must be between "+lo+" and "+hi)
	}
	return nil
}

// checkList checks a list's length, its items' lengths and the limits of
// its objects.
func (c *checker) checkList(path string, m member, list []any) *apiError {
	l := m.limits
	if n := len(list); n > 0 && (n < l.minItems || (l.maxItems > 0 && n > l.maxItems)) {
		lo, hi := strconv.Itoa(l.minItems), strconv.Itoa(l.maxItems)
		return errOutOfRange(path, "须有 "+lo+" 到 "+hi+" 项", "must have "+lo+" to "+hi+" items")
	}
	for i, item := range list {
		at := path + "[" + strconv.Itoa(i) + "]"
		switch item := item.(type) {
		case string:
			if l.itemMaxRunes > 0 && utf8.RuneCountInString(item) > l.itemMaxRunes {
				max := strconv.Itoa(l.itemMaxRunes)
				return errOutOfRange(at, "不能超过 "+max+" 个字符", "must be at most "+max+" characters")
			}
		case map[string]any:
			if e := c.limits(at, c.model.structs[m.object], item, nil); e != nil {
				return e
			}
		}
	}
	return nil
}

// sniffFormat names the format of media data from its first bytes, or "".
func sniffFormat(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case len(b) >= 8 && string(b[4:8]) == "ftyp":
		return "mp4"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "AVI ":
		return "avi"
	case bytes.HasPrefix(b, []byte("FLV")):
		return "flv"
	}
	return ""
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Accessors of a checked request. The types were checked against the
// model, so a member sent has the member's type.

// str returns a string member, or "".
func (r *request) str(wire string) string {
	s, _ := r.values[wire].(string)
	return s
}

// integer returns an integer member, or 0.
func (r *request) integer(wire string) int64 {
	n, _ := r.values[wire].(json.Number)
	i, _ := strconv.ParseInt(string(n), 10, 64)
	return i
}

// boolean returns a boolean member, or false.
func (r *request) boolean(wire string) bool {
	b, _ := r.values[wire].(bool)
	return b
}

// has reports whether a member was sent with a value that is not empty.
func (r *request) has(wire string) bool { return !isEmpty(r.values[wire]) }

// object returns a nested object member, or nil.
func (r *request) object(wire string) map[string]any {
	o, _ := r.values[wire].(map[string]any)
	return o
}

// encryptionMembers are the request members of field and body
// encryption, which carry no magic inputs.
func encryptionMembers() []string {
	return []string{"Encryption", "EncryptList", "CiphertextBlob", "Iv", "EncryptedBody"}
}
