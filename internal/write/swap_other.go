//go:build !linux

package write

import (
	"errors"
	"os"
)

// swap puts the folder tmp in the place of out and removes the old out.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	return swapAside(tmp, out)
}
