package faceidtest_test

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
	"github.com/faceid-go/faceid/faceidtest"
)

// sharedRSA is one RSA key pair for the encryption tests, generated once.
var sharedRSA = faceidtest.NewRSAKeyPair()

// rsaServer starts a server with the shared RSA key pair and returns it
// with a client-side envelope sealed for it.
func rsaServer(t *testing.T) (*faceidtest.Server, faceid.Envelope) {
	t.Helper()
	s := newServer(t, faceidtest.WithKeyPair(sharedRSA))
	sealer, err := faceid.NewRSASealer(s.RSAPublicKeyPEM())
	require.NoError(t, err)
	env, err := sealer.NewEnvelope()
	require.NoError(t, err)
	t.Cleanup(env.Close)
	return s, env
}

// sealFields returns members as JSON with the named ones sealed by
// faceid.SealFields and the Encryption that says so.
func sealFields(t *testing.T, env faceid.Envelope, members map[string]any, names ...string) string {
	t.Helper()
	values := make([]string, len(names))
	for i, n := range names {
		values[i] = members[n].(string)
	}
	enc, sealed, err := faceid.SealFields(env, names, values)
	require.NoError(t, err)
	out := maps.Clone(members)
	for i, n := range names {
		out[n] = sealed[i]
	}
	out["Encryption"] = enc
	return toJSON(t, out)
}

// sealBody returns the whole-body form of members: Encryption with
// EncryptList ["EncryptionBody"] and EncryptedBody.
func sealBody(t *testing.T, env faceid.Envelope, members map[string]any) string {
	t.Helper()
	iv, err := env.NewIV()
	require.NoError(t, err)
	ct, tag, err := env.Seal(iv, []byte(toJSON(t, members)))
	require.NoError(t, err)
	enc := keyOnly(t, env)
	enc.IV = b64(iv)
	if tag != nil {
		enc.TagList = []string{b64(tag)}
	}
	return toJSON(t, map[string]any{"Encryption": enc, "EncryptedBody": b64(ct)})
}

