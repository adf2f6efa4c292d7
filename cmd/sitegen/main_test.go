package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

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
	code = run(args, &o, &e, func() time.Time { return sitetest.Now })
	return code, o.String(), e.String()
}

// TestFailedBuildLeavesOutput checks the promise to CI: a build with bad
// content exits 1, prints path:line: messages and leaves the previous
// public/ exactly as it was.
func TestFailedBuildLeavesOutput(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
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
	sitetest.Write(t, dir, sitetest.Golden(t))
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
	sitetest.Write(t, dir, sitetest.Golden(t))
	var hashes []string
	for _, out := range []string{"a", "b"} {
		if code, _, errs := sitegen("build", "--source", dir, "--out", out, "--now", sitetest.NowText); code != 0 {
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
	sitetest.Write(t, dir, sitetest.Golden(t))
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

// badSite lays the bad-input case archive over the base site of
// internal/build's bad-input suite and the repository's interface
// strings, as that suite does.
func badSite(t *testing.T, archive string) fstest.MapFS {
	t.Helper()
	return sitetest.Site(t, "../../internal/build/testdata/base.txtar", archive)
}

// TestBadInputOneLine checks that every problem of every case of the
// bad-input suite is one line: no message holds a line break, and the
// build prints one line per problem.
func TestBadInputOneLine(t *testing.T) {
	cases, _ := filepath.Glob("../../internal/build/testdata/bad/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			res, _ := build.Run(badSite(t, c), build.Options{Now: sitetest.Now})
			if len(res.Diagnostics) == 0 {
				t.Fatal("no diagnostics")
			}
			for _, d := range res.Diagnostics {
				if strings.ContainsAny(d.Message, "\r\n") {
					t.Errorf("message spans lines: %q", d.Error())
				}
			}
			var b bytes.Buffer
			printDiagnostics(&b, res.Diagnostics, false)
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if lines[len(lines)-1] == diag.VerboseHint {
				lines = lines[:len(lines)-1]
			}
			if len(lines) != len(res.Diagnostics) {
				t.Errorf("%d diagnostics printed as %d lines:\n%s", len(res.Diagnostics), len(lines), b.String())
			}
		})
	}
}

// TestManySameMessage builds a site of 4,000 events that name a series
// no section declares: the text outputs show the first 20 and count the
// rest, JSON keeps all of them.
func TestManySameMessage(t *testing.T) {
	const n = 4000
	fsys := badSite(t, "../../internal/build/testdata/bad/undeclared-series.txtar")
	for i := range n - 1 { // and deutsch.md of the case
		fsys[fmt.Sprintf("content/kurse/k%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Kurs %d\nstart: 2027-04-01T18:00\nseries: deutschkurs\n---\n", i))}
	}
	const msg = `Die Reihe "deutschkurs" ist nicht angelegt: bitte in der _index.md des Bereichs (content/kurse/_index.md) unter series: eintragen (series: {deutschkurs: Titel der Reihe})`
	const more = "… und 3.980 weitere Dateien mit demselben Fehler"
	res, _ := build.Run(fsys, build.Options{Now: sitetest.Now})
	ds := res.Diagnostics
	if len(ds) != n {
		t.Fatalf("%d diagnostics, want %d", len(ds), n)
	}

	// sitegen build
	var b bytes.Buffer
	printDiagnostics(&b, ds, false)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 22 || lines[20] != more || lines[21] != diag.VerboseHint {
		t.Fatalf("build printed %d lines:\n%s", len(lines), b.String())
	}
	for _, l := range lines[:20] {
		if !strings.HasPrefix(l, "content/kurse/") || !strings.HasSuffix(l, ".md:4: "+msg) {
			t.Errorf("line %q", l)
		}
	}
	b.Reset()
	printDiagnostics(&b, ds, true)
	if got := strings.Count(b.String(), ".md:4: "+msg+"\n    series:\n      deutschkurs: Titel der Reihe\n"); got != 20 || !strings.Contains(b.String(), "\n"+more+"\n") || strings.Contains(b.String(), diag.VerboseHint) {
		t.Errorf("build --verbose: %d details:\n%s", got, b.String())
	}
	sum := newSummary(res, "public")
	if len(sum.Errors) != n {
		t.Errorf("build --json: %d errors, want %d", len(sum.Errors), n)
	}

	// sitegen check, which adds a warning for each page without a
	// description: the same again, as a warning.
	ds, _, _, _ = runCheck(fsys, build.Options{Now: sitetest.Now}, nil, nil)
	b.Reset()
	check.Text(&b, ds)
	out := b.String()
	const warn = "warning: Die Beschreibung fehlt"
	if got, gotW := strings.Count(out, ": error: "+msg+"\n"), strings.Count(out, warn); got != 20 || gotW != 20 ||
		!strings.Contains(out, "\n"+more+"\n") || !strings.Contains(out, "\n… und 3.985 weitere Dateien mit derselben Warnung\n") ||
		!strings.Contains(out, "\n4.000 Fehler, 4.005 Warnungen in 4.005 Dateien.\n"+diag.VerboseHint+"\n") {
		t.Errorf("check printed %d errors and %d warnings:\n%s", got, gotW, out)
	}
	b.Reset()
	check.GitHub(&b, ds)
	lines = strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 42 || !strings.Contains(b.String(), "\n::error title=sitegen::"+more+": "+msg+"\n") {
		t.Errorf("%d annotations:\n%s", len(lines), b.String())
	}

	// JSON keeps them all.
	b.Reset()
	if err := check.JSON(&b, ds, nil, nil); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Diagnostics []struct{ Path, Message, Detail string }
		Errors      int
	}
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	errs := 0
	for _, d := range j.Diagnostics {
		if d.Message == msg && d.Detail == "series:\n  deutschkurs: Titel der Reihe" {
			errs++
		}
	}
	if len(j.Diagnostics) != len(ds) || j.Errors != n || errs != n {
		t.Errorf("check --format json: %d diagnostics, %d errors, %d with the message", len(j.Diagnostics), j.Errors, errs)
	}
}

