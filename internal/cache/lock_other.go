//go:build !unix

package cache

import (
	"io"
	"os"
)

// lockFile opens the lock file; other systems get no lock.
func lockFile(p string) (io.Closer, error) {
	return os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
}
