package check_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

func load(t *testing.T, name string) (fstest.MapFS, []string) {
	t.Helper()
	a := sitetest.Archive(t, filepath.Join("testdata", name))
	fsys := sitetest.MapFS(t, a)
	var wants []string
	for _, l := range strings.Split(string(a.Comment), "\n") {
		if w, ok := strings.CutPrefix(l, "want: "); ok {
			wants = append(wants, w)
		}
	}
	return fsys, wants
}

// TestProblems checks that every problem in the site is found at its
// place with its severity, and nothing else.
func TestProblems(t *testing.T) {
	fsys, wants := load(t, "problems.txtar")
	res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
	if err != nil {
		t.Fatalf("the build itself should succeed: %v", err)
	}
	matchAll(t, check.Site(res), wants)
	deco := check.Decorations(res)
	if len(deco) != 1 || deco[0] != (check.Decoration{Path: "content/_index.md", Line: 9, Src: "muster.svg"}) {
		t.Errorf("Decorations = %+v, want muster.svg at content/_index.md:9", deco)
	}
	var b bytes.Buffer
	check.DecorationText(&b, deco)
	if !strings.Contains(b.String(), "content/_index.md:9: muster.svg") {
		t.Errorf("DecorationText:\n%s", b.String())
	}
}

// matchAll fails for each diagnostic that matches no want (see
// matchLoose) and each want that no diagnostic matches.
func matchAll(t *testing.T, ds []diag.Diagnostic, wants []string) {
	t.Helper()
	found := make([]bool, len(wants))
	for _, d := range ds {
		ok := false
		for i, w := range wants {
			if matchLoose(d, w) {
				found[i], ok = true, true
			}
		}
		if !ok {
			t.Errorf("unexpected: %s", d.Long())
		}
	}
	for i, w := range wants {
		if !found[i] {
			t.Errorf("missing: %s", w)
		}
	}
}

// matchLoose matches "path[:line[:col]]: severity: text" against d, with
// text anywhere in the message.
func matchLoose(d diag.Diagnostic, want string) bool {
	for _, sev := range []string{": error: ", ": warning: "} {
		pos, text, ok := strings.Cut(want, sev)
		if !ok {
			continue
		}
		return sev == ": "+d.Severity.String()+": " &&
			(d.Position() == pos || strings.HasPrefix(d.Position(), pos+":")) &&
			strings.Contains(d.Message, text)
	}
	return false
}

