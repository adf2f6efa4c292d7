package build_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// pictureSite is the golden site with a bundle showing a phone photo
// (lying on its side by EXIF, with GPS and a serial number), a
// transparent logo and a decorative picture.
func pictureSite(t *testing.T) fstest.MapFS {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	photo := testimg.WithMeta(testimg.JPEG(testimg.Photo(7, 600, 1000)), testimg.Meta{Orientation: 6, GPS: true, Comment: "GEHEIM"})
	var logo bytes.Buffer
	if err := png.Encode(&logo, testimg.Logo(500, 250)); err != nil {
		t.Fatal(err)
	}
	fsys["content/projekte/fest/foto.jpg"] = &fstest.MapFile{Data: photo}
	fsys["content/projekte/fest/logo.png"] = &fstest.MapFile{Data: logo.Bytes()}
	fsys["content/projekte/fest/muster.png"] = &fstest.MapFile{Data: logo.Bytes()}
	fsys["content/projekte/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Projekte\n---\n")}
	fsys["content/projekte/fest/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Sommerfest\n---\n" +
		"![Kinder tanzen auf dem Maxplatz](foto.jpg)\n\n" +
		"Text mit Logo: ![Logo des Beirats](logo.png)\n\n" +
		"![(dekorativ)](muster.png)\n")}
	return fsys
}

var imgTag = regexp.MustCompile(`<img [^>]*>`)

