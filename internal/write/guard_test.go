package write

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// project makes a project folder with the folders sitegen must never
// write into, each holding a file, and returns it.
func project(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "projekt")
	for _, f := range []string{"content/index.md", "layouts/page.html", "cmd/sitegen/main.go", "internal/write/write.go",
		"deploy/nginx.conf", "tools/package.json", "assets/css/style.css", "i18n/de.yml", ".git/HEAD", "README.md"} {
		name := filepath.Join(p, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestCheckOutRefusesProjectFolders(t *testing.T) {
	p := project(t)
	if err := os.Symlink(filepath.Join(p, "content"), filepath.Join(p, "link")); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{".", "..", "cmd", "internal", "content", "content/public", "layouts", "assets", "i18n",
		"deploy", "tools", "tools/out", ".git", ".git/hooks", "link/pub", "link"} {
		err := CheckOut(p, filepath.Join(p, out))
		if err == nil {
			t.Errorf("--out %s: not refused", out)
			continue
		}
		if !strings.Contains(err.Error(), "Der Ausgabeordner "+filepath.Join(p, out)) {
			t.Errorf("--out %s: the message does not name the folder: %v", out, err)
		}
	}
	// A project folder that is a link elsewhere: what holds its target
	// is refused too.
	q := project(t)
	elsewhere := filepath.Join(t.TempDir(), "inhalte")
	if err := os.Rename(filepath.Join(q, "content"), elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(q, "content")); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{elsewhere, filepath.Dir(elsewhere), filepath.Join(elsewhere, "public")} {
		if err := CheckOut(q, out); err == nil {
			t.Errorf("--out %s (content/ is a link to %s): not refused", out, elsewhere)
		}
	}
}

func TestCheckOutAcceptsSitegensFolders(t *testing.T) {
	p := project(t)
	out := filepath.Join(p, "public")
	if err := CheckOut(p, out); err != nil {
		t.Fatalf("a new folder: %v", err)
	}
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := CheckOut(p, out); err != nil {
		t.Fatalf("an empty folder: %v", err)
	}
	build(t, out, nil, version("v1"), false)
	if err := CheckOut(p, out); err != nil {
		t.Fatalf("the folder of the last build: %v", err)
	}
	// Elsewhere, and through a link to it.
	far := filepath.Join(t.TempDir(), "site")
	build(t, far, nil, version("v1"), false)
	if err := CheckOut(p, far); err != nil {
		t.Fatalf("a built folder outside the project: %v", err)
	}
	link := filepath.Join(p, "pub")
	if err := os.Symlink(far, link); err != nil {
		t.Fatal(err)
	}
	if err := CheckOut(p, link); err != nil {
		t.Fatalf("a link to a built folder: %v", err)
	}
	// The build goes to the folder the link names; the link stays.
	o, err := Lock(context.Background(), link, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := o.Begin(nil)
	if err := put(b, version("v2")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	o.Close()
	checkTree(t, far, version("v2"))
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(p, ".pub.lock")); !os.IsNotExist(err) {
		t.Errorf("a lock file beside the link, not beside the folder: %v", err)
	}
}

func TestCheckOutRefusesForeignFolders(t *testing.T) {
	p := project(t)
	someone := t.TempDir()
	if err := os.WriteFile(filepath.Join(someone, "brief.txt"), []byte("Liebe Grüße"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CheckOut(p, someone)
	if err == nil || !strings.Contains(err.Error(), "nicht leer") {
		t.Errorf("a folder of someone's files: %v", err)
	}
	// A folder with a link beside it named like a lock file.
	built := filepath.Join(t.TempDir(), "public")
	build(t, built, nil, version("v1"), false)
	if err := os.Symlink(filepath.Join(filepath.Dir(built), ".public.lock"), filepath.Join(filepath.Dir(someone), "."+filepath.Base(someone)+".lock")); err != nil {
		t.Fatal(err)
	}
	if err := CheckOut(p, someone); err == nil {
		t.Error("a link to a lock file made someone's folder sitegen's")
	}
	// A file, not a folder.
	if err := CheckOut(p, filepath.Join(someone, "brief.txt")); err == nil {
		t.Error("a file as output folder: not refused")
	}
}

func TestCheckOutRefusesTrackedFiles(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	p := project(t)
	os.RemoveAll(filepath.Join(p, ".git"))
	docs := filepath.Join(p, "docs")
	os.Mkdir(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "anleitung.md"), []byte("# Anleitung"), 0o644)
	for _, args := range [][]string{{"init", "-q"}, {"add", "docs/anleitung.md"}} {
		cmd := exec.Command(git, append([]string{"-C", p}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	// Even with a lock file beside it, a folder of the repository stays.
	lock := make([]byte, lockSize)
	copy(lock, "         0\n00000000000000000000000000000000\n")
	os.WriteFile(filepath.Join(p, ".docs.lock"), lock, 0o644)
	err = CheckOut(p, docs)
	if err == nil || !strings.Contains(err.Error(), "docs/anleitung.md") {
		t.Errorf("a folder with a tracked file: %v", err)
	}
	if err := CheckOut(p, filepath.Join(p, "public")); err != nil {
		t.Errorf("public/ beside it: %v", err)
	}
}

func TestCheckCache(t *testing.T) {
	p := project(t)
	out := filepath.Join(p, "public")
	never := func(string) bool { return false }
	always := func(string) bool { return true }
	for _, dir := range []string{".git", ".", "content", "public", "public/cache", "cmd", "internal/x"} {
		if err := CheckCache(p, filepath.Join(p, dir), out, always); err == nil {
			t.Errorf("--cache-dir %s: not refused", dir)
		}
	}
	cache := filepath.Join(p, ".sitegen-cache")
	if err := CheckCache(p, cache, out, never); err != nil {
		t.Errorf("a new cache folder: %v", err)
	}
	os.Mkdir(cache, 0o755)
	os.WriteFile(filepath.Join(cache, "index"), []byte("x"), 0o644)
	if err := CheckCache(p, cache, out, always); err != nil {
		t.Errorf("the cache's folder: %v", err)
	}
	if err := CheckCache(p, cache, out, never); err == nil || !strings.Contains(err.Error(), "nicht leer") {
		t.Errorf("a folder the cache does not own: %v", err)
	}
	// The output inside the cache folder.
	if err := CheckCache(p, p+"/x", p+"/x/public", always); err == nil {
		t.Error("the output inside the cache folder: not refused")
	}
}
