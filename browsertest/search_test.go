package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/stadt-bamberg/integration/internal/nginxconf"
	"github.com/stadt-bamberg/integration/internal/search"
)

// The real site is written without the search index (setup_test.go
// writes the files of an in-memory build); TestSearch makes it once, as
// sitegen build does (package search), with nothing installed.
var (
	indexOnce sync.Once
	indexErr  error
)

func realIndex(t *testing.T) {
	t.Helper()
	indexOnce.Do(func() {
		_, indexErr = search.WriteDir(realSite.dir, search.Pages(realSite.res.Site))
	})
	if indexErr != nil {
		t.Fatalf("the search index of the real site: %v", indexErr)
	}
}

// nginxCSP returns the Content-Security-Policy of deploy/nginx.conf
// (through the header snippets it includes, read by internal/nginxconf
// as deploy's tests read them) for the search pages: the server's, since
// no location of nginx.conf but /admin/'s allows WebAssembly or eval.
// deploy's tests show that the sub-path configuration sends the same.
func nginxCSP(t *testing.T) string {
	t.Helper()
	conf, err := nginxconf.Load(filepath.Join(repoRoot, "deploy"), "nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	servers := conf.Find("server")
	if len(servers) != 1 {
		t.Fatalf("deploy/nginx.conf has %d server blocks, want 1", len(servers))
	}
	all, _ := nginxconf.Get(servers[0].Block.Headers(), "Content-Security-Policy")
	if all == "" || strings.Contains(all, "wasm-unsafe-eval") || strings.Contains(all, "unsafe-eval") {
		t.Fatalf("deploy/nginx.conf: Content-Security-Policy for all pages %q", all)
	}
	for _, l := range conf.Find("location") {
		if p, _ := nginxconf.Get(l.Block.Own(), "Content-Security-Policy"); strings.Contains(p, "wasm-unsafe-eval") && !strings.Contains(l.String(), "/admin/") {
			t.Errorf("deploy/nginx.conf: %s allows WebAssembly (%q): the search needs none", l, p)
		}
	}
	return all
}

// withCSP serves the site at dir as nginx does with deploy/nginx.conf as
// far as the Content-Security-Policy goes: policy on every page.
func withCSP(dir, policy string) http.Handler {
	h := handler(dir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		h.ServeHTTP(w, r)
	})
}

// searchResult is one hit as the search page lists it.
type searchResult struct {
	Path    string `json:"path"`
	Title   string `json:"title"`
	Excerpt string `json:"excerpt"`
}

type searchState struct {
	Query   string         `json:"query"`
	Hidden  bool           `json:"hidden"`
	Status  string         `json:"status"`
	Results []searchResult `json:"results"`
	AZ      string         `json:"az"`
	AZShown bool           `json:"azShown"`
}

const searchStateJS = `(() => {
  const box = document.querySelector('.search-results');
  const az = document.querySelector('.search-az a');
  return {
    query: (document.querySelector('.search-form input[name=q]') || {}).value || '',
    hidden: !box || box.hidden,
    status: ((box && box.querySelector('.search-status')) || {}).textContent || '',
    results: [...document.querySelectorAll('.search-list li')].map(li => {
      const a = li.querySelector('a');
      return {path: a ? new URL(a.href).pathname : '', title: a ? a.textContent : '', excerpt: (li.querySelector('.search-excerpt') || {}).innerHTML || ''};
    }),
    az: az ? new URL(az.href).pathname : '',
    azShown: !!az && az.getClientRects().length > 0 && getComputedStyle(az).visibility !== 'hidden',
  };
})()`

