package model

import (
	"slices"
	"time"
)

// ListingKind is what a [Listing] lists.
type ListingKind string

// The kinds of listings.
const (
	ListEvents     ListingKind = "events"     // the events of an EventQuery
	ListPast       ListingKind = "past"       // the past events of a series, by year
	ListActors     ListingKind = "actors"     // the actors of a category
	ListMilestones ListingKind = "milestones" // the milestones inside a section
)

// Listing is a question a listing asks of the site of one language: the
// layouts' listing functions and the directives (package render) show
// its [Site.Answer], and the incremental build records the listings a
// page showed and hashes the same Answer into the page's signature — one
// interpretation, so that the two cannot disagree about what a page
// shows. A Listing is comparable (a map key) and kept in the build
// cache.
type Listing struct {
	Kind     ListingKind
	Series   string // ListEvents, ListPast: only this series ("" = all)
	Limit    int    // ListEvents: see EventQuery
	Past     bool   // ListEvents: see EventQuery
	Category string // ListActors: only this category ("" = all)
	Section  string // ListMilestones: the Rel of the section's file ("" = all)
}

// Answer is what a [Listing] shows.
type Answer struct {
	Pages       []*Page     // the pages listed, in the order shown
	Years       []YearGroup // ListPast: Pages by year, newest first
	SeriesTitle string      // ListEvents, ListPast: the title of Series
	// Known is false for a kind not known here and for a section not
	// found: then nothing is listed, and anything may matter.
	Known bool
}

// Answer answers the listing q from the site (of one language).
func (s *Site) Answer(q Listing) Answer {
	a := Answer{Known: true}
	switch q.Kind {
	case ListEvents:
		a.Pages = s.EventList(EventQuery{Series: q.Series, Limit: q.Limit, Past: q.Past})
		a.SeriesTitle = s.seriesTitle(q.Series)
	case ListPast:
		a.Years = s.PastByYear(q.Series)
		for _, g := range a.Years {
			a.Pages = append(a.Pages, g.Events...)
		}
		a.SeriesTitle = s.seriesTitle(q.Series)
	case ListActors:
		a.Pages = s.ActorList(q.Category)
	case ListMilestones:
		var sec *Page
		if q.Section != "" {
			if sec = s.Page(q.Section); sec == nil {
				a.Known = false
				return a
			}
		}
		a.Pages = s.MilestoneList(sec)
	default:
		a.Known = false
	}
	return a
}

// seriesTitle returns the title of the series slug ("" for none).
func (s *Site) seriesTitle(slug string) string {
	if slug == "" {
		return ""
	}
	for _, sr := range s.SeriesList() {
		if sr.Slug == slug {
			return sr.Title
		}
	}
	return ""
}

// EventQuery selects events for a listing. The zero value selects every
// upcoming event.
type EventQuery struct {
	Series string // only this series
	Limit  int    // at most this many events that take place (0 = all)
	Past   bool   // past events instead of upcoming ones, newest first
}

// EventList returns the events q selects, measured against s.Now.
//
// Upcoming events come soonest first (ties by title). An event is upcoming
// while s.Now is before its end (dates.Span.Until). Cancelled and postponed
// events stay in the list, so that nobody comes to a meeting that will not
// take place, but they do not count towards Limit: "limit=1" shows the
// next event that takes place, preceded by any cancelled or postponed
// event before it.
//
// The events are split into upcoming and past once per value of s.Now.
func (s *Site) EventList(q EventQuery) []*Page {
	idx := s.eventIndex()
	lists := idx.all
	if q.Series != "" {
		lists = idx.series[q.Series]
	}
	if q.Past {
		list := lists[1]
		if q.Limit > 0 && len(list) > q.Limit {
			list = list[:q.Limit]
		}
		return slices.Clone(list)
	}
	var out []*Page
	taking := 0
	for _, p := range lists[0] {
		if q.Limit > 0 && taking == q.Limit {
			break
		}
		out = append(out, p)
		if p.Event.Status == "scheduled" {
			taking++
		}
	}
	return out
}

// events holds a site's events split at Now: [0] upcoming by start,
// [1] past, newest first.
type events struct {
	now    time.Time
	all    [2][]*Page
	series map[string][2][]*Page
}

func (s *Site) eventIndex() *events {
	if idx := s.events.Load(); idx != nil && idx.now.Equal(s.Now) {
		return idx
	}
	// Goroutines that get here at once all compute the same index.
	idx := &events{now: s.Now, series: map[string][2][]*Page{}}
	add := func(lists *[2][]*Page, p *Page, past bool) {
		if past {
			lists[1] = append(lists[1], p)
		} else {
			lists[0] = append(lists[0], p)
		}
	}
	for _, p := range s.Events {
		past := !p.Event.Upcoming(s.Now)
		add(&idx.all, p, past)
		if p.Event.Series != "" {
			l := idx.series[p.Event.Series]
			add(&l, p, past)
			idx.series[p.Event.Series] = l
		}
	}
	slices.Reverse(idx.all[1])
	for k, l := range idx.series {
		slices.Reverse(l[1])
		idx.series[k] = l
	}
	s.events.Store(idx)
	return idx
}

