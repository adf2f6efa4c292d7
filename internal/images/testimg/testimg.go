// Package testimg makes pictures for tests and measurements: photo-like
// images from a seed (no real photo, nothing from the city), and JPEG
// files with the metadata a phone writes (EXIF orientation, GPS, an ICC
// profile) spliced in, so that tests can check what the pipeline does
// with them without committing binaries.
package testimg

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Photo returns a w×h picture that compresses like a photograph: a sky
// gradient, hills of fractal noise, hard-edged "buildings" with windows,
// foliage texture and a little sensor noise. The same seed gives the same
// pixels.
func Photo(seed uint64, w, h int) *image.NRGBA {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	n := newNoise(rng)
	skyTop := [3]float64{40 + rng.Float64()*60, 90 + rng.Float64()*60, 170 + rng.Float64()*70}
	skyLow := [3]float64{190 + rng.Float64()*50, 200 + rng.Float64()*40, 210 + rng.Float64()*40}
	ground := [3]float64{60 + rng.Float64()*60, 90 + rng.Float64()*50, 40 + rng.Float64()*40}
	type box struct {
		x0, x1, y0 float64
		c          [3]float64
	}
	var boxes []box
	for range 3 + rng.IntN(6) {
		x0 := rng.Float64()
		bw := 0.05 + rng.Float64()*0.2
		boxes = append(boxes, box{x0, x0 + bw, 0.25 + rng.Float64()*0.35,
			[3]float64{120 + rng.Float64()*120, 90 + rng.Float64()*100, 70 + rng.Float64()*90}})
	}
	scale := 1 / float64(max(w, h))
	for y := 0; y < h; y++ {
		fy := float64(y) / float64(h)
		row := img.Pix[y*img.Stride:]
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(w)
			px, py := float64(x)*scale, float64(y)*scale
			horizon := 0.55 + 0.12*n.fractal(px*3, 7.1, 4)
			var c [3]float64
			if fy < horizon {
				t := fy / horizon
				cl := 0.5 + 0.5*n.fractal(px*6, py*12, 5)
				for i := range c {
					c[i] = skyTop[i]*(1-t) + skyLow[i]*t
					c[i] = c[i]*(1-cl*0.35) + 245*cl*0.35
				}
			} else {
				v := n.fractal(px*40, py*40, 4) + 0.4*n.fractal(px*150, py*150, 3)
				d := (fy - horizon) / (1 - horizon)
				for i := range c {
					c[i] = ground[i] * (0.7 + 0.5*v + 0.3*d)
				}
			}
			for _, b := range boxes {
				if fx >= b.x0 && fx < b.x1 && fy >= b.y0 && fy < horizon+0.05 {
					c = b.c
					// windows: a regular grid, some lit
					gx, gy := int((fx-b.x0)*float64(w)/18), int((fy-b.y0)*float64(h)/22)
					if gx%2 == 1 && gy%2 == 1 {
						k := 0.35
						if (gx*7+gy*13)%5 == 0 {
							k = 1.3
						}
						c = [3]float64{c[0] * k, c[1] * k, c[2] * k * 1.1}
					}
					tex := 1 + 0.08*n.fractal(px*120, py*120, 2)
					c = [3]float64{c[0] * tex, c[1] * tex, c[2] * tex}
				}
			}
			grain := (rng.Float64() - 0.5) * 8
			o := x * 4
			row[o] = clamp(c[0] + grain)
			row[o+1] = clamp(c[1] + grain)
			row[o+2] = clamp(c[2] + grain)
			row[o+3] = 255
		}
	}
	return img
}

func clamp(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, math.Round(v))))
}

// noise is 2-D value noise on a 256×256 lattice.
type noise struct{ v [256 * 256]float64 }

func newNoise(rng *rand.Rand) *noise {
	n := &noise{}
	for i := range n.v {
		n.v[i] = rng.Float64()*2 - 1
	}
	return n
}

func (n *noise) at(x, y float64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	tx, ty := x-x0, y-y0
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	i, j := int(x0)&255, int(y0)&255
	i1, j1 := (i+1)&255, (j+1)&255
	a := n.v[j*256+i]*(1-tx) + n.v[j*256+i1]*tx
	b := n.v[j1*256+i]*(1-tx) + n.v[j1*256+i1]*tx
	return a*(1-ty) + b*ty
}

func (n *noise) fractal(x, y float64, octaves int) float64 {
	sum, amp, norm := 0.0, 1.0, 0.0
	for range octaves {
		sum += amp * n.at(x, y)
		norm += amp
		amp *= 0.5
		x, y = x*2.03, y*2.01
	}
	return sum / norm
}

