package faceid

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"

	"github.com/faceid-go/faceid/internal/wirepath"
)

// ResultFileName is the name of the JSON file SaveResult writes.
const ResultFileName = "result.json"

// encryptedBodyFileName is the file EncryptedBody is saved to.
const encryptedBodyFileName = "encrypted-body.bin"

// Archive describes a result saved by SaveResult.
type Archive struct {
	// Dir is the folder the files were written to, as SaveResult was given it.
	Dir string
	// Info is the result with its media fields nil, as
	// GetDetectInfoEnhancedStream returns it.
	Info *DetectInfo
	// Files lists the media files written, in wire order; EncryptedBody,
	// when the result has one, comes last as "encrypted-body.bin" with a
	// zero Kind.
	Files []ArchiveFile
	// Manifest is what manifest.json records: every file of the folder,
	// result.json included, with its size and SHA-256.
	Manifest *Manifest
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

// SaveResult pulls a result through GetDetectInfoEnhancedStream and saves it,
// as evidence, to the folder dir, which holds the result of this one flow:
//
//   - every media field in a file of its own, named as MediaItem.FileName
//     names it ("liveness-video.mp4", "best-frame-1.jpg"…), streamed to its
//     file as the reply is read, so that the video is never held in memory;
//     EncryptedBody in "encrypted-body.bin";
//   - result.json: the complete, unmasked result with Tencent's wire names,
//     each media field replaced by {"File": name, "Bytes": size}, plus
//     "Verdict" (see DetectInfo.Verdict) and, when decoding met oddities,
//     "Problems". A media field that is not valid base64 gets no file and
//     is listed in Problems. Tencent deletes results after three days; this
//     file is what is left, so mask only what you display (DetectInfo.Masked);
//   - manifest.json, written last: see Manifest and VerifyArchive.
//
// dir must be new, empty, or hold an earlier save of the same BizToken and
// RuleId (a manifest.json naming them, and no file it does not list); any
// other folder is refused before the call is made, and so is a dir that is
// a symbolic link. A reply that carries more media than req allows (kinds
// InfoType did not ask for, more extra frames than BestFramesCount, more
// intention rounds than Tencent's limit of 10) is refused: the call fails
// with a *MediaSinkError and nothing is saved.
//
// SaveResult is all or nothing. The files are written, with permission
// 0600, into a new temporary folder beside dir (so the parent folder must
// be writable), which then becomes dir: a missing dir is created by
// renaming the temporary folder (permission 0700); the files are moved into
// an empty dir, manifest.json last; a dir holding an earlier save is
// replaced by the new folder in two renames, taking on dir's permissions,
// and the earlier save is deleted. Until then, any failure of the call, the
// reply or a write leaves dir as it was and removes the temporary folder.
// A crash can leave a ".faceid-saving-*" or ".faceid-replaced-*" folder
// beside dir; if it comes between the two renames, dir is missing and the
// earlier save is complete in ".faceid-replaced-*/previous".
func (c *Client) SaveResult(ctx context.Context, req *GetDetectInfoEnhancedRequest, dir string, opts ...CallOption) (*Archive, error) {
	const action = "GetDetectInfoEnhanced"
	if req == nil {
		return nil, &ValidationError{Action: action, Field: "request", Problem: "is nil"}
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, &ValidationError{Action: action, Field: "dir", Problem: "is empty"}
	}
	target, err := inspectArchiveDir(dir, req)
	if err != nil {
		return nil, err
	}
	st, err := newArchiveStaging(target.parent, req)
	if err != nil {
		return nil, err
	}
	defer st.discard()

	info, err := c.GetDetectInfoEnhancedStream(ctx, req, st.sink, opts...)
	if err != nil {
		return nil, err
	}
	arch, err := st.finish(info, req, c.now())
	if err != nil {
		return nil, err
	}
	if err := installArchive(st.dir, dir, req, st.names()); err != nil {
		return nil, err
	}
	arch.Dir = dir
	return arch, nil
}

// archiveStaging is a save in progress: a private temporary folder that
// the media are streamed into.
type archiveStaging struct {
	dir   string   // the temporary folder
	root  *os.Root // dir, so that nothing is written outside it
	allow mediaAllowance
	seen  map[MediaRef]bool // the items met so far, Path cleared
	items []*archiveItem
	files []ManifestFile // the files kept, in the order written
}

// newArchiveStaging creates the temporary folder in parent.
func newArchiveStaging(parent string, req *GetDetectInfoEnhancedRequest) (*archiveStaging, error) {
	dir, err := os.MkdirTemp(parent, ".faceid-saving-*")
	if err != nil {
		return nil, fmt.Errorf("faceid: creating a temporary folder for the save: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err == nil {
		// MkdirTemp already asks for 0700; a umask could take more away.
		err = os.Chmod(dir, 0o700)
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("faceid: %w", err)
	}
	return &archiveStaging{dir: dir, root: root, allow: newMediaAllowance(req), seen: map[MediaRef]bool{}}, nil
}

// sink implements MediaSink: it refuses items the request could not have
// brought back, and streams the others to files.
func (st *archiveStaging) sink(ref MediaRef) (io.Writer, error) {
	key := ref
	key.Path = ""
	if st.seen[key] {
		return nil, errors.New("the reply carries this media field twice; nothing was saved")
	}
	st.seen[key] = true
	if err := st.allow.check(ref); err != nil {
		return nil, err
	}
	it := &archiveItem{st: st, ref: ref}
	st.items = append(st.items, it)
	return it, nil
}

// finish writes EncryptedBody, result.json and manifest.json once the
// media are in, and describes the save.
func (st *archiveStaging) finish(info *DetectInfo, req *GetDetectInfoEnhancedRequest, now time.Time) (*Archive, error) {
	arch := &Archive{Info: info}
	problems := problemSet(info)
	for _, it := range st.items {
		switch {
		case it.file == nil || !it.file.closed:
			return nil, fmt.Errorf("faceid: writing media %s: the item was never finished", it.ref.Path)
		case problems[it.ref.Path]:
			if err := st.root.Remove(it.name); err != nil {
				return nil, fmt.Errorf("faceid: %w", err)
			}
		default:
			st.files = append(st.files, it.file.entry())
			arch.Files = append(arch.Files, ArchiveFile{MediaRef: it.ref, Name: it.name, Size: it.file.size})
		}
	}
	if len(info.EncryptedBody) > 0 {
		if err := st.writeFile(encryptedBodyFileName, info.EncryptedBody, true); err != nil {
			return nil, err
		}
		arch.Files = append(arch.Files, ArchiveFile{MediaRef: MediaRef{Path: "EncryptedBody"},
			Name: encryptedBodyFileName, Size: int64(len(info.EncryptedBody))})
	}
	doc, err := resultDocument(arch)
	if err != nil {
		return nil, fmt.Errorf("faceid: encoding %s: %w", ResultFileName, err)
	}
	if err := st.writeFile(ResultFileName, doc, true); err != nil {
		return nil, err
	}
	arch.Manifest = &Manifest{
		BizToken:   req.BizToken,
		RuleID:     req.RuleID,
		SavedAt:    now.UTC().Truncate(time.Second),
		SDKVersion: Version,
		Files:      st.files,
	}
	raw, err := json.MarshalIndent(arch.Manifest, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("faceid: encoding %s: %w", ManifestFileName, err)
	}
	if err := st.writeFile(ManifestFileName, append(raw, '\n'), false); err != nil {
		return nil, err
	}
	return arch, nil
}

// names lists the files of the save, manifest.json last.
func (st *archiveStaging) names() []string {
	names := make([]string, 0, len(st.files)+1)
	for _, f := range st.files {
		names = append(names, f.Name)
	}
	return append(names, ManifestFileName)
}

// writeFile writes a whole file into the folder, listing it in the
// manifest when listed is true.
func (st *archiveStaging) writeFile(name string, data []byte, listed bool) error {
	f, err := st.create(name)
	if err == nil {
		_, err = f.Write(data)
		if cerr := f.close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("faceid: writing %s: %w", name, err)
	}
	if listed {
		st.files = append(st.files, f.entry())
	}
	return nil
}

// create makes a new file in the folder, never replacing or following
// anything already there.
func (st *archiveStaging) create(name string) (*hashedFile, error) {
	f, err := st.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil { // in case a umask took bits away
		_ = f.Close()
		return nil, err
	}
	h := sha256.New()
	return &hashedFile{name: name, f: f, h: h, w: io.MultiWriter(f, h)}, nil
}

// discard closes what is open and removes the temporary folder, if it is
// still there.
func (st *archiveStaging) discard() {
	for _, it := range st.items {
		if it.file != nil && !it.file.closed {
			_ = it.file.f.Close()
		}
	}
	_ = st.root.Close()
	_ = os.RemoveAll(st.dir)
}

// hashedFile is a file being written, hashed and measured as it is.
type hashedFile struct {
	name   string
	f      *os.File
	h      hash.Hash
	w      io.Writer // f and h
	size   int64
	closed bool
}

// Write writes p to the file and the hash.
func (hf *hashedFile) Write(p []byte) (int, error) {
	n, err := hf.w.Write(p)
	hf.size += int64(n)
	return n, err
}

// close flushes the file to stable storage and closes it.
func (hf *hashedFile) close() error {
	hf.closed = true
	err := hf.f.Sync()
	if cerr := hf.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// entry describes the written file for the manifest.
func (hf *hashedFile) entry() ManifestFile {
	return ManifestFile{Name: hf.name, Bytes: hf.size, SHA256: hex.EncodeToString(hf.h.Sum(nil))}
}

// archiveItem is one media item being written.
type archiveItem struct {
	st   *archiveStaging
	ref  MediaRef
	head []byte      // first bytes, kept until the file name is known
	file *hashedFile // nil until the name is known
	name string
}

// sniffLen is how many bytes a media file's name waits for, so that its
// extension follows the data's format.
const sniffLen = 16

// Write buffers the first bytes, then writes to the file.
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
	if _, err := it.file.Write(p); err != nil {
		return 0, err
	}
	return n, nil
}

// open names the item from its first bytes and creates its file.
func (it *archiveItem) open(head []byte) error {
	it.name = it.ref.fileName(head)
	f, err := it.st.create(it.name)
	if err != nil {
		return err
	}
	it.file = f
	return nil
}

// Close writes a short item and closes the file.
func (it *archiveItem) Close() error {
	if it.file == nil {
		head := it.head
		it.head = nil
		if err := it.open(head); err != nil {
			return err
		}
		if _, err := it.file.Write(head); err != nil {
			_ = it.file.close()
			return err
		}
	}
	return it.file.close()
}

// problemSet returns the paths named in info.Problems.
func problemSet(info *DetectInfo) map[string]bool {
	set := make(map[string]bool, len(info.Problems))
	for _, p := range info.Problems {
		set[p.Field] = true
	}
	return set
}

// resultDocument renders result.json: the unmasked result with wire names,
// each media field replaced by its file, plus the verdict and problems.
func resultDocument(arch *Archive) ([]byte, error) {
	doc, err := wirepath.Document(arch.Info)
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

// mediaAllowance says which media items a request can bring back beyond
// what the decoder already bounds (every list's limit from the spec, each
// field once): at most BestFramesCount extra frames, a limit of the
// request itself. Parts that InfoType did not ask for are saved all the
// same: Tencent documents replies that carry them, and evidence is never
// dropped for it.
type mediaAllowance struct {
	extraFrames int
}

// newMediaAllowance returns the allowance of a validated request.
func newMediaAllowance(req *GetDetectInfoEnhancedRequest) mediaAllowance {
	return mediaAllowance{extraFrames: req.BestFramesCount}
}

// check returns an error if the request could not have brought ref back.
// Single fields have Index 0; that each comes once is checked by the sink.
func (a mediaAllowance) check(ref MediaRef) error {
	if ref.Kind == MediaExtraFrame && ref.Index >= a.extraFrames {
		return fmt.Errorf("the request asked for %d extra best frames (BestFramesCount) and the reply carries more; nothing was saved", a.extraFrames)
	}
	return nil
}
