//go:build bench_wasm

package main

import (
	"bytes"
	"image"

	"github.com/gen2brain/avif"
	"github.com/gen2brain/webp"
)

// Built with -tags nodynamic these are libwebp and libaom compiled to
// WebAssembly (wazero); without it the libraries of the system
// (libwebp.so.7, libavif.so.15) through purego, standing in for cgo.
func init() {
	encoders["webp"] = encoder{
		encode: func(img image.Image, q int) ([]byte, error) {
			var b bytes.Buffer
			err := webp.Encode(&b, img, webp.Options{Quality: q, Method: 4})
			return b.Bytes(), err
		},
		decode: func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) },
		lo:     30, hi: 95,
	}
	encoders["avif"] = encoder{
		encode: func(img image.Image, q int) ([]byte, error) {
			var b bytes.Buffer
			err := avif.Encode(&b, img, avif.Options{Quality: q, Speed: 8, ChromaSubsampling: image.YCbCrSubsampleRatio420})
			return b.Bytes(), err
		},
		decode: func(b []byte) (image.Image, error) { return avif.Decode(bytes.NewReader(b)) },
		lo:     20, hi: 90,
	}
}
