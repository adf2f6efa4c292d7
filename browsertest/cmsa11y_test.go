package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The editors' CMS is accessible too (issue 23): axe-core finds nothing on
// the screens editors use, at 1280 px and at 200 % zoom, and a Termin can
// be entered from the login to the review by keyboard alone, every field
// named by its German label and described by its hint in the
// accessibility tree. What /admin/ adds to Decap for it: sitegen-cms.js's
// widgets sitegen_select and sitegen_markdown, sitegen-a11y.js and
// admin.css (package cms).

// cmsAxeTags are WCAG 2.0, 2.1 and 2.2, levels A and AA.
var cmsAxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}

// cmsSizes are the window sizes each screen is checked at: 1280 CSS px,
// and a window of 1280×900 zoomed to 200 % (640×450 CSS px).
var cmsSizes = []struct {
	name          string
	width, height int64
	scale         float64
}{
	{"1280", 1280, 900, 1},
	{"zoom200", 640, 450, 2},
}

// workflowJS, run before Decap in every document of a tab, starts Decap
// with the editorial workflow of the Git host (site: cms:) on Decap's
// in-memory backend test-repo (wrapped by sitegen-cms.js as
// sitegen-test-repo, as it wraps gitlab), seeded with the files of the
// preview's content/ (window.__seed): drafts, review and the workflow
// board, which decap-server in its file mode (sitegen serve) has not.
const workflowJS = `
window.repoFiles = {};
(function () {
  var seed = window.__seed || {};
  // test-repo reads a file by its path's parts (content → termine →
  // rt.de.md) and a folder by its whole path (content/termine): each
  // folder is both, the same object.
  Object.keys(seed).forEach(function (path) {
    var segs = path.split('/'), o = window.repoFiles, dir = [];
    while (segs.length > 1) {
      var s = segs.shift(); dir.push(s);
      o[s] = o[s] || {}; o = o[s];
      window.repoFiles[dir.join('/')] = o;
    }
    o[segs[0]] = { path: path, content: seed[path] };
  });
  var cms;
  Object.defineProperty(window, 'CMS', {
    configurable: true,
    get: function () { return cms; },
    set: function (v) {
      cms = v;
      var init = v.init;
      v.init = function () {
        return init.call(v, { config: { backend: { name: 'sitegen-test-repo' }, publish_mode: 'editorial_workflow' } });
      };
    },
  });
})();
`

// cmsPrivateTab is cmsTab in a browser context of its own: not logged in,
// nothing remembered from another test. With workflow, Decap runs in the
// editorial workflow on the in-memory backend (workflowJS), seeded with
// the preview's content.
func cmsPrivateTab(t *testing.T, p *preview, workflow bool) *tab {
	t.Helper()
	tb := onCMS(t, newPrivateTab(t), p)
	if workflow {
		seed := map[string]string{}
		root := filepath.Join(p.dir, "content")
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			b, err := os.ReadFile(path)
			rel, _ := filepath.Rel(p.dir, path)
			seed[filepath.ToSlash(rel)] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(seed)
		tb.do(t, onNewDocument("window.__seed = "+string(js)+";\n"+workflowJS))
	}
	return tb
}

// cmsWait is waitFor with a deadline for a shared, loaded machine:
// Decap's 7 MB of script can take minutes to start there. It polls the
// script until it is true.
func cmsWait(t *testing.T, tb *tab, what, script string) {
	t.Helper()
	waitUntil(t, tb, what, script, 3*time.Minute, 200*time.Millisecond)
}

// cmsOpen loads u in the tab and waits (cmsWait) until it is loaded.
func cmsOpen(t *testing.T, tb *tab, u string) {
	t.Helper()
	// The document before is marked: the new one is loaded when the mark
	// is gone (Decap changes the address's #… at once).
	eval[bool](t, tb, "window.__cmsBefore = true")
	tb.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.Navigate, cdppage.NavigateParams{URL: u})
		return err
	}))
	cmsWait(t, tb, "the page to load", "!window.__cmsBefore && document.readyState === 'complete'")
}

// settle waits until the page has stopped changing: the same markup in
// three looks a fifth of a second apart (Decap renders lists and forms in
// several passes after their data arrive).
func settle(t *testing.T, tb *tab) {
	t.Helper()
	cmsWait(t, tb, "the page to settle", `new Promise(function (resolve) {
		var last = '', same = 0, n = 0;
		(function look() {
			var now = document.body.innerHTML;
			same = now === last ? same + 1 : 0;
			last = now;
			if (same >= 2 || ++n > 25) { resolve(same >= 2); return; }
			setTimeout(look, 200);
		})();
	})`)
}

// resize sets the window's size and waits for the layout.
func resize(t *testing.T, tb *tab, width, height int64, scale float64) {
	t.Helper()
	tb.do(t, command(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: scale, Mobile: false}))
	cmsWait(t, tb, "the layout at the new size", fmt.Sprintf(`new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(function () { r(innerWidth === %d); }); }); })`, width))
}

