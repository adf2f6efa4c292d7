package main

import (
	"bytes"
	"debug/buildinfo"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/corpus"
)

// now is the instant every sitegen build is made for, so that the output
// does not change from run to run.
const now = "2027-03-11T18:00"

// marker marks a work folder as benchsite's, so that -dir may replace its
// contents on a later run.
const marker = ".benchsite"

// bench is one benchmark run: the work folder and the tools.
type bench struct {
	c       config
	log     io.Writer
	base    string // the work folder
	temp    bool   // base was made here and is removed by close
	site    string // base/site: the corpus, and public/ and the cache in it
	hugoDir string // base/hugo
	bin     string // the sitegen binary
	hugo    string // the Hugo binary, "" when skipped
	rep     *report

	cacheFlags bool            // sitegen build knows --no-cache
	warm       map[string]bool // by corpus folder: its last sitegen build had the defaults and succeeded
	edits      int             // edits made so far, for unique titles and paragraphs
	expect     expectation
	event      *editFile
	plain      *editFile

	// The five-language corpus (see langs.go), its Hugo site and its
	// edited event; the project's own site (real-noop).
	langSite, langHugo, realSite string
	langEvent                    *editFile
}

func newBench(c config, log io.Writer) (*bench, error) {
	b := &bench{c: c, log: log, rep: &report{N: c.n, Seed: c.seed, Runs: c.runs}, warm: map[string]bool{}}
	b.rep.Machine = machine()
	if err := b.workDir(); err != nil {
		return nil, err
	}
	b.site = filepath.Join(b.base, "site")
	b.hugoDir = filepath.Join(b.base, "hugo")
	b.langSite, b.langHugo, b.realSite = filepath.Join(b.base, "site5"), filepath.Join(b.base, "hugo5"), filepath.Join(b.base, "real")
	b.rep.Dir = b.base
	b.rep.FS = fsType(b.base)
	b.rep.Site = b.site
	return b, nil
}

// workDir makes or checks the work folder.
func (b *bench) workDir() error {
	if b.c.dir == "" {
		parent := os.TempDir()
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			parent = "/dev/shm"
		}
		dir, err := os.MkdirTemp(parent, "benchsite-")
		if err != nil {
			return err
		}
		b.base, b.temp = dir, !b.c.keep
		return os.WriteFile(filepath.Join(dir, marker), nil, 0o644)
	}
	dir, err := filepath.Abs(b.c.dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return fmt.Errorf("-dir %s is neither empty nor made by benchsite (no %s in it); refusing to replace its contents", dir, marker)
		}
		for _, sub := range []string{"site", "hugo", "bin", "site5", "hugo5", "real"} {
			if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
				return err
			}
		}
	}
	b.base = dir
	return os.WriteFile(filepath.Join(dir, marker), nil, 0o644)
}

// close restores the edited files and removes a temporary work folder.
func (b *bench) close() {
	for _, f := range []*editFile{b.event, b.plain, b.langEvent} {
		if f != nil {
			if err := f.restore(); err != nil {
				b.logf("restoring %s: %v", f.path, err)
			}
		}
	}
	if b.site != "" {
		if err := b.setSearch(false); err != nil {
			b.logf("removing the search page: %v", err)
		}
	}
	if b.temp {
		if err := os.RemoveAll(b.base); err != nil {
			b.logf("removing %s: %v", b.base, err)
		}
	} else {
		b.logf("work folder kept: %s", b.base)
	}
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "benchsite: "+format+"\n", args...)
}

