package render_test

import (
	"maps"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/sitetest"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/render"
)

// TestDeps checks what a layout is found to read beyond its page, table by
// table: layout is layouts/_default/single.html (inside the base layout,
// which has the blocks "main" and "aside"), partial layouts/partials/p.html.
func TestDeps(t *testing.T) {
	var (
		none      = render.Deps{}
		now       = render.Deps{Now: true}
		pageCount = render.Deps{PageCount: true}
		all       = render.Deps{All: true}
		anything  = render.Deps{All: true, Now: true}
		events    = render.Deps{Events: true}
		actors    = render.Deps{Actors: true}
	)
	main := func(s string) string { return `{{define "main"}}` + s + `{{end}}` }
	for _, tc := range []struct {
		name, layout, partial string
		want                  render.Deps
	}{
		{"none", main(`{{.Page.Title}} {{.Site.Config.Title}} {{range .Site.Menu}}{{.Title}}{{end}}` +
			`{{if current .Page .Site.Home}}{{.Site.Home.URL}}{{end}}{{with .Page.Parent}}{{.Title}}{{end}}`), "", none},
		{"comment", main(`{{/* .Site.Pages .Site.Now eventList */}}`), "", none},
		{"languages", main(`{{relURL (print .Site.Prefix "termine.atom")}} {{.Site.AllEventsCalendar}} {{.Site.T "skip_link"}}` +
			`{{with .Site.Special "a-z"}}{{.URL}} {{.Title}}{{end}}`), "", none},
		{"A–Z", main(`{{range .Site.AZ}}{{.Letter}}{{end}}`), "", all},

		{"len", main(`{{len .Site.Pages}}`), "", pageCount},
		{"number of len", main(`{{number (len .Site.Pages)}} Seiten`), "", pageCount},
		{"piped to len", main(`{{.Site.Pages | len}}`), "", pageCount},
		{"len of $.Site.Pages", main(`{{range .Page.Children}}{{len $.Site.Pages}}{{end}}`), "", pageCount},
		{"range", main(`{{range .Site.Pages}}{{.Title}}{{end}}`), "", all},
		{"range with len inside", main(`{{range .Site.Pages}}{{len $.Site.Pages}}{{end}}`), "", render.Deps{All: true, PageCount: true}},
		{"index", main(`{{(index .Site.Pages 0).Title}}`), "", all},
		{"with", main(`{{with .Site.Pages}}{{len .}}{{end}}`), "", all},
		{"len of slice", main(`{{len (slice .Site.Pages 1)}}`), "", all},
		{"partial argument", main(`{{partial "p.html" .Site.Pages}}`), `{{len .}}`, all},
		{"template", main(`{{template "partials/p.html" .}}`), `{{range .Site.Pages}}{{.URL}}{{end}}`, all},

		{"now", main(`{{.Site.Now}}`), "", now},
		{"now in a pipeline", main(`{{.Site.Now | shortDate}}`), "", now},
		{"shortDate", main(`{{shortDate .Site.Now}}`), "", now},
		{"now's field", main(`{{$.Site.Now.Year}}`), "", now},
		{"now in a partial's data", main(`{{partial "p.html" (dict "Data" .)}}`), `{{shortDate .Data.Site.Now}}`, now},
		{"next change", main(`{{.Site.NextChange}}`), "", render.Deps{Events: true, Now: true}},

		// The listing functions are recorded when called (Rendered.Queries),
		// not found in the source.
		{"defined block", main(``) + `{{define "aside"}}{{(eventList "" 0).Empty}}{{end}}`, "", none},
		{"partial", main(`{{partial "p.html" .}}`), `{{len (eventList "" 0).Events}}{{len .Site.Events}}`, events},
		{"unused partial", main(``), `{{len (pastEvents "")}}`, none},
		{"site events", main(`{{len .Site.Events}}`), "", events},
		{"series", main(`{{range .Site.SeriesList}}{{.Title}}{{end}}`), "", events},
		{"has events", main(`{{if .Site.HasEvents}}Termine{{end}}`), "", none}, // in every page's signature
		{"actorList", main(`{{len (actorList "").Actors}}`), "", none},
		{"site actors", main(`{{range .Site.Actors}}{{.Title}}{{end}}`), "", actors},
		{"milestoneList", main(`{{len (milestoneList nil).Milestones}}`), "", none},
		{"all kinds", main(`{{len .Site.Milestones}}{{len (actorList "").Actors}}{{shortDate .Site.Now}}{{number (len .Site.Pages)}}{{range .Site.Events}}{{end}}`), "",
			render.Deps{Events: true, Milestones: true, Now: true, PageCount: true}},

		// Whatever is not understood counts as All (and Now, for .Site
		// itself).
		{"with .Site", main(`{{with .Site}}{{len .Pages}}{{end}}`), "", anything},
		{"variable", main(`{{$s := .Site}}{{len $s.Pages}}`), "", anything},
		{"site to a partial", main(`{{partial "p.html" .Site}}`), `{{.Config.Title}}`, anything},
		{"site in parentheses", main(`{{len (.Site).Pages}}`), "", anything},
		{"unknown field", main(`{{with .Site.Files}}{{end}}`), "", all},
		{"a page by path", main(`{{with .Site.Page "termine/treffen.md"}}{{.Title}}{{end}}`), "", all},
		{"home's children", main(`{{range .Site.Home.Children}}{{.Title}}{{end}}`), "", all},
	} {
		if got := layoutDeps(t, tc.name, "", tc.layout, tc.partial); got != tc.want {
			t.Errorf("%s: %s\n got %+v\nwant %+v", tc.name, tc.layout, got, tc.want)
		}
	}
}

