package render_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/sitetest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/model"
)

// ldSite is a site in German and English with every kind of event, an
// actor and a nested page, built with the repository's layouts, assets
// and interface strings.
var ldSite = map[string]string{
	"content/_index.md": `---
title: Start
site:
  title: Integration in Bamberg
  base_url: https://example.org/integration/
  languages: [de, en]
---
Willkommen.
`,
	"content/_index.en.md": "---\ntitle: Home\n---\nWelcome.\n",
	"content/termine/_index.md": `---
title: Termine
type: event
---
`,
	"content/termine/_index.en.md": "---\ntitle: Events\n---\n",
	"content/termine/treffen.md": `---
title: Runder Tisch im März
description: Die Seite zum Runden Tisch.
start: 2027-03-11T18:00
end: 2027-03-11T20:30
summary: Die Akteure treffen sich.
organizer: beirat
location:
  name: Rathaus
  address: Maximiliansplatz 3, 96047 Bamberg
  url: https://www.stadt.bamberg.de/
---
Tagesordnung folgt.
`,
	"content/termine/treffen.en.md": `---
title: Round table in March
summary: The actors meet.
location:
  name: City Hall
---
Agenda to follow.
`,
	"content/termine/fest.md": `---
title: Fest der Kulturen
description: Zwei Tage im Hain.
start: 2027-07-03
end: 2027-07-04
location:
  name: Hainpark
  address: Hainstraße
---
`,
	"content/termine/tag.md": `---
title: Tag der offenen Tür
start: 2027-10-31
location:
  address: Rathaus, Maximiliansplatz 3, 96047 Bamberg
---
`,
	"content/termine/abgesagt.md": `---
title: Sprachcafé
start: 2027-04-01T15:00
status: cancelled
location:
  name: Stadtbücherei
---
`,
	"content/termine/online.md": `---
title: Infoabend online
start: 2027-05-06T19:00
end: 2027-05-06T20:00
status: postponed
location:
  online: https://meet.example.org/infoabend
---
`,
	"content/termine/hybrid.md": `---
title: Fachforum
start: 2027-07-10T10:00
end: 2027-07-10T16:00
location:
  name: Kulturraum
  address: Obere Königstraße 12, 96052 Bamberg
  online: https://meet.example.org/fachforum
---
`,
	"content/termine/boese.md": `---
title: 'Vorsicht </script><!--<script>alert(1)</script> & "Zitat"'
summary: '</SCRIPT><!-- <script> ]]> ' 
start: 2027-06-01T18:00
---
`,
	"content/akteure/_index.md": "---\ntitle: Akteure\ntype: actor\n---\n",
	"content/akteure/beirat.md": `---
title: Migranten- und Integrationsbeirat
category: beirat
role: Berät den Stadtrat in allen Fragen der Integration.
address: Maximiliansplatz 3, 96047 Bamberg
languages: [de, tr, ar]
contact:
  email: beirat@example.org
  phone: 0951 87-1234
  website: https://beirat.example.org/
---
`,
	"content/akteure/verein.md":             "---\ntitle: Verein\ncategory: sozial\n---\n",
	"content/geschichte/_index.md":          "---\ntitle: Geschichte\n---\n",
	"content/geschichte/anfaenge/_index.md": "---\ntitle: Die Anfänge\n---\n",
	"content/geschichte/anfaenge/beirat.md": "---\ntitle: Der erste Beirat\n---\n",
}

type ldBuild struct {
	res   *build.Result
	files map[string][]byte
}

var ldBuilds sync.Map // minify bool → *ldBuild

// buildLD builds ldSite, minified or not, once per test binary.
func buildLD(t *testing.T, minify bool) *ldBuild {
	t.Helper()
	if b, ok := ldBuilds.Load(minify); ok {
		return b.(*ldBuild)
	}
	fsys := sitetest.Repo(t, "layouts", "assets", "i18n")
	for p, s := range ldSite {
		fsys[p] = &fstest.MapFile{Data: []byte(s), Mode: 0o644}
	}
	res, err := build.Run(fsys, build.Options{Now: time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC), Minify: minify})
	if err != nil {
		t.Fatal(err)
	}
	b := &ldBuild{res: res, files: map[string][]byte{}}
	for _, f := range res.Files {
		b.files[f.Path] = f.Data
	}
	ldBuilds.Store(minify, b)
	return b
}

