package model

import (
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/slug"
	"golang.org/x/text/language"
)

// Site is the validated model of the whole site, or of one of its
// languages.
//
// The site Build returns holds every page of every language (Pages), the
// files and redirects; its Home, Menu and listings are those of the
// default language. Langs has a Site for each declared language, default
// first, whose Pages, Home, Menu and listings are that language's; every
// page belongs to one of them (Page.Site). A site with one language is
// its own only language.
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
	Actors     []*Page // all actors by title in the language's collation
	Milestones []*Page // all milestones by date, then title

	// Langs are the languages' sites, default first.
	Langs []*Site
	// Locale formats dates and orders titles in the site's language.
	Locale *i18n.Locale
	// Catalog holds the interface strings of every language.
	Catalog *i18n.Catalog

	root       *Site // the whole site
	hasEvents  bool
	events     atomic.Pointer[events] // split at Now (see EventList)
	seriesOnce sync.Once
	series     []Series

	bySource    map[string]*Page  // content-relative path → page (a language's: by its original's path)
	seriesPages map[string]*Page  // series slug → its generated page
	special     map[string]*Page  // SpecialAZ, SpecialSearch → the language's page
	byURL       map[string]Owner  // urlKey → what has the URL
	files       map[string]string // content-relative path → URL of files
}

// commonKeys are the keys every page may have; typeKeys those a page of
// each type may have besides (both from Schema).
var (
	commonKeys = keysOf(Schema("common"), false)
	typeKeys   = typeKeysOf(false)
)

// Build makes the site model from loaded content. Problems are added to
// diags; the returned site holds every page that could be made.
//
// It runs the steps below in order over one builder; each step reads what
// the ones before it made.
func Build(c *load.Content, opts Options, diags *diag.List) *Site {
	b := &builder{
		s:     &Site{bySource: map[string]*Page{}, byURL: map[string]Owner{}, files: map[string]string{}, Catalog: opts.Catalog},
		c:     c,
		opts:  opts,
		diags: diags,
		decs:  map[*Page]*decoder{},
	}
	b.decodeCommon()
	b.linkSections()
	b.dropDrafts()
	b.assignURLs()
	b.placeFiles()
	b.claimURLs()
	b.decodeTypes()
	b.addSeriesPages()
	b.addSpecialPages()
	b.pairTranslations()
	b.translatePages()
	b.buildTrees()
	return b.s
}

// builder is the state of one Build.
type builder struct {
	s     *Site
	c     *load.Content
	opts  Options
	diags *diag.List
	decs  map[*Page]*decoder

	all      []*Page          // every original page, drafts too
	pages    []*Page          // the pages built: no drafts (unless opts.Drafts); later every language's
	trans    []*load.File     // the translation files
	sections map[string]*Page // folder → its section (or home)
	dirURLs  map[string]string
	folders  map[string]*Page // folder → its section or bundle
	unnamed  map[string]bool  // folders without a slug and without a page to report it
	langs    []*Site          // the languages' sites, default first

	// translated pairs each original with its translations' decoders,
	// by language.
	translated map[*Page]map[string]*decoder
}

// decodeCommon reads the keys every page may have, and the site settings
// from the home page. Translations are kept for pairTranslations.
func (b *builder) decodeCommon() {
	s := b.s
	for _, f := range b.c.Pages {
		if f.Lang != "" {
			b.trans = append(b.trans, f)
			continue
		}
		d := &decoder{file: f, diags: b.diags}
		p := &Page{Source: f, Kind: f.Kind}
		d.common(p)
		b.decs[p] = d
		b.all = append(b.all, p)
		if p.Kind == load.KindHome {
			s.Home = p
		}
	}
	if s.Home == nil {
		b.diags.Errorf("content/_index.md", 0, "Die Startseite fehlt: bitte content/_index.md (oder content/_index.de.md) mit title anlegen")
		s.Home = &Page{Kind: load.KindHome, Title: "Start", URL: "/", Source: &load.File{Path: "content/_index.md", Meta: &load.Node{Kind: load.Map}}}
		b.decs[s.Home] = &decoder{file: s.Home.Source, diags: b.diags}
		b.all = append(b.all, s.Home)
	}
	s.Config = siteConfig(s.Home, b.decs[s.Home], b.opts)
	s.Now = b.opts.Now
	for _, p := range b.all {
		if p.Source != nil {
			b.checkLangName(p.Source.Path)
		}
	}
	for _, p := range b.all {
		p.Language = s.Config.Language
	}
	if s.Catalog != nil {
		s.Catalog.Check(s.Config.Languages, b.diags)
	}
}

