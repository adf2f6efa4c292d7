package serve_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

var now = sitetest.Now

func golden(t *testing.T) fstest.MapFS { return sitetest.Golden(t) }

func newServer(t *testing.T, fsys fstest.MapFS) (*serve.Server, *httptest.Server) {
	t.Helper()
	b := build.NewBuilder(fsys, build.Options{Now: now})
	srv := serve.New(b, func(p string) ([]byte, error) { return fsys.ReadFile(p) }, nil, io.Discard)
	t.Cleanup(srv.Close)
	if _, err := srv.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestServe(t *testing.T) {
	_, ts := newServer(t, golden(t))
	for _, tc := range []struct {
		path     string
		status   int
		ctype    string
		contains string
	}{
		{"/", 200, "text/html; charset=utf-8", "<h1>Integration in Musterstadt</h1>"},
		{"/akteure/", 200, "text/html; charset=utf-8", "Migranten- und Integrationsbeirat"},
		{"/akteure", 301, "", ""},
		{"/style.css", 200, "text/css; charset=utf-8", "font-family"},
		{"/termine/rt-maerz/kalender.ics", 200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR"},
		{"/geschichte/massnahmen/katalog.txt", 200, "text/plain; charset=utf-8", "Katalog."},
		{"/gibt-es-nicht/", 404, "text/html; charset=utf-8", "Diese Seite gibt es nicht."},
		// Nothing outside the built site, however the path is written.
		{"/../content/_index.md", 404, "", "Diese Seite gibt es nicht."},
		{"/%2e%2e/%2e%2e/etc/passwd", 404, "", "Diese Seite gibt es nicht."},
		{"/..%2fcontent%2f_index.md", 404, "", "Diese Seite gibt es nicht."},
		{"/content/_index.md", 404, "", "Diese Seite gibt es nicht."},
		{"/layouts/_default/baseof.html", 404, "", ""},
		{"/_sitegen/live.js", 200, "text/javascript; charset=utf-8", "EventSource"},
	} {
		status, h, body := get(t, ts.URL+tc.path)
		if status != tc.status || tc.ctype != "" && h.Get("Content-Type") != tc.ctype || !strings.Contains(body, tc.contains) {
			t.Errorf("GET %s: %d %q, body %.80q; want %d %q containing %q", tc.path, status, h.Get("Content-Type"), body, tc.status, tc.ctype, tc.contains)
		}
		if tc.status == 301 && h.Get("Location") != tc.path+"/" {
			t.Errorf("GET %s: Location %q", tc.path, h.Get("Location"))
		}
	}
	// The live reload script is in served HTML, never in a build.
	_, _, body := get(t, ts.URL+"/")
	if !strings.Contains(body, `<script src="/_sitegen/live.js" defer></script></body>`) {
		t.Error("no live reload script in a served page")
	}
	res, err := build.Run(golden(t), build.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if strings.Contains(string(f.Data), "_sitegen") {
			t.Errorf("build output %s contains the live reload script", f.Path)
		}
	}
}

// TestProblemsOverlay breaks a file, checks that the last good build is
// still served with the problem shown over it, and that fixing the file
// clears it.
func TestProblemsOverlay(t *testing.T) {
	fsys := golden(t)
	srv, ts := newServer(t, fsys)
	good := fsys["content/akteure/beirat.md"].Data
	fsys["content/akteure/beirat.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Beirat\ncategory: beirat\nweight: viel\n---\n")}
	if _, err := srv.Rebuild("content/akteure/beirat.md"); err == nil {
		t.Fatal("a broken file built")
	}
	status, _, body := get(t, ts.URL+"/akteure/beirat/")
	if status != 200 || !strings.Contains(body, "Berät alle Akteure.") {
		t.Errorf("the last good page is not served: %d", status)
	}
	for _, w := range []string{`id="sitegen-problems"`, "content/akteure/beirat.md:4", `&#34;weight&#34; muss eine ganze Zahl sein`, "weight: viel"} {
		if !strings.Contains(body, w) {
			t.Errorf("overlay lacks %q", w)
		}
	}
	fsys["content/akteure/beirat.md"] = &fstest.MapFile{Data: good}
	if _, err := srv.Rebuild("content/akteure/beirat.md"); err != nil {
		t.Fatal(err)
	}
	if _, _, body := get(t, ts.URL+"/akteure/beirat/"); strings.Contains(body, "sitegen-problems") {
		t.Error("the overlay stays after the fix")
	}
}

// TestEvents checks the Server-Sent Events a tab receives: reload after a
// change, css after a stylesheet-only change, problems after a failure.
func TestEvents(t *testing.T) {
	fsys := golden(t)
	srv, ts := newServer(t, fsys)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/_sitegen/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		t.Helper()
		for lines.Scan() {
			if name, ok := strings.CutPrefix(lines.Text(), "event: "); ok {
				return name
			}
		}
		t.Fatal("stream ended")
		return ""
	}
	if e := next(); e != "hello" {
		t.Fatalf("first event %q", e)
	}
	fsys["assets/style.css"] = &fstest.MapFile{Data: []byte("body { color: #222; }\n")}
	srv.Rebuild("assets/style.css")
	if e := next(); e != "css" {
		t.Errorf("after a stylesheet change: %q, want css", e)
	}
	fsys["content/akteure/oekumene.md"].Data = append(fsys["content/akteure/oekumene.md"].Data, "Mehr.\n"...)
	srv.Rebuild("content/akteure/oekumene.md")
	if e := next(); e != "reload" {
		t.Errorf("after a page change: %q, want reload", e)
	}
	fsys["content/akteure/oekumene.md"].Data = []byte("kaputt")
	srv.Rebuild("content/akteure/oekumene.md")
	if e := next(); e != "problems" {
		t.Errorf("after a failed build: %q, want problems", e)
	}
}

