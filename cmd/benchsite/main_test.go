package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/corpus"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestSmoke runs the whole benchmark on a small corpus: it builds sitegen,
// runs every scenario once (Hugo's only when hugo is on PATH) and checks
// the table, the JSON and the output folder.
func TestSmoke(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	jsonFile := filepath.Join(dir, "results.json")
	var out, log bytes.Buffer
	rep, err := run(config{n: 60, runs: 1, seed: 1, dir: filepath.Join(dir, "work"), hugo: "hugo", jsonFile: jsonFile}, &out, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	t.Logf("\n%s", out.String())

	want := []string{"cold", "cold-nocompress", "cold-cache", "warm-title", "warm-body", "noop", "real-noop", "cold-search", "warm-title-search", "noop-search", "langs-cold", "langs-warm-title", "langs-noop"}
	_, hugoErr := exec.LookPath("hugo")
	if hugoErr == nil {
		want = append(want, "hugo-cold", "hugo-edit-title", "hugo-langs-cold", "hugo-langs-edit-title")
	}
	if len(rep.Scenarios) != len(want) {
		t.Errorf("%d scenarios, want %d", len(rep.Scenarios), len(want))
	}
	table := out.String()
	for _, name := range want {
		s := rep.scenario(name)
		if s == nil {
			t.Errorf("no scenario %s", name)
			continue
		}
		if len(s.Runs) != 1 || s.Min <= 0 || s.Median <= 0 || s.CPU <= 0 {
			t.Errorf("%s: runs %d, min %v, median %v, CPU %v", name, len(s.Runs), s.Min, s.Median, s.CPU)
		}
		if s.PeakRSSKB <= 0 && os.PathSeparator == '/' {
			t.Errorf("%s: no peak RSS", name)
		}
		var row string
		for _, line := range strings.Split(table, "\n") {
			if f := strings.Fields(line); len(f) > 2 && f[0]+" "+f[1] == s.title() {
				row = line
			}
		}
		if row == "" {
			t.Errorf("no row %q in the table", s.title())
		} else if f := strings.Fields(row); f[3] == "0" || f[5] == "0" {
			t.Errorf("zero time in row %q", row)
		}
		if !strings.Contains(table, s.FullCommand) {
			t.Errorf("the command of %s is not printed: %s", name, s.FullCommand)
		}
	}
	if hugoErr == nil && len(rep.Ratios) != 10 { // three speed and two memory ratios, two speed in five languages, two speed and one memory with the search index
		t.Errorf("ratios: %+v", rep.Ratios)
	}
	for _, w := range []string{"nproc", "GOMAXPROCS", "n=60 pages, seed 1", "cd " + rep.Site + " && rm -rf public .sitegen-cache && "} {
		if !strings.Contains(table, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if rep.CacheFlags != strings.Contains(rep.Scenarios[0].Command, "--no-cache") {
		t.Errorf("cache flags %v, but cold ran %s", rep.CacheFlags, rep.Scenarios[0].Command)
	}
	for _, n := range rep.Notes {
		if strings.Contains(n, "did not reach") || strings.Contains(n, "no .sitegen-cache") {
			t.Error(n)
		}
	}
	if _, err := os.Stat(filepath.Join(rep.Site, "public", "index.html")); err != nil {
		t.Error(err)
	}
	var j map[string]any
	if b, err := os.ReadFile(jsonFile); err != nil || json.Unmarshal(b, &j) != nil || len(j["scenarios"].([]any)) != len(want) {
		t.Errorf("JSON: %v\n%s", err, b)
	}

	// The edited files are restored.
	fresh := t.TempDir()
	if err := corpus.WriteDir(fresh, 60, 1); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{rep.EditedEvent, rep.EditedPage} {
		a, _ := os.ReadFile(filepath.Join(rep.Site, rel))
		b, _ := os.ReadFile(filepath.Join(fresh, rel))
		if len(b) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s not restored", rel)
		}
	}

	// The work folder, made by benchsite, may be used again; another
	// folder with files in it is refused.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "keep.txt"), []byte("x"), 0o644)
	if _, err := run(config{n: 60, runs: 1, dir: other, hugo: ""}, &out, &log); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("non-empty -dir: %v", err)
	}
}

// TestEdits checks the edits of the warm scenarios on a corpus.
func TestEdits(t *testing.T) {
	site := t.TempDir()
	if err := corpus.WriteDir(site, 1000, 1); err != nil {
		t.Fatal(err)
	}
	ev, err := findEvent(site)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ev.rel, "content/termine/") {
		t.Errorf("event %s", ev.rel)
	}
	if err := ev.setTitle(`Neu "1"`); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(ev.path)
	if !strings.HasPrefix(string(b), "---\ntitle: \"Neu \\\"1\\\"\"\n") || len(b) == len(ev.orig) {
		t.Errorf("after setTitle:\n%.200s", b)
	}
	pl, err := findPlain(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range typedSections {
		if strings.HasPrefix(pl.rel, s+"/") {
			t.Errorf("plain page %s", pl.rel)
		}
	}
	if err := pl.appendParagraph("Neu."); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(pl.path); !strings.HasSuffix(string(b), "\n\nNeu.\n") {
		t.Errorf("after appendParagraph: …%s", b[len(b)-50:])
	}
	for _, f := range []*editFile{ev, pl} {
		f.restore()
		if b, _ := os.ReadFile(f.path); !bytes.Equal(b, f.orig) {
			t.Errorf("%s not restored", f.rel)
		}
	}
}

// TestLangSite checks the five-language corpus: it builds without an
// error, in five languages, with a fifth of its pages translated into
// each of the four others.
func TestLangSite(t *testing.T) {
	dir := t.TempDir()
	n, err := writeLangSite(dir, 1000, 1, filepath.Join(sitetest.Root(t), "i18n"))
	if err != nil {
		t.Fatal(err)
	}
	if n != 200 {
		t.Errorf("%d pages translated of 1000, want 200", n)
	}
	// The edited event is an original, not one of its translations
	// (which sort before it).
	ev, err := findEvent(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, lang := load.SplitLang(path.Base(ev.rel)); lang != "" {
		t.Errorf("the edited event is the translation %s", ev.rel)
	}
	res, err := build.Run(os.DirFS(dir), build.Options{Now: sitetest.Now})
	if err != nil {
		t.Fatalf("%v: %v", err, res.Diagnostics)
	}
	if got := len(res.Site.Langs); got != len(langCodes) {
		t.Fatalf("%d languages", got)
	}
	translated := map[string]int{}
	for _, p := range res.Site.Pages {
		if p.Original != nil && p.Source.Lang == p.Language && p.Kind == load.KindPage { // from its translation file
			translated[p.Language]++
		}
	}
	for _, code := range langCodes[1:] {
		if translated[code] != n {
			t.Errorf("%s: %d pages translated, want %d", code, translated[code], n)
		}
	}
}
