//go:build !linux

package search

// exchange puts the folder src in the place of dst by renaming dst aside
// first (a moment without dst); src then holds the old folder.
func exchange(src, dst string) error { return aside(src, dst) }

// syncFS does nothing here (as in package write, the guarantees hold
// against a killed build, not against a crash of the system).
func syncFS(dir string) error { return nil }
