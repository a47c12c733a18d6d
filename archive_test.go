package faceid

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingTransport counts the requests it passes on.
type countingTransport struct {
	rt http.RoundTripper
	n  atomic.Int32
}

func (ct *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ct.n.Add(1)
	return ct.rt.RoundTrip(req)
}

// archiveClient returns a client that answers every call with body and
// counts the calls, on the fixed test clock.
func archiveClient(t *testing.T, body []byte) (*Client, *countingTransport) {
	t.Helper()
	ct := &countingTransport{rt: &bodyTransport{body: body, length: -1}}
	c, err := NewClient(WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithHTTPClient(&http.Client{Transport: ct}), WithRetry(RetryPolicy{MaxAttempts: 1}),
		WithClock(func() time.Time { return testNow }))
	require.NoError(t, err)
	return c, ct
}

// fixtureRequest returns the request a fixture was recorded with.
func fixtureRequest(t *testing.T, fx fixture) *GetDetectInfoEnhancedRequest {
	t.Helper()
	var req GetDetectInfoEnhancedRequest
	require.NoError(t, json.Unmarshal(fx.Request.Body, &req))
	return &req
}

// archiveFixture saves a fixture's result, pulled with the fixture's own
// request, into a new folder under a temp dir.
func archiveFixture(t *testing.T, name string) (*Archive, string, error) {
	t.Helper()
	fx := loadFixture(t, name)
	dir := filepath.Join(t.TempDir(), "result")
	c, _ := archiveClient(t, fx.Response.Body)
	arch, err := c.SaveResult(context.Background(), fixtureRequest(t, fx), dir)
	return arch, dir, err
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// snapshotDir returns the content of every file in dir.
func snapshotDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range listDir(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		files[name] = b
	}
	return files
}

func TestSaveResultWritesMediaAndResultJSON(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	require.NoError(t, err)

	// The same files, names and bytes as the in-memory result's Media.
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	mem, err := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1}).
		GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
	require.NoError(t, err)
	want := []string{ResultFileName, ManifestFileName}
	require.Len(t, arch.Files, len(mem.Media()))
	for i, m := range mem.Media() {
		f := arch.Files[i]
		assert.Equal(t, m.FileName(), f.Name)
		assert.Equal(t, MediaRef{Kind: m.Kind, Index: m.Index, Shot: m.Shot, Path: m.Path}, f.MediaRef)
		assert.Equal(t, int64(len(m.Data)), f.Size)
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		require.NoError(t, err)
		assert.Equal(t, m.Data, got, f.Name)
		want = append(want, f.Name)
	}
	sort.Strings(want)
	assert.Equal(t, want, listDir(t, dir), "no temporary files left")
	assert.Equal(t, []string{"result"}, listDir(t, filepath.Dir(dir)), "no temporary folder left")
	assert.Equal(t, dir, arch.Dir)
	assert.Equal(t, withoutMedia(mem), arch.Info)

	st, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), st.Mode().Perm())
	for _, name := range want {
		st, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), name)
	}

	doc := readResultJSON(t, dir)
	resp := doc["BestFrame"].(map[string]any)
	assert.Equal(t, map[string]any{"File": "best-frame.jpg", "Bytes": json.Number(strconv.Itoa(len(mem.BestFrame.BestFrame)))}, resp["BestFrame"])
	frames := resp["BestFrames"].([]any)
	require.Len(t, frames, 2)
	assert.Equal(t, "best-frame-2.jpg", frames[1].(map[string]any)["File"])
	video := doc["VideoData"].(map[string]any)["LivenessVideo"].(map[string]any)
	assert.Equal(t, "liveness-video.mp4", video["File"])
	text := doc["Text"].(map[string]any)
	assert.Equal(t, json.Number("0"), text["ErrCode"])
	verdict := doc["Verdict"].(map[string]any)
	assert.Equal(t, true, verdict["Passed"])
	assert.NotContains(t, doc, "Problems")
	assert.Equal(t, "4226f900-0061-4939-ae27-6488783d491c", doc["RequestId"])
}

