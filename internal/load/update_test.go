package load

import (
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
)

func TestUpdateEqualsLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: Start\n---\nText\n")},
		"content/a.md":               {Data: []byte("---\ntitle: A\n---\nA\n")},
		"content/b.md":               {Data: []byte("---\ntitle: [\n---\n")}, // broken
		"content/bundle/index.md":    {Data: []byte("---\ntitle: Bündel\n---\n")},
		"content/bundle/katalog.pdf": {Data: []byte("pdf")},
		"content/s/_index.md":        {Data: []byte("---\ntitle: S\n---\n")},
		"content/s/c.md":             {Data: []byte("---\ntitle: C\n---\nC\n")},
	}
	cache := NewCache()
	var d0 diag.List
	last := LoadCached(fsys, "content", &d0, cache)
	for _, tc := range []struct {
		name  string
		edit  func()
		paths []string
		ok    bool
	}{
		{"nothing", func() {}, nil, true},
		{"body", func() { fsys["content/a.md"].Data = []byte("---\ntitle: A\n---\nNeu\n") }, []string{"content/a.md"}, true},
		{"front matter", func() { fsys["content/s/c.md"].Data = []byte("---\ntitle: C2\nweight: 3\n---\nC\n") }, []string{"content/s/c.md"}, true},
		{"fixed", func() { fsys["content/b.md"].Data = []byte("---\ntitle: B\n---\n") }, []string{"content/b.md"}, true},
		{"broken", func() { fsys["content/a.md"].Data = []byte("kein Front Matter") }, []string{"content/a.md"}, true},
		{"bundle", func() { fsys["content/bundle/index.md"].Data = []byte("---\ntitle: B2\n---\n") }, []string{"content/bundle/index.md"}, false},
		{"new", func() { fsys["content/neu.md"] = &fstest.MapFile{Data: []byte("---\ntitle: N\n---\n")} }, []string{"content/neu.md"}, false},
		{"removed", func() { delete(fsys, "content/s/c.md") }, []string{"content/s/c.md"}, false},
		{"resource", func() {}, []string{"content/bundle/katalog.pdf"}, false},
	} {
		tc.edit()
		for _, p := range tc.paths {
			cache.Forget(p)
		}
		var du, df diag.List
		got, ok := Update(fsys, "content", last, tc.paths, &du, cache)
		if ok != tc.ok {
			t.Fatalf("%s: ok %v, want %v", tc.name, ok, tc.ok)
		}
		want := Load(fsys, "content", &df)
		if !ok {
			last = LoadCached(fsys, "content", &diag.List{}, cache)
			continue
		}
		if g, w := describe(got), describe(want); g != w {
			t.Errorf("%s: Update gives\n%s\nLoad gives\n%s", tc.name, g, w)
		}
		if !slices.Equal(du.Sorted(), df.Sorted()) {
			t.Errorf("%s: diagnostics %v, want %v", tc.name, du.Sorted(), df.Sorted())
		}
		last = got
	}
}

func describe(c *Content) string {
	var s string
	for _, f := range c.Pages {
		s += fmt.Sprintf("%s %s %s %s %v line %d body %q files %v\n", f.Path, f.Rel, f.Lang, f.Kind, f.Meta.Get("title").Text, f.BodyLine, f.Body, f.Files)
	}
	for _, r := range c.Resources {
		s += fmt.Sprintf("res %s %s\n", r.Rel, r.Bundle)
	}
	return s
}

// Update names originals as Load does, and leaves a change of the first
// language (which makes other files originals) to a new load.
func TestUpdateFirstLanguage(t *testing.T) {
	home := func(langs string) []byte {
		return []byte("---\ntitle: Start\nsite:\n  languages: [" + langs + "]\n---\n")
	}
	fsys := fstest.MapFS{
		"content/_index.de.md":        {Data: home("de, en")},
		"content/a.de.md":             {Data: []byte("---\ntitle: A\n---\nA\n")},
		"content/a.en.md":             {Data: []byte("---\ntitle: A\n---\nA\n")},
		"content/bundle/index.de.md":  {Data: []byte("---\ntitle: Bündel\n---\n")},
		"content/bundle/index.en.md":  {Data: []byte("---\ntitle: Bundle\n---\n")},
		"content/bundle/katalog.pdf":  {Data: []byte("pdf")},
		"content/s/_index.md":         {Data: []byte("---\ntitle: S\n---\n")},
		"content/s/_index.de.md":      {Data: []byte("---\ntitle: S\n---\n")},
		"content/s/c.de.md":           {Data: []byte("---\ntitle: C\n---\nC\n")},
		"content/s/c.en.md":           {Data: []byte("---\ntitle: C\n---\nC\n")},
		"content/s/kein-original.md~": {Data: []byte("x")},
	}
	cache := NewCache()
	last := LoadCached(fsys, "content", &diag.List{}, cache)
	for _, tc := range []struct {
		name string
		edit func()
		path string
		ok   bool
	}{
		{"body", func() { fsys["content/a.de.md"].Data = []byte("---\ntitle: A\n---\nNeu\n") }, "content/a.de.md", true},
		{"translation", func() { fsys["content/s/c.en.md"].Data = []byte("---\ntitle: C2\n---\nC\n") }, "content/s/c.en.md", true},
		{"home", func() { fsys["content/_index.de.md"].Data = append(home("de, en"), "Text\n"...) }, "content/_index.de.md", true},
		{"first language", func() { fsys["content/_index.de.md"].Data = home("en, de") }, "content/_index.de.md", false},
		{"back", func() { fsys["content/_index.de.md"].Data = home("de, en") }, "content/_index.de.md", false},
		{"twice", func() { fsys["content/s/_index.md"].Data = []byte("---\ntitle: S2\n---\n") }, "content/s/_index.md", true},
	} {
		tc.edit()
		cache.Forget(tc.path)
		var du, df diag.List
		got, ok := Update(fsys, "content", last, []string{tc.path}, &du, cache)
		if ok != tc.ok {
			t.Fatalf("%s: ok %v, want %v", tc.name, ok, tc.ok)
		}
		want := Load(fsys, "content", &df)
		if !ok {
			last = LoadCached(fsys, "content", &diag.List{}, cache)
			continue
		}
		if g, w := describe(got)+got.First, describe(want)+want.First; g != w {
			t.Errorf("%s: Update gives\n%s\nLoad gives\n%s", tc.name, g, w)
		}
		if !slices.Equal(du.Sorted(), df.Sorted()) || len(df.Sorted()) != 1 {
			t.Errorf("%s: diagnostics %v, want %v (one: s/_index.de.md is there twice)", tc.name, du.Sorted(), df.Sorted())
		}
		last = got
	}
}
