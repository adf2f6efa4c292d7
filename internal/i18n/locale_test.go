package i18n

import (
	"bytes"
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/german"
)

// locale returns the locale of code or stops the test.
func locale(t testing.TB, code string) *Locale {
	t.Helper()
	l, ok := LocaleFor(code)
	if !ok || l == nil {
		t.Fatalf("LocaleFor(%q) = %v, %v; want a locale", code, l, ok)
	}
	return l
}

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := dates.LoadLocation("")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLocaleFor(t *testing.T) {
	if got, want := Supported(), []string{"de", "en", "tr", "ar", "uk"}; !slices.Equal(got, want) {
		t.Fatalf("Supported() = %q, want %q", got, want)
	}
	s := Supported()
	s[0] = "xx"
	if Supported()[0] != "de" {
		t.Error("changing the slice Supported returned changed the next result")
	}
	for _, code := range Supported() {
		l := locale(t, code)
		if l.Code() != code {
			t.Errorf("LocaleFor(%q).Code() = %q", code, l.Code())
		}
		if again, _ := LocaleFor(code); again != l {
			t.Errorf("LocaleFor(%q) made a second locale", code)
		}
	}
	for _, code := range []string{"fr", "", "DE", "En", "de-DE", "de_DE", "en-GB", "ar-MA", "ru", "tur", " de"} {
		if l, ok := LocaleFor(code); ok || l != nil {
			t.Errorf("LocaleFor(%q) = %v, %v; want nil, false", code, l, ok)
		}
	}
}

func TestNameDir(t *testing.T) {
	tests := []struct{ code, name, dir string }{
		{"de", "Deutsch", "ltr"},
		{"en", "English", "ltr"},
		{"tr", "Türkçe", "ltr"},
		{"ar", "العربية", "rtl"},
		{"uk", "Українська", "ltr"},
	}
	for _, tt := range tests {
		l := locale(t, tt.code)
		if got := l.Name(); got != tt.name {
			t.Errorf("%s: Name() = %q, want %q", tt.code, got, tt.name)
		}
		if got := l.Dir(); got != tt.dir {
			t.Errorf("%s: Dir() = %q, want %q", tt.code, got, tt.dir)
		}
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		code string
		m    time.Month
		want string
	}{
		{"de", time.March, "März"},
		{"en", time.January, "January"},
		{"en", time.March, "March"},
		{"en", time.December, "December"},
		{"tr", time.February, "Şubat"},
		{"tr", time.May, "Mayıs"},
		{"tr", time.August, "Ağustos"},
		{"tr", time.September, "Eylül"},
		{"tr", time.December, "Aralık"},
		{"uk", time.January, "січень"}, // nominative, not "січня"
		{"uk", time.March, "березень"},
		{"uk", time.November, "листопад"},
		{"uk", time.December, "грудень"},
		{"ar", time.January, "يناير"},
		{"ar", time.March, "مارس"},
		{"ar", time.April, "أبريل"},
		{"ar", time.December, "ديسمبر"},
	}
	for _, tt := range tests {
		if got := locale(t, tt.code).Month(tt.m); got != tt.want {
			t.Errorf("%s: Month(%d) = %q, want %q", tt.code, tt.m, got, tt.want)
		}
	}
	for _, code := range Supported() {
		l := locale(t, code)
		if got := l.Month(0); got != "0" {
			t.Errorf("%s: Month(0) = %q, want \"0\"", code, got)
		}
		if got := l.Month(13); got != "13" {
			t.Errorf("%s: Month(13) = %q, want \"13\"", code, got)
		}
		seen := map[string]bool{}
		for m := time.January; m <= time.December; m++ {
			name := l.Month(m)
			if name == "" || seen[name] {
				t.Errorf("%s: Month(%d) = %q: empty or twice", code, m, name)
			}
			seen[name] = true
		}
	}
}

