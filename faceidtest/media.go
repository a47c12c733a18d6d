package faceidtest

import (
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
)

// mediaFiles holds the small real MP4 and M4A files served as videos and
// audio. They are our own generated test patterns (see testdata/README.md).
//
//go:embed media/liveness.mp4 media/intention.mp4 media/intention.m4a
var mediaFiles embed.FS

// maxBestFrames is the most extra frames GetDetectInfoEnhanced returns.
const maxBestFrames = 10

// maxPaddedSize bounds WithMediaSizes, far above what any test needs.
const maxPaddedSize = 256 << 20

// blob is one media file and its standard base64 encoding, computed once.
type blob struct {
	raw []byte
	b64 string
}

func newBlob(raw []byte) blob {
	return blob{raw: raw, b64: base64.StdEncoding.EncodeToString(raw)}
}

// mediaSet is every media file a server serves. It is built once per server
// and never written afterwards, so handlers share it without locking.
type mediaSet struct {
	bestFrame      blob
	frames         [maxBestFrames]blob // BestFrames[i]
	ocrFront       blob
	ocrBack        blob
	processedFront blob
	processedBack  blob
	avatar         blob
	screenshot     blob // intention screenshots
	intentionFrame blob // IntentionVerifyBestFrame
	livenessVideo  blob
	intentionVideo blob
	audio          blob
}

// newMediaSet draws the JPEGs, loads the embedded MP4/M4A files and pads
// them to the requested sizes (0 means no padding).
func newMediaSet(frameBytes, videoBytes int) (*mediaSet, error) {
	jpg := func(img image.Image) (blob, error) {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
			return blob{}, err
		}
		return newBlob(padJPEG(buf.Bytes(), frameBytes)), nil
	}
	file := func(name string, pad int) (blob, error) {
		raw, err := mediaFiles.ReadFile("media/" + name)
		if err != nil {
			return blob{}, err
		}
		return newBlob(padMP4(raw, pad)), nil
	}

	m := &mediaSet{}
	var err error
	steps := []struct {
		dst  *blob
		make func() (blob, error)
	}{
		{&m.bestFrame, func() (blob, error) { return jpg(drawFace(96, 96, 0)) }},
		{&m.ocrFront, func() (blob, error) { return jpg(drawCard(160, 100, true, 10)) }},
		{&m.ocrBack, func() (blob, error) { return jpg(drawCard(160, 100, false, 10)) }},
		{&m.processedFront, func() (blob, error) { return jpg(drawCard(142, 90, true, 0)) }},
		{&m.processedBack, func() (blob, error) { return jpg(drawCard(142, 90, false, 0)) }},
		{&m.avatar, func() (blob, error) { return jpg(drawFace(40, 50, 3)) }},
		{&m.screenshot, func() (blob, error) { return jpg(drawScreenshot(72, 128)) }},
		{&m.intentionFrame, func() (blob, error) { return jpg(drawFace(96, 96, 17)) }},
		{&m.livenessVideo, func() (blob, error) { return file("liveness.mp4", videoBytes) }},
		{&m.intentionVideo, func() (blob, error) { return file("intention.mp4", videoBytes) }},
		{&m.audio, func() (blob, error) { return file("intention.m4a", 0) }},
	}
	for i := range m.frames {
		steps = append(steps, struct {
			dst  *blob
			make func() (blob, error)
		}{&m.frames[i], func() (blob, error) { return jpg(drawFace(96, 96, i+1)) }})
	}
	for _, s := range steps {
		if *s.dst, err = s.make(); err != nil {
			return nil, fmt.Errorf("faceidtest: building media: %w", err)
		}
	}
	return m, nil
}

// padJPEG inserts COM (comment) segments right after the SOI marker until
// the file is at least size bytes long. Decoders skip comments, so the file
// stays a valid JPEG. The result is exactly size bytes unless fewer than 4
// bytes were missing (the smallest segment is 4 bytes).
func padJPEG(img []byte, size int) []byte {
	need := size - len(img)
	if need <= 0 || len(img) < 2 {
		return img
	}
	out := make([]byte, 0, len(img)+need+4)
	out = append(out, img[:2]...) // SOI
	for need > 0 {
		payload := min(max(need-4, 0), 0xFFFF-2)
		out = append(out, 0xFF, 0xFE)
		out = binary.BigEndian.AppendUint16(out, uint16(payload+2))
		out = appendFiller(out, payload)
		need -= payload + 4
	}
	return append(out, img[2:]...)
}

