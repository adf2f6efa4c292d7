package images

import (
	"bytes"
	"image"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// samePlan fails unless plan has the variants of pic in the same order,
// with the same sizes and types, named with tag instead of their sum.
func samePlan(t *testing.T, what string, plan, pic *Picture, tag string) {
	t.Helper()
	if plan.Width != pic.Width || plan.Height != pic.Height || plan.Alpha != pic.Alpha || len(plan.Variants) != len(pic.Variants) {
		t.Fatalf("%s: plan %d×%d alpha %v, %d variants; Process %d×%d alpha %v, %d variants", what,
			plan.Width, plan.Height, plan.Alpha, len(plan.Variants), pic.Width, pic.Height, pic.Alpha, len(pic.Variants))
	}
	sum := regexp.MustCompile(`\.[0-9a-f]{8}\.`)
	for i, v := range plan.Variants {
		w := pic.Variants[i]
		if v.Width != w.Width || v.Height != w.Height || v.Type != w.Type || v.Social != w.Social || v.Data != nil {
			t.Errorf("%s: variant %d planned %+v, made %s %d×%d %s", what, i, v, w.Name, w.Width, w.Height, w.Type)
		}
		if want := sum.ReplaceAllString(w.Name, "."+tag+"."); v.Name != want {
			t.Errorf("%s: variant %d named %q, want %q", what, i, v.Name, want)
		}
	}
}

// TestPlan: what Plan says of a picture is what Process makes of it, for
// every EXIF orientation (read from the header of a JPEG), a small
// picture, a wide and a tall one, and a transparent PNG.
func TestPlan(t *testing.T) {
	u := quadrants(1200, 500)
	for o := 1; o <= 8; o++ {
		data := testimg.WithMeta(testimg.JPEG(stored(u, o)), testimg.Meta{Orientation: o})
		pic, err := Process("foto.jpg", data)
		if err != nil {
			t.Fatal(err)
		}
		for _, full := range []bool{false, true} {
			plan, err := Plan("foto.jpg", data, "0123abcd", full)
			if err != nil {
				t.Fatalf("orientation %d: %v", o, err)
			}
			samePlan(t, "orientation "+string(rune('0'+o)), plan, pic, "0123abcd")
		}
	}
	for _, sz := range []image.Point{{300, 200}, {3000, 900}, {700, 2900}} {
		data := testimg.JPEG(testimg.Photo(3, sz.X, sz.Y))
		pic, err := Process("Mein Foto.JPG", data)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := Plan("Mein Foto.JPG", data, "deadbeef", false)
		if err != nil {
			t.Fatal(err)
		}
		samePlan(t, "photo", plan, pic, "deadbeef")
	}
	var b bytes.Buffer
	if err := png.Encode(&b, testimg.Logo(1000, 500)); err != nil {
		t.Fatal(err)
	}
	pic, err := Process("logo.png", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Plan("logo.png", b.Bytes(), "00000000", false)
	if err != nil {
		t.Fatal(err)
	}
	samePlan(t, "logo", plan, pic, "00000000")
}

// TestPlanErrors: a plan refuses what Process refuses from the header;
// only a full plan decodes a JPEG and finds it truncated.
func TestPlanErrors(t *testing.T) {
	photo := testimg.JPEG(testimg.Photo(4, 400, 300))
	truncated := photo[:len(photo)/2]
	if _, err := Plan("x.jpg", truncated, "00000000", false); err != nil {
		t.Errorf("header plan of a truncated JPEG: %v (the header is whole)", err)
	}
	if _, err := Plan("x.jpg", truncated, "00000000", true); err == nil || !strings.Contains(err.Error(), "beschädigt") {
		t.Errorf("full plan of a truncated JPEG: %v, want beschädigt", err)
	}
	for _, data := range [][]byte{[]byte("<svg/>"), nil, append(photo, make([]byte, MaxBytes)...)} {
		if _, err := Plan("x.jpg", data, "00000000", false); err == nil {
			t.Errorf("plan of %d bytes: no error", len(data))
		} else if _, ok := err.(*Error); !ok {
			t.Errorf("%T %v, want an *Error", err, err)
		}
	}
}
