package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
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

// TestLayout lays every page out at 320, 768 and 1280 CSS px and at 400 %
// zoom: no horizontal scrolling, nothing wider than the viewport except
// inside .table-scroll, nothing cut off. Screenshots go to
// artifacts/screenshots/<site>/<page>-<width>.png for review (and
// <page>-320-dark.png in the dark colour scheme).
func TestLayout(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	for _, s := range sites {
		if err := os.RemoveAll(filepath.Join(screenshotDir, s.name)); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(screenshotDir, s.name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		// Leave the tab as other users of the browser expect it.
		tb.do(t, command(emulation.ClearDeviceMetricsOverride, struct{}{}))
	})
	eachPage(t, func(t *testing.T, s *site, p page) {
		if p.redirect {
			t.Skip("an alias page forwards at once; its target is checked")
		}
		for _, vp := range viewports {
			tb.do(t,
				command(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
					Width: vp.width, Height: vp.height, DeviceScaleFactor: vp.scale, Mobile: vp.mobile,
				}),
			)
			tb.open(t, s.at(p.path))
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
			shot := chromedp.CaptureScreenshot()
			if vp.full {
				shot = chromedp.FullScreenshot(100)
			}
			ctx := tb.ctx
			png, err := chromedp.Run(ctx, shot)
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			name := filepath.Join(screenshotDir, s.name, fmt.Sprintf("%s-%s.png", p.name, vp.name))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			if vp.name == "320" { // and the dark colour scheme on a phone
				tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("dark")))
				png, err := chromedp.Run(ctx, shot)
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
	})
}