// cmsAxe runs axe-core (WCAG 2.0–2.2 A/AA) on the document and the frames
// in it (the preview) and returns the violations.
func cmsAxe(t *testing.T, tb *tab, axeSrc string) []axeViolation {
	t.Helper()
	tags, _ := json.Marshal(cmsAxeTags)
	// axe into the document and into every frame of the same origin
	// (Decap's preview is a srcdoc frame).
	src, _ := json.Marshal(axeSrc)
	eval[bool](t, tb, `(function(){
		var src = `+string(src)+`;
		if (!window.axe) { (0, eval)(src); }
		Array.prototype.forEach.call(document.querySelectorAll('iframe'), function (f) {
			try { if (f.contentWindow && !f.contentWindow.axe) { f.contentWindow.eval(src); } } catch (e) {}
		});
		return true;
	})()`)
	return eval[[]axeViolation](t, tb, `(async () => {
		const r = await axe.run(document, {runOnly: {type: 'tag', values: `+string(tags)+`}, resultTypes: ['violations']});
		return r.violations.map(v => ({Set: 'wcag2.0-2.2 A/AA', ID: v.id, Impact: v.impact || '', Help: v.help, URL: v.helpUrl,
			Nodes: v.nodes.map(n => ({Target: n.target.map(String).join(' '), Summary: n.failureSummary || ''}))}));
	})()`)
}

// cmsScreen is one screen of /admin/: how to get there and when it is
// there.
type cmsScreen struct {
	name  string
	hash  string // the route; "" to stay
	click string // then a button or link to press, by its text ("" for none)
	ready string // a script true once the screen is there
}

// checkScreens goes through the screens in the tab, runs axe on each at
// each of cmsSizes and fails on every violation; it returns the count of
// violations (nodes) per screen and size, for the log.
func checkScreens(t *testing.T, tb *tab, screens []cmsScreen) map[string]int {
	t.Helper()
	src, err := os.ReadFile(axeJS)
	if err != nil {
		missing(t, "axe-core is not installed (%v; run npm ci --prefix tools)", err)
	}
	counts := map[string]int{}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			resize(t, tb, cmsSizes[0].width, cmsSizes[0].height, cmsSizes[0].scale)
			if sc.hash != "" && (strings.Contains(sc.hash, "/entries/") || strings.HasSuffix(sc.hash, "/new")) {
				// Decap keeps the form of the last entry when the route
				// goes from one form to another: through the list.
				list := sc.hash[:strings.Index(sc.hash[len("#/collections/"):], "/")+len("#/collections/")]
				eval[bool](t, tb, fmt.Sprintf("(function(){ location.hash = %q; return true })()", list))
				cmsWait(t, tb, "the list before "+sc.name, `document.body.innerText.indexOf('Zurück zu allen') < 0 && document.querySelector('a[href*="/collections/"]')`)
			}
			if sc.hash != "" {
				eval[bool](t, tb, fmt.Sprintf("(function(){ if (location.hash !== %q) location.hash = %q; return true })()", sc.hash, sc.hash))
			}
			if sc.click != "" {
				cmsWait(t, tb, "the button "+sc.click, fmt.Sprintf("window.__cms.click(%q)", sc.click))
			}
			cmsWait(t, tb, sc.name, sc.ready)
			for _, size := range cmsSizes {
				resize(t, tb, size.width, size.height, size.scale)
				settle(t, tb)
				vs := cmsAxe(t, tb, string(src))
				n := 0
				for _, v := range vs {
					n += len(v.Nodes)
					t.Errorf("%s at %s: %s", sc.name, size.name, v)
				}
				counts[sc.name+" "+size.name] = n
				if n > 0 {
					shot(t, tb, size.name)
				}
			}
		})
	}
	return counts
}

// logCounts logs the violations per screen as a table.
func logCounts(t *testing.T, counts map[string]int) {
	t.Helper()
	var b strings.Builder
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range counts {
			if !yield(k) {
				return
			}
		}
	}) {
		fmt.Fprintf(&b, "\n  %-40s %d", k, counts[k])
	}
	t.Logf("axe-core violations (nodes) per screen and size:%s", b.String())
}

