//go:build !unix

package search_test

import "os"

// inodeOf is not known here: the tests that compare it are skipped
// (they need the shell-script stand-in for Pagefind).
func inodeOf(info os.FileInfo) uint64 { return 0 }