// ldBlocks returns the parsed ld+json blocks of a page's head and checks
// that every <script> there is a file of the site or such a block (no
// text has opened or ended one) and that no block holds a < or >.
func ldBlocks(t *testing.T, b *ldBuild, file string) []map[string]any {
	t.Helper()
	page, ok := b.files[file]
	if !ok {
		t.Fatalf("no output file %s", file)
	}
	head, _, ok := strings.Cut(string(page), "</head>")
	if !ok {
		t.Fatalf("%s: no </head>", file)
	}
	var out []map[string]any
	for _, s := range scripts(head) {
		switch {
		case s.tag == `<script type="application/ld+json">`:
		case strings.HasPrefix(s.tag, `<script src="`) && s.text == "":
			continue
		default:
			t.Errorf("%s: a script that is neither a file nor ld+json: %s%s", file, s.tag, s.text)
			continue
		}
		if strings.ContainsAny(s.text, "<>") {
			t.Errorf("%s: a < or > inside the ld+json block: %s", file, s.text)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(s.text), &v); err != nil {
			t.Errorf("%s: not valid JSON (%v): %s", file, err, s.text)
			continue
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("%s: @context %v", file, v["@context"])
		}
		out = append(out, v)
	}
	return out
}

type script struct{ tag, text string }

// scripts returns the <script> elements of an HTML document as a
// browser's tokenizer finds them: attribute values may hold < and >,
// comments are skipped, and the text of a script (or title, style,
// textarea) ends at the first </script (</title …) in any case.
func scripts(doc string) []script {
	lower := strings.ToLower(doc)
	var out []script
	for i := 0; i < len(doc); {
		if doc[i] != '<' {
			i++
			continue
		}
		if strings.HasPrefix(doc[i:], "<!--") {
			j := strings.Index(doc[i+4:], "-->")
			if j < 0 {
				break
			}
			i += 4 + j + 3
			continue
		}
		n := i + 1
		for n < len(doc) && ('a' <= lower[n] && lower[n] <= 'z' || '0' <= lower[n] && lower[n] <= '9') {
			n++
		}
		name := lower[i+1 : n]
		if name == "" { // an end tag, <!DOCTYPE …> or a lone <
			i++
			continue
		}
		k, quote := n, byte(0)
		for ; k < len(doc) && (quote != 0 || doc[k] != '>'); k++ {
			switch {
			case quote != 0 && doc[k] == quote:
				quote = 0
			case quote == 0 && (doc[k] == '"' || doc[k] == '\''):
				quote = doc[k]
			}
		}
		if k == len(doc) {
			break
		}
		i = k + 1
		switch name {
		case "script", "title", "style", "textarea":
			end := strings.Index(lower[i:], "</"+name)
			if end < 0 {
				end = len(doc) - i
			}
			if name == "script" {
				out = append(out, script{doc[n-len(name)-1 : k+1], doc[i : i+end]})
			}
			i += end
		}
	}
	return out
}

// ofType returns the one block of type typ, or nil if there is none.
func ofType(t *testing.T, blocks []map[string]any, typ string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, b := range blocks {
		if b["@type"] == typ {
			if found != nil {
				t.Errorf("two blocks of type %s", typ)
			}
			found = b
		}
	}
	return found
}

