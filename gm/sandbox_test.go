package gm_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"maps"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/gm"
)

// Fictional identity of the tests.
const (
	testName   = "测试一"
	testIDCard = "110101199003071233"
)

// sandbox starts a server holding a new SM2 key pair and returns it with
// a client-side SM4-GCM envelope sealed for it.
func sandbox(t *testing.T) (*faceidtest.Server, faceid.Envelope) {
	t.Helper()
	s := faceidtest.NewServer(faceidtest.WithKeyPair(gm.NewSandboxKeyPair()))
	t.Cleanup(s.Close)
	sealer, err := gm.NewSM2Sealer(s.SM2PublicKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	env, err := sealer.NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	return s, env
}

// reply is a reply read without the SDK.
type reply struct {
	body     []byte
	Response map[string]any
}

func (r reply) code() string {
	e, _ := r.Response["Error"].(map[string]any)
	c, _ := e["Code"].(string)
	return c
}

func (r reply) message() string {
	e, _ := r.Response["Error"].(map[string]any)
	m, _ := e["Message"].(string)
	return m
}

// call sends a signed request with a raw JSON body.
func call(t *testing.T, s *faceidtest.Server, action, body string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	now := s.Clock().Now()
	host := strings.TrimPrefix(s.URL(), "http://")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", faceid.APIVersion)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("Authorization", new(faceid.Signer).Authorization(s.Credentials(), faceid.Service, host, "application/json", []byte(body), now))
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ Response map[string]any }
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("reply %s: %v", b, err)
	}
	return reply{body: b, Response: env.Response}
}

// succeed calls and fails the test on an error reply.
func succeed(t *testing.T, s *faceidtest.Server, action, body string) reply {
	t.Helper()
	rep := call(t, s, action, body)
	if rep.code() != "" {
		t.Fatalf("%s: %s %s", action, rep.code(), rep.message())
	}
	return rep
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fromJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func unb64any(t *testing.T, v any) []byte {
	t.Helper()
	s, _ := v.(string)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("%v: %v", v, err)
	}
	return b
}

// sealFields returns members as JSON with the named ones sealed by
// faceid.SealFields.
func sealFields(t *testing.T, env faceid.Envelope, members map[string]any, names ...string) string {
	t.Helper()
	values := make([]string, len(names))
	for i, n := range names {
		values[i] = members[n].(string)
	}
	enc, sealed, err := faceid.SealFields(env, names, values)
	if err != nil {
		t.Fatal(err)
	}
	out := maps.Clone(members)
	for i, n := range names {
		out[n] = sealed[i]
	}
	out["Encryption"] = enc
	return toJSON(t, out)
}

// keyOnly is the Encryption that brings the key of an encrypted reply
// (Tencent's Go helper form).
func keyOnly(t *testing.T, env faceid.Envelope) *faceid.Encryption {
	t.Helper()
	iv, err := env.NewIV()
	if err != nil {
		t.Fatal(err)
	}
	return &faceid.Encryption{EncryptList: []string{"EncryptionBody"}, CiphertextBlob: b64(env.CiphertextBlob()),
		IV: b64(iv), Algorithm: env.Algorithm()}
}

