package images

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// quadrants is a w×h picture with four colours: red top left, green top
// right, blue bottom left, white bottom right.
func quadrants(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{255, 0, 0, 255}
			switch {
			case x >= w/2 && y < h/2:
				c = color.NRGBA{0, 255, 0, 255}
			case x < w/2 && y >= h/2:
				c = color.NRGBA{0, 0, 255, 255}
			case x >= w/2 && y >= h/2:
				c = color.NRGBA{255, 255, 255, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// stored returns how a camera stores the upright picture u under the
// EXIF orientation o: the picture that, transformed as o says, is u.
func stored(u *image.NRGBA, o int) *image.NRGBA {
	W, H := u.Bounds().Dx(), u.Bounds().Dy()
	sw, sh := W, H
	if o >= 5 {
		sw, sh = H, W
	}
	s := image.NewNRGBA(image.Rect(0, 0, sw, sh))
	for y := range H {
		for x := range W {
			var sx, sy int
			switch o {
			case 1:
				sx, sy = x, y
			case 2:
				sx, sy = W-1-x, y
			case 3:
				sx, sy = W-1-x, H-1-y
			case 4:
				sx, sy = x, H-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, W-1-x
			case 7:
				sx, sy = H-1-y, W-1-x
			case 8:
				sx, sy = H-1-y, x
			}
			s.SetNRGBA(sx, sy, u.NRGBAAt(x, y))
		}
	}
	return s
}

func decodeVariant(t *testing.T, v Variant) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(v.Data))
	if err != nil {
		t.Fatalf("%s: %v", v.Name, err)
	}
	if b := img.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
		t.Fatalf("%s is %v, says %dx%d", v.Name, b, v.Width, v.Height)
	}
	return img
}

func near(c color.Color, want color.NRGBA, tol int) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
	return d(n.R, want.R) <= tol && d(n.G, want.G) <= tol && d(n.B, want.B) <= tol && d(n.A, want.A) <= tol
}

func TestOrientation(t *testing.T) {
	u := quadrants(64, 32)
	want := map[image.Point]color.NRGBA{
		{16, 8}: {255, 0, 0, 255}, {48, 8}: {0, 255, 0, 255},
		{16, 24}: {0, 0, 255, 255}, {48, 24}: {255, 255, 255, 255},
	}
	for o := 1; o <= 8; o++ {
		data := testimg.WithMeta(testimg.JPEG(stored(u, o)), testimg.Meta{Orientation: o})
		pic, err := Process("foto.jpg", data)
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if pic.Width != 64 || pic.Height != 32 {
			t.Errorf("orientation %d: picture is %d×%d, want 64×32", o, pic.Width, pic.Height)
		}
		img := decodeVariant(t, pic.Largest())
		for p, c := range want {
			if got := img.At(p.X, p.Y); !near(got, c, 40) {
				t.Errorf("orientation %d: at %v %v, want %v", o, p, got, c)
			}
		}
	}
}

func TestWidths(t *testing.T) {
	for _, tc := range []struct {
		w    int
		want []int
	}{
		{300, []int{300}},
		{480, []int{480}},
		{1000, []int{480, 1000}},
		{1100, []int{480, 960, 1100}},
		{3000, []int{480, 960, 1440, 2560}},
	} {
		pic, err := Process("a.jpg", testimg.JPEG(testimg.Photo(1, tc.w, tc.w/2)))
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, v := range pic.Fallback() {
			got = append(got, v.Width)
			if v.Type != "image/jpeg" || !strings.HasSuffix(v.Name, ".jpg") || !strings.HasPrefix(v.Name, "a-") {
				t.Errorf("%d: variant %s (%s)", tc.w, v.Name, v.Type)
			}
			decodeVariant(t, v)
		}
		if !equalInts(got, tc.want) {
			t.Errorf("width %d: variants %v, want %v", tc.w, got, tc.want)
		}
		s, ok := pic.SocialVariant()
		if !ok || s.Width > 1200 || s.Height > 630 || abs(s.Width*630-s.Height*1200) > 1200 {
			t.Errorf("width %d: social crop %d×%d", tc.w, s.Width, s.Height)
		}
	}
}

