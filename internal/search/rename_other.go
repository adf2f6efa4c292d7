//go:build !linux

package search

// exchange puts the folder src in the place of dst by renaming dst aside
// first (a moment without dst); src then holds the old folder.
func exchange(src, dst string) error { return aside(src, dst) }