// TestCMSAccessible runs axe-core on every screen of /admin/ an editor
// uses, at 1280 px and at 200 % zoom, with sitegen serve's backend: the
// login, each collection's list, the new and the edit form of each, in
// both languages' panes, "Bereiche und Startseite", the preview, and the
// media library – empty, with a picture uploaded through it (and chosen
// by Decap), chosen by keyboard, opened from a form's picture field with
// the picture chosen, and the form with the picture. The choice is
// announced: the picture's button is pressed (aria-pressed) in the
// accessibility tree, and the upload's choice is said in a live region;
// the upload button is a button whose Enter opens the file chooser.
// The editorial workflow's screens are TestCMSKeyboard's.
func TestCMSAccessible(t *testing.T) {
	gate(t)
	t.Parallel()
	p := startPreview(t)
	// The media folder is empty; a picture to upload through the media
	// library.
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(p.dir, "content", "dokumente")
	if err := os.MkdirAll(media, 0o755); err != nil {
		t.Fatal(err)
	}

	t.Run("serve", func(t *testing.T) {
		tb := cmsPrivateTab(t, p, false)
		cmsOpen(t, tb, p.url+"/admin/#/collections/termine")
		counts := checkScreens(t, tb, []cmsScreen{
			{name: "login", ready: "window.__cms.buttons('Login').length"},
		})
		cmsWait(t, tb, "the login", "window.__cms.click('Login')")
		screens := []cmsScreen{}
		lists := [][2]string{{"seiten", "Leitbild"}, {"akteure", "Beirat"}, {"geschichte", "Beginn"}, {"termine", "Runder Tisch"}, {"bereiche", "Startseite: Integration in Musterstadt"}}
		for _, l := range lists {
			screens = append(screens, cmsScreen{name: "list-" + l[0], hash: "#/collections/" + l[0],
				ready: fmt.Sprintf("document.querySelector('a[href$=\"/collections/%s/new\"], a[href*=\"/collections/%s/entries/\"]') && document.body.innerText.indexOf(%q) >= 0", l[0], l[0], l[1])})
		}
		// A form is there when both panes (German and English) show the
		// title field.
		bothPanes := `document.querySelectorAll('label[for^="title-field"]').length === 2`
		edits := map[string]string{"seiten": "leitbild", "akteure": "beirat", "geschichte": "start", "termine": "rt"}
		for _, l := range lists[:4] {
			screens = append(screens,
				cmsScreen{name: "new-" + l[0], hash: "#/collections/" + l[0] + "/new", ready: bothPanes},
				cmsScreen{name: "edit-" + l[0], hash: "#/collections/" + l[0] + "/entries/" + edits[l[0]],
					ready: bothPanes + fmt.Sprintf(" && document.getElementById(document.querySelector('label[for^=\"title-field\"]').htmlFor).value === %q", l[1])})
		}
		for _, f := range []string{"startseite", "startseite-en", "termine", "termine-en"} {
			screens = append(screens, cmsScreen{name: "bereiche-" + f, hash: "#/collections/bereiche/entries/" + f,
				ready: `document.querySelector('label[for^="title-field"]') && document.body.innerText.indexOf('Zurück zu allen Bereiche') >= 0`})
		}
		screens = append(screens,
			// The preview pane beside the form of an event.
			cmsScreen{name: "preview", hash: "#/collections/termine/entries/rt", click: "",
				ready: `(function(){
					var b = document.querySelector('button[title="Vorschau"]'); if (b && !document.getElementById('preview-pane')) b.click();
					var f = document.getElementById('preview-pane'), d = f && f.contentDocument;
					return !!(d && d.body && d.body.textContent.indexOf('Runder Tisch') >= 0);
				})()`},
			cmsScreen{name: "media-empty", hash: "#/collections/termine", click: "Medien",
				ready: `(function(){ var d = document.querySelector('[role=dialog]'); return !!d && d.innerText.indexOf('Keine Medien gefunden') >= 0 && !d.querySelector('[class*="-CardText"]'); })()`},
		)
		for k, v := range checkScreens(t, tb, screens) {
			counts[k] = v
		}

		// A picture uploaded into the empty media library: decap-server
		// writes it to the media folder, Decap chooses it, and with the
		// focus on the upload button the live region of sitegen-a11y.js
		// says so.
		t.Run("media-upload", func(t *testing.T) {
			// The file as the browser's file chooser hands it to the input
			// (a File in its files, then the change event React listens
			// to).
			if !eval[bool](t, tb, fmt.Sprintf(`(function () {
				var input = document.querySelector('[role=dialog] input[type=file]');
				if (!input) return false;
				var bin = atob(%q), bytes = new Uint8Array(bin.length);
				for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
				var dt = new DataTransfer();
				dt.items.add(new File([bytes], 'stadtplan.png', { type: 'image/png' }));
				input.files = dt.files;
				input.dispatchEvent(new Event('change', { bubbles: true }));
				return true;
			})()`, base64.StdEncoding.EncodeToString(buf.Bytes()))) {
				t.Fatal("the media library has no file input")
			}
			cmsWait(t, tb, "the uploaded picture in the media library", `Array.from(document.querySelectorAll('[role=dialog] [class*="-CardText"]')).some(function (c) { return c.textContent === 'stadtplan.png'; })`)
			deadline := time.Now().Add(30 * time.Second)
			for {
				b, err := os.ReadFile(filepath.Join(media, "stadtplan.png"))
				if err == nil && bytes.Equal(b, buf.Bytes()) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the upload is not content/dokumente/stadtplan.png as chosen (%d bytes, %v)", len(b), err)
				}
				time.Sleep(100 * time.Millisecond)
			}
			cmsWait(t, tb, "the live region to announce the choice", `document.getElementById('sitegen-status').textContent === 'Ausgewählt: stadtplan.png'`)
			if ax := axOf(t, tb, "document.getElementById('sitegen-status')"); ax.Ignored || ax.Role != "status" || ax.Props["live"] != "polite" {
				t.Errorf("the live region is in the accessibility tree as %+v, want a polite status", ax)
			}
			if ax := axOf(t, tb, `Array.from(document.querySelectorAll('[role=dialog] [class*="-CardText"]')).find(function (c) { return c.textContent === 'stadtplan.png'; }).parentElement`); ax.Props["pressed"] != "true" {
				t.Errorf("the uploaded picture, chosen, is in the accessibility tree as %+v, want pressed", ax)
			}
		})
		card := `Array.from(document.querySelectorAll('[role=dialog] [role=button]')).some(function (c) { return c.textContent.indexOf('stadtplan.png') >= 0 && c.getAttribute('aria-pressed') === %q; })`
		for k, v := range checkScreens(t, tb, []cmsScreen{
			{name: "media-uploaded", ready: fmt.Sprintf(card, "true")},
		}) {
			counts[k] = v
		}

		// The media library's picture is chosen by keyboard: a button in
		// the dialog's tab order (sitegen-a11y.js), named by its file,
		// that Enter presses, its state (aria-pressed) in the
		// accessibility tree. On the way the upload button: a button
		// named Hochladen whose Enter opens the browser's file chooser.
		t.Run("media-keyboard", func(t *testing.T) {
			resize(t, tb, 1280, 900, 1)
			// From the top of the dialog (react-modal focuses it when it
			// opens; the upload left the focus elsewhere).
			eval[bool](t, tb, "(function(){ document.querySelector('[role=dialog]').focus(); return true; })()")
			chooser := make(chan struct{}, 1)
			lctx, stop := context.WithCancel(tb.ctx)
			defer stop()
			chromedp.Listen(lctx, func(ev any) {
				if _, ok := ev.(*cdppage.EventFileChooserOpened); ok {
					select {
					case chooser <- struct{}{}:
					default:
					}
				}
			})
			tb.do(t, command(cdppage.SetInterceptFileChooserDialog, cdppage.SetInterceptFileChooserDialogParams{Enabled: true}))
			defer tb.do(t, command(cdppage.SetInterceptFileChooserDialog, cdppage.SetInterceptFileChooserDialogParams{Enabled: false}))
			w := &walker{t: t, tb: tb}
			upload := false
			var stops []string
			for i := 0; ; i++ {
				s := w.key(kb.Tab, false)
				stops = append(stops, s.Desc)
				if !s.Body && !s.Outline {
					t.Errorf("%s has the focus without a visible indicator", s.Desc)
				}
				if eval[bool](t, tb, `document.activeElement.matches('label.nc-fileUploadButton')`) {
					upload = true
					if ax := focusedAX(t, tb); ax.Role != "button" || ax.Name != "Hochladen" {
						t.Errorf("the upload button is announced as %s %q, want a button Hochladen", ax.Role, ax.Name)
					}
					tb.do(t, chromedp.KeyEvent(kb.Enter))
					select {
					case <-chooser:
					case <-time.After(20 * time.Second):
						t.Error("Enter on the upload button does not open the file chooser")
					}
				}
				if eval[bool](t, tb, `document.activeElement.getAttribute('role') === 'button' && document.activeElement.textContent.indexOf('stadtplan.png') >= 0`) {
					break
				}
				if i == 30 {
					t.Fatalf("Tab does not reach the picture in the media library; the stops: %q", stops)
				}
			}
			if !upload {
				t.Errorf("Tab does not reach the upload button before the picture; the stops: %q", stops)
			}
			pressed := func(want string) {
				t.Helper()
				cmsWait(t, tb, "the picture to be pressed="+want, fmt.Sprintf("document.activeElement.getAttribute('aria-pressed') === %q", want))
				ax := focusedAX(t, tb)
				if (ax.Role != "button" && ax.Role != "toggleButton") || !strings.Contains(ax.Name, "stadtplan.png") || ax.Props["pressed"] != want {
					t.Errorf("the picture in the media library is announced as %s %q %v, want a button named by its file, pressed %s", ax.Role, ax.Name, ax.Props, want)
				}
			}
			download := `Array.from(document.querySelectorAll('[role=dialog] button')).some(function (b) { return b.textContent.trim() === 'Download' && %sb.disabled; })`
			// Chosen by the upload; Enter lets it go, Enter chooses it.
			pressed("true")
			tb.do(t, chromedp.KeyEvent(kb.Enter))
			cmsWait(t, tb, "Download to be disabled without a choice", fmt.Sprintf(download, ""))
			pressed("false")
			tb.do(t, chromedp.KeyEvent(kb.Enter))
			cmsWait(t, tb, "the picture to be chosen (Download enabled)", fmt.Sprintf(download, "!"))
			pressed("true")
			if got := eval[string](t, tb, "document.getElementById('sitegen-status').textContent"); got != "Ausgewählt: stadtplan.png" {
				t.Errorf("the live region says %q after the focused picture was pressed; it speaks only for what the focus does not say", got)
			}
		})
		for k, v := range checkScreens(t, tb, []cmsScreen{
			{name: "media-selected", ready: fmt.Sprintf(card, "true")},
		}) {
			counts[k] = v
		}

		// The media library opened from a form's picture field: its
		// picture chosen, then used; the form with the picture.
		tb.do(t, chromedp.KeyEvent(kb.Escape))
		cmsWait(t, tb, "the media library to close", `!document.querySelector('label.nc-fileUploadButton')`)
		for k, v := range checkScreens(t, tb, []cmsScreen{
			// The picture field (image: file:) is in the map image:,
			// closed at first: opened, then its button pressed.
			{name: "media-insert", hash: "#/collections/termine/new",
				ready: `(function () {
					if (window.__cms.buttons('Ausgewähltes Element verwenden').length) return ` + fmt.Sprintf(card, "false") + `;
					var b = window.__cms.buttons('Wähle ein Bild')[0];
					if (b) { b.click(); return false; }
					var e = document.querySelector('button[data-testid="expand-button"][id^="image-field"]');
					if (e && e.getAttribute('aria-expanded') === 'false') e.click();
					return false;
				})()`},
		}) {
			counts[k] = v
		}
		eval[bool](t, tb, `(function(){ Array.from(document.querySelectorAll('[role=dialog] [role=button]')).find(function (c) { return c.textContent.indexOf('stadtplan.png') >= 0; }).click(); return true; })()`)
		for k, v := range checkScreens(t, tb, []cmsScreen{
			{name: "media-insert-selected", ready: fmt.Sprintf(card, "true")},
			{name: "new-termine-picture", click: "Ausgewähltes Element verwenden",
				ready: `!document.querySelector('label.nc-fileUploadButton') && window.__cms.buttons('Wähle ein anderes Bild').length`},
		}) {
			counts[k] = v
		}
		logCounts(t, counts)
		checkTab(t, tb, false)
	})
}

