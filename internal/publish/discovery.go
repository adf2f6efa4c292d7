package publish

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Paths of the generated discovery files.
const (
	SitemapPath     = "sitemap.xml"
	RobotsPath      = "robots.txt"
	EventsFeedPath  = "termine.atom"
	ChangesFeedPath = "aktuelles.atom"
)

// ChangesFeedSize is the number of pages in the feed of changed pages.
const ChangesFeedSize = 20

// sitemapMax is the number of URLs one sitemap file may hold
// (sitemaps.org); larger sites get a sitemap index.
const sitemapMax = 50000

// discovery returns the sitemap, robots.txt and the feeds for the site
// whose files are files, leaving out those files already has.
func discovery(files []write.File, site *model.Site, c *config) []write.File {
	have := make(map[string]bool, len(files))
	for _, f := range files {
		have[f.Path] = true
	}
	lm := &lastmods{site: site, src: c.src, times: map[string]time.Time{}}
	var pages []*model.Page // the pages that have a file, sorted by URL
	for _, p := range site.Pages {
		if have[model.OutputPath(p.URL)] {
			pages = append(pages, p)
		}
	}
	// Every page's time once, then the three files at once (read-only).
	lm.fill(site.Pages)
	// The sitemap of every page, and per language the feeds (at once;
	// lm is read-only now).
	var (
		wg   sync.WaitGroup
		maps []write.File
	)
	feeds := make([][2][]byte, len(site.Langs)) // per language: events, news
	wg.Add(1)
	go func() { defer wg.Done(); maps = sitemaps(site, pages, lm) }()
	for i, ls := range site.Langs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []*model.Page
			for _, p := range pages {
				if p.Site == ls || p.Site == nil {
					mine = append(mine, p)
				}
			}
			feeds[i][1] = changesFeed(ls, mine, lm)
			if ls.HasEvents() {
				if feeds[i][0] = c.eventsFeed; i > 0 || c.eventsFeed == nil {
					feeds[i][0] = eventsFeed(ls, have, lm)
				}
			}
		}()
	}
	wg.Wait()

	var out []write.File
	add := func(p string, data []byte) {
		if !have[p] {
			out = append(out, write.File{Path: p, Data: data})
			have[p] = true
		}
	}
	for _, f := range maps {
		add(f.Path, f.Data)
	}
	add(RobotsPath, []byte("User-agent: *\nAllow: /\n\nSitemap: "+site.Config.AbsURL("/"+SitemapPath)+"\n"))
	for i, ls := range site.Langs {
		dir := strings.TrimPrefix(ls.Prefix(), "/")
		if ls.HasEvents() {
			add(dir+EventsFeedPath, feeds[i][0])
		}
		add(dir+ChangesFeedPath, feeds[i][1])
	}
	return out
}

// lastmods finds and remembers the last modification of pages.
type lastmods struct {
	site  *model.Site
	src   fs.FS
	times map[string]time.Time      // source path → modification time
	pages map[*model.Page]time.Time // after fill: page → lastmod
}

// fill works out the lastmod of every page of pages; from then on page
// only reads, and lm is safe for concurrent use.
func (l *lastmods) fill(pages []*model.Page) {
	m := make(map[*model.Page]time.Time, len(pages))
	for _, p := range pages {
		m[p] = l.page(p)
	}
	l.pages = m
}

func (l *lastmods) file(p string) time.Time {
	if l.src == nil {
		return time.Time{}
	}
	if t, ok := l.times[p]; ok {
		return t
	}
	var t time.Time
	if info, err := fs.Stat(l.src, p); err == nil {
		t = info.ModTime()
	}
	l.times[p] = t
	return t
}

// own is the newest time of a page's file and its bundle's files.
func (l *lastmods) own(p *model.Page) time.Time {
	var t time.Time
	if p.Source != nil {
		t = p.Source.ModTime // read by the load stage; no second stat
	}
	for _, f := range p.Files {
		t = later(t, l.file("content/"+f.Src))
	}
	return t
}

