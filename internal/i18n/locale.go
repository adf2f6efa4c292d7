package i18n

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/german"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Locale formats dates, times and numbers, and orders titles, the way one
// language writes them. [LocaleFor] gives the locale of a language code;
// locales are created once, shared, and safe for concurrent use.
//
// German (de) is package german exactly: every method returns what the
// function of the same name there returns. The other languages follow
// CLDR's patterns for the language (written out here by hand, since
// golang.org/x/text formats no dates), with a 24-hour clock everywhere –
// the city is in Germany – and the en dash "–" for ranges as in German:
// without spaces between two numbers or times, with spaces between longer
// parts. English is British English. Every method formats a time.Time in
// its own location (callers convert with t.In(loc) first), except Span,
// which converts to the location it is given.
//
//	           en                        tr                      uk                          ar
//	Date       Thursday, 11 March 2027   11 Mart 2027 Perşembe   четвер, 11 березня 2027 р.  الخميس، 11 مارس 2027
//	ShortDate  11 March 2027             11 Mart 2027            11 березня 2027 р.          11 مارس 2027
//	Month      March                     Mart                    березень                    مارس
//	Clock      18:00                     18:00                   18:00                       18:00
//	Number     10,000                    10.000                  10 000 (U+202F)             10,000
//
// Ukrainian writes a month after a day number in the genitive (11
// березня), alone and with a year in the nominative (березень 2027 р.).
//
// [Locale.Span] has the cases of german.Span; a date and its time are
// joined as CLDR joins them (", " in en and uk, "، " in ar, a space in
// tr), and an all-day date is followed by ", all day", ", tüm gün",
// ", увесь день" or "، طوال اليوم":
//
//	timed, one day        Thursday, 11 March 2027, 18:00–20:30
//	timed, no end         Thursday, 11 March 2027, 18:00
//	timed, to midnight    Thursday, 11 March 2027, 20:00–24:00
//	timed, several days   Thursday, 11 March 2027, 18:00 – Friday, 12 March 2027, 14:00
//	all day, one day      Thursday, 11 March 2027, all day
//	all day, one month    11–12 March 2027
//	all day, one year     30 March – 2 April 2027
//	all day, otherwise    30 December 2027 – 2 January 2028
//
// In Ukrainian, as in CLDR, a range of days across years ends in "рр."
// (30 грудня 2027 – 2 січня 2028 рр.). Milestone dates ([Locale.Partial],
// [Locale.PartialRange]) are written as precisely as they are known:
// 2007, July 2007, 12 July 2013; 2007–2013, July 2007 – March 2013.
//
// Arabic is written right to left ([Locale.Dir] is "rtl") but with the
// Western digits 0–9 (CLDR's numbering system "latn", as used for Arabic
// in the Maghreb): the readers live in Bamberg, where every clock, ticket,
// house number and phone number is written with these digits, and numbers
// stay copyable into phones and maps. Numbers group thousands with a
// comma, and a minus sign is preceded by U+200E LEFT-TO-RIGHT MARK, as in
// CLDR, so that it stays in front of the number in right-to-left text.
//
// [Locale.Key] and [Locale.Compare] order strings by the Unicode Collation
// Algorithm with CLDR's rules for the language (golang.org/x/text/collate):
// Turkish sorts ç after c, ı before i and I with ı, for example. Strings
// the collation finds equal are ordered by their bytes, so Compare(a, b)
// == 0 only if a == b.
type Locale struct {
	code, name string
	rtl        bool
	german     bool // every method delegates to package german

	months   [12]string // standalone: alone and with a year
	inDate   [12]string // after a day number (genitive in Ukrainian)
	weekdays [7]string

	weekdayLast bool   // the weekday follows the date (Turkish)
	weekdaySep  string // between weekday and date
	timeSep     string // between a date and its time
	allDay      string // after a date to say it is all day, with its separator
	yearMark    string // after the year of a date ("р." in Ukrainian), with its space
	yearsMark   string // after a range of dates in different years ("рр."), or "" for yearMark on both

	group, minus string // number symbols

	tag       language.Tag
	collators sync.Pool // of *collate.Collator, which must not be shared
}

// localeCodes are the supported languages, German (the default) first.
var localeCodes = []string{"de", "en", "tr", "ar", "uk"}

