package check_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestBidi: a warning at each bidi control character in a page's file
// (front matter and text, originals and translations), at its line and
// column; none for the marks Arabic text may need, none for a file no
// page is made of.
func TestBidi(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // "path:line:col: U+XXXX"
	}{
		{"override in a title", map[string]string{
			"content/a.md": "---\ntitle: Rechnung \u202Efdp.exe\ndescription: Eine Seite.\n---\nText.\n",
		}, []string{"content/a.md:2:17: U+202E"}},
		{"every control in the text", map[string]string{
			"content/a.md": "---\ntitle: A\ndescription: Eine Seite.\n---\nÄ \u202Ab\u202C \u202Bc\u202C \u202Dd\u202C\n\u2066e\u2069 \u2067f\u2069 \u2068g\u2069\n",
		}, []string{
			"content/a.md:5:3: U+202A", "content/a.md:5:5: U+202C", "content/a.md:5:7: U+202B", "content/a.md:5:9: U+202C",
			"content/a.md:5:11: U+202D", "content/a.md:5:13: U+202C",
			"content/a.md:6:1: U+2066", "content/a.md:6:3: U+2069", "content/a.md:6:5: U+2067", "content/a.md:6:7: U+2069",
			"content/a.md:6:9: U+2068", "content/a.md:6:11: U+2069",
		}},
		{"in any front matter string, toml too", map[string]string{
			"content/a.md": "+++\ntitle = \"A\"\ndescription = \"Eine \u2067Seite\"\naliases = [\"/alt/\u202E/\"]\n+++\n",
		}, []string{"content/a.md:3:21: U+2067", "content/a.md:4:18: U+202E"}},
		{"written as an escape", map[string]string{
			"content/a.md": "---\ntitle: \"Rechnung \\u202Efdp.exe\"\ndescription: Eine Seite.\n---\n",
		}, []string{"content/a.md:2: U+202E"}},
		{"in a translation", map[string]string{
			"content/a.md":    "---\ntitle: A\ndescription: Eine Seite.\n---\n",
			"content/a.ar.md": "---\ntitle: أ\ndescription: \u202Eصفحة\n---\n",
		}, []string{"content/a.ar.md:3:14: U+202E"}},
		{"marks that Arabic text needs", map[string]string{
			"content/a.md":    "---\ntitle: A\u200E\ndescription: Eine Seite.\n---\n",
			"content/a.ar.md": "---\ntitle: أ\u200F (PDF)\ndescription: صفحة\u061C 1\n---\nنص\u200F.\n",
		}, nil},
		{"a draft is not built", map[string]string{
			"content/a.md": "---\ntitle: A\u202E\ndraft: true\n---\n",
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/_index.md":            {Data: []byte("---\ntitle: Start\ndescription: Die Startseite.\nsite:\n  languages: [de, ar]\n---\n")},
				"layouts/_default/baseof.html": {Data: []byte(`<!DOCTYPE html><html lang="{{.UILang}}"><title>{{.Title}}</title><main>{{block "main" .}}{{end}}</main></html>`)},
				"layouts/_default/single.html": {Data: []byte(`{{define "main"}}<h1>{{.Page.Title}}</h1>{{.Content}}{{end}}`)},
				"layouts/_default/list.html":   {Data: []byte(`{{define "main"}}<h1>{{.Page.Title}}</h1>{{.Content}}{{end}}`)},
			}
			maps.Copy(fsys, sitetest.Repo(t, "i18n/ar.yaml"))
			for name, text := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range check.Bidi(fsys, res.Site) {
				code, _, _ := strings.Cut(strings.TrimPrefix(d.Message, "Unsichtbares Steuerzeichen "), " ")
				got = append(got, d.Position()+": "+code)
				if d.Severity.String() == "" || !strings.Contains(d.Message, "bitte löschen") {
					t.Errorf("%s: %s", d.Position(), d.Message)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
