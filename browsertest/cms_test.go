package browsertest

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// cmsNow is the instant the CMS's test site is built for: before every
// date entered in the tests, so that the new events are upcoming.
const cmsNow = "2027-03-01T12:00"

// preview is a copy of internal/cms/testdata/site.txtar (with the
// repository's layouts/, i18n/ and assets/ and tools/cms linked) served
// by serve.Run as sitegen serve runs it, decap-server and all.
type preview struct {
	dir string // the source folder
	url string // http://127.0.0.1:PORT
	api string // the CMS API's origin (the preview's)
	log *sitetest.Buffer
}

// startPreview sets up the site and runs the preview until the test ends.
func startPreview(t *testing.T) *preview {
	t.Helper()
	tools, err := filepath.Abs(filepath.Join(repoRoot, "tools", "cms"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing(t, "node is not installed (apt-get install nodejs), decap-server needs it")
	}
	for _, p := range []string{serve.DecapServerPath, cms.DistPath + "/decap-cms.js"} {
		if _, err := os.Stat(filepath.Join(tools, "..", "..", filepath.FromSlash(p))); err != nil {
			missing(t, "Decap CMS is not installed (%s)", serve.InstallCMS)
		}
	}
	dir := t.TempDir()
	// The real layouts, and the originals named with the first language's
	// code, as the CMS reads and writes them on a site in several languages.
	fsys := sitetest.Repo(t, "layouts", "i18n", "assets")
	for name, f := range sitetest.FS(t, filepath.Join(repoRoot, "internal", "cms", "testdata", "site.txtar")) {
		if base, lang := load.SplitLang(path.Base(name)); strings.HasPrefix(name, "content/") && lang == "" && strings.HasSuffix(base, ".md") {
			name = strings.TrimSuffix(name, ".md") + ".de.md"
		}
		fsys[name] = f
	}
	sitetest.Write(t, dir, fsys)
	if err := os.MkdirAll(filepath.Join(dir, "tools"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(tools, filepath.Join(dir, "tools", "cms")); err != nil {
		t.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &preview{dir: dir, url: "http://" + ln.Addr().String(), log: &sitetest.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, ln, serve.Options{Source: dir, CMS: true, Log: p.log,
			Build: build.Options{BaseURL: p.url + "/", NowText: cmsNow}})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve.Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the preview did not stop")
		}
		if p.api != "" {
			if c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.api, "http://"), time.Second); err == nil {
				c.Close()
				t.Errorf("decap-server still listens at %s after the preview stopped", p.api)
			}
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(p.url + "/admin/config.yml")
		if err == nil {
			b := make([]byte, 1<<20)
			n, _ := resp.Body.Read(b)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				cfg := string(b[:n])
				if i := strings.Index(cfg, "proxy_url: "); i >= 0 {
					api := strings.Fields(cfg[i+len("proxy_url: "):])[0]
					if strings.HasPrefix(api, "/") { // the preview's own address
						api = p.url + api
					}
					p.api = strings.TrimSuffix(api, "/api/v1")
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the preview has no /admin/; its log:\n%s", p.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if p.api == "" {
		t.Fatal("admin/config.yml names no proxy_url")
	}
	return p
}

// cmsJS runs in every document of the admin tab: helpers to find and fill
// Decap's fields as an editor would, and a record of CSP violations.
const cmsJS = `
window.__csp = [];
// Decap asks whether to restore a local backup of an unsaved entry: no.
window.confirm = function () { return false; };
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + (e.lineNumber || ''));
});
window.__cms = {
  label: function (text) {
    return Array.from(document.querySelectorAll('label')).find(function (l) { return l.textContent.trim().indexOf(text) === 0; }) || null;
  },
  control: function (text) {
    var l = this.label(text);
    if (!l) return null;
    return (l.htmlFor && document.getElementById(l.htmlFor)) || null;
  },
  set: function (el, v) {
    var proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  },
  buttons: function (text) {
    return Array.from(document.querySelectorAll('button, [role=button], [role=menuitem], a')).filter(function (b) {
      return b.textContent.trim() === text && b.offsetParent !== null;
    });
  },
  click: function (text) {
    var b = this.buttons(text)[0];
    if (!b) return false;
    b.click();
    return true;
  },
};
`

// cmsTab is a browser tab on /admin/ with the time zone of New York.
func cmsTab(t *testing.T, p *preview) *tab {
	t.Helper()
	return onCMS(t, newTab(t), p)
}

// onCMS lets tb reach the preview and its CMS API, in New York's time
// zone, with cmsJS in every document.
func onCMS(t *testing.T, tb *tab, p *preview) *tab {
	t.Helper()
	tb.mu.Lock()
	for _, u := range []string{p.url, p.api} {
		tb.allowed = append(tb.allowed, strings.TrimPrefix(u, "http://"))
	}
	tb.mu.Unlock()
	tb.do(t,
		command(emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}),
		onNewDocument(cmsJS))
	return tb
}

// waitFor polls a script until it returns true (for up to 2 minutes,
// which only bounds a failure: on a busy machine Decap takes its time).
func waitFor(t *testing.T, tb *tab, what, script string) {
	t.Helper()
	waitUntil(t, tb, what, script, 2*time.Minute, 100*time.Millisecond)
}

// waitUntil polls a script every interval until it returns true; after
// limit it saves a screenshot and fails with what the page says.
func waitUntil(t *testing.T, tb *tab, what, script string, limit, interval time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		if eval[bool](t, tb, "(function(){try{return !!("+script+")}catch(e){return false}})()") {
			return
		}
		if time.Now().After(deadline) {
			shot(t, tb, "timeout")
			t.Fatalf("waiting for %s: timed out; the page says:\n%s", what, eval[string](t, tb, "document.body ? document.body.innerText.slice(0, 3000) : ''"))
		}
		time.Sleep(interval)
	}
}

// shot saves a screenshot of the tab for review.
func shot(t *testing.T, tb *tab, name string) {
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	dir := filepath.Join(screenshotDir, "cms")
	os.MkdirAll(dir, 0o755)
	f := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+"-"+name+".png")
	if err := os.WriteFile(f, png, 0o644); err == nil {
		t.Logf("screenshot: %s", f)
	}
}