func (b *bench) run(want map[string]bool) (*report, error) {
	rep := b.rep
	rep.Machine.LoadBefore = loadAvg()

	t0 := time.Now()
	if err := corpus.WriteDir(b.site, b.c.n, b.c.seed); err != nil {
		return nil, err
	}
	b.logf("corpus: %d pages, seed %d, in %s (%s)", b.c.n, b.c.seed, b.site, time.Since(t0).Round(time.Millisecond))
	var err error
	if b.event, err = findEvent(b.site); err != nil {
		return nil, err
	}
	if b.plain, err = findPlain(b.site); err != nil {
		return nil, err
	}
	rep.EditedEvent, rep.EditedPage = b.event.rel, b.plain.rel
	if want["langs-cold"] || want["langs-warm-title"] || want["langs-noop"] || want["hugo-langs-cold"] || want["hugo-langs-edit-title"] {
		t0 := time.Now()
		root, err := moduleRoot()
		if err != nil {
			return nil, err
		}
		tr, err := writeLangSite(b.langSite, b.c.n, b.c.seed, filepath.Join(root, "i18n"))
		if err != nil {
			return nil, err
		}
		if b.langEvent, err = findEvent(b.langSite); err != nil {
			return nil, err
		}
		rep.Langs = fmt.Sprintf("the corpus in %s (languages: [%s]), %d of its pages translated into each other language; edited: %s",
			b.langSite, strings.Join(langCodes, ", "), tr, b.langEvent.rel)
		b.logf("five-language corpus: %d pages translated, in %s (%s)", tr, b.langSite, time.Since(t0).Round(time.Millisecond))
	}

	if err := b.buildSitegen(); err != nil {
		return nil, err
	}
	if want["real-noop"] {
		root, err := moduleRoot()
		if err != nil {
			return nil, err
		}
		if err := writeRealSite(b.realSite, root); err != nil {
			return nil, err
		}
	}
	b.hugo, rep.Hugo, rep.HugoNote = findHugo(b.c.hugo)
	if b.hugo != "" {
		if err := writeHugoSite(b.hugoDir, b.site); err != nil {
			return nil, err
		}
		if b.langEvent != nil {
			if err := writeHugoLangSite(b.langHugo, b.langSite); err != nil {
				return nil, err
			}
		}
		b.logf("hugo: %s (%s), site in %s", b.hugo, rep.Hugo.Version, b.hugoDir)
	} else {
		b.logf("%s", rep.HugoNote)
	}
	if b.c.profile != "" {
		abs, err := filepath.Abs(b.c.profile)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return nil, err
		}
		b.c.profile = abs
	}

	for _, sc := range b.scenarios() {
		if !want[sc.name] {
			continue
		}
		if sc.tool == "hugo" && b.hugo == "" {
			continue
		}
		res, err := b.runScenario(sc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sc.title(), err)
		}
		rep.Scenarios = append(rep.Scenarios, res)
	}
	if idx := filepath.Join(b.site, "public", "index.html"); fileExists(idx) {
		rep.Output = idx
	}
	rep.Machine.LoadAfter = loadAvg()
	rep.ratios()
	return rep, nil
}

// buildSitegen builds the command from the module's sources and asks it
// for its flags.
func (b *bench) buildSitegen() error {
	rep := b.rep
	if b.c.sitegen != "" {
		bin, err := filepath.Abs(b.c.sitegen)
		if err != nil {
			return err
		}
		b.bin = bin
		rep.Sitegen = toolInfo{Path: bin, Build: "given with -sitegen " + bin}
		if bi, err := buildinfo.ReadFile(bin); err == nil {
			rep.Sitegen.Version = bi.GoVersion
		}
	} else {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		b.bin = filepath.Join(b.base, "bin", "sitegen")
		if runtime.GOOS == "windows" {
			b.bin += ".exe"
		}
		t0 := time.Now()
		cmd := exec.Command("go", "build", "-o", b.bin, "./cmd/sitegen")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/sitegen in %s: %v\n%s", root, err, out)
		}
		b.logf("built %s from %s (%s)", b.bin, root, time.Since(t0).Round(time.Millisecond))
		rep.Sitegen = toolInfo{Path: b.bin, Build: "cd " + root + " && go build -o " + b.bin + " ./cmd/sitegen"}
		rep.Sitegen.Version = revision(b.bin, root)
	}

	// flag prints the usage to stderr and exits 2 for -h.
	out, err := exec.Command(b.bin, "build", "-h").CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return fmt.Errorf("sitegen build -h: %v", err)
	}
	b.cacheFlags = bytes.Contains(out, []byte("no-cache"))
	rep.CacheFlags = b.cacheFlags
	if !b.cacheFlags {
		rep.Notes = append(rep.Notes, "sitegen build has no cache flags (--no-cache, --cache-dir): the scenarios ran without --no-cache, so cold and cold-cache are the same build and the warm scenarios are full builds")
		b.logf("note: sitegen build has no --no-cache flag yet; running without it")
	}
	return nil
}