// TestWatch edits real files the way editors save them and waits for the
// server to pick each change up.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	b := build.NewBuilder(os.DirFS(dir), build.Options{Now: now})
	srv := serve.New(b, nil, nil, io.Discard)
	defer srv.Close()
	if _, err := srv.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Watch(ctx, dir, "content", "layouts", "assets") }()
	time.Sleep(100 * time.Millisecond) // let the watcher start

	served := func(p string) string {
		for _, f := range srv.Files() {
			if f.Path == p {
				return string(f.Data)
			}
		}
		return ""
	}
	waitFor := func(what, p, want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(served(p), want) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("%s: %s never contained %q", what, p, want)
	}
	write := func(p, s string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	write("content/akteure/oekumene.md", "---\ntitle: Ökumene\ncategory: religion\n---\nDirekt gespeichert.\n")
	waitFor("plain write", "akteure/oekumene/index.html", "Direkt gespeichert.")

	// Save through a temporary file and a rename, as many editors do.
	write("content/akteure/.oekumene.md.tmp", "---\ntitle: Ökumene\ncategory: religion\n---\nÜber Umbenennen gespeichert.\n")
	os.Rename(filepath.Join(dir, "content/akteure/.oekumene.md.tmp"), filepath.Join(dir, "content/akteure/oekumene.md"))
	waitFor("rename save", "akteure/oekumene/index.html", "Über Umbenennen gespeichert.")

	// A folder created after the start, with a page in it.
	os.MkdirAll(filepath.Join(dir, "content/neu/tief"), 0o755)
	write("content/neu/tief/seite.md", "---\ntitle: Tief\n---\nNeu angelegt.\n")
	waitFor("new folder", "neu/tief/seite/index.html", "Neu angelegt.")
	write("content/neu/tief/seite.md", "---\ntitle: Tief\n---\nIm neuen Ordner geändert.\n")
	waitFor("file in new folder", "neu/tief/seite/index.html", "Im neuen Ordner geändert.")

	// A layout and an asset.
	write("layouts/actor/single.html", "{{define \"main\"}}<div class=\"neu\">{{.Content}}</div>{{end}}")
	waitFor("layout", "akteure/arbeitskreis/index.html", `<div class="neu">`)
	write("assets/style.css", "body { color: black; }")
	waitFor("asset", "style.css", "color: black")

	// Deleting a folder removes its pages.
	os.RemoveAll(filepath.Join(dir, "content/neu"))
	deadline := time.Now().Add(5 * time.Second)
	for served("neu/tief/seite/index.html") != "" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if served("neu/tief/seite/index.html") != "" {
		t.Error("the page of a deleted folder is still served")
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// TestTick checks that the served site follows the clock: after the
// March meeting has ended, a tick rebuilds it without the meeting.
func TestTick(t *testing.T) {
	fsys := golden(t)
	clock := &manualClock{}
	clock.Set(sitetest.Now)
	srv := serve.New(build.NewBuilder(fsys, build.Options{}), nil, clock, io.Discard)
	defer srv.Close()
	if _, err := srv.Tick(); err != nil {
		t.Fatal(err)
	}
	page := func() string { // the "Nächster Termin" listing
		for _, f := range srv.Files() {
			if f.Path == "termine/index.html" {
				s := string(f.Data)
				s = s[strings.Index(s, `id="naechster-termin"`):]
				return s[:strings.Index(s, `id="fachforum"`)]
			}
		}
		return ""
	}
	if !strings.Contains(page(), "Runder Tisch im März") {
		t.Fatal("the March meeting is not listed before it ends")
	}
	if want := time.Date(2027, 3, 11, 19, 30, 0, 0, time.UTC); !srv.NextChange().Equal(want) {
		t.Errorf("NextChange = %v, want %v", srv.NextChange(), want)
	}
	clock.Set(srv.NextChange())
	if _, err := srv.Tick(); err != nil {
		t.Fatal(err)
	}
	if p := page(); strings.Contains(p, "Runder Tisch im März") {
		t.Error("the March meeting is still listed after it ended")
	}
}

// manualClock is a clock the test sets; its timers never fire.
type manualClock struct{ t atomic.Pointer[time.Time] }

func (c *manualClock) Now() time.Time                     { return *c.t.Load() }
func (c *manualClock) Set(t time.Time)                    { c.t.Store(&t) }
func (*manualClock) After(time.Duration) <-chan time.Time { return nil }

// TestOverlayNeedsNoInlineStyle checks that the overlay works under the
// pages' Content-Security-Policy: no style attributes, its own stylesheet.
func TestOverlayNeedsNoInlineStyle(t *testing.T) {
	fsys := golden(t)
	srv, ts := newServer(t, fsys)
	fsys["content/akteure/beirat.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Beirat\nweight: viel\n---\n")}
	srv.Rebuild("content/akteure/beirat.md")
	_, _, body := get(t, ts.URL+"/")
	i := strings.Index(body, `<div id="sitegen-problems"`)
	if i < 0 {
		t.Fatal("no overlay")
	}
	if overlay := body[i:]; strings.Contains(overlay, "style=") || !strings.Contains(overlay, `href="/_sitegen/overlay.css"`) {
		t.Errorf("overlay uses inline styles or lacks its stylesheet:\n%s", overlay)
	}
	if status, h, css := get(t, ts.URL+"/_sitegen/overlay.css"); status != 200 || h.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(css, "#sitegen-problems") {
		t.Errorf("overlay.css: %d %q", status, h.Get("Content-Type"))
	}
}

// TestServeLanguages: in a site of several languages, an unknown address
// under a language's folder gets that language's 404 page.
func TestServeLanguages(t *testing.T) {
	fsys := golden(t)
	home := string(fsys["content/_index.md"].Data)
	fsys["content/_index.md"].Data = []byte(strings.Replace(home, "site:\n", "site:\n  languages: [de, en]\n", 1))
	en, err := os.ReadFile("../../i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys["i18n/en.yaml"] = &fstest.MapFile{Data: en}
	_, ts := newServer(t, fsys)
	for _, tc := range []struct{ path, lang string }{
		{"/gibt-es-nicht/", "de"},
		{"/en/gibt-es-nicht/", "en"},
		{"/en/termine/weg/", "en"},
		{"/akteure/weg/", "de"},
	} {
		status, _, body := get(t, ts.URL+tc.path)
		if status != 404 || !strings.Contains(body, `<html lang="`+tc.lang+`"`) {
			t.Errorf("GET %s: %d, want 404 with the %s 404 page:\n%.200s", tc.path, status, tc.lang, body)
		}
	}
	if status, _, body := get(t, ts.URL+"/en/akteure/"); status != 200 || !strings.Contains(body, `href="/integration/en/termine/"`) {
		t.Errorf("GET /en/akteure/: %d\n%.200s", status, body)
	}
}
