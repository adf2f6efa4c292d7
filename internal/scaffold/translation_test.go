package scaffold

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
)

// body is a page body with every kind of block the skeleton treats apart.
const body = `Erster Absatz mit [Link](kontakt.md).
Noch eine Zeile.

## Ziele der Arbeit {#ziele}

::events{series="rt" limit=1}

| Merkmal | Ebene |
|---|---|
| Rahmen | Verwaltung |

- Beraten
- Begleiten
::actors{}
### Zweite Überschrift ###
Direkt danach ein Satz.[^1]

Setext-Überschrift
------------------

---

` + "```" + `
::events{}
Code mit Wörtern
` + "```" + `

[kontakt]: kontakt.md

[^1]: Eine Fußnote.
`

// german are the words of body that must not be in the translation's body.
var german = []string{"Absatz", "Zeile", "Ziele", "Merkmal", "Rahmen", "Beraten", "Zweite", "Direkt", "Setext", "Code mit", "Fußnote."}

func TestSkeleton(t *testing.T) {
	page := &model.Page{
		Kind: load.KindPage, Type: model.TypePage,
		Source: &load.File{Path: "content/a.md", Rel: "a.md", Meta: meta(t, "title: Seite A\ndescription: \"Zwei Sätze: \\\"so\\\".\"\nweight: 3\n"), Body: []byte(body)},
	}
	got := string(renderTranslation(page, "en"))
	fm, skeleton, ok := strings.Cut(strings.TrimPrefix(got, "---\n"), "\n---\n")
	fm += "\n"
	if !ok {
		t.Fatalf("no front matter:\n%s", got)
	}
	want := `
[PLATZHALTER: Abschnitt 1 übersetzen]

## [PLATZHALTER: Abschnitt 2 übersetzen] {#ziele}

::events{series="rt" limit=1}

[PLATZHALTER: Abschnitt 3 übersetzen (Tabelle)]

[PLATZHALTER: Abschnitt 4 übersetzen (Liste)]

::actors{}

### [PLATZHALTER: Abschnitt 5 übersetzen]

[PLATZHALTER: Abschnitt 6 übersetzen]

[PLATZHALTER: Abschnitt 7 übersetzen]
------------------

---

[PLATZHALTER: Abschnitt 8 übersetzen (Code)]

[kontakt]: kontakt.md

[^1]: [PLATZHALTER: Abschnitt 9 übersetzen (Fußnote)]
`
	if skeleton != want {
		t.Errorf("body:\n%s\nwant:\n%s", skeleton, want)
	}
	for _, w := range []string{
		"# Original: Seite A\ntitle: \"[PLATZHALTER: Titel übersetzen]\"\n",
		"# Original: Zwei Sätze: \"so\".\ndescription: \"[PLATZHALTER: Beschreibung übersetzen]\"\n",
		"\ndraft: true\n",
		"\n# [1] Erster Absatz mit [Link](kontakt.md).\n#     Noch eine Zeile.\n",
		"\n# [2] ## Ziele der Arbeit {#ziele}\n",
		"\n#     ::events{series=\"rt\" limit=1}\n",
		"\n# [7] Setext-Überschrift\n#     ------------------\n",
		"\n# [8] ```\n#     ::events{}\n#     Code mit Wörtern\n#     ```\n",
		"\n# [9] [^1]: Eine Fußnote.\n",
	} {
		if !strings.Contains(fm, w) {
			t.Errorf("front matter lacks %q:\n%s", w, fm)
		}
	}
	if strings.Contains(fm, "weight") {
		t.Errorf("a fact of the original is in the translation:\n%s", fm)
	}

	// The skeleton renders without problems and without a German word.
	res, ds := markdown.New().Convert([]byte(skeleton), markdown.Page{Path: "content/a.en.md",
		ResolveLink: func(dest string) (string, error) { return dest, nil }})
	for _, d := range ds {
		if d.Severity == diag.Error {
			t.Errorf("skeleton: %s", d.Error())
		}
	}
	for _, w := range german {
		if strings.Contains(string(res.HTML), w) {
			t.Errorf("%q is on the page:\n%s", w, res.HTML)
		}
	}
}

func meta(t *testing.T, yaml string) *load.Node {
	t.Helper()
	var diags diag.List
	c := load.Load(fstest.MapFS{"content/x.md": {Data: []byte("---\n" + yaml + "---\n")}}, "content", &diags)
	if diags.HasErrors() || len(c.Pages) != 1 {
		t.Fatalf("front matter %q: %v", yaml, diags.Sorted())
	}
	return c.Pages[0].Meta
}

