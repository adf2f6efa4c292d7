// Package german is the one place for German formatting and sorting:
// dates, times, numbers and the order of titles.
//
// # Sorting
//
// [Compare] orders strings as a German dictionary does (DIN 5007-1, via
// the Unicode Collation Algorithm and CLDR's rules for German): letters first
// without regard to umlauts or case, so "Ärztekammer" sorts among the
// A's and "ökumenisch" among the O's; ß sorts as ss. Only between words
// that are otherwise equal do umlauts (a before ä) and then case (lower
// before upper) decide. Strings the collation finds equal are ordered by
// their bytes, so Compare(a, b) == 0 only if a == b. Compare is safe for
// concurrent use.
//
// # Dates and times
//
// Every function formats a time.Time in its own location; callers convert
// with t.In(loc) first. Formats follow DIN 5008:
//
//	Date         Donnerstag, 11. März 2027
//	ShortDate    11. März 2027
//	NumericDate  11.03.2027
//	Clock        18:00
//
// [Span] writes when an event takes place, converting to the site's zone:
//
//	timed, one day        Donnerstag, 11. März 2027, 18:00–20:30 Uhr
//	timed, no end         Donnerstag, 11. März 2027, 18:00 Uhr
//	timed, to midnight    Donnerstag, 11. März 2027, 20:00–24:00 Uhr
//	timed, several days   Donnerstag, 11. März 2027, 18:00 Uhr – Freitag, 12. März 2027, 14:00 Uhr
//	all day, one day      Donnerstag, 11. März 2027, ganztägig
//	all day, one month    11.–12. März 2027
//	all day, one year     30. März – 2. April 2027
//	all day, otherwise    30. Dezember 2027 – 2. Januar 2028
//
// Milestone dates ([Partial], [PartialRange]) are written as precisely as
// they are known: 2007, Juli 2007, 12. Juli 2013; ranges of years as
// 2007–2013 and others as Juli 2007 – März 2013.
//
// Ranges use the en dash "–": without spaces between two numbers or
// times, with spaces between longer parts.
//
// # Numbers
//
// [Number] groups thousands with a dot (10.000, also 1.234); [Decimal]
// writes a decimal comma (3,5).
package german

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A collate.Collator keeps buffers and must not be shared between
// goroutines; each call borrows one.
var collators = sync.Pool{New: func() any { return collate.New(language.German) }}

// Compare returns -1, 0 or +1 as a sorts before, equal to or after b in
// German order (see the package documentation).
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	r := c.CompareString(a, b)
	collators.Put(c)
	if r != 0 {
		return r
	}
	return strings.Compare(a, b)
}

// Key returns the collation key of s: ordering by bytes.Compare of the
// keys, then by strings.Compare of the strings, is the order of Compare.
// Sorting many strings by precomputed keys is much faster than calling
// Compare for every comparison.
func Key(s string) []byte {
	var buf collate.Buffer
	c := collators.Get().(*collate.Collator)
	k := c.KeyFromString(&buf, s)
	collators.Put(c)
	return append([]byte(nil), k...)
}

