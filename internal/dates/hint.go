package dates

import (
	"fmt"
	"regexp"
	"strings"
)

// This file turns what editors write instead of ISO dates ("11.03.2027",
// "11. März 2027, 18 Uhr", "18:00–20:00") into the form to write. A
// suggestion is only ever made from numbers that were checked.

const genericHint = "bitte im Format 2027-03-11T18:00 angeben (oder 2027-03-11 für ganztägige Termine)"

var (
	looseISORe  = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	looseDERe   = regexp.MustCompile(`\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b`)
	looseNameRe = regexp.MustCompile(`(?i)\b(\d{1,2})\.?\s*(` + monthPattern + `)\.?\s*(\d{4})\b`)
	clockRe     = regexp.MustCompile(`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?`)
	uhrRe       = regexp.MustCompile(`(?i)\b(\d{1,2})\s*(?:uhr|h)\b`)
	bareHourRe  = regexp.MustCompile(`^[T\s,]*(\d{1,2})\s*$`)
	offsetRe    = regexp.MustCompile(`(?:(Z)|\+(\d{2}):?(\d{2}))$`)
	bisRe       = regexp.MustCompile(`(?i)\s+bis\s+`)
	dayOnlyRe   = regexp.MustCompile(`^(\d{1,2})\.?$`)
	dayMonthRe  = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.?$`)
)

// monthPattern matches German month names and their usual abbreviations,
// longest first.
const monthPattern = `januar|jänner|jan|februar|feb|märz|maerz|mär|mrz|april|apr|mai|juni|jun|juli|jul|august|aug|september|sept|sep|oktober|okt|november|nov|dezember|dez`

// monthNumber returns 1…12 for a German month name or abbreviation.
func monthNumber(name string) int {
	name = strings.ToLower(name)
	switch {
	case name == "mai":
		return 5
	case name == "jänner":
		return 1
	case strings.HasPrefix(name, "m"): // märz, maerz, mär, mrz
		return 3
	}
	for i, prefix := range []string{"jan", "feb", "", "apr", "", "jun", "jul", "aug", "sep", "okt", "nov", "dez"} {
		if prefix != "" && strings.HasPrefix(name, prefix) {
			return i + 1
		}
	}
	return 0
}

// loose is what could be read out of free text.
type loose struct {
	fields
	hasDate bool
	rest    string // the text without the date
}

// readLoose finds a date (ISO with short numbers, 11.03.2027, 11. März
// 2027), a time (18:00, 18.00, 18 Uhr, or a bare hour after the date) and
// an offset (+01:00, +0100, Z) in s. The numbers are not checked.
func readLoose(s string) loose {
	var l loose
	l.rest = s
	for _, re := range []*regexp.Regexp{looseISORe, looseDERe, looseNameRe} {
		m := re.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		part := func(i int) string { return s[m[2*i]:m[2*i+1]] }
		l.hasDate = true
		switch re {
		case looseISORe:
			l.year, l.month, l.day = atoi(part(1)), atoi(part(2)), atoi(part(3))
		case looseDERe:
			l.day, l.month, l.year = atoi(part(1)), atoi(part(2)), atoi(part(3))
			if len(part(3)) == 2 {
				l.year += 2000
			}
		default:
			l.day, l.month, l.year = atoi(part(1)), monthNumber(part(2)), atoi(part(3))
		}
		l.rest = s[:m[0]] + " " + s[m[1]:]
		break
	}
	if m := findClock(l.rest); m != nil {
		l.hasTime = true
		l.hour, l.min = atoi(m[1]), atoi(m[2])
		if m[3] != "" {
			l.sec = atoi(m[3])
		}
	} else if m := uhrRe.FindStringSubmatch(l.rest); m != nil {
		l.hasTime = true
		l.hour = atoi(m[1])
	} else if m := bareHourRe.FindStringSubmatch(l.rest); m != nil && l.hasDate {
		l.hasTime = true
		l.hour = atoi(m[1])
	}
	if m := offsetRe.FindStringSubmatch(strings.TrimSpace(s)); m != nil && l.hasDate && l.hasTime {
		l.hasOffset = true
		if m[1] == "" {
			l.offset = atoi(m[2])*3600 + atoi(m[3])*60
			if m[2] > "14" || m[3] > "59" || m[2] == "14" && m[3] != "00" {
				l.hasOffset, l.offset = false, 0
			}
		}
	}
	return l
}

// findClock returns the submatches of the first clockRe match in s that
// is not part of a date: "18.30" is a time, "30.03." is not.
func findClock(s string) []string {
	for _, m := range clockRe.FindAllStringSubmatchIndex(s, -1) {
		if s[m[3]] == '.' && m[1] < len(s) && s[m[1]] == '.' {
			continue
		}
		sub := make([]string, 4)
		for i := range sub {
			if m[2*i] >= 0 {
				sub[i] = s[m[2*i]:m[2*i+1]]
			}
		}
		return sub
	}
	return nil
}

// hint explains why s (which is not in a valid form) is wrong.
func hint(s string) string {
	if left, right, ok := splitRange(s); ok {
		return rangeHint(s, left, right)
	}
	l := readLoose(s)
	switch {
	case l.hasDate:
		if msg := l.check(); msg != "" {
			return fmt.Sprintf("%q: %s", s, msg)
		}
		if l.hasTime {
			return fmt.Sprintf("%q ist kein gültiges Datum – bitte im Format %s angeben", s, l.iso())
		}
		d := l.iso()
		return fmt.Sprintf("%q ist kein gültiges Datum – bitte im Format %sT18:00 angeben (oder %s für ganztägige Termine)", s, d, d)
	case l.hasTime:
		l.year, l.month, l.day = 2027, 3, 11
		if msg := l.check(); msg != "" {
			return fmt.Sprintf("%q: %s", s, msg)
		}
		return fmt.Sprintf("%q: das Datum fehlt – bitte Datum und Uhrzeit angeben, z. B. %s", s, l.iso())
	}
	return fmt.Sprintf("%q ist kein gültiges Datum – %s", s, genericHint)
}

// splitRange splits "A bis B", "A – B", "A - B" and "18-20 Uhr".
func splitRange(s string) (left, right string, ok bool) {
	cut := func(i, j int) (string, string, bool) {
		l, r := strings.TrimSpace(s[:i]), strings.TrimSpace(s[j:])
		return l, r, strings.ContainsAny(l, "0123456789") && strings.ContainsAny(r, "0123456789")
	}
	if m := bisRe.FindStringIndex(s); m != nil {
		return cut(m[0], m[1])
	}
	for _, sep := range []string{"–", "—", " - "} {
		if i := strings.Index(s, sep); i >= 0 {
			return cut(i, i+len(sep))
		}
	}
	from := 0
	if m := looseISORe.FindStringIndex(s); m != nil {
		from = m[1]
	}
	if i := strings.IndexByte(s[from:], '-'); i >= 0 {
		return cut(from+i, from+i+1)
	}
	return "", "", false
}

func rangeHint(s, left, right string) string {
	l, r := readLoose(left), readLoose(right)
	bare := func(x loose, text string) bool { return !x.hasDate && !x.hasTime && text != "" }
	switch {
	case bare(l, left) && r.hasDate:
		// "11.–12. März 2027", "11.03.–12.03.2027": the left side borrows
		// what it leaves out from the right.
		if m := dayOnlyRe.FindStringSubmatch(left); m != nil {
			l.fields, l.hasDate = fields{year: r.year, month: r.month, day: atoi(m[1])}, true
		} else if m := dayMonthRe.FindStringSubmatch(left); m != nil {
			l.fields, l.hasDate = fields{year: r.year, month: atoi(m[2]), day: atoi(m[1])}, true
		}
	case bare(l, left) && r.hasTime && !r.hasDate:
		// "18-20 Uhr"
		if m := dayOnlyRe.FindStringSubmatch(left); m != nil && !strings.HasSuffix(left, ".") {
			l.hasTime, l.hour = true, atoi(m[1])
		}
	}
	if l.hasDate && !r.hasDate && r.hasTime && l.hasTime {
		r.year, r.month, r.day, r.hasDate = l.year, l.month, l.day, true
	}
	if l.hasDate && r.hasDate && l.hasTime == r.hasTime && l.check() == "" && r.check() == "" {
		return fmt.Sprintf("%q enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (%s) und das Ende getrennt unter end: (%s)", s, l.iso(), r.iso())
	}
	if !l.hasDate && !r.hasDate && l.hasTime && r.hasTime {
		l.year, l.month, l.day = 2027, 3, 11
		r.year, r.month, r.day = 2027, 3, 11
		if l.check() == "" && r.check() == "" {
			return fmt.Sprintf("%q: hier fehlt das Datum, und Beginn und Ende gehören getrennt – z. B. start: %s und end: %s", s, l.iso(), r.iso())
		}
	}
	return fmt.Sprintf("%q enthält wohl Beginn und Ende – bitte hier nur den Beginn angeben (z. B. 2027-03-11T18:00) und das Ende getrennt unter end:", s)
}
