package publish

import (
	"bytes"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// CompressMin is the size above which text files get .gz and .br files.
const CompressMin = 1024

// The levels, chosen by measurement on the output of a generated site of
// 10,000 pages (100 MB of text over 1 KB; BenchmarkCompress, figures in
// the README):
//
//   - pages and generated files: brotli quality 5 (about 21 MB/s per
//     core) is the lowest quality whose files are clearly smaller than
//     gzip's best (4 % smaller; quality 4 is 0.3 % larger); qualities 6 to
//     9 save at most 0.3 % more for up to 30 % more time, and 10 and 11
//     save 7 to 8 % more but are 17 to 40 times slower. gzip, which only
//     the clients without brotli get, uses github.com/klauspost/compress
//     at level 6 (about 100 MB/s): within 1.2 % of its level 9 at twice
//     the speed, and 2.2 times as fast as compress/gzip at level 6, whose
//     files are 0.8 % smaller.
//   - fingerprinted assets (compressed once, cached for ever): the
//     strongest, brotli 11 and gzip 9.
const (
	gzipLevel         = 6
	brotliQuality     = 5
	gzipBestLevel     = gzip.BestCompression
	brotliBestQuality = brotli.BestCompression
)

// CompressionSettings names the codecs, their levels and the versions of
// the libraries that make the .gz and .br files. It is part of the build
// cache's key: it changes whenever the compressed bytes could change, so
// a test ties it to the levels above and to the versions in go.mod.
const CompressionSettings = "gzip:klauspost/compress@v1.20.4-6;br:andybalholm/brotli@v1.2.8-q5-lgwin-fit;" +
	"best:gzip-9,br-11"

var compressible = map[string]bool{
	".html": true, ".htm": true, ".css": true, ".js": true, ".mjs": true,
	".xml": true, ".svg": true, ".json": true, ".ics": true, ".txt": true,
	".atom": true, ".webmanifest": true,
}

// Compressible reports whether the file at p is text that the build
// compresses when it is larger than CompressMin.
func Compressible(p string) bool { return compressible[strings.ToLower(path.Ext(p))] }

// Gzip returns data compressed with gzip at the level for pages and
// generated files. The header holds no file name and no time, so equal
// data give equal bytes.
func Gzip(data []byte) []byte { return gzipPage.compress(data) }

// GzipBest is Gzip at the best compression, for fingerprinted assets.
func GzipBest(data []byte) []byte { return gzipBest.compress(data) }

// Brotli returns data compressed with brotli at the quality for pages and
// generated files, with a window just large enough for data (a larger one
// compresses no better and costs time and memory).
func Brotli(data []byte) []byte { return brotliPage.compress(data) }

// BrotliBest is Brotli at the best quality (11), for fingerprinted assets.
func BrotliBest(data []byte) []byte { return brotliBest.compress(data) }

var (
	gzipPage   = &gzipPool{level: gzipLevel}
	gzipBest   = &gzipPool{level: gzipBestLevel}
	brotliPage = &brotliPool{quality: brotliQuality}
	brotliBest = &brotliPool{quality: brotliBestQuality}
)

// gzipPool keeps gzip writers of one level for reuse: making one costs
// more than compressing a page of 10 KB (reuse makes level 6 three times
// as fast on pages). A reset writer writes what a new one does.
type gzipPool struct {
	level int
	pool  sync.Pool // *gzip.Writer
}

func (p *gzipPool) compress(data []byte) []byte {
	var b bytes.Buffer
	w, _ := p.pool.Get().(*gzip.Writer)
	if w == nil {
		var err error
		if w, err = gzip.NewWriterLevel(&b, p.level); err != nil {
			panic(err) // a valid constant level
		}
	} else {
		w.Reset(&b) // also the zero Header: no name, no comment, ModTime 0
	}
	// Writes to a bytes.Buffer do not fail.
	w.Write(data)
	w.Close()
	w.Reset(io.Discard) // let go of b
	p.pool.Put(w)
	return b.Bytes()
}

// maxPooledWindow is the largest brotli window (log2) whose writers are
// reused: up to it the encoder's match finder depends only on quality
// and window, not on the size of the data (it does from 2^19 on, at
// qualities 4 to 9), so a reused writer writes what a new one does. The
// few larger files get a new writer; for them making it costs little.
const maxPooledWindow = 18

// brotliPool keeps brotli writers of one quality for reuse, one pool per
// window size.
type brotliPool struct {
	quality int
	pools   [maxPooledWindow + 1]sync.Pool // *brotli.Writer by window
}

func (p *brotliPool) compress(data []byte) []byte {
	var b bytes.Buffer
	win := 10
	for win < 24 && 1<<win-16 < len(data) {
		win++
	}
	var w *brotli.Writer
	if win <= maxPooledWindow {
		if w, _ = p.pools[win].Get().(*brotli.Writer); w != nil {
			w.Reset(&b)
		}
	}
	if w == nil {
		w = brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: p.quality, LGWin: win})
	}
	w.Write(data)
	w.Close() // lets go of b
	if win <= maxPooledWindow {
		p.pools[win].Put(w)
	}
	return b.Bytes()
}
