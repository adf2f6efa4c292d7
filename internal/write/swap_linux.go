package write

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Swap puts the folder tmp in the place of the folder out at once and
// returns where the old out is now ("" if there was none), for the
// caller to remove: tmp itself where the file system can exchange two
// folders (renameat2 RENAME_EXCHANGE), else tmp+".old", beside tmp,
// after renaming out aside (a moment without out). Builds swap their
// new tree in with it, the search index (package search) its index
// folder.
func Swap(tmp, out string) (old string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, out)
	}
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if err == nil {
		return tmp, nil // tmp now holds the old site
	}
	if !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.EOPNOTSUPP) {
		return "", fmt.Errorf("write: %s kann nicht ersetzt werden: %w", out, err)
	}
	return swapAside(tmp, out)
}

// SyncFS waits until everything written to the file system holding dir
// is on disk (syncfs(2)): the files of a build, before its commit point.
func SyncFS(dir string) error {
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

// syncDir waits until the entries of dir (renames, removals) are on disk.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
