package ical

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// stamp is the build's "now" in the tests.
var stamp = time.Date(2027, 3, 1, 9, 30, 0, 0, time.UTC)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := dates.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func site(t testing.TB, zone string) model.Config {
	return model.Config{
		Title:    "Integration in Bamberg",
		Language: "de",
		TimeZone: zone,
		Location: mustLoad(t, zone),
		BaseURL:  "https://www.stadt.bamberg.de/",
	}
}

// want is what an event must read back as.
type want struct {
	summary, description, location, organizer string
}

// testEvent is an event page with what it must read back as.
type testEvent struct {
	page *model.Page
	want want
}

func timed(start, end time.Time) dates.Span {
	return dates.Span{Start: start, End: end, HasEnd: true}
}

func noEnd(start time.Time) dates.Span {
	return dates.Span{Start: start, End: start}
}

func allDay(loc *time.Location, y int, m time.Month, d int, y2 int, m2 time.Month, d2 int, hasEnd bool) dates.Span {
	return dates.Span{
		Start:  time.Date(y, m, d, 0, 0, 0, 0, loc),
		End:    time.Date(y2, m2, d2, 0, 0, 0, 0, loc),
		AllDay: true,
		HasEnd: hasEnd,
	}
}

// testEvents returns the events of the golden calendar, with the site's
// zone loc used for wall clock times (as package model resolves them).
func testEvents(t testing.TB, loc *time.Location) []testEvent {
	berlin := mustLoad(t, "Europe/Berlin")
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, berlin) }
	beirat := &model.Page{
		Title: "Migrantinnen- und Migrantenbeirat",
		URL:   "/akteure/beirat/",
		Actor: &model.Actor{Contact: model.Contact{Email: "beirat@stadt.bamberg.de", Phone: "0951 87-1234"}},
	}
	caritas := &model.Page{
		Title: "Caritas Migrationsberatung",
		URL:   "/akteure/caritas/",
		Actor: &model.Actor{Contact: model.Contact{Phone: "0951 2999-0"}},
	}
	ev := func(url, title string, span dates.Span, e model.Event) *model.Page {
		e.Span = span
		e.Until = span.Until(loc)
		if e.Status == "" {
			e.Status = "scheduled"
		}
		return &model.Page{Title: title, URL: url, Type: model.TypeEvent, Event: &e}
	}
	// The long texts are made so that "ü" and "🎉" lie across fold points.
	longTitle := "Infoabend „Ankommen in Bamberg“: Wohnen, Arbeit; Schule – Fragen & Antworten für Neuzugewanderte sowie Ehrenamtliche und Vereine 🎉"
	longSummary := "Die Stadt, das Jobcenter und die Volkshochschule informieren über Wohnungssuche, Anerkennung ausländischer Berufsabschlüsse, Integrationskurse; außerdem gibt es Beratung zu Kita- und Schulplätzen.\nDolmetscherinnen für Arabisch, Türkisch, Ukrainisch und Dari sind vor Ort.\nFormulare liegen im Ordner \\Formulare bereit."
	return []testEvent{
		{
			page: ev("/termine/runder-tisch-maerz-2027/", "Runder Tisch Integration", timed(at(2027, 3, 11, 18, 0), at(2027, 3, 11, 20, 0)), model.Event{
				Series:   "runder-tisch",
				Location: &model.Location{Name: "Rathaus, Spiegelsaal", Address: "Maximiliansplatz 3, 96047 Bamberg", URL: "https://www.stadt.bamberg.de/rathaus/"},
				Summary:  "Austausch der Träger und Initiativen zur Integration in Bamberg.",
			}),
			want: want{
				summary:     "Runder Tisch Integration",
				description: "Austausch der Träger und Initiativen zur Integration in Bamberg.",
				location:    "Rathaus, Spiegelsaal, Maximiliansplatz 3, 96047 Bamberg",
			},
		},
		{
			page: func() *model.Page {
				p := ev("/termine/sprechstunde-april-2027/", "Offene Sprechstunde Migrationsberatung", noEnd(at(2027, 4, 7, 10, 0)), model.Event{
					Location:  &model.Location{Name: "Caritas-Zentrum"},
					Organizer: caritas,
				})
				p.Description = "Beratung ohne Termin."
				return p
			}(),
			want: want{
				summary:     "Offene Sprechstunde Migrationsberatung",
				description: "Beratung ohne Termin.",
				location:    "Caritas-Zentrum",
			},
		},
		{
			page: ev("/termine/fest-der-kulturen-2027/", "Fest der Kulturen", allDay(loc, 2027, 6, 19, 2027, 6, 19, false), model.Event{
				Location: &model.Location{Address: "Maxplatz, 96047 Bamberg"},
			}),
			want: want{summary: "Fest der Kulturen", location: "Maxplatz, 96047 Bamberg"},
		},
		{
			// The clocks go forward on Sunday, 28 March 2027.
			page: ev("/termine/interkulturelle-tage-2027/", "Interkulturelle Tage", allDay(loc, 2027, 3, 26, 2027, 3, 29, true), model.Event{
				Registration: "nicht nötig",
			}),
			want: want{summary: "Interkulturelle Tage", description: "Anmeldung: nicht nötig"},
		},
		{
			page: ev("/termine/fachforum-mai-2027/", "Fachforum Integration", timed(at(2027, 5, 12, 17, 0), at(2027, 5, 12, 19, 0)), model.Event{
				Status:   "cancelled",
				Location: &model.Location{Name: "Volkshochschule", Address: "Altes E-Werk, Tränkgasse 4, 96052 Bamberg"},
				Summary:  "Thema: Sprache & Arbeit.",
			}),
			want: want{
				summary:     "Fachforum Integration (abgesagt)",
				description: "Thema: Sprache & Arbeit.",
				location:    "Volkshochschule, Altes E-Werk, Tränkgasse 4, 96052 Bamberg",
			},
		},
		{
			page: ev("/termine/infoabend-ankommen-oktober-2027/", longTitle, timed(at(2027, 10, 14, 18, 30), at(2027, 10, 14, 21, 0)), model.Event{
				Location:     &model.Location{Name: "Kulturraum „Ökumenisches Zentrum“; Saal 1", Address: "Schützenstraße 1, 96047 Bamberg"},
				Summary:      longSummary,
				Registration: "bis 1. Oktober per E-Mail an integration@stadt.bamberg.de;\r\nTeilnahme kostenlos, Plätze begrenzt.",
			}),
			want: want{
				summary:     longTitle,
				description: longSummary + "\n\nAnmeldung: bis 1. Oktober per E-Mail an integration@stadt.bamberg.de;\nTeilnahme kostenlos, Plätze begrenzt.",
				location:    "Kulturraum „Ökumenisches Zentrum“; Saal 1, Schützenstraße 1, 96047 Bamberg",
			},
		},
		{
			// After the clocks went back on 31 October 2027.
			page: ev("/termine/online-sprechstunde-november-2027/", "Online-Sprechstunde Einbürgerung", timed(at(2027, 11, 3, 16, 0), at(2027, 11, 3, 17, 0)), model.Event{
				Location: &model.Location{Online: "https://meet.stadt.bamberg.de/integration?raum=1,2"},
			}),
			want: want{
				summary:  "Online-Sprechstunde Einbürgerung",
				location: "https://meet.stadt.bamberg.de/integration?raum=1,2",
			},
		},
		{
			page: ev("/termine/beiratssitzung-dezember-2027/", "Sitzung des Migrantinnen- und Migrantenbeirats", timed(at(2027, 12, 1, 19, 0), at(2027, 12, 1, 21, 30)), model.Event{
				Location:  &model.Location{Name: "Rathaus", Address: "Maximiliansplatz 3, 96047 Bamberg", Online: "https://meet.stadt.bamberg.de/beirat"},
				Organizer: beirat,
			}),
			want: want{
				summary:     "Sitzung des Migrantinnen- und Migrantenbeirats",
				description: "Online: https://meet.stadt.bamberg.de/beirat",
				location:    "Rathaus, Maximiliansplatz 3, 96047 Bamberg",
				organizer:   "mailto:beirat@stadt.bamberg.de",
			},
		},
		{
			// Written with an offset: 15:00+02:00 is 15:00 in Bamberg.
			page: ev("/termine/sprachcafe-august-2027/", "Sprachcafé", timed(
				time.Date(2027, 8, 5, 15, 0, 0, 0, time.FixedZone("", 2*3600)),
				time.Date(2027, 8, 5, 17, 0, 0, 0, time.FixedZone("", 2*3600))), model.Event{
				Status: "postponed",
			}),
			want: want{summary: "Sprachcafé (verschoben)"},
		},
		{
			// 02:30 after the clocks went back: occurs twice, so UTC.
			page: ev("/termine/nachtwanderung-2027/", "Nachtwanderung zur Zeitumstellung", timed(
				time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC),
				time.Date(2027, 10, 31, 3, 0, 0, 0, time.UTC)), model.Event{}),
			want: want{summary: "Nachtwanderung zur Zeitumstellung"},
		},
	}
}

