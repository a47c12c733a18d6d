package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	cliSecretID  = "AKIDclitest000000000000000000000000"
	cliSecretKey = "cli-secret-key-not-real"
)

// replayServer answers every request with a fixture's reply and records
// the request bodies it received.
type replayServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	auth   []string
}

func newReplayServer(t *testing.T, fixture string) *replayServer {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", fixture))
	require.NoError(t, err)
	var fx struct {
		Response struct {
			Status int             `json:"status"`
			Body   json.RawMessage `json:"body"`
		} `json:"response"`
	}
	require.NoError(t, json.Unmarshal(raw, &fx))
	rs := &replayServer{}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rs.mu.Lock()
		rs.bodies = append(rs.bodies, b)
		rs.auth = append(rs.auth, r.Header.Get("Authorization"))
		rs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(fx.Response.Status)
		_, _ = w.Write(fx.Response.Body)
	}))
	t.Cleanup(rs.Close)
	return rs
}

func (rs *replayServer) requests() int {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return len(rs.bodies)
}

// runCLI runs the command line in-process with test credentials.
func runCLI(t *testing.T, getenv env, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	t.Setenv("TENCENTCLOUD_SECRET_ID", cliSecretID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", cliSecretKey)
	t.Setenv("TENCENTCLOUD_REGION", "")
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var out, errOut bytes.Buffer
	status = run(context.Background(), args, &out, &errOut, getenv)
	return status, out.String(), errOut.String()
}

func TestDetectAuthCommand(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/plain.json")
	status, out, errOut := runCLI(t, nil, "detect-auth", "--rule-id", "1", "--name", "测试一",
		"--id-card", "110101199003071233", "--redirect-url", "https://shop.example/return", "--extra", "order-10086",
		"--endpoint", srv.URL, "--verbose")
	require.Equal(t, exitOK, status, errOut)
	var got map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Len(t, got, 3)
	assert.NotEmpty(t, got["BizToken"])
	assert.Contains(t, got["Url"], got["BizToken"])
	assert.NotEmpty(t, got["RequestId"])
	assert.Contains(t, errOut, "action=DetectAuth", "--verbose logs to stderr")
	assert.NotContains(t, errOut, cliSecretKey)
	assert.NotContains(t, errOut, "110101199003071233")
	assert.JSONEq(t, `{"RuleId":"1","IdCard":"110101199003071233","Name":"测试一","RedirectUrl":"https://shop.example/return","Extra":"order-10086"}`,
		string(srv.bodies[0]))
	assert.Contains(t, srv.auth[0], "Credential="+cliSecretID+"/")
}

func TestDetectAuthCommandImageAndEnvEndpoint(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/with-photo.json")
	getenv := func(k string) string {
		if k == endpointEnv {
			return srv.URL
		}
		return ""
	}
	status, _, errOut := runCLI(t, getenv, "detect-auth", "--rule-id", "1", "--image", "../../testdata/media/frame.jpg")
	require.Equal(t, exitOK, status, errOut)
	var body map[string]string
	require.NoError(t, json.Unmarshal(srv.bodies[0], &body))
	assert.NotEmpty(t, body["ImageBase64"])
}

func TestDetectAuthCommandAPIError(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/rule-id-not-exist.json")
	status, out, errOut := runCLI(t, nil, "detect-auth", "--rule-id", "999", "--endpoint", srv.URL)
	assert.Equal(t, exitFailure, status)
	assert.Empty(t, out)
	assert.Equal(t, "faceid: DetectAuth: InvalidParameterValue.RuleIdNotExist: RuleId不存在，请到人脸核身控制台申请。"+
		" (RequestId c26c8f95-2f96-4607-89fd-d2b83043660c)\n"+
		"  check --rule-id against the business flows of the FaceID console\n", errOut)
}

// TestFailurePrintsOnlySanitizedText: a server's error with terminal
// escapes, personal data and a megabyte RequestId reaches the terminal
// redacted, on one line per message, and bounded.
func TestFailurePrintsOnlySanitizedText(t *testing.T) {
	const idNumber, phone = "110101199003071233", "13800138000"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body, _ := json.Marshal(map[string]any{"Response": map[string]any{
			"Error": map[string]string{
				"Code":    "InvalidParameter",
				"Message": "非法BizToken 身份证 " + idNumber + " 手机 138-0013-8000\r\nfaceid: all good\u202e\x1b]0;owned\x07",
			},
			"RequestId": strings.Repeat("\x1b[31m", 1<<16) + phone + strings.Repeat("r", 1<<20),
		}})
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	status, out, errOut := runCLI(t, nil, "result", "--biz-token", "T", "--rule-id", "1", "--endpoint", srv.URL)
	assert.Equal(t, exitFailure, status)
	assert.Empty(t, out)
	assert.Less(t, len(errOut), 1024)
	for _, leak := range []string{idNumber, phone, "138-0013-8000", "\x1b", "\x07", "\u202e", "\r", "owned"} {
		assert.NotContains(t, errOut, leak)
	}
	assert.Equal(t, 2, strings.Count(errOut, "\n"), "the server's newline does not start a line of its own: %q", errOut)
	assert.Contains(t, errOut, "FaceID does not know this BizToken", "InvalidParameter 非法BizToken is ErrBizTokenInvalid")
	assert.Contains(t, errOut, "身份证 ****************** 手机 ***-****-**** faceid: all good")
}

func TestPrintable(t *testing.T) {
	assert.Equal(t, "a b c[31md", printable("a\nb\tc\x1b[31m\u202ed\x00"))
	long := printable(strings.Repeat("好", 3000))
	assert.Equal(t, maxErrorRunes+1, utf8.RuneCountInString(long))
	assert.True(t, strings.HasSuffix(long, "…"))
}

func TestUsageErrors(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/plain.json")
	cases := [][]string{
		{},
		{"frobnicate"},
		{"detect-auth"},
		{"detect-auth", "--rule-id", "1", "--id-card", "110101199003071234", "--endpoint", srv.URL},
		{"detect-auth", "--rule-id", "1", "--timeout", "soon", "--endpoint", srv.URL},
		{"detect-auth", "--rule-id", "1", "--endpoint", "http://faceid.example.com"},
		{"detect-auth", "--rule-id", "1", "--image", "/does/not/exist.jpg", "--endpoint", srv.URL},
		{"detect-auth", "--rule-id", "1", "stray", "--endpoint", srv.URL},
		{"result", "--rule-id", "1", "--endpoint", srv.URL},
		{"result", "--biz-token", "T", "--rule-id", "1", "--best-frames", "11", "--endpoint", srv.URL},
	}
	for _, args := range cases {
		status, _, errOut := runCLI(t, nil, args...)
		assert.Equal(t, exitUsage, status, "%q: %s", args, errOut)
		assert.NotEmpty(t, errOut, "%q", args)
	}
	assert.Zero(t, srv.requests(), "usage errors make no call")

	status, out, _ := runCLI(t, nil, "help")
	assert.Equal(t, exitOK, status)
	assert.Contains(t, out, "detect-auth")
}

func TestNetworkFailureExitsOne(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	status, _, errOut := runCLI(t, nil, "detect-auth", "--rule-id", "1", "--endpoint", url, "--timeout", "2s")
	assert.Equal(t, exitFailure, status)
	assert.Contains(t, errOut, "request failed")
}

func TestResultCommandMasksAndSizesMedia(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	status, out, errOut := runCLI(t, nil, "result", "--biz-token", "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", "--rule-id", "1",
		"--best-frames", "2", "--endpoint", srv.URL)
	require.Equal(t, exitOK, status, errOut)
	var view map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &view))
	text := view["Text"].(map[string]any)
	assert.Equal(t, "1101**********1233", text["IdCard"])
	assert.Equal(t, "测**", text["Name"])
	assert.Equal(t, float64(0), text["ErrCode"])
	assert.Equal(t, "95.27", text["Sim"])
	frames := view["BestFrame"].(map[string]any)
	video, err := os.ReadFile("../../testdata/media/liveness.mp4")
	require.NoError(t, err)
	assert.Equal(t, float64(len(video)), view["VideoData"].(map[string]any)["LivenessVideo"])
	assert.IsType(t, float64(0), frames["BestFrame"])
	assert.Len(t, frames["BestFrames"], 2)
	assert.Equal(t, true, view["Verdict"].(map[string]any)["Passed"])
	assert.NotContains(t, out, "110101199003071233")
	assert.NotContains(t, out, "/9j/", "no base64 media in the output")
	assert.JSONEq(t, `{"BizToken":"6399E5F7-B601-4AEF-AE38-0D8E019E69FA","RuleId":"1","InfoType":"0","BestFramesCount":2}`, string(srv.bodies[0]))

	status, out, _ = runCLI(t, nil, "result", "--biz-token", "T", "--rule-id", "1", "--reveal", "--endpoint", srv.URL)
	require.Equal(t, exitOK, status)
	assert.Contains(t, out, "110101199003071233")
}

