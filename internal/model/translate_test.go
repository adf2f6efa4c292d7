package model_test

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// langSite is a site in German, English and Arabic: a translated page with
// its own slug, an untranslated page, a section with a series, a
// translated event whose organizer and series page have no translation,
// a translated actor, a draft translation and a milestone timeline.
const langSite = `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en, ar]
---
-- content/_index.en.md --
---
title: Home
---
-- content/leitbild.md --
---
title: Leitbild
menu: true
weight: 1
---
Siehe [Kontakt](kontakt.md) und [die englische Fassung](leitbild.en.md).
-- content/leitbild.en.md --
---
title: Mission statement
slug: mission
---
-- content/kontakt.md --
---
title: Kontakt
menu: true
weight: 2
aliases: [/alt/kontakt/]
---
-- content/kontakt.ar.md --
---
title: اتصل بنا
draft: true
---
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/beirat.md --
---
title: Beirat
category: beirat
role: Berät den Stadtrat.
offers: [Sprechstunde]
contact:
  email: beirat@example.org
---
-- content/akteure/beirat.en.md --
---
title: Advisory council
role: Advises the city council.
offers: [Consultation hour]
---
-- content/akteure/zentrum.md --
---
title: Zentrum
category: sozial
---
-- content/termine/_index.md --
---
title: Termine
type: event
series:
  rt: Runder Tisch
---
-- content/termine/rt.md --
---
title: Runder Tisch im März
start: 2027-04-01T18:00
series: rt
organizer: zentrum
status: postponed
location:
  name: Rathaus
  address: Maximiliansplatz 3
summary: Austausch.
---
-- content/termine/rt.ar.md --
---
title: الطاولة المستديرة
summary: تبادل.
location:
  name: دار البلدية
---
-- content/fip/_index.md --
---
title: FIP
type: milestone
---
-- content/fip/a.md --
---
title: Start
date: 2007
---
-- content/fip/b.md --
---
title: Ende
date: 2016
---
`