func pages(evs []testEvent) []*model.Page {
	out := make([]*model.Page, len(evs))
	for i, e := range evs {
		out[i] = e.page
	}
	return out
}

// goldenCase is a calendar with a golden file.
type goldenCase struct {
	name   string
	cal    Calendar
	events []testEvent
}

func goldenCases(t testing.TB) []goldenCase {
	var cases []goldenCase
	for _, c := range []struct{ name, zone string }{
		{"berlin", "Europe/Berlin"},
		{"london", "Europe/London"}, // not Europe/Berlin: UTC, no VTIMEZONE
	} {
		s := site(t, c.zone)
		evs := testEvents(t, s.Location)
		cases = append(cases, goldenCase{
			name:   c.name,
			cal:    Calendar{Name: "Termine Integration", Events: pages(evs), Site: s, Stamp: stamp},
			events: evs,
		})
	}
	s := site(t, "Europe/Berlin")
	cases = append(cases, goldenCase{name: "empty", cal: Calendar{Events: nil, Site: s, Stamp: stamp}})
	return cases
}

func write(t testing.TB, cal Calendar) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, cal); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := write(t, c.cal)
			file := filepath.Join("testdata", c.name+".ics")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			golden, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, golden) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", file, diffLines(string(golden), string(got)))
			}
			if again := write(t, c.cal); !bytes.Equal(again, got) {
				t.Error("two writes of the same calendar differ")
			}
		})
	}
}

