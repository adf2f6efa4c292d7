// Package search makes the site's search index with Pagefind
// (https://pagefind.app): a static index under /pagefind/ in the output
// folder that assets/js/search.js queries in the reader's browser, one
// index per language (by <html lang>), loaded in small chunks.
//
// # Finding Pagefind
//
// [Find] looks for the executable, in this order:
//
//  1. $SITEGEN_PAGEFIND ([FindAs]: a setting given in its place, such as
//     build.Target.Pagefind): the path of the executable, or "off" to
//     build without a search index. A path that does not run is an error
//     (CI names it to make sure the published site has its index);
//  2. the npm package pinned in tools/package-lock.json (npm ci --prefix
//     tools) under the source folder: the platform package's binary
//     (tools/node_modules/@pagefind/linux-x64/bin/pagefind_extended …,
//     which needs no Node at build time), else the npm wrapper
//     tools/node_modules/.bin/pagefind;
//  3. pagefind on $PATH.
//
// Nothing found is [ErrNotInstalled]: the build then says so once
// ([NotInstalled]) and makes the site without an index; the search page
// tells the reader that search is unavailable and links the A–Z index.
//
// # What is indexed
//
// The pages of the model (every language), not the made pages that only
// list others (the search page, the A–Z index), not the 404 pages, not
// the alias pages that forward, not HTML files copied from content/
// ([Pages]). Of each page, the <main> element (--root-selector main),
// without the note that a page is not translated: not the header, the
// breadcrumbs or the footer. Pagefind leaves out nav, form, label,
// script and the like by itself. The language is the page's <html lang>:
// an untranslated page shown under /en/ is found by English readers.
//
// Pagefind reads every HTML file under the folder it is given, so the
// pages to index are put into a folder of their own beside the output
// (hard links where the output already holds them, or a copy of the
// bytes the build hands over), and Pagefind runs on that:
//
//	pagefind --site .public-123/ --output-path .public-456/pagefind
//	         --root-selector main --exclude-selectors .untranslated-note
//
// Of its output, what the site does not load is removed: the bundles of
// Pagefind's own search interfaces (pagefind-ui.js,
// pagefind-component-ui.js, …) and its Web Worker (assets/js/search.js
// runs Pagefind with noWorker, so that its WebAssembly runs under the
// search page's Content-Security-Policy, the only one that allows
// 'wasm-unsafe-eval'). With compression on, pagefind.js gets .gz and .br
// files like the site's scripts (the index files are compressed by
// Pagefind itself).
//
// # When the index is made
//
// The index folder holds a file sitegen-index.txt with a hash of what it
// was made from: the indexed pages' paths and the sums of their bytes,
// Pagefind's version and the options above. A build makes the index
// again only when that hash differs or the folder is missing; a build
// that changed no page keeps it. A full build, whose new folder replaces
// the output as a whole, carries the index over (hard links) when no
// page changed.
//
// # Putting it in place
//
// The new index is made beside the output and put in place with one
// rename of the whole folder (write.Swap, as a full build swaps in its
// tree: renameat2 RENAME_EXCHANGE where the old one exists, so that
// /pagefind/ is never missing or half written), and the old one removed
// after. The index is made before the build's pages are
// committed ([Index.Prepare]) and put in place right after ([Index.Install]):
// a failing Pagefind fails the build, and the output stays as it was.
// Temporary folders are named like the write package's
// (.public-123456), so that the next build removes what a killed one
// left. Only an index that sitegen made (with sitegen-index.txt) is ever
// removed (when search is turned off or the site has no search page).
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

// Dir is the index's folder in the output: /pagefind/.
const Dir = "pagefind"

// EnvVar names the Pagefind executable, or is Off.
const EnvVar = "SITEGEN_PAGEFIND"

// Off as the value of EnvVar builds without a search index.
const Off = "off"

// NotInstalled is what the build says, once, when Pagefind is missing.
const NotInstalled = "Suche: Pagefind ist nicht installiert (npm ci --prefix tools) – die Website ist ohne Suchindex gebaut; die Suchseite verweist auf die Übersicht A–Z."

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
