package model_test

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
	"golang.org/x/tools/txtar"
)

var berlin = mustLoc("Europe/Berlin")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// defaultHome is laid under every test site that has no home page.
const defaultHome = "---\ntitle: Start\n---\nStart.\n"

// siteFS turns txtar archives (given as text) into a file system; later
// archives replace files of earlier ones. A home page is added when none
// is given (neither content/_index.md nor one named with a code that its
// site: settings name first).
func siteFS(t testing.TB, archives ...string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{"content/_index.md": {Data: []byte(defaultHome)}}
	for _, a := range archives {
		files := sitetest.MapFS(t, txtar.Parse([]byte(a)))
		for name, f := range files {
			if base, lang := load.SplitLang(name); base == "content/_index.md" && lang != "" &&
				(strings.Contains(string(f.Data), "languages: ["+lang) || strings.Contains(string(f.Data), "language: "+lang)) {
				delete(fsys, "content/_index.md")
			}
		}
		maps.Copy(fsys, files)
	}
	return fsys
}

// loadFS loads content/ of fsys, failing the test on loader problems:
// every test here is about the model, not about the loader.
func loadFS(t testing.TB, fsys fstest.MapFS) (*load.Content, *diag.List) {
	t.Helper()
	var diags diag.List
	c := load.Load(fsys, "content", &diags)
	if ds := diags.Sorted(); len(ds) > 0 {
		t.Fatalf("load reported problems (the test's content is broken): %v", ds)
	}
	return c, &diags
}

// build builds the site of the archives with opts (Now defaults to
// sitetest.Now) and returns it with its diagnostics.
func build(t testing.TB, opts model.Options, archives ...string) (*model.Site, []diag.Diagnostic) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = sitetest.Now
	}
	c, diags := loadFS(t, siteFS(t, archives...))
	s := model.Build(c, opts, diags)
	return s, diags.Sorted()
}

// buildOK builds the site and fails the test on any diagnostic.
func buildOK(t testing.TB, opts model.Options, archives ...string) *model.Site {
	t.Helper()
	s, ds := build(t, opts, archives...)
	for _, d := range ds {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}
	if t.Failed() {
		t.FailNow()
	}
	return s
}

// page returns the page made from content/rel, failing if there is none.
func page(t testing.TB, s *model.Site, rel string) *model.Page {
	t.Helper()
	p := s.Page(rel)
	if p == nil {
		t.Fatalf("no page from content/%s", rel)
	}
	return p
}

// urls returns the URLs of pages, for comparing orders.
func urls(ps []*model.Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.URL
	}
	return out
}

// titles returns the titles of pages, for comparing orders.
func titles(ps []*model.Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Title
	}
	return out
}

// matches reports whether d is what want describes: "path:line: text"
// with the same path and line (column ignored) and text somewhere in the
// message.
func matches(d diag.Diagnostic, want string) bool {
	i := strings.Index(want, ": ")
	if i < 0 {
		return false
	}
	pos, text := want[:i], want[i+2:]
	got := d.Position()
	if d.Line > 0 && d.Col > 0 {
		got = got[:strings.LastIndexByte(got, ':')]
	}
	return got == pos && strings.Contains(d.Message, text)
}

// checkDiags checks that every want ("path:line: text") is reported and
// that nothing else is.
func checkDiags(t testing.TB, got []diag.Diagnostic, want []string) {
	t.Helper()
	found := make([]bool, len(want))
	for _, d := range got {
		ok := false
		for i, w := range want {
			if matches(d, w) {
				found[i], ok = true, true
			}
		}
		if !ok {
			t.Errorf("unexpected diagnostic: %s", d.Error())
		}
	}
	for i, w := range want {
		if !found[i] {
			t.Errorf("missing diagnostic %q; got:\n%s", w, diag.Errors(got).Error())
		}
	}
}
