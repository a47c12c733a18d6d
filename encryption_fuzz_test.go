package faceid

import (
	"bytes"
	"context"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzSealedReply feeds arbitrary replies to a sealed GetDetectInfoEnhanced,
// whole and member by member: nothing panics, an error never comes with a
// result, and a result never holds ciphertext where the reply listed a
// member as encrypted.
func FuzzSealedReply(f *testing.F) {
	sealer := fixedKeySealer{key: bytes.Repeat([]byte{7}, 32)}
	env, err := sealer.NewEnvelope()
	if err != nil {
		f.Fatal(err)
	}
	members := clearEnhancedReply(f)
	sealFields(f, env, members, "Response.Text.IdCard", "Text.Name")
	fields, err := json.Marshal(map[string]any{"Response": members})
	if err != nil {
		f.Fatal(err)
	}
	whole := sealWhole(f, env, clearEnhancedReply(f))
	buffered, err := json.Marshal(map[string]any{"Response": whole})
	if err != nil {
		f.Fatal(err)
	}
	streamed := []byte(`{"Response":` + string(encryptionFirst(f, whole)) + `}`)
	for _, seed := range [][]byte{fields, buffered, streamed} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, reply []byte, wholeReply bool) {
		c, err := NewClient(WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
			WithHTTPClient(&http.Client{Transport: replayTransport{body: reply}}),
			WithEncryption(sealer), WithRetry(RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			t.Fatal(err)
		}
		req := &GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: wholeReply}
		info, err := c.GetDetectInfoEnhanced(context.Background(), req)
		if err != nil {
			if info != nil {
				t.Fatalf("an error came with a result: %v", err)
			}
			return
		}
		if !info.Encryption.IsZero() || len(info.EncryptedBody) > 0 {
			t.Fatal("a result kept its encryption after decrypting")
		}
	})
}

// FuzzDecryptPieces: ciphertext handed to the decrypting stage in pieces
// of any whole number of blocks decrypts, or fails, exactly as Open
// decrypts it whole.
func FuzzDecryptPieces(f *testing.F) {
	sealer := fixedKeySealer{key: bytes.Repeat([]byte{9}, 32)}
	env, err := sealer.NewEnvelope()
	if err != nil {
		f.Fatal(err)
	}
	iv := bytes.Repeat([]byte{1}, 16)
	for _, text := range []string{"", "a", "exactly sixteen!", `{"Text":{"IdCard":"110101199003071233"}}`} {
		ct, _, err := env.Seal(iv, []byte(text))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ct, []byte{1, 2})
		f.Add(ct[:len(ct)-1], []byte{1})
	}
	f.Fuzz(func(t *testing.T, ct, cuts []byte) {
		want, wantErr := env.Open(iv, ct, nil)
		block, err := env.(*aesEnvelope).block("open", iv, nil)
		if err != nil {
			t.Fatal(err)
		}
		rl := newRelay(new(piecePool))
		in, out := make(chan []byte, len(cuts)+1), make(chan []byte, len(cuts)+1)
		rest := bytes.Clone(ct)
		for _, c := range cuts {
			n := min(int(c)*16, len(rest)&^15)
			if n == 0 {
				break
			}
			in <- rest[:n]
			rest = rest[n:]
		}
		if len(rest) > 0 {
			in <- rest
		}
		close(in)
		decryptPieces(rl, cipher.NewCBCDecrypter(block, iv), in, out)
		if rl.stopped() {
			if wantErr == nil {
				t.Fatalf("Open decrypts, the stage failed: %v", rl.failure())
			}
			return
		}
		var got []byte
		for b := range out {
			got = append(got, b...)
		}
		if wantErr != nil || !bytes.Equal(want, got) {
			t.Fatalf("stage %q, Open %q (%v)", got, want, wantErr)
		}
	})
}

// opaqueSealer hides this package's envelope type, so that requests are
// sealed through the Envelope interface as another package's would be.
type opaqueSealer struct{ Sealer }

type opaqueEnvelope struct{ Envelope }

func (s opaqueSealer) NewEnvelope() (Envelope, error) {
	env, err := s.Sealer.NewEnvelope()
	return opaqueEnvelope{env}, err
}