func TestTranslations(t *testing.T) {
	s := buildOK(t, model.Options{}, langSite)
	if got := s.Config.Languages; !slices.Equal(got, []string{"de", "en", "ar"}) {
		t.Fatalf("Languages %q", got)
	}
	if len(s.Langs) != 3 {
		t.Fatalf("%d language sites", len(s.Langs))
	}
	en, ar := s.Lang("en"), s.Lang("ar")

	// Every page in every language, at the original's address under the
	// language's prefix, or its translation's slug.
	for _, tc := range []struct {
		rel, lang, url, title string
		untranslated          bool
	}{
		{"_index.md", "de", "/", "Start", false},
		{"_index.md", "en", "/en/", "Home", false},
		{"_index.md", "ar", "/ar/", "Start", true},
		{"leitbild.md", "en", "/en/mission/", "Mission statement", false},
		{"leitbild.md", "ar", "/ar/leitbild/", "Leitbild", true},
		{"kontakt.md", "ar", "/ar/kontakt/", "Kontakt", true}, // the translation is a draft
		{"akteure/beirat.md", "en", "/en/akteure/beirat/", "Advisory council", false},
		{"termine/rt.md", "ar", "/ar/termine/rt/", "الطاولة المستديرة", false},
		{"termine/rt.md", "en", "/en/termine/rt/", "Runder Tisch im März", true},
	} {
		p := page(t, s, tc.rel).In(tc.lang)
		if p == nil {
			t.Errorf("%s has no %s version", tc.rel, tc.lang)
			continue
		}
		if p.URL != tc.url || p.Title != tc.title || p.Untranslated != tc.untranslated || p.Language != tc.lang {
			t.Errorf("%s in %s: URL %s, title %q, untranslated %v, language %s; want %s, %q, %v", tc.rel, tc.lang, p.URL, p.Title, p.Untranslated, p.Language, tc.url, tc.title, tc.untranslated)
		}
		if s.Lang(tc.lang).Page(tc.rel) != p || p.Site != s.Lang(tc.lang) {
			t.Errorf("%s in %s: not its language's page", tc.rel, tc.lang)
		}
		wantLang := ""
		if tc.untranslated {
			wantLang = "de"
		}
		if p.Lang != wantLang {
			t.Errorf("%s in %s: text language %q; want %q", tc.rel, tc.lang, p.Lang, wantLang)
		}
	}

	// The same page in every language, in the declared order, shared.
	lb := page(t, s, "leitbild.md")
	if got := urls(lb.Translations); !slices.Equal(got, []string{"/leitbild/", "/en/mission/", "/ar/leitbild/"}) {
		t.Errorf("Translations %q", got)
	}
	if lb.In("en").Translations[0] != lb || lb.In("en").Original != lb || lb.Original != nil {
		t.Error("translations do not point back to their original")
	}

	// Facts come from the original, text from the translation.
	rt := page(t, s, "termine/rt.md")
	rta := rt.In("ar")
	if !rta.Event.Span.Start.Equal(rt.Event.Span.Start) || rta.Event.Status != "postponed" || rta.Event.Series != "rt" {
		t.Errorf("the Arabic event lost its facts: %+v", rta.Event)
	}
	if rta.Event.Summary != "تبادل." || rta.Event.Location.Name != "دار البلدية" || rta.Event.Location.Address != "Maximiliansplatz 3" {
		t.Errorf("Arabic event text: summary %q, location %+v", rta.Event.Summary, rta.Event.Location)
	}
	if rt.Event.Location.Name != "Rathaus" || rt.Event.Summary != "Austausch." {
		t.Errorf("the translation changed the original: %+v %+v", rt.Event, rt.Event.Location)
	}
	if rta.Event.Organizer != page(t, s, "akteure/zentrum.md").In("ar") || rta.Event.SeriesPage == nil || rta.Event.SeriesPage.URL != "/ar/termine/reihe/rt/" {
		t.Errorf("the Arabic event's organizer %v and series page %v are not the Arabic ones", rta.Event.Organizer, rta.Event.SeriesPage)
	}
	ben := page(t, s, "akteure/beirat.md").In("en")
	if ben.Actor.Role != "Advises the city council." || !slices.Equal(ben.Actor.Offers, []string{"Consultation hour"}) ||
		ben.Actor.Category != "beirat" || ben.Actor.Contact.Email != "beirat@example.org" {
		t.Errorf("English actor: %+v", ben.Actor)
	}

	// Each language has its own tree, menu and listings.
	if got := urls(en.Menu); !slices.Equal(got, []string{"/en/mission/", "/en/kontakt/"}) {
		t.Errorf("English menu %q", got)
	}
	if got := urls(ar.EventList(model.EventQuery{})); !slices.Equal(got, []string{"/ar/termine/rt/"}) {
		t.Errorf("Arabic events %q", got)
	}
	if got := urls(en.Home.Children); !slices.Contains(got, "/en/termine/") || slices.ContainsFunc(got, func(u string) bool { return !strings.HasPrefix(u, "/en/") }) {
		t.Errorf("English home's children %q", got)
	}
	if got := urls(ar.MilestoneList(nil)); !slices.Equal(got, []string{"/ar/fip/a/", "/ar/fip/b/"}) {
		t.Errorf("Arabic milestones %q", got)
	}
	if a := page(t, s, "fip/a.md").In("ar"); a.Next == nil || a.Next.URL != "/ar/fip/b/" {
		t.Errorf("the Arabic timeline is not linked in Arabic: %v", a.Next)
	}
	if got := ar.Prefix(); got != "/ar/" || s.Langs[0].Prefix() != "/" || ar.AllEventsCalendar() != "/ar/kalender.ics" {
		t.Errorf("prefixes %q %q %q", got, s.Langs[0].Prefix(), ar.AllEventsCalendar())
	}

	// Links lead to the same language's page; a link to a translation file
	// to that translation.
	if q, _, _ := s.LinkTarget(lb.In("ar"), "kontakt.md"); q == nil || q.URL != "/ar/kontakt/" {
		t.Errorf("the Arabic Leitbild's link to kontakt.md leads to %v", q)
	}
	if q, _, _ := s.LinkTarget(lb, "leitbild.en.md"); q == nil || q.URL != "/en/mission/" {
		t.Errorf("a link to leitbild.en.md leads to %v", q)
	}

	// A file names one page: the section's file its section, never a
	// series page made from it.
	for rel, want := range map[string]string{"termine/_index.md": "/termine/", "akteure/beirat.en.md": "/en/akteure/beirat/", "termine/rt.ar.md": "/ar/termine/rt/"} {
		if got := s.Page(rel); got == nil || got.URL != want {
			t.Errorf("Page(%q) = %v; want %s", rel, got, want)
		}
	}

	// The whole site holds every page once, sorted by URL; redirects are
	// the originals'.
	if n := len(s.Pages); n != 3*len(s.Langs[0].Pages) {
		t.Errorf("%d pages; want 3 × %d", n, len(s.Langs[0].Pages))
	}
	if !slices.IsSortedFunc(s.Pages, func(a, b *model.Page) int { return strings.Compare(a.URL, b.URL) }) {
		t.Error("pages not sorted by URL")
	}
	if len(s.Redirects) != 1 || s.Redirects[0].From != "/alt/kontakt/" || s.Redirects[0].To != page(t, s, "kontakt.md") {
		t.Errorf("redirects %+v", s.Redirects)
	}
}

