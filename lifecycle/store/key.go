package store

import (
	"fmt"
	"strings"
)

// Limits on keys, well within what every file system and S3 accept.
const (
	// MaxKeyBytes bounds a whole key.
	MaxKeyBytes = 1024
	// MaxSegmentBytes bounds one slash-separated segment of a key.
	MaxSegmentBytes = 255
)

// CheckKey reports whether key is a key every store of this project
// accepts, so that an archive moves between them: one to MaxKeyBytes
// bytes of slash-separated segments, each one to MaxSegmentBytes bytes of
// ASCII letters, digits, '.', '_' and '-', not starting with '.'. The rule
// rules out "", ".", "..", absolute paths, empty segments and
// backslashes, and keeps names that start with a dot for the stores' own
// use (temporary files, probes). what names the argument ("key" or
// "prefix") in the error.
func CheckKey(what, key string) error {
	if key == "" {
		return fmt.Errorf("empty %s: name an object such as \"saas/<token>/manifest.json\"", what)
	}
	if len(key) > MaxKeyBytes {
		return fmt.Errorf("%s of %d bytes is longer than %d", what, len(key), MaxKeyBytes)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if reason := checkSegment(seg); reason != "" {
			return fmt.Errorf("invalid %s %q: %s", what, key, reason)
		}
	}
	return nil
}

// checkSegment returns why seg is not a valid key segment, or "".
func checkSegment(seg string) string {
	switch {
	case seg == "":
		return "empty segment (a leading, trailing or doubled '/')"
	case len(seg) > MaxSegmentBytes:
		return fmt.Sprintf("a segment is longer than %d bytes", MaxSegmentBytes)
	case seg[0] == '.':
		return "a segment starts with '.'"
	}
	for _, c := range seg {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Sprintf("character %q is not allowed (use letters, digits, '.', '_', '-' and '/')", c)
		}
	}
	return ""
}
