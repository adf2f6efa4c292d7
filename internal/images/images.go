// Package images turns a picture an editor put under content/ (a phone
// photo, a logo) into the files a page shows: upright, in sRGB, without
// any metadata, in several widths, each file named by its bytes.
//
// # What is made
//
// [Process] decodes a JPEG, PNG, GIF (its first frame) or WebP file and
// makes
//
//   - the fallback variants: JPEG (quality [JPEGQuality]) for an opaque
//     picture, PNG for one with transparency, in each width of [Widths]
//     below 90 % of the picture's, and the picture's own width (at most
//     2560 px) — never wider than the original;
//   - a modern variant of each width where the build has an encoder for
//     one ([Modern]: none in the default, pure-Go build; see README,
//     "Bilder: Messung", for why);
//   - the social crop: 1200×630 (or the largest 1.91:1 crop of a smaller
//     picture), JPEG, for og:image.
//
// [Plan] says what Process would make – sizes, types, order – without
// encoding: from a JPEG's header and EXIF orientation alone (the
// preview's pages, before their pictures are encoded), or decoding the
// file to find what only decoding finds (sitegen check).
//
// Each variant is named after the source file (as a slug), its width and
// the first 8 hex digits of the SHA-256 of its bytes: Foto.jpg →
// foto-960.3f2a9c1e.jpg, so that it can be cached for ever. The EXIF orientation is applied, an
// embedded ICC profile (or CICP) converted to sRGB
// (github.com/kovidgoyal/imaging, its pure-Go backend only), CMYK JPEGs
// converted, 16-bit PNGs reduced to 8 bits. Resizing is Catmull-Rom
// (kovidgoyal/imaging, weighted by alpha, so that transparent edges get
// no dark fringe; it needs a quarter of the memory of x/image/draw's and
// half its time, see README).
//
// # Threat model
//
// The input is a file anyone with access to the CMS (or the repository)
// uploaded, possibly crafted. It must not crash or stall the build, nor
// exhaust its memory, nor leak anything into the output but pixels.
// Hence: a file over [MaxBytes] is refused unread; the header is read
// first (image.DecodeConfig) and a picture over [MaxPixels] is refused
// before anything is allocated for its pixels (a "decompression bomb"
// states a huge size in a few bytes); decoding uses only Go's decoders
// (never ImageMagick, which kovidgoyal/imaging would otherwise run when
// it is on the PATH), which are memory-safe; a panic in a decoder is
// caught and reported as a broken file. Every output is encoded anew
// from pixels by encoders that write no metadata: no EXIF (GPS position,
// camera serial number, maker notes), XMP, IPTC, comment or ICC profile
// survives, and the original file is never published. What this does
// not protect against: a picture whose pixels show something private (a
// face, a document) — that is the editor's judgement.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for DecodeConfig
	"image/jpeg"
	"image/png"
	"math"
	"path"
	"strings"
	"sync"

	"github.com/kovidgoyal/imaging"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/slug"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Limits of what is decoded.
const (
	MaxBytes  = 40 << 20   // bytes of a source file
	MaxPixels = 50_000_000 // width × height of a source picture
)

// Widths are the widths made of every picture narrower than them, and
// MaxWidth the widest variant.
var Widths = []int{480, 960, 1440, 2560}

// MaxWidth is the widest variant made.
const MaxWidth = 2560

// JPEGQuality is the quality of the JPEG variants (see README, "Bilder:
// Messung": the 960 px variant of the measured photos reaches an SSIM of
// 0.98 on luma well below it).
const JPEGQuality = 75

// Social is the size of the og:image crop.
var Social = image.Point{1200, 630}

// Version names the pipeline in cache keys: change it whenever the bytes
// Process makes for the same input change.
const Version = "images-1"

// Encoder is a modern format's encoder (WebP, AVIF).
type Encoder struct {
	Ext, Type string // ".webp", "image/webp"
	Encode    func(img image.Image) ([]byte, error)
}

// Modern is the modern format of this build, or nil. A build tag sets it
// (see modern_*.go).
var Modern *Encoder

// Variant is one file made of a picture.
type Variant struct {
	Name          string // file name: foto-960.3f2a9c1e.jpg
	Type          string // MIME type: image/jpeg, image/png, image/webp
	Width, Height int
	Social        bool   // the og:image crop
	Data          []byte // nil in a Picture taken from the cache (Blob names it)
	Sum           [32]byte
	Blob          digest.Sum // of Data, when Data is nil
	N             int64      // bytes, when Data is nil
}

// Picture is what Process made of one source file.
type Picture struct {
	Width, Height int  // upright, of the widest variant
	Alpha         bool // has transparent pixels: PNG fallback
	Variants      []Variant
}