// axNode is what the accessibility tree (Chrome DevTools Protocol,
// Accessibility domain) says of an element: what a screen reader
// announces. Props are its other properties by name (pressed, live,
// expanded, …), as text.
type axNode struct {
	Role, Name, Description string
	Ignored                 bool
	Props                   map[string]string
}

// axValue returns an accessibility value as text.
func axValue(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	if json.Unmarshal([]byte(v.Value), &s) != nil {
		return string(v.Value)
	}
	return s
}

// focusedAX returns the node of the accessibility tree of the focused
// element.
func focusedAX(t *testing.T, tb *tab) axNode {
	t.Helper()
	return axOf(t, tb, "document.activeElement")
}

// axOf returns the node of the accessibility tree of the element the
// script evaluates to.
func axOf(t *testing.T, tb *tab, script string) axNode {
	t.Helper()
	var out axNode
	tb.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{Expression: script})
		if err != nil {
			return err
		}
		if res.Result == nil || res.Result.ObjectID == "" {
			return fmt.Errorf("no element %s", script)
		}
		no := false
		ax, err := cdp.Call(ctx, tg, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{ObjectID: res.Result.ObjectID, FetchRelatives: &no})
		if err != nil {
			return err
		}
		if len(ax.Nodes) == 0 {
			return fmt.Errorf("%s is not in the accessibility tree", script)
		}
		n := ax.Nodes[0]
		out = axNode{Role: axValue(n.Role), Name: axValue(n.Name), Description: axValue(n.Description), Ignored: n.Ignored, Props: map[string]string{}}
		for _, p := range n.Properties {
			out.Props[string(p.Name)] = axValue(p.Value)
		}
		return nil
	}))
	return out
}

