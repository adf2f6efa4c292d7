package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"golang.org/x/net/html"

	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// hostile is a title an attacker (or an unlucky editor) might write: it
// closes a script, a comment, a CDATA section, an attribute and a tag,
// and carries the separators of iCalendar.
const hostile = `Vorsicht </script><!--<script>alert(1)</script>--> ]]> "x" onload='y' <b>&amp; ; , \ Ende`

// TestHostileTitleEscaped builds a site whose event, actor and page titles
// and event place are hostile, and reads every file the build wrote with
// the parser its readers use: the HTML pages with an HTML5 parser (no
// script element or event attribute comes from the content, and the
// title is there as text), JSON-LD with a JSON parser, feeds and the
// sitemap with an XML parser, calendars with an iCalendar parser (the
// title comes back exactly). What held in the review stays held.
func TestHostileTitleEscaped(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	quoted, _ := json.Marshal(hostile) // a YAML double-quoted string
	for _, f := range []string{"content/termine/rt-maerz.md", "content/akteure/beirat.md", "content/geschichte/start.md"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		i := strings.Index(s, "\ntitle:")
		j := strings.Index(s[i+1:], "\n")
		s = s[:i] + "\ntitle: " + string(quoted) + s[i+1+j:]
		s = strings.Replace(s, "  name: Rathaus", "  name: "+string(quoted), 1)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public")
	if code, _, errs := sitegen("build", "--source", dir, "--out", out, "--now", "2027-03-01T12:00", "--compress=false"); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	seen := map[string]int{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		switch filepath.Ext(p) {
		case ".html":
			if htmlHolds(t, rel, data) {
				seen["html"]++
			}
		case ".atom", ".xml":
			if xmlHolds(t, rel, data) {
				seen["xml"]++
			}
		case ".ics":
			if icsHolds(t, rel, data) {
				seen["ics"]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The title reached readers in every kind of file (else the test
	// proves nothing): pages, JSON-LD (counted with the pages), feeds,
	// calendars.
	t.Logf("files showing the title: %v", seen)
	for _, k := range []string{"html", "xml", "ics"} {
		if seen[k] == 0 {
			t.Errorf("no %s file shows the hostile title: %v", k, seen)
		}
	}
}

// htmlHolds parses a page as a browser does and reports whether the
// hostile title is in its text; it fails the test on a script element
// or an event attribute that the layouts did not write.
func htmlHolds(t *testing.T, rel string, data []byte) bool {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return false
	}
	found := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q> – an event attribute from the content", rel, n.Data, a.Key, a.Val)
				}
				if strings.Contains(a.Val, hostile) {
					found = true
				}
			}
			if n.Data == "b" {
				t.Errorf("%s: a <b> element from the title", rel)
			}
			if n.Data == "script" {
				var text strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					text.WriteString(c.Data)
				}
				body := text.String()
				if strings.Contains(body, "alert(1)") && !json.Valid([]byte(body)) {
					t.Errorf("%s: a script with the title's code: %.120s", rel, body)
				}
				if json.Valid([]byte(body)) && strings.Contains(body, "Vorsicht") {
					var v any
					json.Unmarshal([]byte(body), &v)
					if b, _ := json.Marshal(v); bytes.Contains(b, []byte("Vorsicht")) {
						found = found || jsonHas(v, hostile)
					}
				}
			}
		}
		if n.Type == html.TextNode && strings.Contains(n.Data, hostile) {
			found = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

// jsonHas reports whether a string of v is exactly s.
func jsonHas(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return v == s
	case []any:
		for _, x := range v {
			if jsonHas(x, s) {
				return true
			}
		}
	case map[string]any:
		for _, x := range v {
			if jsonHas(x, s) {
				return true
			}
		}
	}
	return false
}

// xmlHolds parses a feed or sitemap as XML and reports whether a text or
// attribute is exactly the hostile title.
func xmlHolds(t *testing.T, rel string, data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	found := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return found
		}
		if err != nil {
			t.Errorf("%s: not XML: %v", rel, err)
			return false
		}
		switch tok := tok.(type) {
		case xml.CharData:
			if strings.Contains(string(tok), hostile) {
				found = true
			}
		case xml.StartElement:
			if tok.Name.Local == "script" || tok.Name.Local == "b" {
				t.Errorf("%s: element <%s> from the title", rel, tok.Name.Local)
			}
		}
	}
}

// icsHolds parses a calendar and reports whether an event's SUMMARY or
// LOCATION is the hostile title, exactly; more events than VEVENTs
// written would mean the title broke out of its line.
func icsHolds(t *testing.T, rel string, data []byte) bool {
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return false
	}
	if n := bytes.Count(data, []byte("BEGIN:VEVENT")); n != len(cal.Events()) {
		t.Errorf("%s: %d BEGIN:VEVENT, %d events parsed", rel, n, len(cal.Events()))
	}
	found := false
	for _, e := range cal.Events() {
		for _, p := range []ics.ComponentProperty{ics.ComponentPropertySummary, ics.ComponentPropertyLocation} {
			if prop := e.GetProperty(p); prop != nil && strings.HasPrefix(prop.Value, hostile) {
				found = true
			}
		}
	}
	return found
}