// diffLines returns the first differing line.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\r\n"), strings.Split(got, "\r\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n want %q\n  got %q", i+1, a, b)
		}
	}
	return "(line endings differ)"
}

// TestGoldenLines checks every golden file line by line: CRLF endings,
// at most 75 octets, valid UTF-8 that no fold splits, no controls.
func TestGoldenLines(t *testing.T) {
	for _, c := range goldenCases(t) {
		data, err := os.ReadFile(filepath.Join("testdata", c.name+".ics"))
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, c.name, data)
		if !bytes.Equal(data, write(t, c.cal)) {
			t.Errorf("%s: golden file is stale", c.name)
		}
	}
}

func checkLines(t *testing.T, name string, data []byte) {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		t.Errorf("%s: does not end in CRLF", name)
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("%s:%d: bare CR or LF in %q", name, i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("%s:%d: %d octets: %q", name, i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("%s:%d: not valid UTF-8 on its own: %q", name, i+1, l)
		}
		if l == "" {
			t.Errorf("%s:%d: empty line", name, i+1)
		}
		for _, r := range l {
			if r < 0x20 && r != '\t' || r == 0x7f {
				t.Errorf("%s:%d: control character %U", name, i+1, r)
			}
		}
	}
}

// TestParse reads every golden file with golang-ical and checks each
// event against the model.
func TestParse(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", c.name+".ics"))
			if err != nil {
				t.Fatal(err)
			}
			cal, err := ics.ParseCalendar(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			props := map[string]string{}
			for _, p := range cal.CalendarProperties {
				props[p.IANAToken] = p.Value
			}
			for k, v := range map[string]string{
				"VERSION":       "2.0",
				"PRODID":        "-//Stadt Bamberg//sitegen//DE",
				"CALSCALE":      "GREGORIAN",
				"METHOD":        "PUBLISH",
				"X-WR-TIMEZONE": c.cal.Site.Location.String(),
			} {
				if props[k] != v {
					t.Errorf("%s = %q, want %q", k, props[k], v)
				}
			}
			wantName := c.cal.Name
			if wantName == "" {
				wantName = c.cal.Site.Title
			}
			if props["X-WR-CALNAME"] != wantName {
				t.Errorf("X-WR-CALNAME = %q, want %q", props["X-WR-CALNAME"], wantName)
			}

			zones := cal.Timezones()
			berlin := c.cal.Site.Location.String() == "Europe/Berlin"
			if want := map[bool]int{true: 1, false: 0}[berlin]; len(zones) != want {
				t.Errorf("%d VTIMEZONE, want %d", len(zones), want)
			}
			if usesTZID := bytes.Contains(data, []byte(";TZID=")); usesTZID != (berlin && len(c.events) > 0) {
				t.Errorf("TZID used: %v", usesTZID)
			}

			events := cal.Events()
			if len(events) != len(c.events) {
				t.Fatalf("%d events, want %d", len(events), len(c.events))
			}
			uids := map[string]bool{}
			for i, ve := range events {
				checkEvent(t, c.cal, ve, c.events[i], uids)
			}
		})
	}
}