// Fallback returns the JPEG or PNG variants, narrowest first.
func (p *Picture) Fallback() []Variant { return p.select_(false) }

// ModernVariants returns the variants in the modern format, narrowest
// first (none without a modern encoder).
func (p *Picture) ModernVariants() []Variant { return p.select_(true) }

func (p *Picture) select_(modern bool) []Variant {
	var out []Variant
	for _, v := range p.Variants {
		if v.Social {
			continue
		}
		isModern := v.Type != "image/jpeg" && v.Type != "image/png"
		if isModern == modern {
			out = append(out, v)
		}
	}
	return out
}

// Largest returns the widest fallback variant.
func (p *Picture) Largest() Variant {
	f := p.Fallback()
	return f[len(f)-1]
}

// SocialVariant returns the og:image crop.
func (p *Picture) SocialVariant() (Variant, bool) {
	for _, v := range p.Variants {
		if v.Social {
			return v, true
		}
	}
	return Variant{}, false
}

// Error is a problem with a source file, in German for editors.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Check reads only the header of data: its format and size, and returns
// an *Error for a file that is too large, not a picture or over
// MaxPixels.
func Check(data []byte) (image.Config, string, error) {
	if len(data) > MaxBytes {
		return image.Config{}, "", errorf("Das Bild ist zu groß (%.1f MB, erlaubt sind höchstens %d MB) – bitte kleiner speichern", float64(len(data))/(1<<20), MaxBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, "", errorf("Die Datei ist kein lesbares Bild (JPEG, PNG, GIF oder WebP): %v", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, "", errorf("Das Bild hat keine Fläche (%d × %d Pixel)", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return cfg, "", errorf("Das Bild hat zu viele Pixel (%d × %d = %.0f Megapixel, erlaubt sind höchstens %d) – bitte verkleinern", cfg.Width, cfg.Height, float64(cfg.Width)*float64(cfg.Height)/1e6, MaxPixels/1_000_000)
	}
	return cfg, format, nil
}

// Process makes the variants of the picture in data; name is the source
// file's name (for the variants' names). A problem with the file is an
// *Error.
func Process(name string, data []byte) (pic *Picture, err error) {
	if _, _, err := Check(data); err != nil {
		return nil, err
	}
	src, err := decode(data)
	if err != nil {
		return nil, err
	}
	return encodeAll(name, src)
}

// decode decodes data upright and in sRGB into 8-bit NRGBA.
func decode(data []byte) (out *image.NRGBA, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, errorf("Das Bild ist beschädigt und kann nicht gelesen werden (%v)", r)
		}
	}()
	img, err := imaging.Decode(bytes.NewReader(data), imaging.Backends(imaging.GO_IMAGE))
	if err != nil {
		if errors.Is(err, imaging.ErrUnsupportedFormat) {
			return nil, errorf("Die Datei ist kein lesbares Bild (JPEG, PNG, GIF oder WebP)")
		}
		return nil, errorf("Das Bild ist beschädigt oder unvollständig und kann nicht gelesen werden (%v)", err)
	}
	if img == nil {
		return nil, errorf("Die Datei ist kein lesbares Bild (JPEG, PNG, GIF oder WebP)")
	}
	b := img.Bounds()
	if int64(b.Dx())*int64(b.Dy()) > MaxPixels {
		return nil, errorf("Das Bild hat zu viele Pixel")
	}
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Bounds(), img, b.Min, draw.Src)
	return n, nil
}

// slot is one variant of a picture as planned, before it is encoded:
// its place in Picture.Variants, its size and type.
type slot struct {
	w      int // the width of a non-social variant
	modern bool
	social bool
	ext    string
	v      Variant // Type, Width, Height, Social
}

// slots returns the variants of a picture w×h px (upright) with or
// without transparent pixels, in the order of Picture.Variants: each
// width of variantWidths, its modern variant after it, the social crop
// last. Process and Plan both follow it.
func slots(w, h int, alpha bool) []slot {
	var out []slot
	for _, x := range variantWidths(w) {
		s := slot{w: x, ext: ".jpg", v: Variant{Type: "image/jpeg", Width: x, Height: scaledHeight(w, h, x)}}
		if alpha {
			s.ext, s.v.Type = ".png", "image/png"
		}
		out = append(out, s)
		if Modern != nil {
			m := s
			m.modern, m.ext, m.v.Type = true, Modern.Ext, Modern.Type
			out = append(out, m)
		}
	}
	_, sw, sh := socialRect(w, h)
	return append(out, slot{social: true, ext: ".jpg", v: Variant{Social: true, Type: "image/jpeg", Width: sw, Height: sh}})
}

// name returns the file name of the variant of s made of the source
// file name, with tag (hex digits) after its width.
func (s slot) name(name, tag string) string {
	label := fmt.Sprint(s.v.Width)
	if s.social {
		label = "social"
	}
	return variantStem(name) + "-" + label + "." + tag + s.ext
}

