package render

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
)

// EventListing is the data of the events.html partial.
type EventListing struct {
	Events []*model.Page
	// Later are the next few upcoming events after a limited listing's,
	// written hidden: when the listed ones have passed, the freshness
	// script shows them in their place, so that a "Nächster Termin" slot
	// never shows the fallback while a later date exists.
	Later       []*model.Page
	Limit       int
	Empty       string // shown when Events is empty (and revealed by the script when all have passed)
	Series      string
	SeriesTitle string
	Past        bool
}

// ActorListing is the data of the actors.html partial.
type ActorListing struct {
	Actors       []*model.Page
	Category     string
	CategoryName string
}

// MilestoneListing is the data of the milestones.html partial.
type MilestoneListing struct {
	Milestones []*model.Page
}

// Query is a listing a page showed: the [model.Listing] asked of the site
// of the language Lang. The incremental build hashes its answer
// (model.Site.Answer, the one the page showed) into the page's
// signature, so that the page is made again exactly when a listing it
// shows changes.
type Query struct {
	Lang string // the language whose listing it is
	model.Listing
}

// laterEvents is how many events a limited listing holds in reserve.
const laterEvents = 3

// answer records the listing q as shown by the page being rendered and
// returns what it shows.
func (r *Renderer) answer(q model.Listing) model.Answer {
	r.record(q)
	return r.lang().Answer(q)
}

func (r *Renderer) eventList(series string, limit int) EventListing {
	l := EventListing{Empty: r.lang().T("no_entries"), Series: series}
	r.fill(&l, model.Listing{Kind: model.ListEvents, Series: series, Limit: limit})
	return l
}

// fill sets the events of l that q (of kind model.ListEvents) selects,
// the later ones and the series' title.
func (r *Renderer) fill(l *EventListing, q model.Listing) {
	a := r.answer(q)
	l.Events, l.SeriesTitle = a.Pages, a.SeriesTitle
	l.Limit = q.Limit
	if q.Limit > 0 && !q.Past {
		more := q
		more.Limit += laterEvents
		all := r.answer(more).Pages
		l.Later = all[len(l.Events):]
	}
}

// pastEvents returns the past events of a series (all: "") by year.
func (r *Renderer) pastEvents(series string) []model.YearGroup {
	return r.answer(model.Listing{Kind: model.ListPast, Series: series}).Years
}

func (r *Renderer) actorList(category string) ActorListing {
	a := r.answer(model.Listing{Kind: model.ListActors, Category: category})
	return ActorListing{Actors: a.Pages, Category: category, CategoryName: r.categoryName(category)}
}

func (r *Renderer) milestoneList(section *model.Page) MilestoneListing {
	q := model.Listing{Kind: model.ListMilestones}
	if section != nil {
		q.Section = section.Orig().Source.Rel
	}
	return MilestoneListing{Milestones: r.answer(q).Pages}
}

// resolveDirective checks a directive's values against the site and sets
// its data for the partial that renders it.
func (r *Renderer) resolveDirective(p *model.Page, d *markdown.Directive) error {
	switch d.Name {
	case "events":
		q := model.Listing{Kind: model.ListEvents}
		l := EventListing{Empty: r.lang().T("no_entries")}
		if v, ok := d.Attr("series"); ok {
			names := r.seriesNames()
			if !slices.Contains(names, v) {
				msg := fmt.Sprintf("::events: die Reihe %q gibt es nicht", v)
				if s := diag.Suggest(v, names); s != "" {
					msg += fmt.Sprintf(" – gemeint ist wohl %q", s)
				} else if len(names) > 0 {
					msg += " (angelegt sind: " + strings.Join(names, ", ") + ")"
				}
				return fmt.Errorf("%s", msg)
			}
			q.Series, l.Series = v, v
		}
		if v, ok := d.Attr("limit"); ok {
			q.Limit, _ = strconv.Atoi(v) // shape checked by the parser
		}
		if v, ok := d.Attr("past"); ok && v == "true" {
			q.Past, l.Past = true, true
		}
		if v, ok := d.Attr("empty"); ok {
			l.Empty = v
		}
		r.fill(&l, q)
		d.Data = l
	case "actors":
		c, _ := d.Attr("category")
		if c != "" && !slices.Contains(model.Categories, c) {
			msg := fmt.Sprintf("::actors: die Kategorie %q gibt es nicht", c)
			if s := diag.Suggest(c, model.Categories); s != "" {
				msg += fmt.Sprintf(" – gemeint ist wohl %q", s)
			}
			return fmt.Errorf("%s (erlaubt: %s)", msg, strings.Join(model.Categories, ", "))
		}
		d.Data = r.actorList(c)
	case "milestones":
		var section *model.Page
		if v, ok := d.Attr("section"); ok && v != "" {
			rel := path.Join(strings.Trim(v, "/"), "_index.md")
			section = r.lang().Page(rel)
			if section == nil {
				return fmt.Errorf("::milestones: den Bereich %q gibt es nicht (gesucht: content/%s)", v, rel)
			}
		} else if p.Kind != load.KindPage {
			section = p
		}
		d.Data = r.milestoneList(section)
	default:
		return fmt.Errorf("unbekannte Anweisung ::%s", d.Name)
	}
	return nil
}

func (r *Renderer) seriesNames() []string {
	names := make([]string, 0, len(r.series))
	for k := range r.series {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
