package faceid

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hostile-reply suite: replies a broken or hostile endpoint, a proxy
// that cuts replies or an attacker on the path can produce, served by a
// real HTTP server. Every row asserts the safe outcome: an error and no
// result, or a result whose Verdict is not passed.

// passingText is the text of a passed liveness-compare, without the braces.
const passingText = `"ErrCode":0,"ErrMsg":"成功","IdCard":"11010119900307123X","Name":"测试","LiveStatus":0,` +
	`"LiveMsg":"成功","Comparestatus":0,"Comparemsg":"成功","Sim":"95.27","Extra":"order-1"`

// passingReadAloud is a passed read-aloud intention result, without braces.
const passingReadAloud = `"IntentionVerifyData":{"IntentionVerifyVideo":"AAAA","AsrResult":"本人同意","ErrorCode":0,` +
	`"ErrorMessage":"成功","IntentionVerifyBestFrame":"/9j/","IntentionVerifyAudio":""},` +
	`"IsVerifyIntention":true,"IntentionVerifyType":"2"`

// reply wraps members of Response into a reply document.
func reply(members string) string {
	return `{"Response":{` + members + `,"RequestId":"4f6c1b2a-0000-4000-8000-hostile"}}`
}

// passingReply is a complete passed result with media and a read-aloud
// intention step: each of its checks is what a hostile row attacks.
func passingReply() string {
	return reply(`"Text":{` + passingText + `},"IdCardData":{"OcrFront":"/9j/2wBD","OcrBack":null},` +
		`"BestFrame":{"BestFrame":"/9j/4AAQ","BestFrames":["/9j/","/9j/"]},"VideoData":{"LivenessVideo":"AAAAGGZ0eXBtcDQy"},` +
		`"Encryption":{"EncryptList":[],"CiphertextBlob":"","Iv":"","Algorithm":"","TagList":[]},` + passingReadAloud)
}

// hostileServer serves whatever its handler field says, counting requests.
type hostileServer struct {
	*httptest.Server
	handler  atomic.Pointer[http.HandlerFunc]
	requests atomic.Int64
}