// encodeAll makes every variant of src.
func encodeAll(name string, src *image.NRGBA) (*Picture, error) {
	b := src.Bounds()
	pic := &Picture{Alpha: !src.Opaque()}
	widths := variantWidths(b.Dx())
	pic.Width = widths[len(widths)-1]
	pic.Height = scaledHeight(b.Dx(), b.Dy(), pic.Width)

	jobs := slots(b.Dx(), b.Dy(), pic.Alpha)
	out := make([]Variant, len(jobs))
	errs := make([]error, len(jobs))
	resized := map[int]*image.NRGBA{}
	var mu sync.Mutex
	scaled := func(w int) *image.NRGBA {
		mu.Lock()
		defer mu.Unlock()
		if r, ok := resized[w]; ok {
			return r
		}
		r := scale(src, src.Bounds(), w, scaledHeight(b.Dx(), b.Dy(), w))
		resized[w] = r
		return r
	}
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var img *image.NRGBA
			if j.social {
				img = socialCrop(src)
			} else {
				img = scaled(j.w)
			}
			v := j.v
			v.Width, v.Height = img.Bounds().Dx(), img.Bounds().Dy()
			var data []byte
			var err error
			switch {
			case j.modern:
				data, err = Modern.Encode(img)
			case v.Type == "image/png":
				data, err = encodePNG(img)
			default:
				data, err = encodeJPEG(img)
			}
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", v.Type, err)
				return
			}
			v.Data, v.Sum = data, sha256.Sum256(data)
			v.Name = j.name(name, hex.EncodeToString(v.Sum[:4]))
			out[i] = v
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("Interner Fehler beim Umwandeln des Bildes (bitte melden): %w", err)
	}
	pic.Variants = out
	return pic, nil
}

// variantStem returns the start of the variants' names of the source
// file name: its name without extension as a slug (package slug), so that
// a name with spaces or commas cannot break a srcset ("Mein Foto,
// 2027.jpg" → mein-foto-2027), "bild" if nothing is left.
func variantStem(name string) string {
	if s := slug.Make(strings.TrimSuffix(path.Base(name), path.Ext(name))); s != "" {
		return s
	}
	return "bild"
}

// variantWidths returns the widths of Widths below 90 % of the
// picture's width w (a variant barely smaller saves nothing), and w
// itself (at most MaxWidth).
func variantWidths(w int) []int {
	top := min(w, MaxWidth)
	var out []int
	for _, x := range Widths {
		if x*10 < top*9 {
			out = append(out, x)
		}
	}
	return append(out, top)
}

func scaledHeight(w, h, nw int) int {
	if nw == w {
		return h
	}
	return max(1, int(math.Round(float64(h)*float64(nw)/float64(w))))
}

// scale returns the part r of src scaled to w×h (a copy when the size is
// the same).
func scale(src *image.NRGBA, r image.Rectangle, w, h int) *image.NRGBA {
	part := src
	if r != src.Bounds() {
		part = imaging.Crop(src, r)
	}
	if r.Dx() == w && r.Dy() == h {
		return imaging.Clone(part)
	}
	return imaging.AsNRGBA(imaging.Resize(part, w, h, imaging.CatmullRom))
}

// socialRect returns the centred crop of a picture w×h px at 1.91:1,
// and the size it is scaled to: Social, or the crop's own when it is
// smaller (never enlarged).
func socialRect(w, h int) (r image.Rectangle, ow, oh int) {
	cw, ch := w, w*Social.Y/Social.X
	if ch > h {
		ch = h
		cw = min(w, h*Social.X/Social.Y)
	}
	cw, ch = max(cw, 1), max(ch, 1)
	r = image.Rect(0, 0, cw, ch).Add(image.Pt((w-cw)/2, (h-ch)/2))
	ow, oh = cw, ch
	if cw > Social.X {
		ow, oh = Social.X, Social.Y
	}
	return r, ow, oh
}

// socialCrop returns the og:image crop of src (socialRect).
func socialCrop(src *image.NRGBA) *image.NRGBA {
	b := src.Bounds()
	r, w, h := socialRect(b.Dx(), b.Dy())
	return scale(src, r.Add(b.Min), w, h)
}

// encodeJPEG encodes the opaque img (its alpha ignored).
func encodeJPEG(img *image.NRGBA) ([]byte, error) {
	var b bytes.Buffer
	// Opaque NRGBA has the bytes of RGBA, the encoder's fast path.
	err := jpeg.Encode(&b, &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}, &jpeg.Options{Quality: JPEGQuality})
	return b.Bytes(), err
}

func encodePNG(img *image.NRGBA) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	err := enc.Encode(&b, img)
	return b.Bytes(), err
}
