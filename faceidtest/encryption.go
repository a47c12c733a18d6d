package faceidtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
)

// sealing is what a request's encryption leaves for its reply: the
// envelope of the request's symmetric key and whether IsEncryptResponse
// asked for the whole reply sealed. The call closes the envelope when its
// reply is built.
type sealing struct {
	env   faceid.Envelope
	whole bool
}

// encryptionBody is the EncryptList entry of a whole-body Encryption.
const encryptionBody = "EncryptionBody"

// encryptionParams are the members of a request's Encryption (or the flat
// members of PhoneVerification), type-checked.
type encryptionParams struct {
	prefix    string // "Encryption." or "" for the flat members
	list      []string
	blob, iv  string
	algorithm string
	tags      []string
}

// path names a member of the Encryption in messages.
func (p *encryptionParams) path(name string) string { return p.prefix + name }

// openRequest decrypts a request's sealed members in obj, in place, before
// the request is checked: afterwards obj holds the plaintext members and no
// encryption member (Encryption, EncryptedBody, or PhoneVerification's flat
// CiphertextBlob, EncryptList and Iv), so that validation and magic inputs
// see what the client sealed. It returns the sealing for the reply, nil
// when the request carries no Encryption. An action without encryption
// members is left alone: its checks report them as unknown.
func (s *Server) openRequest(a *actionModel, obj map[string]any) (*sealing, *apiError) {
	switch {
	case a.flatEncryption:
		return s.openFlat(a, obj)
	case !containsMember(a.request, "Encryption"):
		return nil, nil
	}
	enc, sent := obj["Encryption"]
	if m, isObject := enc.(map[string]any); enc == nil || (isObject && len(m) == 0) {
		sent = false // null and {} are no Encryption
		delete(obj, "Encryption")
	}
	_, bodySent := obj["EncryptedBody"]
	if !sent {
		switch {
		case bodySent && obj["EncryptedBody"] != nil:
			return nil, errInvalidParameter("EncryptedBody 须与包装其密钥的 Encryption 一同传入。",
				"EncryptedBody needs the Encryption that wraps its key.")
		case obj["IsEncryptResponse"] == true:
			return nil, errInvalidParameter("IsEncryptResponse 须与 Encryption（含 CiphertextBlob）一同传入：服务用其中的密钥加密返回结果。",
				"IsEncryptResponse needs an Encryption carrying the wrapped key (CiphertextBlob): the reply is sealed with that key.")
		}
		return nil, nil
	}
	m, isObject := enc.(map[string]any)
	if !isObject {
		return nil, errWrongType("Encryption", kindObject.String())
	}
	p, e := readEncryption(m)
	if e != nil {
		return nil, e
	}
	env, e := s.unwrap(p)
	if e != nil {
		return nil, e
	}
	if e := openMembers(a, obj, p, env); e != nil {
		env.Close()
		return nil, e
	}
	delete(obj, "Encryption")
	delete(obj, "EncryptedBody")
	return &sealing{env: env, whole: obj["IsEncryptResponse"] == true && a.wholeReply}, nil
}

// readEncryption type-checks the members of a request's Encryption object.
func readEncryption(m map[string]any) (*encryptionParams, *apiError) {
	p := &encryptionParams{prefix: "Encryption."}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var e *apiError
	for _, k := range keys {
		v, path := m[k], p.path(k)
		switch k {
		case "EncryptList":
			p.list, e = stringList(path, v)
		case "TagList":
			p.tags, e = stringList(path, v)
		case "CiphertextBlob":
			p.blob, e = stringValue(path, v)
		case "Iv":
			p.iv, e = stringValue(path, v)
		case "Algorithm":
			p.algorithm, e = stringValue(path, v)
		default:
			e = errUnknownParameter(path)
		}
		if e != nil {
			return nil, e
		}
	}
	switch p.algorithm {
	case "":
		p.algorithm = faceid.AlgorithmAES256CBC // FaceID's default
	case faceid.AlgorithmAES256CBC, faceid.AlgorithmSM4GCM:
	default:
		return nil, errOutOfRange("Encryption.Algorithm", "只能取 "+faceid.AlgorithmAES256CBC+"、"+faceid.AlgorithmSM4GCM,
			"must be one of "+faceid.AlgorithmAES256CBC+", "+faceid.AlgorithmSM4GCM)
	}
	return p, nil
}

