package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/emulation"
)

// wcagTags are the rule sets BITV 2.0 asks for (WCAG 2.1 level AA).
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeRun runs axe-core three times on the loaded document: the WCAG 2.1
// A/AA rules, axe's best practices (landmarks, headings, skip link …) and
// the WCAG 2.2 target-size rule (touch targets of at least 24×24 px).
const axeRun = `(async () => {
  const out = [];
  const run = async (set, runOnly) => {
    const r = await axe.run(document, {runOnly, resultTypes: ['violations']});
    for (const v of r.violations) {
      out.push({set, id: v.id, impact: v.impact || '', help: v.help, url: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), summary: n.failureSummary || ''}))});
    }
  };
  await run('wcag2.1 A/AA', {type: 'tag', values: %s});
  await run('best practice', {type: 'tag', values: ['best-practice']});
  await run('wcag2.2 target size', {type: 'rule', values: ['target-size']});
  return out;
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

// TestAxe checks every page of both sites with axe-core in the light and
// the dark colour scheme, and that loading it causes no script error, CSP
// violation, failed request or request to another host.
func TestAxe(t *testing.T) {
	gate(t)
	t.Parallel()
	src, err := os.ReadFile(axeJS)
	if err != nil {
		missing(t, "axe-core is not installed (%v; run npm ci --prefix tools)", err)
	}
	tags, _ := json.Marshal(wcagTags)
	script := fmt.Sprintf(axeRun, tags)
	var checked atomic.Int64
	eachPage(t, nil, func(t *testing.T, tb *tab, s *site, p page) {
		checked.Add(1)
		u := s.at(p.path)
		if p.redirect {
			u += "?norefresh" // check the alias page itself
		}
		tb.takeProblems()
		tb.do(t, command(emulation.SetEmulatedMedia, colorScheme("light")))
		tb.open(t, u)
		eval[struct{}](t, tb, string(src)+";0")
		var bg []string
		for _, scheme := range []string{"light", "dark"} {
			tb.do(t, command(emulation.SetEmulatedMedia, colorScheme(scheme)))
			bg = append(bg, eval[string](t, tb, `matchMedia('(prefers-color-scheme: `+scheme+`)').matches + ' ' + getComputedStyle(document.body).backgroundColor`))
			for _, v := range eval[[]axeViolation](t, tb, script) {
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
	})
	total := 0
	for _, s := range sites {
		total += len(s.pages)
	}
	if checked.Load() == int64(total) {
		unusedPending(t)
	}
	t.Logf("axe-core: %d pages, light and dark colour scheme", checked.Load())
}
