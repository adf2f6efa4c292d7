package cache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// TestOwns checks what makes a folder the cache's (write.CheckCache
// lets a build use a folder that is not empty only then).
func TestOwns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	c := open(t, dir, "v1")
	data := []byte("eine Seite")
	c.Store(digest.Of(data), data)
	c.Put("s", "k", data)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if !Owns(dir) {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("a saved cache is not the cache's: %v", entries)
	}
	if err := os.WriteFile(filepath.Join(dir, "notiz.txt"), []byte("fremd"), 0o644); err != nil {
		t.Fatal(err)
	}
	if Owns(dir) {
		t.Error("a folder with someone's file is the cache's")
	}
	os.Remove(filepath.Join(dir, "notiz.txt"))
	os.Remove(filepath.Join(dir, "lock"))
	if err := os.Symlink(filepath.Join(t.TempDir(), "x"), filepath.Join(dir, "lock")); err != nil {
		t.Fatal(err)
	}
	if Owns(dir) {
		t.Error("a folder whose lock is a symbolic link is the cache's")
	}
}