// stringValue reads a string member; null is "".
func stringValue(path string, v any) (string, *apiError) {
	if v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", errWrongType(path, kindString.String())
	}
	return s, nil
}

// stringList reads a list of strings; null is an empty list.
func stringList(path string, v any) ([]string, *apiError) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errWrongType(path, kindArray.String())
	}
	out := make([]string, len(list))
	for i, item := range list {
		s, ok := item.(string)
		if !ok {
			return nil, errWrongType(path+"["+strconv.Itoa(i)+"]", kindString.String())
		}
		out[i] = s
	}
	return out, nil
}

// unwrap opens the CiphertextBlob with the key pair of the algorithm.
func (s *Server) unwrap(p *encryptionParams) (faceid.Envelope, *apiError) {
	if strings.TrimSpace(p.blob) == "" {
		return nil, errMissingParameter(p.path("CiphertextBlob"))
	}
	kp, ok := s.keys[p.algorithm]
	if !ok {
		return nil, errDecrypt("沙箱没有 SM2 密钥，无法解开 "+faceid.AlgorithmSM4GCM+" 的密钥（启动时传入 gm 模块的 WithKeyPair(gm.NewSandboxKeyPair())；faceid sandbox 自带）",
			"the sandbox holds no SM2 key pair, so it cannot unwrap an "+faceid.AlgorithmSM4GCM+" key (start it with WithKeyPair(gm.NewSandboxKeyPair()) from the gm module; faceid sandbox has one)")
	}
	blob, err := base64.StdEncoding.Strict().DecodeString(p.blob)
	if err != nil {
		return nil, errDecrypt(p.path("CiphertextBlob")+" 不是合法的 base64 编码", p.path("CiphertextBlob")+" is not valid standard base64")
	}
	env, err := kp.OpenEnvelope(blob)
	if err != nil {
		return nil, errDecrypt(p.path("CiphertextBlob")+" 无法用沙箱的私钥解开", p.path("CiphertextBlob")+": "+err.Error())
	}
	return env, nil
}

// openMembers decrypts what the Encryption lists: the named members, or
// the whole body, or nothing when it only brings the key for the reply.
func openMembers(a *actionModel, obj map[string]any, p *encryptionParams, env faceid.Envelope) *apiError {
	body, bodySent := obj["EncryptedBody"]
	if body == nil {
		bodySent = false
	}
	switch {
	case slices.Contains(p.list, encryptionBody):
		if len(p.list) > 1 {
			return errInvalidParameter("Encryption.EncryptList 含 EncryptionBody 时不能再列出其他字段。",
				"Encryption.EncryptList holds EncryptionBody, so it cannot name other members.")
		}
		if !bodySent {
			return nil // the key of an encrypted reply only
		}
		if !a.wholeBody {
			return errUnsupportEncryptField(a, encryptionBody)
		}
		return openBody(obj, p, env, body)
	case bodySent:
		return errInvalidParameter("EncryptedBody 须配合 Encryption.EncryptList [\"EncryptionBody\"]。",
			"EncryptedBody needs Encryption.EncryptList [\"EncryptionBody\"].")
	case len(p.list) == 0:
		return nil // the key of an encrypted reply only
	}
	return openFields(a, obj, p, env)
}

// openFields decrypts the members named in EncryptList, each the base64 of
// its sealed UTF-8 value, under the one Iv (and, for SM4-GCM, the tag of
// the same index in TagList).
func openFields(a *actionModel, obj map[string]any, p *encryptionParams, env faceid.Envelope) *apiError {
	for i, name := range p.list {
		if !slices.Contains(a.encryptable, name) {
			return errUnsupportEncryptField(a, name)
		}
		if slices.Index(p.list, name) != i {
			return errInvalidParameter(p.path("EncryptList")+" 重复列出了 `"+name+"`。",
				p.path("EncryptList")+" names `"+name+"` twice.")
		}
		if v, ok := obj[name]; !ok || v == nil {
			return errInvalidParameter(p.path("EncryptList")+" 列出了请求中没有的字段 `"+name+"`。",
				p.path("EncryptList")+" names `"+name+"`, which the request does not carry.")
		}
	}
	iv, e := p.openIV(env)
	if e != nil {
		return e
	}
	tags, e := p.openTags(env, len(p.list))
	if e != nil {
		return e
	}
	for i, name := range p.list {
		sealed, ok := obj[name].(string)
		if !ok {
			return errWrongType(name, kindString.String())
		}
		pt, e := openValue(env, name, sealed, iv, tags[i])
		if e != nil {
			return e
		}
		if !utf8.Valid(pt) {
			clear(pt)
			return errDecrypt("`"+name+"` 解密后不是 UTF-8 文本", "`"+name+"` does not decrypt to UTF-8 text")
		}
		obj[name] = string(pt)
		clear(pt)
	}
	return nil
}