func prop(ve *ics.VEvent, p ics.ComponentProperty) string {
	if ip := ve.GetProperty(p); ip != nil {
		return ip.Value
	}
	return ""
}

func checkEvent(t *testing.T, cal Calendar, ve *ics.VEvent, te testEvent, uids map[string]bool) {
	t.Helper()
	p, e := te.page, te.page.Event
	loc := cal.Site.Location
	uid := prop(ve, ics.ComponentPropertyUniqueId)
	if want := strings.ReplaceAll(strings.Trim(p.URL, "/"), "/", "-") + "@www.stadt.bamberg.de"; uid != want {
		t.Errorf("UID = %q, want %q", uid, want)
	}
	if uids[uid] {
		t.Errorf("UID %q twice", uid)
	}
	uids[uid] = true
	if got, err := ve.GetDtStampTime(); err != nil || !got.Equal(stamp) {
		t.Errorf("%s: DTSTAMP = %v, %v; want %v", uid, got, err, stamp)
	}

	start := ve.GetProperty(ics.ComponentPropertyDtStart)
	end := ve.GetProperty(ics.ComponentPropertyDtEnd)
	if start == nil {
		t.Fatalf("%s: no DTSTART", uid)
	}
	if e.Span.AllDay {
		if v := start.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" {
			t.Errorf("%s: DTSTART without VALUE=DATE", uid)
		}
		if end == nil {
			t.Fatalf("%s: all-day event without DTEND", uid)
		}
		if v := end.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" {
			t.Errorf("%s: DTEND without VALUE=DATE", uid)
		}
		first, err := ve.GetAllDayStartAt()
		if err != nil {
			t.Fatal(err)
		}
		after, err := ve.GetAllDayEndAt()
		if err != nil {
			t.Fatal(err)
		}
		// The dates as instants in the site's zone, in UTC.
		startUTC := inZone(first, loc).UTC()
		endUTC := inZone(after, loc).UTC()
		if !startUTC.Equal(e.Span.Start.UTC()) {
			t.Errorf("%s: DTSTART %v, want %v", uid, startUTC, e.Span.Start.UTC())
		}
		if !endUTC.Equal(e.Span.Until(loc).UTC()) {
			t.Errorf("%s: DTEND %v, want %v (exclusive)", uid, endUTC, e.Span.Until(loc).UTC())
		}
	} else {
		got, err := ve.GetStartAt()
		if err != nil {
			t.Fatal(err)
		}
		if !got.UTC().Equal(e.Span.Start.UTC()) {
			t.Errorf("%s: DTSTART %v, want %v", uid, got.UTC(), e.Span.Start.UTC())
		}
		if e.Span.HasEnd && e.Span.End.After(e.Span.Start) {
			got, err := ve.GetEndAt()
			if err != nil {
				t.Fatalf("%s: %v", uid, err)
			}
			if !got.UTC().Equal(e.Span.End.UTC()) {
				t.Errorf("%s: DTEND %v, want %v", uid, got.UTC(), e.Span.End.UTC())
			}
		} else if end != nil {
			t.Errorf("%s: DTEND %s for an event without end", uid, end.Value)
		}
		// A TZID value must be read the same way by the VTIMEZONE rules.
		for _, pr := range []*ics.IANAProperty{start, end} {
			if pr == nil {
				continue
			}
			if tz := pr.ICalParameters["TZID"]; len(tz) == 1 {
				wall, err := time.Parse(dateTimeLayout, pr.Value)
				if err != nil {
					t.Fatal(err)
				}
				viaRule := euRuleInstant(wall)
				viaDB, _ := time.ParseInLocation(dateTimeLayout, pr.Value, mustLoad(t, tz[0]))
				if !viaRule.Equal(viaDB) {
					t.Errorf("%s: %s %s: VTIMEZONE gives %v, zone database %v", uid, pr.IANAToken, pr.Value, viaRule, viaDB)
				}
			}
		}
	}

	wantStatus := map[string]string{"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}[e.Status]
	if got := prop(ve, ics.ComponentPropertyStatus); got != wantStatus {
		t.Errorf("%s: STATUS %q, want %q", uid, got, wantStatus)
	}
	for _, f := range []struct {
		p    ics.ComponentProperty
		want string
	}{
		{ics.ComponentPropertySummary, te.want.summary},
		{ics.ComponentPropertyDescription, te.want.description},
		{ics.ComponentPropertyLocation, te.want.location},
		{ics.ComponentPropertyOrganizer, te.want.organizer},
		{ics.ComponentPropertyUrl, "https://www.stadt.bamberg.de" + p.URL},
	} {
		if got := prop(ve, f.p); got != f.want {
			t.Errorf("%s: %s = %q, want %q", uid, f.p, got, f.want)
		}
	}
	if o := ve.GetProperty(ics.ComponentPropertyOrganizer); o != nil {
		if cn := o.ICalParameters["CN"]; len(cn) != 1 || cn[0] != e.Organizer.Title {
			t.Errorf("%s: ORGANIZER CN %q, want %q", uid, cn, e.Organizer.Title)
		}
	}
}