func TestWeekday(t *testing.T) {
	tests := []struct {
		code string
		d    time.Weekday
		want string
	}{
		{"de", time.Thursday, "Donnerstag"},
		{"en", time.Sunday, "Sunday"},
		{"en", time.Thursday, "Thursday"},
		{"tr", time.Monday, "Pazartesi"},
		{"tr", time.Wednesday, "Çarşamba"},
		{"tr", time.Thursday, "Perşembe"},
		{"tr", time.Saturday, "Cumartesi"},
		{"uk", time.Sunday, "неділя"},
		{"uk", time.Thursday, "четвер"},
		{"uk", time.Friday, "пʼятниця"}, // U+02BC, as CLDR
		{"ar", time.Sunday, "الأحد"},
		{"ar", time.Monday, "الاثنين"},
		{"ar", time.Thursday, "الخميس"},
		{"ar", time.Friday, "الجمعة"},
		{"ar", time.Saturday, "السبت"},
	}
	for _, tt := range tests {
		if got := locale(t, tt.code).Weekday(tt.d); got != tt.want {
			t.Errorf("%s: Weekday(%d) = %q, want %q", tt.code, tt.d, got, tt.want)
		}
	}
	for _, code := range Supported() {
		l := locale(t, code)
		if got := l.Weekday(7); got != "7" {
			t.Errorf("%s: Weekday(7) = %q, want \"7\"", code, got)
		}
		if got := l.Weekday(-1); got != "-1" {
			t.Errorf("%s: Weekday(-1) = %q, want \"-1\"", code, got)
		}
	}
}

func TestDates(t *testing.T) {
	loc := berlin(t)
	march11 := time.Date(2027, 3, 11, 18, 0, 0, 0, loc)
	jan2 := time.Date(2028, 1, 2, 9, 5, 30, 0, loc)
	tests := []struct {
		code               string
		t                  time.Time
		date, short, clock string
	}{
		{"de", march11, "Donnerstag, 11. März 2027", "11. März 2027", "18:00"},
		{"en", march11, "Thursday, 11 March 2027", "11 March 2027", "18:00"},
		{"en", jan2, "Sunday, 2 January 2028", "2 January 2028", "09:05"},
		{"tr", march11, "11 Mart 2027 Perşembe", "11 Mart 2027", "18:00"},
		{"tr", jan2, "2 Ocak 2028 Pazar", "2 Ocak 2028", "09:05"},
		{"uk", march11, "четвер, 11 березня 2027 р.", "11 березня 2027 р.", "18:00"},
		{"uk", jan2, "неділя, 2 січня 2028 р.", "2 січня 2028 р.", "09:05"},
		{"ar", march11, "الخميس، 11 مارس 2027", "11 مارس 2027", "18:00"},
		{"ar", jan2, "الأحد، 2 يناير 2028", "2 يناير 2028", "09:05"},
		// Formatted in t's own location.
		{"en", time.Date(2027, 3, 11, 23, 30, 0, 0, time.UTC), "Thursday, 11 March 2027", "11 March 2027", "23:30"},
		{"en", time.Date(2027, 3, 11, 23, 30, 0, 0, time.UTC).In(loc), "Friday, 12 March 2027", "12 March 2027", "00:30"},
		{"ar", time.Date(2027, 3, 11, 23, 30, 0, 0, time.UTC).In(loc), "الجمعة، 12 مارس 2027", "12 مارس 2027", "00:30"},
	}
	for _, tt := range tests {
		l := locale(t, tt.code)
		if got := l.Date(tt.t); got != tt.date {
			t.Errorf("%s: Date(%v) = %q, want %q", tt.code, tt.t, got, tt.date)
		}
		if got := l.ShortDate(tt.t); got != tt.short {
			t.Errorf("%s: ShortDate(%v) = %q, want %q", tt.code, tt.t, got, tt.short)
		}
		if got := l.Clock(tt.t); got != tt.clock {
			t.Errorf("%s: Clock(%v) = %q, want %q", tt.code, tt.t, got, tt.clock)
		}
	}
}