// openBody decrypts EncryptedBody, the JSON object of the business
// parameters, and puts its members in obj.
func openBody(obj map[string]any, p *encryptionParams, env faceid.Envelope, body any) *apiError {
	sealed, ok := body.(string)
	if !ok {
		return errWrongType("EncryptedBody", kindString.String())
	}
	iv, e := p.openIV(env)
	if e != nil {
		return e
	}
	tags, e := p.openTags(env, 1)
	if e != nil {
		return e
	}
	pt, e := openValue(env, "EncryptedBody", sealed, iv, tags[0])
	if e != nil {
		return e
	}
	defer clear(pt)
	dec := json.NewDecoder(bytes.NewReader(pt))
	dec.UseNumber()
	var members map[string]any
	if err := dec.Decode(&members); err != nil || dec.More() || members == nil {
		return errInvalidParameter("EncryptedBody 解密后须为业务参数的 JSON 对象。",
			"EncryptedBody must decrypt to the JSON object of the business parameters.")
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "Encryption" || k == "EncryptedBody" {
			return errInvalidParameter("EncryptedBody 中不能再有 `"+k+"`。", "EncryptedBody cannot hold `"+k+"`.")
		}
		if _, dup := obj[k]; dup {
			return errInvalidParameter("参数 `"+k+"` 同时出现在明文和 EncryptedBody 中。",
				"parameter `"+k+"` is sent both in clear and in EncryptedBody.")
		}
		obj[k] = members[k]
	}
	return nil
}

// openValue decrypts one sealed value, given in standard base64.
func openValue(env faceid.Envelope, name, sealed string, iv, tag []byte) ([]byte, *apiError) {
	ct, err := base64.StdEncoding.Strict().DecodeString(sealed)
	if err != nil {
		return nil, errDecrypt("`"+name+"` 不是合法的 base64 密文", "`"+name+"` is not a ciphertext in standard base64")
	}
	pt, err := env.Open(iv, ct, tag)
	if err != nil {
		return nil, errDecrypt("`"+name+"` 无法用该密钥和 Iv 解密", "`"+name+"` does not open with the key and Iv sent ("+cryptoProblem(err)+")")
	}
	return pt, nil
}

// cryptoProblem is what a *faceid.CryptoError says was wrong; it never
// holds key material or data.
func cryptoProblem(err error) string {
	if ce, ok := err.(*faceid.CryptoError); ok {
		return ce.Problem
	}
	return "the envelope failed"
}

// ivSize is the size of the Iv of an algorithm.
func ivSize(algorithm string) int {
	if algorithm == faceid.AlgorithmSM4GCM {
		return 12
	}
	return 16
}

// openIV decodes the Iv and checks its size for the algorithm.
func (p *encryptionParams) openIV(env faceid.Envelope) ([]byte, *apiError) {
	if strings.TrimSpace(p.iv) == "" {
		return nil, errMissingParameter(p.path("Iv"))
	}
	iv, err := base64.StdEncoding.Strict().DecodeString(p.iv)
	if err != nil {
		return nil, errDecrypt(p.path("Iv")+" 不是合法的 base64 编码", p.path("Iv")+" is not valid standard base64")
	}
	if want := ivSize(env.Algorithm()); len(iv) != want {
		n := strconv.Itoa(want)
		return nil, errDecrypt(p.path("Iv")+" 须为 "+n+" 字节（"+env.Algorithm()+"）",
			p.path("Iv")+" must be "+n+" bytes for "+env.Algorithm()+", got "+strconv.Itoa(len(iv)))
	}
	return iv, nil
}