// A draft translation is used when building drafts.
func TestTranslationDraft(t *testing.T) {
	s := buildOK(t, model.Options{Drafts: true}, langSite)
	if p := page(t, s, "kontakt.md").In("ar"); p.Untranslated || p.Title != "اتصل بنا" {
		t.Errorf("with drafts, the Arabic Kontakt is %q (untranslated %v)", p.Title, p.Untranslated)
	}
}

// A site with one language is its own only language, as before.
func TestOneLanguage(t *testing.T) {
	s := buildOK(t, model.Options{}, "-- content/a.md --\n---\ntitle: A\n---\n")
	if len(s.Langs) != 1 || s.Langs[0] != s || s.Prefix() != "/" {
		t.Fatalf("Langs %v", s.Langs)
	}
	a := page(t, s, "a.md")
	if a.Translations != nil || a.Language != "de" || a.Site != s || a.In("de") != a || a.In("en") != nil {
		t.Errorf("page %+v", a)
	}
}

// Problems with languages, each at its file and line.
func TestTranslationErrors(t *testing.T) {
	home := func(langs string) string {
		return "-- content/_index.md --\n---\ntitle: Start\nsite:\n  " + langs + "\n---\n"
	}
	for _, tc := range []struct {
		name, archive, want string
	}{
		{"undeclared", home("languages: [de, en]") + "-- content/a.md --\n---\ntitle: A\n---\n-- content/a.tr.md --\n---\ntitle: A\n---\n",
			`content/a.tr.md:1: Die Sprache "tr" ist nicht erklärt`},
		{"undeclared, the home named with its code", "-- content/_index.de.md --\n---\ntitle: Start\nsite:\n  languages: [de, en]\n---\n-- content/a.de.md --\n---\ntitle: A\n---\n-- content/a.tr.md --\n---\ntitle: A\n---\n",
			`content/a.tr.md:1: Die Sprache "tr" ist nicht erklärt: bitte in content/_index.de.md unter site: languages: eintragen`},
		{"no original", home("languages: [de, en]") + "-- content/b.en.md --\n---\ntitle: B\n---\n",
			"content/b.en.md:1: Zu dieser Übersetzung fehlt das Original content/b.md (oder content/b.de.md)"},
		{"fact of an original named with its code", home("languages: [de, en]") + "-- content/a.de.md --\n---\ntitle: A\n---\n-- content/a.en.md --\n---\ntitle: A\nmenu: true\n---\n",
			"content/a.en.md:3: menu: steht nur in der deutschen Fassung (content/a.de.md)"},
		{"no address from an original named with its code", home("languages: [de, en]") + "-- content/---.de.md --\n---\ntitle: A\n---\n",
			`content/---.de.md:1: Aus dem Dateinamen "---.de.md" lässt sich keine Adresse bilden`},
		{"fact", home("languages: [de, en]") + "-- content/a.md --\n---\ntitle: A\n---\n-- content/a.en.md --\n---\ntitle: A\nmenu: true\n---\n",
			"content/a.en.md:3: menu: steht nur in der deutschen Fassung (content/a.md)"},
		{"unknown key", home("languages: [de, en]") + "-- content/a.md --\n---\ntitle: A\n---\n-- content/a.en.md --\n---\ntitle: A\ndescripton: x\n---\n",
			`content/a.en.md:3: Unbekannter Schlüssel "descripton" in einer Übersetzung – gemeint ist wohl "description"`},
		{"no title", home("languages: [de, en]") + "-- content/a.md --\n---\ntitle: A\n---\n-- content/a.en.md --\n---\ndescription: x\n---\n",
			"content/a.en.md:2: Der Titel fehlt"},
		{"location without name", home("languages: [de, en]") + "-- content/t/_index.md --\n---\ntitle: T\ntype: event\n---\n-- content/t/e.md --\n---\ntitle: E\nstart: 2027-04-01\nlocation:\n  online: https://example.org/\n---\n-- content/t/e.en.md --\n---\ntitle: E\nlocation:\n  name: Hall\n---\n",
			"content/t/e.en.md:4: location: name: das Original content/t/e.md nennt keinen Ort"},
		{"unknown language", home("languages: [de, xx]"), "content/_index.md:4: Für die Sprache xx kennt sitegen keine Schreibweise"},
		{"twice", home("languages: [de, en, de]"), "content/_index.md:4: Die Sprache de steht zweimal"},
		{"not a code", home("languages: [de, English]"), `content/_index.md:4: "English" ist kein Sprachcode`},
		{"language and languages", home("languages: [de, en]\n  language: en"), "content/_index.md:5: language: en widerspricht languages:"},
		{"taken address", home("languages: [de, en]") + "-- content/en/_index.md --\n---\ntitle: En\n---\n",
			"content/_index.md:1: Die Adresse /en/ ist doppelt vergeben"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := build(t, model.Options{}, tc.archive)
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
				if strings.HasPrefix(d.Error(), tc.want) || strings.Contains(d.Error(), tc.want) && strings.HasPrefix(tc.want, d.Position()+":") {
					return
				}
			}
			t.Errorf("want %q; got %q", tc.want, got)
		})
	}
}

