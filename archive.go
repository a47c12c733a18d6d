package faceid

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/faceid-go/faceid/internal/wirepath"
)

// ResultFileName is the name of the JSON file SaveResult writes.
const ResultFileName = "result.json"

// encryptedBodyFileName is the file EncryptedBody is saved to.
const encryptedBodyFileName = "encrypted-body.bin"

// Archive describes a result saved by SaveResult.
type Archive struct {
	// Dir is the folder the files were written to.
	Dir string
	// Info is the result with its media fields nil, as
	// GetDetectInfoEnhancedStream returns it.
	Info *DetectInfo
	// Files lists the media files written, in wire order; EncryptedBody,
	// when the result has one, comes last as "encrypted-body.bin" with a
	// zero Kind.
	Files []ArchiveFile
}

// ArchiveFile is one media file of an Archive.
type ArchiveFile struct {
	// MediaRef says which field of the result the file holds.
	MediaRef
	// Name is the file's name inside Archive.Dir, as MediaItem.FileName
	// gives it.
	Name string
	// Size is the file's size in bytes (the decoded media).
	Size int64
}

// ArchiveOption configures SaveResult.
type ArchiveOption func(*archiveSettings)

type archiveSettings struct {
	masked bool
}

// ArchiveMasked makes SaveResult mask names, ID numbers, phone numbers and
// the address in result.json, as DetectInfo.Masked does. The media files
// are written as they are.
func ArchiveMasked() ArchiveOption {
	return func(s *archiveSettings) { s.masked = true }
}

// SaveResult pulls a result through GetDetectInfoEnhancedStream and saves it
// to the folder dir: every media field in a file of its own, named as
// MediaItem.FileName names it ("liveness-video.mp4", "best-frame-1.jpg"…),
// and result.json. Media are streamed to their files as the reply is read,
// so the video is never held in memory.
//
// result.json holds the result with Tencent's wire names, each media field
// replaced by {"File": name, "Bytes": size}, plus "Verdict" (see
// DetectInfo.Verdict) and, when decoding met oddities, "Problems". A media
// field that is not valid base64 gets no file and is listed in Problems.
//
// dir is created with permission 0700 if it does not exist (an existing
// folder keeps its permissions); files are written with permission 0600
// through temporary files renamed into place, replacing files of the same
// name. SaveResult is all or nothing: if the call, the reply or a write
// fails, the files it wrote are removed and the error is returned.
func (c *Client) SaveResult(ctx context.Context, req *GetDetectInfoEnhancedRequest, dir string, opts ...ArchiveOption) (*Archive, error) {
	var set archiveSettings
	for _, opt := range opts {
		if opt != nil {
			opt(&set)
		}
	}
	if dir == "" {
		return nil, &ValidationError{Action: "GetDetectInfoEnhanced", Field: "dir", Problem: "is empty"}
	}
	created, err := makeArchiveDir(dir)
	if err != nil {
		return nil, err
	}
	w := &archiveWriter{dir: dir}
	ok := false
	defer func() {
		if !ok {
			w.removeAll()
			if created {
				_ = os.Remove(dir)
			}
		}
	}()

	info, err := c.GetDetectInfoEnhancedStream(ctx, req, w.sink)
	if err != nil {
		return nil, err
	}
	arch := &Archive{Dir: dir, Info: info}
	if err := w.commit(arch, problemSet(info)); err != nil {
		return nil, err
	}
	if len(info.EncryptedBody) > 0 {
		if err := w.writeFile(encryptedBodyFileName, info.EncryptedBody); err != nil {
			return nil, err
		}
		arch.Files = append(arch.Files, ArchiveFile{MediaRef: MediaRef{Path: "EncryptedBody"},
			Name: encryptedBodyFileName, Size: int64(len(info.EncryptedBody))})
	}
	doc, err := resultDocument(arch, set.masked)
	if err != nil {
		return nil, fmt.Errorf("faceid: encoding %s: %w", ResultFileName, err)
	}
	if err := w.writeFile(ResultFileName, doc); err != nil {
		return nil, err
	}
	ok = true
	return arch, nil
}

// makeArchiveDir creates dir with permission 0700 if needed and reports
// whether it did.
func makeArchiveDir(dir string) (created bool, err error) {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return false, nil
	case err == nil:
		return false, fmt.Errorf("faceid: %s is not a folder", dir)
	case !errors.Is(err, os.ErrNotExist):
		return false, fmt.Errorf("faceid: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("faceid: %w", err)
	}
	return true, nil
}

