package faceid

import (
	"context"
	"io"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// MediaSink chooses where a streamed media item goes. It is called once per
// non-empty media field of a result, in wire order, when the field's first
// decoded bytes are ready, and returns the writer that receives them.
//
// A nil writer skips the item. An error aborts the call, as does an error
// from the writer; the call then returns a *MediaSinkError. If the writer
// is also an io.Closer, it is closed when its item ends, before the sink is
// called again, even if the item turned out malformed or the call fails.
//
// A malformed base64 item is not an error: the writer has then received the
// bytes decoded before the fault, and DetectInfo.Problems names the item's
// Path. Writers are called from the goroutine making the call and must not
// keep the slices they are given.
type MediaSink func(item MediaRef) (io.Writer, error)

// MediaSinkError reports that a MediaSink, or a writer it returned, failed
// and the call was aborted.
type MediaSinkError struct {
	// Path is the wire path of the media item being written.
	Path string
	// RequestID is the reply's RequestId when it was known (the header, or
	// the body's RequestId if it came before the media).
	RequestID string
	// Err is what the sink or writer returned.
	Err error
}

// Error describes the failure.
func (e *MediaSinkError) Error() string {
	return "faceid: writing media " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the sink's or writer's error.
func (e *MediaSinkError) Unwrap() error { return e.Err }

func (e *MediaSinkError) requestID() string { return e.RequestID }

// GetDetectInfoEnhancedStream pulls a result like GetDetectInfoEnhanced but
// streams its media to writers chosen by sink instead of holding them in
// memory: each media string is base64-decoded while the reply is read, so
// memory use does not grow with the size of the video.
//
// The returned DetectInfo has the text, codes and Problems filled and its
// media fields nil; lists keep their shape, with one nil item per item of
// the reply (BestFrame.BestFrames, the screenshots and audios) and one
// entry per round in IntentionActionResult.Details. EncryptedBody, which is
// not a media field, is kept in memory.
//
// Errors are those of GetDetectInfoEnhanced, plus a *MediaSinkError when
// the sink or a writer fails. A call that returns an error returns no
// result; when the reply was cut off, the writers have received only part
// of the media, and the caller should discard what they wrote (SaveResult
// does).
func (c *Client) GetDetectInfoEnhancedStream(ctx context.Context, req *GetDetectInfoEnhancedRequest, sink MediaSink, opts ...CallOption) (*DetectInfo, error) {
	const action = "GetDetectInfoEnhanced"
	if req == nil {
		return nil, &ValidationError{Action: action, Field: "request", Problem: "is nil"}
	}
	if sink == nil {
		return nil, &ValidationError{Action: action, Field: "sink", Problem: "is nil"}
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return c.getDetectInfoEnhanced(ctx, req, sink, opts)
}

// stream decodes the base64 field at spot to the sink.
func (d *resultDecoder) stream(r *jsonscan.Reader, prefix string, key []byte, spot mediaSpot) error {
	w := &d.w
	w.begin(d.sink, spot, prefix, key)
	_, err := r.StreamBase64(w)
	d.sinkUsed = d.sinkUsed || w.called
	if endErr := w.end(); endErr != nil {
		return endErr
	}
	return d.soft(prefix, key, err)
}

// sinkWriter is the io.Writer the decoder streams one media item to: it
// calls the sink at the item's first bytes, so that empty fields are never
// announced, and remembers the sink's or writer's failure.
type sinkWriter struct {
	sink   MediaSink
	ref    MediaRef
	prefix string
	key    []byte
	called bool
	w      io.Writer // nil until the sink is called, or to skip the item
	err    error     // the sink's or the writer's failure
	open   bool      // w has yet to be closed
}

// begin prepares the writer for the item at spot, whose path is prefix
// joined with key (key is only valid until the item ends).
func (s *sinkWriter) begin(sink MediaSink, spot mediaSpot, prefix string, key []byte) {
	*s = sinkWriter{sink: sink, ref: MediaRef{Kind: spot.kind, Index: spot.index, Shot: spot.shot},
		prefix: prefix, key: key}
}

// Write passes p to the item's writer, calling the sink first if needed.
func (s *sinkWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if !s.called {
		s.called = true
		s.ref.Path = joinPath(s.prefix, s.key)
		w, err := s.sink(s.ref)
		if err != nil {
			s.err = err
			return 0, err
		}
		s.w, s.open = w, w != nil
	}
	if s.w == nil {
		return len(p), nil
	}
	n, err := s.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		s.err = err
	}
	return n, err
}

// end closes the item's writer if it is an io.Closer and returns a
// *MediaSinkError if the sink, the writer or Close failed.
func (s *sinkWriter) end() error {
	if s.open {
		s.open = false
		if c, ok := s.w.(io.Closer); ok {
			if err := c.Close(); err != nil && s.err == nil {
				s.err = err
			}
		}
	}
	if s.err == nil {
		return nil
	}
	path := s.ref.Path
	if path == "" {
		path = joinPath(s.prefix, s.key)
	}
	return &MediaSinkError{Path: path, Err: s.err}
}
