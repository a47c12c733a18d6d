package faceid

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyHolder plays FaceID's side of envelope encryption in the tests: it
// holds the private key, opens what the client sealed and seals replies
// with the call's key, as faceid-api.md §5.1 describes.
type keyHolder struct {
	priv *rsa.PrivateKey
	pub  []byte // PEM
}

func newKeyHolder(t testing.TB) *keyHolder {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	return &keyHolder{priv: priv, pub: pemText("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&priv.PublicKey))}
}

// envelope unwraps a request's CiphertextBlob.
func (k *keyHolder) envelope(t testing.TB, blob string) Envelope {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(blob)
	require.NoError(t, err)
	env, err := NewAESEnvelope(textbookUnwrap(t, k.priv, raw), raw)
	require.NoError(t, err)
	return env
}

// sealedServer answers each request with reply(body, env), env being the
// envelope of the request's key (nil when it carries none), and records
// the bodies.
type sealedServer struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (s *sealedServer) last(t testing.TB) map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.bodies, "no request was sent")
	var m map[string]any
	require.NoError(t, json.Unmarshal(s.bodies[len(s.bodies)-1], &m))
	return m
}

func (s *sealedServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

func sealedClient(t testing.TB, k *keyHolder, reply func(req map[string]any, env Envelope) any, opts ...Option) (*Client, *sealedServer) {
	t.Helper()
	srv := &sealedServer{}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, DefaultEndpoint+"/", func(r *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		srv.mu.Lock()
		srv.bodies = append(srv.bodies, b)
		srv.mu.Unlock()
		var req map[string]any
		if err := json.Unmarshal(b, &req); err != nil {
			return nil, err
		}
		var env Envelope
		if enc, ok := req["Encryption"].(map[string]any); ok {
			env = k.envelope(t, enc["CiphertextBlob"].(string))
		} else if blob, ok := req["CiphertextBlob"].(string); ok {
			env = k.envelope(t, blob)
		}
		out, err := json.Marshal(map[string]any{"Response": reply(req, env)})
		if err != nil {
			return nil, err
		}
		resp := httpmock.NewBytesResponse(200, out)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	sealer, err := NewRSASealer(k.pub)
	require.NoError(t, err)
	base := []Option{
		WithEndpoint(DefaultEndpoint),
		WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithHTTPClient(&http.Client{Transport: mt}),
		WithClock(func() time.Time { return testNow }),
		WithEncryption(sealer),
	}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c, srv
}

// openMember opens a sealed request member.
func openMember(t testing.TB, env Envelope, req map[string]any, iv []byte, name string) string {
	t.Helper()
	plain, err := env.Open(iv, unb64(t, req[name].(string)), nil)
	require.NoError(t, err, name)
	return string(plain)
}

func sealText(t testing.TB, env Envelope, iv []byte, text string) string {
	t.Helper()
	ct, _, err := env.Seal(iv, []byte(text))
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(ct)
}

func detectAuthReply(map[string]any, Envelope) any {
	return map[string]any{"BizToken": "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", "Url": "https://faceid.example/h5", "RequestId": "req-1"}
}

// TestSealedRequestFormat checks a DetectAuth sealed as §5.1 items 2-5 and
// 8 say: the personal members replaced by their ciphertext, the rest
// untouched, and an Encryption whose key and IV are fresh per request.
func TestSealedRequestFormat(t *testing.T) {
	k := newKeyHolder(t)
	c, srv := sealedClient(t, k, detectAuthReply)
	req := &DetectAuthRequest{RuleID: "1", IDCard: "110101199003071233", Name: "测试一", RedirectURL: "https://shop.example/return"}
	var keys, ivs []string
	for range 2 {
		_, err := c.DetectAuth(context.Background(), req)
		require.NoError(t, err)
		raw := srv.bodies[srv.count()-1]
		assert.NotContains(t, string(raw), "110101199003071233")
		assert.NotContains(t, string(raw), "测试一")
		body := srv.last(t)
		enc := body["Encryption"].(map[string]any)
		assert.Equal(t, []any{"IdCard", "Name"}, enc["EncryptList"])
		assert.Equal(t, AlgorithmAES256CBC, enc["Algorithm"])
		assert.NotContains(t, enc, "TagList")
		assert.Equal(t, "1", body["RuleId"])
		assert.Equal(t, "https://shop.example/return", body["RedirectUrl"])
		iv := unb64(t, enc["Iv"].(string))
		require.Len(t, iv, 16)
		env := k.envelope(t, enc["CiphertextBlob"].(string))
		assert.Equal(t, "110101199003071233", openMember(t, env, body, iv, "IdCard"))
		assert.Equal(t, "测试一", openMember(t, env, body, iv, "Name"))
		keys = append(keys, enc["CiphertextBlob"].(string))
		ivs = append(ivs, enc["Iv"].(string))
	}
	assert.NotEqual(t, keys[0], keys[1], "a key was reused")
	assert.NotEqual(t, ivs[0], ivs[1], "an IV was reused")
	assert.Equal(t, "110101199003071233", req.IDCard, "the caller's request was changed")
}

// TestSealingChecksPlaintextFirst: a bad ID number is refused before
// anything is sealed or sent.
func TestSealingChecksPlaintextFirst(t *testing.T) {
	c, srv := sealedClient(t, newKeyHolder(t), detectAuthReply)
	_, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1", IDCard: "110101199003071234", Name: "测试一"})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "IdCard", ve.Field)
	assert.Zero(t, srv.count())
}

// TestEncryptionOptions covers EncryptOnly, the per-call override and a
// hand-built Encryption beside a Sealer.
func TestEncryptionOptions(t *testing.T) {
	k := newKeyHolder(t)
	ctx := context.Background()
	req := &DetectAuthRequest{RuleID: "1", IDCard: "110101199003071233", Name: "测试一"}

	c, srv := sealedClient(t, k, detectAuthReply)
	_, err := c.DetectAuth(ctx, req, WithoutCallEncryption())
	require.NoError(t, err)
	assert.Equal(t, "110101199003071233", srv.last(t)["IdCard"])
	assert.NotContains(t, srv.last(t), "Encryption")

	sealer, err := NewRSASealer(k.pub)
	require.NoError(t, err)
	_, err = c.DetectAuth(ctx, req, WithCallEncryption(sealer, EncryptOnly("Name")))
	require.NoError(t, err)
	body := srv.last(t)
	assert.Equal(t, "110101199003071233", body["IdCard"])
	assert.Equal(t, []any{"Name"}, body["Encryption"].(map[string]any)["EncryptList"])

	_, err = NewClient(WithEncryption(sealer, EncryptOnly("RuleId")))
	require.ErrorContains(t, err, `no action takes "RuleId" sealed`)
	_, err = NewClient(WithEncryption(nil))
	require.ErrorContains(t, err, "Sealer is nil")

	n := srv.count()
	hand := *req
	hand.Encryption = &Encryption{EncryptList: []string{"Name"}, CiphertextBlob: "x", IV: "y"}
	_, err = c.DetectAuth(ctx, &hand)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "Encryption", ve.Field)
	assert.Equal(t, n, srv.count(), "a conflicting request was sent")
}

// TestSealedFlatAndWholeBody covers PhoneVerification's flat members and
// DetectAIFakeFaces' whole body.
func TestSealedFlatAndWholeBody(t *testing.T) {
	k := newKeyHolder(t)
	ctx := context.Background()
	c, srv := sealedClient(t, k, func(map[string]any, Envelope) any {
		return map[string]any{"Result": "0", "Description": "认证通过", "Isp": "移动", "AttackRiskLevel": "Low", "AttackRiskDetailList": []any{}, "RequestId": "r"}
	})
	_, err := c.PhoneVerification(ctx, &PhoneVerificationRequest{IDCard: "110101199003071233", Name: "测试一", Phone: "13800000000"})
	require.NoError(t, err)
	body := srv.last(t)
	assert.NotContains(t, body, "Encryption")
	assert.Equal(t, []any{"IdCard", "Name", "Phone"}, body["EncryptList"])
	env := k.envelope(t, body["CiphertextBlob"].(string))
	assert.Equal(t, "13800000000", openMember(t, env, body, unb64(t, body["Iv"].(string)), "Phone"))

	_, err = c.DetectAIFakeFaces(ctx, &DetectAIFakeFacesRequest{FaceInput: []byte("jpeg bytes"), FaceInputType: 1})
	require.NoError(t, err)
	body = srv.last(t)
	require.Len(t, body, 2, "a whole-body request carries only EncryptedBody and Encryption")
	enc := body["Encryption"].(map[string]any)
	assert.Equal(t, []any{encryptionBody}, enc["EncryptList"])
	env = k.envelope(t, enc["CiphertextBlob"].(string))
	plain, err := env.Open(unb64(t, enc["Iv"].(string)), unb64(t, body["EncryptedBody"].(string)), nil)
	require.NoError(t, err)
	var inner map[string]any
	require.NoError(t, json.Unmarshal(plain, &inner))
	assert.Equal(t, base64.StdEncoding.EncodeToString([]byte("jpeg bytes")), inner["FaceInput"])
	assert.EqualValues(t, 1, inner["FaceInputType"])
}

// clearEnhancedReply is the Response object of a passed result with media.
func clearEnhancedReply(t testing.TB) map[string]any {
	t.Helper()
	var doc struct{ Response map[string]any }
	require.NoError(t, json.Unmarshal(loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json").Response.Body, &doc))
	return doc.Response
}

// sealFields seals the Text members of a reply field by field, listing
// them by the given paths (Response.-rooted or bare, as Tencent's
// examples vary).
func sealFields(t testing.TB, env Envelope, resp map[string]any, paths ...string) {
	t.Helper()
	iv, err := env.NewIV()
	require.NoError(t, err)
	text := resp["Text"].(map[string]any)
	for _, p := range paths {
		name := p[strings.LastIndexByte(p, '.')+1:]
		text[name] = sealText(t, env, iv, text[name].(string))
	}
	resp["Encryption"] = map[string]any{"EncryptList": paths, "Iv": base64.StdEncoding.EncodeToString(iv),
		"Algorithm": AlgorithmAES256CBC, "CiphertextBlob": "", "TagList": []string{}}
}

// sealWhole moves every member but RequestId into EncryptedBody.
func sealWhole(t testing.TB, env Envelope, resp map[string]any) map[string]any {
	t.Helper()
	id := resp["RequestId"]
	delete(resp, "RequestId")
	plain, err := json.Marshal(resp)
	require.NoError(t, err)
	iv, err := env.NewIV()
	require.NoError(t, err)
	ct, _, err := env.Seal(iv, plain)
	require.NoError(t, err)
	return map[string]any{"RequestId": id, "EncryptedBody": base64.StdEncoding.EncodeToString(ct),
		"Encryption": map[string]any{"EncryptList": []string{encryptionBody}, "Iv": base64.StdEncoding.EncodeToString(iv), "Algorithm": AlgorithmAES256CBC}}
}

// encryptionFirst writes a whole sealed reply with its Encryption before
// EncryptedBody, the order in which the client decrypts the body as it
// reads it (json.Marshal of a map puts EncryptedBody first).
func encryptionFirst(t testing.TB, sealed map[string]any) json.RawMessage {
	t.Helper()
	id, err := json.Marshal(sealed["RequestId"])
	require.NoError(t, err)
	enc, err := json.Marshal(sealed["Encryption"])
	require.NoError(t, err)
	body, err := json.Marshal(sealed["EncryptedBody"])
	require.NoError(t, err)
	return json.RawMessage(`{"RequestId":` + string(id) + `,"Encryption":` + string(enc) + `,"EncryptedBody":` + string(body) + `}`)
}

// TestSealedRepliesReadAsClear: a result whose members, or whole body,
// come encrypted reads exactly as the clear one, verdict included.
func TestSealedRepliesReadAsClear(t *testing.T) {
	k := newKeyHolder(t)
	ctx := context.Background()
	clear := clearEnhancedReply(t)
	plainClient, _ := fixtureClient(t, loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json"))
	req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", BestFramesCount: 2}
	want, err := plainClient.GetDetectInfoEnhanced(ctx, req)
	require.NoError(t, err)

	for name, seal := range map[string]func(map[string]any, Envelope) any{
		"members, rooted paths": func(_ map[string]any, env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Response.Text.IdCard", "Response.Text.Name")
			return resp
		},
		"members, bare paths": func(_ map[string]any, env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard", "Text.Name")
			return resp
		},
		"whole body": func(_ map[string]any, env Envelope) any { return sealWhole(t, env, clearEnhancedReply(t)) },
		"whole body, streamed": func(_ map[string]any, env Envelope) any {
			return encryptionFirst(t, sealWhole(t, env, clearEnhancedReply(t)))
		},
	} {
		t.Run(name, func(t *testing.T) {
			c, srv := sealedClient(t, k, func(req map[string]any, env Envelope) any {
				require.NotNil(t, env, "the result request carries no key")
				return seal(req, env)
			})
			r := *req
			r.IsEncryptResponse = strings.HasPrefix(name, "whole body")
			got, err := c.GetDetectInfoEnhanced(ctx, &r)
			require.NoError(t, err)
			enc := srv.last(t)["Encryption"].(map[string]any)
			assert.Equal(t, []any{encryptionBody}, enc["EncryptList"], "the request does not ask as Tencent's helper does")
			assert.Equal(t, clear["Text"].(map[string]any)["IdCard"], got.Text.IDCard)
			assert.Equal(t, want.Text, got.Text)
			assert.Equal(t, want.VideoData.LivenessVideo, got.VideoData.LivenessVideo)
			assert.Equal(t, want.BestFrame, got.BestFrame)
			assert.Empty(t, got.EncryptedBody)
			assert.True(t, got.Verdict().Passed)
		})
	}
}

// TestUndecryptableRepliesFail: whatever does not decrypt, or does not
// add up, fails the call with no result.
func TestUndecryptableRepliesFail(t *testing.T) {
	k := newKeyHolder(t)
	ctx := context.Background()
	cases := map[string]func(env Envelope) any{
		"tampered member": func(env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard")
			ct := unb64(t, resp["Text"].(map[string]any)["IdCard"].(string))
			ct[len(ct)-1] ^= 1
			resp["Text"].(map[string]any)["IdCard"] = base64.StdEncoding.EncodeToString(ct)
			return resp
		},
		"unknown path": func(env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard")
			resp["Encryption"].(map[string]any)["EncryptList"] = []string{"Text.IdCard", "Text.Sim"}
			return resp
		},
		"listed twice": func(env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard")
			resp["Encryption"].(map[string]any)["EncryptList"] = []string{"Text.IdCard", "Response.Text.IdCard"}
			return resp
		},
		"other algorithm": func(env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard")
			resp["Encryption"].(map[string]any)["Algorithm"] = AlgorithmSM4GCM
			return resp
		},
		"tags under AES": func(env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard")
			resp["Encryption"].(map[string]any)["TagList"] = []string{"AAAAAAAAAAAAAAAAAAAAAA=="}
			return resp
		},
		"bad IV": func(env Envelope) any {
			resp := clearEnhancedReply(t)
			sealFields(t, env, resp, "Text.IdCard")
			resp["Encryption"].(map[string]any)["Iv"] = "not base64!"
			return resp
		},
		"tampered body": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			ct := unb64(t, resp["EncryptedBody"].(string))
			ct[len(ct)-1] ^= 1
			resp["EncryptedBody"] = base64.StdEncoding.EncodeToString(ct)
			return resp
		},
		"tampered body, streamed": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			ct := unb64(t, resp["EncryptedBody"].(string))
			ct[len(ct)-1] ^= 1
			resp["EncryptedBody"] = base64.StdEncoding.EncodeToString(ct)
			return encryptionFirst(t, resp)
		},
		"cut body, streamed": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			ct := unb64(t, resp["EncryptedBody"].(string))
			resp["EncryptedBody"] = base64.StdEncoding.EncodeToString(ct[:len(ct)-16])
			return encryptionFirst(t, resp)
		},
		"body of another key, streamed": func(Envelope) any {
			other, err := TencentDefaultRSASealer().NewEnvelope()
			require.NoError(t, err)
			return encryptionFirst(t, sealWhole(t, other, clearEnhancedReply(t)))
		},
		"member both in clear and in the body, streamed": func(env Envelope) any {
			raw := string(encryptionFirst(t, sealWhole(t, env, clearEnhancedReply(t))))
			text, err := json.Marshal(clearEnhancedReply(t)["Text"])
			require.NoError(t, err)
			return json.RawMessage(strings.TrimSuffix(raw, "}") + `,"Text":` + string(text) + `}`)
		},
		"body twice, the second streamed": func(env Envelope) any {
			sealed := sealWhole(t, env, clearEnhancedReply(t))
			raw := string(encryptionFirst(t, sealed))
			return json.RawMessage(`{"EncryptedBody":"AAAAAAAAAAAAAAAAAAAAAA==",` + strings.TrimPrefix(raw, "{"))
		},
		"cut body, not whole blocks": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			ct := unb64(t, resp["EncryptedBody"].(string))
			resp["EncryptedBody"] = base64.StdEncoding.EncodeToString(ct[:len(ct)-1])
			return resp
		},
		"cut body, a block short": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			ct := unb64(t, resp["EncryptedBody"].(string))
			resp["EncryptedBody"] = base64.StdEncoding.EncodeToString(ct[:len(ct)-16])
			return resp
		},
		"body with another IV": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			iv := unb64(t, resp["Encryption"].(map[string]any)["Iv"].(string))
			iv[0] ^= '{' ^ '['
			resp["Encryption"].(map[string]any)["Iv"] = base64.StdEncoding.EncodeToString(iv)
			return resp
		},
		"body with a 12-byte IV": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			resp["Encryption"].(map[string]any)["Iv"] = base64.StdEncoding.EncodeToString(make([]byte, 12))
			return resp
		},
		"body with tags under AES": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			resp["Encryption"].(map[string]any)["TagList"] = []string{"AAAAAAAAAAAAAAAAAAAAAA=="}
			return resp
		},
		"body of another algorithm": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			resp["Encryption"].(map[string]any)["Algorithm"] = AlgorithmSM4GCM
			return resp
		},
		"empty body": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			resp["EncryptedBody"] = ""
			return resp
		},
		"member both in clear and in the body": func(env Envelope) any {
			resp := sealWhole(t, env, clearEnhancedReply(t))
			resp["Text"] = clearEnhancedReply(t)["Text"]
			return resp
		},
		"another key": func(Envelope) any {
			other, err := TencentDefaultRSASealer().NewEnvelope()
			require.NoError(t, err)
			return sealWhole(t, other, clearEnhancedReply(t))
		},
	}
	for name, reply := range cases {
		t.Run(name, func(t *testing.T) {
			c, _ := sealedClient(t, k, func(_ map[string]any, env Envelope) any { return reply(env) })
			// A body sealed whole answers IsEncryptResponse.
			whole := strings.Contains(name, "body") || name == "another key"
			got, err := c.GetDetectInfoEnhanced(ctx, &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: whole})
			require.Error(t, err)
			assert.Nil(t, got, "an error came with a result")
			if name == "member both in clear and in the body, streamed" || name == "body twice, the second streamed" {
				// Met after the decrypted body, the clear member is the
				// second of its name: the reply is refused as ambiguous.
				assert.ErrorContains(t, err, "appears twice")
				return
			}
			assert.True(t, errors.Is(err, ErrEncryption), "%v", err)
			var rde *ReplyDecryptionError
			require.ErrorAs(t, err, &rde)
			assert.NotContains(t, err.Error(), "110101199003071233")
		})
	}
}

