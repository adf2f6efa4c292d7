package build_test

import (
	"bytes"
	"compress/gzip"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/write"
)

// productionSite is the golden site with files of every kind the back
// half of the pipeline treats differently: a large text file and a
// picture under content/, an SVG under content/ (published as it is), a
// stylesheet in a folder of assets/ (fingerprinted, compressed at the
// strongest) and a small file directly in assets/.
func productionSite(t *testing.T) fstest.MapFS {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	big := bytes.Repeat([]byte("Runder Tisch Integration – Fachforum. "), 100)
	fsys["content/liste.txt"] = &fstest.MapFile{Data: big}
	var logo bytes.Buffer
	if err := png.Encode(&logo, testimg.Logo(300, 200)); err != nil {
		t.Fatal(err)
	}
	fsys["content/bilder/foto.png"] = &fstest.MapFile{Data: logo.Bytes()}
	fsys["content/bilder/karte.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg">   <rect width="10.000" height="10"/>   </svg>`)}
	fsys["assets/css/extra.css"] = &fstest.MapFile{Data: append([]byte("a  {  color : red }\n"), bytes.Repeat([]byte(".x { margin: 1px }\n"), 200)...)}
	fsys["assets/klein.txt"] = &fstest.MapFile{Data: []byte("klein")}
	return fsys
}

// Every text file over publish.CompressMin gets a .gz and a .br that
// decompress to it (gzip without name or time); other files get none;
// fingerprinted assets get the strongest compression.
func TestCompressedVariants(t *testing.T) {
	res, err := build.Run(productionSite(t), build.Options{Now: testNow, Minify: true, Fingerprint: true, Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range res.Files {
		got[f.Path] = f.Data
	}
	checked, best := 0, 0
	for p, data := range got {
		if strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") {
			if _, ok := got[p[:len(p)-3]]; !ok {
				t.Errorf("%s without its file", p)
			}
			continue
		}
		gz, br := got[p+".gz"], got[p+".br"]
		if !publish.Compressible(p) || len(data) <= publish.CompressMin {
			if gz != nil || br != nil {
				t.Errorf("%s (%d bytes) compressed", p, len(data))
			}
			continue
		}
		if gz == nil || br == nil {
			t.Errorf("%s (%d bytes): no .gz or .br", p, len(data))
			continue
		}
		checked++
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" {
			t.Errorf("%s.gz header has name %q, time %v", p, zr.Name, zr.ModTime)
		}
		if d, err := io.ReadAll(zr); err != nil || !bytes.Equal(d, data) {
			t.Errorf("%s.gz does not decompress to the file: %v", p, err)
		}
		if d, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); err != nil || !bytes.Equal(d, data) {
			t.Errorf("%s.br does not decompress to the file: %v", p, err)
		}
		if strings.HasPrefix(p, "css/extra.") {
			best++
			if !bytes.Equal(br, publish.BrotliBest(data)) || !bytes.Equal(gz, publish.GzipBest(data)) {
				t.Errorf("%s: a fingerprinted asset is not compressed at the strongest", p)
			}
		} else if !bytes.Equal(br, publish.Brotli(data)) {
			t.Errorf("%s.br is not what publish.Brotli makes", p)
		}
	}
	for _, p := range []string{"bilder/foto.png.gz", "klein.txt.gz", "liste.txt.gz", "index.html.br", "sitemap.xml.gz"} {
		if _, ok := got[p]; ok != (p == "liste.txt.gz" || p == "index.html.br" || p == "sitemap.xml.gz") {
			t.Errorf("%s: present %v", p, ok)
		}
	}
	if checked < 10 || best != 1 {
		t.Errorf("checked %d compressed files, %d fingerprinted", checked, best)
	}
}

// With Minify, the files copied from content/ are published byte for
// byte, assets once minified (not again), pages minified.
func TestMinifyLeavesFilesAlone(t *testing.T) {
	fsys := productionSite(t)
	res, err := build.Run(fsys, build.Options{Now: testNow, Minify: true, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := build.Run(fsys, build.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	file := func(r *build.Result, prefix string) []byte {
		i := slices.IndexFunc(r.Files, func(f write.File) bool { return strings.HasPrefix(f.Path, prefix) })
		if i < 0 {
			t.Fatalf("no file %s…", prefix)
		}
		return r.Files[i].Data
	}
	if !bytes.Equal(file(res, "bilder/karte.svg"), fsys["content/bilder/karte.svg"].Data) {
		t.Error("an SVG from content/ was changed")
	}
	if got := string(file(res, "css/extra.")); !strings.HasPrefix(got, "a{color:red}") {
		t.Errorf("the stylesheet is not minified once: %.40q", got)
	}
	if p, m := file(plain, "index.html"), file(res, "index.html"); bytes.Equal(p, m) || len(m) >= len(p) {
		t.Error("the home page was not minified")
	}
}
