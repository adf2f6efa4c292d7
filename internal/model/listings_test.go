package model_test

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// eventSite's events lie around sitetest.Now (Thursday, 11 March 2027, 18:00
// in Bamberg); each file name says where.
const eventSite = `
-- content/termine/_index.md --
---
title: Termine
type: event
series:
  runder-tisch: Runder Tisch Integration
  fachforum: Fachforum Integration
---
-- content/termine/vergangen.md --
---
title: Vergangen
start: 2027-03-01T18:00
end: 2027-03-01T20:00
series: runder-tisch
---
-- content/termine/laeuft.md --
---
title: Läuft gerade
start: 2027-03-11T17:00
end: 2027-03-11T19:00
---
-- content/termine/begonnen.md --
---
title: Begonnen, ohne Ende
start: 2027-03-11T17:30
---
-- content/termine/heute.md --
---
title: Heute ganztägig
start: 2027-03-11
---
-- content/termine/gestern.md --
---
title: Gestern ganztägig
start: 2027-03-10
---
-- content/termine/abgesagt.md --
---
title: Abgesagt
start: 2027-03-12T18:00
series: runder-tisch
status: cancelled
---
-- content/termine/naechster.md --
---
title: Nächster
start: 2027-03-13T18:00
series: runder-tisch
---
-- content/termine/verschoben.md --
---
title: Verschoben
start: 2027-03-14T18:00
series: runder-tisch
status: postponed
---
-- content/termine/forum.md --
---
title: Forum
start: 2027-03-20T10:00
end: 2027-03-20T16:00
series: fachforum
---
-- content/termine/danach.md --
---
title: Danach
start: 2027-04-01T18:00
series: runder-tisch
---
-- content/termine/archiv/_index.md --
---
title: Archiv
---
-- content/termine/archiv/nov2026.md --
---
title: November 2026
start: 2026-11-05T18:00
series: runder-tisch
---
-- content/termine/archiv/silvester.md --
---
title: Silvester
start: 2026-12-31T23:30:00Z
series: fachforum
---
-- content/termine/archiv/sommer2025.md --
---
title: Sommer 2025
start: 2025-06-01
---
`

// names returns the file names (without .md) of event pages.
func names(ps []*model.Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strings.TrimSuffix(path.Base(p.Source.Rel), ".md")
	}
	return out
}