// locales are created once; their collators are made when first needed.
var locales = func() map[string]*Locale {
	m := map[string]*Locale{
		"de": {code: "de", name: "Deutsch", german: true},
		"en": {
			code: "en", name: "English",
			months:     [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
			weekdays:   [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
			weekdaySep: ", ", timeSep: ", ", allDay: ", all day",
			group: ",", minus: "-",
		},
		"tr": {
			code: "tr", name: "Türkçe",
			months:      [12]string{"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
			weekdays:    [7]string{"Pazar", "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi"},
			weekdayLast: true, weekdaySep: " ", timeSep: " ", allDay: ", tüm gün",
			group: ".", minus: "-",
		},
		"ar": {
			code: "ar", name: "العربية", rtl: true,
			months:     [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
			weekdays:   [7]string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"},
			weekdaySep: "، ", timeSep: "، ", allDay: "، طوال اليوم",
			group: ",", minus: "\u200e-",
		},
		"uk": {
			code: "uk", name: "Українська",
			months:     [12]string{"січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень", "жовтень", "листопад", "грудень"},
			inDate:     [12]string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"},
			weekdays:   [7]string{"неділя", "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота"},
			weekdaySep: ", ", timeSep: ", ", allDay: ", увесь день",
			yearMark: " р.", yearsMark: " рр.",
			group: "\u202f", minus: "-",
		},
	}
	for code, l := range m {
		if l.inDate == [12]string{} {
			l.inDate = l.months
		}
		l.tag = language.Make(code)
		l.collators.New = func() any { return collate.New(l.tag) }
	}
	return m
}()

// LocaleFor returns the locale of the language code (de, en, tr, ar or
// uk, as written: lower case, no region); false for any other code.
// Every call with the same code returns the same *Locale.
func LocaleFor(code string) (*Locale, bool) {
	l, ok := locales[code]
	return l, ok
}

// Supported returns the codes LocaleFor knows, German first:
// de, en, tr, ar, uk.
func Supported() []string {
	return slices.Clone(localeCodes)
}

// Code returns the language code ("en").
func (l *Locale) Code() string { return l.code }

// Dir returns the writing direction for HTML's dir attribute: "rtl" for
// Arabic, "ltr" for the others.
func (l *Locale) Dir() string {
	if l.rtl {
		return "rtl"
	}
	return "ltr"
}

// Name returns the name of the language in itself: Deutsch, English,
// Türkçe, العربية, Українська.
func (l *Locale) Name() string { return l.name }

// Month returns the name of m on its own ("March", Ukrainian "березень");
// for a number outside 1…12 the number itself.
func (l *Locale) Month(m time.Month) string {
	if l.german {
		return german.Month(m)
	}
	if m < 1 || m > 12 {
		return strconv.Itoa(int(m))
	}
	return l.months[m-1]
}

// monthInDate returns the name of m after a day number (Ukrainian
// "березня"); for a number outside 1…12 the number itself.
func (l *Locale) monthInDate(m time.Month) string {
	if m < 1 || m > 12 {
		return strconv.Itoa(int(m))
	}
	return l.inDate[m-1]
}

// Weekday returns the name of d ("Thursday"); for a number outside 0…6
// the number itself.
func (l *Locale) Weekday(d time.Weekday) string {
	if l.german {
		return german.Weekday(d)
	}
	if d < 0 || d > 6 {
		return strconv.Itoa(int(d))
	}
	return l.weekdays[d]
}

// Date returns the date of t with its weekday: "Thursday, 11 March 2027",
// "11 Mart 2027 Perşembe".
func (l *Locale) Date(t time.Time) string {
	if l.german {
		return german.Date(t)
	}
	if l.weekdayLast {
		return l.ShortDate(t) + l.weekdaySep + l.Weekday(t.Weekday())
	}
	return l.Weekday(t.Weekday()) + l.weekdaySep + l.ShortDate(t)
}

// ShortDate returns the date of t without weekday: "11 March 2027",
// "11 березня 2027 р.".
func (l *Locale) ShortDate(t time.Time) string {
	if l.german {
		return german.ShortDate(t)
	}
	return l.dayMonth(t.Day(), t.Month()) + " " + strconv.Itoa(t.Year()) + l.yearMark
}

// dayMonth returns "11 March".
func (l *Locale) dayMonth(d int, m time.Month) string {
	return strconv.Itoa(d) + " " + l.monthInDate(m)
}

// Clock returns the time of t on a 24-hour clock, "18:00", in every
// language (seconds are left out).
func (l *Locale) Clock(t time.Time) string {
	if l.german {
		return german.Clock(t)
	}
	return t.Format("15:04")
}

// Number returns n with groups of thousands: "10,000" (en, ar), "10.000"
// (de, tr), "10 000" with U+202F NARROW NO-BREAK SPACE (uk); also 1,234.
func (l *Locale) Number(n int) string {
	if l.german {
		return german.Number(n)
	}
	s := strconv.FormatInt(int64(n), 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = l.minus, s[1:]
	}
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	var b strings.Builder
	b.WriteString(sign)
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteString(l.group)
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Span returns when an event takes place, in loc, with the cases of
// german.Span (see [Locale]). All-day days are written as they were
// given.
func (l *Locale) Span(s dates.Span, loc *time.Location) string {
	if l.german {
		return german.Span(s, loc)
	}
	if s.AllDay {
		first, last := s.Start, s.End
		switch {
		case s.SameDay(loc):
			return l.Date(first) + l.allDay
		case first.Year() != last.Year():
			return l.acrossYears(first.Day(), first.Month(), first.Year(), last.Day(), last.Month(), last.Year())
		case first.Month() != last.Month():
			return l.dayMonth(first.Day(), first.Month()) + " – " + l.ShortDate(last)
		}
		return strconv.Itoa(first.Day()) + "–" + l.ShortDate(last)
	}
	start, end := s.Start.In(loc), s.End.In(loc)
	switch {
	case !s.HasEnd || end.Equal(start):
		return l.Date(start) + l.timeSep + l.Clock(start)
	case s.SameDay(loc):
		to := l.Clock(end)
		if end.Day() != start.Day() {
			to = "24:00" // ends at the midnight that closes the day
		}
		return l.Date(start) + l.timeSep + l.Clock(start) + "–" + to
	}
	return l.Date(start) + l.timeSep + l.Clock(start) + " – " + l.Date(end) + l.timeSep + l.Clock(end)
}

// acrossYears returns the range of two dates in different years:
// "30 December 2027 – 2 January 2028", "30 грудня 2027 – 2 січня 2028 рр.".
func (l *Locale) acrossYears(d1 int, m1 time.Month, y1, d2 int, m2 time.Month, y2 int) string {
	if l.yearsMark != "" {
		return l.dayMonth(d1, m1) + " " + strconv.Itoa(y1) + " – " + l.dayMonth(d2, m2) + " " + strconv.Itoa(y2) + l.yearsMark
	}
	return l.dayMonth(d1, m1) + " " + strconv.Itoa(y1) + l.yearMark + " – " + l.dayMonth(d2, m2) + " " + strconv.Itoa(y2) + l.yearMark
}

// Partial returns a milestone date as precisely as it is known: "2007",
// "July 2007" or "12 July 2013" (Ukrainian "липень 2007 р.", "12 липня
// 2013 р."); "" for the zero Partial.
func (l *Locale) Partial(p dates.Partial) string {
	if l.german {
		return german.Partial(p)
	}
	if p.Year == 0 {
		return ""
	}
	y := strconv.Itoa(p.Year)
	switch p.Precision() {
	case dates.PrecisionDay:
		return l.dayMonth(p.Day, time.Month(p.Month)) + " " + y + l.yearMark
	case dates.PrecisionMonth:
		return l.Month(time.Month(p.Month)) + " " + y + l.yearMark
	}
	return y
}

// PartialRange returns a milestone period: Partial(a) if b is nil or
// equal to a, "2007–2013" for two years, "July 2007 – March 2013"
// otherwise (Ukrainian days in different years as "12 липня 2007 – 3
// березня 2013 рр.").
func (l *Locale) PartialRange(a dates.Partial, b *dates.Partial) string {
	if l.german {
		return german.PartialRange(a, b)
	}
	switch {
	case b == nil || *b == a:
		return l.Partial(a)
	case a.Precision() == dates.PrecisionYear && b.Precision() == dates.PrecisionYear:
		return l.Partial(a) + "–" + l.Partial(*b)
	case a.Precision() == dates.PrecisionDay && b.Precision() == dates.PrecisionDay && a.Year != b.Year:
		return l.acrossYears(a.Day, time.Month(a.Month), a.Year, b.Day, time.Month(b.Month), b.Year)
	}
	return l.Partial(a) + " – " + l.Partial(*b)
}

// Key returns the collation key of s in the language's order: ordering
// by bytes.Compare of the keys, then by strings.Compare of the strings,
// is the order of Compare. Sorting many strings by precomputed keys is
// much faster than calling Compare for every comparison.
func (l *Locale) Key(s string) []byte {
	if l.german {
		return german.Key(s)
	}
	var buf collate.Buffer
	c := l.collators.Get().(*collate.Collator)
	k := c.KeyFromString(&buf, s)
	l.collators.Put(c)
	return append([]byte(nil), k...)
}

// Compare returns -1, 0 or +1 as a sorts before, equal to or after b in
// the language's order; 0 only if a == b.
func (l *Locale) Compare(a, b string) int {
	if l.german {
		return german.Compare(a, b)
	}
	c := l.collators.Get().(*collate.Collator)
	r := c.CompareString(a, b)
	l.collators.Put(c)
	if r != 0 {
		return r
	}
	return strings.Compare(a, b)
}
