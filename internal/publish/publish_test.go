package publish_test

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"math/rand/v2"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/render"
	"github.com/stadt-bamberg/integration/internal/write"
)

const css = `/* Farben */
body {
    color:   #000000;
    margin:  0px 0px 0px 0px;
}
`

const js = `// hides past events
function hide(list) {
    for (const item of list) {
        if (Date.parse(item.dataset.until) < Date.now()) { item.hidden = true; }
    }
}
hide(document.querySelectorAll("[data-until]"));
`

func TestAssets(t *testing.T) {
	files := []write.File{
		{Path: "css/style.css", Data: []byte(css)},
		{Path: "js/events.js", Data: []byte(js)},
		{Path: "img/logo.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"   width="10" height="10">  <rect width="10.000" height="10"/> </svg>`)},
		{Path: "docs/readme", Data: []byte("no extension")},
		{Path: "favicon.ico", Data: []byte{0, 0, 1, 0}},
		{Path: "google123.html", Data: []byte("<html>  keep  me  </html>")},
	}
	var diags diag.List
	got := publish.Assets(files, &diags, publish.Minify(true), publish.Fingerprint(true))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) {
		t.Fatalf("%d assets for %d files", len(got), len(files))
	}
	name := regexp.MustCompile(`^(.*)\.([0-9a-f]{8})(\.[a-z]+)?$`)
	cfg := model.Config{BaseURL: "https://www.stadt.bamberg.de/integration/"}
	for i, a := range got {
		f := files[i]
		if a.Name != f.Path {
			t.Errorf("asset %d is named %q, want %q", i, a.Name, f.Path)
		}
		if !strings.Contains(f.Path, "/") {
			// Directly in assets/: name and bytes as they are.
			if a.Path != f.Path || !bytes.Equal(a.Data, f.Data) {
				t.Errorf("%s was published as %s (%d bytes), want unchanged", f.Path, a.Path, len(a.Data))
			}
			continue
		}
		m := name.FindStringSubmatch(a.Path)
		if m == nil || m[1]+m[3] != f.Path {
			t.Errorf("%s published as %s, want a fingerprinted name", f.Path, a.Path)
			continue
		}
		sum := sha256.Sum256(a.Data)
		if m[2] != hex.EncodeToString(sum[:4]) {
			t.Errorf("%s: fingerprint %s, but the bytes hash to %x", a.Path, m[2], sum[:4])
		}
		// What pages reference: the fingerprinted URL under the base
		// path and the SRI of exactly these bytes.
		ref := render.NewAsset(cfg, "/"+a.Path, a.Data)
		if ref.URL != "/integration/"+a.Path {
			t.Errorf("%s: URL %s", a.Path, ref.URL)
		}
		sri := sha512.Sum384(a.Data)
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sri[:]); ref.Integrity != want {
			t.Errorf("%s: integrity %s, want %s", a.Path, ref.Integrity, want)
		}
	}
	for i := range 3 { // css, js, svg are minified
		if len(got[i].Data) >= len(files[i].Data) {
			t.Errorf("%s not minified: %q", files[i].Path, got[i].Data)
		}
	}
	if s := string(got[0].Data); strings.Contains(s, "Farben") || !strings.Contains(s, "margin:0") {
		t.Errorf("minified CSS: %q", s)
	}

	// Without options: as they are.
	plain := publish.Assets(files, &diags)
	for i, a := range plain {
		if a.Path != files[i].Path || !bytes.Equal(a.Data, files[i].Data) {
			t.Errorf("without options %s became %s", files[i].Path, a.Path)
		}
	}
	// Fingerprint alone: the name comes from the unminified bytes.
	fp := publish.Assets(files[:1], &diags, publish.Fingerprint(true))
	if sum := sha256.Sum256([]byte(css)); fp[0].Path != "css/style."+hex.EncodeToString(sum[:4])+".css" || string(fp[0].Data) != css {
		t.Errorf("fingerprint alone: %s", fp[0].Path)
	}
}

func TestAssetsStylesheetURLs(t *testing.T) {
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	files := []write.File{
		{Path: "css/style.css", Data: []byte(`.a { background: url(../img/logo.svg) }
.b { background: url("../img/logo.svg#blau") }
.c { background: url('/img/logo.svg') } .d { background: url(data:image/png;base64,AAAA) }
.e { background: url(../img/fehlt.svg) } .f { background: url(sub/x.png) }`)},
		{Path: "img/logo.svg", Data: svg},
		{Path: "css/sub/x.png", Data: []byte{1, 2, 3}},
	}
	var diags diag.List
	got := publish.Assets(files, &diags, publish.Fingerprint(true))
	css := string(got[0].Data)
	logo, x := got[1].Path, got[2].Path
	for _, want := range []string{
		`url("../` + logo + `")`, `url("../` + logo + `#blau")`, // relative: rewritten
		`url('/img/logo.svg')`, `url(data:image/png;base64,AAAA)`, // from the root, data: left alone
		`url(../img/fehlt.svg)`, `url("` + strings.TrimPrefix(x, "css/") + `")`,
	} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %s:\n%s", want, css)
		}
	}
	if sum := sha256.Sum256(got[0].Data); !strings.Contains(got[0].Path, hex.EncodeToString(sum[:4])) {
		t.Error("the stylesheet's fingerprint is not that of its rewritten bytes")
	}
}

func TestAssetsBrokenScript(t *testing.T) {
	var diags diag.List
	files := []write.File{{Path: "js/bad.js", Data: []byte("function ( {")}}
	got := publish.Assets(files, &diags, publish.Minify(true))
	ds := diags.Sorted()
	if len(ds) != 1 || ds[0].Path != "assets/js/bad.js" || ds[0].Severity != diag.Error {
		t.Fatalf("diagnostics %v, want one error at assets/js/bad.js", ds)
	}
	if string(got[0].Data) != "function ( {" {
		t.Errorf("the broken file changed: %q", got[0].Data)
	}
}

func TestFingerprintPath(t *testing.T) {
	data := []byte("x")
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:4])
	for _, tc := range []struct{ in, want string }{
		{"css/style.css", "css/style." + h + ".css"},
		{"a/b/c.min.js", "a/b/c.min." + h + ".js"},
		{"fonts/LICENSE", "fonts/LICENSE." + h},
		{"favicon.ico", "favicon.ico"},
	} {
		if got := publish.FingerprintPath(tc.in, data); got != tc.want {
			t.Errorf("FingerprintPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

const page = `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Termine &amp; Treffen</title>
<link rel="stylesheet" href="/css/style.css" integrity="sha384-a&#43;b">
<script src="/js/events.js" defer></script>
</head>
<body>
<main id="inhalt" tabindex="-1">
<h1>Termine   und   Treffen</h1>
<p>Der <strong>Runde   Tisch</strong> <em>tagt</em> am
<time datetime="2027-03-11T18:00:00+01:00">11. März</time>, <a href="/termine/rt/" lang="de">mehr</a>.</p>
<ul class="events">
  <li data-until="2027-03-11T20:30:00+01:00" class="">
    <a href="/termine/rt/">Runder Tisch</a> <span class="status">abgesagt</span>
  </li>
</ul>
<pre>  eingerückt
    bleibt  so</pre>
<p lang="en">In English: <code>a &lt; b</code>&nbsp;ok</p>
<input type="text" name="q" value="">
</main>
</body>
</html>
`

func TestMinifyHTMLKeepsDocument(t *testing.T) {
	in := []byte(page)
	got, err := publish.MinifyHTML(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(in) != page {
		t.Error("MinifyHTML changed its input")
	}
	if len(got) >= len(page) {
		t.Errorf("not smaller: %d ≥ %d bytes", len(got), len(page))
	}
	sameDOM(t, "page", []byte(page), got)
	for _, want := range []string{
		`<html lang="de">`, `<head>`, `</head>`, `<body>`, `</body>`, `</html>`, `</li>`, `</p>`,
		`datetime="2027-03-11T18:00:00+01:00"`, `data-until="2027-03-11T20:30:00+01:00"`, `lang="en"`,
		`<strong>Runde Tisch</strong> <em>tagt</em>`, `</a> <span`, "<pre>  eingerückt\n    bleibt  so</pre>",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("minified page lacks %q:\n%s", want, got)
		}
	}
	// The test's own comparison must see a change that shows.
	broken := bytes.Replace(got, []byte("</a> <span"), []byte("</a><span"), 1)
	ft := &fakeT{}
	sameDOM(ft, "broken", []byte(page), broken)
	if !ft.failed {
		t.Error("sameDOM did not notice a lost space between inline elements")
	}
}

// fakeT records whether a check failed.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()                   {}
func (f *fakeT) Errorf(string, ...any)     { f.failed = true }
func (f *fakeT) Fatalf(s string, a ...any) { panic("fatal in fakeT") }

// The .gz and .br files and what minification leaves alone are tested
// where the build makes them: internal/build/emit_test.go.

// TestDeterministic builds the golden site with the production options
// on one and on two cores, with folders listed in random orders, and
// compares every byte.
func TestDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, site := range map[string]func(testing.TB) fstest.MapFS{"golden": goldenSite, "real": realSite} {
		var first map[string][]byte
		for i, procs := range []int{1, 2, 1, 2} {
			runtime.GOMAXPROCS(procs)
			var src fs.FS = site(t)
			listed := 0
			if i >= 2 {
				src = shuffledFS{src, rand.New(rand.NewPCG(uint64(i), 7)), &listed}
			}
			out, _ := run(t, src, production("https://example.org/integration/"))
			if i >= 2 && listed < 3 {
				t.Fatalf("the build listed %d folders through the shuffling file system", listed)
			}
			if first == nil {
				first = out
				continue
			}
			if len(out) != len(first) {
				t.Fatalf("%s build %d: %d files, first build %d", name, i, len(out), len(first))
			}
			for p, d := range first {
				if !bytes.Equal(out[p], d) {
					t.Errorf("%s build %d (GOMAXPROCS %d, shuffled %v): %s differs", name, i, procs, i >= 2, p)
				}
			}
		}
	}
}
