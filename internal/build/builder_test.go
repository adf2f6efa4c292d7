package build_test

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
)

// edit is one change an editor might make to a site.
type edit func(r *rand.Rand, fsys fstest.MapFS) (changed []string)

// isSection reports whether p is a section's original: _index.md, or
// _index.de.md named with the bases' first language's code.
func isSection(p string) bool {
	base, lang := load.SplitLang(path.Base(p))
	return base == "_index.md" && (lang == "" || lang == "de")
}

func pick(r *rand.Rand, fsys fstest.MapFS, prefix, suffix string) string {
	var names []string
	for n := range fsys {
		if strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return names[r.IntN(len(names))]
}

// setKey replaces or adds a front matter line "key: value" (YAML files).
func setKey(data []byte, key, value string) []byte {
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		return data
	}
	end := strings.Index(s[4:], "\n---") + 4
	fm, rest := s[4:end], s[end:]
	var lines []string
	found := false
	for _, l := range strings.Split(fm, "\n") {
		if strings.HasPrefix(l, key+":") {
			l, found = key+": "+value, true
		}
		lines = append(lines, l)
	}
	if !found {
		lines = append(lines, key+": "+value)
	}
	return []byte("---\n" + strings.Join(lines, "\n") + rest)
}

var edits = map[string]edit{
	"body": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/", ".md")
		f := fsys[p]
		f.Data = append(slices.Clip(f.Data), fmt.Sprintf("\nNeuer Absatz %d mit \"Zitat\".\n", r.IntN(1000))...)
		return []string{p}
	},
	"link": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/", ".md")
		f := fsys[p]
		f.Data = append(slices.Clip(f.Data), "\n[Akteure](/akteure/_index.md) und [Start](/geschichte/start.md)\n"...)
		return []string{p}
	},
	"title": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/", ".md")
		fsys[p].Data = setKey(fsys[p].Data, "title", fmt.Sprintf("Titel %d", r.IntN(1000)))
		return []string{p}
	},
	"weight": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/", ".md")
		fsys[p].Data = setKey(fsys[p].Data, "weight", fmt.Sprint(r.IntN(50)))
		return []string{p}
	},
	"menu": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := cmp.Or(pick(r, fsys, "content/", "_index.md"), pick(r, fsys, "content/", "_index.de.md"))
		fsys[p].Data = setKey(fsys[p].Data, "menu", fmt.Sprint(r.IntN(2) == 0))
		return []string{p}
	},
	"new event": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := fmt.Sprintf("content/termine/neu-%d.md", r.IntN(1000))
		day := 1 + r.IntN(28)
		series := []string{"runder-tisch", "fachforum"}[r.IntN(2)]
		fsys[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Neu %d\nstart: 2027-0%d-%02dT18:00\nseries: %s\norganizer: beirat\n---\nText.\n", day, 3+r.IntN(2), day, series)}
		return []string{p}
	},
	"new actor": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := fmt.Sprintf("content/akteure/verein-%d.md", r.IntN(1000))
		fsys[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Verein %d\ncategory: sport\nrole: Spielt.\n---\n", r.IntN(1000))}
		return []string{p}
	},
	"delete": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/termine/", ".md")
		if p == "" || isSection(p) {
			return nil
		}
		delete(fsys, p)
		return []string{p}
	},
	"start": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/termine/rt-", ".md")
		if p == "" {
			return nil
		}
		fsys[p].Data = setKey(fsys[p].Data, "start", fmt.Sprintf("2027-03-%02dT%02d:00", 1+r.IntN(28), 8+r.IntN(12)))
		fsys[p].Data = setKey(fsys[p].Data, "end", "")
		return []string{p}
	},
	"status": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/termine/rt-", ".md")
		if p == "" {
			return nil
		}
		fsys[p].Data = setKey(fsys[p].Data, "status", []string{"scheduled", "cancelled", "postponed"}[r.IntN(3)])
		return []string{p}
	},
	"break": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "content/", ".md")
		fsys[p].Data = setKey(fsys[p].Data, "weight", "viel")
		return []string{p}
	},
	"layout": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := pick(r, fsys, "layouts/", ".html")
		f := fsys[p]
		f.Data = append(slices.Clip(f.Data), fmt.Sprintf("{{/* %d */}}", r.IntN(1000))...)
		if r.IntN(4) == 0 {
			f.Data = bytes.Replace(f.Data, []byte("</main>"), fmt.Appendf(nil, "<p>%d</p></main>", r.IntN(9)), 1)
		}
		return []string{p}
	},
	"asset": func(r *rand.Rand, fsys fstest.MapFS) []string {
		fsys["assets/style.css"].Data = fmt.Appendf(nil, "body { margin: %dpx; }\n", r.IntN(50))
		return []string{"assets/style.css"}
	},
	"document": func(r *rand.Rand, fsys fstest.MapFS) []string {
		p := "content/geschichte/katalog/katalog.txt"
		if _, ok := fsys[p]; ok && r.IntN(2) == 0 {
			delete(fsys, p)
		} else {
			fsys[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "Katalog %d\n", r.IntN(100))}
		}
		return []string{p}
	},
}

