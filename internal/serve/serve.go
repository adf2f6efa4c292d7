// Package serve is the live preview: it keeps the built site in memory,
// serves it over HTTP, rebuilds it when a source file changes, and tells
// open browser tabs to reload.
//
// # Serving
//
// Only files of the built site are served, from memory: a request path is
// cleaned and looked up among the output files, so no path ("/../",
// encoded or not) and no symbolic link can reach anything else, and the
// sources are never listed. A folder path serves its index.html (and
// "/akteure" redirects to "/akteure/"); an unknown path serves 404.html
// (under a language's folder, that language's: /en/404.html) with status
// 404. Content types come from the file name.
//
// Pictures (sitegen serve builds with build.PicturesLazy): a page is
// served as soon as it is built, with the width, height and srcset of
// its pictures from their headers; a picture's variants are encoded when
// the browser first asks for one of them (all of that picture's at once,
// once, whoever else asks meanwhile waits for the same encoding), so
// saving a 12-megapixel photo never holds up the preview. A picture that
// turns out broken then is a 404 and a line in the log.
//
// # Live reload
//
// Every HTML page served gets one script tag before </body>
// (/_sitegen/live.js); nothing of it is ever in `build` output. The script
// listens to /_sitegen/events (Server-Sent Events): after a rebuild that
// changed only stylesheets it swaps the stylesheets in place; after any
// other change it reloads the page; when a build fails it shows the
// problems in an overlay. Pages served while the last build has failed
// carry the same overlay in their HTML, so it is there without
// JavaScript too. The last good build stays served until the problem is
// fixed.
//
// After a build that succeeded, its warnings and the findings of the
// checks given with [WithChecks] (sitegen serve: the rules of Leichte
// Sprache) are shown on the pages made from the file they concern, in a
// box "Hinweise zu dieser Seite" before </body> – in the HTML, so
// without JavaScript too – and printed in the log. They never stop the
// preview, a check's errors included.
//
// # Rebuilding
//
// [Server.Watch] watches content/, layouts/ and assets/ recursively with
// fsnotify, including folders created later; events arriving within
// [Debounce] of each other (an editor's save is often several) make one
// rebuild, which re-reads only the changed files (build.Builder). The time
// an event passes is a change too: without --now the server rebuilds when
// the build's next change instant is reached.
//
// One goroutine owns the Builder (which is not safe for concurrent use)
// and does every build: the watcher, the clock and the CMS's saves (which
// the watcher sees) only ask it to, and whatever is asked while it builds
// is taken in together by its next build. Each build's outcome – the
// files, the problems and their overlay, the next change instant – is
// published as one immutable snapshot, which a request reads once:
// serving never waits for a build and never sees half of one.
//
// # The CMS API
//
// Threat model. The preview listens on the loopback address, and /admin/
// writes the working copy, where everything outside content/ is code:
// layouts, go.mod, tools/, .git/config (an fsmonitor command runs at the
// next git status). Three kinds of callers are not the editor: other
// local users of the computer, who can connect to any loopback port; web
// pages open in the editor's browser, which can send requests to
// 127.0.0.1 – a form or a "simple" fetch needs no preflight, so the
// write happens even though the page cannot read the answer (CSRF); and
// pages that re-point their own host name at 127.0.0.1 (DNS rebinding),
// which the browser then treats as same-origin with the preview, so
// they can read drafts and send anything – but with their own name in
// Host. decap-server checks none of this: it had listened on a TCP port
// without a token, and its port was in /admin/config.yml.
//
// Hence: decap-server listens on a Unix socket in a folder of its own
// with mode 0700 (decap-listen.cjs), which no other user and no web page
// can reach; the preview alone talks to it. Every request of the
// preview, pages too, must name the preview in Host (its address, or
// localhost with its port) – a rebinding page is refused before it reads
// anything. The API is the preview's own /api/v1 (CMSProxy): POST only,
// Origin must be the preview's (browsers send it with every POST),
// Sec-Fetch-Site, when sent, same-origin, the body JSON, and the header
// X-Sitegen-Token must carry the session's random token, which only the
// /admin/ page gets (inserted when the preview serves it; a page of
// another origin cannot read it, and a custom header is not "simple").
// /admin/ may not be framed. The body is parsed: the action must be one
// of decap-server's files mode that the CMS uses, and every path in it
// (entry and data files with their new paths, assets, media, deletions,
// folders listed) must lie under content/ or the media folder – relative,
// clean, no "..", no name starting with a dot, no symbolic link on the
// way. decap-server gets the request as parsed and encoded anew, so no
// key it would read differently (case, duplicates) slips past. Whatever
// is refused gets 403 and one line in the preview's log. Another local
// user could load /admin/ like the editor and take the token; on Linux
// the preview therefore asks the kernel's socket table (/proc/net/tcp)
// which user is at the other end, and gives /admin/ and the API to the
// editor's own user only (TCP on other systems cannot tell). What
// remains: other local users can read the preview's pages, drafts
// included, and on systems other than Linux write content/ (never code)
// through /admin/ – on a computer shared with untrusted users, there use
// --cms=false.
package serve

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Debounce is how long the server waits after a file event for more
// before it rebuilds.
const Debounce = 10 * time.Millisecond

