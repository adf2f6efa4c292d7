package build_test

import (
	"io/fs"
	"syscall"
)

// statIdentity returns a file's inode and change time as the snapshot
// keeps them.
func statIdentity(info fs.FileInfo) (ino, ctime uint64) {
	st := info.Sys().(*syscall.Stat_t)
	return st.Ino, uint64(st.Ctim.Sec)*1e9 + uint64(st.Ctim.Nsec)
}