// focusStop is what the page says of the focused element after a key.
type focusStop struct {
	Desc    string // tag, id and text, for messages
	Same    bool   // the same element as before the key
	Order   int    // 4: after the one before in the document, 2: before it, 0: the same or none
	Outline bool   // a focus indicator of at least 2 px (outline or box shadow)
	Visible bool   // in the window and not covered (WCAG 2.4.11)
	InForm  bool   // a control of a field of the form (it has a label[for])
	Label   string // then its label's text, as shown
	Hint    string // and its field's hint, as shown
	Body    bool   // nothing focused (the document)
}

// focusJS reads a focusStop; window.__last is the element before.
const focusJS = `(function () {
	var el = document.activeElement, last = window.__last;
	window.__last = el;
	var r = { Body: !el || el === document.body, Tag: el ? el.tagName.toLowerCase() : '', Id: (el && el.id) || '', Type: (el && el.type) || '',
		Href: (el && el.getAttribute && el.getAttribute('href')) || '', Text: el ? (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 80) : '',
		Value: el && 'value' in el ? String(el.value) : '' };
	r.Desc = r.Tag + (r.Id ? '#' + r.Id : '') + (r.Text ? ' "' + r.Text.split('\n')[0] + '"' : '');
	if (r.Body) { return r; }
	r.Same = el === last;
	r.Order = !last || r.Same || !document.contains(last) ? 0 : (last.compareDocumentPosition(el) & 4 ? 4 : 2);
	var cs = getComputedStyle(el);
	r.Outline = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow !== 'none' && cs.boxShadow !== '');
	var b = el.getBoundingClientRect();
	var x = Math.min(Math.max(b.left + b.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(b.top + Math.min(b.height / 2, 10), 0), innerHeight - 1);
	var hit = document.elementFromPoint(x, y);
	r.Visible = b.bottom > 0 && b.top < innerHeight && b.right > 0 && b.left < innerWidth && !!hit && (hit === el || el.contains(hit) || hit.contains(el) || (hit.tagName === 'LABEL' && hit.control === el));
	var l = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
	if (l) {
		r.InForm = true;
		r.Label = l.textContent.trim();
		var h = document.getElementById(el.id + '-hint');
		r.Hint = h ? h.textContent.trim() : '';
	}
	return r;
})()`

// walker presses keys in a tab and checks every focus stop: a visible
// focus indicator, not covered, in the order of the document (forward
// with Tab, back with Shift+Tab), and for a field's control, its label
// and hint in the accessibility tree.
type walker struct {
	t     *testing.T
	tb    *tab
	stops int
	names map[string]axNode // the fields' controls reached, by label
}

func (w *walker) key(k string, shift bool) focusStop {
	w.t.Helper()
	if shift {
		w.tb.do(w.t, chromedp.KeyEvent(k, chromedp.KeyModifiers(chromedp.ModifierShift)))
	} else {
		w.tb.do(w.t, chromedp.KeyEvent(k))
	}
	return eval[focusStop](w.t, w.tb, focusJS)
}

// tab presses Tab (Shift+Tab with back) until until (a script on el, the
// focused element) is true, at most max times, checking each stop.
func (w *walker) tab(what string, back bool, max int, until string) focusStop {
	w.t.Helper()
	for i := 0; i < max; i++ {
		s := w.key(kb.Tab, back)
		w.stops++
		if s.Body {
			w.t.Fatalf("%s: after %d presses of Tab the focus is on nothing (lost)", what, i+1)
		}
		if !s.Outline {
			w.t.Errorf("%s: %s has the focus without a visible indicator", what, s.Desc)
		}
		if !s.Visible {
			shot(w.t, w.tb, "covered")
			w.t.Errorf("%s: %s has the focus outside the window or covered (WCAG 2.4.11)", what, s.Desc)
		}
		want := 4
		if back {
			want = 2
		}
		if s.Order != 0 && s.Order != want {
			w.t.Errorf("%s: Tab%s moved the focus against the order of the page, to %s", what, map[bool]string{true: " back"}[back], s.Desc)
		}
		if s.InForm {
			w.field(s)
		}
		if eval[bool](w.t, w.tb, "(function(el){ try { return !!("+until+") } catch (e) { return false } })(document.activeElement)") {
			return s
		}
	}
	shot(w.t, w.tb, "walk")
	w.t.Fatalf("%s: not reached with %d presses of Tab", what, max)
	return focusStop{}
}