// Ukrainian writes a month after a day number in the genitive, in every
// month.
func TestUkrainianGenitive(t *testing.T) {
	uk := locale(t, "uk")
	want := []string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"}
	for i, w := range want {
		m := time.Month(i + 1)
		d := time.Date(2027, m, 1, 0, 0, 0, 0, time.UTC)
		if got, w := uk.ShortDate(d), "1 "+w+" 2027 р."; got != w {
			t.Errorf("ShortDate(%v) = %q, want %q", d, got, w)
		}
		if got, w := uk.Partial(dates.Partial{Year: 2027, Month: i + 1}), uk.Month(m)+" 2027 р."; got != w {
			t.Errorf("Partial(2027-%02d) = %q, want %q", m, got, w)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		n                  int
		de, en, tr, uk, ar string
	}{
		{0, "0", "0", "0", "0", "0"},
		{7, "7", "7", "7", "7", "7"},
		{999, "999", "999", "999", "999", "999"},
		{1000, "1.000", "1,000", "1.000", "1\u202f000", "1,000"},
		{1234, "1.234", "1,234", "1.234", "1\u202f234", "1,234"},
		{10000, "10.000", "10,000", "10.000", "10\u202f000", "10,000"},
		{123456, "123.456", "123,456", "123.456", "123\u202f456", "123,456"},
		{1234567, "1.234.567", "1,234,567", "1.234.567", "1\u202f234\u202f567", "1,234,567"},
		{-5, "-5", "-5", "-5", "-5", "\u200e-5"},
		{-1234, "-1.234", "-1,234", "-1.234", "-1\u202f234", "\u200e-1,234"},
		{-100000, "-100.000", "-100,000", "-100.000", "-100\u202f000", "\u200e-100,000"},
		{math.MinInt64, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808", "-9.223.372.036.854.775.808",
			"-9\u202f223\u202f372\u202f036\u202f854\u202f775\u202f808", "\u200e-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		for code, want := range map[string]string{"de": tt.de, "en": tt.en, "tr": tt.tr, "uk": tt.uk, "ar": tt.ar} {
			if got := locale(t, code).Number(tt.n); got != want {
				t.Errorf("%s: Number(%d) = %q, want %q", code, tt.n, got, want)
			}
		}
	}
}

// spanCases are the cases of german.Span, with what each language writes.
var spanCases = []struct {
	name, start, end string
	utc              bool // show in UTC instead of Europe/Berlin
	want             map[string]string
}{
	{"timed, one day", "2027-03-11T18:00", "2027-03-11T20:30", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 18:00–20:30 Uhr",
		"en": "Thursday, 11 March 2027, 18:00–20:30",
		"tr": "11 Mart 2027 Perşembe 18:00–20:30",
		"uk": "четвер, 11 березня 2027 р., 18:00–20:30",
		"ar": "الخميس، 11 مارس 2027، 18:00–20:30",
	}},
	{"timed, no end", "2027-03-11T18:00", "", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 18:00 Uhr",
		"en": "Thursday, 11 March 2027, 18:00",
		"tr": "11 Mart 2027 Perşembe 18:00",
		"uk": "четвер, 11 березня 2027 р., 18:00",
		"ar": "الخميس، 11 مارس 2027، 18:00",
	}},
	{"timed, end equals start", "2027-03-11T18:00", "2027-03-11T18:00", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 18:00 Uhr",
		"en": "Thursday, 11 March 2027, 18:00",
		"tr": "11 Mart 2027 Perşembe 18:00",
		"uk": "четвер, 11 березня 2027 р., 18:00",
		"ar": "الخميس، 11 مارس 2027، 18:00",
	}},
	{"timed, to midnight", "2027-03-11T20:00", "2027-03-12T00:00", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 20:00–24:00 Uhr",
		"en": "Thursday, 11 March 2027, 20:00–24:00",
		"tr": "11 Mart 2027 Perşembe 20:00–24:00",
		"uk": "четвер, 11 березня 2027 р., 20:00–24:00",
		"ar": "الخميس، 11 مارس 2027، 20:00–24:00",
	}},
	{"timed, several days", "2027-03-11T18:00", "2027-03-12T14:00", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 18:00 Uhr – Freitag, 12. März 2027, 14:00 Uhr",
		"en": "Thursday, 11 March 2027, 18:00 – Friday, 12 March 2027, 14:00",
		"tr": "11 Mart 2027 Perşembe 18:00 – 12 Mart 2027 Cuma 14:00",
		"uk": "четвер, 11 березня 2027 р., 18:00 – пʼятниця, 12 березня 2027 р., 14:00",
		"ar": "الخميس، 11 مارس 2027، 18:00 – الجمعة، 12 مارس 2027، 14:00",
	}},
	{"timed, past midnight", "2027-03-11T20:00", "2027-03-12T00:30", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 20:00 Uhr – Freitag, 12. März 2027, 00:30 Uhr",
		"en": "Thursday, 11 March 2027, 20:00 – Friday, 12 March 2027, 00:30",
		"tr": "11 Mart 2027 Perşembe 20:00 – 12 Mart 2027 Cuma 00:30",
		"uk": "четвер, 11 березня 2027 р., 20:00 – пʼятниця, 12 березня 2027 р., 00:30",
		"ar": "الخميس، 11 مارس 2027، 20:00 – الجمعة، 12 مارس 2027، 00:30",
	}},
	{"timed, across years", "2027-12-31T20:00", "2028-01-01T02:00", false, map[string]string{
		"de": "Freitag, 31. Dezember 2027, 20:00 Uhr – Samstag, 1. Januar 2028, 02:00 Uhr",
		"en": "Friday, 31 December 2027, 20:00 – Saturday, 1 January 2028, 02:00",
		"tr": "31 Aralık 2027 Cuma 20:00 – 1 Ocak 2028 Cumartesi 02:00",
		"uk": "пʼятниця, 31 грудня 2027 р., 20:00 – субота, 1 січня 2028 р., 02:00",
		"ar": "الجمعة، 31 ديسمبر 2027، 20:00 – السبت، 1 يناير 2028، 02:00",
	}},
	{"timed, written in UTC, shown in Berlin", "2027-03-11T17:00Z", "2027-03-11T19:30Z", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, 18:00–20:30 Uhr",
		"en": "Thursday, 11 March 2027, 18:00–20:30",
		"tr": "11 Mart 2027 Perşembe 18:00–20:30",
		"uk": "четвер, 11 березня 2027 р., 18:00–20:30",
		"ar": "الخميس، 11 مارس 2027، 18:00–20:30",
	}},
	{"timed, next day in Berlin", "2027-03-11T23:30Z", "", false, map[string]string{
		"de": "Freitag, 12. März 2027, 00:30 Uhr",
		"en": "Friday, 12 March 2027, 00:30",
		"tr": "12 Mart 2027 Cuma 00:30",
		"uk": "пʼятниця, 12 березня 2027 р., 00:30",
		"ar": "الجمعة، 12 مارس 2027، 00:30",
	}},
	{"timed, shown in UTC", "2027-03-11T23:30Z", "", true, map[string]string{
		"de": "Donnerstag, 11. März 2027, 23:30 Uhr",
		"en": "Thursday, 11 March 2027, 23:30",
		"tr": "11 Mart 2027 Perşembe 23:30",
		"uk": "четвер, 11 березня 2027 р., 23:30",
		"ar": "الخميس، 11 مارس 2027، 23:30",
	}},
	{"all day, one day", "2027-03-11", "", false, map[string]string{
		"de": "Donnerstag, 11. März 2027, ganztägig",
		"en": "Thursday, 11 March 2027, all day",
		"tr": "11 Mart 2027 Perşembe, tüm gün",
		"uk": "четвер, 11 березня 2027 р., увесь день",
		"ar": "الخميس، 11 مارس 2027، طوال اليوم",
	}},
	{"all day, one day with end", "2027-03-11", "2027-03-11", true, map[string]string{
		"de": "Donnerstag, 11. März 2027, ganztägig",
		"en": "Thursday, 11 March 2027, all day",
		"tr": "11 Mart 2027 Perşembe, tüm gün",
		"uk": "четвер, 11 березня 2027 р., увесь день",
		"ar": "الخميس، 11 مارس 2027، طوال اليوم",
	}},
	{"all day, one month", "2027-03-11", "2027-03-12", false, map[string]string{
		"de": "11.–12. März 2027",
		"en": "11–12 March 2027",
		"tr": "11–12 Mart 2027",
		"uk": "11–12 березня 2027 р.",
		"ar": "11–12 مارس 2027",
	}},
	{"all day, one month, shown in UTC", "2027-03-01", "2027-03-31", true, map[string]string{
		"de": "1.–31. März 2027",
		"en": "1–31 March 2027",
		"tr": "1–31 Mart 2027",
		"uk": "1–31 березня 2027 р.",
		"ar": "1–31 مارس 2027",
	}},
	{"all day, one year", "2027-03-30", "2027-04-02", false, map[string]string{
		"de": "30. März – 2. April 2027",
		"en": "30 March – 2 April 2027",
		"tr": "30 Mart – 2 Nisan 2027",
		"uk": "30 березня – 2 квітня 2027 р.",
		"ar": "30 مارس – 2 أبريل 2027",
	}},
	{"all day, across years", "2027-12-30", "2028-01-02", false, map[string]string{
		"de": "30. Dezember 2027 – 2. Januar 2028",
		"en": "30 December 2027 – 2 January 2028",
		"tr": "30 Aralık 2027 – 2 Ocak 2028",
		"uk": "30 грудня 2027 – 2 січня 2028 рр.",
		"ar": "30 ديسمبر 2027 – 2 يناير 2028",
	}},
}