//go:embed live.js
var liveJS []byte

//go:embed overlay.css
var overlayCSS []byte

// Server serves one site and rebuilds it.
//
// The Builder is owned by one goroutine, started by [New] and ended by
// [Server.Close]: every rebuild – a save the watcher saw, the clock
// passing an event's start or end, [Server.Rebuild], [Server.Tick] – is
// a request to it, and requests that arrive while it builds are taken in
// together by the next build. Each build's outcome is published as an
// immutable snapshot that the HTTP side reads without waiting for a
// build.
type Server struct {
	builder *build.Builder // the build goroutine's alone
	source  ReadFile       // for the lines shown in the overlay
	checks  Checks         // after each successful build; may be nil
	clock   Clock          // nil when the build's now is fixed
	log     io.Writer

	snap atomic.Pointer[snapshot] // the last published; never changed once stored

	reqMu sync.Mutex
	req   request       // what the next build takes in
	wake  chan struct{} // holds a token while req is not empty (sent and taken under reqMu)

	quit      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once

	subsMu sync.Mutex
	subs   map[chan event]bool

	guard atomic.Pointer[guard] // nil: no checks (Protect)
}

// snapshot is what the HTTP side serves: the outcome of the last build.
type snapshot struct {
	files    build.Output      // the last good build, by output path
	version  int               // counts successful builds
	problems []diag.Diagnostic // of the last build, if it failed
	overlay  string            // problems rendered, with their lines
	hints    map[string]string // output path → the hints box of its page
	next     time.Time         // next change instant of the last good build
}

// request is what the build goroutine has been asked to take in.
type request struct {
	changed map[string]bool
	all     bool // read every source again
	tick    bool // build for the clock's now
	waiters []chan outcome
}

func (r *request) empty() bool {
	return len(r.changed) == 0 && !r.all && !r.tick && len(r.waiters) == 0
}

type outcome struct {
	res *build.Result
	err error
}

// ErrClosed is what Rebuild and Tick return after Close.
var ErrClosed = errors.New("die Vorschau ist beendet")

// Clock is the time a live preview builds for and waits with:
// [SystemClock], or in tests one that runs faster.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the computer's clock.
var SystemClock Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// ReadFile reads a source file by its slash path from the site root.
type ReadFile func(p string) ([]byte, error)

type event struct {
	name, data string
}

