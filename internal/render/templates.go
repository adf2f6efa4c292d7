package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
)

const (
	baseName     = "layouts/_default/baseof.html"
	partialsDir  = "layouts/partials"
	partialsName = "partials/"
)

// templates is the parsed layouts: one template set per layout file, each
// holding the base layout, every partial and the layout itself.
type templates struct {
	sets     map[string]*template.Template // layout path → set
	broken   map[string]bool               // layouts that failed to parse (already reported)
	deps     map[string]Deps               // layout path → what it reads beyond its page
	partials *template.Template            // base + partials, for partial and directives
}

// clone returns a copy of t whose templates call funcs (a worker's).
func (t *templates) clone(funcs template.FuncMap) *templates {
	c := &templates{sets: make(map[string]*template.Template, len(t.sets)), broken: t.broken, deps: t.deps}
	for name, s := range t.sets {
		c.sets[name] = template.Must(s.Clone()).Funcs(funcs)
	}
	c.partials = template.Must(t.partials.Clone()).Funcs(funcs)
	return c
}

// loadTemplates parses every layout under layouts/ of fsys. Problems are
// reported at the layout's path and line.
func loadTemplates(fsys fs.FS, funcs template.FuncMap, diags *diag.List) *templates {
	t := &templates{sets: map[string]*template.Template{}, broken: map[string]bool{}, deps: map[string]Deps{}}
	var layouts, partials []string
	_ = fs.WalkDir(fsys, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != "layouts" {
				diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		switch {
		case strings.HasPrefix(p, partialsDir+"/"):
			partials = append(partials, p)
		case p != baseName:
			layouts = append(layouts, p)
		}
		return nil
	})
	slices.Sort(layouts)
	slices.Sort(partials)

	root := template.New(baseName).Funcs(funcs)
	src, err := fs.ReadFile(fsys, baseName)
	switch {
	case err != nil:
		diags.Errorf(baseName, 0, "Das Grundlayout fehlt: %s muss es geben und {{block \"main\" .}}{{end}} enthalten", baseName)
		root = template.Must(root.Parse(`{{block "main" .}}{{end}}`))
	default:
		if _, err := root.Parse(string(src)); err != nil {
			reportTemplateError(diags, err, baseName)
			root = template.Must(template.New(baseName).Funcs(funcs).Parse(`{{block "main" .}}{{end}}`))
		}
	}
	for _, p := range partials {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			continue
		}
		name := partialsName + strings.TrimPrefix(p, partialsDir+"/")
		probe := template.Must(root.Clone())
		if _, err := probe.New(name).Parse(string(src)); err != nil {
			reportTemplateError(diags, err, p)
			continue
		}
		template.Must(root.New(name).Parse(string(src)))
	}
	t.partials = root
	for _, p := range layouts {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			continue
		}
		set := template.Must(root.Clone())
		if _, err := set.New(p).Parse(string(src)); err != nil {
			reportTemplateError(diags, err, p)
			t.broken[p] = true
			continue
		}
		t.sets[p] = set
		t.deps[p] = depsOf(set)
	}
	return t
}

// Deps says what a layout (with the base and the partials) reads beyond
// its page, its parent, ancestors, children, neighbours, organizer and
// series, the menu, the home page and the site settings — for the
// incremental builds, which render a page again when something it depends
// on has changed.
//
// It comes from the parsed templates (see depsOf): what a layout reaches
// through .Site (also as $.Site, or .Data.Site in a partial) and the
// listing functions. A use of the site it cannot classify counts as All,
// and as Now too when the site itself is passed on (with .Site, a
// variable, a partial's argument). What a layout reaches through dot
// inside range or with over neighbouring pages (.Page.Children,
// .Site.Menu) is not followed: only their own fields are covered.
type Deps struct {
	Events     bool // the events and series (eventList, pastEvents, .Site.Events, .Site.SeriesList, .Site.HasEvents, ::events)
	Actors     bool // the actors (actorList, .Site.Actors, ::actors)
	Milestones bool // the milestones (milestoneList, .Site.Milestones, ::milestones)
	Now        bool // the build's time (.Site.Now, .Site.NextChange)
	PageCount  bool // the number of pages, and nothing else of them (len .Site.Pages)
	// All: any page's front matter (.Site.Pages other than in len, .Site.Page,
	// .Site.Home.Children …). It implies Events, Actors, Milestones and
	// PageCount, not Now.
	All bool
}

