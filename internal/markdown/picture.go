package markdown

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Decorative is the alt text that marks an image as decoration: it is
// written with alt="" (screen readers skip it) and listed by sitegen
// check. Any other image needs a description.
const Decorative = "(dekorativ)"

// MaxAlt is the length of an alt text (in characters) above which it is
// a warning: a screen reader reads it in one go, without pause; a longer
// explanation belongs in the text.
const MaxAlt = 150

// Picture is what Page.ResolveImage says about an image of the site.
type Picture struct {
	// Files are the fallback files (JPEG or PNG; one SVG), narrowest
	// first, Type their MIME type; Modern the same widths in a modern
	// format (may be empty).
	Files      []PictureFile
	Type       string
	Modern     []PictureFile
	ModernType string
	// Width and Height are the picture's, for the img element (0: not
	// known, left out).
	Width, Height int
}

// PictureFile is one file of a picture.
type PictureFile struct {
	URL   string
	Width int
}

// picture is an image of the site resolved into a Picture; it takes the
// ast.Image's place.
type picture struct {
	ast.BaseInline
	pic   Picture
	alt   string
	title string
	eager bool
	sizes string
}

var kindPicture = ast.NewNodeKind("Picture")

func (n *picture) Kind() ast.NodeKind { return kindPicture }

func (n *picture) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Alt": n.alt}, nil)
}

type pictures struct{}

func (pictures) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(pictureRenderer{}, 100)))
}

// image checks the image n (its alt text) and, for a file of the site,
// asks Page.ResolveImage about it and puts a picture in its place.
func (st *state) image(n *ast.Image) {
	dest := string(n.Destination)
	alt := plainText(n, st.src)
	line := st.destLine(n, n.Destination)
	decorative := alt == Decorative
	st.result.Images = append(st.result.Images, Image{Src: dest, Alt: alt, Line: line, Decorative: decorative})
	switch {
	case decorative:
	case strings.TrimSpace(alt) == "":
		st.errorf(line, "Dem Bild %s fehlt die Beschreibung (Alternativtext): ![Was auf dem Bild zu sehen ist](%s) – wer das Bild nicht sieht, bekommt sonst nichts davon mit. Ein Bild, das nur schmückt, wird so markiert: ![%s](%s)", quote(dest), dest, Decorative, dest)
	case utf8.RuneCountInString(alt) > MaxAlt:
		st.warnf(line, "Die Beschreibung des Bildes %s ist %d Zeichen lang (empfohlen: höchstens %d) – Screenreader lesen sie am Stück vor; Ausführliches gehört in den Text", quote(dest), utf8.RuneCountInString(alt), MaxAlt)
	}
	if decorative {
		alt = ""
	}
	if st.page.ResolveImage == nil || !isSiteFile(dest) {
		n.Destination = st.fromBase(n.Destination)
		if decorative { // the default renderer writes the children as alt
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				n.RemoveChild(n, c)
				c = next
			}
		}
		return
	}
	pic, err := st.page.ResolveImage(dest)
	if err != nil {
		st.errorf(line, "%s", err)
		return
	}
	p := &picture{pic: pic, alt: alt, title: string(n.Title), sizes: st.page.ImageSizes}
	if !st.eagerUsed && !st.page.NoEagerImage {
		p.eager, st.eagerUsed = true, true
	}
	n.Parent().ReplaceChild(n.Parent(), n, p)
}

type pictureRenderer struct{}

func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPicture, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writePicture(w, node.(*picture))
		}
		return ast.WalkSkipChildren, nil
	})
}

// PictureHTML returns the HTML of pic as the text's pictures are written
// (see Page.ResolveImage): alt is the description ("" for decoration),
// eager loads it at once with high priority (the first picture of a
// page), sizes is the sizes attribute.
func PictureHTML(pic Picture, alt string, eager bool, sizes string) string {
	var b bufferWriter
	writePicture(&b, &picture{pic: pic, alt: alt, eager: eager, sizes: sizes})
	return b.String()
}

// srcset returns the srcset of files: "a-480.jpg 480w, a-960.jpg 960w".
func srcset(files []PictureFile) string {
	parts := make([]string, len(files))
	for i, f := range files {
		parts[i] = fmt.Sprintf("%s %dw", f.URL, f.Width)
	}
	return strings.Join(parts, ", ")
}

func attr(w util.BufWriter, name, value string) {
	_, _ = w.WriteString(" " + name + `="`)
	_, _ = w.Write(util.EscapeHTML([]byte(value)))
	_ = w.WriteByte('"')
}

// PictureAttrs are the attributes of a picture as the pages write it:
// the img element's (the fallback files) and a source element's for
// each modern format. The CMS's preview builds the same (admin/bilder.json).
type PictureAttrs struct {
	Src     string          `json:"src"`
	Srcset  string          `json:"srcset,omitempty"` // "" for one file
	Sizes   string          `json:"sizes,omitempty"`
	Width   int             `json:"width,omitempty"`
	Height  int             `json:"height,omitempty"`
	Sources []PictureSource `json:"sources,omitempty"`
}

// PictureSource is a source element of a picture.
type PictureSource struct {
	Type   string `json:"type"`
	Srcset string `json:"srcset"`
	Sizes  string `json:"sizes"`
}

// Attrs returns the attributes pic is written with under sizes; ok is
// false for a picture without files.
func (pic Picture) Attrs(sizes string) (a PictureAttrs, ok bool) {
	files := pic.Files
	if len(files) == 0 {
		return a, false
	}
	if len(pic.Modern) > 0 {
		a.Sources = []PictureSource{{Type: pic.ModernType, Srcset: srcset(pic.Modern), Sizes: sizes}}
	}
	// src: for browsers without srcset, the first file at least 960 px
	// wide (or the widest).
	src := files[len(files)-1]
	for _, f := range files {
		if f.Width >= 960 {
			src = f
			break
		}
	}
	a.Src = src.URL
	if len(files) > 1 || len(pic.Modern) > 0 {
		a.Srcset, a.Sizes = srcset(files), sizes
	}
	if pic.Width > 0 && pic.Height > 0 {
		a.Width, a.Height = pic.Width, pic.Height
	}
	return a, true
}

// writePicture writes p: a <picture> with a <source> of the modern files
// and an <img> of the fallback files, or an <img> alone (one file).
func writePicture(w util.BufWriter, p *picture) {
	a, ok := p.pic.Attrs(p.sizes)
	if !ok {
		return
	}
	if len(a.Sources) > 0 {
		_, _ = w.WriteString("<picture>")
	}
	for _, s := range a.Sources {
		_, _ = w.WriteString("<source")
		attr(w, "type", s.Type)
		attr(w, "srcset", s.Srcset)
		attr(w, "sizes", s.Sizes)
		_ = w.WriteByte('>')
	}
	_, _ = w.WriteString("<img")
	attr(w, "src", a.Src)
	if a.Srcset != "" {
		attr(w, "srcset", a.Srcset)
		attr(w, "sizes", a.Sizes)
	}
	if a.Width > 0 {
		attr(w, "width", fmt.Sprint(a.Width))
		attr(w, "height", fmt.Sprint(a.Height))
	}
	attr(w, "alt", p.alt)
	if p.title != "" {
		attr(w, "title", p.title)
	}
	if p.eager {
		attr(w, "fetchpriority", "high")
	} else {
		attr(w, "loading", "lazy")
		attr(w, "decoding", "async")
	}
	_ = w.WriteByte('>')
	if len(a.Sources) > 0 {
		_, _ = w.WriteString("</picture>")
	}
}