// checkLangName reports an original's file whose name ends in what looks
// like a language code but is none of the declared ones, written exactly
// so (lower case): leitbild.EN.md, x.x-klingon.md, a.en-US.md would
// otherwise be German pages /leitbild-en/ … in every language. It looks
// like one when it has two or three letters (the loader takes only lower
// case ones for a translation's code), or is a language tag with
// subtags, a private use one (x-…) included, that
// golang.org/x/text/language knows.
func (b *builder) checkLangName(file string) {
	name := path.Base(file)
	stem, ok := strings.CutSuffix(name, ".md")
	i := strings.LastIndexByte(stem, '.')
	if !ok || i <= 0 {
		return
	}
	code := stem[i+1:]
	declared := b.s.Config.Languages
	if len(declared) == 0 {
		declared = []string{b.s.Config.Language}
	}
	if slices.Contains(declared, code) || !looksLikeLang(code) {
		return
	}
	if lower := strings.ToLower(code); slices.Contains(declared, lower) {
		b.diags.Errorf(file, 0, "Der Dateiname %s endet auf den Sprachcode %q – Sprachcodes im Dateinamen werden klein geschrieben: bitte in %s umbenennen", name, code, stem[:i]+"."+lower+".md")
		return
	}
	b.diags.Errorf(file, 0, "Der Dateiname %s endet auf .%s wie auf einen Sprachcode, aber diese Sprache ist nicht erklärt (jetzt: %s) – für eine Übersetzung bitte einen Code aus site: languages: verwenden, sonst die Datei umbenennen, z. B. in %s", name, code, strings.Join(declared, ", "), stem[:i]+"-"+code+".md")
}

// looksLikeLang reports whether the last part of a file name looks like
// a language code (see checkLangName).
func looksLikeLang(code string) bool {
	if len(code) >= 2 && len(code) <= 3 && strings.Trim(strings.ToLower(code), "abcdefghijklmnopqrstuvwxyz") == "" {
		return true
	}
	first, _, sub := strings.Cut(strings.ReplaceAll(code, "_", "-"), "-")
	if !sub || (len(first) < 2 || len(first) > 3) && !strings.EqualFold(first, "x") && !strings.EqualFold(first, "i") {
		return false
	}
	_, err := language.Parse(code)
	return err == nil
}

// linkSections finds the sections by folder and each page's parent: the
// section of the nearest folder above it that has one.
func (b *builder) linkSections() {
	b.sections = map[string]*Page{"": b.s.Home}
	for _, p := range b.all {
		if p.Kind == load.KindSection {
			b.sections[p.Source.Dir] = p
		}
	}
	for _, p := range b.all {
		if p.Kind == load.KindHome {
			continue
		}
		for d := parentDir(p); ; d = path.Dir(d) {
			if d == "." {
				d = ""
			}
			if sec, ok := b.sections[d]; ok {
				p.Parent = sec
				break
			}
		}
	}
}

func parentDir(p *Page) string {
	switch {
	case p.Kind == load.KindHome:
		return ""
	case p.Kind == load.KindSection || p.Source.Bundle:
		return path.Dir(p.Source.Dir)
	}
	return p.Source.Dir
}

// dropDrafts leaves out drafts, and everything inside a draft section.
func (b *builder) dropDrafts() {
	for _, p := range b.all {
		if b.opts.Drafts || !p.inDraft() {
			b.pages = append(b.pages, p)
		}
	}
}

