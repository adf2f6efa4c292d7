package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
)

// wcagTags are the rule sets BITV 2.0 asks for (WCAG 2.1 level AA).
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeRun runs axe-core on the loaded document with three sets of rules,
// in one run: the WCAG 2.1 A/AA rules, axe's best practices (landmarks,
// headings, skip link …) and the WCAG 2.2 target-size rule (touch targets
// of at least 24×24 px). One run instead of one per set: axe reads the
// page (its tree, styles and boxes) once; which rules run is the same
// (TestAxeRules compares them), and each violation is told by its rule's
// tags which set it belongs to.
const axeRun = `(async () => {
  const wcag = %s;
  const r = await axe.run(document, {runOnly: {type: 'tag', values: [...wcag, 'best-practice']},
    rules: {'target-size': {enabled: true}}, resultTypes: ['violations']});
  return r.violations.map(v => ({
    set: v.tags.some(t => wcag.includes(t)) ? 'wcag2.1 A/AA' : v.tags.includes('best-practice') ? 'best practice' : 'wcag2.2 target size',
    id: v.id, impact: v.impact || '', help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), summary: n.failureSummary || ''}))}));
})()`

// axeRules lists the rules axe-core runs on the document, as axeRun asks
// for them (one run) and as three runs, one for each set, would: the
// rules of every kind of result, which are reported even when only
// violations are described.
const axeRules = `(async () => {
  const wcag = %s;
  const ids = r => [...r.violations, ...r.passes, ...r.incomplete, ...r.inapplicable].map(x => x.id).sort();
  const one = ids(await axe.run(document, {runOnly: {type: 'tag', values: [...wcag, 'best-practice']},
    rules: {'target-size': {enabled: true}}, resultTypes: ['violations']}));
  const three = [];
  for (const runOnly of [{type: 'tag', values: wcag}, {type: 'tag', values: ['best-practice']}, {type: 'rule', values: ['target-size']}]) {
    three.push(...ids(await axe.run(document, {runOnly, resultTypes: ['violations']})));
  }
  return {one, three: three.sort()};
})()`

type axeViolation struct {
	Set, ID, Impact, Help, URL string
	Nodes                      []axeNode
}

type axeNode struct{ Target, Summary string }

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s, %s]: %s (%s)", v.ID, v.Set, v.Impact, v.Help, v.URL)
	for i, n := range v.Nodes {
		if i == 8 {
			fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n      %s\n        %s", n.Target, strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n        "))
	}
	return b.String()
}

// colorScheme emulates prefers-color-scheme.
func colorScheme(scheme string) emulation.SetEmulatedMediaParams {
	return emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
}

// axeScript is axe-core's source, to be evaluated in a loaded page, and
// axeRun with the WCAG tags filled in.
type axeScript struct{ src, run, rules string }

// loadAxe reads axe-core (a missing one fails the test).
func loadAxe(t *testing.T) axeScript {
	t.Helper()
	src, err := os.ReadFile(axeJS)
	if err != nil {
		missing(t, "axe-core is not installed (%v; run npm ci --prefix tools)", err)
	}
	tags, _ := json.Marshal(wcagTags)
	return axeScript{src: string(src) + ";0", run: fmt.Sprintf(axeRun, tags), rules: fmt.Sprintf(axeRules, tags)}
}

// TestAxeRules checks that the one run of axeRun runs the rules of the
// three sets, each once, on a page with every kind of content of the test
// site.
func TestAxeRules(t *testing.T) {
	gate(t)
	t.Parallel()
	axe := loadAxe(t)
	slot(t)
	tb := newTab(t)
	tb.open(t, testSite.at("/"))
	eval[struct{}](t, tb, axe.src)
	r := eval[struct{ One, Three []string }](t, tb, axe.rules)
	if !slices.Equal(r.One, r.Three) || !slices.Contains(r.One, "target-size") || !slices.Contains(r.One, "color-contrast") || !slices.Contains(r.One, "region") {
		t.Errorf("one run of axe runs %d rules %v,\nthe three sets %d %v", len(r.One), r.One, len(r.Three), r.Three)
	}
	t.Logf("axe-core: %d rules in one run", len(r.One))
}

// checkAxe checks the page loaded in tb (in the light colour scheme) with
// axe-core in the light and the dark colour scheme, and that loading it
// caused no script error, CSP violation, failed request or request to
// another host (the problems tb recorded since the load).
func checkAxe(t *testing.T, tb *tab, s *site, p page, axe axeScript) {
	eval[struct{}](t, tb, axe.src)
	var bg []string
	for _, scheme := range []string{"light", "dark"} {
		tb.do(t, command(emulation.SetEmulatedMedia, colorScheme(scheme)))
		bg = append(bg, eval[string](t, tb, `matchMedia('(prefers-color-scheme: `+scheme+`)').matches + ' ' + getComputedStyle(document.body).backgroundColor`))
		for _, v := range eval[[]axeViolation](t, tb, axe.run) {
			v.Nodes = slices.DeleteFunc(v.Nodes, func(n axeNode) bool {
				return isPending(t, s, p.path, "axe:"+v.ID, n.Target)
			})
			if len(v.Nodes) > 0 {
				t.Errorf("%s (%s scheme): %s", p.path, scheme, v)
			}
		}
	}
	if !p.redirect && (bg[0] == bg[1] || !strings.HasPrefix(bg[0], "true") || !strings.HasPrefix(bg[1], "true")) {
		t.Errorf("%s: the colour schemes are not told apart (light: %s, dark: %s)", p.path, bg[0], bg[1])
	}
	for _, pr := range tb.takeProblems() {
		if !isPending(t, s, p.path, "problem", pr) {
			t.Errorf("%s: %s", p.path, pr)
		}
	}
}