// site is a small site in German and English.
func site() fstest.MapFS {
	return fstest.MapFS{
		"content/_index.md":           {Data: []byte("---\ntitle: Start\ndescription: Die Startseite.\nsite:\n  title: Integration\n  base_url: https://example.org/\n  languages: [de, en]\n---\nWillkommen in Bamberg.\n\n::events{limit=1}\n")},
		"content/leitbild.md":         {Data: []byte("---\ntitle: Leitbild, Ziele & Vorgehen\ndescription: Welche Grundsätze in Bamberg gelten.\nmenu: true\nweight: 20\n---\n" + body)},
		"content/kontakt.md":          {Data: []byte("---\ntitle: Kontakt\n---\nSchreiben Sie uns.\n")},
		"content/kontakt.en.md":       {Data: []byte("---\ntitle: Contact\n---\nWrite to us.\n")},
		"content/termine/_index.md":   {Data: []byte("---\ntitle: Termine\ndescription: Alle Termine.\ntype: event\nseries:\n  rt: Runder Tisch\n---\nDie kommenden Termine.\n\n::events{}\n")},
		"content/termine/rt-maerz.md": {Data: []byte("---\ntitle: Runder Tisch im März\nstart: 2027-03-11T18:00\nseries: rt\norganizer: beirat\nlocation:\n  name: Rathaus, Sitzungssaal\n  address: Maximiliansplatz 3, 96047 Bamberg\nregistration: Anmeldung bis 4. März per E-Mail\nsummary: Austausch der Akteure.\n---\nTagesordnung folgt.\n")},
		"content/termine/fest.md":     {Data: []byte("---\ntitle: Fest der Kulturen\nstart: 2027-07-03\nlocation:\n  online: https://example.org/live\nregistration: https://example.org/anmeldung\n---\nMit Musik.\n")},
		"content/akteure/_index.md":   {Data: []byte("---\ntitle: Akteure\ntype: actor\n---\n::actors{}\n")},
		"content/akteure/beirat.md":   {Data: []byte("---\ntitle: Migrantenbeirat\ncategory: beirat\nrole: Berät den Stadtrat.\noffers: [Beratung, Sprechstunde]\ncontact:\n  email: beirat@example.org\n---\n## Beraten\n\nDer Beirat berät.\n")},
		"content/fip/plan/index.md":   {Data: []byte("---\ntitle: Der Plan\ndescription: Ein Bündel.\n---\nSiehe ![Plan als Bild](plan.png).\n")},
		"content/fip/plan/plan.png":   {Data: []byte("png")},
		"content/_notiz.md":           {Data: []byte("---\ntitle: Notiz\n---\n")},
		"content/kaputt.md":           {Data: []byte("kein Front Matter\n")},
	}
}