// keyOnly is the Encryption that brings the key of an encrypted reply, as
// Tencent's Go helper sends it: EncryptList ["EncryptionBody"], a fresh Iv,
// no EncryptedBody.
func keyOnly(t *testing.T, env faceid.Envelope) *faceid.Encryption {
	t.Helper()
	iv, err := env.NewIV()
	require.NoError(t, err)
	return &faceid.Encryption{EncryptList: []string{"EncryptionBody"}, CiphertextBlob: b64(env.CiphertextBlob()),
		IV: b64(iv), Algorithm: env.Algorithm()}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func unb64(t *testing.T, s any) []byte {
	t.Helper()
	text, ok := s.(string)
	require.True(t, ok, "%v is not a string", s)
	b, err := base64.StdEncoding.DecodeString(text)
	require.NoError(t, err)
	return b
}

// openReply opens the sealed values of a field-level reply in place and
// returns the reply with its Encryption removed, for comparing with the
// clear reply. It checks the Encryption's shape on the way.
func openReply(t *testing.T, env faceid.Envelope, resp map[string]any) map[string]any {
	t.Helper()
	enc, ok := resp["Encryption"].(map[string]any)
	require.True(t, ok, "the reply has an Encryption object")
	assert.Equal(t, env.Algorithm(), enc["Algorithm"])
	assert.Equal(t, b64(env.CiphertextBlob()), enc["CiphertextBlob"], "the reply echoes the request's CiphertextBlob")
	iv := unb64(t, enc["Iv"])
	list, _ := enc["EncryptList"].([]any)
	tags, _ := enc["TagList"].([]any)
	require.NotNil(t, enc["TagList"], "TagList is a list, empty for AES")
	if env.Algorithm() == faceid.AlgorithmSM4GCM {
		require.Len(t, tags, len(list))
	} else {
		require.Empty(t, tags)
	}
	for i, p := range list {
		path := strings.Split(p.(string), ".")
		require.Equal(t, "Response", path[0], "paths start at Response")
		obj := resp
		for _, k := range path[1 : len(path)-1] {
			obj = obj[k].(map[string]any)
		}
		var tag []byte
		if len(tags) > 0 {
			tag = unb64(t, tags[i])
		}
		pt, err := env.Open(iv, unb64(t, obj[path[len(path)-1]]), tag)
		require.NoError(t, err, p)
		obj[path[len(path)-1]] = string(pt)
	}
	delete(resp, "Encryption")
	return resp
}

// clearOf returns a reply without the members that differ between two
// calls or belong to the envelope.
func clearOf(resp map[string]any) map[string]any {
	out := maps.Clone(resp)
	delete(out, "RequestId")
	delete(out, "Encryption")
	return out
}

func TestEncryptedRequestFields(t *testing.T) {
	s, env := rsaServer(t)

	// The sealed name is a magic input: the sandbox saw the plaintext.
	n, ok := faceidtest.ResultNumber("IdCardVerification", "-4")
	require.True(t, ok)
	body := sealFields(t, env, map[string]any{"Name": faceidtest.SelectResult.Text(testName, n), "IdCard": testIDCard}, "Name", "IdCard")
	rep := rawCall(t, s, "IdCardVerification", body, nil)
	require.Empty(t, rep.code(), rep.message())
	assert.Equal(t, "-4", rep.Response["Result"])

	// DetectAuth keeps the plaintext Name and IdCard.
	body = sealFields(t, env, map[string]any{"RuleId": "1", "Name": testName, "IdCard": testIDCard}, "IdCard", "Name")
	rep = rawCall(t, s, "DetectAuth", body, nil)
	require.Empty(t, rep.code(), rep.message())
	info, ok := s.Token(rep.Response["BizToken"].(string))
	require.True(t, ok)
	assert.Equal(t, testName, info.Name)
	assert.Equal(t, testIDCard, info.IDCard)

	// Validation runs on the plaintext: a sealed bad ID number is refused
	// as one, by name.
	body = sealFields(t, env, map[string]any{"Name": testName, "IdCard": "110101199003071234"}, "IdCard")
	rep = rawCall(t, s, "IdCardVerification", body, nil)
	assert.Equal(t, codes.InvalidParameter, rep.code())
	assert.Contains(t, rep.message(), "IdCard")
}

func TestEncryptedRequestErrors(t *testing.T) {
	s, env := rsaServer(t)
	plain := map[string]any{"RuleId": "1", "Name": testName, "IdCard": testIDCard, "Extra": "order-1"}
	check := func(name, body, code, says string) {
		t.Helper()
		rep := rawCall(t, s, "DetectAuth", body, nil)
		assert.Equal(t, code, rep.code(), "%s: %s", name, rep.message())
		assert.Contains(t, rep.message(), says, name)
		assert.NotContains(t, rep.message(), testName, "messages never echo values")
		assert.NotContains(t, rep.message(), testIDCard, "messages never echo values")
	}

	check("not encryptable", sealFields(t, env, plain, "Name", "Extra"), codes.InvalidParameterUnsupportEncryptField, "存在不加密的字段")
	check("whole body on DetectAuth", sealBody(t, env, plain), codes.InvalidParameterUnsupportEncryptField, "EncryptionBody")

	// The last byte of the first block turns the padding byte of the
	// second (0x0e for 18 bytes) into 0xf1: bad padding, every time.
	var req map[string]any
	require.NoError(t, json.Unmarshal([]byte(sealFields(t, env, plain, "IdCard")), &req))
	ct := unb64(t, req["IdCard"])
	require.Len(t, ct, 32)
	ct[15] ^= 0xff
	req["IdCard"] = b64(ct)
	check("tampered ciphertext", toJSON(t, req), codes.FailedDecryptSystemError, "IdCard")

	edit := func(f func(m map[string]any, enc map[string]any)) string {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(sealFields(t, env, plain, "IdCard", "Name")), &m))
		f(m, m["Encryption"].(map[string]any))
		return toJSON(t, m)
	}
	other, err := faceid.TencentDefaultRSASealer().NewEnvelope()
	require.NoError(t, err)
	check("blob of another key", edit(func(_, enc map[string]any) { enc["CiphertextBlob"] = b64(other.CiphertextBlob()) }),
		codes.FailedDecryptSystemError, "CiphertextBlob")
	check("blob not base64", edit(func(_, enc map[string]any) { enc["CiphertextBlob"] = "%%%" }), codes.FailedDecryptSystemError, "CiphertextBlob")
	check("SM4 Iv under AES", edit(func(_, enc map[string]any) { enc["Iv"] = b64(make([]byte, 12)) }), codes.FailedDecryptSystemError, "Iv")
	check("tags under AES", edit(func(_, enc map[string]any) { enc["TagList"] = []string{b64(make([]byte, 16)), b64(make([]byte, 16))} }),
		codes.FailedDecryptSystemError, "TagList")
	check("value not base64", edit(func(m, _ map[string]any) { m["Name"] = "测试" }), codes.FailedDecryptSystemError, "Name")
	check("unknown algorithm", edit(func(_, enc map[string]any) { enc["Algorithm"] = "AES-128-ECB" }), codes.InvalidParameterValue, "Encryption.Algorithm")
	check("SM4 without an SM2 pair", edit(func(_, enc map[string]any) { enc["Algorithm"] = faceid.AlgorithmSM4GCM }),
		codes.FailedDecryptSystemError, "SM2")
	check("listed twice", edit(func(_, enc map[string]any) { enc["EncryptList"] = []string{"Name", "Name"} }), codes.InvalidParameter, "Name")
	check("listed, not sent", edit(func(m, _ map[string]any) { delete(m, "Name") }), codes.InvalidParameter, "Name")
	check("listed, sent as null", edit(func(m, _ map[string]any) { m["Name"] = nil }), codes.InvalidParameter, "列出了请求中没有的字段")
	check("body without EncryptionBody", edit(func(m, _ map[string]any) { m["EncryptedBody"] = "AAAA" }), codes.InvalidParameter, "EncryptedBody")
	check("body without key", `{"RuleId":"1","EncryptedBody":"AAAA"}`, codes.InvalidParameter, "Encryption")

	// Nothing got through: no BizToken was issued.
	assert.Empty(t, s.Tokens())
}

