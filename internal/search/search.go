// Package search makes the site's own search index: static JSON files
// under suchindex/<lang>/ in the output folder, one index per language
// (by each page's <html lang>), that assets/js/search.js reads in the
// reader's browser, a few small files per query, without WebAssembly.
//
// # What is indexed
//
// The pages of the model ([Pages]): every page of every language, not
// the made pages that only list others (the search page, the A–Z
// index), not the 404 pages, not the alias pages that forward, not HTML
// files copied from content/. Of each page ([Extract]) the text of
// <main>, read as Pagefind reads it: without nav, form, label, script,
// style, noscript, svg, footer, iframe and template, nor the note that a
// page is not translated; a block ends a sentence; the words of headings
// weigh more (<h1> 7, <h2> 6 … <h6> 2, body text 1); a word is its letters
// and digits in lower case, without diacritics, stemmed with Snowball
// (de, en, tr, ar; Ukrainian has no Snowball stemmer: its words are
// matched by prefix), and the parts of a compound word (E-Mail, WebView)
// count too, at a share of its weight. The page's title is its first
// <h1>; the words of the title are marked, for the ranking.
//
// # The files
//
// Per language: index.json (pages, words, the names and hashes of the
// other files), buckets b-<hex of a prefix>.json (the stems starting
// with the prefix, each with its postings [page key, weight, length
// class, title, first form with diacritics], and the words that stem to
// something else, so that the client can stem a query word; a bucket
// holds at most 4,000 entries, else it is split by the next letter, the
// stems equal to the prefix in a bucket of their own) and fragments
// f-<n>.json (address, title and text of the pages whose key is n modulo
// the number of groups, [MaxGroups] at most). A page's key is 48 bits of the hash of its address: the same
// in every build, whatever else changed. All of it is a function of the
// pages alone: the same pages give the same bytes, however the index
// was reached.
//
// # Incremental
//
// [Builder.Emit] is given the last build's state (from the build cache)
// and writes through [Out], the build's own output: files that did not
// change are kept ([Out.Reuse]), the others written with the pages,
// committed with them or not at all. The state records each page's sum,
// each entry's size, and each file's record and hash; each page's terms
// (its [Doc] without title and text: address, language, length, stems
// with their weights, words, title stems) are kept in the cache by its
// path and sum. A build reads again only the pages whose bytes changed,
// takes their last terms from the cache, and patches only the buckets
// that hold an entry whose postings differ and the fragment groups of
// the pages: it loads those files ([Out.Load]), removes the pages' old
// postings, adds the new ones and writes them in the one canonical form,
// so that a patched index is byte for byte the one made whole (and a
// page's length is kept to two significant digits, so that a small edit
// does not touch every bucket of the page). A state or a page's terms
// that cannot be had make the index whole again (the pages the build
// kept are then read back from the output).
//
// # Cost
//
// A word is folded and stemmed once per build and language (a table the
// pages share), not once per page. A build that starts from no state
// drops each page's term maps as soon as they are postings, so that it
// does not hold both; the buckets and fragments are written (and
// compressed by the build) on every core. What is left of the cost at
// 10,000 pages is in the README ("Site search").
//
// # Threat model
//
// The index is made from the build's own pages, whose text the editors
// wrote; everything a reader sees of it is put into the page by
// search.js as text (DOM nodes, never HTML): a title, an excerpt or a
// query with markup shows the markup. The files are JSON of this site,
// read under the page's Content-Security-Policy (script-src 'self', no
// eval, no WebAssembly). A query comes from the address (?q=): it
// decides only which files of this site's index are fetched (at most 16
// buckets per word and the fragments of 20 results); nothing of it
// reaches a URL but as a lookup key. File names are made by sitegen
// (hex of a prefix, a number, a language folder of [a-z0-9-] only), never
// from page text. What the cache gives back (the state, a page's words,
// a file's bytes) is authenticated by the cache (issue 14) and decoded
// with bounds checked; anything that does not decode or whose sum does
// not match makes the index whole. A file of the site inside suchindex/
// is an error, so the index is never mixed with the site's files.
//
// # Pagefind
//
// Until this index the build ran Pagefind; what is left of it here finds
// Pagefind ([Find]) and runs it ([Tool.Run]) to record the answers the
// tests compare with (testdata/oracle.json), and removes the pagefind/
// folder an earlier build made ([Remove]).
package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/model"
)

// Dir is the folder of the Pagefind index that earlier builds made in
// the output (pagefind/; see [Remove]).
const Dir = "pagefind"

// EnvVar is Off to build without the search index. For [Find] (the
// oracle's recording) it names the Pagefind executable.
const EnvVar = "SITEGEN_PAGEFIND"

// Off as the value of EnvVar builds without a search index.
const Off = "off"

var (
	// ErrNotInstalled is Find's error when there is no Pagefind.
	ErrNotInstalled = errors.New("search: Pagefind ist nicht installiert")
	// ErrOff is Find's error when $SITEGEN_PAGEFIND is "off".
	ErrOff = errors.New("search: die Suche ist abgeschaltet (" + EnvVar + "=" + Off + ")")
)

// Tool is a Pagefind executable that runs.
type Tool struct {
	Path    string // absolute
	Version string // what it says to --version: "pagefind 1.6.0"
}

// Find returns the Pagefind to use for the site in the folder source
// ("" to look only at $SITEGEN_PAGEFIND and $PATH); see the package
// comment. It runs the executable once (--version) to be sure it works.
func Find(source string) (*Tool, error) {
	return FindAs(source, os.Getenv(EnvVar))
}

