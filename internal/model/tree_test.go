package model_test

import (
	"slices"
	"testing"

	"github.com/stadt-bamberg/integration/internal/model"
)

// typeSite has sections with and without type:, nested, and pages that
// set their own type.
const typeSite = `
-- content/ueber-uns.md --
---
title: Über uns
---
-- content/termine/_index.md --
---
title: Termine
type: event
---
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
---
-- content/termine/2027/_index.md --
---
title: 2027
---
-- content/termine/2027/b.md --
---
title: B
start: 2027-05-01
---
-- content/termine/2027/c/index.md --
---
title: C
start: 2027-06-01
---
-- content/termine/info.md --
---
title: Info
type: page
---
-- content/termine/archiv/_index.md --
---
title: Archiv
type: page
---
-- content/termine/archiv/alt.md --
---
title: Alt
---
-- content/termine/archiv/akteur.md --
---
title: Ein Akteur im Archiv
type: actor
category: kultur
---
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/beirat.md --
---
title: Beirat
---
-- content/akteure/lose/tief.md --
---
title: Tief
---
-- content/geschichte/_index.md --
---
title: Geschichte
type: milestone
---
-- content/geschichte/start.md --
---
title: Start
date: 2007
---
`

func TestTypes(t *testing.T) {
	s := buildOK(t, model.Options{}, typeSite)
	for _, tt := range []struct {
		rel, typ string
	}{
		{"_index.md", model.TypePage},
		{"ueber-uns.md", model.TypePage},             // default
		{"termine/_index.md", model.TypeEvent},       // a section's type is that of its pages
		{"termine/a.md", model.TypeEvent},            // from the section
		{"termine/2027/_index.md", model.TypeEvent},  // inherited by a nested section
		{"termine/2027/b.md", model.TypeEvent},       // and by its pages
		{"termine/2027/c/index.md", model.TypeEvent}, // and bundles
		{"termine/info.md", model.TypePage},          // own type wins
		{"termine/archiv/_index.md", model.TypePage}, // a nested section's own type
		{"termine/archiv/alt.md", model.TypePage},    // is inherited below it
		{"termine/archiv/akteur.md", model.TypeActor},
		{"akteure/_index.md", model.TypeActor},
		{"akteure/beirat.md", model.TypeActor},
		{"akteure/lose/tief.md", model.TypeActor}, // folder without section page
		{"geschichte/start.md", model.TypeMilestone},
	} {
		p := page(t, s, tt.rel)
		if p.Type != tt.typ {
			t.Errorf("content/%s: type %q; want %q", tt.rel, p.Type, tt.typ)
		}
		// Only pages carry the data of their type; sections list them.
		isPage := !p.IsSection()
		if got := p.Event != nil; got != (isPage && tt.typ == model.TypeEvent) {
			t.Errorf("content/%s: Event set = %v", tt.rel, got)
		}
		if got := p.Actor != nil; got != (isPage && tt.typ == model.TypeActor) {
			t.Errorf("content/%s: Actor set = %v", tt.rel, got)
		}
		if got := p.Milestone != nil; got != (isPage && tt.typ == model.TypeMilestone) {
			t.Errorf("content/%s: Milestone set = %v", tt.rel, got)
		}
	}
	if got, want := urls(s.Events), []string{"/termine/a/", "/termine/2027/b/", "/termine/2027/c/"}; !slices.Equal(got, want) {
		t.Errorf("events %v; want %v", got, want)
	}
	if got, want := urls(s.Actors), []string{"/akteure/beirat/", "/termine/archiv/akteur/", "/akteure/lose/tief/"}; !slices.Equal(got, want) {
		t.Errorf("actors %v; want %v", got, want)
	}
	if got, want := urls(s.Milestones), []string{"/geschichte/start/"}; !slices.Equal(got, want) {
		t.Errorf("milestones %v; want %v", got, want)
	}
}

