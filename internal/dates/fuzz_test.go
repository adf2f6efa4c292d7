package dates

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var fuzzZones = []string{"Europe/Berlin", "UTC", "America/New_York", "America/Santiago", "Australia/Lord_Howe"}

// isoToken finds the dates a message suggests.
var isoToken = regexp.MustCompile(`(?:^|[^0-9])(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|\+\d{2}:\d{2})?)?)`)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2027-03-11", "2027-03-11T18:00", "2027-03-11 18:00:00", "2027-03-11T18:00:00.000",
		"2027-03-11T18:00:00+01:00", "2027-03-11T17:00Z", "2027-03-28T02:30", "2027-10-31T02:30",
		"2027-10-31T02:30+02:00", "11.03.2027", "11.03.2027 18 Uhr", "18 Uhr", "2027-02-30",
		"2027-03-11T24:00", "2027-03-11T09:00-12:00", "11.–12. März 2027", "9999-12-31T24:00",
		"0001-01-01", "2026-09-06", "30.03. - 02.04.2027",
	} {
		f.Add(s, uint8(0))
	}
	locs := make([]*time.Location, len(fuzzZones))
	for i, z := range fuzzZones {
		locs[i] = mustLoad(f, z)
	}
	f.Fuzz(func(t *testing.T, s string, zone uint8) {
		loc := locs[int(zone)%len(locs)]
		v, err := Parse(s, loc)
		if err != nil {
			msg := err.Error()
			if msg == "" || !utf8.ValidString(msg) {
				t.Fatalf("Parse(%q): bad message %q", s, msg)
			}
			// Every date the message offers must be accepted (in UTC,
			// where no time is missing or doubled). Skip the quoted input.
			rest := msg
			if q, err := strconv.QuotedPrefix(msg); err == nil {
				rest = msg[len(q):]
			}
			for _, m := range isoToken.FindAllStringSubmatch(rest, -1) {
				if _, err := Parse(m[1], time.UTC); err != nil {
					t.Fatalf("Parse(%q) suggests %q, which is refused: %v\nmessage: %s", s, m[1], err, msg)
				}
			}
			return
		}
		// Round trip through the canonical form.
		canon := v.String()
		w, err := Parse(canon, loc)
		if err != nil {
			t.Fatalf("Parse(%q) = %s, which does not parse again: %v", s, canon, err)
		}
		if !w.Time.Equal(v.Time) || w.AllDay != v.AllDay || w.HasOffset != v.HasOffset || w.String() != canon {
			t.Fatalf("Parse(%q) = %s (%v), but Parse(%q) = %s (%v)", s, canon, v.Time, canon, w.String(), w.Time)
		}
		_, off1 := v.Time.Zone()
		_, off2 := w.Time.Zone()
		if off1 != off2 {
			t.Fatalf("Parse(%q): offset %d, round trip %d", s, off1, off2)
		}
		// The value shows exactly what was written: no silent shift.
		written := strings.Replace(strings.TrimSpace(s), " ", "T", 1)
		if v.AllDay {
			if got := v.Time.Format("2006-01-02"); got != written {
				t.Fatalf("Parse(%q) is on %s", s, got)
			}
			if v.Time.Location() != loc {
				t.Fatalf("Parse(%q) all-day in %v, want %v", s, v.Time.Location(), loc)
			}
			return
		}
		layout := "2006-01-02T15:04"
		if len(written) >= 19 && written[16] == ':' {
			layout = "2006-01-02T15:04:05"
		}
		if v.HasOffset {
			layout += "Z07:00"
		}
		ref, err := time.Parse(layout, written)
		if err != nil {
			t.Fatalf("Parse(%q) accepted what time.Parse(%q) refuses: %v", s, layout, err)
		}
		const wall = "2006-01-02T15:04:05.999999999"
		if v.Time.Format(wall) != ref.Format(wall) || v.HasOffset && !v.Time.Equal(ref) {
			t.Fatalf("Parse(%q) = %s, want wall clock %s", s, v.Time.Format(time.RFC3339Nano), ref.Format(time.RFC3339Nano))
		}
		if !v.HasOffset && v.Time.Location() != loc {
			t.Fatalf("Parse(%q) in %v, want %v", s, v.Time.Location(), loc)
		}
	})
}

func FuzzPartial(f *testing.F) {
	for _, s := range []string{"2007", "2007-07", "2013-07-12", "12.07.2013", "Juli 2007", "2007–2013", "0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePartial(s)
		if err != nil {
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("ParsePartial(%q): bad message %q", s, err)
			}
			return
		}
		if p.String() != strings.TrimSpace(s) {
			t.Fatalf("ParsePartial(%q).String() = %q", s, p)
		}
		q, err := ParsePartial(p.String())
		if err != nil || q != p || q.Compare(p) != 0 {
			t.Fatalf("ParsePartial(%q) = %v; round trip %v, %v", s, p, q, err)
		}
	})
}