// New returns a server for builder and starts the goroutine that owns
// it (until Close); nothing is built before the first request. clock, if
// not nil, gives the build time at the first build and whenever the
// site's next change instant passes; source reads files for the error
// overlay; log receives one line per build.
func New(builder *build.Builder, source ReadFile, clock Clock, log io.Writer, opts ...Option) *Server {
	builder.SkipFiles()
	s := &Server{builder: builder, source: source, clock: clock, log: log, subs: map[chan event]bool{},
		wake: make(chan struct{}, 1), quit: make(chan struct{}), stopped: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.snap.Store(&snapshot{})
	go s.run()
	return s
}

// An Option configures a [Server] made by [New].
type Option func(*Server)

// Checks is a check that runs after every successful build, such as
// check.LeichtRules: what it finds is shown like the build's warnings –
// in the log and in the hints box of the pages made from the file – and
// never stops the preview, errors included (sitegen check judges them).
type Checks func(*model.Site) []diag.Diagnostic

// WithChecks runs c after every successful build.
func WithChecks(c Checks) Option {
	return func(s *Server) { s.checks = c }
}

// Close ends the build goroutine, after the build it is running; a
// request waiting for a build gets ErrClosed.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.quit) })
	<-s.stopped
}

// Request asks for a build that takes in the changed source files,
// without waiting for it. all reads every source again (events were
// lost, or a folder appeared or went).
func (s *Server) Request(all bool, changed ...string) {
	s.ask(func(r *request) { r.add(all, changed) })
}

func (r *request) add(all bool, changed []string) {
	r.all = r.all || all
	for _, p := range changed {
		if r.changed == nil {
			r.changed = map[string]bool{}
		}
		r.changed[p] = true
	}
}

// Rebuild asks for a build that takes in the changed source files and
// waits for it. It returns the result of the build (which is served only
// if it succeeded); a build that took in other requests too may have
// changed more.
//
// The site is built for the instant of the last [Server.Tick] (or the
// fixed --now): nothing in the output depends on the time between two
// change instants, and keeping it fixed lets unchanged pages and
// calendars be reused.
func (s *Server) Rebuild(changed ...string) (*build.Result, error) {
	c := make(chan outcome, 1)
	s.ask(func(r *request) { r.add(false, changed); r.waiters = append(r.waiters, c) })
	return s.wait(c)
}

// Tick asks for a build for the clock's now (when the server has a
// clock) and waits for it.
func (s *Server) Tick() (*build.Result, error) {
	c := make(chan outcome, 1)
	s.ask(func(r *request) { r.tick = true; r.waiters = append(r.waiters, c) })
	return s.wait(c)
}

func (s *Server) ask(f func(*request)) {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	f(&s.req)
	select {
	case s.wake <- struct{}{}:
	default: // already woken
	}
}

func (s *Server) wait(c chan outcome) (*build.Result, error) {
	select {
	case o := <-c:
		return o.res, o.err
	case <-s.stopped:
		select {
		case o := <-c:
			return o.res, o.err
		default:
			return nil, ErrClosed
		}
	}
}

// take returns the waiting request and clears it.
func (s *Server) take() request {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	r := s.req
	s.req = request{}
	select {
	case <-s.wake:
	default:
	}
	return r
}

// timerSlack is how long after a change instant the timer fires, and
// the least it waits (a failed build keeps the last good build's
// instant).
const timerSlack = time.Second

// run is the build goroutine: it builds when asked and when the site's
// next change instant has passed (with a clock), until Close.
func (s *Server) run() {
	defer close(s.stopped)
	for {
		var timer <-chan time.Time
		if s.clock != nil {
			if next := s.NextChange(); !next.IsZero() {
				timer = s.clock.After(min(max(next.Sub(s.clock.Now())+timerSlack, timerSlack), time.Hour))
			}
		}
		select {
		case <-s.quit:
			return
		case <-s.wake:
		case <-timer:
			if n := s.NextChange(); n.IsZero() || s.clock.Now().Before(n) {
				continue // woken early, or the clock went back
			}
			s.ask(func(r *request) { r.tick = true })
		}
		r := s.take()
		if r.empty() {
			continue
		}
		res, err := s.build(r)
		for _, c := range r.waiters {
			c <- outcome{res, err}
		}
	}
}