// inZone returns the date of t as midnight in loc.
func inZone(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func TestVTimezoneIsEURule(t *testing.T) {
	// The DTSTARTs of the VTIMEZONE are the rule's own first dates.
	if d := lastSunday(1970, time.March); d.Format(dateLayout) != "19700329" {
		t.Errorf("last Sunday of March 1970 is %s", d.Format(dateLayout))
	}
	if d := lastSunday(1970, time.October); d.Format(dateLayout) != "19701025" {
		t.Errorf("last Sunday of October 1970 is %s", d.Format(dateLayout))
	}
	joined := strings.Join(vtimezoneBerlin, "\n")
	for _, s := range []string{"DTSTART:19700329T020000", "DTSTART:19701025T030000", "BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU"} {
		if !strings.Contains(joined, s) {
			t.Errorf("VTIMEZONE lacks %s", s)
		}
	}
	// The rule agrees with the zone database from 1996 on, every 30
	// minutes around each change and at noon of every day.
	berlin := mustLoad(t, "Europe/Berlin")
	for y := 1996; y <= 2037; y++ {
		var check []time.Time
		for _, d := range []time.Time{lastSunday(y, time.March), lastSunday(y, time.October)} {
			for m := -6 * 60; m <= 6*60; m += 30 {
				check = append(check, d.Add(time.Duration(m)*time.Minute))
			}
		}
		for d := time.Date(y, 1, 1, 11, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			check = append(check, d)
		}
		for _, u := range check {
			wall := u.In(berlin)
			ambiguousSecond := wall.Month() == time.October && wall.Hour() == 2 && wall.Add(-time.Hour).Hour() == 2
			got := euRuleInstant(wall)
			if ambiguousSecond {
				if got.Equal(u) {
					t.Errorf("%v: second 02:xx read as itself", u)
				}
				continue
			}
			if !got.Equal(u) {
				t.Errorf("%v (%v): rule gives %v", u, wall, got)
			}
		}
	}
}

func TestDateTime(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2027, 3, 11, 18, 0, 0, 0, berlin), ";TZID=Europe/Berlin:20270311T180000"},
		{time.Date(2027, 7, 11, 18, 0, 0, 0, berlin), ";TZID=Europe/Berlin:20270711T180000"},
		{time.Date(2027, 3, 28, 1, 59, 59, 0, berlin), ";TZID=Europe/Berlin:20270328T015959"},
		{time.Date(2027, 3, 28, 3, 0, 0, 0, berlin), ";TZID=Europe/Berlin:20270328T030000"},
		// 02:30 on 31 October 2027 comes twice: the first is local,
		// the second UTC.
		{time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC), ";TZID=Europe/Berlin:20271031T023000"},
		{time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC), ":20271031T013000Z"},
		{time.Date(2027, 10, 31, 3, 0, 0, 0, berlin), ";TZID=Europe/Berlin:20271031T030000"},
		// In 1990 summer time ended in September: not the stated rule.
		{time.Date(1990, 10, 10, 18, 0, 0, 0, berlin), ":19901010T170000Z"},
		{time.Date(1979, 7, 1, 12, 0, 0, 0, berlin), ":19790701T110000Z"},
		// Fractions are dropped, seconds kept.
		{time.Date(2027, 3, 11, 18, 0, 5, 999, berlin), ";TZID=Europe/Berlin:20270311T180005"},
		// An offset is only a way of writing the instant.
		{time.Date(2027, 3, 11, 18, 0, 0, 0, time.FixedZone("", 5*3600)), ";TZID=Europe/Berlin:20270311T140000"},
	} {
		enc := encoder{local: true, loc: berlin}
		if got := enc.dateTime(c.t); got != c.want {
			t.Errorf("dateTime(%v) = %q, want %q", c.t, got, c.want)
		}
		utc := encoder{loc: mustLoad(t, "Europe/London")}
		if got, want := utc.dateTime(c.t), ":"+c.t.UTC().Format(dateTimeLayout)+"Z"; got != want {
			t.Errorf("UTC dateTime(%v) = %q, want %q", c.t, got, want)
		}
	}
}