// login opens /admin/ at route (#/collections/…) and logs in to the
// proxy backend; Decap then shows the route, and waitFor waits until the
// script ready says it is there. One load of Decap (7 MB of script) for
// both.
func login(t *testing.T, tb *tab, p *preview, route, what, ready string) {
	t.Helper()
	tb.open(t, p.url+"/admin/"+route)
	// Once logged in, Decap remembers it (localStorage of the profile).
	waitFor(t, tb, "the login button or "+what, "window.__cms.buttons('Login').length || ("+ready+")")
	eval[bool](t, tb, "window.__cms.click('Login')")
	waitFor(t, tb, what, ready)
}

// entry is what a test enters into the form of a new Termin.
type entry struct {
	title     string
	start     string // as typed into the date-and-time input
	allDay    bool   // tick "ganztägig" first; start is then a date
	series    string // an option of the select, by its text
	organizer string // an option of the select, by its text
	place     string // location.name
	address   string // location.address
	body      string
	// cleared are text fields and the end, filled in and emptied again
	// (Decap may write them as empty strings).
	cleared bool
}

// newEntry opens the form of a new Termin in a fresh tab (logging in)
// and fills it in as an editor would.
func newEntry(t *testing.T, p *preview, e entry) *tab {
	t.Helper()
	tb := cmsTab(t, p)
	login(t, tb, p, "#/collections/termine/new", "the form", "window.__cms.control('Titel (title)')")
	focus := func(what, script string) {
		t.Helper()
		if !eval[bool](t, tb, "(function(){var el="+script+"; if(!el) return false; el.focus(); return document.activeElement === el})()") {
			shot(t, tb, "nofield")
			t.Fatalf("no field %s", what)
		}
	}
	// Text inputs are set as React sees typing (keystrokes get lost while
	// Decap re-renders the form).
	setText := func(what, label, v string) {
		t.Helper()
		eval[bool](t, tb, fmt.Sprintf(`(function(){window.__cms.set(window.__cms.control(%q), %q); return true})()`, label, v))
		waitFor(t, tb, what+" to hold "+v, fmt.Sprintf("window.__cms.control(%q).value === %q", label, v))
	}
	if e.title != "" {
		setText("the title", "Titel (title)", e.title)
	}
	if e.allDay {
		ok := eval[bool](t, tb, `(function(){var i=window.__cms.control('Beginn'); var c=i.parentElement.querySelector('input[type=checkbox]'); if(!c) return false; c.click(); return c.checked})()`)
		if !ok {
			t.Fatal("no box ganztägig")
		}
		waitFor(t, tb, "the date input", "window.__cms.control('Beginn').type === 'date'")
	}
	if e.start != "" {
		// React sees a value only through the native setter and an
		// input event (typing into a datetime-local input depends on
		// the browser's locale).
		eval[bool](t, tb, fmt.Sprintf(`(function(){window.__cms.set(window.__cms.control('Beginn'), %q); return true})()`, e.start))
		waitFor(t, tb, "the start input to hold "+e.start, fmt.Sprintf("window.__cms.control('Beginn').value === %q", e.start))
	}
	if e.cleared {
		setText("the registration", "Anmeldung (registration)", "Bitte anmelden")
		setText("the registration", "Anmeldung (registration)", "")
		setText("the summary", "Ein Satz für Übersichten (summary)", "Kurz")
		setText("the summary", "Ein Satz für Übersichten (summary)", "")
		setText("the end", "Ende (Bamberger Zeit) (end)", "2027-03-14T04:00")
		setText("the end", "Ende (Bamberger Zeit) (end)", "")
	}
	// A native select (sitegen_select): the option with the text.
	selectOption := func(label, text string) {
		t.Helper()
		focus(label, "window.__cms.control('"+label+"')")
		waitFor(t, tb, "the option "+text, fmt.Sprintf(`(function(){
			var el = window.__cms.control(%q);
			var o = Array.from(el.options).find(function (o) { return o.textContent.indexOf(%q) >= 0; });
			if (!o) return false;
			if (el.value !== o.value) window.__cms.set(el, o.value);
			return el.value === o.value;
		})()`, label, text))
	}
	if e.series != "" {
		selectOption("Reihe (series)", e.series)
	}
	if e.organizer != "" {
		selectOption("Veranstalter (organizer)", e.organizer)
	}
	if e.place != "" || e.address != "" {
		eval[bool](t, tb, `(function(){var b=window.__cms.control('Ort (location)').querySelector('[data-testid=expand-button]'); if(b && b.getAttribute('aria-label')==='Expand') b.click(); return true})()`)
		waitFor(t, tb, "the fields of the location", "window.__cms.control('Name (name)') && window.__cms.control('Name (name)').offsetParent !== null")
		setText("location.name", "Name (name)", e.place)
		setText("location.address", "Anschrift (address)", e.address)
	}
	if e.body != "" {
		focus("body", `document.querySelector('textarea[id^="body-field"]')`)
		tb.do(t, chromedp.KeyEvent(e.body))
		waitFor(t, tb, "the body text", fmt.Sprintf(`document.querySelector('textarea[id^="body-field"]').value.indexOf(%q) >= 0`, e.body))
	}
	return tb
}

