package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/search"
)

// bigSite is testSite with n more German pages of varied words, so that
// the index has many buckets (with a small bucket size).
func bigSite(t *testing.T, n int) fstest.MapFS {
	fsys := testSite(t)
	words := strings.Fields("Sprache Schule Arbeit Wohnung Beratung Familie Kinder Gesundheit Verein Sport Kultur Religion Frauen Jugend Senioren Nachbarschaft Ehrenamt Bildung Ausbildung Beruf Anerkennung Einbürgerung Aufenthalt Asyl Flucht Dolmetscher Treffpunkt Begegnung Fest Musik")
	for i := range n {
		var body strings.Builder
		for j := range 70 {
			body.WriteString(words[(i*7+j*3)%len(words)])
			fmt.Fprintf(&body, " wort%d ", (i*13+j)%97)
		}
		fsys[fmt.Sprintf("content/seite-%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Seite %d %s\n---\n%s\n", i, words[i%len(words)], body.String())), Mode: 0o644, ModTime: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	}
	return fsys
}

func buildInto(t *testing.T, fsys fstest.MapFS, out, cache string) []string {
	t.Helper()
	var infos []string
	tg := build.Target{Out: out, CacheDir: cache, Info: func(m string) { infos = append(infos, m) }}
	if _, err := build.ToDir(context.Background(), fsys, build.Options{NowText: "2026-11-25T12:00", Compress: true}, tg); err != nil {
		t.Fatal(err)
	}
	return infos
}

var infoLine = regexp.MustCompile(`Suchindex: (\d+) von (\d+) Seiten neu gelesen, (\d+) Dateien geschrieben, (\d+) behalten`)

// TestIncrementalIndex: after edits (a title changed, a page added, a
// page removed, a page's body changed), the index that a build with the
// cache patches is byte for byte the one a build without cache makes of
// the same content (incremental = full), a build with nothing changed
// changes nothing of it (warm = cold), and a title edit reads one page
// anew (and its untranslated copy under /en/) and rewrites only a few of the index's files, keeping the rest.
func TestIncrementalIndex(t *testing.T) {
	defer search.SetLeafMax(40)()
	fsys := bigSite(t, 60)
	dir := t.TempDir()
	out, cache := filepath.Join(dir, "public"), filepath.Join(dir, "cache")
	buildInto(t, fsys, out, cache)
	files, _ := filepath.Glob(filepath.Join(out, search.IndexDir, "de", "b-*.json"))
	if len(files) < 10 {
		t.Fatalf("%d bucket files; the test needs many", len(files))
	}
	cold := treeHash(t, out)
	if infos := buildInto(t, fsys, out, cache); len(infos) != 0 || treeHash(t, out) != cold {
		t.Errorf("nothing changed: the output changed, or the index said %q", infos)
	}

	steps := []struct {
		name string
		do   func()
	}{
		{"title", func() { edit(fsys, "content/seite-007.md", "title: Seite 7", "title: Seite sieben Zauberwort") }},
		{"body", func() { edit(fsys, "content/seite-011.md", "\n---\n", "\n---\nNeuer Absatz über Glockenspiele.\n") }},
		{"added", func() {
			fsys["content/neu.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Ganz neu\n---\nEin Zauberwort und Glockenspiele.\n"), Mode: 0o644}
		}},
		{"removed", func() { delete(fsys, "content/seite-003.md") }},
	}
	for _, st := range steps {
		st.do()
		infos := buildInto(t, fsys, out, cache)
		full := filepath.Join(t.TempDir(), "public")
		buildInto(t, fsys, full, "")
		if a, b := treeHash(t, filepath.Join(out, search.IndexDir)), treeHash(t, filepath.Join(full, search.IndexDir)); a != b {
			t.Errorf("%s: the patched index differs from the one made whole", st.name)
		}
		if a, b := treeHash(t, out), treeHash(t, full); a != b {
			t.Errorf("%s: the output differs from a full build's", st.name)
		}
		if st.name != "title" {
			continue
		}
		var m []string
		for _, l := range infos {
			if m = infoLine.FindStringSubmatch(l); m != nil {
				break
			}
		}
		if m == nil {
			t.Fatalf("title: no line of the index in %q", infos)
		}
		var changed, pages, made, kept int
		fmt.Sscan(m[1]+" "+m[2]+" "+m[3]+" "+m[4], &changed, &pages, &made, &kept)
		// The page and its copy under /en/ (not translated).
		if changed != 2 || made > 12 || kept < 10*made {
			t.Errorf("title: %s; want 2 pages read anew, few files written, most kept", m[0])
		}
	}
}

// TestIndexClash: a file of the site inside suchindex/ is an error.
func TestIndexClash(t *testing.T) {
	b := newBuilder(t)
	b.fsys["content/suchindex/x.txt"] = &fstest.MapFile{Data: []byte("x"), Mode: 0o644}
	if err := b.build(true); err == nil || !strings.Contains(err.Error(), "suchindex/x.txt") {
		t.Errorf("a file in suchindex/: %v, want an error naming it", err)
	}
	if _, err := os.Stat(b.out); err == nil {
		t.Errorf("the failed build wrote %s", b.out)
	}
}

// TestIndexOff: with $SITEGEN_PAGEFIND=off the site has no index.
func TestIndexOff(t *testing.T) {
	t.Setenv(search.EnvVar, search.Off)
	b := newBuilder(t)
	b.mustBuild(true)
	if _, err := os.Stat(b.index()); !os.IsNotExist(err) {
		t.Errorf("search off: %v", err)
	}
	if _, err := os.Stat(filepath.Join(b.out, "suche", "index.html")); err != nil {
		t.Errorf("the search page: %v", err)
	}
}

// TestIndexedPages: the index holds the pages of the model in every
// language (not the search, A–Z, 404 or alias pages, nor the HTML file
// copied from content/), each with the text of its <main> only: not the
// header, the footer or the note that a page is not translated.
func TestIndexedPages(t *testing.T) {
	b := newBuilder(t)
	b.mustBuild(true)
	var urls []string
	frags, _ := filepath.Glob(filepath.Join(b.index(), "*", "f-*.json"))
	for _, f := range frags {
		var frag map[string][3]string
		data, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(data, &frag)
		}
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range frag {
			urls = append(urls, e[0])
			for _, not := range []string{"Stadt Bamberg", "Integration Start"} { // footer, header
				if strings.Contains(e[2], not) {
					t.Errorf("%s: the index holds %q from outside <main>: %.200q", e[0], not, e[2])
				}
			}
			if e[0] == "/en/leitbild/" && strings.Contains(e[2], "translat") {
				t.Errorf("/en/leitbild/: the untranslated note is indexed: %.200q", e[2])
			}
		}
	}
	slices.Sort(urls)
	var want []string
	for _, p := range indexed {
		want = append(want, "/"+strings.TrimSuffix(p, "index.html"))
	}
	slices.Sort(want)
	if !slices.Equal(urls, want) {
		t.Errorf("the index holds %q, want %q", urls, want)
	}
	for _, l := range []string{"de", "en"} {
		if _, err := os.Stat(filepath.Join(b.index(), l, "index.json")); err != nil {
			t.Error(err)
		}
	}
}
