package dates

import (
	"testing"
	"time"
)

func mustParse(t testing.TB, s string, loc *time.Location) Value {
	t.Helper()
	v, err := Parse(s, loc)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return v
}

// span parses start and end ("" for none) in loc.
func span(t testing.TB, start, end string, loc *time.Location) Span {
	t.Helper()
	var e *Value
	if end != "" {
		v := mustParse(t, end, loc)
		e = &v
	}
	s, err := NewSpan(mustParse(t, start, loc), e)
	if err != nil {
		t.Fatalf("NewSpan(%s, %s): %v", start, end, err)
	}
	return s
}

func TestNewSpan(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		start, end string
		wantStart  string // RFC 3339 in UTC
		wantEnd    string
		allDay     bool
		hasEnd     bool
	}{
		{"2027-03-11T18:00", "", "2027-03-11T17:00:00Z", "2027-03-11T17:00:00Z", false, false},
		{"2027-03-11T18:00", "2027-03-11T20:30", "2027-03-11T17:00:00Z", "2027-03-11T19:30:00Z", false, true},
		{"2027-03-11T18:00", "2027-03-11T18:00", "2027-03-11T17:00:00Z", "2027-03-11T17:00:00Z", false, true},
		{"2027-03-11T18:00", "2027-03-13T14:00", "2027-03-11T17:00:00Z", "2027-03-13T13:00:00Z", false, true},
		{"2027-03-11", "", "2027-03-10T23:00:00Z", "2027-03-10T23:00:00Z", true, false},
		{"2027-03-11", "2027-03-11", "2027-03-10T23:00:00Z", "2027-03-10T23:00:00Z", true, true},
		// The end of an all-day span is the last day itself, as written.
		{"2027-03-11", "2027-03-12", "2027-03-10T23:00:00Z", "2027-03-11T23:00:00Z", true, true},
		{"2027-03-27", "2027-03-29", "2027-03-26T23:00:00Z", "2027-03-28T22:00:00Z", true, true},
		// Offsets: compared as instants. 02:15 winter time is after 02:30 summer time.
		{"2027-10-31T02:30+02:00", "2027-10-31T02:15+01:00", "2027-10-31T00:30:00Z", "2027-10-31T01:15:00Z", false, true},
		{"2027-03-11T18:00", "2027-03-11T18:30Z", "2027-03-11T17:00:00Z", "2027-03-11T18:30:00Z", false, true},
	}
	for _, tt := range tests {
		s := span(t, tt.start, tt.end, loc)
		if got := s.Start.UTC().Format(time.RFC3339); got != tt.wantStart {
			t.Errorf("%s–%s: Start = %s, want %s", tt.start, tt.end, got, tt.wantStart)
		}
		if got := s.End.UTC().Format(time.RFC3339); got != tt.wantEnd {
			t.Errorf("%s–%s: End = %s, want %s", tt.start, tt.end, got, tt.wantEnd)
		}
		if s.AllDay != tt.allDay || s.HasEnd != tt.hasEnd {
			t.Errorf("%s–%s: AllDay=%v HasEnd=%v, want %v %v", tt.start, tt.end, s.AllDay, s.HasEnd, tt.allDay, tt.hasEnd)
		}
	}
}

func TestNewSpanErrors(t *testing.T) {
	loc := berlin(t)
	tests := []struct{ start, end, want string }{
		{"2027-03-11", "2027-03-11T20:00", "Der Beginn 2027-03-11 ist ein ganzer Tag, das Ende 2027-03-11T20:00 hat eine Uhrzeit – bitte beide mit Uhrzeit angeben (z. B. 2027-03-11T18:00) oder beide nur als Datum (ganztägig)"},
		{"2027-03-11T18:00", "2027-03-12", "Der Beginn 2027-03-11T18:00 hat eine Uhrzeit, das Ende 2027-03-12 ist ein ganzer Tag – bitte beide mit Uhrzeit angeben (z. B. 2027-03-12T20:00) oder beide nur als Datum (ganztägig)"},
		{"2027-03-12", "2027-03-11", "Der letzte Tag 2027-03-11 liegt vor dem ersten Tag 2027-03-12 – bitte prüfen"},
		{"2027-03-11T18:00", "2027-03-11T17:59", "Das Ende 2027-03-11T17:59 liegt vor dem Beginn 2027-03-11T18:00 – bitte prüfen; geht der Termin über Mitternacht, beim Ende bitte das Datum des nächsten Tages angeben (2027-03-12T17:59)"},
		{"2027-03-11T22:00", "2027-03-11T01:00", "Das Ende 2027-03-11T01:00 liegt vor dem Beginn 2027-03-11T22:00 – bitte prüfen; geht der Termin über Mitternacht, beim Ende bitte das Datum des nächsten Tages angeben (2027-03-12T01:00)"},
		{"2027-03-11T18:00", "2027-03-10T20:00", "Das Ende 2027-03-10T20:00 liegt vor dem Beginn 2027-03-11T18:00 – bitte prüfen"},
		{"2027-03-11T18:00", "2027-03-11T18:30+02:00", "Das Ende 2027-03-11T18:30+02:00 liegt vor dem Beginn 2027-03-11T18:00 – bitte prüfen; geht der Termin über Mitternacht, beim Ende bitte das Datum des nächsten Tages angeben (2027-03-12T18:30+02:00)"},
		// One nanosecond early is early.
		{"2027-03-11T18:00:00.000000001", "2027-03-11T18:00", "Das Ende 2027-03-11T18:00 liegt vor dem Beginn 2027-03-11T18:00:00.000000001 – bitte prüfen; geht der Termin über Mitternacht, beim Ende bitte das Datum des nächsten Tages angeben (2027-03-12T18:00)"},
	}
	for _, tt := range tests {
		end := mustParse(t, tt.end, loc)
		_, err := NewSpan(mustParse(t, tt.start, loc), &end)
		if err == nil || err.Error() != tt.want {
			t.Errorf("NewSpan(%s, %s) error\n got %v\nwant %s", tt.start, tt.end, err, tt.want)
		}
	}
}

