package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// headerState is what headerCheck reads of a page's header.
type headerState struct {
	H1Bottom     float64 // of the page's <h1>, in CSS px from the top of the page
	SummaryShown bool    // the "Menü" summary takes space
	Open         bool    // the disclosure is open
	NavShown     int     // main navigation links that take space
	NavLinks     int
	NavLines     int // lines the shown links stand on
	Summary      string
	Expanded     string // what the accessibility tree says of the summary (aria-expanded is implicit)
}

const headerCheck = `(() => {
  // checkVisibility: the closed details' content is content-visibility:
  // hidden, whose boxes still have sizes.
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && el.checkVisibility({visibilityProperty: true}); };
  const d = document.querySelector('header details.menu');
  const s = d && d.querySelector('summary');
  const links = [...document.querySelectorAll('header nav.site-nav a')];
  const tops = new Set(links.filter(shown).map(a => Math.round(a.getBoundingClientRect().top)));
  return {
    h1Bottom: document.querySelector('main h1').getBoundingClientRect().bottom + window.scrollY,
    summaryShown: !!s && shown(s),
    open: !!d && d.open,
    navShown: links.filter(shown).length,
    navLinks: links.length,
    navLines: tops.size,
    summary: s ? s.textContent.trim() : '',
  };
})()`

// TestHeaderPhone checks the header on a phone (360 × 640 CSS px): the
// main navigation is folded into the "Menü" disclosure, the page's <h1>
// is on the first screen, the disclosure opens with the keyboard (Tab to
// it, Enter) and shows every menu link. From 48em the navigation is
// always shown, on at most two lines, and the summary is gone. It keeps
// screenshots of the phone header, closed and open.
func TestHeaderPhone(t *testing.T) {
	gate(t)
	t.Parallel()
	dir := filepath.Join(screenshotDir, "header")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/akteure/migranten-und-integrationsbeirat/", "/en/termine/", "/ar/fip/", "/uk/runder-tisch-fachforum/", "/tr/suche/"} {
		t.Run(p, func(t *testing.T) {
			t.Parallel() // each page in a tab of its own
			slot(t)
			tb := newTab(t)
			size := func(w, h int64) {
				tb.do(t, command(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 2, Mobile: w < 768}))
			}
			pg := realSite.page(t, p)
			size(360, 640)
			tb.open(t, realSite.at(p))
			h := eval[headerState](t, tb, headerCheck)
			if !h.SummaryShown || h.Open || h.NavShown != 0 {
				t.Errorf("at 360 px: summary shown %v, open %v, %d of %d menu links shown; want the menu folded", h.SummaryShown, h.Open, h.NavShown, h.NavLinks)
			}
			if h.H1Bottom > 640 {
				t.Errorf("at 360 × 640 px the <h1> ends %.0f px down: not on the first screen", h.H1Bottom)
			}
			name := filepath.Join(dir, pg.name)
			shoot(t, tb, name+"-360.png")
			// The keyboard: Tab from the skip link and the site title to the summary, Enter.
			eval[bool](t, tb, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
			tb.do(t, chromedp.KeyEvent(kb.Tab+kb.Tab+kb.Tab))
			if got := eval[string](t, tb, `document.activeElement.tagName + '.' + (document.activeElement.closest('details.menu') ? 'menu' : '')`); got != "SUMMARY.menu" {
				t.Fatalf("the third Tab reaches %s, not the Menü summary", got)
			}
			tb.do(t, chromedp.KeyEvent(kb.Enter))
			h = eval[headerState](t, tb, headerCheck)
			if !h.Open || h.NavShown != h.NavLinks || h.NavLinks == 0 {
				t.Errorf("after Enter: open %v, %d of %d menu links shown", h.Open, h.NavShown, h.NavLinks)
			}
			shoot(t, tb, name+"-360-open.png")
			tb.do(t, chromedp.KeyEvent(kb.Enter))
			if h = eval[headerState](t, tb, headerCheck); h.Open {
				t.Error("a second Enter does not close the menu")
			}
			// The screen reader's view: a button, collapsed or expanded.
			role := eval[string](t, tb, `(() => { const s = document.querySelector('details.menu summary'); return getComputedStyle(s).display; })()`)
			if role == "none" {
				t.Error("the summary is hidden from screen readers at 360 px")
			}
			for _, w := range []int64{768, 1280} {
				size(w, 900)
				tb.open(t, realSite.at(p))
				h = eval[headerState](t, tb, headerCheck)
				if h.SummaryShown || h.NavShown != h.NavLinks || h.NavLines > 2 {
					t.Errorf("at %d px: summary shown %v, %d of %d menu links shown on %d lines; want the navigation open on at most 2 lines", w, h.SummaryShown, h.NavShown, h.NavLinks, h.NavLines)
				}
			}
		})
	}
}

// shoot saves a screenshot of the window.
func shoot(t *testing.T, tb *tab, file string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
