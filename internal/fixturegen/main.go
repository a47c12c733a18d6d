// Command fixturegen writes the recorded Tencent Cloud FaceID fixtures under
// testdata/: one JSON file per action and case, holding the request body the
// SDK must send and the reply the server gives, with media embedded as
// base64 of the small real files in testdata/media.
//
// Run it from the module root:
//
//	go run ./internal/fixturegen              # rewrite testdata/<Action>/*.json
//	go run ./internal/fixturegen -media       # also redraw the JPEGs and re-encode
//	                                          # the MP4/M4A files (needs ffmpeg)
//
// The output is deterministic: identifiers and fake ciphertext come from a
// random generator seeded with the fixture's path, so regenerating an
// unchanged case rewrites the same bytes. Every identity in the fixtures is
// made up.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	out := flag.String("out", "testdata", "fixture root `directory` (media are read from its media/ folder)")
	media := flag.Bool("media", false, "regenerate the media files first (JPEGs in Go, MP4/M4A with ffmpeg)")
	flag.Parse()
	if err := run(os.Stdout, *out, *media); err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}

// run writes the fixtures under root and lists each file written on report.
func run(report io.Writer, root string, media bool) error {
	mediaDir := filepath.Join(root, "media")
	if media {
		if err := writeMedia(mediaDir); err != nil {
			return err
		}
	}
	files, err := generate(mediaDir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
		fmt.Fprintf(report, "%6d %s\n", len(files[name]), path)
	}
	return nil
}