func TestSpan(t *testing.T) {
	loc := berlin(t)
	for _, tt := range spanCases {
		s := span(t, tt.start, tt.end)
		show := loc
		if tt.utc {
			show = time.UTC
		}
		if len(tt.want) != len(Supported()) {
			t.Fatalf("%s: %d languages, want %d", tt.name, len(tt.want), len(Supported()))
		}
		for code, want := range tt.want {
			if got := locale(t, code).Span(s, show); got != want {
				t.Errorf("%s: Span(%s, %s) in %v (%s)\n got %q\nwant %q", code, tt.start, tt.end, show, tt.name, got, want)
			}
		}
	}
}

// span parses start and end ("" for none) in Europe/Berlin.
func span(t testing.TB, start, end string) dates.Span {
	t.Helper()
	loc := berlin(t)
	a, err := dates.Parse(start, loc)
	if err != nil {
		t.Fatal(err)
	}
	var b *dates.Value
	if end != "" {
		v, err := dates.Parse(end, loc)
		if err != nil {
			t.Fatal(err)
		}
		b = &v
	}
	s, err := dates.NewSpan(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPartial(t *testing.T) {
	tests := []struct {
		p    dates.Partial
		want map[string]string
	}{
		{dates.Partial{}, map[string]string{"de": "", "en": "", "tr": "", "uk": "", "ar": ""}},
		{dates.Partial{Year: 2007}, map[string]string{"de": "2007", "en": "2007", "tr": "2007", "uk": "2007", "ar": "2007"}},
		{dates.Partial{Year: 2007, Month: 7}, map[string]string{
			"de": "Juli 2007", "en": "July 2007", "tr": "Temmuz 2007", "uk": "липень 2007 р.", "ar": "يوليو 2007",
		}},
		{dates.Partial{Year: 2013, Month: 7, Day: 12}, map[string]string{
			"de": "12. Juli 2013", "en": "12 July 2013", "tr": "12 Temmuz 2013", "uk": "12 липня 2013 р.", "ar": "12 يوليو 2013",
		}},
		{dates.Partial{Year: 2028, Month: 2, Day: 29}, map[string]string{
			"de": "29. Februar 2028", "en": "29 February 2028", "tr": "29 Şubat 2028", "uk": "29 лютого 2028 р.", "ar": "29 فبراير 2028",
		}},
	}
	for _, tt := range tests {
		for code, want := range tt.want {
			if got := locale(t, code).Partial(tt.p); got != want {
				t.Errorf("%s: Partial(%v) = %q, want %q", code, tt.p, got, want)
			}
		}
	}
}

func TestPartialRange(t *testing.T) {
	p := func(y, m, d int) *dates.Partial { return &dates.Partial{Year: y, Month: m, Day: d} }
	tests := []struct {
		a    dates.Partial
		b    *dates.Partial
		want map[string]string
	}{
		{*p(2007, 7, 0), nil, map[string]string{
			"de": "Juli 2007", "en": "July 2007", "tr": "Temmuz 2007", "uk": "липень 2007 р.", "ar": "يوليو 2007",
		}},
		{*p(2007, 7, 0), p(2007, 7, 0), map[string]string{
			"de": "Juli 2007", "en": "July 2007", "tr": "Temmuz 2007", "uk": "липень 2007 р.", "ar": "يوليو 2007",
		}},
		{*p(2007, 0, 0), p(2013, 0, 0), map[string]string{
			"de": "2007–2013", "en": "2007–2013", "tr": "2007–2013", "uk": "2007–2013", "ar": "2007–2013",
		}},
		{*p(2007, 7, 0), p(2013, 3, 0), map[string]string{
			"de": "Juli 2007 – März 2013",
			"en": "July 2007 – March 2013",
			"tr": "Temmuz 2007 – Mart 2013",
			"uk": "липень 2007 р. – березень 2013 р.",
			"ar": "يوليو 2007 – مارس 2013",
		}},
		{*p(2007, 0, 0), p(2013, 3, 0), map[string]string{
			"de": "2007 – März 2013",
			"en": "2007 – March 2013",
			"tr": "2007 – Mart 2013",
			"uk": "2007 – березень 2013 р.",
			"ar": "2007 – مارس 2013",
		}},
		{*p(2007, 7, 12), p(2013, 3, 3), map[string]string{
			"de": "12. Juli 2007 – 3. März 2013",
			"en": "12 July 2007 – 3 March 2013",
			"tr": "12 Temmuz 2007 – 3 Mart 2013",
			"uk": "12 липня 2007 – 3 березня 2013 рр.",
			"ar": "12 يوليو 2007 – 3 مارس 2013",
		}},
		{*p(2013, 7, 12), p(2013, 8, 3), map[string]string{
			"de": "12. Juli 2013 – 3. August 2013",
			"en": "12 July 2013 – 3 August 2013",
			"tr": "12 Temmuz 2013 – 3 Ağustos 2013",
			"uk": "12 липня 2013 р. – 3 серпня 2013 р.",
			"ar": "12 يوليو 2013 – 3 أغسطس 2013",
		}},
		{*p(2013, 7, 12), p(2014, 0, 0), map[string]string{
			"de": "12. Juli 2013 – 2014",
			"en": "12 July 2013 – 2014",
			"tr": "12 Temmuz 2013 – 2014",
			"uk": "12 липня 2013 р. – 2014",
			"ar": "12 يوليو 2013 – 2014",
		}},
	}
	for _, tt := range tests {
		for code, want := range tt.want {
			if got := locale(t, code).PartialRange(tt.a, tt.b); got != want {
				t.Errorf("%s: PartialRange(%v, %v) = %q, want %q", code, tt.a, tt.b, got, want)
			}
		}
	}
}

// German is package german, byte for byte.
func TestGermanIsPackageGerman(t *testing.T) {
	de := locale(t, "de")
	loc := berlin(t)
	r := rand.New(rand.NewPCG(3, 5))
	for i := range 2000 {
		tm := time.Date(1900+r.IntN(200), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), r.IntN(60), r.IntN(60), 0, loc)
		if i%3 == 0 {
			tm = tm.UTC()
		}
		check := func(what, got, want string) {
			t.Helper()
			if got != want {
				t.Fatalf("%s(%v): de %q, german %q", what, tm, got, want)
			}
		}
		check("Date", de.Date(tm), german.Date(tm))
		check("ShortDate", de.ShortDate(tm), german.ShortDate(tm))
		check("Clock", de.Clock(tm), german.Clock(tm))
		check("Month", de.Month(tm.Month()), german.Month(tm.Month()))
		check("Weekday", de.Weekday(tm.Weekday()), german.Weekday(tm.Weekday()))
		n := int(r.Int64()) >> r.IntN(64)
		if r.IntN(2) == 0 {
			n = -n
		}
		check("Number", de.Number(n), german.Number(n))

		p := dates.Partial{Year: tm.Year()}
		switch r.IntN(3) {
		case 1:
			p.Month = int(tm.Month())
		case 2:
			p.Month, p.Day = int(tm.Month()), tm.Day()
		}
		q := dates.Partial{Year: p.Year + r.IntN(3), Month: r.IntN(13)}
		if q.Month != 0 && r.IntN(2) == 0 {
			q.Day = 1 + r.IntN(28)
		}
		check("Partial", de.Partial(p), german.Partial(p))
		check("PartialRange", de.PartialRange(p, &q), german.PartialRange(p, &q))
		check("PartialRange", de.PartialRange(p, nil), german.PartialRange(p, nil))
	}
	for _, m := range []time.Month{0, 13, -1} {
		if got, want := de.Month(m), german.Month(m); got != want {
			t.Errorf("Month(%d): de %q, german %q", m, got, want)
		}
	}
	for _, tt := range spanCases {
		s := span(t, tt.start, tt.end)
		for _, show := range []*time.Location{loc, time.UTC} {
			if got, want := de.Span(s, show), german.Span(s, show); got != want {
				t.Errorf("Span(%s, %s) in %v: de %q, german %q", tt.start, tt.end, show, got, want)
			}
		}
	}
	for _, s := range []string{"", "Ärztekammer", "Straße", "ökumenisch", "a\u0308", "Zentrum", "çay", "İstanbul"} {
		if !bytes.Equal(de.Key(s), german.Key(s)) {
			t.Errorf("Key(%q) differs from german.Key", s)
		}
		for _, u := range []string{"Arzt", "Strasse", "ä", "ılık"} {
			if got, want := de.Compare(s, u), german.Compare(s, u); got != want {
				t.Errorf("Compare(%q, %q): de %d, german %d", s, u, got, want)
			}
		}
	}
}

// sorted returns words sorted by l.Compare, after shuffling them.
func sorted(l *Locale, words []string, r *rand.Rand) []string {
	got := slices.Clone(words)
	r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
	slices.SortFunc(got, l.Compare)
	return got
}

// sortedByKey returns words sorted by their keys, then by bytes.
func sortedByKey(l *Locale, words []string) []string {
	type kw struct {
		key  []byte
		word string
	}
	ks := make([]kw, len(words))
	for i, w := range words {
		ks[i] = kw{l.Key(w), w}
	}
	slices.SortFunc(ks, func(a, b kw) int {
		return cmp.Or(bytes.Compare(a.key, b.key), strings.Compare(a.word, b.word))
	})
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.word
	}
	return out
}

