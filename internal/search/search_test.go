package search_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/search"
	"github.com/stadt-bamberg/integration/internal/sitetest"
	"github.com/stadt-bamberg/integration/internal/testtools"
)

// siteArchive is a small site in German and English with a search page,
// an A–Z page, 404 pages, an alias and an HTML file copied from content/:
// of them, only the pages of the model are indexed.
const siteArchive = `
-- content/_index.md --
---
title: Start
site:
  title: Integration
  base_url: https://example.org/
  languages: [de, en]
---
Willkommen in Bamberg.
-- content/_index.en.md --
---
title: Home
---
Welcome to Bamberg.
-- content/beirat.md --
---
title: Migranten- und Integrationsbeirat
aliases: [/alter-beirat/]
---
Der Beirat berät den Stadtrat.
-- content/beirat.en.md --
---
title: Advisory council
---
The council advises the city.
-- content/leitbild.md --
---
title: Leitbild
---
Vielfalt ist Stärke.
-- content/anhang/tabelle.csv --
Jahr;Anzahl
2026;12
-- layouts/_default/baseof.html --
<!DOCTYPE html>
<html lang="{{.UILang}}">
<head><title>{{.Title}}</title></head>
<body>
<header><a href="{{relURL .Site.Prefix}}">{{.Site.Config.Title}}</a></header>
<main id="inhalt">
{{- if .Page.Untranslated}}<p class="untranslated-note">{{t "untranslated_note"}}</p>{{end}}
<h1>{{.Page.Title}}</h1>
{{block "main" .}}{{end}}
</main>
<footer>Stadt Bamberg</footer>
</body>
</html>
-- layouts/_default/single.html --
{{define "main"}}{{.Content}}{{end}}
-- layouts/_default/list.html --
{{define "main"}}{{.Content}}{{end}}
-- layouts/suche.html --
{{define "main"}}<form role="search"><input type="search" name="q"></form>{{end}}
-- layouts/a-z.html --
{{define "main"}}<ul>{{range .Site.AZ}}{{range .Pages}}<li>{{.Title}}</li>{{end}}{{end}}</ul>{{end}}
-- layouts/404.html --
{{define "main"}}<p>Nicht gefunden.</p>{{end}}
`

// indexed are the pages of siteArchive that the index holds.
var indexed = []string{
	"beirat/index.html", "en/beirat/index.html", "en/index.html", "en/leitbild/index.html",
	"index.html", "leitbild/index.html",
}

func testSite(t *testing.T) fstest.MapFS {
	t.Helper()
	// Over the interface strings of the repository.
	fsys := sitetest.Repo(t, "i18n")
	maps.Copy(fsys, sitetest.MapFS(t, txtar.Parse([]byte(siteArchive))))
	for _, f := range fsys {
		f.ModTime = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	}
	return fsys
}

// edit changes a file of fsys as an editor would.
func edit(fsys fstest.MapFS, name, old, new string) {
	f := fsys[name]
	fsys[name] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1), Mode: f.Mode, ModTime: f.ModTime.Add(time.Minute)}
}

// fakePagefind is a stand-in for Pagefind: it logs each run to
// $FAKE_LOG, fails when $FAKE_FAIL is set, and writes an "index" that
// lists the HTML files it was given (seen.txt), with the files of the
// real one that matter here.
const fakePagefind = `#!/bin/sh
if [ "$1" = --version ]; then echo "pagefind 0.0.0-fake"; exit 0; fi
echo "run $*" >> "$FAKE_LOG"
site= out=
while [ $# -gt 0 ]; do
	case "$1" in
	--site) site=$2; shift ;;
	--output-path) out=$2; shift ;;
	esac
	shift
done
if [ -n "$FAKE_FAIL" ]; then echo "Fehler: kaputt" >&2; exit 3; fi
mkdir -p "$out/fragment"
(cd "$site" && find . -name '*.html' | sed 's|^\./||' | sort) > "$out/seen.txt"
echo '{"version":"0.0.0"}' > "$out/pagefind-entry.json"
echo 'export const search = 1;' > "$out/pagefind.js"
echo 'ui' > "$out/pagefind-ui.js"
echo 'meta' > "$out/pagefind.de_1.pf_meta"
echo 'meta' > "$out/pagefind.en_1.pf_meta"
`

// fake installs fakePagefind as $SITEGEN_PAGEFIND and returns its log.
func fake(t *testing.T) (logFile string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in for Pagefind is a shell script")
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "pagefind")
	if err := os.WriteFile(exe, []byte(fakePagefind), 0o755); err != nil {
		t.Fatal(err)
	}
	logFile = filepath.Join(dir, "log")
	t.Setenv(search.EnvVar, exe)
	t.Setenv("FAKE_LOG", logFile)
	t.Setenv("FAKE_FAIL", "")
	return logFile
}

func runs(t *testing.T, logFile string) int {
	t.Helper()
	b, err := os.ReadFile(logFile)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "run ")
}

// builder builds a site into one output folder, as sitegen build does.
type builder struct {
	t       *testing.T
	fsys    fstest.MapFS
	out     string
	cache   string
	notices []string
	infos   []string
}