// TestPlanTranslation scaffolds translations of a page, an event, an
// actor, a section and a bundle, and builds the site with them: with
// drafts each is the page in English without an error, without drafts
// the English page still shows the original.
func TestPlanTranslation(t *testing.T) {
	fsys := site()
	for _, tc := range []struct {
		orig, path string
		contains   []string
		lacks      []string
	}{
		{"content/leitbild.md", "content/leitbild.en.md",
			[]string{"# Original: Leitbild, Ziele & Vorgehen\ntitle: \"[PLATZHALTER: Titel übersetzen]\"\n# Original: Welche Grundsätze in Bamberg gelten.\ndescription: \"[PLATZHALTER: Beschreibung übersetzen]\"\n"},
			[]string{"menu:", "weight:"}},
		{"content/termine/rt-maerz.md", "content/termine/rt-maerz.en.md",
			[]string{
				"# Original: Austausch der Akteure.\nsummary: \"[PLATZHALTER: Kurzfassung übersetzen]\"\n",
				"location:\n  # Original: Rathaus, Sitzungssaal\n  name: \"[PLATZHALTER: Name des Orts übersetzen]\"\n",
				"# Original: Anmeldung bis 4. März per E-Mail\nregistration: \"[PLATZHALTER: Anmeldung übersetzen]\"\n",
			},
			[]string{"description:", "start:", "address:", "organizer:", "series:"}},
		{"content/termine/fest.md", "content/termine/fest.en.md",
			[]string{"registration: \"https://example.org/anmeldung\"\n"},
			[]string{"location:", "summary:"}},
		{"content/akteure/beirat.md", "content/akteure/beirat.en.md",
			[]string{
				"# Original: Berät den Stadtrat.\nrole: \"[PLATZHALTER: Aufgabe übersetzen]\"\n",
				"offers:\n  # Original: Beratung\n  - \"[PLATZHALTER: Angebot übersetzen]\"\n  # Original: Sprechstunde\n  - \"[PLATZHALTER: Angebot übersetzen]\"\n",
			},
			[]string{"category:", "contact:"}},
		{"content/termine/_index.md", "content/termine/_index.en.md",
			[]string{"\n::events{}\n"},
			[]string{"type:", "series:", "summary:"}},
		{"content/_index.md", "content/_index.en.md", []string{"\n::events{limit=1}\n"}, []string{"site:", "languages:"}},
		{"content/fip/plan/index.md", "content/fip/plan/index.en.md", nil, nil},
	} {
		p, data, err := PlanTranslation(fsys, tc.orig, "en")
		if err != nil {
			t.Fatalf("%s: %v", tc.orig, err)
		}
		if p != tc.path {
			t.Errorf("%s: path %s, want %s", tc.orig, p, tc.path)
		}
		for _, w := range append(tc.contains, "\ndraft: true\n") {
			if !strings.Contains(string(data), w) {
				t.Errorf("%s lacks %q:\n%s", p, w, data)
			}
		}
		for _, w := range tc.lacks {
			if strings.Contains(string(data), w) {
				t.Errorf("%s has %q:\n%s", p, w, data)
			}
		}
		fsys[p] = &fstest.MapFile{Data: data}
	}

	check := func(drafts bool) *model.Site {
		t.Helper()
		var diags diag.List
		s := model.Build(load.Load(fsys, "content", &diags), model.Options{Drafts: drafts}, &diags)
		for _, d := range diags.Sorted() {
			if strings.HasSuffix(d.Path, ".en.md") && d.Severity == diag.Error {
				t.Errorf("drafts %v: %s", drafts, d.Error())
			}
		}
		return s
	}
	s := check(true)
	for _, rel := range []string{"leitbild.md", "termine/rt-maerz.md", "termine/fest.md", "akteure/beirat.md", "termine/_index.md", "_index.md", "fip/plan/index.md"} {
		q := original(s, rel).In("en")
		if q == nil || q.Untranslated || !strings.HasPrefix(q.Title, Placeholder) {
			t.Errorf("with drafts, %s in English: %+v", rel, q)
			continue
		}
		// The German text is not in the body: only in the front matter's
		// comments, which no page shows.
		orig := string(original(s, rel).Source.Body)
		for _, l := range strings.Split(orig, "\n") {
			if strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "::") && !strings.HasPrefix(l, "[kontakt]:") && strings.Trim(l, "-") != "" &&
				strings.Contains(string(q.Source.Body), l) {
				t.Errorf("%s: the original's line %q is in the body of the translation", rel, l)
			}
		}
	}
	if e := original(s, "termine/rt-maerz.md").In("en").Event; e.Location.Address != "Maximiliansplatz 3, 96047 Bamberg" || e.Organizer == nil {
		t.Errorf("the event's facts are not the original's: %+v", e)
	}
	s = check(false)
	for _, rel := range []string{"leitbild.md", "termine/rt-maerz.md", "termine/fest.md", "akteure/beirat.md", "termine/_index.md", "_index.md", "fip/plan/index.md"} {
		if q := original(s, rel).In("en"); q == nil || !q.Untranslated || q.Title != original(s, rel).Title {
			t.Errorf("without drafts, %s in English should show the original: %+v", rel, q)
		}
	}
}

// original returns the page of the default language made from the file
// content/rel.
func original(s *model.Site, rel string) *model.Page {
	for _, p := range s.Pages {
		if p.Source.Rel == rel && p.Original == nil && p.SeriesSlug == "" {
			return p
		}
	}
	return nil
}

