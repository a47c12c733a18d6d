package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
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
	lang   []string // X-TC-Language
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
		rs.lang = append(rs.lang, r.Header.Get("X-TC-Language"))
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

// runCLI runs the command line in-process with test credentials and no
// endpoint, region or credentials file from the environment.
func runCLI(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	return runCLIWith(t, nil, args...)
}

// runCLIWith runs the command line as runCLI does, with the variables of
// env set (to "" to unset) after the test defaults.
func runCLIWith(t *testing.T, env map[string]string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	return runCLIContext(t, context.Background(), env, args...)
}

func runCLIContext(t *testing.T, ctx context.Context, env map[string]string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	defaults := map[string]string{
		faceid.EnvSecretID:        cliSecretID,
		faceid.EnvSecretKey:       cliSecretKey,
		faceid.EnvSessionToken:    "",
		faceid.EnvToken:           "",
		faceid.EnvRegion:          "",
		faceid.EnvEndpoint:        "",
		faceid.EnvCredentialsFile: filepath.Join(t.TempDir(), "no-credentials"),
	}
	for k, v := range defaults {
		t.Setenv(k, v)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errOut bytes.Buffer
	status = run(ctx, args, &out, &errOut)
	return status, out.String(), errOut.String()
}

func TestDetectAuthCommand(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/plain.json")
	status, out, errOut := runCLI(t, "detect-auth", "--rule-id", "1", "--name", "测试一",
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
	status, _, errOut := runCLIWith(t, map[string]string{faceid.EnvEndpoint: srv.URL},
		"detect-auth", "--rule-id", "1", "--image", "../../testdata/media/frame.jpg")
	require.Equal(t, exitOK, status, errOut)
	require.Equal(t, 1, srv.requests(), "the call went to $FACEID_ENDPOINT")
	var body map[string]string
	require.NoError(t, json.Unmarshal(srv.bodies[0], &body))
	assert.NotEmpty(t, body["ImageBase64"])
}

func TestDetectAuthCommandAPIError(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/rule-id-not-exist.json")
	status, out, errOut := runCLI(t, "detect-auth", "--rule-id", "999", "--endpoint", srv.URL)
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
	status, out, errOut := runCLI(t, "result", "--biz-token", "T", "--rule-id", "1", "--endpoint", srv.URL)
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
		status, _, errOut := runCLI(t, args...)
		assert.Equal(t, exitUsage, status, "%q: %s", args, errOut)
		assert.NotEmpty(t, errOut, "%q", args)
	}
	assert.Zero(t, srv.requests(), "usage errors make no call")

	status, out, _ := runCLI(t, "help")
	assert.Equal(t, exitOK, status)
	assert.Contains(t, out, "detect-auth")
}

func TestNetworkFailureExitsOne(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	status, _, errOut := runCLI(t, "detect-auth", "--rule-id", "1", "--endpoint", url, "--timeout", "2s")
	assert.Equal(t, exitFailure, status)
	assert.Contains(t, errOut, "request failed")
}

func TestResultCommandMasksAndSizesMedia(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	status, out, errOut := runCLI(t, "result", "--biz-token", "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", "--rule-id", "1",
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

	status, out, _ = runCLI(t, "result", "--biz-token", "T", "--rule-id", "1", "--reveal", "--endpoint", srv.URL)
	require.Equal(t, exitOK, status)
	assert.Contains(t, out, "110101199003071233")
}

func TestResultCommandOut(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	dir := filepath.Join(t.TempDir(), "evidence")
	status, out, errOut := runCLI(t, "result", "--biz-token", "T", "--rule-id", "1", "--best-frames", "2", "--out", dir, "--endpoint", srv.URL)
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
// into its folder; another flow's result is refused there, before any
// call, as a local problem.
func TestResultCommandOutOneFolderPerToken(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	dir := filepath.Join(t.TempDir(), "evidence")
	args := func(token string) []string {
		return []string{"result", "--biz-token", token, "--rule-id", "1", "--best-frames", "2", "--out", dir, "--endpoint", srv.URL}
	}
	status, _, errOut := runCLI(t, args("T1")...)
	require.Equal(t, exitOK, status, errOut)
	status, _, errOut = runCLI(t, args("T1")...)
	require.Equal(t, exitOK, status, errOut)
	require.Equal(t, 2, srv.requests())

	status, out, errOut := runCLI(t, args("T2")...)
	assert.Equal(t, exitUsage, status, "a local problem, found before the call")
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
	status, out, errOut := runCLI(t, args...)
	require.Equal(t, exitOK, status, errOut)
	require.Contains(t, out, `"Passed": true`)

	parent := t.TempDir()
	for _, extra := range [][]string{nil, {"--out", filepath.Join(parent, "evidence")}} {
		// Every attempt, retries included, is cut in half: after Text and
		// its ErrCode 0, inside the media.
		srv.InjectFault(faceidtest.Fault{Action: "GetDetectInfoEnhanced", Kind: faceidtest.FaultTruncatedJSON, Count: 100})
		status, out, errOut := runCLI(t, append(args, extra...)...)
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
	status, out, _ := runCLI(t, "result", "--biz-token", "T", "--rule-id", "1", "--endpoint", srv.URL)
	require.Equal(t, exitOK, status)
	assert.True(t, strings.Contains(out, `"Pending": true`), out)

	srv = newReplayServer(t, "GetDetectInfoEnhanced/biz-token-expired.json")
	status, _, errOut := runCLI(t, "result", "--biz-token", "T", "--rule-id", "1", "--endpoint", srv.URL)
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
			status, inMemory, errOut := runCLI(t, args...)
			require.Equal(t, exitOK, status, errOut)
			status, streamed, errOut := runCLI(t, append(args, "--out", filepath.Join(t.TempDir(), "out"))...)
			require.Equal(t, exitOK, status, errOut)
			assert.JSONEq(t, inMemory, streamed)
		})
	}
}

// TestHelpOnStdout: "faceid CMD -h", "faceid CMD --help" and "faceid help
// CMD" print the same usage on stdout and exit 0, for every command.
func TestHelpOnStdout(t *testing.T) {
	for _, c := range commands() {
		var outs []string
		for _, args := range [][]string{{c.name, "-h"}, {c.name, "--help"}, {"help", c.name}} {
			status, out, errOut := runCLI(t, args...)
			assert.Equal(t, exitOK, status, "%q", args)
			assert.Empty(t, errOut, "%q", args)
			assert.True(t, strings.HasPrefix(out, "usage: faceid "+c.name+" "+c.synopsis+"\n"), "%q: %s", args, out)
			assert.Contains(t, out, c.summary, "%q", args)
			outs = append(outs, out)
		}
		assert.Equal(t, outs[0], outs[1], c.name)
		assert.Equal(t, outs[0], outs[2], c.name)
	}
	for cmd, flags := range map[string][]string{
		"detect-auth": {"-rule-id", "-image", "-endpoint", "-region", "-language", "-timeout", "-verbose"},
		"result":      {"-biz-token", "-out", "-reveal", "-verdict-exit", "-language", "-timeout"},
		"sandbox":     {"-addr", "-public", "-secret-id", "-rule-id"},
	} {
		_, out, _ := runCLI(t, "help", cmd)
		for _, f := range flags {
			assert.Regexp(t, `(?m)^  `+f+`( |$)`, out, "%s lists %s", cmd, f)
		}
	}
}

// TestHelpListsCommands: "faceid help" lists every command of the table;
// without a command the same list goes to stderr with status 2.
func TestHelpListsCommands(t *testing.T) {
	status, help, errOut := runCLI(t, "help")
	require.Equal(t, exitOK, status)
	assert.Empty(t, errOut)
	for _, c := range commands() {
		assert.Regexp(t, `(?m)^  `+regexp.QuoteMeta(c.name)+` +`+regexp.QuoteMeta(c.summary)+`$`, help)
	}
	for _, alias := range []string{"-h", "--help"} {
		status, out, _ := runCLI(t, alias)
		assert.Equal(t, exitOK, status)
		assert.Equal(t, help, out, alias)
	}

	status, out, errOut := runCLI(t)
	assert.Equal(t, exitUsage, status)
	assert.Empty(t, out)
	assert.Equal(t, help, errOut)

	for _, args := range [][]string{{"frobnicate"}, {"help", "frobnicate"}, {"help", "result", "sandbox"}} {
		status, out, errOut := runCLI(t, args...)
		assert.Equal(t, exitUsage, status, "%q", args)
		assert.Empty(t, out, "%q", args)
		assert.NotEmpty(t, errOut, "%q", args)
	}
	_, _, errOut = runCLI(t, "help", "frobnicate")
	assert.True(t, strings.HasPrefix(errOut, "faceid help: unknown command \"frobnicate\"\n"), errOut)
}

// flagBlocks splits the flag list of a usage text into one block per flag.
func flagBlocks(usage string) map[string]string {
	blocks := map[string]string{}
	var name string
	for line := range strings.Lines(usage) {
		if rest, ok := strings.CutPrefix(line, "  -"); ok {
			name = strings.Fields(rest)[0]
		}
		if name != "" {
			blocks[name] += line
		}
	}
	return blocks
}

// TestHelpShowsEachDefaultOnce: each flag states its default at most once
// (the flag package's "(default …)" is not repeated by the usage text or
// the usage line), also when the environment supplies an endpoint or a
// region, which the library reads and the help names instead of showing.
func TestHelpShowsEachDefaultOnce(t *testing.T) {
	env := map[string]string{faceid.EnvEndpoint: "http://127.0.0.1:65001", faceid.EnvRegion: "ap-chengdu"}
	defaultValue := regexp.MustCompile(`\(default "?([^)"]*)"?\)`)
	for _, c := range commands() {
		status, out, _ := runCLIWith(t, env, c.name, "-h")
		require.Equal(t, exitOK, status)
		usageLine, _, _ := strings.Cut(out, "\n")
		blocks := flagBlocks(out)
		for name, block := range blocks {
			assert.LessOrEqual(t, strings.Count(strings.ToLower(block), "default"), 1, "%s -%s:\n%s", c.name, name, block)
			if m := defaultValue.FindStringSubmatch(block); m != nil && !strings.HasPrefix(m[1], "$") {
				assert.NotContains(t, usageLine, m[1], "%s: the usage line repeats the default of -%s", c.name, name)
			}
		}
		assert.NotContains(t, out, "127.0.0.1:65001", c.name)
		assert.NotContains(t, out, "ap-chengdu", c.name)
	}
	_, out, _ := runCLI(t, "help", "result")
	blocks := flagBlocks(out)
	assert.Contains(t, blocks["timeout"], "(default 1m0s)")
	assert.Contains(t, blocks["language"], `(default "zh-CN")`)
	assert.Contains(t, blocks["endpoint"], "(default $FACEID_ENDPOINT, else https://faceid.tencentcloudapi.com)")
}

func TestVersionCommand(t *testing.T) {
	status, out, errOut := runCLI(t, "version")
	require.Equal(t, exitOK, status)
	assert.Empty(t, errOut)
	assert.Equal(t, "faceid "+faceid.Version+" (FaceID API "+faceid.APIVersion+", "+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+")\n", out)
	_, alias, _ := runCLI(t, "--version")
	assert.Equal(t, out, alias)

	status, out, errOut = runCLI(t, "version", "extra")
	assert.Equal(t, exitUsage, status)
	assert.Empty(t, out)
	assert.True(t, strings.HasPrefix(errOut, "faceid version: unexpected argument \"extra\"\n"), errOut)
}

// TestNoCredentialsIsOneCleanMessage: with neither variables nor a profile,
// the API commands say once which variables and which file were tried,
// exit 2 and send nothing.
func TestNoCredentialsIsOneCleanMessage(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	dir := t.TempDir()
	missing := filepath.Join(dir, "credentials")
	noProfile := filepath.Join(dir, "other-profiles")
	require.NoError(t, os.WriteFile(noProfile, []byte("[work]\nsecret_id = AKIDxxxxxxxxxxxx\n"), 0o600))
	out := filepath.Join(dir, "evidence")
	for file, tried := range map[string]string{
		missing:   "credentials file " + missing + " does not exist",
		noProfile: "profile [default] not in " + noProfile,
	} {
		env := map[string]string{faceid.EnvSecretID: "", faceid.EnvSecretKey: "", faceid.EnvCredentialsFile: file}
		for _, args := range [][]string{
			{"detect-auth", "--rule-id", "1"},
			{"result", "--biz-token", "T", "--rule-id", "1"},
			{"result", "--biz-token", "T", "--rule-id", "1", "--out", out},
		} {
			status, stdout, errOut := runCLIWith(t, env, append(args, "--endpoint", srv.URL)...)
			assert.Equal(t, exitUsage, status, "%q", args)
			assert.Empty(t, stdout, "%q", args)
			assert.Equal(t, "faceid "+args[0]+": no credentials found: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; "+tried+"\n", errOut)
		}
	}
	assert.Zero(t, srv.requests())
	assert.NoDirExists(t, out)
}

// TestNoDoubledPrefixes: every problem is one line with one prefix, in the
// terms of the command line (flags and variables, not option names), exits
// 2 and sends nothing.
func TestNoDoubledPrefixes(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/plain.json")
	prefix := regexp.MustCompile(`faceid(?: [a-z-]+)?: `)
	const endpoint = "ENDPOINT" // replaced by the test server's URL
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"detect-auth", "--nope"}, "faceid detect-auth: flag provided but not defined: -nope\n"},
		{nil, []string{"detect-auth", "--rule-id"}, "faceid detect-auth: flag needs an argument: -rule-id\n"},
		{nil, []string{"detect-auth", "--endpoint", endpoint}, "faceid detect-auth: --rule-id is required\n"},
		{nil, []string{"detect-auth", "--rule-id", "1", "--endpoint", "http://faceid.example.com"},
			`faceid detect-auth: --endpoint: "http://faceid.example.com" uses plain http; only loopback hosts may (use https)` + "\n"},
		{map[string]string{faceid.EnvEndpoint: "ftp://faceid.example.com"}, []string{"detect-auth", "--rule-id", "1"},
			`faceid detect-auth: $FACEID_ENDPOINT: "ftp://faceid.example.com" must be an absolute https URL`},
		{map[string]string{faceid.EnvRegion: "Guangzhou"}, []string{"result", "--biz-token", "T", "--rule-id", "1", "--endpoint", endpoint},
			`faceid result: $TENCENTCLOUD_REGION: "Guangzhou" is not a region id`},
		{nil, []string{"detect-auth", "--rule-id", "1", "--region", "Guangzhou", "--endpoint", endpoint},
			`faceid detect-auth: --region: "Guangzhou" is not a region id`},
		{nil, []string{"detect-auth", "--rule-id", "1", "--language", "fr-FR", "--endpoint", endpoint},
			`faceid detect-auth: --language: "fr-FR" is not supported; use zh-CN or en-US`},
		{nil, []string{"detect-auth", "--rule-id", "1", "--timeout", "0s", "--endpoint", endpoint},
			"faceid detect-auth: --timeout: 0s is not a positive duration"},
		{map[string]string{faceid.EnvSecretKey: ""}, []string{"detect-auth", "--rule-id", "1", "--endpoint", endpoint},
			"faceid: DetectAuth: getting credentials: environment credentials: SecretKey is empty\n"},
		{nil, []string{"result", "--biz-token", "T", "--rule-id", "1", "--best-frames", "11", "--endpoint", endpoint},
			"faceid: GetDetectInfoEnhanced: BestFramesCount: must be between 0 and 10"},
	}
	for _, tc := range cases {
		args := slices.Clone(tc.args)
		if i := slices.Index(args, endpoint); i >= 0 {
			args[i] = srv.URL
		}
		status, out, errOut := runCLIWith(t, tc.env, args...)
		assert.Equal(t, exitUsage, status, "%q: %s", args, errOut)
		assert.Empty(t, out, "%q", args)
		assert.True(t, strings.HasPrefix(errOut, tc.want), "%q:\n%s", args, errOut)
		assert.Len(t, prefix.FindAllString(errOut, -1), 1, "%q: one prefix in\n%s", args, errOut)
		assert.NotContains(t, errOut, "With", "%q: no option names", args)
	}
	assert.Zero(t, srv.requests(), "nothing was sent")
}

