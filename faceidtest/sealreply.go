package faceidtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
)

// rawMember is one member of a JSON object, its value kept as JSON text.
type rawMember struct {
	key   string
	value json.RawMessage
}

// rawObject is a JSON object whose members keep their order.
type rawObject []rawMember

// MarshalJSON writes the members in order.
func (o rawObject) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, o.size())
	return append(o.appendMembers(append(b, '{')), '}'), nil
}

// size is about the length of the object's JSON text.
func (o rawObject) size() int {
	n := 2
	for _, m := range o {
		n += len(m.key) + len(m.value) + 4
	}
	return n
}

// appendMembers appends the members, separated by commas, to b.
func (o rawObject) appendMembers(b []byte) []byte {
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(m.key) // a string: cannot fail
		b = append(append(append(b, k...), ':'), m.value...)
	}
	return b
}

// find returns the index of the member named key, or -1.
func (o rawObject) find(key string) int {
	for i, m := range o {
		if m.key == key {
			return i
		}
	}
	return -1
}

// set replaces the value of the member named key, or adds the member.
func (o *rawObject) set(key string, value json.RawMessage) {
	if i := o.find(key); i >= 0 {
		(*o)[i].value = value
		return
	}
	*o = append(*o, rawMember{key, value})
}

// splitObject reads a JSON object into its members, in order; ok is false
// when data is not an object.
func splitObject(data []byte) (o rawObject, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		key, isKey := t.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		o = append(o, rawMember{key, v})
	}
	return o, true
}

// sealedReply builds the success reply of a call whose request brought a
// key: the members of the action's encryptedReply sealed field by field,
// or, when IsEncryptResponse asked for it, the whole reply in
// EncryptedBody. Sealing that fails (crypto/rand) is
// FailedOperation.EncryptSystemError.
func (s *Server) sealedReply(payload any, a *actionModel, sl *sealing, requestID, lang string) reply {
	out, err := json.Marshal(payload)
	if err != nil {
		return errorReply(errInternal(), lang, requestID)
	}
	members, ok := splitObject(out)
	if !ok {
		return errorReply(errInternal(), lang, requestID)
	}
	var sealed rawObject
	if sl.whole {
		sealed, err = sealWhole(members, sl.env)
	} else {
		sealed, err = sealFields(members, a.encryptedReply, sl.env)
	}
	if err != nil {
		return errorReply(&apiError{code: codes.FailedEncryptSystemError,
			zh: "加密失败：沙箱无法加密返回结果。", en: "Encryption failed: the sandbox could not seal the reply."}, lang, requestID)
	}
	// As successReply, without marshalling the members again: their
	// values are JSON already, and a whole reply is megabytes of it.
	b := make([]byte, 0, sealed.size()+len(requestID)+32)
	b = append(b, `{"Response":{`...)
	if len(sealed) > 0 {
		b = append(sealed.appendMembers(b), ',')
	}
	b = append(b, `"RequestId":"`+requestID+`"}}`...)
	return reply{status: http.StatusOK, body: b, requestID: requestID}
}

// replyEncryption is the Encryption object of a sealed reply, in the
// order of the spec's Encryption members.
func replyEncryption(env faceid.Envelope, list []string, iv []byte, tags []string) json.RawMessage {
	b, _ := json.Marshal(object{ // strings only: cannot fail
		{"EncryptList", list},
		{"CiphertextBlob", base64.StdEncoding.EncodeToString(env.CiphertextBlob())},
		{"Iv", base64.StdEncoding.EncodeToString(iv)},
		{"Algorithm", env.Algorithm()},
		{"TagList", tags},
	})
	return b
}

// sealFields seals, under one fresh Iv, every member at paths (from
// Response, "Text.IdCard") that holds a non-empty string, and sets the
// reply's Encryption: EncryptList names them from the envelope's root
// ("Response.Text.IdCard"), TagList holds their tags under SM4-GCM.
func sealFields(members rawObject, paths []string, env faceid.Envelope) (rawObject, error) {
	iv, err := env.NewIV()
	if err != nil {
		return nil, err
	}
	list, tags := []string{}, []string{}
	for _, path := range paths {
		tag, done, err := sealPath(members, strings.Split(path, "."), env, iv)
		if err != nil {
			return nil, err
		}
		if done {
			list = append(list, "Response."+path)
			if tag != nil {
				tags = append(tags, base64.StdEncoding.EncodeToString(tag))
			}
		}
	}
	members.set("Encryption", replyEncryption(env, list, iv, tags))
	return members, nil
}

// sealPath seals the string at path inside o, in place; done is false
// when there is none (a member left out, null or empty, or an object on
// the way that is null).
func sealPath(o rawObject, path []string, env faceid.Envelope, iv []byte) (tag []byte, done bool, err error) {
	i := o.find(path[0])
	if i < 0 {
		return nil, false, nil
	}
	if len(path) > 1 {
		inner, ok := splitObject(o[i].value)
		if !ok {
			return nil, false, nil // null, or not an object
		}
		tag, done, err = sealPath(inner, path[1:], env, iv)
		if done {
			o[i].value, err = inner.MarshalJSON()
		}
		return tag, done, err
	}
	var text string
	if json.Unmarshal(o[i].value, &text) != nil || text == "" {
		return nil, false, nil
	}
	ct, tag, err := env.Seal(iv, []byte(text))
	if err != nil {
		return nil, false, err
	}
	o[i].value, _ = json.Marshal(base64.StdEncoding.EncodeToString(ct)) // a string: cannot fail
	return tag, true, nil
}

// sealWhole seals the JSON object of every reply member but the
// envelope's own (Encryption, EncryptedBody) and returns the reply that
// carries it: Encryption with EncryptList ["EncryptionBody"] and, under
// SM4-GCM, the body's tag, and EncryptedBody.
func sealWhole(members rawObject, env faceid.Envelope) (rawObject, error) {
	body := make(rawObject, 0, len(members))
	for _, m := range members {
		if m.key != "Encryption" && m.key != "EncryptedBody" {
			body = append(body, m)
		}
	}
	plain, _ := body.MarshalJSON() // cannot fail
	iv, err := env.NewIV()
	if err != nil {
		return nil, err
	}
	ct, tag, err := env.Seal(iv, plain)
	clear(plain)
	if err != nil {
		return nil, err
	}
	tags := []string{}
	if tag != nil {
		tags = append(tags, base64.StdEncoding.EncodeToString(tag))
	}
	b64 := make([]byte, 0, base64.StdEncoding.EncodedLen(len(ct))+2)
	b64 = append(b64, '"')
	b64 = base64.StdEncoding.AppendEncode(b64, ct)
	b64 = append(b64, '"')
	return rawObject{
		{"Encryption", replyEncryption(env, []string{encryptionBody}, iv, tags)},
		{"EncryptedBody", b64},
	}, nil
}
