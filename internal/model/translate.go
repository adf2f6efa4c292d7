package model

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
)

// textKeys are the keys a translation may set: its text (and whether and
// where it is published). Every other key is a fact of the original.
// The key "" holds those of every page; each type's those besides (the
// fields of Schema with Text).
var textKeys = func() map[string][]string {
	m := typeKeysOf(true)
	m[""] = keysOf(Schema("common"), true)
	return m
}()

// pairTranslations makes a site for each declared language and pairs each
// translation file with its original.
func (b *builder) pairTranslations() {
	s := b.s
	codes := s.Config.Languages
	for _, code := range codes {
		ls := s // a site with one language is its own
		if len(codes) > 1 {
			ls = &Site{Config: s.Config, Now: s.Now, Catalog: s.Catalog, bySource: map[string]*Page{}, seriesPages: map[string]*Page{}, byURL: s.byURL, files: s.files}
			ls.Config.Language = code
		}
		ls.Locale = localeFor(code)
		ls.root = s
		b.langs = append(b.langs, ls)
	}
	s.Langs = b.langs
	s.Locale = b.langs[0].Locale
	if len(codes) > 1 {
		def := b.langs[0]
		for rel, p := range s.bySource {
			def.bySource[rel] = p
		}
		def.seriesPages = s.seriesPages
	}

	b.translated = map[*Page]map[string]*decoder{}
	for _, f := range b.trans {
		d := &decoder{file: f, diags: b.diags}
		switch {
		case f.Lang == codes[0]:
			// An original to the loader, unless it found no home page
			// to name the first language (reported) or took a first
			// language the model does not know (reported at site:).
			continue
		case !slices.Contains(codes, f.Lang):
			d.errorAt(1, "Die Sprache %q ist nicht erklärt: bitte in %s unter site: languages: eintragen (jetzt: %s) – oder die Datei umbenennen, wenn .%s kein Sprachcode sein soll", f.Lang, s.Home.Source.Path, strings.Join(codes, ", "), f.Lang)
			continue
		}
		orig := s.bySource[f.Orig]
		if orig == nil {
			if !b.isDraft(f.Orig) {
				d.errorAt(1, "Zu dieser Übersetzung fehlt das Original content/%s (oder content/%s) – eine Übersetzung steht immer neben ihrem Original", f.Orig, withLang(f.Orig, codes[0]))
			}
			continue
		}
		if b.translated[orig] == nil {
			b.translated[orig] = map[string]*decoder{}
		}
		b.translated[orig][f.Lang] = d
	}
}

// withLang returns the content path rel of an original named with the
// language code lang: "a/b.de.md" for "a/b.md".
func withLang(rel, lang string) string {
	return strings.TrimSuffix(rel, ".md") + "." + lang + ".md"
}

// localeFor returns the locale of a language; German for one that has
// none (siteConfig reported it).
func localeFor(code string) *i18n.Locale {
	if l, ok := i18n.LocaleFor(code); ok {
		return l
	}
	l, _ := i18n.LocaleFor(i18n.Default)
	return l
}

// isDraft reports whether the original with the content path rel exists
// and is left out as a draft.
func (b *builder) isDraft(rel string) bool {
	for _, p := range b.all {
		if p.Source.Rel == rel {
			return p.inDraft()
		}
	}
	return false
}