// get returns the value at a dotted path ("location.1.url": an index in
// an array), or nil.
func get(v any, p string) any {
	for _, k := range strings.Split(p, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

const (
	scheduled = "https://schema.org/EventScheduled"
	offline   = "https://schema.org/OfflineEventAttendanceMode"
	base      = "https://example.org/integration/"
)

// absent marks a field that must not be there.
var absent = struct{ absent bool }{true}

// TestJSONLD checks the structured data of each kind of page, field by
// field, in the plain and in the minified build.
func TestJSONLD(t *testing.T) {
	for _, tc := range []struct {
		name, file, typ string
		want            map[string]any
	}{
		{"timed event with end and organizer", "termine/treffen/index.html", "Event", map[string]any{
			"name":                             "Runder Tisch im März",
			"description":                      "Die Akteure treffen sich.",
			"startDate":                        "2027-03-11T18:00:00+01:00",
			"endDate":                          "2027-03-11T20:30:00+01:00",
			"eventStatus":                      scheduled,
			"eventAttendanceMode":              offline,
			"location.@type":                   "Place",
			"location.name":                    "Rathaus",
			"location.url":                     "https://www.stadt.bamberg.de/",
			"location.address.@type":           "PostalAddress",
			"location.address.streetAddress":   "Maximiliansplatz 3",
			"location.address.postalCode":      "96047",
			"location.address.addressLocality": "Bamberg",
			"organizer.@type":                  "Organization",
			"organizer.name":                   "Migranten- und Integrationsbeirat",
			"organizer.url":                    base + "akteure/beirat/",
			"url":                              base + "termine/treffen/",
			"inLanguage":                       "de",
		}},
		{"all-day event of two days", "termine/fest/index.html", "Event", map[string]any{
			"name":                           "Fest der Kulturen",
			"description":                    "Zwei Tage im Hain.",
			"startDate":                      "2027-07-03",
			"endDate":                        "2027-07-04",
			"eventStatus":                    scheduled,
			"eventAttendanceMode":            offline,
			"location.name":                  "Hainpark",
			"location.address.streetAddress": "Hainstraße",
			"location.address.postalCode":    absent,
			"location.url":                   absent,
			"organizer":                      absent,
		}},
		{"all-day event of one day, address with a name in it", "termine/tag/index.html", "Event", map[string]any{
			"startDate":                        "2027-10-31",
			"endDate":                          "2027-10-31",
			"description":                      absent,
			"location.name":                    absent,
			"location.address.streetAddress":   "Rathaus, Maximiliansplatz 3",
			"location.address.postalCode":      "96047",
			"location.address.addressLocality": "Bamberg",
		}},
		{"cancelled event without end", "termine/abgesagt/index.html", "Event", map[string]any{
			"startDate":           "2027-04-01T15:00:00+02:00",
			"endDate":             absent,
			"eventStatus":         "https://schema.org/EventCancelled",
			"eventAttendanceMode": offline,
			"location.name":       "Stadtbücherei",
			"location.address":    absent,
		}},
		{"postponed online-only event", "termine/online/index.html", "Event", map[string]any{
			"startDate":           "2027-05-06T19:00:00+02:00",
			"endDate":             "2027-05-06T20:00:00+02:00",
			"eventStatus":         "https://schema.org/EventPostponed",
			"eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
			"location.@type":      "VirtualLocation",
			"location.url":        "https://meet.example.org/infoabend",
		}},
		{"mixed event", "termine/hybrid/index.html", "Event", map[string]any{
			"startDate":                        "2027-07-10T10:00:00+02:00",
			"eventAttendanceMode":              "https://schema.org/MixedEventAttendanceMode",
			"location.0.@type":                 "Place",
			"location.0.name":                  "Kulturraum",
			"location.0.address.streetAddress": "Obere Königstraße 12",
			"location.0.address.postalCode":    "96052",
			"location.1.@type":                 "VirtualLocation",
			"location.1.url":                   "https://meet.example.org/fachforum",
			"location.2":                       absent,
		}},
		{"event in the English translation", "en/termine/treffen/index.html", "Event", map[string]any{
			"name":           "Round table in March",
			"description":    "The actors meet.",
			"startDate":      "2027-03-11T18:00:00+01:00",
			"location.name":  "City Hall",
			"organizer.url":  base + "en/akteure/beirat/",
			"organizer.name": "Migranten- und Integrationsbeirat",
			"url":            base + "en/termine/treffen/",
			"inLanguage":     "en",
		}},
		{"untranslated event in English", "en/termine/fest/index.html", "Event", map[string]any{
			"name":       "Fest der Kulturen",
			"url":        base + "en/termine/fest/",
			"inLanguage": "de",
		}},
		{"title that would end the block", "termine/boese/index.html", "Event", map[string]any{
			"name":        `Vorsicht </script><!--<script>alert(1)</script> & "Zitat"`,
			"description": `</SCRIPT><!-- <script> ]]>`,
		}},
		{"actor with contact", "akteure/beirat/index.html", "Organization", map[string]any{
			"name":                    "Migranten- und Integrationsbeirat",
			"description":             "Berät den Stadtrat in allen Fragen der Integration.",
			"url":                     base + "akteure/beirat/",
			"email":                   "beirat@example.org",
			"telephone":               "+49951871234",
			"address.@type":           "PostalAddress",
			"address.streetAddress":   "Maximiliansplatz 3",
			"address.postalCode":      "96047",
			"address.addressLocality": "Bamberg",
			"sameAs":                  "https://beirat.example.org/",
			"knowsLanguage":           []any{"de", "tr", "ar"},
		}},
		{"actor without contact", "akteure/verein/index.html", "Organization", map[string]any{
			"name":          "Verein",
			"url":           base + "akteure/verein/",
			"email":         absent,
			"telephone":     absent,
			"address":       absent,
			"sameAs":        absent,
			"knowsLanguage": absent,
		}},
		{"breadcrumb of a nested page", "geschichte/anfaenge/beirat/index.html", "BreadcrumbList", map[string]any{
			"itemListElement.0.@type":    "ListItem",
			"itemListElement.0.position": 1.0,
			"itemListElement.0.name":     "Start",
			"itemListElement.0.item":     base,
			"itemListElement.1.position": 2.0,
			"itemListElement.1.name":     "Geschichte",
			"itemListElement.1.item":     base + "geschichte/",
			"itemListElement.2.position": 3.0,
			"itemListElement.2.name":     "Die Anfänge",
			"itemListElement.2.item":     base + "geschichte/anfaenge/",
			"itemListElement.3.position": 4.0,
			"itemListElement.3.name":     "Der erste Beirat",
			"itemListElement.3.item":     base + "geschichte/anfaenge/beirat/",
			"itemListElement.4":          absent,
		}},
		{"breadcrumb in English", "en/termine/treffen/index.html", "BreadcrumbList", map[string]any{
			"itemListElement.0.name": "Home",
			"itemListElement.0.item": base + "en/",
			"itemListElement.1.name": "Events",
			"itemListElement.1.item": base + "en/termine/",
			"itemListElement.2.name": "Round table in March",
			"itemListElement.2.item": base + "en/termine/treffen/",
		}},
	} {
		for _, minify := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/minify=%v", tc.name, minify), func(t *testing.T) {
				b := buildLD(t, minify)
				v := ofType(t, ldBlocks(t, b, tc.file), tc.typ)
				if v == nil {
					t.Fatalf("%s: no %s", tc.file, tc.typ)
				}
				for k, want := range tc.want {
					got := get(v, k)
					if want == absent {
						if got != nil {
							t.Errorf("%s: %s = %#v, want none", tc.file, k, got)
						}
						continue
					}
					if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
						t.Errorf("%s: %s = %#v, want %#v", tc.file, k, got, want)
					}
				}
			})
		}
	}
}

