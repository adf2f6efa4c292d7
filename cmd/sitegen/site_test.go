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