func TestPlanTranslationRefusals(t *testing.T) {
	fsys := site()
	fsys["content/leitbild.en.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Mission\n---\n")}
	one := site()
	one["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Start\n---\n")}
	for _, tc := range []struct {
		fsys       fstest.MapFS
		orig, lang string
		want       string
	}{
		{fsys, "content/leitbild.md", "fr", `die Sprache "fr" ist nicht erklärt: auf der Startseite (content/_index.md oder _index.de.md) stehen unter site: languages: de, en`},
		{one, "content/leitbild.md", "en", "die Website hat nur eine Sprache (de)"},
		{fsys, "content/leitbild.md", "de", "de ist die Sprache der Website"},
		{fsys, "content/leitbild.md", "en", "content/leitbild.en.md gibt es schon – eine Übersetzung wird nie überschrieben"},
		{fsys, "content/leitbild.en.md", "en", "content/leitbild.en.md ist selbst eine Übersetzung (en) – bitte das Original angeben: sitegen new translation content/leitbild.md en"},
		{fsys, "content/kontakt.en.md", "tr", "ist selbst eine Übersetzung"},
		{fsys, "content/fehlt.md", "en", "content/fehlt.md gibt es nicht"},
		{fsys, "content/fip/plan/plan.png", "en", "keine Markdown-Seite"},
		{fsys, "content/termine", "en", "keine Markdown-Seite"},
		{fsys, "layouts/x.md", "en", "liegt nicht unter content/"},
		{fsys, "content/_notiz.md", "en", "ist keine Seite der Website"},
		{fsys, "content/kaputt.md", "en", "content/kaputt.md hat einen Fehler"},
	} {
		_, _, err := PlanTranslation(tc.fsys, tc.orig, tc.lang)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s: %v, want %q", tc.orig, tc.lang, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s %s: message of more than one line: %q", tc.orig, tc.lang, err)
		}
	}
}

// TestPlanTranslationCodedOriginal: originals named with the site's first
// language, as the CMS names them (leitbild.de.md, _index.de.md,
// index.de.md), are translated into leitbild.en.md and so on; a
// translation is still refused, and pointed to its coded original.
func TestPlanTranslationCodedOriginal(t *testing.T) {
	fsys := site()
	for _, rel := range []string{"_index.md", "leitbild.md", "termine/_index.md", "fip/plan/index.md"} {
		coded := "content/" + strings.TrimSuffix(rel, ".md") + ".de.md"
		fsys[coded] = fsys["content/"+rel]
		delete(fsys, "content/"+rel)
	}
	for orig, want := range map[string]string{
		"content/_index.de.md":         "content/_index.en.md",
		"content/leitbild.de.md":       "content/leitbild.en.md",
		"content/termine/_index.de.md": "content/termine/_index.en.md",
		"content/fip/plan/index.de.md": "content/fip/plan/index.en.md",
		"content/kontakt.md":           "", // kontakt.en.md exists
	} {
		p, data, err := PlanTranslation(fsys, orig, "en")
		if want == "" {
			if err == nil || !strings.Contains(err.Error(), "content/kontakt.en.md gibt es schon") {
				t.Errorf("%s: %v, want a refusal", orig, err)
			}
			continue
		}
		if err != nil || p != want {
			t.Errorf("%s: %q, %v; want %s", orig, p, err, want)
			continue
		}
		if !strings.Contains(string(data), "# Übersetzung von "+orig+" ") {
			t.Errorf("%s: the translation does not name its original:\n%s", orig, data)
		}
		fsys[p] = &fstest.MapFile{Data: data}
	}
	var diags diag.List
	s := model.Build(load.Load(fsys, "content", &diags), model.Options{Drafts: true}, &diags)
	for _, d := range diags.Sorted() {
		if d.Severity == diag.Error && d.Path != "content/kaputt.md" {
			t.Error(d.Error())
		}
	}
	if q := original(s, "leitbild.md"); q == nil || q.In("en") == nil || q.In("en").Untranslated {
		t.Errorf("leitbild.de.md has no English page from leitbild.en.md")
	}
	for _, tc := range []struct{ orig, lang, want string }{
		{"content/leitbild.en.md", "tr", "content/leitbild.en.md ist selbst eine Übersetzung (en) – bitte das Original angeben: sitegen new translation content/leitbild.de.md tr"},
		{"content/leitbild.de.md", "de", "de ist die Sprache der Website"},
		{"content/leitbild.de.md", "en", "content/leitbild.en.md gibt es schon"},
	} {
		if _, _, err := PlanTranslation(fsys, tc.orig, tc.lang); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s: %v, want %q", tc.orig, tc.lang, err, tc.want)
		}
	}
}

func TestTranslationPath(t *testing.T) {
	for orig, want := range map[string]string{
		"content/a/b.md":          "content/a/b.en.md",
		"content/a/b.de.md":       "content/a/b.en.md",
		"content/_index.de.md":    "content/_index.en.md",
		"content/a/index.md":      "content/a/index.en.md",
		"content/a.b/c.d.e.de.md": "content/a.b/c.d.e.en.md",
	} {
		if got := TranslationPath(orig, "en"); got != want {
			t.Errorf("TranslationPath(%q, en) = %q, want %q", orig, got, want)
		}
	}
}