// problemSet returns the paths named in info.Problems.
func problemSet(info *DetectInfo) map[string]bool {
	set := make(map[string]bool, len(info.Problems))
	for _, p := range info.Problems {
		set[p.Field] = true
	}
	return set
}

// archiveWriter is the sink of SaveResult: each media item goes to a
// temporary file in the folder, renamed into place by commit.
type archiveWriter struct {
	dir   string
	items []*archiveItem
	done  []string // files renamed into place
}

// archiveItem is one media item being written.
type archiveItem struct {
	dir  string
	ref  MediaRef
	head []byte   // first bytes, kept until the file name is known
	file *os.File // nil until the name is known
	name string
	size int64
}

// sink implements MediaSink.
func (w *archiveWriter) sink(ref MediaRef) (io.Writer, error) {
	it := &archiveItem{dir: w.dir, ref: ref}
	w.items = append(w.items, it)
	return it, nil
}

// sniffLen is how many bytes a media file's name waits for, so that its
// extension follows the data's format.
const sniffLen = 16

// Write buffers the first bytes, then writes to the temporary file.
func (it *archiveItem) Write(p []byte) (int, error) {
	n := len(p)
	if it.file == nil {
		if len(it.head)+len(p) < sniffLen {
			it.head = append(it.head, p...)
			return n, nil
		}
		p = append(it.head, p...)
		it.head = nil
		if err := it.open(p); err != nil {
			return 0, err
		}
	}
	m, err := it.file.Write(p)
	it.size += int64(m)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// open names the item from its first bytes and creates its temporary file.
func (it *archiveItem) open(head []byte) error {
	it.name = it.ref.fileName(head)
	f, err := os.CreateTemp(it.dir, "."+it.name+".*.part")
	if err != nil {
		return err
	}
	it.file = f
	return nil
}

// Close flushes a short item and closes the file.
func (it *archiveItem) Close() error {
	if it.file == nil {
		head := it.head
		it.head = nil
		if err := it.open(head); err != nil {
			return err
		}
		if _, err := it.file.Write(head); err != nil {
			_ = it.file.Close()
			return err
		}
		it.size = int64(len(head))
	}
	return it.file.Close()
}

// commit renames the items into place, in wire order, dropping those
// named in problems, and lists them in arch.
func (w *archiveWriter) commit(arch *Archive, problems map[string]bool) error {
	for _, it := range w.items {
		if it.file == nil {
			continue // never written: the sink was called, the data was empty
		}
		if problems[it.ref.Path] {
			_ = os.Remove(it.file.Name())
			continue
		}
		final := filepath.Join(w.dir, it.name)
		if err := os.Rename(it.file.Name(), final); err != nil {
			return fmt.Errorf("faceid: %w", err)
		}
		w.done = append(w.done, final)
		arch.Files = append(arch.Files, ArchiveFile{MediaRef: it.ref, Name: it.name, Size: it.size})
	}
	w.items = nil
	return nil
}

// writeFile writes data to name in the folder through a temporary file.
func (w *archiveWriter) writeFile(name string, data []byte) error {
	f, err := os.CreateTemp(w.dir, "."+name+".*.part")
	if err != nil {
		return fmt.Errorf("faceid: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	final := filepath.Join(w.dir, name)
	if err == nil {
		err = os.Rename(f.Name(), final)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("faceid: %w", err)
	}
	w.done = append(w.done, final)
	return nil
}

// removeAll deletes every file written so far.
func (w *archiveWriter) removeAll() {
	for _, it := range w.items {
		if it.file != nil {
			_ = it.file.Close()
			_ = os.Remove(it.file.Name())
		}
	}
	for _, name := range w.done {
		_ = os.Remove(name)
	}
}

// resultDocument renders result.json: the result with wire names, each
// media field replaced by its file, plus the verdict and problems.
func resultDocument(arch *Archive, masked bool) ([]byte, error) {
	info := arch.Info
	if masked {
		info = info.Masked()
	}
	doc, err := wirepath.Document(info)
	if err != nil {
		return nil, err
	}
	for _, f := range arch.Files {
		wirepath.Set(doc, f.Path, map[string]any{"File": f.Name, "Bytes": f.Size})
	}
	doc["Verdict"] = arch.Info.Verdict()
	if len(arch.Info.Problems) > 0 {
		problems := make([]string, len(arch.Info.Problems))
		for i, p := range arch.Info.Problems {
			problems[i] = p.String()
		}
		doc["Problems"] = problems
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
