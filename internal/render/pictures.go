package render

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"

	"github.com/stadt-bamberg/integration/internal/images"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
)

// ImageSizes is the sizes attribute of the pictures in a page's text:
// the width of the text column (style.css: main is at most 70ch wide,
// with 1rem padding on each side).
const ImageSizes = "calc(min(70ch, 100vw) - 2rem)"

// PictureFunc returns what package images made of the picture of
// content/ at rel (a model.File's Src), or why it could not; ok is false
// for a file that is not such a picture (an SVG, a document).
type PictureFunc func(rel string) (pic *images.Picture, err error, ok bool)

// SetPictures tells the renderer where the pictures of the site are. It
// must not be called while pages are being rendered.
func (r *Renderer) SetPictures(f PictureFunc) {
	r.pictures = f
	for _, w := range r.all {
		w.pictures = f
	}
}

// resolveImage resolves an image of p's Markdown that names a file of the
// site (markdown.Page.ResolveImage) as a link to it would be resolved
// (see resolveFile): a picture gives its variants, an SVG or a file under
// assets/ itself; a missing file, a file that is no picture or a
// picture that could not be made is an error.
func (r *Renderer) resolveImage(p *model.Page, dest string) (markdown.Picture, error) {
	file := dest
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		file = dest[:i]
	}
	if u, err := url.PathUnescape(file); err == nil {
		file = u
	}
	o := p.Orig()
	at := path.Clean(file)
	if !strings.HasPrefix(file, "/") {
		at = path.Join(o.URL, file)
	}
	f, ok := r.fileAt(at)
	if a, isAsset := r.assets[strings.TrimPrefix(at, "/")]; !ok && isAsset {
		// a picture of the site's own, under assets/: as it is
		return markdown.Picture{Files: []markdown.PictureFile{{URL: a.URL}}}, nil
	}
	if !ok {
		err := r.missingFile(o, dest, file)
		return markdown.Picture{}, fmt.Errorf("Das Bild%s", strings.TrimPrefix(err.Error(), "Der Link"))
	}
	if strings.EqualFold(path.Ext(f.Src), ".svg") {
		return markdown.Picture{Files: []markdown.PictureFile{{URL: r.site.Config.RelURL(f.URL)}}, Type: "image/svg+xml"}, nil
	}
	if r.pictures == nil {
		return markdown.Picture{Files: []markdown.PictureFile{{URL: r.site.Config.RelURL(f.URL)}}}, nil
	}
	pic, err, ok := r.pictures(f.Src)
	switch {
	case !ok:
		return markdown.Picture{}, fmt.Errorf("Die Datei %q ist kein Bild, das eine Seite zeigen kann (erlaubt: JPEG, PNG, GIF, WebP, SVG)", dest)
	case err != nil:
		return markdown.Picture{}, fmt.Errorf("Das Bild %q (content/%s): %v", dest, f.Src, err)
	}
	return r.picture(f.URL, pic), nil
}

// Picture returns the markdown.Picture of pic, whose source is at the
// site path u, as the pages show it.
func (r *Renderer) Picture(u string, pic *images.Picture) markdown.Picture { return r.picture(u, pic) }

// picture returns the markdown.Picture of pic, whose source is at the
// site path u.
func (r *Renderer) picture(u string, pic *images.Picture) markdown.Picture {
	files := func(vs []images.Variant) []markdown.PictureFile {
		out := make([]markdown.PictureFile, len(vs))
		for i, v := range vs {
			out[i] = markdown.PictureFile{URL: r.site.Config.RelURL(path.Join(path.Dir(u), v.Name)), Width: v.Width}
		}
		return out
	}
	mp := markdown.Picture{Files: files(pic.Fallback()), Type: pic.Largest().Type, Width: pic.Width, Height: pic.Height}
	if m := pic.ModernVariants(); len(m) > 0 {
		mp.Modern, mp.ModernType = files(m), m[0].Type
	}
	return mp
}

// pageImage returns what was made of p's image: (its original's: the
// picture is a fact; its description a translation may give in its
// language), nil when it has none.
func (r *Renderer) pageImage(p *model.Page) (*model.Image, *images.Picture, error) {
	if p == nil {
		return nil, nil, nil
	}
	img := p.Image
	if img == nil {
		img = p.Orig().Image
	}
	if img == nil || r.pictures == nil {
		return img, nil, nil
	}
	pic, err, ok := r.pictures(img.Src)
	if !ok {
		return img, nil, fmt.Errorf("image: content/%s ist kein Bild", img.Src)
	}
	if err != nil {
		return img, nil, fmt.Errorf("image: content/%s: %v", img.Src, err)
	}
	return img, pic, nil
}

// pagePicture is the layout function pagePicture: the <picture> of the
// page's image: at the top of the page (loaded at once, with high
// priority: the text's pictures are then all lazy), "" without one.
func (r *Renderer) pagePicture(p *model.Page) (template.HTML, error) {
	img, pic, err := r.pageImage(p)
	if err != nil || pic == nil {
		return "", err
	}
	return template.HTML(`<p class="page-image">` + markdown.PictureHTML(r.picture(img.URL, pic), img.Alt, true, ImageSizes) + `</p>`), nil
}

// SocialImage is the og:image of a page: the 1200×630 crop of its image.
type SocialImage struct {
	URL           string // absolute
	Width, Height int
	Alt           string
}

// socialImage is the layout function socialImage: the link preview
// picture of the page, nil without an image:.
func (r *Renderer) socialImage(p *model.Page) (*SocialImage, error) {
	img, pic, err := r.pageImage(p)
	if err != nil || pic == nil {
		return nil, err
	}
	v, ok := pic.SocialVariant()
	if !ok {
		return nil, nil
	}
	return &SocialImage{URL: r.site.Config.AbsURL(path.Join(path.Dir(img.URL), v.Name)), Width: v.Width, Height: v.Height, Alt: img.Alt}, nil
}

// imageURLs returns the absolute URLs of p's image for structured data:
// the social crop and the widest variant; nil without one.
func (r *Renderer) imageURLs(p *model.Page) []string {
	img, pic, err := r.pageImage(p)
	if err != nil || pic == nil {
		return nil
	}
	var out []string
	if v, ok := pic.SocialVariant(); ok {
		out = append(out, r.site.Config.AbsURL(path.Join(path.Dir(img.URL), v.Name)))
	}
	return append(out, r.site.Config.AbsURL(path.Join(path.Dir(img.URL), pic.Largest().Name)))
}

// pictureFuncs adds the layout functions pagePicture and socialImage.
func (r *Renderer) pictureFuncs(funcs template.FuncMap) template.FuncMap {
	funcs["pagePicture"] = r.pagePicture
	funcs["socialImage"] = r.socialImage
	return funcs
}
