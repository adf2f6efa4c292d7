package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// viewport is one window the pages are laid out in.
type viewport struct {
	name          string // in the screenshot's file name
	width, height int64
	scale         float64 // device pixels per CSS pixel
	mobile        bool
	full          bool // screenshot of the whole page, not only the window
}

// viewports: a small phone, a tablet, a desktop, and a desktop window of
// 1280×1024 zoomed to 400 % – 320×256 CSS px (WCAG 1.4.10 Reflow).
var viewports = []viewport{
	{"320", 320, 640, 2, true, true},
	{"768", 768, 1024, 1, true, true},
	{"1280", 1280, 900, 1, false, true},
	{"zoom400", 320, 256, 4, false, false},
}

// overflowCheck reports horizontal scrolling of the page, elements that
// reach out of the viewport (outside the scrolling table containers) and
// elements that cut their content off.
const overflowCheck = `(() => {
  const de = document.documentElement, vw = de.clientWidth;
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    ' "' + (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"';
  const clips = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const res = {scrollWidth: de.scrollWidth, clientWidth: vw, wide: [], clipped: []};
  for (const el of document.body.querySelectorAll('*')) {
    if (el.parentElement.closest('.table-scroll, .skip-link')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 1 || r.left < -1) && !(el.parentElement.getBoundingClientRect().right > vw + 1)) {
      res.wide.push(describe(el) + ' spans ' + Math.round(r.left) + '…' + Math.round(r.right) + ' px');
    }
    if (clips(el) && el.scrollWidth > el.clientWidth + 1 && !el.matches('.table-scroll, .skip-link')) {
      res.clipped.push(describe(el) + ' cuts off ' + (el.scrollWidth - el.clientWidth) + ' px');
    }
  }
  return res;
})()`

type overflow struct {
	ScrollWidth, ClientWidth int
	Wide, Clipped            []string
}

// rtlLangs are the declared languages written right to left: their pages
// are <html dir="rtl">.
var rtlLangs = []string{"ar"}

// rtlScreenshots are the right-to-left pages of the real site whose
// screenshots at every width must be there for review after TestPages
// (artifacts/screenshots/real/<name>-<width>.png).
var rtlScreenshots = []string{"ar", "ar_termine", "ar_fip"}

// rtlState describes what must be mirrored on a right-to-left page: the
// boxes of the main navigation's items and of the breadcrumbs, the
// direction the breadcrumb separators point to, and whether the page can
// be scrolled sideways (to the left, as a right-to-left page overflows, or
// to the right).
const rtlState = `(() => {
  const de = document.documentElement;
  const boxes = sel => [...document.querySelectorAll(sel)].filter(el => el.getClientRects().length > 0).map(el => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
      what: el.tagName.toLowerCase() + ' "' + el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40) + '"'};
  });
  // A separator is drawn as the top and right border of a square turned by
  // the transform; the corner they meet in points along (a - c, b - d).
  const chevrons = [...document.querySelectorAll('.breadcrumbs li + li')].map(li => {
    const t = getComputedStyle(li, '::before').transform;
    const m = /^matrix\(([^)]*)\)$/.exec(t);
    if (!m) { return {transform: t, x: 0}; }
    const [a, , c] = m[1].split(',').map(Number);
    return {transform: t, x: a - c};
  });
  const x0 = window.scrollX;
  window.scrollTo(-100000, window.scrollY); const toLeft = window.scrollX;
  window.scrollTo(100000, window.scrollY); const toRight = window.scrollX;
  window.scrollTo(x0, window.scrollY);
  return {dir: de.getAttribute('dir') || '', direction: getComputedStyle(de).direction,
    nav: boxes('nav.site-nav li'), crumbs: boxes('.breadcrumbs li'), chevrons, toLeft, toRight};
})()`

// box is an element's border box in CSS px.
type box struct {
	Left, Right, Top, Bottom float64
	What                     string
}

type rtlInfo struct {
	Dir, Direction string
	Nav, Crumbs    []box
	Chevrons       []struct {
		Transform string
		X         float64 // < 0: points left
	}
	ToLeft, ToRight float64 // scrollX after scrolling as far as possible each way
}

