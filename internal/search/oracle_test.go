package search_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/search"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// oracleFile holds Pagefind's answers to the queries of queriesFile on
// the real site's pages as they were when it was recorded (contentFile),
// every result in Pagefind's order, by language. Recorded with Pagefind
// 1.6.0 (npm ci --prefix tools) by
//
//	SITEGEN_SEARCH_ORACLE=record go test -run TestOracle ./internal/search/
//
// which copies content/ into contentFile, indexes the pages of sitegen's
// index with Pagefind (the options the site used) and asks it in Node
// (testdata/pagefind-query.mjs).
//
// The oracle keeps its own copy of the content because a ranking
// depends on every page of a language (BM25 weighs a word by how many
// pages hold it): an editor's edit of any page may reorder pages of
// equal standing, and must not make `go test` fail. The layouts,
// assets and interface strings are the repository's: a change there is
// a developer's, who records again.
const (
	oracleFile  = "testdata/oracle.json"
	queriesFile = "testdata/queries.json"
	contentFile = "testdata/oracle-content.txtar"
)

// realSite builds the project's site (layouts/, assets/, i18n/, with
// the content of contentFile, or of content/ when recording) with its
// search index into a new folder and returns it.
func realSite(t *testing.T) string {
	t.Helper()
	root := sitetest.Root(t)
	fsys := sitetest.Repo(t, "layouts", "assets", "i18n")
	if os.Getenv("SITEGEN_SEARCH_ORACLE") == "record" {
		recordContent(t, root)
	}
	maps.Copy(fsys, sitetest.FS(t, contentFile))
	out := filepath.Join(t.TempDir(), "public")
	_, err := build.ToDir(context.Background(), fsys, build.Options{NowText: sitetest.NowText, Compress: true},
		build.Target{Out: out, Decap: "off"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// recordContent writes the repository's content/ into contentFile.
func recordContent(t *testing.T, root string) {
	t.Helper()
	a := &txtar.Archive{Comment: []byte("The real site's content/ as TestOracle's Pagefind answers were recorded on it (see oracleFile).\n")}
	err := fs.WalkDir(os.DirFS(root), "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		a.Files = append(a.Files, txtar.File{Name: name, Data: data})
		return err
	})
	if err == nil {
		err = os.WriteFile(contentFile, txtar.Format(a), 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

type nativeAnswer struct {
	URLs    []string `json:"urls"`
	Bytes   int      `json:"bytes"`
	Excerpt string   `json:"excerpt"`
}

// ask runs the site's client (assets/js/search.js) in Node on the index
// of lang in out.
func ask(t *testing.T, out, lang string, queries []string) map[string]nativeAnswer {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the client assets/js/search.js cannot be run")
	}
	root := sitetest.Root(t)
	qf := filepath.Join(t.TempDir(), "q.json")
	data, _ := json.Marshal(queries)
	if err := os.WriteFile(qf, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "native-query.js"), filepath.Join(root, "assets", "js", "search.js"),
		filepath.Join(out, search.IndexDir, lang), qf)
	cmd.Stderr = os.Stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("node native-query.js %s: %v", lang, err)
	}
	var ans map[string]nativeAnswer
	if err := json.Unmarshal(res, &ans); err != nil {
		t.Fatalf("%v: %.300s", err, res)
	}
	return ans
}

func readQueries(t *testing.T) map[string][]string {
	t.Helper()
	var qs map[string][]string
	data, err := os.ReadFile(queriesFile)
	if err == nil {
		err = json.Unmarshal(data, &qs)
	}
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// top is how many of Pagefind's first results the site's index must
// give too.
const top = 5

// diverges are the queries on which the site's index and Pagefind 1.6
// disagree, measured, with why. On these only the weaker promise is
// checked: Pagefind's first result is among the first five here (not for
// those marked lost). The index follows Pagefind 1.6's ranking (BM25 over
// the weighted words of <main>, a query word's document frequency over
// all its stems, the title's words boosted, words with the query's
// diacritics preferred) but for the page lengths in the postings, which
// are rounded to two digits so that a small edit rewrites few buckets.
var diverges = map[string]string{
	"de Integration": "fifth result: Pagefind counts compound words (Integrations-…) at one position once; /akteure/ and /fachbereich…/ rank 6th and 7th here",
	"en integration": "as de Integration",
	"tr belediye":    "page lengths rounded: fifth result swapped with the sixth",
	"ar المدينة":     "first two swapped (page lengths rounded)",
	"de Bürgerinnen": "lost: Pagefind also finds Bürgermeister (it backtracks the word to a shorter prefix); the first two agree",
	"ar المهاجرين":   "lost: the Arabic stemmer of another Snowball version: the stem differs, nothing found here",
}

// TestOracle: for each of the queries (in five languages) the site's
// own index, asked through assets/js/search.js, gives the same results
// as Pagefind did on the same pages: the same number of results, the
// same first result and the same set of the first five (in any order:
// Pagefind sorts pages of equal score arbitrarily) — but for the
// queries of diverges, where Pagefind's first result must be among the
// first five. Every query transfers at most 300 KB here (the 10,000-page
// figure is benchsite's).
func TestOracle(t *testing.T) {
	out := realSite(t)
	qs := readQueries(t)
	if os.Getenv("SITEGEN_SEARCH_ORACLE") == "record" {
		record(t, out, qs)
	}
	var oracle map[string]map[string][]string
	data, err := os.ReadFile(oracleFile)
	if err == nil {
		err = json.Unmarshal(data, &oracle)
	}
	if err != nil {
		t.Fatal(err)
	}
	n, same := 0, 0
	for lang, queries := range qs {
		ans := ask(t, out, lang, queries)
		for _, q := range queries {
			n++
			want, ok := oracle[lang][q]
			if !ok {
				t.Errorf("%s %q: not in %s (record it)", lang, q, oracleFile)
				continue
			}
			if len(want) == 0 {
				t.Errorf("%s %q: Pagefind found nothing; a query of the oracle should find something", lang, q)
				continue
			}
			got := ans[q].URLs
			if b := ans[q].Bytes; b > 300_000 {
				t.Errorf("%s %q: %d bytes fetched, more than 300 KB", lang, q, b)
			}
			k := min(top, len(want))
			if why, ok := diverges[lang+" "+q]; ok {
				if !strings.HasPrefix(why, "lost: ") && len(got) > 0 && !slices.Contains(got[:min(top, len(got))], want[0]) {
					t.Errorf("%s %q (%s): Pagefind's first result %s is not among the first %d\n got  %q\n want %q", lang, q, why, want[0], top, got[:min(top, len(got))], want[:k])
				}
				continue
			}
			if len(got) != len(want) {
				t.Errorf("%s %q: %d results, Pagefind %d\n got  %q\n want %q", lang, q, len(got), len(want), got, want)
				continue
			}
			g, w := slices.Clone(got[:k]), slices.Clone(want[:k])
			if got[0] != want[0] {
				t.Errorf("%s %q: first result %s, Pagefind's %s\n got  %q\n want %q", lang, q, got[0], want[0], got[:k], want[:k])
				continue
			}
			slices.Sort(g)
			slices.Sort(w)
			if !slices.Equal(g, w) {
				t.Errorf("%s %q: first %d results differ from Pagefind's\n got  %q\n want %q", lang, q, k, got[:k], want[:k])
				continue
			}
			same++
		}
	}
	t.Logf("%d queries, %d with Pagefind's results (count, first, first five), %d diverging as listed", n, same, len(diverges))
	if n < 20 {
		t.Errorf("%d queries; the oracle needs at least 20", n)
	}
}

// record makes oracleFile anew with the Pagefind of tools/.
func record(t *testing.T, out string, qs map[string][]string) {
	t.Helper()
	tl, err := search.FindAs(sitetest.Root(t), "")
	if err != nil {
		t.Fatalf("Pagefind is needed to record the oracle: %v (npm ci --prefix tools)", err)
	}
	// The pages: those in sitegen's index (its fragments).
	stage := filepath.Join(t.TempDir(), "site")
	frags, _ := filepath.Glob(filepath.Join(out, search.IndexDir, "*", "f-*.json"))
	pages := 0
	for _, f := range frags {
		if strings.HasSuffix(f, ".gz") || strings.HasSuffix(f, ".br") {
			continue
		}
		var frag map[string][3]string
		data, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(data, &frag)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range frag {
			p := strings.TrimPrefix(e[0], "/") + "index.html"
			src := filepath.Join(out, filepath.FromSlash(p))
			dst := filepath.Join(stage, filepath.FromSlash(p))
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(dst), 0o755)
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
			pages++
		}
	}
	bundle := filepath.Join(t.TempDir(), "pagefind")
	if said, err := tl.Run(context.Background(), stage, bundle); err != nil {
		t.Fatal(err)
	} else if said != "" {
		t.Log(said)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to record the oracle")
	}
	oracle := map[string]map[string][]string{}
	for lang, queries := range qs {
		qf := filepath.Join(t.TempDir(), "q.json")
		data, _ := json.Marshal(queries)
		os.WriteFile(qf, data, 0o644)
		cmd := exec.Command(node, filepath.Join("testdata", "pagefind-query.mjs"), bundle, lang, qf)
		cmd.Stderr = os.Stderr
		res, err := cmd.Output()
		if err != nil {
			t.Fatalf("pagefind-query.mjs %s: %v", lang, err)
		}
		var m map[string][]string
		if err := json.Unmarshal(res, &m); err != nil {
			t.Fatal(err)
		}
		oracle[lang] = m
	}
	data, _ := json.MarshalIndent(oracle, "", " ")
	if err := os.WriteFile(oracleFile, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %s: %d pages, %s", oracleFile, pages, tl.Version)
}