// build builds once for r and publishes the outcome.
func (s *Server) build(r request) (*build.Result, error) {
	if r.tick && s.clock != nil {
		s.builder.SetNow(s.clock.Now())
	}
	if r.all {
		s.builder.ChangedAll()
	}
	changed := slices.Sorted(maps.Keys(r.changed))
	s.builder.Changed(changed...)
	start := time.Now()
	res, err := s.builder.Build()
	took := time.Since(start)

	old := s.snap.Load()
	snap := *old
	var ev event
	if err != nil {
		snap.problems = res.Diagnostics
		snap.overlay = s.overlay(snap.problems)
		ev = event{"problems", snap.overlay}
		fmt.Fprintln(s.log, "Fehler – es wird weiter die letzte gute Fassung gezeigt:")
		var errs diag.Errors
		if errors.As(err, &errs) {
			for _, l := range diag.Condense(errs, diag.MaxSame) {
				fmt.Fprintln(s.log, l.String())
			}
		} else {
			fmt.Fprintln(s.log, err)
		}
	} else {
		first := old.files.Len() == 0
		snap.files = res.Output
		snap.problems, snap.overlay = nil, ""
		warnings := slices.Clone(res.Diagnostics)
		if s.checks != nil && res.Site != nil {
			warnings = append(warnings, s.checks(res.Site)...)
			slices.SortFunc(warnings, diag.Compare)
		}
		snap.hints = hints(res.Site, warnings)
		snap.version++
		snap.next = res.Site.NextChange()
		ev = event{"reload", strconv.Itoa(snap.version)}
		if old.problems == nil && onlyStyles(changed) && !first {
			ev = event{"css", strconv.Itoa(snap.version)}
		}
		for _, l := range diag.Condense(warnings, diag.MaxSame) {
			fmt.Fprintln(s.log, l.String())
		}
		fmt.Fprintf(s.log, "Neu gebaut in %s: %d von %d Seiten erzeugt\n", took.Round(time.Millisecond), res.Stats.Rendered, res.Stats.Pages)
	}
	s.snap.Store(&snap)
	s.subsMu.Lock()
	for c := range s.subs {
		select {
		case c <- ev:
		default: // a slow tab misses one event; the next one reloads it
		}
	}
	s.subsMu.Unlock()
	return res, err
}

// onlyStyles reports whether the changed sources are all stylesheets
// under assets/, so that open pages can swap them without reloading.
func onlyStyles(changed []string) bool {
	for _, p := range changed {
		if !strings.HasPrefix(p, "assets/") || path.Ext(p) != ".css" {
			return false
		}
	}
	return len(changed) > 0
}

// NextChange returns the instant at which the served site would change
// by itself (an event starts or ends), or the zero time.
func (s *Server) NextChange() time.Time {
	return s.snap.Load().next
}

