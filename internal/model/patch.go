package model

import (
	"path"
	"slices"
	"sync"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
)

// Patch puts f, the new version of a page's file whose front matter
// changed, into the site in place — for the preview and warm builds, so
// that one edited page does not make the whole model again. It does so
// only where the result is exactly what Build would make: for a page
// (not home, a section or a series page) whose address, draft state,
// type, menu entry and aliases stay as they were, and that had and has no
// problem to report. The page keeps its identity (other pages point to
// it); its data is replaced and the lists it is in (its section's
// children, the menu, the events, actors, milestones and the timeline)
// are sorted again. Patch reports false, having changed nothing, when the
// site must be built anew; hadProblems tells whether the last build
// reported anything at f's path.
//
// On a site of several languages, f is an original or a translation.
// An original's version in every other language is made again as Build
// makes it (from the translation file, or showing the original's text),
// each keeping its identity and address, and the lists of each language
// are sorted again; a translation's own page is made again from its
// original. Either is declined where a version's address, aliases or
// whether it is translated would change, or its translation would
// report a problem.
func (s *Site) Patch(f *load.File, opts Options, hadProblems bool) bool {
	p := s.bySource[f.Rel]
	if p == nil || hadProblems || p.Kind != load.KindPage || f.Kind != load.KindPage || p.SeriesSlug != "" || p.Source.Path != f.Path {
		return false
	}
	if p.Original != nil {
		return s.patchTranslation(p, f, opts)
	}
	var problems diag.List
	d := &decoder{file: f, diags: &problems}
	q := &Page{Source: f, Kind: f.Kind}
	d.common(q)
	if q.Slug != p.Slug || q.Draft != p.Draft || q.ownType != p.ownType || q.Menu != p.Menu || !slices.Equal(q.Aliases, p.Aliases) {
		return false
	}
	q.Parent, q.Type, q.URL, q.Files = p.Parent, p.Type, p.URL, p.Files
	q.Series, q.Special = p.Series, p.Special
	d.checkKeys(f.Meta, append(slices.Clip(commonKeys), typeKeys[q.Type]...), keyContext(q))
	switch q.Type {
	case TypeEvent:
		d.event(q, s.Config.Location, s.actorsByName())
		if q.Event != nil && q.Event.Series != "" {
			q.Event.SeriesPage = s.seriesPages[q.Event.Series]
		}
	case TypeActor:
		d.actor(q)
	case TypeMilestone:
		d.milestone(q, s)
	}
	if len(problems.Sorted()) > 0 || (p.Event == nil) != (q.Event == nil) || (p.Actor == nil) != (q.Actor == nil) || (p.Milestone == nil) != (q.Milestone == nil) {
		return false // Build reports it; let it
	}
	q.Language, q.Site = p.Language, p.Site
	q.titleKey = (&builder{opts: opts}).titleKey(q)

	// The versions in the other languages, made from q before anything
	// is changed.
	var versions []*Page
	if len(p.Translations) > 1 {
		versions = make([]*Page, len(p.Translations))
		for i, v := range p.Translations {
			if v == p {
				continue
			}
			var t *decoder
			if !v.Untranslated {
				t = &decoder{file: v.Source, diags: &problems}
			}
			nv := s.remake(q, v, t, opts)
			if nv == nil || len(problems.Sorted()) > 0 {
				return false
			}
			versions[i] = nv
		}
	}

	p.Source = f
	p.Title, p.MenuTitle, p.Description, p.Weight, p.Lang, p.Layout, p.RawHTML = q.Title, q.MenuTitle, q.Description, q.Weight, q.Lang, q.Layout, q.RawHTML
	p.aliasLines, p.titleKey = q.aliasLines, q.titleKey
	p.LeichteSprache = q.LeichteSprache
	p.Event, p.Actor, p.Milestone = q.Event, q.Actor, q.Milestone
	s.resort(p)
	for i, nv := range versions {
		if nv != nil {
			v := p.Translations[i]
			v.take(nv)
			s.resort(v)
		}
	}
	s.forgetEvents()
	return true
}