// TestJSONLDEscaping checks that a title holding </script><!--<script> is
// written escaped, once: as \u003c in the page, the same text in the
// parsed JSON (above), and nowhere as HTML entities.
func TestJSONLDEscaping(t *testing.T) {
	for _, minify := range []bool{false, true} {
		page := string(buildLD(t, minify).files["termine/boese/index.html"])
		head, _, _ := strings.Cut(page, "</head>")
		i := strings.Index(head, `application/ld+json`)
		if i < 0 {
			t.Fatalf("minify=%v: no ld+json block", minify)
		}
		block := head[i:]
		for _, want := range []string{`\u003c/script\u003e\u003c!--\u003cscript\u003e`, `\u0026 \"Zitat\"`, `\u003c/SCRIPT\u003e`} {
			if !strings.Contains(block, want) {
				t.Errorf("minify=%v: %s not in\n%s", minify, want, block)
			}
		}
		for _, bad := range []string{`&lt;`, `&#`, `&amp;`, `\\u003c`, `\x3c`, `<!--`} {
			if strings.Contains(block, bad) {
				t.Errorf("minify=%v: %s in\n%s", minify, bad, block)
			}
		}
	}
}

// TestJSONLDModel checks every page of both languages against the model:
// events and actors are described on their pages, every page below the
// home page has its breadcrumb trail and the home pages have none.
func TestJSONLDModel(t *testing.T) {
	b := buildLD(t, false)
	site := b.res.Site
	cfg := site.Config
	events, actors, crumbs := 0, 0, 0
	for _, p := range site.Pages {
		file := model.OutputPath(p.URL)
		blocks := ldBlocks(t, b, file)
		ev, org, bl := ofType(t, blocks, "Event"), ofType(t, blocks, "Organization"), ofType(t, blocks, "BreadcrumbList")
		if len(blocks) != btoi(ev != nil)+btoi(org != nil)+btoi(bl != nil) {
			t.Errorf("%s: unexpected blocks %v", file, blocks)
		}
		if (ev != nil) != (p.Event != nil) {
			t.Errorf("%s: Event %v, page is an event: %v", file, ev != nil, p.Event != nil)
		}
		if ev != nil {
			events++
			e := p.Event
			checkEq(t, file, "name", ev["name"], p.Title)
			checkEq(t, file, "description", ev["description"], nilIfEmpty(cmp.Or(e.Summary, p.Description)))
			checkEq(t, file, "url", ev["url"], cfg.AbsURL(p.URL))
			checkEq(t, file, "inLanguage", ev["inLanguage"], cmp.Or(p.Lang, p.Language))
			status := map[string]string{"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}[e.Status]
			checkEq(t, file, "eventStatus", ev["eventStatus"], "https://schema.org/"+status)
			checkTime(t, file, "startDate", ev["startDate"], e.Span.Start, e.Span.AllDay, cfg.Location)
			if e.Span.AllDay || e.Span.HasEnd {
				checkTime(t, file, "endDate", ev["endDate"], e.Span.End, e.Span.AllDay, cfg.Location)
			} else if ev["endDate"] != nil {
				t.Errorf("%s: endDate %v for an event without end", file, ev["endDate"])
			}
			if o := e.Organizer; o != nil {
				checkEq(t, file, "organizer.name", get(ev, "organizer.name"), o.Title)
				checkEq(t, file, "organizer.url", get(ev, "organizer.url"), cfg.AbsURL(o.URL))
				if o.Language != p.Language {
					t.Errorf("%s: organizer in %s", file, o.Language)
				}
			} else if ev["organizer"] != nil {
				t.Errorf("%s: organizer %v", file, ev["organizer"])
			}
		}
		if (org != nil) != (p.Actor != nil) {
			t.Errorf("%s: Organization %v, page is an actor: %v", file, org != nil, p.Actor != nil)
		}
		if org != nil {
			actors++
			checkEq(t, file, "name", org["name"], p.Title)
			checkEq(t, file, "url", org["url"], cfg.AbsURL(p.URL))
			checkEq(t, file, "description", org["description"], nilIfEmpty(cmp.Or(p.Actor.Role, p.Description)))
		}
		anc := p.Ancestors()
		if p.Parent == nil {
			if bl != nil {
				t.Errorf("%s: the home page has a BreadcrumbList", file)
			}
			continue
		}
		if bl == nil {
			t.Errorf("%s: no BreadcrumbList", file)
			continue
		}
		crumbs++
		items, _ := bl["itemListElement"].([]any)
		trail := append(anc, p)
		if len(items) != len(trail) {
			t.Errorf("%s: %d breadcrumb items, want %d", file, len(items), len(trail))
			continue
		}
		for i, q := range trail {
			k := fmt.Sprintf("itemListElement.%d.", i)
			checkEq(t, file, k+"position", get(bl, k+"position"), float64(i+1))
			checkEq(t, file, k+"name", get(bl, k+"name"), q.Title)
			checkEq(t, file, k+"item", get(bl, k+"item"), cfg.AbsURL(q.URL))
		}
	}
	// 7 events and 2 actors in two languages; every page but the homes
	// has a trail.
	if events != 14 || actors != 4 || crumbs != len(site.Pages)-2 {
		t.Errorf("%d events, %d actors, %d breadcrumb lists in %d pages", events, actors, crumbs, len(site.Pages))
	}
	for _, f := range []string{"index.html", "en/index.html", "404.html", "en/404.html"} {
		if blocks := ldBlocks(t, b, f); len(blocks) != 0 {
			t.Errorf("%s: structured data %v", f, blocks)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func checkEq(t *testing.T, file, key string, got, want any) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %s = %#v, want %#v", file, key, got, want)
	}
}

// checkTime checks a startDate or endDate: a day for all-day events, else
// the instant with the offset of the site's zone at that instant.
func checkTime(t *testing.T, file, key string, got any, want time.Time, allDay bool, loc *time.Location) {
	t.Helper()
	s, _ := got.(string)
	if allDay {
		if s != want.Format(time.DateOnly) {
			t.Errorf("%s: %s = %q, want the day %s", file, key, s, want.Format(time.DateOnly))
		}
		return
	}
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s: %s = %q: %v", file, key, s, err)
		return
	}
	_, off := tm.Zone()
	_, wantOff := want.In(loc).Zone()
	if !tm.Equal(want) || off != wantOff {
		t.Errorf("%s: %s = %q, want %s", file, key, s, want.In(loc).Format(time.RFC3339))
	}
}
