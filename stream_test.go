package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyTransport answers every request with one reply, declaring the
// length it is told (-1 for none, as with chunked encoding) and serving the
// body through wrap when set.
type bodyTransport struct {
	status int
	header http.Header
	body   []byte
	length int64
	wrap   func(io.Reader) io.Reader
}

func (bt *bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	var body io.Reader = bytes.NewReader(bt.body)
	if bt.wrap != nil {
		body = bt.wrap(body)
	}
	status := bt.status
	if status == 0 {
		status = http.StatusOK
	}
	header := bt.header
	if header == nil {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	return &http.Response{StatusCode: status, Header: header.Clone(), Body: io.NopCloser(body),
		ContentLength: bt.length, Request: req}, nil
}

// transportClient returns a client over rt.
func transportClient(t testing.TB, rt http.RoundTripper) *Client {
	t.Helper()
	// Retries off: these tests are about decoding one reply, and a retried
	// cut-off reply would wait out real back-offs and spend the client's
	// retry budget, so that identical calls could end differently.
	c, err := NewClient(WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithHTTPClient(&http.Client{Transport: rt}), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	return c
}

// testEnhancedRequest is a valid request; the transports ignore it.
var testEnhancedRequest = GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1"}

// captured is what a capturing sink received.
type captured struct {
	refs  []MediaRef
	data  map[string][]byte
	opens int
	close int
}

// capture returns a sink that keeps every item in memory, through writers
// that are also io.Closers, counting the closes.
func capture() (*captured, MediaSink) {
	c := &captured{data: map[string][]byte{}}
	return c, func(ref MediaRef) (io.Writer, error) {
		c.refs = append(c.refs, ref)
		c.opens++
		return &closeCounter{buf: func(p []byte) { c.data[ref.Path] = append(c.data[ref.Path], p...) }, closed: &c.close}, nil
	}
}

// closeCounter hands writes to buf and counts Close calls.
type closeCounter struct {
	buf    func([]byte)
	closed *int
}

func (w *closeCounter) Write(p []byte) (int, error) { w.buf(p); return len(p), nil }
func (w *closeCounter) Close() error                { *w.closed++; return nil }

// withoutMedia returns a copy of info with every media field nil and media
// lists keeping their length, as the streaming path returns it.
func withoutMedia(info *DetectInfo) *DetectInfo {
	m := *info
	c := &m.IDCardData
	c.OcrFront, c.OcrBack, c.ProcessedFrontImage, c.ProcessedBackImage, c.Avatar = nil, nil, nil, nil, nil
	m.BestFrame = BestFrame{BestFrames: nilItems(info.BestFrame.BestFrames)}
	m.VideoData.LivenessVideo = nil
	v := &m.IntentionVerifyData
	v.IntentionVerifyVideo, v.IntentionVerifyBestFrame, v.IntentionVerifyAudio = nil, nil, nil
	q := &m.IntentionQuestionResult
	q.Video, q.ScreenShot, q.Audios = nil, nilItems(q.ScreenShot), nilItems(q.Audios)
	if d := info.IntentionActionResult.Details; d != nil {
		m.IntentionActionResult.Details = make([]IntentionActionDetail, len(d))
		for i := range d {
			m.IntentionActionResult.Details[i].ScreenShot = nilItems(d[i].ScreenShot)
		}
	}
	return &m
}

// nilItems is a list of as many nil items as list has, or nil for nil: the
// shape of a media list in a streamed result.
func nilItems(list [][]byte) [][]byte {
	if list == nil {
		return nil
	}
	return make([][]byte, len(list))
}

// problemPaths returns the fields named in info.Problems.
func problemPaths(info *DetectInfo) map[string]bool {
	paths := map[string]bool{}
	for _, p := range info.Problems {
		paths[p.Field] = true
	}
	return paths
}

// assertSameResult checks that a streamed result and what its sink
// captured equal an in-memory result.
func assertSameResult(t *testing.T, want *DetectInfo, got *DetectInfo, sink *captured) {
	t.Helper()
	assert.Equal(t, withoutMedia(want), got, "text, codes and problems")
	bad := problemPaths(want)
	var wantRefs []MediaRef
	for _, m := range want.Media() {
		wantRefs = append(wantRefs, MediaRef{Kind: m.Kind, Index: m.Index, Shot: m.Shot, Path: m.Path})
		assert.Equal(t, m.Data, sink.data[m.Path], "media %s", m.Path)
	}
	var gotRefs []MediaRef
	for _, ref := range sink.refs {
		if !bad[ref.Path] {
			gotRefs = append(gotRefs, ref)
		}
	}
	assert.Equal(t, wantRefs, gotRefs, "media references, in wire order")
	assert.Equal(t, sink.opens, sink.close, "every writer closed once")
}

// enhancedFixtures lists the GetDetectInfoEnhanced fixtures that carry a
// result.
func enhancedFixtures(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "GetDetectInfoEnhanced", "*.json"))
	require.NoError(t, err)
	var out []string
	for _, name := range names {
		if !strings.Contains(name, "expired") {
			out = append(out, strings.TrimPrefix(name, "testdata"+string(filepath.Separator)))
		}
	}
	require.NotEmpty(t, out)
	return out
}

