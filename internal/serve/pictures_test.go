package serve_test

import (
	"bytes"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestPicturesOnRequest: the preview serves a page with a photo before
// any of the photo's variants exist, with the upright size and srcset;
// the variant's URL then gives the encoded picture, and eight browsers
// asking for it at once cost one encoding. A photo broken behind a sound
// header is a 404 and a line in the log.
func TestPicturesOnRequest(t *testing.T) {
	fsys := golden(t)
	photo := testimg.WithMeta(testimg.JPEG(testimg.Photo(3, 1500, 2000)), testimg.Meta{Orientation: 8, GPS: true})
	broken := testimg.JPEG(testimg.Photo(4, 1200, 800))
	fsys["content/projekte/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Projekte\n---\n")}
	fsys["content/projekte/fest/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Sommerfest\n---\n![Kinder tanzen](foto.jpg)\n\n![Kaputt](kaputt.jpg)\n")}
	fsys["content/projekte/fest/foto.jpg"] = &fstest.MapFile{Data: photo}
	fsys["content/projekte/fest/kaputt.jpg"] = &fstest.MapFile{Data: broken[:len(broken)/2]}
	var log sitetest.Buffer
	b := build.NewBuilder(fsys, build.Options{Now: now, Pictures: build.PicturesLazy})
	srv := serve.New(b, func(p string) ([]byte, error) { return fsys.ReadFile(p) }, nil, &log)
	t.Cleanup(srv.Close)
	before := build.EncodedOnRequest()
	if _, err := srv.Rebuild(); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	ts := hs.URL

	status, _, page := get(t, ts+"/projekte/fest/")
	if status != 200 {
		t.Fatalf("page: %d", status)
	}
	if n := build.EncodedOnRequest() - before; n != 0 {
		t.Errorf("%d pictures encoded before any was asked for", n)
	}
	img := regexp.MustCompile(`<img src="([^"]+)" srcset="([^"]+)"[^>]* width="2000" height="1500" alt="Kinder tanzen"`).FindStringSubmatch(page)
	if img == nil {
		t.Fatalf("no upright picture with srcset:\n%s", page)
	}
	m := regexp.MustCompile(`(\S+) 960w`).FindStringSubmatch(img[2])
	if m == nil {
		t.Fatalf("no 960w in %q", img[2])
	}
	// The golden site lives under /integration/; the server at its root.
	variant := strings.TrimPrefix(m[1], "/integration")
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() {
			resp, err := http.Get(ts + variant)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
				t.Errorf("GET %s: %d %s", m[1], resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			bodies[i] = string(data)
		})
	}
	wg.Wait()
	if n := build.EncodedOnRequest() - before; n != 1 {
		t.Errorf("%d encodings for one photo asked for by 8 browsers at once", n)
	}
	cfg, err := jpeg.DecodeConfig(strings.NewReader(bodies[0]))
	if err != nil || cfg.Width != 960 || cfg.Height != 720 {
		t.Errorf("the 960 px variant: %v %v", cfg, err)
	}
	for _, body := range bodies[1:] {
		if body != bodies[0] {
			t.Error("browsers got different bytes")
		}
	}
	if bytes.Contains([]byte(bodies[0]), []byte("Exif")) {
		t.Error("the variant carries EXIF")
	}

	k := regexp.MustCompile(`<img src="([^"]+)"[^>]* alt="Kaputt"`).FindStringSubmatch(page)
	if k == nil {
		t.Fatalf("no broken picture on the page:\n%s", page)
	}
	if status, _, _ := get(t, ts+strings.TrimPrefix(k[1], "/integration")); status != 404 {
		t.Errorf("broken picture: %d, want 404", status)
	}
	if !strings.Contains(log.String(), "Bild: content/projekte/fest/kaputt.jpg") || !strings.Contains(log.String(), "beschädigt") {
		t.Errorf("log:\n%s", log.String())
	}
}
