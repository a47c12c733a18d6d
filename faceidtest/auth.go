package faceidtest

import (
	"crypto/subtle"
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
// X-TC-Timestamp is ts.
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
	payload := body
	if r.Header.Get("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD" {
		payload = []byte("UNSIGNED-PAYLOAD")
	}
	want, _ := parseAuthorization(s.signer.Authorization(cred, faceid.Service, r.Host,
		r.Header.Get("Content-Type"), payload, time.Unix(ts, 0)))
	ok := got.signedHeaders == want.signedHeaders && got.date == want.date && got.service == want.service &&
		subtle.ConstantTimeCompare([]byte(got.signature), []byte(want.signature)) == 1
	if !ok {
		return errSignatureFailure()
	}
	if temporary != nil {
		return checkToken(temporary, r.Header.Get("X-TC-Token"), s.clock.Now())
	}
	return nil
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
