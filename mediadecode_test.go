package faceid

import (
	"bytes"
	"context"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allocatedBy returns the bytes allocated on the heap while fn runs.
func allocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestMediaMemoryFollowsBytesRead checks that media kept in memory cost
// their decoded size whether or not the reply declares its length, and
// that a declared length alone allocates nothing.
func TestMediaMemoryFollowsBytesRead(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a 4 MiB video twenty times")
	}
	video := bytes.Repeat([]byte("\x00\x00\x00\x20ftypisom video "), 4<<20/20)
	frame := bytes.Repeat([]byte("\xff\xd8\xff frame "), 1000)
	body := []byte(`{"Response":{"BestFrame":{"BestFrame":"` + b64(frame) + `"},` +
		`"VideoData":{"LivenessVideo":"` + b64(video) + `"},"RequestId":"r"}}`)
	media := uint64(len(video) + len(frame))

	for _, length := range []int64{int64(len(body)), -1} {
		t.Run("length "+strconv.FormatInt(length, 10), func(t *testing.T) {
			c := transportClient(t, &bodyTransport{body: body, length: length})
			call := func() {
				info, err := c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest)
				require.NoError(t, err)
				require.Equal(t, video, info.VideoData.LivenessVideo)
				require.Equal(t, frame, info.BestFrame.BestFrame)
				// Each item is a slice of its own size.
				assert.Equal(t, len(video), cap(info.VideoData.LivenessVideo))
				assert.Equal(t, len(frame), cap(info.BestFrame.BestFrame))
			}
			call() // warm the client's pools
			// The least of several calls: the pool may drop a warm state
			// now and then (at garbage collection, and at random under the
			// race detector), and the call after that grows new chunks.
			least := uint64(1 << 62)
			for range 8 {
				least = min(least, allocatedBy(call))
			}
			assert.Less(t, least, media+media/20+64<<10, "bytes allocated by a call for %d bytes of media", media)
		})
	}

	t.Run("declared 64 MiB, sent 40 KiB", func(t *testing.T) {
		cut := body[:40<<10]
		c := transportClient(t, &bodyTransport{body: cut, length: 64 << 20})
		var err error
		got := allocatedBy(func() { _, err = c.GetDetectInfoEnhanced(context.Background(), &testEnhancedRequest) })
		require.Error(t, err)
		assert.Less(t, got, uint64(256<<10), "bytes allocated for a %d-byte reply declaring 64 MiB", len(cut))
	})
}
