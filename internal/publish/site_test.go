package publish_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/discovery"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/publish"
)

// The XML the sitemap and the feeds are read back with.

type xmlSitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

const atom = "http://www.w3.org/2005/Atom"

type xmlLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type xmlEntry struct {
	ID      []string  `xml:"http://www.w3.org/2005/Atom id"`
	Title   []string  `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string  `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
	Summary string    `xml:"http://www.w3.org/2005/Atom summary"`
}

type xmlFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      []string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   []string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string   `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []xmlLink  `xml:"http://www.w3.org/2005/Atom link"`
	Authors []struct{} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []xmlEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

// readFeed parses an Atom feed and checks the rules of RFC 4287 that
// matter here: one id, title and updated (an RFC 3339 date) on the feed
// and every entry, unique entry ids, an author on the feed, a self link,
// and an alternate link on every entry (which has no content).
func readFeed(t *testing.T, name string, data []byte) xmlFeed {
	t.Helper()
	var f xmlFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	one := func(what string, v []string) {
		if len(v) != 1 || strings.TrimSpace(v[0]) == "" {
			t.Errorf("%s: %s: want exactly one, got %q", name, what, v)
		}
	}
	date := func(what string, v []string) {
		if len(v) == 1 {
			if _, err := time.Parse(time.RFC3339, v[0]); err != nil {
				t.Errorf("%s: %s: %v", name, what, err)
			}
		}
	}
	one("feed id", f.ID)
	one("feed title", f.Title)
	one("feed updated", f.Updated)
	date("feed updated", f.Updated)
	if len(f.Authors) == 0 {
		t.Errorf("%s: no author", name)
	}
	if !slices.ContainsFunc(f.Links, func(l xmlLink) bool { return l.Rel == "self" }) {
		t.Errorf("%s: no self link", name)
	}
	ids := map[string]bool{}
	for i, e := range f.Entries {
		one("entry id", e.ID)
		one("entry title", e.Title)
		one("entry updated", e.Updated)
		date("entry updated", e.Updated)
		if len(e.ID) == 1 {
			if ids[e.ID[0]] {
				t.Errorf("%s: entry id %s twice", name, e.ID[0])
			}
			ids[e.ID[0]] = true
		}
		if !slices.ContainsFunc(e.Links, func(l xmlLink) bool { return l.Rel == "alternate" && l.Href != "" }) {
			t.Errorf("%s: entry %d has no alternate link", name, i)
		}
	}
	return f
}

// TestDiscovery reads back the sitemap, robots.txt and the feeds of the
// golden site, built for production under a sub-path.
func TestDiscovery(t *testing.T) {
	const base = "https://example.org/integration/"
	fsys := goldenSite(t)
	out, res := run(t, fsys, production(base))
	site := res.Site

	var sm xmlSitemap
	if err := xml.Unmarshal(out["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v\n%s", err, out["sitemap.xml"])
	}
	var locs, want []string
	lastmod := map[string]time.Time{}
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
		lm, err := time.Parse(time.RFC3339, u.LastMod)
		if err != nil {
			t.Errorf("sitemap: %s: lastmod %q: %v", u.Loc, u.LastMod, err)
		}
		if lm.After(testNow) {
			t.Errorf("sitemap: %s: lastmod %s after the build's now", u.Loc, u.LastMod)
		}
		lastmod[u.Loc] = lm
	}
	for _, p := range site.Pages {
		want = append(want, base+strings.TrimPrefix(p.URL, "/"))
	}
	if !slices.Equal(locs, want) {
		t.Errorf("sitemap lists\n%v\nwant every page\n%v", locs, want)
	}
	for _, l := range locs {
		if strings.Contains(l, "/alt/") || strings.Contains(l, "404") {
			t.Errorf("sitemap lists %s", l)
		}
	}
	// lastmod is the page file's time, never after now; a section's is
	// the newest of it and the pages directly inside it.
	modOf := func(p *model.Page) time.Time {
		t := fsys[p.Source.Path].ModTime
		for _, f := range p.Files { // a bundle's files
			if m := fsys["content/"+f.Src].ModTime; m.After(t) {
				t = m
			}
		}
		return t
	}
	for _, p := range site.Pages {
		lm := lastmod[base+strings.TrimPrefix(p.URL, "/")]
		wantT := modOf(p)
		if p.IsSection() {
			for _, c := range p.Children {
				if m := modOf(c); m.After(wantT) {
					wantT = m
				}
			}
		}
		if wantT.After(testNow) {
			wantT = testNow
		}
		if !lm.Equal(wantT) {
			t.Errorf("lastmod of %s is %v, want %v", p.URL, lm, wantT)
		}
	}

	if robots := string(out["robots.txt"]); !strings.Contains(robots, "User-agent: *\nAllow: /\n") || !strings.Contains(robots, "\nSitemap: "+base+"sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}

	ev := readFeed(t, "termine.atom", out["termine.atom"])
	// A feed's updated is the content's time, not the build's: the
	// newest of its entries' and of its page's (the events section).
	feedUpdated := func(name string, f xmlFeed, page string) {
		t.Helper()
		want := lastmod[base+strings.TrimPrefix(page, "/")].UTC().Format(time.RFC3339)
		for _, e := range f.Entries {
			want = max(want, e.Updated[0])
		}
		if f.Updated[0] != want {
			t.Errorf("%s: updated %v, want %s (the newest it shows)", name, f.Updated, want)
		}
	}
	var eventsSection string
	for _, p := range site.Pages {
		if p.IsSection() && p.Type == model.TypeEvent {
			eventsSection = p.URL
		}
	}
	feedUpdated("termine.atom", ev, eventsSection)
	if ev.Updated[0] == testNow.UTC().Format(time.RFC3339) {
		t.Error("termine.atom: updated is the build's instant; its events' files are older")
	}
	if ev.ID[0] != base+"termine.atom" || ev.Lang != "de" {
		t.Errorf("termine.atom: id %v, lang %q", ev.ID, ev.Lang)
	}
	var wantEvents []string
	for _, p := range site.EventList(model.EventQuery{}) {
		wantEvents = append(wantEvents, base+strings.TrimPrefix(p.URL, "/"))
	}
	var gotEvents []string
	for _, e := range ev.Entries {
		gotEvents = append(gotEvents, e.ID[0])
	}
	if len(wantEvents) == 0 || !slices.Equal(gotEvents, wantEvents) {
		t.Errorf("termine.atom has %v, want the upcoming events %v", gotEvents, wantEvents)
	}
	if e := ev.Entries[0]; !strings.Contains(e.Title[0], "(abgesagt)") || !strings.Contains(e.Summary, "11. März 2027, 18:00–20:30 Uhr") {
		t.Errorf("first event: %q, %q", e.Title, e.Summary)
	}

	ch := readFeed(t, "aktuelles.atom", out["aktuelles.atom"])
	if len(ch.Entries) == 0 || len(ch.Entries) > discovery.ChangesFeedSize {
		t.Fatalf("aktuelles.atom has %d entries", len(ch.Entries))
	}
	if !sort.SliceIsSorted(ch.Entries, func(i, j int) bool { return ch.Entries[i].Updated[0] > ch.Entries[j].Updated[0] }) {
		t.Error("aktuelles.atom is not newest first")
	}
	feedUpdated("aktuelles.atom", ch, "/")
	newest := ch.Entries[0].Updated[0]
	for _, lm := range lastmod {
		if s := lm.UTC().Format(time.RFC3339); s > newest {
			t.Errorf("aktuelles.atom starts at %s, but a page changed at %s", newest, s)
		}
	}
}

// TestSiteUnderPath crawls the golden and the real site, built for
// production at the root and under a sub-path: every internal link,
// asset, sitemap, feed and calendar URL must stay under the base URL and
// name a file of the output; nothing may be loaded from another origin;
// integrity values, fingerprints and compressed files must match.
func TestSiteUnderPath(t *testing.T) {
	for _, s := range []struct {
		name string
		fsys func(testing.TB) fs.FS
	}{{"golden", func(t testing.TB) fs.FS { return goldenSite(t) }}, {"real", func(t testing.TB) fs.FS { return realSite(t) }}} {
		for _, base := range []string{"https://www.stadt.bamberg.de/integration/", "https://example.org/"} {
			t.Run(s.name+" "+base, func(t *testing.T) {
				out, _ := run(t, s.fsys(t), production(base))
				crawl(t, out, base, s.name == "real")
			})
		}
	}
}

func crawl(t *testing.T, out map[string][]byte, base string, requireMeta bool) {
	b, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	// internal resolves u, found in the file at from, to the output file
	// it names; ok is false for other origins and other schemes.
	internal := func(from, u string) (file string, ok bool) {
		page, _ := url.Parse(base + strings.TrimSuffix(from, "index.html"))
		r, err := url.Parse(u)
		if err != nil {
			t.Errorf("%s: bad URL %q", from, u)
			return "", false
		}
		abs := page.ResolveReference(r)
		if abs.Scheme != "http" && abs.Scheme != "https" || abs.Host != b.Host {
			return "", false
		}
		if abs.Path == "" {
			abs.Path = "/"
		}
		if !strings.HasPrefix(abs.Path, b.Path) {
			t.Errorf("%s: %q leaves the base path %s", from, u, b.Path)
			return "", false
		}
		return target(strings.TrimPrefix(abs.Path, b.Path)), true
	}
	exists := func(from, u string) {
		t.Helper()
		if f, ok := internal(from, u); ok {
			if _, ok := out[f]; !ok {
				t.Errorf("%s: %q names %s, which is not in the output", from, u, f)
			}
		} else if strings.HasPrefix(u, "http") {
			t.Errorf("%s: %q is not under %s", from, u, base)
		}
	}
	noInline := regexp.MustCompile(`(?i)<style|<script(?:\s+defer)?>|\sstyle=|\son[a-z]+=`)
	checked := 0
	for p, data := range out {
		switch path.Ext(p) {
		case ".html":
			if m := noInline.Find(data); m != nil {
				t.Errorf("%s: %q needs unsafe-inline in the Content-Security-Policy", p, m)
			}
			nodes := dom(t, p, data)
			for _, r := range refs(t, p, data) {
				if strings.HasPrefix(r.url, "#") || strings.HasPrefix(r.url, "mailto:") || strings.HasPrefix(r.url, "tel:") {
					continue
				}
				if _, ok := internal(p, r.url); !ok && r.tag != "a" {
					t.Errorf("%s: <%s %s=%q> loads from another origin", p, r.tag, r.attr, r.url)
					continue
				}
				if r.tag == "a" && strings.HasPrefix(r.url, "http") && !strings.HasPrefix(r.url, base) {
					continue // a link to another site
				}
				exists(p, r.url)
				checked++
			}
			// Subresource Integrity matches the file.
			for _, n := range nodes {
				a := parseAttrs(n.attrs)
				sri, ok := a["integrity"]
				if n.kind != '<' || !ok {
					continue
				}
				f, _ := internal(p, cmpOr(a["src"], a["href"]))
				sum := sha512.Sum384(out[f])
				if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); sri != want {
					t.Errorf("%s: integrity of %s is %s, the file's is %s", p, f, sri, want)
				}
			}
			// The real layouts give every page (not the redirects) its
			// canonical address and og:url; refs checked both above.
			if requireMeta && !bytes.Contains(data, []byte(`name="robots"`)) {
				var canonical, ogURL bool
				for _, n := range nodes {
					a := parseAttrs(n.attrs)
					canonical = canonical || n.name == "link" && a["rel"] == "canonical" && strings.HasPrefix(a["href"], base)
					ogURL = ogURL || n.name == "meta" && a["property"] == "og:url" && strings.HasPrefix(a["content"], base)
				}
				if !canonical || !ogURL {
					t.Errorf("%s: canonical link %v, og:url %v (absolute under %s)", p, canonical, ogURL, base)
				}
			}
		case ".ics":
			sc := bufio.NewScanner(bytes.NewReader(bytes.ReplaceAll(data, []byte("\r\n "), nil)))
			for sc.Scan() {
				if u, ok := strings.CutPrefix(sc.Text(), "URL:"); ok {
					exists(p, strings.TrimSpace(u))
					checked++
				}
			}
		case ".xml", ".atom":
			for _, m := range regexp.MustCompile(`<loc>([^<]*)</loc>|href="([^"]*)"|<id>([^<]*)</id>`).FindAllSubmatch(data, -1) {
				u := cmpOr(string(m[1]), string(m[2]), string(m[3]))
				if strings.HasSuffix(u, "/") || strings.HasSuffix(u, ".xml") || strings.HasSuffix(u, ".atom") {
					exists(p, u)
					checked++
				} else {
					t.Errorf("%s: unexpected URL %q", p, u)
				}
			}
		case ".txt":
			if p == "robots.txt" {
				if i := bytes.Index(data, []byte("Sitemap: ")); i >= 0 {
					exists(p, strings.TrimSpace(string(data[i+9:])))
				}
			}
		case ".gz":
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err == nil {
				data, err = io.ReadAll(zr)
			}
			if orig := strings.TrimSuffix(p, ".gz"); err != nil || !bytes.Equal(data, out[orig]) {
				t.Errorf("%s does not decompress to %s: %v", p, orig, err)
			}
		case ".br":
			d, err := io.ReadAll(brotli.NewReader(bytes.NewReader(data)))
			if orig := strings.TrimSuffix(p, ".br"); err != nil || !bytes.Equal(d, out[orig]) {
				t.Errorf("%s does not decompress to %s: %v", p, orig, err)
			}
		}
		// Fingerprinted names hash their bytes; text over 1 KB is compressed.
		if m := regexp.MustCompile(`\.([0-9a-f]{8})\.[a-z]+$`).FindStringSubmatch(p); m != nil {
			if sum := sha256.Sum256(data); m[1] != hex.EncodeToString(sum[:4]) {
				t.Errorf("%s: the fingerprint is not that of its bytes (%x)", p, sum[:4])
			}
		}
		if publish.Compressible(p) && len(data) > publish.CompressMin {
			if out[p+".gz"] == nil || out[p+".br"] == nil {
				t.Errorf("%s (%d bytes) has no .gz or .br", p, len(data))
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d URLs checked", checked)
	}
}

