package faceid

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

// Test credentials: fictional, in the documented example style.
const (
	testSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	testSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// testNow is the fixed clock of the fixture tests.
var testNow = time.Unix(1718416800, 0)

// fixture is one recorded request/response pair from testdata/.
type fixture struct {
	Description string `json:"description"`
	Request     struct {
		Action string          `json:"action"`
		Body   json.RawMessage `json:"body"`
	} `json:"request"`
	Response struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"response"`
}

func loadFixture(t testing.TB, name string) fixture {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var fx fixture
	require.NoError(t, json.Unmarshal(raw, &fx))
	return fx
}

func readMedia(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "media", name))
	require.NoError(t, err)
	return b
}

// sent is a request captured by the mock transport.
type sent struct {
	Header http.Header
	Host   string
	Body   []byte
}

// recorder keeps what the mock transport received.
type recorder struct {
	mu       sync.Mutex
	requests []sent
}

func (r *recorder) last(t testing.TB) sent {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.NotEmpty(t, r.requests, "no request was sent")
	return r.requests[len(r.requests)-1]
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

// mockClient returns a client whose transport answers every request with
// the given status, headers and body, recording what was sent.
func mockClient(t testing.TB, status int, headers map[string]string, body []byte, opts ...Option) (*Client, *recorder) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	rec := &recorder{}
	mt.RegisterResponder(http.MethodPost, DefaultEndpoint+"/", func(req *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		rec.mu.Lock()
		rec.requests = append(rec.requests, sent{Header: req.Header.Clone(), Host: req.Host, Body: b})
		rec.mu.Unlock()
		resp := httpmock.NewBytesResponse(status, body)
		for k, v := range headers {
			resp.Header.Set(k, v)
		}
		return resp, nil
	})
	base := []Option{
		WithEndpoint(DefaultEndpoint), // whatever $FACEID_ENDPOINT says
		WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithHTTPClient(&http.Client{Transport: mt}),
		WithClock(func() time.Time { return testNow }),
		WithRegion("ap-guangzhou"),
	}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c, rec
}

// fixtureClient serves a fixture's response.
func fixtureClient(t testing.TB, fx fixture, opts ...Option) (*Client, *recorder) {
	t.Helper()
	return mockClient(t, fx.Response.Status, fx.Response.Headers, fx.Response.Body, opts...)
}

// assertSignedRequest checks the headers and signature of a sent request.
func assertSignedRequest(t *testing.T, s sent, action string) {
	t.Helper()
	require.Equal(t, "faceid.tencentcloudapi.com", s.Host)
	require.Equal(t, "application/json", s.Header.Get("Content-Type"))
	require.Equal(t, action, s.Header.Get("X-TC-Action"))
	require.Equal(t, APIVersion, s.Header.Get("X-TC-Version"))
	require.Equal(t, "1718416800", s.Header.Get("X-TC-Timestamp"))
	require.Equal(t, "ap-guangzhou", s.Header.Get("X-TC-Region"))
	require.Empty(t, s.Header.Get("X-TC-Token"))
	want := new(Signer).Authorization(Credentials{SecretID: testSecretID, SecretKey: testSecretKey}, Service,
		"faceid.tencentcloudapi.com", "application/json", s.Body, testNow)
	require.Equal(t, want, s.Header.Get("Authorization"), "signature must cover the exact bytes sent")
	require.Contains(t, s.Header.Get("Authorization"), "Credential="+testSecretID+"/2024-06-15/faceid/tc3_request")
	assertNoEmptyFields(t, s.Body)
}

// assertNoEmptyFields fails if a JSON body carries "", null, [] or {} values.
func assertNoEmptyFields(t *testing.T, body []byte) {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v))
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case nil:
			t.Errorf("%s: null sent", path)
		case string:
			if x == "" {
				t.Errorf("%s: empty string sent", path)
			}
		case []any:
			if len(x) == 0 {
				t.Errorf("%s: empty array sent", path)
			}
			for i, e := range x {
				walk(path+"[]", e)
				_ = i
			}
		case map[string]any:
			if len(x) == 0 {
				t.Errorf("%s: empty object sent", path)
			}
			for k, e := range x {
				walk(path+"."+k, e)
			}
		}
	}
	walk("body", v)
}
