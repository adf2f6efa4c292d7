package build_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// badPictureSite is pictureSite with a page that shows every kind of
// broken picture, one a line, and an SVG with a script.
func badPictureSite(t *testing.T) fstest.MapFS {
	fsys := pictureSite(t)
	photo := testimg.JPEG(testimg.Photo(8, 300, 200))
	fsys["content/projekte/kaputt/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Kaputt\n---\n" +
		"![Kein Bild](text.jpg)\n\n![Abgeschnitten](halb.jpg)\n\n![Riesig](bombe.png)\n\n![Weg](weg.jpg)\n\n![Skript](skript.svg)\n\n![](ohne-alt.jpg)\n")}
	fsys["content/projekte/kaputt/text.jpg"] = &fstest.MapFile{Data: []byte("<script>alert(1)</script>")}
	fsys["content/projekte/kaputt/halb.jpg"] = &fstest.MapFile{Data: photo[:len(photo)*2/3]}
	fsys["content/projekte/kaputt/bombe.png"] = &fstest.MapFile{Data: bombPNG(t)}
	fsys["content/projekte/kaputt/skript.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}
	fsys["content/projekte/kaputt/ohne-alt.jpg"] = &fstest.MapFile{Data: photo}
	return fsys
}

func bombPNG(t *testing.T) []byte {
	t.Helper()
	// a PNG header claiming 10000×6000 pixels (TestPictureErrors' bomb)
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	d := b.Bytes()
	copy(d[16:24], []byte{0, 0, 0x27, 0x10, 0, 0, 0x17, 0x70})
	binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
	return d
}

func diagLines(res *build.Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, fmt.Sprintf("%s:%d: %v %s", d.Path, d.Line, d.Severity, d.Message))
	}
	return out
}

// sumTag is the 8 hex digits in a variant's name.
var sumTag = regexp.MustCompile(`-(\d+|social)\.[0-9a-f]{8}\.`)

// TestPicturesChecked: sitegen check's build (PicturesChecked) encodes
// no picture and reports every error the full build reports, at the
// same lines; with the cache of a build it decodes none either, and
// plans the variants under the names the build gave them.
func TestPicturesChecked(t *testing.T) {
	bad := badPictureSite(t)
	full, _ := build.Run(bad, build.Options{Now: testNow})
	checked, _ := build.Run(bad, build.Options{Now: testNow, Pictures: build.PicturesChecked})
	if full.Stats.Pictures == 0 {
		t.Fatal("the full build encoded nothing")
	}
	if checked.Stats.Pictures != 0 || checked.Stats.Decoded != full.Stats.Pictures {
		t.Errorf("check encoded %d pictures and decoded %d, want 0 and %d", checked.Stats.Pictures, checked.Stats.Decoded, full.Stats.Pictures)
	}
	want, got := diagLines(full), diagLines(checked)
	if !slices.Equal(got, want) {
		t.Errorf("check reports\n%s\nthe build\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range []string{"text.jpg", "halb.jpg", "bombe.png", "weg.jpg", "skript.svg", "Beschreibung"} {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("no problem about %s:\n%s", w, strings.Join(got, "\n"))
		}
	}

	// After sitegen build with its cache, check reads the pictures from it.
	good := pictureSite(t)
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, good)
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache")}
	built, err := build.ToDir(context.Background(), os.DirFS(src.dir), build.Options{Now: testNow}, tg)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		pc := build.ReadCache(tg.CacheDir)
		if pc == nil {
			t.Fatal("no cache to read")
		}
		res, err := build.Run(os.DirFS(src.dir), build.Options{Now: testNow, Pictures: build.PicturesChecked, PictureCache: pc})
		pc.Close()
		if err != nil {
			t.Fatalf("%v\n%s", err, format(res.Diagnostics))
		}
		if res.Stats.Pictures != 0 || res.Stats.Decoded != 0 {
			t.Errorf("check with the cache encoded %d pictures and decoded %d, want none", res.Stats.Pictures, res.Stats.Decoded)
		}
		if !slices.Equal(res.Paths, built.Paths) {
			t.Errorf("check plans other files than the build made")
		}
	}
	// The cache is as the build left it: the next build encodes nothing.
	again, err := build.ToDir(context.Background(), os.DirFS(src.dir), build.Options{Now: testNow}, tg)
	if err != nil || again.Stats.Pictures != 0 {
		t.Errorf("build after check: %v, %d pictures encoded", err, again.Stats.Pictures)
	}
}