func TestEventList(t *testing.T) {
	s := buildOK(t, model.Options{}, eventSite)
	for _, tt := range []struct {
		q    model.EventQuery
		want []string
	}{
		{model.EventQuery{}, []string{"heute", "laeuft", "abgesagt", "naechster", "verschoben", "forum", "danach"}},
		{model.EventQuery{Limit: 1}, []string{"heute"}},
		// Cancelled and postponed events are shown but do not count.
		{model.EventQuery{Limit: 3}, []string{"heute", "laeuft", "abgesagt", "naechster"}},
		{model.EventQuery{Limit: 100}, []string{"heute", "laeuft", "abgesagt", "naechster", "verschoben", "forum", "danach"}},
		{model.EventQuery{Series: "runder-tisch"}, []string{"abgesagt", "naechster", "verschoben", "danach"}},
		{model.EventQuery{Series: "runder-tisch", Limit: 1}, []string{"abgesagt", "naechster"}},
		{model.EventQuery{Series: "runder-tisch", Limit: 2}, []string{"abgesagt", "naechster", "verschoben", "danach"}},
		{model.EventQuery{Series: "fachforum"}, []string{"forum"}},
		{model.EventQuery{Series: "gibt-es-nicht"}, []string{}},
		{model.EventQuery{Past: true}, []string{"begonnen", "gestern", "vergangen", "silvester", "nov2026", "sommer2025"}},
		{model.EventQuery{Past: true, Limit: 2}, []string{"begonnen", "gestern"}},
		{model.EventQuery{Past: true, Series: "runder-tisch"}, []string{"vergangen", "nov2026"}},
		{model.EventQuery{Past: true, Series: "fachforum", Limit: 5}, []string{"silvester"}},
	} {
		if got := names(s.EventList(tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("EventList(%+v) = %v; want %v", tt.q, got, tt.want)
		}
	}
	// Every event is either upcoming or past, never both.
	up, past := s.EventList(model.EventQuery{}), s.EventList(model.EventQuery{Past: true})
	if len(up)+len(past) != len(s.Events) {
		t.Errorf("%d upcoming + %d past != %d events", len(up), len(past), len(s.Events))
	}
}

// TestEventListCancelledAtTheEnd checks that a limit reached stops the
// list before later cancelled events.
func TestEventListCancelledAtTheEnd(t *testing.T) {
	s := buildOK(t, model.Options{}, `
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
-- content/termine/b.md --
---
title: B
start: 2027-04-02T18:00
status: cancelled
---
-- content/termine/c.md --
---
title: C
start: 2027-04-03T18:00
status: cancelled
---
`)
	for _, tt := range []struct {
		limit int
		want  []string
	}{
		{1, []string{"A"}},
		{2, []string{"A", "B", "C"}},
		{0, []string{"A", "B", "C"}},
	} {
		if got := titles(s.EventList(model.EventQuery{Limit: tt.limit})); !slices.Equal(got, tt.want) {
			t.Errorf("limit %d: %v; want %v", tt.limit, got, tt.want)
		}
	}
}

// TestUpcoming checks when each kind of event stops being upcoming.
func TestUpcoming(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/termine/_index.md --
---
title: Termine
type: event
---
-- content/termine/mit-ende.md --
---
title: Mit Ende
start: 2027-03-11T18:00
end: 2027-03-11T20:00
---
-- content/termine/ohne-ende.md --
---
title: Ohne Ende
start: 2027-03-11T18:00
---
-- content/termine/ganztags.md --
---
title: Ganztags
start: 2027-03-11
---
-- content/termine/zwei-tage.md --
---
title: Zwei Tage
start: 2027-03-11
end: 2027-03-12
---
-- content/termine/umstellung.md --
---
title: Tag der Zeitumstellung
start: 2027-03-28
---
-- content/termine/sommer.md --
---
title: Sommer
start: 2027-07-01
---
-- content/termine/ueber-mitternacht.md --
---
title: Über Mitternacht
start: 2027-07-01T22:00
end: 2027-07-02T02:00
---
`)
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, tt := range []struct {
		rel  string
		now  string
		want bool
	}{
		{"mit-ende.md", "2027-03-11T16:59:59Z", true},
		{"mit-ende.md", "2027-03-11T17:00:00Z", true}, // it has begun, but it runs
		{"mit-ende.md", "2027-03-11T18:59:59Z", true},
		{"mit-ende.md", "2027-03-11T19:00:00Z", false}, // 20:00 in Bamberg
		{"ohne-ende.md", "2027-03-11T16:59:59Z", true},
		{"ohne-ende.md", "2027-03-11T17:00:00Z", false}, // drops out at its start
		{"ganztags.md", "2027-03-10T23:00:00Z", true},
		{"ganztags.md", "2027-03-11T22:59:59Z", true},  // 23:59:59 in Bamberg
		{"ganztags.md", "2027-03-11T23:00:00Z", false}, // midnight in Bamberg
		{"zwei-tage.md", "2027-03-12T22:59:59Z", true},
		{"zwei-tage.md", "2027-03-12T23:00:00Z", false},
		{"umstellung.md", "2027-03-28T21:59:59Z", true}, // the day has 23 hours
		{"umstellung.md", "2027-03-28T22:00:00Z", false},
		{"sommer.md", "2027-07-01T21:59:59Z", true}, // CEST, UTC+2
		{"sommer.md", "2027-07-01T22:00:00Z", false},
		{"ueber-mitternacht.md", "2027-07-01T23:59:59Z", true},
		{"ueber-mitternacht.md", "2027-07-02T00:00:00Z", false},
	} {
		p := page(t, s, "termine/"+tt.rel)
		now := utc(tt.now)
		if got := p.Event.Upcoming(now); got != tt.want {
			t.Errorf("%s at %s: Upcoming = %v; want %v (until %v)", tt.rel, tt.now, got, tt.want, p.Event.Until)
		}
		s.Now = now
		if got := slices.Contains(s.EventList(model.EventQuery{}), p); got != tt.want {
			t.Errorf("%s at %s: in EventList = %v; want %v", tt.rel, tt.now, got, tt.want)
		}
		if got := slices.Contains(s.EventList(model.EventQuery{Past: true}), p); got == tt.want {
			t.Errorf("%s at %s: in past EventList = %v; want %v", tt.rel, tt.now, got, !tt.want)
		}
	}
}

// TestUpcomingSiteTimeZone checks that all-day events end at midnight in
// the site's time zone, not in Europe/Berlin, when another is set.
func TestUpcomingSiteTimeZone(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/_index.md --
---
title: Start
site:
  timezone: Europe/London
---
-- content/termine/_index.md --
---
title: Termine
type: event
---
-- content/termine/a.md --
---
title: A
start: 2027-03-11
---
`)
	e := page(t, s, "termine/a.md").Event
	if want := time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC); !e.Until.Equal(want) {
		t.Errorf("until %v; want %v", e.Until, want)
	}
}