func newBuilder(t *testing.T) *builder {
	dir := t.TempDir()
	return &builder{t: t, fsys: testSite(t), out: filepath.Join(dir, "public"), cache: filepath.Join(dir, "cache")}
}

func (b *builder) build(cache bool) error {
	b.t.Helper()
	b.notices, b.infos = nil, nil
	tg := build.Target{Out: b.out,
		Notice: func(m string) { b.notices = append(b.notices, m) },
		Info:   func(m string) { b.infos = append(b.infos, m) }}
	if cache {
		tg.CacheDir = b.cache
	}
	_, err := build.ToDir(context.Background(), b.fsys, build.Options{NowText: "2026-11-25T12:00", Compress: true}, tg)
	return err
}

func (b *builder) mustBuild(cache bool) {
	b.t.Helper()
	if err := b.build(cache); err != nil {
		b.t.Fatal(err)
	}
	b.noLeftovers()
}

// noLeftovers checks that no temporary folder is left beside the output.
func (b *builder) noLeftovers() {
	b.t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(b.out))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public-") {
			b.t.Errorf("temporary folder %s left beside the output", e.Name())
		}
	}
}

func (b *builder) index() string { return filepath.Join(b.out, search.IndexDir) }

// treeHash hashes every file and folder under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		io.WriteString(h, rel+"\x00")
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestNoSearchPage: a site without layouts/suche.html gets no index and
// no notice.
func TestNoSearchPage(t *testing.T) {
	b := newBuilder(t)
	delete(b.fsys, "layouts/suche.html")
	b.mustBuild(true)
	if len(b.notices) != 0 {
		t.Errorf("a site without search page: notices %q", b.notices)
	}
	if _, err := os.Stat(b.index()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a site without search page has an index: %v", err)
	}
}

// TestFind checks where Find looks, in order.
func TestFind(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-ins are shell scripts")
	}
	src := t.TempDir()
	t.Setenv("PATH", t.TempDir())
	t.Setenv(search.EnvVar, "")
	if _, err := search.Find(src); !errors.Is(err, search.ErrNotInstalled) {
		t.Errorf("nothing installed: %v, want ErrNotInstalled", err)
	}
	put := func(p, version string) string {
		t.Helper()
		p = filepath.Join(src, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("#!/bin/sh\necho 'pagefind "+version+"'\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	onPath := filepath.Join(os.Getenv("PATH"), "pagefind")
	os.WriteFile(onPath, []byte("#!/bin/sh\necho 'pagefind 3.0.0'\n"), 0o755)
	if tl, err := search.Find(src); err != nil || tl.Path != onPath || tl.Version != "pagefind 3.0.0" {
		t.Errorf("on PATH: %+v, %v", tl, err)
	}
	wrapper := put("tools/node_modules/.bin/pagefind", "2.0.0")
	if tl, err := search.Find(src); err != nil || tl.Path != wrapper {
		t.Errorf("npm wrapper: %+v, %v", tl, err)
	}
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	if arch != "" {
		bin := put("tools/node_modules/@pagefind/"+runtime.GOOS+"-"+arch+"/bin/pagefind_extended", "1.6.0")
		if tl, err := search.Find(src); err != nil || tl.Path != bin || tl.Version != "pagefind 1.6.0" {
			t.Errorf("platform package: %+v, %v", tl, err)
		}
	}
	t.Setenv(search.EnvVar, wrapper)
	if tl, err := search.Find(src); err != nil || tl.Path != wrapper {
		t.Errorf("%s: %+v, %v", search.EnvVar, tl, err)
	}
	t.Setenv(search.EnvVar, "OFF")
	if _, err := search.Find(src); !errors.Is(err, search.ErrOff) {
		t.Errorf("off: %v", err)
	}
	if tl, err := search.FindAs(src, wrapper); err != nil || tl.Path != wrapper {
		t.Errorf("FindAs a path: %+v, %v", tl, err)
	}
	if _, err := search.FindAs(src, "off"); !errors.Is(err, search.ErrOff) {
		t.Errorf("FindAs off: %v", err)
	}
	// Found, but it does not run: an error that says how to go on.
	t.Setenv(search.EnvVar, "")
	os.WriteFile(wrapper, []byte("#!/bin/sh\nexit 1\n"), 0o755)
	os.RemoveAll(filepath.Join(src, "tools", "node_modules", "@pagefind"))
	if _, err := search.Find(src); err == nil || !strings.Contains(err.Error(), search.EnvVar+"="+search.Off) {
		t.Errorf("a Pagefind that does not run: %v", err)
	}
}

// realPagefind returns the Pagefind of tools/node_modules. The test runs
// with the browser checks' tools (SITEGEN_BROWSER_TESTS=1), and then fails
// without it.
func realPagefind(t *testing.T) *search.Tool {
	t.Helper()
	testtools.Require(t, testtools.Browser, "the tests of the real Pagefind")
	t.Setenv(search.EnvVar, "")
	tl, err := search.Find(filepath.Join("..", ".."))
	if err != nil {
		t.Fatalf("Pagefind is not installed (%v): npm ci --prefix tools", err)
	}
	return tl
}
