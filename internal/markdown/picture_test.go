package markdown

import (
	"errors"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
)

func picturePage() Page {
	p := testPage()
	p.ImageSizes = "calc(min(70ch, 100vw) - 2rem)"
	p.ResolveImage = func(dest string) (Picture, error) {
		switch dest {
		case "fehlt.jpg":
			return Picture{}, errors.New("Das Bild \"fehlt.jpg\" führt ins Leere")
		case "logo.svg":
			return Picture{Files: []PictureFile{{URL: "/a/logo.svg"}}, Type: "image/svg+xml"}, nil
		}
		stem := strings.TrimSuffix(dest, ".jpg")
		return Picture{
			Files:      []PictureFile{{"/a/" + stem + "-480.11.jpg", 480}, {"/a/" + stem + "-960.22.jpg", 960}, {"/a/" + stem + "-1200.33.jpg", 1200}},
			Type:       "image/jpeg",
			Modern:     []PictureFile{{"/a/" + stem + "-480.44.webp", 480}, {"/a/" + stem + "-960.55.webp", 960}, {"/a/" + stem + "-1200.66.webp", 1200}},
			ModernType: "image/webp",
			Width:      1200, Height: 800,
		}, nil
	}
	return p
}

func TestPicture(t *testing.T) {
	src := "![Rathaus & Fluss](rathaus.jpg \"Foto: Stadt\")\n\nText ![Brücke](bruecke.jpg) und ![(dekorativ)](muster.jpg)\n\n![Logo des Beirats](logo.svg)\n"
	res, ds := testConverter.Convert([]byte(src), picturePage())
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", format(ds))
	}
	got := string(res.HTML)
	want := `<p><picture><source type="image/webp" srcset="/a/rathaus-480.44.webp 480w, /a/rathaus-960.55.webp 960w, /a/rathaus-1200.66.webp 1200w" sizes="calc(min(70ch, 100vw) - 2rem)">` +
		`<img src="/a/rathaus-960.22.jpg" srcset="/a/rathaus-480.11.jpg 480w, /a/rathaus-960.22.jpg 960w, /a/rathaus-1200.33.jpg 1200w" sizes="calc(min(70ch, 100vw) - 2rem)" width="1200" height="800" alt="Rathaus &amp; Fluss" title="Foto: Stadt" fetchpriority="high"></picture></p>`
	if !strings.Contains(got, want) {
		t.Errorf("first picture:\n%s\nwant\n%s", got, want)
	}
	if n := strings.Count(got, `loading="lazy" decoding="async"`); n != 3 {
		t.Errorf("%d lazy pictures, want 3 (all but the first):\n%s", n, got)
	}
	if !strings.Contains(got, `alt="" loading="lazy"`) || strings.Contains(got, "dekorativ") {
		t.Errorf("the decorative picture has not alt=\"\":\n%s", got)
	}
	if !strings.Contains(got, `<img src="/a/logo.svg" alt="Logo des Beirats" loading="lazy" decoding="async">`) {
		t.Errorf("SVG not as <img>:\n%s", got)
	}
	if len(res.Images) != 4 || !res.Images[2].Decorative || res.Images[1].Decorative {
		t.Errorf("Images = %+v", res.Images)
	}
}

func TestPictureNoEager(t *testing.T) {
	p := picturePage()
	p.NoEagerImage = true
	res, _ := testConverter.Convert([]byte("![Rathaus](rathaus.jpg)\n"), p)
	if strings.Contains(string(res.HTML), "fetchpriority") || !strings.Contains(string(res.HTML), `loading="lazy"`) {
		t.Errorf("with a picture in the layout before, the first of the text is lazy:\n%s", res.HTML)
	}
}

func TestPictureProblems(t *testing.T) {
	long := strings.Repeat("sehr lang ", 16) // 159 characters when trimmed
	src := "Text\n\n![](ohne.jpg)\n\n![   ](leer.jpg)\n\n![Ein Bild](fehlt.jpg)\n\n![" + long + "](lang.jpg)\n\n![](https://example.org/x.png)\n"
	res, ds := testConverter.Convert([]byte(src), picturePage())
	type want struct {
		line int
		sev  diag.Severity
		text string
	}
	wants := []want{
		{7, diag.Error, `Dem Bild "ohne.jpg" fehlt die Beschreibung`},
		{9, diag.Error, `Dem Bild "leer.jpg" fehlt die Beschreibung`},
		{11, diag.Error, "führt ins Leere"},
		{13, diag.Warning, "159 Zeichen lang"},
		{15, diag.Error, `Dem Bild "https://example.org/x.png" fehlt`},
	}
	if len(ds) != len(wants) {
		t.Fatalf("diagnostics:\n%s", format(ds))
	}
	for i, w := range wants {
		d := ds[i]
		if d.Line != w.line || d.Severity != w.sev || !strings.Contains(d.Message, w.text) {
			t.Errorf("diagnostic %d: %s, want line %d %q", i, d.Long(), w.line, w.text)
		}
	}
	if !strings.Contains(ds[0].Message, "![(dekorativ)](ohne.jpg)") {
		t.Errorf("the message does not say how to mark decoration: %s", ds[0].Message)
	}
	_ = res
}
