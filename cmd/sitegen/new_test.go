package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestNew scaffolds each kind into a small site and checks the file: its
// place and name, that it is never overwritten, and that the site still
// builds with it (as a draft) with only its placeholders reported.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	for _, tc := range []struct {
		args     []string
		path     string
		contains []string
	}{
		{[]string{"event", "Runder Tisch Integration März 2027", "--start", "2027-03-11T18:00"}, "content/termine/runder-tisch-integration-maerz-2027.md",
			[]string{`title: "Runder Tisch Integration März 2027"`, "start: 2027-03-11T18:00", "# Möglich: fachforum, runder-tisch\n# series: fachforum\n", "Möglich: arbeitskreis, beirat, oekumene", "draft: true"}},
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
	b, err := os.ReadFile(filepath.Join(dir, "content", "termine", "fachforum.md"))
	if err != nil {
		t.Fatal(err)
	}
	before, _, _ := strings.Cut(string(b), "\nstart: ")
	line := strings.Count(before, "\n") + 2
	code, _, errs := sitegen("build", "--source", dir, "--drafts", "--quiet")
	if want := fmt.Sprintf(`content/termine/fachforum.md:%d: "start" ist noch ein Platzhalter`, line); code != 1 || !strings.Contains(errs, want) {
		t.Errorf("build with a placeholder start: exit %d, %q; want 1 and %q", code, errs, want)
	}
}

// TestNewLanguages: on a site in German and English a new original is
// named x.de.md, as the CMS names it; its translation x.en.md; x.de.md
// is not made beside an x.md.
func TestNewLanguages(t *testing.T) {
	dir := t.TempDir()
	// The golden site in German and English, with the repository's interface strings.
	sitetest.Write(t, dir, sitetest.Site(t, "../../internal/build/testdata/golden/lang-two.txtar"))
	for _, tc := range []struct {
		args []string
		path string
	}{
		{[]string{"event", "Sommerfest", "--start", "2027-07-03T15:00"}, "content/termine/sommerfest.de.md"},
		{[]string{"translation", "content/termine/sommerfest.de.md", "en"}, "content/termine/sommerfest.en.md"},
		{[]string{"page", "Impressum"}, "content/impressum.de.md"},
		{[]string{"translation", "impressum.de.md", "en"}, "content/impressum.en.md"},
	} {
		code, out, errs := sitegen(append([]string{"new", "--source", dir}, tc.args...)...)
		if code != 0 || !strings.Contains(out, "Angelegt: "+tc.path) {
			t.Fatalf("new %q: exit %d, %q, %s; want %s", tc.args, code, out, errs, tc.path)
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tc.path))); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := sitegen("build", "--source", dir, "--drafts", "--quiet"); code != 0 {
		t.Errorf("build --drafts: %s", errs)
	}
	before := treeHash(t, filepath.Join(dir, "content"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"page", "Kontakt"}, "content/kontakt.md gibt es schon"},
		{[]string{"event", "Sommerfest"}, "content/termine/sommerfest.de.md gibt es schon"},
		{[]string{"translation", "content/termine/sommerfest.en.md", "en"}, "bitte das Original angeben: sitegen new translation content/termine/sommerfest.de.md en"},
	} {
		if code, _, errs := sitegen(append([]string{"new", "--source", dir}, tc.args...)...); code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("new %q: exit %d, %q; want a refusal with %q", tc.args, code, errs, tc.want)
		}
	}
	if treeHash(t, filepath.Join(dir, "content")) != before {
		t.Error("a refused new changed content/")
	}
}

func TestNewUsage(t *testing.T) {
	for _, args := range [][]string{{"new"}, {"new", "event"}, {"new", "termin", "X"}, {"new", "page", "!!!"},
		{"new", "translation"}, {"new", "translation", "content/leitbild.md"}, {"new", "translation", "content/leitbild.md", "en", "tr"}} {
		if code, _, _ := sitegen(args...); code != 2 {
			t.Errorf("sitegen %q: exit %d, want 2", args, code)
		}
	}
}