// A site in several languages is patched in place too: the original's
// new title reaches the languages that show its text (ar), not the one
// with a translation (en), and a translation's new title only its page.
func TestPatchMultilingual(t *testing.T) {
	fsys := siteFS(t, langSite)
	c, diags := loadFS(t, fsys)
	opts := model.Options{Now: sitetest.Now}
	s := model.Build(c, opts, diags)
	orig := page(t, s, "leitbild.md")
	en, ar := orig.In("en"), orig.In("ar")
	f := *orig.Source
	f.Meta = setTitle(t, f.Meta, "Unser Leitbild")
	if !s.Patch(&f, opts, false) {
		t.Fatal("Patch refused a new title of an original")
	}
	if orig.Title != "Unser Leitbild" || ar.Title != "Unser Leitbild" || ar.Source != &f || en.Title != "Mission statement" {
		t.Errorf("after the original's new title: de %q, ar %q (its file new: %v), en %q", orig.Title, ar.Title, ar.Source == &f, en.Title)
	}
	tf := *en.Source
	tf.Meta = setTitle(t, tf.Meta, "Our mission")
	if !s.Patch(&tf, opts, false) {
		t.Fatal("Patch refused a new title of a translation")
	}
	if en.Title != "Our mission" || orig.Title != "Unser Leitbild" || ar.Title != "Unser Leitbild" || orig.In("en") != en {
		t.Errorf("after the translation's new title: de %q, ar %q, en %q", orig.Title, ar.Title, en.Title)
	}
}

// setTitle returns a copy of the front matter m with the title t.
func setTitle(t *testing.T, m *load.Node, title string) *load.Node {
	t.Helper()
	n := *m
	n.Fields = slices.Clone(m.Fields)
	for i, f := range n.Fields {
		if f.Key == "title" {
			v := *f.Value
			v.Text = title
			n.Fields[i].Value = &v
			return &n
		}
	}
	t.Fatal("no title")
	return nil
}

// The collation keys of titles are kept per language (German and Turkish
// order differ) under KeyCacheKey, and a key found there is used.
func TestKeyCache(t *testing.T) {
	keys := map[string][]byte{}
	s := buildOK(t, model.Options{KeyCache: keys}, langSite)
	for _, p := range s.Pages {
		if _, ok := keys[model.KeyCacheKey(p)]; !ok {
			t.Errorf("no key kept for %s (%q)", p.URL, model.KeyCacheKey(p))
		}
	}
	if _, ok := keys["en\x00Mission statement"]; !ok {
		t.Errorf("keys are not kept by language and title: %d keys", len(keys))
	}
	// A key from the cache decides the order: "Zentrum" first in English.
	keys["en\x00Zentrum"] = []byte{0}
	s = buildOK(t, model.Options{KeyCache: keys}, langSite)
	if got := urls(s.Lang("en").Actors); !slices.Equal(got, []string{"/en/akteure/zentrum/", "/en/akteure/beirat/"}) {
		t.Errorf("English actors %q: the cached key was not used", got)
	}
	if got := urls(s.Lang("de").Actors); !slices.Equal(got, []string{"/akteure/beirat/", "/akteure/zentrum/"}) {
		t.Errorf("German actors %q", got)
	}
}

