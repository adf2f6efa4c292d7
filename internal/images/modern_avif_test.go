//go:build avif

package images

import (
	"bytes"
	"testing"

	"github.com/gen2brain/avif"

	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// TestModernAVIF: with the avif tag every fallback width has an AVIF
// variant of its size, decodable, upright, without the metadata.
func TestModernAVIF(t *testing.T) {
	src := testimg.WithMeta(testimg.JPEG(testimg.Photo(12, 600, 1000)), testimg.Meta{Orientation: 6, GPS: true})
	pic, err := Process("foto.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	fb, mo := pic.Fallback(), pic.ModernVariants()
	if len(mo) != len(fb) {
		t.Fatalf("%d AVIF variants for %d fallbacks", len(mo), len(fb))
	}
	for i, v := range mo {
		if v.Type != "image/avif" || v.Width != fb[i].Width || v.Height != fb[i].Height {
			t.Errorf("variant %s: %s %d×%d, fallback %d×%d", v.Name, v.Type, v.Width, v.Height, fb[i].Width, fb[i].Height)
		}
		img, err := avif.Decode(bytes.NewReader(v.Data))
		if err != nil || img.Bounds().Dx() != v.Width || img.Bounds().Dy() != v.Height {
			t.Errorf("%s: %v %v", v.Name, err, img)
		}
		if bytes.Contains(v.Data, []byte(testimg.GPSMarker)) || bytes.Contains(v.Data, []byte("Exif")) {
			t.Errorf("%s holds metadata", v.Name)
		}
		if len(v.Data) >= len(fb[i].Data) {
			t.Errorf("%s: %d bytes, the JPEG %d", v.Name, len(v.Data), len(fb[i].Data))
		}
	}
}