// TestPicturesLazy: the preview's build (PicturesLazy) makes the pages
// at once – the same <picture> as a full build, the names tagged by the
// source instead of the bytes – and encodes a picture when one of its
// variants is first asked for, once for many callers at the same time;
// the bytes are the full build's.
func TestPicturesLazy(t *testing.T) {
	fsys := pictureSite(t)
	full, err := build.Run(fsys, build.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	fullFiles := map[string][]byte{}
	for _, f := range full.Files {
		fullFiles[sumTag.ReplaceAllString(f.Path, "-$1.X.")] = f.Data
	}
	b := build.NewBuilder(fsys, build.Options{Now: testNow, Pictures: build.PicturesLazy})
	before := build.EncodedOnRequest()
	res, err := b.Build()
	if err != nil {
		t.Fatalf("%v\n%s", err, format(res.Diagnostics))
	}
	if res.Stats.Pictures != 0 || build.EncodedOnRequest() != before {
		t.Errorf("the lazy build encoded %d pictures", res.Stats.Pictures+int(build.EncodedOnRequest()-before))
	}
	page, ok := res.Output.Get("projekte/fest/index.html")
	if !ok {
		t.Fatal("no page")
	}
	fullPage := fullFiles["projekte/fest/index.html"]
	norm := func(b []byte) string { return sumTag.ReplaceAllString(string(b), "-$1.X.") }
	if norm(page) != norm(fullPage) {
		t.Errorf("the lazy page differs from the full build's beyond the names:\n%s\n---\n%s", page, fullPage)
	}
	if !strings.Contains(string(page), `srcset=`) || !strings.Contains(string(page), `width="1000" height="600"`) {
		t.Errorf("no srcset or upright size:\n%s", page)
	}
	var variants []string
	for _, p := range res.Paths {
		if sumTag.MatchString(p) {
			variants = append(variants, p)
		}
	}
	if len(variants) < 5 {
		t.Fatalf("variants %v", variants)
	}
	// Eight callers ask for one variant at once: one encoding.
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Go(func() { got[i], _ = res.Output.Get(variants[0]) })
	}
	wg.Wait()
	if n := build.EncodedOnRequest() - before; n != 1 {
		t.Errorf("%d encodings for one picture asked for 8 times at once", n)
	}
	for i, g := range got {
		if !bytes.Equal(g, got[0]) || len(g) == 0 {
			t.Fatalf("caller %d got %d bytes", i, len(g))
		}
	}
	for _, p := range variants {
		data, ok := res.Output.Get(p)
		if want := fullFiles[sumTag.ReplaceAllString(p, "-$1.X.")]; !ok || !bytes.Equal(data, want) {
			t.Errorf("%s: %d bytes (%v), the full build's %d", p, len(data), ok, len(want))
		}
	}
	if img, err := jpeg.DecodeConfig(bytes.NewReader(mustGet(t, res.Output, "projekte/fest/foto.jpg"))); err != nil || img.Width != 1000 || img.Height != 600 {
		t.Errorf("the photo's own URL: %v %v", img, err)
	}
	// A text edit: the same plans, nothing encoded again.
	n := build.EncodedOnRequest()
	fsys["content/projekte/fest/index.md"].Data = append(slices.Clip(fsys["content/projekte/fest/index.md"].Data), "\nNoch ein Satz.\n"...)
	b.Changed("content/projekte/fest/index.md")
	res2, err := b.Build()
	if err != nil || res2.Stats.Decoded != 0 {
		t.Fatalf("%v, %d decoded again", err, res2.Stats.Decoded)
	}
	for _, p := range variants {
		if _, ok := res2.Output.Get(p); !ok {
			t.Errorf("%s gone after a text edit", p)
		}
	}
	if d := build.EncodedOnRequest() - n; d != 0 {
		t.Errorf("%d pictures encoded again after a text edit", d)
	}
}

func mustGet(t *testing.T, o build.Output, p string) []byte {
	t.Helper()
	d, ok := o.Get(p)
	if !ok {
		t.Fatalf("%s not found", p)
	}
	return d
}

// TestPicturesManifest: admin/bilder.json, which the CMS's preview pane
// shows pictures from, has each picture as the page shows it.
func TestPicturesManifest(t *testing.T) {
	fsys := pictureSite(t)
	admin := &cms.Admin{Dist: fstest.MapFS{"decap-cms.js": {Data: []byte("/* Decap */")}}, Local: &cms.Local{URL: "/api/v1"}}
	for _, mode := range []build.PictureMode{build.PicturesEncoded, build.PicturesLazy} {
		res, err := build.NewBuilder(fsys, build.Options{Now: testNow, Admin: admin, Pictures: mode}).Build()
		if err != nil {
			t.Fatalf("%v\n%s", err, format(res.Diagnostics))
		}
		data, ok := res.Output.Get(cms.PicturesFile)
		page, _ := res.Output.Get("projekte/fest/index.html")
		var m map[string]markdown.PictureAttrs
		if !ok || json.Unmarshal(data, &m) != nil {
			t.Fatalf("no %s: %q", cms.PicturesFile, data)
		}
		if len(m) != 3 {
			t.Errorf("%d pictures in %s", len(m), data)
		}
		for src, alt := range map[string]string{"/projekte/fest/foto.jpg": "Kinder tanzen auf dem Maxplatz", "/projekte/fest/logo.png": "Logo des Beirats"} {
			a := m[src]
			img := fmt.Sprintf(`<img src="%s"`, a.Src)
			if a.Srcset != "" {
				img += fmt.Sprintf(` srcset="%s" sizes="%s"`, a.Srcset, a.Sizes)
			}
			img += fmt.Sprintf(` width="%d" height="%d" alt="%s"`, a.Width, a.Height, alt)
			if a.Width == 0 || !strings.Contains(string(page), img) {
				t.Errorf("mode %d: the page does not show %s as %s:\n%s", mode, src, img, page)
			}
			if _, ok := res.Output.Get(strings.TrimPrefix(a.Src, "/integration/")); !ok {
				t.Errorf("mode %d: %s not served", mode, a.Src)
			}
		}
	}
}

