package i18n_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
)

func TestBuiltin(t *testing.T) {
	var c *i18n.Catalog // nil: the built-in German strings
	if got := c.T("de", "no_entries"); got != "Es wurden keine Einträge gefunden!" {
		t.Errorf("no_entries = %q", got)
	}
	if got := c.T("en", "events_past_year", 2026); got != "Vergangene Termine 2026" {
		t.Errorf("an unknown language falls back to German: %q", got)
	}
	if got := c.T("de", "nope"); got != "[nope]" {
		t.Errorf("unknown key: %q", got)
	}
	if !slices.Contains(i18n.Keys(), "skip_link") || i18n.Known("nope") {
		t.Error("Keys/Known")
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/en.yaml":       {Data: []byte("skip_link: Skip to content\nevents_past_year: \"Past events {0}\"\n")},
		"i18n/tr.toml":       {Data: []byte("skip_link = \"İçeriğe geç\"\n")},
		"i18n/de.yaml":       {Data: []byte("skip_link: Direkt zum Inhalt\n")},
		"i18n/.hidden":       {Data: []byte("x")},
		"i18n/uk.yaml":       {Data: []byte("skip_linc: x\nnav_main: [a]\nno_entries: \"\"\nevents_past_year: Минулі події\n")},
		"i18n/notes.md":      {Data: []byte("x")},
		"i18n/Englisch.yaml": {Data: []byte("skip_link: x\n")},
		"i18n/ar.yaml":       {Data: []byte("skip_link: a: b\n")},
	}
	var diags diag.List
	c := i18n.Load(fsys, "i18n", &diags)
	for _, tc := range []struct{ lang, key, want string }{
		{"en", "skip_link", "Skip to content"},
		{"en", "events_past_year", "Past events 2026"},
		{"tr", "skip_link", "İçeriğe geç"},
		{"de", "skip_link", "Direkt zum Inhalt"},
		{"en", "nav_main", "Hauptnavigation"}, // missing: the German text
	} {
		if got := c.T(tc.lang, tc.key, 2026); got != tc.want {
			t.Errorf("T(%s, %s) = %q; want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	got := strings.Join(errors(diags.Sorted()), "\n")
	for _, want := range []string{
		`i18n/Englisch.yaml: "Englisch" ist kein Sprachcode`,
		`i18n/ar.yaml:1: Die Datei ist kein gültiges YAML`,
		`i18n/notes.md: In i18n/ gehören nur Dateien`,
		`i18n/uk.yaml:1: Den Text "skip_linc" gibt es nicht – gemeint ist wohl "skip_link"`,
		`i18n/uk.yaml:2: nav_main: hier gehört ein Text hin`,
		`i18n/uk.yaml:3: no_entries: der Text ist leer`,
		`i18n/uk.yaml:4: events_past_year: der Text muss die Platzhalter {0} enthalten`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, ".hidden") {
		t.Error("a hidden file was read")
	}
}

func TestCheck(t *testing.T) {
	keys := i18n.Keys()
	var full strings.Builder
	for _, k := range keys {
		if k != "skip_link" && k != "nav_main" {
			full.WriteString(k + ": \"x {0}\"\n")
		}
	}
	fsys := fstest.MapFS{
		"i18n/en.yaml": {Data: []byte(full.String())},
		"i18n/tr.yaml": {Data: []byte("skip_link: x\n")},
	}
	var load diag.List
	c := i18n.Load(fsys, "i18n", &load)
	var diags diag.List
	c.Check([]string{"de", "en", "tr", "ar"}, &diags)
	got := errors(diags.Sorted())
	want := []string{
		`i18n/ar.yaml: Die Texte der Oberfläche in der Sprache ar fehlen: bitte i18n/ar.yaml anlegen (Vorlage: i18n/de.yaml)`,
		`i18n/en.yaml: Der Text nav_main fehlt (auf Deutsch: "Hauptnavigation")`,
		`i18n/en.yaml: Der Text skip_link fehlt (auf Deutsch: "Zum Inhalt springen")`,
	}
	if len(got) != 4 || !slices.Equal(got[:3], want) || !strings.HasPrefix(got[3], "i18n/tr.yaml: Es fehlen ") {
		t.Errorf("Check:\n%s", strings.Join(got, "\n"))
	}
}

// The repository's own strings are complete in every language the site
// declares, with the same placeholders as the German ones.
func TestRepositoryStrings(t *testing.T) {
	var diags diag.List
	c := i18n.Load(os.DirFS("../.."), "i18n", &diags)
	c.Check([]string{"de", "en", "tr", "ar", "uk"}, &diags)
	for _, d := range diags.Sorted() {
		t.Error(d.Error())
	}
	if got := c.T("de", "no_entries"); got != "Es wurden keine Einträge gefunden!" {
		t.Errorf("the German fallback sentence is %q", got)
	}
	for _, l := range []string{"en", "tr", "ar", "uk"} {
		if got := c.T(l, "no_entries"); got == "Es wurden keine Einträge gefunden!" || got == "" {
			t.Errorf("%s has no fallback sentence of its own: %q", l, got)
		}
	}
}

func errors(ds []diag.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Error()
	}
	return out
}