// A page whose text is already in a language (lang: en) is not
// "untranslated" there.
func TestLangKeyIsTranslated(t *testing.T) {
	s := buildOK(t, model.Options{}, "-- content/_index.md --\n---\ntitle: Start\nsite:\n  languages: [de, en]\n---\n-- content/english.md --\n---\ntitle: In English\nlang: en\n---\n")
	p := page(t, s, "english.md")
	if en := p.In("en"); en.Untranslated || en.Lang != "" {
		t.Errorf("the English version of a page in English: untranslated %v, text language %q", en.Untranslated, en.Lang)
	}
	if p.Lang != "en" {
		t.Errorf("the original keeps lang: en, got %q", p.Lang)
	}
}

// withCodes names the originals of a txtar site with the first
// language's code, as the CMS does (content/a.md is content/a.de.md):
// all of them, or when half every other one.
func withCodes(archive, code string, half bool) string {
	n := 0
	return regexp.MustCompile(`(?m)^-- (content/.*)\.md --$`).ReplaceAllStringFunc(archive, func(line string) string {
		name := strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --")
		if _, lang := load.SplitLang(path.Base(name)); lang != "" {
			return line
		}
		if n++; half && n%2 == 0 {
			return line
		}
		return "-- " + strings.TrimSuffix(name, ".md") + "." + code + ".md --"
	})
}

// describeSite lists what the site made of its files, in every language,
// but the files' real names.
func describeSite(s *model.Site) string {
	var b strings.Builder
	url := func(p *model.Page) string {
		if p == nil {
			return "-"
		}
		return p.URL
	}
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "%s %s %q %s untranslated=%v parent=%s translations=%s children=%s",
			p.URL, p.Language, p.Title, p.Source.Rel, p.Untranslated, url(p.Parent), urls(p.Translations), urls(p.Children))
		if e := p.Event; e != nil {
			fmt.Fprintf(&b, " organizer=%s series=%s", url(e.Organizer), url(e.SeriesPage))
		}
		b.WriteString("\n")
	}
	for _, ls := range s.Langs {
		fmt.Fprintf(&b, "%s menu=%s home=%s\n", ls.Config.Language, urls(ls.Menu), url(ls.Home))
	}
	fmt.Fprintf(&b, "files %v redirects %d\n", s.Files, len(s.Redirects))
	return b.String()
}

// Originals named with the first language's code (leitbild.de.md) are
// the pages leitbild.md would be: the same site, whichever way each is
// named; only the paths in messages and Source.Path are the real files'.
func TestOriginalsNamedWithCode(t *testing.T) {
	want := describeSite(buildOK(t, model.Options{}, langSite))
	for _, half := range []bool{false, true} {
		archive := withCodes(langSite, "de", half)
		if !half && (!strings.Contains(archive, "-- content/_index.de.md --") || !strings.Contains(archive, "-- content/leitbild.de.md --")) {
			t.Fatalf("not renamed:\n%s", archive)
		}
		s := buildOK(t, model.Options{}, archive)
		if got := describeSite(s); got != want {
			t.Errorf("half %v: the site differs:\n%s\nwant\n%s", half, got, want)
		}
		if half {
			continue
		}
		lb := page(t, s, "leitbild.md")
		if s.Page("leitbild.de.md") != lb || lb.Source.Path != "content/leitbild.de.md" || s.Home.Source.Path != "content/_index.de.md" {
			t.Errorf("leitbild.de.md is %v, from %s; home from %s", s.Page("leitbild.de.md"), lb.Source.Path, s.Home.Source.Path)
		}
		if s.Lang("en").Page("leitbild.de.md") != lb.In("en") || lb.In("en").Source.Path != "content/leitbild.en.md" {
			t.Errorf("the English Leitbild is %v", s.Lang("en").Page("leitbild.de.md"))
		}
		for _, dest := range []string{"kontakt.md", "kontakt.de.md", "/kontakt.de.md#x", "akteure/_index.de.md"} {
			q, _, _ := s.LinkTarget(lb.In("en"), dest)
			if q == nil || q.Language != "en" || q.Original != page(t, s, strings.ReplaceAll(strings.TrimPrefix(strings.TrimSuffix(dest, "#x"), "/"), ".de.md", ".md")) {
				t.Errorf("a link from the English Leitbild to %s leads to %v", dest, q)
			}
		}
		if q, rel, _ := s.LinkTarget(lb, "fehlt.de.md"); q != nil || rel != "fehlt.de.md" {
			t.Errorf("a link to a missing page leads to %v, named %s", q, rel)
		}
	}
}

