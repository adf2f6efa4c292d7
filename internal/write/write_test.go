package write

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirReplacesAndCleansUp(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	// An earlier build that was killed left its temporary folders.
	for _, d := range []string{".public-123456", ".public-987.old"} {
		os.MkdirAll(filepath.Join(parent, d, "x"), 0o755)
	}
	os.WriteFile(filepath.Join(parent, ".public-notes"), []byte("not ours"), 0o644)
	if err := Dir(out, []File{{"index.html", []byte("eins")}, {"a/b/index.html", []byte("zwei")}}); err != nil {
		t.Fatal(err)
	}
	if err := Dir(out, []File{{"index.html", []byte("drei")}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "drei" {
		t.Errorf("index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "a")); !os.IsNotExist(err) {
		t.Error("a file of the old build is still there")
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 || names[0] != ".public-notes" || names[1] != ".public.lock" || names[2] != "public" {
		t.Errorf("beside the output: %q, want only .public-notes, the lock file and public", names)
	}
	info, _ := os.Stat(out)
	if info.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode %v", info.Mode().Perm())
	}
}

func TestValid(t *testing.T) {
	for p, want := range map[string]bool{"a/b.html": true, "index.html": true, "": false, "/a": false, "../a": false, "a/../b": false, "a\\\\b": false, ".": false} {
		if Valid(p) != want {
			t.Errorf("Valid(%q) = %v", p, !want)
		}
	}
	if err := Dir(filepath.Join(t.TempDir(), "public"), []File{{"../x", nil}}); err == nil {
		t.Error("a path outside the output was written")
	}
}