// patchTranslation puts f, the new version of the translation file of
// the page p (of a language other than the first), into the site.
func (s *Site) patchTranslation(p *Page, f *load.File, opts Options) bool {
	var problems diag.List
	nv := s.remake(p.Original, p, &decoder{file: f, diags: &problems}, opts)
	if nv == nil || nv.Untranslated || len(problems.Sorted()) > 0 {
		return false // a draft now, or a problem Build reports
	}
	p.take(nv)
	s.resort(p)
	s.forgetEvents()
	return true
}

// remake returns the version v of the original orig made again as
// Build's translatePages makes it — from the translation t, or (t nil)
// showing orig's text — or nil where it would not be v any more: another
// address, slug or aliases, or translated where it was not.
func (s *Site) remake(orig, v *Page, t *decoder, opts Options) *Page {
	ls := v.Site
	code := ls.Config.Language
	b := &builder{s: s, opts: opts, translated: map[*Page]map[string]*decoder{}}
	if t != nil {
		b.translated[orig] = map[string]*decoder{code: t}
	}
	nv := b.version(orig, ls, v.Parent)
	if nv.URL != v.URL || nv.Slug != v.Slug || nv.Untranslated != v.Untranslated || !slices.Equal(nv.Aliases, v.Aliases) {
		return nil
	}
	if e := nv.Event; e != nil { // the same language's, as translatePages links them
		if e.Organizer != nil {
			e.Organizer = e.Organizer.In(code)
		}
		if e.SeriesPage != nil {
			e.SeriesPage = e.SeriesPage.In(code)
		}
	}
	nv.titleKey = b.titleKey(nv)
	return nv
}

// take gives the version p the data of nv, made again by remake.
func (p *Page) take(nv *Page) {
	p.Source, p.Untranslated = nv.Source, nv.Untranslated
	p.Title, p.MenuTitle, p.Description, p.Weight, p.Lang, p.Layout, p.RawHTML = nv.Title, nv.MenuTitle, nv.Description, nv.Weight, nv.Lang, nv.Layout, nv.RawHTML
	p.aliasLines, p.titleKey = nv.aliasLines, nv.titleKey
	p.Event, p.Actor, p.Milestone = nv.Event, nv.Actor, nv.Milestone
	p.Image = nv.Image // a translation's description of the picture (image: alt:)
}

// resort sorts the lists of p's language that p is in again, as Build
// sorts them.
func (s *Site) resort(p *Page) {
	ls := p.Site
	if ls == nil {
		ls = s
	}
	if p.Parent != nil {
		slices.SortStableFunc(p.Parent.Children, byWeightTitle)
	}
	if p.Menu {
		slices.SortStableFunc(ls.Menu, byWeightTitle)
	}
	switch {
	case p.Event != nil:
		slices.SortStableFunc(ls.Events, byStart)
	case p.Actor != nil:
		slices.SortStableFunc(ls.Actors, byTitleURL)
	case p.Milestone != nil:
		slices.SortStableFunc(ls.Milestones, byDate)
		var line []*Page
		for _, m := range ls.Milestones {
			if m.Parent == p.Parent {
				line = append(line, m)
			}
		}
		linkTimeline(line)
	}
}

// forgetEvents drops what was worked out from the events of every
// language: it is worked out again when asked for.
func (s *Site) forgetEvents() {
	for _, ls := range append([]*Site{s}, s.Langs...) {
		ls.events.Store(nil)
		ls.seriesOnce = sync.Once{}
		ls.series = nil
	}
}

// actorsByName returns the actor pages by the name an organizer: key
// gives them (the last segment of their address), the first by source
// path where two share one, as Build resolves them.
func (s *Site) actorsByName() map[string]*Page {
	m := make(map[string]*Page, len(s.Actors))
	for _, p := range s.Actors {
		if p.Kind != load.KindPage {
			continue
		}
		name := path.Base(p.URL)
		if first, ok := m[name]; !ok || p.Source.Rel < first.Source.Rel {
			m[name] = p
		}
	}
	return m
}