func TestResultCommandOut(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	dir := filepath.Join(t.TempDir(), "evidence")
	status, out, errOut := runCLI(t, nil, "result", "--biz-token", "T", "--rule-id", "1", "--best-frames", "2", "--out", dir, "--endpoint", srv.URL)
	require.Equal(t, exitOK, status, errOut)
	saved, err := os.ReadFile(filepath.Join(dir, "result.json"))
	require.NoError(t, err)
	var archived map[string]any
	require.NoError(t, json.Unmarshal(saved, &archived))
	assert.Equal(t, "110101199003071233", archived["Text"].(map[string]any)["IdCard"], "the saved evidence is complete")
	assert.Equal(t, "测试一", archived["Text"].(map[string]any)["Name"])
	video := archived["VideoData"].(map[string]any)["LivenessVideo"].(map[string]any)
	assert.Equal(t, "liveness-video.mp4", video["File"])
	var printed map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &printed))
	assert.Equal(t, video["Bytes"], printed["VideoData"].(map[string]any)["LivenessVideo"], "stdout shows the same size")
	assert.Equal(t, "1101**********1233", printed["Text"].(map[string]any)["IdCard"], "stdout is masked unless --reveal")
	assert.NotContains(t, out, "110101199003071233")
	assert.Contains(t, errOut, "saved result.json, manifest.json")
	m, err := faceid.VerifyArchive(dir)
	require.NoError(t, err)
	assert.Equal(t, "T", m.BizToken)
	assert.Equal(t, "1", m.RuleID)
	for file, media := range map[string]string{
		"best-frame.jpg": "frame.jpg", "best-frame-1.jpg": "frame-1.jpg", "best-frame-2.jpg": "frame-2.jpg",
		"liveness-video.mp4": "liveness.mp4", "idcard-front.jpg": "idcard-front.jpg", "idcard-back.jpg": "idcard-back.jpg",
		"idcard-avatar.jpg": "avatar.jpg",
	} {
		got, err := os.ReadFile(filepath.Join(dir, file))
		require.NoError(t, err, file)
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "media", media))
		require.NoError(t, err)
		assert.Equal(t, want, got, file)
		info, err := os.Stat(filepath.Join(dir, file))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "media files are private")
	}
}

