//go:build unix

package cache

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive flock(2) on the file at p without waiting.
func lockFile(p string) (io.Closer, error) {
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, err
	}
	return f, nil // closing the file releases the lock
}

// openNoFollow opens the regular file p for reading, neither following
// a symbolic link nor waiting for a writer of a FIFO.
func openNoFollow(p string) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("%s ist ein symbolischer Link", p)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s ist keine gewöhnliche Datei", p)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkPrivate refuses the key file (dir false) or its folder (dir true)
// at p, whose Lstat is info, unless it is what it should be, not a symbolic link, owned by
// this user, and neither readable nor writable by others (a folder:
// not writable by others).
func checkPrivate(p string, info fs.FileInfo, dir bool) error {
	mask, kind := fs.FileMode(0o077), "für andere lesbar oder schreibbar"
	if dir {
		mask, kind = 0o022, "für andere schreibbar"
	}
	switch st, _ := info.Sys().(*syscall.Stat_t); {
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("der Schlüssel des Caches: %s ist ein symbolischer Link", p)
	case info.IsDir() != dir:
		return fmt.Errorf("der Schlüssel des Caches: %s ist kein Ordner oder keine Datei wie erwartet", p)
	case st != nil && int(st.Uid) != os.Getuid():
		return fmt.Errorf("der Schlüssel des Caches: %s gehört einem anderen Benutzer", p)
	case info.Mode().Perm()&mask != 0:
		return fmt.Errorf("der Schlüssel des Caches: %s ist %s (chmod %s %s)", p, kind, map[bool]string{false: "600", true: "700"}[dir], p)
	}
	return nil
}