// TestIncrementalEqualsFull applies random sequences of edits to the
// golden site and checks after each that the incremental build gives
// exactly the files and diagnostics of a fresh full build.
func TestIncrementalEqualsFull(t *testing.T) {
	t.Parallel() // the three oracles are the package's longest tests, each on one core mostly
	names := make([]string, 0, len(edits))
	for n := range edits {
		names = append(names, n)
	}
	slices.Sort(names)
	steps := 60
	if testing.Short() {
		steps = 15
	}
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			fsys, _ := site(t, bases[seed%2])
			if seed >= 4 { // the originals named as the CMS names them
				fsys = withCodes(fsys, false)
			}
			now := testNow
			b := build.NewBuilder(fsys, build.Options{Now: now})
			if _, err := b.Build(); err != nil {
				t.Fatal(err)
			}
			var history []string
			for step := range steps {
				name := names[r.IntN(len(names))]
				changed := edits[name](r, fsys)
				history = append(history, name)
				b.Changed(changed...)
				if r.IntN(5) == 0 { // time passes
					now = now.Add(time.Duration(r.IntN(72)) * time.Hour)
					b.SetNow(now)
				}
				inc, incErr := b.Build()
				full, fullErr := build.Run(cloneFS(fsys), build.Options{Now: now})
				if (incErr == nil) != (fullErr == nil) {
					t.Fatalf("step %d %v: incremental error %v, full error %v", step, history, incErr, fullErr)
				}
				if d := diffDiags(inc.Diagnostics, full.Diagnostics); d != "" {
					t.Fatalf("step %d %v: diagnostics differ: %s", step, history, d)
				}
				if d := diffFiles(inc, full); d != "" {
					t.Fatalf("step %d %v: %s", step, history, d)
				}
				if fullErr != nil && r.IntN(2) == 0 { // the editor fixes it
					for _, p := range changed {
						if f, ok := fsys[p]; ok {
							f.Data = fixWeight(p, f.Data)
						}
					}
					b.Changed(changed...)
				}
			}
		})
	}
}

// bases are the sites the random edits start from: one language, and
// five (with translations, untranslated pages and right to left).
var bases = []string{"testdata/golden/site.txtar", "testdata/lang-site.txtar"}

// withCodes returns fsys with its originals named with the code of the
// first language (de in both bases), as the CMS names them:
// content/a.md is content/a.de.md; when half, every other one only.
func withCodes(fsys fstest.MapFS, half bool) fstest.MapFS {
	out := cloneFS(fsys)
	n := 0
	for _, p := range slices.Sorted(maps.Keys(fsys)) {
		if _, lang := load.SplitLang(path.Base(p)); !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") || lang != "" {
			continue
		}
		if n++; half && n%2 == 0 {
			continue
		}
		out[strings.TrimSuffix(p, ".md")+".de.md"] = out[p]
		delete(out, p)
	}
	return out
}

