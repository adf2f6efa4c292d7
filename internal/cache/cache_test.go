package cache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/digest"
)

func open(t *testing.T, dir, key string) *Cache {
	t.Helper()
	c, err := Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func store(c *Cache, s string) digest.Sum {
	sum := digest.Of([]byte(s))
	c.Store(sum, []byte(s))
	return sum
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir, "v1")
	if c.Warning() != "" {
		t.Fatalf("new cache warns: %s", c.Warning())
	}
	c.Put("page", "/a/", []byte("record a"))
	c.Put("load", "content/a.md", []byte{})
	a := store(c, "Es wurden keine Einträge gefunden!")
	b := store(c, strings.Repeat("Runder Tisch Integration ", 1000))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	c = open(t, dir, "v1")
	if c.Warning() != "" {
		t.Fatalf("warning: %s", c.Warning())
	}
	if v, ok := c.Get("page", "/a/"); !ok || string(v) != "record a" {
		t.Errorf("Get page /a/ = %q, %v", v, ok)
	}
	if v, ok := c.Get("load", "content/a.md"); !ok || len(v) != 0 {
		t.Errorf("empty record = %q, %v", v, ok)
	}
	if _, ok := c.Get("page", "/b/"); ok {
		t.Error("a record nobody put")
	}
	for _, s := range []digest.Sum{a, b} {
		data, err := c.Blob(s)
		if err != nil || digest.Of(data) != s {
			t.Errorf("Blob(%s): %v", s, err)
		}
	}
	c.Keep("page", "/a/")
	if err := c.Save(); err != nil { // Blob keeps what it read
		t.Fatal(err)
	}
	c = open(t, dir, "v1")
	if !c.Has(b) {
		t.Fatal("a blob read in the last build is gone")
	}
	// What this build neither puts nor keeps is gone after it.
	c.Keep("page", "/a/")
	c.KeepBlob(a)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = open(t, dir, "v1")
	defer c.Close()
	if _, ok := c.Get("load", "content/a.md"); ok {
		t.Error("a record not kept survived")
	}
	if _, ok := c.Get("page", "/a/"); !ok {
		t.Error("a kept record is gone")
	}
	if c.Has(b) {
		t.Error("a blob not kept survived")
	}
	if _, err := c.Blob(a); err != nil {
		t.Errorf("kept blob: %v", err)
	}
}

// A cache that cannot be what Save wrote is ignored with one warning,
// and the next Save makes a good one again.
func TestBrokenIndex(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, dir string)
		key   string
		want  string
	}{
		{"flipped byte", func(t *testing.T, dir string) { flip(t, filepath.Join(dir, "index"), 40) }, "v1", "Prüfsumme"},
		{"truncated", func(t *testing.T, dir string) { truncate(t, filepath.Join(dir, "index"), 30) }, "v1", "Prüfsumme"},
		{"very short", func(t *testing.T, dir string) { truncate(t, filepath.Join(dir, "index"), 5) }, "v1", "Format"},
		{"not a cache", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "index"), []byte("<html>nothing</html>"), 0o644)
		}, "v1", "unbekanntes Format"},
		{"other version", func(*testing.T, string) {}, "v2", "anderen Version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c := open(t, dir, "v1")
			c.Put("page", "/a/", []byte("x"))
			store(c, "data")
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, dir)
			c = open(t, dir, tc.key)
			if !strings.Contains(c.Warning(), tc.want) {
				t.Errorf("warning %q, want it to mention %q", c.Warning(), tc.want)
			}
			if _, ok := c.Get("page", "/a/"); ok {
				t.Error("a record of a broken cache is used")
			}
			c.Put("page", "/b/", []byte("y"))
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			c = open(t, dir, tc.key)
			defer c.Close()
			if c.Warning() != "" {
				t.Errorf("rebuilt cache warns: %s", c.Warning())
			}
			if _, ok := c.Get("page", "/b/"); !ok {
				t.Error("rebuilt cache lost its record")
			}
		})
	}
}