func TestCollationOrder(t *testing.T) {
	tests := []struct {
		code string
		want []string
	}{
		// Turkish: ç is a letter of its own between c and d, ğ after g,
		// ş after s; ı comes before i, I is the capital of ı and İ of i.
		{"tr", []string{"cadde", "Cuma", "cüzdan", "çarşı", "Çay", "çiçek", "dere", "gül", "ğ", "ılık", "Irmak", "ilk", "İstanbul", "jeton", "sabah", "şehir", "Uzun", "Üsküdar", "zeytin"}},
		// German as package german (DIN 5007-1).
		{"de", []string{"Arbeitskreis", "Ärztekammer", "cadde", "Çay", "çiçek", "Cuma", "dere", "ilk", "Irmak", "İstanbul", "ılık", "Migranten- und Integrationsbeirat", "Oberbürgermeister", "ökumenisch", "Strasse", "Straße", "Zentrum"}},
		// English: accents and case only decide between otherwise equal words.
		{"en", []string{"Arbeitskreis", "Ärztekammer", "cafe", "Cafe", "café", "Café", "cafeteria", "Çay", "Cuma", "resume", "résumé", "Résumé", "Zentrum"}},
		// Ukrainian alphabet: …г ґ д е є ж з и і ї й к…
		{"uk", []string{"абетка", "борщ", "вода", "гора", "ґанок", "дім", "ехо", "євро", "жито", "зима", "иній", "іти", "їжак", "йод", "квітка", "кит", "кінь", "пʼятниця", "село", "ясно"}},
		// Arabic alphabet order.
		{"ar", []string{"أحمد", "باب", "تفاح", "جمل", "دار", "سوق", "شمس", "عين", "قلم", "مدينة", "نهر", "يوم"}},
	}
	r := rand.New(rand.NewPCG(7, 11))
	for _, tt := range tests {
		l := locale(t, tt.code)
		for range 20 {
			if got := sorted(l, tt.want, r); !slices.Equal(got, tt.want) {
				t.Fatalf("%s: sorted by Compare:\n got %q\nwant %q", tt.code, got, tt.want)
			}
		}
		if got := sortedByKey(l, tt.want); !slices.Equal(got, tt.want) {
			t.Errorf("%s: sorted by Key:\n got %q\nwant %q", tt.code, got, tt.want)
		}
	}
}