func TestPastByYear(t *testing.T) {
	s := buildOK(t, model.Options{}, eventSite)
	for _, tt := range []struct {
		series string
		want   string
	}{
		// Silvester starts at 23:30 UTC on 31 December 2026, which is
		// 2027 in Bamberg.
		{"", "[2027 [begonnen gestern vergangen silvester] 2026 [nov2026] 2025 [sommer2025]]"},
		{"runder-tisch", "[2027 [vergangen] 2026 [nov2026]]"},
		{"fachforum", "[2027 [silvester]]"},
		{"gibt-es-nicht", "[]"},
	} {
		var got []any
		for _, g := range s.PastByYear(tt.series) {
			got = append(got, g.Year, names(g.Events))
		}
		if g := fmt.Sprint(got); g != tt.want {
			t.Errorf("PastByYear(%q) = %s; want %s", tt.series, g, tt.want)
		}
	}
}

func TestSeriesList(t *testing.T) {
	s := buildOK(t, model.Options{}, eventSite)
	var got []string
	for _, sr := range s.SeriesList() {
		got = append(got, fmt.Sprintf("%s %s %s %v", sr.Section.URL, sr.Slug, sr.Title, names(sr.Events)))
	}
	want := []string{
		"/termine/ fachforum Fachforum Integration [silvester forum]",
		"/termine/ runder-tisch Runder Tisch Integration [nov2026 vergangen abgesagt naechster verschoben danach]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("SeriesList:\n%q\nwant\n%q", got, want)
	}
	if got := page(t, s, "termine/naechster.md").Event.SeriesTitle; got != "Runder Tisch Integration" {
		t.Errorf("SeriesTitle %q", got)
	}
}

func TestNextChange(t *testing.T) {
	s := buildOK(t, model.Options{}, eventSite)
	for _, tt := range []struct {
		now, want time.Time
	}{
		// Läuft gerade ends at 19:00 in Bamberg.
		{sitetest.Now, time.Date(2027, 3, 11, 19, 0, 0, 0, berlin)},
		// Then the all-day event of today ends at midnight.
		{time.Date(2027, 3, 11, 19, 0, 0, 0, berlin), time.Date(2027, 3, 12, 0, 0, 0, 0, berlin)},
		// Then Abgesagt starts (and, without an end, is over).
		{time.Date(2027, 3, 12, 0, 0, 0, 0, berlin), time.Date(2027, 3, 12, 18, 0, 0, 0, berlin)},
		// At that very instant the next change is the one after it.
		{time.Date(2027, 3, 12, 18, 0, 0, 0, berlin), time.Date(2027, 3, 13, 18, 0, 0, 0, berlin)},
		// Forum: its start, then its end.
		{time.Date(2027, 3, 20, 9, 0, 0, 0, berlin), time.Date(2027, 3, 20, 10, 0, 0, 0, berlin)},
		{time.Date(2027, 3, 20, 10, 0, 0, 0, berlin), time.Date(2027, 3, 20, 16, 0, 0, 0, berlin)},
		// Before everything: the first start.
		{time.Date(2020, 1, 1, 0, 0, 0, 0, berlin), time.Date(2025, 6, 1, 0, 0, 0, 0, berlin)},
		// After everything: nothing.
		{time.Date(2027, 4, 1, 18, 0, 0, 0, berlin), time.Time{}},
	} {
		s.Now = tt.now
		if got := s.NextChange(); !got.Equal(tt.want) {
			t.Errorf("NextChange at %v = %v; want %v", tt.now, got, tt.want)
		}
	}
}

