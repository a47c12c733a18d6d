package faceidtest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func TestAuthFailures(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	req := &faceid.DetectAuthRequest{RuleID: "1"}

	wrongKey := s.Client(noRetry, faceid.WithCredentials(faceid.StaticCredentials(faceidtest.DefaultSecretID, "wrong-key", "")))
	_, err := wrongKey.DetectAuth(ctx, req)
	apiErr := requireAPIError(t, err, codes.AuthFailureSignatureFailure)
	assert.ErrorIs(t, err, faceid.ErrAuthFailure)
	assert.False(t, apiErr.Retryable())
	assert.NotContains(t, apiErr.Error(), "wrong-key")

	unknownID := s.Client(noRetry, faceid.WithCredentials(faceid.StaticCredentials("AKIDunknown00000000000000000000000000", faceidtest.DefaultSecretKey, "")))
	_, err = unknownID.DetectAuth(ctx, req)
	requireAPIError(t, err, codes.AuthFailureSecretIDNotFound)

	for name, edit := range map[string]func(*http.Request){
		"no algorithm": func(r *http.Request) { r.Header.Set("Authorization", "Credential=x") },
		"empty":        func(r *http.Request) { r.Header.Del("Authorization") },
		"no signature": func(r *http.Request) {
			h := r.Header.Get("Authorization")
			r.Header.Set("Authorization", h[:strings.Index(h, ", Signature=")])
		},
		"bad scope": func(r *http.Request) {
			r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=AKID/2024-06-15, SignedHeaders=content-type;host, Signature=00")
		},
	} {
		rep := rawCall(t, s, "DetectAuth", `{"RuleId":"1"}`, edit)
		assert.Equal(t, codes.AuthFailureInvalidAuthorization, rep.code(), name)
	}

	// Tampering with anything signed breaks the signature.
	for name, edit := range map[string]func(*http.Request){
		"host":         func(r *http.Request) { r.Host = "faceid.tencentcloudapi.com" },
		"content type": func(r *http.Request) { r.Header.Set("Content-Type", "application/json; charset=utf-8") },
		"body": func(r *http.Request) {
			r.Body = http.NoBody
			r.ContentLength = 0
		},
		"scope date": func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "2024-06-15", "2024-06-14", 1))
		},
		"signed headers": func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "content-type;host", "content-type;host;x-tc-action", 1))
		},
	} {
		rep := rawCall(t, s, "DetectAuth", `{"RuleId":"1"}`, edit)
		assert.Equal(t, codes.AuthFailureSignatureFailure, rep.code(), name)
	}
	assert.Empty(t, s.Tokens(), "no request got through")
}

func TestSignatureExpireBothDirections(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	signedAt := s.Clock().Now()
	rec := &dateRecorder{next: &http.Transport{}, dates: make(chan string, 8)}
	t.Cleanup(rec.next.(*http.Transport).CloseIdleConnections)

	for _, tc := range []struct {
		serverTime time.Time
		wantCode   string
	}{
		{signedAt.Add(6 * time.Minute), codes.AuthFailureSignatureExpire},  // server ahead
		{signedAt.Add(-6 * time.Minute), codes.AuthFailureSignatureExpire}, // server behind
		{signedAt.Add(5*time.Minute + time.Second), codes.AuthFailureSignatureExpire},
		{signedAt.Add(5 * time.Minute), ""},
		{signedAt.Add(-5 * time.Minute), ""},
	} {
		s.Clock().Set(tc.serverTime)
		// A new client per case: a client learns the server's time from a
		// SignatureExpire reply and would sign the next call right.
		c := s.Client(noRetry,
			faceid.WithClock(func() time.Time { return signedAt }),
			faceid.WithHTTPClient(&http.Client{Transport: rec}),
		)
		_, err := c.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
		if tc.wantCode == "" {
			assert.NoError(t, err, "skew %v", tc.serverTime.Sub(signedAt))
		} else {
			apiErr := requireAPIError(t, err, tc.wantCode)
			assert.ErrorIs(t, err, faceid.ErrAuthFailure)
			assert.Contains(t, apiErr.Message, "五分钟")
		}
		// The Date header tells the client the server's time.
		assert.Equal(t, tc.serverTime.UTC().Format(http.TimeFormat), <-rec.dates)
	}
}

func TestProtocolErrors(t *testing.T) {
	s := newServer(t)
	date := testStart.Format(http.TimeFormat)

	rep := rawCall(t, s, "DetectAuth", `{"RuleId":"1"}`, func(r *http.Request) { r.Header.Set("X-TC-Version", "2017-01-01") })
	assert.Equal(t, codes.NoSuchVersion, rep.code())
	rep = rawCall(t, s, "LivenessCompareV9", `{}`, nil)
	assert.Equal(t, codes.InvalidAction, rep.code())
	assert.Contains(t, rep.message(), "LivenessCompareV9")
	rep = rawCall(t, s, "DetectAuth", `{}`, func(r *http.Request) { r.Header.Del("X-TC-Timestamp") })
	assert.Equal(t, codes.MissingParameter, rep.code())
	rep = rawCall(t, s, "DetectAuth", `{}`, func(r *http.Request) { r.Header.Del("X-TC-Action") })
	assert.Equal(t, codes.MissingParameter, rep.code())

	// Replies are JSON envelopes with the RequestId twice and a Date.
	assert.Equal(t, 200, rep.Status)
	assert.Equal(t, "application/json", rep.Header.Get("Content-Type"))
	assert.Equal(t, rep.Response["RequestId"], rep.Header.Get("X-TC-RequestId"))
	assert.Equal(t, date, rep.Header.Get("Date"))

	// English messages on request.
	rep = rawCall(t, s, "Nope", `{}`, func(r *http.Request) { r.Header.Set("X-TC-Language", "en-US") })
	assert.Equal(t, "The action `Nope` is not found (the sandbox implements every action of version 2018-03-01).", rep.message())

	hc := httpClient(t)
	get, err := http.NewRequest(http.MethodGet, s.URL()+"/", nil)
	require.NoError(t, err)
	rep = send(t, hc, get)
	assert.Equal(t, http.StatusMethodNotAllowed, rep.Status)
	assert.Equal(t, codes.UnsupportedProtocol, rep.code())
	assert.Equal(t, date, rep.Header.Get("Date"))

	notFound, err := http.NewRequest(http.MethodGet, s.URL()+"/nothing/here", nil)
	require.NoError(t, err)
	rep = send(t, hc, notFound)
	assert.Equal(t, http.StatusNotFound, rep.Status)
	assert.Equal(t, date, rep.Header.Get("Date"))

	calls := s.Calls()
	require.NotEmpty(t, calls)
	assert.Equal(t, "DetectAuth", calls[0].Action)
	assert.Equal(t, codes.NoSuchVersion, calls[0].ErrorCode)
	assert.Equal(t, testStart, calls[0].Time)
}

func TestUnsignedPayload(t *testing.T) {
	s := newServer(t)
	body := `{"RuleId":"1"}`
	host := strings.TrimPrefix(s.URL(), "http://")
	auth := new(faceid.Signer).Authorization(s.Credentials(), faceid.Service, host, "application/json", []byte("UNSIGNED-PAYLOAD"), s.Clock().Now())
	rep := rawCall(t, s, "DetectAuth", body, func(r *http.Request) {
		r.Header.Set("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD")
		r.Header.Set("Authorization", auth)
	})
	assert.Empty(t, rep.code(), rep.message())
	assert.NotEmpty(t, rep.Response["BizToken"])
}
