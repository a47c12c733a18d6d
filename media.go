package faceid

import (
	"bytes"
	"strconv"
)

// MediaKind names a kind of media in a result.
type MediaKind int

// Media kinds, in the order they appear in a result.
const (
	MediaIDCardFront          MediaKind = iota + 1 // IdCardData.OcrFront
	MediaIDCardBack                                // IdCardData.OcrBack
	MediaIDCardFrontProcessed                      // IdCardData.ProcessedFrontImage
	MediaIDCardBackProcessed                       // IdCardData.ProcessedBackImage
	MediaIDCardAvatar                              // IdCardData.Avatar
	MediaBestFrame                                 // BestFrame.BestFrame
	MediaExtraFrame                                // BestFrame.BestFrames[Index]
	MediaLivenessVideo                             // VideoData.LivenessVideo
	MediaReadAloudVideo                            // IntentionVerifyData.IntentionVerifyVideo
	MediaReadAloudFrame                            // IntentionVerifyData.IntentionVerifyBestFrame
	MediaReadAloudAudio                            // IntentionVerifyData.IntentionVerifyAudio
	MediaQuestionVideo                             // IntentionQuestionResult.Video
	MediaQuestionScreenShot                        // IntentionQuestionResult.ScreenShot[Index]
	MediaQuestionAudio                             // IntentionQuestionResult.Audios[Index]
	MediaActionVideo                               // IntentionActionResult.Details[Index].Video
	MediaActionScreenShot                          // IntentionActionResult.Details[Index].ScreenShot[Shot]
)

// mediaKindInfo holds a kind's file-name stem and default extension.
func (k MediaKind) info() (stem, ext string) {
	switch k {
	case MediaIDCardFront:
		return "idcard-front", ".jpg"
	case MediaIDCardBack:
		return "idcard-back", ".jpg"
	case MediaIDCardFrontProcessed:
		return "idcard-front-processed", ".jpg"
	case MediaIDCardBackProcessed:
		return "idcard-back-processed", ".jpg"
	case MediaIDCardAvatar:
		return "idcard-avatar", ".jpg"
	case MediaBestFrame, MediaExtraFrame:
		return "best-frame", ".jpg"
	case MediaLivenessVideo:
		return "liveness-video", ".mp4"
	case MediaReadAloudVideo:
		return "intention-video", ".mp4"
	case MediaReadAloudFrame:
		return "intention-best-frame", ".jpg"
	case MediaReadAloudAudio:
		return "intention-audio", ".m4a"
	case MediaQuestionVideo:
		return "intention-qa-video", ".mp4"
	case MediaQuestionScreenShot:
		return "intention-qa-screenshot", ".jpg"
	case MediaQuestionAudio:
		return "intention-qa-audio", ".m4a"
	case MediaActionVideo:
		return "intention-nod-video", ".mp4"
	case MediaActionScreenShot:
		return "intention-nod-screenshot", ".jpg"
	}
	return "media", ".bin"
}

// String returns the kind's stable name, e.g. "liveness-video".
func (k MediaKind) String() string {
	stem, _ := k.info()
	if k == MediaExtraFrame {
		return "extra-frame"
	}
	return stem
}

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
	stem, ext := r.Kind.info()
	switch r.Kind {
	case MediaExtraFrame, MediaQuestionScreenShot, MediaQuestionAudio, MediaActionVideo:
		stem += "-" + strconv.Itoa(r.Index+1)
	case MediaActionScreenShot:
		stem += "-" + strconv.Itoa(r.Index+1) + "-" + strconv.Itoa(r.Shot+1)
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

// Media lists the result's non-empty media fields in wire order.
func (d *DetectInfo) Media() []MediaItem {
	var items []MediaItem
	add := func(kind MediaKind, index, shot int, path string, data []byte) {
		if len(data) > 0 {
			items = append(items, MediaItem{MediaRef{Kind: kind, Index: index, Shot: shot, Path: path}, data})
		}
	}
	idx := func(i int) string { return "[" + strconv.Itoa(i) + "]" }

	c := &d.IDCardData
	add(MediaIDCardFront, 0, 0, "IdCardData.OcrFront", c.OcrFront)
	add(MediaIDCardBack, 0, 0, "IdCardData.OcrBack", c.OcrBack)
	add(MediaIDCardFrontProcessed, 0, 0, "IdCardData.ProcessedFrontImage", c.ProcessedFrontImage)
	add(MediaIDCardBackProcessed, 0, 0, "IdCardData.ProcessedBackImage", c.ProcessedBackImage)
	add(MediaIDCardAvatar, 0, 0, "IdCardData.Avatar", c.Avatar)
	add(MediaBestFrame, 0, 0, "BestFrame.BestFrame", d.BestFrame.BestFrame)
	for i, f := range d.BestFrame.BestFrames {
		add(MediaExtraFrame, i, 0, "BestFrame.BestFrames"+idx(i), f)
	}
	add(MediaLivenessVideo, 0, 0, "VideoData.LivenessVideo", d.VideoData.LivenessVideo)
	v := &d.IntentionVerifyData
	add(MediaReadAloudVideo, 0, 0, "IntentionVerifyData.IntentionVerifyVideo", v.IntentionVerifyVideo)
	add(MediaReadAloudFrame, 0, 0, "IntentionVerifyData.IntentionVerifyBestFrame", v.IntentionVerifyBestFrame)
	add(MediaReadAloudAudio, 0, 0, "IntentionVerifyData.IntentionVerifyAudio", v.IntentionVerifyAudio)
	q := &d.IntentionQuestionResult
	add(MediaQuestionVideo, 0, 0, "IntentionQuestionResult.Video", q.Video)
	for i, s := range q.ScreenShot {
		add(MediaQuestionScreenShot, i, 0, "IntentionQuestionResult.ScreenShot"+idx(i), s)
	}
	for i, a := range q.Audios {
		add(MediaQuestionAudio, i, 0, "IntentionQuestionResult.Audios"+idx(i), a)
	}
	for i, det := range d.IntentionActionResult.Details {
		add(MediaActionVideo, i, 0, "IntentionActionResult.Details"+idx(i)+".Video", det.Video)
		for j, s := range det.ScreenShot {
			add(MediaActionScreenShot, i, j, "IntentionActionResult.Details"+idx(i)+".ScreenShot"+idx(j), s)
		}
	}
	return items
}