func TestCompareTurkish(t *testing.T) {
	tr := locale(t, "tr")
	tests := []struct {
		a, b string
		want int
	}{
		{"çay", "cuma", 1},     // ç after every c
		{"çay", "czar", 1},     //
		{"çay", "dere", -1},    // but before d
		{"ılık", "ilk", -1},    // ı before i
		{"Irmak", "ilk", -1},   // I is the capital of ı
		{"Irmak", "ımık", 1},   // …and sorts among the ı's
		{"İstanbul", "ilk", 1}, // İ is the capital of i
		{"İzmir", "izmir", 1},  // case decides last: lower first
		{"ğ", "gz", 1},         // ğ after every g
		{"şehir", "sz", 1},     // ş after every s
		{"üzüm", "uzun", 1},    // ü after every u
		{"öğle", "oz", 1},      // ö after every o
	}
	for _, tt := range tests {
		if got := tr.Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tr.Compare(tt.b, tt.a); got != -tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
	// In German order the same letters are variants of c, g, i, s, u, o.
	de := locale(t, "de")
	if de.Compare("çay", "cuma") != -1 || de.Compare("ilk", "Irmak") != -1 {
		t.Error("German order is not package german's")
	}
}

func TestCompareZeroOnlyIfEqual(t *testing.T) {
	words := []string{"", "a", "A", "ä", "a\u0308", "Straße", "Strasse", "STRASSE", "çay", "c\u0327ay", "ı", "i", "I", "İ", "i\u0307",
		"пʼятниця", "п'ятниця", "п’ятниця", "ґ", "г\u0491", "عربي", "عربى", "a\u200bb", "ab", "a b", "a-b", "x\x00", "x"}
	for _, code := range Supported() {
		l := locale(t, code)
		for _, a := range words {
			for _, b := range words {
				c := l.Compare(a, b)
				if (c == 0) != (a == b) {
					t.Errorf("%s: Compare(%q, %q) = %d", code, a, b, c)
				}
				if d := l.Compare(b, a); d != -c {
					t.Errorf("%s: Compare(%q, %q) = %d but Compare(%q, %q) = %d", code, a, b, c, b, a, d)
				}
				// Key then bytes gives the order of Compare.
				k := cmp.Or(bytes.Compare(l.Key(a), l.Key(b)), strings.Compare(a, b))
				if k != c {
					t.Errorf("%s: keys order %q, %q as %d, Compare as %d", code, a, b, k, c)
				}
			}
		}
	}
}

// Locales are shared between goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	loc := berlin(t)
	s := span(t, "2027-03-11T18:00", "2027-03-12T14:00")
	words := []string{"çay", "cuma", "ılık", "Irmak", "ilk", "Ärztekammer", "ґанок", "باب", "Straße"}
	want := map[string][]string{}
	spans := map[string]string{}
	for _, code := range Supported() {
		l := locale(t, code)
		want[code] = sorted(l, words, rand.New(rand.NewPCG(1, 2)))
		spans[code] = l.Span(s, loc)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 9))
			for range 50 {
				code := Supported()[r.IntN(len(Supported()))]
				l, ok := LocaleFor(code)
				if !ok {
					t.Errorf("LocaleFor(%q) failed", code)
					return
				}
				if got := sorted(l, words, r); !slices.Equal(got, want[code]) {
					t.Errorf("%s: concurrent sort %q, want %q", code, got, want[code])
				}
				if got := sortedByKey(l, words); !slices.Equal(got, want[code]) {
					t.Errorf("%s: concurrent sort by key %q, want %q", code, got, want[code])
				}
				if got := l.Span(s, loc); got != spans[code] {
					t.Errorf("%s: concurrent Span %q, want %q", code, got, spans[code])
				}
				_ = l.Number(r.Int()) + l.Date(time.Now()) + l.Name() + l.Dir()
			}
		})
	}
	wg.Wait()
}
