package dates

import (
	"errors"
	"fmt"
	"time"
)

// Span is when an event takes place.
type Span struct {
	// Start is the beginning; for an all-day span the first instant of
	// the first day.
	Start time.Time
	// End is the end of a timed span, or the first instant of the last
	// day of an all-day span (the last day is included). Without an end
	// it equals Start.
	End    time.Time
	AllDay bool
	HasEnd bool // an end was given
}

// NewSpan makes the span from start to end (nil: no end). Start and end
// must both be all-day or both timed, and end must not be before start.
// An end equal to start is allowed.
func NewSpan(start Value, end *Value) (Span, error) {
	s := Span{Start: start.Time, End: start.Time, AllDay: start.AllDay}
	if end == nil {
		return s, nil
	}
	switch {
	case start.AllDay && !end.AllDay:
		return Span{}, fmt.Errorf("Der Beginn %s ist ein ganzer Tag, das Ende %s hat eine Uhrzeit – bitte beide mit Uhrzeit angeben (z. B. %sT18:00) oder beide nur als Datum (ganztägig)", start, end, start)
	case !start.AllDay && end.AllDay:
		return Span{}, fmt.Errorf("Der Beginn %s hat eine Uhrzeit, das Ende %s ist ein ganzer Tag – bitte beide mit Uhrzeit angeben (z. B. %sT20:00) oder beide nur als Datum (ganztägig)", start, end, end)
	case start.AllDay:
		if civil(end.Time).Before(civil(start.Time)) {
			return Span{}, fmt.Errorf("Der letzte Tag %s liegt vor dem ersten Tag %s – bitte prüfen", end, start)
		}
	case end.Time.Before(start.Time):
		msg := fmt.Sprintf("Das Ende %s liegt vor dem Beginn %s – bitte prüfen", end, start)
		if civil(end.Time.In(start.Time.Location())).Equal(civil(start.Time)) {
			next := *end
			next.Time = end.Time.AddDate(0, 0, 1)
			msg += fmt.Sprintf("; geht der Termin über Mitternacht, beim Ende bitte das Datum des nächsten Tages angeben (%s)", next)
		}
		return Span{}, errors.New(msg)
	}
	s.End, s.HasEnd = end.Time, true
	return s, nil
}

// civil returns the calendar day of t (in t's own location) as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Until returns the instant the event is over: End for a timed span with
// end, Start for one without, and for an all-day span midnight in loc
// after the last day (calendar arithmetic, so the day of a clock change
// is 23 or 25 hours long). All-day days are taken as written, whatever
// loc is.
func (s Span) Until(loc *time.Location) time.Time {
	if !s.AllDay {
		return s.End
	}
	y, m, d := s.End.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// days returns the first and last calendar day (as midnight UTC) in loc.
// A timed span that ends exactly at midnight after its start ends on the
// day before.
func (s Span) days(loc *time.Location) (first, last time.Time) {
	if s.AllDay {
		return civil(s.Start), civil(s.End)
	}
	start, end := s.Start.In(loc), s.End.In(loc)
	first, last = civil(start), civil(end)
	if end.After(start) && last.After(first) && end.Equal(time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc)) {
		last = last.AddDate(0, 0, -1)
	}
	return first, last
}

// Days returns on how many calendar days the event takes place, in loc
// (all-day spans: as written). A timed span ending exactly at midnight
// does not count the day that midnight begins.
func (s Span) Days(loc *time.Location) int {
	first, last := s.days(loc)
	return int((last.Unix()-first.Unix())/(24*60*60)) + 1
}

// SameDay reports whether the event begins and ends on the same calendar
// day in loc (see Days).
func (s Span) SameDay(loc *time.Location) bool {
	return s.Days(loc) == 1
}