var months = [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

var weekdays = [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// Month returns the German name of m ("März"); for a number outside 1…12
// the number itself.
func Month(m time.Month) string {
	if m < 1 || m > 12 {
		return strconv.Itoa(int(m))
	}
	return months[m-1]
}

// Weekday returns the German name of d ("Donnerstag"); for a number
// outside 0…6 the number itself.
func Weekday(d time.Weekday) string {
	if d < 0 || d > 6 {
		return strconv.Itoa(int(d))
	}
	return weekdays[d]
}

// Date returns "Donnerstag, 11. März 2027".
func Date(t time.Time) string {
	return Weekday(t.Weekday()) + ", " + ShortDate(t)
}

// ShortDate returns "11. März 2027".
func ShortDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + ". " + Month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// NumericDate returns "11.03.2027".
func NumericDate(t time.Time) string {
	return t.Format("02.01.2006")
}

// Clock returns "18:00" (seconds are left out).
func Clock(t time.Time) string {
	return t.Format("15:04")
}

// Number returns n with a dot between groups of thousands: "10.000",
// "-1.234", "0".
func Number(n int) string {
	return group(strconv.FormatInt(int64(n), 10))
}

// group inserts dots into a string of digits with an optional minus sign.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteByte('.')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Count writes n with the word that follows it, singular for one:
// Count(1, "Fehler", "Fehler") is "1 Fehler", Count(3980, "Datei",
// "Dateien") is "3.980 Dateien".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Number(n) + " " + many
}

// Decimal returns f with prec digits after a decimal comma and grouped
// thousands: Decimal(3.5, 1) is "3,5", Decimal(1234.5, 2) is "1.234,50".
// A negative prec uses as many digits as needed. A result that rounds to
// zero has no minus sign. Infinities and NaN are "∞", "-∞" and "NaN".
func Decimal(f float64, prec int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "∞"
	case math.IsInf(f, -1):
		return "-∞"
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	s = group(whole)
	if hasFrac {
		s += "," + frac
	}
	return s
}

// Partial returns a milestone date as precisely as it is known: "2007",
// "Juli 2007" or "12. Juli 2013"; "" for the zero Partial.
func Partial(p dates.Partial) string {
	if p.Year == 0 {
		return ""
	}
	y := strconv.Itoa(p.Year)
	switch p.Precision() {
	case dates.PrecisionDay:
		return strconv.Itoa(p.Day) + ". " + Month(time.Month(p.Month)) + " " + y
	case dates.PrecisionMonth:
		return Month(time.Month(p.Month)) + " " + y
	}
	return y
}

// PartialRange returns a milestone period: Partial(a) if b is nil or
// equal to a, "2007–2013" for two years, "Juli 2007 – März 2013"
// otherwise.
func PartialRange(a dates.Partial, b *dates.Partial) string {
	switch {
	case b == nil || *b == a:
		return Partial(a)
	case a.Precision() == dates.PrecisionYear && b.Precision() == dates.PrecisionYear:
		return Partial(a) + "–" + Partial(*b)
	}
	return Partial(a) + " – " + Partial(*b)
}

// Span returns when an event takes place, in loc (see the package
// documentation). All-day days are written as they were given.
func Span(s dates.Span, loc *time.Location) string {
	if s.AllDay {
		first, last := s.Start, s.End
		switch {
		case s.SameDay(loc):
			return Date(first) + ", ganztägig"
		case first.Year() != last.Year():
			return ShortDate(first) + " – " + ShortDate(last)
		case first.Month() != last.Month():
			return strconv.Itoa(first.Day()) + ". " + Month(first.Month()) + " – " + ShortDate(last)
		}
		return strconv.Itoa(first.Day()) + ".–" + ShortDate(last)
	}
	start, end := s.Start.In(loc), s.End.In(loc)
	switch {
	case !s.HasEnd || end.Equal(start):
		return Date(start) + ", " + Clock(start) + " Uhr"
	case s.SameDay(loc):
		to := Clock(end)
		if end.Day() != start.Day() {
			to = "24:00" // ends at the midnight that closes the day
		}
		return Date(start) + ", " + Clock(start) + "–" + to + " Uhr"
	}
	return Date(start) + ", " + Clock(start) + " Uhr – " + Date(end) + ", " + Clock(end) + " Uhr"
}

// TelURI returns the tel: URI of a German phone number as editors write
// it: "0951 87-1234" → "tel:+49951871234", "+49 951 87-1234" likewise,
// "00 90 212 1234567" → "tel:+902121234567". Everything but digits and a
// leading + is dropped.
func TelURI(phone string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	n := b.String()
	switch {
	case strings.HasPrefix(n, "+"):
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case strings.HasPrefix(n, "0"):
		n = "+49" + n[1:]
	}
	return "tel:" + n
}