// translatePages makes every page of the default language in each other
// language: from its translation where there is one, otherwise showing
// the original's text. Facts (dates, places, categories, contact) are the
// original's; an event's organizer and series page, a page's parent are
// the same language's.
func (b *builder) translatePages() {
	if len(b.langs) < 2 {
		for _, p := range b.pages {
			p.Site = b.s
		}
		return
	}
	originals := slices.Clone(b.pages)
	// Parents before children: a parent's URL is a prefix of its pages'.
	slices.SortStableFunc(originals, func(x, y *Page) int { return cmp.Compare(len(x.URL), len(y.URL)) })
	for _, p := range originals {
		p.Site = b.langs[0]
		p.Translations = []*Page{p}
	}
	for _, ls := range b.langs[1:] {
		code := ls.Config.Language
		versions := map[*Page]*Page{}
		// The slug: of a translation that made a version's address (its
		// own, or its parent's): a clash is reported there, whichever
		// page came first.
		slugAt := map[*Page]Owner{}
		for _, p := range originals {
			if p.Parent != nil && versions[p.Parent] == nil {
				continue // the parent's address was taken
			}
			q := b.version(p, ls, versions[p.Parent])
			what := p.Source.Path + " (" + code + ")"
			if t := b.translated[p][code]; t != nil && !q.Untranslated {
				what = q.Source.Path
			}
			at, shaped := slugAt[versions[p.Parent]]
			if n := q.Source.Meta.Get("slug"); q.Source != p.Source && q.Slug != "" && q.Slug != p.Slug && n != nil {
				at, shaped = Owner{Path: q.Source.Path, Line: n.Line}, true
			}
			src, line := q.Source.Path, 1
			if prev, ok := b.s.URLOwner(q.URL); shaped {
				src, line = at.Path, at.Line
			} else if ok && prev.Line > 1 {
				src, line = prev.Path, prev.Line // the slug: that took the address first
			}
			if !b.claim(q.URL, what, src, line) {
				continue
			}
			if shaped {
				slugAt[q] = at
				b.s.byURL[urlKey(q.URL)] = Owner{What: what, Path: at.Path, Line: at.Line}
			}
			if q.Source != p.Source && !q.Made() { // a translation file's own page
				b.claimAliases(q)
				b.s.bySource[q.Source.Rel] = q
			}
			versions[p] = q
			if !p.Made() { // a made page's Source is its section's
				ls.bySource[p.Source.Rel] = q
			}
			p.Translations = append(p.Translations, q)
			b.pages = append(b.pages, q)
		}
		for p, q := range versions {
			if e := q.Event; e != nil {
				e.Organizer = versions[p.Event.Organizer]
				e.SeriesPage = versions[p.Event.SeriesPage]
			}
			if p.SeriesSlug != "" {
				ls.seriesPages[p.SeriesSlug] = q
			}
		}
	}
	for _, p := range originals {
		for _, q := range p.Translations[1:] {
			q.Translations = p.Translations
		}
	}
}

// version makes the page p of the default language in the language of
// ls, below parent (p's parent in that language).
func (b *builder) version(p *Page, ls *Site, parent *Page) *Page {
	code := ls.Config.Language
	q := &Page{
		Source: p.Source, Kind: p.Kind, Type: p.Type, Title: p.Title, MenuTitle: p.MenuTitle, Description: p.Description,
		Weight: p.Weight, Menu: p.Menu, Draft: p.Draft, Layout: p.Layout, RawHTML: p.RawHTML,
		Files: p.Files, Milestone: p.Milestone, Series: p.Series, SeriesSlug: p.SeriesSlug, Special: p.Special,
		Language: code, Original: p, Site: ls, Parent: parent, ownType: p.ownType,
		Lang: cmp.Or(p.Lang, b.s.Config.Language), Untranslated: true,
	}
	if p.Event != nil {
		e := *p.Event
		if e.Location != nil {
			l := *e.Location
			e.Location = &l
		}
		q.Event = &e
	}
	if p.Actor != nil {
		a := *p.Actor
		q.Actor = &a
	}
	if p.Lang == code { // written in this language already (lang: en)
		q.Lang, q.Untranslated = "", false
	}
	switch {
	case p.Made(): // not written: all in the language
		q.Source = parent.Source.Derived()
		q.Lang, q.Untranslated = "", false
		if p.SeriesSlug != "" {
			q.Description = b.s.Catalog.T(code, "series_description", q.Title)
		} else {
			q.Title = b.s.Catalog.T(code, specialTitles[p.Special])
		}
	case b.translated[p][code] != nil:
		b.translation(b.translated[p][code], q, p)
	}
	u := "/" + code + "/"
	if parent != nil {
		rest := strings.TrimPrefix(p.URL, p.Parent.URL)
		if q.Slug != "" && q.Slug != p.Slug {
			segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
			segs[len(segs)-1] = q.Slug
			rest = strings.Join(segs, "/") + "/"
		}
		u = parent.URL + rest
	}
	q.URL = u
	return q
}

