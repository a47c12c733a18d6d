package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archiveFixture saves a fixture's result into a new folder under a temp dir.
func archiveFixture(t *testing.T, name string, opts ...ArchiveOption) (*Archive, string, error) {
	t.Helper()
	fx := loadFixture(t, name)
	dir := filepath.Join(t.TempDir(), "result")
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	arch, err := c.SaveResult(context.Background(), &testEnhancedRequest, dir, opts...)
	return arch, dir, err
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestSaveResultWritesMediaAndResultJSON(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	require.NoError(t, err)

	// The same files, names and bytes as the in-memory result's Media.
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	mem, err := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1}).
		GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
	require.NoError(t, err)
	want := []string{ResultFileName}
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
	assert.Equal(t, "测试一", text["Name"], "unmasked by default")
	assert.Equal(t, json.Number("0"), text["ErrCode"])
	verdict := doc["Verdict"].(map[string]any)
	assert.Equal(t, true, verdict["Passed"])
	assert.NotContains(t, doc, "Problems")
	assert.Equal(t, "4226f900-0061-4939-ae27-6488783d491c", doc["RequestId"])
}

func TestSaveResultMasked(t *testing.T) {
	_, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/passed-with-media.json", ArchiveMasked())
	require.NoError(t, err)
	raw, err := os.ReadFile(filepath.Join(dir, ResultFileName))
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "110101199003071233")
	assert.NotContains(t, string(raw), "测试一")
	text := readResultJSON(t, dir)["Text"].(map[string]any)
	assert.Equal(t, (&DetectInfo{Text: DetectText{Name: "测试一"}}).Masked().Text.Name, text["Name"])
}

func TestSaveResultSkipsBadMedia(t *testing.T) {
	arch, dir, err := archiveFixture(t, "GetDetectInfoEnhanced/odd-fields.json")
	require.NoError(t, err)
	for _, f := range arch.Files {
		assert.NotEqual(t, "BestFrame.BestFrames[1]", f.Path)
	}
	assert.NotContains(t, listDir(t, dir), "best-frame-2.jpg")
	assert.Contains(t, listDir(t, dir), "best-frame-1.jpg")
	doc := readResultJSON(t, dir)
	frames := doc["BestFrame"].(map[string]any)["BestFrames"].([]any)
	assert.Nil(t, frames[1])
	assert.Equal(t, []any{arch.Info.Problems[0].String()}, doc["Problems"])
	assert.Equal(t, "BestFrame.BestFrames[1]", arch.Info.Problems[0].Field)
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
}

func TestSaveResultIsAllOrNothing(t *testing.T) {
	full := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json").Response.Body
	cut := full[:bytes.Index(full, []byte(`"LivenessVideo"`))+3000]

	// A folder it creates is removed again.
	parent := t.TempDir()
	dir := filepath.Join(parent, "new")
	c := transportClient(t, &bodyTransport{body: cut, length: -1})
	arch, err := c.SaveResult(context.Background(), &testEnhancedRequest, dir)
	assert.Nil(t, arch)
	var decErr *DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Empty(t, listDir(t, parent))

	// In an existing folder, only its own files are removed.
	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o600))
	_, err = c.SaveResult(context.Background(), &testEnhancedRequest, dir)
	require.Error(t, err)
	assert.Equal(t, []string{"keep.txt"}, listDir(t, dir))

	// An API error writes nothing.
	expired := loadFixture(t, "GetDetectInfoEnhanced/biz-token-expired.json").Response.Body
	c = transportClient(t, &bodyTransport{body: expired, length: -1})
	_, err = c.SaveResult(context.Background(), &testEnhancedRequest, dir)
	assert.ErrorIs(t, err, ErrBizTokenExpired)
	assert.Equal(t, []string{"keep.txt"}, listDir(t, dir))
}

func TestSaveResultBadFolder(t *testing.T) {
	c := transportClient(t, &bodyTransport{body: []byte(`{}`), length: -1})
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err := c.SaveResult(context.Background(), &testEnhancedRequest, file)
	assert.ErrorContains(t, err, "is not a folder")
	_, err = c.SaveResult(context.Background(), &testEnhancedRequest, "")
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestSaveResultReplacesEarlierArchive(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	dir := t.TempDir()
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	for range 2 {
		_, err := c.SaveResult(context.Background(), &testEnhancedRequest, dir)
		require.NoError(t, err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "liveness-video.mp4"))
	require.NoError(t, err)
	assert.Equal(t, readMedia(t, "liveness.mp4"), got)
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