// TestSaveResultJSONIsUnmasked: result.json is the evidence that outlives
// Tencent's three days; it keeps every name and number.
func TestSaveResultJSONIsUnmasked(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	require.NoError(t, err)
	text := readResultJSON(t, dir)["Text"].(map[string]any)
	assert.Equal(t, "测试一", text["Name"])
	assert.Equal(t, "110101199003071233", text["IdCard"])
	assert.Equal(t, arch.Info.Text.Name, text["Name"])
	assert.NotEqual(t, arch.Info.Masked().Text.IDCard, text["IdCard"])
}

func TestSaveResultManifest(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	require.NoError(t, err)

	raw, err := os.ReadFile(filepath.Join(dir, ManifestFileName))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	assert.Equal(t, "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", doc["BizToken"])
	assert.Equal(t, "1", doc["RuleId"])
	assert.Equal(t, "2024-06-15T02:00:00Z", doc["SavedAt"], "UTC, RFC 3339, from the client's clock")
	assert.Equal(t, Version, doc["SDKVersion"])

	m := arch.Manifest
	require.NotNil(t, m)
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
		content, err := os.ReadFile(filepath.Join(dir, f.Name))
		require.NoError(t, err)
		sum := sha256.Sum256(content)
		assert.Equal(t, hex.EncodeToString(sum[:]), f.SHA256, f.Name)
		assert.Equal(t, int64(len(content)), f.Bytes, f.Name)
	}
	wantNames := []string{}
	for _, f := range arch.Files {
		wantNames = append(wantNames, f.Name)
	}
	assert.Equal(t, append(wantNames, ResultFileName), names, "media in wire order, result.json last, manifest.json not listed")

	fromDisk, err := VerifyArchive(dir)
	require.NoError(t, err)
	assert.Equal(t, m, fromDisk)
}

func TestSaveResultSkipsBadMedia(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/odd-fields.json")
	require.NoError(t, err)
	for _, f := range arch.Files {
		assert.NotEqual(t, "BestFrame.BestFrames[1]", f.Path)
	}
	assert.NotContains(t, listDir(t, dir), "best-frame-2.jpg")
	assert.Contains(t, listDir(t, dir), "best-frame-1.jpg")
	for _, f := range arch.Manifest.Files {
		assert.NotEqual(t, "best-frame-2.jpg", f.Name)
	}
	doc := readResultJSON(t, dir)
	frames := doc["BestFrame"].(map[string]any)["BestFrames"].([]any)
	assert.Nil(t, frames[1])
	assert.Equal(t, []any{arch.Info.Problems[0].String()}, doc["Problems"])
	assert.Equal(t, "BestFrame.BestFrames[1]", arch.Info.Problems[0].Field)
	_, err = VerifyArchive(dir)
	assert.NoError(t, err)
}

func TestSaveResultNested(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/intention-action-failed.json")
	require.NoError(t, err)
	assert.Contains(t, listDir(t, dir), "intention-nod-video-1.mp4")
	assert.Contains(t, listDir(t, dir), "intention-nod-screenshot-1-1.jpg")
	details := readResultJSON(t, dir)["IntentionActionResult"].(map[string]any)["Details"].([]any)
	round := details[0].(map[string]any)
	assert.Equal(t, "intention-nod-video-1.mp4", round["Video"].(map[string]any)["File"])
	assert.Equal(t, "intention-nod-screenshot-1-1.jpg", round["ScreenShot"].([]any)[0].(map[string]any)["File"])
	assert.Equal(t, false, readResultJSON(t, dir)["Verdict"].(map[string]any)["Passed"])
	assert.NotEmpty(t, arch.Files)
}

