package model

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/german"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/slug"
)

// Site is the validated model of the whole site.
type Site struct {
	Config    Config
	Now       time.Time
	Home      *Page
	Pages     []*Page // every page, sorted by URL
	Menu      []*Page // pages with menu: true, by weight and title
	Files     []File  // files copied from content/, sorted by URL
	Redirects []Redirect

	// Listings, sorted once here so that layouts and directives share them.
	Events     []*Page // all events by start, then title
	Actors     []*Page // all actors by title in German collation
	Milestones []*Page // all milestones by date, then title

	hasEvents  bool
	events     atomic.Pointer[events] // split at Now (see EventList)
	seriesOnce sync.Once
	series     []Series

	bySource    map[string]*Page // content-relative path → page
	seriesPages map[string]*Page // series slug → its generated page
	byURL       map[string]string
	files       map[string]string // content-relative path → URL of files
}

var commonKeys = []string{"title", "description", "weight", "menu", "draft", "slug", "aliases", "lang", "type", "layout", "raw_html"}

var typeKeys = map[string][]string{
	TypePage:      nil,
	TypeEvent:     {"start", "end", "series", "location", "organizer", "registration", "status", "summary"},
	TypeActor:     {"category", "role", "contact", "address", "languages", "offers"},
	TypeMilestone: {"date", "until", "documents"},
}

