package model_test

import (
	"testing"

	"github.com/stadt-bamberg/integration/internal/model"
)

func TestImage(t *testing.T) {
	s := buildOK(t, model.Options{}, `
-- content/projekte/_index.md --
---
title: Projekte
image:
  file: /bilder/logo.png
  alt: (dekorativ)
---
-- content/projekte/fest/index.md --
---
title: Fest
image:
  file: foto.jpg
  alt: Kinder tanzen auf dem Maxplatz
---
-- content/projekte/fest/foto.jpg --
jpg
-- content/projekte/seite.md --
---
title: Seite
image:
  file: bild.webp
  alt: Ein Bild
---
-- content/projekte/bild.webp --
webp
-- content/bilder/logo.png --
png
`)
	for rel, want := range map[string]model.Image{
		"projekte/fest/index.md": {Src: "projekte/fest/foto.jpg", URL: "/projekte/fest/foto.jpg", Alt: "Kinder tanzen auf dem Maxplatz"},
		"projekte/_index.md":     {Src: "bilder/logo.png", URL: "/bilder/logo.png", Decorative: true},
		"projekte/seite.md":      {Src: "projekte/bild.webp", URL: "/projekte/bild.webp", Alt: "Ein Bild"},
	} {
		p := page(t, s, rel)
		if p.Image == nil || *p.Image != want {
			t.Errorf("%s: Image = %+v, want %+v", rel, p.Image, want)
		}
	}
}

func TestImageErrors(t *testing.T) {
	_, ds := build(t, model.Options{}, `
-- content/a.md --
---
title: A
image: foto.jpg
---
-- content/b.md --
---
title: B
image:
  file: foto.jpg
---
-- content/c.md --
---
title: C
image:
  file: weg.jpg
  alt: Weg
---
-- content/d.md --
---
title: D
image:
  file: plan.pdf
  alt: Plan
  titel: x
---
-- content/foto.jpg --
jpg
-- content/plan.pdf --
pdf
`)
	checkDiags(t, ds, []string{
		"content/a.md:3: image: braucht file",
		"content/b.md:4: Dem Bild fehlt alt",
		"content/c.md:4: Das Bild \"weg.jpg\" gibt es nicht (gesucht: content/weg.jpg)",
		"content/d.md:4: \"plan.pdf\" ist kein Bild",
		"content/d.md:6: titel",
	})
}
