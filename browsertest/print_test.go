package browsertest

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
)

// printCheck lists what the print stylesheet gets wrong on the page.
const printCheck = `(() => {
  const bad = [];
  const shown = el => el.getClientRects().length > 0;
  for (const sel of ['.skip-link', '.site-nav', '.breadcrumbs', '.site-footer nav']) {
    for (const el of document.querySelectorAll(sel)) if (shown(el)) bad.push(sel + ' is printed');
  }
  const main = document.querySelector('main');
  if (!main || !shown(main)) bad.push('main is not printed');
  for (const a of document.querySelectorAll('main a[href^="http"]')) {
    const after = getComputedStyle(a, '::after').content;
    if (!after.includes(a.getAttribute('href'))) bad.push('the address of ' + a.outerHTML.slice(0, 80) + ' is not printed');
  }
  return bad;
})()`

// checkPrint checks the print stylesheet on the page loaded in tb: no
// navigation, the content, and the address of every external link printed
// after it.
func checkPrint(t *testing.T, tb *tab, p page) {
	tb.do(t, command(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}))
	for _, b := range eval[[]string](t, tb, printCheck) {
		t.Errorf("%s printed: %s", p.path, b)
	}
}
