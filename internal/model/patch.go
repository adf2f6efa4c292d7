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
func (s *Site) Patch(f *load.File, opts Options, hadProblems bool) bool {
	p := s.bySource[f.Rel]
	if p == nil || len(s.Langs) > 1 || hadProblems || p.Kind != load.KindPage || f.Kind != load.KindPage || p.SeriesSlug != "" || p.Source.Path != f.Path {
		return false
	}
	var problems diag.List
	d := &decoder{file: f, diags: &problems}
	q := &Page{Source: f, Kind: f.Kind}
	d.common(q)
	if q.Slug != p.Slug || q.Draft != p.Draft || q.ownType != p.ownType || q.Menu != p.Menu || !slices.Equal(q.Aliases, p.Aliases) {
		return false
	}
	q.Parent, q.Type, q.URL, q.Files = p.Parent, p.Type, p.URL, p.Files
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

	p.Source = f
	p.Title, p.MenuTitle, p.Description, p.Weight, p.Lang, p.Layout, p.RawHTML = q.Title, q.MenuTitle, q.Description, q.Weight, q.Lang, q.Layout, q.RawHTML
	p.aliasLines, p.titleKey = q.aliasLines, q.titleKey
	p.LeichteSprache = q.LeichteSprache
	p.Event, p.Actor, p.Milestone = q.Event, q.Actor, q.Milestone

	// The lists p is in, sorted again as Build sorts them.
	if p.Parent != nil {
		slices.SortStableFunc(p.Parent.Children, byWeightTitle)
	}
	if p.Menu {
		slices.SortStableFunc(s.Menu, byWeightTitle)
	}
	switch {
	case p.Event != nil:
		slices.SortStableFunc(s.Events, byStart)
	case p.Actor != nil:
		slices.SortStableFunc(s.Actors, byTitleURL)
	case p.Milestone != nil:
		slices.SortStableFunc(s.Milestones, byDate)
		var line []*Page
		for _, m := range s.Milestones {
			if m.Parent == p.Parent {
				line = append(line, m)
			}
		}
		linkTimeline(line)
	}
	// What was worked out from the events is worked out again.
	s.events.Store(nil)
	s.seriesOnce = sync.Once{}
	s.series = nil
	return true
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
