package faceid

import (
	"bytes"
	"strconv"
)

// MediaKind names a kind of media in a result.
type MediaKind int

// The kinds (constants MediaIDCardFront … MediaActionScreenShot), their
// file-name stems, extensions and names, and DetectInfo.Media, which lists
// them, are generated from the spec's mediaKind notes into zz_media_gen.go.

// MediaRef names one media field of a result, without its data.
type MediaRef struct {
	// Kind says which field this is.
	Kind MediaKind
	// Index is the position in its list (extra frames, Q&A screenshots and
	// audios, nod rounds); 0 for single fields.
	Index int
	// Shot is the position of a nod screenshot within its round.
	Shot int
	// Path is the wire path, e.g. "BestFrame.BestFrames[1]".
	Path string
}

// FileName suggests a file name with the kind's usual extension:
// "best-frame.jpg", "best-frame-1.jpg" for the first extra frame,
// "liveness-video.mp4", "intention-nod-screenshot-1-2.jpg"…
// MediaItem.FileName, which sees the data, may pick another extension
// (".png" for a PNG frame).
func (r MediaRef) FileName() string { return r.fileName(nil) }

// String returns the reference's path.
func (r MediaRef) String() string { return r.Path }

// fileName names the file for the item, taking the extension from the
// data's first bytes when they are recognised.
func (r MediaRef) fileName(head []byte) string {
	stem, ext, numbers := r.Kind.info()
	if numbers > 0 {
		stem += "-" + strconv.Itoa(r.Index+1)
	}
	if numbers > 1 {
		stem += "-" + strconv.Itoa(r.Shot+1)
	}
	if sniffed := sniffExtension(head); sniffed != "" && !(sniffed == ".mp4" && ext == ".m4a") {
		ext = sniffed
	}
	return stem + ext
}

// MediaItem is one decoded media field of a result.
type MediaItem struct {
	MediaRef
	// Data holds the decoded bytes.
	Data []byte
}

// FileName suggests a file name as MediaRef.FileName does, with the
// extension following the data's format when it is recognised.
func (m MediaItem) FileName() string { return m.fileName(m.Data) }

// sniffExtension recognises JPEG, PNG and MP4 data.
func sniffExtension(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return ".jpg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return ".png"
	case len(b) >= 8 && string(b[4:8]) == "ftyp":
		return ".mp4"
	}
	return ""
}