// TestNewTranslation scaffolds translations of a page, an event and an
// actor into a site in German and English: with drafts the site builds
// with them and shows none of the German text in the English pages;
// without drafts the English pages still show the original.
func TestNewTranslation(t *testing.T) {
	dir := t.TempDir()
	// The golden site in German and English, with the repository's interface strings.
	sitetest.Write(t, dir, sitetest.Site(t, "../../internal/build/testdata/golden/lang-two.txtar"))
	for name, data := range map[string]string{
		"content/kontakt.md":           "---\ntitle: Kontakt\ndescription: So erreichen Sie uns.\nmenu: true\nweight: 20\n---\nSchreiben Sie uns.\n\n## Sprechzeiten {#zeiten}\n\n- Montag 9 bis 12 Uhr\n- Donnerstag 14 bis 18 Uhr\n\n::events{limit=1}\n",
		"content/termine/fachforum.md": "---\ntitle: Fachforum Integration\nstart: 2027-05-06T17:00\norganizer: beirat\nlocation:\n  name: Kulturraum im Rathaus\n  address: Maximiliansplatz 3, 96047 Bamberg\nsummary: Arbeitsgruppen stellen sich vor.\nregistration: Bitte bis 1. Mai anmelden.\n---\nDas Programm folgt.\n",
		"content/akteure/cafe.md":      "---\ntitle: Café International\ncategory: sozial\nrole: Treffpunkt für alle.\noffers: [Sprachcafé, Beratung]\n---\nJeden Dienstag geöffnet.\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	german := []string{"Schreiben Sie uns", "Sprechzeiten", "Montag", "Kulturraum", "Arbeitsgruppen", "Bitte bis 1. Mai", "Das Programm", "Treffpunkt", "Sprachcafé", "Jeden Dienstag"}

	for _, tc := range []struct {
		arg, path string
		contains  []string
	}{
		{"content/kontakt.md", "content/kontakt.en.md", []string{"# Original: Kontakt\ntitle: \"[PLATZHALTER: Titel übersetzen]\"\n", "## [PLATZHALTER: Abschnitt 2 übersetzen] {#zeiten}\n", "\n::events{limit=1}\n"}},
		{filepath.Join(dir, "content", "termine", "fachforum.md"), "content/termine/fachforum.en.md", []string{"summary: \"[PLATZHALTER", "location:\n  # Original: Kulturraum im Rathaus\n  name: \"[PLATZHALTER", "registration: \"[PLATZHALTER"}},
		{"akteure/cafe.md", "content/akteure/cafe.en.md", []string{"role: \"[PLATZHALTER", "offers:\n  # Original: Sprachcafé\n  - \"[PLATZHALTER"}},
	} {
		code, out, errs := sitegen("new", "translation", tc.arg, "en", "--source", dir)
		if code != 0 {
			t.Fatalf("new translation %s: exit %d: %s", tc.arg, code, errs)
		}
		if want := "Angelegt: " + tc.path + " "; !strings.Contains(out, want) || !strings.Contains(out, "draft: true löschen") {
			t.Errorf("new translation %s: output %q lacks %q or how to publish", tc.arg, out, want)
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.path)))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range append(tc.contains, "\ndraft: true\n") {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q:\n%s", tc.path, w, b)
			}
		}
	}

	// The model: with drafts the translations are the English pages,
	// without a problem; without drafts the English pages show the
	// original.
	rels := []string{"kontakt.md", "termine/fachforum.md", "akteure/cafe.md"}
	for _, drafts := range []bool{true, false} {
		var diags diag.List
		s := model.Build(load.Load(os.DirFS(dir), "content", &diags), model.Options{Drafts: drafts}, &diags)
		for _, d := range diags.Sorted() {
			if d.Severity == diag.Error {
				t.Errorf("drafts %v: %s", drafts, d.Error())
			}
		}
		for _, rel := range rels {
			var orig *model.Page
			for _, p := range s.Pages {
				if p.Source.Rel == rel && p.Original == nil {
					orig = p
				}
			}
			if orig == nil {
				t.Fatalf("drafts %v: no page %s", drafts, rel)
			}
			en := orig.In("en")
			switch {
			case en == nil:
				t.Errorf("drafts %v: %s has no English page", drafts, rel)
			case en.Untranslated == drafts:
				t.Errorf("drafts %v: %s in English: Untranslated %v", drafts, rel, en.Untranslated)
			case !drafts && en.Title != orig.Title:
				t.Errorf("without drafts, %s in English has the title %q, want the original's %q", rel, en.Title, orig.Title)
			}
		}
	}

	// Built with drafts, the English pages hold placeholders and none of
	// the German text.
	if code, _, errs := sitegen("build", "--source", dir, "--drafts", "--quiet"); code != 0 {
		t.Fatalf("build --drafts: %s", errs)
	}
	for _, page := range []string{"en/kontakt", "en/termine/fachforum", "en/akteure/cafe"} {
		b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(page), "index.html"))
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.Contains(string(b), "[PLATZHALTER: Titel übersetzen]") {
			t.Errorf("%s does not show the translation:\n%s", page, b)
		}
		for _, w := range german {
			if strings.Contains(string(b), w) {
				t.Errorf("%s shows the German %q:\n%s", page, w, b)
			}
		}
	}
	// Without drafts, the site builds and the English page is the original's.
	if code, _, errs := sitegen("build", "--source", dir, "--quiet"); code != 0 {
		t.Fatalf("build: %s", errs)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "public", "en", "kontakt", "index.html")); err != nil || !strings.Contains(string(b), "Schreiben Sie uns") {
		t.Errorf("without drafts, /en/kontakt/ should show the original: %v\n%s", err, b)
	}

	// Refusals: a clear message of one line, exit 2, nothing written.
	before := treeHash(t, filepath.Join(dir, "content"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"content/kontakt.md", "fr"}, `die Sprache "fr" ist nicht erklärt: auf der Startseite (content/_index.md oder _index.de.md) stehen unter site: languages: de, en`},
		{[]string{"content/kontakt.md", "de"}, "de ist die Sprache der Website"},
		{[]string{"content/leitbild.md", "en"}, "content/leitbild.en.md gibt es schon – eine Übersetzung wird nie überschrieben"},
		{[]string{"content/kontakt.md", "en"}, "content/kontakt.en.md gibt es schon"},
		{[]string{"content/leitbild.en.md", "en"}, "content/leitbild.en.md ist selbst eine Übersetzung (en) – bitte das Original angeben"},
		{[]string{"content/fehlt.md", "en"}, "content/fehlt.md gibt es nicht"},
		{[]string{"content/kontakt.md", "en", "--section", "x"}, "--section gilt nicht für Übersetzungen"},
	} {
		code, _, errs := sitegen(append([]string{"new", "--source", dir, "translation"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("new translation %q: exit %d, %q; want 2 and %q on one line", tc.args, code, errs, tc.want)
		}
	}
	if treeHash(t, filepath.Join(dir, "content")) != before {
		t.Error("a refused new translation changed content/")
	}
}
