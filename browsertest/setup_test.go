package browsertest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/testtools"
	"github.com/stadt-bamberg/integration/internal/write"
)

const (
	repoRoot = ".."
	realNow  = "2026-11-25T12:00" // the real site: any fixed instant
)

var (
	axeJS  = filepath.Join(repoRoot, "tools", "node_modules", "axe-core", "axe.min.js")
	vnuJar = filepath.Join(repoRoot, "tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	// screenshots are written here for review (artifacts/ is gitignored).
	screenshotDir = filepath.Join(repoRoot, "artifacts", "screenshots")
)

// asked says whether the browser checks run (SITEGEN_BROWSER_TESTS=1, as
// .ci/run sets it): without it TestMain builds nothing and every test
// skips at once through gate.
var asked = testtools.Asked(testtools.Browser)

// gate skips the test unless the browser checks were asked for. Every
// test of the package calls it first.
func gate(t testing.TB) {
	t.Helper()
	testtools.Require(t, testtools.Browser, "the browser checks (axe, Nu, keyboard, layout, search, CMS)")
}

// missing fails the test because a tool it needs is not installed: the
// browser checks were asked for, so they must run.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s – %s is set, so the browser checks must run (install the tools as .ci/run does; README.md, \"Accessibility checks\")", fmt.Sprintf(format, args...), testtools.Browser)
}

// site is one built site, written to disk and served.
type site struct {
	name  string // "real" or "test", also the screenshot folder
	dir   string // the written output
	url   string // the server, e.g. http://127.0.0.1:40123
	pages []page // every HTML file, sorted
	res   *build.Result
	files map[string]bool // the output paths
	langs []string        // the declared languages, default first
}

// page is one HTML file of a site.
type page struct {
	file     string // slash path under dir: "akteure/index.html", "404.html"
	path     string // URL path: "/akteure/", "/404.html"
	name     string // for file names: "akteure", "index", "404"
	redirect bool   // an alias page that forwards at once
}

func (s *site) at(p string) string { return s.url + p }

// exists reports whether a link (an absolute URL as the browser resolved
// it) leads to a file of the site; links to other hosts count as existing.
func (s *site) exists(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	if !strings.HasPrefix(link, s.url+"/") {
		return true
	}
	p := strings.TrimPrefix(u.Path, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return s.files[p]
}

// file returns the output path a link of the site leads to, or "" for a
// link to another host or to no file of the site.
func (s *site) file(link string) string {
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, s.url+"/") {
		return ""
	}
	p := strings.TrimPrefix(u.Path, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if !s.files[p] {
		return ""
	}
	return p
}

var htmlLangRe = regexp.MustCompile(`(?i)<html\b[^>]*?\slang="?([^"\s>]*)`)

// htmlLang returns the lang attribute of the <html> element of the built
// file at output path p ("" if it has none or is no file of the site).
func (s *site) htmlLang(p string) string {
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p)))
	if err != nil {
		return ""
	}
	m := htmlLangRe.FindSubmatch(b)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// lang returns the language a page belongs to by its URL: the declared
// language whose code is its first path segment (/en/…), else the default.
func (s *site) lang(p page) string {
	first, _, ok := strings.Cut(strings.TrimPrefix(p.path, "/"), "/")
	if i := slices.Index(s.langs, first); ok && i > 0 {
		return s.langs[i]
	}
	return s.langs[0]
}

// page returns the page served at URL path p.
func (s *site) page(t testing.TB, p string) page {
	t.Helper()
	for _, pg := range s.pages {
		if pg.path == p {
			return pg
		}
	}
	t.Fatalf("site %s has no page %s", s.name, p)
	return page{}
}