// FindAs is Find with setting in the place of $SITEGEN_PAGEFIND: a path,
// Off, or "" to look in source's tools/node_modules and on $PATH.
func FindAs(source, setting string) (*Tool, error) {
	if v := strings.TrimSpace(setting); v != "" {
		if strings.EqualFold(v, Off) {
			return nil, ErrOff
		}
		p, err := exec.LookPath(v)
		if err != nil {
			return nil, fmt.Errorf("Suche: %s=%s: Pagefind nicht gefunden (%v)", EnvVar, v, err)
		}
		t, err := tool(p)
		if err != nil {
			return nil, fmt.Errorf("Suche: %s=%s: %w", EnvVar, v, err)
		}
		return t, nil
	}
	for _, p := range local(source) {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			t, err := tool(p)
			if err != nil {
				return nil, fmt.Errorf("Suche: %w (neu installieren: npm ci --prefix tools; ohne Suchindex bauen: %s=%s)", err, EnvVar, Off)
			}
			return t, nil
		}
	}
	if p, err := exec.LookPath("pagefind"); err == nil {
		return tool(p)
	}
	return nil, ErrNotInstalled
}

// local returns where npm ci --prefix tools puts Pagefind under source.
func local(source string) []string {
	if source == "" {
		return nil
	}
	nm := filepath.Join(source, "tools", "node_modules")
	platform := runtime.GOOS // as npm names them: linux, darwin, windows, freebsd
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	var out []string
	if arch != "" {
		for _, name := range []string{"pagefind_extended", "pagefind"} {
			if runtime.GOOS == "windows" {
				name += ".exe"
			}
			out = append(out, filepath.Join(nm, "@pagefind", platform+"-"+arch, "bin", name))
		}
	}
	bin := filepath.Join(nm, ".bin", "pagefind")
	if runtime.GOOS == "windows" {
		bin += ".cmd"
	}
	return append(out, bin)
}

// tool checks that the executable at p runs and asks its version.
func tool(p string) (*Tool, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, abs, "--version")
	cmd.Env = environ()
	out, err := cmd.CombinedOutput()
	v := strings.TrimSpace(string(out))
	if err != nil || !strings.HasPrefix(strings.ToLower(v), "pagefind") {
		if err == nil {
			err = fmt.Errorf("unerwartete Antwort auf --version: %.200q", v)
		}
		return nil, fmt.Errorf("Pagefind (%s) läuft nicht: %v", abs, err)
	}
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		v = v[:i]
	}
	return &Tool{Path: abs, Version: v}, nil
}

// environ is the environment Pagefind runs in: this process's, without
// the PAGEFIND_* variables that would change what it does (it reads its
// options from them), but with those telling the npm wrapper where the
// binary is.
func environ() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(strings.ToUpper(k), "PAGEFIND_") && !strings.HasSuffix(strings.ToUpper(k), "_BINARY_PATH")
	})
}

// args are Pagefind's options besides --site and --output-path; they are
// part of the index's hash.
var args = []string{"--root-selector", "main", "--exclude-selectors", ".untranslated-note", "--quiet"}

// unused are the files of Pagefind's output that the site does not load:
// Pagefind's own search interfaces (search.js uses the API, pagefind.js)
// and its Web Worker (search.js asks for noWorker, so that the
// WebAssembly runs under the search page's Content-Security-Policy).
var unused = []string{
	"pagefind-ui.js", "pagefind-ui.css",
	"pagefind-modular-ui.js", "pagefind-modular-ui.css",
	"pagefind-component-ui.js", "pagefind-component-ui.css",
	"pagefind-highlight.js", "pagefind-worker.js",
}

// run runs Pagefind over the folder site, writing the index to out.
// It returns what Pagefind said (warnings) when it succeeded.
func (t *Tool) run(ctx context.Context, site, out string) (string, error) {
	cmd := exec.CommandContext(ctx, t.Path, append([]string{"--site", site, "--output-path", out}, args...)...)
	// Not the source folder: Pagefind reads pagefind.yml (.json, .toml)
	// from where it runs.
	cmd.Dir = filepath.Dir(out)
	cmd.Env = environ()
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	said := strings.TrimSpace(b.String())
	if err != nil {
		if len(said) > 2000 {
			said = "…" + said[len(said)-2000:]
		}
		return "", fmt.Errorf("Pagefind (%s) ist gescheitert: %v\n%s", t.Path, err, said)
	}
	for _, f := range []string{"pagefind.js", "pagefind-entry.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			return "", fmt.Errorf("Pagefind (%s) hat kein %s geschrieben\n%s", t.Path, f, said)
		}
	}
	return said, nil
}

// Pages returns the output paths of the pages of site that the index
// holds, sorted: every page of every language (folder/index.html) but
// the made pages that only list others (the search page, the A–Z
// index). Alias pages, the 404 pages and files copied from content/ are
// not pages of the model. Nil when the site has no search page: then it
// needs no index.
func Pages(site *model.Site) []string {
	if site == nil {
		return nil
	}
	langs := site.Langs
	if len(langs) == 0 {
		langs = []*model.Site{site}
	}
	if !slices.ContainsFunc(langs, func(ls *model.Site) bool { return ls.Special(model.SpecialSearch) != nil }) {
		return nil
	}
	var out []string
	for _, p := range site.Pages {
		if p.Special != "" {
			continue
		}
		out = append(out, model.OutputPath(p.URL))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Run runs Pagefind over the folder site, writing its index to out, with
// the options the site's index had when Pagefind made it (the search
// oracle of the tests records Pagefind's answers with it).
func (t *Tool) Run(ctx context.Context, site, out string) (string, error) {
	return t.run(ctx, site, out)
}