// page returns when p last changed (see the package documentation), in
// UTC to the second, or the zero time if that is unknown.
func (l *lastmods) page(p *model.Page) time.Time {
	if t, ok := l.pages[p]; ok {
		return t
	}
	t := l.own(p)
	if p.IsSection() {
		for _, c := range p.Children {
			t = later(t, l.own(c))
		}
	}
	if t.IsZero() {
		return t
	}
	if now := l.site.Now; !now.IsZero() && t.After(now) {
		t = now
	}
	return t.UTC().Truncate(time.Second)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func w3c(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type sitemapURL struct {
	Loc        string       `xml:"loc"`
	LastMod    string       `xml:"lastmod,omitempty"`
	Alternates []sitemapAlt `xml:"xhtml:link"`
}

// sitemapAlt is the page in one language (Google's hreflang sitemap
// extension): <xhtml:link rel="alternate" hreflang="en" href="…">.
type sitemapAlt struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// xhtmlNS is the namespace of the sitemap's alternates.
const xhtmlNS = "http://www.w3.org/1999/xhtml"

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

// alternates returns the sitemap links of the page in every language,
// and x-default (the default language's), or nil for a page of a site
// with one language.
func alternates(site *model.Site, p *model.Page) []sitemapAlt {
	if len(p.Translations) < 2 {
		return nil
	}
	alts := make([]sitemapAlt, 0, len(p.Translations)+1)
	for _, t := range p.Translations {
		alts = append(alts, sitemapAlt{Rel: "alternate", Hreflang: t.Language, Href: site.Config.AbsURL(t.URL)})
	}
	return append(alts, sitemapAlt{Rel: "alternate", Hreflang: "x-default", Href: site.Config.AbsURL(p.Translations[0].URL)})
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemaps returns sitemap.xml; for more than sitemapMax pages it is an
// index of sitemaps/1.xml, sitemaps/2.xml ….
func sitemaps(site *model.Site, pages []*model.Page, lm *lastmods) []write.File {
	urls := make([]sitemapURL, len(pages))
	for i, p := range pages {
		urls[i] = sitemapURL{Loc: site.Config.AbsURL(p.URL), Alternates: alternates(site, p)}
		if t := lm.page(p); !t.IsZero() {
			urls[i].LastMod = w3c(t)
		}
	}
	if len(urls) <= sitemapMax {
		return []write.File{{Path: SitemapPath, Data: writeURLSet(urls)}}
	}
	var files []write.File
	var index sitemapIndex
	for n := 0; len(urls) > 0; n++ {
		part := urls[:min(sitemapMax, len(urls))]
		urls = urls[len(part):]
		p := "sitemaps/" + strconv.Itoa(n+1) + ".xml"
		entry := sitemapURL{Loc: site.Config.AbsURL("/" + p)}
		for _, u := range part {
			entry.LastMod = max(entry.LastMod, u.LastMod) // RFC 3339 in UTC sorts as text
		}
		index.Sitemaps = append(index.Sitemaps, entry)
		files = append(files, write.File{Path: p, Data: writeURLSet(part)})
	}
	return append(files, write.File{Path: SitemapPath, Data: marshalXML(index)})
}

// writeURLSet returns what marshalXML(urlSet{URLs: urls}) returns, made
// without reflection: the sitemap of a large site is made on every build
// (its lastmod changes with any page), also in the preview.
func writeURLSet(urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(len(urls) * 120)
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	if hasAlternates(urls) {
		b.WriteString(` xmlns:xhtml="` + xhtmlNS + `"`)
	}
	b.WriteString(`>`)
	for _, u := range urls {
		b.WriteString("\n  <url>\n    <loc>")
		escapeXML(&b, u.Loc)
		b.WriteString("</loc>")
		if u.LastMod != "" {
			b.WriteString("\n    <lastmod>")
			escapeXML(&b, u.LastMod)
			b.WriteString("</lastmod>")
		}
		for _, a := range u.Alternates {
			b.WriteString("\n    <xhtml:link rel=\"")
			escapeXML(&b, a.Rel)
			b.WriteString(`" hreflang="`)
			escapeXML(&b, a.Hreflang)
			b.WriteString(`" href="`)
			escapeXML(&b, a.Href)
			b.WriteString(`"></xhtml:link>`)
		}
		b.WriteString("\n  </url>")
	}
	if len(urls) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func hasAlternates(urls []sitemapURL) bool {
	return slices.ContainsFunc(urls, func(u sitemapURL) bool { return len(u.Alternates) > 0 })
}

// newURLSet returns the sitemap of urls as encoding/xml would write it.
func newURLSet(urls []sitemapURL) urlSet {
	s := urlSet{URLs: urls}
	if hasAlternates(urls) {
		s.XHTML = xhtmlNS
	}
	return s
}

func marshalXML(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // fixed types of strings cannot fail
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// Atom (RFC 4287).

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID       string     `xml:"id"`
	Title    string     `xml:"title"`
	Updated  string     `xml:"updated"`
	Links    []atomLink `xml:"link"`
	Summary  *atomText  `xml:"summary,omitempty"`
	Category []atomCat  `xml:"category,omitempty"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// newFeed starts the feed at the path p (below the language's prefix) of
// a language's site.
func newFeed(site *model.Site, p, title, subtitle, alternate string) atomFeed {
	c := site.Config
	p = strings.TrimPrefix(site.Prefix(), "/") + p
	return atomFeed{
		Lang:     c.Language,
		ID:       c.AbsURL("/" + p),
		Title:    title,
		Subtitle: subtitle,
		Updated:  w3c(site.Now),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: c.AbsURL("/" + p)},
			{Rel: "alternate", Type: "text/html", Href: c.AbsURL(alternate)},
		},
		Author: atomPerson{Name: c.Title, URI: c.AbsURL(site.Prefix())},
	}
}

func entryFor(site *model.Site, p *model.Page, lm *lastmods, summary string) atomEntry {
	updated := lm.page(p)
	if updated.IsZero() {
		updated = site.Now
	}
	e := atomEntry{
		ID:      site.Config.AbsURL(p.URL),
		Title:   p.Title,
		Updated: w3c(updated),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: site.Config.AbsURL(p.URL)}},
	}
	if summary != "" {
		e.Summary = &atomText{Type: "text", Text: summary}
	}
	return e
}

// eventsFeed is the feed of upcoming events, soonest first.
func eventsFeed(site *model.Site, have map[string]bool, lm *lastmods) []byte {
	section := site.Prefix()
	for _, p := range site.Pages {
		if p.IsSection() && p.Type == model.TypeEvent {
			section = p.URL
			break
		}
	}
	feed := newFeed(site, EventsFeedPath, site.Config.Title+": "+site.T("feed_events"), site.T("feed_events_subtitle"), section)
	for _, p := range site.EventList(model.EventQuery{}) {
		if !have[model.OutputPath(p.URL)] || p.Event.Span.Start.IsZero() {
			continue
		}
		ev := p.Event
		var lines []string
		when := site.Locale.Span(ev.Span, site.Config.Location)
		status := ""
		if ev.Status != "scheduled" && ev.Status != "" {
			status = site.T("status_" + ev.Status)
			when += " – " + status
		}
		lines = append(lines, when)
		if l := ev.Location; l != nil {
			switch {
			case l.Online != "":
				lines = append(lines, site.T("event_online")+": "+l.Online)
			case l.Name != "" || l.Address != "":
				lines = append(lines, site.T("event_where")+": "+strings.Join(nonEmpty(l.Name, l.Address), ", "))
			}
		}
		lines = append(lines, nonEmpty(cmp.Or(ev.Summary, p.Description))...)
		e := entryFor(site, p, lm, strings.Join(lines, " · "))
		if status != "" {
			e.Title += " (" + status + ")"
		}
		if ev.Series != "" {
			e.Category = []atomCat{{Term: ev.Series, Label: ev.SeriesTitle}}
		}
		feed.Entries = append(feed.Entries, e)
	}
	return writeFeed(feed)
}

// changesFeed is the feed of the most recently changed pages, newest
// first (same time: by URL).
func changesFeed(site *model.Site, pages []*model.Page, lm *lastmods) []byte {
	feed := newFeed(site, ChangesFeedPath, site.Config.Title+": "+site.T("feed_changes"), site.T("feed_changes_subtitle"), site.Prefix())
	type item struct {
		p *model.Page
		t time.Time
	}
	var items []item
	for _, p := range pages {
		if p.Made() {
			continue // made, not written: a series' page (its events are pages), the A–Z index, the search page
		}
		items = append(items, item{p, lm.page(p)})
	}
	slices.SortStableFunc(items, func(a, b item) int { return b.t.Compare(a.t) }) // pages are sorted by URL
	for _, it := range items[:min(len(items), ChangesFeedSize)] {
		feed.Entries = append(feed.Entries, entryFor(site, it.p, lm, it.p.Description))
	}
	return writeFeed(feed)
}

// writeFeed returns what marshalXML(f) returns, made without reflection:
// the events feed of a large site holds thousands of entries and is made
// on every build, also in the preview.
func writeFeed(f atomFeed) []byte {
	var b bytes.Buffer
	b.Grow(feedSize(f))
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"`)
	if f.Lang != "" {
		b.WriteString(` xml:lang="`)
		escapeXML(&b, f.Lang)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	feedElem(&b, "\n  ", "id", f.ID)
	feedElem(&b, "\n  ", "title", f.Title)
	if f.Subtitle != "" {
		feedElem(&b, "\n  ", "subtitle", f.Subtitle)
	}
	feedElem(&b, "\n  ", "updated", f.Updated)
	feedLinks(&b, "\n  ", f.Links)
	b.WriteString("\n  <author>")
	feedElem(&b, "\n    ", "name", f.Author.Name)
	if f.Author.URI != "" {
		feedElem(&b, "\n    ", "uri", f.Author.URI)
	}
	b.WriteString("\n  </author>")
	for _, e := range f.Entries {
		b.WriteString("\n  <entry>")
		feedElem(&b, "\n    ", "id", e.ID)
		feedElem(&b, "\n    ", "title", e.Title)
		feedElem(&b, "\n    ", "updated", e.Updated)
		feedLinks(&b, "\n    ", e.Links)
		if s := e.Summary; s != nil {
			b.WriteString("\n    <summary type=\"")
			escapeXML(&b, s.Type)
			b.WriteString(`">`)
			escapeXML(&b, s.Text)
			b.WriteString("</summary>")
		}
		for _, c := range e.Category {
			b.WriteString("\n    <category term=\"")
			escapeXML(&b, c.Term)
			if c.Label != "" {
				b.WriteString(`" label="`)
				escapeXML(&b, c.Label)
			}
			b.WriteString(`"></category>`)
		}
		b.WriteString("\n  </entry>")
	}
	b.WriteString("\n</feed>\n")
	return b.Bytes()
}

// feedElem writes an element of text after the line break and indentation
// in indent.
func feedElem(b *bytes.Buffer, indent, name, text string) {
	b.WriteString(indent)
	b.WriteByte('<')
	b.WriteString(name)
	b.WriteByte('>')
	escapeXML(b, text)
	b.WriteString("</")
	b.WriteString(name)
	b.WriteByte('>')
}

func feedLinks(b *bytes.Buffer, indent string, links []atomLink) {
	for _, l := range links {
		b.WriteString(indent)
		b.WriteString(`<link rel="`)
		escapeXML(b, l.Rel)
		if l.Type != "" {
			b.WriteString(`" type="`)
			escapeXML(b, l.Type)
		}
		b.WriteString(`" href="`)
		escapeXML(b, l.Href)
		b.WriteString(`"></link>`)
	}
}

// feedSize is about the length of writeFeed(f) when little is escaped.
func feedSize(f atomFeed) int {
	n := 400 + len(f.Lang) + len(f.ID) + len(f.Title) + len(f.Subtitle) + len(f.Updated) +
		len(f.Author.Name) + len(f.Author.URI) + linksSize(f.Links)
	for _, e := range f.Entries {
		n += 80 + len(e.ID) + len(e.Title) + len(e.Updated) + linksSize(e.Links)
		if e.Summary != nil {
			n += 40 + len(e.Summary.Type) + len(e.Summary.Text)
		}
		for _, c := range e.Category {
			n += 50 + len(c.Term) + len(c.Label)
		}
	}
	return n + n/16 // some escaping
}

func linksSize(links []atomLink) int {
	n := 0
	for _, l := range links {
		n += 50 + len(l.Rel) + len(l.Type) + len(l.Href)
	}
	return n
}

// escapeXML writes s escaped as encoding/xml escapes character data
// (xml.EscapeText) and attribute values (its printer's EscapeString, the
// same rules): " ' & < > tab, newline and carriage return as character
// references, invalid UTF-8 and characters outside the XML character
// range as U+FFFD. It takes a string, so nothing is copied to a []byte,
// and skips plain ASCII by a table.
func escapeXML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		for i < len(s) && xmlPlain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		var esc string
		width := 1
		switch c := s[i]; c {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if c >= utf8.RuneSelf {
				var r rune
				r, width = utf8.DecodeRuneInString(s[i:])
				if xmlChar(r) && (r != utf8.RuneError || width > 1) {
					i += width
					continue
				}
			}
			esc = "\uFFFD" // other control characters, invalid UTF-8, non-characters
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i += width
		last = i
	}
	b.WriteString(s[last:])
}

// xmlPlain tells the ASCII bytes escapeXML writes as they are.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"'&<>`, rune(c))
	}
	return t
}()

// xmlChar reports whether r is in the XML character range (XML 1.0
// section 2.2), as encoding/xml's isInCharacterRange.
func xmlChar(r rune) bool {
	return r == 0x09 ||
		r == 0x0A ||
		r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
