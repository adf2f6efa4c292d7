package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
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

// writeFeed must give exactly the bytes encoding/xml gives.
func TestWriteFeedAsEncodingXML(t *testing.T) {
	feeds := []atomFeed{
		{},
		{Links: []atomLink{}, Entries: []atomEntry{}},
		{Entries: []atomEntry{{}}},
		{Links: []atomLink{{}}, Entries: []atomEntry{{Links: []atomLink{{}}, Summary: &atomText{}, Category: []atomCat{{}}}}},
		{
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
			}},
		},
	}
	// Every string field with every nasty string, the others varying.
	for k := range nasty {
		feeds = append(feeds, fullFeed(func(i int) string { return nasty[(i+k)%len(nasty)] }))
		feeds = append(feeds, fullFeed(func(int) string { return nasty[k] }))
	}
	for _, f := range feeds {
		want := marshalXML(f)
		if got := writeFeed(f); !bytes.Equal(got, want) {
			t.Errorf("writeFeed(%+v):\n%q\nencoding/xml:\n%q", f, got, want)
		}
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
		if got, want := writeFeed(feed), marshalXML(feed); !bytes.Equal(got, want) {
			t.Fatalf("differs:\n%q\n%q", got, want)
		}
	})
}

// escapeXML must escape as xml.EscapeText (the fuzz target above checks
// it in attributes, too).
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
	b.Run("encoding-xml", func(b *testing.B) {
		for b.Loop() {
			b.SetBytes(int64(len(marshalXML(f))))
		}
	})
	b.Run("writeFeed", func(b *testing.B) {
		for b.Loop() {
			b.SetBytes(int64(len(writeFeed(f))))
		}
	})
}
