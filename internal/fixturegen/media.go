package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
)

// jpegQuality keeps the pictures at 1-3 KB each.
const jpegQuality = 70

// writeMedia draws the JPEGs and asks ffmpeg for the video and audio clips.
func writeMedia(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pictures := []struct {
		name string
		img  image.Image
	}{
		{"frame.jpg", face(64, 64, 0, color.RGBA{70, 110, 160, 255})},
		{"frame-1.jpg", face(64, 64, -4, color.RGBA{60, 130, 120, 255})},
		{"frame-2.jpg", face(64, 64, 4, color.RGBA{140, 90, 150, 255})},
		{"idcard-front.jpg", card(96, 64, true, 6)},
		{"idcard-back.jpg", card(96, 64, false, 6)},
		{"processed-front.jpg", card(86, 54, true, 0)},
		{"processed-back.jpg", card(86, 54, false, 0)},
		{"avatar.jpg", face(32, 40, 0, color.RGBA{235, 235, 235, 255})},
		{"screenshot.jpg", screenshot(64, 64)},
	}
	for _, p := range pictures {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, p.img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, p.name), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	// Bit-exact flags and no metadata keep the output stable across runs.
	exact := []string{"-map_metadata", "-1", "-fflags", "+bitexact", "-flags", "+bitexact"}
	clips := [][]string{
		// 1 s of the ffmpeg test pattern, 64x64, 10 fps, H.264, no audio.
		append([]string{"-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1",
			"-c:v", "libx264", "-preset", "veryslow", "-crf", "38", "-pix_fmt", "yuv420p", "-an"},
			append(exact, "-movflags", "+faststart", filepath.Join(dir, "liveness.mp4"))...),
		// 1 s of colour bars with a 0.5 s 440 Hz tone, H.264 + AAC.
		append([]string{"-f", "lavfi", "-i", "smptebars=size=64x64:rate=10:duration=1",
			"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=0.5",
			"-c:v", "libx264", "-preset", "veryslow", "-crf", "38", "-pix_fmt", "yuv420p",
			"-c:a", "aac", "-b:a", "16k", "-ac", "1"},
			append(exact, "-movflags", "+faststart", filepath.Join(dir, "intention.mp4"))...),
		// 0.5 s 660 Hz tone, AAC in an MPEG-4 audio container.
		append([]string{"-f", "lavfi", "-i", "sine=frequency=660:sample_rate=16000:duration=0.5",
			"-c:a", "aac", "-b:a", "16k", "-ac", "1"},
			append(exact, "-movflags", "+faststart", filepath.Join(dir, "intention.m4a"))...),
	}
	for _, args := range clips {
		cmd := exec.Command("ffmpeg", append([]string{"-y", "-loglevel", "error", "-threads", "1"}, args...)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("ffmpeg %s: %w", args[len(args)-1], err)
		}
	}
	return nil
}

// face draws a cartoon head on a vertical gradient; shift moves it sideways.
func face(w, h, shift int, bg color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2+float64(shift), float64(h)/2
	rx, ry := float64(w)*0.3, float64(h)*0.38
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := bg
			c.R = uint8(int(bg.R) * (h + y) / (2 * h))
			c.G = uint8(int(bg.G) * (h + y) / (2 * h))
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			if dx*dx+dy*dy <= 1 {
				c = color.RGBA{236, 196, 160, 255}
			}
			// Eyes.
			for _, ex := range []float64{cx - rx*0.4, cx + rx*0.4} {
				ddx, ddy := float64(x)-ex, float64(y)-(cy-ry*0.2)
				if ddx*ddx+ddy*ddy <= float64(w*w)/900 {
					c = color.RGBA{40, 30, 30, 255}
				}
			}
			// Mouth.
			if y == int(cy+ry*0.45) && float64(x) > cx-rx*0.35 && float64(x) < cx+rx*0.35 {
				c = color.RGBA{170, 60, 60, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// card draws an ID-card-like picture: the front has a portrait box and text
// bars, the back an emblem and text bars. margin leaves a desk border
// around the card, as on an unprocessed capture.
func card(w, h int, front bool, margin int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cardColor := color.RGBA{214, 226, 236, 255}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{120, 100, 80, 255} // desk
			if x >= margin && x < w-margin && y >= margin && y < h-margin {
				c = cardColor
			}
			img.SetRGBA(x, y, c)
		}
	}
	iw, ih := w-2*margin, h-2*margin
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := margin + y0*ih/100; y < margin+y1*ih/100; y++ {
			for x := margin + x0*iw/100; x < margin+x1*iw/100; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	text := color.RGBA{60, 60, 70, 255}
	if front {
		fill(66, 12, 92, 70, color.RGBA{190, 190, 200, 255}) // portrait
		for i := 0; i < 4; i++ {
			fill(8, 14+i*15, 58-i*8, 20+i*15, text)
		}
		fill(8, 80, 92, 88, text) // number line
	} else {
		fill(8, 10, 24, 34, color.RGBA{200, 40, 40, 255}) // emblem
		fill(32, 14, 88, 22, text)
		fill(32, 26, 80, 32, text)
		fill(20, 64, 90, 70, text)
		fill(20, 78, 86, 84, text)
	}
	return img
}

// screenshot is a face with a dark prompt bar, as captured during the
// intention questions.
func screenshot(w, h int) *image.RGBA {
	img := face(w, h, 2, color.RGBA{90, 150, 90, 255})
	for y := h * 3 / 4; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{20, 20, 30, 255})
		}
	}
	return img
}