// TestSealedStreamRefusesWholeReply: a streamed result cannot be sealed
// whole, and nothing is sent; its members can.
func TestSealedStreamRefusesWholeReply(t *testing.T) {
	k := newKeyHolder(t)
	c, srv := sealedClient(t, k, func(_ map[string]any, env Envelope) any {
		resp := clearEnhancedReply(t)
		sealFields(t, env, resp, "Text.Name")
		return resp
	})
	sink := func(MediaRef) (io.Writer, error) { return io.Discard, nil }
	req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: true}
	_, err := c.GetDetectInfoEnhancedStream(context.Background(), req, sink)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "IsEncryptResponse", ve.Field)
	assert.Zero(t, srv.count())

	req.IsEncryptResponse = false
	info, err := c.GetDetectInfoEnhancedStream(context.Background(), req, sink)
	require.NoError(t, err)
	assert.Equal(t, clearEnhancedReply(t)["Text"].(map[string]any)["Name"], info.Text.Name)
}

// TestSealedGeneratedReply: a generated response (CheckIdCardInformation)
// decrypts its members and its whole body too.
func TestSealedGeneratedReply(t *testing.T) {
	k := newKeyHolder(t)
	clearResp := func() map[string]any {
		return map[string]any{"Sim": "0.00", "Result": "0", "Description": "成功", "Name": "测试一", "Sex": "男", "Nation": "汉",
			"Birth": "1990/3/7", "Address": "北京市东城区测试路1号", "IdNum": "110101199003071233", "Portrait": "", "Warnings": "", "Quality": 90, "RequestId": "r"}
	}
	for _, whole := range []bool{false, true} {
		c, _ := sealedClient(t, k, func(_ map[string]any, env Envelope) any {
			resp := clearResp()
			if whole {
				return sealWhole(t, env, resp)
			}
			iv, err := env.NewIV()
			require.NoError(t, err)
			resp["IdNum"] = sealText(t, env, iv, "110101199003071233")
			resp["Encryption"] = map[string]any{"EncryptList": []string{"Response.IdNum"}, "Iv": base64.StdEncoding.EncodeToString(iv)}
			return resp
		})
		got, err := c.CheckIdCardInformation(context.Background(), &CheckIdCardInformationRequest{Image: readMedia(t, "idcard-front.jpg"), IsEncryptResponse: whole})
		require.NoError(t, err, "whole=%t", whole)
		assert.Equal(t, "110101199003071233", got.IDNum)
		assert.Equal(t, "测试一", got.Name)
		assert.Empty(t, got.EncryptedBody)
	}
}

