package browsertest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/stadt-bamberg/integration/internal/i18n"
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
  const nav = document.querySelector('nav.site-nav'), langs = document.querySelector('nav.lang-switch');
  return {
    n: list.length,
    all: list.map(describe),
    positive: list.filter(el => el.tabIndex > 0).map(describe),
    lang: document.documentElement.lang,
    skip: list.length ? list[0].matches('a.skip-link[href="#inhalt"]') : false,
    skipText: list.length ? list[0].textContent.trim() : '',
    title: document.querySelectorAll('header a.site-title').length ? list.indexOf(document.querySelector('header a.site-title')) : -1,
    navs: document.querySelectorAll('nav.site-nav').length,
    navLabel: nav ? nav.getAttribute('aria-label') || '' : '',
    nav: nav ? [...nav.querySelectorAll('a[href]')].map(a => list.indexOf(a)) : [],
    switches: document.querySelectorAll('nav.lang-switch').length,
    switchInHeader: !!(langs && langs.closest('header')),
    switchLabel: langs ? langs.getAttribute('aria-label') || '' : '',
    switch: langs ? [...langs.querySelectorAll('a')].map(a => ({
      href: a.href, lang: a.getAttribute('lang') || '', hreflang: a.getAttribute('hreflang') || '',
      current: a.getAttribute('aria-current') || '', i: list.indexOf(a), what: describe(a)})) : [],
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    main: (() => { const m = document.querySelector('main'); return list.findIndex(el => m.contains(el) || (m.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)); })(),
  };
})()`

type focusInfo struct {
	N              int
	All            []string
	Positive       []string
	Lang           string // <html lang>
	Skip           bool   // the first focusable element is a.skip-link to #inhalt
	SkipText       string
	Title          int // the site title's index in the tab order
	Navs           int // how many nav.site-nav
	NavLabel       string
	Nav            []int // the main navigation's links' indices in the tab order
	Switches       int   // how many nav.lang-switch
	SwitchInHeader bool
	SwitchLabel    string
	Switch         []switchLink
	Links          []string
	Main           int
}

// switchLink is a link of the language switcher.
type switchLink struct {
	Href, Lang, Hreflang, Current string
	I                             int // index in the tab order
	What                          string
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

// checkKeyboard tabs through the page loaded in tb from the top (nothing
// focused yet): the skip link (its text the i18n string skip_link of the
// page's <html lang>) comes first, then the site title, the main
// navigation (nav.site-nav) and the language switcher's links in order,
// then every other focusable element in DOM order, each with a visible
// focus indicator. The switcher links to the page in every declared
// language (lang = hreflang = the language of the page it leads to), the
// page's own language marked aria-current="true". Then it loads the page
// anew: activating the skip link moves focus to <main>, and the next Tab
// continues in the main content.
func checkKeyboard(t *testing.T, tb *tab, s *site, p page) {
	info := eval[focusInfo](t, tb, focusSetup)
	checkHeader(t, s, p, info)
	if len(info.Positive) > 0 {
		t.Errorf("positive tabindex changes the order: %v", info.Positive)
	}
	for _, l := range info.Links {
		if !s.exists(l) {
			t.Errorf("link to %s: no such file in the site", l)
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
}

// checkHeader checks the page's language and the header in the tab order:
// the skip link (in the page's language), the site title, the main
// navigation, then the language switcher, which links to the page in every
// declared language.
func checkHeader(t *testing.T, s *site, p page, info focusInfo) {
	t.Helper()
	lang := info.Lang
	if want := s.lang(p); lang != want {
		t.Errorf("<html lang=%q>, want %q (the language of %s)", lang, want, p.path)
	}
	if !slices.Contains(s.langs, lang) {
		t.Errorf("<html lang=%q> is not a declared language (%v)", lang, s.langs)
	}
	if lang != i18n.Default && !catalog.Has(lang) {
		t.Errorf("i18n/ has no interface strings for <html lang=%q>", lang)
	}
	if want := catalog.T(lang, "skip_link"); !info.Skip || info.SkipText != want {
		t.Errorf("the first focusable element is not the skip link %q (skip_link, %s) to #inhalt: %v", want, lang, first(info.All))
	}

	// Header order: skip link, site title, navigation, language switcher.
	if info.Title != 1 {
		t.Errorf("the site title link is not second (index %d)", info.Title)
	}
	if info.Navs != 1 {
		t.Errorf("%d nav.site-nav, want 1", info.Navs)
	} else if want := catalog.T(lang, "nav_main"); info.NavLabel != want {
		t.Errorf("the main navigation is labelled %q, want %q (nav_main, %s)", info.NavLabel, want, lang)
	}
	if info.Navs > 0 && len(info.Nav) == 0 {
		t.Error("the main navigation has no links")
	}
	for k, i := range info.Nav {
		if i != 2+k {
			t.Errorf("navigation link %d is element %d in the tab order, want %d", k, i, 2+k)
		}
	}

	if len(s.langs) == 1 {
		if info.Switches != 0 {
			t.Errorf("a site with one language has a language switcher")
		}
		return
	}
	if info.Switches != 1 || !info.SwitchInHeader {
		t.Errorf("%d nav.lang-switch (in the header: %v), want 1 in the header", info.Switches, info.SwitchInHeader)
		return
	}
	if want := catalog.T(lang, "nav_languages"); info.SwitchLabel != want {
		t.Errorf("the language switcher is labelled %q, want %q (nav_languages, %s)", info.SwitchLabel, want, lang)
	}
	var langs []string
	current := 0
	for k, l := range info.Switch {
		langs = append(langs, l.Lang)
		if want := 2 + len(info.Nav) + k; l.I != want {
			t.Errorf("language switcher link %d (%s) is element %d in the tab order, want %d (after the main navigation)", k, l.What, l.I, want)
		}
		if l.Lang == "" || l.Lang != l.Hreflang {
			t.Errorf("language switcher link %s: lang=%q, hreflang=%q, want both the same language", l.What, l.Lang, l.Hreflang)
		}
		switch l.Current {
		case "":
		case "true":
			current++
			if l.Lang != lang {
				t.Errorf("language switcher: %s is marked current, but the page is <html lang=%q>", l.What, lang)
			}
		default:
			t.Errorf("language switcher link %s: aria-current=%q, want \"true\" or none", l.What, l.Current)
		}
		f := s.file(l.Href)
		switch {
		case f == "":
			t.Errorf("language switcher link %s: %s is no file of the site", l.What, l.Href)
		case s.htmlLang(f) != l.Lang:
			t.Errorf("language switcher link %s leads to %s, which is <html lang=%q>", l.What, f, s.htmlLang(f))
		case l.Current == "true" && f != p.file:
			t.Errorf("language switcher: the current language's link %s leads to %s, not to the page itself", l.What, f)
		}
	}
	if !slices.Equal(langs, s.langs) {
		t.Errorf("the language switcher offers %v, want one link per declared language %v", langs, s.langs)
	}
	if current != 1 {
		t.Errorf("%d links of the language switcher have aria-current=\"true\", want exactly 1 (%s)", current, lang)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return "(nothing focusable)"
	}
	return fmt.Sprint(s[0])
}
