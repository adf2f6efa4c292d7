//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package write

import (
	"errors"
	"os"
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
