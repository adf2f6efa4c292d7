// Package check looks for what a build lets through but readers would
// stumble over: `sitegen check` runs a build in memory, then these checks
// over its pages.
//
// # Checks
//
// Errors (the page is broken for some readers):
//
//   - a link to a heading (#anker, seite.md#anker) that does not exist
//   - a link to a page or file of this site (/akteure/, bild.jpg) that does
//     not exist
//   - an image without a description (alt text) – the build's error too
//   - a link or image address that would run script or open a local file
//     (javascript:, vbscript:, file:, data: other than an image): the page
//     does not show it
//   - on a page marked leichte_sprache: true, what the rules of Leichte
//     Sprache forbid ([Leicht], package leicht), at its line and column: a
//     sentence over 12 words, a second sentence on a line, a word part of
//     13 letters or more without hyphen or Mediopunkt, a number written
//     as a word, an abbreviation, % § ; and parentheses
//
// Warnings (worth fixing before publishing):
//
//   - a placeholder "[PLATZHALTER: …]" still in the file
//   - a heading level skipped (## then ####) or a # heading in the text
//     (the title is the page's only first-level heading)
//   - a title over 70 characters, a description missing or over 160
//   - an image loaded from another website (readers' browsers would
//     contact it)
//   - an event that has ended but is still marked postponed
//   - an event that has ended outside a section of type event, so that it
//     appears in no archive
//   - two pages of the same type with the same file name in different
//     folders
//   - a translation whose original changed after it ([Stale])
//   - on a site in several languages with the CMS (site: cms:), a page
//     whose original is named without the language code (x.md): the CMS
//     reads and writes x.de.md and would make a second file beside it
//   - an invisible character that changes the direction of the text
//     after it (U+202A–U+202E, U+2066–U+2069) anywhere in a page's file,
//     at its line and column ([Bidi]): text that shows otherwise than it
//     is written, to readers and to reviewers. The marks U+200E, U+200F
//     and U+061C, which Arabic text may need, are fine.
//   - on a page marked leichte_sprache: true, what the rules of Leichte
//     Sprache advise against, found by heuristics whose false alarms are
//     measured (package leicht): a sentence over 9 words, passive,
//     negation, genitive, subjunctive, a comma before a subordinate
//     clause, a foreign word the page does not explain; and a marked page
//     without text to check or in a language without rules
//
// Images marked as decoration (![(dekorativ)](…)) are listed
// ([Decorations]), for an editor to look over.
//
// For every page in German, [Leicht] measures how hard its text is to
// read (words per sentence, long words, the Wiener Sachtextformel).
//
// For a site in several languages, [Coverages] tells per language how many
// pages are translated.
package check

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/renderer/html"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/render"
)

// Limits for titles and descriptions, in characters.
const (
	MaxTitle       = 70
	MaxDescription = 160
)

// Placeholder marks text an editor still has to write.
const Placeholder = model.Placeholder

// Site checks the pages of a finished (or failed) build.
func Site(res *build.Result) []diag.Diagnostic {
	c := &checker{res: res, site: res.Site, ids: map[*model.Page]map[string]bool{},
		byURL: map[string]*model.Page{}, files: map[string]bool{}}
	for _, p := range res.Site.Pages {
		c.byURL[p.URL] = p
	}
	for _, f := range res.Paths {
		c.files["/"+f] = true
	}
	for i, p := range res.Site.Pages {
		if i < len(res.Outlines) {
			ids := map[string]bool{}
			for _, id := range render.ReservedIDs {
				ids[id] = true
			}
			for _, h := range res.Outlines[i].Headings {
				ids[h.ID] = true
			}
			c.ids[p] = ids
		}
	}
	for i, p := range res.Site.Pages {
		if p.Made() || p.Untranslated { // made, or its original's file
			continue
		}
		var o markdown.Result
		if i < len(res.Outlines) {
			o = res.Outlines[i]
		}
		c.placeholders(p)
		c.texts(p)
		c.headings(p, o.Headings)
		c.links(p, o.Links)
		c.images(p, o.Images)
		c.event(p)
		c.cmsName(p)
	}
	c.duplicateNames()
	return c.diags.Sorted()
}

type checker struct {
	res   *build.Result
	site  *model.Site
	ids   map[*model.Page]map[string]bool // heading IDs per page
	byURL map[string]*model.Page
	files map[string]bool // site paths of every output file
	diags diag.List
}