// A blob whose bytes were damaged on disk is a miss, never wrong data.
func TestCorruptBlob(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir, "v1")
	s := store(c, "Maßnahmenkatalog Stand 12.07.2013")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs: %v", packs)
	}
	flip(t, packs[0], 3)
	c = open(t, dir, "v1")
	defer c.Close()
	if _, err := c.Blob(s); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Blob of damaged bytes: %v, want ErrCorrupt", err)
	}
	truncate(t, packs[0], 2)
	if _, err := c.Blob(s); err == nil {
		t.Error("Blob of a truncated pack succeeded")
	}
}

func TestBusy(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir, "v1")
	if _, err := Open(dir, "v1"); !errors.Is(err, ErrBusy) {
		t.Errorf("second Open: %v, want ErrBusy", err)
	}
	c.Close()
	c2 := open(t, dir, "v1")
	c2.Close()
}

// Packs that are mostly garbage are compacted; the blobs still named
// survive, the others and the old packs go.
func TestCompaction(t *testing.T) {
	dir := t.TempDir()
	var sums []digest.Sum
	c := open(t, dir, "v1")
	for i := range 100 {
		sums = append(sums, store(c, strings.Repeat(string(rune('a'+i%26)), 1000+i)))
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	// Keep a tenth.
	c = open(t, dir, "v1")
	for i := 0; i < len(sums); i += 10 {
		c.KeepBlob(sums[i])
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "*.pack"))
	var size int64
	for _, p := range packs {
		info, _ := os.Stat(p)
		size += info.Size()
	}
	if size > 20*1100 {
		t.Errorf("packs hold %d bytes for 10 blobs of about 1 KB (%v)", size, packs)
	}
	c = open(t, dir, "v1")
	defer c.Close()
	for i, s := range sums {
		_, err := c.Blob(s)
		if (i%10 == 0) != (err == nil) {
			t.Errorf("blob %d: %v", i, err)
		}
	}
}

// Many packs (one per warm build) are merged.
func TestManyPacksMerged(t *testing.T) {
	dir := t.TempDir()
	var all []digest.Sum
	for i := range 3 * maxPacks {
		c := open(t, dir, "v1")
		for _, s := range all {
			c.KeepBlob(s)
		}
		all = append(all, store(c, strings.Repeat("x", 100+i)))
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "*.pack"))
	if len(packs) > maxPacks+1 {
		t.Errorf("%d packs after %d builds", len(packs), 3*maxPacks)
	}
	c := open(t, dir, "v1")
	defer c.Close()
	for _, s := range all {
		if _, err := c.Blob(s); err != nil {
			t.Error(err)
		}
	}
}

func flip(t *testing.T, p string, off int64) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[off] ^= 0x55
	os.WriteFile(p, data, 0o644)
}

func truncate(t *testing.T, p string, n int64) {
	t.Helper()
	if err := os.Truncate(p, n); err != nil {
		t.Fatal(err)
	}
}

func FuzzDecoder(f *testing.F) {
	var e Encoder
	e.Uint(3)
	e.Str("akteure")
	e.Raw([]byte{1, 2})
	e.Int(-5)
	e.Bool(true)
	e.Sum(digest.Of(nil))
	f.Add(e.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewDecoder(b)
		for d.Err() == nil {
			n := d.Len()
			if n > len(b) {
				t.Fatalf("Len %d over %d bytes", n, len(b))
			}
			d.Str()
			d.Int()
			d.Bool()
			d.Sum()
		}
	})
}

// FuzzIndex: any bytes as the index give a cache or a warning, never a
// panic.
func FuzzIndex(f *testing.F) {
	dir := f.TempDir()
	f.Setenv(SecretEnv, "fuzz")
	c, _ := Open(dir, "k")
	c.Put("s", "k", []byte("v"))
	c.Store(digest.Of([]byte("b")), []byte("b"))
	c.Save()
	good, _ := os.ReadFile(filepath.Join(dir, "index"))
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		c := &Cache{key: "k", mac: newMACs(derive([]byte("fuzz"), "secret", "")), old: map[string][]byte{}, oldBlobs: map[digest.Sum]loc{}, blobsDone: make(chan struct{})}
		blobs, _ := c.readIndex(b)
		c.readBlobs(blobs)
	})
}
