package s3store

import (
	"fmt"
	"strings"
)

// Limits on keys, well within what every file system and S3 accept.
const (
	maxKeyBytes     = 1024
	maxSegmentBytes = 255
)

// checkKey reports whether key is a key this store accepts. The rule is
// the directory store's, so that an archive moves between the two: one to
// maxKeyBytes bytes of slash-separated segments, each one to
// maxSegmentBytes bytes of ASCII letters, digits, '.', '_' and '-', not
// starting with '.'. It rules out "", ".", "..", absolute keys, empty
// segments and backslashes, and keeps names that start with a dot for the
// store's own use (VerifyConditionalWrites). what names the argument
// ("key" or "prefix") in the error.
func checkKey(what, key string) error {
	if key == "" {
		return fmt.Errorf("s3store: empty %s: name an object such as \"saas/<token>/manifest.json\"", what)
	}
	if len(key) > maxKeyBytes {
		return fmt.Errorf("s3store: %s of %d bytes is longer than %d", what, len(key), maxKeyBytes)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if reason := checkSegment(seg); reason != "" {
			return fmt.Errorf("s3store: invalid %s %q: %s", what, key, reason)
		}
	}
	return nil
}

// checkSegment returns why seg is not a valid key segment, or "".
func checkSegment(seg string) string {
	switch {
	case seg == "":
		return "empty segment (a leading, trailing or doubled '/')"
	case len(seg) > maxSegmentBytes:
		return fmt.Sprintf("a segment is longer than %d bytes", maxSegmentBytes)
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
