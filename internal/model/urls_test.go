package model_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/model"
)

// urlTests: each site's pages (by content-relative source) and files must
// get exactly these URLs.
var urlTests = []struct {
	name  string
	site  string
	pages map[string]string // content-relative source → URL
	files map[string]string // content-relative file → URL
}{
	{
		name:  "home",
		site:  ``,
		pages: map[string]string{"_index.md": "/"},
	},
	{
		name: "page",
		site: `
-- content/a/b.md --
---
title: B
---
-- content/c.md --
---
title: C
---
`,
		pages: map[string]string{"a/b.md": "/a/b/", "c.md": "/c/"},
	},
	{
		name: "sections",
		site: `
-- content/a/_index.md --
---
title: A
---
-- content/a/b/_index.md --
---
title: B
---
-- content/a/b/c.md --
---
title: C
---
`,
		pages: map[string]string{"a/_index.md": "/a/", "a/b/_index.md": "/a/b/", "a/b/c.md": "/a/b/c/"},
	},
	{
		name: "folders without section page",
		site: `
-- content/x/y/z.md --
---
title: Z
---
-- content/x/y/plan.pdf --
pdf
`,
		pages: map[string]string{"x/y/z.md": "/x/y/z/"},
		files: map[string]string{"x/y/plan.pdf": "/x/y/plan.pdf"},
	},
	{
		name: "bundle",
		site: `
-- content/a/_index.md --
---
title: A
---
-- content/a/b/index.md --
---
title: B
---
-- content/a/b/bild.jpg --
jpg
-- content/a/b/anhang/plan.pdf --
pdf
-- content/a/frei.pdf --
pdf
-- content/logo.svg --
svg
`,
		pages: map[string]string{"a/_index.md": "/a/", "a/b/index.md": "/a/b/"},
		files: map[string]string{
			"a/b/bild.jpg":        "/a/b/bild.jpg",
			"a/b/anhang/plan.pdf": "/a/b/anhang/plan.pdf",
			"a/frei.pdf":          "/a/frei.pdf",
			"logo.svg":            "/logo.svg",
		},
	},
	{
		name: "german folder and file names",
		site: `
-- content/Über uns/_index.md --
---
title: Über uns
---
-- content/Über uns/Straße.md --
---
title: Straße
---
-- content/Über uns/Größe & Maß/Ärzte für Öl.md --
---
title: Ärzte
---
-- content/Über uns/Plan A.pdf --
pdf
-- content/Fußball/Ergebnisse 2027/Spieltag.md --
---
title: Spieltag
---
`,
		pages: map[string]string{
			"Über uns/_index.md":                   "/ueber-uns/",
			"Über uns/Straße.md":                   "/ueber-uns/strasse/",
			"Über uns/Größe & Maß/Ärzte für Öl.md": "/ueber-uns/groesse-mass/aerzte-fuer-oel/",
			"Fußball/Ergebnisse 2027/Spieltag.md":  "/fussball/ergebnisse-2027/spieltag/",
		},
		// File names are kept as they are; only folders become slugs.
		files: map[string]string{"Über uns/Plan A.pdf": "/ueber-uns/Plan A.pdf"},
	},
	{
		name: "slug on a page",
		site: `
-- content/a/Alter Name.md --
---
title: Alt
slug: neuer-name
---
`,
		pages: map[string]string{"a/Alter Name.md": "/a/neuer-name/"},
	},
	{
		name: "slug on a section moves the pages inside",
		site: `
-- content/Über uns/_index.md --
---
title: Über uns
slug: wir
---
-- content/Über uns/team.md --
---
title: Team
---
-- content/Über uns/Gremien/_index.md --
---
title: Gremien
---
-- content/Über uns/Gremien/beirat.md --
---
title: Beirat
slug: integrationsbeirat
---
-- content/Über uns/Gremien/ohne/index.md --
---
title: Bündel
---
-- content/Über uns/Gremien/ohne/bild.png --
png
-- content/Über uns/satzung.pdf --
pdf
`,
		pages: map[string]string{
			"Über uns/_index.md":             "/wir/",
			"Über uns/team.md":               "/wir/team/",
			"Über uns/Gremien/_index.md":     "/wir/gremien/",
			"Über uns/Gremien/beirat.md":     "/wir/gremien/integrationsbeirat/",
			"Über uns/Gremien/ohne/index.md": "/wir/gremien/ohne/",
		},
		files: map[string]string{
			"Über uns/satzung.pdf":           "/wir/satzung.pdf",
			"Über uns/Gremien/ohne/bild.png": "/wir/gremien/ohne/bild.png",
		},
	},
	{
		name: "slug on a bundle moves its files",
		site: `
-- content/a/Altes Bündel/index.md --
---
title: Bündel
slug: buendel
---
-- content/a/Altes Bündel/bild.jpg --
jpg
`,
		pages: map[string]string{"a/Altes Bündel/index.md": "/a/buendel/"},
		files: map[string]string{"a/Altes Bündel/bild.jpg": "/a/buendel/bild.jpg"},
	},
	{
		name: "toml front matter",
		site: `
-- content/a.md --
+++
title = "A"
slug = "b"
+++
`,
		pages: map[string]string{"a.md": "/b/"},
	},
}