func TestSaveResultEncryptedBody(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/encrypted-body.json")
	require.NoError(t, err)
	require.Len(t, arch.Files, 1)
	assert.Equal(t, "encrypted-body.bin", arch.Files[0].Name)
	got, err := os.ReadFile(filepath.Join(dir, "encrypted-body.bin"))
	require.NoError(t, err)
	assert.Equal(t, arch.Info.EncryptedBody, got)
	body := readResultJSON(t, dir)["EncryptedBody"].(map[string]any)
	assert.Equal(t, "encrypted-body.bin", body["File"])
	require.Len(t, arch.Manifest.Files, 2)
	sum := sha256.Sum256(got)
	assert.Equal(t, ManifestFile{Name: "encrypted-body.bin", Bytes: int64(len(got)), SHA256: hex.EncodeToString(sum[:])}, arch.Manifest.Files[0])
}

func TestSaveResultIsAllOrNothing(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	req := fixtureRequest(t, fx)
	full := fx.Response.Body
	cut := full[:bytes.Index(full, []byte(`"LivenessVideo"`))+3000]

	// A new folder is not created.
	parent := t.TempDir()
	dir := filepath.Join(parent, "new")
	c, _ := archiveClient(t, cut)
	arch, err := c.SaveResult(context.Background(), req, dir)
	assert.Nil(t, arch)
	var decErr *DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Empty(t, listDir(t, parent), "no folder, no temporary folder")

	// An empty folder stays empty.
	require.NoError(t, os.Mkdir(dir, 0o750))
	_, err = c.SaveResult(context.Background(), req, dir)
	require.Error(t, err)
	assert.Empty(t, listDir(t, dir))
	assert.Equal(t, []string{"new"}, listDir(t, parent))

	// An earlier save of the same flow stays complete and untouched.
	good, _ := archiveClient(t, full)
	_, err = good.SaveResult(context.Background(), req, dir)
	require.NoError(t, err)
	before := snapshotDir(t, dir)
	_, err = c.SaveResult(context.Background(), req, dir)
	require.ErrorAs(t, err, &decErr)
	assert.Equal(t, before, snapshotDir(t, dir))
	assert.Equal(t, []string{"new"}, listDir(t, parent))
	_, err = VerifyArchive(dir)
	assert.NoError(t, err)

	// So does it when the call fails with an API error.
	expired, _ := archiveClient(t, loadFixture(t, "GetDetectInfoEnhanced/biz-token-expired.json").Response.Body)
	_, err = expired.SaveResult(context.Background(), req, dir)
	assert.ErrorIs(t, err, ErrBizTokenExpired)
	assert.Equal(t, before, snapshotDir(t, dir))
	assert.Equal(t, []string{"new"}, listDir(t, parent))
}

// TestSaveResultReplacesEarlierSave: saving the same flow again leaves
// exactly the new save, with no file of the earlier one left over.
func TestSaveResultReplacesEarlierSave(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	req := fixtureRequest(t, fx)
	parent := t.TempDir()
	dir := filepath.Join(parent, "evidence")
	c, _ := archiveClient(t, fx.Response.Body)
	_, err := c.SaveResult(context.Background(), req, dir)
	require.NoError(t, err)
	require.Contains(t, listDir(t, dir), "best-frame-2.jpg")
	require.NoError(t, os.Chmod(dir, 0o750))

	// The second reply has one extra frame instead of two.
	var body map[string]map[string]any
	require.NoError(t, json.Unmarshal(fx.Response.Body, &body))
	bf := body["Response"]["BestFrame"].(map[string]any)
	bf["BestFrames"] = bf["BestFrames"].([]any)[:1]
	fewer, err := json.Marshal(body)
	require.NoError(t, err)
	c, _ = archiveClient(t, fewer)
	arch, err := c.SaveResult(context.Background(), req, dir)
	require.NoError(t, err)

	assert.NotContains(t, listDir(t, dir), "best-frame-2.jpg")
	want := []string{ResultFileName, ManifestFileName}
	for _, f := range arch.Files {
		want = append(want, f.Name)
	}
	sort.Strings(want)
	assert.Equal(t, want, listDir(t, dir))
	assert.Equal(t, []string{"evidence"}, listDir(t, parent), "the earlier save is deleted")
	frames := readResultJSON(t, dir)["BestFrame"].(map[string]any)["BestFrames"].([]any)
	assert.Len(t, frames, 1)
	_, err = VerifyArchive(dir)
	assert.NoError(t, err)
	st, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o750), st.Mode().Perm(), "the folder keeps its permissions")
	got, err := os.ReadFile(filepath.Join(dir, "liveness-video.mp4"))
	require.NoError(t, err)
	assert.Equal(t, readMedia(t, "liveness.mp4"), got)
}