func TestActorList(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/zebra.md --
---
title: Zebra e. V.
category: sport
---
-- content/akteure/oekumene.md --
---
title: Ökumene Bamberg
category: religion
---
-- content/akteure/aerztekammer.md --
---
title: Ärztekammer
category: sozial
---
-- content/akteure/apfelbaum.md --
---
title: Apfelbaum
category: sozial
---
-- content/akteure/osterhasen.md --
---
title: Osterhasen
category: sport
---
-- content/akteure/buergerverein.md --
---
title: Bürgerverein
category: sozial
---
-- content/akteure/strassenfest.md --
---
title: Straßenfest
---
-- content/akteure/strassen.md --
---
title: Strassen
---
-- content/akteure/beirat/_index.md --
---
title: Beiräte
---
-- content/akteure/beirat/migrationsbeirat.md --
---
title: Migrationsbeirat
category: beirat
---
`)
	for _, tt := range []struct {
		category string
		want     []string
	}{
		{"", []string{"Apfelbaum", "Ärztekammer", "Bürgerverein", "Migrationsbeirat", "Ökumene Bamberg", "Osterhasen", "Strassen", "Straßenfest", "Zebra e. V."}},
		{"sozial", []string{"Apfelbaum", "Ärztekammer", "Bürgerverein"}},
		{"sport", []string{"Osterhasen", "Zebra e. V."}},
		{"beirat", []string{"Migrationsbeirat"}},
		{"kultur", nil},
	} {
		if got := titles(s.ActorList(tt.category)); !slices.Equal(got, tt.want) {
			t.Errorf("ActorList(%q) = %q; want %q", tt.category, got, tt.want)
		}
	}
}

const milestoneSite = `
-- content/geschichte/_index.md --
---
title: Geschichte
type: milestone
---
-- content/geschichte/beginn.md --
---
title: Beginn
date: 2007
---
-- content/geschichte/start.md --
---
title: Start
date: 2007-07
---
-- content/geschichte/vorher.md --
---
title: Vorher
date: 2007-07
weight: -1
---
-- content/geschichte/auftakt.md --
---
title: Auftakt
date: 2007-07
---
-- content/geschichte/arbeitskreise.md --
---
title: Arbeitskreise
date: 2010
until: 2013
---
-- content/geschichte/abschluss.md --
---
title: Abschluss
date: 2013-07-12
---
-- content/geschichte/spaeter/_index.md --
---
title: Später
---
-- content/geschichte/spaeter/neu.md --
---
title: Neu
date: 2020
---
-- content/chronik/_index.md --
---
title: Chronik
type: milestone
---
-- content/chronik/frueh.md --
---
title: Früh
date: 2000-01-01
---
`

func TestMilestoneList(t *testing.T) {
	s := buildOK(t, model.Options{}, milestoneSite)
	all := []string{"Früh", "Vorher", "Auftakt", "Start", "Beginn", "Arbeitskreise", "Abschluss", "Neu"}
	for _, tt := range []struct {
		section string
		want    []string
	}{
		{"", all},
		{"geschichte/_index.md", []string{"Vorher", "Auftakt", "Start", "Beginn", "Arbeitskreise", "Abschluss", "Neu"}},
		{"geschichte/spaeter/_index.md", []string{"Neu"}},
		{"chronik/_index.md", []string{"Früh"}},
		{"_index.md", all},
	} {
		var sec *model.Page
		if tt.section != "" {
			sec = page(t, s, tt.section)
		}
		if got := titles(s.MilestoneList(sec)); !slices.Equal(got, tt.want) {
			t.Errorf("MilestoneList(%q) = %q; want %q", tt.section, got, tt.want)
		}
	}
	if got := titles(s.Milestones); !slices.Equal(got, all) {
		t.Errorf("Milestones = %q; want %q", got, all)
	}
}

// TestTimeline checks Prev and Next: neighbours in date order among the
// milestones of the same section.
func TestTimeline(t *testing.T) {
	s := buildOK(t, model.Options{}, milestoneSite)
	title := func(p *model.Page) string {
		if p == nil {
			return "-"
		}
		return p.Title
	}
	for _, tt := range []struct {
		rel, prev, next string
	}{
		{"geschichte/vorher.md", "-", "Auftakt"},
		{"geschichte/auftakt.md", "Vorher", "Start"},
		{"geschichte/start.md", "Auftakt", "Beginn"},
		{"geschichte/beginn.md", "Start", "Arbeitskreise"},
		{"geschichte/arbeitskreise.md", "Beginn", "Abschluss"},
		{"geschichte/abschluss.md", "Arbeitskreise", "-"},
		{"geschichte/spaeter/neu.md", "-", "-"},
		{"chronik/frueh.md", "-", "-"},
		{"geschichte/_index.md", "-", "-"},
	} {
		p := page(t, s, tt.rel)
		if got, want := title(p.Prev)+" < "+title(p.Next), tt.prev+" < "+tt.next; got != want {
			t.Errorf("content/%s: prev < next = %s; want %s", tt.rel, got, want)
		}
	}
}

// Answer is the one reading of a listing: the same pages as the list
// functions, the series' title, the past events by year; a section that
// is not there and a kind not known are not Known.
func TestAnswer(t *testing.T) {
	s := buildOK(t, model.Options{Now: sitetest.Now}, eventSite, milestoneSite)
	urls := func(ps []*model.Page) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.URL)
		}
		return strings.Join(out, " ")
	}
	ev := s.Answer(model.Listing{Kind: model.ListEvents, Series: "runder-tisch", Limit: 1})
	if want := urls(s.EventList(model.EventQuery{Series: "runder-tisch", Limit: 1})); !ev.Known || urls(ev.Pages) != want || want == "" || ev.SeriesTitle != "Runder Tisch Integration" {
		t.Errorf("events: %+v, want %s and the series' title", ev, want)
	}
	past := s.Answer(model.Listing{Kind: model.ListPast, Series: "runder-tisch"})
	var byYear []*model.Page
	for _, g := range s.PastByYear("runder-tisch") {
		byYear = append(byYear, g.Events...)
	}
	if len(past.Years) == 0 || urls(past.Pages) != urls(byYear) || past.SeriesTitle != "Runder Tisch Integration" {
		t.Errorf("past: %+v, want %s", past, urls(byYear))
	}
	if a := s.Answer(model.Listing{Kind: model.ListActors}); !a.Known || urls(a.Pages) != urls(s.ActorList("")) {
		t.Errorf("actors: %s, want %s", urls(a.Pages), urls(s.ActorList("")))
	}
	sec := s.Page("geschichte/_index.md")
	if sec == nil {
		t.Fatal("no section geschichte/")
	}
	ms := s.Answer(model.Listing{Kind: model.ListMilestones, Section: sec.Source.Rel})
	if want := urls(s.MilestoneList(sec)); !ms.Known || urls(ms.Pages) != want || want == "" {
		t.Errorf("milestones of %s: %s, want %s", sec.URL, urls(ms.Pages), want)
	}
	for _, q := range []model.Listing{{Kind: model.ListMilestones, Section: "fehlt/_index.md"}, {Kind: "unbekannt"}} {
		if a := s.Answer(q); a.Known || len(a.Pages) > 0 {
			t.Errorf("%+v: %+v, want nothing and not Known", q, a)
		}
	}
}
