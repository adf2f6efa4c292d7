package images

import (
	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/digest"
)

// Section is the persistent cache's section of pictures: under the Key
// of a source file, what Process made of it, its variants' bytes as
// blobs (by their digest.Sum) – so that a build after a text edit, or
// after a photo was only renamed back, encodes nothing. The cache is
// authenticated (package cache): a variant read back is what this
// generator made.
const Section = "pictures"

// Key names what Process makes of data under the file name name: the
// pipeline's Version, the modern format of this build, the name's stem
// (part of the variants' names) and the bytes.
func Key(name string, data []byte) digest.Sum {
	h := digest.New()
	h.Str(Version)
	if Modern != nil {
		h.Str(Modern.Ext)
	}
	h.Str(variantStem(name))
	h.Bytes(data)
	return h.Sum()
}

// Encode returns the record of p for the cache: everything but the
// variants' bytes, which the caller stores as blobs (BlobSum).
func (p *Picture) Encode() []byte {
	var e cache.Encoder
	e.Int(int64(p.Width))
	e.Int(int64(p.Height))
	e.Bool(p.Alpha)
	e.Uint(uint64(len(p.Variants)))
	for _, v := range p.Variants {
		e.Str(v.Name)
		e.Str(v.Type)
		e.Int(int64(v.Width))
		e.Int(int64(v.Height))
		e.Bool(v.Social)
		e.Raw(v.Sum[:])
		e.Sum(v.BlobSum())
		e.Int(v.Size())
	}
	return e.Bytes()
}

// Decode reads a record Encode made. Its variants have no Data: their
// Blob and N say where the bytes are.
func Decode(rec []byte) (*Picture, error) {
	d := cache.NewDecoder(rec)
	p := &Picture{Width: int(d.Int()), Height: int(d.Int()), Alpha: d.Bool()}
	n := d.Len()
	for range n {
		v := Variant{Name: d.Str(), Type: d.Str(), Width: int(d.Int()), Height: int(d.Int()), Social: d.Bool()}
		copy(v.Sum[:], d.Raw())
		v.Blob, v.N = d.Sum(), d.Int()
		p.Variants = append(p.Variants, v)
	}
	if err := d.Done(); err != nil {
		return nil, err
	}
	if len(p.Fallback()) == 0 {
		return nil, cache.ErrCorrupt
	}
	return p, nil
}

// BlobSum is the digest of the variant's bytes, its name in the cache.
func (v Variant) BlobSum() digest.Sum {
	if v.Data == nil {
		return v.Blob
	}
	return digest.Of(v.Data)
}

// Size is the number of bytes of the variant.
func (v Variant) Size() int64 {
	if v.Data == nil {
		return v.N
	}
	return int64(len(v.Data))
}