// field checks the accessibility tree of a field's focused control: its
// name is the label as shown, its description has the hint as shown.
func (w *walker) field(s focusStop) {
	w.t.Helper()
	ax := focusedAX(w.t, w.tb)
	if ax.Name != s.Label {
		w.t.Errorf("%s: the accessibility tree names it %q, its label says %q", s.Desc, ax.Name, s.Label)
	}
	if s.Hint != "" && !strings.Contains(ax.Description, s.Hint) {
		w.t.Errorf("%s (%s): the accessibility tree describes it as %q, not with its hint %q", s.Desc, s.Label, ax.Description, s.Hint)
	}
	if w.names == nil {
		w.names = map[string]axNode{}
	}
	if _, ok := w.names[s.Label]; !ok {
		w.names[s.Label] = ax
	}
}

// insert types text as one input (the keyboard's text, as an input method
// commits it: Decap re-renders the form between single keystrokes).
func (w *walker) insert(text string) {
	w.t.Helper()
	w.tb.do(w.t, command(input.InsertText, input.InsertTextParams{Text: text}))
}

// dateKeys returns the keys that type the wall-clock time v
// ("2027-03-18T17:30") into a focused datetime-local input, in the order
// Chromium shows its parts. That order is the browser's locale, which
// Chromium on Linux takes from the environment it was started with
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), not from --lang or the
// protocol's locale override: German (TT.MM.JJJJ, hh:mm) or, without a
// locale (C, POSIX, unset), American (MM/DD/YYYY, hh:mm AM/PM). Another
// locale fails the test, saying so.
func dateKeys(t *testing.T, v string) []chromedp.Action[chromedp.Void] {
	t.Helper()
	loc := ""
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if e := os.Getenv(k); e != "" {
			loc = strings.SplitN(e, ":", 2)[0]
			break
		}
	}
	y, mo, d, h, mi := v[0:4], v[5:7], v[8:10], v[11:13], v[14:16]
	switch {
	case strings.HasPrefix(loc, "de"):
		return []chromedp.Action[chromedp.Void]{chromedp.KeyEvent(d + mo + y), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(h + mi)}
	case loc == "" || loc == "C" || loc == "POSIX" || strings.HasPrefix(loc, "C.") || strings.HasPrefix(loc, "en_US"):
		hour, ampm := h, "A"
		if n := (int(h[0]-'0'))*10 + int(h[1]-'0'); n >= 12 {
			ampm = "P"
			if n > 12 {
				hour = fmt.Sprintf("%02d", n-12)
			}
		} else if n == 0 {
			hour = "12"
		}
		return []chromedp.Action[chromedp.Void]{chromedp.KeyEvent(mo + d + y), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(hour + mi + ampm)}
	}
	t.Fatalf("the browser's locale %q (from the environment): the test knows the order of a date input's parts only for German and American", loc)
	return nil
}