// TestPageImageTranslated: a translation's image: alt: describes the
// page's picture on the translated page, at the top and in og:image:alt;
// a translation without it shows the original's description.
func TestPageImageTranslated(t *testing.T) {
	fsys := sitetest.Repo(t, "layouts", "assets", "i18n")
	page := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys["content/_index.md"] = page("---\ntitle: Start\nsite:\n  title: Integration\n  base_url: https://example.org/\n  languages: [de, en, tr]\n---\nStart.\n")
	fsys["content/_index.en.md"] = page("---\ntitle: Home\n---\nHome.\n")
	fsys["content/fest/index.md"] = page("---\ntitle: Fest\nimage:\n  file: foto.jpg\n  alt: Kinder tanzen\n---\nText.\n")
	fsys["content/fest/index.en.md"] = page("---\ntitle: Party\nimage:\n  alt: Children dancing\n---\nText.\n")
	fsys["content/fest/index.tr.md"] = page("---\ntitle: Şenlik\n---\nMetin.\n")
	fsys["content/fest/foto.jpg"] = &fstest.MapFile{Data: testimg.JPEG(testimg.Photo(9, 800, 600))}
	res, err := build.Run(fsys, build.Options{Now: testNow})
	if err != nil {
		t.Fatalf("%v\n%s", err, format(res.Diagnostics))
	}
	for u, alt := range map[string]string{"fest/index.html": "Kinder tanzen", "en/fest/index.html": "Children dancing", "tr/fest/index.html": "Kinder tanzen"} {
		html := string(mustGet(t, res.Output, u))
		tags := imgTag.FindAllString(html[strings.Index(html, "<main"):], -1)
		if len(tags) == 0 || !strings.Contains(tags[0], `alt="`+alt+`"`) || !strings.Contains(html, `<meta property="og:image:alt" content="`+alt+`">`) {
			t.Errorf("%s: want the picture described as %q:\n%q", u, alt, tags)
		}
	}
}

// TestPageImageEdited: editing image: (of the original or a translation's
// alt:) in the preview's Builder gives the full build's pages.
func TestPageImageEdited(t *testing.T) {
	fsys := sitetest.Repo(t, "layouts", "assets", "i18n")
	page := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys["content/_index.md"] = page("---\ntitle: Start\nsite:\n  title: Integration\n  base_url: https://example.org/\n  languages: [de, en]\n---\nStart.\n")
	fsys["content/fest/index.md"] = page("---\ntitle: Fest\nimage:\n  file: foto.jpg\n  alt: Kinder tanzen\n---\nText.\n")
	fsys["content/fest/index.en.md"] = page("---\ntitle: Party\nimage:\n  alt: Children dancing\n---\nText.\n")
	fsys["content/fest/foto.jpg"] = &fstest.MapFile{Data: testimg.JPEG(testimg.Photo(9, 800, 600))}
	fsys["content/fest/bild.jpg"] = &fstest.MapFile{Data: testimg.JPEG(testimg.Photo(10, 900, 600))}
	b := build.NewBuilder(fsys, build.Options{Now: testNow})
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	for _, edit := range []struct{ file, text string }{
		{"content/fest/index.md", "---\ntitle: Fest\nimage:\n  file: foto.jpg\n  alt: Kinder singen\n---\nText.\n"},
		{"content/fest/index.en.md", "---\ntitle: Party\nimage:\n  alt: Children singing\n---\nText.\n"},
		{"content/fest/index.md", "---\ntitle: Fest\nimage:\n  file: bild.jpg\n  alt: Ein anderes Bild\n---\nText.\n"},
		{"content/fest/index.en.md", "---\ntitle: Party\n---\nText.\n"},
	} {
		fsys[edit.file] = page(edit.text)
		b.Changed(edit.file)
		inc, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		full, err := build.Run(fsys, build.Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"fest/index.html", "en/fest/index.html"} {
			if got, want := mustGet(t, inc.Output, u), mustGet(t, full.Output, u); !bytes.Equal(got, want) {
				t.Errorf("after editing %s, %s differs from the full build's:\n%s\n---\n%s", edit.file, u, got, want)
			}
		}
	}
}
