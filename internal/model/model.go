// Package model is the second stage of the pipeline: it turns the loaded
// files into a typed, validated site — pages with URLs, sections, menus,
// events, actors and milestones — and decides everything the layouts only
// display: what is upcoming, in which order, in which group.
//
// The keys are described once in Schema: for every page ("common"), the
// home page, sections and each type, each key's kind of value, whether it
// is required, its fixed values, its own keys, whether a translation may
// set it (Text) and a sentence of help. The keys a page may have and
// those a translation may set are taken from it; the decoders read and
// check the values. The lists below and README.md's tables say the same
// (schema_test.go checks that they keep in step).
//
// # Keys every page may have
//
//	title        required, plain text
//	menu_title   a short title for the main navigation (default: title)
//	description  one or two sentences for listings and <meta name="description">
//	weight       integer; lower comes first in menus and listings
//	menu         true puts the page into the main navigation
//	draft        true leaves the page out unless building with --drafts
//	             (a draft section leaves out everything inside it)
//	slug         replaces the last URL segment (must already be a slug)
//	aliases      old URLs (site paths like /alt/seite/) that redirect here
//	lang         language of the page's text if not the site's, e.g. en
//	type         page, event, actor or milestone; in an _index.md: the type
//	             of the pages inside the section (inherited down the tree)
//	layout       a layout name to use instead of the type's (see package render)
//	raw_html     true lets the page's Markdown contain raw HTML (off by default)
//	leichte_sprache  true: the text is in Leichte Sprache (plain German);
//	             sitegen check holds it to its rules (package leicht)
//
// The home page content/_index.md (or content/_index.de.md, see
// Languages) may also hold the site settings:
//
//	site:
//	  title: Integration in Bamberg   # shown in every page's <title> and header
//	  timezone: Europe/Berlin         # for event times written without offset
//	  languages: [de, en, tr, ar, uk] # the first is the original's
//	  language: de                    # instead of languages: for one
//	  base_url: http://localhost:1313/ # overridden by --base-url / SITEGEN_BASE_URL
//
// A section page of type event may declare its series:
//
//	series:
//	  runder-tisch: Runder Tisch Integration
//	  fachforum: Fachforum Integration
//
// Each declared series gets a page of its own below the section
// (/termine/reihe/runder-tisch/) listing its upcoming and past events.
//
// # type: event
//
//	start         required: 2027-03-11T18:00, 2027-03-11T18:00:00, with offset
//	              2027-03-11T18:00:00+01:00, or a date alone for all day
//	end           optional, same forms; not before start
//	series        slug of a series declared in the section (see above)
//	location      name, address, url; or online: URL
//	organizer     slug of an actor page; must exist
//	registration  text or URL telling how to register
//	status        scheduled (default), cancelled, postponed
//	summary       one sentence for listings
//
// # type: actor
//
//	category   sozial, sport, kultur, religion, bildung, verwaltung or beirat
//	role       one sentence: what the actor does for integration
//	contact    email, phone, website
//	address    postal address, one line
//	languages  ISO 639-1 codes, e.g. [de, tr, ar, uk]
//	offers     list of short texts
//
// # type: milestone
//
//	date       required: 2007, 2007-07 or 2013-07-12
//	until      optional end of a period, same forms, not before date
//	documents  list of {title, file}; file relative to the page or a site
//	           path (/dokumente/x.pdf) of a file under content/; must exist.
//	           Without file the document is listed by title as not online.
//
// # Languages
//
// The first of site: languages: is the site's own language: its pages
// are the originals, at /. Every other language is served under
// /<code>/. A translation is a file beside its original with the code
// before .md (leitbild.en.md, akteure/_index.ar.md, a/b/index.uk.md); its
// address is the original's under the prefix, or with its own slug: as
// the last segment. An original may carry the first language's code as
// well (leitbild.de.md, _index.de.md, as the CMS names it): the loader
// makes it the page leitbild.md would be (load.File.Rel), Site.Page and
// links find it by either name, and messages name its real file. A
// translation may set only text:
//
//	every page   title (required), menu_title, description, slug, draft, aliases, raw_html
//	events       summary, registration, location with name only
//	actors       role, offers
//
// Every other key is a fact of the original and an error in a
// translation ("… steht nur in der deutschen Fassung"), as are lang:, an
// undeclared code and a translation without an original. A translation that is a draft is not used (unless building
// drafts). A file whose name ends in what looks like a language code
// but is none declared, written in lower case, is an error: leitbild.EN.md,
// x.x-klingon.md, a.en-US.md (two or three letters in any case, or a
// language tag with subtags that golang.org/x/text/language parses)
// would otherwise be a German page /leitbild-en/ in every language. A
// translation's slug: that takes an address is reported at that slug:
// line, whichever page came first.
//
// Every page of the default language exists in every language (Page.In,
// Page.Translations): from its translation, or else showing the
// original's text (Untranslated, Lang = the original's language). Facts
// are the original's; an event's organizer and series page, a page's
// parent and children, the menu and the listings are the same
// language's, sorted in that language's collation (package i18n). Site
// holds every page; Site.Langs has a site per language with its own Home,
// Menu and listings, and every page belongs to one (Page.Site).
//
// # URLs
//
// content/a/b.md is /a/b/, content/a/_index.md is /a/, content/a/b/index.md
// is /a/b/. Every segment is made a slug (package slug), and a slug: key
// replaces a page's own segment and so moves the pages inside a section
// too. Two pages, aliases or files with the same URL are an error, and
// so is an alias onto a file the build makes besides the pages
// (sitemap.xml, sitemaps/, robots.txt, each language's feeds, 404.html
// and kalender.ics, every kalender.ics, suchindex/, admin/): its redirect
// would replace it. A file under content/ may replace a discovery file on
// purpose (content/robots.txt). Site.URLOwner tells who has an address,
// for the build to report a clash with an asset where it is made.
package model

