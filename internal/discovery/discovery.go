// Package discovery makes the files by which browsers, feed readers and
// search engines find a site's pages: the sitemap, robots.txt and the
// Atom feeds. Like package ical it turns the model into documents; making
// them small (minify, gzip, brotli) is package publish's business, which
// the build hands these files to like every other. It never reads the
// clock.
//
// # The files
//
// [Files] makes the discovery files of a site whose output paths it is
// given:
//
//	sitemap.xml     every page (not the alias redirect pages, not 404.html),
//	                absolute URLs under the base URL, sorted, with lastmod
//	robots.txt      allows everything and names the sitemap's absolute URL
//	termine.atom    Atom feed (RFC 4287) of the upcoming events, soonest
//	                first, cancelled and postponed ones marked; only for a
//	                site with a section of type event
//	aktuelles.atom  Atom feed of the 20 most recently changed pages
//
// A site of several languages has the two feeds of each language under
// that language's prefix (en/termine.atom), and in the sitemap every page
// of more than one language lists all of them and x-default (the first
// language's) as <xhtml:link rel="alternate" hreflang="…">, Google's
// hreflang extension. A sitemap holds at most 50,000 URLs (sitemaps.org):
// a larger site gets sitemaps/1.xml, sitemaps/2.xml … and sitemap.xml is
// their index, each with the newest lastmod of its URLs.
//
// A file of the same path that the site already has (from content/ or
// assets/) is kept instead of the generated one.
//
// lastmod: a page's last modification is the modification time of its
// Markdown file (and of the files of its bundle; for a section or the home
// page also of the pages directly inside it, which it lists), read with
// fs.Stat from the source given with [Source], and never later than the
// build's Now (site.Now, from --now or $SOURCE_DATE_EPOCH): a fresh clone,
// whose files all carry the time of the checkout, so gets Now everywhere,
// and the output stays a function of the input files, their times and
// Now. Git history is not read (an fs.FS has none); CI sets each content
// file's time to that of its last commit first (deploy/git-mtime.sh), so
// that lastmod tells what really changed. Without a known time (no
// [Source], or a zero time as in fstest.MapFS) lastmod is left out of the
// sitemap and the feeds use Now.
//
// A feed's <updated> is the newest of its entries' and of its alternate
// page's (the events section, the language's home page) lastmod: the
// content's own time, not the build's, so that a build with nothing
// changed makes the same bytes whenever it runs (and the output folder
// keeps its files). Only when none of them has a known time is it Now.
// [PageTime] gives the same lastmod to others (the calendars' DTSTAMP).
//
// # The XML
//
// The sitemap and the feeds are written by hand, not with encoding/xml's
// reflection: the sitemap of a large site and its events feed of
// thousands of entries are made on every build, also in the preview. For
// a feed of 2,000 events (BenchmarkEventsFeed) encoding/xml took 18 to
// 57 ms and 13,000 allocations, writeFeed 2.2 to 2.9 ms and one (three
// runs each on 2 shared cores). The form is fixed: the XML declaration
// <?xml version="1.0" encoding="UTF-8"?> and a line break, then one
// element per line indented by two spaces per level, every element with
// an end tag (<link …></link>), attributes in double quotes in a fixed
// order, a line break after the root's end tag. An element or attribute
// whose value is optional and empty is left out (a feed's subtitle, an
// author's uri, a link's type, a category's label, xml:lang).
//
// Text and attribute values are escaped as encoding/xml escapes them
// (xml.EscapeText): " ' & < > tab, line feed and carriage return as
// character references, so that every value reads back exactly; invalid
// UTF-8 and characters outside XML's character range (control
// characters, U+FFFE, U+FFFF) as U+FFFD, so that what comes out is always
// well-formed XML whatever an editor typed. The tests read every document
// back with encoding/xml and compare each value, also under fuzzing.
//
// # Determinism
//
// The output depends only on the files, their times, the site and Now:
// the files are made from the site's sorted slices, not from the order of
// files; the work done at once writes to fixed slots.
package discovery

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

// Option changes what Files does.
type Option func(*config)

type config struct {
	src        fs.FS
	eventsFeed []byte // when not nil: termine.atom, already made
}

// Source is the site's source folder (with content/), for the
// modification times of pages' files (lastmod).
func Source(fsys fs.FS) Option { return func(c *config) { c.src = fsys } }

// EventsFeed makes Files use data as the feed of upcoming events (of the
// first language) instead of making it: the preview server keeps the last
// one while no event, its file time, the settings or the time changed.
func EventsFeed(data []byte) Option {
	return func(c *config) { c.eventsFeed = data }
}