// Build makes the site model from loaded content. Problems are added to
// diags; the returned site holds every page that could be made.
func Build(c *load.Content, opts Options, diags *diag.List) *Site {
	s := &Site{bySource: map[string]*Page{}, byURL: map[string]string{}, files: map[string]string{}}
	decs := map[*Page]*decoder{}

	// Common keys.
	var all []*Page
	for _, f := range c.Pages {
		d := &decoder{file: f, diags: diags}
		p := &Page{Source: f, Kind: f.Kind}
		d.common(p)
		decs[p] = d
		all = append(all, p)
		if p.Kind == load.KindHome {
			s.Home = p
		}
	}
	if s.Home == nil {
		diags.Errorf("content/_index.md", 0, "Die Startseite fehlt: bitte content/_index.md mit title anlegen")
		s.Home = &Page{Kind: load.KindHome, Title: "Start", URL: "/", Source: &load.File{Path: "content/_index.md", Meta: &load.Node{Kind: load.Map}}}
		decs[s.Home] = &decoder{file: s.Home.Source, diags: diags}
		all = append(all, s.Home)
	}
	s.Config = siteConfig(s.Home, decs[s.Home], opts)
	s.Now = opts.Now

	// Sections by folder, and each page's parent.
	sections := map[string]*Page{"": s.Home}
	for _, p := range all {
		if p.Kind == load.KindSection {
			sections[p.Source.Dir] = p
		}
	}
	parentDir := func(p *Page) string {
		switch {
		case p.Kind == load.KindHome:
			return ""
		case p.Kind == load.KindSection || p.Source.Bundle:
			return path.Dir(p.Source.Dir)
		}
		return p.Source.Dir
	}
	for _, p := range all {
		if p.Kind == load.KindHome {
			continue
		}
		for d := parentDir(p); ; d = path.Dir(d) {
			if d == "." {
				d = ""
			}
			if sec, ok := sections[d]; ok {
				p.Parent = sec
				break
			}
		}
	}

	// Drafts, including everything inside a draft section.
	var pages []*Page
	for _, p := range all {
		if opts.Drafts || !p.inDraft() {
			pages = append(pages, p)
		}
	}

	// Types and URLs. A folder's segment is its section's or bundle's
	// slug if it has one.
	folders := map[string]*Page{}
	for _, p := range all {
		if p.Kind == load.KindSection || p.Source.Bundle && sections[p.Source.Dir] == nil {
			folders[p.Source.Dir] = p
		}
	}
	dirURLs := map[string]string{"": "/"}
	unnamed := map[string]bool{} // folders without a slug and without a page to report it
	var dirURL func(dir string) string
	dirURL = func(dir string) string {
		if dir == "." {
			dir = ""
		}
		if u, ok := dirURLs[dir]; ok {
			return u
		}
		seg := slug.Make(path.Base(dir))
		if f, ok := folders[dir]; ok && f.Slug != "" {
			seg = f.Slug
		} else if seg == "" && !ok {
			unnamed[dir] = true
		}
		u := dirURL(path.Dir(dir)) + seg + "/"
		dirURLs[dir] = u
		return u
	}
	for _, p := range pages {
		p.Type = p.resolveType()
		switch {
		case p.Kind == load.KindHome:
			p.URL = "/"
		case p.Kind == load.KindSection || p.Source.Bundle:
			if slug.Make(path.Base(p.Source.Dir)) == "" && p.Slug == "" {
				decs[p].errorAt(1, "Aus dem Ordnernamen %q lässt sich keine Adresse bilden – bitte slug: angeben", path.Base(p.Source.Dir))
			}
			p.URL = dirURL(p.Source.Dir)
		default:
			base := strings.TrimSuffix(path.Base(p.Source.Rel), ".md")
			seg := p.Slug
			if seg == "" {
				seg = slug.Make(base)
			}
			if seg == "" {
				decs[p].errorAt(1, "Aus dem Dateinamen %q lässt sich keine Adresse bilden – bitte slug: angeben", path.Base(p.Source.Rel))
				seg = "seite"
			}
			p.URL = dirURL(p.Source.Dir) + seg + "/"
		}
		s.bySource[p.Source.Rel] = p
	}

	// Files from content/: bundle files follow their page.
	resources := slices.SortedFunc(slices.Values(c.Resources), func(a, b load.Resource) int { return strings.Compare(a.Rel, b.Rel) })
	for _, r := range resources {
		var u string
		if r.Bundle != "" {
			b, ok := s.bySource[r.Bundle]
			if !ok {
				continue // the bundle is a draft
			}
			u = b.URL + strings.TrimPrefix(r.Rel, b.Source.Dir+"/")
			b.Files = append(b.Files, File{Src: r.Rel, URL: u})
		} else {
			d := path.Dir(r.Rel)
			for sections[d] == nil {
				if d = path.Dir(d); d == "." {
					d = ""
				}
			}
			if !opts.Drafts && sections[d].inDraft() {
				continue // in a draft section
			}
			u = dirURL(path.Dir(r.Rel)) + path.Base(r.Rel)
		}
		s.files[r.Rel] = u
		s.Files = append(s.Files, File{Src: r.Rel, URL: u})
	}
	for _, dir := range slices.Sorted(maps.Keys(unnamed)) {
		diags.Errorf("content/"+dir, 0, "Aus dem Ordnernamen %q lässt sich keine Adresse bilden – bitte den Ordner umbenennen oder eine _index.md mit slug: hineinlegen", path.Base(dir))
	}

	// Output URLs must be unique.
	claim := func(u, what, src string, line int) bool {
		key := urlKey(u)
		if prev, ok := s.byURL[key]; ok {
			diags.Errorf(src, line, "Die Adresse %s ist doppelt vergeben: %s und %s", u, prev, what)
			return false
		}
		s.byURL[key] = what
		return true
	}
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.Source.Rel, b.Source.Rel) })
	pages = slices.DeleteFunc(pages, func(p *Page) bool {
		if claim(p.URL, p.Source.Path, p.Source.Path, 1) {
			return false
		}
		delete(s.bySource, p.Source.Rel) // reported; left out so that only one page is written
		return true
	})
	for _, f := range s.Files {
		claim(f.URL, "content/"+f.Src, "content/"+f.Src, 0)
	}
	for _, p := range pages {
		for i, a := range p.Aliases {
			claim(a, p.Source.Path+" (aliases)", p.Source.Path, p.aliasLines[i])
			s.Redirects = append(s.Redirects, Redirect{From: a, To: p})
		}
	}

	// Section series, then type data (which needs the actor pages).
	for _, p := range pages {
		if p.IsSection() {
			decs[p].series(p)
		}
	}
	actors := map[string]*Page{}
	for _, p := range pages {
		if p.Type == TypeActor && p.Kind == load.KindPage {
			name := path.Base(p.URL)
			if first, ok := actors[name]; ok { // pages are sorted by source path
				decs[p].errorAt(1, "Es gibt schon eine Akteursseite %q (%s) – organizer: %s wäre nicht eindeutig; bitte einen anderen Dateinamen oder slug: wählen", name, first.Source.Path, name)
				continue
			}
			actors[name] = p
		}
	}
	for _, p := range pages {
		d := decs[p]
		allowed := commonKeys
		if p.Kind == load.KindPage {
			allowed = append(slices.Clip(commonKeys), typeKeys[p.Type]...)
		} else {
			allowed = append(slices.Clip(commonKeys), "series")
			if p.Kind == load.KindHome {
				allowed = append(allowed, "site")
			}
		}
		d.checkKeys(p.Source.Meta, allowed, keyContext(p))
		if p.Kind != load.KindPage {
			continue
		}
		switch p.Type {
		case TypeEvent:
			d.event(p, s.Config.Location, actors)
		case TypeActor:
			d.actor(p)
		case TypeMilestone:
			d.milestone(p, s)
		}
	}

	// A page per declared series, below the section that declares it.
	seriesPages := map[string]*Page{}
	for _, sec := range slices.Clone(pages) {
		if sec.Kind == load.KindPage || len(sec.Series) == 0 {
			continue
		}
		keys := make([]string, 0, len(sec.Series))
		for k := range sec.Series {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			sp := &Page{
				Source:      &load.File{Path: sec.Source.Path, Rel: sec.Source.Rel, Dir: sec.Source.Dir, Meta: &load.Node{Kind: load.Map}, ModTime: sec.Source.ModTime},
				Kind:        load.KindPage,
				Type:        TypeEvent,
				Title:       sec.Series[k],
				Description: "Alle Termine der Reihe „" + sec.Series[k] + "“.",
				URL:         sec.URL + "reihe/" + k + "/",
				Parent:      sec,
				SeriesSlug:  k,
			}
			line := sec.Source.Meta.Line
			if n := sec.Source.Meta.Get("series"); n != nil {
				line = n.Line
				for _, f := range n.Fields {
					if f.Key == k {
						line = f.Line
					}
				}
			}
			if other, ok := seriesPages[k]; ok {
				diags.Errorf(sec.Source.Path, line, "Die Reihe %q ist schon in %s angelegt – bitte einen anderen Kurznamen wählen", k, other.Parent.Source.Path)
				continue
			}
			if claim(sp.URL, sec.Source.Path+" (Seite der Reihe "+k+")", sec.Source.Path, line) {
				pages = append(pages, sp)
				seriesPages[k] = sp
			}
		}
	}
	for _, p := range pages {
		if p.Event != nil && p.Event.Series != "" {
			p.Event.SeriesPage = seriesPages[p.Event.Series]
		}
	}
	s.seriesPages = seriesPages

	// Tree, menus and listings.
	for _, p := range pages {
		if k, ok := opts.KeyCache[p.Title]; ok {
			p.titleKey = k
			continue
		}
		p.titleKey = german.Key(p.Title)
		if opts.KeyCache != nil {
			opts.KeyCache[p.Title] = p.titleKey
		}
	}
	for _, p := range pages {
		if p.Parent != nil && p.SeriesSlug == "" {
			p.Parent.Children = append(p.Parent.Children, p)
		}
		if p.Menu {
			s.Menu = append(s.Menu, p)
		}
		if p.Kind != load.KindPage {
			continue
		}
		switch {
		case p.Event != nil:
			s.Events = append(s.Events, p)
		case p.Actor != nil:
			s.Actors = append(s.Actors, p)
		case p.Milestone != nil:
			s.Milestones = append(s.Milestones, p)
		}
	}
	for _, p := range pages {
		slices.SortStableFunc(p.Children, byWeightTitle)
	}
	slices.SortStableFunc(s.Menu, byWeightTitle)
	slices.SortStableFunc(s.Events, byStart)
	slices.SortStableFunc(s.Actors, byTitleURL)
	slices.SortStableFunc(s.Milestones, byDate)
	for _, ms := range groupByParent(s.Milestones) {
		linkTimeline(ms)
	}
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	slices.SortFunc(s.Files, func(a, b File) int { return strings.Compare(a.URL, b.URL) })
	slices.SortFunc(s.Redirects, func(a, b Redirect) int { return strings.Compare(a.From, b.From) })
	s.Pages = pages
	for _, p := range pages {
		s.hasEvents = s.hasEvents || p.IsSection() && p.Type == TypeEvent
	}
	return s
}

