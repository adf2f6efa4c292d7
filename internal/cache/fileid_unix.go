//go:build unix

package cache

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// fileID identifies the file at p as it is now: its device, inode, size
// and modification and change times.
func fileID(p string) (string, bool) {
	var st unix.Stat_t
	if err := unix.Stat(p, &st); err != nil {
		return "", false
	}
	return fmt.Sprintf("%d:%d:%d:%d.%d:%d.%d", st.Dev, st.Ino, st.Size, st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec), true
}