func TestSameStartEnd(t *testing.T) {
	s := site(t, "Europe/Berlin")
	at := time.Date(2027, 3, 11, 18, 0, 0, 0, s.Location)
	p := &model.Page{Title: "X", URL: "/termine/x/", Event: &model.Event{Span: timed(at, at), Status: "scheduled"}}
	out := string(write(t, Calendar{Events: []*model.Page{p}, Site: s, Stamp: stamp}))
	if strings.Contains(out, "DTEND") {
		t.Errorf("DTEND for an end equal to the start:\n%s", out)
	}
}

func TestAllDay(t *testing.T) {
	s := site(t, "Europe/Berlin")
	p := &model.Page{Title: "X", URL: "/termine/x/", Event: &model.Event{Span: allDay(s.Location, 2027, 3, 11, 2027, 3, 11, false)}}
	out := string(write(t, Calendar{Events: []*model.Page{p}, Site: s, Stamp: stamp}))
	if !strings.Contains(out, "DTSTART;VALUE=DATE:20270311\r\nDTEND;VALUE=DATE:20270312\r\n") {
		t.Errorf("unexpected calendar:\n%s", out)
	}
}

func TestUID(t *testing.T) {
	for _, c := range []struct{ base, url, want string }{
		{"https://www.stadt.bamberg.de/", "/termine/runder-tisch-maerz-2027/", "termine-runder-tisch-maerz-2027@www.stadt.bamberg.de"},
		{"https://example.org/integration/", "/termine/a/", "integration-termine-a@example.org"},
		{"http://localhost:1313/", "/termine/a/", "termine-a@localhost"},
		{"", "/termine/a/", "termine-a@sitegen.invalid"},
	} {
		cfg := model.Config{BaseURL: c.base, Location: time.UTC}
		p := &model.Page{Title: "X", URL: c.url, Event: &model.Event{Span: noEnd(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))}}
		for _, st := range []time.Time{stamp, stamp.Add(time.Hour)} {
			out := string(write(t, Calendar{Events: []*model.Page{p}, Site: cfg, Stamp: st}))
			if !strings.Contains(out, "\r\nUID:"+c.want+"\r\n") {
				t.Errorf("%s %s: want UID %s in\n%s", c.base, c.url, c.want, out)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	s := site(t, "Europe/Berlin")
	ok := &model.Page{Title: "X", URL: "/termine/x/", Event: &model.Event{Span: noEnd(time.Date(2027, 1, 1, 10, 0, 0, 0, s.Location))}}
	for name, cal := range map[string]Calendar{
		"zero stamp": {Events: []*model.Page{ok}, Site: s},
		"no event":   {Events: []*model.Page{{Title: "Y", URL: "/y/"}}, Site: s, Stamp: stamp},
		"nil page":   {Events: []*model.Page{nil}, Site: s, Stamp: stamp},
		"no start":   {Events: []*model.Page{{Title: "Y", URL: "/y/", Event: &model.Event{}}}, Site: s, Stamp: stamp},
		"same UID":   {Events: []*model.Page{ok, ok}, Site: s, Stamp: stamp},
	} {
		var b bytes.Buffer
		if err := Write(&b, cal); err == nil {
			t.Errorf("%s: no error", name)
		} else if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite %v", name, b.Len(), err)
		}
	}
}

func TestOrganizerParam(t *testing.T) {
	s := site(t, "Europe/Berlin")
	org := &model.Page{Title: "Verein \"Brücke\" ^ e.V.", Actor: &model.Actor{Contact: model.Contact{Email: "info@bruecke.de"}}}
	p := &model.Page{Title: "X", URL: "/termine/x/", Event: &model.Event{Span: noEnd(time.Date(2027, 1, 1, 10, 0, 0, 0, s.Location)), Organizer: org}}
	out := string(write(t, Calendar{Events: []*model.Page{p}, Site: s, Stamp: stamp}))
	if want := "\r\nORGANIZER;CN=\"Verein ^'Brücke^' ^^ e.V.\":mailto:info@bruecke.de\r\n"; !strings.Contains(out, want) {
		t.Errorf("want %q in\n%s", want, out)
	}
	org.Actor.Contact.Email = ""
	out = string(write(t, Calendar{Events: []*model.Page{p}, Site: s, Stamp: stamp}))
	if strings.Contains(out, "ORGANIZER") {
		t.Errorf("ORGANIZER without email:\n%s", out)
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"Wohnen, Arbeit; Schule":  `Wohnen\, Arbeit\; Schule`,
		`C:\Kurse`:                `C:\\Kurse`,
		"a\nb":                    `a\nb`,
		"a\r\nb":                  `a\nb`,
		"a\rb":                    `a\nb`,
		"a\r\n\r\nb":              `a\n\nb`,
		"tab\there":               "tab\there",
		"bell\x07, del\x7f":       `bell\, del`,
		"Grüße: \"Zitat\" ok":     `Grüße: "Zitat" ok`,
		"bad \xff utf-8":          "bad \uFFFD utf-8",
		`\,;` + "\n":              `\\\,\;\n`,
		"Ende mit Backslash \\":   `Ende mit Backslash \\`,
		"\\n ist kein Zeilenende": `\\n ist kein Zeilenende`,
	} {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldBoundaries puts characters of every UTF-8 length across the
// fold points of the first and the following lines.
func TestFoldBoundaries(t *testing.T) {
	for _, ch := range []string{"ä", "€", "😀"} {
		for pad := 60; pad <= 80; pad++ {
			for pad2 := 0; pad2 < 4; pad2++ {
				line := strings.Repeat("x", pad) + ch + strings.Repeat("y", 70+pad2) + ch + strings.Repeat(ch, 40)
				f := fold(line)
				checkFolded(t, line, f)
			}
		}
	}
	// Exact cases: a 2-octet character on octets 75/76 moves to the next
	// line; one ending exactly on octet 75 stays.
	if got, want := fold(strings.Repeat("x", 74)+"ä"+"z"), strings.Repeat("x", 74)+"\r\n äz"; got != want {
		t.Errorf("fold = %q, want %q", got, want)
	}
	if got, want := fold(strings.Repeat("x", 73)+"ä"+"z"), strings.Repeat("x", 73)+"ä\r\n z"; got != want {
		t.Errorf("fold = %q, want %q", got, want)
	}
	if got, want := fold(strings.Repeat("x", 72)+"😀"), strings.Repeat("x", 72)+"\r\n 😀"; got != want {
		t.Errorf("fold = %q, want %q", got, want)
	}
	if got := fold(strings.Repeat("x", 75)); got != strings.Repeat("x", 75) {
		t.Errorf("75 octets folded: %q", got)
	}
	if got, want := fold(strings.Repeat("x", 76)), strings.Repeat("x", 75)+"\r\n x"; got != want {
		t.Errorf("fold = %q, want %q", got, want)
	}
	// Continuation lines hold 74 octets after the space.
	if got, want := fold(strings.Repeat("x", 75+74+1)), strings.Repeat("x", 75)+"\r\n "+strings.Repeat("x", 74)+"\r\n x"; got != want {
		t.Errorf("fold = %q, want %q", got, want)
	}
}

// checkFolded checks that folded is line folded correctly.
func checkFolded(t testing.TB, line, folded string) {
	t.Helper()
	if got := unfold(folded); got != line {
		t.Fatalf("unfold(fold(%q)) = %q", line, got)
	}
	for i, l := range strings.Split(folded, "\r\n") {
		if len(l) > 75 {
			t.Fatalf("fold(%q): line %d has %d octets", line, i+1, len(l))
		}
		if i > 0 && (len(l) < 2 || l[0] != ' ') {
			t.Fatalf("fold(%q): continuation line %d is %q", line, i+1, l)
		}
		if utf8.ValidString(line) && !utf8.ValidString(l) {
			t.Fatalf("fold(%q): line %d splits a character: %q", line, i+1, l)
		}
		if i == 0 && l == "" && line != "" {
			t.Fatalf("fold(%q): empty first line", line)
		}
	}
}

// unfold undoes folding as RFC 5545 3.1 says.
func unfold(s string) string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.ReplaceAll(s, "\r\n\t", "")
}

// unescapeText undoes escapeText.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"", "x", strings.Repeat("x", 75), strings.Repeat("x", 76), strings.Repeat("ä", 80),
		strings.Repeat("x", 73) + "😀😀", "SUMMARY:" + strings.Repeat("Grüße €😀 ", 20), "\xff\xfe" + strings.Repeat("\x80", 200),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\r\n") {
			return // a content line holds no line break (escapeText sees to it)
		}
		checkFolded(t, s, fold(s))
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "Wohnen, Arbeit; Schule", `C:\Kurse\n`, "a\r\nb\rc\nd", "\x00\x1f\x7f\t", "Grüße 😀", "\xff",
		"\\", "\\\\n", ";;,,", strings.Repeat("ä,", 60),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := escapeText(s)
		if !utf8.ValidString(e) {
			t.Fatalf("escapeText(%q) = %q is not valid UTF-8", s, e)
		}
		for _, r := range e {
			if r < 0x20 && r != '\t' || r == 0x7f {
				t.Fatalf("escapeText(%q) = %q holds %U", s, e, r)
			}
		}
		want := cleanText(s)
		if got := unescapeText(e); got != want {
			t.Fatalf("unescape(escapeText(%q)) = %q, want %q", s, got, want)
		}
		line := "DESCRIPTION:" + e
		folded := fold(line)
		checkFolded(t, line, folded)

		// A real parser reads the same text back.
		cal := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u\r\n" + folded + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		c, err := ics.ParseCalendar(strings.NewReader(cal))
		if err != nil {
			t.Fatalf("%q: %v", cal, err)
		}
		evs := c.Events()
		if len(evs) != 1 {
			t.Fatalf("%q: %d events", cal, len(evs))
		}
		if got := prop(evs[0], ics.ComponentPropertyDescription); got != want {
			t.Fatalf("golang-ical reads %q, want %q", got, want)
		}
	})
}