// FuzzSealRequest seals arbitrary bodies for an action of each sealing
// mode (members, flat, result, whole body), through this package's
// envelope, which seals straight into the body, and through the Envelope
// interface: nothing panics, an error comes with nothing to send, and a
// valid request comes out as JSON in which each sealed member opens to its
// clear value and every other member is unchanged.
func FuzzSealRequest(f *testing.F) {
	for _, seed := range []string{
		`{"RuleId":"1","IdCard":"110101199003071233","Name":"测试一","RedirectUrl":"https://shop.example/return"}`,
		`{"IdCard":"11010119900307123X","Name":"a\"b\\","Phone":"13800000000"}`,
		`{"BizToken":"6399E5F7","RuleId":"1","InfoType":"0","IsEncryptResponse":true}`,
		`{"FaceInput":"anBlZw==","FaceInputType":1}`,
		`{"Name":"\u6d4b\u8bd5","Extra":{"IdCard":"x"},"IdCard":""}`,
		`{}`,
	} {
		for which := range uint8(4) {
			f.Add([]byte(seed), which)
		}
	}
	actions := []string{"DetectAuth", "PhoneVerification", "GetDetectInfoEnhanced", "DetectAIFakeFaces"}
	base := fixedKeySealer{key: bytes.Repeat([]byte{5}, 32)}
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		action := actions[int(which)%len(actions)]
		for _, sealer := range []Sealer{base, opaqueSealer{base}} {
			out, seal, err := sealRequest(action, body, &encryption{sealer: sealer})
			if err != nil {
				if out != nil || seal != nil {
					t.Fatalf("%s: an error came with a body to send: %v", action, err)
				}
				continue
			}
			if seal == nil {
				if !bytes.Equal(out, body) {
					t.Fatalf("%s: nothing sealed, yet the body changed", action)
				}
				continue
			}
			checkSealedBody(t, action, body, out, seal.env)
			seal.env.Close()
		}
	})
}

// checkSealedBody checks out, body sealed for action with env, when body
// is a valid JSON object.
func checkSealedBody(t *testing.T, action string, body, out []byte, env Envelope) {
	t.Helper()
	var inClear map[string]json.RawMessage
	if json.Unmarshal(body, &inClear) != nil || !json.Valid(body) {
		return // sealed as it was read; its validity was the caller's to check
	}
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(out, &sent); err != nil {
		t.Fatalf("%s: the sealed body is not JSON: %v\n%s", action, err, out)
	}
	mode := sealingOf(action)
	var enc struct {
		EncryptList []string
		Iv          string
	}
	encJSON := sent["Encryption"]
	if mode.flat {
		encJSON, _ = json.Marshal(map[string]json.RawMessage{"EncryptList": sent["EncryptList"], "Iv": sent["Iv"]})
	}
	if err := json.Unmarshal(encJSON, &enc); err != nil {
		t.Fatalf("%s: no Encryption: %v\n%s", action, err, out)
	}
	iv, err := base64.StdEncoding.DecodeString(enc.Iv)
	if err != nil {
		t.Fatal(err)
	}
	open := func(name string, raw json.RawMessage) []byte {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			t.Fatalf("%s: sealed %s is not a string", action, name)
		}
		ct, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			t.Fatalf("%s: sealed %s is not base64", action, name)
		}
		plain, err := env.Open(iv, ct, nil)
		if err != nil {
			t.Fatalf("%s: sealed %s does not open: %v", action, name, err)
		}
		return plain
	}
	if mode.wholeBody {
		if got := open("EncryptedBody", sent["EncryptedBody"]); !bytes.Equal(got, body) {
			t.Fatalf("%s: the whole body opens to %q, want %q", action, got, body)
		}
		return
	}
	sealed := map[string]bool{}
	for _, name := range enc.EncryptList {
		if name == encryptionBody {
			continue
		}
		sealed[name] = true
		var want string
		if err := json.Unmarshal(inClear[name], &want); err != nil {
			t.Fatalf("%s: %s was sealed but is not a string in clear", action, name)
		}
		if got := open(name, sent[name]); string(got) != want {
			t.Fatalf("%s: %s opens to %q, want %q", action, name, got, want)
		}
	}
	for name, raw := range inClear {
		if sealed[name] {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" && encryptableMember(action, name) {
			t.Fatalf("%s: %s was sent in clear", action, name)
		}
		if !bytes.Equal(compactJSON(t, raw), compactJSON(t, sent[name])) {
			t.Fatalf("%s: %s changed from %s to %s", action, name, raw, sent[name])
		}
	}
}

func compactJSON(t *testing.T, raw []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("not JSON: %s", raw)
	}
	return b.Bytes()
}
