package faceid_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyRecorder keeps the bodies a client sends.
type bodyRecorder struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (r *bodyRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.bodies = append(r.bodies, b)
	r.mu.Unlock()
	req.Body = io.NopCloser(bytes.NewReader(b))
	return http.DefaultTransport.RoundTrip(req)
}

func (r *bodyRecorder) last() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodies[len(r.bodies)-1]
}

// withoutRequestID is a result as JSON, its RequestId left out.
func withoutRequestID(t *testing.T, res any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(res)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	delete(m, "RequestId")
	return m
}

// flowActions are called through their flows in TestEncryptionFlows.
var flowActions = []string{"DetectAuth", "GetDetectInfoEnhanced", "GetFaceIdToken", "GetFaceIdResult", "GetEidToken"}

// TestEncryptionEveryAction calls every action that takes encryption
// against the sandbox, sealed under its RSA key, and checks that what was
// sent carries none of the sealed values in clear and that the result
// reads exactly as the same call in clear.
func TestEncryptionEveryAction(t *testing.T) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	sealer, err := faceid.NewRSASealer(srv.RSAPublicKeyPEM())
	require.NoError(t, err)
	rec := &bodyRecorder{}
	sealed := srv.Client(faceid.WithEncryption(sealer), faceid.WithHTTPClient(&http.Client{Transport: rec}))
	clear := srv.Client()
	tested := 0
	for _, info := range faceid.Actions() {
		enc := info.Encryption()
		if enc == nil || slices.Contains(flowActions, info.Name) {
			continue
		}
		t.Run(info.Name, func(t *testing.T) {
			params := faceidtest.SampleParams(info.Name)
			want, err := clear.CallAction(ctx, info.Name, params)
			require.NoError(t, err)
			got, err := sealed.CallAction(ctx, info.Name, params)
			require.NoError(t, err)
			assert.Equal(t, withoutRequestID(t, want), withoutRequestID(t, got))

			var sent, clearParams map[string]any
			require.NoError(t, json.Unmarshal(rec.last(), &sent))
			require.NoError(t, json.Unmarshal(params, &clearParams))
			if enc.Flat {
				assert.Contains(t, sent, "CiphertextBlob")
			} else {
				assert.Contains(t, sent, "Encryption")
			}
			for _, m := range enc.Members {
				if v, ok := clearParams[m].(string); ok {
					assert.NotEqual(t, v, sent[m], "%s went in clear", m)
					assert.NotContains(t, string(rec.last()), `"`+v+`"`)
				}
			}
			if enc.WholeBody {
				assert.Contains(t, sent, "EncryptedBody")
			}
		})
		tested++
	}
	assert.Equal(t, len(faceid.Actions())-countWithout(t), tested+len(flowActions))
}

// countWithout counts the actions that take no encryption.
func countWithout(t *testing.T) int {
	t.Helper()
	n := 0
	for _, info := range faceid.Actions() {
		if info.Encryption() == nil {
			n++
		}
	}
	return n
}

// TestEncryptionFlows runs the token flows sealed: DetectAuth's and the
// App SDK's requests sealed, their results returned with the sensitive
// members encrypted or whole, and read as the clear results.
func TestEncryptionFlows(t *testing.T) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	sealer, err := faceid.NewRSASealer(srv.RSAPublicKeyPEM())
	require.NoError(t, err)
	rec := &bodyRecorder{}
	sealed := srv.Client(faceid.WithEncryption(sealer), faceid.WithHTTPClient(&http.Client{Transport: rec}))
	clear := srv.Client()

	auth, err := sealed.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", IDCard: "110101199003071233", Name: "测试一"})
	require.NoError(t, err)
	assert.NotContains(t, string(rec.last()), "110101199003071233")
	require.NoError(t, srv.Complete(auth.BizToken, faceidtest.Pass()))
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1", BestFramesCount: 1}
	want, err := clear.GetDetectInfoEnhanced(ctx, req)
	require.NoError(t, err)
	require.Equal(t, "110101199003071233", want.Text.IDCard)
	for _, whole := range []bool{false, true} {
		r := *req
		r.IsEncryptResponse = whole
		got, err := sealed.GetDetectInfoEnhanced(ctx, &r)
		require.NoError(t, err, "whole=%t", whole)
		assert.Equal(t, want.Text, got.Text)
		assert.Equal(t, want.BestFrame, got.BestFrame)
		assert.Equal(t, want.Verdict(), got.Verdict())
	}

	tok, err := sealed.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS", IDCard: "110101199003071233", Name: "测试一"})
	require.NoError(t, err)
	assert.NotContains(t, string(rec.last()), "110101199003071233")
	_, err = srv.CompleteAuto(tok.FaceIDToken)
	require.NoError(t, err)
	wantApp, err := clear.GetFaceIdResult(ctx, &faceid.GetFaceIdResultRequest{FaceIDToken: tok.FaceIDToken})
	require.NoError(t, err)
	for _, whole := range []bool{false, true} {
		got, err := sealed.GetFaceIdResult(ctx, &faceid.GetFaceIdResultRequest{FaceIDToken: tok.FaceIDToken, IsEncryptResponse: whole})
		require.NoError(t, err, "whole=%t", whole)
		assert.Equal(t, wantApp.IDCard, got.IDCard)
		assert.Equal(t, wantApp.Name, got.Name)
		assert.Equal(t, wantApp.Result, got.Result)
	}

	_, err = sealed.GetEidToken(ctx, &faceid.GetEidTokenRequest{MerchantID: "0NSJ2106071339002", IDCard: "110101199003071233", Name: "测试一"})
	require.NoError(t, err)
	assert.NotContains(t, string(rec.last()), "110101199003071233")
}
