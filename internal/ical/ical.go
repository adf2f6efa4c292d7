// Package ical writes calendar files (RFC 5545, iCalendar) for events, so
// that visitors can add a single event or subscribe to a series in their
// calendar program. The files are written by hand: the format is small,
// and writing it directly keeps every byte under the project's control
// (the tests read the output back with a real iCalendar parser and
// compare it byte for byte with golden files).
//
// # The calendar
//
// [Write] writes one VCALENDAR with one VEVENT per event page, in the
// order given. Every line ends in CRLF. Content lines longer than 75
// octets are folded (CRLF followed by one space) and never inside a UTF-8
// character. The calendar's properties are
//
//	VERSION:2.0
//	PRODID:-//Stadt Bamberg//sitegen//DE
//	CALSCALE:GREGORIAN
//	METHOD:PUBLISH
//	X-WR-CALNAME:   Calendar.Name, or the site title when Name is empty
//	                (left out when both are empty)
//	X-WR-TIMEZONE:  the site's time zone (Config.Location), UTC without one
//
// followed by the VTIMEZONE (see below) and the events.
//
// # Times
//
// If the site's time zone is Europe/Berlin, times are written as wall
// clock times in that zone, DTSTART;TZID=Europe/Berlin:20270311T180000,
// and the calendar contains one VTIMEZONE for Europe/Berlin that states
// the EU rule (in force since 1996): summer time (CEST, +0200) from the
// last Sunday of March 02:00, standard time (CET, +0100) from the last
// Sunday of October 03:00. The VTIMEZONE is written once, right after the
// calendar's properties, whether or not an event refers to it (RFC 5545
// allows that, and so a calendar without events still has the one
// component the RFC requires). A time is written in this form only if reading
// it back by those rules gives the same instant; otherwise — the second
// 02:30 on the night the clocks go back (RFC 5545 reads an ambiguous
// wall clock as its first occurrence), or dates before 1996 or after a
// change of the rule, where the zone database and the stated rule
// differ — that one time is written in UTC (20271031T013000Z).
//
// For any other site time zone, times are written in UTC (...Z) and the
// calendar has no VTIMEZONE: a VTIMEZONE for an arbitrary zone would
// have to be derived from the zone database, and UTC is exact and
// understood by every calendar program. X-WR-TIMEZONE still names the
// site's zone, which programs use to show the times. (A calendar without
// events then has no component at all, which RFC 5545 strictly does not
// allow; calendar programs read it as an empty calendar.)
//
// Seconds are kept, fractions of a second are dropped. An event's DTSTAMP
// is when its page last changed (Calendar.Modified, the sitemap's
// lastmod), in UTC: the content's own time, so that a build with nothing
// changed writes the same bytes whenever it runs. Where that time is not
// known (Modified nil or giving the zero time) it is Calendar.Stamp, the
// build's "now"; a zero Stamp is an error.
//
// A timed event with an end later than its start has DTEND; without an
// end (or with an end equal to the start, which RFC 5545 does not allow
// as DTEND) it has only DTSTART, which RFC 5545 reads as an event that
// ends when it starts. No DURATION is written.
//
// An all-day event has DTSTART;VALUE=DATE:20270311 and always an
// exclusive DTEND;VALUE=DATE: the day after its last day. All-day days
// are taken as written, whatever the time zone.
//
// # Event properties
//
//	UID          the page's URL path on the server with "/" made "-",
//	             @ the host of the base URL without port:
//	             termine-runder-tisch-maerz-2027@www.stadt.bamberg.de
//	             (for a site under https://example.org/integration/ the
//	             path includes "integration-"). Stable: the same page gives
//	             the same UID in every build. Two events with the same UID
//	             are an error.
//	DTSTAMP      see Times
//	DTSTART      see Times
//	DTEND        see Times
//	SUMMARY      the page title; a cancelled or postponed event gets the
//	             mark in brackets, "Runder Tisch (abgesagt)",
//	             "Runder Tisch (verschoben)" (see below)
//	DESCRIPTION  paragraphs separated by a blank line: the event's summary
//	             (or, without one, the page's description); "Online: URL"
//	             when the event has both a place and an online address;
//	             "Anmeldung: " and the registration text. Left out when
//	             all are empty.
//
// The words are the interface strings (package i18n) of the page's
// language: an English event page's calendar says "(cancelled)" and
// "Registration: ". On a site with several languages, SUMMARY and
// DESCRIPTION say their language: SUMMARY;LANGUAGE=en:….
//
//	LOCATION     name and address of the place joined with ", "; for an
//	             event that is only online, its online address. Left out
//	             without location. The place's website is not written.
//	URL          the absolute URL of the event page
//	ORGANIZER    ORGANIZER;CN="Title of the actor page":mailto:email, when
//	             the organizer actor has a contact email. RFC 5545 requires
//	             a cal-address (a mailto: URI) as the value, so an organizer
//	             without email is left out. The CN is encoded as RFC 6868
//	             says (^^ for ^, ^' for ", ^n for a line break).
//	STATUS       scheduled → CONFIRMED, cancelled → CANCELLED,
//	             postponed → TENTATIVE (the nearest of the three states
//	             RFC 5545 has: the date given is not certain)
//
// STATUS is what calendar programs are meant to act on, but several show
// a subscribed event whatever its STATUS, just as if it took place (and
// some hide cancelled ones entirely). Like the site's own listings, which
// keep cancelled and postponed events so that nobody comes to a meeting
// that will not take place, SUMMARY therefore also says it in words.
//
// # Text
//
// TEXT values (SUMMARY, DESCRIPTION, LOCATION, UID, X-WR-CALNAME) are
// escaped as RFC 5545 3.3.11 says: \ as \\, ; as \;, , as \, and a line
// break (LF, CRLF or CR) as \n. Other control characters, which TEXT
// cannot hold, are dropped; invalid UTF-8 becomes U+FFFD.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/model"
)

