//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package write

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// tryFlock takes the exclusive flock(2) of f if it is free. The lock
// belongs to f's open file description: another open of the same file,
// also in this process, does not get it.
func tryFlock(f *os.File) (bool, error) {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, unix.EINTR):
		case errors.Is(err, unix.EWOULDBLOCK):
			return false, nil
		default:
			return false, err
		}
	}
}

// ident returns the device and inode of the folder (not following a
// symbolic link).
func ident(path string) (dev, ino uint64, err error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return 0, 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.IsDir() {
		return 0, 0, errNoIdent
	}
	return uint64(st.Dev), uint64(st.Ino), nil
}

var errNoIdent = errors.New("write: kein Ordner")

// openOwn opens the file name beside the output (the lock file, the
// journal) without following a symbolic link (O_NOFOLLOW), and only if
// it is a plain file of this user with no other name (a hard link to
// someone's file would be truncated as the lock file). flag may have
// O_CREATE.
func openOwn(name string, flag int) (*os.File, error) {
	f, err := os.OpenFile(name, flag|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o644)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			return nil, fmt.Errorf("%s ist eine symbolische Verknüpfung; sitegen folgt ihr nicht (bitte löschen)", name)
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkOwn(name, fi, false)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkOwn refuses what a build finds beside the output that another
// user made, or that is not what sitegen makes there: a symbolic link,
// a folder where a file belongs (or back), a file with other names.
func checkOwn(name string, fi os.FileInfo, dir bool) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%s ist eine symbolische Verknüpfung; sitegen folgt ihr nicht (bitte löschen)", name)
	case dir && !fi.IsDir():
		return fmt.Errorf("%s ist kein Ordner (bitte löschen)", name)
	case !dir && !fi.Mode().IsRegular():
		return fmt.Errorf("%s ist keine gewöhnliche Datei (bitte löschen)", name)
	case !ok:
	case int(st.Uid) != os.Geteuid():
		return fmt.Errorf("%s gehört einem anderen Benutzer (%d); sitegen benutzt es nicht (bitte löschen)", name, st.Uid)
	case !dir && st.Nlink > 1:
		return fmt.Errorf("%s hat weitere Namen (harte Verknüpfung); sitegen benutzt es nicht (bitte löschen)", name)
	}
	return nil
}

// renameBetween renames the file src below the folder from to dst
// below the folder to (renameat(2) on the folders opened through the
// roots: no path leaves either root).
func renameBetween(from *os.Root, src string, to *os.Root, dst string) error {
	sd, err := from.Open(filepath.FromSlash(path.Dir(src)))
	if err != nil {
		return err
	}
	defer sd.Close()
	dd, err := to.Open(filepath.FromSlash(path.Dir(dst)))
	if err != nil {
		return err
	}
	defer dd.Close()
	if err := unix.Renameat(int(sd.Fd()), path.Base(src), int(dd.Fd()), path.Base(dst)); err != nil {
		return &os.LinkError{Op: "renameat", Old: src, New: dst, Err: err}
	}
	return nil
}