// ServeHTTP serves the built site and the live reload endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g := s.guard.Load()
	if g != nil {
		if !g.hostOK(r.Host) {
			g.refuse(w, r, "fremde Adresse (Host)")
			return
		}
		if r.URL.Path == APIPath && g.cms != nil {
			g.serveAPI(w, r)
			return
		}
	}
	switch r.URL.Path {
	case "/_sitegen/live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveJS)
		return
	case "/_sitegen/overlay.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(overlayCSS)
		return
	case "/_sitegen/events":
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Methode nicht erlaubt", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	if strings.Contains(r.URL.Path, "\x00") {
		http.NotFound(w, r)
		return
	}
	rel := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(r.URL.Path, "/") || rel == "" {
		rel = strings.TrimPrefix(rel+"/index.html", "/")
	}
	snap := s.snap.Load()
	data, ok := snap.files.Get(rel)
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		if _, dir := snap.files.Get(rel + "/index.html"); dir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if _, perr, lazy := snap.files.Picture(rel); !ok && lazy && perr != nil {
		fmt.Fprintf(s.log, "Bild: %v\n", perr) // made on request: its error is known now
	}
	if !ok {
		status = http.StatusNotFound
		rel = "404.html"
		if first, _, found := strings.Cut(strings.TrimPrefix(p, "/"), "/"); found {
			if _, lang := snap.files.Get(first + "/404.html"); lang { // the page's language's (/en/404.html)
				rel = first + "/404.html"
			}
		}
		data, ok = snap.files.Get(rel)
		if !ok {
			data = []byte("<!DOCTYPE html><title>Nicht gefunden</title><p>Diese Seite gibt es nicht.</p>")
		}
	}
	overlay := snap.overlay
	if overlay == "" && status == http.StatusOK {
		overlay = snap.hints[rel]
	}

	ctype := contentType(rel)
	// /admin/ is left alone: a reload after each rebuild (as saving in
	// the CMS makes one) would lose what the editor has not saved.
	if strings.HasPrefix(ctype, "text/html") && !strings.HasPrefix(rel, cms.Dir+"/") {
		data = inject(data, overlay)
	}
	if strings.HasPrefix(rel, cms.Dir+"/") {
		// No other page may frame the CMS (and have the editor click in it).
		w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
		w.Header().Set("X-Frame-Options", "DENY")
		if rel == cms.Dir+"/index.html" && g != nil && g.cms != nil {
			if !sameUser(r) {
				g.refuse(w, r, "Redaktion: ein anderer Benutzer dieses Computers")
				return
			}
			data = injectToken(data, g.cms.token)
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

var extraTypes = map[string]string{
	".ics":  "text/calendar; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".pdf":  "application/pdf",
	".gz":   "application/gzip",
	".br":   "application/octet-stream",
}

func contentType(p string) string {
	ext := strings.ToLower(path.Ext(p))
	if t, ok := extraTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the live reload script (and the overlay) before </body>.
func inject(page []byte, overlay string) []byte {
	tag := `<script src="/_sitegen/live.js" defer></script>`
	add := overlay + tag
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page[:len(page):len(page)], add...)
	}
	out := make([]byte, 0, len(page)+len(add))
	out = append(out, page[:i]...)
	out = append(out, add...)
	return append(out, page[i:]...)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "kein Streaming", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.subsMu.Lock()
	s.subs[c] = true
	s.subsMu.Unlock()
	snap := s.snap.Load()
	v := snap.version
	var pending *event
	if snap.problems != nil {
		pending = &event{"problems", snap.overlay}
	}
	defer func() {
		s.subsMu.Lock()
		delete(s.subs, c)
		s.subsMu.Unlock()
	}()
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", v)
	if pending != nil {
		writeEvent(w, *pending)
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-c:
			writeEvent(w, ev)
			fl.Flush()
		}
	}
}

func writeEvent(w io.Writer, ev event) {
	fmt.Fprintf(w, "event: %s\n", ev.name)
	for _, l := range strings.Split(ev.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", l)
	}
	fmt.Fprint(w, "\n")
}

var overlayTmpl = template.Must(template.New("overlay").Parse(`<div id="sitegen-problems" role="alertdialog" aria-labelledby="sitegen-problems-title">
<link rel="stylesheet" href="/_sitegen/overlay.css">
<h2 id="sitegen-problems-title">Die Seite kann nicht gebaut werden</h2>
<p>Gezeigt wird die letzte fehlerfreie Fassung, sobald diese Meldung weg ist. Nach dem Speichern der Korrektur verschwindet sie von selbst.</p>
{{range .}}<section>
{{if .More}}<p class="where">{{.More}}</p>{{else}}<p class="where"><code>{{.Position}}</code>: {{if .Warning}}Warnung: {{end}}{{.Message}}</p>
{{with .Detail}}<pre>{{.}}</pre>
{{end}}{{end}}{{with .Lines}}<pre>{{range .}}<span{{if .Bad}} class="bad"{{end}}>{{printf "%4d" .N}}  {{.Text}}</span>
{{end}}</pre>{{end}}
</section>{{end}}</div>`))