// TestSaveResultIntoEmptyFolder: an existing empty folder receives the
// files and stays the same folder, with its permissions.
func TestSaveResultIntoEmptyFolder(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	parent := t.TempDir()
	dir := filepath.Join(parent, "evidence")
	require.NoError(t, os.Mkdir(dir, 0o750))
	require.NoError(t, os.Chmod(dir, 0o750))
	before, err := os.Stat(dir)
	require.NoError(t, err)
	c, _ := archiveClient(t, fx.Response.Body)
	_, err = c.SaveResult(context.Background(), fixtureRequest(t, fx), dir)
	require.NoError(t, err)
	after, err := os.Stat(dir)
	require.NoError(t, err)
	assert.True(t, os.SameFile(before, after))
	assert.Equal(t, os.FileMode(0o750), after.Mode().Perm())
	assert.Equal(t, []string{"evidence"}, listDir(t, parent))
	_, err = VerifyArchive(dir)
	assert.NoError(t, err)
}

// TestSaveResultRefusesFolder: a folder that is not new, empty or the same
// flow's is refused before any call, and left as it was.
func TestSaveResultRefusesFolder(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	req := fixtureRequest(t, fx)
	saved := filepath.Join(t.TempDir(), "saved")
	c, _ := archiveClient(t, fx.Response.Body)
	_, err := c.SaveResult(context.Background(), req, saved)
	require.NoError(t, err)
	outside := filepath.Join(t.TempDir(), "outside.txt")
	require.NoError(t, os.WriteFile(outside, []byte("not evidence"), 0o600))

	cases := []struct {
		name  string
		setup func(t *testing.T) string // returns the folder to save to
		req   *GetDetectInfoEnhancedRequest
		want  string
	}{
		{"another file's path", func(t *testing.T) string {
			file := filepath.Join(t.TempDir(), "file")
			require.NoError(t, os.WriteFile(file, nil, 0o600))
			return file
		}, req, "is not a folder"},
		{"a folder of other files", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o600))
			return dir
		}, req, "holds no manifest.json"},
		{"another BizToken's save", func(t *testing.T) string { return copyDir(t, saved) },
			&GetDetectInfoEnhancedRequest{BizToken: "0E9F5C37-1D2B-4B8A-9C6E-3F7A2B1D4C5E", RuleID: "1", BestFramesCount: 2},
			"another BizToken or RuleId"},
		{"another RuleId's save", func(t *testing.T) string { return copyDir(t, saved) },
			&GetDetectInfoEnhancedRequest{BizToken: req.BizToken, RuleID: "2", BestFramesCount: 2},
			"another BizToken or RuleId"},
		{"a save with a file added", func(t *testing.T) string {
			dir := copyDir(t, saved)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600))
			return dir
		}, req, `"notes.txt", which its manifest.json does not list`},
		{"a save with a file turned into a link", func(t *testing.T) string {
			dir := copyDir(t, saved)
			link := filepath.Join(dir, "best-frame-1.jpg")
			require.NoError(t, os.Remove(link))
			require.NoError(t, os.Symlink(outside, link))
			return dir
		}, req, "not a regular file"},
		{"a link to a folder", func(t *testing.T) string {
			link := filepath.Join(t.TempDir(), "link")
			require.NoError(t, os.Symlink(t.TempDir(), link))
			return link
		}, req, "is a symbolic link"},
		{"a manifest that is a link", func(t *testing.T) string {
			dir := copyDir(t, saved)
			manifest := filepath.Join(dir, ManifestFileName)
			require.NoError(t, os.Rename(manifest, filepath.Join(t.TempDir(), "m.json")))
			require.NoError(t, os.Symlink(filepath.Join(saved, ManifestFileName), manifest))
			return dir
		}, req, "is not a regular file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup(t)
			before := snapshotLinks(t, dir)
			c, calls := archiveClient(t, fx.Response.Body)
			arch, err := c.SaveResult(context.Background(), tc.req, dir)
			assert.Nil(t, arch)
			assert.ErrorContains(t, err, tc.want)
			assert.Zero(t, calls.n.Load(), "refused before any call")
			assert.Equal(t, before, snapshotLinks(t, dir), "left as it was")
		})
	}
	got, err := os.ReadFile(outside)
	require.NoError(t, err)
	assert.Equal(t, "not evidence", string(got))

	c, calls := archiveClient(t, fx.Response.Body)
	_, err = c.SaveResult(context.Background(), req, "")
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.SaveResult(context.Background(), nil, t.TempDir())
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.SaveResult(context.Background(), &GetDetectInfoEnhancedRequest{BizToken: "T", RuleID: "1", BestFramesCount: 11}, t.TempDir())
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Zero(t, calls.n.Load())
}

