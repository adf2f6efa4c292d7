package check

import (
	"time"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
)

// Coverage is how far one language is translated: of Total pages of the
// default language (pages with a file; a series' page is made), Translated
// have a translation in Lang.
type Coverage struct {
	Lang       string   `json:"lang"`
	Translated int      `json:"translated"`
	Total      int      `json:"total"`
	Missing    []string `json:"missing,omitempty"` // the originals without one, by path
}

// Coverages returns the coverage of every language but the default, in
// the order they are declared; nil for a site with one language.
func Coverages(site *model.Site) []Coverage {
	if len(site.Langs) < 2 {
		return nil
	}
	out := make([]Coverage, len(site.Langs)-1)
	for i, ls := range site.Langs[1:] {
		out[i].Lang = ls.Config.Language
	}
	for _, p := range site.Langs[0].Pages {
		if p.Made() {
			continue
		}
		for i, ls := range site.Langs[1:] {
			c := &out[i]
			c.Total++
			if q := p.In(ls.Config.Language); q != nil && !q.Untranslated {
				c.Translated++
			} else {
				c.Missing = append(c.Missing, p.Source.Path)
			}
		}
	}
	return out
}

// Stale warns at every translation whose original changed after it: the
// translation may no longer say what the original says. modTime gives
// when a file (a path from the site root) last changed — by its last
// commit, or its modification time when it has changes not yet
// committed (see cmd/sitegen); nil uses the time the build read.
func Stale(site *model.Site, modTime func(path string) time.Time) []diag.Diagnostic {
	if modTime == nil {
		modTime = func(string) time.Time { return time.Time{} }
	}
	var l diag.List
	when := func(p *model.Page) time.Time {
		if t := modTime(p.Source.Path); !t.IsZero() {
			return t
		}
		return p.Source.ModTime
	}
	for _, p := range site.Pages {
		o := p.Original
		if o == nil || p.Untranslated || p.Made() || o.Source == p.Source {
			continue
		}
		to, tt := when(o), when(p)
		if to.After(tt) {
			l.Warnf(p.Source.Path, 1, "Das Original %s wurde nach dieser Übersetzung geändert (%s, die Übersetzung %s) – bitte prüfen, ob sie noch stimmt", o.Source.Path, to.UTC().Format("2006-01-02 15:04"), tt.UTC().Format("2006-01-02 15:04"))
		}
	}
	return l.Sorted()
}
