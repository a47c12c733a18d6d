package bench

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"testing"

	"github.com/faceid-go/faceid"
)

// The benchmarks compare like with like only if both sides, and the floor,
// end with the same bytes; these tests check that on a smaller reply.

func TestBothSidesDecodeTheSameMedia(t *testing.T) {
	rep := newEnhancedReply(1 * mib)
	rt := &replay{body: rep.body}

	official, err := officialEnhanced(officialClient(rt))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(official.video, rep.video) || len(official.frames) != frameCount {
		t.Fatal("official: wrong media")
	}

	c := ourClient(t, rt)
	req := enhancedRequest
	ours, err := c.GetDetectInfoEnhanced(context.Background(), &req)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours.VideoData.LivenessVideo, rep.video) || !bytes.Equal(ours.BestFrame.BestFrame, rep.frames[0]) {
		t.Fatal("ours: wrong media")
	}
	for i, f := range ours.BestFrame.BestFrames {
		if !bytes.Equal(f, rep.frames[i+1]) || !bytes.Equal(official.frames[i+1], f) {
			t.Fatalf("frame %d differs", i+1)
		}
	}
	if *ours.Text.ErrCode != 0 || ours.Text.Name != "测试一" || len(ours.Problems) != 0 {
		t.Fatalf("ours: wrong text %v", ours.Problems)
	}

	streamed := map[string]*bytes.Buffer{}
	_, err = c.GetDetectInfoEnhancedStream(context.Background(), &req, func(ref faceid.MediaRef) (io.Writer, error) {
		streamed[ref.Path] = new(bytes.Buffer)
		return streamed[ref.Path], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(streamed) != frameCount+1 || !bytes.Equal(streamed["VideoData.LivenessVideo"].Bytes(), rep.video) ||
		!bytes.Equal(streamed["BestFrame.BestFrames[3]"].Bytes(), rep.frames[4]) {
		t.Fatal("stream: wrong media")
	}

	if n := decodeSpans(rep); n != rep.decodedSize() {
		t.Fatalf("floor decoded %d bytes, want %d", n, rep.decodedSize())
	}
	last := rep.spans[len(rep.spans)-1]
	if got, _ := base64.StdEncoding.DecodeString(string(rep.body[last.start:last.end])); !bytes.Equal(got, rep.video) {
		t.Fatal("floor spans do not hold the media")
	}
}

func TestBothSidesGetTheBizToken(t *testing.T) {
	rt := &replay{body: detectAuthReply}
	token, err := officialDetectAuth(officialClient(rt))
	if err != nil || token != detectAuthToken {
		t.Fatal(token, err)
	}
	req := detectAuthRequest
	auth, err := ourClient(t, rt).DetectAuth(context.Background(), &req)
	if err != nil || auth.BizToken != detectAuthToken {
		t.Fatal(auth, err)
	}
}

// TestSignerCachedMatchesFresh checks that the signer BenchmarkSign
// measures, its derived key cached, signs as a fresh one does.
func TestSignerCachedMatchesFresh(t *testing.T) {
	var s faceid.Signer
	cred := faceid.Credentials{SecretID: secretID, SecretKey: secretKey}
	body := []byte(`{"RuleId":"1"}`)
	for range 3 {
		got := s.Authorization(cred, faceid.Service, "faceid.tencentcloudapi.com", "application/json", body, signNow)
		want := new(faceid.Signer).Authorization(cred, faceid.Service, "faceid.tencentcloudapi.com", "application/json", body, signNow)
		if got != want {
			t.Fatalf("cached %q, fresh %q", got, want)
		}
	}
}