type overlayLine struct {
	N    int
	Text string
	Bad  bool
}

type overlayItem struct {
	Position string
	Message  string
	Detail   string // an example or details, on lines of their own
	More     string // "… und 3.980 weitere Dateien mit demselben Fehler" instead of a problem
	Warning  bool
	Lines    []overlayLine
}

// overlay renders the problems of a build with the lines around each;
// of a message on more than diag.MaxSame files only the first are shown,
// then a count.
func (s *Server) overlay(problems []diag.Diagnostic) string {
	var items []overlayItem
	for _, l := range diag.Condense(problems, diag.MaxSame) {
		if l.More > 0 {
			items = append(items, overlayItem{More: l.MoreText()})
			continue
		}
		d := l.Diagnostic
		it := overlayItem{Position: d.Position(), Message: diag.OneLine(d.Message), Detail: d.Detail, Warning: d.Severity == diag.Warning}
		if d.Line > 0 && s.source != nil {
			if src, err := s.source(d.Path); err == nil {
				lines := strings.Split(string(src), "\n")
				for n := max(d.Line-2, 1); n <= min(d.Line+2, len(lines)); n++ {
					it.Lines = append(it.Lines, overlayLine{n, strings.TrimRight(lines[n-1], "\r"), n == d.Line})
				}
			}
		}
		items = append(items, it)
	}
	var b strings.Builder
	overlayTmpl.Execute(&b, items)
	return b.String()
}

var hintsTmpl = template.Must(template.New("hints").Parse(`<aside id="sitegen-hints" aria-labelledby="sitegen-hints-title">
<link rel="stylesheet" href="/_sitegen/overlay.css">
<details open><summary id="sitegen-hints-title">{{len .}} {{if eq (len .) 1}}Hinweis{{else}}Hinweise{{end}} zu dieser Seite (nur in der Vorschau)</summary>
<ul>{{range .}}<li><code>{{.Position}}</code>: {{if .Error}}<strong>wird bei sitegen check ein Fehler:</strong> {{end}}{{.Message}}</li>
{{end}}</ul>
<p>Die Seite wird trotzdem gebaut. Nach dem Speichern einer Korrektur verschwindet der Hinweis von selbst.</p>
</details></aside>`))

type hintItem struct {
	Position, Message string
	Error             bool // an error of a check (the build itself succeeded)
}

// hints renders, for each page made from a file with warnings (or with
// findings of a check), the box listing them, by output path.
func hints(site *model.Site, ds []diag.Diagnostic) map[string]string {
	if site == nil || len(ds) == 0 {
		return nil
	}
	byFile := map[string][]hintItem{}
	for _, d := range ds {
		if d.Path == "" {
			continue
		}
		byFile[d.Path] = append(byFile[d.Path], hintItem{d.Position(), diag.OneLine(d.Message), d.Severity == diag.Error})
	}
	out := map[string]string{}
	for _, p := range site.Pages {
		if p.Source == nil || p.Made() {
			continue
		}
		items := byFile[p.Source.Path]
		if len(items) == 0 {
			continue
		}
		var b strings.Builder
		hintsTmpl.Execute(&b, items)
		out[model.OutputPath(p.URL)] = b.String()
	}
	return out
}

// File returns the served file at output path p.
func (s *Server) File(p string) ([]byte, bool) {
	return s.snap.Load().files.Get(p)
}

// Files returns a copy of the served files (for tests).
func (s *Server) Files() []write.File {
	var out []write.File
	s.snap.Load().files.Range(func(p string, d []byte) {
		out = append(out, write.File{Path: p, Data: d})
	})
	return out
}
