package images

import (
	"bytes"

	"github.com/kovidgoyal/imaging/prism/meta/autometa"
	"github.com/rwcarlsen/goexif/exif"
	exiftiff "github.com/rwcarlsen/goexif/tiff"
)

// Plan returns the Picture that Process makes of data – its size,
// whether it keeps transparency, its variants' sizes, types and order –
// without encoding anything: the variants have no Data, and their names
// carry tag (hex digits; the build uses the start of the picture's Key)
// where Process puts the start of their bytes' SHA-256. A problem with
// the file is an *Error, as of Process.
//
// Of a JPEG, Plan reads only the header (image.DecodeConfig) and the
// EXIF orientation, in a millisecond for a 12-megapixel photo, unless
// full is set; other formats are decoded, to know whether they have
// transparent pixels (a PNG fallback). With full, a JPEG is decoded too:
// only decoding finds a truncated or broken file, as Process would.
func Plan(name string, data []byte, tag string, full bool) (*Picture, error) {
	cfg, format, err := Check(data)
	if err != nil {
		return nil, err
	}
	w, h, alpha := cfg.Width, cfg.Height, false
	if format == "jpeg" && !full {
		if swapped, err := sideways(data); err != nil {
			return nil, err
		} else if swapped {
			w, h = h, w
		}
	} else {
		src, err := decode(data)
		if err != nil {
			return nil, err
		}
		w, h, alpha = src.Bounds().Dx(), src.Bounds().Dy(), !src.Opaque()
	}
	ss := slots(w, h, alpha)
	pic := &Picture{Alpha: alpha}
	for _, s := range ss {
		v := s.v
		v.Name = s.name(name, tag)
		pic.Variants = append(pic.Variants, v)
	}
	pic.Width = pic.Largest().Width
	pic.Height = pic.Largest().Height
	return pic, nil
}

// sideways reports whether the EXIF orientation of the JPEG in data
// turns it by 90° (orientations 5–8: width and height swap), as decode
// applies it; an EXIF block decode would refuse is an *Error here too.
func sideways(data []byte) (bool, error) {
	md, _, err := autometa.Load(bytes.NewReader(data))
	if err != nil {
		return false, errorf("Das Bild ist beschädigt oder unvollständig und kann nicht gelesen werden (%v)", err)
	}
	if md == nil {
		return false, nil
	}
	ex, err := md.Exif()
	if err != nil {
		return false, errorf("Das Bild ist beschädigt oder unvollständig und kann nicht gelesen werden (%v)", err)
	}
	if ex == nil {
		return false, nil
	}
	tag, err := ex.Get(exif.Orientation)
	if err != nil || tag == nil || tag.Format() != exiftiff.IntVal {
		return false, nil
	}
	o, err := tag.Int(0)
	return err == nil && o >= 5 && o <= 8, nil
}
