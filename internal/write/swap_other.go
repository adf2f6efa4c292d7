//go:build !linux

package write

import (
	"errors"
	"os"
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
	return swapAside(tmp, out)
}

// SyncFS does nothing here: the guarantees hold against a killed build,
// not against a crash of the system.
func SyncFS(dir string) error { return nil }

// syncDir does nothing here (see SyncFS).
func syncDir(dir string) {}