// assignURLs sets every page's type and URL. A folder's segment is its
// section's or bundle's slug if it has one.
func (b *builder) assignURLs() {
	b.folders = map[string]*Page{}
	for _, p := range b.all {
		if p.Kind == load.KindSection || p.Source.Bundle && b.sections[p.Source.Dir] == nil {
			b.folders[p.Source.Dir] = p
		}
	}
	b.dirURLs = map[string]string{"": "/"}
	b.unnamed = map[string]bool{}
	for _, p := range b.pages {
		p.Type = p.resolveType()
		switch {
		case p.Kind == load.KindHome:
			p.URL = "/"
		case p.Kind == load.KindSection || p.Source.Bundle:
			if slug.Make(path.Base(p.Source.Dir)) == "" && p.Slug == "" {
				b.decs[p].errorAt(1, "Aus dem Ordnernamen %q lässt sich keine Adresse bilden – bitte slug: angeben", path.Base(p.Source.Dir))
			}
			p.URL = b.dirURL(p.Source.Dir)
		default:
			base := strings.TrimSuffix(path.Base(p.Source.Rel), ".md")
			seg := p.Slug
			if seg == "" {
				seg = slug.Make(base)
			}
			if seg == "" {
				b.decs[p].errorAt(1, "Aus dem Dateinamen %q lässt sich keine Adresse bilden – bitte slug: angeben", path.Base(p.Source.Path))
				seg = "seite"
			}
			p.URL = b.dirURL(p.Source.Dir) + seg + "/"
		}
		b.s.bySource[p.Source.Rel] = p
	}
}

func (b *builder) dirURL(dir string) string {
	if dir == "." {
		dir = ""
	}
	if u, ok := b.dirURLs[dir]; ok {
		return u
	}
	seg := slug.Make(path.Base(dir))
	if f, ok := b.folders[dir]; ok && f.Slug != "" {
		seg = f.Slug
	} else if seg == "" && !ok {
		b.unnamed[dir] = true
	}
	u := b.dirURL(path.Dir(dir)) + seg + "/"
	b.dirURLs[dir] = u
	return u
}

// placeFiles gives the files of content/ their URLs: bundle files follow
// their page, others keep their folder's URL.
func (b *builder) placeFiles() {
	s := b.s
	resources := slices.SortedFunc(slices.Values(b.c.Resources), func(a, b load.Resource) int { return strings.Compare(a.Rel, b.Rel) })
	for _, r := range resources {
		var u string
		if r.Bundle != "" {
			bp, ok := s.bySource[r.Bundle]
			if !ok {
				continue // the bundle is a draft
			}
			u = bp.URL + strings.TrimPrefix(r.Rel, bp.Source.Dir+"/")
			bp.Files = append(bp.Files, File{Src: r.Rel, URL: u})
		} else {
			d := path.Dir(r.Rel)
			for b.sections[d] == nil {
				if d = path.Dir(d); d == "." {
					d = ""
				}
			}
			if !b.opts.Drafts && b.sections[d].inDraft() {
				continue // in a draft section
			}
			u = b.dirURL(path.Dir(r.Rel)) + path.Base(r.Rel)
		}
		s.files[r.Rel] = u
		s.Files = append(s.Files, File{Src: r.Rel, URL: u})
	}
	for _, dir := range slices.Sorted(maps.Keys(b.unnamed)) {
		b.diags.Errorf("content/"+dir, 0, "Aus dem Ordnernamen %q lässt sich keine Adresse bilden – bitte den Ordner umbenennen oder eine _index.md mit slug: hineinlegen", path.Base(dir))
	}
}

// Owner is what has a URL of the site, and where it is said.
type Owner struct {
	What string // "content/a.md", "content/b.md (aliases)", "content/a.md (en)" …
	Path string // the file that gives the URL
	Line int    // its line (of the alias, the translation's slug:), or 0
}

// claim takes the URL u for what, reporting it at src:line if it is taken.
func (b *builder) claim(u, what, src string, line int) bool {
	key := urlKey(u)
	if prev, ok := b.s.byURL[key]; ok {
		b.diags.Errorf(src, line, "Die Adresse %s ist doppelt vergeben: %s und %s", u, prev.What, what)
		return false
	}
	b.s.byURL[key] = Owner{What: what, Path: src, Line: line}
	return true
}

