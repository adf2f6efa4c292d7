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