func TestEncryptedRequestBody(t *testing.T) {
	s, env := rsaServer(t)
	n, ok := faceidtest.ResultNumber("DetectAIFakeFaces", "High")
	require.True(t, ok)
	body := sealBody(t, env, map[string]any{"FaceInput": b64(faceidtest.SelectResult.Image(n)), "FaceInputType": 1})
	rep := rawCall(t, s, "DetectAIFakeFaces", body, nil)
	require.Empty(t, rep.code(), rep.message())
	assert.Equal(t, "High", rep.Response["AttackRiskLevel"], "the sealed photo's magic input decided")

	// A member both in clear and sealed is ambiguous.
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	m["FaceInputType"] = 1
	rep = rawCall(t, s, "DetectAIFakeFaces", toJSON(t, m), nil)
	assert.Equal(t, codes.InvalidParameter, rep.code())
	assert.Contains(t, rep.message(), "FaceInputType")

	// A body that is not JSON of parameters.
	iv, err := env.NewIV()
	require.NoError(t, err)
	ct, _, err := env.Seal(iv, []byte(`["FaceInput"]`))
	require.NoError(t, err)
	enc := keyOnly(t, env)
	enc.IV = b64(iv)
	rep = rawCall(t, s, "DetectAIFakeFaces", toJSON(t, map[string]any{"Encryption": enc, "EncryptedBody": b64(ct)}), nil)
	assert.Equal(t, codes.InvalidParameter, rep.code())

	// Field-level on a whole-body action.
	rep = rawCall(t, s, "DetectAIFakeFaces", sealFields(t, env, map[string]any{"FaceInput": b64(faceidtest.SelectResult.Image(0))}, "FaceInput"), nil)
	assert.Equal(t, codes.InvalidParameterUnsupportEncryptField, rep.code())
}

