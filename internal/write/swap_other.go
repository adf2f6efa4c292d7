//go:build !linux

package write

import (
	"errors"
	"os"
)

// swap puts the folder tmp in the place of out and returns where the old
// out is now ("" if there was none), for the caller to remove.
func swap(tmp, out string) (old string, err error) {
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