// revision describes the commit bin was built from: from its build
// information, else (with -buildvcs=false) from git in root.
func revision(bin, root string) string {
	var rev, modified string
	if bi, err := buildinfo.ReadFile(bin); err == nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	if rev == "" {
		out, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
		if err != nil {
			return "revision unknown"
		}
		rev = strings.TrimSpace(string(out))
		if out, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil {
			modified = strconv.FormatBool(len(bytes.TrimSpace(out)) > 0)
		}
	}
	if modified == "true" {
		return "commit " + rev + " with uncommitted changes in the working tree"
	}
	return "commit " + rev
}

// moduleRoot returns the folder of go.mod of the current module.
func moduleRoot() (string, error) {
	if out, err := exec.Command("go", "env", "GOMOD").Output(); err == nil {
		gomod := strings.TrimSpace(string(out))
		if gomod != "" && gomod != os.DevNull {
			return filepath.Dir(gomod), nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) && fileExists(filepath.Join(dir, "cmd", "sitegen")) {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod with cmd/sitegen above the current folder; run benchsite inside the module")
		}
		dir = up
	}
}

// scenario is one thing timed.
type scenario struct {
	name    string
	tool    string   // "sitegen" or "hugo"
	args    []string // the arguments after the binary
	prepare string   // the preparation before each run, for the report
	note    string
	prep    func(int) error // before each run (untimed), may be nil
	warm    bool            // needs the output (and sitegen's cache) of a build with the defaults
	defFlag bool            // sitegen with its default flags
	dir     string          // the folder it runs in, when not the corpus's (or Hugo's site's)
	search  bool            // the corpus has a search page (searchLayout): the build makes the search index
}

// title names the scenario in the report: "sitegen cold", "hugo cold".
func (s scenario) title() string {
	return s.tool + " " + strings.TrimPrefix(s.name, "hugo-")
}

// scenarioNames lists the names -only accepts, in the order they run.
func scenarioNames() []string {
	return []string{"cold", "cold-nocompress", "cold-cache", "warm-title", "warm-body", "noop", "real-noop",
		"cold-search", "warm-title-search", "noop-search",
		"hugo-cold", "hugo-edit-title",
		"langs-cold", "langs-warm-title", "langs-noop", "hugo-langs-cold", "hugo-langs-edit-title"}
}

func selectScenarios(only []string) (map[string]bool, error) {
	want := map[string]bool{}
	all := scenarioNames()
	if len(only) == 0 {
		for _, n := range all {
			want[n] = true
		}
		return want, nil
	}
	for _, n := range only {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(all, n) {
			return nil, fmt.Errorf("-only: unknown scenario %q (known: %s)", n, strings.Join(all, ", "))
		}
		want[n] = true
	}
	return want, nil
}

