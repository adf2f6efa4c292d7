package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRealSite builds the repository's own content and checks that the
// facts of the original page reach the readers.
func TestRealSite(t *testing.T) {
	t.Setenv("SITEGEN_PAGEFIND", "off") // the search index has tests of its own
	out := t.TempDir()
	code, _, errs := sitegen("build", "--source", "../..", "--out", out, "--cache-dir", t.TempDir(), "--now", "2026-11-25T12:00", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	// The only warning: what the city has to fill in before publishing
	// (README, "Before the first publication").
	if rest := regexp.MustCompile(`(?m)^Warnung: \d+ Platzhalter .*\n`).ReplaceAllString(errs, ""); rest != "" {
		t.Errorf("the real site builds with warnings:\n%s", rest)
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
	// The A–Z index and the search page in every language; the search
	// page alone allows WebAssembly.
	for _, l := range []string{"", "en/", "ar/"} {
		if az := text(l + "a-z/index.html"); !strings.Contains(az, "Migranten- und Integrationsbeirat") {
			t.Errorf("%sa-z/ does not list the Beirat", l)
		}
		search := read(l + "suche/index.html")
		if !strings.Contains(search, `role="search"`) || !strings.Contains(search, `type="search" name="q"`) || !strings.Contains(search, "'wasm-unsafe-eval'") {
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
