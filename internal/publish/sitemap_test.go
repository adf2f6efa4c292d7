package publish

import (
	"bytes"
	"testing"
)

// writeURLSet must give exactly the bytes encoding/xml gives.
func TestWriteURLSetAsEncodingXML(t *testing.T) {
	for _, urls := range [][]sitemapURL{
		nil,
		{{Loc: "https://example.org/"}},
		{{Loc: "https://example.org/a/", LastMod: "2027-03-11T17:00:00Z"}, {Loc: "https://example.org/b/?x=1&y=<2>\"'\t\n"}},
		{{Loc: "https://www.stadt.bamberg.de/integration/akteure/migranten-und-integrationsbeirat/", LastMod: "2026-11-25T12:00:00Z"}},
		{{Loc: "https://example.org/a/", Alternates: []sitemapAlt{{"alternate", "de", "https://example.org/a/"}, {"alternate", "ar", "https://example.org/ar/a/?x=<&>"}, {"alternate", "x-default", "https://example.org/a/"}}}, {Loc: "https://example.org/b/"}},
	} {
		want := marshalXML(newURLSet(urls))
		if got := writeURLSet(urls); !bytes.Equal(got, want) {
			t.Errorf("writeURLSet(%v):\n%s\nencoding/xml:\n%s", urls, got, want)
		}
	}
}

func FuzzWriteURLSet(f *testing.F) {
	f.Add("https://example.org/ä?x=1&y=2", "2027-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, loc, lastmod string) {
		urls := []sitemapURL{{Loc: loc, LastMod: lastmod}, {Loc: lastmod, Alternates: []sitemapAlt{{"alternate", lastmod, loc}}}}
		if got, want := writeURLSet(urls), marshalXML(newURLSet(urls)); !bytes.Equal(got, want) {
			t.Fatalf("differs:\n%q\n%q", got, want)
		}
	})
}