// TestSealedCallRefusesEncryptedReplies: Call cannot decrypt, so a sealed
// Call of a result action is refused before anything is sent.
func TestSealedCallRefusesEncryptedReplies(t *testing.T) {
	c, srv := sealedClient(t, newKeyHolder(t), detectAuthReply)
	var out map[string]any
	err := c.Call(context.Background(), "GetDetectInfoEnhanced", map[string]any{"BizToken": "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", "RuleId": "1"}, &out)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "Encryption", ve.Field)
	assert.Zero(t, srv.count())
	require.NoError(t, c.Call(context.Background(), "DetectAuth", map[string]any{"RuleId": "1", "IdCard": "110101199003071233"}, &out))
	assert.NotEqual(t, "110101199003071233", srv.last(t)["IdCard"])
}

// TestReplyDecryptionErrorIsRedacted: the cause of a ReplyDecryptionError
// can quote the decrypted reply; every printed and logged form redacts it.
func TestReplyDecryptionErrorIsRedacted(t *testing.T) {
	err := &ReplyDecryptionError{Action: "GetDetectInfoEnhanced", RequestID: "r-1", Problem: "the decrypted body does not decode",
		Err: errors.New(`unexpected value "110101199003071233" in Text`)}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Error("call failed", "error", err, "value", *err)
	for _, shown := range []string{err.Error(), fmt.Sprintf("%v", *err), fmt.Sprintf("%#v", *err), buf.String()} {
		assert.NotContains(t, shown, "110101199003071233")
		assert.Contains(t, shown, "does not decode")
	}
}

