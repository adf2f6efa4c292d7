package dates

import (
	"strings"
	"testing"
	"time"
)

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := LoadLocation("")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLoadLocation(t *testing.T) {
	tests := []struct {
		name, want string
		err        bool
	}{
		{"", "Europe/Berlin", false},
		{"Europe/Berlin", "Europe/Berlin", false},
		{"UTC", "UTC", false},
		{"America/New_York", "America/New_York", false},
		{"Local", "", true},
		{"Europe/Bamberg", "", true},
		{"../etc/passwd", "", true},
	}
	for _, tt := range tests {
		loc, err := LoadLocation(tt.name)
		if tt.err {
			if err == nil || !strings.Contains(err.Error(), "Europe/Berlin") {
				t.Errorf("LoadLocation(%q) error = %v, want an error naming Europe/Berlin", tt.name, err)
			}
			continue
		}
		if err != nil || loc.String() != tt.want {
			t.Errorf("LoadLocation(%q) = %v, %v; want %s", tt.name, loc, err, tt.want)
		}
	}
	// The zone data must be the real one (time/tzdata), not an empty UTC-like zone.
	loc := berlin(t)
	if _, off := time.Date(2027, 7, 1, 12, 0, 0, 0, loc).Zone(); off != 2*3600 {
		t.Errorf("Europe/Berlin in July has offset %d, want +2h", off)
	}
}

func TestParseAccepted(t *testing.T) {
	tests := []struct {
		in        string
		want      string // RFC 3339 with nanoseconds, in the value's own location
		allDay    bool
		hasOffset bool
		str       string // Value.String
	}{
		{"2027-03-11", "2027-03-11T00:00:00+01:00", true, false, "2027-03-11"},
		{"2027-03-11T18:00", "2027-03-11T18:00:00+01:00", false, false, "2027-03-11T18:00"},
		{"2027-03-11 18:00", "2027-03-11T18:00:00+01:00", false, false, "2027-03-11T18:00"},
		{"2027-03-11T18:00:00", "2027-03-11T18:00:00+01:00", false, false, "2027-03-11T18:00"},
		{"2027-03-11T18:00:30", "2027-03-11T18:00:30+01:00", false, false, "2027-03-11T18:00:30"},
		{"2027-03-11T18:00:00.000", "2027-03-11T18:00:00+01:00", false, false, "2027-03-11T18:00"},
		{"2027-03-11T18:00:00.5", "2027-03-11T18:00:00.5+01:00", false, false, "2027-03-11T18:00:00.5"},
		{"2027-03-11T18:00:00.123456789", "2027-03-11T18:00:00.123456789+01:00", false, false, "2027-03-11T18:00:00.123456789"},
		{"2027-03-11T18:00+01:00", "2027-03-11T18:00:00+01:00", false, true, "2027-03-11T18:00+01:00"},
		{"2027-03-11T18:00:00+01:00", "2027-03-11T18:00:00+01:00", false, true, "2027-03-11T18:00+01:00"},
		{"2027-03-11T18:00:00.000+05:30", "2027-03-11T18:00:00+05:30", false, true, "2027-03-11T18:00+05:30"},
		{"2027-03-11T17:00Z", "2027-03-11T17:00:00Z", false, true, "2027-03-11T17:00Z"},
		{"2027-03-11T17:00:00Z", "2027-03-11T17:00:00Z", false, true, "2027-03-11T17:00Z"},
		{"2027-03-11 17:00:00+00:00", "2027-03-11T17:00:00Z", false, true, "2027-03-11T17:00Z"},
		{"2027-03-11T18:00+14:00", "2027-03-11T18:00:00+14:00", false, true, "2027-03-11T18:00+14:00"},
		{"  2027-03-11T18:00\n", "2027-03-11T18:00:00+01:00", false, false, "2027-03-11T18:00"},
		{"2027-07-01T18:00", "2027-07-01T18:00:00+02:00", false, false, "2027-07-01T18:00"},
		{"2028-02-29", "2028-02-29T00:00:00+01:00", true, false, "2028-02-29"},
		{"2028-02-29T12:00", "2028-02-29T12:00:00+01:00", false, false, "2028-02-29T12:00"},
		{"2000-02-29", "2000-02-29T00:00:00+01:00", true, false, "2000-02-29"},
		{"2027-12-31T23:59:59", "2027-12-31T23:59:59+01:00", false, false, "2027-12-31T23:59:59"},
		{"2027-01-01T00:00", "2027-01-01T00:00:00+01:00", false, false, "2027-01-01T00:00"},
		{"1007-11-01", "1007-11-01T00:00:00+00:53", true, false, "1007-11-01"}, // local mean time before 1893
	}
	loc := berlin(t)
	for _, tt := range tests {
		v, err := Parse(tt.in, loc)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := v.Time.Format(time.RFC3339Nano); got != tt.want || v.AllDay != tt.allDay || v.HasOffset != tt.hasOffset {
			t.Errorf("Parse(%q) = %s allDay=%v offset=%v; want %s allDay=%v offset=%v", tt.in, got, v.AllDay, v.HasOffset, tt.want, tt.allDay, tt.hasOffset)
		}
		if !tt.hasOffset && v.Time.Location() != loc {
			t.Errorf("Parse(%q) is in %v, want %v", tt.in, v.Time.Location(), loc)
		}
		if got := v.String(); got != tt.str {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.str)
		}
	}
}