func TestPhoneVerificationFlatEncryption(t *testing.T) {
	s, env := rsaServer(t)
	n, ok := faceidtest.ResultNumber("PhoneVerification", "-4")
	require.True(t, ok)
	plain := map[string]any{"Name": faceidtest.SelectResult.Text(testName, n), "IdCard": testIDCard, "Phone": "13800138000"}
	flat := func(edit func(m map[string]any)) string {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(sealFields(t, env, plain, "Name", "IdCard", "Phone")), &m))
		enc := m["Encryption"].(map[string]any)
		delete(m, "Encryption")
		m["CiphertextBlob"], m["EncryptList"], m["Iv"] = enc["CiphertextBlob"], enc["EncryptList"], enc["Iv"]
		if edit != nil {
			edit(m)
		}
		return toJSON(t, m)
	}
	rep := rawCall(t, s, "PhoneVerification", flat(nil), nil)
	require.Empty(t, rep.code(), rep.message())
	assert.Equal(t, "-4", rep.Response["Result"])
	assert.Equal(t, "移动", rep.Response["Isp"], "the carrier of the plaintext phone number")

	rep = rawCall(t, s, "PhoneVerification", flat(func(m map[string]any) { m["Iv"] = b64(make([]byte, 12)) }), nil)
	assert.Equal(t, codes.InvalidParameterValue, rep.code(), "SM4-GCM is not taken in the flat form")
	assert.Contains(t, rep.message(), faceid.AlgorithmAES256CBC)
	rep = rawCall(t, s, "PhoneVerification", flat(func(m map[string]any) { m["EncryptList"] = []string{"VerifyMode"} }), nil)
	assert.Equal(t, codes.InvalidParameterUnsupportEncryptField, rep.code())
	rep = rawCall(t, s, "PhoneVerification", flat(func(m map[string]any) { delete(m, "CiphertextBlob") }), nil)
	assert.Equal(t, codes.MissingParameter, rep.code())
	rep = rawCall(t, s, "PhoneVerification", sealFields(t, env, plain, "Name"), nil)
	assert.Equal(t, codes.UnknownParameter, rep.code(), "PhoneVerification has no Encryption object")
}

// finishedFlow runs a passed SaaS flow and returns its BizToken.
func finishedFlow(t *testing.T, s *faceidtest.Server) string {
	t.Helper()
	token := startFlow(t, s.Client(noRetry), &faceid.DetectAuthRequest{RuleID: "1", Name: testName, IDCard: testIDCard})
	require.NoError(t, s.Complete(token, faceidtest.Pass()))
	return token
}