func TestSandboxKeyPair(t *testing.T) {
	kp := gm.NewSandboxKeyPair()
	if kp.Algorithm() != faceid.AlgorithmSM4GCM {
		t.Fatalf("Algorithm = %q", kp.Algorithm())
	}
	if !bytes.HasPrefix(kp.PublicKeyPEM(), []byte("-----BEGIN PUBLIC KEY-----")) {
		t.Fatalf("the public key is not a PUBLIC KEY block:\n%s", kp.PublicKeyPEM())
	}
	sealer, err := gm.NewSM2Sealer(kp.PublicKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	env, err := sealer.NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	opened, err := kp.OpenEnvelope(env.CiphertextBlob())
	if err != nil {
		t.Fatal(err)
	}
	iv, _ := env.NewIV()
	ct, tag, err := env.Seal(iv, []byte(testName))
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := opened.Open(iv, ct, tag); err != nil || string(pt) != testName {
		t.Fatalf("the unwrapped key does not open what the client sealed: %q, %v", pt, err)
	}

	// Only FaceID's format unwraps: without the 04 marker (sm-crypto's
	// doEncrypt), in ASN.1, or under another key.
	other, err := gm.TencentDefaultSM2Sealer().NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	for name, blob := range map[string][]byte{
		"no 04 marker":   env.CiphertextBlob()[1:],
		"another key":    other.CiphertextBlob(),
		"empty":          nil,
		"ASN.1 encoding": asn1Blob(t, kp),
	} {
		if _, err := kp.OpenEnvelope(blob); err == nil {
			t.Errorf("%s: unwrapped", name)
		}
	}

	// SM3 of "abc", GB/T 32905 example 1.
	if got := hex.EncodeToString(kp.SM3([]byte("abc"))); got != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("SM3(abc) = %s", got)
	}
}