// openTags decodes TagList: n tags of 16 bytes for SM4-GCM, none for
// AES-256-CBC. It returns one entry per sealed value, nil under AES.
func (p *encryptionParams) openTags(env faceid.Envelope, n int) ([][]byte, *apiError) {
	path := p.path("TagList")
	if env.Algorithm() != faceid.AlgorithmSM4GCM {
		if len(p.tags) != 0 {
			return nil, errDecrypt(path+" 须为空（"+faceid.AlgorithmAES256CBC+" 没有标签）", path+" must be empty: "+faceid.AlgorithmAES256CBC+" has no tags")
		}
		return make([][]byte, n), nil
	}
	if len(p.tags) != n {
		return nil, errDecrypt(path+" 须有 "+strconv.Itoa(n)+" 项，每个加密值一个标签",
			path+" must hold "+strconv.Itoa(n)+" tags, one per sealed value in EncryptList order, got "+strconv.Itoa(len(p.tags)))
	}
	out := make([][]byte, n)
	for i, t := range p.tags {
		tag, err := base64.StdEncoding.Strict().DecodeString(t)
		if err != nil || len(tag) != 16 {
			at := path + "[" + strconv.Itoa(i) + "]"
			return nil, errDecrypt(at+" 须为 16 字节标签的 base64", at+" must be the standard base64 of a 16-byte tag")
		}
		out[i] = tag
	}
	return out, nil
}

// flatMembers are PhoneVerification's encryption members.
func flatMembers() []string { return []string{"CiphertextBlob", "EncryptList", "Iv"} }

// openFlat decrypts PhoneVerification's flat form: top-level
// CiphertextBlob, EncryptList and Iv, AES-256-CBC only. A 12-byte Iv, the
// sign of an SM4-GCM attempt, is InvalidParameterValue.
func (s *Server) openFlat(a *actionModel, obj map[string]any) (*sealing, *apiError) {
	p := &encryptionParams{algorithm: faceid.AlgorithmAES256CBC}
	var e *apiError
	if p.blob, e = stringValue("CiphertextBlob", obj["CiphertextBlob"]); e != nil {
		return nil, e
	}
	if p.list, e = stringList("EncryptList", obj["EncryptList"]); e != nil {
		return nil, e
	}
	if p.iv, e = stringValue("Iv", obj["Iv"]); e != nil {
		return nil, e
	}
	if p.blob == "" && len(p.list) == 0 && p.iv == "" {
		for _, m := range flatMembers() {
			delete(obj, m)
		}
		return nil, nil
	}
	if raw, err := base64.StdEncoding.Strict().DecodeString(p.iv); err == nil && len(raw) == 12 {
		return nil, errOutOfRange("Iv", "须为 16 字节：该接口只支持 "+faceid.AlgorithmAES256CBC+"（不支持 "+faceid.AlgorithmSM4GCM+"）",
			"must be 16 bytes: this action takes "+faceid.AlgorithmAES256CBC+" only (not "+faceid.AlgorithmSM4GCM+")")
	}
	env, e := s.unwrap(p)
	if e != nil {
		return nil, e
	}
	if slices.Contains(p.list, encryptionBody) {
		env.Close()
		return nil, errUnsupportEncryptField(a, encryptionBody)
	}
	if len(p.list) > 0 {
		if e := openFields(a, obj, p, env); e != nil {
			env.Close()
			return nil, e
		}
	}
	for _, m := range flatMembers() {
		delete(obj, m)
	}
	return &sealing{env: env}, nil
}

// errDecrypt is FailedOperation.DecryptSystemError, saying what failed.
func errDecrypt(zh, en string) *apiError {
	return &apiError{code: codes.FailedDecryptSystemError, zh: "解密失败：" + zh + "。", en: "Decryption failed: " + en + "."}
}

// errUnsupportEncryptField is InvalidParameter.UnsupportEncryptField, with
// Tencent's message and the member and the action's encryptable ones.
func errUnsupportEncryptField(a *actionModel, name string) *apiError {
	can := "无"
	canEN := "none"
	if len(a.encryptable) > 0 {
		can, canEN = strings.Join(a.encryptable, "、"), strings.Join(a.encryptable, ", ")
	}
	if a.wholeBody {
		can, canEN = "整个请求体（EncryptionBody）", "the whole body (EncryptionBody)"
	}
	return &apiError{code: codes.InvalidParameterUnsupportEncryptField,
		zh: "存在不加密的字段：`" + name + "`（" + a.name + " 可加密：" + can + "）。",
		en: "The field `" + name + "` cannot be encrypted for " + a.name + " (it takes encrypted: " + canEN + ")."}
}
