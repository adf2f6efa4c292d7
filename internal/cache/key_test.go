package cache

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// TestMain keeps the per-user key out of the home folder of whoever runs
// the tests: each test that needs one sets its own folder.
func TestMain(m *testing.M) {
	os.Setenv(SecretEnv, "der Schlüssel der Tests")
	os.Exit(m.Run())
}

// The per-user key is made on first use, 0600 in a 0700 folder, and the
// same key is read again: the cache of the last build is used.
func TestUserKey(t *testing.T) {
	home := t.TempDir()
	t.Setenv(SecretEnv, "")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	dir := filepath.Join(home, "cache")
	c := open(t, dir, "v1")
	c.Put("page", "/a/", []byte("x"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	p, err := KeyFile()
	if err != nil || !strings.HasPrefix(p, home) {
		t.Fatalf("KeyFile() = %q, %v; want it under %s", p, err, home)
	}
	if runtime.GOOS != "windows" {
		for _, f := range []struct {
			p    string
			perm os.FileMode
		}{{p, 0o600}, {filepath.Dir(p), 0o700}} {
			info, err := os.Lstat(f.p)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != f.perm {
				t.Errorf("%s has mode %v, want %v", f.p, info.Mode().Perm(), f.perm)
			}
		}
	}
	if data, _ := os.ReadFile(p); len(data) != keyLen {
		t.Errorf("key of %d bytes", len(data))
	}
	c = open(t, dir, "v1")
	if _, ok := c.Get("page", "/a/"); !ok || c.Warning() != "" {
		t.Errorf("same user: record %v, warning %q", ok, c.Warning())
	}
	c.Close()

	// Another user's key: the cache is foreign.
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "other"))
	c = open(t, dir, "v1")
	if _, ok := c.Get("page", "/a/"); ok || !strings.Contains(c.Warning(), "Schlüssel") {
		t.Errorf("other user: record %v, warning %q", ok, c.Warning())
	}
	c.Close()

	// The same user's cache copied to another folder is foreign too.
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	moved := filepath.Join(home, "moved")
	if err := os.CopyFS(moved, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	c = open(t, moved, "v1")
	if _, ok := c.Get("page", "/a/"); ok {
		t.Error("a cache copied from another folder was used")
	}
	c.Close()
}

// A key file that is a link, readable by others or of the wrong length,
// or a folder others may write, is refused: Open fails (the build then
// runs without the cache), and the file is left alone.
func TestUserKeyRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions are not checked on Windows")
	}
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, p string)
		want  string
	}{
		{"symlink", func(t *testing.T, p string) {
			other := filepath.Join(t.TempDir(), "key")
			os.WriteFile(other, make([]byte, keyLen), 0o600)
			if err := os.Symlink(other, p); err != nil {
				t.Fatal(err)
			}
		}, "symbolischer Link"},
		{"dangling symlink", func(t *testing.T, p string) {
			if err := os.Symlink(filepath.Join(t.TempDir(), "nichts"), p); err != nil {
				t.Fatal(err)
			}
		}, "symbolischer Link"},
		{"readable by others", func(t *testing.T, p string) {
			os.WriteFile(p, make([]byte, keyLen), 0o600)
			os.Chmod(p, 0o644)
		}, "lesbar"},
		{"readable by the group", func(t *testing.T, p string) {
			os.WriteFile(p, make([]byte, keyLen), 0o600)
			os.Chmod(p, 0o640)
		}, "lesbar"},
		{"folder writable by others", func(t *testing.T, p string) {
			os.Chmod(filepath.Dir(p), 0o777)
		}, "schreibbar"},
		{"short", func(t *testing.T, p string) { os.WriteFile(p, []byte("geheim"), 0o600) }, "Bytes"},
		{"a folder", func(t *testing.T, p string) { os.Mkdir(p, 0o700) }, "gewöhnliche"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv(SecretEnv, "")
			t.Setenv("XDG_CONFIG_HOME", home)
			p, _ := KeyFile()
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, p)
			before, _ := os.Lstat(p)
			c, err := Open(filepath.Join(home, "cache"), "v1")
			if err == nil {
				c.Close()
				t.Fatal("Open accepted the key")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to mention %q", err, tc.want)
			}
			after, _ := os.Lstat(p)
			if (before == nil) != (after == nil) || before != nil && (before.Mode() != after.Mode() || before.Size() != after.Size()) {
				t.Errorf("the key file was changed: %v → %v", before, after)
			}
		})
	}
}

// Another SITEGEN_CACHE_SECRET makes the cache foreign.
func TestSecretChanged(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(SecretEnv, "eins")
	c := open(t, dir, "v1")
	c.Put("page", "/a/", []byte("x"))
	store(c, "data")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	t.Setenv(SecretEnv, "zwei")
	c = open(t, dir, "v1")
	defer c.Close()
	if _, ok := c.Get("page", "/a/"); ok || !strings.Contains(c.Warning(), SecretEnv) {
		t.Errorf("record %v, warning %q", ok, c.Warning())
	}
	if c.Has(digest.Of([]byte("data"))) {
		t.Error("a blob of the other secret is known")
	}
}

// A blob's tag binds its bytes to its name: bytes that are not what was
// stored under the name — as if the index named another blob's place
// and tag, or the pack held other bytes with the same XXH3 sum — are a
// miss, and counted.
func TestBlobBoundToName(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir, "v1")
	a := store(c, strings.Repeat("Impressum ", 200))
	b := store(c, strings.Repeat("<script>alert(1)</script>", 80))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = open(t, dir, "v1")
	defer c.Close()
	<-c.blobsDone
	c.oldBlobs[a] = c.oldBlobs[b]
	if _, err := c.Blob(a); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Blob(a) with b's place and tag: %v, want ErrCorrupt", err)
	}
	if _, err := c.Blob(b); err != nil {
		t.Errorf("Blob(b): %v", err)
	}
	if c.Rejected() != 1 {
		t.Errorf("Rejected() = %d, want 1", c.Rejected())
	}
	// The build makes the file again and stores it: written anew, not
	// the rejected place kept, so that the next build finds it good.
	store(c, strings.Repeat("Impressum ", 200))
	if _, err := c.Blob(a); err != nil {
		t.Errorf("Blob(a) after Store: %v", err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = open(t, dir, "v1")
	defer c.Close()
	if data, err := c.Blob(a); err != nil || string(data) != strings.Repeat("Impressum ", 200) {
		t.Errorf("next build: Blob(a) = %.20q, %v", data, err)
	}
}

// The index is not read through a symbolic link (nor are packs): the
// cache folder holds the cache, not pointers to files elsewhere.
func TestNoLinksFollowed(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	c := open(t, dir, "v1")
	store(c, "data")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	// The index as a link to a good index elsewhere.
	elsewhere := filepath.Join(t.TempDir(), "index")
	if err := os.Rename(filepath.Join(dir, "index"), elsewhere); err != nil {
		t.Fatal(err)
	}
	os.Symlink(elsewhere, filepath.Join(dir, "index"))
	c = open(t, dir, "v1")
	defer c.Close()
	if !strings.Contains(c.Warning(), "symbolischer Link") || c.Has(digest.Of([]byte("data"))) {
		t.Errorf("index through a link: warning %q", c.Warning())
	}
}