// claimURLs makes sure that no two pages, files or aliases share a URL;
// of two pages, the second (by source path) is reported and left out.
func (b *builder) claimURLs() {
	s := b.s
	slices.SortFunc(b.pages, func(x, y *Page) int { return strings.Compare(x.Source.Rel, y.Source.Rel) })
	b.pages = slices.DeleteFunc(b.pages, func(p *Page) bool {
		if b.claim(p.URL, p.Source.Path, p.Source.Path, 1) {
			return false
		}
		delete(s.bySource, p.Source.Rel) // reported; left out so that only one page is written
		return true
	})
	for _, f := range s.Files {
		b.claim(f.URL, "content/"+f.Src, "content/"+f.Src, 0)
	}
	for _, p := range b.pages {
		b.claimAliases(p)
	}
}

func (b *builder) claimAliases(p *Page) {
	for i, a := range p.Aliases {
		if g := b.generated(a); g != "" {
			b.diags.Errorf(p.Source.Path, p.aliasLines[i], "Die Adresse %s ist doppelt vergeben: %s und %s (aliases) – eine Weiterleitung würde sie ersetzen; bitte den Alias löschen", a, g, p.Source.Path)
			continue
		}
		b.claim(a, p.Source.Path+" (aliases)", p.Source.Path, p.aliasLines[i])
		b.s.Redirects = append(b.s.Redirects, Redirect{From: a, To: p, Line: p.aliasLines[i]})
	}
}

// generated tells what the build writes at the site path u besides the
// pages, files and aliases ("die Sitemap (sitemap.xml)"), or "": the
// discovery files (package publish), the search index (package search), the
// CMS (package cms), each language's 404 page, feeds and calendar of
// all events (listings.go), and every event's and series' calendar. A
// file under content/ may replace a discovery file on purpose
// (content/robots.txt); an alias may not.
func (b *builder) generated(u string) string {
	for _, dir := range []struct{ path, what string }{
		{"/sitemaps/", "die Sitemap (sitemaps/)"},
		{"/suchindex/", "der Suchindex (suchindex/)"},
		{"/admin/", "das Redaktionssystem (admin/)"},
	} {
		if strings.HasPrefix(u+"/", dir.path) {
			return dir.what
		}
	}
	switch u {
	case "/sitemap.xml":
		return "die Sitemap (sitemap.xml)"
	case "/robots.txt":
		return "robots.txt"
	}
	if path.Base(u) == "kalender.ics" {
		return "eine Kalenderdatei (kalender.ics)"
	}
	prefixes := []string{"/"}
	for _, code := range b.s.Config.Languages[min(1, len(b.s.Config.Languages)):] {
		prefixes = append(prefixes, "/"+code+"/")
	}
	for _, pre := range prefixes {
		switch strings.TrimPrefix(u, pre) {
		case "404.html":
			return "die Fehlerseite (" + u + ")"
		case "aktuelles.atom", "termine.atom":
			return "ein Feed (" + u + ")"
		}
	}
	return ""
}

// decodeTypes reads the sections' series, then each page's keys of its
// type (an event's organizer needs the actor pages).
func (b *builder) decodeTypes() {
	for _, p := range b.pages {
		if p.IsSection() {
			b.decs[p].series(p)
		}
	}
	actors := map[string]*Page{}
	for _, p := range b.pages {
		if p.Type == TypeActor && p.Kind == load.KindPage {
			name := path.Base(p.URL)
			if first, ok := actors[name]; ok { // pages are sorted by source path
				b.decs[p].errorAt(1, "Es gibt schon eine Akteursseite %q (%s) – organizer: %s wäre nicht eindeutig; bitte einen anderen Dateinamen oder slug: wählen", name, first.Source.Path, name)
				continue
			}
			actors[name] = p
		}
	}
	for _, p := range b.pages {
		d := b.decs[p]
		d.checkKeys(p.Source.Meta, allowedKeys(p), keyContext(p))
		d.image(p, b.s)
		if p.Kind != load.KindPage {
			continue
		}
		switch p.Type {
		case TypeEvent:
			d.event(p, b.s.Config.Location, actors)
		case TypeActor:
			d.actor(p)
		case TypeMilestone:
			d.milestone(p, b.s)
		}
	}
}

