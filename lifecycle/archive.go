package lifecycle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/internal/wirepath"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// errPending reports a result whose flow the person has not finished yet.
var errPending = errors.New("the flow is not finished yet")

// archiver writes one token's folder: data objects first, the manifest
// last.
type archiver struct {
	ctx    context.Context
	store  store.Store
	prefix string
	files  []faceid.ManifestFile
	media  []*mediaEntry // the media stored, for result.json
}

// mediaEntry is a media field of the result and the file it went to.
type mediaEntry struct {
	path, name string
	size       int64
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

// Read reads from the underlying reader, counting.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// put stores the object name from r and lists it for the manifest. An
// object already there, left by an unfinished earlier run, is kept when it
// holds what r holds; otherwise put returns errConflict.
func (w *archiver) put(name string, r io.Reader) error {
	_, err := w.putSized(name, r)
	return err
}

// putSized is put, returning the object's size.
func (w *archiver) putSized(name string, r io.Reader) (int64, error) {
	h := sha256.New()
	cr := &countingReader{r: io.TeeReader(r, h)}
	key := w.prefix + "/" + name
	_, err := w.store.Put(w.ctx, key, cr)
	if errors.Is(err, store.ErrExist) {
		// Read what Put left, so that the hash covers the whole content.
		if _, err := io.Copy(io.Discard, cr); err != nil {
			return 0, err
		}
		sum, size, err := objectHash(w.ctx, w.store, key)
		if err != nil {
			return 0, fmt.Errorf("checking %s left by an earlier run: %w", name, err)
		}
		if sum != hex.EncodeToString(h.Sum(nil)) || size != cr.n {
			return 0, fmt.Errorf("%s: %w", name, errConflict)
		}
	} else if err != nil {
		return 0, fmt.Errorf("storing %s: %w", name, err)
	}
	w.files = append(w.files, faceid.ManifestFile{Name: name, Bytes: cr.n, SHA256: hex.EncodeToString(h.Sum(nil))})
	return cr.n, nil
}

// putBytes stores a whole object.
func (w *archiver) putBytes(name string, b []byte) error { return w.put(name, bytes.NewReader(b)) }

// putMedia stores one media item held in memory.
func (w *archiver) putMedia(path, name string, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	if err := w.putBytes(name, data); err != nil {
		return err
	}
	w.media = append(w.media, &mediaEntry{path: path, name: name, size: int64(len(data))})
	return nil
}

// sink streams each media item of a result into the store as it is
// decoded, never holding the item in memory.
func (w *archiver) sink(ref faceid.MediaRef) (io.Writer, error) {
	entry := &mediaEntry{path: ref.Path, name: ref.FileName()}
	for _, e := range w.media {
		if e.name == entry.name {
			return nil, errors.New("the reply carries this media field twice")
		}
	}
	w.media = append(w.media, entry)
	pr, pw := io.Pipe()
	mw := &mediaWriter{pw: pw, done: make(chan error, 1)}
	go func() {
		n, err := w.putSized(entry.name, pr)
		entry.size = n
		// A failed Put fails the writer, which aborts the call.
		if err != nil {
			pr.CloseWithError(err)
		} else {
			pr.CloseWithError(io.ErrClosedPipe)
		}
		mw.done <- err
	}()
	return mw, nil
}

// mediaWriter feeds one media item to the goroutine storing it.
type mediaWriter struct {
	pw   *io.PipeWriter
	done chan error
}

// Write passes p on to the store.
func (m *mediaWriter) Write(p []byte) (int, error) { return m.pw.Write(p) }

// Close ends the item and waits until it is stored.
func (m *mediaWriter) Close() error {
	_ = m.pw.Close()
	return <-m.done
}

// fetched is a result fetched and its data objects stored.
type fetched struct {
	verdict   faceid.Verdict
	pending   bool
	requestID string
}

// fetchAndArchive fetches a token's result and archives it. It returns
// errPending, having stored nothing, when the flow is unfinished and its
// window is still open.
func (t *Tracker[TTx]) fetchAndArchive(ctx context.Context, a fetchArgs) (*Manifest, error) {
	w := &archiver{ctx: ctx, store: t.cfg.Store, prefix: folder(a.Flow, a.Token)}
	windowOpen := t.cfg.Now().Before(t.windowEnd(a))
	var (
		res fetched
		err error
	)
	switch a.Flow {
	case FlowApp:
		res, err = t.fetchApp(ctx, w, a, windowOpen)
	case FlowEid:
		res, err = t.fetchEid(ctx, w, a, windowOpen)
	default:
		res, err = t.fetchSaaS(ctx, w, a, windowOpen)
	}
	if err != nil {
		return nil, err
	}
	now := t.cfg.Now().UTC()
	m := &Manifest{
		Manifest: faceid.Manifest{BizToken: a.Token, RuleID: a.RuleID, SavedAt: now.Truncate(time.Second),
			SDKVersion: faceid.Version, Files: w.files},
		Flow: a.Flow, Reference: a.Reference, CreatedAt: a.CreatedAt, FetchedAt: now, RequestID: res.requestID,
		Verdict: res.verdict, Abandoned: res.pending,
	}
	if t.cfg.Retention > 0 {
		until := now.Add(t.cfg.Retention).Truncate(time.Second)
		m.RetainUntil = &until
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the manifest: %w", err)
	}
	_, err = t.cfg.Store.Put(ctx, w.prefix+"/"+faceid.ManifestFileName, bytes.NewReader(append(raw, '\n')))
	if errors.Is(err, store.ErrExist) {
		// Another run committed first: its archive is the one.
		return ReadManifest(ctx, t.cfg.Store, a.Flow, a.Token)
	}
	if err != nil {
		return nil, fmt.Errorf("storing the manifest: %w", err)
	}
	return m, nil
}

// fetchSaaS archives a SaaS result, streaming its media to the store.
func (t *Tracker[TTx]) fetchSaaS(ctx context.Context, w *archiver, a fetchArgs, windowOpen bool) (fetched, error) {
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: a.Token, RuleID: a.RuleID}
	info, err := t.cfg.Client.GetDetectInfoEnhancedStream(ctx, req, w.sink)
	if err != nil {
		return fetched{}, err
	}
	v := info.Verdict()
	if v.Pending && windowOpen {
		return fetched{}, errPending
	}
	return w.finish(info, info.RequestID, info.EncryptedBody, info.Problems, v)
}

