package load

import (
	"io/fs"
	"syscall"
)

// FileIdentity returns the inode and change time of the file info
// describes (zeros when unknown): replacing a file changes the one,
// writing or touching it the other, and no one sets either at will.
func FileIdentity(info fs.FileInfo) (ino, ctime uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ino, uint64(st.Ctim.Sec)*1e9 + uint64(st.Ctim.Nsec)
}