func TestEncryptedReplyFields(t *testing.T) {
	s, env := rsaServer(t)
	token := finishedFlow(t, s)
	ask := map[string]any{"BizToken": token, "RuleId": "1", "InfoType": "1"}
	clearRep := rawCall(t, s, "GetDetectInfoEnhanced", toJSON(t, ask), nil)
	require.Empty(t, clearRep.code(), clearRep.message())

	for name, enc := range map[string]any{
		"Go helper form":  keyOnly(t, env),
		"empty list form": map[string]any{"EncryptList": []string{}, "CiphertextBlob": b64(env.CiphertextBlob()), "Iv": nil, "TagList": []string{}},
	} {
		req := maps.Clone(ask)
		req["Encryption"] = enc
		rep := rawCall(t, s, "GetDetectInfoEnhanced", toJSON(t, req), nil)
		require.Empty(t, rep.code(), rep.message())
		text := rep.Response["Text"].(map[string]any)
		assert.NotEqual(t, testName, text["Name"], "%s: the name is sealed", name)
		assert.NotEqual(t, testIDCard, text["IdCard"], "%s: the ID number is sealed", name)
		list := rep.Response["Encryption"].(map[string]any)["EncryptList"]
		assert.ElementsMatch(t, []any{"Response.Text.IdCard", "Response.Text.Name", "Response.Text.OcrName", "Response.Text.OcrIdCard"}, list, name)
		assert.Equal(t, clearOf(clearRep.Response), clearOf(openReply(t, env, rep.Response)), "%s: opened, the reply is the clear one", name)
	}

	// GetFaceIdResult and CheckIdCardInformation seal their own members.
	tok, err := s.Client(noRetry).GetFaceIdToken(t.Context(), &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS", Name: testName, IDCard: testIDCard})
	require.NoError(t, err)
	require.NoError(t, s.Complete(tok.FaceIDToken, faceidtest.Pass()))
	for action, req := range map[string]map[string]any{
		"GetFaceIdResult":        {"FaceIdToken": tok.FaceIDToken},
		"CheckIdCardInformation": {"ImageBase64": b64(faceidtest.SelectResult.Image(0))},
	} {
		clearRep := rawCall(t, s, action, toJSON(t, req), nil)
		require.Empty(t, clearRep.code(), clearRep.message())
		req["Encryption"] = keyOnly(t, env)
		rep := rawCall(t, s, action, toJSON(t, req), nil)
		require.Empty(t, rep.code(), rep.message())
		assert.Len(t, rep.Response["Encryption"].(map[string]any)["EncryptList"], 2, action)
		assert.Equal(t, clearOf(clearRep.Response), clearOf(openReply(t, env, rep.Response)), action)
	}
}

func TestEncryptedReplyWhole(t *testing.T) {
	s, env := rsaServer(t)
	token := finishedFlow(t, s)
	ask := map[string]any{"BizToken": token, "RuleId": "1"}
	clearRep := rawCall(t, s, "GetDetectInfoEnhanced", toJSON(t, ask), nil)
	require.Empty(t, clearRep.code(), clearRep.message())

	ask["IsEncryptResponse"] = true
	ask["Encryption"] = keyOnly(t, env)
	rep := rawCall(t, s, "GetDetectInfoEnhanced", toJSON(t, ask), nil)
	require.Empty(t, rep.code(), rep.message())
	assert.ElementsMatch(t, []string{"RequestId", "Encryption", "EncryptedBody"}, slicesKeys(rep.Response))
	assert.NotContains(t, string(rep.Body), testName)
	enc := rep.Response["Encryption"].(map[string]any)
	assert.Equal(t, []any{"EncryptionBody"}, enc["EncryptList"])
	assert.Equal(t, []any{}, enc["TagList"])
	pt, err := env.Open(unb64(t, enc["Iv"]), unb64(t, rep.Response["EncryptedBody"]), nil)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(pt, &body))
	want := clearOf(clearRep.Response)
	delete(want, "EncryptedBody")
	assert.Equal(t, want, body, "the sealed body holds the clear reply's members")

	// An error reply is never sealed.
	ask["BizToken"] = "00000000-0000-4000-8000-000000000000"
	rep = rawCall(t, s, "GetDetectInfoEnhanced", toJSON(t, ask), nil)
	assert.Equal(t, codes.InvalidParameter, rep.code())
	assert.ElementsMatch(t, []string{"RequestId", "Error"}, slicesKeys(rep.Response))
}

func slicesKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEncryptedPhoneVerificationHashes(t *testing.T) {
	s := newServer(t)
	const action = "EncryptedPhoneVerification"
	n, ok := faceidtest.ResultNumber(action, "-4")
	require.True(t, ok)
	magic := faceidtest.SelectResult.Text(faceidtest.FictionalName, n)
	md := func(v string) string { d := md5.Sum([]byte(v)); return hex.EncodeToString(d[:]) }
	sha := func(v string) string { d := sha256.Sum256([]byte(v)); return hex.EncodeToString(d[:]) }
	call := func(mode string, h func(string) string, name string) rawReply {
		return rawCall(t, s, action, toJSON(t, map[string]any{
			"EncryptionMode": mode, "Name": h(name), "IdCard": h(testIDCard), "Phone": h("13800138000")}), nil)
	}
	for mode, h := range map[string]func(string) string{"1": md, "2": sha} {
		rep := call(mode, h, magic)
		require.Empty(t, rep.code(), rep.message())
		assert.Equal(t, "-4", rep.Response["Result"], "mode %s: the digest of a magic name selects", mode)
		rep = call(mode, h, testName)
		require.Empty(t, rep.code(), rep.message())
		assert.Equal(t, "0", rep.Response["Result"], "mode %s: another digest passes", mode)
	}
	e, ok := faceidtest.ErrorNumber(action, codes.FailedDecryptSystemError)
	require.True(t, ok)
	rep := call("2", sha, faceidtest.SelectError.Text(faceidtest.FictionalName, e))
	assert.Equal(t, codes.FailedDecryptSystemError, rep.code(), "an error's magic input works hashed")

	// The shape of each member follows the mode.
	for _, bad := range []struct {
		mode, name string
		h          func(string) string
	}{
		{"1", sha(testName), md}, {"2", md(testName), sha}, {"3", md(testName), sha}, {"2", strings.ToUpper(sha(testName)), sha}, {"1", testName, md},
	} {
		rep := rawCall(t, s, action, toJSON(t, map[string]any{
			"EncryptionMode": bad.mode, "Name": bad.name, "IdCard": bad.h(testIDCard), "Phone": bad.h("13800138000")}), nil)
		assert.Equal(t, codes.InvalidParameterValue, rep.code(), "mode %s", bad.mode)
		assert.Contains(t, rep.message(), "Name")
		assert.NotContains(t, rep.message(), bad.name)
	}

	// SM3 digests have the shape of SHA-256 ones; without an SM3 hasher
	// the sandbox cannot read magic inputs in them.
	rep = call("3", sha, magic)
	require.Empty(t, rep.code(), rep.message())
	assert.Equal(t, "0", rep.Response["Result"])
}

func TestKeyPairs(t *testing.T) {
	s := newServer(t)
	pemText := s.RSAPublicKeyPEM()
	assert.True(t, strings.HasPrefix(string(pemText), "-----BEGIN RSA PUBLIC KEY-----"), "PKCS#1, as the console shows it")
	sealer, err := faceid.NewRSASealer(pemText)
	require.NoError(t, err)
	assert.Equal(t, 2048, sealer.ModulusBits())
	assert.Equal(t, pemText, s.RSAPublicKeyPEM(), "one key per server")
	assert.Nil(t, s.SM2PublicKeyPEM(), "no SM2 key pair unless given")

	other := newServer(t)
	assert.NotEqual(t, pemText, other.RSAPublicKeyPEM(), "each server has its own key")
	shared := newServer(t, faceidtest.WithKeyPair(sharedRSA))
	assert.Equal(t, sharedRSA.PublicKeyPEM(), shared.RSAPublicKeyPEM())

	assert.PanicsWithError(t, "faceidtest: WithKeyPair: the key pair is nil", func() { faceidtest.NewUnstartedServer(faceidtest.WithKeyPair(nil)) })

	// The server's own pair opens what its public key sealed.
	env, err := sealer.NewEnvelope()
	require.NoError(t, err)
	n, ok := faceidtest.ResultNumber("CheckIdNameDate", "-1")
	require.True(t, ok)
	body := sealFields(t, env, map[string]any{"Name": faceidtest.SelectResult.Text(testName, n), "IdCard": testIDCard,
		"ValidityBegin": "20200101", "ValidityEnd": "00000000"}, "Name", "IdCard")
	rep := rawCall(t, s, "CheckIdNameDate", body, nil)
	require.Empty(t, rep.code(), rep.message())
	assert.Equal(t, "-1", rep.Response["Result"])
	rep = rawCall(t, other, "CheckIdNameDate", body, nil)
	assert.Equal(t, codes.FailedDecryptSystemError, rep.code(), "another server's key does not open it")
}