func newHostileServer(t testing.TB) *hostileServer {
	s := &hostileServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		(*s.handler.Load())(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// serve makes the server answer every request with body.
func (s *hostileServer) serve(body string) {
	s.handle(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
}

func (s *hostileServer) handle(h http.HandlerFunc) { s.handler.Store(&h) }

// client returns a client of the server with retries off.
func (s *hostileServer) client(t testing.TB, opts ...Option) *Client {
	c, err := NewClient(append([]Option{WithEndpoint(s.URL), WithCredentials(StaticCredentials(testSecretID, testSecretKey, "session-token-hostile")),
		WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	require.NoError(t, err)
	return c
}

// assertFailsClosed checks the safe outcome of one call: an error comes
// without a result, and a result is never passed.
func assertFailsClosed(t *testing.T, info *DetectInfo, err error, wantErr bool) {
	t.Helper()
	if err != nil {
		assert.Nil(t, info, "an error never comes with a result")
		return
	}
	require.False(t, wantErr, "want an error, got a result")
	require.NotNil(t, info)
	v := info.Verdict()
	assert.False(t, v.Passed, "verdict %v", v)
}

func TestHostilePassingReplyPasses(t *testing.T) {
	// The control row: the reply every hostile row starts from passes.
	srv := newHostileServer(t)
	srv.serve(passingReply())
	info, err := srv.client(t).GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	require.NoError(t, err)
	v := info.Verdict()
	require.True(t, v.Passed, "%v", v)
	assert.Equal(t, StageIntention, v.Stage)
}

func TestHostileTruncatedReplies(t *testing.T) {
	body := passingReply()
	srv := newHostileServer(t)
	c := srv.client(t)
	ctx := context.Background()
	// Every prefix, served two ways: complete with its own length (a proxy
	// that cut the body and fixed the header), and with the full length
	// declared and the connection closed early.
	for cut := 0; cut < len(body); cut++ {
		prefix := body[:cut]
		srv.serve(prefix)
		info, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
		if err == nil {
			t.Fatalf("cut at %d of %d (%q…) decoded without error", cut, len(body), tail(prefix))
		}
		assertFailsClosed(t, info, err, true)
	}
	for _, marker := range []string{`"ErrCode":0`, `"Sim":"95.27"`, `"ErrorCode":0`, `"IsVerifyIntention":true`, `"LivenessVideo"`} {
		cut := strings.Index(body, marker) + len(marker)
		srv.handle(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write([]byte(body[:cut]))
			// Returning early closes the connection: a reset reply.
		})
		info, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
		require.Error(t, err, "cut after %s", marker)
		assertFailsClosed(t, info, err, true)
	}
}

// tail returns the last bytes of s, for messages.
func tail(s string) string { return s[max(0, len(s)-30):] }

func TestHostileLegacyTruncatedDocument(t *testing.T) {
	doc := `{"Text":{"ErrCode":0,"ErrMsg":"成功","Sim":"95.27","LiveStatus":0,"Comparestatus":0},"BestFrame":{"BestFrame":"/9j/"}}`
	srv := newHostileServer(t)
	c := srv.client(t)
	req := &GetDetectInfoRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1"}

	srv.serve(reply(`"DetectInfo":` + strconv.Quote(doc)))
	info, err := c.GetDetectInfo(context.Background(), req)
	require.NoError(t, err, "the control row decodes")
	require.True(t, info.Verdict().Passed)

	for cut := 1; cut < len(doc); cut++ {
		srv.serve(reply(`"DetectInfo":` + strconv.Quote(doc[:cut])))
		info, err := c.GetDetectInfo(context.Background(), req)
		require.Error(t, err, "embedded document cut at %d", cut)
		assertFailsClosed(t, info, err, true)
	}
	for _, bad := range []string{`12`, `{"Text":{"ErrCode":0}}`, `true`, `["{}"]`} {
		srv.serve(reply(`"DetectInfo":` + bad))
		info, err := c.GetDetectInfo(context.Background(), req)
		require.Error(t, err, "DetectInfo %s", bad)
		assertFailsClosed(t, info, err, true)
	}
}

// hostileRow is one crafted reply and the outcome it must have.
type hostileRow struct {
	name    string
	body    string
	wantErr bool   // an error is required; otherwise a non-passed verdict is enough
	check   string // for verdict rows: text the verdict must contain
}

func runHostileRows(t *testing.T, rows []hostileRow) {
	t.Helper()
	srv := newHostileServer(t)
	c := srv.client(t)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			srv.serve(row.body)
			info, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
			if row.wantErr {
				require.Error(t, err)
			}
			assertFailsClosed(t, info, err, row.wantErr)
			if err == nil && row.check != "" {
				assert.Contains(t, info.Verdict().String(), row.check)
			}
			// The streamed path decodes the same way.
			info, err = c.GetDetectInfoEnhancedStream(context.Background(), validEnhancedRequest(), discardSink)
			if row.wantErr {
				require.Error(t, err, "streamed")
			}
			assertFailsClosed(t, info, err, row.wantErr)
		})
	}
}

func discardSink(MediaRef) (io.Writer, error) { return io.Discard, nil }

func TestHostileEnvelope(t *testing.T) {
	text := `"Text":{` + passingText + `}`
	var rows []hostileRow
	for _, errValue := range []string{`{"Code":{}}`, `{"Code":[]}`, `{"Code":null}`, `{"Code":""}`, `{"Code":"  "}`,
		`{"code":"InternalError"}`, `{}`, `null`, `[]`, `""`, `"InternalError"`, `0`, `{"Code":true}`, `{"Message":"x"}`} {
		rows = append(rows, hostileRow{name: "Error " + errValue, wantErr: true,
			body: reply(text + `,"Error":` + errValue)})
	}
	rows = append(rows,
		hostileRow{name: "Error before payload", wantErr: true, body: `{"Response":{"Error":{"Code":{}},` + text + `}}`},
		hostileRow{name: "two Error objects", wantErr: true,
			body: reply(`"Error":{"Code":"InternalError"},"Error":{"Code":"InternalError"},` + text)},
		hostileRow{name: "two Codes", wantErr: true, body: reply(text + `,"Error":{"Code":"InternalError","Code":""}`)},
		hostileRow{name: "second Response", wantErr: true,
			body: `{"Response":{"Text":{"ErrCode":2006,"Sim":"10.00"}},"Response":{` + text + `}}`},
		hostileRow{name: "Response null", wantErr: true, body: `{"Response":null}`},
		hostileRow{name: "Response array", wantErr: true, body: `{"Response":[{` + text + `}]}`},
		hostileRow{name: "Response string", wantErr: true, body: `{"Response":"{}"}`},
		hostileRow{name: "no Response", wantErr: true, body: `{"Text":{` + passingText + `}}`},
		hostileRow{name: "legacy error code beside success", wantErr: true, body: `{"code":4100,"message":"x","Response":{` + text + `}}`},
		hostileRow{name: "legacy code not a number", wantErr: true, body: `{"code":"oops","Response":{` + text + `}}`},
		hostileRow{name: "two RequestIds", wantErr: true, body: `{"Response":{` + text + `,"RequestId":"a","RequestId":"b"}}`},
		hostileRow{name: "trailing document", wantErr: true, body: reply(text) + `{"Response":{}}`},
	)
	runHostileRows(t, rows)
}

func TestHostileDuplicateMembers(t *testing.T) {
	rows := []hostileRow{
		{name: "ErrCode twice", wantErr: true, body: reply(`"Text":{"ErrCode":2006,` + passingText + `}`)},
		{name: "ErrCode twice, failing last", wantErr: true, body: reply(`"Text":{` + passingText + `,"ErrCode":2006}`)},
		{name: "two spellings of Comparestatus", wantErr: true, body: reply(`"Text":{` + passingText + `,"CompareStatus":0}`)},
		{name: "second Text", wantErr: true, body: reply(`"Text":{"ErrCode":2006},"Text":{` + passingText + `}`)},
		{name: "second Text with other fields", wantErr: true, body: reply(`"Text":{"LiveStatus":0},"Text":{` + passingText[:len(`"ErrCode":0`)] + `}`)},
		{name: "IsVerifyIntention true then false", wantErr: true,
			body: reply(`"Text":{` + passingText + `},"IsVerifyIntention":true,"IntentionVerifyData":{"ErrorCode":-10},"IsVerifyIntention":false`)},
		{name: "IntentionVerifyType twice", wantErr: true,
			body: reply(`"Text":{` + passingText + `},` + passingReadAloud + `,"IntentionVerifyType":"2"`)},
		{name: "intention ErrorCode twice", wantErr: true,
			body: reply(`"Text":{` + passingText + `},"IntentionVerifyData":{"ErrorCode":-10,"ErrorCode":0},"IsVerifyIntention":true,"IntentionVerifyType":"2"`)},
		{name: "second IntentionVerifyData", wantErr: true,
			body: reply(`"Text":{` + passingText + `},"IntentionVerifyData":{"ErrorCode":-10},"IntentionVerifyData":{},"IsVerifyIntention":true,"IntentionVerifyType":"2"`)},
		{name: "Sim twice", wantErr: true, body: reply(`"Text":{"Sim":"12.00",` + passingText + `}`)},
		{name: "LivenessVideo twice", wantErr: true, body: reply(`"Text":{` + passingText + `},"VideoData":{"LivenessVideo":"AAAA","LivenessVideo":"AAAA"}`)},
		{name: "LivenessDetail twice", wantErr: true, body: reply(`"Text":{` + passingText + `,"LivenessDetail":[],"LivenessDetail":[]}`)},
		{name: "attempt Errcode twice", wantErr: true, body: reply(`"Text":{` + passingText + `,"LivenessDetail":[{"Errcode":0,"ErrCode":1}]}`)},
	}
	runHostileRows(t, rows)
}

func TestHostileDetectAuthDuplicates(t *testing.T) {
	srv := newHostileServer(t)
	c := srv.client(t)
	for _, body := range []string{
		reply(`"BizToken":"A","BizToken":"B","Url":"https://h5.example/x"`),
		reply(`"BizToken":"A","Url":"https://h5.example/x","Url":"https://evil.example/"`),
		`{"Response":{"Error":{"Code":{}},"BizToken":"A"}}`,
	} {
		srv.serve(body)
		res, err := c.DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1"})
		require.Error(t, err, body)
		assert.Nil(t, res)
	}
}

func TestHostileIntention(t *testing.T) {
	text := `"Text":{` + passingText + `}`
	failingReadAloud := `"IntentionVerifyData":{"ErrorCode":-10,"ErrorMessage":"ASR failed"}`
	var rows []hostileRow
	for _, flag := range []string{``, `,"IsVerifyIntention":null`, `,"IsVerifyIntention":false`, `,"IsVerifyIntention":"false"`, `,"IsVerifyIntention":0`} {
		rows = append(rows, hostileRow{name: "failing read-aloud, flag" + flag,
			body: reply(text + `,` + failingReadAloud + `,"IntentionVerifyType":"2"` + flag)})
	}
	for _, flag := range []string{`"yes"`, `2`, `{}`, `[]`, `"on"`} {
		rows = append(rows, hostileRow{name: "unparseable IsVerifyIntention " + flag, check: "IsVerifyIntention",
			body: reply(text + `,` + failingReadAloud + `,"IntentionVerifyType":"2","IsVerifyIntention":` + flag)})
		rows = append(rows, hostileRow{name: "unparseable IsVerifyIntention without data " + flag, check: "IsVerifyIntention",
			body: reply(text + `,"IsVerifyIntention":` + flag)})
	}
	q := func(members string) string {
		return reply(text + `,"IntentionQuestionResult":{` + members + `},"IsVerifyIntention":true,"IntentionVerifyType":"0"`)
	}
	rows = append(rows,
		hostileRow{name: "failing read-aloud, no IntentionVerifyType", body: reply(text + `,` + failingReadAloud)},
		hostileRow{name: "intention on, mode unknown", body: reply(text + `,"IsVerifyIntention":true,"IntentionVerifyType":"7"`)},
		hostileRow{name: "intention on, no result", body: reply(text + `,"IsVerifyIntention":true,"IntentionVerifyType":"2"`)},
		hostileRow{name: "Q&A detail 0, summary -1", check: "contradicts", body: q(`"FinalResultDetailCode":0,"FinalResultCode":"-1"`)},
		hostileRow{name: "Q&A detail -301, summary 0", body: q(`"FinalResultDetailCode":-301,"FinalResultCode":"0"`)},
		hostileRow{name: "Q&A every answer failed", check: "ResultCode", body: q(`"FinalResultDetailCode":0,"FinalResultCode":"0","ResultCode":["-1","-1"]`)},
		hostileRow{name: "Q&A one answer failed", check: "ResultCode[1]", body: q(`"FinalResultDetailCode":0,"ResultCode":["0","-1"]`)},
		hostileRow{name: "Q&A answer code unknown", body: q(`"FinalResultCode":"0","ResultCode":["0","yes"]`)},
		hostileRow{name: "Q&A summary only, failing", body: q(`"FinalResultCode":"-1"`)},
		hostileRow{name: "Q&A unknown detail code", body: q(`"FinalResultDetailCode":4242`)},
		hostileRow{name: "Q&A detail code not a number", check: "FinalResultDetailCode", body: q(`"FinalResultDetailCode":"passed"`)},
		hostileRow{name: "nod unknown code", body: reply(text + `,"IntentionActionResult":{"FinalResultDetailCode":-302},"IsVerifyIntention":true,"IntentionVerifyType":"1"`)},
		hostileRow{name: "read-aloud passes, Q&A failed", check: "in a read-aloud flow",
			body: reply(text + `,` + passingReadAloud + `,"IntentionQuestionResult":{"FinalResultDetailCode":-301}`)},
		hostileRow{name: "nod passes, read-aloud failed",
			body: reply(text + `,"IntentionActionResult":{"FinalResultDetailCode":0},` + failingReadAloud + `,"IsVerifyIntention":true,"IntentionVerifyType":"1"`)},
		hostileRow{name: "read-aloud code beyond 32 bits", body: reply(text + `,"IntentionVerifyData":{"ErrorCode":4294967296},"IsVerifyIntention":true,"IntentionVerifyType":"2"`)},
	)
	runHostileRows(t, rows)
}

func TestHostileNumbersAndSimilarity(t *testing.T) {
	withText := func(members string) string {
		return reply(`"Text":{` + members + `}`)
	}
	base := `"ErrMsg":"成功","LiveStatus":0,"Comparestatus":0`
	var rows []hostileRow
	for _, code := range []string{`4294967296`, `"4294967296"`, `-4294967296`, `2147483648`, `-2147483649`, `1e10`, `"1e10"`,
		`18446744073709551616`, `"0x0"`, `"0 0"`, `true`, `[0]`, `{"v":0}`, `0.5`, `"zero"`} {
		rows = append(rows, hostileRow{name: "ErrCode " + code, body: withText(base + `,"Sim":"95.00","ErrCode":` + code)})
	}
	for _, status := range []string{`4294967296`, `1`, `-1`, `"x"`} {
		rows = append(rows,
			hostileRow{name: "LiveStatus " + status, body: withText(`"ErrCode":0,"Sim":"95.00","Comparestatus":0,"LiveStatus":` + status)},
			hostileRow{name: "Comparestatus " + status, body: withText(`"ErrCode":0,"Sim":"95.00","LiveStatus":0,"Comparestatus":` + status)},
		)
	}
	for _, sim := range []string{`"Inf"`, `"+Inf"`, `"NaN"`, `"0x1p7"`, `"1_00"`, `"+95"`, `"9.5e1"`, `"101"`, `"100.01"`,
		`"-1"`, `""`, `"69.99"`, `"0"`, `null`, `"95,00"`, `"٩٥"`, `"95.27abc"`, `".5"`, `"95."`, `"1e2"`, `1e2`, `{}`} {
		rows = append(rows, hostileRow{name: "Sim " + sim, check: "Sim", body: withText(base + `,"ErrCode":0,"Sim":` + sim)})
	}
	rows = append(rows, hostileRow{name: "Sim missing", check: "Sim", body: withText(base + `,"ErrCode":0`)})
	runHostileRows(t, rows)
}

func TestHostileSimilarityStrict(t *testing.T) {
	for _, s := range []string{"Inf", "NaN", "0x1p7", "1_00", "+95", "9.5e1", "101", "-0", "", " ", "95.", ".5", "1e2", "0095"} {
		_, ok := (&DetectText{Sim: s}).Similarity()
		assert.False(t, ok, "%q", s)
	}
	for s, want := range map[string]float64{"95.27": 95.27, "0": 0, "100": 100, "100.00": 100, "70.00": 70, " 88.5 ": 88.5} {
		got, ok := (&DetectText{Sim: s}).Similarity()
		assert.True(t, ok, "%q", s)
		assert.Equal(t, want, got, "%q", s)
	}
}

func TestHostileRedirects(t *testing.T) {
	other := newHostileServer(t)
	other.serve(passingReply())
	srv := newHostileServer(t)
	ctx := context.Background()
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, target := range []string{other.URL + "/", "http://evil.example/steal", "/relative", ""} {
			srv.handle(func(w http.ResponseWriter, _ *http.Request) {
				if target != "" {
					w.Header().Set("Location", target)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(passingReply()))
			})
			for _, hc := range []*http.Client{nil, {}, {CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}} {
				var opts []Option
				if hc != nil {
					opts = append(opts, WithHTTPClient(hc))
				}
				c := srv.client(t, opts...)
				info, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
				var redirect *RedirectError
				require.ErrorAs(t, err, &redirect, "%d to %q", status, target)
				assert.Nil(t, info)
				assert.Equal(t, status, redirect.StatusCode)
				if strings.HasPrefix(target, "http://evil.example") {
					assert.Equal(t, "evil.example", redirect.LocationHost)
					assert.Contains(t, err.Error(), `"evil.example"`)
				}
			}
		}
	}
	assert.Zero(t, other.requests.Load(), "nothing is ever re-sent to another host")
}

func TestHostileRedirectKeepsCallersClient(t *testing.T) {
	hc := &http.Client{}
	_, err := NewClient(WithHTTPClient(hc), WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")))
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect, "WithHTTPClient works on a copy")
}

func TestHostileListCaps(t *testing.T) {
	text := `"Text":{` + passingText + `}`
	frames := func(n int) string {
		return `"BestFrame":{"BestFrames":[` + strings.TrimSuffix(strings.Repeat(`"QQ==",`, n), ",") + `]}`
	}
	rows := []hostileRow{
		{name: "11 extra frames", wantErr: true, body: reply(text + `,` + frames(11))},
		{name: "20000 one-byte frames", wantErr: true, body: reply(text + `,` + frames(20000))},
		{name: "257 attempts", wantErr: true, body: reply(`"Text":{` + passingText + `,"LivenessDetail":[` +
			strings.TrimSuffix(strings.Repeat(`{},`, 257), ",") + `]}`)},
		{name: "11 Q&A screenshots", wantErr: true, body: reply(text + `,"IntentionQuestionResult":{"ScreenShot":[` +
			strings.TrimSuffix(strings.Repeat(`"",`, 11), ",") + `]}`)},
		{name: "65 warnings", wantErr: true, body: reply(text + `,"IdCardData":{"WarnInfos":[` +
			strings.TrimSuffix(strings.Repeat(`-9100,`, 65), ",") + `]}`)},
		{name: "11 nod rounds", wantErr: true, body: reply(text + `,"IntentionActionResult":{"Details":[` +
			strings.TrimSuffix(strings.Repeat(`{},`, 11), ",") + `]}`)},
	}
	runHostileRows(t, rows)

	srv := newHostileServer(t)
	srv.serve(reply(text + `,` + frames(10)))
	info, err := srv.client(t).GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
	require.NoError(t, err, "10 frames, the most a request can ask for, are fine")
	assert.Len(t, info.BestFrame.BestFrames, 10)
}

// TestHostileAmplification checks that a reply of N bytes shaped to
// amplify memory is refused without allocating more than 2N + 1 MiB.
func TestHostileAmplification(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 32 MiB replies")
	}
	shapes := map[string]string{
		"empty attempts":  `"Text":{"LivenessDetail":[` + strings.TrimSuffix(strings.Repeat(`{},`, 11<<20), ",") + `]}`,
		"one-byte frames": `"BestFrame":{"BestFrames":[` + strings.TrimSuffix(strings.Repeat(`"QQ==",`, 5<<20), ",") + `]}`,
		"empty rounds":    `"IntentionActionResult":{"Details":[` + strings.TrimSuffix(strings.Repeat(`{},`, 11<<20), ",") + `]}`,
	}
	srv := newHostileServer(t)
	c := srv.client(t)
	for name, members := range shapes {
		body := []byte(reply(members))
		srv.handle(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		})
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		info, err := c.GetDetectInfoEnhanced(context.Background(), validEnhancedRequest())
		runtime.ReadMemStats(&after)
		require.Error(t, err, name)
		assert.Nil(t, info)
		allocated := after.TotalAlloc - before.TotalAlloc
		limit := 2*uint64(len(body)) + 1<<20
		assert.LessOrEqual(t, allocated, limit, "%s: %d bytes allocated for a %d-byte reply", name, allocated, len(body))
		t.Logf("%s: %d MiB reply, %d KiB allocated", name, len(body)>>20, allocated>>10)
	}
}