// fetchApp archives an App SDK result with its video and best frame.
func (t *Tracker[TTx]) fetchApp(ctx context.Context, w *archiver, a fetchArgs, windowOpen bool) (fetched, error) {
	req := &faceid.GetFaceIdResultRequest{FaceIDToken: a.Token, IsNeedVideo: true, IsNeedBestFrame: true}
	res, err := t.cfg.Client.GetFaceIdResult(ctx, req)
	if err != nil {
		return fetched{}, err
	}
	v := res.Verdict()
	// 17: the person has not finished the flow (yet); 15: the token
	// expired before they did.
	pending := v.Pending || res.Result == "17"
	abandoned := pending || res.Result == "15"
	if pending && windowOpen {
		return fetched{}, errPending
	}
	for _, m := range []struct {
		path, name string
		data       []byte
	}{
		{"VideoBase64", "liveness-video.mp4", res.Video},
		{"BestFrameBase64", "best-frame.jpg", res.BestFrame},
		{"IdCardFrontBase64", "idcard-front.jpg", res.IDCardFront},
	} {
		if err := w.putMedia(m.path, m.name, m.data); err != nil {
			return fetched{}, err
		}
	}
	out, err := w.finish(res, res.RequestID, res.EncryptedBody, res.Problems, v)
	out.pending = abandoned
	return out, err
}

// fetchEid archives an eID result with its media.
func (t *Tracker[TTx]) fetchEid(ctx context.Context, w *archiver, a fetchArgs, windowOpen bool) (fetched, error) {
	res, err := t.cfg.Client.GetEidResult(ctx, &faceid.GetEidResultRequest{EidToken: a.Token})
	if err != nil {
		return fetched{}, err
	}
	v := res.Verdict()
	if v.Pending && windowOpen {
		return fetched{}, errPending
	}
	for _, m := range res.Media() {
		if err := w.putMedia(m.Path, m.FileName(), m.Data); err != nil {
			return fetched{}, err
		}
	}
	return w.finish(res, res.RequestID, nil, res.Problems, v)
}

// finish stores EncryptedBody and result.json: the complete, unmasked
// result with Tencent's wire names, each media field replaced by
// {"File": name, "Bytes": size}, plus "Verdict" and "Problems". The
// RequestId, which changes from one fetch to the next, goes to the
// manifest instead, so that a run repeating a crashed one writes the same
// result.json.
func (w *archiver) finish(result any, requestID string, encrypted []byte, problems []faceid.FieldProblem, v faceid.Verdict) (fetched, error) {
	if len(encrypted) > 0 {
		if err := w.putMedia("EncryptedBody", "encrypted-body.bin", encrypted); err != nil {
			return fetched{}, err
		}
	}
	doc, err := wirepath.Document(result)
	if err != nil {
		return fetched{}, fmt.Errorf("encoding %s: %w", faceid.ResultFileName, err)
	}
	delete(doc, "RequestId")
	for _, m := range w.media {
		wirepath.Set(doc, m.path, map[string]any{"File": m.name, "Bytes": m.size})
	}
	doc["Verdict"] = v
	if len(problems) > 0 {
		texts := make([]string, len(problems))
		for i, p := range problems {
			texts[i] = p.String()
		}
		doc["Problems"] = texts
	}
	raw, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fetched{}, fmt.Errorf("encoding %s: %w", faceid.ResultFileName, err)
	}
	if err := w.putBytes(faceid.ResultFileName, append(raw, '\n')); err != nil {
		return fetched{}, err
	}
	return fetched{verdict: v, pending: v.Pending, requestID: requestID}, nil
}