func TestEncryptedReplyLarge(t *testing.T) {
	const video = 6 << 20
	s := newServer(t, faceidtest.WithKeyPair(sharedRSA), faceidtest.WithMediaSizes(0, video))
	sealer, err := faceid.NewRSASealer(s.RSAPublicKeyPEM())
	require.NoError(t, err)
	env, err := sealer.NewEnvelope()
	require.NoError(t, err)
	defer env.Close()
	tok, err := s.Client(noRetry).GetFaceIdToken(t.Context(), &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS", Name: testName, IDCard: testIDCard})
	require.NoError(t, err)
	require.NoError(t, s.Complete(tok.FaceIDToken, faceidtest.Pass()))

	ask := map[string]any{"FaceIdToken": tok.FaceIDToken, "IsNeedVideo": true, "IsEncryptResponse": true, "Encryption": keyOnly(t, env)}
	rep := rawCall(t, s, "GetFaceIdResult", toJSON(t, ask), nil)
	require.Empty(t, rep.code(), rep.message())
	enc := rep.Response["Encryption"].(map[string]any)
	pt, err := env.Open(unb64(t, enc["Iv"]), unb64(t, rep.Response["EncryptedBody"]), nil)
	require.NoError(t, err)
	var body struct{ Name, IdCard, VideoBase64 string }
	require.NoError(t, json.Unmarshal(pt, &body))
	assert.Equal(t, testName, body.Name)
	assert.Equal(t, testIDCard, body.IdCard)
	v, err := base64.StdEncoding.DecodeString(body.VideoBase64)
	require.NoError(t, err)
	assert.Len(t, v, video, "the 6 MiB video survives sealing whole")
}

// BenchmarkSealedReply measures a 6 MiB GetFaceIdResult reply, clear and
// sealed, client and sandbox together (both run in this process).
func BenchmarkSealedReply(b *testing.B) {
	s := faceidtest.NewServer(faceidtest.WithKeyPair(sharedRSA), faceidtest.WithMediaSizes(0, 6<<20))
	defer s.Close()
	sealer, err := faceid.NewRSASealer(s.RSAPublicKeyPEM())
	require.NoError(b, err)
	env, err := sealer.NewEnvelope()
	require.NoError(b, err)
	defer env.Close()
	tok, err := s.Client(noRetry).GetFaceIdToken(b.Context(), &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS", Name: testName, IDCard: testIDCard})
	require.NoError(b, err)
	require.NoError(b, s.Complete(tok.FaceIDToken, faceidtest.Pass()))
	iv, err := env.NewIV()
	require.NoError(b, err)
	key := &faceid.Encryption{EncryptList: []string{"EncryptionBody"}, CiphertextBlob: b64(env.CiphertextBlob()), IV: b64(iv), Algorithm: env.Algorithm()}
	for _, bc := range []struct {
		name string
		ask  map[string]any
	}{
		{"clear", map[string]any{"FaceIdToken": tok.FaceIDToken, "IsNeedVideo": true}},
		{"fields", map[string]any{"FaceIdToken": tok.FaceIDToken, "IsNeedVideo": true, "Encryption": key}},
		{"whole", map[string]any{"FaceIdToken": tok.FaceIDToken, "IsNeedVideo": true, "Encryption": key, "IsEncryptResponse": true}},
	} {
		body, err := json.Marshal(bc.ask)
		require.NoError(b, err)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchCall(b, s, "GetFaceIdResult", string(body))
			}
		})
	}
}

// benchCall sends a signed request and fails on an error reply.
func benchCall(b *testing.B, s *faceidtest.Server, action, body string) {
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(body))
	require.NoError(b, err)
	now := s.Clock().Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", faceid.APIVersion)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("Authorization", new(faceid.Signer).Authorization(s.Credentials(), faceid.Service,
		strings.TrimPrefix(s.URL(), "http://"), "application/json", []byte(body), now))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(b, err)
	out, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(b, err)
	if bytes.Contains(out, []byte(`"Error":{`)) || len(out) < 6<<20 {
		b.Fatalf("reply of %d bytes: %.200s", len(out), out)
	}
}