// TestLanguageFlag: --language picks the language of the server's
// messages; zh-CN is the default.
func TestLanguageFlag(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/plain.json")
	for _, args := range [][]string{{"--language", "en-US"}, nil} {
		status, _, errOut := runCLI(t, append([]string{"detect-auth", "--rule-id", "1", "--endpoint", srv.URL}, args...)...)
		require.Equal(t, exitOK, status, errOut)
	}
	assert.Equal(t, []string{"en-US", "zh-CN"}, srv.lang)
}

// TestTimeoutMentionsTimeoutFlag: an attempt that runs out of time is a
// failed call whose message says which flag to raise.
func TestTimeoutMentionsTimeoutFlag(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Never answers. The body is read first: only then does the
		// server notice the client hanging up, which ends the context.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	status, out, errOut := runCLI(t, "detect-auth", "--rule-id", "1", "--endpoint", srv.URL, "--timeout", "50ms")
	assert.Equal(t, exitFailure, status)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "faceid: DetectAuth: ")
	assert.Contains(t, errOut, "\n  an attempt took longer than --timeout 50ms: ")
	assert.Contains(t, errOut, "e.g. --timeout 100ms")
}

// TestOutLocalProblemsExitTwo: an --out that is a file, lies inside a
// file or sits in a folder that cannot be written to is refused before
// the call, with status 2, and the file is left alone.
func TestOutLocalProblemsExitTwo(t *testing.T) {
	srv := newReplayServer(t, "GetDetectInfoEnhanced/passed-with-media.json")
	parent := t.TempDir()
	file := filepath.Join(parent, "evidence.txt")
	require.NoError(t, os.WriteFile(file, []byte("notes"), 0o600))
	outs := map[string]string{"an existing file": file, "inside a file": filepath.Join(file, "evidence")}
	switch {
	case os.Geteuid() != 0:
		readOnly := filepath.Join(parent, "read-only")
		require.NoError(t, os.Mkdir(readOnly, 0o500))
		outs["in a read-only folder"] = filepath.Join(readOnly, "evidence")
	case runtime.GOOS == "linux":
		outs["in a folder even root cannot write to"] = "/proc/faceid-evidence"
	}
	for name, out := range outs {
		status, stdout, errOut := runCLI(t, "result", "--biz-token", "T", "--rule-id", "1", "--out", out, "--endpoint", srv.URL)
		assert.Equal(t, exitUsage, status, "%s: %s", name, errOut)
		assert.Empty(t, stdout, name)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%s: one line: %s", name, errOut)
		assert.Contains(t, errOut, filepath.Dir(out), "%s: the message says where", name)
	}
	assert.Zero(t, srv.requests(), "refused before any call")
	kept, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "notes", string(kept))
}