// TestDecodingPathsAgree decodes every result fixture in memory with a
// declared length, without one, with a wrong
// one, one byte at a time, and streamed, and checks that all agree.
func TestDecodingPathsAgree(t *testing.T) {
	for _, name := range enhancedFixtures(t) {
		t.Run(name, func(t *testing.T) {
			fx := loadFixture(t, name)
			body := []byte(fx.Response.Body)
			ctx := context.Background()
			n := int64(len(body))

			ref, err := transportClient(t, &bodyTransport{body: body, length: n}).GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
			require.NoError(t, err)
			if strings.Contains(name, "media") {
				require.NotEmpty(t, ref.Media())
			}
			for _, tc := range []struct {
				name string
				rt   *bodyTransport
			}{
				{"unknown length", &bodyTransport{body: body, length: -1}},
				{"short length", &bodyTransport{body: body, length: n / 3}},
				{"long length", &bodyTransport{body: body, length: 3 * n}},
				{"one byte reads", &bodyTransport{body: body, length: n, wrap: iotest.OneByteReader}},
				{"half reads", &bodyTransport{body: body, length: n, wrap: iotest.HalfReader}},
			} {
				info, err := transportClient(t, tc.rt).GetDetectInfoEnhanced(ctx, &testEnhancedRequest)
				require.NoError(t, err, tc.name)
				assert.Equal(t, ref, info, tc.name)
			}
			for _, wrap := range []func(io.Reader) io.Reader{nil, iotest.OneByteReader, iotest.DataErrReader} {
				sink, fn := capture()
				info, err := transportClient(t, &bodyTransport{body: body, length: n, wrap: wrap}).
					GetDetectInfoEnhancedStream(ctx, &testEnhancedRequest, fn)
				require.NoError(t, err)
				assertSameResult(t, ref, info, sink)
			}
		})
	}
}

// TestInMemoryMediaDoNotOverlap checks that the media decoded in memory
// are separate slices: appending to one never changes another.
func TestInMemoryMediaDoNotOverlap(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	body := []byte(fx.Response.Body)
	info, err := transportClient(t, &bodyTransport{body: body, length: int64(len(body))}).
		GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
	require.NoError(t, err)
	items := info.Media()
	require.Greater(t, len(items), 5)
	saved := make([][]byte, len(items))
	for i, m := range items {
		saved[i] = bytes.Clone(m.Data)
		assert.Equal(t, len(m.Data), cap(m.Data), "%s is capped at its length", m.Path)
	}
	for _, m := range items {
		_ = append(m.Data, bytes.Repeat([]byte{0xAA}, 64)...)
	}
	for i, m := range items {
		assert.Equal(t, saved[i], m.Data, "%s unchanged", m.Path)
	}
}

// TestInMemoryMediaSurviveLaterCalls checks that media returned by one call
// are not overwritten by the next, whatever the client reuses.
func TestInMemoryMediaSurviveLaterCalls(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	body := []byte(fx.Response.Body)
	c := transportClient(t, &bodyTransport{body: body, length: int64(len(body))})
	first, err := c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
	require.NoError(t, err)
	video := bytes.Clone(first.VideoData.LivenessVideo)
	other := loadFixture(t, "GetDetectInfoEnhanced/intention-read-aloud-passed.json")
	c2 := transportClient(t, &bodyTransport{body: other.Response.Body, length: -1})
	for range 5 {
		_, err := c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
		require.NoError(t, err)
		_, err = c2.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest,
			func(MediaRef) (io.Writer, error) { return io.Discard, nil })
		require.NoError(t, err)
	}
	assert.Equal(t, video, first.VideoData.LivenessVideo)
}