import (
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
)

// Types of pages.
const (
	TypePage      = "page"
	TypeEvent     = "event"
	TypeActor     = "actor"
	TypeMilestone = "milestone"
)

// Types lists the page types in the order documented.
var Types = []string{TypePage, TypeEvent, TypeActor, TypeMilestone}

// Categories lists the actor categories.
var Categories = []string{"sozial", "sport", "kultur", "religion", "bildung", "verwaltung", "beirat"}

// Statuses lists the event statuses.
var Statuses = []string{"scheduled", "cancelled", "postponed"}

// Config is the site's settings.
type Config struct {
	Title     string
	Language  string   // the language of the site (for a language's site: that language)
	Languages []string // the declared languages, default first
	TimeZone  string
	Location  *time.Location
	BaseURL   string // absolute, ends in "/"
	CMS       CMSConfig
	// LeichteAusnahmen are long words allowed unsplit on pages in
	// Leichte Sprache (site: leichte_sprache_ausnahmen:), mostly names.
	LeichteAusnahmen []string
}

// CMSBackends are the Git hosts the CMS at /admin/ can work with.
var CMSBackends = []string{"gitlab", "github"}

// CMSConfig is site: cms:, the settings of the editors' CMS at /admin/
// (package cms). Backend is "" when the site has none: then /admin/ works
// only with sitegen serve, against the working copy.
type CMSConfig struct {
	Backend string // gitlab or github
	Repo    string // "stadt-bamberg/integration"
	Branch  string // default "main"
	BaseURL string // GitLab's address, default https://gitlab.com; GitHub: the OAuth service
	AppID   string // GitLab: the application's ID (PKCE)
}

// DefaultGitLab is GitLab's address when site: cms: names none.
const DefaultGitLab = "https://gitlab.com"

// Login returns the address the editors' browsers log in at and send
// their changes to: BaseURL, or for GitLab without one DefaultGitLab;
// "" for GitHub without an OAuth service named, or without a backend.
func (c CMSConfig) Login() string {
	if c.BaseURL == "" && c.Backend == "gitlab" {
		return DefaultGitLab
	}
	return c.BaseURL
}

// Options are the build's choices.
type Options struct {
	Drafts  bool      // include drafts
	Now     time.Time // the instant "upcoming" is measured against
	BaseURL string    // overrides the site's base_url when not empty
	// KeyCache, when not nil, keeps the collation keys of titles between
	// builds of the same site (the preview server's, the persistent
	// cache's), under KeyCacheKey; Build reads and adds to it.
	KeyCache map[string][]byte
	// Special lists the special pages to make (SpecialAZ, SpecialSearch).
	Special []string
	// Catalog is the site's interface strings (package i18n), checked
	// against the declared languages; nil is the built-in German ones,
	// unchecked.
	Catalog *i18n.Catalog
}

