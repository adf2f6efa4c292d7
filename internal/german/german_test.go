package german

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
)

func TestCompareOrder(t *testing.T) {
	want := []string{
		"Arbeitskreis",
		"Ärztekammer",
		"Migranten- und Integrationsbeirat",
		"Oberbürgermeister",
		"ökumenisch",
		"Strasse",
		"Straße",
		"Zentrum",
	}
	r := rand.New(rand.NewPCG(7, 11))
	for range 50 {
		got := slices.Clone(want)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, Compare)
		if !slices.Equal(got, want) {
			t.Fatalf("sorted:\n got %q\nwant %q", got, want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"Ärztekammer", "Arzt", 1},     // ä sorts as a: "ärzte…" after "arzt"
		{"Ärztekammer", "Atelier", -1}, // not after all the A's
		{"Äpfel", "Apfel", 1},          // equal but for the umlaut: plain letter first
		{"Apfel", "Äpfel", -1},         //
		{"Straße", "Strasse", 1},       // ß is ss, then the plain spelling first
		{"Straße", "Strassen", -1},     // ß is ss: "strasse" < "strassen"
		{"Straße", "Strast", -1},       // not sorted after all "s…t"
		{"Maß", "Mast", -1},            //
		{"ökumenisch", "Oberbürgermeister", 1},
		{"ökumenisch", "Ostern", -1}, // ö sorts among the o's, not after z
		{"Zentrum", "ökumenisch", 1}, //
		{"amt", "Amt", -1},           // case only matters last: lower first
		{"Amt", "amtlich", -1},       // case does not matter before letters do
		{"AMT", "amtlich", -1},       //
		{"Übersicht", "Uhr", -1},     // ü as u: "ube" < "uhr"
		{"Übersicht", "Zahl", -1},    //
		{"Café", "Cafe", 1},          // accent after plain
		{"Café", "Cafeteria", -1},    //
		{"", "a", -1},                //
		{"a", "", 1},                 //
		{"gleich", "gleich", 0},      //
		{"a\u0308", "ä", -1},         // canonically equal: ordered by bytes, not 0
		{"ä", "a\u0308", 1},          //
		{"Runder Tisch", "Runder-Tisch", -1},
		{"Müller", "Mueller", 1}, // DIN 5007-1: ü as u ("muller"), not ue
		{"Muller", "Müller", -1},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Compare(tt.b, tt.a); got != -tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d (antisymmetric)", tt.b, tt.a, got, -tt.want)
		}
	}
}