// TestConcurrentCallsShareNothing runs in-memory and streamed calls from
// several goroutines on one client (run with -race).
func TestConcurrentCallsShareNothing(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	body := []byte(fx.Response.Body)
	c := transportClient(t, &bodyTransport{body: body, length: int64(len(body))})
	want, err := c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if g%2 == 0 {
					got, err := c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
					if err != nil || !assert.ObjectsAreEqual(want, got) {
						t.Errorf("concurrent in-memory result differs: %v", err)
						return
					}
					continue
				}
				var mu sync.Mutex
				sizes := map[string]int{}
				_, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
					return writerFunc(func(p []byte) (int, error) {
						mu.Lock()
						sizes[ref.Path] += len(p)
						mu.Unlock()
						return len(p), nil
					}), nil
				})
				if err != nil || sizes["VideoData.LivenessVideo"] != len(want.VideoData.LivenessVideo) {
					t.Errorf("concurrent stream differs: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// writerFunc adapts a function to io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestStreamSkipsItemsWithNilWriter(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	var seen []string
	var video bytes.Buffer
	info, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
		seen = append(seen, ref.Path)
		if ref.Kind == MediaLivenessVideo {
			return &video, nil
		}
		return nil, nil
	})
	require.NoError(t, err)
	assert.Equal(t, readMedia(t, "liveness.mp4"), video.Bytes())
	assert.Contains(t, seen, "BestFrame.BestFrames[1]")
	assert.Contains(t, seen, "IdCardData.Avatar")
	assert.Equal(t, "110101199003071233", info.Text.IDCard, "text still decoded")
	assert.Nil(t, info.VideoData.LivenessVideo)
}

func TestStreamSinkErrorAborts(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	boom := errors.New("disk full")
	calls := 0
	info, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
		calls++
		if ref.Kind == MediaBestFrame {
			return nil, boom
		}
		return io.Discard, nil
	})
	assert.Nil(t, info)
	require.ErrorIs(t, err, boom)
	var sinkErr *MediaSinkError
	require.ErrorAs(t, err, &sinkErr)
	assert.Equal(t, "BestFrame.BestFrame", sinkErr.Path)
	assert.Equal(t, "faceid: writing media BestFrame.BestFrame: disk full", err.Error())
	assert.Equal(t, 6, calls, "five ID images, then the failing frame, and no more")
}

func TestStreamWriterErrorAborts(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json")
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	closed := 0
	_, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
		if ref.Kind == MediaLivenessVideo {
			return &failingWriter{after: 100, closed: &closed}, nil
		}
		return io.Discard, nil
	})
	var sinkErr *MediaSinkError
	require.ErrorAs(t, err, &sinkErr)
	assert.Equal(t, "VideoData.LivenessVideo", sinkErr.Path)
	assert.ErrorIs(t, err, io.ErrShortWrite, "a short write without an error is reported as one")
	assert.Equal(t, 1, closed, "the failing writer is still closed")

	_, err = c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
		return &failingWriter{after: -1, closed: &closed, closeErr: errors.New("close failed")}, nil
	})
	require.ErrorAs(t, err, &sinkErr)
	assert.Equal(t, "IdCardData.OcrFront", sinkErr.Path, "a Close error aborts too")
}

// failingWriter accepts after bytes, then writes short; after < 0 never
// fails.
type failingWriter struct {
	after    int
	closed   *int
	closeErr error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after < 0 {
		return len(p), nil
	}
	if len(p) > w.after {
		n := w.after
		w.after = 0
		return n, nil
	}
	w.after -= len(p)
	return len(p), nil
}

func (w *failingWriter) Close() error { *w.closed++; return w.closeErr }

func TestStreamBadBase64IsAProblem(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/odd-fields.json")
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	sink, fn := capture()
	info, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, fn)
	require.NoError(t, err)
	assert.True(t, problemPaths(info)["BestFrame.BestFrames[1]"])
	assert.NotEmpty(t, sink.data["BestFrame.BestFrames[0]"])
}

func TestStreamEmptyMediaNeverReachTheSink(t *testing.T) {
	body := `{"Response":{"BestFrame":{"BestFrame":"","BestFrames":["",null," \n"]},"VideoData":{"LivenessVideo":null},` +
		`"EncryptedBody":"AAEC","RequestId":"r-1"}}`
	c := transportClient(t, &bodyTransport{body: []byte(body), length: -1})
	info, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
		t.Errorf("sink called for %s", ref.Path)
		return nil, nil
	})
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 1, 2}, info.EncryptedBody, "EncryptedBody stays in memory")
	assert.Equal(t, "r-1", info.RequestID)
	assert.Empty(t, info.Problems)
}

func TestStreamValidation(t *testing.T) {
	c := transportClient(t, &bodyTransport{body: []byte(`{}`)})
	_, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.GetDetectInfoEnhancedStream(context.Background(), nil, func(MediaRef) (io.Writer, error) { return nil, nil })
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.GetDetectInfoEnhancedStream(context.Background(), &GetDetectInfoEnhancedRequest{RuleID: "1"},
		func(MediaRef) (io.Writer, error) { return nil, nil })
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestStreamAPIErrorAndTruncatedReply(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/biz-token-expired.json")
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	info, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(MediaRef) (io.Writer, error) { return io.Discard, nil })
	assert.Nil(t, info)
	assert.ErrorIs(t, err, ErrBizTokenExpired)

	full := loadFixture(t, "GetDetectInfoEnhanced/passed-with-media.json").Response.Body
	cut := full[:bytes.Index(full, []byte(`"LivenessVideo"`))+5000]
	c = transportClient(t, &bodyTransport{body: cut, length: -1})
	closed := 0
	info, err = c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(MediaRef) (io.Writer, error) {
		return &failingWriter{after: -1, closed: &closed}, nil
	})
	var decErr *DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Nil(t, info, "a cut-off reply returns no result to judge")
	assert.Equal(t, 9, closed, "every writer closed, the cut-off video's too")
}

