package faceidtest_test

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/codes"
	"github.com/faceid-go/faceid/faceidtest"
)

// signing says how a test request is signed: the Host header sent (empty:
// the server's address), the host and service signed, the key and the
// signing time. Zero fields take the real service's rule and the server's
// own key and time.
type signing struct {
	hostHeader, signedHost, service string
	secretID, secretKey             string
	at                              time.Time
}

// signedCall sends DetectAuth with body, signed as sig says; edit may
// change the request after signing.
func signedCall(t *testing.T, s *faceidtest.Server, sig signing, body string, edit func(*http.Request)) rawReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(body))
	require.NoError(t, err)
	if sig.hostHeader != "" {
		req.Host = sig.hostHeader
	}
	if sig.signedHost == "" {
		sig.signedHost = req.Host
	}
	if sig.service == "" {
		sig.service = faceid.Service
	}
	cred := s.Credentials()
	if sig.secretID != "" {
		cred.SecretID = sig.secretID
	}
	if sig.secretKey != "" {
		cred.SecretKey = sig.secretKey
	}
	if sig.at.IsZero() {
		sig.at = s.Clock().Now()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "DetectAuth")
	req.Header.Set("X-TC-Version", faceid.APIVersion)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(sig.at.Unix(), 10))
	req.Header.Set("Authorization", new(faceid.Signer).Authorization(cred, sig.service, sig.signedHost,
		"application/json", []byte(body), sig.at))
	if edit != nil {
		edit(req)
	}
	return send(t, httpClient(t), req)
}

// hostWithoutPort returns the server's hostname, as Tencent's Node.js SDK
// signs it: "127.0.0.1".
func hostWithoutPort(t *testing.T, s *faceidtest.Server) string {
	t.Helper()
	host, _, err := net.SplitHostPort(strings.TrimPrefix(s.URL(), "http://"))
	require.NoError(t, err)
	return host
}

// TestSignatureVariants checks each documented variant one by one:
// accepted by default, refused under WithStrictSignatures, while the real
// service's rule is accepted in both modes.
func TestSignatureVariants(t *testing.T) {
	lenient := newServer(t)
	strict := newServer(t, faceidtest.WithStrictSignatures())
	_, port, err := net.SplitHostPort(strings.TrimPrefix(lenient.URL(), "http://"))
	require.NoError(t, err)
	_, strictPort, err := net.SplitHostPort(strings.TrimPrefix(strict.URL(), "http://"))
	require.NoError(t, err)

	for _, tc := range []struct {
		name    string
		variant bool
		sig     func(port string) signing
	}{
		{"real rule: host with port, service faceid", false, func(string) signing { return signing{} }},
		{"signed host without the port", true, func(string) signing {
			return signing{signedHost: "127.0.0.1"}
		}},
		{"service from the address's first label", true, func(string) signing {
			return signing{service: "127"}
		}},
		{"both variants, as the Node.js SDK signs", true, func(string) signing {
			return signing{signedHost: "127.0.0.1", service: "127"}
		}},
		{"service of a dotless address is the whole address", true, func(port string) signing {
			return signing{hostHeader: "localhost:" + port, service: "localhost:" + port}
		}},
		{"dotless address signed without the port", true, func(port string) signing {
			return signing{hostHeader: "localhost:" + port, signedHost: "localhost", service: "localhost:" + port}
		}},
		{"IPv6 literal signed without the port keeps its brackets", true, func(port string) signing {
			return signing{hostHeader: "[::1]:" + port, signedHost: "[::1]"}
		}},
		{"service from a host name's first label", true, func(port string) signing {
			return signing{hostHeader: "sandbox.internal:" + port, service: "sandbox"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := signedCall(t, lenient, tc.sig(port), `{"RuleId":"1"}`, nil)
			assert.Empty(t, rep.code(), "accepted by default: %s", rep.message())
			assert.NotEmpty(t, rep.Response["BizToken"])

			rep = signedCall(t, strict, tc.sig(strictPort), `{"RuleId":"1"}`, nil)
			if tc.variant {
				assert.Equal(t, codes.AuthFailureSignatureFailure, rep.code(), "refused under WithStrictSignatures")
			} else {
				assert.Empty(t, rep.code(), "accepted under WithStrictSignatures: %s", rep.message())
			}
		})
	}
}

// TestSignatureNotLoosened checks that, signed by the real rule or by the
// Node.js SDK's variants, in the default mode and under
// WithStrictSignatures, everything else still fails as before.
func TestSignatureNotLoosened(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []faceidtest.Option
	}{
		{"default", nil},
		{"strict", []faceidtest.Option{faceidtest.WithStrictSignatures()}},
	} {
		s := newServer(t, mode.opts...)
		for _, style := range []struct {
			name string
			base signing
		}{
			{"real rule", signing{}},
			{"Node.js variants", signing{signedHost: hostWithoutPort(t, s), service: "127"}},
		} {
			with := func(edit func(*signing)) signing {
				sig := style.base
				edit(&sig)
				return sig
			}
			for _, tc := range []struct {
				name     string
				sig      signing
				edit     func(*http.Request)
				wantCode string
			}{
				{"wrong key", with(func(sg *signing) { sg.secretKey = "wrong-key" }), nil,
					codes.AuthFailureSignatureFailure},
				{"wrong secret id", with(func(sg *signing) { sg.secretID = "AKIDunknown00000000000000000000000000" }), nil,
					codes.AuthFailureSecretIDNotFound},
				{"stale timestamp", with(func(sg *signing) { sg.at = testStart.Add(-6 * time.Minute) }), nil,
					codes.AuthFailureSignatureExpire},
				{"changed body", style.base, func(r *http.Request) {
					r.Body = http.NoBody
					r.ContentLength = 0
				}, codes.AuthFailureSignatureFailure},
				{"changed signed header", style.base, func(r *http.Request) {
					r.Header.Set("Content-Type", "application/json; charset=utf-8")
				}, codes.AuthFailureSignatureFailure},
				{"changed signed header list", style.base, func(r *http.Request) {
					r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"),
						"content-type;host", "content-type;host;x-tc-action", 1))
				}, codes.AuthFailureSignatureFailure},
				{"another service", with(func(sg *signing) { sg.service = "cvm" }), nil,
					codes.AuthFailureSignatureFailure},
				{"another address's first label", with(func(sg *signing) { sg.service = "localhost" }), nil,
					codes.AuthFailureSignatureFailure},
				{"another signed port", with(func(sg *signing) { sg.signedHost = hostWithoutPort(t, s) + ":1" }), nil,
					codes.AuthFailureSignatureFailure},
				{"another signed host", with(func(sg *signing) { sg.signedHost = "faceid.tencentcloudapi.com" }), nil,
					codes.AuthFailureSignatureFailure},
			} {
				rep := signedCall(t, s, tc.sig, `{"RuleId":"1"}`, tc.edit)
				assert.Equal(t, tc.wantCode, rep.code(), "%s, %s: %s", mode.name, style.name, tc.name)
			}
		}
		assert.Empty(t, s.Tokens(), "%s: no request got through", mode.name)
	}
}
