package faceid

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ManifestFileName is the name of the file, written last by SaveResult,
// that lists every other file of a saved result with its size and SHA-256.
const ManifestFileName = "manifest.json"

// maxManifestSize bounds the manifest.json read back from a folder: a
// manifest of the largest save SaveResult can make is a few KiB.
const maxManifestSize = 1 << 20

// Manifest is the content of manifest.json: which flow a folder holds, when
// and by what it was saved, and the size and SHA-256 of every file.
type Manifest struct {
	// BizToken is the token of the flow whose result the folder holds.
	BizToken string `json:"BizToken"`
	// RuleID is the RuleId the result was pulled with.
	RuleID string `json:"RuleId"`
	// SavedAt is when the save was made, in UTC, to the second; it is
	// written in RFC 3339 form.
	SavedAt time.Time `json:"SavedAt"`
	// SDKVersion is the Version of this module that made the save.
	SDKVersion string `json:"SDKVersion"`
	// Files lists every file of the save except manifest.json itself, in
	// the order they were written: the media, encrypted-body.bin,
	// result.json.
	Files []ManifestFile `json:"Files"`
}

// ManifestFile is one file listed in a Manifest.
type ManifestFile struct {
	// Name is the file's name inside the folder.
	Name string `json:"Name"`
	// Bytes is the file's size.
	Bytes int64 `json:"Bytes"`
	// SHA256 is the SHA-256 of the file's content, in lower-case hex.
	SHA256 string `json:"SHA256"`
}

// ArchiveMismatchError reports that a folder does not hold exactly the
// files its manifest.json lists. Each list holds file names, sorted as
// the manifest or the folder lists them.
type ArchiveMismatchError struct {
	// Dir is the folder checked.
	Dir string
	// Changed lists files whose size or SHA-256 differs from the
	// manifest's, or that are no longer regular files.
	Changed []string
	// Missing lists files the manifest names that the folder lacks.
	Missing []string
	// Extra lists entries of the folder the manifest does not name.
	Extra []string
}

// Error lists the differences.
func (e *ArchiveMismatchError) Error() string {
	var b strings.Builder
	b.WriteString("faceid: ")
	b.WriteString(e.Dir)
	b.WriteString(" does not match its " + ManifestFileName)
	sep := ": "
	for _, part := range []struct {
		what  string
		names []string
	}{{"changed", e.Changed}, {"missing", e.Missing}, {"extra", e.Extra}} {
		if len(part.names) == 0 {
			continue
		}
		b.WriteString(sep)
		b.WriteString(part.what)
		for _, n := range part.names {
			b.WriteString(" ")
			b.WriteString(quoteFileName(n))
		}
		sep = "; "
	}
	return b.String()
}

// VerifyArchive checks a folder written by SaveResult against its
// manifest.json: every file listed must be present as a regular file with
// the recorded size and SHA-256, and the folder must hold nothing else.
// It returns the manifest when everything matches, a *ArchiveMismatchError
// listing every difference when something does not, or an error saying why
// the manifest itself cannot be read. Symbolic links are never followed:
// a listed file that has become one counts as changed.
//
// VerifyArchive shows that the files are those that were saved; it does
// not show who saved them: anyone able to change the files can rewrite
// the manifest too. Keep a copy of manifest.json, or its SHA-256, where
// the folder's writers cannot reach it.
func VerifyArchive(dir string) (*Manifest, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("faceid: opening the saved result: %w", err)
	}
	defer root.Close()
	m, err := readManifest(root, dir)
	if err != nil {
		return nil, err
	}
	listing, err := readRootDir(root)
	if err != nil {
		return nil, fmt.Errorf("faceid: listing %s: %w", dir, err)
	}

	mismatch := &ArchiveMismatchError{Dir: dir}
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Name] = true
		same, err := fileMatches(root, f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			mismatch.Missing = append(mismatch.Missing, f.Name)
		case err != nil:
			return nil, fmt.Errorf("faceid: reading %s in %s: %w", quoteFileName(f.Name), dir, err)
		case !same:
			mismatch.Changed = append(mismatch.Changed, f.Name)
		}
	}
	for _, e := range listing {
		if name := e.Name(); name != ManifestFileName && !listed[name] {
			mismatch.Extra = append(mismatch.Extra, name)
		}
	}
	if len(mismatch.Changed)+len(mismatch.Missing)+len(mismatch.Extra) > 0 {
		return nil, mismatch
	}
	return m, nil
}