// Compare borrows collators from a pool; run with -race.
func TestCompareConcurrent(t *testing.T) {
	words := []string{"Zentrum", "Ärztekammer", "Arbeitskreis", "Straße", "Strasse", "Migranten- und Integrationsbeirat", "ökumenisch", "Oberbürgermeister", "Übersicht", "Uhr", "Maß", "Mast"}
	want := slices.Clone(words)
	slices.SortFunc(want, Compare)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 16 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 3))
			for range 200 {
				got := slices.Clone(words)
				r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
				slices.SortFunc(got, Compare)
				if !slices.Equal(got, want) {
					errs <- fmt.Sprintf("goroutine %d: %q", g, got)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestMonthWeekday(t *testing.T) {
	months := []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	for i, want := range months {
		if got := Month(time.Month(i + 1)); got != want {
			t.Errorf("Month(%d) = %q, want %q", i+1, got, want)
		}
	}
	if got := Month(0); got != "0" {
		t.Errorf("Month(0) = %q", got)
	}
	if got := Month(13); got != "13" {
		t.Errorf("Month(13) = %q", got)
	}
	days := map[time.Weekday]string{time.Monday: "Montag", time.Tuesday: "Dienstag", time.Wednesday: "Mittwoch", time.Thursday: "Donnerstag", time.Friday: "Freitag", time.Saturday: "Samstag", time.Sunday: "Sonntag"}
	for d, want := range days {
		if got := Weekday(d); got != want {
			t.Errorf("Weekday(%v) = %q, want %q", d, got, want)
		}
	}
	if got := Weekday(7); got != "7" {
		t.Errorf("Weekday(7) = %q", got)
	}
	if got := Weekday(-1); got != "-1" {
		t.Errorf("Weekday(-1) = %q", got)
	}
}

func TestDates(t *testing.T) {
	berlin, err := dates.LoadLocation("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		t                         time.Time
		date, short, numeric, clk string
	}{
		{time.Date(2027, 3, 11, 18, 0, 0, 0, berlin), "Donnerstag, 11. März 2027", "11. März 2027", "11.03.2027", "18:00"},
		{time.Date(2027, 1, 1, 0, 5, 59, 0, berlin), "Freitag, 1. Januar 2027", "1. Januar 2027", "01.01.2027", "00:05"},
		{time.Date(2028, 2, 29, 9, 30, 0, 0, berlin), "Dienstag, 29. Februar 2028", "29. Februar 2028", "29.02.2028", "09:30"},
		{time.Date(2027, 12, 31, 23, 59, 0, 0, berlin), "Freitag, 31. Dezember 2027", "31. Dezember 2027", "31.12.2027", "23:59"},
		{time.Date(2027, 3, 14, 12, 0, 0, 0, berlin), "Sonntag, 14. März 2027", "14. März 2027", "14.03.2027", "12:00"},
		// Formatted in its own location: 23:30 UTC is still the 11th.
		{time.Date(2027, 3, 11, 23, 30, 0, 0, time.UTC), "Donnerstag, 11. März 2027", "11. März 2027", "11.03.2027", "23:30"},
		{time.Date(2027, 3, 11, 23, 30, 0, 0, time.UTC).In(berlin), "Freitag, 12. März 2027", "12. März 2027", "12.03.2027", "00:30"},
	}
	for _, tt := range tests {
		if got := Date(tt.t); got != tt.date {
			t.Errorf("Date(%v) = %q, want %q", tt.t, got, tt.date)
		}
		if got := ShortDate(tt.t); got != tt.short {
			t.Errorf("ShortDate(%v) = %q, want %q", tt.t, got, tt.short)
		}
		if got := NumericDate(tt.t); got != tt.numeric {
			t.Errorf("NumericDate(%v) = %q, want %q", tt.t, got, tt.numeric)
		}
		if got := Clock(tt.t); got != tt.clk {
			t.Errorf("Clock(%v) = %q, want %q", tt.t, got, tt.clk)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0"},
		{7, "7"},
		{-7, "-7"},
		{999, "999"},
		{-999, "-999"},
		{1000, "1.000"},
		{1234, "1.234"},
		{-1234, "-1.234"},
		{10000, "10.000"},
		{100000, "100.000"},
		{999999, "999.999"},
		{1000000, "1.000.000"},
		{-12345678, "-12.345.678"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		if got := Number(tt.n); got != tt.want {
			t.Errorf("Number(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		f    float64
		prec int
		want string
	}{
		{3.5, 1, "3,5"},
		{3.5, 0, "4"},
		{3.25, 2, "3,25"},
		{3, 2, "3,00"},
		{0.5, 1, "0,5"},
		{-0.5, 1, "-0,5"},
		{1234.5, 2, "1.234,50"},
		{-1234567.891, 2, "-1.234.567,89"},
		{999.96, 1, "1.000,0"},
		{-0.04, 1, "0,0"},
		{math.Copysign(0, -1), 2, "0,00"},
		{math.Copysign(0, -1), -1, "0"},
		{2.5, -1, "2,5"},
		{12000, -1, "12.000"},
		{0.1, -1, "0,1"},
		{math.Inf(1), 1, "∞"},
		{math.Inf(-1), 1, "-∞"},
		{math.NaN(), 1, "NaN"},
	}
	for _, tt := range tests {
		if got := Decimal(tt.f, tt.prec); got != tt.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", tt.f, tt.prec, got, tt.want)
		}
	}
}

func TestPartial(t *testing.T) {
	tests := []struct {
		p    dates.Partial
		want string
	}{
		{dates.Partial{Year: 2007}, "2007"},
		{dates.Partial{Year: 2007, Month: 7}, "Juli 2007"},
		{dates.Partial{Year: 2013, Month: 7, Day: 12}, "12. Juli 2013"},
		{dates.Partial{Year: 2013, Month: 3, Day: 1}, "1. März 2013"},
		{dates.Partial{Year: 1007, Month: 11, Day: 1}, "1. November 1007"},
		{dates.Partial{}, ""},
	}
	for _, tt := range tests {
		if got := Partial(tt.p); got != tt.want {
			t.Errorf("Partial(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestPartialRange(t *testing.T) {
	p := func(y, m, d int) dates.Partial { return dates.Partial{Year: y, Month: m, Day: d} }
	ptr := func(q dates.Partial) *dates.Partial { return &q }
	tests := []struct {
		a    dates.Partial
		b    *dates.Partial
		want string
	}{
		{p(2007, 0, 0), nil, "2007"},
		{p(2007, 7, 0), nil, "Juli 2007"},
		{p(2007, 0, 0), ptr(p(2013, 0, 0)), "2007–2013"},
		{p(2007, 7, 0), ptr(p(2013, 3, 0)), "Juli 2007 – März 2013"},
		{p(2007, 0, 0), ptr(p(2013, 3, 0)), "2007 – März 2013"},
		{p(2007, 7, 0), ptr(p(2013, 0, 0)), "Juli 2007 – 2013"},
		{p(2013, 7, 12), ptr(p(2014, 1, 31)), "12. Juli 2013 – 31. Januar 2014"},
		{p(2007, 3, 0), ptr(p(2007, 7, 0)), "März 2007 – Juli 2007"},
		{p(2007, 0, 0), ptr(p(2007, 0, 0)), "2007"},
		{p(2007, 7, 0), ptr(p(2007, 7, 0)), "Juli 2007"},
	}
	for _, tt := range tests {
		if got := PartialRange(tt.a, tt.b); got != tt.want {
			t.Errorf("PartialRange(%v, %v) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSpan(t *testing.T) {
	berlin, err := dates.LoadLocation("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		start, end string
		loc        *time.Location
		want       string
	}{
		{"2027-03-11T18:00", "2027-03-11T20:30", berlin, "Donnerstag, 11. März 2027, 18:00–20:30 Uhr"},
		{"2027-03-11T18:00", "", berlin, "Donnerstag, 11. März 2027, 18:00 Uhr"},
		{"2027-03-11T18:00", "2027-03-11T18:00", berlin, "Donnerstag, 11. März 2027, 18:00 Uhr"},
		{"2027-03-11T09:05", "2027-03-11T09:45", berlin, "Donnerstag, 11. März 2027, 09:05–09:45 Uhr"},
		{"2027-03-11T20:00", "2027-03-12T00:00", berlin, "Donnerstag, 11. März 2027, 20:00–24:00 Uhr"},
		{"2027-03-11T18:00", "2027-03-12T14:00", berlin, "Donnerstag, 11. März 2027, 18:00 Uhr – Freitag, 12. März 2027, 14:00 Uhr"},
		{"2027-03-11T20:00", "2027-03-12T00:30", berlin, "Donnerstag, 11. März 2027, 20:00 Uhr – Freitag, 12. März 2027, 00:30 Uhr"},
		{"2027-12-31T20:00", "2028-01-01T02:00", berlin, "Freitag, 31. Dezember 2027, 20:00 Uhr – Samstag, 1. Januar 2028, 02:00 Uhr"},
		// Written with an offset or in UTC: shown in the site's zone.
		{"2027-03-11T17:00Z", "2027-03-11T19:30Z", berlin, "Donnerstag, 11. März 2027, 18:00–20:30 Uhr"},
		{"2027-10-31T02:30+02:00", "2027-10-31T02:30+01:00", berlin, "Sonntag, 31. Oktober 2027, 02:30–02:30 Uhr"},
		{"2027-03-11T22:30Z", "", berlin, "Donnerstag, 11. März 2027, 23:30 Uhr"},
		{"2027-03-11T23:30Z", "", berlin, "Freitag, 12. März 2027, 00:30 Uhr"},
		{"2027-03-11T23:30Z", "", time.UTC, "Donnerstag, 11. März 2027, 23:30 Uhr"},
		{"2027-03-28T01:30", "2027-03-28T03:30", berlin, "Sonntag, 28. März 2027, 01:30–03:30 Uhr"},
		// All day.
		{"2027-03-11", "", berlin, "Donnerstag, 11. März 2027, ganztägig"},
		{"2027-03-11", "2027-03-11", berlin, "Donnerstag, 11. März 2027, ganztägig"},
		{"2027-03-11", "2027-03-12", berlin, "11.–12. März 2027"},
		{"2027-03-01", "2027-03-31", berlin, "1.–31. März 2027"},
		{"2027-03-30", "2027-04-02", berlin, "30. März – 2. April 2027"},
		{"2027-12-30", "2028-01-02", berlin, "30. Dezember 2027 – 2. Januar 2028"},
		{"2027-03-27", "2027-03-28", berlin, "27.–28. März 2027"},
		// All-day days are as written, whatever zone they are shown in.
		{"2027-03-11", "", time.UTC, "Donnerstag, 11. März 2027, ganztägig"},
		{"2027-03-11", "2027-03-12", time.UTC, "11.–12. März 2027"},
	}
	for _, tt := range tests {
		start, err := dates.Parse(tt.start, berlin)
		if err != nil {
			t.Fatal(err)
		}
		var end *dates.Value
		if tt.end != "" {
			v, err := dates.Parse(tt.end, berlin)
			if err != nil {
				t.Fatal(err)
			}
			end = &v
		}
		s, err := dates.NewSpan(start, end)
		if err != nil {
			t.Fatal(err)
		}
		if got := Span(s, tt.loc); got != tt.want {
			t.Errorf("Span(%s, %s) in %v\n got %q\nwant %q", tt.start, tt.end, tt.loc, got, tt.want)
		}
	}
}

func TestTelURI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0951 87-1234", "tel:+49951871234"},
		{"+49 951 87-1234", "tel:+49951871234"},
		{"00 90 212 1234567", "tel:+902121234567"},
		{"(0951) 12 34", "tel:+499511234"},
		{"110", "tel:110"},
	} {
		if got := TelURI(tc.in); got != tc.want {
			t.Errorf("TelURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestKeyOrdersLikeCompare checks that sorting by Key gives the order of
// Compare, for every pair of a list with the hard cases of German order.
func TestKeyOrdersLikeCompare(t *testing.T) {
	words := []string{"Zentrum", "Ärztekammer", "Arbeitskreis", "arbeitskreis", "Straße", "Strasse", "Strasse ", "Migranten- und Integrationsbeirat",
		"Migrantenbeirat", "ökumenisch", "Oekumene", "Oberbürgermeister", "", "A", "a", "Ä", "ä", "1. FC", "Éclair", "Eclair", "Zürich", "Zuerich"}
	for _, a := range words {
		for _, b := range words {
			want := Compare(a, b)
			got := cmp.Or(bytes.Compare(Key(a), Key(b)), strings.Compare(a, b))
			if got != want {
				t.Errorf("Key(%q) vs Key(%q) = %d, Compare = %d", a, b, got, want)
			}
		}
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 Dateien"}, {1, "1 Datei"}, {2, "2 Dateien"}, {3980, "3.980 Dateien"}} {
		if got := Count(tc.n, "Datei", "Dateien"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