// TestPictures: the page shows the picture as <picture> (golden), every
// file it names exists, upright, without any metadata; the original is
// not published as it was.
func TestPictures(t *testing.T) {
	fsys := pictureSite(t)
	res, err := build.Run(fsys, build.Options{Now: testNow})
	if err != nil {
		t.Fatalf("%v\n%s", err, format(res.Diagnostics))
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	page := string(files["projekte/fest/index.html"])
	start, end := strings.Index(page, "<main>"), strings.Index(page, "</main>")
	got := page[start : end+len("</main>")]
	golden := filepath.Join("testdata", "pictures.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update makes it)", err)
	}
	if got != string(want) {
		t.Errorf("the page's main part:\n%s\nwant (%s):\n%s", got, golden, want)
	}
	tags := imgTag.FindAllString(got, -1)
	if len(tags) != 3 {
		t.Fatalf("%d <img>, want 3", len(tags))
	}
	// the photo: upright 1000×600, the first picture, eager
	if !strings.Contains(tags[0], `width="1000" height="600"`) || strings.Contains(tags[0], "lazy") {
		t.Errorf("photo: %s", tags[0])
	}
	for _, tag := range tags[1:] {
		if !strings.Contains(tag, `loading="lazy" decoding="async"`) {
			t.Errorf("not lazy: %s", tag)
		}
	}
	if !strings.Contains(tags[2], `alt=""`) {
		t.Errorf("decorative: %s", tags[2])
	}
	// every URL in a srcset or src is a file of the output, of its width
	for _, u := range regexp.MustCompile(`/projekte/fest/[^ "]+`).FindAllString(got, -1) {
		data, ok := files[strings.TrimPrefix(u, "/")]
		if !ok {
			t.Errorf("%s is not in the output", u)
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		if m := regexp.MustCompile(`-(\d+)\.[0-9a-f]{8}\.`).FindStringSubmatch(u); m != nil && m[1] != strconv.Itoa(cfg.Width) {
			t.Errorf("%s is %d px wide", u, cfg.Width)
		}
		if strings.Contains(u, "foto-") && cfg.Width*600 != cfg.Height*1000 && abs(cfg.Width*600-cfg.Height*1000) > 1000 {
			t.Errorf("%s is %d×%d: not upright", u, cfg.Width, cfg.Height)
		}
	}
	for p, data := range files {
		for _, bad := range []string{testimg.GPSMarker, "GEHEIM", "Exif"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
	orig := files["projekte/fest/foto.jpg"]
	if orig == nil || bytes.Equal(orig, fsys["content/projekte/fest/foto.jpg"].Data) {
		t.Error("the original's URL serves nothing, or the original as it was")
	}
}

type diagT = diag.Diagnostic

func format(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\t" + d.Long() + "\n")
	}
	return b.String()
}

func abs(x int) int { return max(x, -x) }

// TestPictureErrors: each bad picture is an error at the Markdown line
// that shows it, and the output folder stays as it was.
func TestPictureErrors(t *testing.T) {
	photo := testimg.JPEG(testimg.Photo(8, 300, 200))
	bomb := func() []byte {
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
			t.Fatal(err)
		}
		d := b.Bytes()
		copy(d[16:24], []byte{0, 0, 0x27, 0x10, 0, 0, 0x17, 0x70}) // 10000×6000
		binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
		return d
	}()
	good := pictureSite(t)
	for _, tc := range []struct {
		name, file string
		data       []byte
		md, want   string
	}{
		{"not an image", "bild.jpg", []byte("<script>alert(1)</script>"), "![Ein Bild](bild.jpg)", "kein lesbares Bild"},
		{"truncated", "bild.jpg", photo[:len(photo)*2/3], "![Ein Bild](bild.jpg)", "beschädigt"},
		{"bomb", "bild.png", bomb, "![Ein Bild](bild.png)", "zu viele Pixel"},
		{"missing", "", nil, "![Ein Bild](weg.jpg)", "weg.jpg"},
		{"no alt", "bild.jpg", photo, "![](bild.jpg)", "fehlt die Beschreibung"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			src, out := filepath.Join(root, "src"), filepath.Join(root, "public")
			d := &disk{dir: src, clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
			d.sync(t, good)
			if _, err := build.ToDir(context.Background(), os.DirFS(src), build.Options{Now: testNow}, build.Target{Out: out}); err != nil {
				t.Fatal(err)
			}
			before := tree(t, out)
			bad := maps.Clone(good)
			if tc.file != "" {
				bad["content/projekte/fest/"+tc.file] = &fstest.MapFile{Data: tc.data}
			}
			bad["content/projekte/fest/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Sommerfest\n---\nText.\n\n" + tc.md + "\n")}
			d.sync(t, bad)
			res, err := build.ToDir(context.Background(), os.DirFS(src), build.Options{Now: testNow}, build.Target{Out: out})
			if err == nil {
				t.Fatal("no error")
			}
			i := slices.IndexFunc(res.Diagnostics, func(d diagT) bool {
				return d.Path == "content/projekte/fest/index.md" && d.Line == 6 && strings.Contains(d.Message, tc.want)
			})
			if i < 0 {
				t.Errorf("no error at content/projekte/fest/index.md:6 saying %q:\n%s", tc.want, format(res.Diagnostics))
			}
			if d := diffTrees(tree(t, out), before); d != "" {
				t.Errorf("the failed build changed the output:\n%s", d)
			}
		})
	}
}

// TestPictureUnshown: a broken picture no page shows is an error at the
// file.
func TestPictureUnshown(t *testing.T) {
	fsys := pictureSite(t)
	fsys["content/projekte/fest/kaputt.png"] = &fstest.MapFile{Data: []byte("kein Bild")}
	res, err := build.Run(fsys, build.Options{Now: testNow})
	if err == nil || !slices.ContainsFunc(res.Diagnostics, func(d diagT) bool {
		return d.Path == "content/projekte/fest/kaputt.png" && strings.Contains(d.Message, "kein lesbares Bild")
	}) {
		t.Errorf("err %v:\n%s", err, format(res.Diagnostics))
	}
}