func TestSocialCropLarge(t *testing.T) {
	pic, err := Process("a.jpg", testimg.JPEG(testimg.Photo(2, 2000, 1500)))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := pic.SocialVariant()
	if s.Width != 1200 || s.Height != 630 {
		t.Errorf("social crop %d×%d, want 1200×630", s.Width, s.Height)
	}
	decodeVariant(t, s)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func abs(x int) int { return max(x, -x) }

// TestMetadataRemoved: a photo with GPS, a serial number, XMP, a comment
// and an ICC profile gives files with none of them.
func TestMetadataRemoved(t *testing.T) {
	src := testimg.WithMeta(testimg.JPEG(testimg.Photo(3, 1200, 900)), testimg.Meta{
		Orientation: 6, GPS: true, Comment: "Kommentar-GEHEIM", XMP: "<x:xmpmeta>XMP-GEHEIM</x:xmpmeta>",
		ICC: iccProfile(t, "sRGB-v4.icc"),
	})
	if !bytes.Contains(src, []byte(testimg.GPSMarker)) {
		t.Fatal("the source has no serial number: the test proves nothing")
	}
	pic, err := Process("foto.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range pic.Variants {
		for _, bad := range []string{testimg.GPSMarker, "Exif", "GEHEIM", "ICC_PROFILE", "http://ns.adobe.com", "\xff\xe1", "\xff\xe2", "\xff\xfe"} {
			if bytes.Contains(v.Data, []byte(bad)) {
				t.Errorf("%s contains %q", v.Name, bad)
			}
		}
	}
}

// iccProfile reads a test profile of github.com/kovidgoyal/imaging.
func iccProfile(t *testing.T, name string) []byte {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/kovidgoyal/imaging").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "prism/meta/icc/test-profiles", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestICC: a picture tagged with ProPhoto RGB is converted to sRGB: its
// colours come out more saturated than the same numbers untagged.
func TestICC(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:], []byte{150, 110, 90, 255})
	}
	plain := testimg.JPEG(img)
	tagged := testimg.WithMeta(plain, testimg.Meta{ICC: iccProfile(t, "prophoto.icc")})
	a, err := Process("a.jpg", plain)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Process("b.jpg", tagged)
	if err != nil {
		t.Fatal(err)
	}
	ca := color.NRGBAModel.Convert(decodeVariant(t, a.Largest()).At(16, 16)).(color.NRGBA)
	cb := color.NRGBAModel.Convert(decodeVariant(t, b.Largest()).At(16, 16)).(color.NRGBA)
	if int(cb.R)-int(ca.R) < 20 { // ProPhoto's red is far more saturated than sRGB's
		t.Errorf("ProPhoto (150,110,90) became %v in sRGB, untagged %v: not converted", cb, ca)
	}
	if bytes.Contains(b.Largest().Data, []byte("ICC_PROFILE")) {
		t.Error("the profile was carried")
	}
}

// TestCMYK: Go's CMYK test JPEG (Adobe, no profile) comes out as its RGB
// version – as near as a conversion without a profile gets (Go's own
// decoder is as far off; an inverted or missed conversion is over 100).
func TestCMYK(t *testing.T) {
	dir := filepath.Join(runtime.GOROOT(), "src/image/testdata")
	cmyk, err := os.ReadFile(filepath.Join(dir, "video-001.cmyk.jpeg"))
	if err != nil {
		t.Skip("Go's image test data is not installed:", err)
	}
	ref, err := os.ReadFile(filepath.Join(dir, "video-001.png"))
	if err != nil {
		t.Skip(err)
	}
	want, err := png.Decode(bytes.NewReader(ref))
	if err != nil {
		t.Fatal(err)
	}
	pic, err := Process("cmyk.jpg", cmyk)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeVariant(t, pic.Largest())
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("size %v, want %v", got.Bounds(), want.Bounds())
	}
	var sum, n int
	for y := 0; y < want.Bounds().Dy(); y += 3 {
		for x := 0; x < want.Bounds().Dx(); x += 3 {
			g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
			w := color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA)
			sum += abs(int(g.R)-int(w.R)) + abs(int(g.G)-int(w.G)) + abs(int(g.B)-int(w.B))
			n += 3
		}
	}
	if mean := float64(sum) / float64(n); mean > 45 {
		t.Errorf("mean difference from the RGB version %.1f per channel: colours wrong", mean)
	}
}

