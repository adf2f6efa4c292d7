//go:build !unix

package cache

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// lockFile opens the lock file; other systems get no lock.
func lockFile(p string) (io.Closer, error) {
	return os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
}

// openNoFollow opens the regular file p for reading, refusing a
// symbolic link (checked before opening: other systems have no
// O_NOFOLLOW).
func openNoFollow(p string) (*os.File, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s ist keine gewöhnliche Datei", p)
	}
	return os.Open(p)
}

// checkPrivate refuses a symbolic link as the key file or its folder
// (info is p's Lstat);
// other systems' permissions are not checked.
func checkPrivate(p string, info fs.FileInfo, dir bool) error {
	if info.Mode()&fs.ModeSymlink != 0 || info.IsDir() != dir {
		return fmt.Errorf("der Schlüssel des Caches: %s ist ein symbolischer Link oder nicht, was er sein soll", p)
	}
	return nil
}
