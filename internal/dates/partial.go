package dates

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Partial is a calendar date known to the year, the month or the day.
// Month and Day are 0 when not given (Day is 0 whenever Month is). The
// zero Partial is no date.
type Partial struct {
	Year, Month, Day int
}

// Precision says how much of a [Partial] is known.
type Precision int

// Precisions, coarsest first.
const (
	PrecisionYear Precision = iota + 1
	PrecisionMonth
	PrecisionDay
)

// Precision returns how much of p is known.
func (p Partial) Precision() Precision {
	switch {
	case p.Day != 0:
		return PrecisionDay
	case p.Month != 0:
		return PrecisionMonth
	}
	return PrecisionYear
}

// Compare returns -1, 0 or +1 as p sorts before, with or after q on a
// timeline. A date is placed at the end of what it covers, so that a
// period's known details come first: 2007-07-12 < 2007-07 < 2007 < 2008
// ("Juli 2007: Start" before "2007–2013: Arbeitskreise").
func (p Partial) Compare(q Partial) int {
	key := func(p Partial) (int, int, int) {
		m, d := p.Month, p.Day
		if m == 0 {
			m = 13
		}
		if d == 0 {
			d = 32
		}
		return p.Year, m, d
	}
	py, pm, pd := key(p)
	qy, qm, qd := key(q)
	return cmp.Or(cmp.Compare(py, qy), cmp.Compare(pm, qm), cmp.Compare(pd, qd))
}

// First returns the first day p covers (2007 → 2007-01-01), at midnight UTC.
func (p Partial) First() time.Time {
	return time.Date(p.Year, time.Month(max(p.Month, 1)), max(p.Day, 1), 0, 0, 0, 0, time.UTC)
}

// Last returns the last day p covers (2007 → 2007-12-31, 2028-02 →
// 2028-02-29), at midnight UTC.
func (p Partial) Last() time.Time {
	switch {
	case p.Day != 0:
		return p.First()
	case p.Month != 0:
		return p.First().AddDate(0, 1, -1)
	}
	return time.Date(p.Year, 12, 31, 0, 0, 0, 0, time.UTC)
}

// String returns p in ISO form as precise as it is: 2007, 2007-07 or
// 2007-07-12; "" for the zero Partial.
func (p Partial) String() string {
	switch {
	case p.Year == 0:
		return ""
	case p.Day != 0:
		return fmt.Sprintf("%04d-%02d-%02d", p.Year, p.Month, p.Day)
	case p.Month != 0:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	}
	return fmt.Sprintf("%04d", p.Year)
}

var (
	partialRe      = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)
	looseYMRe      = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
	looseMYRe      = regexp.MustCompile(`^(\d{1,2})\s*[./]\s*(\d{4})$`)
	looseNameMYRe  = regexp.MustCompile(`(?i)^(` + monthPattern + `)\.?\s*(\d{4})$`)
	yearRangeRe    = regexp.MustCompile(`^(\d{4})\s*(?:-|–|—|bis)\s*(\d{4})$`)
	partialExample = "bitte als Jahr (2007), Jahr und Monat (2007-07) oder vollständiges Datum (2013-07-12) angeben"
)

// ParsePartial reads 2007, 2007-07 or 2013-07-12 (leading and trailing
// spaces ignored). A YAML number 2007 arrives as the text "2007" and is
// read the same.
func ParsePartial(s string) (Partial, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Partial{}, fmt.Errorf("das Datum fehlt – %s", partialExample)
	}
	if m := partialRe.FindStringSubmatch(s); m != nil {
		p := Partial{Year: atoi(m[1]), Month: atoi(m[2]), Day: atoi(m[3])}
		msg := p.check()
		switch {
		case msg != "":
		case m[2] == "00":
			msg = "einen Monat 0 gibt es nicht – bitte Jahr-Monat schreiben, z. B. 2007-07"
		case m[3] == "00":
			msg = checkDate(p.Year, p.Month, 0)
		}
		if msg != "" {
			return Partial{}, fmt.Errorf("%q: %s", s, msg)
		}
		return p, nil
	}
	return Partial{}, errors.New(partialHint(s))
}

// check returns what is wrong with p's numbers, or "".
func (p Partial) check() string {
	switch {
	case p.Year < 1:
		return fmt.Sprintf("das Jahr %d gibt es hier nicht – bitte vierstellig angeben, z. B. 2007", p.Year)
	case p.Month == 0 && p.Day == 0:
		return ""
	case p.Month < 1 || p.Month > 12:
		return fmt.Sprintf("einen Monat %d gibt es nicht – bitte Jahr-Monat schreiben, z. B. 2007-07", p.Month)
	case p.Day == 0:
		return ""
	}
	return checkDate(p.Year, p.Month, p.Day)
}

// partialHint explains why s is not a milestone date.
func partialHint(s string) string {
	suggest := func(p Partial) string {
		if msg := p.check(); msg != "" {
			return fmt.Sprintf("%q: %s", s, msg)
		}
		return fmt.Sprintf("%q ist kein gültiges Datum – bitte im Format %s angeben", s, p)
	}
	if m := yearRangeRe.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("%q ist ein Zeitraum – bitte date: %s und until: %s angeben", s, m[1], m[2])
	}
	if m := looseYMRe.FindStringSubmatch(s); m != nil {
		return suggest(Partial{Year: atoi(m[1]), Month: atoi(m[2])})
	}
	if m := looseMYRe.FindStringSubmatch(s); m != nil {
		return suggest(Partial{Year: atoi(m[2]), Month: atoi(m[1])})
	}
	if m := looseNameMYRe.FindStringSubmatch(s); m != nil {
		return suggest(Partial{Year: atoi(m[2]), Month: monthNumber(m[1])})
	}
	if _, _, ok := splitRange(s); ok {
		return fmt.Sprintf("%q ist wohl ein Zeitraum – bitte den Anfang unter date: und das Ende unter until: angeben, z. B. date: 2007-07 und until: 2013-03", s)
	}
	if l := readLoose(s); l.hasDate {
		p := Partial{Year: l.year, Month: l.month, Day: l.day}
		if l.hasTime && p.check() == "" {
			return fmt.Sprintf("%q: bitte nur das Datum angeben, ohne Uhrzeit: %s", s, p)
		}
		return suggest(p)
	}
	return fmt.Sprintf("%q ist kein gültiges Datum – %s", s, partialExample)
}
