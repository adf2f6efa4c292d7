package browsertest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"

	"github.com/stadt-bamberg/integration/internal/model"
)

// allScreenshots asks TestPages for screenshots of every page instead of
// the review set (see reviewSet):
//
//	SITEGEN_BROWSER_TESTS=1 go test ./browsertest/ -run TestPages -screenshots=all
var allScreenshots = flag.String("screenshots", "review", `which pages TestPages photographs: "review" (one page of each kind, each language's home page, every right-to-left page) or "all"`)

// reviewSet returns the pages of s that TestPages photographs by default:
// the first page of each kind (the model's type, kind and layout; pages
// the model does not know, such as 404.html, and those with a layout of
// their own, such as a-z/, are each a kind of their own) in each direction of writing, preferring the default language
// among the left-to-right ones; the home page of each language; and every
// right-to-left page of the real site (checkRTLScreenshots). Screenshots
// are for review: no check reads them but the presence of the
// right-to-left ones, and the PNGs at four widths cost the browser about
// as much as all the checks of a page (1.1 s of its CPU against 1.3 s).
func reviewSet(s *site) map[string]bool {
	byURL := map[string]*model.Page{}
	for _, ls := range append([]*model.Site{s.res.Site}, s.res.Site.Langs...) {
		for _, mp := range ls.Pages {
			byURL[mp.URL] = mp
		}
	}
	kind := func(p page) string {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.path, "/"+s.lang(p)+"/"), "/")
		k := "file " + rel
		if mp := byURL[p.path]; mp != nil {
			k = fmt.Sprintf("%s %v %s event %v", mp.Type, mp.Kind, mp.Layout, mp.Event != nil)
		}
		// The special pages (a-z/, suche/) have a layout of their own.
		if _, err := os.Stat(filepath.Join(repoRoot, "layouts", strings.TrimSuffix(rel, "/")+".html")); err == nil && rel != "" {
			k = "layout " + rel
		}
		if slices.Contains(rtlLangs, s.lang(p)) {
			k += " rtl"
		}
		return k
	}
	set := map[string]bool{}
	seen := map[string]bool{}
	// The default language's pages first, then the others.
	for _, dflt := range []bool{true, false} {
		for _, p := range s.pages {
			lang := s.lang(p)
			if p.redirect || (lang == s.langs[0]) != dflt {
				continue
			}
			home := p.path == "/" || p.path == "/"+lang+"/"
			if k := kind(p); !seen[k] || home || s == realSite && slices.Contains(rtlLangs, lang) {
				seen[k] = true
				set[p.file] = true
			}
		}
	}
	return set
}

// TestPages loads every page of both sites (of every language) once and
// runs each check that goes through every page on that load, as subtests
// <site>/<page>/<check>:
//
//   - axe: checkAxe, light and dark colour scheme, and what went wrong
//     while loading (script errors, CSP violations, failed requests,
//     requests to other hosts); alias pages are checked themselves
//     (?norefresh) and get only this check;
//   - print: checkPrint, in print media;
//   - layout: checkLayout, the page resized through the four viewports,
//     screenshots of the review set (reviewSet; all with -screenshots=all);
//   - keyboard: checkKeyboard, back in the default window, then the page
//     loaded a second time for the skip link.
//
// The checks before keyboard do not focus anything or scroll the page for
// good, and each sets the media it needs. After every page it logs the
// entries of pending that matched nothing (if every page was checked), and
// checks that every right-to-left page was photographed at every width.
func TestPages(t *testing.T) {
	gate(t)
	t.Parallel()
	axe := loadAxe(t)
	all := *allScreenshots == "all"
	if !all && *allScreenshots != "review" {
		t.Fatalf(`-screenshots=%q: want "review" or "all"`, *allScreenshots)
	}
	review := map[*site]map[string]bool{}
	for _, s := range sites {
		if err := os.RemoveAll(filepath.Join(screenshotDir, s.name)); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(screenshotDir, s.name), 0o755); err != nil {
			t.Fatal(err)
		}
		review[s] = reviewSet(s)
	}
	var (
		checked atomic.Int64
		mu      sync.Mutex
		laidOut = map[*site]int{} // pages laid out in this run (-run may pick some)
		shots   atomic.Int64
	)
	eachPage(t, nil, func(t *testing.T, tb *tab, s *site, p page) {
		checked.Add(1)
		u := s.at(p.path)
		if p.redirect {
			u += "?norefresh" // check the alias page itself
		}
		tb.takeProblems()
		tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("light")))
		tb.open(t, u)
		window := eval[[3]float64](t, tb, `[innerWidth, innerHeight, devicePixelRatio]`)
		t.Run("axe", func(t *testing.T) { checkAxe(t, tb, s, p, axe) })
		if p.redirect {
			return
		}
		t.Run("print", func(t *testing.T) { checkPrint(t, tb, p) })
		t.Run("layout", func(t *testing.T) {
			mu.Lock()
			laidOut[s]++
			mu.Unlock()
			shoot := all || review[s][p.file]
			if shoot {
				shots.Add(1)
			}
			checkLayout(t, tb, s, p, shoot)
		})
		// Back to the window the page was loaded in, as on a fresh load.
		tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("light")),
			command(emulation.ClearDeviceMetricsOverride, cdp.Empty{}))
		if !eval[bool](t, tb, fmt.Sprintf(windowJS, window[0], window[1], window[2])) {
			t.Fatalf("%s: the window is not back at %g × %g px (scale %g) after 2 s", p.path, window[0], window[1], window[2])
		}
		t.Run("keyboard", func(t *testing.T) { checkKeyboard(t, tb, s, p) })
	})
	total := 0
	for _, s := range sites {
		total += len(s.pages)
	}
	if checked.Load() == int64(total) {
		unusedPending(t)
	}
	t.Run("rtl screenshots", func(t *testing.T) { checkRTLScreenshots(t, laidOut[realSite]) })
	t.Logf("%d pages (axe: light and dark colour scheme), %d of them photographed", checked.Load(), shots.Load())
}

// windowJS waits until the window has the given inner size and scale
// again, and reports whether it has.
const windowJS = `(async (w, h, scale) => {
  for (let i = 0; i < 200; i++) {
    if (innerWidth === w && innerHeight === h && devicePixelRatio === scale) return true;
    await new Promise(r => setTimeout(r, 10));
  }
  return false;
})(%g, %g, %g)`