func TestURLs(t *testing.T) {
	for _, tt := range urlTests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildOK(t, model.Options{}, tt.site)
			wantPages := len(tt.pages)
			if _, ok := tt.pages["_index.md"]; !ok {
				wantPages++ // the default home page
			}
			// (no layouts: no A–Z index, no search page)
			if false {
			}
			if len(s.Pages) != wantPages {
				t.Errorf("site has %d pages %v; want %d", len(s.Pages), urls(s.Pages), wantPages)
			}
			for rel, want := range tt.pages {
				if got := page(t, s, rel).URL; got != want {
					t.Errorf("content/%s: URL %q; want %q", rel, got, want)
				}
				if !s.HasURL(want) {
					t.Errorf("HasURL(%q) = false", want)
				}
			}
			for rel, want := range tt.files {
				got, ok := s.FileURL(rel)
				if !ok || got != want {
					t.Errorf("content/%s: file URL %q, %v; want %q", rel, got, ok, want)
				}
				if !s.HasURL(want) {
					t.Errorf("HasURL(%q) = false", want)
				}
			}
			if len(s.Files) != len(tt.files) {
				t.Errorf("site has %d files %v; want %d", len(s.Files), s.Files, len(tt.files))
			}
			if !slices.IsSortedFunc(s.Pages, func(a, b *model.Page) int { return strings.Compare(a.URL, b.URL) }) {
				t.Errorf("Pages not sorted by URL: %v", urls(s.Pages))
			}
		})
	}
}

// TestBundleFiles checks that a bundle lists its files (sorted, with the
// URLs beside the page) and that other pages have none.
func TestBundleFiles(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/a/b/index.md --
---
title: B
---
-- content/a/b/z.pdf --
pdf
-- content/a/b/bild.jpg --
jpg
-- content/a/b/sub/plan.pdf --
pdf
-- content/a/c.md --
---
title: C
---
-- content/a/c.pdf --
pdf
`)
	want := []model.File{
		{Src: "a/b/bild.jpg", URL: "/a/b/bild.jpg"},
		{Src: "a/b/sub/plan.pdf", URL: "/a/b/sub/plan.pdf"},
		{Src: "a/b/z.pdf", URL: "/a/b/z.pdf"},
	}
	if got := page(t, s, "a/b/index.md").Files; !slices.Equal(got, want) {
		t.Errorf("bundle files = %v; want %v", got, want)
	}
	if got := page(t, s, "a/c.md").Files; got != nil {
		t.Errorf("page files = %v; want none", got)
	}
	wantAll := []model.File{
		{Src: "a/b/bild.jpg", URL: "/a/b/bild.jpg"},
		{Src: "a/b/sub/plan.pdf", URL: "/a/b/sub/plan.pdf"},
		{Src: "a/b/z.pdf", URL: "/a/b/z.pdf"},
		{Src: "a/c.pdf", URL: "/a/c.pdf"},
	}
	if !slices.Equal(s.Files, wantAll) {
		t.Errorf("site files = %v; want %v", s.Files, wantAll)
	}
}

// TestParents checks the tree: every page's parent is the nearest section
// above it, bundles included, and Ancestors goes from home down.
func TestParents(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/a/_index.md --
---
title: A
---
-- content/a/x/y/tief.md --
---
title: Tief
---
-- content/a/b/index.md --
---
title: B
---
-- content/a/b/c.md --
---
title: C
---
-- content/lose/d.md --
---
title: D
---
`)
	for _, tt := range []struct {
		rel, parent string
		ancestors   []string
	}{
		{"_index.md", "", nil},
		{"a/_index.md", "/", []string{"/"}},
		{"a/x/y/tief.md", "/a/", []string{"/", "/a/"}},
		{"a/b/index.md", "/a/", []string{"/", "/a/"}},
		{"a/b/c.md", "/a/", []string{"/", "/a/"}}, // a bundle is no section
		{"lose/d.md", "/", []string{"/"}},
	} {
		p := page(t, s, tt.rel)
		parent := ""
		if p.Parent != nil {
			parent = p.Parent.URL
		}
		if parent != tt.parent {
			t.Errorf("content/%s: parent %q; want %q", tt.rel, parent, tt.parent)
		}
		if got := urls(p.Ancestors()); !slices.Equal(got, tt.ancestors) {
			t.Errorf("content/%s: ancestors %v; want %v", tt.rel, got, tt.ancestors)
		}
	}
	if got := page(t, s, "a/b/c.md").URL; got != "/a/b/c/" {
		t.Errorf("page in a bundle folder: URL %q; want /a/b/c/", got)
	}
	if !page(t, s, "a/_index.md").IsSection() || page(t, s, "a/b/index.md").IsSection() || !s.Home.IsSection() {
		t.Error("IsSection wrong")
	}
}

