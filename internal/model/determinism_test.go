package model_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// tieSite has everything whose order could depend on the order of files:
// equal weights and titles, two actors with one slug, pages and aliases
// with one URL, section and bundle slugs, files with one URL.
const tieSite = `
-- content/gleich/_index.md --
---
title: Gleich
menu: true
---
-- content/gleich/a.md --
---
title: Gleich
menu: true
---
-- content/gleich/b.md --
---
title: Gleich
menu: true
---
-- content/gleich/c/index.md --
---
title: Gleich
slug: cc
---
-- content/gleich/c/bild.jpg --
jpg
-- content/gleich/c/z.pdf --
pdf
-- content/gleich/c/a.pdf --
pdf
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/beirat.md --
---
title: Beirat
---
-- content/gremien/_index.md --
---
title: Gremien
type: actor
---
-- content/gremien/beirat.md --
---
title: Beirat
---
-- content/termine/doppelt.md --
---
title: Doppelt
start: 2027-03-12T18:00
organizer: beirat
aliases: [/alt/]
---
-- content/termine/doppelt/index.md --
---
title: Doppelt
start: 2027-03-12T18:00
aliases: [/alt/]
---
-- content/termine/gleichzeitig.md --
---
title: Doppelt
start: 2027-03-12T18:00
organizer: beirt
aliases: [/alt]
---
-- content/ueber-uns/plan.pdf --
pdf
-- content/Über uns/plan.pdf --
pdf
`

// summary writes out everything about a site whose order matters.
func summary(s *model.Site, ds []diag.Diagnostic) string {
	var b strings.Builder
	name := func(p *model.Page) string {
		if p == nil {
			return "-"
		}
		return p.URL + "(" + p.Source.Rel + ")"
	}
	names := func(ps []*model.Page) string {
		var out []string
		for _, p := range ps {
			out = append(out, name(p))
		}
		return strings.Join(out, " ")
	}
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "page %s type=%s parent=%s children=[%s] files=%v aliases=%v prev=%s next=%s",
			name(p), p.Type, name(p.Parent), names(p.Children), p.Files, p.Aliases, name(p.Prev), name(p.Next))
		if p.Event != nil {
			fmt.Fprintf(&b, " organizer=%s series=%s", name(p.Event.Organizer), p.Event.Series)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "menu %s\nevents %s\nactors %s\nmilestones %s\n", names(s.Menu), names(s.Events), names(s.Actors), names(s.Milestones))
	fmt.Fprintf(&b, "upcoming %s\npast %s\n", names(s.EventList(model.EventQuery{})), names(s.EventList(model.EventQuery{Past: true})))
	fmt.Fprintf(&b, "files %v\n", s.Files)
	for _, r := range s.Redirects {
		fmt.Fprintf(&b, "redirect %s → %s\n", r.From, name(r.To))
	}
	for _, d := range ds {
		fmt.Fprintf(&b, "diag %s\n", d.Error())
	}
	return b.String()
}

// TestDeterminism builds the same content several times, with the pages
// and files handed to Build in shuffled orders, and expects the same site
// and the same diagnostics every time.
func TestDeterminism(t *testing.T) {
	for _, tt := range []struct {
		name  string
		sites []string
	}{
		{"events", []string{eventSite}},
		{"milestones", []string{milestoneSite}},
		{"menu", []string{menuSite}},
		{"types", []string{typeSite}},
		{"drafts", []string{draftSite}},
		{"ties and duplicates", []string{eventSite, tieSite}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := siteFS(t, tt.sites...)
			build := func(seed uint64) string {
				c, diags := loadFS(t, fsys)
				if seed != 0 {
					r := rand.New(rand.NewPCG(seed, seed))
					r.Shuffle(len(c.Pages), func(i, j int) { c.Pages[i], c.Pages[j] = c.Pages[j], c.Pages[i] })
					r.Shuffle(len(c.Resources), func(i, j int) { c.Resources[i], c.Resources[j] = c.Resources[j], c.Resources[i] })
				}
				s := model.Build(c, model.Options{Now: sitetest.Now, Drafts: tt.name == "drafts"}, diags)
				return summary(s, diags.Sorted())
			}
			want := build(0)
			if again := build(0); again != want {
				t.Fatalf("a second build differs:\n%s", firstDiff(want, again))
			}
			for seed := uint64(1); seed <= 20; seed++ {
				if got := build(seed); got != want {
					t.Fatalf("shuffled (seed %d) build differs:\n%s", seed, firstDiff(want, got))
				}
			}
		})
	}
}

// TestTieOrder pins the order of equal titles and weights: by URL.
func TestTieOrder(t *testing.T) {
	s, _ := build(t, model.Options{}, eventSite, tieSite)
	if got, want := urls(page(t, s, "gleich/_index.md").Children), []string{"/gleich/a/", "/gleich/b/", "/gleich/cc/"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("children %v; want %v", got, want)
	}
	if got, want := urls(s.Menu), []string{"/gleich/", "/gleich/a/", "/gleich/b/"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("menu %v; want %v", got, want)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  first  %s\n  second %s", i+1, x, y)
		}
	}
	return "(equal)"
}