// depsOf returns what the templates of set — the base layout, the
// partials, a layout and the blocks they define — read beyond their page.
// It walks their parse trees for field chains through a field Site
// (.Site.X, $.Site.X, .Data.Site.X, (…).Site.X) and for calls of the
// listing functions. .Site on its own (with .Site, $s := .Site, a partial's
// argument) may reach anything, so it counts as All and Now.
func depsOf(set *template.Template) Deps {
	var w depsWalker
	for _, t := range set.Templates() {
		if t.Tree != nil {
			w.list(t.Tree.Root)
		}
	}
	return w.d
}

type depsWalker struct{ d Deps }

// anything records a use of the site that cannot be classified.
func (w *depsWalker) anything() { w.d.All, w.d.Now = true, true }

func (w *depsWalker) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n)
	}
}

func (w *depsWalker) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		w.list(n)
	case *parse.ActionNode:
		w.pipe(n.Pipe)
	case *parse.IfNode:
		w.branch(&n.BranchNode)
	case *parse.RangeNode:
		w.branch(&n.BranchNode)
	case *parse.WithNode:
		w.branch(&n.BranchNode)
	case *parse.TemplateNode:
		w.pipe(n.Pipe)
	case *parse.PipeNode:
		w.pipe(n)
	case *parse.CommandNode:
		w.command(n)
	case *parse.FieldNode, *parse.VariableNode, *parse.ChainNode:
		w.fields(n, false)
	case *parse.IdentifierNode:
		// eventList, pastEvents, actorList and milestoneList are recorded
		// as they are called (Rendered.Queries), with their arguments.
	case *parse.TextNode, *parse.CommentNode, *parse.DotNode, *parse.NilNode, *parse.BoolNode,
		*parse.NumberNode, *parse.StringNode, *parse.BreakNode, *parse.ContinueNode:
	default:
		w.anything() // a node this walk does not know
	}
}

func (w *depsWalker) branch(b *parse.BranchNode) {
	w.pipe(b.Pipe)
	w.list(b.List)
	w.list(b.ElseList)
}

func (w *depsWalker) pipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for i, c := range p.Cmds {
		// .Site.Pages | len
		if len(c.Args) == 1 && i+1 < len(p.Cmds) && isLen(p.Cmds[i+1], 1) {
			w.fields(c.Args[0], true)
			continue
		}
		w.command(c)
	}
}

func (w *depsWalker) command(c *parse.CommandNode) {
	if isLen(c, 2) { // len .Site.Pages
		w.fields(c.Args[1], true)
		return
	}
	for _, a := range c.Args {
		w.node(a)
	}
}

// isLen reports whether c calls the function len with n-1 arguments.
func isLen(c *parse.CommandNode, n int) bool {
	if len(c.Args) != n {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == "len"
}

// fields handles a field chain (or, through node, any other argument).
// inLen is true when it is the argument len counts.
func (w *depsWalker) fields(n parse.Node, inLen bool) {
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		idents = n.Ident
	case *parse.VariableNode:
		idents = n.Ident[1:] // after $ or $name
	case *parse.ChainNode:
		w.node(n.Node)
		idents = n.Field
	default:
		w.node(n)
		return
	}
	for i, id := range idents {
		if id == "Site" {
			w.site(idents[i+1:], inLen)
		}
	}
}