// copyDir copies the regular files of dir into a new folder.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy")
	require.NoError(t, os.Mkdir(dst, 0o700))
	for name, content := range snapshotDir(t, dir) {
		require.NoError(t, os.WriteFile(filepath.Join(dst, name), content, 0o600))
	}
	return dst
}

// snapshotLinks describes a path and, for a folder, each entry, without
// following links: the target of a link, the content of a file.
func snapshotLinks(t *testing.T, path string) map[string]string {
	t.Helper()
	describe := func(p string) string {
		fi, err := os.Lstat(p)
		require.NoError(t, err)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			require.NoError(t, err)
			return "link to " + target
		case fi.IsDir():
			return "folder " + fi.Mode().Perm().String()
		}
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		return string(b)
	}
	snap := map[string]string{".": describe(path)}
	if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
		for _, name := range listDir(t, path) {
			snap[name] = describe(filepath.Join(path, name))
		}
	}
	return snap
}

// TestSaveResultMediaBoundedByRequest: a reply with more media than the
// request allows is refused and nothing is saved.
func TestSaveResultMediaBoundedByRequest(t *testing.T) {
	frame := `"/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQ=="`
	items := func(n int, item string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + "]"
	}
	reply := func(members string) []byte {
		return []byte(`{"Response":{"Text":{"ErrCode":0,"ErrMsg":"成功"},` + members + `,"RequestId":"r-1"}}`)
	}
	req := func(infoType string, frames int) *GetDetectInfoEnhancedRequest {
		return &GetDetectInfoEnhancedRequest{BizToken: testEnhancedRequest.BizToken, RuleID: "1", InfoType: infoType, BestFramesCount: frames}
	}
	cases := []struct {
		name  string
		req   *GetDetectInfoEnhancedRequest
		reply []byte
		want  string
	}{
		{"20,000 one-byte extra frames", req("0", 10),
			reply(`"BestFrame":{"BestFrame":` + frame + `,"BestFrames":` + items(20000, `"AA=="`) + `}`),
			"has more than 10 items"},
		{"one extra frame more than asked", req("13", 2),
			reply(`"BestFrame":{"BestFrames":` + items(3, frame) + `}`), "asked for 2 extra best frames"},
		{"extra frames not asked for", req("0", 0),
			reply(`"BestFrame":{"BestFrames":` + items(1, frame) + `}`), "asked for 0 extra best frames"},
		{"the same field twice", req("0", 0),
			reply(`"BestFrame":{"BestFrame":` + frame + `},"BestFrame":{"BestFrame":` + frame + `}`), "twice"},
		{"11 Q&A screenshots", req("0", 0),
			reply(`"IntentionQuestionResult":{"ScreenShot":` + items(11, frame) + `}`), "has more than 10 items"},
		{"11 nod rounds", req("16", 0),
			reply(`"IntentionActionResult":{"Details":` + items(11, `{"Video":`+frame+`}`) + `}`), "has more than 10 items"},
		{"11 screenshots in a nod round", req("6", 0),
			reply(`"IntentionActionResult":{"Details":[{"ScreenShot":` + items(11, frame) + `}]}`), "has more than 10 items"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "evidence")
			c, _ := archiveClient(t, tc.reply)
			arch, err := c.SaveResult(context.Background(), tc.req, dir)
			assert.Nil(t, arch)
			// Refused by the decoder's list caps or by the sink's
			// allowance, which checks the request's own limits.
			var sinkErr *MediaSinkError
			var decErr *DecodeError
			require.True(t, errors.As(err, &sinkErr) || errors.As(err, &decErr), "%v", err)
			assert.ErrorContains(t, err, tc.want)
			assert.Empty(t, listDir(t, parent), "nothing saved, no temporary folder left")
		})
	}

	// Parts InfoType did not ask for are saved all the same: Tencent sends
	// them, and evidence is never dropped.
	c, _ := archiveClient(t, reply(`"VideoData":{"LivenessVideo":`+frame+`},"IdCardData":{"OcrFront":`+frame+`}`))
	arch, err := c.SaveResult(context.Background(), req("1", 0), filepath.Join(t.TempDir(), "evidence"))
	require.NoError(t, err)
	assert.Len(t, arch.Files, 2)

	// At the limits, the same shapes are saved.
	parent := t.TempDir()
	c, _ = archiveClient(t, reply(`"BestFrame":{"BestFrame":`+frame+`,"BestFrames":`+items(10, frame)+`},`+
		`"IntentionActionResult":{"Details":`+items(10, `{"Video":`+frame+`,"ScreenShot":`+items(10, frame)+`}`)+`}`))
	arch, err = c.SaveResult(context.Background(), req("0", 10), filepath.Join(parent, "evidence"))
	require.NoError(t, err)
	assert.Len(t, arch.Files, 1+10+10+10*10)
	assert.Len(t, listDir(t, filepath.Join(parent, "evidence")), 1+10+10+10*10+2)
}

