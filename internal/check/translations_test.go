package check_test

import (
	"maps"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// langSite is a site in German, English and Arabic: English has two of
// the three pages, Arabic one; the English Leitbild was translated before
// its original last changed.
func langSite(t *testing.T) fstest.MapFS {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	file := func(s string, mod time.Time) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(s), ModTime: mod}
	}
	fsys := fstest.MapFS{
		"content/_index.md":            file("---\ntitle: Start\ndescription: Die Startseite.\nsite:\n  languages: [de, en, ar]\n---\nText.\n", day(1)),
		"content/_index.en.md":         file("---\ntitle: Home\ndescription: The home page.\n---\nText.\n", day(2)),
		"content/_index.ar.md":         file("---\ntitle: الرئيسية\ndescription: الصفحة الرئيسية.\n---\nنص.\n", day(2)),
		"content/leitbild.md":          file("---\ntitle: Leitbild\ndescription: Das Leitbild.\n---\nNeu gefasst.\n", day(20)),
		"content/leitbild.en.md":       file("---\ntitle: Mission\ndescription: The mission.\n---\nOld text.\n", day(10)),
		"content/kontakt.md":           file("---\ntitle: Kontakt\ndescription: So erreichen Sie uns.\n---\nText.\n", day(1)),
		"layouts/_default/baseof.html": file(`<!DOCTYPE html><html lang="{{.UILang}}"><title>{{.Title}}</title><main>{{block "main" .}}{{end}}</main></html>`, day(1)),
		"layouts/_default/single.html": file(`{{define "main"}}<h1>{{.Page.Title}}</h1>{{.Content}}{{end}}`, day(1)),
		"layouts/_default/list.html":   file(`{{define "main"}}<h1>{{.Page.Title}}</h1>{{.Content}}{{end}}`, day(1)),
	}
	maps.Copy(fsys, sitetest.Repo(t, "i18n/en.yaml", "i18n/ar.yaml"))
	return fsys
}

func TestCoverages(t *testing.T) {
	res, err := build.Run(langSite(t), build.Options{Now: sitetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	got := check.Coverages(res.Site)
	want := []check.Coverage{
		{Lang: "en", Translated: 2, Total: 3, Missing: []string{"content/kontakt.md"}},
		{Lang: "ar", Translated: 1, Total: 3, Missing: []string{"content/kontakt.md", "content/leitbild.md"}},
	}
	if len(got) != len(want) {
		t.Fatalf("Coverages = %+v", got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Lang != w.Lang || g.Translated != w.Translated || g.Total != w.Total || !slices.Equal(g.Missing, w.Missing) {
			t.Errorf("coverage %d = %+v; want %+v", i, g, w)
		}
	}
	var b strings.Builder
	check.CoverageText(&b, got)
	if !strings.Contains(b.String(), "  en: 2 von 3 Seiten übersetzt\n  ar: 1 von 3 Seiten übersetzt\n") {
		t.Errorf("CoverageText:\n%s", b.String())
	}
}

func TestStale(t *testing.T) {
	res, err := build.Run(langSite(t), build.Options{Now: sitetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	// By the files' times: the English Leitbild is older than its original.
	ds := check.Stale(res.Site, nil)
	if len(ds) != 1 || ds[0].Path != "content/leitbild.en.md" || !strings.Contains(ds[0].Message, "Das Original content/leitbild.md wurde nach dieser Übersetzung geändert") {
		t.Errorf("Stale by modification time: %v", ds)
	}
	// By Git: both committed together, the translation is current; the
	// English home page was committed before its original changed.
	commits := map[string]time.Time{
		"content/leitbild.md":    time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		"content/leitbild.en.md": time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		"content/_index.md":      time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC),
	}
	ds = check.Stale(res.Site, func(p string) time.Time { return commits[p] })
	var paths []string
	for _, d := range ds {
		paths = append(paths, d.Path)
	}
	if !slices.Equal(paths, []string{"content/_index.ar.md", "content/_index.en.md"}) {
		t.Errorf("Stale by Git: %v", ds)
	}
}

// An original named with the first language's code (as the CMS names
// it) is compared by its own file's times: by Git and by the file system.
func TestStaleOriginalNamedWithCode(t *testing.T) {
	fsys := langSite(t)
	for _, p := range []string{"content/_index.md", "content/leitbild.md", "content/kontakt.md"} {
		fsys[strings.TrimSuffix(p, ".md")+".de.md"] = fsys[p]
		delete(fsys, p)
	}
	res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	ds := check.Stale(res.Site, nil)
	if len(ds) != 1 || ds[0].Path != "content/leitbild.en.md" || !strings.Contains(ds[0].Message, "Das Original content/leitbild.de.md wurde nach dieser Übersetzung geändert") {
		t.Errorf("Stale by modification time: %v", ds)
	}
	commits := map[string]time.Time{
		"content/leitbild.de.md": time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		"content/leitbild.en.md": time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		"content/_index.de.md":   time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC),
	}
	ds = check.Stale(res.Site, func(p string) time.Time { return commits[p] })
	var paths []string
	for _, d := range ds {
		paths = append(paths, d.Path)
	}
	if !slices.Equal(paths, []string{"content/_index.ar.md", "content/_index.en.md"}) {
		t.Errorf("Stale by Git: %v", ds)
	}
	if cs := check.Coverages(res.Site); len(cs) != 2 || !slices.Equal(cs[1].Missing, []string{"content/kontakt.de.md", "content/leitbild.de.md"}) {
		t.Errorf("coverages %+v", cs)
	}
}

// With the CMS on a site in several languages, an original named without
// the code is a warning at its file; named with it, or without the CMS,
// it is fine.
func TestCMSNames(t *testing.T) {
	for _, tt := range []struct {
		name    string
		cms     bool
		renamed []string // originals named .de.md
		want    []string // files with the warning
	}{
		{name: "without the CMS"},
		{name: "plain names", cms: true, want: []string{"content/kontakt.md", "content/leitbild.md"}},
		{name: "one renamed", cms: true, renamed: []string{"content/leitbild.md"}, want: []string{"content/kontakt.md"}},
		{name: "all renamed", cms: true, renamed: []string{"content/leitbild.md", "content/kontakt.md", "content/_index.md"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := langSite(t)
			if tt.cms {
				home := fsys["content/_index.md"]
				home.Data = []byte(strings.Replace(string(home.Data), "  languages: [de, en, ar]\n", "  languages: [de, en, ar]\n  cms:\n    backend: github\n    repo: a/b\n", 1))
			}
			for _, p := range tt.renamed {
				fsys[strings.TrimSuffix(p, ".md")+".de.md"] = fsys[p]
				delete(fsys, p)
			}
			res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range check.Site(res) {
				if strings.Contains(d.Message, "Das Redaktionssystem (/admin/) liest und schreibt diese Seite als") {
					got = append(got, d.Path)
					if want := strings.TrimSuffix(path.Base(d.Path), ".md") + ".de.md"; !strings.Contains(d.Message, want) {
						t.Errorf("%s: %s does not name %s", d.Path, d.Message, want)
					}
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("warnings at %v, want %v", got, tt.want)
			}
		})
	}
}