// translation puts the text of a translation file (d) into q, the
// version of orig in its language. A translation that is a draft is not
// used (unless building drafts): q keeps the original's text.
func (b *builder) translation(d *decoder, q, orig *Page) {
	m := d.file.Meta
	allowed := append(slices.Clip(textKeys[""]), textKeys[orig.Type]...)
	if orig.Kind != load.KindPage {
		allowed = textKeys[""]
	}
	for _, f := range m.Fields {
		if slices.Contains(allowed, f.Key) {
			continue
		}
		if f.Key == "lang" {
			d.errorAt(f.Line, "lang: die Sprache einer Übersetzung steht im Dateinamen (%s) – bitte hier löschen", path.Base(d.file.Rel))
			continue
		}
		if slices.Contains(allowedKeys(orig), f.Key) {
			d.errorAt(f.Line, "%s: %s – eine Übersetzung übernimmt es von dort; bitte hier löschen", f.Key, b.onlyInOriginal(orig))
			continue
		}
		d.unknownKey(f, allowed, " in einer Übersetzung")
	}
	var t Page
	t.Kind = orig.Kind
	d.title(&t)
	if d.boolean(m.Get("draft"), "draft") && !b.opts.Drafts {
		return
	}
	q.Source, q.Untranslated, q.Lang = d.file, false, ""
	q.Title = t.Title
	q.MenuTitle = d.str(m.Get("menu_title"), "menu_title")
	q.Description = d.str(m.Get("description"), "description")
	q.RawHTML = d.boolean(m.Get("raw_html"), "raw_html")
	d.slug(q)
	d.aliases(q)
	if e := q.Event; e != nil {
		e.Summary = d.str(m.Get("summary"), "summary")
		e.Registration = d.str(m.Get("registration"), "registration")
		if n := d.mapping(m.Get("location"), "location", "location:\n  name: Rathaus (Town Hall)"); n != nil {
			for _, f := range n.Fields {
				if f.Key != "name" {
					d.errorAt(f.Line, "location: %s: %s – übersetzt wird nur location: name:", f.Key, b.onlyInOriginal(orig))
				}
			}
			if name := d.str(n.Get("name"), "name"); name != "" {
				if e.Location == nil || e.Location.Name == "" {
					d.errorf(n.Get("name"), "location: name: das Original %s nennt keinen Ort, der übersetzt werden könnte", orig.Source.Path)
				} else {
					e.Location.Name = name
				}
			}
		}
	}
	if a := q.Actor; a != nil {
		a.Role = d.str(m.Get("role"), "role")
		a.Offers = d.strs(m.Get("offers"), "offers")
	}
	b.imageAlt(d, q, orig)
}

// imageAlt puts the description of the page's picture in a translation
// (image: alt:) into q: the picture is the original's, a fact; what it
// shows is said in the page's language, so that a screen reader reads
// it with that language's rules (without it, the original's description
// stays). "(dekorativ)" marks it as decoration here too.
func (b *builder) imageAlt(d *decoder, q, orig *Page) {
	n := d.mapping(d.file.Meta.Get("image"), "image", "image:\n  alt: Children dancing on Maxplatz")
	if n == nil {
		return
	}
	for _, f := range n.Fields {
		if f.Key != "alt" {
			d.errorAt(f.Line, "image: %s: %s – übersetzt wird nur image: alt:", f.Key, b.onlyInOriginal(orig))
		}
	}
	alt := strings.TrimSpace(d.str(n.Get("alt"), "alt"))
	switch {
	case n.Get("alt") == nil:
	case orig.Image == nil:
		d.errorf(n.Get("alt"), "image: alt: das Original %s hat kein Bild (image:), das beschrieben werden könnte", orig.Source.Path)
	case alt == "":
		d.errorf(n.Get("alt"), "image: alt: ist leer – was auf dem Bild zu sehen ist, oder die Zeile löschen (dann gilt die Beschreibung des Originals)")
	default:
		img := *orig.Image
		img.Alt, img.Decorative = alt, false
		if alt == DecorativeAlt {
			img.Alt, img.Decorative = "", true
		}
		q.Image = &img
	}
}

// onlyInOriginal says where a fact is kept: "steht nur in der deutschen
// Fassung (content/a.md)".
func (b *builder) onlyInOriginal(orig *Page) string {
	if b.s.Config.Language == "de" {
		return "steht nur in der deutschen Fassung (" + orig.Source.Path + ")"
	}
	return "steht nur im Original (" + orig.Source.Path + ")"
}
