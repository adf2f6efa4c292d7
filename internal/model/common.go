package model

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/slug"
)

var langRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func (d *decoder) common(p *Page) {
	m := d.file.Meta
	d.title(p)
	p.MenuTitle = d.str(m.Get("menu_title"), "menu_title")
	p.Description = d.str(m.Get("description"), "description")
	p.Weight = d.integer(m.Get("weight"), "weight")
	p.Menu = d.boolean(m.Get("menu"), "menu")
	p.Draft = d.boolean(m.Get("draft"), "draft")
	if p.Draft && p.Kind == load.KindHome {
		d.errorf(m.Get("draft"), "Die Startseite kann kein Entwurf sein (draft: true ließe die ganze Website weg)")
		p.Draft = false
	}
	p.RawHTML = d.boolean(m.Get("raw_html"), "raw_html")
	p.LeichteSprache = d.boolean(m.Get("leichte_sprache"), "leichte_sprache")
	p.Layout = d.str(m.Get("layout"), "layout")
	d.slug(p)
	d.aliases(p)
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

// title reads the page's title: key, which every page must have.
func (d *decoder) title(p *Page) {
	m := d.file.Meta
	p.Title = d.str(m.Get("title"), "title")
	if m.Get("title") == nil {
		d.errorAt(m.Line, "Der Titel fehlt: bitte title: \"…\" ins Front Matter schreiben")
	} else if p.Title == "" {
		d.errorf(m.Get("title"), "Der Titel ist leer")
	}
}

// slug reads the page's slug: key.
func (d *decoder) slug(p *Page) {
	if n := d.file.Meta.Get("slug"); n != nil {
		p.Slug = d.str(n, "slug")
		if p.Kind == load.KindHome {
			d.errorf(n, "Die Startseite hat keinen slug")
			p.Slug = ""
		} else if p.Slug != "" && !slug.Valid(p.Slug) {
			d.errorf(n, "%q ist kein gültiger slug (nur a–z, 0–9 und Bindestriche) – gemeint ist wohl %q", p.Slug, slug.Make(p.Slug))
			p.Slug = slug.Make(p.Slug)
		}
	}
}

// aliases reads the page's aliases: site paths, cleaned.
func (d *decoder) aliases(p *Page) {
	for _, n := range d.list(d.file.Meta.Get("aliases"), "aliases") {
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
}

func siteConfig(home *Page, d *decoder, opts Options) Config {
	c := Config{Title: home.Title, Language: i18n.Default, TimeZone: dates.DefaultZone, BaseURL: "http://localhost:1313/"}
	if n := d.mapping(home.Source.Meta.Get("site"), "site", "site:\n  title: Integration in Bamberg\n  timezone: Europe/Berlin"); n != nil {
		d.checkKeys(n, []string{"title", "timezone", "language", "languages", "base_url", "cms", "leichte_sprache_ausnahmen"}, " unter site:")
		c.CMS = cmsConfig(n.Get("cms"), d)
		c.LeichteAusnahmen = d.strs(n.Get("leichte_sprache_ausnahmen"), "leichte_sprache_ausnahmen")
		c.Languages = d.languages(n.Get("languages"))
		if v := d.str(n.Get("title"), "title"); v != "" {
			c.Title = v
		}
		if v := d.str(n.Get("language"), "language"); v != "" {
			switch {
			case !langRe.MatchString(v):
				d.errorf(n.Get("language"), "%q ist kein Sprachcode, z. B. de", v)
			case len(c.Languages) > 0 && c.Languages[0] != v:
				d.errorf(n.Get("language"), "language: %s widerspricht languages: – die erste Sprache dort (%s) ist die Sprache der Website; bitte language: löschen", v, c.Languages[0])
			default:
				c.Language = v
			}
		}
		if len(c.Languages) > 0 {
			c.Language = c.Languages[0]
		}
		if v := d.str(n.Get("timezone"), "timezone"); v != "" {
			c.TimeZone = v
		}
		if v := d.str(n.Get("base_url"), "base_url"); v != "" {
			c.BaseURL = v
		}
	}
	if len(c.Languages) == 0 {
		c.Languages = []string{c.Language}
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

// languages reads site: languages: [de, en, …], a list of distinct
// language codes for which sitegen knows how to write dates.
func (d *decoder) languages(n *load.Node) []string {
	var out []string
	for _, it := range d.list(n, "languages") {
		code := d.str(it, "languages")
		switch {
		case code == "":
		case !codeRe.MatchString(code):
			d.errorf(it, "%q ist kein Sprachcode – bitte den Code aus zwei Buchstaben angeben, z. B. en, tr, ar", code)
		case slices.Contains(out, code):
			d.errorf(it, "Die Sprache %s steht zweimal in languages:", code)
		default:
			if _, ok := i18n.LocaleFor(code); !ok {
				d.errorf(it, "Für die Sprache %s kennt sitegen keine Schreibweise von Daten und Zahlen (möglich sind: %s)", code, strings.Join(i18n.Supported(), ", "))
				continue
			}
			out = append(out, code)
		}
	}
	if n != nil && n.Kind == load.List && len(out) == 0 && len(n.Items) == 0 {
		d.errorf(n, "languages: braucht mindestens eine Sprache, z. B. languages: [de, en]")
	}
	return out
}

var codeRe = regexp.MustCompile(`^[a-z]{2,3}$`)

// cmsConfig decodes site: cms: (nil: none).
func cmsConfig(n *load.Node, d *decoder) CMSConfig {
	var c CMSConfig
	n = d.mapping(n, "cms", "cms:\n  backend: gitlab\n  repo: stadt-bamberg/integration")
	if n == nil {
		return c
	}
	d.checkKeys(n, []string{"backend", "repo", "branch", "base_url", "app_id"}, " unter site: cms:")
	c.Backend = d.str(n.Get("backend"), "backend")
	if c.Backend != "" && !slices.Contains(CMSBackends, c.Backend) {
		d.errorf(n.Get("backend"), "backend: %q gibt es nicht – möglich sind %s", c.Backend, strings.Join(CMSBackends, ", "))
	}
	c.Repo = d.str(n.Get("repo"), "repo")
	if c.Backend != "" && c.Repo == "" {
		d.errorf(n, "cms: braucht repo: (Gruppe/Projekt des Repositorys, z. B. stadt-bamberg/integration)")
	}
	c.Branch = d.str(n.Get("branch"), "branch")
	if c.Branch == "" {
		c.Branch = "main"
	}
	c.BaseURL = d.str(n.Get("base_url"), "base_url")
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, Placeholder) {
		if u, err := url.Parse(c.BaseURL); err != nil || u.Scheme != "https" || u.Host == "" {
			d.errorf(n.Get("base_url"), "base_url %q muss eine vollständige Adresse mit https:// sein, z. B. https://gitlab.stadt.bamberg.de", c.BaseURL)
		}
	}
	c.AppID = d.str(n.Get("app_id"), "app_id")
	if c.Backend == "gitlab" && c.AppID == "" {
		d.errorf(n, "cms: backend: gitlab braucht app_id: (die Application ID der Anwendung in GitLab)")
	}
	return c
}
