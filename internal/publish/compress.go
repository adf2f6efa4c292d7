package publish

import (
	"bytes"
	"compress/gzip"
	"path"
	"strings"

	"github.com/andybalholm/brotli"
)

// CompressMin is the size above which text files get .gz and .br files.
const CompressMin = 1024

var compressible = map[string]bool{
	".html": true, ".htm": true, ".css": true, ".js": true, ".mjs": true,
	".xml": true, ".svg": true, ".json": true, ".ics": true, ".txt": true,
	".atom": true, ".webmanifest": true,
}

// Compressible reports whether the file at p is text that Finish
// compresses when it is larger than CompressMin.
func Compressible(p string) bool { return compressible[strings.ToLower(path.Ext(p))] }

// Gzip returns data compressed with gzip at best compression. The header
// holds no file name and no time, so equal data give equal bytes.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		panic(err) // a valid constant level
	}
	// The zero Header: no name, no comment, ModTime zero (written as 0).
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Brotli returns data compressed with brotli at quality 11, with a window
// just large enough for data (a larger one compresses no better and costs
// time and memory).
func Brotli(data []byte) []byte {
	var b bytes.Buffer
	win := 10
	for win < 24 && 1<<win-16 < len(data) {
		win++
	}
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: win})
	w.Write(data)
	w.Close()
	return b.Bytes()
}
