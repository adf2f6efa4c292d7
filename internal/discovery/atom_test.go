package discovery

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// nasty holds strings with every kind of character encoding/xml treats
// specially, in text and in attributes.
var nasty = []string{
	"",
	"Termine & Veranstaltungen <Bamberg> \"Zitat\" 'Apostroph'",
	"Tab\tNeue Zeile\nWagenrücklauf\r\nEnde",
	"ungültiges UTF-8: \xff\xfe\xc3 und \xe2\x82",
	"Null\x00Steuerzeichen\x01\x1f\x7f",
	"Nichtzeichen \uFFFE \uFFFF und Ersatz \uFFFD",
	"Emoji 🎉🇩🇪 👩‍👩‍👧",
	"Äpfel, Öl, Übermut, äöüß – „Anführung“ · …",
	"]]> <![CDATA[ x ]]> &amp; &#34;",
	"  Leerzeichen außen  ",
	"https://example.org/termine/?a=1&b=<2>#\"x\"",
}

func fullFeed(s func(i int) string) atomFeed {
	return atomFeed{
		Lang:     s(0),
		ID:       s(1),
		Title:    s(2),
		Subtitle: s(3),
		Updated:  s(4),
		Links: []atomLink{
			{Rel: s(5), Type: s(6), Href: s(7)},
			{Rel: s(8), Href: s(9)},
		},
		Author: atomPerson{Name: s(10), URI: s(11)},
		Entries: []atomEntry{
			{
				ID: s(12), Title: s(13), Updated: s(14),
				Links:    []atomLink{{Rel: s(15), Type: s(16), Href: s(17)}, {Rel: s(18), Type: s(19), Href: s(20)}},
				Summary:  &atomText{Type: s(21), Text: s(22)},
				Category: []atomCat{{Term: s(23), Label: s(24)}, {Term: s(25)}},
			},
			{ID: s(26), Title: s(27), Updated: s(28)},
			{ID: s(29), Summary: &atomText{}, Category: []atomCat{}, Links: []atomLink{}},
		},
	}
}

// clean is s as an XML reader gets it back from escapeXML: each
// character outside XML's Char production (XML 1.0 section 2.2), and
// each byte that is not UTF-8, as U+FFFD.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\r',
			r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return utf8.RuneError
	}, s)
}

// The Atom feed as encoding/xml reads it back.

type xmlLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type xmlText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type xmlCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type xmlFeed struct {
	XMLName  xml.Name  `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string    `xml:"http://www.w3.org/2005/Atom id"`
	Title    string    `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle string    `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated  string    `xml:"http://www.w3.org/2005/Atom updated"`
	Links    []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
	Author   struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
		URI  string `xml:"http://www.w3.org/2005/Atom uri"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []struct {
		ID       string    `xml:"http://www.w3.org/2005/Atom id"`
		Title    string    `xml:"http://www.w3.org/2005/Atom title"`
		Updated  string    `xml:"http://www.w3.org/2005/Atom updated"`
		Links    []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
		Summary  *xmlText  `xml:"http://www.w3.org/2005/Atom summary"`
		Category []xmlCat  `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// readBack parses the feed writeFeed wrote with encoding/xml and returns
// what it holds; any error fails the test.
func readBack(t testing.TB, data []byte) atomFeed {
	t.Helper()
	var x xmlFeed
	if err := xml.Unmarshal(data, &x); err != nil {
		t.Fatalf("the feed is not XML encoding/xml reads: %v\n%s", err, data)
	}
	links := func(xs []xmlLink) []atomLink {
		var ls []atomLink
		for _, l := range xs {
			ls = append(ls, atomLink(l))
		}
		return ls
	}
	f := atomFeed{Lang: x.Lang, ID: x.ID, Title: x.Title, Subtitle: x.Subtitle, Updated: x.Updated,
		Links: links(x.Links), Author: atomPerson(x.Author)}
	for _, e := range x.Entries {
		g := atomEntry{ID: e.ID, Title: e.Title, Updated: e.Updated, Links: links(e.Links)}
		if e.Summary != nil {
			g.Summary = (*atomText)(e.Summary)
		}
		for _, c := range e.Category {
			g.Category = append(g.Category, atomCat(c))
		}
		f.Entries = append(f.Entries, g)
	}
	return f
}

// cleaned is f as it must read back: every string cleaned, empty lists as
// none.
func cleaned(f atomFeed) atomFeed {
	links := func(ls []atomLink) []atomLink {
		var out []atomLink
		for _, l := range ls {
			out = append(out, atomLink{Rel: clean(l.Rel), Type: clean(l.Type), Href: clean(l.Href)})
		}
		return out
	}
	g := atomFeed{Lang: clean(f.Lang), ID: clean(f.ID), Title: clean(f.Title), Subtitle: clean(f.Subtitle),
		Updated: clean(f.Updated), Links: links(f.Links), Author: atomPerson{Name: clean(f.Author.Name), URI: clean(f.Author.URI)}}
	for _, e := range f.Entries {
		h := atomEntry{ID: clean(e.ID), Title: clean(e.Title), Updated: clean(e.Updated), Links: links(e.Links)}
		if e.Summary != nil {
			h.Summary = &atomText{Type: clean(e.Summary.Type), Text: clean(e.Summary.Text)}
		}
		for _, c := range e.Category {
			h.Category = append(h.Category, atomCat{Term: clean(c.Term), Label: clean(c.Label)})
		}
		g.Entries = append(g.Entries, h)
	}
	return g
}

// checkFeed fails the test unless writeFeed(f) reads back as f.
func checkFeed(t testing.TB, f atomFeed) {
	t.Helper()
	data := writeFeed(f)
	if got, want := readBack(t, data), cleaned(f); !reflect.DeepEqual(got, want) {
		t.Fatalf("writeFeed(%+v) reads back as\n%+v\nwant\n%+v\n%s", f, got, want, data)
	}
}

// Every value of a feed, whatever its characters, reads back with
// encoding/xml as it was (invalid characters as U+FFFD).
func TestWriteFeedReadsBack(t *testing.T) {
	feeds := []atomFeed{
		{},
		{Links: []atomLink{}, Entries: []atomEntry{}},
		{Entries: []atomEntry{{}}},
		{Links: []atomLink{{}}, Entries: []atomEntry{{Links: []atomLink{{}}, Summary: &atomText{}, Category: []atomCat{{}}}}},
		sampleFeed,
	}
	// Every string field with every nasty string, the others varying.
	for k := range nasty {
		feeds = append(feeds, fullFeed(func(i int) string { return nasty[(i+k)%len(nasty)] }))
		feeds = append(feeds, fullFeed(func(int) string { return nasty[k] }))
	}
	for _, f := range feeds {
		checkFeed(t, f)
	}
}

// sampleFeed is a feed of the events of a real site.
var sampleFeed = atomFeed{
	Lang:     "de",
	ID:       "https://www.stadt.bamberg.de/integration/termine.atom",
	Title:    "Integration in Bamberg: Termine",
	Subtitle: "Die kommenden Termine",
	Updated:  "2027-03-11T17:00:00Z",
	Links: []atomLink{
		{Rel: "self", Type: "application/atom+xml", Href: "https://www.stadt.bamberg.de/integration/termine.atom"},
		{Rel: "alternate", Type: "text/html", Href: "https://www.stadt.bamberg.de/integration/termine/"},
	},
	Author: atomPerson{Name: "Integration in Bamberg", URI: "https://www.stadt.bamberg.de/integration/"},
	Entries: []atomEntry{{
		ID:       "https://www.stadt.bamberg.de/integration/termine/sprachcafe-2027-03-12/",
		Title:    "Sprachcafé (abgesagt)",
		Updated:  "2027-03-01T09:30:00Z",
		Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: "https://www.stadt.bamberg.de/integration/termine/sprachcafe-2027-03-12/"}},
		Summary:  &atomText{Type: "text", Text: "Fr., 12. März 2027, 16:00–18:00 Uhr – abgesagt · Ort: Stadtbücherei, Obere Königstraße 4 · Deutsch üben & Leute treffen"},
		Category: []atomCat{{Term: "sprachcafe", Label: "Sprachcafé"}},
	}, {
		ID: "https://www.stadt.bamberg.de/integration/b/", Title: "B", Updated: "2027-03-01T09:30:00Z",
		Links:    []atomLink{{Rel: "alternate", Href: "https://www.stadt.bamberg.de/integration/b/"}},
		Category: []atomCat{{Term: "x"}},
	}},
}

// writeFeed writes the form the package documentation gives.
func TestWriteFeedForm(t *testing.T) {
	want := `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <id>https://www.stadt.bamberg.de/integration/termine.atom</id>
  <title>Integration in Bamberg: Termine</title>
  <subtitle>Die kommenden Termine</subtitle>
  <updated>2027-03-11T17:00:00Z</updated>
  <link rel="self" type="application/atom+xml" href="https://www.stadt.bamberg.de/integration/termine.atom"></link>
  <link rel="alternate" type="text/html" href="https://www.stadt.bamberg.de/integration/termine/"></link>
  <author>
    <name>Integration in Bamberg</name>
    <uri>https://www.stadt.bamberg.de/integration/</uri>
  </author>
  <entry>
    <id>https://www.stadt.bamberg.de/integration/termine/sprachcafe-2027-03-12/</id>
    <title>Sprachcafé (abgesagt)</title>
    <updated>2027-03-01T09:30:00Z</updated>
    <link rel="alternate" type="text/html" href="https://www.stadt.bamberg.de/integration/termine/sprachcafe-2027-03-12/"></link>
    <summary type="text">Fr., 12. März 2027, 16:00–18:00 Uhr – abgesagt · Ort: Stadtbücherei, Obere Königstraße 4 · Deutsch üben &amp; Leute treffen</summary>
    <category term="sprachcafe" label="Sprachcafé"></category>
  </entry>
  <entry>
    <id>https://www.stadt.bamberg.de/integration/b/</id>
    <title>B</title>
    <updated>2027-03-01T09:30:00Z</updated>
    <link rel="alternate" href="https://www.stadt.bamberg.de/integration/b/"></link>
    <category term="x"></category>
  </entry>
</feed>
`
	if got := string(writeFeed(sampleFeed)); got != want {
		t.Errorf("writeFeed:\n%s\nwant\n%s", got, want)
	}
}

func FuzzWriteFeed(f *testing.F) {
	for i := range nasty {
		f.Add(nasty[i], nasty[(i+1)%len(nasty)], nasty[(i+2)%len(nasty)], uint16(i*4099))
	}
	f.Add("de", "https://example.org/ä?x=1&y=2", "2027-01-01T00:00:00Z", uint16(0xffff))
	f.Fuzz(func(t *testing.T, a, b, c string, mask uint16) {
		// opt is s or, depending on the next bit of mask, empty.
		bit := 0
		opt := func(s string) string {
			bit++
			if mask&(1<<(bit%16)) == 0 {
				return ""
			}
			return s
		}
		feed := atomFeed{
			Lang: opt(a), ID: b, Title: a + c, Subtitle: opt(c), Updated: c,
			Links:  []atomLink{{Rel: a, Type: opt(b), Href: c}, {Rel: c, Type: opt(a), Href: b}},
			Author: atomPerson{Name: opt(b), URI: opt(a)},
		}
		if mask&1 != 0 {
			feed.Links = nil
		}
		for i, s := range []string{a, b, c, a + b} {
			e := atomEntry{ID: s, Title: opt(b + s), Updated: opt(c)}
			if mask&(1<<(i+1)) != 0 {
				e.Links = []atomLink{{Rel: "alternate", Type: opt("text/html"), Href: s}}
			}
			if mask&(1<<(i+5)) != 0 {
				e.Summary = &atomText{Type: opt(a), Text: opt(s)}
			}
			if mask&(1<<(i+9)) != 0 {
				e.Category = []atomCat{{Term: opt(s), Label: opt(c)}, {Term: b, Label: opt(a)}}
			}
			feed.Entries = append(feed.Entries, e)
		}
		checkFeed(t, feed)
	})
}

// escapeXML must escape as xml.EscapeText (the fuzz targets above check
// that attributes read back, too).
func FuzzEscapeXML(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want bytes.Buffer
		escapeXML(&got, s)
		xml.EscapeText(&want, []byte(s))
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("escapeXML(%q) = %q, xml.EscapeText: %q", s, got.Bytes(), want.Bytes())
		}
	})
}

// eventsFeedSample is a feed like the events feed of a large site.
func eventsFeedSample(n int) atomFeed {
	base := "https://www.stadt.bamberg.de/integration/"
	f := atomFeed{
		Lang:     "de",
		ID:       base + EventsFeedPath,
		Title:    "Integration in Bamberg: Termine",
		Subtitle: "Die kommenden Termine",
		Updated:  "2027-03-11T17:00:00Z",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + EventsFeedPath},
			{Rel: "alternate", Type: "text/html", Href: base + "termine/"},
		},
		Author: atomPerson{Name: "Integration in Bamberg", URI: base},
	}
	day := time.Date(2027, 3, 12, 16, 0, 0, 0, time.UTC)
	for i := range n {
		u := fmt.Sprintf("%stermine/sprachcafe-%d-für-familien-%s/", base, i, day.Format("2006-01-02"))
		e := atomEntry{
			ID:      u,
			Title:   fmt.Sprintf("Sprachcafé für Familien & Freunde Nr. %d", i),
			Updated: day.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: u}},
			Summary: &atomText{Type: "text", Text: "Fr., " + day.Format("02.01.2006") + ", 16:00–18:00 Uhr · Ort: Stadtbücherei Bamberg, Obere Königstraße 4 · " +
				strings.Repeat("Deutsch üben, Leute treffen und gemeinsam Kaffee trinken – für Menschen mit <und> ohne Vorkenntnisse. ", 1+i%3)},
		}
		if i%4 == 0 {
			e.Category = []atomCat{{Term: "sprachcafe", Label: "Sprachcafé"}}
		}
		f.Entries = append(f.Entries, e)
		day = day.Add(5 * time.Hour)
	}
	return f
}

func BenchmarkEventsFeed(b *testing.B) {
	f := eventsFeedSample(2000)
	for b.Loop() {
		b.SetBytes(int64(len(writeFeed(f))))
	}
}
