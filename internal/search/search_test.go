package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

func (b *builder) index() string { return filepath.Join(b.out, search.Dir) }

func (b *builder) seen() []string {
	b.t.Helper()
	data, err := os.ReadFile(filepath.Join(b.index(), "seen.txt"))
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.Fields(string(data))
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return inodeOf(info)
}

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

// TestIndexLifecycle builds the site again and again into one folder and
// checks when Pagefind runs and what the index is made of.
func TestIndexLifecycle(t *testing.T) {
	logFile := fake(t)
	b := newBuilder(t)

	// The first build makes the index of the model's pages: not the
	// search, A–Z, 404 and alias pages, not content/anhang/tabelle.csv.
	b.mustBuild(true)
	if n := runs(t, logFile); n != 1 {
		t.Fatalf("first build: Pagefind ran %d times, want 1", n)
	}
	if got := b.seen(); !slices.Equal(got, indexed) {
		t.Errorf("Pagefind was given %q, want %q", got, indexed)
	}
	for _, f := range []string{"pagefind.js", "pagefind.js.gz", "pagefind.js.br", "pagefind-entry.json", search.Marker} {
		if _, err := os.Stat(filepath.Join(b.index(), f)); err != nil {
			if f == "pagefind.js.gz" || f == "pagefind.js.br" {
				continue // the fake's pagefind.js is below publish.CompressMin
			}
			t.Errorf("the index lacks %s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(b.index(), "pagefind-ui.js")); err == nil {
		t.Error("pagefind-ui.js, which the site does not use, is published")
	}
	if len(b.infos) != 1 || !strings.Contains(b.infos[0], "Suchindex: 6 Seiten in 2 Sprachen neu erstellt") {
		t.Errorf("info %q, want one line about the new index", b.infos)
	}
	if len(b.notices) != 0 {
		t.Errorf("notices %q", b.notices)
	}
	log, _ := os.ReadFile(logFile)
	for _, a := range []string{"--root-selector main", "--exclude-selectors .untranslated-note"} {
		if !strings.Contains(string(log), a) {
			t.Errorf("Pagefind ran without %s: %s", a, log)
		}
	}
	first := inode(t, b.index())

	// Nothing changed: the index stays as it is.
	b.mustBuild(true)
	if n := runs(t, logFile); n != 1 {
		t.Errorf("a build that changed nothing ran Pagefind (%d runs)", n)
	}
	if inode(t, b.index()) != first || len(b.infos) != 0 {
		t.Errorf("a build that changed nothing replaced the index (info %q)", b.infos)
	}

	// A page changed: a new index, of every page (the unchanged ones
	// linked from the output), swapped in.
	edit(b.fsys, "content/leitbild.md", "Vielfalt", "Vielfalt und Teilhabe")
	b.mustBuild(true)
	if n := runs(t, logFile); n != 2 {
		t.Fatalf("after an edit Pagefind ran %d times in all, want 2", n)
	}
	if got := b.seen(); !slices.Equal(got, indexed) {
		t.Errorf("after an edit Pagefind was given %q, want %q", got, indexed)
	}
	second := inode(t, b.index())
	if second == first {
		t.Error("after an edit the index folder is the old one")
	}

	// A full build (no cache) of the same pages carries the index over.
	b.mustBuild(false)
	if n := runs(t, logFile); n != 2 {
		t.Errorf("a full build of unchanged pages ran Pagefind (%d runs in all)", n)
	}
	if _, err := os.Stat(filepath.Join(b.index(), search.Marker)); err != nil {
		t.Fatalf("a full build lost the index: %v", err)
	}
	if !slices.Equal(b.seen(), indexed) || len(b.infos) != 1 || !strings.Contains(b.infos[0], "übernommen") {
		t.Errorf("a full build did not carry the index over: info %q", b.infos)
	}

	// The index removed by hand: made again.
	if err := os.RemoveAll(b.index()); err != nil {
		t.Fatal(err)
	}
	b.mustBuild(true)
	if n := runs(t, logFile); n != 3 {
		t.Errorf("a build without an index in the output did not make it (%d runs in all)", n)
	}

	// A marker that does not match (a build killed between the commit of
	// its pages and putting the index in place): made again.
	if err := os.WriteFile(filepath.Join(b.index(), search.Marker), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.mustBuild(true)
	if n := runs(t, logFile); n != 4 {
		t.Errorf("a stale index was kept (%d runs in all)", n)
	}

	// A page gone: made again, without it.
	delete(b.fsys, "content/leitbild.md")
	b.mustBuild(true)
	want := slices.DeleteFunc(slices.Clone(indexed), func(p string) bool { return strings.Contains(p, "leitbild") })
	if got := b.seen(); !slices.Equal(got, want) {
		t.Errorf("after a deletion Pagefind was given %q, want %q", got, want)
	}
}

// TestPagefindFails checks that a failing Pagefind fails the build and
// leaves the output, index and all, as it was.
func TestPagefindFails(t *testing.T) {
	fake(t)
	b := newBuilder(t)
	b.mustBuild(true)
	before := treeHash(t, b.out)

	edit(b.fsys, "content/beirat.md", "berät", "berät und begleitet")
	t.Setenv("FAKE_FAIL", "1")
	err := b.build(true)
	if err == nil || !strings.Contains(err.Error(), "Pagefind") || !strings.Contains(err.Error(), "kaputt") {
		t.Fatalf("build with a failing Pagefind: %v, want an error with what Pagefind said", err)
	}
	if treeHash(t, b.out) != before {
		t.Error("a build whose Pagefind failed changed the output")
	}
	b.noLeftovers()

	// Fixed: the next build makes both.
	t.Setenv("FAKE_FAIL", "")
	b.mustBuild(true)
	page, _ := os.ReadFile(filepath.Join(b.out, "beirat", "index.html"))
	if !bytes.Contains(page, []byte("begleitet")) {
		t.Error("the build after the failed one did not write the edit")
	}
}

// TestSearchOff checks $SITEGEN_PAGEFIND=off and a missing Pagefind: the
// site is built without an index, and sitegen's old index is removed;
// one that sitegen did not make stays.
func TestSearchOff(t *testing.T) {
	fake(t)
	b := newBuilder(t)
	b.mustBuild(true)

	t.Setenv(search.EnvVar, search.Off)
	edit(b.fsys, "content/beirat.md", "berät", "berät gern")
	b.mustBuild(true)
	if _, err := os.Stat(b.index()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("with search off the old index stays: %v", err)
	}
	if len(b.notices) != 0 {
		t.Errorf("search off: notices %q, want none", b.notices)
	}

	// Not installed: said once, built anyway.
	t.Setenv(search.EnvVar, "")
	t.Setenv("PATH", t.TempDir())
	hand := filepath.Join(b.index(), "pagefind.js")
	os.MkdirAll(b.index(), 0o755)
	os.WriteFile(hand, []byte("// made by hand\n"), 0o644)
	b.mustBuild(true)
	if len(b.notices) != 1 || b.notices[0] != search.NotInstalled {
		t.Errorf("notices %q, want once %q", b.notices, search.NotInstalled)
	}
	if _, err := os.Stat(hand); err != nil {
		t.Errorf("an index sitegen did not make was removed: %v", err)
	}
}

// TestTargetPagefind: Target.Pagefind (a flag of sitegen build) wins
// over $SITEGEN_PAGEFIND.
func TestTargetPagefind(t *testing.T) {
	logFile := fake(t)
	exe := os.Getenv(search.EnvVar)
	b := newBuilder(t)
	t.Setenv(search.EnvVar, search.Off)
	tg := build.Target{Out: b.out, Pagefind: exe}
	if _, err := build.ToDir(context.Background(), b.fsys, build.Options{NowText: "2026-11-25T12:00"}, tg); err != nil {
		t.Fatal(err)
	}
	if runs(t, logFile) != 1 {
		t.Errorf("Target.Pagefind %s: %d runs, want 1", exe, runs(t, logFile))
	}
	t.Setenv(search.EnvVar, exe)
	tg.Pagefind = search.Off
	if _, err := build.ToDir(context.Background(), b.fsys, build.Options{NowText: "2026-11-25T12:00"}, tg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b.index()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Target.Pagefind off: the index stays (%v)", err)
	}
}

// TestBrokenPagefind: $SITEGEN_PAGEFIND naming nothing that runs is an
// error before anything is written.
func TestBrokenPagefind(t *testing.T) {
	b := newBuilder(t)
	t.Setenv(search.EnvVar, filepath.Join(t.TempDir(), "nicht-da"))
	err := b.build(true)
	if err == nil || !strings.Contains(err.Error(), search.EnvVar) {
		t.Fatalf("build with a wrong %s: %v", search.EnvVar, err)
	}
	if _, err := os.Stat(b.out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the output was written: %v", err)
	}
}

// TestClash: a file of the site inside pagefind/ is an error while the
// site has a search index.
func TestClash(t *testing.T) {
	fake(t)
	b := newBuilder(t)
	b.fsys["content/pagefind/liste.pdf"] = &fstest.MapFile{Data: []byte("%PDF"), Mode: 0o644}
	if err := b.build(true); err == nil || !strings.Contains(err.Error(), "pagefind/liste.pdf") {
		t.Fatalf("build with content/pagefind/: %v", err)
	}
	b.noLeftovers()
}

// TestNoSearchPage: a site without layouts/suche.html gets no index and
// no notice, even without Pagefind.
func TestNoSearchPage(t *testing.T) {
	logFile := fake(t)
	b := newBuilder(t)
	delete(b.fsys, "layouts/suche.html")
	b.mustBuild(true)
	if runs(t, logFile) != 0 || len(b.notices) != 0 {
		t.Errorf("a site without search page: %d runs, notices %q", runs(t, logFile), b.notices)
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

// TestRealPagefind builds the site with the Pagefind of tools/ and reads
// the index it made: one index per language, the model's pages in it.
func TestRealPagefind(t *testing.T) {
	tl := realPagefind(t)
	t.Setenv(search.EnvVar, tl.Path)
	b := newBuilder(t)
	b.mustBuild(true)
	var entry struct {
		Version   string
		Languages map[string]struct {
			PageCount int `json:"page_count"`
		}
	}
	data, err := os.ReadFile(filepath.Join(b.index(), "pagefind-entry.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &entry); err != nil {
		t.Fatal(err)
	}
	if entry.Languages["de"].PageCount != 3 || entry.Languages["en"].PageCount != 3 || len(entry.Languages) != 2 {
		t.Errorf("pagefind-entry.json: %s; want de and en with 3 pages each", data)
	}
	var urls []string
	frags, _ := filepath.Glob(filepath.Join(b.index(), "fragment", "*.pf_fragment"))
	for _, f := range frags {
		z, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		var frag struct{ URL, Content string }
		if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("pagefind_dcd")), &frag); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		urls = append(urls, frag.URL)
		for _, not := range []string{"Stadt Bamberg", "Integration Start"} { // footer, header
			if strings.Contains(frag.Content, not) {
				t.Errorf("%s: the index holds %q from outside <main>: %.200q", frag.URL, not, frag.Content)
			}
		}
		if frag.URL == "/en/leitbild/" && strings.Contains(frag.Content, "translat") {
			t.Errorf("/en/leitbild/: the untranslated note is indexed: %.200q", frag.Content)
		}
	}
	slices.Sort(urls)
	want := []string{"/", "/beirat/", "/en/", "/en/beirat/", "/en/leitbild/", "/leitbild/"}
	if !slices.Equal(urls, want) {
		t.Errorf("the index holds %q, want %q", urls, want)
	}
	for _, f := range []string{"pagefind.js.gz", "pagefind.js.br", "pagefind-entry.json", "wasm.de.pagefind", "wasm.en.pagefind"} {
		if _, err := os.Stat(filepath.Join(b.index(), f)); err != nil {
			t.Errorf("%v", err)
		}
	}
	for _, f := range []string{"pagefind-worker.js", "pagefind-ui.js", "pagefind-component-ui.js"} {
		if _, err := os.Stat(filepath.Join(b.index(), f)); err == nil {
			t.Errorf("%s, which the site does not load, is published", f)
		}
	}
}

// TestUpdate indexes a site written by other means, as the browser tests
// do, twice: the second time it is kept.
func TestUpdate(t *testing.T) {
	logFile := fake(t)
	b := newBuilder(t)
	t.Setenv(search.EnvVar, search.Off)
	b.mustBuild(true)
	t.Setenv(search.EnvVar, filepath.Join(filepath.Dir(logFile), "pagefind"))
	tl, err := search.Find("")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		r, err := search.Update(context.Background(), tl, b.out, indexed)
		if err != nil {
			t.Fatal(err)
		}
		if r.Made != (i == 0) || runs(t, logFile) != 1 {
			t.Errorf("update %d: %+v, %d runs", i+1, r, runs(t, logFile))
		}
	}
	if got := b.seen(); !slices.Equal(got, indexed) {
		t.Errorf("Pagefind was given %q, want %q", got, indexed)
	}
	b.noLeftovers()
}

// TestLinkedOutput builds through a symbolic link to the output folder,
// on another folder than the link: the index's temporary folders are
// made beside the folder, as the build's, and none is left.
func TestLinkedOutput(t *testing.T) {
	fake(t)
	b := newBuilder(t)
	link := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(b.out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(b.out, link); err != nil {
		t.Fatal(err)
	}
	real := b.out
	b.out = link
	b.mustBuild(true)
	b.out = real
	b.noLeftovers()
	if _, err := os.Stat(filepath.Join(real, search.Dir, search.Marker)); err != nil {
		t.Errorf("no index in the folder the link names: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
}