// TestVerbose checks that build and check print the detail of a message
// below it only with --verbose, and otherwise say that there is some.
func TestVerbose(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	bad := filepath.Join(dir, "content", "akteure", "beirat.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: Beirat\ncategory: beirat\ncontact: beirat@stadt.bamberg.de\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const line = `content/akteure/beirat.md:4: "contact" muss eine Gruppe von Schlüsseln sein, z. B. contact: {email: integration@example.org, phone: 0951 12345}`
	const detail = "    contact:\n      email: integration@example.org\n      phone: 0951 12345\n"
	code, _, errs := sitegen("build", "--source", dir)
	if code != 1 || !strings.Contains(errs, line+"\n"+diag.VerboseHint+"\n") || strings.Contains(errs, detail) {
		t.Errorf("build: exit %d:\n%s", code, errs)
	}
	code, _, errs = sitegen("build", "--source", dir, "--verbose")
	if code != 1 || !strings.Contains(errs, line+"\n"+detail) || strings.Contains(errs, diag.VerboseHint) {
		t.Errorf("build --verbose: exit %d:\n%s", code, errs)
	}
	long := strings.Replace(line, ":4: ", ":4: error: ", 1)
	code, out, _ := sitegen("check", "--source", dir)
	if code != 1 || !strings.Contains(out, long+"\n") || !strings.Contains(out, diag.VerboseHint) || strings.Contains(out, detail) {
		t.Errorf("check: exit %d:\n%s", code, out)
	}
	code, out, _ = sitegen("check", "--source", dir, "--verbose")
	if code != 1 || !strings.Contains(out, long+"\n"+detail) || strings.Contains(out, diag.VerboseHint) {
		t.Errorf("check --verbose: exit %d:\n%s", code, out)
	}
	code, out, _ = sitegen("check", "--source", dir, "--format", "json")
	if code != 1 || !strings.Contains(out, `"detail": "contact:\n  email: integration@example.org\n  phone: 0951 12345"`) {
		t.Errorf("check --format json: exit %d:\n%s", code, out)
	}
}
