package faceid

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// archiveDirState is what a SaveResult folder holds before the save.
type archiveDirState int

const (
	archiveDirMissing archiveDirState = iota // the folder does not exist
	archiveDirEmpty                          // an empty folder
	archiveDirEarlier                        // an earlier save of the same flow
)

// archiveTarget is a SaveResult folder as found before writing to it.
type archiveTarget struct {
	abs    string // the folder's absolute path
	parent string // the folder it is in
	state  archiveDirState
	perm   fs.FileMode // the folder's permissions, when it exists
}

// inspectArchiveDir checks that dir may receive the save of req's flow:
// it is missing, empty, or holds an earlier save of the same BizToken and
// RuleId and nothing else, and it is not a symbolic link.
func inspectArchiveDir(dir string, req *GetDetectInfoEnhancedRequest) (archiveTarget, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return archiveTarget{}, fmt.Errorf("faceid: %w", err)
	}
	t := archiveTarget{abs: abs, parent: filepath.Dir(abs)}
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		t.state = archiveDirMissing
		return t, nil
	case err != nil:
		return t, fmt.Errorf("faceid: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return t, fmt.Errorf("faceid: %s is a symbolic link; give the folder it points to", dir)
	case !fi.IsDir():
		return t, fmt.Errorf("faceid: %s is not a folder", dir)
	}
	t.perm = fi.Mode().Perm()

	root, err := os.OpenRoot(abs)
	if err != nil {
		return t, fmt.Errorf("faceid: %w", err)
	}
	defer root.Close()
	entries, err := readRootDir(root)
	if err != nil {
		return t, fmt.Errorf("faceid: listing %s: %w", dir, err)
	}
	if len(entries) == 0 {
		t.state = archiveDirEmpty
		return t, nil
	}
	refuse := func(why string) error {
		return fmt.Errorf("faceid: %s %s; give an empty or new folder, one per BizToken", dir, why)
	}
	m, err := readManifest(root, dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t, refuse("is not empty and holds no " + ManifestFileName + " of an earlier save")
	case err != nil:
		return t, fmt.Errorf("%w; give an empty or new folder, one per BizToken", err)
	}
	if m.BizToken != req.BizToken || m.RuleID != req.RuleID {
		return t, refuse("holds the result of another BizToken or RuleId")
	}
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Name] = true
	}
	for _, e := range entries {
		name := e.Name()
		if name == ManifestFileName {
			continue
		}
		if !listed[name] {
			return t, refuse("holds " + quoteFileName(name) + ", which its " + ManifestFileName + " does not list, beside an earlier save")
		}
		if !e.Type().IsRegular() {
			return t, refuse("holds " + quoteFileName(name) + ", which is not a regular file")
		}
	}
	t.state = archiveDirEarlier
	return t, nil
}

// installArchive makes the complete save in the temporary folder staged
// become dir, checking dir again as it is now. names lists the files of
// the save, manifest.json last.
func installArchive(staged, dir string, req *GetDetectInfoEnhancedRequest, names []string) error {
	t, err := inspectArchiveDir(dir, req)
	if err != nil {
		return err
	}
	switch t.state {
	case archiveDirMissing:
		if err := os.Rename(staged, t.abs); err != nil {
			return fmt.Errorf("faceid: %w", err)
		}
		return nil
	case archiveDirEmpty:
		return moveFiles(staged, t.abs, names)
	}
	return replaceFolder(staged, t)
}

// moveFiles moves the named files from one folder into another, in order;
// if one fails, those already moved are removed again.
func moveFiles(from, to string, names []string) error {
	for i, name := range names {
		if err := os.Rename(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			for _, moved := range names[:i] {
				_ = os.Remove(filepath.Join(to, moved))
			}
			return fmt.Errorf("faceid: %w", err)
		}
	}
	if err := os.Remove(from); err != nil {
		return fmt.Errorf("faceid: the result is saved in %s, but the empty temporary folder %s could not be removed: %w", to, from, err)
	}
	return nil
}

// replaceFolder puts the folder staged in the place of t, which holds an
// earlier save: t is moved aside, staged takes its place, and the earlier
// save is deleted. If staged cannot take its place, t is moved back.
func replaceFolder(staged string, t archiveTarget) error {
	if err := os.Chmod(staged, t.perm); err != nil {
		return fmt.Errorf("faceid: %w", err)
	}
	holder, err := os.MkdirTemp(t.parent, ".faceid-replaced-*")
	if err != nil {
		return fmt.Errorf("faceid: creating a temporary folder for the earlier save: %w", err)
	}
	previous := filepath.Join(holder, "previous")
	if err := os.Rename(t.abs, previous); err != nil {
		_ = os.Remove(holder)
		return fmt.Errorf("faceid: moving the earlier save aside: %w", err)
	}
	if err := os.Rename(staged, t.abs); err != nil {
		if backErr := os.Rename(previous, t.abs); backErr != nil {
			return fmt.Errorf("faceid: %w; the earlier save could not be moved back from %s to %s (%v): move it by hand",
				err, previous, t.abs, backErr)
		}
		_ = os.Remove(holder)
		return fmt.Errorf("faceid: %w", err)
	}
	if err := os.RemoveAll(holder); err != nil {
		return fmt.Errorf("faceid: the result is saved in %s, but the earlier save moved to %s could not be deleted: %w; delete it by hand",
			t.abs, holder, err)
	}
	return nil
}
