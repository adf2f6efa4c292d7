//go:build !linux

package load

import "io/fs"

// FileIdentity knows no inode and change time here: size, mode and
// modification time must do (see package build's "Nothing changed" and [LoadPersistent]).
func FileIdentity(fs.FileInfo) (ino, ctime uint64) { return 0, 0 }
