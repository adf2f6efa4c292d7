package browsertest

import (
	"bytes"
	"image/png"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/cdproto/emulation"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// pictureState is what pictureCheck reads of the page's pictures.
type pictureState struct {
	First, Second   string   // currentSrc of the page's image: and of the text's picture
	Complete        bool     // the first has loaded
	Loaded          []string // the variants of the photo the browser fetched
	LazySecond      bool
	SecondAttribute string // its loading attribute
}

const pictureCheck = `(() => {
	const imgs = document.querySelectorAll('main img');
	const names = performance.getEntriesByType('resource').map(e => e.name).filter(n => /\/foto-\d+\./.test(n));
	return {First: imgs[0].currentSrc, Second: imgs[1] ? imgs[1].currentSrc : '', Complete: imgs[0].complete, Loaded: names, SecondAttribute: imgs[1] ? imgs[1].getAttribute('loading') : ''};
})()`

// TestPictureVariant: with the test site's layouts and a 3000 px photo as
// a page's image:, a phone (360 px, 1 device pixel per CSS pixel) loads
// the 480 px variant and a desktop window (1280 px) the 960 px one – and
// nothing else of the photo; the picture far down the text (lazy) is not
// loaded at all until scrolled to.
func TestPictureVariant(t *testing.T) {
	gate(t)
	fsys, now, err := testFS(filepath.Join("testdata", "site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var logo bytes.Buffer
	if err := png.Encode(&logo, testimg.Logo(1600, 800)); err != nil {
		t.Fatal(err)
	}
	fsys["content/bilder/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Bilder\nimage:\n  file: foto.jpg\n  alt: Ein Fest auf dem Maxplatz\n---\n" +
		strings.Repeat("Ein Absatz Text, damit das zweite Bild weit unten steht.\n\n", 80) +
		"![Das Logo des Festes](logo.png)\n")}
	fsys["content/bilder/foto.jpg"] = &fstest.MapFile{Data: testimg.JPEG(testimg.Photo(11, 3000, 2000))}
	fsys["content/bilder/logo.png"] = &fstest.MapFile{Data: logo.Bytes()}
	s, err := buildSite("pictures", fsys, build.Options{NowText: now}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler(s.dir))
	defer srv.Close()
	tb := newPrivateTab(t) // no cache shared with other tabs
	t.Cleanup(func() { tb.do(t, command(emulation.ClearDeviceMetricsOverride, struct{}{})) })
	variant := regexp.MustCompile(`/bilder/foto-(\d+)\.[0-9a-f]{8}\.jpg$`)
	for _, tc := range []struct {
		width int64
		want  string
	}{{360, "480"}, {1280, "960"}} {
		tb.do(t, command(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: tc.width, Height: 800, DeviceScaleFactor: 1, Mobile: tc.width < 768}))
		tb.open(t, srv.URL+"/bilder/?w="+tc.want) // a new address: no memory cache
		st := eval[pictureState](t, tb, pictureCheck)
		m := variant.FindStringSubmatch(st.First)
		if m == nil || m[1] != tc.want || !st.Complete {
			t.Errorf("at %d px: the page's picture loaded %q (complete %v), want the %s px variant", tc.width, st.First, st.Complete, tc.want)
		}
		for _, u := range st.Loaded {
			if m := variant.FindStringSubmatch(u); m != nil && m[1] != tc.want {
				t.Errorf("at %d px the browser also fetched %s", tc.width, u)
			}
		}
		if st.SecondAttribute != "lazy" || st.Second != "" && strings.Contains(strings.Join(st.Loaded, " "), "logo-") {
			t.Errorf("at %d px the picture far down is loading=%q, loaded %q", tc.width, st.SecondAttribute, st.Second)
		}
	}
}