// TestAliases checks that aliases are normalised to the "/alt/" form and
// become redirects, sorted by URL.
func TestAliases(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/a.md --
---
title: A
aliases:
  - /alt
  - /noch/aelter/
  - /seite.html
  - " /mit-leerzeichen "
  - /punkt/./und//doppelt//
  - /datei.pdf/
---
-- content/b.md --
---
title: B
aliases: /einzeln
---
-- content/c.md --
---
title: C
aliases: []
---
`)
	for _, tt := range []struct {
		rel  string
		want []string
	}{
		{"a.md", []string{"/alt/", "/noch/aelter/", "/seite.html", "/mit-leerzeichen/", "/punkt/und/doppelt/", "/datei.pdf/"}},
		{"b.md", []string{"/einzeln/"}},
		{"c.md", nil},
	} {
		if got := page(t, s, tt.rel).Aliases; !slices.Equal(got, tt.want) {
			t.Errorf("content/%s: aliases %q; want %q", tt.rel, got, tt.want)
		}
	}
	var got []string
	for _, r := range s.Redirects {
		got = append(got, r.From+" → "+r.To.URL)
		if !s.HasURL(r.From) {
			t.Errorf("HasURL(%q) = false", r.From)
		}
	}
	want := []string{"/alt/ → /a/", "/datei.pdf/ → /a/", "/einzeln/ → /b/", "/mit-leerzeichen/ → /a/", "/noch/aelter/ → /a/", "/punkt/und/doppelt/ → /a/", "/seite.html → /a/"}
	if !slices.Equal(got, want) {
		t.Errorf("redirects %q; want %q", got, want)
	}
}

// TestURLErrors checks that bad slugs, aliases and names that give no URL
// are reported at their line.
func TestURLErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		site string
		want []string
		urls map[string]string // what the pages still get
	}{
		{
			name: "slug not a slug",
			site: `
-- content/a.md --
---
title: A
slug: Neue Seite
---
`,
			want: []string{`content/a.md:3: "Neue Seite" ist kein gültiger slug`, `content/a.md:3: gemeint ist wohl "neue-seite"`},
			urls: map[string]string{"a.md": "/neue-seite/"},
		},
		{
			name: "slug with slash",
			site: `
-- content/a/_index.md --
---
title: A
slug: x/y
---
`,
			want: []string{`content/a/_index.md:3: "x/y" ist kein gültiger slug`},
			urls: map[string]string{"a/_index.md": "/x-y/"},
		},
		{
			name: "slug on home",
			site: `
-- content/_index.md --
---
title: Start

slug: start
---
`,
			want: []string{`content/_index.md:4: Die Startseite hat keinen slug`},
			urls: map[string]string{"_index.md": "/"},
		},
		{
			name: "slug not text",
			site: `
-- content/a.md --
---
title: A
slug: [a, b]
---
`,
			want: []string{`content/a.md:3: "slug" muss ein Text sein`},
			urls: map[string]string{"a.md": "/a/"},
		},
		{
			name: "aliases",
			site: `
-- content/a.md --
---
title: A
aliases:
  - /gut/
  - http://example.org/alt/
  - alt/ohne-schraegstrich/
  - /a/../b/
  - /frage?x=1
  - /anker#x
  - //example.org/x/
  - /auch-gut
---
`,
			want: []string{
				`content/a.md:5: Alias "http://example.org/alt/" muss eine Adresse dieser Website sein`,
				`content/a.md:6: Alias "alt/ohne-schraegstrich/" muss`,
				`content/a.md:7: Alias "/a/../b/" muss`,
				`content/a.md:8: Alias "/frage?x=1" muss`,
				`content/a.md:9: Alias "/anker#x" muss`,
				`content/a.md:10: Alias "//example.org/x/" muss`,
			},
		},
		{
			name: "alias as scalar",
			site: `
-- content/a.md --
---
title: A
aliases: alt
---
`,
			want: []string{`content/a.md:3: Alias "alt" muss eine Adresse dieser Website sein`},
		},
		{
			name: "alias not text",
			site: `
-- content/a.md --
---
title: A
aliases:
  - /gut/
  - {url: /alt/}
---
`,
			want: []string{`content/a.md:5: "aliases" muss ein Text sein`},
		},
		{
			name: "folder name without letters",
			site: `
-- content/???/_index.md --
---
title: Fragen
---
`,
			want: []string{`content/???/_index.md:1: Aus dem Ordnernamen "???" lässt sich keine Adresse bilden`},
		},
		{
			name: "folder name without letters, slug given",
			site: `
-- content/???/_index.md --
---
title: Fragen
slug: fragen
---
-- content/???/a.md --
---
title: A
---
`,
			urls: map[string]string{"???/_index.md": "/fragen/", "???/a.md": "/fragen/a/"},
		},
		{
			name: "folder name without letters, no section page",
			site: `
-- content/???/a.md --
---
title: A
---
-- content/???/b.pdf --
pdf
-- content/gut/!!!/c.md --
---
title: C
---
`,
			want: []string{
				`content/???: Aus dem Ordnernamen "???" lässt sich keine Adresse bilden`,
				`content/gut/!!!: Aus dem Ordnernamen "!!!" lässt sich keine Adresse bilden`,
			},
		},
		{
			name: "bundle folder name without letters",
			site: `
-- content/!!!/index.md --
---
title: Ausruf
---
`,
			want: []string{`content/!!!/index.md:1: Aus dem Ordnernamen "!!!" lässt sich keine Adresse bilden`},
		},
		{
			name: "bundle folder name without letters, slug given",
			site: `
-- content/!!!/index.md --
---
title: Ausruf
slug: ausruf
---
`,
			urls: map[string]string{"!!!/index.md": "/ausruf/"},
		},
		{
			name: "file name without letters",
			site: `
-- content/a/+++.md --
---
title: Plus
---
`,
			want: []string{`content/a/+++.md:1: Aus dem Dateinamen "+++.md" lässt sich keine Adresse bilden`},
			urls: map[string]string{"a/+++.md": "/a/seite/"},
		},
		{
			name: "file name without letters, slug given",
			site: `
-- content/a/+++.md --
---
title: Plus
slug: plus
---
`,
			urls: map[string]string{"a/+++.md": "/a/plus/"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, ds := build(t, model.Options{}, tt.site)
			checkDiags(t, ds, tt.want)
			for rel, want := range tt.urls {
				if got := page(t, s, rel).URL; got != want {
					t.Errorf("content/%s: URL %q; want %q", rel, got, want)
				}
			}
		})
	}
}

// TestOutputPath checks the file each site path is written to.
func TestOutputPath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/", "index.html"},
		{"/a/", "a/index.html"},
		{"/a/b/", "a/b/index.html"},
		{"/a/x.pdf", "a/x.pdf"},
		{"/seite.html", "seite.html"},
	} {
		if got := model.OutputPath(tt.in); got != tt.want {
			t.Errorf("OutputPath(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