// searchFor types q into the search field of the page at u, submits the
// form and waits until the results (or a message) are shown.
func searchFor(t *testing.T, tb *tab, u, q string) searchState {
	t.Helper()
	tb.open(t, u)
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	// Focus the field as a click would, then type as a reader types and
	// press Enter (key events go to the focused element).
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('.search-form input[name=q]'); i.focus(); return document.activeElement === i; })()`))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.KeyEvent(q), chromedp.KeyEvent(kb.Enter))
	}
	if err != nil {
		t.Fatalf("%s: typing %q and submitting: %v", u, q, err)
	}
	// The form reloads the page with ?q=; search.js fills the status when
	// the index has answered (or failed).
	want := url.Values{"q": {q}}.Encode()
	deadline := time.Now().Add(2 * time.Minute) // bounds a failure only
	for {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[searchState](`location.search.slice(1) === `+jsString(want)+` && document.readyState === 'complete' ? `+searchStateJS+` : null`))
		if err == nil && st.Status != "" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no search results for %q after 2 min (last state %+v, %v; problems %q)", u, q, st, err, tb.takeProblems())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestSearch searches the real site in Chromium: "Beirat" on the German
// search page finds the page of the Migranten- und Integrationsbeirat, on
// the English one its page under /en/; search.js reads the index under
// the page's Content-Security-Policy (the <meta> one, and the headers of
// deploy/nginx.conf: the server's policy for every page, which allows no
// WebAssembly) without a violation; the results pass axe; and without
// JavaScript the page offers the A–Z index.
func TestSearch(t *testing.T) {
	gate(t)
	t.Parallel()
	realIndex(t)
	axeSrc, axeErr := os.ReadFile(axeJS)
	nginx := httptest.NewServer(withCSP(realSite.dir, nginxCSP(t)))
	t.Cleanup(nginx.Close) // after the subtests, which run side by side

	for _, tc := range []struct {
		lang, page, want, title string
	}{
		{"de", "/suche/", "/akteure/migranten-und-integrationsbeirat/", "Migranten- und Integrationsbeirat"},
		{"en", "/en/suche/", "/en/akteure/migranten-und-integrationsbeirat/", "Migranten- und Integrationsbeirat"},
	} {
		for _, srv := range []struct{ name, url string }{{"meta policy", realSite.url}, {"nginx headers", nginx.URL}} {
			t.Run(tc.lang+"/"+srv.name, func(t *testing.T) {
				t.Parallel()
				slot(t)
				tb := newTab(t)
				u, _ := url.Parse(srv.url)
				tb.allowed = append(tb.allowed, u.Host)
				tb.takeProblems()
				st := searchFor(t, tb, srv.url+tc.page, "Beirat")
				if st.Query != "Beirat" || st.Hidden {
					t.Errorf("%s?q=Beirat: field %q, results hidden %v", tc.page, st.Query, st.Hidden)
				}
				if len(st.Results) == 0 {
					t.Fatalf("%s?q=Beirat: no results; status %q; problems %q", tc.page, st.Status, tb.takeProblems())
				}
				if want := catalog.T(tc.lang, "search_count", len(st.Results)); st.Status != want {
					t.Errorf("%s?q=Beirat: status %q, want %q", tc.page, st.Status, want)
				}
				found := false
				for _, r := range st.Results {
					if r.Path == tc.want {
						found = true
						if !strings.Contains(r.Title, tc.title) {
							t.Errorf("%s: the hit %s is titled %q, want %q", tc.page, r.Path, r.Title, tc.title)
						}
					}
					if !realSite.exists(realSite.url + r.Path) {
						t.Errorf("%s: the hit %s is no page of the site", tc.page, r.Path)
					}
					if realSite.lang(page{path: r.Path}) != tc.lang {
						t.Errorf("%s: the hit %s is not in the page's language %s", tc.page, r.Path, tc.lang)
					}
					if r.Path == tc.page || strings.HasSuffix(r.Path, "/a-z/") {
						t.Errorf("%s: the hit %s is the search or the A–Z page, which the index leaves out", tc.page, r.Path)
					}
					if !strings.Contains(strings.ToLower(r.Excerpt), "<mark>") {
						t.Errorf("%s: the hit %s has no marked word in its excerpt %q", tc.page, r.Path, r.Excerpt)
					}
				}
				if !found {
					t.Errorf("%s?q=Beirat: no hit %s among %+v", tc.page, tc.want, st.Results)
				}
				var paths []string
				for _, r := range st.Results {
					paths = append(paths, r.Path)
				}
				t.Logf("%s?q=Beirat: %q, %s", tc.page, st.Status, strings.Join(paths, " "))
				for _, pr := range tb.takeProblems() {
					t.Errorf("%s: %s", tc.page, pr)
				}
				// The page with its results, as the reader sees it.
				if axeErr == nil {
					eval[struct{}](t, tb, string(axeSrc)+";0")
					tags, _ := json.Marshal(wcagTags)
					for _, v := range eval[[]axeViolation](t, tb, fmt.Sprintf(axeRun, tags)) {
						t.Errorf("%s?q=Beirat: %s", tc.page, v)
					}
				}
			})
		}
	}

	// Without JavaScript: the form, no result box, the A–Z index.
	for _, tc := range []struct{ lang, page, az string }{{"de", "/suche/", "/a-z/"}, {"en", "/en/suche/", "/en/a-z/"}} {
		t.Run(tc.lang+"/no JavaScript", func(t *testing.T) {
			t.Parallel()
			slot(t)
			tb := newTab(t)
			tb.do(t, command(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
			tb.open(t, realSite.at(tc.page+"?q=Beirat"))
			st := eval[searchState](t, tb, searchStateJS)
			if !st.Hidden || len(st.Results) != 0 {
				t.Errorf("%s without JavaScript: results shown (%+v)", tc.page, st)
			}
			if st.AZ != tc.az || !st.AZShown {
				t.Errorf("%s without JavaScript: A–Z link %q (shown %v), want %s", tc.page, st.AZ, st.AZShown, tc.az)
			}
			if !realSite.exists(realSite.url + st.AZ) {
				t.Errorf("%s: the A–Z link %s leads nowhere", tc.page, st.AZ)
			}
			for _, pr := range tb.takeProblems() {
				t.Errorf("%s: %s", tc.page, pr)
			}
		})
	}
	if !slices.ContainsFunc(realSite.pages, func(p page) bool { return p.path == "/suche/" }) {
		t.Error("the real site has no page /suche/: axe and the Nu checker do not see it")
	}
}