// TestDepsCorpus checks the benchmark corpus's base layout: its footer
// shows the number of pages and the build's date, and so depends on the
// number of pages and the build's time, not on every page.
func TestDepsCorpus(t *testing.T) {
	base, err := os.ReadFile("../corpus/skeleton/layouts/_default/baseof.html")
	if err != nil {
		t.Fatal(err)
	}
	want := render.Deps{Now: true, PageCount: true}
	if got := layoutDeps(t, "corpus", string(base), `{{define "main"}}{{.Content}}{{end}}`, ""); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// layoutDeps renders the event page of a tiny site with layout as
// layouts/_default/single.html, partial (if not empty) as
// layouts/partials/p.html and base (if not empty) as the base layout, and
// returns the page's Deps. The page's Markdown has no directives.
func layoutDeps(t *testing.T, name, base, layout, partial string) render.Deps {
	t.Helper()
	if base == "" {
		base = `<main>{{block "main" .}}{{end}}</main><aside>{{block "aside" .}}{{end}}</aside>`
	}
	fsys := fstest.MapFS{
		"content/_index.md":            {Data: []byte("---\ntitle: Testseite\nmenu: true\nsite:\n  base_url: https://example.org/integration/\n---\n")},
		"content/termine/_index.md":    {Data: []byte("---\ntitle: Termine\ntype: event\nseries:\n  treff: Treff\n---\n")},
		"content/termine/treffen.md":   {Data: []byte("---\ntitle: Treffen\nstart: 2027-03-11T18:00\nend: 2027-03-11T20:30\nseries: treff\n---\n")},
		"layouts/_default/baseof.html": {Data: []byte(base)},
		"layouts/_default/single.html": {Data: []byte(layout)},
		"layouts/_default/list.html":   {Data: []byte(`{{define "main"}}{{end}}`)},
	}
	if partial != "" {
		fsys["layouts/partials/p.html"] = &fstest.MapFile{Data: []byte(partial)}
	}
	var diags diag.List
	site := model.Build(load.Load(fsys, "content", &diags), model.Options{Now: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}, &diags)
	if err := diags.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	r := render.New(site, fsys, map[string]render.Asset{"style.css": render.NewAsset(site.Config, "/style.css", []byte("x"))}, &diags)
	out := r.Page(site.Page("termine/treffen.md"), &diags)
	// The layouts must work, so that the table shows real uses.
	if ds := diags.Sorted(); len(ds) > 0 || out.HTML == nil {
		t.Errorf("%s: the layout does not render: %v", name, ds)
	}
	return out.Deps
}

// TestDepsReal checks the site's own layouts: an ordinary page and an
// event page show nothing of other pages beyond their neighbourhood, so
// that an edit re-renders only the pages that show it.
func TestDepsReal(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: Testseite\nsite:\n  base_url: https://example.org/\n  languages: [de, en]\n---\n")},
		"content/seite.md":           {Data: []byte("---\ntitle: Seite\nmenu: true\n---\nText.\n")},
		"content/termine/_index.md":  {Data: []byte("---\ntitle: Termine\ntype: event\n---\n")},
		"content/termine/treffen.md": {Data: []byte("---\ntitle: Treffen\nstart: 2027-03-11T18:00\n---\n")},
	}
	maps.Copy(fsys, sitetest.Repo(t, "layouts", "i18n"))
	var diags diag.List
	cat := i18n.Load(fsys, "i18n", &diags)
	site := model.Build(load.Load(fsys, "content", &diags), model.Options{Now: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), Catalog: cat}, &diags)
	assets := map[string]render.Asset{}
	for _, a := range []string{"favicon.svg", "css/style.css", "js/events.js"} {
		assets[a] = render.NewAsset(site.Config, "/"+a, []byte(a))
	}
	r := render.New(site, fsys, assets, &diags)
	for _, rel := range []string{"seite.md", "termine/treffen.md"} {
		for _, p := range site.Page(rel).Translations {
			out := r.Page(p, &diags)
			if out.HTML == nil {
				t.Fatalf("%s does not render: %v", p.URL, diags.Sorted())
			}
			if out.Deps != (render.Deps{}) {
				t.Errorf("%s depends on %+v", p.URL, out.Deps)
			}
		}
	}
}