// TestOriginalsNamedWithCode builds each base with its originals named
// with the first language's code — all of them, and every other one —
// and checks that it gives exactly the files of the base, and the same
// problems at the renamed files.
func TestOriginalsNamedWithCode(t *testing.T) {
	for _, base := range bases {
		fsys, _ := site(t, base)
		want, err := build.Run(cloneFS(fsys), build.Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, half := range []bool{false, true} {
			renamed := withCodes(fsys, half)
			if _, ok := renamed["content/_index.de.md"]; !ok && !half {
				t.Fatal("the home page was not renamed")
			}
			got, err := build.Run(renamed, build.Options{Now: testNow})
			if err != nil {
				t.Fatalf("%s (half %v): %v", base, half, err)
			}
			if d := diffFiles(got, want); d != "" {
				t.Errorf("%s (half %v): %s", base, half, d)
			}
			plain := func(ds []diag.Diagnostic) []string {
				var out []string
				for _, d := range ds {
					out = append(out, strings.ReplaceAll(d.Error(), ".de.md", ".md"))
				}
				slices.Sort(out)
				return out
			}
			if g, w := plain(got.Diagnostics), plain(want.Diagnostics); !slices.Equal(g, w) {
				t.Errorf("%s (half %v): diagnostics %q, want %q", base, half, g, w)
			}
		}
	}
}

// fixWeight mends the weight an edit broke: "weight: 1" in an original;
// in a translation, which may not set it, no weight at all.
func fixWeight(p string, data []byte) []byte {
	if _, lang := load.SplitLang(path.Base(p)); lang != "" && lang != "de" {
		return regexp.MustCompile(`(?m)^weight:.*\n`).ReplaceAll(data, nil)
	}
	return setKey(data, "weight", "1")
}

func cloneFS(fsys fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range fsys {
		out[k] = &fstest.MapFile{Data: slices.Clone(v.Data), Mode: v.Mode}
	}
	return out
}

func diffDiags(a, b []diag.Diagnostic) string {
	if slices.Equal(a, b) {
		return ""
	}
	return fmt.Sprintf("\nincremental: %v\nfull:        %v", a, b)
}

func diffFiles(inc, full *build.Result) string {
	if len(inc.Files) != len(full.Files) {
		var a, b []string
		for _, f := range inc.Files {
			a = append(a, f.Path)
		}
		for _, f := range full.Files {
			b = append(b, f.Path)
		}
		return fmt.Sprintf("files differ:\nincremental %v\nfull        %v", a, b)
	}
	for i := range inc.Files {
		if inc.Files[i].Path != full.Files[i].Path {
			return fmt.Sprintf("file %d: %s vs %s", i, inc.Files[i].Path, full.Files[i].Path)
		}
		if !bytes.Equal(inc.Files[i].Data, full.Files[i].Data) {
			return fmt.Sprintf("%s differs:\n%s", inc.Files[i].Path, lineDiff(full.Files[i].Data, inc.Files[i].Data))
		}
	}
	return ""
}

// TestIncrementalRendersOnlyWhatChanged checks that the builder does
// skip work: a body edit renders one page, a title edit the pages that
// show the title, a layout edit every page.
func TestIncrementalRendersOnlyWhatChanged(t *testing.T) {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	b := build.NewBuilder(fsys, build.Options{Now: testNow})
	res, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	all := res.Stats.Pages
	if res.Stats.Rendered != all {
		t.Fatalf("first build rendered %d of %d pages", res.Stats.Rendered, all)
	}
	for _, tc := range []struct {
		name   string
		change func()
		path   string
		want   int
	}{
		{"nothing", func() {}, "", 0},
		{"body of an actor", func() {
			fsys["content/akteure/oekumene.md"].Data = append(slices.Clip(fsys["content/akteure/oekumene.md"].Data), "Mehr.\n"...)
		}, "content/akteure/oekumene.md", 1},
		// The milestone's own page, its neighbour (next link), its section
		// (listing), the home page (link to #anfang does not change, but the
		// home page lists no milestones) — so 3.
		{"title of a milestone", func() {
			fsys["content/geschichte/start.md"].Data = setKey(fsys["content/geschichte/start.md"].Data, "title", "Beginn")
		}, "content/geschichte/start.md", 3},
		{"layout", func() {
			fsys["layouts/_default/single.html"].Data = append(slices.Clip(fsys["layouts/_default/single.html"].Data), "\n"...)
		}, "layouts/_default/single.html", all},
	} {
		tc.change()
		if tc.path != "" {
			b.Changed(tc.path)
		}
		res, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Rendered != tc.want {
			t.Errorf("%s: rendered %d pages, want %d", tc.name, res.Stats.Rendered, tc.want)
		}
		// A body edit reuses the model, and so does a title edit (the page
		// is patched in place); a layout edit makes it anew.
		if reuse := tc.name == "body of an actor" || tc.name == "title of a milestone"; res.Stats.Reused != reuse {
			t.Errorf("%s: model reused %v, want %v", tc.name, res.Stats.Reused, reuse)
		}
		full, err := build.Run(cloneFS(fsys), build.Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if d := diffFiles(res, full); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
}

// TestIncrementalEveryEdit applies each kind of edit to each file of the
// golden site in turn, on a builder that has built the unchanged site,
// and compares with a full build.
func TestIncrementalEveryEdit(t *testing.T) {
	t.Parallel() // the three oracles are the package's longest tests, each on one core mostly
	for _, b := range bases {
		t.Run(path.Base(b), func(t *testing.T) { t.Parallel(); base, _ := site(t, b); everyEdit(t, base) })
	}
	t.Run("lang-site.txtar named with codes", func(t *testing.T) {
		base, _ := site(t, bases[1])
		everyEdit(t, withCodes(base, false))
	})
}

func everyEdit(t *testing.T, base fstest.MapFS) {
	var files []string
	for n := range base {
		files = append(files, n)
	}
	slices.Sort(files)
	type change func(fsys fstest.MapFS, p string) bool
	changes := map[string]change{
		"title": func(fsys fstest.MapFS, p string) bool {
			fsys[p].Data = setKey(fsys[p].Data, "title", "Geändert")
			return strings.HasSuffix(p, ".md")
		},
		"weight": func(fsys fstest.MapFS, p string) bool {
			fsys[p].Data = setKey(fsys[p].Data, "weight", "-5")
			return strings.HasSuffix(p, ".md")
		},
		"description": func(fsys fstest.MapFS, p string) bool {
			fsys[p].Data = setKey(fsys[p].Data, "description", "Neu beschrieben.")
			return strings.HasSuffix(p, ".md")
		},
		"delete": func(fsys fstest.MapFS, p string) bool {
			delete(fsys, p)
			return p != "content/_index.md" && p != "content/_index.de.md"
		},
		"append": func(fsys fstest.MapFS, p string) bool {
			fsys[p].Data = append(slices.Clip(fsys[p].Data), "\nx\n"...)
			return true
		},
	}
	for _, name := range []string{"title", "weight", "description", "delete", "append"} {
		for _, p := range files {
			fsys := cloneFS(base)
			b := build.NewBuilder(fsys, build.Options{Now: testNow})
			if _, err := b.Build(); err != nil {
				t.Fatal(err)
			}
			if !changes[name](fsys, p) {
				continue
			}
			b.Changed(p)
			inc, incErr := b.Build()
			full, fullErr := build.Run(cloneFS(fsys), build.Options{Now: testNow})
			if (incErr == nil) != (fullErr == nil) {
				t.Errorf("%s %s: incremental error %v, full error %v", name, p, incErr, fullErr)
				continue
			}
			if d := diffDiags(inc.Diagnostics, full.Diagnostics); d != "" {
				t.Errorf("%s %s: diagnostics differ: %s", name, p, d)
			}
			if d := diffFiles(inc, full); d != "" {
				t.Errorf("%s %s: %s", name, p, d)
			}
		}
	}
}

// fiveLanguages returns the site of several languages in five (de, en,
// ar, tr, uk), with a page translated into tr and uk besides.
func fiveLanguages(t *testing.T) fstest.MapFS {
	fsys, _ := site(t, bases[1])
	home := fsys["content/_index.md"]
	home.Data = bytes.Replace(home.Data, []byte("languages: [de, en, ar]"), []byte("languages: [de, en, ar, tr, uk]"), 1)
	fsys["content/akteure/beirat.tr.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Danışma kurulu\n---\nKurul.\n")}
	fsys["content/akteure/beirat.uk.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Консультативна рада\n---\nРада.\n")}
	return fsys
}

// On a site in five languages, one edit puts the model in place (no
// model made anew) and renders again the pages whose output changed, in
// every language that shows the edit and no other, and at most a few
// more; the output is a full build's.
func TestIncrementalFiveLanguages(t *testing.T) {
	fsys := fiveLanguages(t)
	b := build.NewBuilder(fsys, build.Options{Now: testNow})
	last, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(last.Site.Langs); n != 5 {
		t.Fatalf("%d languages", n)
	}
	all := last.Stats.Pages
	for _, tc := range []struct {
		name  string
		path  string
		edit  func(data []byte) []byte
		want  int // pages rendered (at most; exactly those that changed where exact)
		exact bool
		langs string // the languages whose pages change
	}{
		{"nothing", "", nil, 0, true, ""},
		// A body shown untranslated in every language: its five pages.
		{"body of an untranslated actor", "content/akteure/oekumene.md", func(d []byte) []byte { return append(d, "Mehr.\n"...) }, 5, true, "de en ar tr uk"},
		// In each language the milestone's page, its neighbour (the next
		// link) and its section (the timeline): 3 × 5.
		{"title of a milestone", "content/geschichte/start.md", func(d []byte) []byte { return setKey(d, "title", "Beginn") }, 15, true, "de en ar tr uk"},
		// A translation's title: its page and the English pages that show
		// it (the actors' list, the event it organizes: 3), and the English
		// events listing, whose events' signature holds their organizer's
		// title (2).
		{"title of a translation", "content/akteure/beirat.en.md", func(d []byte) []byte { return setKey(d, "title", "Council") }, 5, false, "en"},
		// An original's title, translated into en, tr and uk: the pages of
		// de and ar (which show the German text) that show it (6); a
		// translated version's signature holds its original's front
		// matter (its facts), so the pages listing it in en, tr and uk
		// are rendered too.
		{"title of a translated original", "content/akteure/beirat.md", func(d []byte) []byte { return setKey(d, "title", "Der Beirat") }, 19, false, "de ar"},
	} {
		if tc.path != "" {
			fsys[tc.path].Data = tc.edit(slices.Clip(fsys[tc.path].Data))
			b.Changed(tc.path)
		}
		res, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		// The pages whose output changed, and their languages.
		before := map[string][]byte{}
		for _, f := range last.Files {
			before[f.Path] = f.Data
		}
		var changed []string
		langs := map[string]bool{}
		for _, f := range res.Files {
			if strings.HasSuffix(f.Path, "index.html") && !bytes.Equal(before[f.Path], f.Data) {
				changed = append(changed, f.Path)
				lang, _, _ := strings.Cut(f.Path, "/")
				if len(lang) != 2 {
					lang = "de"
				}
				langs[lang] = true
			}
		}
		t.Logf("%s: rendered %d of %d pages; changed %v", tc.name, res.Stats.Rendered, all, changed)
		if res.Stats.Rendered > tc.want || tc.exact && res.Stats.Rendered != len(changed) || res.Stats.Rendered < len(changed) {
			t.Errorf("%s: rendered %d pages, want at most %d, and %d changed: %v", tc.name, res.Stats.Rendered, tc.want, len(changed), changed)
		}
		var got []string
		for _, l := range []string{"de", "en", "ar", "tr", "uk"} {
			if langs[l] {
				got = append(got, l)
			}
		}
		if g := strings.Join(got, " "); g != tc.langs {
			t.Errorf("%s: pages of %q changed, want %q", tc.name, g, tc.langs)
		}
		if tc.path != "" && !res.Stats.Reused {
			t.Errorf("%s: the model was made anew, not patched in place", tc.name)
		}
		full, err := build.Run(cloneFS(fsys), build.Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if d := diffFiles(res, full); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
		last = res
	}
}