// padMP4 appends an ISO-BMFF 'free' box, which players ignore, until the
// file is at least size bytes long (a box takes at least 8 bytes).
func padMP4(video []byte, size int) []byte {
	need := size - len(video)
	if need <= 0 {
		return video
	}
	need = max(need, 8)
	out := make([]byte, 0, len(video)+need)
	out = append(out, video...)
	out = binary.BigEndian.AppendUint32(out, uint32(need))
	out = append(out, "free"...)
	return appendFiller(out, need-8)
}

// appendFiller appends n bytes of readable filler text.
func appendFiller(dst []byte, n int) []byte {
	const text = "faceidtest padding. "
	for n > 0 {
		k := min(n, len(text))
		dst = append(dst, text[:k]...)
		n -= k
	}
	return dst
}

// palette gives each picture its own colours, so that every frame encodes
// to different bytes.
func palette(seed int) (bg, skin color.RGBA) {
	bg = color.RGBA{uint8(60 + seed*37%160), uint8(90 + seed*53%140), uint8(140 + seed*29%110), 255}
	skin = color.RGBA{uint8(236 - seed%5*6), uint8(196 - seed%7*5), uint8(160 + seed%3*8), 255}
	return bg, skin
}

// drawFace draws a cartoon face, shifted and coloured according to seed.
func drawFace(w, h, seed int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg, skin := palette(seed)
	fill(img, img.Bounds(), bg)
	cx, cy := w/2+seed%5-2, h/2+seed%3-1
	r := min(w, h) * 2 / 5
	disc(img, cx, cy, r, skin)
	dark := color.RGBA{40, 30, 30, 255}
	disc(img, cx-r/3, cy-r/4, max(r/8, 1), dark)
	disc(img, cx+r/3, cy-r/4, max(r/8, 1), dark)
	fill(img, image.Rect(cx-r/3, cy+r/3, cx+r/3, cy+r/3+max(r/10, 1)), color.RGBA{180, 60, 60, 255})
	return img
}

// drawCard draws an ID-card-like picture: a light card with a photo box and
// text lines on the portrait side, an emblem on the other, inside a desk
// border of the given width.
func drawCard(w, h int, front bool, border int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), color.RGBA{110, 90, 70, 255}) // desk
	card := image.Rect(border, border, w-border, h-border)
	fill(img, card, color.RGBA{214, 232, 240, 255})
	cw, ch := card.Dx(), card.Dy()
	ink := color.RGBA{70, 80, 100, 255}
	if front {
		photo := image.Rect(card.Max.X-cw/3, card.Min.Y+ch/8, card.Max.X-cw/12, card.Max.Y-ch/4)
		fill(img, photo, color.RGBA{235, 235, 235, 255})
		_, skin := palette(7)
		disc(img, (photo.Min.X+photo.Max.X)/2, (photo.Min.Y+photo.Max.Y)/2, photo.Dx()/3, skin)
		for i := range 5 {
			y := card.Min.Y + ch/8 + i*ch/7
			fill(img, image.Rect(card.Min.X+cw/12, y, card.Min.X+cw/12+cw*(5-i%3)/12, y+max(ch/28, 1)), ink)
		}
		return img
	}
	disc(img, card.Min.X+cw/5, card.Min.Y+ch/3, ch/5, color.RGBA{200, 40, 40, 255})
	for i := range 2 {
		y := card.Max.Y - ch/3 + i*ch/8
		fill(img, image.Rect(card.Min.X+cw/3, y, card.Max.X-cw/10, y+max(ch/28, 1)), ink)
	}
	return img
}

// drawScreenshot draws a face with a prompt bar, like a phone screenshot.
func drawScreenshot(w, h int) *image.RGBA {
	img := drawFace(w, h, 23)
	fill(img, image.Rect(0, h-h/6, w, h), color.RGBA{30, 30, 30, 255})
	fill(img, image.Rect(w/6, h-h/10, w-w/6, h-h/10+2), color.RGBA{240, 240, 240, 255})
	return img
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

func disc(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r && image.Pt(x, y).In(img.Bounds()) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
