package faceid

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"
)

// referenceAuthorization is a deliberately plain transcription of the
// TC3-HMAC-SHA256 steps as Tencent documents them, kept independent of
// sign.go.
func referenceAuthorization(id, key, service, host, contentType string, body []byte, t time.Time) string {
	sum := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
	mac := func(k []byte, msg string) []byte {
		m := hmac.New(sha256.New, k)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	canonical := strings.Join([]string{
		"POST", "/", "",
		"content-type:" + asciiLower(strings.TrimSpace(contentType)) + "\nhost:" + asciiLower(strings.TrimSpace(host)) + "\n",
		"content-type;host", sum(body),
	}, "\n")
	date := t.UTC().Format("2006-01-02")
	scope := date + "/" + service + "/tc3_request"
	toSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(t.Unix(), 10) + "\n" + scope + "\n" + sum([]byte(canonical))
	kSigning := mac(mac(mac([]byte("TC3"+key), date), service), "tc3_request")
	return "TC3-HMAC-SHA256 Credential=" + id + "/" + scope + ", SignedHeaders=content-type;host, Signature=" +
		hex.EncodeToString(mac(kSigning, toSign))
}

// asciiLower lower-cases ASCII letters only: header values are ASCII on the
// wire, and other bytes (even invalid UTF-8) must pass through unchanged.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// FuzzSignCanonicalRequest compares the signer with the reference on
// arbitrary hosts, content types, bodies, keys and times, through the
// caching signer so that cache hits and misses are both exercised.
func FuzzSignCanonicalRequest(f *testing.F) {
	f.Add("faceid.tencentcloudapi.com", "application/json", []byte(`{"RuleId":"1"}`), "key", int64(1551113065))
	f.Add("127.0.0.1:8099", "Application/JSON; charset=UTF-8", []byte{}, "", int64(0))
	f.Add(" HOST ", "\t", []byte("\x00\xff"), "测试", int64(-1))
	var s Signer
	f.Fuzz(func(t *testing.T, host, contentType string, body []byte, key string, unix int64) {
		at := time.Unix(unix%(1<<40), 0)
		cred := Credentials{SecretID: "AKIDfuzz", SecretKey: key}
		want := referenceAuthorization(cred.SecretID, key, Service, host, contentType, body, at)
		if got := s.Authorization(cred, Service, host, contentType, body, at); got != want {
			t.Fatalf("signature differs from the reference:\n got %s\nwant %s", got, want)
		}
	})
}
