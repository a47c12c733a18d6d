package faceid

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// tc3Algorithm names the signing algorithm in the Authorization header.
const tc3Algorithm = "TC3-HMAC-SHA256"

// signedHeaders are the headers covered by the signature, in canonical order.
const signedHeaders = "content-type;host"

// Signer computes the Authorization header of a TC3-HMAC-SHA256 signed
// request, as Tencent Cloud API 3.0 expects. It caches the derived signing
// key per secret key, UTC date and service, so that the three-step key
// chain runs once a day rather than once a request; the header it returns
// depends only on its arguments, never on what it signed before. Its zero
// value is ready to use and it is safe for concurrent use. A Client has one
// of its own.
type Signer struct {
	key    atomic.Pointer[derivedKey]
	header atomic.Pointer[canonicalHeader]
}

// canonicalHeader is the cached start of the canonical request for one
// host and content type, which a client signs with every time.
type canonicalHeader struct {
	host        string
	contentType string
	prefix      []byte
}

// derivedKey is a cached kSigning value, what it was derived from, and a
// pool of HMAC states keyed with it.
type derivedKey struct {
	secretKey string
	day       int64  // Unix day number of date
	date      []byte // the UTC date, YYYY-MM-DD
	service   string
	signing   []byte
	macs      sync.Pool // of *macState
}

// macState is a reusable HMAC keyed with a derivedKey, with room for the
// string to sign and the signature, so that neither escapes to the heap per
// request.
type macState struct {
	mac    hash.Hash
	toSign []byte
	sum    [sha256.Size]byte
}

// Authorization returns the Authorization header value for a POST request
// to path "/" with no query string, signed with cred for service. host is
// the Host header (with ":port" when the endpoint has one), contentType the
// Content-Type header, body the exact bytes sent. The X-TC-Timestamp header
// sent with the request must be t's Unix time in seconds. The same
// arguments always give the same value.
func (s *Signer) Authorization(cred Credentials, service, host, contentType string, body []byte, t time.Time) string {
	unix := t.Unix()
	k := s.signingKey(cred.SecretKey, t, service)
	date := k.date

	var canon [512]byte
	c := append(canon[:0], s.canonicalPrefix(host, contentType)...)
	c = appendSHA256Hex(c, body)
	canonicalHash := sha256.Sum256(c)

	st, _ := k.macs.Get().(*macState)
	if st == nil {
		st = &macState{mac: hmac.New(sha256.New, k.signing), toSign: make([]byte, 0, 256)}
	}
	st.toSign = appendStringToSign(st.toSign[:0], unix, date, service, canonicalHash)
	st.mac.Reset()
	st.mac.Write(st.toSign)
	var hexSig [2 * sha256.Size]byte
	appendHex(hexSig[:0], st.mac.Sum(st.sum[:0]))
	k.macs.Put(st)

	const (
		credentialPart = tc3Algorithm + " Credential="
		scopePart      = "/tc3_request, SignedHeaders=" + signedHeaders + ", Signature="
	)
	var out [256]byte
	b := append(out[:0], credentialPart...)
	b = append(b, cred.SecretID...)
	b = append(b, '/')
	b = append(b, date...)
	b = append(b, '/')
	b = append(b, service...)
	b = append(b, scopePart...)
	b = append(b, hexSig[:]...)
	return string(b)
}

// unixDay returns the number of the UTC day holding Unix time unix.
func unixDay(unix int64) int64 {
	day := unix / 86400
	if unix%86400 < 0 {
		day--
	}
	return day
}

// appendDate appends t's date as YYYY-MM-DD, the date of the credential
// scope.
func appendDate(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, time.DateOnly)
	}
	return append(dst,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+month/10), byte('0'+month%10), '-',
		byte('0'+day/10), byte('0'+day%10))
}

// canonicalPrefix returns the canonical request up to the hash of the body,
// cached for the last host and content type.
func (s *Signer) canonicalPrefix(host, contentType string) []byte {
	if h := s.header.Load(); h != nil && h.host == host && h.contentType == contentType {
		return h.prefix
	}
	h := &canonicalHeader{host: host, contentType: contentType, prefix: appendCanonicalHeader(nil, host, contentType)}
	s.header.Store(h)
	return h.prefix
}

// signingKey returns the derived key for the secret key, the UTC date of
// t and service, from the cache when it matches. The cache is checked by
// day number, so that the date is formatted once a day too.
func (s *Signer) signingKey(secretKey string, t time.Time, service string) *derivedKey {
	day := unixDay(t.Unix())
	if k := s.key.Load(); k != nil && k.day == day && k.secretKey == secretKey && k.service == service {
		return k
	}
	date := appendDate(make([]byte, 0, 10), t.UTC())
	k := &derivedKey{
		secretKey: secretKey,
		day:       day,
		date:      date,
		service:   service,
		signing:   deriveSigningKey(secretKey, date, service),
	}
	s.key.Store(k)
	return k
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
	return appendSHA256Hex(appendCanonicalHeader(dst, host, contentType), body)
}

// appendCanonicalHeader appends the canonical request up to the hash of the
// body: method, path, empty query, the signed headers and their names.
func appendCanonicalHeader(dst []byte, host, contentType string) []byte {
	dst = append(dst, "POST\n/\n\ncontent-type:"...)
	dst = appendLowerTrimmed(dst, contentType)
	dst = append(dst, "\nhost:"...)
	dst = appendLowerTrimmed(dst, host)
	return append(dst, "\n\n"+signedHeaders+"\n"...)
}

// appendSHA256Hex appends the lower-case hex SHA-256 of b.
func appendSHA256Hex(dst, b []byte) []byte {
	sum := sha256.Sum256(b)
	return appendHex(dst, sum[:])
}

// hexPairs holds the two lower-case hex digits of every byte value.
const hexPairs = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" +
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" +
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" +
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f" +
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" +
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" +
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf" +
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"

// appendHex appends b in lower-case hex, a byte pair at a time.
func appendHex(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexPairs[2*int(c)], hexPairs[2*int(c)+1])
	}
	return dst
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
	return appendHex(dst, canonicalHash[:])
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
