package render_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/render"
)

// TestFuncs runs each template function through a real layout, table by
// table as text/template's exec tests do.
func TestFuncs(t *testing.T) {
	for _, tc := range []struct {
		tmpl, want string
	}{
		{`{{relURL "/akteure/"}}`, "/integration/akteure/"},
		{`{{absURL "/akteure/"}}`, "https://example.org/integration/akteure/"},
		{`{{(asset "style.css").URL}}`, "/integration/style.css"},
		{`{{with .Page.Event}}{{date .Span.Start}}{{end}}`, "Donnerstag, 11. März 2027"},
		{`{{with .Page.Event}}{{shortDate .Span.Start}} {{clock .Span.Start}}{{end}}`, "11. März 2027 18:00"},
		{`{{with .Page.Event}}{{when .Span}}{{end}}`, "Donnerstag, 11. März 2027, 18:00–20:30 Uhr"},
		{`{{with .Page.Event}}{{isoDateTime .Span.Start}}{{end}}`, "2027-03-11T18:00:00&#43;01:00"},
		{`{{with .Page.Event}}{{isoDate .Span.Start}} {{month .Span.Start}} {{weekday .Span.Start}}{{end}}`, "2027-03-11 März Donnerstag"},
		{`{{month 12}}`, "Dezember"},
		{`{{number 10000}}`, "10.000"},
		{`{{languageName "uk"}} {{nativeLanguageName "uk"}}`, "Ukrainisch українська"},
		{`<a href="{{telURL "0951 87-1234"}}">`, `<a href="tel:&#43;49951871234">`},
		{`{{categoryName "beirat"}}|{{statusName "cancelled"}}|{{statusName "scheduled"}}`, "Beiräte und Gremien|abgesagt|"},
		{`{{partial "p.html" (dict "A" 1 "B" "zwei")}}`, "1-zwei"},
		{`{{(eventList "" 0).Empty}}`, "Es wurden keine Einträge gefunden!"},
		{`{{len (eventList "" 0).Events}}`, "1"},
		{`{{current .Page .Page}} {{inSection .Page .Site.Home}} {{inSection .Site.Home .Page}}`, "true true false"},
		{`{{.Lang}}|{{.Title}}`, "de|Treffen – Testseite"},
	} {
		got, ds := run(t, tc.tmpl)
		if len(ds) > 0 {
			t.Errorf("%s: %v", tc.tmpl, ds)
			continue
		}
		if !strings.Contains(got, "<main>"+tc.want+"</main>") {
			t.Errorf("%s\n got %s\nwant %s", tc.tmpl, got, tc.want)
		}
	}
}

func TestFuncErrors(t *testing.T) {
	for _, tc := range []struct{ tmpl, want string }{
		{`{{asset "fehlt.css"}}`, "die Datei assets/fehlt.css gibt es nicht"},
		{`{{dict "a"}}`, "dict braucht Paare"},
		{`{{month "März"}}`, "ist kein Monat"},
		{`{{partial "fehlt.html" .}}`, "fehlt.html"},
	} {
		_, ds := run(t, tc.tmpl)
		if len(ds) != 1 || ds[0].Path != "layouts/_default/single.html" || ds[0].Line != 1 || !strings.Contains(ds[0].Message, tc.want) {
			t.Errorf("%s: %v, want one error at layouts/_default/single.html:1 containing %q", tc.tmpl, ds, tc.want)
		}
	}
}

// run renders the event page of a tiny site with main as its layout.
func run(t *testing.T, main string) (string, []diag.Diagnostic) {
	t.Helper()
	fsys := fstest.MapFS{
		"content/_index.md":            {Data: []byte("---\ntitle: Testseite\nsite:\n  base_url: https://example.org/integration/\n---\n")},
		"content/termine/_index.md":    {Data: []byte("---\ntitle: Termine\ntype: event\n---\n")},
		"content/termine/treffen.md":   {Data: []byte("---\ntitle: Treffen\nstart: 2027-03-11T18:00\nend: 2027-03-11T20:30\n---\n")},
		"layouts/_default/baseof.html": {Data: []byte(`<main>{{block "main" .}}{{end}}</main>`)},
		"layouts/_default/single.html": {Data: []byte(`{{define "main"}}` + main + `{{end}}`)},
		"layouts/_default/list.html":   {Data: []byte(`{{define "main"}}{{end}}`)},
		"layouts/partials/p.html":      {Data: []byte(`{{.A}}-{{.B}}`)},
	}
	var diags diag.List
	site := model.Build(load.Load(fsys, "content", &diags), model.Options{Now: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}, &diags)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	r := render.New(site, fsys, map[string]render.Asset{"style.css": render.NewAsset(site.Config, "/style.css", []byte("x"))}, &diags)
	out := r.Page(site.Page("termine/treffen.md"), &diags)
	return string(out.HTML), diags.Sorted()
}