func TestVerifyArchive(t *testing.T) {
	_, saved, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	require.NoError(t, err)
	m, err := VerifyArchive(saved)
	require.NoError(t, err)
	assert.Equal(t, "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", m.BizToken)

	outside := filepath.Join(t.TempDir(), "frame.jpg")
	require.NoError(t, os.WriteFile(outside, readMedia(t, "frame.jpg"), 0o600))
	cases := []struct {
		name  string
		edit  func(dir string)
		check func(t *testing.T, e *ArchiveMismatchError)
	}{
		{"a byte changed", func(dir string) {
			p := filepath.Join(dir, "best-frame-1.jpg")
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			b[len(b)/2] ^= 1
			require.NoError(t, os.WriteFile(p, b, 0o600))
		}, func(t *testing.T, e *ArchiveMismatchError) {
			assert.Equal(t, []string{"best-frame-1.jpg"}, e.Changed)
			assert.Empty(t, e.Missing)
			assert.Empty(t, e.Extra)
		}},
		{"result.json edited", func(dir string) {
			p := filepath.Join(dir, ResultFileName)
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			require.Contains(t, string(b), `"ErrCode": 0`)
			b = bytes.Replace(b, []byte(`"ErrCode": 0`), []byte(`"ErrCode": 1`), 1)
			require.NoError(t, os.WriteFile(p, b, 0o600))
		}, func(t *testing.T, e *ArchiveMismatchError) {
			assert.Equal(t, []string{ResultFileName}, e.Changed)
		}},
		{"a file missing, another added", func(dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "liveness-video.mp4")))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "best-frame-3.jpg"), []byte("x"), 0o600))
		}, func(t *testing.T, e *ArchiveMismatchError) {
			assert.Empty(t, e.Changed)
			assert.Equal(t, []string{"liveness-video.mp4"}, e.Missing)
			assert.Equal(t, []string{"best-frame-3.jpg"}, e.Extra)
		}},
		{"a file replaced by a link to the same bytes", func(dir string) {
			p := filepath.Join(dir, "best-frame.jpg")
			require.NoError(t, os.Remove(p))
			require.NoError(t, os.Symlink(outside, p))
		}, func(t *testing.T, e *ArchiveMismatchError) {
			assert.Equal(t, []string{"best-frame.jpg"}, e.Changed)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, saved)
			_, err := VerifyArchive(dir)
			require.NoError(t, err, "the copy matches")
			tc.edit(dir)
			m, err := VerifyArchive(dir)
			assert.Nil(t, m)
			var mismatch *ArchiveMismatchError
			require.ErrorAs(t, err, &mismatch)
			assert.Equal(t, dir, mismatch.Dir)
			tc.check(t, mismatch)
			for _, name := range append(append(mismatch.Changed, mismatch.Missing...), mismatch.Extra...) {
				assert.Contains(t, err.Error(), strconv.Quote(name))
			}
		})
	}
}