// cmsName warns about an original that the CMS would not find by its
// name (see the package doc).
func (c *checker) cmsName(p *model.Page) {
	cfg := c.site.Config
	if cfg.CMS.Backend == "" || len(cfg.Languages) < 2 || p.Original != nil || p.Source == nil || p.Kind != load.KindPage || p.Source.Bundle {
		return
	}
	name := path.Base(p.Source.Path)
	if _, code := load.SplitLang(name); code != "" {
		return
	}
	coded := strings.TrimSuffix(name, ".md") + "." + cfg.Languages[0] + ".md"
	c.warn(p, 1, "Das Redaktionssystem (/admin/) liest und schreibt diese Seite als %s: bitte die Datei so umbenennen (git mv), sonst legt es beim Speichern eine zweite an", coded)
}

func (c *checker) warn(p *model.Page, line int, format string, args ...any) {
	c.diags.Warnf(p.Source.Path, line, format, args...)
}

func (c *checker) error(p *model.Page, line int, format string, args ...any) {
	c.diags.Errorf(p.Source.Path, line, format, args...)
}

func metaLine(p *model.Page, key string) int {
	if n := p.Source.Meta.Get(key); n != nil {
		return n.Line
	}
	return 1
}

// placeholderMessage starts the warning about a placeholder.
const placeholderMessage = "Platzhalter noch nicht ausgefüllt"

// ForPublication returns ds with every placeholder left in a page made an
// error, and an error when the site's address is not one readers can
// reach: what `sitegen check --publish` reports, so that the publish
// workflows stop before a reader sees "[PLATZHALTER: …]" or a page whose
// canonical address, hreflang links and sitemap point at localhost. site
// is the built site (nil when the build failed before it).
//
// cmsHosts are the hosts the editors' CMS may log in at (sitegen check
// --cms-hosts, $SITEGEN_CMS_HOSTS: a protected CI variable, which a merge
// request cannot change). A site: cms: base_url elsewhere is an error: a
// change pointing it at a look-alike would collect the next editor's
// login. Without cmsHosts only GitLab's default, gitlab.com, is allowed.
func ForPublication(ds []diag.Diagnostic, site *model.Site, cmsHosts []string) []diag.Diagnostic {
	out := slices.Clone(ds)
	for i, d := range out {
		if d.Severity == diag.Warning && strings.HasPrefix(d.Message, placeholderMessage+":") {
			out[i].Severity = diag.Error
			out[i].Message = "Vor der Veröffentlichung auszufüllen: " + strings.TrimPrefix(d.Message, placeholderMessage+": ")
		}
	}
	if site != nil && site.Home != nil && site.Home.Source != nil {
		if why := unpublishable(site.Config.BaseURL); why != "" {
			line := 1
			if n := site.Home.Source.Meta.Get("site").Get("base_url"); n != nil {
				line = n.Line
			}
			out = append(out, diag.Diagnostic{Path: site.Home.Source.Path, Line: line, Severity: diag.Error,
				Message: fmt.Sprintf("Die Adresse der Website %q %s: bitte unter site: base_url: die öffentliche Adresse angeben (z. B. https://www.stadt.bamberg.de/integration/) oder sie mit --base-url nennen", site.Config.BaseURL, why)})
		}
		if d, ok := cmsHost(site, cmsHosts); !ok {
			out = append(out, d)
		}
	}
	return out
}

// cmsHost checks the host the CMS logs in at against allowed (see
// ForPublication); ok when it is allowed or there is no CMS.
func cmsHost(site *model.Site, allowed []string) (diag.Diagnostic, bool) {
	login := site.Config.CMS.Login()
	if login == "" || strings.Contains(login, Placeholder) { // no CMS, or the placeholder check reports it
		return diag.Diagnostic{}, true
	}
	if len(allowed) == 0 {
		u, _ := url.Parse(model.DefaultGitLab)
		allowed = []string{u.Hostname()}
	}
	u, err := url.Parse(login)
	host := ""
	if err == nil {
		host = strings.ToLower(u.Hostname())
	}
	for _, a := range allowed {
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" && a == host {
			return diag.Diagnostic{}, true
		}
	}
	line := 1
	if n := site.Home.Source.Meta.Get("site").Get("cms").Get("base_url"); n != nil {
		line = n.Line
	}
	return diag.Diagnostic{Path: site.Home.Source.Path, Line: line, Severity: diag.Error,
		Message: fmt.Sprintf("Das Redaktionssystem würde sich bei %q anmelden, und dieser Server ist nicht freigegeben (erlaubt: %s) – ist die Adresse richtig, trägt die Administration sie in die geschützte CI-Variable SITEGEN_CMS_HOSTS ein (oder --cms-hosts)", login, strings.Join(allowed, ", "))}, false
}

