package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNew scaffolds each kind into a small site and checks the file: its
// place and name, that it is never overwritten, and that the site still
// builds with it (as a draft) with only its placeholders reported.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	extract(t, "../../internal/build/testdata/golden/site.txtar", dir)
	for _, tc := range []struct {
		args     []string
		path     string
		contains []string
	}{
		{[]string{"event", "Runder Tisch Integration März 2027", "--start", "2027-03-11T18:00"}, "content/termine/runder-tisch-integration-maerz-2027.md",
			[]string{`title: "Runder Tisch Integration März 2027"`, "start: 2027-03-11T18:00", "# Reihe (optional): fachforum, runder-tisch", "Möglich: arbeitskreis, beirat, oekumene", "draft: true"}},
		{[]string{"actor", "Café Ökumene & Begegnung"}, "content/akteure/cafe-oekumene-begegnung.md", []string{"category: sozial", "role: \"[PLATZHALTER"}},
		{[]string{"--section", "geschichte", "milestone", "Abschluss 2016", "--date", "2016"}, "content/geschichte/abschluss-2016.md", []string{"date: 2016"}},
		{[]string{"page", "Über \"uns\""}, "content/ueber-uns.md", []string{`title: "Über \"uns\""`}},
	} {
		code, out, errs := sitegen(append([]string{"new", "--source", dir}, tc.args...)...)
		if code != 0 {
			t.Fatalf("new %q: exit %d: %s", tc.args, code, errs)
		}
		if !strings.Contains(out, tc.path) {
			t.Errorf("new %q: output %q does not name %s", tc.args, out, tc.path)
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.path)))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.contains {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q:\n%s", tc.path, w, b)
			}
		}
		if code, _, errs := sitegen(append([]string{"new", "--source", dir}, tc.args...)...); code != 1 || !strings.Contains(errs, "gibt es schon") {
			t.Errorf("second new %q: exit %d, %q; want a refusal", tc.args, code, errs)
		}
	}
	// As drafts the new files do not stop a build.
	if code, _, errs := sitegen("build", "--source", dir, "--quiet"); code != 0 {
		t.Fatalf("build: %s", errs)
	}
	// With drafts they build too: every placeholder is plain text, and the
	// dates were given.
	if code, _, errs := sitegen("build", "--source", dir, "--drafts", "--quiet"); code != 0 {
		t.Fatalf("build --drafts: %s", errs)
	}
	// Without --start the placeholder date is an error at its line.
	if code, _, errs := sitegen("new", "--source", dir, "event", "Fachforum"); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := sitegen("build", "--source", dir, "--drafts", "--quiet")
	if want := `content/termine/fachforum.md:7: "start" ist noch ein Platzhalter`; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("build with a placeholder start: exit %d, %q; want 1 and %q", code, errs, want)
	}
}

func TestNewUsage(t *testing.T) {
	for _, args := range [][]string{{"new"}, {"new", "event"}, {"new", "termin", "X"}, {"new", "page", "!!!"}} {
		if code, _, _ := sitegen(args...); code != 2 {
			t.Errorf("sitegen %q: exit %d, want 2", args, code)
		}
	}
}