// TestResultCommandOutOneFolderPerToken: the same flow may be saved again
// into its folder; another flow's result is refused there, before any call.
func TestResultCommandOutOneFolderPerToken(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	dir := filepath.Join(t.TempDir(), "evidence")
	args := func(token string) []string {
		return []string{"result", "--biz-token", token, "--rule-id", "1", "--best-frames", "2", "--out", dir, "--endpoint", srv.URL}
	}
	status, _, errOut := runCLI(t, nil, args("T1")...)
	require.Equal(t, exitOK, status, errOut)
	status, _, errOut = runCLI(t, nil, args("T1")...)
	require.Equal(t, exitOK, status, errOut)
	require.Equal(t, 2, srv.requests())

	status, out, errOut := runCLI(t, nil, args("T2")...)
	assert.Equal(t, exitFailure, status)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "another BizToken or RuleId")
	assert.Equal(t, 2, srv.requests(), "refused before any call")
	m, err := faceid.VerifyArchive(dir)
	require.NoError(t, err)
	assert.Equal(t, "T1", m.BizToken)
}

// TestResultCommandCutReplyPrintsNoResult: a reply cut off after a passing
// ErrCode is an error and nothing else: no result, no verdict, no files.
func TestResultCommandCutReplyPrintsNoResult(t *testing.T) {
	srv := faceidtest.NewServer(faceidtest.WithCredentials(cliSecretID, cliSecretKey))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	auth, err := srv.Client().DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: faceidtest.DefaultRuleID})
	require.NoError(t, err)
	require.NoError(t, srv.Complete(auth.BizToken, faceidtest.Pass()))
	args := []string{"result", "--biz-token", auth.BizToken, "--rule-id", faceidtest.DefaultRuleID, "--endpoint", srv.URL()}

	// Whole, the reply passes.
	status, out, errOut := runCLI(t, nil, args...)
	require.Equal(t, exitOK, status, errOut)
	require.Contains(t, out, `"Passed": true`)

	parent := t.TempDir()
	for _, extra := range [][]string{nil, {"--out", filepath.Join(parent, "evidence")}} {
		// Every attempt, retries included, is cut in half: after Text and
		// its ErrCode 0, inside the media.
		srv.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultTruncatedJSON, Count: 100})
		status, out, errOut := runCLI(t, nil, append(args, extra...)...)
		assert.Equal(t, exitFailure, status, "%q", extra)
		assert.Empty(t, out, "%q: nothing on stdout", extra)
		assert.NotContains(t, errOut, "Passed", "%q", extra)
		assert.NotContains(t, errOut, "partial", "%q", extra)
		assert.Empty(t, listEntries(t, parent), "%q: nothing saved", extra)
	}
}