// A translation of a draft named with its code is left out silently; a
// site of one language takes its code as well.
func TestDraftAndOneLanguageNamedWithCode(t *testing.T) {
	s := buildOK(t, model.Options{}, withCodes(langSite, "de", false)+"-- content/entwurf.de.md --\n---\ntitle: E\ndraft: true\n---\n-- content/entwurf.en.md --\n---\ntitle: D\n---\n")
	if s.Page("entwurf.md") != nil || s.Page("entwurf.en.md") != nil {
		t.Error("a draft was published")
	}
	s = buildOK(t, model.Options{}, "-- content/_index.tr.md --\n---\ntitle: Başlangıç\nsite:\n  language: tr\n---\n-- content/a.tr.md --\n---\ntitle: A\n---\n")
	if a := page(t, s, "a.tr.md"); a.URL != "/a/" || s.Config.Language != "tr" || s.Home.Title != "Başlangıç" {
		t.Errorf("page %s, language %s, home %q", a.URL, s.Config.Language, s.Home.Title)
	}
}

// TestImageAltTranslated: a translation describes the page's picture in
// its language (image: alt:); the file stays the original's, and
// without alt: the original's description stands.
func TestImageAltTranslated(t *testing.T) {
	home := "-- content/_index.md --\n---\ntitle: Start\nsite:\n  languages: [de, en, tr]\n---\n"
	orig := "-- content/fest/index.md --\n---\ntitle: Fest\nimage:\n  file: foto.jpg\n  alt: Kinder tanzen\n---\n-- content/fest/foto.jpg --\nx\n"
	s, ds := build(t, model.Options{}, home+orig+
		"-- content/fest/index.en.md --\n---\ntitle: Party\nimage:\n  alt: Children dancing\n---\n"+
		"-- content/fest/index.tr.md --\n---\ntitle: Şenlik\n---\n")
	if len(ds) > 0 {
		t.Fatalf("%v", ds)
	}
	got := map[string]string{}
	for _, p := range s.Pages {
		if p.Image != nil {
			got[p.URL] = p.Image.Src + " " + p.Image.Alt
		}
	}
	// /tr/fest/ has none of its own: it shows the original's
	want := map[string]string{"/fest/": "fest/foto.jpg Kinder tanzen", "/en/fest/": "fest/foto.jpg Children dancing", "/tr/fest/": ""}
	for u, w := range want {
		if got[u] != w {
			t.Errorf("%s: image %q, want %q", u, got[u], w)
		}
	}
	for _, tc := range []struct{ name, tr, want string }{
		{"file", "image:\n  file: anders.jpg\n  alt: Other\n", "content/fest/index.en.md:4: image: file: steht nur in der deutschen Fassung (content/fest/index.md) – übersetzt wird nur image: alt:"},
		{"empty", "image:\n  alt: \"\"\n", "content/fest/index.en.md:4: image: alt: ist leer"},
	} {
		_, ds := build(t, model.Options{}, home+orig+"-- content/fest/index.en.md --\n---\ntitle: Party\n"+tc.tr+"---\n")
		if !slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return strings.HasPrefix(d.Error(), tc.want) }) {
			t.Errorf("%s: want %q; got %v", tc.name, tc.want, ds)
		}
	}
	_, ds = build(t, model.Options{}, home+"-- content/a.md --\n---\ntitle: A\n---\n-- content/a.en.md --\n---\ntitle: A\nimage:\n  alt: Nothing\n---\n")
	if !slices.ContainsFunc(ds, func(d diag.Diagnostic) bool {
		return strings.HasPrefix(d.Error(), "content/a.en.md:4: image: alt: das Original content/a.md hat kein Bild")
	}) {
		t.Errorf("no picture to describe: %v", ds)
	}
}