var (
	realSite, testSite *site
	sites              []*site
	// catalog holds the interface strings of i18n/ (the test site uses the
	// repository's i18n/ too).
	catalog *i18n.Catalog
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if !asked {
		return m.Run(), nil // every test skips in gate
	}
	startAllTests()
	tmp, err := os.MkdirTemp("", "sitegen-browsertest-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	var diags diag.List
	catalog = i18n.Load(os.DirFS(repoRoot), i18n.Dir, &diags)
	if err := diags.Err(); err != nil {
		return 0, fmt.Errorf("the interface strings in i18n/: %v", err)
	}

	real, err := buildSite("real", os.DirFS(repoRoot), build.Options{NowText: realNow}, filepath.Join(tmp, "real"))
	if err != nil {
		return 0, err
	}
	fsys, now, err := testFS(filepath.Join("testdata", "site.txtar"))
	if err != nil {
		return 0, err
	}
	test, err := buildSite("test", fsys, build.Options{NowText: now}, filepath.Join(tmp, "test"))
	if err != nil {
		return 0, err
	}
	realSite, testSite, sites = real, test, []*site{real, test}
	for _, s := range sites {
		srv := httptest.NewServer(handler(s.dir))
		defer srv.Close()
		s.url = srv.URL
	}
	defer stopBrowser()
	return m.Run(), nil
}

// testFS lays the archive's content over the project's real layouts/ and
// assets/. It returns the archive's "now:" line.
func testFS(archive string) (fstest.MapFS, string, error) {
	a, err := txtar.ParseFile(archive)
	if err != nil {
		return nil, "", err
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for _, dir := range []string{"layouts", "assets", "i18n"} {
		err := fs.WalkDir(os.DirFS(repoRoot), dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(p)))
			fsys[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			return nil, "", err
		}
	}
	var now string
	for line := range strings.Lines(string(a.Comment)) {
		if v, ok := strings.CutPrefix(line, "now:"); ok {
			now = strings.TrimSpace(v)
		}
	}
	if now == "" {
		return nil, "", fmt.Errorf("%s: no \"now:\" line", archive)
	}
	return fsys, now, nil
}

func buildSite(name string, fsys fs.FS, opts build.Options, dir string) (*site, error) {
	res, err := build.Run(fsys, opts)
	if err != nil {
		var b strings.Builder
		for _, d := range res.Diagnostics {
			fmt.Fprintln(&b, d)
		}
		return nil, fmt.Errorf("site %s does not build: %v\n%s", name, err, b.String())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := write.Files(dir, res.Files); err != nil {
		return nil, err
	}
	s := &site{name: name, dir: dir, res: res, files: map[string]bool{}, langs: res.Site.Config.Languages}
	if len(s.langs) == 0 {
		return nil, fmt.Errorf("site %s declares no language", name)
	}
	for _, f := range res.Files {
		s.files[f.Path] = true
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		p := page{file: f.Path, path: "/" + strings.TrimSuffix(f.Path, "index.html")}
		p.name = strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(f.Path, ".html"), "/index"), "/", "_")
		p.redirect = bytes.Contains(f.Data, []byte(`http-equiv="refresh"`))
		s.pages = append(s.pages, p)
	}
	slices.SortFunc(s.pages, func(a, b page) int { return strings.Compare(a.path, b.path) })
	return s, nil
}

// handler serves the written site like a plain static web server. With
// ?norefresh an alias page is served with its meta refresh disabled, so
// that it can be checked itself instead of the page it forwards to.
func handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.URL.Query()["norefresh"]; ok && strings.HasSuffix(r.URL.Path, "/") {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path.Clean(r.URL.Path)), "index.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(bytes.Replace(b, []byte(`http-equiv="refresh"`), []byte(`data-refresh="off"`), 1))
			return
		}
		files.ServeHTTP(w, r)
	})
}

// ---- the browser ----

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    string // why there is no browser
)

// chromiumPath finds the browser binary.
func chromiumPath() string {
	if p := os.Getenv("SITEGEN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser returns the context of the one headless Chromium shared by all
// tests, starting it on first use.
func browser(t testing.TB) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		exe := chromiumPath()
		if exe == "" {
			browserErr = "chromium is not installed (apt-get install chromium)"
			return
		}
		profile, err := os.MkdirTemp("", "sitegen-chromium-")
		if err != nil {
			browserErr = err.Error()
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("lang", "de-DE"),
			chromedp.UserDataDir(profile),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		browserCancel = func() {
			cancelCtx()
			cancelAlloc()
			os.RemoveAll(profile)
		}
		if err := chromedp.Do(ctx); err != nil { // starts the browser
			browserErr = fmt.Sprintf("chromium (%s) does not start: %v", exe, err)
			browserCancel()
			browserCancel = nil
			return
		}
		browserCtx = ctx
	})
	if browserCtx == nil {
		missing(t, "%s", browserErr)
	}
	return browserCtx
}

func stopBrowser() {
	if browserCancel != nil {
		browserCancel()
	}
}

// tab is one browser tab with a record of what went wrong on its pages:
// script errors, console errors (CSP violations among them), failed
// requests and requests that leave the test server.
type tab struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string
	allowed  []string // hosts the pages may load from
}

func newTab(t testing.TB) *tab {
	t.Helper()
	return openTab(t)
}

// newPrivateTab is a tab in a browser context of its own: no storage
// shared with other tabs, and a renderer process of its own, so that the
// tabs of eachPage lay out and run their pages side by side.
func newPrivateTab(t testing.TB) *tab {
	t.Helper()
	return openTab(t, chromedp.WithNewBrowserContext())
}