// publish clicks "Veröffentlichen", then "Jetzt veröffentlichen".
func publish(t *testing.T, tb *tab) {
	t.Helper()
	waitFor(t, tb, "the button Veröffentlichen", "window.__cms.click('Veröffentlichen')")
	waitFor(t, tb, "the item Jetzt veröffentlichen", "window.__cms.click('Jetzt veröffentlichen')")
}

// waitFile waits until the file at rel (a slash path under the site) exists
// and no longer changes, and returns it.
func waitFile(t *testing.T, p *preview, tb *tab, rel string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if b, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(rel))); err == nil && len(b) > 0 {
			time.Sleep(100 * time.Millisecond)
			if b2, _ := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(rel))); string(b2) == string(b) {
				return string(b)
			}
		}
		if time.Now().After(deadline) {
			shot(t, tb, "nofile")
			entries, _ := os.ReadDir(filepath.Join(p.dir, "content", "termine"))
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("Decap wrote no %s (content/termine has %v); the page says:\n%s", rel, names,
				eval[string](t, tb, "document.body.innerText.slice(0, 2000)"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// termine lists the files in content/termine.
func termine(t *testing.T, p *preview) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(p.dir, "content", "termine"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// checkTab fails the test on CSP violations and script errors in the tab
// and logs its other console errors.
// refused says that Decap refused to save: it then throws an unhandled
// rejection without a message, which is logged.
func checkTab(t *testing.T, tb *tab, refused bool) {
	t.Helper()
	for _, v := range eval[[]string](t, tb, "window.__csp || []") {
		t.Errorf("CSP violation on /admin/: %s", v)
	}
	for _, pr := range tb.takeProblems() {
		if refused && strings.HasPrefix(pr, "script error: Uncaught (in promise) (") {
			t.Logf("/admin/: %s", pr)
		} else if strings.Contains(pr, "Content Security Policy") || strings.HasPrefix(pr, "script error") || strings.HasPrefix(pr, "request to another host") {
			t.Errorf("/admin/: %s", pr)
		} else {
			t.Logf("/admin/: %s", pr)
		}
	}
}

// updateDecap rewrites internal/cms/testdata/decap-written/ with the files
// Decap writes in TestCMS.
var updateDecap = flag.Bool("update-decap", false, "write the files Decap saves in TestCMS to internal/cms/testdata/decap-written/")

// keep saves a file Decap wrote as golden testdata (with -update-decap).
func keep(t *testing.T, name, data string) {
	t.Helper()
	if !*updateDecap {
		return
	}
	dir := filepath.Join(repoRoot, "internal", "cms", "testdata", "decap-written")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// get fetches a page of the preview.
func (p *preview) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// checkSite runs what sitegen check runs on the folder: the build and the
// checks of package check. It returns the errors.
func checkSite(t *testing.T, dir string) []string {
	t.Helper()
	res, _ := build.Run(os.DirFS(dir), build.Options{NowText: cmsNow})
	ds := append(res.Diagnostics, check.Site(res)...)
	var errs []string
	for _, d := range ds {
		if d.Severity == diag.Error {
			errs = append(errs, d.Position()+": "+d.Message)
		}
	}
	return errs
}

// TestCMS edits the test site in /admin/ as an editor would, in Chromium
// with the time zone of New York, against the preview and decap-server
// as sitegen serve runs them.
func TestCMS(t *testing.T) {
	gate(t)
	t.Parallel()
	p := startPreview(t)
	t.Run("new", func(t *testing.T) {
		tb := newEntry(t, p, entry{title: "Sprachcafé im Rathaus", start: "2027-03-18T17:30", series: "Runder Tisch",
			organizer: "Beirat", place: "Rathaus", address: "Maximiliansplatz 3, 96047 Bamberg", body: "Deutsch üben bei Kaffee und Kuchen."})
		publish(t, tb)
		f := waitFile(t, p, tb, "content/termine/sprachcafe-im-rathaus.de.md")
		keep(t, "sprachcafe-im-rathaus.de.md", f)
		for _, want := range []string{"title: Sprachcafé im Rathaus\n", "start: 2027-03-18T17:30\n", "series: runder-tisch\n",
			"organizer: beirat\n", "location:\n  name: Rathaus\n  address: Maximiliansplatz 3, 96047 Bamberg\n", "---\nDeutsch üben bei Kaffee und Kuchen."} {
			if !strings.Contains(f, want) {
				t.Errorf("content/termine/sprachcafe-im-rathaus.de.md lacks %q:\n%s", want, f)
			}
		}
		time.Sleep(500 * time.Millisecond)
		for _, n := range termine(t, p) {
			if strings.HasPrefix(n, "sprachcafe-im-rathaus.") && n != "sprachcafe-im-rathaus.de.md" {
				b, _ := os.ReadFile(filepath.Join(p.dir, "content", "termine", n))
				t.Errorf("Decap also wrote content/termine/%s: %q", n, b)
			}
		}
		if errs := checkSite(t, p.dir); len(errs) > 0 {
			t.Errorf("sitegen check fails after saving:\n%s", strings.Join(errs, "\n"))
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			code, body := p.get(t, "/termine/")
			if code == 200 && strings.Contains(body, "Sprachcafé im Rathaus") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("/termine/ of the preview never listed the new Termin; the preview's log:\n%s", p.log.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		checkTab(t, tb, false)
	})

	// The preview beside the form shows the entry in the site's own
	// stylesheet (sitegen-cms.js registers it; Decap puts it into the
	// preview's frame).
	t.Run("preview", func(t *testing.T) {
		tb := newEntry(t, p, entry{title: "Vorschau im Stil der Website"})
		// With two languages the right pane shows the translation; the
		// eye button ("Vorschau") switches it to the preview.
		waitFor(t, tb, "the preview button", `(function(){
			var b = document.querySelector('button[title="Vorschau"]'); if (!b) return false; b.click(); return true;
		})()`)
		waitFor(t, tb, "the preview in the site's stylesheet", `(function(){
			var f = document.querySelector('iframe'); var d = f && f.contentDocument; if (!d) return false;
			var l = Array.prototype.find.call(d.querySelectorAll('link[rel=stylesheet]'), function (l) { return /\/css\/style[.]/.test(l.getAttribute('href')); });
			return !!(l && l.sheet && l.sheet.cssRules.length > 20 && d.body.textContent.indexOf('Vorschau im Stil der Website') >= 0);
		})()`)
		checkTab(t, tb, false)
	})

	// A translation is written in the same form, in the right pane (the
	// other language): its file has only what a translation may set, and
	// the English site shows it.
	t.Run("translation", func(t *testing.T) {
		tb := newEntry(t, p, entry{title: "Treffpunkt Sprache", start: "2027-04-15T17:00", place: "Stadtbücherei", body: "Deutsch sprechen."})
		// Decap remembers the right pane: after the preview, switch it
		// back to the other language.
		waitFor(t, tb, "the English pane", `(function(){
			if (document.body.innerText.indexOf('Aktuelle Sprache: EN') >= 0) return true;
			var b = document.querySelector('button[title="Übersetzungen"]'); if (b) b.click(); return false;
		})()`)
		for _, f := range [][2]string{{"Titel (title)", "Language meeting point"}} {
			ok := eval[bool](t, tb, fmt.Sprintf(`(function(){
				var ls = Array.from(document.querySelectorAll('label')).filter(function (l) { return l.textContent.trim().indexOf(%q) === 0; });
				if (ls.length < 2) return false;
				var el = document.getElementById(ls[1].htmlFor) || ls[1].parentElement.querySelector('textarea, input, [contenteditable=true]');
				if (!el) return false;
				if (el.isContentEditable) { el.focus(); document.execCommand('insertText', false, %q); return true; }
				window.__cms.set(el, %q); return true;
			})()`, f[0], f[1], f[1]))
			if !ok {
				shot(t, tb, "translation")
				t.Fatalf("no field %s in the English pane", f[0])
			}
		}
		// The body: the second markdown field, typed into as in newEntry.
		if !eval[bool](t, tb, `(function(){var el = document.querySelectorAll('textarea[id^="body-field"]')[1]; if (!el) return false; el.focus(); return document.activeElement === el})()`) {
			shot(t, tb, "translation")
			t.Fatal("no text field in the English pane")
		}
		tb.do(t, chromedp.KeyEvent("Speaking German."))
		waitFor(t, tb, "the English text", `document.querySelectorAll('textarea[id^="body-field"]')[1].value.indexOf("Speaking German.") >= 0`)
		publish(t, tb)
		de := waitFile(t, p, tb, "content/termine/treffpunkt-sprache.de.md")
		en := waitFile(t, p, tb, "content/termine/treffpunkt-sprache.en.md")
		keep(t, "treffpunkt-sprache.de.md", de)
		keep(t, "treffpunkt-sprache.en.md", en)
		if !strings.Contains(en, "title: Language meeting point\n") || !strings.Contains(en, "Speaking German.") {
			t.Errorf("content/termine/treffpunkt-sprache.en.md lacks the English title or text:\n%s", en)
		}
		for _, fact := range []string{"start:", "location:", "status:", "series:", "organizer:"} {
			if strings.Contains(en, fact) {
				t.Errorf("the translation repeats %s, which only the original has:\n%s", fact, en)
			}
		}
		if errs := checkSite(t, p.dir); len(errs) > 0 {
			t.Errorf("sitegen check fails after saving a translation:\n%s", strings.Join(errs, "\n"))
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			code, body := p.get(t, "/en/termine/treffpunkt-sprache/")
			if code == 200 && strings.Contains(body, "Language meeting point") && strings.Contains(body, "Speaking German.") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("/en/termine/treffpunkt-sprache/ never showed the translation (%d); the preview's log:\n%s", code, p.log.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		checkTab(t, tb, false)
	})

	// The series of a section, edited with sitegen_names in "Bereiche und
	// Startseite": a new one is added, the old one kept, and an event can
	// name it.
	t.Run("series", func(t *testing.T) {
		tb := cmsTab(t, p)
		login(t, tb, p, "#/collections/bereiche/entries/termine", "the series widget", `document.querySelectorAll('input[aria-label="Kurzname"]').length === 1`)
		eval[bool](t, tb, "window.__cms.click('Reihe hinzufügen')")
		waitFor(t, tb, "a second series", `document.querySelectorAll('input[aria-label="Kurzname"]').length === 2`)
		eval[bool](t, tb, `(function(){
			window.__cms.set(document.querySelectorAll('input[aria-label="Kurzname"]')[1], 'sprachcafe');
			window.__cms.set(document.querySelectorAll('input[aria-label="Titel"]')[1], 'Sprachcafé');
			return true})()`)
		publish(t, tb)
		deadline := time.Now().Add(30 * time.Second)
		var f []byte
		for {
			f, _ = os.ReadFile(filepath.Join(p.dir, "content", "termine", "_index.de.md"))
			if strings.Contains(string(f), "sprachcafe") || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		for _, want := range []string{"series:\n", "  runder-tisch: Runder Tisch Integration\n", "  sprachcafe: Sprachcafé\n", "\n::events{}"} {
			if !strings.Contains(string(f), want) {
				t.Errorf("content/termine/_index.de.md lacks %q:\n%s", want, f)
			}
		}
		if errs := checkSite(t, p.dir); len(errs) > 0 {
			t.Errorf("sitegen check fails after saving the series:\n%s", strings.Join(errs, "\n"))
		}
		checkTab(t, tb, false)
		// The preview rebuilds /admin/config.yml: the event form offers it.
		deadline = time.Now().Add(20 * time.Second)
		for {
			code, body := p.get(t, "/admin/config.yml")
			if code == 200 && strings.Contains(body, "label: Sprachcafé\n") && strings.Contains(body, "value: sprachcafe\n") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("/admin/config.yml never offered the new series; the preview's log:\n%s", p.log.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	t.Run("required", func(t *testing.T) {
		before := termine(t, p)
		for _, e := range []entry{{start: "2027-04-01T10:00"}, {title: "Ohne Beginn"}} {
			tb := newEntry(t, p, e)
			publish(t, tb)
			waitFor(t, tb, "Decap's message about required fields", "document.body.textContent.indexOf('einige zwingend erforderliche Felder sind nicht ausgefüllt') >= 0")
			time.Sleep(time.Second)
			if after := termine(t, p); !slices.Equal(after, before) {
				t.Errorf("an entry without a required field (%+v) was saved: %v, before %v", e, after, before)
			}
			checkTab(t, tb, true)
		}
	})

	t.Run("times", func(t *testing.T) {
		loc, err := dates.LoadLocation("")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			title, start string
			allDay       bool
			file, line   string
			want         string // the instant in UTC; "" when the form refuses it
			refused      string // the widget's message then
		}{
			// No such time in New York (DST begins there): Bamberg has it.
			{"Zeit New York", "2027-03-14T02:30", false, "zeit-new-york.de.md", "start: 2027-03-14T02:30\n", "2027-03-14T01:30:00Z", ""},
			// No such time in Bamberg, or twice: the model rejects it (see
			// dates.Parse), and so does the form.
			{"Zeit Sommerzeit", "2027-03-28T02:30", false, "zeit-sommerzeit.de.md", "", "", "Diese Uhrzeit gibt es in Bamberg nicht"},
			{"Zeit Winterzeit", "2027-10-31T02:30", false, "zeit-winterzeit.de.md", "", "", "Diese Uhrzeit gibt es in Bamberg zweimal"},
			{"Zeit ganztaegig", "2027-03-11", true, "zeit-ganztaegig.de.md", "start: 2027-03-11\n", "2027-03-10T23:00:00Z", ""},
		}
		for _, tt := range tests {
			tb := newEntry(t, p, entry{title: tt.title, start: tt.start, allDay: tt.allDay, cleared: tt.title == "Zeit New York"})
			publish(t, tb)
			v, err := dates.Parse(tt.start, loc)
			if tt.refused != "" {
				if err == nil {
					t.Errorf("dates.Parse(%q) = %v; the model accepts what the form refuses", tt.start, v.Time)
				}
				waitFor(t, tb, "the widget's message "+tt.refused, fmt.Sprintf("document.body.textContent.indexOf(%q) >= 0", tt.refused))
				time.Sleep(time.Second)
				if _, err := os.Stat(filepath.Join(p.dir, "content", "termine", tt.file)); err == nil {
					t.Errorf("%s was saved although the form says %q", tt.file, tt.refused)
				}
				checkTab(t, tb, true)
				continue
			}
			f := waitFile(t, p, tb, "content/termine/"+tt.file)
			keep(t, tt.file, f)
			if !strings.Contains(f, tt.line) {
				t.Errorf("%s: want the line %q as typed:\n%s", tt.file, tt.line, f)
			}
			for _, l := range strings.Split(f, "\n") {
				if strings.HasSuffix(l, `: ""`) || strings.HasSuffix(l, ": []") || strings.HasSuffix(l, ": {}") {
					t.Errorf("%s: an emptied field is written: %q", tt.file, l)
				}
			}
			if err != nil || v.Time.UTC().Format(time.RFC3339) != tt.want || v.AllDay != tt.allDay {
				t.Errorf("%s: dates.Parse reads %v (all day %v), %v; want %s", tt.file, v.Time, v.AllDay, err, tt.want)
			}
			res, err := build.Run(os.DirFS(p.dir), build.Options{NowText: cmsNow})
			if err != nil {
				t.Fatalf("the site does not build: %v", err)
			}
			pg := res.Site.Page("termine/" + tt.file) // content-relative
			if pg == nil || pg.Event == nil || !pg.Event.Span.Start.Equal(v.Time) || pg.Event.Span.AllDay != tt.allDay {
				t.Errorf("%s: the page's start is not %s (page %v)", tt.file, tt.want, pg != nil)
			}
			checkTab(t, tb, false)
		}
	})

	// The preview pane shows a picture of the text as the site does – the
	// build's variants with srcset, width and height (admin/bilder.json,
	// sitegen-cms.js) – not the file as uploaded; the variant is made by
	// the preview when the pane asks for it.
	t.Run("picture", func(t *testing.T) {
		dir := filepath.Join(p.dir, "content", "dokumente")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "fest-foto.jpg"), testimg.JPEG(testimg.Photo(12, 3000, 2000)), 0o644); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			if _, body := p.get(t, "/admin/bilder.json"); strings.Contains(body, `"/dokumente/fest-foto.jpg"`) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("/admin/bilder.json never listed the picture; the preview's log:\n%s", p.log.String())
			}
		}
		tb := newEntry(t, p, entry{title: "Bild in der Vorschau", body: "![Kinder tanzen](/dokumente/fest-foto.jpg)"})
		waitFor(t, tb, "the preview button", `(function(){
			var b = document.querySelector('button[title="Vorschau"]'); if (!b) return false; b.click(); return true;
		})()`)
		waitFor(t, tb, "the picture as the site shows it", `(function(){
			var f = document.querySelector('iframe'); var d = f && f.contentDocument; if (!d) return false;
			var img = d.querySelector('[data-sitegen-picture] img, img[data-sitegen-picture]');
			return !!img && /fest-foto-960[.][0-9a-f]{8}[.]jpg 960w/.test(img.getAttribute('srcset') || '') &&
				img.getAttribute('width') === '2560' && img.getAttribute('height') === '1707' &&
				img.getAttribute('alt') === 'Kinder tanzen' && img.complete && img.naturalWidth > 0 && img.naturalWidth <= 2560;
		})()`)
		checkTab(t, tb, false)
	})
}
