package check

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/german"
	"github.com/stadt-bamberg/integration/internal/leicht"
	"github.com/stadt-bamberg/integration/internal/model"
)

// Readability is how hard the text of one page is to read (see
// [leicht.Figures]).
type Readability struct {
	Path           string `json:"path"`
	LeichteSprache bool   `json:"leichte_sprache,omitempty"`
	leicht.Figures
}

// Leicht applies the rules of Leichte Sprache (package leicht) to the
// text of each original marked leichte_sprache: true, each finding at its
// line and column, and measures the text of every page in German (those
// with words), by path. The words of site: leichte_sprache_ausnahmen: may
// be long. A marked page in a language without rules, or
// without text to check (empty, only a table), gets a warning at the key.
func Leicht(site *model.Site) ([]diag.Diagnostic, []Readability) {
	return leichtPages(site, true)
}

// LeichtRules is [Leicht] without the figures: only the marked pages are
// read, so that the preview can run it after every build.
func LeichtRules(site *model.Site) []diag.Diagnostic {
	ds, _ := leichtPages(site, false)
	return ds
}

func leichtPages(site *model.Site, measure bool) ([]diag.Diagnostic, []Readability) {
	var ds diag.List
	var read []Readability
	seen := map[string]bool{}
	for _, p := range site.Pages {
		if p.Made() || p.Untranslated || p.Original != nil || p.Source == nil || seen[p.Source.Path] {
			continue
		}
		if !measure && !p.LeichteSprache {
			continue
		}
		seen[p.Source.Path] = true
		lang := cmp.Or(p.Lang, p.Language, site.Config.Language)
		rules := leicht.For(lang)
		if rules == nil {
			if p.LeichteSprache {
				ds.Warnf(p.Source.Path, metaLine(p, "leichte_sprache"), "leichte_sprache: für die Sprache %q gibt es noch keine Regeln – die Seite wird nicht geprüft", lang)
			}
			continue
		}
		doc := leicht.Parse(p.Source.Body, p.Source.BodyLine, rules)
		if f := leicht.Measure(doc); measure && rules == leicht.German && f.Words > 0 { // the formula is German's
			read = append(read, Readability{Path: p.Source.Path, LeichteSprache: p.LeichteSprache, Figures: f})
		}
		if !p.LeichteSprache {
			continue
		}
		if len(doc.Sentences()) == 0 {
			ds.Warnf(p.Source.Path, metaLine(p, "leichte_sprache"), "leichte_sprache: true, aber die Seite hat keinen Text, der sich prüfen lässt (Überschriften, Absätze, Listen; Tabellen und Code werden nicht geprüft)")
			continue
		}
		for _, f := range leicht.Check(doc, rules, site.Config.LeichteAusnahmen...) {
			sev := diag.Error
			if f.Severity == leicht.Warning {
				sev = diag.Warning
			}
			ds.Add(diag.Diagnostic{Path: p.Source.Path, Line: f.Line, Col: f.Col, Severity: sev,
				Message: fmt.Sprintf("Leichte Sprache (%s): %s", f.Rule, f.Message)})
		}
	}
	slices.SortFunc(read, func(a, b Readability) int { return strings.Compare(a.Path, b.Path) })
	return ds.Sorted(), read
}

// Hardest is how many pages [ReadabilityText] names; MinWords is how
// many words a page needs for it (the formula means little for a few
// words: "Willkommen." alone scores 31).
const (
	Hardest  = 5
	MinWords = 50
)

// ReadabilityText writes the [Hardest] pages of at least [MinWords]
// words that are hardest to read by the Wiener Sachtextformel, hardest
// first, a line each.
func ReadabilityText(w io.Writer, read []Readability) {
	var rs []Readability
	for _, r := range read {
		if r.Words >= MinWords {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return
	}
	slices.SortStableFunc(rs, func(a, b Readability) int { return cmp.Compare(b.Wiener, a.Wiener) })
	fmt.Fprintln(w, "Am schwersten zu lesen (Wiener Sachtextformel: etwa die Schulklasse, die man zum Verstehen braucht; 4 ist leicht, 15 sehr schwer):")
	for _, r := range rs[:min(Hardest, len(rs))] {
		fmt.Fprintf(w, "  %s: %s – %s Wörter pro Satz (der längste hat %d), %s %% lange Wörter\n", r.Path,
			german.Decimal(r.Wiener, 1), german.Decimal(r.MeanWords, 1), r.MaxWords, german.Decimal(100*r.LongWords, 0))
	}
}