func TestVerifyArchiveRefusesBadManifest(t *testing.T) {
	_, saved, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	require.NoError(t, err)
	edit := func(t *testing.T, change func(m map[string]any)) string {
		dir := copyDir(t, saved)
		p := filepath.Join(dir, ManifestFileName)
		raw, err := os.ReadFile(p)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		change(m)
		raw, err = json.Marshal(m)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, raw, 0o600))
		return dir
	}
	firstFile := func(m map[string]any) map[string]any { return m["Files"].([]any)[0].(map[string]any) }
	cases := map[string]func(m map[string]any){
		"a name outside the folder": func(m map[string]any) { firstFile(m)["Name"] = "../outside.jpg" },
		"an absolute name":          func(m map[string]any) { firstFile(m)["Name"] = "/etc/passwd" },
		"a hidden name":             func(m map[string]any) { firstFile(m)["Name"] = ".best-frame.jpg" },
		"manifest.json listed":      func(m map[string]any) { firstFile(m)["Name"] = ManifestFileName },
		"a name listed twice": func(m map[string]any) {
			m["Files"] = append(m["Files"].([]any), m["Files"].([]any)[0])
		},
		"a bad hash":      func(m map[string]any) { firstFile(m)["SHA256"] = strings.Repeat("A", 64) },
		"a negative size": func(m map[string]any) { firstFile(m)["Bytes"] = -1 },
		"no BizToken":     func(m map[string]any) { delete(m, "BizToken") },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			m, err := VerifyArchive(edit(t, change))
			assert.Nil(t, m)
			require.Error(t, err)
			var mismatch *ArchiveMismatchError
			assert.False(t, errors.As(err, &mismatch), "the manifest itself is refused: %v", err)
			assert.ErrorContains(t, err, ManifestFileName)
		})
	}

	t.Run("no manifest", func(t *testing.T) {
		dir := copyDir(t, saved)
		require.NoError(t, os.Remove(filepath.Join(dir, ManifestFileName)))
		_, err := VerifyArchive(dir)
		assert.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("trailing data", func(t *testing.T) {
		dir := copyDir(t, saved)
		f, err := os.OpenFile(filepath.Join(dir, ManifestFileName), os.O_APPEND|os.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = f.WriteString(`{"BizToken":"x"}`)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		_, err = VerifyArchive(dir)
		assert.ErrorContains(t, err, "data after")
	})
}

func readResultJSON(t *testing.T, dir string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, ResultFileName))
	require.NoError(t, err)
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&doc))
	return doc
}
