// Package dates is the one place where dates, times and time zones are
// parsed and reasoned about. Everything else takes a [Value], [Span] or
// [Partial] from here and formats it with package german.
//
// # Time zones
//
// The IANA time zone database is compiled into the program (time/tzdata),
// so a build works the same on a machine without one. [LoadLocation] turns
// the site's timezone setting into a *time.Location: "" means
// Europe/Berlin, and "Local" is refused because it would make the output
// depend on the machine.
//
// # Event times
//
// [Parse] accepts exactly these forms (ISO 8601 / RFC 3339):
//
//	2027-03-11                    all day (Time is the first instant of the day)
//	2027-03-11T18:00              wall clock in the site's time zone
//	2027-03-11T18:00:00           the same, with seconds
//	2027-03-11T18:00:00.000       the same, with a fraction (as TOML writes it)
//	2027-03-11T18:00+01:00        an instant with an explicit offset
//	2027-03-11T18:00:00Z          an instant in UTC
//
// A space may stand instead of the T. Leading and trailing spaces are
// ignored; nothing else is. Offsets must be Z or +hh:mm up to +14:00.
// Offsets west of UTC (-05:00) are refused, because "2027-03-11T09:00-12:00"
// would be read as 09:00 at UTC-12 when the editor meant 09:00 to 12:00;
// such a time can be written with Z instead.
//
// Every number is checked: there is no 2027-02-30, no hour 24, no minute
// 60. The year must be 0001 or later.
//
// # Daylight saving time
//
// A time without offset is a wall-clock time in the site's time zone, and
// it must name exactly one instant. When the clocks go forward (in
// Europe/Berlin on the last Sunday of March, 02:00 → 03:00) the wall-clock
// times in between do not exist: 2027-03-28T02:30 is an error, never
// silently moved to 03:30. When the clocks go back (last Sunday of
// October, 03:00 → 02:00) the times in between happen twice:
// 2027-10-31T02:30 is an error too, and the message tells the editor to
// add the offset: 2027-10-31T02:30+02:00 for the first (summer time) or
// 2027-10-31T02:30+01:00 for the second (winter time). A time written with
// an offset is a single instant and always accepted.
//
// An all-day date is never an error for this reason: its Time is the
// first instant of that day (midnight, or the end of the gap in the rare
// zones that move their clocks at midnight).
//
// # Spans
//
// [NewSpan] combines start and optional end into a [Span]. Both must be
// all-day or both timed, and the end must not be before the start. An
// all-day span's End is the last day itself (inclusive), as written.
// [Span.Until] is the instant the event is over, which decides whether it
// is upcoming:
//
//	timed with end       End
//	timed without end    Start
//	all day              midnight after the last day (in the site's zone)
//
// A timed span that ends exactly at midnight after its start day counts
// as one day ([Span.SameDay]); package german writes it "18:00–24:00 Uhr".
//
// # Milestone dates
//
// [ParsePartial] reads dates that may be given to the year, the month or
// the day: 2007, 2007-07, 2013-07-12. A year sorts before its months and a
// month before its days ([Partial.Compare]).
//
// # Messages
//
// Errors are German, for editors who are not programmers: they quote what
// was written and say how to write it instead. Common habits are
// recognised – "11.03.2027", "11. März 2027, 18 Uhr", "18:00–20:00" – and
// answered with the right form (2027-03-11T18:00), computed from what was
// written.
package dates

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone database inside the program
)

// DefaultZone is the time zone used when none is configured.
const DefaultZone = "Europe/Berlin"

// LoadLocation returns the time zone called name (an IANA name such as
// Europe/Berlin); "" means [DefaultZone]. "Local" is refused.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultZone
	}
	if name == "Local" {
		return nil, fmt.Errorf("die Zeitzone %q hängt vom Rechner ab – bitte einen Namen wie %s angeben", name, DefaultZone)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unbekannte Zeitzone %q – bitte einen Namen wie %s angeben", name, DefaultZone)
	}
	return loc, nil
}

// Value is one parsed date or date-time.
type Value struct {
	// Time is the instant. All-day values and values written without
	// offset are in the location given to Parse; values written with an
	// offset keep that offset (convert with In for display).
	Time      time.Time
	AllDay    bool // written as a date alone
	HasOffset bool // written with Z or +hh:mm
}

// String returns v in the shortest form Parse accepts back: 2027-03-11,
// 2027-03-11T18:00, 2027-03-11T18:00:30.5, 2027-03-11T18:00+01:00 or
// 2027-03-11T17:00Z.
func (v Value) String() string {
	t := v.Time
	if v.AllDay {
		return t.Format("2006-01-02")
	}
	s := t.Format("2006-01-02T15:04")
	if t.Second() != 0 || t.Nanosecond() != 0 {
		s += t.Format(":05.999999999")
	}
	if v.HasOffset {
		_, off := t.Zone()
		s += formatOffset(off)
	}
	return s
}