func TestUntil(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		start, end string
		want       string        // RFC 3339 in loc
		length     time.Duration // Until - Start
	}{
		{"2027-03-11T18:00", "", "2027-03-11T18:00:00+01:00", 0},
		{"2027-03-11T18:00", "2027-03-11T20:30", "2027-03-11T20:30:00+01:00", 150 * time.Minute},
		{"2027-03-11", "", "2027-03-12T00:00:00+01:00", 24 * time.Hour},
		{"2027-03-11", "2027-03-12", "2027-03-13T00:00:00+01:00", 48 * time.Hour},
		// The day before the change is an ordinary day; it ends at
		// midnight winter time.
		{"2027-03-27", "", "2027-03-28T00:00:00+01:00", 24 * time.Hour},
		// The day of the change to summer time has 23 hours …
		{"2027-03-28", "", "2027-03-29T00:00:00+02:00", 23 * time.Hour},
		{"2026-03-29", "", "2026-03-30T00:00:00+02:00", 23 * time.Hour},
		// … the day of the change to winter time 25.
		{"2027-10-31", "", "2027-11-01T00:00:00+01:00", 25 * time.Hour},
		{"2026-10-25", "", "2026-10-26T00:00:00+01:00", 25 * time.Hour},
		{"2027-03-27", "2027-03-29", "2027-03-30T00:00:00+02:00", 71 * time.Hour},
		{"2027-10-30", "2027-10-31", "2027-11-01T00:00:00+01:00", 49 * time.Hour},
		{"2027-12-31", "", "2028-01-01T00:00:00+01:00", 24 * time.Hour},
		{"2028-02-28", "", "2028-02-29T00:00:00+01:00", 24 * time.Hour},
		{"2028-02-29", "", "2028-03-01T00:00:00+01:00", 24 * time.Hour},
	}
	for _, tt := range tests {
		s := span(t, tt.start, tt.end, loc)
		u := s.Until(loc)
		if got := u.In(loc).Format(time.RFC3339); got != tt.want {
			t.Errorf("Until(%s–%s) = %s, want %s", tt.start, tt.end, got, tt.want)
		}
		if got := u.Sub(s.Start); got != tt.length {
			t.Errorf("Until(%s–%s) - Start = %v, want %v", tt.start, tt.end, got, tt.length)
		}
	}
	// All-day days are taken as written: a day parsed in UTC ends at
	// midnight in the location asked for.
	s := span(t, "2027-03-11", "", time.UTC)
	if got := s.Until(loc).Format(time.RFC3339); got != "2027-03-12T00:00:00+01:00" {
		t.Errorf("Until of a UTC all-day span in Berlin = %s, want 2027-03-12T00:00:00+01:00", got)
	}
}

func TestDays(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		start, end string
		loc        *time.Location
		days       int
	}{
		{"2027-03-11T18:00", "", loc, 1},
		{"2027-03-11T18:00", "2027-03-11T20:30", loc, 1},
		{"2027-03-11T18:00", "2027-03-11T18:00", loc, 1},
		{"2027-03-11T22:00", "2027-03-12T00:00", loc, 1}, // ends at midnight: 22:00–24:00
		{"2027-03-11T00:00", "2027-03-12T00:00", loc, 1},
		{"2027-03-11T22:00", "2027-03-12T00:30", loc, 2},
		{"2027-03-11T18:00", "2027-03-12T14:00", loc, 2},
		{"2027-03-11T18:00", "2027-03-13T00:00", loc, 2},
		{"2027-03-28T01:00", "2027-03-28T04:00", loc, 1},
		{"2027-03-11", "", loc, 1},
		{"2027-03-11", "2027-03-11", loc, 1},
		{"2027-03-11", "2027-03-12", loc, 2},
		{"2027-03-27", "2027-03-29", loc, 3},
		{"2027-12-30", "2028-01-02", loc, 4},
		{"2028-02-28", "2028-03-01", loc, 3},
		{"2027-02-28", "2027-03-01", loc, 2},
		// The same instants on different days depending on the zone.
		{"2027-03-11T22:30Z", "2027-03-11T23:30Z", loc, 2},
		{"2027-03-11T22:30Z", "2027-03-11T23:30Z", time.UTC, 1},
		{"2027-03-11T23:00Z", "2027-03-12T23:00Z", loc, 1}, // 00:00–24:00 in Berlin
		// Longer than time.Duration can hold.
		{"1500-01-01", "2027-01-01", loc, 192484},
	}
	for _, tt := range tests {
		s := span(t, tt.start, tt.end, loc)
		if got := s.Days(tt.loc); got != tt.days {
			t.Errorf("Days(%s–%s, %v) = %d, want %d", tt.start, tt.end, tt.loc, got, tt.days)
		}
		if got := s.SameDay(tt.loc); got != (tt.days == 1) {
			t.Errorf("SameDay(%s–%s, %v) = %v, want %v", tt.start, tt.end, tt.loc, got, tt.days == 1)
		}
	}
}
