package search

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders src and dst with one renameat2(2)
// RENAME_EXCHANGE: dst is the new folder at once, src holds the old one.
// Where the file system cannot exchange, dst is renamed aside first.
func exchange(src, dst string) error {
	err := unix.Renameat2(unix.AT_FDCWD, src, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return aside(src, dst)
	}
	if err != nil {
		return &os.LinkError{Op: "renameat2", Old: src, New: dst, Err: err}
	}
	return nil
}

// syncFS waits until what was written to the file system holding dir is
// on disk (syncfs(2)), before the index is put in place.
func syncFS(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.Syncfs(fd); err != nil {
		return &os.PathError{Op: "syncfs", Path: dir, Err: err}
	}
	return nil
}
