package cms_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/model"
)

func TestFiles(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", nil)
	dist := fstest.MapFS{
		"decap-cms.js":              {Data: []byte("decap")},
		"decap-cms.js.LICENSE.txt":  {Data: []byte("MIT")},
		"decap-cms.js.map":          {Data: []byte("{}")},
		"103.decap-cms.js":          {Data: []byte("chunk")},
		"103.decap-cms.js.map":      {Data: []byte("{}")},
		"103.cms.js":                {Data: []byte("other build")},
		"cms.js":                    {Data: []byte("other build")},
		"f728dc876b39e5273411.wasm": {Data: []byte("\x00asm")},
	}
	files, err := cms.Files(site, &cms.Admin{Dist: dist}, "/css/style.1234.css")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	byPath := map[string]string{}
	for _, f := range files {
		paths = append(paths, f.Path)
		byPath[f.Path] = string(f.Data)
	}
	slices.Sort(paths)
	want := []string{"admin/103.decap-cms.js", "admin/admin.css", "admin/config.yml", "admin/decap-cms.js", "admin/decap-cms.js.LICENSE.txt",
		"admin/f728dc876b39e5273411.wasm", "admin/index.html", "admin/init.js", "admin/sitegen-a11y.js", "admin/sitegen-cms.js"}
	if !slices.Equal(paths, want) {
		t.Errorf("files %v\nwant %v", paths, want)
	}
	page := byPath["admin/index.html"]
	for _, s := range []string{
		`<meta name="robots" content="noindex, nofollow">`,
		`<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39; &#39;unsafe-eval&#39;`,
		`connect-src &#39;self&#39; blob: https://gitlab.example.org;`,
		`<meta name="sitegen-preview-style" content="/css/style.1234.css">`,
		`<script src="init.js"></script>
<script src="decap-cms.js"></script>
<script src="sitegen-cms.js"></script>
<script src="sitegen-a11y.js"></script>`,
		`<link rel="stylesheet" href="admin.css">`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("admin/index.html lacks %s:\n%s", s, page)
		}
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "style=") {
		t.Errorf("admin/index.html has inline script or style:\n%s", page)
	}
}

func TestFind(t *testing.T) {
	src := t.TempDir()
	if _, err := cms.Find(src, ""); !errors.Is(err, cms.ErrNotInstalled) {
		t.Errorf("Find without tools/cms = %v, want ErrNotInstalled", err)
	}
	if _, err := cms.Find(src, "off"); !errors.Is(err, cms.ErrOff) {
		t.Errorf("Find off = %v, want ErrOff", err)
	}
	if _, err := cms.Find(src, filepath.Join(src, "nowhere")); err == nil || errors.Is(err, cms.ErrNotInstalled) || !strings.Contains(err.Error(), cms.EnvVar) {
		t.Errorf("Find of a folder without Decap = %v, want an error naming %s", err, cms.EnvVar)
	}
	dir := filepath.Join(src, filepath.FromSlash(cms.DistPath))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "decap-cms.js"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := cms.Find(src, "")
	if err != nil {
		t.Fatal(err)
	}
	if data, err := readFile(fsys, "decap-cms.js"); err != nil || data != "x" {
		t.Errorf("Find found %q, %v", data, err)
	}
}

func readFile(fsys fs.FS, name string) (string, error) {
	data, err := fs.ReadFile(fsys, name)
	return string(data), err
}

// countFS counts the files read from it.
type countFS struct {
	fs.FS
	reads int
}

func (c *countFS) Open(name string) (fs.File, error) {
	if name != "." {
		c.reads++
	}
	return c.FS.Open(name)
}

// Decap's files are read once per Admin, however often a Builder builds
// (the preview builds after every save).
func TestFilesReadDecapOnce(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", nil)
	dist := &countFS{FS: fstest.MapFS{"decap-cms.js": {Data: []byte("decap")}, "1.decap-cms.js": {Data: []byte("chunk")}}}
	a := &cms.Admin{Dist: dist}
	first, err := cms.Files(site, a, "")
	if err != nil {
		t.Fatal(err)
	}
	again, err := cms.Files(site, a, "")
	if err != nil {
		t.Fatal(err)
	}
	if dist.reads != 2 {
		t.Errorf("%d files read from Decap's folder in two builds, want its 2 files once", dist.reads)
	}
	if len(first) != len(again) || first[len(first)-1].Path != again[len(again)-1].Path {
		t.Errorf("the second build has other files: %d, %d", len(first), len(again))
	}
}

// config.yml follows the site: the same site gives the same bytes, a new
// series gives a configuration offering it.
func TestFilesConfigFollowsSite(t *testing.T) {
	a := &cms.Admin{Dist: fstest.MapFS{"decap-cms.js": {Data: []byte("decap")}}}
	configOf := func(site *model.Site) string {
		t.Helper()
		files, err := cms.Files(site, a, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Path == "admin/config.yml" {
				return string(f.Data)
			}
		}
		t.Fatal("no admin/config.yml")
		return ""
	}
	site := siteOf(t, "testdata/site.txtar", nil)
	first := configOf(site)
	if again := configOf(siteOf(t, "testdata/site.txtar", nil)); again != first {
		t.Error("the same site gave another config.yml")
	}
	more := configOf(siteOf(t, "testdata/site.txtar", func(fsys fstest.MapFS) {
		f := fsys["content/termine/_index.md"]
		f.Data = []byte(strings.Replace(string(f.Data), "  runder-tisch: Runder Tisch Integration\n", "  runder-tisch: Runder Tisch Integration\n  sprachcafe: Sprachcafé\n", 1))
	}))
	if more == first || !strings.Contains(more, "value: sprachcafe\n") {
		t.Errorf("after a new series config.yml does not offer it:\n%s", more)
	}
	if back := configOf(site); back != first {
		t.Error("back to the first site, config.yml is not the first one")
	}
	if want, err := cms.Config(site, nil); err != nil || string(want) != first {
		t.Errorf("Files' config.yml differs from Config's (%v)", err)
	}
}
