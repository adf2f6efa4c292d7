package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusSetup lists the page's focusable elements in DOM order (those a
// keyboard user must reach: visible, not disabled, not inert, no negative
// tabindex) and starts recording every element that receives focus,
// together with how its focus is drawn.
const focusSetup = `(() => {
  const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe, [contenteditable], [tabindex]:not([tabindex="-1"])';
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const list = [...document.querySelectorAll(sel)].filter(el =>
    !el.disabled && !el.closest('[inert]') && el.tabIndex >= 0 && shown(el));
  const describe = el => {
    const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
      (el.getAttribute('href') ? '[href="' + el.getAttribute('href') + '"]' : '') + (text ? ' "' + text + '"' : '');
  };
  const transparent = c => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  window.__focus = {list, seq: [], describe};
  document.addEventListener('focusin', e => {
    const el = e.target, cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && !transparent(cs.outlineColor);
    const shadow = cs.boxShadow !== 'none';
    window.__focus.seq.push({i: list.indexOf(el), what: describe(el), visible: outline || shadow,
      focusVisible: el.matches(':focus-visible'), positive: el.tabIndex > 0});
  }, true);
  return {
    n: list.length,
    all: list.map(describe),
    positive: list.filter(el => el.tabIndex > 0).map(describe),
    skip: list.length ? list[0].matches('a.skip-link[href="#inhalt"]') && list[0].textContent.trim() === 'Zum Inhalt springen' : false,
    title: document.querySelectorAll('header a.site-title').length ? list.indexOf(document.querySelector('header a.site-title')) : -1,
    nav: [...document.querySelectorAll('nav[aria-label="Hauptnavigation"] a[href]')].map(a => list.indexOf(a)),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    main: (() => { const m = document.querySelector('main'); return list.findIndex(el => m.contains(el) || (m.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)); })(),
  };
})()`

type focusInfo struct {
	N        int
	All      []string
	Positive []string
	Skip     bool
	Title    int
	Nav      []int
	Links    []string
	Main     int
}

type focusStep struct {
	I            int
	What         string
	Visible      bool
	FocusVisible bool
}

func pressTab(n int) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(strings.Repeat(kb.Tab, n))
}

// TestKeyboard tabs through every page from the top: the skip link comes
// first, then the site title and the main navigation in order, then every
// other focusable element in DOM order, each with a visible focus
// indicator. Activating the skip link moves focus to <main>, and the next
// Tab continues in the main content.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	eachPage(t, func(t *testing.T, s *site, p page) {
		if p.redirect {
			t.Skip("an alias page forwards at once; its target is checked")
		}
		tb.open(t, s.at(p.path))
		info := eval[focusInfo](t, tb, focusSetup)
		if !info.Skip {
			t.Errorf("the first focusable element is not the skip link \"Zum Inhalt springen\" to #inhalt: %v", first(info.All))
		}
		if len(info.Positive) > 0 {
			t.Errorf("positive tabindex changes the order: %v", info.Positive)
		}
		for _, l := range info.Links {
			if !s.exists(l) {
				t.Errorf("link to %s: no such file in the site", l)
			}
		}
		// Header order: skip link, site title, navigation.
		if info.Title != 1 {
			t.Errorf("the site title link is not second (index %d)", info.Title)
		}
		for k, i := range info.Nav {
			if i != 2+k {
				t.Errorf("navigation link %d is element %d in the tab order, want %d", k, i, 2+k)
			}
		}

		// Tab through the whole page.
		tb.do(t, pressTab(info.N))
		seq := eval[[]focusStep](t, tb, `window.__focus.seq`)
		t.Logf("%d focusable, %d focused: first %v, last %v", info.N, len(seq), first(info.All), info.All[len(info.All)-1])
		for k := range max(len(seq), info.N) {
			switch {
			case k >= len(seq):
				t.Errorf("Tab %d: nothing focused, want %s", k+1, info.All[k])
			case k >= info.N:
				t.Errorf("Tab %d: %s focused, after the last expected element", k+1, seq[k].What)
			case seq[k].I != k:
				t.Errorf("Tab %d: focused %s, want %s", k+1, seq[k].What, info.All[k])
			default:
				if !seq[k].Visible {
					t.Errorf("Tab %d: %s has no visible focus indicator (outline ≥ 2px or box-shadow)", k+1, seq[k].What)
				}
				if !seq[k].FocusVisible {
					t.Errorf("Tab %d: %s does not match :focus-visible", k+1, seq[k].What)
				}
			}
			if t.Failed() && k > 3 {
				break
			}
		}

		// The skip link moves focus to main; Tab then goes on inside it.
		tb.open(t, s.at(p.path))
		eval[focusInfo](t, tb, focusSetup)
		tb.do(t, pressTab(1), chromedp.KeyEvent(kb.Enter))
		active := eval[string](t, tb, `(() => { const a = document.activeElement; return a.tagName.toLowerCase() + '#' + a.id + ' ' + location.hash; })()`)
		if active != "main#inhalt #inhalt" {
			t.Errorf("after the skip link: focus on %q, want main#inhalt", active)
		}
		if info.Main >= 0 {
			tb.do(t, pressTab(1))
			seq := eval[[]focusStep](t, tb, `window.__focus.seq`)
			if last := seq[len(seq)-1]; last.I != info.Main {
				t.Errorf("Tab after the skip link focused %s, want %s", last.What, info.All[info.Main])
			}
		}
	})
}

func first(s []string) string {
	if len(s) == 0 {
		return "(nothing focusable)"
	}
	return fmt.Sprint(s[0])
}