// Files returns the discovery files for a site whose output paths are
// those of files (their data is not read): the sitemap, robots.txt and
// the Atom feeds, leaving out those files already has.
func Files(files []write.File, site *model.Site, opts ...Option) []write.File {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
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

// sitemapURL is a <url> of a sitemap, or a <sitemap> of the index.
type sitemapURL struct {
	Loc        string
	LastMod    string
	Alternates []sitemapAlt
}

// sitemapAlt is the page in one language (Google's hreflang sitemap
// extension): <xhtml:link rel="alternate" hreflang="en" href="…">.
type sitemapAlt struct {
	Rel      string
	Hreflang string
	Href     string
}

// The namespaces of the sitemap and of its alternates.
const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	xhtmlNS   = "http://www.w3.org/1999/xhtml"
)

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
		return []write.File{{Path: SitemapPath, Data: writeSitemap("urlset", "url", urls)}}
	}
	var files []write.File
	var index []sitemapURL
	for n := 0; len(urls) > 0; n++ {
		part := urls[:min(sitemapMax, len(urls))]
		urls = urls[len(part):]
		p := "sitemaps/" + strconv.Itoa(n+1) + ".xml"
		entry := sitemapURL{Loc: site.Config.AbsURL("/" + p)}
		for _, u := range part {
			entry.LastMod = max(entry.LastMod, u.LastMod) // RFC 3339 in UTC sorts as text
		}
		index = append(index, entry)
		files = append(files, write.File{Path: p, Data: writeSitemap("urlset", "url", part)})
	}
	return append(files, write.File{Path: SitemapPath, Data: writeSitemap("sitemapindex", "sitemap", index)})
}

// writeSitemap returns a sitemap (root "urlset", item "url") or a
// sitemap index (root "sitemapindex", item "sitemap") of urls, in the form
// the package documentation gives.
func writeSitemap(root, item string, urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(len(urls) * 120)
	b.WriteString(xml.Header)
	b.WriteString("<" + root + ` xmlns="` + sitemapNS + `"`)
	if hasAlternates(urls) {
		b.WriteString(` xmlns:xhtml="` + xhtmlNS + `"`)
	}
	b.WriteString(`>`)
	for _, u := range urls {
		b.WriteString("\n  <" + item + ">\n    <loc>")
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
		b.WriteString("\n  </" + item + ">")
	}
	if len(urls) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes()
}

func hasAlternates(urls []sitemapURL) bool {
	return slices.ContainsFunc(urls, func(u sitemapURL) bool { return len(u.Alternates) > 0 })
}

// Atom (RFC 4287): the feed and its elements, as writeFeed writes them.

type atomFeed struct {
	Lang     string // the xml:lang attribute
	ID       string
	Title    string
	Subtitle string // optional
	Updated  string
	Links    []atomLink
	Author   atomPerson
	Entries  []atomEntry
}

type atomLink struct {
	Rel  string
	Type string // optional
	Href string
}

type atomPerson struct {
	Name string
	URI  string // optional
}

// atomText is a text construct: <summary type="text">…</summary>.
type atomText struct {
	Type string
	Text string
}

type atomEntry struct {
	ID       string
	Title    string
	Updated  string
	Links    []atomLink
	Summary  *atomText // optional
	Category []atomCat
}

type atomCat struct {
	Term  string
	Label string // optional
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
	newest := lm.byURL(site, section)
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
		newest = later(newest, lm.page(p))
	}
	feed.Updated = updated(site, newest)
	return writeFeed(feed)
}

// updated is a feed's <updated>: the newest lastmod of what it shows, or
// Now when none is known.
func updated(site *model.Site, newest time.Time) string {
	if newest.IsZero() {
		newest = site.Now
	}
	return w3c(newest)
}

// byURL returns the lastmod of the page at the URL u, or the zero time.
func (l *lastmods) byURL(site *model.Site, u string) time.Time {
	for _, p := range site.Pages {
		if p.URL == u {
			return l.page(p)
		}
	}
	return time.Time{}
}

// PageTime returns when the page p last changed, as the sitemap's lastmod
// says (see the package documentation; src is the site's source folder),
// or the zero time if that is unknown. It is safe for concurrent use.
func PageTime(site *model.Site, src fs.FS, p *model.Page) time.Time {
	l := &lastmods{site: site, src: src, times: map[string]time.Time{}}
	return l.page(p)
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
	newest := lm.byURL(site, site.Prefix())
	for _, it := range items[:min(len(items), ChangesFeedSize)] {
		feed.Entries = append(feed.Entries, entryFor(site, it.p, lm, it.p.Description))
		newest = later(newest, it.t)
	}
	feed.Updated = updated(site, newest)
	return writeFeed(feed)
}

// writeFeed returns the Atom document of f, in the form the package
// documentation gives.
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
// (xml.EscapeText) and attribute values (the same rules): " ' & < > tab, newline and carriage return as character
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