// Upcoming reports whether now is before the event's end.
func (e *Event) Upcoming(now time.Time) bool { return now.Before(e.Until) }

// YearGroup is the events of one year.
type YearGroup struct {
	Year   int
	Events []*Page
}

// PastByYear returns past events grouped by the year of their start in the
// site's time zone, newest year first and newest event first.
func (s *Site) PastByYear(series string) []YearGroup {
	var groups []YearGroup
	for _, p := range s.EventList(EventQuery{Series: series, Past: true}) {
		y := p.Event.Span.Start.In(s.Config.Location).Year()
		if len(groups) == 0 || groups[len(groups)-1].Year != y {
			groups = append(groups, YearGroup{Year: y})
		}
		g := &groups[len(groups)-1]
		g.Events = append(g.Events, p)
	}
	return groups
}

// Series is a declared series of events.
type Series struct {
	Slug    string
	Title   string
	Section *Page   // the section that declares it
	Page    *Page   // the series' generated page (nil if its address was taken)
	Events  []*Page // all its events by start
}

// SeriesList returns the declared series, by section URL then slug.
func (s *Site) SeriesList() []Series {
	s.seriesOnce.Do(func() { s.series = s.seriesList() })
	return s.series
}

func (s *Site) seriesList() []Series {
	var out []Series
	for _, p := range s.Pages {
		keys := make([]string, 0, len(p.Series))
		for k := range p.Series {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			sr := Series{Slug: k, Title: p.Series[k], Section: p}
			if sp := s.seriesPages[k]; sp != nil && sp.Parent == p {
				sr.Page = sp // not when another section declared the slug first
			}
			for _, e := range s.Events {
				if e.Event.Series == k {
					sr.Events = append(sr.Events, e)
				}
			}
			out = append(out, sr)
		}
	}
	return out
}

// ActorList returns the actors of a category (all if category is ""), by
// title in German collation.
func (s *Site) ActorList(category string) []*Page {
	if category == "" {
		return s.Actors
	}
	var out []*Page
	for _, p := range s.Actors {
		if p.Actor.Category == category {
			out = append(out, p)
		}
	}
	return out
}

// MilestoneList returns the milestones inside section (all if nil), in
// date order.
func (s *Site) MilestoneList(section *Page) []*Page {
	if section == nil {
		return s.Milestones
	}
	var out []*Page
	for _, p := range s.Milestones {
		for a := p.Parent; a != nil; a = a.Parent {
			if a == section {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// NextChange returns the first instant after s.Now at which the built
// output would change because an event starts or ends, or the zero time
// if there is none.
func (s *Site) NextChange() time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(s.Now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, p := range s.Events {
		consider(p.Event.Span.Start)
		consider(p.Event.Until)
	}
	return next
}

// AllEventsCalendar is the site path of the calendar file of all upcoming
// events of the default language; each other language has its own below
// its prefix (/en/kalender.ics, see Site.AllEventsCalendar).
const AllEventsCalendar = "/kalender.ics"

// Prefix returns the site path of the language's home: "/" for the
// default language, "/en/" for en.
func (s *Site) Prefix() string {
	root := s.Root()
	if len(root.Config.Languages) == 0 || s.Config.Language == root.Config.Languages[0] {
		return "/"
	}
	return "/" + s.Config.Language + "/"
}

// AllEventsCalendar returns the site path of the calendar file of all
// upcoming events in the site's language.
func (s *Site) AllEventsCalendar() string { return s.Prefix() + "kalender.ics" }

// CalendarURL returns the site path of the calendar file (.ics) of an
// event page or a series page ("/termine/rt-maerz/kalender.ics"), the
// file of all upcoming events for a section of type event, and "" for
// other pages.
func (p *Page) CalendarURL() string {
	switch {
	case p.Event != nil || p.SeriesSlug != "":
		return p.URL + "kalender.ics"
	case p.IsSection() && p.Type == TypeEvent:
		if p.Site != nil {
			return p.Site.AllEventsCalendar()
		}
		return AllEventsCalendar
	}
	return ""
}

// SetNow sets the instant "upcoming" is measured against, for the site and
// each of its languages.
func (s *Site) SetNow(t time.Time) {
	s.Now = t
	for _, ls := range s.Langs {
		ls.Now = t
	}
}

// Lang returns the site of the language code, or nil.
func (s *Site) Lang(code string) *Site {
	for _, ls := range s.Langs {
		if ls.Config.Language == code {
			return ls
		}
	}
	return nil
}

// Root returns the whole site a language's site belongs to.
func (s *Site) Root() *Site {
	if s.root != nil {
		return s.root
	}
	return s
}

// T returns the interface string key in the site's language (package
// i18n), with {0}, {1} … replaced by args.
func (s *Site) T(key string, args ...any) string {
	return s.Catalog.T(s.Config.Language, key, args...)
}

// HasEvents reports whether the site has a section of type event, and so
// a calendar of all upcoming events.
func (s *Site) HasEvents() bool { return s.hasEvents }
