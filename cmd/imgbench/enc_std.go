package main

import (
	"bytes"
	"image"
	"image/jpeg"
)

func init() {
	encoders["jpeg"] = encoder{
		encode: func(img image.Image, q int) ([]byte, error) {
			var b bytes.Buffer
			err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q})
			return b.Bytes(), err
		},
		decode: func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) },
		lo:     30, hi: 95,
	}
}
