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

	"github.com/stadt-bamberg/integration/internal/diag"
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

// loadTemplates parses every layout under layouts/ of fsys. Problems are
// reported at the layout's path and line.
func loadTemplates(fsys fs.FS, funcs template.FuncMap, diags *diag.List) *templates {
	t := &templates{sets: map[string]*template.Template{}, broken: map[string]bool{}, deps: map[string]Deps{}}
	shared := "" // the text of the base and the partials
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
	shared += string(src)
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
		shared += string(src)
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
		t.deps[p] = depsOf(shared + string(src))
	}
	return t
}

// Deps says what a layout (with the base and the partials) reads beyond
// its page, its parent, ancestors, children, neighbours, organizer and
// series, the menu, the home page and the site settings — for the
// incremental builds of the preview server.
type Deps struct {
	Events     bool // the events and series (eventList, pastEvents, SeriesList, ::events)
	Actors     bool // the actors (actorList, .Site.Actors, ::actors)
	Milestones bool // the milestones (milestoneList, .Site.Milestones, ::milestones)
	All        bool // any page (.Site.Pages) or the build's time (.Site.Now)
}

func depsOf(text string) Deps {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	return Deps{
		Events:     has("eventList", "pastEvents", "SeriesList", ".Site.Events"),
		Actors:     has("actorList", ".Site.Actors"),
		Milestones: has("milestoneList", ".Site.Milestones"),
		All:        has(".Site.Pages", ".Site.Now"),
	}
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
func layoutNames(layout string, home, section bool, typ string, series bool) []string {
	if layout != "" {
		return []string{"layouts/" + path.Clean(layout) + ".html"}
	}
	switch {
	case series:
		return []string{"layouts/event/series.html", "layouts/_default/list.html"}
	case home:
		return []string{"layouts/home.html", "layouts/_default/list.html"}
	case section:
		return []string{"layouts/" + typ + "/list.html", "layouts/_default/list.html"}
	}
	return []string{"layouts/" + typ + "/single.html", "layouts/_default/single.html"}
}