// TestTypeKeys checks that the keys of a type are allowed only on pages
// of that type, and that a section page takes none of them.
func TestTypeKeys(t *testing.T) {
	for _, tt := range []struct {
		name string
		site string
		want []string
	}{
		{
			name: "event key on a plain page",
			site: `
-- content/a.md --
---
title: A
start: 2027-04-01
---
`,
			want: []string{`content/a.md:3: Unbekannter Schlüssel "start" für Seiten vom Typ "page"`},
		},
		{
			name: "event key on an event section",
			site: `
-- content/termine/_index.md --
---
title: Termine
type: event
start: 2027-04-01
---
`,
			want: []string{`content/termine/_index.md:4: Unbekannter Schlüssel "start" in einer Bereichsseite (_index.md)`},
		},
		{
			name: "actor key on an event",
			site: `
-- content/termine/_index.md --
---
title: Termine
type: event
---
-- content/termine/a.md --
---
title: A
start: 2027-04-01
category: sport
---
`,
			want: []string{`content/termine/a.md:4: Unbekannter Schlüssel "category" für Seiten vom Typ "event"`},
		},
		{
			name: "site settings outside the home page",
			site: `
-- content/a/_index.md --
---
title: A
site:
  title: X
---
`,
			want: []string{`content/a/_index.md:3: Unbekannter Schlüssel "site" in einer Bereichsseite`},
		},
		{
			name: "series on a page",
			site: `
-- content/a.md --
---
title: A
series:
  x: X
---
`,
			want: []string{`content/a.md:3: Unbekannter Schlüssel "series" für Seiten vom Typ "page"`},
		},
		{
			name: "unknown type",
			site: `
-- content/a.md --
---
title: A
type: evnt
---
`,
			want: []string{`content/a.md:3: "type": "evnt" ist nicht erlaubt – gemeint ist wohl "event" (erlaubt: page, event, actor, milestone)`},
		},
		{
			name: "unknown section type falls back to page",
			site: `
-- content/a/_index.md --
---
title: A
type: termin
---
-- content/a/b.md --
---
title: B
start: 2027-01-01
---
`,
			want: []string{
				`content/a/_index.md:3: "type": "termin" ist nicht erlaubt (erlaubt: page, event, actor, milestone)`,
				`content/a/b.md:3: Unbekannter Schlüssel "start" für Seiten vom Typ "page"`,
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := build(t, model.Options{}, tt.site)
			checkDiags(t, ds, tt.want)
		})
	}
}

// draftSite has a draft page, a draft section with pages, a nested
// section, a bundle with files, a file, and aliases inside.
const draftSite = `
-- content/a.md --
---
title: A
menu: true
---
-- content/entwurf.md --
---
title: Entwurf
draft: true
menu: true
aliases: [/entwurf-alt/]
---
-- content/termine/_index.md --
---
title: Termine
type: event
---
-- content/termine/geplant.md --
---
title: Geplant
draft: true
start: 2027-04-01
---
-- content/termine/fest.md --
---
title: Fest
start: 2027-04-02
---
-- content/neu/_index.md --
---
title: Neu
draft: true
menu: true
---
-- content/neu/b.md --
---
title: B
aliases: /b-alt
---
-- content/neu/tief/_index.md --
---
title: Tief
draft: false
---
-- content/neu/tief/c.md --
---
title: C
---
-- content/neu/buendel/index.md --
---
title: Bündel
---
-- content/neu/buendel/bild.jpg --
jpg
-- content/neu/plan.pdf --
pdf
-- content/neu/ohne-bereich/d.md --
---
title: D
---
`

func TestDrafts(t *testing.T) {
	drafts := []string{
		"entwurf.md", "termine/geplant.md",
		"neu/_index.md", "neu/b.md", "neu/tief/_index.md", "neu/tief/c.md",
		"neu/buendel/index.md", "neu/ohne-bereich/d.md",
	}
	for _, tt := range []struct {
		opts      model.Options
		pages     []string
		menu      []string
		children  []string // of the home page
		events    []string
		files     []string
		redirects int
	}{
		{
			opts:     model.Options{},
			pages:    []string{"/", "/a/", "/termine/", "/termine/fest/"},
			menu:     []string{"/a/"},
			children: []string{"/a/", "/termine/"},
			events:   []string{"/termine/fest/"},
			files:    nil,
		},
		{
			opts: model.Options{Drafts: true},
			pages: []string{"/", "/a/", "/entwurf/", "/neu/", "/neu/b/", "/neu/buendel/", "/neu/ohne-bereich/d/",
				"/neu/tief/", "/neu/tief/c/", "/termine/", "/termine/fest/", "/termine/geplant/"},
			menu:      []string{"/a/", "/entwurf/", "/neu/"},
			children:  []string{"/a/", "/entwurf/", "/neu/", "/termine/"},
			events:    []string{"/termine/geplant/", "/termine/fest/"},
			files:     []string{"/neu/buendel/bild.jpg", "/neu/plan.pdf"},
			redirects: 2,
		},
	} {
		s := buildOK(t, tt.opts, draftSite)
		name := "without drafts"
		if tt.opts.Drafts {
			name = "with drafts"
		}
		written := slices.DeleteFunc(slices.Clone(s.Pages), (*model.Page).Made)
		if got := urls(written); !slices.Equal(got, tt.pages) {
			t.Errorf("%s: pages %v; want %v", name, got, tt.pages)
		}
		if got := urls(s.Menu); !slices.Equal(got, tt.menu) {
			t.Errorf("%s: menu %v; want %v", name, got, tt.menu)
		}
		if got := urls(s.Home.Children); !slices.Equal(got, tt.children) {
			t.Errorf("%s: home children %v; want %v", name, got, tt.children)
		}
		if got := urls(s.Events); !slices.Equal(got, tt.events) {
			t.Errorf("%s: events %v; want %v", name, got, tt.events)
		}
		var files []string
		for _, f := range s.Files {
			files = append(files, f.URL)
		}
		if !slices.Equal(files, tt.files) {
			t.Errorf("%s: files %v; want %v", name, files, tt.files)
		}
		if len(s.Redirects) != tt.redirects {
			t.Errorf("%s: %d redirects; want %d", name, len(s.Redirects), tt.redirects)
		}
		for _, rel := range drafts {
			if got := s.Page(rel) != nil; got != tt.opts.Drafts {
				t.Errorf("%s: content/%s present = %v", name, rel, got)
			}
		}
		if got := s.HasURL("/entwurf-alt/"); got != tt.opts.Drafts {
			t.Errorf("%s: HasURL(draft alias) = %v", name, got)
		}
		if got := s.HasURL("/neu/plan.pdf"); got != tt.opts.Drafts {
			t.Errorf("%s: HasURL(file in draft section) = %v", name, got)
		}
		if _, got := s.FileURL("neu/plan.pdf"); got != tt.opts.Drafts {
			t.Errorf("%s: FileURL(file in draft section) found = %v", name, got)
		}
		if tt.opts.Drafts && !page(t, s, "entwurf.md").Draft {
			t.Errorf("%s: Draft not set", name)
		}
	}
}