// sameLine reports whether a and b stand in one line (they overlap by at
// least half the lower one's height).
func sameLine(a, b box) bool {
	overlap := min(a.Bottom, b.Bottom) - max(a.Top, b.Top)
	return overlap >= min(a.Bottom-a.Top, b.Bottom-b.Top)/2
}

// rightToLeft checks that items follow each other from right to left:
// in a line each one stands to the left of the one before it, and a line
// that wraps goes on below, beginning again on the right.
func rightToLeft(items []box) []string {
	var bad []string
	for i := 1; i < len(items); i++ {
		a, b := items[i-1], items[i]
		switch {
		case sameLine(a, b):
			if b.Right > a.Left+1 {
				bad = append(bad, fmt.Sprintf("%s (%.0f…%.0f px) is not left of %s (%.0f…%.0f px) before it", b.What, b.Left, b.Right, a.What, a.Left, a.Right))
			}
		case b.Top < a.Bottom-1:
			bad = append(bad, fmt.Sprintf("%s (top %.0f px) is above %s (bottom %.0f px) before it", b.What, b.Top, a.What, a.Bottom))
		case b.Right < a.Right-1:
			bad = append(bad, fmt.Sprintf("%s begins a new line at %.0f px, left of where %s before it ends (%.0f px): the line does not start on the right", b.What, b.Right, a.What, a.Right))
		}
	}
	return bad
}

// checkRTL checks a right-to-left page as laid out in vp: <html dir="rtl">,
// the main navigation and the breadcrumbs mirrored (the first item on the
// right), the breadcrumb separators pointing left, and no sideways
// scrolling.
func checkRTL(t *testing.T, tb *tab, p page, vp viewport) {
	t.Helper()
	r := eval[rtlInfo](t, tb, rtlState)
	if r.Dir != "rtl" || r.Direction != "rtl" {
		t.Errorf("%s: <html dir=%q>, direction %s; want rtl", p.path, r.Dir, r.Direction)
		return
	}
	if len(r.Nav) < 2 {
		t.Errorf("%s at %s: the main navigation has %d visible items, want 2 or more", p.path, vp.name, len(r.Nav))
	} else {
		first, second := r.Nav[0], r.Nav[1]
		switch {
		case sameLine(first, second):
			if first.Left < second.Right-1 {
				t.Errorf("%s at %s: the main navigation is not mirrored: its first item %s (%.0f…%.0f px) is not right of its second %s (%.0f…%.0f px)", p.path, vp.name, first.What, first.Left, first.Right, second.What, second.Left, second.Right)
			}
		case vp.width >= 1280:
			t.Errorf("%s at %s: the main navigation's first two items are not in one line", p.path, vp.name)
		}
		for _, b := range rightToLeft(r.Nav) {
			t.Errorf("%s at %s: main navigation: %s", p.path, vp.name, b)
		}
	}
	for _, b := range rightToLeft(r.Crumbs) {
		t.Errorf("%s at %s: breadcrumbs: %s", p.path, vp.name, b)
	}
	for i, c := range r.Chevrons {
		if c.X >= 0 {
			t.Errorf("%s at %s: breadcrumb separator %d does not point left (transform %s)", p.path, vp.name, i+1, c.Transform)
		}
	}
	if r.ToLeft != 0 || r.ToRight != 0 {
		t.Errorf("%s at %s: the page scrolls sideways (scrollX %.0f … %.0f px): a horizontal scrollbar", p.path, vp.name, r.ToLeft, r.ToRight)
	}
}

// viewportJS waits until the document is laid out in the viewport with
// the given width, height and scale (the emulation reaches the page
// asynchronously) and reports whether it is. It asks the media queries,
// which see the viewport the layout is made for: innerWidth would grow
// with a page too wide for a phone's screen.
const viewportJS = `(async (w, h, scale) => {
  const mq = matchMedia('(width: ' + w + 'px) and (height: ' + h + 'px)');
  for (let i = 0; i < 200; i++) {
    if (mq.matches && devicePixelRatio === scale) return true;
    await new Promise(r => setTimeout(r, 10));
  }
  return false;
})(%d, %d, %g)`

// setViewport lays the page out anew in vp.
func setViewport(t *testing.T, tb *tab, vp viewport) {
	t.Helper()
	tb.do(t, command(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: vp.width, Height: vp.height, DeviceScaleFactor: vp.scale, Mobile: vp.mobile,
	}))
}