func TestMediaRefFileName(t *testing.T) {
	for _, tc := range []struct {
		ref  MediaRef
		want string
	}{
		{MediaRef{Kind: MediaLivenessVideo}, "liveness-video.mp4"},
		{MediaRef{Kind: MediaExtraFrame, Index: 1}, "best-frame-2.jpg"},
		{MediaRef{Kind: MediaActionScreenShot, Index: 0, Shot: 2}, "intention-nod-screenshot-1-3.jpg"},
		{MediaRef{Kind: MediaQuestionAudio, Index: 0}, "intention-qa-audio-1.m4a"},
	} {
		assert.Equal(t, tc.want, tc.ref.FileName())
	}
	assert.Equal(t, "VideoData.LivenessVideo", MediaRef{Path: "VideoData.LivenessVideo"}.String())
}

// TestStreamMemoryIsFlat streams a reply with a large video and checks
// that the call allocates far less than the video's size.
func TestStreamMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 16 MiB reply")
	}
	video := bytes.Repeat([]byte("0123456789abcdef"), 1<<20)
	body := `{"Response":{"VideoData":{"LivenessVideo":"` + b64(video) + `"},"RequestId":"r"}}`
	c := transportClient(t, &bodyTransport{body: []byte(body), length: int64(len(body))})
	var n countWriter
	run := func() {
		_, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(MediaRef) (io.Writer, error) { return &n, nil })
		require.NoError(t, err)
	}
	run() // warm the client's pools
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 3
	for range runs {
		run()
	}
	runtime.ReadMemStats(&after)
	perRun := (after.TotalAlloc - before.TotalAlloc) / runs
	assert.Less(t, perRun, uint64(256<<10), "bytes allocated per call, for a %d-byte video", len(video))
	assert.Equal(t, int64((runs+1)*len(video)), int64(n))
}

type countWriter int64

func (w *countWriter) Write(p []byte) (int, error) { *w += countWriter(len(p)); return len(p), nil }

// TestFixtureMediaWriteToDisk streams a result to files and reads them back.
func TestFixtureMediaWriteToDisk(t *testing.T) {
	fx := loadFixture(t, "GetDetectInfoEnhanced/intention-action-failed.json")
	dir := t.TempDir()
	c := transportClient(t, &bodyTransport{body: fx.Response.Body, length: -1})
	var names []string
	_, err := c.GetDetectInfoEnhancedStream(context.Background(), &testEnhancedRequest, func(ref MediaRef) (io.Writer, error) {
		names = append(names, ref.FileName())
		return os.Create(filepath.Join(dir, ref.FileName()))
	})
	require.NoError(t, err)
	require.Contains(t, names, "intention-nod-video-1.mp4")
	got, err := os.ReadFile(filepath.Join(dir, "intention-nod-video-1.mp4"))
	require.NoError(t, err)
	assert.Equal(t, readMedia(t, "intention.mp4"), got)
}

func b64(b []byte) string {
	raw, _ := json.Marshal(b)
	s, _ := strconv.Unquote(string(raw))
	return s
}

// TestLegacyDecodingPathsAgree decodes the legacy GetDetectInfo fixtures
// with and without a declared length and one byte at a time.
func TestLegacyDecodingPathsAgree(t *testing.T) {
	for _, name := range []string{"GetDetectInfo/legacy.json", "GetDetectInfo/legacy-not-finished.json"} {
		fx := loadFixture(t, name)
		body := []byte(fx.Response.Body)
		n := int64(len(body))
		req := &GetDetectInfoRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1"}
		ref, err := transportClient(t, &bodyTransport{body: body, length: n}).GetDetectInfo(context.Background(), req)
		require.NoError(t, err)
		for _, rt := range []*bodyTransport{
			{body: body, length: -1},
			{body: body, length: n / 2},
			{body: body, length: n, wrap: iotest.OneByteReader},
		} {
			info, err := transportClient(t, rt).GetDetectInfo(context.Background(), req)
			require.NoError(t, err)
			assert.Equal(t, ref, info, name)
		}
		if name == "GetDetectInfo/legacy.json" {
			require.NotEmpty(t, ref.Media())
			for _, m := range ref.Media() {
				assert.Equal(t, len(m.Data), cap(m.Data), m.Path)
			}
		}
	}
}
