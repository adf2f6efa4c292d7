package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/search"
)

// TestRealSite builds the repository's own content and checks that the
// facts of the original page reach the readers.
//
// It builds a copy of the site's sources without tools/ and with an empty
// $PATH, as on a machine with Go alone: the search index and /admin/ are
// optional in the product, so the build succeeds and says exactly what it
// left out (.ci/run builds the real site with both installed).
func TestRealSite(t *testing.T) {
	src := t.TempDir()
	for _, d := range []string{"content", "layouts", "assets", "i18n"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", t.TempDir())
	t.Setenv(search.EnvVar, "")
	t.Setenv(cms.EnvVar, "")
	out := t.TempDir()
	code, _, errs := sitegen("build", "--source", src, "--out", out, "--cache-dir", t.TempDir(), "--now", "2026-11-25T12:00", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	// Exactly these notices and one warning: the tools that are missing,
	// and what the city has to fill in before publishing (README, "Before
	// the first publication").
	want := []string{
		"sitegen: Hinweis: " + cms.NotInstalled,
		"Warnung: N Platzhalter [PLATZHALTER: …] sind noch nicht ausgefüllt – sitegen check zeigt, wo; veröffentlicht wird so nicht (sitegen check --publish).",
	}
	got := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	for i := range got { // the number of placeholders changes as the city fills them in
		got[i] = regexp.MustCompile(`^Warnung: \d+ Platzhalter`).ReplaceAllString(got[i], "Warnung: N Platzhalter")
	}
	if !slices.Equal(got, want) {
		t.Errorf("the real site without Decap says\n%s\nwant exactly\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(filepath.Join(out, "admin")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("admin/ without Decap: %v", err)
	}
	// The search index, without any tool installed: one per language.
	for _, l := range []string{"de", "en", "ar", "tr", "uk"} {
		if _, err := os.Stat(filepath.Join(out, search.IndexDir, l, "index.json")); err != nil {
			t.Errorf("the search index of %s: %v", l, err)
		}
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tags := regexp.MustCompile(`<[^>]*>`)
	text := func(p string) string { return strings.Join(strings.Fields(tags.ReplaceAllString(read(p), " ")), " ") }

	for _, tc := range []struct {
		page  string
		wants []string
	}{
		{"index.html", []string{"Integration als Querschnittsaufgabe", `<html lang="de"`}},
		{"runder-tisch-fachforum/index.html", []string{"Runder Tisch Integration", "Fachforum Integration", "Nächster Termin", "Es wurden keine Einträge gefunden!"}},
		{"akteure/index.html", []string{"Akteure der Integration", "Migranten- und Integrationsbeirat", "Fachbereich Integration, Ehrenamt und Familie"}},
		{"fip/index.html", []string{"Flächenübergreifendes Integrationsprojekt", "Juli 2007", "2007–2013", "2016"}},
		{"leitbild/index.html", []string{"Leitbild"}},
		{"barrierefreiheit/index.html", []string{"Erklärung zur Barrierefreiheit"}},
		{"leichte-sprache/index.html", []string{"Leichte Sprache"}},
	} {
		got, raw := text(tc.page), read(tc.page)
		for _, w := range tc.wants {
			if !strings.Contains(got, w) && !(strings.HasPrefix(w, "<") && strings.Contains(raw, w)) {
				t.Errorf("%s lacks %q", tc.page, w)
			}
		}
	}
	// The home page: the next dates before the text, then the topics in
	// menu order, each once; the service pages only in the footer.
	home := read("index.html")
	main := home[strings.Index(home, "<main"):strings.Index(home, "</main>")]
	footer := home[strings.Index(home, "<footer"):]
	next, text1, topics := strings.Index(main, "Nächste Termine"), strings.Index(main, "Eine Stadt für alle"), strings.Index(main, "Themen im Überblick")
	if next < 0 || text1 < 0 || topics < 0 || !(next < text1 && text1 < topics) {
		t.Errorf("home page: next dates at %d, text at %d, topics at %d; want them in that order", next, text1, topics)
	}
	for _, w := range []string{`href="/akteure/"`, `href="/leitbild/"`, `href="/runder-tisch-fachforum/"`, `href="/fip/"`} {
		if n := strings.Count(main, w); n != 1 {
			t.Errorf("home page: %s %d times in <main>, want once", w, n)
		}
	}
	if n := strings.Count(main[topics:], `href="/termine/"`); n != 1 { // and "Alle Termine" in the box of dates
		t.Errorf("home page: the topics list /termine/ %d times, want once", n)
	}
	if strings.Index(main, `href="/akteure/"`) > strings.Index(main, `href="/fip/"`) {
		t.Error("home page: the topics are not in menu order")
	}
	for _, w := range []string{"/impressum/", "/datenschutz/", "/barrierefreiheit/"} {
		if strings.Contains(main, `href="`+w+`"`) || !strings.Contains(footer, `href="`+w+`"`) {
			t.Errorf("home page: %s belongs in the footer only", w)
		}
	}
	if !strings.Contains(footer, `href="/a-z/"`) {
		t.Error("the footer does not link the A–Z index")
	}
	// The A–Z index and the search page in every language; no page
	// allows WebAssembly (the search reads JSON).
	for _, l := range []string{"", "en/", "ar/"} {
		if az := text(l + "a-z/index.html"); !strings.Contains(az, "Migranten- und Integrationsbeirat") {
			t.Errorf("%sa-z/ does not list the Beirat", l)
		}
		search := read(l + "suche/index.html")
		if !strings.Contains(search, `role="search"`) || !strings.Contains(search, `type="search" name="q"`) || strings.Contains(search, "wasm-unsafe-eval") || !strings.Contains(search, `data-index="/suchindex/"`) {
			t.Errorf("%ssuche/ lacks the search form or its policy", l)
		}
		if strings.Contains(read(l+"index.html"), "wasm-unsafe-eval") {
			t.Errorf("%sindex.html allows WebAssembly", l)
		}
	}

	// The FIP facts, on whichever milestone page holds them.
	var fip strings.Builder
	files, _ := filepath.Glob(filepath.Join(out, "fip", "*", "index.html"))
	for _, f := range files {
		rel, _ := filepath.Rel(out, f)
		fip.WriteString(text(filepath.ToSlash(rel)))
	}
	for _, w := range []string{"Andreas Starke", "Maßnahmenkatalog Stand 12.07.2013", "Lenkungsgruppe", "Beratungs- und Entscheidungsgremium", "Familiensenat", "Stadtrat", "Kommunale Integrationsförderung", "Migranten- und Integrationsbeirat"} {
		if !strings.Contains(fip.String(), w) {
			t.Errorf("the FIP milestone pages lack %q", w)
		}
	}
}