// screenshot takes a PNG of the window, or of the whole page if full,
// encoded for speed rather than size (the files are for review only: about a
// quarter larger, made with less of the browser's time).
func screenshot(full bool) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		yes := true
		r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			Format: cdppage.CaptureScreenshotFormatPng, FromSurface: &yes, CaptureBeyondViewport: &full, OptimizeForSpeed: &yes,
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

// checkLayout lays the page loaded in tb out at 320, 768 and 1280 CSS px
// and at 400 % zoom: no horizontal scrolling, nothing wider than the
// viewport except inside .table-scroll, nothing cut off. Pages of a
// right-to-left language are <html dir="rtl"> and mirrored (see
// checkRTL). If shots, it saves screenshots for review in
// artifacts/screenshots/<site>/<page>-<width>.png (and <page>-320-dark.png
// in the dark colour scheme); the Arabic ones are ar-*.png,
// ar_termine-*.png, ar_fip-*.png …. It leaves the page laid out in the
// last viewport, in the light colour scheme.
//
// The page is loaded once, and the window is then resized to each
// viewport: the layout follows the viewport through the stylesheet's
// media queries, and no script of the site reads the window's size
// (assets/js), so a resized page is laid out as one loaded at that size.
func checkLayout(t *testing.T, tb *tab, s *site, p page, shots bool) {
	rtl := slices.Contains(rtlLangs, s.lang(p))
	tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("light")))
	for _, vp := range viewports {
		setViewport(t, tb, vp)
		if !eval[bool](t, tb, fmt.Sprintf(viewportJS, vp.width, vp.height, vp.scale)) {
			t.Fatalf("%s: the page is not laid out at %s (%d × %d CSS px, scale %g) after 2 s", p.path, vp.name, vp.width, vp.height, vp.scale)
		}
		o := eval[overflow](t, tb, overflowCheck)
		if o.ScrollWidth > o.ClientWidth {
			t.Errorf("%s at %s: the page scrolls sideways (scrollWidth %d > clientWidth %d)", p.path, vp.name, o.ScrollWidth, o.ClientWidth)
		}
		for _, w := range o.Wide {
			t.Errorf("%s at %s: wider than the viewport: %s", p.path, vp.name, w)
		}
		for _, c := range o.Clipped {
			t.Errorf("%s at %s: content cut off: %s", p.path, vp.name, c)
		}
		if rtl {
			checkRTL(t, tb, p, vp)
		}
		if !shots {
			continue
		}
		shot := screenshot(vp.full)
		png, err := chromedp.Run(tb.ctx, shot)
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		name := filepath.Join(screenshotDir, s.name, fmt.Sprintf("%s-%s.png", p.name, vp.name))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		if vp.name == "320" { // and the dark colour scheme on a phone
			tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("dark")))
			png, err := chromedp.Run(tb.ctx, shot)
			tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("light")))
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			name := filepath.Join(screenshotDir, s.name, fmt.Sprintf("%s-%s-dark.png", p.name, vp.name))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkRTLScreenshots checks that every right-to-left page of the real
// site was laid out and photographed at every width, those for review in
// rtlScreenshots among them.
func checkRTLScreenshots(t *testing.T, laidOut int) {
	if laidOut == 0 {
		t.Fatal("no page of the real site was laid out in this run (a -run that leaves them out leaves this out too)")
	}
	var rtlPages []string
	for _, p := range realSite.pages {
		if !p.redirect && slices.Contains(rtlLangs, realSite.lang(p)) {
			rtlPages = append(rtlPages, p.name)
		}
	}
	for _, name := range rtlScreenshots {
		if !slices.Contains(rtlPages, name) {
			t.Errorf("the real site has no right-to-left page %s", name)
		}
	}
	for _, name := range rtlPages {
		for _, vp := range viewports {
			f := filepath.Join(screenshotDir, realSite.name, fmt.Sprintf("%s-%s.png", name, vp.name))
			if _, err := os.Stat(f); err != nil {
				t.Errorf("no screenshot of %s at %s: %v", name, vp.name, err)
			}
		}
	}
}
