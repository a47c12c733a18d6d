package faceid

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contractCase is one generated action's contract (zz_contract_gen_test.go).
type contractCase struct {
	action       string
	valid        func() request
	required     []requiredMember
	reply        string
	resultMember string
	call         func(ctx context.Context, c *Client, r request) (response, error)
	fresh        func() response
}

// requiredMember names a required member and clears it in a request.
type requiredMember struct {
	wire  string
	clear func(request)
}

// contractServer answers every request with its reply and keeps what it
// received.
type contractServer struct {
	*httptest.Server
	mu     sync.Mutex
	reply  string
	bodies []string
	action string
}

func newContractServer(t *testing.T) (*contractServer, *Client) {
	s := &contractServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(body))
		s.action = r.Header.Get("X-TC-Action")
		reply := s.reply
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(s.Close)
	c, err := NewClient(WithEndpoint(s.URL), WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	return s, c
}

// TestGeneratedContracts runs every generated action's contract: the
// request is validated locally and encoded as encoding/json would encode
// it; each required member missing is refused before anything is sent,
// naming the wire member; the reply decodes as encoding/json decodes it;
// every Result code gives its catalogued outcome; printing and logging
// mask the sample personal data.
func TestGeneratedContracts(t *testing.T) {
	ctx := context.Background()
	cases := contractCases()
	require.Len(t, cases, len(Actions())-5, "every action but the five hand-written ones has a generated contract")
	for _, tc := range cases {
		t.Run(tc.action, func(t *testing.T) {
			srv, c := newContractServer(t)
			srv.reply = tc.reply

			req := tc.valid()
			resp, err := tc.call(ctx, c, req)
			require.NoError(t, err)
			assert.Equal(t, tc.action, srv.action)
			want, err := json.Marshal(req)
			require.NoError(t, err)
			require.Len(t, srv.bodies, 1)
			assert.JSONEq(t, string(want), srv.bodies[0], "the body is what encoding/json writes")
			assert.Equal(t, string(want), srv.bodies[0], "byte for byte")

			// The reply decodes as encoding/json decodes the same members.
			expected := tc.fresh()
			var envelope struct{ Response json.RawMessage }
			require.NoError(t, json.Unmarshal([]byte(tc.reply), &envelope))
			require.NoError(t, json.Unmarshal(envelope.Response, expected))
			assert.Equal(t, expected, resp)
			requestID, problems := resp.meta()
			assert.NotEmpty(t, *requestID)
			assert.Empty(t, *problems)

			// Each required member missing: refused locally, naming it.
			for _, m := range tc.required {
				bad := tc.valid()
				m.clear(bad)
				_, err := tc.call(ctx, c, bad)
				var vErr *ValidationError
				require.ErrorAs(t, err, &vErr, m.wire)
				assert.Equal(t, m.wire, vErr.Field)
			}
			assert.Len(t, srv.bodies, 1, "no refused request reached the server")

			// Every Result code gives its catalogued outcome.
			if tc.resultMember != "" {
				for _, want := range ResultCodes(tc.action) {
					srv.reply = strings.Replace(tc.reply, fmt.Sprintf(`%q:%q`, tc.resultMember, ResultCodes(tc.action)[0].Code),
						fmt.Sprintf(`%q:%q`, tc.resultMember, want.Code), 1)
					resp, err := tc.call(ctx, c, tc.valid())
					require.NoError(t, err)
					got := resp.(interface{ Outcome() Result }).Outcome()
					assert.Equal(t, want, got)
				}
			}

			// Printing and logging never show the sample identity.
			var out strings.Builder
			slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "req", req, "resp", resp)
			fmt.Fprintf(&out, "%v %+v %#v", req, resp, resp)
			for _, leak := range []string{"110101199003071233", "测试", "13800000000", "6222000000000000", "/9j/4AAQ"} {
				assert.NotContains(t, out.String(), leak)
			}
		})
	}
}

// TestGeneratedValidationRefusesBadValues checks a sample of documented
// limits through the typed methods: nothing is sent.
func TestGeneratedValidationRefusesBadValues(t *testing.T) {
	srv, c := newContractServer(t)
	ctx := context.Background()
	cases := []struct {
		field string
		call  func() error
	}{
		{"IdCard", func() error {
			_, err := c.IdCardVerification(ctx, &IdCardVerificationRequest{IDCard: "110101199003071234", Name: "测试"})
			return err
		}},
		{"Name", func() error {
			_, err := c.IdCardVerification(ctx, &IdCardVerificationRequest{IDCard: "110101199003071233", Name: strings.Repeat("名", 33)})
			return err
		}},
		{"Phone", func() error {
			_, err := c.PhoneVerificationCMCC(ctx, &PhoneVerificationCMCCRequest{IDCard: "110101199003071233", Name: "测试", Phone: "12345"})
			return err
		}},
		{"LivenessType", func() error {
			_, err := c.LivenessCompare(ctx, &LivenessCompareRequest{LivenessType: "BLINK", Image: []byte("\xff\xd8\xff"), Video: []byte("\x00\x00\x00\x18ftypmp42")})
			return err
		}},
		{"ImageBase64, ImageUrl", func() error {
			_, err := c.LivenessCompare(ctx, &LivenessCompareRequest{LivenessType: "SILENT", Video: []byte("\x00\x00\x00\x18ftypmp42")})
			return err
		}},
		{"ImageBase64", func() error {
			_, err := c.LivenessCompare(ctx, &LivenessCompareRequest{LivenessType: "SILENT", Image: []byte("GIF89a"), Video: []byte("\x00\x00\x00\x18ftypmp42")})
			return err
		}},
		{"Date", func() error {
			_, err := c.GetWeChatBillDetails(ctx, &GetWeChatBillDetailsRequest{Date: "2026/11/30"})
			return err
		}},
		{"request", func() error {
			_, err := c.IdCardVerification(ctx, nil)
			return err
		}},
		{"Config.IntentionQuestions[0].Question", func() error {
			_, err := c.GetEidToken(ctx, &GetEidTokenRequest{MerchantID: "m", Config: &GetEidTokenConfig{
				IntentionQuestions: []IntentionQuestion{{Question: strings.Repeat("问", 251), Answers: []string{"是"}}}}})
			return err
		}},
	}
	for _, tc := range cases {
		err := tc.call()
		var vErr *ValidationError
		require.ErrorAs(t, err, &vErr, tc.field)
		assert.Equal(t, tc.field, vErr.Field)
		assert.NotContains(t, err.Error(), "110101199003071234", "the value is never echoed")
	}
	assert.Empty(t, srv.bodies)
}