func cmpOr[T comparable](v ...T) T {
	var zero T
	for _, x := range v {
		if x != zero {
			return x
		}
	}
	return zero
}

// TestRealPagesMinified minifies every page of the real site and of the
// golden site and compares the documents: the same elements, attributes
// and visible text.
func TestRealPagesMinified(t *testing.T) {
	for name, fsys := range map[string]fs.FS{"golden": goldenSite(t), "real": realSite(t)} {
		opts := production("https://www.stadt.bamberg.de/integration/")
		opts.Minify = false
		out, _ := run(t, fsys, opts)
		n := 0
		for p, data := range out {
			if path.Ext(p) != ".html" {
				continue
			}
			min, err := publish.MinifyHTML(data)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			sameDOM(t, name+":"+p, data, min)
			n++
		}
		if n < 5 {
			t.Errorf("%s: only %d pages", name, n)
		}
	}
}

// TestHomePageBudget checks the weight of the real home page: its HTML,
// CSS and JavaScript, as sent compressed, under 30 KB.
func TestHomePageBudget(t *testing.T) {
	const budget = 30 * 1024
	out, _ := run(t, realSite(t), production("https://www.stadt.bamberg.de/integration/"))
	home := out["index.html"]
	files := []string{"index.html"}
	for _, r := range refs(t, "index.html", home) {
		if (r.tag == "link" || r.tag == "script") && (strings.HasSuffix(r.url, ".css") || strings.HasSuffix(r.url, ".js")) {
			files = append(files, strings.TrimPrefix(r.url, "/integration/"))
		}
	}
	if len(files) < 3 {
		t.Fatalf("the home page references %v; want its stylesheet and script", files)
	}
	var raw, gz, br int
	for _, f := range files {
		data, ok := out[f]
		if !ok {
			t.Fatalf("%s is not in the output", f)
		}
		raw += len(data)
		g, b := out[f+".gz"], out[f+".br"]
		if g == nil { // too small to be worth it: sent as it is
			g, b = data, data
		}
		gz += len(g)
		br += len(b)
	}
	t.Logf("home page %v: %d bytes, %d gzip, %d brotli (budget %d)", files, raw, gz, br, budget)
	if gz > budget {
		t.Errorf("the home page weighs %d bytes with gzip, over the budget of %d", gz, budget)
	}
}

// TestMinifiedSmaller checks that production output is smaller than the
// debugging build and logs the figures.
func TestMinifiedSmaller(t *testing.T) {
	size := func(o build.Options) (n int) {
		out, _ := run(t, realSite(t), o)
		for p, d := range out {
			switch path.Ext(p) {
			case ".html", ".css", ".js", ".xml", ".atom", ".svg", ".json":
				n += len(d)
			}
		}
		return n
	}
	opts := production("https://www.stadt.bamberg.de/integration/")
	min := size(opts)
	opts.Minify = false
	full := size(opts)
	t.Logf("real site HTML, CSS, JS, XML: %d bytes, minified %d (%.0f %%)", full, min, 100*float64(min)/float64(full))
	if min >= full {
		t.Errorf("minified %d ≥ %d bytes", min, full)
	}
}