// TestRealSiteClean checks the repository's content: no errors, and the
// only warnings are the placeholders the city has to fill in.
func TestRealSiteClean(t *testing.T) {
	res, err := build.Run(sitetest.Repo(t, "content", "layouts", "assets", "i18n"), build.Options{Now: sitetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range check.Site(res) {
		if d.Severity == diag.Error || !strings.Contains(d.Message, "Platzhalter") {
			t.Errorf("%s", d.Long())
		}
	}
}

func TestReports(t *testing.T) {
	ds := []diag.Diagnostic{
		{Path: "content/a.md", Line: 3, Col: 2, Message: "Kaputt, wirklich: 100%", Detail: "Beispiel:\n  so: richtig"},
		{Path: "content/a.md", Line: 5, Severity: diag.Warning, Message: "Zeile1\nZeile2"},
		{Path: "content/b.md", Line: 1, Severity: diag.Warning, Message: "Warnung"},
	}
	var b bytes.Buffer
	check.Text(&b, ds)
	want := "content/a.md:3:2: error: Kaputt, wirklich: 100%\ncontent/a.md:5: warning: Zeile1 Zeile2\n\ncontent/b.md:1: warning: Warnung\n\n1 Fehler, 2 Warnungen in 2 Dateien.\n" + diag.VerboseHint + "\n"
	if b.String() != want {
		t.Errorf("Text:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	check.VerboseText(&b, ds)
	want = "content/a.md:3:2: error: Kaputt, wirklich: 100%\n    Beispiel:\n      so: richtig\ncontent/a.md:5: warning: Zeile1 Zeile2\n\ncontent/b.md:1: warning: Warnung\n\n1 Fehler, 2 Warnungen in 2 Dateien.\n"
	if b.String() != want {
		t.Errorf("VerboseText:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	check.GitHub(&b, ds[:2])
	want = "::error file=content/a.md,line=3,col=2,title=sitegen::Kaputt, wirklich: 100%25\n::warning file=content/a.md,line=5,title=sitegen::Zeile1 Zeile2\n"
	if b.String() != want {
		t.Errorf("GitHub:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	if err := check.JSON(&b, ds, nil, nil); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Diagnostics []map[string]any
		Errors      int
		Warnings    int
	}
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Errors != 1 || j.Warnings != 2 || len(j.Diagnostics) != 3 || j.Diagnostics[0]["path"] != "content/a.md" || j.Diagnostics[0]["line"] != 3.0 ||
		j.Diagnostics[0]["detail"] != "Beispiel:\n  so: richtig" || j.Diagnostics[1]["detail"] != nil {
		t.Errorf("JSON = %s", b.String())
	}

	b.Reset()
	if err := check.GitLab(&b, ds); err != nil {
		t.Fatal(err)
	}
	var gl []struct {
		Description, Severity, Fingerprint string
		Location                           struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &gl); err != nil {
		t.Fatal(err)
	}
	if len(gl) != 3 || gl[0].Severity != "major" || gl[1].Severity != "minor" || gl[2].Location.Path != "content/b.md" || gl[0].Location.Lines.Begin != 3 || gl[0].Fingerprint == gl[1].Fingerprint {
		t.Errorf("GitLab = %s", b.String())
	}

	b.Reset()
	check.Text(&b, nil)
	if b.String() != "Keine Probleme gefunden.\n" {
		t.Errorf("Text(nil) = %q", b.String())
	}
}

// TestReportsCondense checks that Text and GitHub show a message on at
// most diag.MaxSame files and count the rest, grouped by file as before,
// while JSON and GitLab keep every diagnostic.
func TestReportsCondense(t *testing.T) {
	var ds []diag.Diagnostic
	for i := range 25 {
		ds = append(ds, diag.Diagnostic{Path: fmt.Sprintf("content/t%02d.md", i), Line: 4, Message: `Die Reihe "x" ist nicht angelegt`})
	}
	ds = append(ds, diag.Diagnostic{Path: "content/t19.md", Line: 6, Severity: diag.Warning, Message: "Platzhalter"})
	slices.SortFunc(ds, diag.Compare)
	var b bytes.Buffer
	check.Text(&b, ds)
	out := b.String()
	if n := strings.Count(out, `: error: Die Reihe "x" ist nicht angelegt`); n != diag.MaxSame {
		t.Errorf("Text shows the message %d times, want %d", n, diag.MaxSame)
	}
	// The count follows the last line shown of its message.
	if want := "\n\ncontent/t19.md:4: error: Die Reihe \"x\" ist nicht angelegt\n… und 5 weitere Dateien mit demselben Fehler\ncontent/t19.md:6: warning: Platzhalter\n\n25 Fehler, 1 Warnung in 25 Dateien.\n"; !strings.HasSuffix(out, want) {
		t.Errorf("Text ends\n%s\nwant\n%s", out[max(0, len(out)-300):], want)
	}
	b.Reset()
	check.GitHub(&b, ds)
	if n := strings.Count(b.String(), "\n"); n != diag.MaxSame+2 || !strings.Contains(b.String(), "\n::error title=sitegen::… und 5 weitere Dateien mit demselben Fehler: Die Reihe \"x\" ist nicht angelegt\n") {
		t.Errorf("GitHub: %d lines\n%s", n, b.String())
	}
	b.Reset()
	if err := check.JSON(&b, ds, nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), `"path"`); n != len(ds) {
		t.Errorf("JSON has %d diagnostics, want %d", n, len(ds))
	}
	b.Reset()
	if err := check.GitLab(&b, ds); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), `"path"`); n != len(ds) {
		t.Errorf("GitLab has %d issues, want %d", n, len(ds))
	}
}