// formatOffset returns Z, +hh:mm or -hh:mm (seconds are dropped).
func formatOffset(off int) string {
	if off == 0 {
		return "Z"
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
}

var strictRe = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$`)

// fields are the numbers of a date-time as written.
type fields struct {
	year, month, day     int
	hasTime              bool
	hour, min, sec, nsec int
	hasOffset            bool
	offset               int // seconds east of UTC
}

// Parse reads s (see the package documentation for the forms). Times
// without offset are wall-clock times in loc; a nil loc means
// [DefaultZone].
func Parse(s string, loc *time.Location) (Value, error) {
	if loc == nil {
		loc, _ = LoadLocation("")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return Value{}, errors.New("das Datum fehlt – bitte z. B. 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)")
	}
	m := strictRe.FindStringSubmatch(s)
	if m == nil {
		return Value{}, errors.New(hint(s))
	}
	f := fields{year: atoi(m[1]), month: atoi(m[2]), day: atoi(m[3])}
	if m[4] != "" {
		f.hasTime = true
		f.hour, f.min = atoi(m[4]), atoi(m[5])
		if m[6] != "" {
			f.sec = atoi(m[6])
		}
		if m[7] != "" {
			f.nsec = atoi((m[7] + "00000000")[:9])
		}
	}
	if o := m[8]; o != "" {
		if o[0] == '-' {
			return Value{}, errors.New(negativeOffset(s, f, o))
		}
		f.hasOffset = true
		if o != "Z" {
			h, mi := atoi(o[1:3]), atoi(o[4:6])
			if h > 14 || mi > 59 || h == 14 && mi > 0 {
				return Value{}, fmt.Errorf("%q: die Zeitverschiebung %s gibt es nicht – für deutsche Zeit bitte +01:00 (Winterzeit) oder +02:00 (Sommerzeit) angeben", s, o)
			}
			f.offset = h*3600 + mi*60
		}
	}
	if msg := f.check(); msg != "" {
		return Value{}, fmt.Errorf("%q: %s", s, msg)
	}
	return f.value(s, loc)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// check returns what is wrong with the numbers, or "".
func (f fields) check() string {
	if msg := checkDate(f.year, f.month, f.day); msg != "" {
		return msg
	}
	if !f.hasTime {
		return ""
	}
	switch {
	case f.hour == 24 && f.min == 0 && f.sec == 0 && f.nsec == 0 && f.year < 9999:
		next := time.Date(f.year, time.Month(f.month), f.day+1, 0, 0, 0, 0, time.UTC)
		return fmt.Sprintf("24:00 gibt es nicht – bitte %s angeben (0 Uhr des folgenden Tages) oder 23:59", next.Format("2006-01-02T15:04"))
	case f.hour > 23:
		return fmt.Sprintf("die Stunde %d gibt es nicht – erlaubt sind 00 bis 23", f.hour)
	case f.min > 59:
		return fmt.Sprintf("die Minute %d gibt es nicht – erlaubt sind 00 bis 59", f.min)
	case f.sec > 59:
		return fmt.Sprintf("die Sekunde %d gibt es nicht – erlaubt sind 00 bis 59", f.sec)
	}
	return ""
}

// checkDate returns what is wrong with a calendar date, or "".
func checkDate(y, m, d int) string {
	switch {
	case y < 1 || y > 9999:
		return fmt.Sprintf("das Jahr %d gibt es hier nicht – bitte vierstellig angeben, z. B. 2027", y)
	case m < 1 || m > 12:
		msg := fmt.Sprintf("einen Monat %d gibt es nicht – bitte Jahr-Monat-Tag schreiben", m)
		if d >= 1 && d <= 12 && m <= 31 && checkDate(y, d, m) == "" {
			msg += fmt.Sprintf(", gemeint ist wohl %04d-%02d-%02d", y, d, m)
		}
		return msg
	case d < 1 || d > daysIn(y, m):
		return fmt.Sprintf("den %d. %s %d gibt es nicht", d, monthNames[m-1], y)
	}
	return ""
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var monthNames = [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// value resolves checked fields in loc.
func (f fields) value(written string, loc *time.Location) (Value, error) {
	if f.hasOffset {
		t := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, f.nsec, time.FixedZone("", f.offset))
		return Value{Time: t, HasOffset: true}, nil
	}
	wall := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, f.nsec, time.UTC)
	r := resolve(wall, loc)
	if !f.hasTime {
		switch {
		case len(r.instants) > 0:
			return Value{Time: r.instants[0], AllDay: true}, nil
		case !r.after.start.IsZero():
			return Value{Time: r.after.start.In(loc), AllDay: true}, nil
		}
		return Value{Time: time.Date(f.year, time.Month(f.month), f.day, 0, 0, 0, 0, loc), AllDay: true}, nil
	}
	switch len(r.instants) {
	case 1:
		return Value{Time: r.instants[0]}, nil
	case 0:
		return Value{}, errors.New(gapMessage(written, loc, r))
	}
	return Value{}, errors.New(ambiguousMessage(written, loc, r))
}

// zone is one period in which a location's offset stays the same.
type zone struct {
	start, end time.Time // start inclusive, end exclusive; zero = unbounded
	offset     int
	dst        bool
}

func (z zone) contains(t time.Time) bool {
	return (z.start.IsZero() || !t.Before(z.start)) && (z.end.IsZero() || t.Before(z.end))
}

// resolution is what a wall-clock time means in a location.
type resolution struct {
	instants      []time.Time // the instants showing the wall clock, earliest first
	zones         []zone      // the zone of each instant
	before, after zone        // around the gap, when instants is empty
}

// resolve finds every instant at which loc's clocks show wall (a time in
// UTC holding the wall-clock reading). No offset is further than 48 hours
// from UTC, so only zones within two days of wall can matter.
func resolve(wall time.Time, loc *time.Location) resolution {
	var zs []zone
	limit := wall.Add(48 * time.Hour)
	for t, i := wall.Add(-48*time.Hour), 0; i < 100; i++ {
		lt := t.In(loc)
		_, off := lt.Zone()
		start, end := lt.ZoneBounds()
		zs = append(zs, zone{start, end, off, lt.IsDST()})
		if end.IsZero() || end.After(limit) || !end.After(t) {
			break
		}
		t = end
	}
	var r resolution
	for _, z := range zs {
		if u := wall.Add(-time.Duration(z.offset) * time.Second); z.contains(u) {
			r.instants = append(r.instants, u.In(loc))
			r.zones = append(r.zones, z)
		}
	}
	if len(r.instants) == 0 {
		// The wall clock falls in a gap: find the transition it skips.
		for i := 0; i+1 < len(zs); i++ {
			a, b := zs[i], zs[i+1]
			if !wall.Add(-time.Duration(a.offset)*time.Second).Before(a.end) &&
				wall.Add(-time.Duration(b.offset)*time.Second).Before(b.start) {
				r.before, r.after = a, b
				break
			}
		}
	}
	return r
}

// clock returns the wall-clock reading "15:04" of instant t at offset off.
func clock(t time.Time, off int) string {
	return t.In(time.FixedZone("", off)).Format("15:04")
}

func gapMessage(written string, loc *time.Location, r resolution) string {
	what := "Zeitumstellung"
	if r.after.dst && !r.before.dst {
		what = "Umstellung auf Sommerzeit"
	}
	if !r.after.start.IsZero() {
		what += fmt.Sprintf(": um %s wird die Uhr auf %s vorgestellt", clock(r.after.start, r.before.offset), clock(r.after.start, r.after.offset))
	}
	return fmt.Sprintf("%s gibt es in %s nicht (%s) – bitte eine andere Uhrzeit angeben", written, loc, what)
}

func ambiguousMessage(written string, loc *time.Location, r resolution) string {
	times := "zweimal"
	if len(r.instants) > 2 {
		times = "mehrmals"
	}
	first, last := r.zones[0], r.zones[len(r.zones)-1]
	what := "Zeitumstellung"
	if first.dst && !last.dst {
		what = "Umstellung auf Winterzeit"
	}
	what += fmt.Sprintf(": um %s wird die Uhr auf %s zurückgestellt", clock(last.start, first.offset), clock(last.start, last.offset))
	labels := first.dst != last.dst
	var opts []string
	var example string
	for i, z := range r.zones {
		// Negative offsets and offsets with seconds cannot be written:
		// offer the instant in UTC instead.
		form := formatOffset(z.offset)
		full := written + form
		if z.offset < 0 || z.offset%60 != 0 {
			full = Value{Time: r.instants[i].UTC(), HasOffset: true}.String()
			form = full
		}
		if example == "" {
			example = full
		}
		o := form
		switch {
		case labels && z.dst:
			o += " (Sommerzeit)"
		case labels:
			o += " (Winterzeit)"
		}
		opts = append(opts, o)
	}
	return fmt.Sprintf("%s gibt es in %s %s (%s) – bitte die Zeitverschiebung dazuschreiben: %s für die erste, %s für die zweite, z. B. %s",
		written, loc, times, what, opts[0], strings.Join(opts[1:], " bzw. "), example)
}

// negativeOffset explains why "…T09:00-12:00" is refused.
func negativeOffset(s string, f fields, o string) string {
	end := fields{year: f.year, month: f.month, day: f.day, hasTime: true, hour: atoi(o[1:3]), min: atoi(o[4:6])}
	if end.check() == "" && (end.hour > f.hour || end.hour == f.hour && end.min > f.min) {
		start := fields{year: f.year, month: f.month, day: f.day, hasTime: true, hour: f.hour, min: f.min, sec: f.sec, nsec: f.nsec}
		return fmt.Sprintf("%q enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (%s) und das Ende getrennt unter end: (%s)", s, start.iso(), end.iso())
	}
	return fmt.Sprintf("%q: eine Zeitverschiebung mit Minus (%s) wird nicht angenommen, weil sie leicht mit einer Uhrzeitspanne verwechselt wird – bitte die Zeit in deutscher Zeit angeben (z. B. 2027-03-11T18:00) oder in UTC mit Z (z. B. 2027-03-11T17:00Z)", s, o)
}

// iso writes checked fields in the canonical form.
func (f fields) iso() string {
	t := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, f.nsec, time.FixedZone("", f.offset))
	return Value{Time: t, AllDay: !f.hasTime, HasOffset: f.hasOffset}.String()
}
