package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestOutRefused checks that sitegen build never replaces or fills a
// folder that is not its own, whatever --out and --cache-dir name (CI
// configuration that a merge request may change): the project's
// folders, someone's folder, a folder reached through a link into
// content/, git's folder. Each is left exactly as it was.
func TestOutRefused(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	for _, f := range []string{"cmd/sitegen/main.go", "internal/write/write.go", ".git/index", ".git/HEAD"} {
		name := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("nicht ersetzen: "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "content"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	someone := filepath.Join(t.TempDir(), "briefe")
	if err := os.MkdirAll(someone, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(someone, "brief.txt"), []byte("Liebe Grüße"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dir)
	beforeSomeone := treeHash(t, someone)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", "cmd"}, "Der Ausgabeordner " + filepath.Join(dir, "cmd") + " ist ein Ordner des Projekts"},
		{[]string{"--out", "internal"}, "Der Ausgabeordner " + filepath.Join(dir, "internal") + " ist ein Ordner des Projekts"},
		{[]string{"--out", "."}, "enthält die Quellen"},
		{[]string{"--out", someone}, "Der Ausgabeordner " + someone + " ist nicht leer und nicht von sitegen gebaut"},
		{[]string{"--out", "link/pub"}, "Der Ausgabeordner " + filepath.Join(dir, "link/pub") + " (" + filepath.Join(dir, "content", "pub") + ") liegt in den Quellen"},
		{[]string{"--cache-dir", ".git"}, "Der Cache-Ordner " + filepath.Join(dir, ".git") + " ist ein Ordner des Projekts"},
	} {
		code, _, errs := sitegen(append([]string{"build", "--source", dir, "--quiet"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("sitegen build %q: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errs, tc.want)
		}
	}
	if after := treeHash(t, dir); after != before {
		t.Error("a refused build changed the project")
	}
	if after := treeHash(t, someone); after != beforeSomeone {
		t.Error("a refused build changed someone's folder")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("a refused build left %s", e.Name())
		}
	}

	// The build's own folders stay usable: a second build into public/
	// (which the first one made) and into the cache.
	for range 2 {
		if code, _, errs := sitegen("build", "--source", dir, "--quiet"); code != 0 {
			t.Fatalf("build into public/: exit %d\n%s", code, errs)
		}
	}
}