// TestPicturesWarm: with the persistent cache, a build after a text
// edit encodes no picture and gives the cold build's output; a changed
// picture is encoded again, alone.
func TestPicturesWarm(t *testing.T) {
	fsys := pictureSite(t)
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	opts := build.Options{Now: testNow}
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache")}
	first, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Stats.Pictures != 3 {
		t.Errorf("cold build encoded %d pictures, want 3", first.Stats.Pictures)
	}
	fsys["content/projekte/fest/index.md"].Data = append(slices.Clip(fsys["content/projekte/fest/index.md"].Data), "\nNoch ein Satz.\n"...)
	src.sync(t, fsys)
	warm, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if warm.Stats.Pictures != 0 {
		t.Errorf("text edit: %d pictures encoded, want 0", warm.Stats.Pictures)
	}
	cold := filepath.Join(root, "cold")
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold}); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
		t.Errorf("warm and cold differ:\n%s", d)
	}
	// the output folder lost: the variants come from the cache
	os.RemoveAll(tg.Out)
	again, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Pictures != 0 {
		t.Errorf("after losing the output: %d pictures encoded, want 0", again.Stats.Pictures)
	}
	if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
		t.Errorf("rebuilt from the cache and cold differ:\n%s", d)
	}
	var logo bytes.Buffer
	if err := png.Encode(&logo, testimg.Logo(400, 250)); err != nil {
		t.Fatal(err)
	}
	fsys["content/projekte/fest/logo.png"].Data = logo.Bytes()
	src.sync(t, fsys)
	changed, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if changed.Stats.Pictures != 1 {
		t.Errorf("one picture changed: %d encoded", changed.Stats.Pictures)
	}
	page, _ := os.ReadFile(filepath.Join(tg.Out, "projekte/fest/index.html"))
	if !strings.Contains(string(page), `width="400" height="250"`) {
		t.Error("the page does not show the changed logo")
	}
}

// TestPageImage: image: with the repository's layouts – the picture at
// the top of the page (eager; the text's pictures lazy), og:image the
// 1200×630 crop, JSON-LD image.
func TestPageImage(t *testing.T) {
	fsys := sitetest.Repo(t, "layouts", "assets", "i18n")
	photo := testimg.JPEG(testimg.Photo(9, 2000, 1500))
	page := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys["content/_index.md"] = page("---\ntitle: Start\nsite:\n  title: Integration\n  base_url: https://example.org/\n---\nStart.\n")
	fsys["content/akteure/_index.md"] = page("---\ntitle: Akteure\ntype: actor\n---\n")
	fsys["content/akteure/beirat/index.md"] = page("---\ntitle: Beirat\ncategory: beirat\nimage:\n  file: foto.jpg\n  alt: Der Beirat im Rathaus\n---\nText ![Noch ein Bild](foto.jpg)\n")
	fsys["content/akteure/beirat/foto.jpg"] = &fstest.MapFile{Data: photo}
	res, err := build.Run(fsys, build.Options{Now: testNow})
	if err != nil {
		t.Fatalf("%v\n%s", err, format(res.Diagnostics))
	}
	var html string
	files := map[string]bool{}
	for _, f := range res.Files {
		files[f.Path] = true
		if f.Path == "akteure/beirat/index.html" {
			html = string(f.Data)
		}
	}
	og := regexp.MustCompile(`<meta property="og:image" content="https://example.org/(akteure/beirat/foto-social\.[0-9a-f]{8}\.jpg)">\s*<meta property="og:image:width" content="1200">\s*<meta property="og:image:height" content="630">\s*<meta property="og:image:alt" content="Der Beirat im Rathaus">`).FindStringSubmatch(html)
	if og == nil || !files[og[1]] {
		t.Errorf("no og:image of the 1200×630 crop in the output:\n%s", html)
	}
	if !regexp.MustCompile(`"image":\["https://example.org/akteure/beirat/foto-social\.[0-9a-f]{8}\.jpg","https://example.org/akteure/beirat/foto-2000\.[0-9a-f]{8}\.jpg"\]`).MatchString(html) {
		t.Errorf("JSON-LD without image:\n%s", html)
	}
	tags := imgTag.FindAllString(html[strings.Index(html, "<main"):], -1)
	if len(tags) != 2 || !strings.Contains(tags[0], `fetchpriority="high"`) || !strings.Contains(tags[0], `alt="Der Beirat im Rathaus"`) || !strings.Contains(tags[1], `loading="lazy"`) {
		t.Errorf("pictures: %q", tags)
	}
}
