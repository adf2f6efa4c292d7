package model

import (
	"path"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/load"
)

// Image is the picture of a page (image:), shown at the top of its page,
// in its structured data and in link previews (og:image).
type Image struct {
	Src        string // the file, a path inside content/: projekte/fest/foto.jpg
	URL        string // the file's site path
	Alt        string // its description; "" when Decorative
	Decorative bool   // alt: "(dekorativ)"
}

// ImageExts are the extensions of files image: may name.
var ImageExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp"}

// DecorativeAlt marks a picture as decoration, in image: alt: as in
// Markdown (![(dekorativ)](…)).
const DecorativeAlt = "(dekorativ)"

// image reads image: of page p of site s: file (relative to the page,
// or from content/ when it starts with "/"; it must be a picture of
// content/) and alt (required: what is on it, or "(dekorativ)").
func (d *decoder) image(p *Page, s *Site) {
	n := d.file.Meta.Get("image")
	if n == nil {
		return
	}
	example := "image:\n  file: foto.jpg\n  alt: Kinder tanzen auf dem Maxplatz"
	if n.Kind != load.Map {
		d.errorDetail(n, example, "image: braucht file (die Bilddatei) und alt (was darauf zu sehen ist)")
		return
	}
	d.checkKeys(n, []string{"file", "alt"}, " unter image:")
	file := d.str(n.Get("file"), "file")
	alt := strings.TrimSpace(d.str(n.Get("alt"), "alt"))
	if file == "" {
		d.errorDetail(n, example, "Dem Bild fehlt file: die Bilddatei, relativ zur Seite oder ab content/ (/bilder/foto.jpg)")
		return
	}
	if alt == "" {
		d.errorDetail(n, example, "Dem Bild fehlt alt: was auf dem Bild zu sehen ist – wer es nicht sieht, bekommt sonst nichts davon mit; ein Bild, das nur schmückt: alt: \"(dekorativ)\"")
		return
	}
	at := n.Get("file")
	if !slices.Contains(ImageExts, strings.ToLower(path.Ext(file))) {
		d.errorf(at, "%q ist kein Bild, das die Seite zeigen kann: erlaubt sind JPEG, PNG, GIF und WebP", file)
		return
	}
	rel := path.Clean(path.Join(p.Source.Dir, file))
	if !p.Source.Bundle && p.Kind == load.KindPage {
		rel = path.Clean(path.Join(path.Dir(p.Source.Rel), file))
	}
	if strings.HasPrefix(file, "/") {
		rel = strings.TrimPrefix(path.Clean(file), "/")
	}
	u, ok := s.FileURL(rel)
	if !ok {
		d.errorf(at, "Das Bild %q gibt es nicht (gesucht: content/%s)", file, rel)
		return
	}
	img := &Image{Src: rel, URL: u, Alt: alt}
	if alt == DecorativeAlt {
		img.Alt, img.Decorative = "", true
	}
	p.Image = img
}