// TestLargeMediaEncodedOnce checks that a request with an 8 MB video is
// encoded into one buffer of its size: the video is never copied while
// the body grows.
func TestLargeMediaEncodedOnce(t *testing.T) {
	video := make([]byte, 8<<20)
	copy(video, "\x00\x00\x00\x18ftypmp42")
	req := &LivenessCompareRequest{LivenessType: "SILENT", Image: []byte("\xff\xd8\xff\xe0"), Video: video}
	allocs := testing.AllocsPerRun(5, func() {
		body, err := encodeRequest(req)
		if err != nil || len(body) < len(video) {
			t.Fatal("encoding failed")
		}
	})
	assert.Equal(t, 1.0, allocs, "one allocation: the body")
	body, err := encodeRequest(req)
	require.NoError(t, err)
	assert.LessOrEqual(t, cap(body), len(body)+1024, "the body's buffer is about its size")
}

// TestCallActionEveryAction checks that CallAction reaches every action:
// parameters with an unknown member are refused locally for the typed
// ones, and an empty object reaches validation (or the server) for all.
func TestCallActionEveryAction(t *testing.T) {
	srv, c := newContractServer(t)
	srv.reply = `{"Response":{"RequestId":"r-1"}}`
	ctx := context.Background()
	for _, a := range Actions() {
		_, err := c.CallAction(ctx, a.Name, []byte(`{"NoSuchMember": 1}`))
		var vErr *ValidationError
		require.ErrorAs(t, err, &vErr, a.Name)
		assert.Contains(t, vErr.Problem, "NoSuchMember", a.Name)
	}
	assert.Empty(t, srv.bodies, "refused parameters never reach the server")

	out, err := c.CallAction(ctx, "SomeFutureAction", []byte(`{"A": 1}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"RequestId": "r-1"}, out)
	assert.Equal(t, "SomeFutureAction", srv.action)

	_, err = c.CallAction(ctx, "IdCardVerification", []byte(`{"IdCard": "110101199003071233", "Name": 7}`))
	var vErr *ValidationError
	require.ErrorAs(t, err, &vErr)
	assert.NotContains(t, err.Error(), "110101199003071233")
}

func TestCallRefusesDuplicateMembers(t *testing.T) {
	srv, c := newContractServer(t)
	srv.reply = `{"Response":{"Result":"0","Result":"-1","RequestId":"r"}}`
	var out map[string]any
	err := c.Call(context.Background(), "IdCardVerification", map[string]string{"IdCard": "x"}, &out)
	var dErr *DecodeError
	require.ErrorAs(t, err, &dErr)
	assert.Error(t, c.Call(context.Background(), "bad name", nil, nil))
}

// TestViewOfTokenFlowResults checks the display views of the App SDK and
// eID results: masked unless reveal, media as sizes, with the verdict.
func TestViewOfTokenFlowResults(t *testing.T) {
	sim := 88.0
	app := &FaceIDResult{IDCard: "110101199003071233", Name: "测试一", Result: "0", Similarity: &sim, BestFrame: []byte("jpeg"), RequestID: "r"}
	view, ok := View(app, false)
	require.True(t, ok)
	out, err := json.Marshal(view)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "110101199003071233")
	assert.NotContains(t, string(out), "测试一")
	assert.Equal(t, 4, view["BestFrameBase64"])
	assert.True(t, view["Verdict"].(Verdict).Passed)
	view, _ = View(app, true)
	assert.Equal(t, "110101199003071233", view["IdCard"])

	zero := 0
	eid := &EidResult{Text: DetectText{ErrCode: &zero, Name: "测试一", IDCard: "110101199003071233", Sim: "90"},
		BestFrame: BestFrame{BestFrame: []byte("jpeg")}, EidInfo: EidInfo{DesKey: "secret-key"}, RequestID: "r"}
	view, ok = View(eid, false)
	require.True(t, ok)
	out, err = json.Marshal(view)
	require.NoError(t, err)
	for _, leak := range []string{"110101199003071233", "测试一", "secret-key"} {
		assert.NotContains(t, string(out), leak)
	}
	assert.Contains(t, string(out), `"BestFrame.BestFrame":4`)
}