func TestParseNilLocation(t *testing.T) {
	v, err := Parse("2027-07-01T18:00", nil)
	if err != nil || v.Time.Location().String() != "Europe/Berlin" || v.Time.Hour() != 18 {
		t.Errorf("Parse with nil location = %v (%v), %v; want 18:00 Europe/Berlin", v.Time, v.Time.Location(), err)
	}
}

// The clocks change on the last Sunday of March (02:00 → 03:00) and of
// October (03:00 → 02:00).
func TestParseDaylightSaving(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		in   string
		want string // instant in UTC, or "gap" / "twice"
	}{
		{"2026-03-29T01:59", "2026-03-29T00:59:00Z"},
		{"2026-03-29T02:00", "gap"},
		{"2026-03-29T02:30", "gap"},
		{"2026-03-29T02:59:59.999", "gap"},
		{"2026-03-29T03:00", "2026-03-29T01:00:00Z"},
		{"2026-10-25T01:59", "2026-10-24T23:59:00Z"},
		{"2026-10-25T02:00", "twice"},
		{"2026-10-25T02:30", "twice"},
		{"2026-10-25T02:59:59", "twice"},
		{"2026-10-25T03:00", "2026-10-25T02:00:00Z"},
		{"2027-03-28T01:59:59", "2027-03-28T00:59:59Z"},
		{"2027-03-28T02:00", "gap"},
		{"2027-03-28T02:30", "gap"},
		{"2027-03-28T03:00", "2027-03-28T01:00:00Z"},
		{"2027-10-31T01:59", "2027-10-30T23:59:00Z"},
		{"2027-10-31T02:00", "twice"},
		{"2027-10-31T02:30", "twice"},
		{"2027-10-31T03:00", "2027-10-31T02:00:00Z"},
		// The day before and after are ordinary.
		{"2027-03-27T02:30", "2027-03-27T01:30:00Z"},
		{"2027-03-29T02:30", "2027-03-29T00:30:00Z"},
		{"2027-10-30T02:30", "2027-10-30T00:30:00Z"},
		{"2027-11-01T02:30", "2027-11-01T01:30:00Z"},
		// With an explicit offset the hour that happens twice is fine.
		{"2027-10-31T02:30+02:00", "2027-10-31T00:30:00Z"},
		{"2027-10-31T02:30+01:00", "2027-10-31T01:30:00Z"},
		{"2026-10-25T02:30:00+02:00", "2026-10-25T00:30:00Z"},
		{"2027-10-31T01:30Z", "2027-10-31T01:30:00Z"},
		// A nonexistent wall-clock time with an offset is just an instant.
		{"2027-03-28T02:30+01:00", "2027-03-28T01:30:00Z"},
		// All-day values on the days of the change.
		{"2027-03-28", "2027-03-27T23:00:00Z"},
		{"2027-10-31", "2027-10-30T22:00:00Z"},
	}
	for _, tt := range tests {
		v, err := Parse(tt.in, loc)
		switch tt.want {
		case "gap":
			if err == nil || !strings.Contains(err.Error(), "gibt es in Europe/Berlin nicht (Umstellung auf Sommerzeit") {
				t.Errorf("Parse(%q) = %v, %v; want the error for a time that does not exist", tt.in, v.Time, err)
			}
		case "twice":
			if err == nil || !strings.Contains(err.Error(), "gibt es in Europe/Berlin zweimal (Umstellung auf Winterzeit") ||
				!strings.Contains(err.Error(), "+02:00 (Sommerzeit)") || !strings.Contains(err.Error(), "+01:00 (Winterzeit)") {
				t.Errorf("Parse(%q) = %v, %v; want the error for a time that happens twice", tt.in, v.Time, err)
			}
		default:
			if err != nil {
				t.Errorf("Parse(%q): %v", tt.in, err)
			} else if got := v.Time.UTC().Format(time.RFC3339Nano); got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
		}
	}
}

