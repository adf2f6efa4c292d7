package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// buildSummary is what build --json prints.
type buildSummary struct {
	Version    string           `json:"version"`
	OK         bool             `json:"ok"`
	Out        string           `json:"out"`
	Pages      int              `json:"pages"`
	Redirects  int              `json:"redirects"`
	Files      int              `json:"files"`
	Bytes      int64            `json:"bytes"`
	MS         map[string]int64 `json:"ms"`
	Errors     []string         `json:"errors"`
	Warnings   []string         `json:"warnings"`
	NextChange string           `json:"next_change"`
}

// TestBuildJSON checks the machine-readable summary against the output.
func TestBuildJSON(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	next := filepath.Join(dir, "next")
	code, out, errs := sitegen("build", "--source", dir, "--now", sitetest.NowText, "--json", "--next-change", next)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	var s buildSummary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var files int
	var bytes int64
	filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			files++
			bytes += info.Size()
		}
		return nil
	})
	if !s.OK || s.Pages < 10 || s.Redirects != 1 || s.Files != files || s.Bytes != bytes || s.Out != "public" || s.Version != versionString() || s.Version == "" {
		t.Errorf("summary %+v; the output has %d files, %d bytes", s, files, bytes)
	}
	for _, k := range []string{"load", "model", "render", "publish", "write", "total"} {
		if _, ok := s.MS[k]; !ok {
			t.Errorf("no time for stage %q: %v", k, s.MS)
		}
	}
	if len(s.Warnings) == 0 || s.Errors == nil || len(s.Errors) != 0 {
		t.Errorf("warnings %q, errors %q (the golden site has one warning)", s.Warnings, s.Errors)
	}
	if written, _ := os.ReadFile(next); s.NextChange == "" || strings.TrimSpace(string(written)) != s.NextChange {
		t.Errorf("next_change %q, --next-change file %q", s.NextChange, written)
	}

	// A failed build says so in JSON too.
	if err := os.WriteFile(filepath.Join(dir, "content", "akteure", "beirat.md"), []byte("---\ntitle: Beirat\nweight: viel\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = sitegen("build", "--source", dir, "--json")
	s = buildSummary{}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code != 1 || s.OK || len(s.Errors) == 0 || !strings.HasPrefix(s.Errors[0], "content/akteure/beirat.md:3: ") {
		t.Errorf("failed build: exit %d, summary %+v", code, s)
	}
}

// TestBuildProduction checks that build publishes for production by
// default and that --minify=false and --compress=false turn that off.
func TestBuildProduction(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	// An asset in a folder, to be fingerprinted.
	if err := os.MkdirAll(filepath.Join(dir, "assets", "js"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "assets", "js", "x.js"), []byte("// x\nvar  x = 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := sitegen("build", "--source", dir, "--out", "prod", "--now", sitetest.NowText)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, "Zeiten: Laden ") || !strings.Contains(out, "Schreiben ") {
		t.Errorf("the summary gives no stage times:\n%s", out)
	}
	code, _, errs = sitegen("build", "--source", dir, "--out", "debug", "--now", sitetest.NowText, "--minify=false", "--compress=false", "--fingerprint=false")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	exists := func(p string) bool {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		return err == nil
	}
	for _, p := range []string{"prod/sitemap.xml", "prod/robots.txt", "prod/aktuelles.atom", "prod/termine.atom", "debug/sitemap.xml"} {
		if !exists(p) {
			t.Errorf("no %s", p)
		}
	}
	gz, _ := filepath.Glob(filepath.Join(dir, "prod", "*", "index.html.gz"))
	gzDebug, _ := filepath.Glob(filepath.Join(dir, "debug", "*", "index.html.gz"))
	if len(gz) == 0 || len(gzDebug) != 0 {
		t.Errorf("%d .gz files in the production build, %d with --compress=false", len(gz), len(gzDebug))
	}
	js, _ := filepath.Glob(filepath.Join(dir, "prod", "js", "x.*.js"))
	if len(js) != 1 || exists("prod/js/x.js") || !exists("debug/js/x.js") {
		t.Errorf("fingerprinted script: %v", js)
	}
	prod, _ := os.ReadFile(filepath.Join(dir, "prod", "akteure", "index.html"))
	debug, _ := os.ReadFile(filepath.Join(dir, "debug", "akteure", "index.html"))
	if len(prod) == 0 || len(prod) >= len(debug) {
		t.Errorf("akteure/index.html: %d bytes minified, %d with --minify=false", len(prod), len(debug))
	}
}
