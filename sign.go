package faceid

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// tc3Algorithm names the signing algorithm in the Authorization header.
const tc3Algorithm = "TC3-HMAC-SHA256"

// signedHeaders are the headers covered by the signature, in canonical order.
const signedHeaders = "content-type;host"

// SignTC3 returns the Authorization header value for a TC3-HMAC-SHA256
// signed POST request to path "/" with no query string, as Tencent Cloud API
// 3.0 expects. It is a pure function of its inputs: the same credentials,
// service, host (with ":port" when the endpoint has one), content type, body
// and time always give the same value. The X-TC-Timestamp header sent with
// the request must be t's Unix time in seconds.
func SignTC3(cred Credentials, service, host, contentType string, body []byte, t time.Time) string {
	var s tc3Signer
	return s.authorization(cred, service, host, contentType, body, t)
}

// tc3Signer signs requests, caching the derived signing key per secret key,
// UTC date and service so that the three-step key chain runs once a day.
// Its zero value is ready to use and it is safe for concurrent use.
type tc3Signer struct {
	key atomic.Pointer[derivedKey]
}

// derivedKey is a cached kSigning value and what it was derived from.
type derivedKey struct {
	secretKey string
	date      string
	service   string
	signing   []byte
}

// authorization computes the Authorization header value.
func (s *tc3Signer) authorization(cred Credentials, service, host, contentType string, body []byte, t time.Time) string {
	t = t.UTC()
	var dateBuf [10]byte
	date := t.AppendFormat(dateBuf[:0], time.DateOnly)

	var canon [512]byte
	canonicalHash := sha256.Sum256(appendCanonicalRequest(canon[:0], host, contentType, body))

	var sts [256]byte
	toSign := appendStringToSign(sts[:0], t.Unix(), date, service, canonicalHash)

	mac := hmac.New(sha256.New, s.signingKey(cred.SecretKey, date, service))
	mac.Write(toSign)
	var sum [sha256.Size]byte
	signature := mac.Sum(sum[:0])

	var b strings.Builder
	b.Grow(len(tc3Algorithm) + len(cred.SecretID) + len(service) + 2*sha256.Size + 80)
	b.WriteString(tc3Algorithm)
	b.WriteString(" Credential=")
	b.WriteString(cred.SecretID)
	b.WriteByte('/')
	b.Write(date)
	b.WriteByte('/')
	b.WriteString(service)
	b.WriteString("/tc3_request, SignedHeaders=")
	b.WriteString(signedHeaders)
	b.WriteString(", Signature=")
	var hexSig [2 * sha256.Size]byte
	hex.Encode(hexSig[:], signature)
	b.Write(hexSig[:])
	return b.String()
}

// signingKey returns kSigning for the secret key, date and service, from the
// cache when it matches.
func (s *tc3Signer) signingKey(secretKey string, date []byte, service string) []byte {
	if k := s.key.Load(); k != nil && k.secretKey == secretKey && k.date == string(date) && k.service == service {
		return k.signing
	}
	k := &derivedKey{
		secretKey: secretKey,
		date:      string(date),
		service:   service,
		signing:   deriveSigningKey(secretKey, date, service),
	}
	s.key.Store(k)
	return k.signing
}

// deriveSigningKey runs the TC3 key chain:
// kDate = HMAC("TC3"+SecretKey, Date), kService = HMAC(kDate, Service),
// kSigning = HMAC(kService, "tc3_request").
func deriveSigningKey(secretKey string, date []byte, service string) []byte {
	kDate := hmacSHA256([]byte("TC3"+secretKey), date)
	kService := hmacSHA256(kDate, []byte(service))
	return hmacSHA256(kService, []byte("tc3_request"))
}

func hmacSHA256(key, msg []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write(msg)
	return mac.Sum(nil)
}

// appendCanonicalRequest appends the TC3 canonical request of a POST to "/"
// signing exactly the content-type and host headers.
func appendCanonicalRequest(dst []byte, host, contentType string, body []byte) []byte {
	dst = append(dst, "POST\n/\n\ncontent-type:"...)
	dst = appendLowerTrimmed(dst, contentType)
	dst = append(dst, "\nhost:"...)
	dst = appendLowerTrimmed(dst, host)
	dst = append(dst, "\n\n"+signedHeaders+"\n"...)
	payload := sha256.Sum256(body)
	return hex.AppendEncode(dst, payload[:])
}

// appendStringToSign appends the TC3 string to sign.
func appendStringToSign(dst []byte, timestamp int64, date []byte, service string, canonicalHash [sha256.Size]byte) []byte {
	dst = append(dst, tc3Algorithm+"\n"...)
	dst = strconv.AppendInt(dst, timestamp, 10)
	dst = append(dst, '\n')
	dst = append(dst, date...)
	dst = append(dst, '/')
	dst = append(dst, service...)
	dst = append(dst, "/tc3_request\n"...)
	return hex.AppendEncode(dst, canonicalHash[:])
}

// appendLowerTrimmed appends s without surrounding spaces, ASCII-lower-cased.
func appendLowerTrimmed(dst []byte, s string) []byte {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
