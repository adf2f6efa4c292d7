package discovery

import (
	"encoding/xml"
	"reflect"
	"testing"
)

// The sitemap and the sitemap index as encoding/xml reads them back.

type xmlAlt struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type xmlURL struct {
	Loc        string   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	LastMod    string   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	Alternates []xmlAlt `xml:"http://www.w3.org/1999/xhtml link"`
}

type xmlSitemap struct {
	XMLName  xml.Name
	URLs     []xmlURL `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	Sitemaps []xmlURL `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

// checkSitemap fails the test unless writeSitemap(root, item, urls)
// reads back with encoding/xml as root in the sitemap namespace with
// urls as its items (invalid characters as U+FFFD).
func checkSitemap(t testing.TB, root, item string, urls []sitemapURL) {
	t.Helper()
	data := writeSitemap(root, item, urls)
	var x xmlSitemap
	if err := xml.Unmarshal(data, &x); err != nil {
		t.Fatalf("the %s is not XML encoding/xml reads: %v\n%s", root, err, data)
	}
	if x.XMLName != (xml.Name{Space: sitemapNS, Local: root}) {
		t.Errorf("root element %v, want %s in %s", x.XMLName, root, sitemapNS)
	}
	items, other := x.URLs, x.Sitemaps
	if item == "sitemap" {
		items, other = other, items
	}
	if len(other) > 0 {
		t.Errorf("%s has items other than <%s>: %v", root, item, other)
	}
	var got, want []sitemapURL
	for _, u := range items {
		g := sitemapURL{Loc: u.Loc, LastMod: u.LastMod}
		for _, a := range u.Alternates {
			g.Alternates = append(g.Alternates, sitemapAlt(a))
		}
		got = append(got, g)
	}
	for _, u := range urls {
		w := sitemapURL{Loc: clean(u.Loc), LastMod: clean(u.LastMod)}
		for _, a := range u.Alternates {
			w.Alternates = append(w.Alternates, sitemapAlt{Rel: clean(a.Rel), Hreflang: clean(a.Hreflang), Href: clean(a.Href)})
		}
		want = append(want, w)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the %s reads back as\n%+v\nwant\n%+v\n%s", root, got, want, data)
	}
}

var sitemapCases = [][]sitemapURL{
	nil,
	{{Loc: "https://example.org/"}},
	{{Loc: "https://example.org/a/", LastMod: "2027-03-11T17:00:00Z"}, {Loc: "https://example.org/b/?x=1&y=<2>\"'\t\n\r"}},
	{{Loc: "https://www.stadt.bamberg.de/integration/akteure/migranten-und-integrationsbeirat/", LastMod: "2026-11-25T12:00:00Z"}},
	{{Loc: "https://example.org/a/", Alternates: []sitemapAlt{{"alternate", "de", "https://example.org/a/"}, {"alternate", "ar", "https://example.org/ar/a/?x=<&>"}, {"alternate", "x-default", "https://example.org/a/"}}}, {Loc: "https://example.org/b/"}},
	{{Loc: "ungültig \xff\xfe \x00\x1f \uFFFE", LastMod: "\r\n", Alternates: []sitemapAlt{{"\"'", "\x01", "]]>"}}}},
}

// Every value of a sitemap, whatever its characters, reads back as it
// was; so does every value of a sitemap index.
func TestWriteSitemapReadsBack(t *testing.T) {
	for _, urls := range sitemapCases {
		checkSitemap(t, "urlset", "url", urls)
		var index []sitemapURL
		for _, u := range urls {
			index = append(index, sitemapURL{Loc: u.Loc, LastMod: u.LastMod})
		}
		checkSitemap(t, "sitemapindex", "sitemap", index)
	}
}

// writeSitemap writes the form the package documentation gives: the
// xhtml namespace only when there are alternates.
func TestWriteSitemapForm(t *testing.T) {
	for _, tc := range []struct {
		root, item string
		urls       []sitemapURL
		want       string
	}{
		{"urlset", "url", nil, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>
`},
		{"urlset", "url", []sitemapURL{
			{Loc: "https://example.org/a/", LastMod: "2027-03-11T17:00:00Z", Alternates: []sitemapAlt{{"alternate", "de", "https://example.org/a/"}, {"alternate", "en", "https://example.org/en/a/?x=1&y=2"}, {"alternate", "x-default", "https://example.org/a/"}}},
			{Loc: "https://example.org/b/"},
		}, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://example.org/a/</loc>
    <lastmod>2027-03-11T17:00:00Z</lastmod>
    <xhtml:link rel="alternate" hreflang="de" href="https://example.org/a/"></xhtml:link>
    <xhtml:link rel="alternate" hreflang="en" href="https://example.org/en/a/?x=1&amp;y=2"></xhtml:link>
    <xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/a/"></xhtml:link>
  </url>
  <url>
    <loc>https://example.org/b/</loc>
  </url>
</urlset>
`},
		{"sitemapindex", "sitemap", []sitemapURL{
			{Loc: "https://example.org/sitemaps/1.xml", LastMod: "2027-03-11T17:00:00Z"},
			{Loc: "https://example.org/sitemaps/2.xml"},
		}, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>https://example.org/sitemaps/1.xml</loc>
    <lastmod>2027-03-11T17:00:00Z</lastmod>
  </sitemap>
  <sitemap>
    <loc>https://example.org/sitemaps/2.xml</loc>
  </sitemap>
</sitemapindex>
`},
	} {
		if got := string(writeSitemap(tc.root, tc.item, tc.urls)); got != tc.want {
			t.Errorf("writeSitemap(%s):\n%s\nwant\n%s", tc.root, got, tc.want)
		}
	}
}

func FuzzWriteSitemap(f *testing.F) {
	f.Add("https://example.org/ä?x=1&y=2", "2027-01-01T00:00:00Z")
	for _, urls := range sitemapCases {
		for _, u := range urls {
			f.Add(u.Loc, u.LastMod)
		}
	}
	f.Fuzz(func(t *testing.T, loc, lastmod string) {
		urls := []sitemapURL{{Loc: loc, LastMod: lastmod}, {Loc: lastmod, Alternates: []sitemapAlt{{"alternate", lastmod, loc}}}}
		checkSitemap(t, "urlset", "url", urls)
		checkSitemap(t, "sitemapindex", "sitemap", []sitemapURL{{Loc: loc, LastMod: lastmod}, {Loc: lastmod}})
	})
}
