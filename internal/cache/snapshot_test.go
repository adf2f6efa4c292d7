package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshot: a snapshot set is read back by the next Lock before the
// index is read, under the same key only; one changed on disk, or made
// for another version, is a miss (the former with a warning after Load);
// a build that sets none removes the old one; the folder stays the
// cache's.
func TestSnapshot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	c := open(t, dir, "v1")
	if _, ok := c.Snapshot(); ok {
		t.Fatal("a new cache has a snapshot")
	}
	c.SetSnapshot([]byte("was der Build las"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if !Owns(dir) {
		t.Error("a cache with a snapshot is not the cache's")
	}
	lock := func(key string) *Cache {
		t.Helper()
		c, err := Lock(dir, key)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c = lock("v1")
	if v, ok := c.Snapshot(); !ok || string(v) != "was der Build las" {
		t.Errorf("Snapshot() = %q, %v", v, ok)
	}
	c.Close()

	c = lock("v2")
	if _, ok := c.Snapshot(); ok {
		t.Error("another version's snapshot was used")
	}
	c.Close()

	p := filepath.Join(dir, snapshotName)
	good, _ := os.ReadFile(p)
	for i := range good {
		bad := []byte(string(good))
		bad[i] ^= 0x04
		os.WriteFile(p, bad, 0o644)
		c = lock("v1")
		if v, ok := c.Snapshot(); ok {
			t.Fatalf("byte %d changed: the snapshot %q was used", i, v)
		}
		c.Load()
		if !strings.Contains(c.Warning(), "Schnappschuss") {
			t.Fatalf("byte %d changed: warning %q", i, c.Warning())
		}
		c.Close()
	}
	os.WriteFile(p, good, 0o644)

	c = open(t, dir, "v1") // a build that sets none
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("the old snapshot stayed: %v", err)
	}
}
