package faceidtest

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
)

// maxSkew is how far X-TC-Timestamp may be from the server's clock.
const maxSkew = 5 * time.Minute

// authorization is a parsed TC3 Authorization header.
type authorization struct {
	secretID, date, service, signedHeaders, signature string
}

// parseAuthorization splits
// "TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=<h>, Signature=<hex>"
// and says what is wrong when it cannot.
func parseAuthorization(h string) (authorization, string) {
	var a authorization
	rest, ok := strings.CutPrefix(h, "TC3-HMAC-SHA256 ")
	if !ok {
		return a, "algorithm must be TC3-HMAC-SHA256"
	}
	var credential string
	for part := range strings.SplitSeq(rest, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "Credential":
			credential = value
		case "SignedHeaders":
			a.signedHeaders = value
		case "Signature":
			a.signature = value
		}
	}
	scope := strings.Split(credential, "/")
	switch {
	case len(scope) != 4 || scope[0] == "" || scope[3] != "tc3_request":
		return a, "Credential must be <SecretId>/<date>/<service>/tc3_request"
	case a.signedHeaders == "":
		return a, "SignedHeaders is missing"
	case a.signature == "":
		return a, "Signature is missing"
	}
	a.secretID, a.date, a.service = scope[0], scope[1], scope[2]
	return a, ""
}

// authenticate checks the TC3-HMAC-SHA256 signature of a request whose
// X-TC-Timestamp is ts: as the real service does, and unless the server is
// strict, with the variants of signedHosts and serviceAccepted.
func (s *Server) authenticate(r *http.Request, body []byte, ts int64) *apiError {
	got, why := parseAuthorization(r.Header.Get("Authorization"))
	if why != "" {
		return errInvalidAuthorization(why)
	}
	if d := s.clock.Now().Sub(time.Unix(ts, 0)); d > maxSkew || d < -maxSkew {
		return errSignatureExpire()
	}
	cred, temporary, known := s.lookupCredentials(got.secretID)
	if !known {
		return errSecretIDNotFound()
	}
	if !s.serviceAccepted(got.service, r.Host) {
		return errSignatureFailure()
	}
	payload := body
	if r.Header.Get("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD" {
		payload = []byte("UNSIGNED-PAYLOAD")
	}
	ok := false
	for _, host := range s.signedHosts(r.Host) {
		want, _ := parseAuthorization(s.signer.Authorization(cred, got.service, host,
			r.Header.Get("Content-Type"), payload, time.Unix(ts, 0)))
		if got.signedHeaders == want.signedHeaders && got.date == want.date &&
			subtle.ConstantTimeCompare([]byte(got.signature), []byte(want.signature)) == 1 {
			ok = true
			break
		}
	}
	if !ok {
		return errSignatureFailure()
	}
	if temporary != nil {
		return checkToken(temporary, r.Header.Get("X-TC-Token"), s.clock.Now())
	}
	return nil
}

// serviceAccepted reports whether a credential scope may name service for a
// request whose Host header is host: faceid, as at the real service, or,
// unless the server is strict, the first label of the address the client
// was given, which Tencent's Node.js and Java SDKs put in the scope
// (endpoint.split(".")[0]): "127" for 127.0.0.1:8099.
func (s *Server) serviceAccepted(service, host string) bool {
	if service == faceid.Service {
		return true
	}
	return !s.strictSignatures && service == firstLabel(host)
}

// firstLabel returns the Host header host up to its first dot, as an SDK
// that derives the service from its endpoint computes it: "127" for
// "127.0.0.1:8099", "sandbox" for "sandbox.internal:8099", the whole
// "localhost:8099" when there is no dot.
func firstLabel(host string) string {
	label, _, _ := strings.Cut(host, ".")
	return label
}

// signedHosts returns the values of the signed host header the server
// accepts for a request whose Host header is host: host itself, as at the
// real service, and, unless the server is strict and when host has a port,
// host without it, which Tencent's Node.js SDK signs (the URL's hostname)
// while it sends the port in the Host header.
func (s *Server) signedHosts(host string) []string {
	if s.strictSignatures {
		return []string{host}
	}
	name, _, err := net.SplitHostPort(host)
	if err != nil || name == "" {
		return []string{host}
	}
	if strings.Contains(name, ":") {
		name = "[" + name + "]" // an IPv6 literal keeps its brackets, as in a URL's hostname
	}
	return []string{host, name}
}

// parseTimestamp reads X-TC-Timestamp.
func parseTimestamp(r *http.Request) (int64, *apiError) {
	v := r.Header.Get("X-TC-Timestamp")
	if v == "" {
		return 0, errMissingParameter("X-TC-Timestamp")
	}
	ts, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, errInvalidParameterValue("X-TC-Timestamp 必须是十进制的 Unix 秒数。", "X-TC-Timestamp must be decimal Unix seconds.")
	}
	return ts, nil
}