// listEntries returns the names in dir.
func listEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestResultCommandPendingAndExpired(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/flow-not-finished.json")
	status, out, _ := runCLI(t, nil, "result", "--biz-token", "T", "--rule-id", "1", "--endpoint", srv.URL)
	require.Equal(t, exitOK, status)
	assert.True(t, strings.Contains(out, `"Pending": true`), out)

	srv = newReplayServer(t, "GetDetectInfoEnhanced/biz-token-expired.json")
	status, _, errOut := runCLI(t, nil, "result", "--biz-token", "T", "--rule-id", "1", "--endpoint", srv.URL)
	assert.Equal(t, exitFailure, status)
	assert.Contains(t, errOut, "InvalidParameterValue.BizTokenExpired")
}

// TestResultCommandOutPrintsTheSameView: with --out the result is streamed
// to files, and stdout must still show every media size, lists included,
// exactly as without --out.
func TestResultCommandOutPrintsTheSameView(t *testing.T) {
	for _, fixture := range []string{
		"GetDetectInfoEnhanced/passed-with-media.json",
		"GetDetectInfoEnhanced/intention-question-passed.json",
		"GetDetectInfoEnhanced/intention-action-failed.json",
		"GetDetectInfoEnhanced/intention-read-aloud-passed.json",
		"GetDetectInfoEnhanced/encrypted-body.json",
		"GetDetectInfoEnhanced/odd-fields.json",
	} {
		t.Run(fixture, func(t *testing.T) {
			srv := newReplayServer(t, fixture)
			args := []string{"result", "--biz-token", "T", "--rule-id", "1", "--best-frames", "2", "--endpoint", srv.URL}
			status, inMemory, errOut := runCLI(t, nil, args...)
			require.Equal(t, exitOK, status, errOut)
			status, streamed, errOut := runCLI(t, nil, append(args, "--out", filepath.Join(t.TempDir(), "out"))...)
			require.Equal(t, exitOK, status, errOut)
			assert.JSONEq(t, inMemory, streamed)
		})
	}
}