// TestVerdictExit: with --verdict-exit the status follows the verdict of
// a printed result (0 passed, 3 failed, 4 pending); errors stay 1 and
// usage errors 2. Without it any printed result exits 0.
func TestVerdictExit(t *testing.T) {
	for _, tc := range []struct {
		fixture     string
		passed      bool
		want, plain int
	}{
		{"passed-with-media.json", true, exitOK, exitOK},
		{"failed-compare.json", false, exitVerdictFailed, exitOK},
		{"failed-liveness.json", false, exitVerdictFailed, exitOK},
		{"intention-question-failed.json", false, exitVerdictFailed, exitOK},
		{"flow-not-finished.json", false, exitVerdictPending, exitOK},
		{"biz-token-expired.json", false, exitFailure, exitFailure},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			srv := newReplayServer(t, "GetDetectInfoEnhanced/"+tc.fixture)
			args := []string{"result", "--biz-token", "T", "--rule-id", "1", "--best-frames", "2", "--endpoint", srv.URL}
			status, plainOut, errOut := runCLI(t, args...)
			assert.Equal(t, tc.plain, status, errOut)
			status, out, errOut := runCLI(t, append(args, "--verdict-exit")...)
			assert.Equal(t, tc.want, status, errOut)
			assert.Equal(t, plainOut, out, "the flag changes the status only")
			if tc.want != exitFailure {
				assert.Contains(t, out, fmt.Sprintf(`"Passed": %v`, tc.passed))
			}
			status, _, errOut = runCLI(t, append(args, "--verdict-exit", "--out", filepath.Join(t.TempDir(), "evidence"))...)
			assert.Equal(t, tc.want, status, errOut)
		})
	}
	status, _, _ := runCLI(t, "result", "--verdict-exit", "--rule-id", "1")
	assert.Equal(t, exitUsage, status)
}

// TestInterruptedCallExitsOne: a call cut short by the user (Ctrl-C) is a
// failed call, not a usage error.
func TestInterruptedCallExitsOne(t *testing.T) {
	srv := newReplayServer(t, "DetectAuth/plain.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	status, out, errOut := runCLIContext(t, ctx, nil, "detect-auth", "--rule-id", "1", "--endpoint", srv.URL)
	assert.Equal(t, exitFailure, status, errOut)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "context canceled")
}