// asn1Blob wraps a 16-byte key for kp in ASN.1 form, which FaceID does not
// take.
func asn1Blob(t *testing.T, kp *gm.SandboxKeyPair) []byte {
	t.Helper()
	block, _ := pem.Decode(kp.PublicKeyPEM())
	k, err := smx509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := sm2.EncryptASN1(rand.Reader, k.(*ecdsa.PublicKey), make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	return blob
}

func TestSandboxSM4Requests(t *testing.T) {
	s, env := sandbox(t)
	check := func(name, action, body, code, says string) {
		t.Helper()
		rep := call(t, s, action, body)
		if rep.code() != code || !strings.Contains(rep.message(), says) {
			t.Errorf("%s: %s %q, want %s mentioning %q", name, rep.code(), rep.message(), code, says)
		}
		if strings.Contains(rep.message(), testName) || strings.Contains(rep.message(), testIDCard) {
			t.Errorf("%s: the message echoes a value: %q", name, rep.message())
		}
	}

	// Field level: the sealed name is a magic input, so the outcome shows
	// the sandbox read the plaintext.
	n, _ := faceidtest.ResultNumber("IdCardVerification", "-4")
	plain := map[string]any{"Name": faceidtest.SelectResult.Text(testName, n), "IdCard": testIDCard}
	if rep := succeed(t, s, "IdCardVerification", sealFields(t, env, plain, "Name", "IdCard")); rep.Response["Result"] != "-4" {
		t.Errorf("Result = %v, want -4", rep.Response["Result"])
	}
	body := sealFields(t, env, map[string]any{"RuleId": "1", "Name": testName, "IdCard": testIDCard}, "IdCard", "Name")
	info, ok := s.Token(succeed(t, s, "DetectAuth", body).Response["BizToken"].(string))
	if !ok || info.Name != testName || info.IDCard != testIDCard {
		t.Errorf("DetectAuth kept %q %q, want the plaintext", info.Name, info.IDCard)
	}

	da := map[string]any{"RuleId": "1", "Name": testName, "IdCard": testIDCard, "Extra": "order-1"}
	check("not encryptable", "DetectAuth", sealFields(t, env, da, "Extra"), codes.InvalidParameterUnsupportEncryptField, "存在不加密的字段")

	edit := func(f func(m, enc map[string]any)) string {
		m := fromJSON(t, sealFields(t, env, da, "IdCard", "Name"))
		f(m, m["Encryption"].(map[string]any))
		return toJSON(t, m)
	}
	other, err := gm.TencentDefaultSM2Sealer().NewEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	check("tampered ciphertext", "DetectAuth", edit(func(m, _ map[string]any) {
		ct := unb64any(t, m["IdCard"])
		ct[0] ^= 1
		m["IdCard"] = b64(ct)
	}), codes.FailedDecryptSystemError, "IdCard")
	check("wrong tag", "DetectAuth", edit(func(_, enc map[string]any) {
		tags := enc["TagList"].([]any)
		tags[0], tags[1] = tags[1], tags[0]
	}), codes.FailedDecryptSystemError, "IdCard")
	check("missing tag", "DetectAuth", edit(func(_, enc map[string]any) { enc["TagList"] = enc["TagList"].([]any)[:1] }),
		codes.FailedDecryptSystemError, "TagList")
	check("wrong blob", "DetectAuth", edit(func(_, enc map[string]any) { enc["CiphertextBlob"] = b64(other.CiphertextBlob()) }),
		codes.FailedDecryptSystemError, "CiphertextBlob")
	check("AES Iv under SM4", "DetectAuth", edit(func(_, enc map[string]any) { enc["Iv"] = b64(make([]byte, 16)) }),
		codes.FailedDecryptSystemError, "Iv")
	check("SM4 blob read as AES", "DetectAuth", edit(func(_, enc map[string]any) { delete(enc, "Algorithm") }),
		codes.FailedDecryptSystemError, "CiphertextBlob")
	if len(s.Tokens()) != 1 {
		t.Errorf("%d BizTokens, want only the first call's", len(s.Tokens()))
	}

	// PhoneVerification takes AES-256-CBC only, in its flat members.
	pv := fromJSON(t, sealFields(t, env, map[string]any{"Name": testName, "IdCard": testIDCard, "Phone": "13800138000"}, "Name"))
	enc := pv["Encryption"].(map[string]any)
	delete(pv, "Encryption")
	pv["CiphertextBlob"], pv["EncryptList"], pv["Iv"] = enc["CiphertextBlob"], enc["EncryptList"], enc["Iv"]
	check("flat SM4", "PhoneVerification", toJSON(t, pv), codes.InvalidParameterValue, faceid.AlgorithmAES256CBC)
}

func TestSandboxSM4Body(t *testing.T) {
	s, env := sandbox(t)
	n, _ := faceidtest.ResultNumber("DetectAIFakeFaces", "Mid")
	plain := toJSON(t, map[string]any{"FaceInput": b64(faceidtest.SelectResult.Image(n)), "FaceInputType": 1})
	iv, _ := env.NewIV()
	ct, tag, err := env.Seal(iv, []byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	enc := keyOnly(t, env)
	enc.IV, enc.TagList = b64(iv), []string{b64(tag)}
	rep := succeed(t, s, "DetectAIFakeFaces", toJSON(t, map[string]any{"Encryption": enc, "EncryptedBody": b64(ct)}))
	if rep.Response["AttackRiskLevel"] != "Mid" {
		t.Errorf("AttackRiskLevel = %v, want Mid (the sealed photo's magic input)", rep.Response["AttackRiskLevel"])
	}
	bad := append([]byte(nil), tag...)
	bad[15] ^= 1
	enc.TagList = []string{b64(bad)}
	if rep := call(t, s, "DetectAIFakeFaces", toJSON(t, map[string]any{"Encryption": enc, "EncryptedBody": b64(ct)})); rep.code() != codes.FailedDecryptSystemError {
		t.Errorf("a wrong body tag: %s %s", rep.code(), rep.message())
	}
}

// openFields opens a field-level reply in place, checking its Encryption,
// and drops the members that differ from the clear reply.
func openFields(t *testing.T, env faceid.Envelope, resp map[string]any) map[string]any {
	t.Helper()
	enc := resp["Encryption"].(map[string]any)
	if enc["Algorithm"] != faceid.AlgorithmSM4GCM || enc["CiphertextBlob"] != b64(env.CiphertextBlob()) {
		t.Errorf("the reply's Encryption does not echo the request's: %v", enc)
	}
	iv := unb64any(t, enc["Iv"])
	list, tags := enc["EncryptList"].([]any), enc["TagList"].([]any)
	if len(list) == 0 || len(tags) != len(list) {
		t.Fatalf("EncryptList %v with TagList %v", list, tags)
	}
	for i, p := range list {
		path := strings.Split(p.(string), ".")
		obj := resp
		for _, k := range path[1 : len(path)-1] {
			obj = obj[k].(map[string]any)
		}
		last := path[len(path)-1]
		pt, err := env.Open(iv, unb64any(t, obj[last]), unb64any(t, tags[i]))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		obj[last] = string(pt)
	}
	return clearOf(resp)
}

func clearOf(resp map[string]any) map[string]any {
	out := maps.Clone(resp)
	delete(out, "RequestId")
	delete(out, "Encryption")
	return out
}

func TestSandboxSM4Replies(t *testing.T) {
	s, env := sandbox(t)
	auth, err := s.Client().DetectAuth(t.Context(), &faceid.DetectAuthRequest{RuleID: "1", Name: testName, IDCard: testIDCard})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	ask := map[string]any{"BizToken": auth.BizToken, "RuleId": "1"}
	clearRep := succeed(t, s, "GetDetectInfoEnhanced", toJSON(t, ask))

	// Field level.
	ask["Encryption"] = keyOnly(t, env)
	rep := succeed(t, s, "GetDetectInfoEnhanced", toJSON(t, ask))
	if text := rep.Response["Text"].(map[string]any); text["Name"] == testName || text["IdCard"] == testIDCard {
		t.Error("the field-level reply shows Text.Name or Text.IdCard in clear")
	}
	if got, want := openFields(t, env, rep.Response), clearOf(clearRep.Response); !reflect.DeepEqual(got, want) {
		t.Errorf("opened, the field-level reply is not the clear one:\n%v\n%v", got, want)
	}

	// Whole reply.
	ask["IsEncryptResponse"] = true
	rep = succeed(t, s, "GetDetectInfoEnhanced", toJSON(t, ask))
	if len(rep.Response) != 3 {
		t.Errorf("the whole-body reply has members %v, want RequestId, Encryption, EncryptedBody", reflect.ValueOf(rep.Response).MapKeys())
	}
	enc := rep.Response["Encryption"].(map[string]any)
	tags := enc["TagList"].([]any)
	if len(tags) != 1 || !reflect.DeepEqual(enc["EncryptList"], []any{"EncryptionBody"}) {
		t.Fatalf("whole-body Encryption %v", enc)
	}
	pt, err := env.Open(unb64any(t, enc["Iv"]), unb64any(t, rep.Response["EncryptedBody"]), unb64any(t, tags[0]))
	if err != nil {
		t.Fatal(err)
	}
	want := clearOf(clearRep.Response)
	delete(want, "EncryptedBody")
	if got := fromJSON(t, string(pt)); !reflect.DeepEqual(got, want) {
		t.Errorf("the sealed body is not the clear reply:\n%v\n%v", got, want)
	}

	// Errors are never sealed.
	ask["RuleId"] = "42"
	if rep := call(t, s, "GetDetectInfoEnhanced", toJSON(t, ask)); rep.code() != codes.RuleIDNotExist || rep.Response["EncryptedBody"] != nil {
		t.Errorf("error reply %s", rep.body)
	}
}

func TestSandboxSM3Hashes(t *testing.T) {
	const action = "EncryptedPhoneVerification"
	kp := gm.NewSandboxKeyPair()
	s := faceidtest.NewServer(faceidtest.WithKeyPair(kp))
	t.Cleanup(s.Close)
	sm3 := func(v string) string { return hex.EncodeToString(kp.SM3([]byte(v))) }
	n, _ := faceidtest.ResultNumber(action, "-4")
	body := func(name string) string {
		return toJSON(t, map[string]any{"EncryptionMode": "3", "Name": sm3(name), "IdCard": sm3(testIDCard), "Phone": sm3("13800138000")})
	}
	if rep := succeed(t, s, action, body(faceidtest.SelectResult.Text(faceidtest.FictionalName, n))); rep.Response["Result"] != "-4" {
		t.Errorf("the SM3 digest of a magic name: Result %v, want -4", rep.Response["Result"])
	}
	if rep := succeed(t, s, action, body(testName+"二")); rep.Response["Result"] != "0" {
		t.Errorf("another digest: Result %v, want 0", rep.Response["Result"])
	}
}
