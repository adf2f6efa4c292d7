package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

func fixedClock() time.Time { return time.Date(2027, 3, 11, 17, 0, 0, 0, time.UTC) }

// extract writes the files of a txtar archive under dir.
func extract(t *testing.T, archive, dir string) {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// treeHash returns a digest of every path, mode and content under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v\n", rel, info.Mode())
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func sitegen(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e, fixedClock)
	return code, o.String(), e.String()
}

// TestFailedBuildLeavesOutput checks the promise to CI: a build with bad
// content exits 1, prints path:line: messages and leaves the previous
// public/ exactly as it was.
func TestFailedBuildLeavesOutput(t *testing.T) {
	dir := t.TempDir()
	extract(t, "../../internal/build/testdata/golden/site.txtar", dir)
	code, out, errs := sitegen("build", "--source", dir)
	if code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "Gebaut:") {
		t.Errorf("no summary in %q", out)
	}
	public := filepath.Join(dir, "public")
	if _, err := os.Stat(filepath.Join(public, "akteure", "beirat", "index.html")); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, public)

	bad := filepath.Join(dir, "content", "akteure", "beirat.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: Beirat\ncategory: beirat\nweight: viel\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = sitegen("build", "--source", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := "content/akteure/beirat.md:4: "; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	if after := treeHash(t, public); after != before {
		t.Error("public/ changed after a failed build")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public-") {
			t.Errorf("temporary folder %s left behind", e.Name())
		}
	}
}

// TestBuildReplacesOutput checks that a second build removes files the
// content no longer has.
func TestBuildReplacesOutput(t *testing.T) {
	dir := t.TempDir()
	extract(t, "../../internal/build/testdata/golden/site.txtar", dir)
	if code, _, errs := sitegen("build", "--source", dir); code != 0 {
		t.Fatal(errs)
	}
	if err := os.Remove(filepath.Join(dir, "content", "akteure", "oekumene.md")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := sitegen("build", "--source", dir, "--quiet"); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "akteure", "oekumene")); !os.IsNotExist(err) {
		t.Errorf("page of a deleted file still in public/: %v", err)
	}
}

// TestDeterministic builds the same site twice and compares the trees.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	extract(t, "../../internal/build/testdata/golden/site.txtar", dir)
	var hashes []string
	for _, out := range []string{"a", "b"} {
		if code, _, errs := sitegen("build", "--source", dir, "--out", out, "--now", "2027-03-11T18:00"); code != 0 {
			t.Fatal(errs)
		}
		hashes = append(hashes, treeHash(t, filepath.Join(dir, out)))
	}
	if hashes[0] != hashes[1] {
		t.Error("two builds of the same content differ")
	}
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "sitegen build"},
		{[]string{"bauen"}, 2, `unbekannter Befehl "bauen"`},
		{[]string{"build", "--source", ".", "--out", "."}, 2, "enthält die Quellen"},
		{[]string{"build", "--source", ".", "--out", "content/public"}, 2, "liegt in den Quellen"},
		{[]string{"build", "--now", "morgen", "--source", t.TempDir()}, 1, "--now: "},
		{[]string{"build", "--source", "../../internal/build/testdata/nosuchdir"}, 2, "Quellordner"},
	} {
		code, _, errs := sitegen(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("sitegen %q: exit %d, stderr %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	if _, err := os.Stat("../../internal/build/testdata/nosuchdir"); err == nil {
		t.Error("a build of a missing source folder made it")
	}
}

// TestNextChange checks the file CI reads to schedule the next rebuild.
func TestNextChange(t *testing.T) {
	dir := t.TempDir()
	extract(t, "../../internal/build/testdata/golden/site.txtar", dir)
	file := filepath.Join(dir, "next")
	for _, tc := range []struct{ now, want string }{
		{"2027-03-11T18:00", "2027-03-11T20:30:00+01:00\n"}, // the March meeting ends
		{"2027-03-11T20:30", "2027-04-08T18:00:00+02:00\n"}, // the April meeting starts (summer time)
		{"2027-05-06T12:00", "2027-05-07T00:00:00+02:00\n"}, // the all-day May meeting ends at midnight
		{"2027-05-07T00:00", ""},                            // nothing after that
	} {
		code, out, errs := sitegen("build", "--source", dir, "--now", tc.now, "--next-change", file)
		if code != 0 {
			t.Fatal(errs)
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("--now %s: next change %q, want %q", tc.now, got, tc.want)
		}
		if tc.want != "" && !strings.Contains(out, "Nächste Änderung durch Termine: "+strings.TrimSpace(tc.want)) {
			t.Errorf("--now %s: summary lacks the next change:\n%s", tc.now, out)
		}
	}
}
