package check

import (
	"fmt"
	"io"

	"github.com/stadt-bamberg/integration/internal/build"
)

// Decoration is an image marked as decoration (![(dekorativ)](…)):
// readers of a screen reader do not learn of it, so that an editor
// should look over the list now and then.
type Decoration struct {
	Path string // the page's file
	Line int
	Src  string // as written
}

// Decorations lists the images the pages of res mark as decoration, in
// the order of the pages.
func Decorations(res *build.Result) []Decoration {
	var out []Decoration
	if res.Site == nil {
		return nil
	}
	for i, p := range res.Site.Pages {
		if i >= len(res.Outlines) || p.Made() || p.Untranslated {
			continue
		}
		for _, img := range res.Outlines[i].Images {
			if img.Decorative {
				out = append(out, Decoration{Path: p.Source.Path, Line: img.Line, Src: img.Src})
			}
		}
	}
	return out
}

// DecorationText writes the list of decorative images, if there are any.
func DecorationText(w io.Writer, ds []Decoration) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintln(w, "Als dekorativ markierte Bilder (ohne Beschreibung für Screenreader – bitte prüfen, ob sie wirklich nichts aussagen):")
	for _, d := range ds {
		fmt.Fprintf(w, "  %s:%d: %s\n", d.Path, d.Line, d.Src)
	}
}