// TestCMSKeyboard enters a whole Termin by keyboard alone, in the
// editorial workflow of the Git host: log in, open Termine, a new one,
// the title, the start in the Bamberg widget (typed into the browser's
// date-and-time input), the series and the organizer (native selects,
// chosen by typing), the place (opening the location), the text, the
// picture field's button (opening the map image:), then in the right
// pane the translation's title and text; save it as a draft, send it to
// review. Every focus stop on the way has a visible focus indicator, is
// not covered, follows the order of the page (forward with Tab, back
// with Shift+Tab), and no field traps the focus; every field's control
// reached, in both panes, is named in the accessibility tree by its
// German label and described by its hint. The draft is the files Decap
// wrote in TestCMS (internal/cms/testdata/decap-written, which
// TestDecapWritten builds), byte for byte: the original as the new
// Termin's, the translation as the translated Termin's. Then axe checks
// the workflow's screens: the board with the draft, the form with its
// status.
func TestCMSKeyboard(t *testing.T) {
	gate(t)
	t.Parallel()
	p := startPreview(t)
	want, err := os.ReadFile(filepath.Join(repoRoot, "internal", "cms", "testdata", "decap-written", "sprachcafe-im-rathaus.de.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The translation's file is that of TestCMS's translation: the same
	// title and text.
	wantEn, err := os.ReadFile(filepath.Join(repoRoot, "internal", "cms", "testdata", "decap-written", "treffpunkt-sprache.en.md"))
	if err != nil {
		t.Fatal(err)
	}
	tb := cmsPrivateTab(t, p, true)
	tb.do(t, onNewDocument(`window.__focusLog = [];
document.addEventListener('focusin', function (e) { var el = e.target; window.__focusLog.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || '').trim().slice(0, 30)); }, true);`))
	resize(t, tb, 1280, 900, 1)
	cmsOpen(t, tb, p.url+"/admin/")
	cmsWait(t, tb, "the login page", "window.__cms.buttons('Login').length")
	w := &walker{t: t, tb: tb}
	enter := func() { w.tb.do(t, chromedp.KeyEvent(kb.Enter)) }

	w.tab("the button Login", false, 10, "el.textContent.trim() === 'Login'")
	enter()
	cmsWait(t, tb, "the collections", `document.querySelector('a[href$="/collections/termine"]')`)
	w.tab("the collection Termine", false, 40, `/\/collections\/termine$/.test(el.getAttribute('href') || '')`)
	enter()
	cmsWait(t, tb, "the list of Termine", `document.body.innerText.indexOf('Runder Tisch') >= 0 && document.querySelector('a[href$="/collections/termine/new"]')`)
	w.tab("the button for a new Termin", false, 40, `/\/collections\/termine\/new$/.test(el.getAttribute('href') || '')`)
	enter()
	cmsWait(t, tb, "the form", `document.querySelector('label[for^="title-field"]')`)

	valueIs := func(what, v string) {
		t.Helper()
		cmsWait(t, tb, what+" to hold "+v, fmt.Sprintf("document.activeElement.value === %q", v))
	}
	w.tab("the title", false, 40, `el.id === document.querySelector('label[for^="title-field"]').htmlFor`)
	w.insert("Sprachcafé im Rathaus")
	valueIs("the title", "Sprachcafé im Rathaus")
	w.tab("the start", false, 5, `el.type === 'datetime-local' && el.id.indexOf('start-field') === 0`)
	// The parts in the order the input shows them (it moves on by itself
	// after two digits; after the year, which may have six, the right
	// arrow).
	tb.do(t, dateKeys(t, "2027-03-18T17:30")...)
	valueIs("the start", "2027-03-18T17:30")
	w.tab("the series", false, 12, `el.tagName === 'SELECT' && el.id.indexOf('series-field') === 0`)
	tb.do(t, chromedp.KeyEvent("R"))
	valueIs("the series", "runder-tisch")
	w.tab("the location", false, 5, `el.getAttribute('data-testid') === 'expand-button' && el.id.indexOf('location-field') === 0`)
	ax := focusedAX(t, tb)
	if !strings.Contains(ax.Name, "Ort (location)") || !strings.Contains(ax.Description, "Ort: name, address, url") {
		t.Errorf("the button that opens the location is announced as %q, %q; want its field's label and hint", ax.Name, ax.Description)
	}
	enter()
	cmsWait(t, tb, "the location's fields", `document.querySelector('label[for^="name-field"]') && document.getElementById(document.querySelector('label[for^="name-field"]').htmlFor).offsetParent !== null`)
	if ax := focusedAX(t, tb); !strings.Contains(ax.Name, "Ort (location)") {
		t.Errorf("after opening the location the focus is on %q", ax.Name)
	}
	w.tab("the place's name", false, 3, `el.id.indexOf('name-field') === 0`)
	w.insert("Rathaus")
	valueIs("the place's name", "Rathaus")
	w.tab("the place's address", false, 3, `el.id.indexOf('address-field') === 0`)
	w.insert("Maximiliansplatz 3, 96047 Bamberg")
	valueIs("the place's address", "Maximiliansplatz 3, 96047 Bamberg")
	w.tab("the organizer", false, 6, `el.tagName === 'SELECT' && el.id.indexOf('organizer-field') === 0`)
	tb.do(t, chromedp.KeyEvent("B"))
	valueIs("the organizer", "beirat")
	w.tab("the text", false, 8, `el.tagName === 'TEXTAREA' && el.id.indexOf('body-field') === 0`)
	w.insert("Deutsch üben bei Kaffee und Kuchen.")
	valueIs("the text", "Deutsch üben bei Kaffee und Kuchen.")
	// No trap: Tab leaves the text (Decap's own editor kept it) for the
	// next field.
	if s := w.key(kb.Tab, false); s.Same || s.Body || s.Order != 4 {
		t.Errorf("Tab in the text field does not move the focus on to the next field (%s); the focus went to: %s", s.Desc,
			eval[string](t, tb, "(window.__focusLog || []).slice(-6).join(', ')"))
	}
	// The picture (image: file:, in the closed map image:): Decap's
	// button „Wähle ein Bild“ is named by its field and described by its
	// hint too (sitegen-a11y.js), not left as a button of no field.
	w.tab("the picture's map", false, 20, `el.getAttribute('data-testid') === 'expand-button' && el.id.indexOf('image-field') === 0`)
	enter()
	w.tab("the picture's button", false, 3, `el.textContent.trim() === 'Wähle ein Bild'`)
	type fieldText struct{ Label, Hint string }
	// The field of the focused button: the label of the innermost field
	// box around it, and the hint below.
	pf := eval[fieldText](t, tb, `(function (el) {
		var l = Array.from(document.querySelectorAll('label[for]')).filter(function (l) {
			var b = l.parentElement && l.parentElement.parentElement;
			return b && b.contains(el) && b.querySelectorAll('label[for]').length === 1;
		})[0];
		if (!l) return {Label: '', Hint: ''};
		var h = l.parentElement.parentElement.lastElementChild;
		return {Label: l.textContent.trim(), Hint: h && h.tagName === 'P' ? h.textContent.trim() : ''};
	})(document.activeElement)`)
	if ax := focusedAX(t, tb); pf.Label == "" || ax.Name != "Wähle ein Bild "+pf.Label || pf.Hint == "" || !strings.Contains(ax.Description, pf.Hint) {
		t.Errorf("the picture's button is announced as %s %q – %q; want „Wähle ein Bild“ with its field's label %q and hint %q", ax.Role, ax.Name, ax.Description, pf.Label, pf.Hint)
	} else {
		w.names["(image) "+pf.Label] = ax
	}

	// The translation in the right pane (English), after the language
	// menu: its title and its text, labelled and described as the
	// German ones; the title and text of TestCMS's translation, so that
	// its file is that of the oracle.
	w.tab("the English title", false, 60, `el.id === document.querySelectorAll('label[for^="title-field"]')[1].htmlFor`)
	w.insert("Language meeting point")
	valueIs("the English title", "Language meeting point")
	enTitle := focusedAX(t, tb)
	w.tab("the English text", false, 30, `el === document.querySelectorAll('textarea[id^="body-field"]')[1]`)
	w.insert("Speaking German.")
	valueIs("the English text", "Speaking German.")
	enText := focusedAX(t, tb)
	for _, ax := range []axNode{enTitle, enText} {
		if de, ok := w.names[ax.Name]; !ok || de.Description != ax.Description {
			t.Errorf("the English pane's field is announced as %q – %q, not as the German pane's %q – %q", ax.Name, ax.Description, de.Name, de.Description)
		}
	}
	if s := w.key(kb.Tab, false); s.Same || s.Body {
		t.Errorf("Tab in the English text does not move the focus on (%s)", s.Desc)
	}

	// Every field of both panes was announced with its label.
	for _, l := range []string{"Titel (title)", "Beginn (Bamberger Zeit) (start)", "Reihe (series) (optional)", "Name (name) (optional)",
		"Anschrift (address) (optional)", "Veranstalter (organizer) (optional)", "Text (optional)", "(image) " + pf.Label} {
		if _, ok := w.names[l]; !ok {
			t.Errorf("the walk reached no field labelled %q (reached: %q)", l, slices.Sorted(maps.Keys(w.names)))
		}
	}

	// Save as a draft: back to the button, up the page.
	w.tab("the button Speichern", true, 160, "el.textContent.trim() === 'Speichern'")
	enter()
	key := "termine/sprachcafe-im-rathaus"
	cmsWait(t, tb, "the draft", fmt.Sprintf("window.repoFilesUnpublished && window.repoFilesUnpublished[%q]", key))
	type diff struct{ Path, Content string }
	diffs := eval[[]diff](t, tb, fmt.Sprintf("window.repoFilesUnpublished[%q].diffs.map(function (d) { return {Path: d.path, Content: String(d.content)}; })", key))
	got := map[string]string{}
	for _, d := range diffs {
		got[d.Path] = d.Content
	}
	for path, w := range map[string][]byte{"content/termine/sprachcafe-im-rathaus.de.md": want, "content/termine/sprachcafe-im-rathaus.en.md": wantEn} {
		if got[path] != string(w) {
			t.Errorf("the draft's %s is\n%s\nwant it as TestCMS saved it (internal/cms/testdata/decap-written):\n%s", path, got[path], w)
		}
	}
	if len(diffs) != 2 {
		t.Errorf("the draft has %d files, want the original and its translation: %+v", len(diffs), diffs)
	}
	// Send it to review: the status button, its menu by arrow keys.
	cmsWait(t, tb, "the status button", "window.__cms.buttons('Status: Entwurf').length")
	w.tab("the status button", false, 40, "/^Status: Entwurf/.test(el.textContent.trim())")
	enter()
	cmsWait(t, tb, "the status menu", `document.querySelector('[role=menu]')`)
	for i := 0; ; i++ {
		if eval[bool](t, tb, `document.activeElement.textContent.trim() === 'Zur Überprüfung'`) {
			break
		}
		if i == 5 {
			shot(t, tb, "menu")
			t.Fatalf("the status menu has no item Zur Überprüfung under the arrow keys (focus on %q)", eval[string](t, tb, "document.activeElement.outerHTML.slice(0, 200)"))
		}
		tb.do(t, chromedp.KeyEvent(kb.ArrowDown))
	}
	if s := eval[focusStop](t, tb, focusJS); !s.Outline {
		t.Errorf("the menu item Zur Überprüfung has the focus without a visible indicator")
	}
	enter()
	cmsWait(t, tb, "the entry in review", fmt.Sprintf("window.repoFilesUnpublished[%q].status === 'pending_review'", key))
	var heard strings.Builder
	for _, l := range slices.Sorted(maps.Keys(w.names)) {
		fmt.Fprintf(&heard, "\n  %s %q – %q", w.names[l].Role, w.names[l].Name, w.names[l].Description)
	}
	t.Logf("keyboard walk: %d focus stops checked; the fields as the accessibility tree announces them:%s", w.stops, heard.String())
	checkTab(t, tb, false)

	// The workflow's screens, with the entry in review.
	counts := checkScreens(t, tb, []cmsScreen{
		{name: "workflow-edit", hash: "#/collections/termine/entries/sprachcafe-im-rathaus", ready: `window.__cms.buttons('Status: Zur Überprüfung').length`},
		{name: "workflow-new", hash: "#/collections/termine/new", ready: `document.querySelectorAll('label[for^="title-field"]').length === 2 && window.__cms.buttons('Speichern').length`},
		{name: "workflow-board", hash: "#/workflow", ready: `document.body.innerText.indexOf('Sprachcafé im Rathaus') >= 0`},
	})
	logCounts(t, counts)
}