// unpublishable says why readers could not reach a site at base, or "".
func unpublishable(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return "ist keine vollständige Adresse"
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if strings.Contains(base, Placeholder) || strings.Contains(strings.ToLower(base), "platzhalter") {
		return "ist noch ein Platzhalter"
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "zeigt auf diesen Rechner"
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast()) {
		return "zeigt auf diesen Rechner oder ein internes Netz"
	}
	for _, local := range []string{"example.org", "example.com", "example.net", "invalid", "test", "local", "internal"} {
		if host == local || strings.HasSuffix(host, "."+local) {
			return "ist eine Test- oder Beispieladresse"
		}
	}
	return ""
}

// placeholders reports every line of the file that still holds one.
func (c *checker) placeholders(p *model.Page) {
	// The front matter lines are not kept, so count from the file start:
	// body lines start at BodyLine; front matter values are found through
	// the nodes.
	var walk func(n *load.Node)
	walk = func(n *load.Node) {
		if n == nil {
			return
		}
		if n.Kind == load.Scalar && strings.Contains(n.Text, Placeholder) {
			c.warn(p, n.Line, "%s: %s", placeholderMessage, shorten(n.Text))
		}
		for _, it := range n.Items {
			walk(it)
		}
		for _, f := range n.Fields {
			walk(f.Value)
		}
	}
	walk(p.Source.Meta)
	for i, l := range bytes.Split(p.Source.Body, []byte("\n")) {
		for from := 0; ; {
			j := bytes.Index(l[from:], []byte(Placeholder))
			if j < 0 {
				break
			}
			j += from
			c.diags.Add(diag.Diagnostic{Path: p.Source.Path, Line: p.Source.BodyLine + i, Col: utf8.RuneCount(l[:j]) + 1,
				Severity: diag.Warning, Message: placeholderMessage + ": " + shorten(string(l[j:]))})
			from = j + len(Placeholder)
		}
	}
}

func shorten(s string) string {
	if i := strings.IndexByte(s, ']'); i >= 0 {
		s = s[:i+1]
	}
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return s
}

func (c *checker) texts(p *model.Page) {
	if n := utf8.RuneCountInString(p.Title); n > MaxTitle {
		c.warn(p, metaLine(p, "title"), "Der Titel ist %d Zeichen lang – in Suchergebnissen und Browser-Tabs werden nur etwa %d gezeigt", n, MaxTitle)
	}
	switch n := utf8.RuneCountInString(p.Description); {
	case n == 0:
		c.warn(p, 1, "Die Beschreibung fehlt: bitte description: mit ein bis zwei Sätzen angeben (für Suchmaschinen und Listen)")
	case n > MaxDescription:
		c.warn(p, metaLine(p, "description"), "Die Beschreibung ist %d Zeichen lang – bitte höchstens %d", n, MaxDescription)
	}
}

func (c *checker) headings(p *model.Page, hs []markdown.Heading) {
	prev := 1 // the title is the h1
	for _, h := range hs {
		switch {
		case h.Level == 1:
			c.warn(p, h.Line, "Überschrift mit # – der Titel ist schon die Hauptüberschrift; bitte mit ## beginnen")
		case h.Level > prev+1:
			c.warn(p, h.Line, "Die Überschrift springt von Ebene %d auf Ebene %d – bitte keine Ebene auslassen (%s statt %s)",
				prev, h.Level, strings.Repeat("#", prev+1), strings.Repeat("#", h.Level))
		}
		prev = h.Level
	}
}

// pageAt returns the page at site path u, or nil.
func (c *checker) pageAt(u string) *model.Page { return c.byURL[u] }

// dangerous says why a link or image address is not shown, or "": the
// page's Markdown renderer (goldmark) drops addresses that would run
// script or open local files, exactly those that html.IsDangerousURL
// names, and the editor would never learn why the link is dead.
func dangerous(dest string) string {
	if !html.IsDangerousURL([]byte(dest)) {
		return ""
	}
	scheme, _, _ := strings.Cut(strings.TrimSpace(dest), ":")
	return strings.ToLower(scheme) + ":"
}