// TestWholeSealedRepliesShareNothing: whole sealed replies of different
// sizes, in both orders, read by concurrent calls of one client (whose
// pieces and buffers are pooled) each come out as their own clear reply.
func TestWholeSealedRepliesShareNothing(t *testing.T) {
	k := newKeyHolder(t)
	var n atomic.Int64
	c, _ := sealedClient(t, k, func(_ map[string]any, env Envelope) any {
		i := n.Add(1)
		resp := clearEnhancedReply(t)
		video := make([]byte, 1000+int(i)*37_000) // from under one piece to several
		_, _ = rand.Read(video)
		sum := sha256.Sum256(video)
		resp["VideoData"].(map[string]any)["LivenessVideo"] = base64.StdEncoding.EncodeToString(video)
		resp["Text"].(map[string]any)["Extra"] = hex.EncodeToString(sum[:])
		sealed := sealWhole(t, env, resp)
		if i%2 == 0 {
			return encryptionFirst(t, sealed)
		}
		return sealed
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 8 {
				got, err := c.GetDetectInfoEnhanced(context.Background(), &GetDetectInfoEnhancedRequest{
					BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: true})
				if !assert.NoError(t, err) {
					return
				}
				sum := sha256.Sum256(got.VideoData.LivenessVideo)
				assert.Equal(t, hex.EncodeToString(sum[:]), got.Text.Extra, "a result holds another reply's video")
				assert.True(t, got.Verdict().Passed)
			}
		})
	}
	wg.Wait()
}

// TestSealingErrorsQuoteNoValue: a request body that cannot be sealed is
// refused with an error that quotes nothing of its values.
func TestSealingErrorsQuoteNoValue(t *testing.T) {
	e := &encryption{sealer: fixedKeySealer{key: bytes.Repeat([]byte{5}, 32)}}
	for _, body := range []string{
		`{"RuleId":"1","IdCard":"110101199003071233","Name":"测\Z试一"}`,
		`{"RuleId":"1","IdCard":"110101199003071233","Name":"测\u00"}`,
		`{"RuleId":"1","IdCard":"110101199003071233","Name":"测试一}`,
	} {
		out, seal, err := sealRequest("DetectAuth", []byte(body), e)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, body)
		assert.Nil(t, out)
		assert.Nil(t, seal)
		for _, part := range []string{"1101", "233", "测", "Z", "u00"} {
			assert.NotContains(t, err.Error(), part, body)
		}
	}
}