// site classifies the use of the fields rest of the site.
func (w *depsWalker) site(rest []string, inLen bool) {
	if len(rest) == 0 {
		w.anything()
		return
	}
	switch rest[0] {
	case "Config", "Prefix", "AllEventsCalendar", "T", "Locale", "Catalog", "HasEvents": // in every page's signature (the options, languages, interface strings and whether there are events)
	case "Home", "Menu", "Special": // so are their own fields, but not the pages they lead to
		if len(rest) > 1 && !ownFields[rest[1]] {
			w.d.All = true
		}
	case "Now":
		w.d.Now = true
	case "Pages":
		if inLen && len(rest) == 1 {
			w.d.PageCount = true
		} else {
			w.d.All = true
		}
	case "Events", "SeriesList", "EventList", "PastByYear":
		w.d.Events = true
	case "NextChange":
		w.d.Events, w.d.Now = true, true
	case "Actors", "ActorList":
		w.d.Actors = true
	case "Milestones", "MilestoneList":
		w.d.Milestones = true
	case "Page", "Files", "Redirects", "FileURL", "HasURL", "LinkTarget", "AZ":
		w.d.All = true
	default: // a field or method this walk does not know
		w.anything()
	}
}

// ownFields are the fields of a page that show only its own front matter
// (and what is in the signature of a page that shows it), not other pages.
var ownFields = map[string]bool{
	"URL": true, "Title": true, "Description": true, "Kind": true, "Type": true, "Weight": true,
	"Menu": true, "Draft": true, "Slug": true, "Aliases": true, "Lang": true, "Layout": true,
	"RawHTML": true, "Files": true, "Series": true, "SeriesSlug": true, "IsSection": true,
}

// lookup returns the first layout of names that exists. broken is true
// when that layout exists but could not be parsed (an error already
// reported).
func (t *templates) lookup(names ...string) (set *template.Template, name string, ok, broken bool) {
	for _, n := range names {
		if s, ok := t.sets[n]; ok {
			return s, n, true, false
		}
		if t.broken[n] {
			return nil, n, false, true
		}
	}
	return nil, "", false, false
}

var templateErrRe = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns an html/template error into a diagnostic at the
// layout's line. fallback is the path used when the error names none.
func templateDiag(err error, fallback string) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Path: fallback, Message: "Fehler im Layout: " + msg}
	if m := templateErrRe.FindStringSubmatch(msg); m != nil {
		name := m[1]
		if strings.HasPrefix(name, partialsName) {
			name = partialsDir + "/" + strings.TrimPrefix(name, partialsName)
		}
		d.Path = name
		d.Line, _ = strconv.Atoi(m[2])
		d.Col, _ = strconv.Atoi(m[3])
		d.Message = "Fehler im Layout: " + m[4]
	}
	return d
}

func reportTemplateError(diags *diag.List, err error, fallback string) {
	diags.Add(templateDiag(err, fallback))
}

// errMissingLayout describes a page for which no layout exists.
func errMissingLayout(names []string) string {
	return fmt.Sprintf("Es gibt kein Layout für diese Seite (gesucht: %s)", strings.Join(names, ", "))
}

// layoutNames returns the lookup order for a page (see the package doc).
func layoutNames(p *model.Page) []string {
	if p.Layout != "" {
		return []string{"layouts/" + path.Clean(p.Layout) + ".html"}
	}
	switch {
	case p.Special != "": // made only when the site has its layout
		return []string{"layouts/" + p.Special + ".html"}
	case p.SeriesSlug != "":
		return []string{"layouts/event/series.html", "layouts/_default/list.html"}
	case p.Kind == load.KindHome:
		return []string{"layouts/home.html", "layouts/_default/list.html"}
	case p.Kind == load.KindSection:
		return []string{"layouts/" + p.Type + "/list.html", "layouts/_default/list.html"}
	}
	return []string{"layouts/" + p.Type + "/single.html", "layouts/_default/single.html"}
}
