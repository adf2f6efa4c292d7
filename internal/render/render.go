package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/yuin/goldmark/util"
)

// PageData is what every layout is executed with.
type PageData struct {
	Page    *model.Page
	Site    *model.Site // the site of the page's language
	Content template.HTML
	Lang    string // the language of the page's text
	Title   string
	UILang  string // the language of the page's interface (and <html lang>)
	Dir     string // "rtl" or "ltr": the direction of the interface
	TextDir string // the direction of the page's text

	directives map[string]bool
}

// HasDirective reports whether the page's Markdown holds the directive
// ::name, so that a layout can leave out a listing the text already has.
func (d *PageData) HasDirective(name string) bool { return d.directives[name] }

// ReservedIDs are the element IDs the layouts use around the Markdown
// (the skip link's target <main id="inhalt">); headings never get them.
var ReservedIDs = []string{"inhalt"}

// Renderer renders the pages of one site. It is safe for concurrent use:
// it hands each page to one of its workers, copies of itself with their
// own clones of the layouts, which record the listings the page shows
// (Rendered.Queries).
type Renderer struct {
	site     *model.Site
	md       *markdown.Converter
	tmpl     *templates
	assets   map[string]Asset  // assets/ path → asset
	series   map[string]string // series slug → title
	fsys     fs.FS             // the site's files: the sizes of documents
	pictures PictureFunc       // what was made of the site's pictures (SetPictures)

	worker  bool           // one of the workers, used by one page at a time
	cur     *model.Site    // a worker's: the site of the language of the page it renders
	rec     []Query        // a worker's: the listings of the page it renders
	workers chan *Renderer // the free workers
	all     []*Renderer    // every worker
}

// New parses the layouts under layouts/ of fsys for site. assets maps the
// paths of files under assets/ ("css/style.css") to what layouts need to
// reference them. Problems with layouts are added to diags.
func New(site *model.Site, fsys fs.FS, assets map[string]Asset, diags *diag.List) *Renderer {
	r := &Renderer{fsys: fsys}
	r.tmpl = loadTemplates(fsys, r.pictureFuncs(r.documentFuncs(r.funcs())), diags)
	r.md = markdown.New(markdown.WithDirectiveRenderer(r.renderDirective), markdown.WithReservedIDs(ReservedIDs...))
	n := runtime.GOMAXPROCS(0)
	r.workers = make(chan *Renderer, n)
	for range n {
		w := &Renderer{worker: true, fsys: fsys}
		w.tmpl = r.tmpl.clone(w.pictureFuncs(w.documentFuncs(w.funcs())))
		w.md = markdown.New(markdown.WithDirectiveRenderer(w.renderDirective), markdown.WithReservedIDs(ReservedIDs...))
		r.all = append(r.all, w)
		r.workers <- w
	}
	r.Reset(site, assets)
	return r
}

// Reset points the renderer, with the layouts it has parsed, at a new
// model of the site and its assets. It must not be called while pages are
// being rendered.
func (r *Renderer) Reset(site *model.Site, assets map[string]Asset) {
	r.site, r.assets = site, assets
	r.series = map[string]string{}
	for _, s := range site.SeriesList() {
		r.series[s.Slug] = s.Title
	}
	for _, w := range r.all {
		w.site, w.assets, w.series = r.site, r.assets, r.series
	}
}

// lang returns the site of the language of the page being rendered.
func (r *Renderer) lang() *model.Site {
	if r.cur != nil {
		return r.cur
	}
	return r.site
}

// record notes a listing the page being rendered shows.
func (r *Renderer) record(q model.Listing) {
	if r.worker {
		r.rec = append(r.rec, Query{Lang: r.lang().Config.Language, Listing: q})
	}
}