// Logo returns a w×h picture with transparency: a coloured disc on a
// fully transparent ground with a soft edge.
func Logo(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	cx, cy, r := float64(w)/2, float64(h)/2, float64(min(w, h))*0.4
	for y := range h {
		for x := range w {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			a := math.Max(0, math.Min(1, r-d+0.5))
			img.SetNRGBA(x, y, color.NRGBA{200, 30, 60, uint8(a * 255)})
		}
	}
	return img
}

// JPEG encodes img at quality 90.
func JPEG(img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Meta is what WithMeta splices into a JPEG.
type Meta struct {
	Orientation int    // EXIF orientation 1–8, 0 for none
	GPS         bool   // a GPS position (Bamberg's cathedral) and a camera serial number
	Comment     string // a COM segment
	XMP         string // an XMP packet in APP1
	ICC         []byte // an ICC profile in APP2
}

// GPSMarker is a string the EXIF that WithMeta writes holds (the
// camera's serial number); a published file must not contain it.
const GPSMarker = "SERIAL-4711-BAMBERG"

// WithMeta returns the JPEG file j with the segments of m inserted after
// its start-of-image marker, as a phone's camera writes them.
func WithMeta(j []byte, m Meta) []byte {
	var segs []byte
	if m.Orientation != 0 || m.GPS {
		segs = append(segs, segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(m)...))...)
	}
	if m.XMP != "" {
		segs = append(segs, segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), m.XMP...))...)
	}
	if len(m.ICC) > 0 {
		p := append([]byte("ICC_PROFILE\x00\x01\x01"), m.ICC...)
		segs = append(segs, segment(0xE2, p)...)
	}
	if m.Comment != "" {
		segs = append(segs, segment(0xFE, []byte(m.Comment))...)
	}
	out := append([]byte{}, j[:2]...)
	out = append(out, segs...)
	return append(out, j[2:]...)
}

func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// exifTIFF returns a little-endian TIFF structure: IFD0 with the
// orientation, the camera's serial number and a pointer to a GPS IFD.
func exifTIFF(m Meta) []byte {
	le := binary.LittleEndian
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // inline when ≤ 4 bytes, else put after the IFDs
	}
	var ifd0 []entry
	if m.Orientation != 0 {
		v := make([]byte, 4)
		le.PutUint16(v, uint16(m.Orientation))
		ifd0 = append(ifd0, entry{0x0112, 3, 1, v})
	}
	serial := []byte(GPSMarker + "\x00")
	var gps []entry
	if m.GPS {
		ifd0 = append(ifd0, entry{0xA431, 2, uint32(len(serial)), serial}) // BodySerialNumber
		ifd0 = append(ifd0, entry{0x8825, 4, 1, make([]byte, 4)})          // GPS IFD pointer, set below
		rational := func(vals ...uint32) []byte {
			b := make([]byte, 8*len(vals))
			for i, v := range vals {
				le.PutUint32(b[8*i:], v)
				le.PutUint32(b[8*i+4:], 1)
			}
			return b
		}
		gps = []entry{
			{0x0001, 2, 2, []byte("N\x00\x00\x00")},
			{0x0002, 5, 3, rational(49, 53, 27)},
			{0x0003, 2, 2, []byte("E\x00\x00\x00")},
			{0x0004, 5, 3, rational(10, 52, 57)},
		}
	}
	// Layout: header(8) IFD0 GPS-IFD data.
	ifdSize := func(es []entry) int { return 2 + 12*len(es) + 4 }
	off0 := 8
	offGPS := off0 + ifdSize(ifd0)
	dataOff := offGPS
	if len(gps) > 0 {
		dataOff += ifdSize(gps)
	}
	var data []byte
	write := func(es []entry, next uint32) []byte {
		b := make([]byte, 2, ifdSize(es))
		le.PutUint16(b, uint16(len(es)))
		for _, e := range es {
			var rec [12]byte
			le.PutUint16(rec[0:], e.tag)
			le.PutUint16(rec[2:], e.typ)
			le.PutUint32(rec[4:], e.count)
			if e.tag == 0x8825 {
				le.PutUint32(rec[8:], uint32(offGPS))
			} else if len(e.value) <= 4 {
				copy(rec[8:], e.value)
			} else {
				le.PutUint32(rec[8:], uint32(dataOff+len(data)))
				data = append(data, e.value...)
			}
			b = append(b, rec[:]...)
		}
		return binary.LittleEndian.AppendUint32(b, next)
	}
	out := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	out = append(out, write(ifd0, 0)...)
	if len(gps) > 0 {
		out = append(out, write(gps, 0)...)
	}
	return append(out, data...)
}