// TestHostileErrorsNeverCarryResults checks the rule for every result
// call: an error comes without a result, whatever the failure.
func TestHostileErrorsNeverCarryResults(t *testing.T) {
	srv := newHostileServer(t)
	c := srv.client(t)
	ctx := context.Background()
	dir := t.TempDir()
	bodies := []string{
		passingReply()[:len(passingReply())/2],
		reply(`"Text":{` + passingText + `},"Error":{"Code":"InternalError"}`),
		reply(`"Text":{` + passingText + `},"Text":{}`),
	}
	for i, body := range bodies {
		srv.serve(body)
		info, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
		require.Error(t, err)
		assert.Nil(t, info)
		info, err = c.GetDetectInfoEnhancedStream(ctx, validEnhancedRequest(), discardSink)
		require.Error(t, err)
		assert.Nil(t, info)
		arch, err := c.SaveResult(ctx, validEnhancedRequest(), fmt.Sprintf("%s/%d", dir, i))
		require.Error(t, err)
		assert.Nil(t, arch)
		srv.serve(reply(`"DetectInfo":` + strconv.Quote(body)))
		info, err = c.GetDetectInfo(ctx, &GetDetectInfoRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1"})
		if err == nil {
			// The document inside the legacy reply is a whole reply, not
			// a DetectInfo document: it must still never pass.
			assert.False(t, info.Verdict().Passed)
			continue
		}
		assert.Nil(t, info)
	}
}

// TestHostileLogOutput logs what hostile replies produce — results, and
// errors carrying the server's text — through slog's JSON and text
// handlers and fmt, and checks that no personal data, terminal escape or
// unbounded server text comes out.
func TestHostileLogOutput(t *testing.T) {
	srv := newHostileServer(t)
	c := srv.client(t)
	ctx := context.Background()
	hugeID := strings.Repeat("9", 1<<20)
	escape := "\x1b]0;pwned\x07\x1b[31m"
	var printed []any

	srv.serve(passingReply())
	info, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
	require.NoError(t, err)
	printed = append(printed, info, &info.Text, info.Text.LivenessDetail, info.Verdict())

	for _, body := range []string{
		`{"Response":{"Error":{"Code":"InvalidParameter` + escape + `","Message":"身份证 11010119900307123X 手机 138-0013-8000 卡 6222 0212 3456 7890 123` + escape + `\n伪造"},"RequestId":"` + hugeID + `"}}`,
		`{"Response":{"Error":{"Code":{}},"RequestId":"` + escape + `11010119900307123X"}}`,
		`{"Response":{"Text":{"ErrCode":0,"Name":"测试"},"Text":{}}, "RequestId":"x"}`,
	} {
		srv.serve(body)
		_, err := c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 2000, "server text is bounded in the error string")
		assert.Less(t, len(RequestID(err)), 200)
		printed = append(printed, err)
	}
	srv.handle(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", "http://evil.example"+escape+"/")
		w.Header().Set("X-TC-RequestId", escape+hugeID)
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	_, err = c.GetDetectInfoEnhanced(ctx, validEnhancedRequest())
	require.Error(t, err)
	printed = append(printed, err)

	var out strings.Builder
	jsonLog := slog.New(slog.NewJSONHandler(&out, nil))
	textLog := slog.New(slog.NewTextHandler(&out, nil))
	for _, v := range printed {
		jsonLog.Info("hostile", "value", v)
		textLog.Info("hostile", "value", v)
		fmt.Fprintf(&out, "%v %+v %#v %s\n", v, v, v, v)
	}
	text := out.String()
	for _, leak := range []string{"11010119900307123X", "测试", "138-0013-8000", "6222 0212 3456 7890", "\x1b", "\x07", "pwned\x07", hugeID[:64]} {
		assert.NotContains(t, text, leak)
	}
}

func TestHostileEchoedNameIsMasked(t *testing.T) {
	srv := newHostileServer(t)
	srv.serve(`{"Response":{"Error":{"Code":"InvalidParameter","Message":"姓名测试一与身份证不符"},"RequestId":"r"}}`)
	_, err := srv.client(t).DetectAuth(context.Background(), &DetectAuthRequest{RuleID: "1", Name: "测试一"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, err.Error(), "测试一")
	assert.Contains(t, apiErr.Message, "测**", "the name the client sent is masked where the server echoes it")
}