// Page is one page of the site.
type Page struct {
	Source      *load.File
	Kind        load.Kind
	Type        string // of this page; for a section: the type of its pages
	Title       string
	MenuTitle   string // for the main navigation; "" = Title
	Description string
	Weight      int
	Menu        bool
	Draft       bool
	Slug        string
	Aliases     []string // site paths, "/alt/" form
	Lang        string   // language of the text if not Language: lang: key, or the original's for an untranslated page
	// Language is the language the page belongs to: "de" for
	// content/a.md, "en" for content/a.en.md and for the English page
	// that shows a.md's text while a.en.md is missing.
	Language string
	// Translations are the page in every language, in the order the
	// languages are declared (the page itself among them); nil for a site
	// with one language.
	Translations []*Page
	// Original is the page in the default language whose facts a page of
	// another language shows; nil for a page of the default language.
	Original *Page
	// Untranslated is set on a page of another language that shows its
	// original's text because there is no translation (yet).
	Untranslated bool
	// Site is the site of the page's language (see Site.Langs).
	Site    *Site
	Layout  string
	RawHTML bool
	// LeichteSprache is set on an original whose text is in Leichte
	// Sprache (leichte_sprache: true); a translation may not set it.
	LeichteSprache bool

	URL      string  // site path, "/akteure/beirat/"
	Parent   *Page   // the section (or home) the page is in; nil for home
	Children []*Page // for home and sections: pages and sections inside, by weight and title
	Files    []File  // a bundle's files

	Event     *Event
	Actor     *Actor
	Milestone *Milestone
	Image     *Image            // image:, nil without
	Series    map[string]string // a section's declared series: slug → title
	// SeriesSlug is set on the page generated for each declared series
	// (section URL + reihe/ + slug, e.g. /termine/reihe/runder-tisch/), which lists the
	// series' events; such a page has no file of its own.
	SeriesSlug string
	// Special is set on the pages made for every language: SpecialAZ
	// (/a-z/, every page by title) and SpecialSearch (/suche/).
	Special string

	Prev, Next *Page // neighbours on the timeline (milestones)

	ownType    string // the type: key as written
	titleKey   []byte // German collation key of Title, for sorting
	aliasLines []int  // the line of each alias
}

// TextLang returns the language of the page's text: its Lang (lang:, or
// the original's for an untranslated page), else the language it belongs
// to; "" for nil.
func (p *Page) TextLang() string {
	if p == nil {
		return ""
	}
	if p.Lang != "" {
		return p.Lang
	}
	return p.Language
}

// NavTitle returns the title for the main navigation: MenuTitle, or else
// Title.
func (p *Page) NavTitle() string {
	if p.MenuTitle != "" {
		return p.MenuTitle
	}
	return p.Title
}

// Orig returns the page in the default language that p shows: its
// Original, or p itself.
func (p *Page) Orig() *Page {
	if p.Original != nil {
		return p.Original
	}
	return p
}

// In returns the page in the language code, or nil.
func (p *Page) In(code string) *Page {
	if p.Language == code {
		return p
	}
	for _, q := range p.Translations {
		if q.Language == code {
			return q
		}
	}
	return nil
}

// IsSection reports whether the page lists others (home or section).
func (p *Page) IsSection() bool { return p.Kind != load.KindPage }

// Ancestors returns the chain from the home page down to p's parent.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for a := p.Parent; a != nil; a = a.Parent {
		out = append(out, a)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// File is a non-Markdown file copied to the output.
type File struct {
	Src string // path inside content/
	URL string // site path
}

// Redirect is an alias URL that points at a page.
type Redirect struct {
	From string // site path
	To   *Page
	Line int // of the alias in To's file
}

// Location is where an event takes place.
type Location struct {
	Name    string
	Address string
	URL     string
	Online  string // URL of an online event
}

// Event is the data of a page of type event.
type Event struct {
	Span         dates.Span
	Until        time.Time // the instant the event is over (see dates.Span.Until)
	Series       string
	SeriesTitle  string
	SeriesPage   *Page // the generated page of the series, or nil
	Location     *Location
	Organizer    *Page // an actor page, or nil
	Registration string
	Status       string // scheduled, cancelled or postponed
	Summary      string
}

// Cancelled reports whether the event is cancelled.
func (e *Event) Cancelled() bool { return e.Status == "cancelled" }

// Postponed reports whether the event is postponed.
func (e *Event) Postponed() bool { return e.Status == "postponed" }

// Contact is how to reach an actor.
type Contact struct {
	Email   string
	Phone   string
	Website string
}

// Actor is the data of a page of type actor.
type Actor struct {
	Category  string
	Role      string
	Contact   Contact
	Address   string
	Languages []string
	Offers    []string
}

// Document is a file attached to a milestone.
type Document struct {
	Title string
	URL   string
}

// Milestone is the data of a page of type milestone.
type Milestone struct {
	Date      dates.Partial
	Until     *dates.Partial
	Documents []Document
}

// Placeholder starts every value an editor still has to fill in
// ("[PLATZHALTER: …]"): sitegen new writes them, sitegen check reports
// them, and a date that is still one is an error of its own.
const Placeholder = load.Placeholder

// RelURL returns the server path of the site path p ("/akteure/"), with the
// base URL's path in front: "/integration/akteure/" for a site published
// under https://example.org/integration/.
func (c Config) RelURL(p string) string {
	return c.basePath() + strings.TrimPrefix(p, "/")
}

// AbsURL returns the absolute URL of the site path p.
func (c Config) AbsURL(p string) string {
	return c.BaseURL + strings.TrimPrefix(p, "/")
}

func (c Config) basePath() string {
	rest := c.BaseURL
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return "/"
}

// OutputPath returns the file a site path is written to: "a/b/index.html"
// for "/a/b/", "index.html" for "/", "a/x.pdf" for "/a/x.pdf".
func OutputPath(u string) string {
	p := strings.TrimPrefix(u, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}