// Calendar is what [Write] writes.
type Calendar struct {
	Name   string        // X-WR-CALNAME, e.g. "Runder Tisch Integration"
	Events []*model.Page // pages with .Event != nil, written in this order
	Site   model.Config  // for AbsURL (URL:, UID domain) and Location (the site's time zone)
	Stamp  time.Time     // DTSTAMP of an event whose time Modified does not know: the build's "now"
	// Modified, when not nil, returns when an event's page last changed
	// (its DTSTAMP), or the zero time if that is unknown.
	Modified func(*model.Page) time.Time
}

// berlin is the one zone written with TZID and a VTIMEZONE.
const berlin = "Europe/Berlin"

// vtimezoneBerlin is the VTIMEZONE for Europe/Berlin (EU rule since 1996).
var vtimezoneBerlin = []string{
	"BEGIN:VTIMEZONE",
	"TZID:" + berlin,
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"END:VTIMEZONE",
}

const (
	dateTimeLayout = "20060102T150405"
	dateLayout     = "20060102"
)

// Write writes cal as an iCalendar file to w. It writes nothing when cal
// is not valid: a zero Stamp, a page without Event or without a start,
// or two pages with the same UID.
func Write(w io.Writer, cal Calendar) error {
	if cal.Stamp.IsZero() {
		return errors.New("ical: Calendar.Stamp is zero")
	}
	zone := "UTC"
	if cal.Site.Location != nil {
		zone = cal.Site.Location.String()
	}
	enc := encoder{local: zone == berlin, loc: cal.Site.Location}
	host := uidHost(cal.Site.BaseURL)
	stampOf := func(p *model.Page) string {
		t := cal.Stamp
		if cal.Modified != nil {
			if m := cal.Modified(p); !m.IsZero() {
				t = m
			}
		}
		return t.UTC().Format(dateTimeLayout) + "Z"
	}

	var events bytes.Buffer
	seen := map[string]string{}
	for _, p := range cal.Events {
		if p == nil || p.Event == nil {
			return errors.New("ical: a page in Calendar.Events is not an event")
		}
		e := p.Event
		if e.Span.Start.IsZero() {
			return fmt.Errorf("ical: event %s has no start", p.URL)
		}
		uid := uidPath(cal.Site.RelURL(p.URL)) + "@" + host
		if other, ok := seen[uid]; ok {
			return fmt.Errorf("ical: events %s and %s have the same UID %s", other, p.URL, uid)
		}
		seen[uid] = p.URL

		line := func(s string) { writeLine(&events, s) }
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(uid))
		line("DTSTAMP:" + stampOf(p))
		s := e.Span
		if s.AllDay {
			line("DTSTART;VALUE=DATE:" + s.Start.Format(dateLayout))
			y, m, d := s.End.Date()
			line("DTEND;VALUE=DATE:" + time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Format(dateLayout))
		} else {
			line("DTSTART" + enc.dateTime(s.Start))
			if s.HasEnd && s.End.Truncate(time.Second).After(s.Start.Truncate(time.Second)) {
				line("DTEND" + enc.dateTime(s.End))
			}
		}
		summary := p.Title
		if mark := statusMark(p); mark != "" {
			summary += " (" + mark + ")"
		}
		lang := ""
		if len(p.Translations) > 1 { // a site in several languages says which
			lang = ";LANGUAGE=" + p.TextLang()
		}
		line("SUMMARY" + lang + ":" + escapeText(summary))
		if d := description(p); d != "" {
			line("DESCRIPTION" + lang + ":" + escapeText(d))
		}
		if l := location(e.Location); l != "" {
			line("LOCATION:" + escapeText(l))
		}
		line("URL:" + cal.Site.AbsURL(p.URL))
		if o := e.Organizer; o != nil && o.Actor != nil && o.Actor.Contact.Email != "" {
			line(`ORGANIZER;CN="` + paramText(o.Title) + `":mailto:` + o.Actor.Contact.Email)
		}
		line("STATUS:" + status(e.Status))
		line("END:VEVENT")
	}

	var b bytes.Buffer
	line := func(s string) { writeLine(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Stadt Bamberg//sitegen//DE")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	name := cal.Name
	if name == "" {
		name = cal.Site.Title
	}
	if name != "" {
		line("X-WR-CALNAME:" + escapeText(name))
	}
	line("X-WR-TIMEZONE:" + escapeText(zone))
	if enc.local {
		for _, s := range vtimezoneBerlin {
			line(s)
		}
	}
	b.Write(events.Bytes())
	line("END:VCALENDAR")
	_, err := w.Write(b.Bytes())
	return err
}

// encoder writes DATE-TIME values.
type encoder struct {
	local bool           // write Europe/Berlin wall clock with TZID
	loc   *time.Location // the site's zone (Europe/Berlin when local)
}

// dateTime returns the parameters and value of a DATE-TIME property for
// t, starting with ";" or ":".
func (enc encoder) dateTime(t time.Time) string {
	t = t.Truncate(time.Second)
	if enc.local {
		wall := t.In(enc.loc)
		if euRuleInstant(wall).Equal(t) {
			return ";TZID=" + berlin + ":" + wall.Format(dateTimeLayout)
		}
	}
	return ":" + t.UTC().Format(dateTimeLayout) + "Z"
}

// euRuleInstant reads the wall clock of t (its date and time of day,
// whatever its location) as the VTIMEZONE for Europe/Berlin does: +0200
// from the last Sunday of March 02:00 until the last Sunday of October
// 03:00 (exclusive), +0100 otherwise. A wall clock that occurs twice is
// its first occurrence (RFC 5545 3.3.5); one in the gap in March is read
// with the offset before the gap.
func euRuleInstant(t time.Time) time.Time {
	y, m, d := t.Date()
	wall := time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	start := lastSunday(y, time.March).Add(2 * time.Hour)
	end := lastSunday(y, time.October).Add(3 * time.Hour)
	offset := time.Hour
	if !wall.Before(start.Add(time.Hour)) && wall.Before(end) {
		offset = 2 * time.Hour
	}
	return wall.Add(-offset)
}

// lastSunday returns midnight UTC of the last Sunday of month in year.
func lastSunday(year int, month time.Month) time.Time {
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}

// status maps the model's status to STATUS.
func status(s string) string {
	switch s {
	case "cancelled":
		return "CANCELLED"
	case "postponed":
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// description returns the DESCRIPTION text of an event page.
func description(p *model.Page) string {
	e := p.Event
	var parts []string
	if e.Summary != "" {
		parts = append(parts, e.Summary)
	} else if p.Description != "" {
		parts = append(parts, p.Description)
	}
	if l := e.Location; l != nil && l.Online != "" && (l.Name != "" || l.Address != "") {
		parts = append(parts, text(p, "event_online")+": "+l.Online)
	}
	if e.Registration != "" {
		parts = append(parts, text(p, "event_registration")+": "+e.Registration)
	}
	return strings.Join(parts, "\n\n")
}

// text returns the interface string key in the language of the page's
// site ("Anmeldung" in German).
func text(p *model.Page, key string) string {
	if p.Site != nil {
		return p.Site.T(key)
	}
	return i18n.Builtin(key)
}

// statusMark returns the word for a cancelled or postponed event in the
// page's language, "" for a scheduled one.
func statusMark(p *model.Page) string {
	switch p.Event.Status {
	case "cancelled", "postponed":
		return text(p, "status_"+p.Event.Status)
	}
	return ""
}

// location returns the LOCATION text.
func location(l *model.Location) string {
	if l == nil {
		return ""
	}
	var parts []string
	for _, s := range []string{l.Name, l.Address} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return l.Online
	}
	return strings.Join(parts, ", ")
}

// uidPath turns a server path into the local part of a UID:
// "/termine/runder-tisch/" → "termine-runder-tisch".
func uidPath(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return "index"
	}
	return strings.ReplaceAll(p, "/", "-")
}

// uidHost returns the host of the base URL without port, or
// "sitegen.invalid" when it has none.
func uidHost(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "sitegen.invalid"
}

// textEscaper escapes TEXT after line breaks are made "\n".
var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`)

// escapeText returns s as an RFC 5545 TEXT value.
func escapeText(s string) string {
	return textEscaper.Replace(cleanText(s))
}

// cleanText returns s as TEXT can hold it: valid UTF-8, every line break
// (CRLF, CR, LF) an LF, and no control characters other than tab and LF.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r >= 0x20 && r != 0x7f {
			return r
		}
		return -1
	}, s)
}

// paramEscaper encodes a quoted parameter value as RFC 6868 says.
var paramEscaper = strings.NewReplacer("^", "^^", `"`, "^'", "\n", "^n")

// paramText returns s for a quoted parameter value: ^ as ^^, " as ^', a
// line break as ^n (RFC 6868); other control characters but tab are
// dropped.
func paramText(s string) string {
	return paramEscaper.Replace(cleanText(s))
}

// maxLine is the longest a line may be, in octets without CRLF.
const maxLine = 75

// writeLine writes the content line s, folded, with CRLF.
func writeLine(b *bytes.Buffer, s string) {
	b.WriteString(fold(s))
	b.WriteString("\r\n")
}

// fold folds the content line s (RFC 5545 3.1): lines of at most 75
// octets, each continuation line starting with a space, broken only
// between UTF-8 characters. The result has no final CRLF.
func fold(s string) string {
	if len(s) <= maxLine {
		return s
	}
	var b strings.Builder
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // no character starts here: invalid UTF-8
			cut = limit
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	b.WriteString(s)
	return b.String()
}