func TestNoLocation(t *testing.T) {
	cfg := model.Config{BaseURL: "https://www.stadt.bamberg.de/"}
	p := &model.Page{Title: "X", URL: "/termine/x/", Event: &model.Event{Span: noEnd(time.Date(2027, 3, 11, 18, 0, 0, 0, time.FixedZone("", 3600)))}}
	out := string(write(t, Calendar{Events: []*model.Page{p}, Site: cfg, Stamp: stamp}))
	for _, want := range []string{"\r\nX-WR-TIMEZONE:UTC\r\n", "\r\nDTSTART:20270311T170000Z\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "VTIMEZONE") || strings.Contains(out, "X-WR-CALNAME") {
		t.Errorf("unexpected calendar:\n%s", out)
	}
}

// An event's DTSTAMP is its page's time where Modified knows it, in UTC;
// the build's instant (Stamp) only where it does not.
func TestStampIsPageTime(t *testing.T) {
	s := site(t, "Europe/Berlin")
	at := time.Date(2027, 3, 11, 18, 0, 0, 0, s.Location)
	known := &model.Page{Title: "A", URL: "/termine/a/", Event: &model.Event{Span: noEnd(at)}}
	unknown := &model.Page{Title: "B", URL: "/termine/b/", Event: &model.Event{Span: noEnd(at)}}
	edited := time.Date(2026, 11, 2, 9, 30, 15, 500, s.Location)
	out := string(write(t, Calendar{Events: []*model.Page{known, unknown}, Site: s, Stamp: stamp,
		Modified: func(p *model.Page) time.Time {
			if p == known {
				return edited
			}
			return time.Time{}
		}}))
	want := "UID:termine-a@www.stadt.bamberg.de\r\nDTSTAMP:20261102T083015Z\r\n"
	if !strings.Contains(out, want) {
		t.Errorf("want %q in\n%s", want, out)
	}
	want = "UID:termine-b@www.stadt.bamberg.de\r\nDTSTAMP:" + stamp.UTC().Format("20060102T150405Z") + "\r\n"
	if !strings.Contains(out, want) {
		t.Errorf("want %q in\n%s", want, out)
	}
}
