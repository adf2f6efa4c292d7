package dates

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestParsePartial(t *testing.T) {
	tests := []struct {
		in   string
		want Partial
		prec Precision
		str  string
	}{
		{"2007", Partial{2007, 0, 0}, PrecisionYear, "2007"},
		{" 2007 ", Partial{2007, 0, 0}, PrecisionYear, "2007"},
		{"2007-07", Partial{2007, 7, 0}, PrecisionMonth, "2007-07"},
		{"2007-12", Partial{2007, 12, 0}, PrecisionMonth, "2007-12"},
		{"2013-07-12", Partial{2013, 7, 12}, PrecisionDay, "2013-07-12"},
		{"2028-02-29", Partial{2028, 2, 29}, PrecisionDay, "2028-02-29"},
		{"1007", Partial{1007, 0, 0}, PrecisionYear, "1007"},
		{"0812-03", Partial{812, 3, 0}, PrecisionMonth, "0812-03"},
	}
	for _, tt := range tests {
		p, err := ParsePartial(tt.in)
		if err != nil {
			t.Errorf("ParsePartial(%q): %v", tt.in, err)
			continue
		}
		if p != tt.want || p.Precision() != tt.prec || p.String() != tt.str {
			t.Errorf("ParsePartial(%q) = %+v (%v, %q), want %+v (%v, %q)", tt.in, p, p.Precision(), p, tt.want, tt.prec, tt.str)
		}
	}
	if s := (Partial{}).String(); s != "" {
		t.Errorf("zero Partial String() = %q, want \"\"", s)
	}
}

func TestParsePartialErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "das Datum fehlt – bitte als Jahr (2007), Jahr und Monat (2007-07) oder vollständiges Datum (2013-07-12) angeben"},
		{"12.07.2013", `"12.07.2013" ist kein gültiges Datum – bitte im Format 2013-07-12 angeben`},
		{"12. Juli 2013", `"12. Juli 2013" ist kein gültiges Datum – bitte im Format 2013-07-12 angeben`},
		{"Juli 2007", `"Juli 2007" ist kein gültiges Datum – bitte im Format 2007-07 angeben`},
		{"Mai 2007", `"Mai 2007" ist kein gültiges Datum – bitte im Format 2007-05 angeben`},
		{"Mrz. 2007", `"Mrz. 2007" ist kein gültiges Datum – bitte im Format 2007-03 angeben`},
		{"07.2007", `"07.2007" ist kein gültiges Datum – bitte im Format 2007-07 angeben`},
		{"7/2007", `"7/2007" ist kein gültiges Datum – bitte im Format 2007-07 angeben`},
		{"2007-7", `"2007-7" ist kein gültiges Datum – bitte im Format 2007-07 angeben`},
		{"2013-7-2", `"2013-7-2" ist kein gültiges Datum – bitte im Format 2013-07-02 angeben`},
		{"2007–2013", `"2007–2013" ist ein Zeitraum – bitte date: 2007 und until: 2013 angeben`},
		{"2007 bis 2013", `"2007 bis 2013" ist ein Zeitraum – bitte date: 2007 und until: 2013 angeben`},
		{"2007-2013", `"2007-2013" ist ein Zeitraum – bitte date: 2007 und until: 2013 angeben`},
		{"Juli 2007 – März 2013", `"Juli 2007 – März 2013" ist wohl ein Zeitraum – bitte den Anfang unter date: und das Ende unter until: angeben, z. B. date: 2007-07 und until: 2013-03`},
		{"2013-07-12T00:00:00", `"2013-07-12T00:00:00": bitte nur das Datum angeben, ohne Uhrzeit: 2013-07-12`},
		{"2007-13", `"2007-13": einen Monat 13 gibt es nicht – bitte Jahr-Monat schreiben, z. B. 2007-07`},
		{"2007-00", `"2007-00": einen Monat 0 gibt es nicht – bitte Jahr-Monat schreiben, z. B. 2007-07`},
		{"2007-00-12", `"2007-00-12": einen Monat 0 gibt es nicht – bitte Jahr-Monat schreiben, z. B. 2007-07`},
		{"2027-02-29", `"2027-02-29": den 29. Februar 2027 gibt es nicht`},
		{"2013-07-00", `"2013-07-00": den 0. Juli 2013 gibt es nicht`},
		{"31.06.2013", `"31.06.2013": den 31. Juni 2013 gibt es nicht`},
		{"13.2007", `"13.2007": einen Monat 13 gibt es nicht – bitte Jahr-Monat schreiben, z. B. 2007-07`},
		{"0000", `"0000": das Jahr 0 gibt es hier nicht – bitte vierstellig angeben, z. B. 2007`},
		{"07", `"07" ist kein gültiges Datum – bitte als Jahr (2007), Jahr und Monat (2007-07) oder vollständiges Datum (2013-07-12) angeben`},
		{"2007.0", `"2007.0" ist kein gültiges Datum – bitte als Jahr (2007), Jahr und Monat (2007-07) oder vollständiges Datum (2013-07-12) angeben`},
		{"ca. 2007", `"ca. 2007" ist kein gültiges Datum – bitte als Jahr (2007), Jahr und Monat (2007-07) oder vollständiges Datum (2013-07-12) angeben`},
	}
	for _, tt := range tests {
		p, err := ParsePartial(tt.in)
		if err == nil {
			t.Errorf("ParsePartial(%q) = %v, want error %s", tt.in, p, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParsePartial(%q) error\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestPartialCompare(t *testing.T) {
	// In timeline order: each date at the end of what it covers.
	want := []Partial{
		{1007, 0, 0},
		{2006, 12, 31},
		{2007, 1, 31},
		{2007, 1, 0},
		{2007, 7, 1},
		{2007, 7, 12},
		{2007, 7, 0},
		{2007, 12, 0},
		{2007, 0, 0},
		{2008, 0, 0},
		{2013, 7, 12},
	}
	for i, p := range want {
		for j, q := range want {
			var exp int
			switch {
			case i < j:
				exp = -1
			case i > j:
				exp = 1
			}
			if got := p.Compare(q); got != exp {
				t.Errorf("%v.Compare(%v) = %d, want %d", p, q, got, exp)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		got := slices.Clone(want)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, Partial.Compare)
		if !slices.Equal(got, want) {
			t.Fatalf("sorted = %v, want %v", got, want)
		}
	}
}

func TestPartialFirstLast(t *testing.T) {
	for _, tc := range []struct {
		p           Partial
		first, last string
	}{
		{Partial{2007, 0, 0}, "2007-01-01", "2007-12-31"},
		{Partial{2028, 2, 0}, "2028-02-01", "2028-02-29"},
		{Partial{2027, 2, 0}, "2027-02-01", "2027-02-28"},
		{Partial{2013, 7, 12}, "2013-07-12", "2013-07-12"},
	} {
		if f, l := tc.p.First().Format(time.DateOnly), tc.p.Last().Format(time.DateOnly); f != tc.first || l != tc.last {
			t.Errorf("%v: First %s, Last %s; want %s, %s", tc.p, f, l, tc.first, tc.last)
		}
	}
}
