// Package sealtest runs the end-to-end checks of sensitive-data encryption
// against the sandbox, for either algorithm family: the core module's
// tests run them under RSA, the gm module's under SM2.
package sealtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// flowActions are the actions Flows covers; EveryAction leaves them out.
var flowActions = []string{"DetectAuth", "GetDetectInfoEnhanced", "GetFaceIdToken", "GetFaceIdResult", "GetEidToken"}

// recorder keeps the bodies a client sends.
type recorder struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
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

// last returns the last body sent, or nil.
func (r *recorder) last() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.bodies) == 0 {
		return nil
	}
	return r.bodies[len(r.bodies)-1]
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// clients returns a client of srv sealing with sealer, its recorder, and
// a clear client.
func clients(srv *faceidtest.Server, sealer faceid.Sealer) (sealed *faceid.Client, rec *recorder, clear *faceid.Client) {
	rec = &recorder{}
	sealed = srv.Client(faceid.WithEncryption(sealer), faceid.WithHTTPClient(&http.Client{Transport: rec}))
	return sealed, rec, srv.Client()
}

// withoutRequestID is a result as JSON, its RequestId left out.
func withoutRequestID(t *testing.T, res any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "RequestId")
	return m
}

// EveryAction calls every action that takes encryption, but those of the
// token flows, through the sandbox sealed with sealer, and checks that
// what was sent carries none of the sealed values in clear and that the
// result reads exactly as the same call in clear. An action of refused
// must be refused before anything is sent (PhoneVerification under SM2).
func EveryAction(t *testing.T, srv *faceidtest.Server, sealer faceid.Sealer, refused ...string) {
	ctx := context.Background()
	sealed, rec, clear := clients(srv, sealer)
	for _, info := range faceid.Actions() {
		enc := info.Encryption()
		if enc == nil || slices.Contains(flowActions, info.Name) {
			continue
		}
		t.Run(info.Name, func(t *testing.T) {
			params := faceidtest.SampleParams(info.Name)
			if slices.Contains(refused, info.Name) {
				n := rec.count()
				if _, err := sealed.CallAction(ctx, info.Name, params); err == nil || rec.count() != n {
					t.Fatalf("not refused before sending: %v", err)
				}
				return
			}
			want, err := clear.CallAction(ctx, info.Name, params)
			if err != nil {
				t.Fatal(err)
			}
			got, err := sealed.CallAction(ctx, info.Name, params)
			if err != nil {
				t.Fatal(err)
			}
			if w, g := withoutRequestID(t, want), withoutRequestID(t, got); !reflect.DeepEqual(w, g) {
				t.Errorf("sealed result differs from the clear one:\n got %v\nwant %v", g, w)
			}
			checkSent(t, rec.last(), params, enc)
		})
	}
}

// checkSent checks that body carries the action's encryption and none of
// its sealed values in clear.
func checkSent(t *testing.T, body, params []byte, enc *faceid.EncryptionInfo) {
	t.Helper()
	var sent, clearParams map[string]any
	if err := json.Unmarshal(body, &sent); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(params, &clearParams); err != nil {
		t.Fatal(err)
	}
	carrier := "Encryption"
	if enc.Flat {
		carrier = "CiphertextBlob"
	}
	if _, ok := sent[carrier]; !ok {
		t.Errorf("no %s in the request", carrier)
	}
	if _, ok := sent["EncryptedBody"]; enc.WholeBody && !ok {
		t.Error("no EncryptedBody in a whole-body request")
	}
	for _, m := range enc.Members {
		if v, ok := clearParams[m].(string); ok && strings.Contains(string(body), `"`+v+`"`) {
			t.Errorf("%s went in clear", m)
		}
	}
}

// Flows runs the token flows sealed: DetectAuth's, the App SDK's and
// eID's requests sealed, their results returned with the sensitive members
// encrypted or whole, and read as the clear results.
func Flows(t *testing.T, srv *faceidtest.Server, sealer faceid.Sealer) {
	ctx := context.Background()
	sealed, rec, clear := clients(srv, sealer)
	const idNumber = "110101199003071233"
	sentClear := func(what string) {
		t.Helper()
		if strings.Contains(string(rec.last()), idNumber) {
			t.Errorf("%s sent the ID number in clear", what)
		}
	}

	auth, err := sealed.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", IDCard: idNumber, Name: "测试一"})
	if err != nil {
		t.Fatal(err)
	}
	sentClear("DetectAuth")
	if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
		t.Fatal(err)
	}
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1", BestFramesCount: 1}
	want, err := clear.GetDetectInfoEnhanced(ctx, req)
	if err != nil || want.Text.IDCard != idNumber {
		t.Fatalf("clear result: %v", err)
	}
	for _, whole := range []bool{false, true} {
		r := *req
		r.IsEncryptResponse = whole
		got, err := sealed.GetDetectInfoEnhanced(ctx, &r)
		if err != nil {
			t.Fatalf("whole=%t: %v", whole, err)
		}
		if !reflect.DeepEqual(want.Text, got.Text) || !reflect.DeepEqual(want.BestFrame, got.BestFrame) || want.Verdict() != got.Verdict() {
			t.Errorf("whole=%t: the sealed result differs from the clear one", whole)
		}
	}

	tok, err := sealed.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{CompareLib: "BUSINESS", IDCard: idNumber, Name: "测试一"})
	if err != nil {
		t.Fatal(err)
	}
	sentClear("GetFaceIdToken")
	if _, err := srv.CompleteAuto(tok.FaceIDToken); err != nil {
		t.Fatal(err)
	}
	wantApp, err := clear.GetFaceIdResult(ctx, &faceid.GetFaceIdResultRequest{FaceIDToken: tok.FaceIDToken})
	if err != nil {
		t.Fatal(err)
	}
	for _, whole := range []bool{false, true} {
		got, err := sealed.GetFaceIdResult(ctx, &faceid.GetFaceIdResultRequest{FaceIDToken: tok.FaceIDToken, IsEncryptResponse: whole})
		if err != nil {
			t.Fatalf("whole=%t: %v", whole, err)
		}
		if got.IDCard != wantApp.IDCard || got.Name != wantApp.Name || got.Result != wantApp.Result {
			t.Errorf("whole=%t: the sealed App SDK result differs from the clear one", whole)
		}
	}

	if _, err := sealed.GetEidToken(ctx, &faceid.GetEidTokenRequest{MerchantID: "0NSJ2106071339002", IDCard: idNumber, Name: "测试一"}); err != nil {
		t.Fatal(err)
	}
	sentClear("GetEidToken")
}