func (r *Renderer) renderDirective(w util.BufWriter, d *markdown.Directive) error {
	if d.Data == nil {
		return nil
	}
	t := r.tmpl.partials.Lookup(partialsName + d.Name + ".html")
	if t == nil {
		return fmt.Errorf("für ::%s fehlt das Layout %s/%s.html", d.Name, partialsDir, d.Name)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d.Data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Markdown converts the page's Markdown body to HTML, resolving its links
// and directives against the site; links to documents (PDF, Word …) must
// find their file and say its format and size (see resolveFile). Problems
// are added to diags. It also returns the names of the directives the
// page uses.
func (r *Renderer) Markdown(p *model.Page, diags *diag.List) (markdown.Result, map[string]bool) {
	f := p.Source
	used := map[string]bool{}
	base := ""
	if p.Original != nil && p.Original.URL != p.URL { // files stay where the original has them
		base = r.site.Config.RelURL(p.Original.URL)
	}
	res, ds := r.md.Convert(f.Body, markdown.Page{
		Path:         f.Path,
		FirstLine:    max(f.BodyLine, 1),
		RawHTML:      p.RawHTML,
		FileBase:     base,
		ResolveLink:  func(dest string) (string, error) { return r.resolveLink(p, dest) },
		ResolveFile:  func(dest string) (markdown.FileLink, error) { return r.resolveFile(p, dest) },
		ResolveImage: func(dest string) (markdown.Picture, error) { return r.resolveImage(p, dest) },
		ImageSizes:   ImageSizes,
		NoEagerImage: p.Orig().Image != nil, // pagePicture comes first
		ResolveDirective: func(d *markdown.Directive) error {
			used[d.Name] = true
			return r.resolveDirective(p, d)
		},
	})
	diags.Append(ds...)
	return res, used
}

// resolveLink maps a link to a Markdown file (relative to the page's file,
// or from content/ when it starts with "/") to the URL of its page.
func (r *Renderer) resolveLink(p *model.Page, dest string) (string, error) {
	q, rel, frag := r.site.LinkTarget(p, dest)
	if q == nil {
		return "", fmt.Errorf("Der Link auf %q führt ins Leere: die Seite content/%s gibt es nicht (oder sie ist ein Entwurf)", dest, rel)
	}
	u := r.site.Config.RelURL(q.URL)
	if frag != "" {
		u += "#" + frag
	}
	return u, nil
}

// Rendered is one rendered page.
type Rendered struct {
	HTML []byte // nil if the page could not be rendered
	// Outline is what the page's Markdown holds, for checks: its headings,
	// images and links (HTML left out).
	Outline markdown.Result
	// Deps says what beyond its neighbourhood and Queries the page's
	// output depends on: its layout's Deps.
	Deps Deps
	// Queries are the listings the page shows (its directives, and the
	// listing functions its layout called), in the order they were made.
	Queries []Query
}

// Page renders p with its layout. HTML is nil if it could not, with the
// reasons in diags.
func (r *Renderer) Page(p *model.Page, diags *diag.List) Rendered {
	w := <-r.workers
	defer func() { r.workers <- w }()
	w.rec = w.rec[:0]
	w.cur = p.Site
	out := w.page(p, diags)
	if len(w.rec) > 0 {
		out.Queries = slices.Clone(w.rec)
	}
	return out
}

func (r *Renderer) page(p *model.Page, diags *diag.List) Rendered {
	res, used := r.Markdown(p, diags)
	out := Rendered{Outline: res}
	out.Outline.HTML = nil
	names := layoutNames(p)
	t, name, ok, broken := r.tmpl.lookup(names...)
	out.Deps = r.tmpl.deps[name]
	if broken {
		return out
	}
	if !ok {
		line := 0
		if n := p.Source.Meta.Get("layout"); n != nil {
			line = n.Line
		}
		diags.Errorf(p.Source.Path, line, "%s", errMissingLayout(names))
		return out
	}
	data := r.data(p, template.HTML(res.HTML))
	data.directives = used
	out.HTML, _ = r.execute(t, data, p.Source.Path, diags)
	return out
}

func (r *Renderer) data(p *model.Page, content template.HTML) *PageData {
	ls := p.Site
	if ls == nil {
		ls = r.site
	}
	ui := ls.Config.Language
	lang := cmp.Or(p.TextLang(), ui)
	title := p.Title
	if title != ls.Config.Title {
		title += " – " + ls.Config.Title
	}
	if lang != ui && content != "" {
		// A text in another language than the interface around it (an
		// untranslated page's, or a page with lang:) says so, wherever
		// the layout puts it.
		content = template.HTML(`<div lang="`+html.EscapeString(lang)+`" dir="`+dirOf(lang)+`">`) + content + "</div>"
	}
	return &PageData{Page: p, Site: ls, Content: content, Lang: lang, Title: title, UILang: ui, Dir: dirOf(ui), TextDir: dirOf(lang)}
}

// dirOf returns the writing direction of a language: "rtl" for Arabic,
// Hebrew, Persian and Urdu, "ltr" otherwise.
func dirOf(lang string) string {
	if l, ok := i18n.LocaleFor(lang); ok {
		return l.Dir()
	}
	switch strings.SplitN(lang, "-", 2)[0] {
	case "ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb":
		return "rtl"
	}
	return "ltr"
}

func (r *Renderer) execute(t *template.Template, data *PageData, src string, diags *diag.List) ([]byte, bool) {
	var b bytes.Buffer
	b.Grow(16 << 10)
	if err := t.ExecuteTemplate(&b, baseName, data); err != nil {
		d := templateDiag(err, baseName)
		d.Message += " (beim Erzeugen von " + src + ")"
		diags.Add(d)
		return nil, false
	}
	return b.Bytes(), true
}

// NotFound renders the 404 page of the language ls (nil: the default)
// from layouts/404.html; ok is false when there is no such layout.
func (r *Renderer) NotFound(ls *model.Site, diags *diag.List) (out []byte, exists, ok bool) {
	w := <-r.workers
	defer func() { r.workers <- w }()
	if ls == nil {
		ls = r.site.Langs[0]
	}
	w.cur = ls
	return w.notFound(ls, diags)
}

// NotFoundURL returns the site path of a language's 404 page:
// "/404.html" for the default language, "/en/404.html" for en.
func NotFoundURL(ls *model.Site) string {
	if ls == nil {
		return "/404.html"
	}
	return ls.Prefix() + "404.html"
}

func (r *Renderer) notFound(ls *model.Site, diags *diag.List) (out []byte, exists, ok bool) {
	t, _, found, broken := r.tmpl.lookup("layouts/404.html")
	if broken {
		return nil, true, false
	}
	if !found {
		return nil, false, true
	}
	p := &model.Page{Title: ls.T("notfound_title"), URL: NotFoundURL(ls), Kind: load.KindPage, Type: model.TypePage,
		Parent: ls.Home, Language: ls.Config.Language, Site: ls, Source: &load.File{Path: "layouts/404.html", Meta: &load.Node{Kind: load.Map}}}
	if langs := r.site.Langs; len(langs) > 1 { // the language switcher leads to the others'
		for _, l := range langs {
			q := p
			if l != ls {
				q = &model.Page{Title: l.T("notfound_title"), URL: NotFoundURL(l), Kind: load.KindPage, Type: model.TypePage, Language: l.Config.Language, Site: l}
			}
			p.Translations = append(p.Translations, q)
		}
	}
	out, ok = r.execute(t, r.data(p, ""), "layouts/404.html", diags)
	return out, true, ok
}

var redirectTmpl = template.Must(template.New("redirect").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Weitergeleitet: {{.Title}}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{{.Abs}}">
<meta http-equiv="refresh" content="0; url={{.Rel}}">
</head>
<body>
<main>
<h1>Diese Seite ist umgezogen</h1>
<p>Sie finden sie jetzt hier: <a href="{{.Rel}}">{{.Title}}</a></p>
</main>
</body>
</html>
`))

// Redirect renders the page an alias URL serves: a link to the page's new
// address, followed at once by browsers, not indexed by search engines.
func (r *Renderer) Redirect(rd model.Redirect) []byte {
	var b bytes.Buffer
	err := redirectTmpl.Execute(&b, map[string]string{
		"Lang":  r.site.Config.Language,
		"Title": rd.To.Title,
		"Abs":   r.site.Config.AbsURL(rd.To.URL),
		"Rel":   r.site.Config.RelURL(rd.To.URL),
	})
	if err != nil {
		panic(err) // a fixed template with strings cannot fail
	}
	return b.Bytes()
}