func (b *bench) scenarios() []scenario {
	base := []string{"build", "--now", now, "--quiet"}
	var noCache []string
	if b.cacheFlags {
		noCache = []string{"--no-cache"}
	}
	clean := func(int) error { return b.removeState(b.site) }
	const cleanCmd = "rm -rf public .sitegen-cache"
	editTitle := func(int) error {
		b.edits++
		b.expect = expectation{b.event.rel, fmt.Sprintf("Geänderter Termin %d (benchsite)", b.edits)}
		return b.event.setTitle(b.expect.text)
	}
	editLangTitle := func(int) error {
		b.edits++
		b.expect = expectation{b.langEvent.rel, fmt.Sprintf("Geänderter Termin %d (benchsite)", b.edits)}
		return b.langEvent.setTitle(b.expect.text)
	}
	editBody := func(int) error {
		b.edits++
		b.expect = expectation{b.plain.rel, fmt.Sprintf("Geänderter Absatz %d: Diese Zeile hat benchsite angefügt.", b.edits)}
		return b.plain.appendParagraph(b.expect.text)
	}
	hugoArgs := []string{"--minify", "--quiet"}
	return []scenario{
		{name: "cold", tool: "sitegen", args: cat(base, noCache), prepare: cleanCmd, prep: clean,
			note: "the full default build (minify, fingerprint, .gz + .br)"},
		{name: "cold-nocompress", tool: "sitegen", args: cat(base, noCache, []string{"--compress=false"}), prepare: cleanCmd, prep: clean,
			note: "the same work as Hugo's"},
		{name: "cold-cache", tool: "sitegen", args: base, prepare: cleanCmd, prep: clean, defFlag: true,
			note: "defaults, cache on: a user's first build"},
		{name: "warm-title", tool: "sitegen", args: base, warm: true, defFlag: true, prep: editTitle,
			prepare: "change title: of " + b.event.rel + " to a new text",
			note:    "defaults, one event's title changed"},
		{name: "warm-body", tool: "sitegen", args: base, warm: true, defFlag: true, prep: editBody,
			prepare: "append a paragraph to " + b.plain.rel,
			note:    "defaults, one page's body changed"},
		{name: "noop", tool: "sitegen", args: base, warm: true, defFlag: true,
			note: "defaults, nothing changed"},
		{name: "real-noop", tool: "sitegen", args: base, warm: true, defFlag: true, dir: b.realSite,
			note: "the project's own site (its content/, layouts/, assets/, i18n/ copied), defaults, nothing changed; Pagefind and Decap as installed there (not)"},
		{name: "cold-search", tool: "sitegen", args: cat(base, noCache), prepare: cleanCmd, prep: clean, search: true,
			note: "cold, with the search page: the full default build and the search index"},
		{name: "warm-title-search", tool: "sitegen", args: base, warm: true, defFlag: true, prep: editTitle, search: true,
			prepare: "change title: of " + b.event.rel + " to a new text",
			note:    "defaults with the search index, one event's title changed"},
		{name: "noop-search", tool: "sitegen", args: base, warm: true, defFlag: true, search: true,
			note: "defaults with the search index, nothing changed"},
		{name: "hugo-cold", tool: "hugo", args: hugoArgs, prepare: "rm -rf public resources",
			prep: func(int) error {
				return removeAll(filepath.Join(b.hugoDir, "public"), filepath.Join(b.hugoDir, "resources"))
			},
			note: "full build"},
		{name: "hugo-edit-title", tool: "hugo", args: hugoArgs, warm: true, prep: editTitle,
			prepare: "change title: of " + b.event.rel + " (through the content symlink) to a new text",
			note:    "after the same edit as warm-title; Hugo keeps no page cache between runs, so this is its rebuild time"},
		{name: "langs-cold", tool: "sitegen", args: cat(base, noCache), prepare: cleanCmd, dir: b.langSite,
			prep: func(int) error { return b.removeState(b.langSite) },
			note: "five languages: the full default build"},
		{name: "langs-warm-title", tool: "sitegen", args: base, warm: true, defFlag: true, dir: b.langSite, prep: editLangTitle,
			prepare: "change title: of " + b.langEventRel() + " to a new text",
			note:    "five languages, defaults, one event's title changed"},
		{name: "langs-noop", tool: "sitegen", args: base, warm: true, defFlag: true, dir: b.langSite,
			note: "five languages, defaults, nothing changed"},
		{name: "hugo-langs-cold", tool: "hugo", args: hugoArgs, prepare: "rm -rf public resources", dir: b.langHugo,
			prep: func(int) error {
				return removeAll(filepath.Join(b.langHugo, "public"), filepath.Join(b.langHugo, "resources"))
			},
			note: "five languages: full build (only the pages each language has)"},
		{name: "hugo-langs-edit-title", tool: "hugo", args: hugoArgs, warm: true, prep: editLangTitle, dir: b.langHugo,
			prepare: "change title: of " + b.langEventRel() + " (through the content symlink) to a new text",
			note:    "five languages, after the same edit as langs-warm-title"},
	}
}

