package check_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestLeicht: a marked page gets each finding at its line and column, and
// nothing from tables, code or link addresses; a marked page without text
// or in a language without rules gets a warning at the key; a marked
// translation is an error of the build (the key is the original's).
func TestLeicht(t *testing.T) {
	fsys, wants := load(t, "leicht.txtar")
	res, _ := build.Run(fsys, build.Options{Now: sitetest.Now})
	if res.Site == nil {
		t.Fatalf("no site: %v", res.Diagnostics)
	}
	ds, read := check.Leicht(res.Site)
	matchAll(t, ds, wants)
	translation := false
	for _, d := range res.Diagnostics {
		if d.Path == "content/leicht.en.md" && d.Line == 3 && d.Severity == diag.Error && strings.HasPrefix(d.Message, "leichte_sprache: steht nur in der deutschen Fassung (content/leicht.md)") {
			translation = true
		}
	}
	if !translation {
		t.Errorf("no error at the marked translation: %v", res.Diagnostics)
	}

	// Figures for the German pages with text, marked or not, by path.
	var paths []string
	for _, r := range read {
		paths = append(paths, r.Path)
	}
	if got, want := strings.Join(paths, " "), "content/_index.md content/leicht.md content/schwer.md"; got != want {
		t.Errorf("readability of %s, want %s", got, want)
	}
	var b bytes.Buffer
	check.ReadabilityText(&b, read)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "  content/schwer.md: ") { // the others are under MinWords
		t.Errorf("the hardest pages, hardest first:\n%s", b.String())
	}
	b.Reset()
	if err := check.JSON(&b, ds, nil, read); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Readability []map[string]any `json:"readability"`
	}
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Readability) != 3 || j.Readability[1]["leichte_sprache"] != true || j.Readability[2]["max_words_per_sentence"] != 21.0 {
		t.Errorf("readability in JSON: %v", j.Readability)
	}
}

// TestRealSiteLeicht: the repository's page in Leichte Sprache keeps the
// rules that are errors.
func TestRealSiteLeicht(t *testing.T) {
	res, _ := build.Run(sitetest.Repo(t, "content", "layouts", "assets", "i18n"), build.Options{Now: sitetest.Now})
	ds, read := check.Leicht(res.Site)
	for _, d := range ds {
		if d.Severity == diag.Error {
			t.Errorf("%s", d.Long())
		}
	}
	marked := 0
	for _, r := range read {
		if r.LeichteSprache {
			marked++
		}
	}
	if marked != 1 {
		t.Errorf("%d pages marked leichte_sprache: true, want 1 (content/leichte-sprache.de.md)", marked)
	}
}
