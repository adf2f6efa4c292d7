//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package write

import (
	"errors"
	"fmt"
	"os"
)

// tryFlock: there is no flock(2) here, so builds are not locked against
// each other.
func tryFlock(f *os.File) (bool, error) { return true, nil }

// ident: folders have no identity here, so every build is a full one.
func ident(path string) (dev, ino uint64, err error) {
	return 0, 0, errors.New("write: Ordner ohne Identität")
}

// openOwn opens the file name beside the output, refusing a symbolic
// link (checked before the open: there is no O_NOFOLLOW here).
func openOwn(name string, flag int) (*os.File, error) {
	if fi, err := os.Lstat(name); err == nil {
		if err := checkOwn(name, fi, false); err != nil {
			return nil, err
		}
	}
	return os.OpenFile(name, flag, 0o644)
}

// checkOwn refuses a symbolic link, and a folder where a file belongs or
// back. Owners are not known here.
func checkOwn(name string, fi os.FileInfo, dir bool) error {
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%s ist eine symbolische Verknüpfung; sitegen folgt ihr nicht (bitte löschen)", name)
	case dir != fi.IsDir():
		return fmt.Errorf("%s ist nicht, was sitegen dort anlegt (bitte löschen)", name)
	}
	return nil
}

// renameBetween: journals are never written here (every build is a full
// one), so there is none to do.
func renameBetween(from *os.Root, src string, to *os.Root, dst string) error {
	return errors.New("write: Journal auf diesem System nicht unterstützt")
}