// Test16BitPNG: a 16-bit PNG with transparency becomes 8-bit PNGs that
// keep it.
func Test16BitPNG(t *testing.T) {
	img := image.NewNRGBA64(image.Rect(0, 0, 600, 300))
	for y := range 300 {
		for x := range 600 {
			a := uint16(0)
			if x < 300 {
				a = 0xffff
			}
			img.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 100), 0x8000, 0x1234, a})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	pic, err := Process("logo.png", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !pic.Alpha {
		t.Error("transparency not noticed")
	}
	for _, v := range pic.Fallback() {
		if v.Type != "image/png" || !strings.HasSuffix(v.Name, ".png") {
			t.Errorf("%s is %s, want PNG", v.Name, v.Type)
		}
		got := decodeVariant(t, v)
		if _, ok := got.(*image.NRGBA); !ok {
			t.Errorf("%s decodes as %T, want 8-bit NRGBA", v.Name, got)
		}
		if _, _, _, a := got.At(v.Width*3/4, v.Height/2).RGBA(); a != 0 {
			t.Errorf("%s: right half %v, want transparent", v.Name, got.At(v.Width*3/4, v.Height/2))
		}
		if c := color.NRGBAModel.Convert(got.At(v.Width/4, v.Height/2)).(color.NRGBA); c.A != 255 || abs(int(c.G)-0x80) > 2 {
			t.Errorf("%s: left half %v", v.Name, c)
		}
	}
}

func TestTransparentLogo(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, testimg.Logo(1000, 500)); err != nil {
		t.Fatal(err)
	}
	pic, err := Process("logo.png", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range pic.Fallback() {
		img := decodeVariant(t, v)
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner %v, want transparent", v.Name, img.At(0, 0))
		}
		if !near(img.At(v.Width/2, v.Height/2), color.NRGBA{200, 30, 60, 255}, 3) {
			t.Errorf("%s: centre %v", v.Name, img.At(v.Width/2, v.Height/2))
		}
	}
}

func TestBadInput(t *testing.T) {
	photo := testimg.JPEG(testimg.Photo(4, 400, 300))
	bomb := func() []byte {
		// a PNG header claiming 10000×6000 pixels, and nothing else
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
			t.Fatal(err)
		}
		d := b.Bytes()
		d[16], d[17], d[18], d[19] = 0, 0, 0x27, 0x10 // width 10000
		d[20], d[21], d[22], d[23] = 0, 0, 0x17, 0x70 // height 6000
		binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
		return d
	}()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"text", []byte("<html><script>alert(1)</script></html>"), "kein lesbares Bild"},
		{"empty", nil, "kein lesbares Bild"},
		{"truncated", photo[:len(photo)/2], "beschädigt"},
		{"bomb", bomb, "zu viele Pixel"},
		{"huge file", append(photo, make([]byte, MaxBytes)...), "zu groß"},
	} {
		pic, err := Process("x.jpg", tc.data)
		if err == nil || pic != nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if _, ok := err.(*Error); !ok || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %T %v, want an *Error saying %q", tc.name, err, err, tc.want)
		}
	}
}

// TestVariantNames: a name that would break a srcset becomes a slug.
func TestVariantNames(t *testing.T) {
	pic, err := Process("content/a/Mein Foto, Großes Fest.JPG", testimg.JPEG(testimg.Photo(6, 100, 50)))
	if err != nil {
		t.Fatal(err)
	}
	if n := pic.Largest().Name; !regexp.MustCompile(`^mein-foto-grosses-fest-100\.[0-9a-f]{8}\.jpg$`).MatchString(n) {
		t.Errorf("name %q", n)
	}
}

// TestDeterministic: the same input gives the same bytes and names.
func TestDeterministic(t *testing.T) {
	src := testimg.JPEG(testimg.Photo(5, 1000, 700))
	a, err := Process("a.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Process("a.jpg", src)
	for i := range a.Variants {
		if a.Variants[i].Name != b.Variants[i].Name || !bytes.Equal(a.Variants[i].Data, b.Variants[i].Data) {
			t.Errorf("variant %d differs", i)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(a.Largest().Data)); err != nil {
		t.Error(err)
	}
}