// langEventRel names the event the five-language scenarios edit.
func (b *bench) langEventRel() string {
	if b.langEvent == nil {
		return "(none)"
	}
	return b.langEvent.rel
}

func cat(ss ...[]string) []string {
	var r []string
	for _, s := range ss {
		r = append(r, s...)
	}
	return r
}

// searchLayout is the search page the search scenarios add to the
// corpus (layouts/suche.html): with it, sitegen build makes the search
// index of every page (package search).
const searchLayout = `{{define "main"}}
<form role="search" action="{{relURL .Page.URL}}"><label>Suche <input type="search" name="q"></label><button>Suchen</button></form>
{{end}}
`

// setSearch adds or removes the corpus's search page; a change makes the
// next warm scenario build once untimed first.
func (b *bench) setSearch(on bool) error {
	p := filepath.Join(b.site, "layouts", "suche.html")
	if fileExists(p) == on {
		return nil
	}
	b.warm[b.site] = false
	if on {
		return os.WriteFile(p, []byte(searchLayout), 0o644)
	}
	return os.Remove(p)
}

// removeState removes sitegen's output and cache in the corpus folder site.
func (b *bench) removeState(site string) error {
	b.warm[site] = false
	return removeAll(filepath.Join(site, "public"), filepath.Join(site, ".sitegen-cache"))
}