// TestDraftURLsFree checks that a left-out draft does not take its URL.
func TestDraftURLsFree(t *testing.T) {
	site := `
-- content/a.md --
---
title: A
draft: true
---
-- content/b.md --
---
title: B
aliases: [/a/]
---
`
	s := buildOK(t, model.Options{}, site)
	if got := page(t, s, "b.md").Aliases; !slices.Equal(got, []string{"/a/"}) {
		t.Errorf("aliases %v", got)
	}
	_, ds := build(t, model.Options{Drafts: true}, site)
	checkDiags(t, ds, []string{"content/b.md:3: Die Adresse /a/ ist doppelt vergeben: content/a.md und content/b.md (aliases)"})
}

// menuSite has menu entries in several sections with equal weights, so
// that the German order of titles decides.
const menuSite = `
-- content/ueber-uns/_index.md --
---
title: Über uns
menu: true
---
-- content/akteure/_index.md --
---
title: Akteure
menu: true
weight: 0
---
-- content/aerzte.md --
---
title: Ärzte
menu: true
---
-- content/zentrum.md --
---
title: Zentrum
menu: true
weight: -5
---
-- content/anfang.md --
---
title: Anfang
menu: false
weight: -10
---
-- content/termine/_index.md --
---
title: Termine
menu: true
weight: 20
---
-- content/termine/beratung.md --
---
title: Beratung
menu: true
weight: 10
---
-- content/termine/oeffnungszeiten.md --
---
title: Öffnungszeiten
---
-- content/termine/offen.md --
---
title: offen
---
-- content/termine/Offen.md --
---
title: Offen
slug: offen-gross
---
-- content/termine/zuerst.md --
---
title: Zuerst
weight: -1
---
-- content/termine/alt/_index.md --
---
title: Alte Termine
---
`

func TestMenu(t *testing.T) {
	s := buildOK(t, model.Options{}, menuSite)
	want := []string{"Zentrum", "Akteure", "Ärzte", "Über uns", "Beratung", "Termine"}
	if got := titles(s.Menu); !slices.Equal(got, want) {
		t.Errorf("menu %q; want %q", got, want)
	}
	for _, p := range s.Menu {
		if !p.Menu {
			t.Errorf("%s in menu without menu: true", p.URL)
		}
	}
}

func TestChildren(t *testing.T) {
	s := buildOK(t, model.Options{}, menuSite)
	for _, tt := range []struct {
		rel  string
		want []string
	}{
		{"_index.md", []string{"Anfang", "Zentrum", "Akteure", "Ärzte", "Über uns", "Termine"}},
		// Sections and pages together; umlauts sort with their letter,
		// lower case before upper case between otherwise equal titles.
		{"termine/_index.md", []string{"Zuerst", "Alte Termine", "offen", "Offen", "Öffnungszeiten", "Beratung"}},
		{"termine/alt/_index.md", nil},
		{"aerzte.md", nil},
	} {
		if got := titles(page(t, s, tt.rel).Children); !slices.Equal(got, tt.want) {
			t.Errorf("content/%s: children %q; want %q", tt.rel, got, tt.want)
		}
	}
	for _, p := range s.Pages {
		for _, c := range p.Children {
			if c.Parent != p {
				t.Errorf("%s is a child of %s but its parent is %v", c.URL, p.URL, c.Parent)
			}
		}
	}
}