func openTab(t testing.TB, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), opts...)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx}
	for _, s := range sites {
		u, _ := url.Parse(s.url)
		tb.allowed = append(tb.allowed, u.Host)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			tb.problem("script error: %s (%s:%d)", msg, d.URL, d.LineNumber+1)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				tb.problem("console %s error: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			u, err := url.Parse(ev.Request.URL)
			if err == nil && (u.Scheme == "http" || u.Scheme == "https") && !slices.Contains(tb.allowed, u.Host) {
				tb.problem("request to another host: %s", ev.Request.URL)
			}
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && !strings.HasSuffix(ev.Response.URL, "/404.html") {
				tb.problem("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
			}
		}
	})
	if err != nil {
		missing(t, "chromium does not open a tab: %v", err)
	}
	// Keyboard focus and :focus-visible behave as in a focused window.
	tb.do(t, command(emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}))
	return tb
}

func (tb *tab) problem(format string, args ...any) {
	tb.mu.Lock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
	tb.mu.Unlock()
}

// takeProblems returns and forgets what went wrong so far.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// stepTimeout bounds one step in the browser (loading a page, a script):
// it only ends a test that is stuck, so it allows for a machine shared
// with much other work, on which loading Decap takes over a minute.
const stepTimeout = 3 * time.Minute

// do runs actions and fails the test on error.
func (tb *tab) do(t testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// open loads u and waits for the load event.
func (tb *tab) open(t testing.TB, u string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(u))
}

// eval evaluates a script (awaiting a promise it returns) into T.
func eval[T any](t testing.TB, tb *tab, script string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.60q…: %v", script, err)
	}
	return v
}

// command wraps one protocol command as an action.
func command[P any](cmd cdp.Command[P, cdp.Empty], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cmd, params)
		return err
	})
}

// onNewDocument adds a script that runs before the page's own scripts in
// every document loaded from now on.
func onNewDocument(src string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	})
}

// startAllTests lets every test of the package run at once, unless
// -parallel was given: go test's default, as many tests as cores, would
// keep TestCMS (which waits on Decap and decap-server far more than it
// computes) and TestNuValidator (a JVM of its own) queued behind the tests
// that go through every page, and leave cores idle at the end. What
// bounds the work in the browser is pageSlots.
func startAllTests() {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", "64")
	}
}

// workers is how many pages the tests of eachPage check at once, all
// together, each in a tab of its own: twice as many as the Go tests may
// use cores, so that a page's layout and scripts in Chromium overlap with
// the test's round trips and with the other tests' waiting. Each test of
// eachPage opens as many tabs, and its pages take turns at pageSlots with
// those of the others: while four such tests run, each has one page or two
// in work, and the last one to finish has all of them.
var workers = 2 * max(1, goruntime.GOMAXPROCS(0))

// pageSlots holds one token for each page being checked by eachPage, and
// one for each subtest that takes a slot (see slot).
var pageSlots = make(chan struct{}, workers)

// slot waits for one of pageSlots and holds it until the test ends: the
// subtests that check a few pages each (header, freshness, search) run
// side by side, but take their turn in the browser with the pages of
// eachPage instead of all starting at once.
func slot(t *testing.T) {
	t.Helper()
	pageSlots <- struct{}{}
	t.Cleanup(func() { <-pageSlots })
}

// eachPage runs fn for every page of every site (or only those of sites
// given), as subtests named site/page, several at once: each of workers
// goroutines has a tab made by newTab (set up by setup, if not nil) and
// takes the next page when done with one. fn gets a tab used by no other
// page at the same time.
func eachPage(t *testing.T, setup func(t *testing.T, tb *tab), fn func(t *testing.T, tb *tab, s *site, p page), only ...*site) {
	t.Helper()
	eachPageWhere(t, func(page) bool { return true }, setup, fn, only...)
}

// eachTarget is eachPage without the alias pages, which forward at once
// to a page that is checked itself.
func eachTarget(t *testing.T, setup func(t *testing.T, tb *tab), fn func(t *testing.T, tb *tab, s *site, p page), only ...*site) {
	t.Helper()
	eachPageWhere(t, func(p page) bool { return !p.redirect }, setup, fn, only...)
}

// eachPageWhere is eachPage for the pages keep says yes to.
func eachPageWhere(t *testing.T, keep func(page) bool, setup func(t *testing.T, tb *tab), fn func(t *testing.T, tb *tab, s *site, p page), only ...*site) {
	t.Helper()
	type job struct {
		s *site
		p page
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		tb := newPrivateTab(t)
		if setup != nil {
			setup(t, tb)
		}
		wg.Go(func() {
			for j := range jobs {
				pageSlots <- struct{}{}
				t.Run(j.s.name+"/"+j.p.name, func(t *testing.T) { fn(t, tb, j.s, j.p) })
				<-pageSlots
			}
		})
	}
	for _, s := range sites {
		if len(only) > 0 && !slices.Contains(only, s) {
			continue
		}
		for _, p := range s.pages {
			if keep(p) {
				jobs <- job{s, p}
			}
		}
	}
	close(jobs)
	wg.Wait()
}