func removeAll(paths ...string) error {
	for _, p := range paths {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// runScenario runs the warm-up if needed, the timed runs, and the profile
// run.
func (b *bench) runScenario(sc scenario) (scenarioResult, error) {
	res := scenarioResult{Name: sc.name, Tool: sc.tool, Note: sc.note, Prepare: sc.prepare}
	bin, dir := b.bin, b.site
	if sc.tool == "hugo" {
		bin, dir = b.hugo, b.hugoDir
	}
	if sc.dir != "" {
		dir = sc.dir
	}
	res.Command = filepath.Base(bin) + " " + strings.Join(sc.args, " ")
	res.FullCommand = "cd " + dir + " && "
	if sc.prepare != "" && strings.HasPrefix(sc.prepare, "rm ") {
		res.FullCommand += sc.prepare + " && "
	}
	res.FullCommand += bin + " " + strings.Join(sc.args, " ")

	if sc.tool == "sitegen" {
		if err := b.setSearch(sc.search); err != nil {
			return res, err
		}
	}
	if sc.warm {
		need := !b.warm[dir]
		if sc.tool == "hugo" {
			need = !fileExists(filepath.Join(dir, "public", "index.html"))
		}
		if need {
			b.logf("%s: warm-up build (untimed)", sc.title())
			if sc.tool == "sitegen" {
				if err := b.removeState(dir); err != nil {
					return res, err
				}
				base := []string{"build", "--now", now, "--quiet"}
				if _, err := b.exec(b.bin, dir, base, nil); err != nil {
					return res, fmt.Errorf("warm-up: %w", err)
				}
				b.warm[dir] = true
			} else if _, err := b.exec(bin, dir, sc.args, nil); err != nil {
				return res, fmt.Errorf("warm-up: %w", err)
			}
		}
	}
	for i := range b.c.runs {
		if sc.prep != nil {
			if err := sc.prep(i); err != nil {
				return res, err
			}
		}
		r, err := b.exec(bin, dir, sc.args, nil)
		if err != nil {
			return res, fmt.Errorf("run %d: %w", i+1, err)
		}
		if sc.tool == "sitegen" {
			b.warm[dir] = sc.defFlag
		}
		b.logf("%-24s run %d/%d: %s, CPU %s, peak RSS %s", sc.title(), i+1, b.c.runs,
			fmtDur(r.Wall), fmtDur(r.CPU), fmtKB(r.MaxRSSKB))
		res.Runs = append(res.Runs, r)
		if err := b.checkEdit(dir); err != nil && !res.editNoted {
			res.editNoted = true
			b.rep.Notes = append(b.rep.Notes, sc.title()+": "+err.Error())
			b.logf("%s: %v", sc.title(), err)
		}
		if sc.search && !res.noIndexNoted && !fileExists(filepath.Join(b.site, "public", "suchindex", "de", "index.json")) {
			res.noIndexNoted = true
			b.rep.Notes = append(b.rep.Notes, "after sitegen "+sc.name+" there is no public/suchindex/de/index.json: the build made no search index")
		}
		if sc.tool == "sitegen" && sc.defFlag && b.cacheFlags && !fileExists(filepath.Join(dir, ".sitegen-cache")) && !res.noCacheDirNoted {
			res.noCacheDirNoted = true
			b.rep.Notes = append(b.rep.Notes, "after sitegen "+sc.name+" there is no .sitegen-cache/ in the corpus folder: removing it may not have made the cold runs cold")
		}
	}
	res.summarize()

	if b.c.profile != "" && sc.tool == "sitegen" {
		if sc.prep != nil {
			if err := sc.prep(b.c.runs); err != nil {
				return res, err
			}
		}
		file := filepath.Join(b.c.profile, "sitegen-"+sc.name+".pprof")
		os.Remove(file)
		if _, err := b.exec(bin, dir, sc.args, []string{"SITEGEN_CPUPROFILE=" + file}); err != nil {
			return res, fmt.Errorf("profile run: %w", err)
		}
		b.warm[dir] = sc.defFlag
		if fileExists(file) {
			res.Profile = file
			b.logf("%s: CPU profile in %s", sc.title(), file)
		} else {
			res.Profile = "none written (sitegen does not honour SITEGEN_CPUPROFILE)"
			b.logf("%s: sitegen wrote no profile to %s", sc.title(), file)
		}
	}
	return res, nil
}

// expectation is the text the last edit put into a page.
type expectation struct{ rel, text string }

// checkEdit checks that the text of the last edit reached the page's output
// below dir/public, at the path both sitegen and Hugo give it.
func (b *bench) checkEdit(dir string) error {
	e := b.expect
	b.expect = expectation{}
	if e.text == "" {
		return nil
	}
	p := strings.TrimSuffix(strings.TrimPrefix(e.rel, "content/"), ".md")
	file := filepath.Join(dir, "public", filepath.FromSlash(p), "index.html")
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("the edit of %s did not reach the output: %v", e.rel, err)
	}
	if !bytes.Contains(data, []byte(e.text)) {
		return fmt.Errorf("the edit of %s did not reach the output: %s lacks %q", e.rel, file, e.text)
	}
	return nil
}

// exec runs bin with args in dir and measures it.
func (b *bench) exec(bin, dir string, args, env []string) (runResult, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return runResult{}, fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, tail(out.String(), 4000))
	}
	if s := strings.TrimSpace(out.String()); s != "" {
		b.logf("output of %s %s:\n%s", filepath.Base(bin), strings.Join(args, " "), tail(s, 2000))
	}
	ps := cmd.ProcessState
	r := runResult{Wall: seconds(wall), CPU: seconds(ps.UserTime() + ps.SystemTime())}
	r.MaxRSSKB, _ = maxRSS(ps)
	return r, nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
