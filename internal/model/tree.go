package model

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/load"
)

// buildTrees sorts the pages of each language into their tree, menu and
// listings, and the whole site's pages, files and redirects by URL.
func (b *builder) buildTrees() {
	s := b.s
	byLang := map[*Site][]*Page{}
	for _, p := range b.pages {
		p.titleKey = b.titleKey(p)
		byLang[p.Site] = append(byLang[p.Site], p)
	}
	for _, ls := range b.langs {
		ls.tree(byLang[ls])
		if ls != s {
			ls.Pages = byLang[ls]
			slices.SortFunc(ls.Pages, func(x, y *Page) int { return strings.Compare(x.URL, y.URL) })
		}
	}
	def := b.langs[0]
	s.Home = def.Home
	s.Menu, s.Events, s.Actors, s.Milestones, s.hasEvents = def.Menu, def.Events, def.Actors, def.Milestones, def.hasEvents
	slices.SortFunc(b.pages, func(x, y *Page) int { return strings.Compare(x.URL, y.URL) })
	slices.SortFunc(s.Files, func(x, y File) int { return strings.Compare(x.URL, y.URL) })
	slices.SortFunc(s.Redirects, func(x, y Redirect) int { return strings.Compare(x.From, y.From) })
	s.Pages = b.pages
}

// KeyCacheKey is the key under which Options.KeyCache keeps the
// collation key of p's title: its language and its title.
func KeyCacheKey(p *Page) string { return p.Language + "\x00" + p.Title }

// titleKey returns the collation key of p's title in its language,
// through opts.KeyCache.
func (b *builder) titleKey(p *Page) []byte {
	ck := KeyCacheKey(p)
	if k, ok := b.opts.KeyCache[ck]; ok {
		return k
	}
	k := p.Site.Locale.Key(p.Title)
	if b.opts.KeyCache != nil {
		b.opts.KeyCache[ck] = k
	}
	return k
}

// tree links the pages of one language: children, menu, listings and
// timelines.
func (s *Site) tree(pages []*Page) {
	for _, p := range pages {
		if p.Kind == load.KindHome {
			s.Home = p
		}
		if p.Special != "" {
			if s.special == nil {
				s.special = map[string]*Page{}
			}
			s.special[p.Special] = p
		}
		if p.Parent != nil && !p.Made() {
			p.Parent.Children = append(p.Parent.Children, p)
		}
		if p.Menu {
			s.Menu = append(s.Menu, p)
		}
		s.hasEvents = s.hasEvents || p.IsSection() && p.Type == TypeEvent
		if p.Kind != load.KindPage {
			continue
		}
		switch {
		case p.Event != nil:
			s.Events = append(s.Events, p)
		case p.Actor != nil:
			s.Actors = append(s.Actors, p)
		case p.Milestone != nil:
			s.Milestones = append(s.Milestones, p)
		}
	}
	for _, p := range pages {
		slices.SortStableFunc(p.Children, byWeightTitle)
	}
	slices.SortStableFunc(s.Menu, byWeightTitle)
	slices.SortStableFunc(s.Events, byStart)
	slices.SortStableFunc(s.Actors, byTitleURL)
	slices.SortStableFunc(s.Milestones, byDate)
	for _, ms := range groupByParent(s.Milestones) {
		linkTimeline(ms)
	}
}

func keyContext(p *Page) string {
	switch {
	case p.Kind == load.KindHome:
		return " auf der Startseite"
	case p.Kind == load.KindSection:
		return " in einer Bereichsseite (_index.md)"
	}
	return fmt.Sprintf(" für Seiten vom Typ %q", p.Type)
}

// linkTimeline links the milestones ms of one section, in order, as
// each other's neighbours (Prev, Next).
func linkTimeline(ms []*Page) {
	for i, m := range ms {
		m.Prev, m.Next = nil, nil
		if i > 0 {
			m.Prev = ms[i-1]
		}
		if i+1 < len(ms) {
			m.Next = ms[i+1]
		}
	}
}

func groupByParent(ps []*Page) map[*Page][]*Page {
	m := map[*Page][]*Page{}
	for _, p := range ps {
		m[p.Parent] = append(m[p.Parent], p)
	}
	return m
}

// byTitle orders by title in German collation (german.Compare), using
// the keys computed once per build.
func byTitle(a, b *Page) int {
	return cmp.Or(bytes.Compare(a.titleKey, b.titleKey), strings.Compare(a.Title, b.Title))
}

// byTitleURL orders actors: by title, then by URL.
func byTitleURL(a, b *Page) int {
	return cmp.Or(byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func byWeightTitle(a, b *Page) int {
	return cmp.Or(cmp.Compare(a.Weight, b.Weight), byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func byStart(a, b *Page) int {
	return cmp.Or(a.Event.Span.Start.Compare(b.Event.Span.Start), byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func byDate(a, b *Page) int {
	return cmp.Or(a.Milestone.Date.Compare(b.Milestone.Date), cmp.Compare(a.Weight, b.Weight), byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func (p *Page) inDraft() bool {
	for q := p; q != nil; q = q.Parent {
		if q.Draft {
			return true
		}
	}
	return false
}

// resolveType returns the page's own type, else its section's (inherited
// down the tree), else page. In an _index.md, type: is the type of the
// pages inside the section.
func (p *Page) resolveType() string {
	for q := p; q != nil; q = q.Parent {
		if q.ownType != "" {
			return q.ownType
		}
	}
	return TypePage
}