// fileMatches reports whether the regular file f.Name in root has f's size
// and hash; an error wrapping fs.ErrNotExist means it is missing.
func fileMatches(root *os.Root, f ManifestFile) (bool, error) {
	fi, err := root.Lstat(f.Name)
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() || fi.Size() != f.Bytes {
		return false, nil
	}
	file, err := openRegular(root, f.Name, fi)
	if err != nil {
		return false, err
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return false, err
	}
	return n == f.Bytes && hex.EncodeToString(h.Sum(nil)) == f.SHA256, nil
}

// openRegular opens name in root for reading and checks that it is the
// regular file lstat described, so that a file swapped for a symbolic link
// in between is not followed.
func openRegular(root *os.Root, name string, lstat fs.FileInfo) (*os.File, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !os.SameFile(fi, lstat) {
		err = fmt.Errorf("%s changed while being opened", quoteFileName(name))
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// readRootDir lists the entries of root's folder.
func readRootDir(root *os.Root) ([]fs.DirEntry, error) {
	d, err := root.Open(".")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.ReadDir(-1)
}

// readManifest reads and checks manifest.json in root, which is the folder
// dir, refusing anything but a regular file of sane size.
func readManifest(root *os.Root, dir string) (*Manifest, error) {
	fi, err := root.Lstat(ManifestFileName)
	if err != nil {
		return nil, fmt.Errorf("faceid: %s holds no readable %s: %w", dir, ManifestFileName, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("faceid: %s in %s is not a regular file", ManifestFileName, dir)
	}
	f, err := openRegular(root, ManifestFileName, fi)
	if err != nil {
		return nil, fmt.Errorf("faceid: %w", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxManifestSize+1))
	if err != nil {
		return nil, fmt.Errorf("faceid: reading %s in %s: %w", ManifestFileName, dir, err)
	}
	if len(raw) > maxManifestSize {
		return nil, fmt.Errorf("faceid: %s in %s is larger than %d bytes; it was not written by SaveResult", ManifestFileName, dir, maxManifestSize)
	}
	m, err := decodeManifest(raw)
	if err != nil {
		return nil, fmt.Errorf("faceid: %s in %s: %w", ManifestFileName, dir, err)
	}
	return m, nil
}

// decodeManifest parses a manifest and checks that it names only plain
// files of this folder, each once, with a well-formed size and hash.
func decodeManifest(raw []byte) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("has data after its JSON object")
	}
	if m.BizToken == "" || m.RuleID == "" {
		return nil, errors.New("names no BizToken or RuleId")
	}
	seen := make(map[string]bool, len(m.Files))
	for i, f := range m.Files {
		switch {
		case !validArchiveName(f.Name):
			return nil, fmt.Errorf("Files[%d].Name %s is not the name of a file in the folder", i, quoteFileName(f.Name))
		case seen[f.Name]:
			return nil, fmt.Errorf("Files[%d].Name %s is listed twice", i, quoteFileName(f.Name))
		case f.Bytes < 0:
			return nil, fmt.Errorf("Files[%d].Bytes is negative", i)
		case !isSHA256Hex(f.SHA256):
			return nil, fmt.Errorf("Files[%d].SHA256 is not 64 lower-case hex digits", i)
		}
		seen[f.Name] = true
	}
	return &m, nil
}

// validArchiveName reports whether name can be a file SaveResult writes:
// a plain, visible name inside the folder, never manifest.json.
func validArchiveName(name string) bool {
	return name != "" && name != ManifestFileName && len(name) <= 255 &&
		!strings.HasPrefix(name, ".") && !strings.ContainsAny(name, `/\:`) &&
		filepath.IsLocal(name) && strings.ToValidUTF8(name, "") == name
}

// isSHA256Hex reports whether s is a SHA-256 in lower-case hex.
func isSHA256Hex(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// quoteFileName quotes a file name for an error message, escaping control
// characters, and shortens a very long one.
func quoteFileName(name string) string {
	const limit = 80
	if len(name) > limit {
		name = strings.ToValidUTF8(name[:limit], "") + "…"
	}
	return fmt.Sprintf("%q", name)
}