// allowedKeys returns the front matter keys a page may have.
func allowedKeys(p *Page) []string {
	switch p.Kind {
	case load.KindPage:
		return append(slices.Clip(commonKeys), typeKeys[p.Type]...)
	case load.KindHome:
		return append(slices.Clip(commonKeys), homeKeys...)
	}
	return append(slices.Clip(commonKeys), sectionKeys...)
}

// homeKeys and sectionKeys are the keys the home page and sections may
// have besides the common ones (from Schema).
var (
	homeKeys    = keysOf(Schema("home"), false)
	sectionKeys = keysOf(Schema("section"), false)
)

// addSeriesPages makes a page per declared series, below the section
// that declares it, and points the series' events to it.
func (b *builder) addSeriesPages() {
	seriesPages := map[string]*Page{}
	for _, sec := range slices.Clone(b.pages) {
		if sec.Kind == load.KindPage || len(sec.Series) == 0 {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(sec.Series)) {
			sp := newSeriesPage(sec, k, sec.URL+"reihe/"+k+"/", b.s.Catalog.T(b.s.Config.Language, "series_description", sec.Series[k]))
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
				b.diags.Errorf(sec.Source.Path, line, "Die Reihe %q ist schon in %s angelegt – bitte einen anderen Kurznamen wählen", k, other.Parent.Source.Path)
				continue
			}
			if b.claim(sp.URL, sec.Source.Path+" (Seite der Reihe "+k+")", sec.Source.Path, line) {
				b.pages = append(b.pages, sp)
				seriesPages[k] = sp
			}
		}
	}
	for _, p := range b.pages {
		if p.Event != nil && p.Event.Series != "" {
			p.Event.SeriesPage = seriesPages[p.Event.Series]
		}
	}
	b.s.seriesPages = seriesPages
}

func newSeriesPage(sec *Page, k, u, description string) *Page {
	return &Page{
		Source:      sec.Source.Derived(),
		Kind:        load.KindPage,
		Type:        TypeEvent,
		Title:       sec.Series[k],
		Description: description,
		URL:         u,
		Parent:      sec,
		SeriesSlug:  k,
		Language:    sec.Language,
	}
}

// Page returns the page made from a content-relative source path, or nil.
// An original may be named with or without the first language's code
// ("a/b.md" or "a/b.de.md").
func (s *Site) Page(rel string) *Page { return s.bySource[s.original(rel)] }

// original returns the content path rel without the first language's
// code, by which the loader knows such an original (load.File.Rel).
func (s *Site) original(rel string) string {
	base, lang := load.SplitLang(path.Base(rel))
	if lang == "" || len(s.Config.Languages) == 0 || lang != s.Config.Languages[0] {
		return rel
	}
	return path.Join(path.Dir(rel), base)
}

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

// URLOwner returns the page, file or alias that has the site path u.
func (s *Site) URLOwner(u string) (Owner, bool) {
	o, ok := s.byURL[urlKey(u)]
	return o, ok
}

// LinkTarget returns the page a link to a Markdown file names (dest as
// written in from's Markdown: relative to from's file, or from content/
// when it starts with "/"), the content-relative path it names, and the
// #fragment. A link to an original leads to the page in from's language;
// a link to a translation file to that translation. The page is nil if
// there is none (or it is a draft).
func (s *Site) LinkTarget(from *Page, dest string) (target *Page, rel, fragment string) {
	file, fragment, _ := strings.Cut(dest, "#")
	if strings.HasPrefix(file, "/") {
		rel = path.Clean(strings.TrimPrefix(file, "/"))
	} else {
		rel = path.Join(path.Dir(from.Source.Rel), file)
	}
	target = s.Root().Page(rel)
	if target != nil && target.Original == nil && from.Language != "" {
		if v := target.In(from.Language); v != nil {
			target = v
		}
	}
	return target, rel, fragment
}