func keyContext(p *Page) string {
	switch {
	case p.Kind == load.KindHome:
		return " auf der Startseite"
	case p.Kind == load.KindSection:
		return " in einer Bereichsseite (_index.md)"
	}
	return fmt.Sprintf(" für Seiten vom Typ %q", p.Type)
}

// linkTimeline links the milestones ms of one section, in order, as
// each other's neighbours (Prev, Next).
func linkTimeline(ms []*Page) {
	for i, m := range ms {
		m.Prev, m.Next = nil, nil
		if i > 0 {
			m.Prev = ms[i-1]
		}
		if i+1 < len(ms) {
			m.Next = ms[i+1]
		}
	}
}

func groupByParent(ps []*Page) map[*Page][]*Page {
	m := map[*Page][]*Page{}
	for _, p := range ps {
		m[p.Parent] = append(m[p.Parent], p)
	}
	return m
}

// byTitle orders by title in German collation (german.Compare), using
// the keys computed once per build.
func byTitle(a, b *Page) int {
	return cmp.Or(bytes.Compare(a.titleKey, b.titleKey), strings.Compare(a.Title, b.Title))
}

// byTitleURL orders actors: by title, then by URL.
func byTitleURL(a, b *Page) int {
	return cmp.Or(byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func byWeightTitle(a, b *Page) int {
	return cmp.Or(cmp.Compare(a.Weight, b.Weight), byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func byStart(a, b *Page) int {
	return cmp.Or(a.Event.Span.Start.Compare(b.Event.Span.Start), byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func byDate(a, b *Page) int {
	return cmp.Or(a.Milestone.Date.Compare(b.Milestone.Date), cmp.Compare(a.Weight, b.Weight), byTitle(a, b), strings.Compare(a.URL, b.URL))
}

func (p *Page) inDraft() bool {
	for q := p; q != nil; q = q.Parent {
		if q.Draft {
			return true
		}
	}
	return false
}

// resolveType returns the page's own type, else its section's (inherited
// down the tree), else page. In an _index.md, type: is the type of the
// pages inside the section.
func (p *Page) resolveType() string {
	for q := p; q != nil; q = q.Parent {
		if q.ownType != "" {
			return q.ownType
		}
	}
	return TypePage
}

var langRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func (d *decoder) common(p *Page) {
	m := d.file.Meta
	p.Title = d.str(m.Get("title"), "title")
	if m.Get("title") == nil {
		d.errorAt(m.Line, "Der Titel fehlt: bitte title: \"…\" ins Front Matter schreiben")
	} else if p.Title == "" {
		d.errorf(m.Get("title"), "Der Titel ist leer")
	}
	p.Description = d.str(m.Get("description"), "description")
	p.Weight = d.integer(m.Get("weight"), "weight")
	p.Menu = d.boolean(m.Get("menu"), "menu")
	p.Draft = d.boolean(m.Get("draft"), "draft")
	if p.Draft && p.Kind == load.KindHome {
		d.errorf(m.Get("draft"), "Die Startseite kann kein Entwurf sein (draft: true ließe die ganze Website weg)")
		p.Draft = false
	}
	p.RawHTML = d.boolean(m.Get("raw_html"), "raw_html")
	p.Layout = d.str(m.Get("layout"), "layout")
	if n := m.Get("slug"); n != nil {
		p.Slug = d.str(n, "slug")
		if p.Kind == load.KindHome {
			d.errorf(n, "Die Startseite hat keinen slug")
			p.Slug = ""
		} else if p.Slug != "" && !slug.Valid(p.Slug) {
			d.errorf(n, "%q ist kein gültiger slug (nur a–z, 0–9 und Bindestriche) – gemeint ist wohl %q", p.Slug, slug.Make(p.Slug))
			p.Slug = slug.Make(p.Slug)
		}
	}
	for _, n := range d.list(m.Get("aliases"), "aliases") {
		a := d.str(n, "aliases")
		if a == "" {
			continue
		}
		u, err := url.Parse(a)
		if err != nil || !strings.HasPrefix(a, "/") || u.Host != "" || strings.Contains(a, "..") || u.RawQuery != "" || u.Fragment != "" {
			d.errorf(n, "Alias %q muss eine Adresse dieser Website sein, die mit / beginnt, z. B. /alte-seite/", a)
			continue
		}
		clean := path.Clean(a) // "/a/./b//" is "/a/b/": one URL, one output file
		if clean != "/" && (strings.HasSuffix(a, "/") || path.Ext(clean) == "") {
			clean += "/"
		}
		a = clean
		p.Aliases = append(p.Aliases, a)
		p.aliasLines = append(p.aliasLines, n.Line)
	}
	if n := m.Get("lang"); n != nil {
		p.Lang = d.str(n, "lang")
		if !langRe.MatchString(p.Lang) {
			d.errorf(n, "%q ist kein Sprachcode – bitte den Code aus zwei Buchstaben angeben, z. B. en, tr, ar", p.Lang)
			p.Lang = ""
		}
	}
	if n := m.Get("type"); n != nil {
		p.ownType = d.str(n, "type")
		if !d.oneOf(n, "type", p.ownType, Types) {
			p.ownType = ""
		}
	}
}

func siteConfig(home *Page, d *decoder, opts Options) Config {
	c := Config{Title: home.Title, Language: "de", TimeZone: "Europe/Berlin", BaseURL: "http://localhost:1313/"}
	if n := d.mapping(home.Source.Meta.Get("site"), "site", "site:\n  title: Integration in Bamberg\n  timezone: Europe/Berlin"); n != nil {
		d.checkKeys(n, []string{"title", "timezone", "language", "base_url"}, " unter site:")
		if v := d.str(n.Get("title"), "title"); v != "" {
			c.Title = v
		}
		if v := d.str(n.Get("language"), "language"); v != "" {
			if !langRe.MatchString(v) {
				d.errorf(n.Get("language"), "%q ist kein Sprachcode, z. B. de", v)
			} else {
				c.Language = v
			}
		}
		if v := d.str(n.Get("timezone"), "timezone"); v != "" {
			c.TimeZone = v
		}
		if v := d.str(n.Get("base_url"), "base_url"); v != "" {
			c.BaseURL = v
		}
	}
	loc, err := dates.LoadLocation(c.TimeZone)
	if err != nil {
		d.errorf(home.Source.Meta.Get("site").Get("timezone"), "Unbekannte Zeitzone %q – z. B. Europe/Berlin", c.TimeZone)
		loc, _ = dates.LoadLocation("")
	}
	c.Location = loc
	if opts.BaseURL != "" {
		c.BaseURL = opts.BaseURL
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.errorf(home.Source.Meta.Get("site").Get("base_url"), "base_url %q muss eine vollständige Adresse sein, z. B. https://www.stadt.bamberg.de/integration/", c.BaseURL)
		c.BaseURL = "http://localhost:1313/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	return c
}

func (d *decoder) series(p *Page) {
	n := d.mapping(p.Source.Meta.Get("series"), "series", "series:\n  runder-tisch: Runder Tisch Integration")
	if n == nil {
		return
	}
	p.Series = map[string]string{}
	for _, f := range n.Fields {
		if !slug.Valid(f.Key) {
			d.errorAt(f.Line, "Die Reihe %q braucht einen Kurznamen aus a–z, 0–9 und Bindestrichen – gemeint ist wohl %q", f.Key, slug.Make(f.Key))
			continue
		}
		title := d.str(f.Value, f.Key)
		if title == "" {
			d.errorAt(f.Line, "Die Reihe %q braucht einen Titel, z. B. %s: Runder Tisch Integration", f.Key, f.Key)
		}
		p.Series[f.Key] = title
	}
}

// Page returns the page made from a content-relative source path, or nil.
func (s *Site) Page(rel string) *Page { return s.bySource[rel] }

// FileURL returns the URL of a file under content/ (content-relative path).
func (s *Site) FileURL(rel string) (string, bool) {
	u, ok := s.files[rel]
	return u, ok
}

// urlKey returns what two site paths that would be written to the same
// output file (or to a file and a folder of one name) have in common:
// "/a/", "/a" and "/a/index.html" are all "/a".
func urlKey(u string) string {
	if strings.HasSuffix(u, "/index.html") {
		u = strings.TrimSuffix(u, "index.html")
	}
	return strings.TrimSuffix(u, "/")
}

// HasURL reports whether a page, file or alias has the site path u.
func (s *Site) HasURL(u string) bool {
	_, ok := s.byURL[urlKey(u)]
	return ok || u == "/"
}

// LinkTarget returns the page a link to a Markdown file names (dest as
// written in from's Markdown: relative to from's file, or from content/
// when it starts with "/"), the content-relative path it names, and the
// #fragment. The page is nil if there is none (or it is a draft).
func (s *Site) LinkTarget(from *Page, dest string) (target *Page, rel, fragment string) {
	file, fragment, _ := strings.Cut(dest, "#")
	if strings.HasPrefix(file, "/") {
		rel = path.Clean(strings.TrimPrefix(file, "/"))
	} else {
		rel = path.Join(path.Dir(from.Source.Rel), file)
	}
	return s.bySource[rel], rel, fragment
}