func (c *checker) links(p *model.Page, links []markdown.Link) {
	for _, l := range links {
		if s := dangerous(l.Dest); s != "" {
			c.error(p, l.Line, "Der Link auf %q wird nicht gezeigt: Adressen mit %s sind auf der Website nicht erlaubt (sie könnten Programme ausführen) – bitte eine Adresse mit https:// angeben", shorten(l.Dest), s)
			continue
		}
		u, err := url.Parse(l.Dest)
		if err != nil || u.Scheme != "" || u.Host != "" {
			continue // external, mailto:, or already reported by the build
		}
		target := p
		switch {
		case u.Path == "":
		case strings.HasSuffix(u.Path, ".md"):
			rel := path.Join(path.Dir(p.Source.Rel), u.Path)
			if strings.HasPrefix(u.Path, "/") {
				rel = strings.TrimPrefix(path.Clean(u.Path), "/")
			}
			target = c.site.Page(rel)
			if target == nil {
				continue // the build reports it
			}
		case render.DocumentType(u.Path) != "":
			continue // a document: the build reports a missing one
		default:
			abs := u.Path
			if !strings.HasPrefix(abs, "/") {
				abs = path.Join(p.Orig().URL, abs) // a translation's files are the original's
				if strings.HasSuffix(u.Path, "/") {
					abs += "/"
				}
			}
			if !c.site.HasURL(abs) && !c.assetExists(abs) {
				c.error(p, l.Line, "Der Link auf %q führt ins Leere: unter %s gibt es keine Seite und keine Datei", l.Dest, abs)
				continue
			}
			target = c.pageAt(abs)
			if target == nil {
				continue
			}
		}
		if u.Fragment != "" && c.ids[target] != nil && !c.ids[target][u.Fragment] {
			where := "auf dieser Seite"
			if target != p {
				where = "auf der Seite " + target.Source.Path
			}
			msg := fmt.Sprintf("Der Link auf %q führt ins Leere: eine Überschrift mit der ID %q gibt es %s", l.Dest, u.Fragment, where)
			var ids []string
			for id := range c.ids[target] {
				ids = append(ids, id)
			}
			if s := diag.Suggest(u.Fragment, ids); s != "" {
				msg += fmt.Sprintf(" – gemeint ist wohl #%s", s)
			}
			c.error(p, l.Line, "%s", msg)
		}
	}
}

// assetExists reports whether the build wrote a file at site path u (an
// asset, a content file, a page's index.html).
func (c *checker) assetExists(u string) bool { return c.files[u] }

func (c *checker) images(p *model.Page, imgs []markdown.Image) {
	for _, img := range imgs {
		// A missing description is the build's error (package markdown).
		if s := dangerous(img.Src); s != "" {
			c.error(p, img.Line, "Das Bild %q wird nicht gezeigt: Adressen mit %s sind auf der Website nicht erlaubt – bitte die Bilddatei neben die Seite legen", shorten(img.Src), s)
			continue
		}
		u, err := url.Parse(img.Src)
		if err != nil {
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			c.warn(p, img.Line, "Das Bild %q wird von einer anderen Website geladen – bitte die Datei neben die Seite legen", img.Src)
			continue
		}
		abs := u.Path
		if !strings.HasPrefix(abs, "/") {
			abs = path.Join(p.Orig().URL, abs)
		}
		if !c.site.HasURL(abs) && !c.assetExists(abs) {
			msg := fmt.Sprintf("Das Bild %q gibt es nicht (gesucht: %s)", img.Src, abs)
			if !strings.HasPrefix(u.Path, "/") && !p.Source.Bundle {
				if fu, ok := c.site.FileURL(path.Join(path.Dir(p.Source.Rel), u.Path)); ok {
					msg += fmt.Sprintf(" – Bilder neben einer einzelnen .md-Datei bitte mit ihrer Adresse einbinden: %s", fu)
				}
			}
			c.error(p, img.Line, "%s", msg)
		}
	}
}

func (c *checker) event(p *model.Page) {
	e := p.Event
	if e == nil || e.Upcoming(c.site.Now) || e.Until.IsZero() {
		return
	}
	if e.Postponed() {
		c.warn(p, metaLine(p, "status"), "Der Termin ist vorbei, aber noch als verschoben (postponed) markiert – bitte den neuen Termin eintragen oder den Status ändern")
	}
	if p.Parent == nil || p.Parent.Type != model.TypeEvent {
		c.warn(p, 1, "Der Termin ist vorbei und steht in keinem Terminbereich (type: event in der _index.md) – so erscheint er in keinem Archiv vergangener Termine")
	}
}

func (c *checker) duplicateNames() {
	type key struct{ typ, name, lang string }
	seen := map[key][]*model.Page{}
	for _, p := range c.site.Pages {
		if p.Kind != load.KindPage || p.Made() || p.Untranslated {
			continue
		}
		k := key{p.Type, path.Base(p.URL), p.Language}
		seen[k] = append(seen[k], p)
	}
	for k, ps := range seen {
		if len(ps) < 2 {
			continue
		}
		slices.SortFunc(ps, func(a, b *model.Page) int { return strings.Compare(a.Source.Path, b.Source.Path) })
		for _, p := range ps[1:] {
			if k.typ != model.TypeActor { // the build reports actors
				c.warn(p, 1, "Der Name %q ist schon vergeben (%s) – gleich benannte Seiten sind leicht zu verwechseln", k.name, ps[0].Source.Path)
			}
		}
	}
}