func TestParseDaylightSavingMessages(t *testing.T) {
	loc := berlin(t)
	tests := []struct{ in, want string }{
		{"2027-03-28T02:30", "2027-03-28T02:30 gibt es in Europe/Berlin nicht (Umstellung auf Sommerzeit: um 02:00 wird die Uhr auf 03:00 vorgestellt) – bitte eine andere Uhrzeit angeben"},
		{"2027-03-28 02:30:00", "2027-03-28 02:30:00 gibt es in Europe/Berlin nicht (Umstellung auf Sommerzeit: um 02:00 wird die Uhr auf 03:00 vorgestellt) – bitte eine andere Uhrzeit angeben"},
		{"2027-10-31T02:30", "2027-10-31T02:30 gibt es in Europe/Berlin zweimal (Umstellung auf Winterzeit: um 03:00 wird die Uhr auf 02:00 zurückgestellt) – bitte die Zeitverschiebung dazuschreiben: +02:00 (Sommerzeit) für die erste, +01:00 (Winterzeit) für die zweite, z. B. 2027-10-31T02:30+02:00"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, loc)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

// The suggestion in the message for a time that happens twice must parse
// to the two instants, also in zones west of UTC where it uses Z.
func TestAmbiguousSuggestionsParse(t *testing.T) {
	tests := []struct {
		zone, in string
		first    string // UTC instant of the first occurrence
		second   string
	}{
		{"Europe/Berlin", "2027-10-31T02:30", "2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z"},
		{"America/New_York", "2027-11-07T01:30", "2027-11-07T05:30:00Z", "2027-11-07T06:30:00Z"},
	}
	for _, tt := range tests {
		loc := mustLoad(t, tt.zone)
		_, err := Parse(tt.in, loc)
		if err == nil {
			t.Errorf("%s %s: no error", tt.zone, tt.in)
			continue
		}
		var found []string
		for _, w := range strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(err.Error())) {
			if strings.HasPrefix(w, "+") || strings.HasSuffix(w, "Z") {
				if strings.HasPrefix(w, "+") {
					w = tt.in + w
				}
				v, perr := Parse(w, loc)
				if perr != nil {
					t.Errorf("%s: suggestion %q does not parse: %v", tt.zone, w, perr)
					continue
				}
				found = append(found, v.Time.UTC().Format(time.RFC3339))
			}
		}
		if len(found) < 2 || found[0] != tt.first || found[1] != tt.second {
			t.Errorf("%s %s: suggestions give %v, want [%s %s …] (message: %s)", tt.zone, tt.in, found, tt.first, tt.second, err)
		}
	}
}

// In a zone that moves its clocks at midnight, an all-day date is the
// first instant of the day, and the missing times are still an error.
func TestParseMidnightGap(t *testing.T) {
	loc := mustLoad(t, "America/Santiago")
	// Chile starts summer time on the first Sunday of September at 24:00.
	v, err := Parse("2026-09-06", loc)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Time.Format(time.RFC3339); got != "2026-09-06T01:00:00-03:00" {
		t.Errorf("all-day 2026-09-06 in Santiago = %s, want 2026-09-06T01:00:00-03:00", got)
	}
	if _, err := Parse("2026-09-06T00:30", loc); err == nil || !strings.Contains(err.Error(), "Umstellung auf Sommerzeit: um 00:00 wird die Uhr auf 01:00 vorgestellt") {
		t.Errorf("00:30 in the gap: %v", err)
	}
	if v, err := Parse("2026-09-06T01:00", loc); err != nil || v.Time.UTC().Hour() != 4 {
		t.Errorf("01:00 after the gap = %v, %v; want 04:00 UTC", v.Time, err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "das Datum fehlt – bitte z. B. 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)"},
		{"11.03.2027", `"11.03.2027" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)`},
		{"1.3.2027", `"1.3.2027" ist kein gültiges Datum – bitte im Format 2027-03-01T18:00 angeben (oder 2027-03-01 für ganztägige Termine)`},
		{"11.03.27", `"11.03.27" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)`},
		{"11.03.2027 18 Uhr", `"11.03.2027 18 Uhr" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben`},
		{"11.03.2027, 18:30 Uhr", `"11.03.2027, 18:30 Uhr" ist kein gültiges Datum – bitte im Format 2027-03-11T18:30 angeben`},
		{"11.03.2027 18.30", `"11.03.2027 18.30" ist kein gültiges Datum – bitte im Format 2027-03-11T18:30 angeben`},
		{"Do, 11.03.2027, 9 Uhr", `"Do, 11.03.2027, 9 Uhr" ist kein gültiges Datum – bitte im Format 2027-03-11T09:00 angeben`},
		{"11. März 2027", `"11. März 2027" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)`},
		{"1. Mai 2027, 14 Uhr", `"1. Mai 2027, 14 Uhr" ist kein gültiges Datum – bitte im Format 2027-05-01T14:00 angeben`},
		{"3. Okt. 2027", `"3. Okt. 2027" ist kein gültiges Datum – bitte im Format 2027-10-03T18:00 angeben (oder 2027-10-03 für ganztägige Termine)`},
		{"2027-03-11 18 Uhr", `"2027-03-11 18 Uhr" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben`},
		{"2027-03-11T18:00 Uhr", `"2027-03-11T18:00 Uhr" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben`},
		{"2027-03-11T18", `"2027-03-11T18" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben`},
		{"2027-3-1", `"2027-3-1" ist kein gültiges Datum – bitte im Format 2027-03-01T18:00 angeben (oder 2027-03-01 für ganztägige Termine)`},
		{"2027-03-11T18:00+0100", `"2027-03-11T18:00+0100" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00+01:00 angeben`},
		{"2027-03-11t18:00", `"2027-03-11t18:00" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben`},
		{"18 Uhr", `"18 Uhr": das Datum fehlt – bitte Datum und Uhrzeit angeben, z. B. 2027-03-11T18:00`},
		{"18:00:00", `"18:00:00": das Datum fehlt – bitte Datum und Uhrzeit angeben, z. B. 2027-03-11T18:00`},
		{"nächsten Donnerstag", `"nächsten Donnerstag" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)`},
		{"2027", `"2027" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)`},
		// Impossible numbers.
		{"2027-02-29", `"2027-02-29": den 29. Februar 2027 gibt es nicht`},
		{"2027-02-30", `"2027-02-30": den 30. Februar 2027 gibt es nicht`},
		{"2100-02-29", `"2100-02-29": den 29. Februar 2100 gibt es nicht`},
		{"2027-04-31T10:00", `"2027-04-31T10:00": den 31. April 2027 gibt es nicht`},
		{"2027-00-10", `"2027-00-10": einen Monat 0 gibt es nicht – bitte Jahr-Monat-Tag schreiben`},
		{"2027-13-01", `"2027-13-01": einen Monat 13 gibt es nicht – bitte Jahr-Monat-Tag schreiben, gemeint ist wohl 2027-01-13`},
		{"2027-30-03", `"2027-30-03": einen Monat 30 gibt es nicht – bitte Jahr-Monat-Tag schreiben, gemeint ist wohl 2027-03-30`},
		{"2027-03-00", `"2027-03-00": den 0. März 2027 gibt es nicht`},
		{"0000-03-11", `"0000-03-11": das Jahr 0 gibt es hier nicht – bitte vierstellig angeben, z. B. 2027`},
		{"31.02.2027", `"31.02.2027": den 31. Februar 2027 gibt es nicht`},
		{"2027-03-11T24:00", `"2027-03-11T24:00": 24:00 gibt es nicht – bitte 2027-03-12T00:00 angeben (0 Uhr des folgenden Tages) oder 23:59`},
		{"2027-12-31T24:00:00", `"2027-12-31T24:00:00": 24:00 gibt es nicht – bitte 2028-01-01T00:00 angeben (0 Uhr des folgenden Tages) oder 23:59`},
		{"2027-03-11T24:30", `"2027-03-11T24:30": die Stunde 24 gibt es nicht – erlaubt sind 00 bis 23`},
		{"2027-03-11T25:00", `"2027-03-11T25:00": die Stunde 25 gibt es nicht – erlaubt sind 00 bis 23`},
		{"2027-03-11T18:60", `"2027-03-11T18:60": die Minute 60 gibt es nicht – erlaubt sind 00 bis 59`},
		{"2027-03-11T18:00:60", `"2027-03-11T18:00:60": die Sekunde 60 gibt es nicht – erlaubt sind 00 bis 59`},
		{"11.03.2027 25 Uhr", `"11.03.2027 25 Uhr": die Stunde 25 gibt es nicht – erlaubt sind 00 bis 23`},
		// Offsets.
		{"2027-03-11T18:00+15:00", `"2027-03-11T18:00+15:00": die Zeitverschiebung +15:00 gibt es nicht – für deutsche Zeit bitte +01:00 (Winterzeit) oder +02:00 (Sommerzeit) angeben`},
		{"2027-03-11T18:00+01:60", `"2027-03-11T18:00+01:60": die Zeitverschiebung +01:60 gibt es nicht – für deutsche Zeit bitte +01:00 (Winterzeit) oder +02:00 (Sommerzeit) angeben`},
		{"2027-03-11T18:00:00-05:00", `"2027-03-11T18:00:00-05:00": eine Zeitverschiebung mit Minus (-05:00) wird nicht angenommen, weil sie leicht mit einer Uhrzeitspanne verwechselt wird – bitte die Zeit in deutscher Zeit angeben (z. B. 2027-03-11T18:00) oder in UTC mit Z (z. B. 2027-03-11T17:00Z)`},
		{"2027-03-11T18:00-00:00", `"2027-03-11T18:00-00:00": eine Zeitverschiebung mit Minus (-00:00) wird nicht angenommen, weil sie leicht mit einer Uhrzeitspanne verwechselt wird – bitte die Zeit in deutscher Zeit angeben (z. B. 2027-03-11T18:00) oder in UTC mit Z (z. B. 2027-03-11T17:00Z)`},
		// Start and end in one value.
		{"2027-03-11T09:00-12:00", `"2027-03-11T09:00-12:00" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11T09:00) und das Ende getrennt unter end: (2027-03-11T12:00)`},
		{"2027-03-11 18-20 Uhr", `"2027-03-11 18-20 Uhr" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11T18:00) und das Ende getrennt unter end: (2027-03-11T20:00)`},
		{"2027-03-11T18:00–20:30", `"2027-03-11T18:00–20:30" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11T18:00) und das Ende getrennt unter end: (2027-03-11T20:30)`},
		{"11.03.2027, 18:00 bis 20:00 Uhr", `"11.03.2027, 18:00 bis 20:00 Uhr" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11T18:00) und das Ende getrennt unter end: (2027-03-11T20:00)`},
		{"2027-03-11 bis 2027-03-12", `"2027-03-11 bis 2027-03-12" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11) und das Ende getrennt unter end: (2027-03-12)`},
		{"11.–12. März 2027", `"11.–12. März 2027" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11) und das Ende getrennt unter end: (2027-03-12)`},
		{"30.03. - 02.04.2027", `"30.03. - 02.04.2027" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-30) und das Ende getrennt unter end: (2027-04-02)`},
		{"11.03.2027-12.03.2027", `"11.03.2027-12.03.2027" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (2027-03-11) und das Ende getrennt unter end: (2027-03-12)`},
		{"18:00–20:00", `"18:00–20:00": hier fehlt das Datum, und Beginn und Ende gehören getrennt – z. B. start: 2027-03-11T18:00 und end: 2027-03-11T20:00`},
		{"2027-03-11 ab 18 Uhr bis open end", `"2027-03-11 ab 18 Uhr bis open end" ist kein gültiges Datum – bitte im Format 2027-03-11T18:00 angeben`},
		{"2027-03-11 18 Uhr bis 2027-03-12", `"2027-03-11 18 Uhr bis 2027-03-12" enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (z. B. 2027-03-11T18:00) und das Ende getrennt unter end:`},
	}
	loc := berlin(t)
	for _, tt := range tests {
		v, err := Parse(tt.in, loc)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want error %s", tt.in, v, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q) error\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}
}

// Every suggestion "bitte im Format X angeben" must itself be accepted
// (in a zone without clock changes, so that only the form matters).
func TestSuggestionsParse(t *testing.T) {
	inputs := []string{"11.03.2027", "11.03.2027 18 Uhr", "1. Mai 2027, 14 Uhr", "2027-3-1", "2027-03-11T18", "2027-03-11T18:00+0100", "Do, 11.03.27 19 Uhr", "11.03.2027, 18:00 bis 20:00 Uhr", "30.03. - 02.04.2027"}
	for _, in := range inputs {
		_, err := Parse(in, time.UTC)
		if err == nil {
			t.Errorf("Parse(%q) succeeded", in)
			continue
		}
		n := 0
		for _, w := range strings.FieldsFunc(err.Error(), func(r rune) bool { return r == ' ' || r == '(' || r == ')' }) {
			if len(w) >= 10 && w[4] == '-' && w[0] >= '0' && w[0] <= '9' {
				n++
				if _, err := Parse(w, time.UTC); err != nil {
					t.Errorf("Parse(%q) suggests %q, which is refused: %v", in, w, err)
				}
			}
		}
		if n == 0 {
			t.Errorf("Parse(%q): no suggestion in %q", in, err)
		}
	}
}

func TestValueString(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		v    Value
		want string
	}{
		{Value{Time: time.Date(2027, 3, 11, 0, 0, 0, 0, loc), AllDay: true}, "2027-03-11"},
		{Value{Time: time.Date(2027, 3, 11, 18, 0, 0, 0, loc)}, "2027-03-11T18:00"},
		{Value{Time: time.Date(2027, 3, 11, 18, 0, 5, 0, loc)}, "2027-03-11T18:00:05"},
		{Value{Time: time.Date(2027, 3, 11, 18, 0, 0, 1, loc)}, "2027-03-11T18:00:00.000000001"},
		{Value{Time: time.Date(2027, 3, 11, 18, 0, 0, 0, time.FixedZone("", 3600)), HasOffset: true}, "2027-03-11T18:00+01:00"},
		{Value{Time: time.Date(2027, 3, 11, 18, 0, 0, 0, time.UTC), HasOffset: true}, "2027-03-11T18:00Z"},
		{Value{Time: time.Date(2027, 3, 11, 18, 0, 0, 0, time.FixedZone("", -(9*3600+30*60))), HasOffset: true}, "2027-03-11T18:00-09:30"},
		{Value{Time: time.Date(812, 3, 11, 0, 0, 0, 0, time.UTC), AllDay: true}, "0812-03-11"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%v.String() = %q, want %q", tt.v.Time, got, tt.want)
		}
	}
}
