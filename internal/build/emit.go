package build

import (
	"sync/atomic"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Sink takes the output files of a build as they are made: the output
// folder's next version (write.Build) or memory (memSink).
type Sink = write.Sink

// sums identifies an output file and its compressed variants (zero when
// there are none), with their sizes.
type sums struct {
	Out, Gz, Br    digest.Sum
	OutN, GzN, BrN int64
}

func (s sums) encode(e *cache.Encoder) {
	e.Sum(s.Out)
	e.Int(s.OutN)
	e.Sum(s.Gz)
	e.Int(s.GzN)
	e.Sum(s.Br)
	e.Int(s.BrN)
}

func decodeSums(d *cache.Decoder) sums {
	return sums{Out: d.Sum(), OutN: d.Int(), Gz: d.Sum(), GzN: d.Int(), Br: d.Sum(), BrN: d.Int()}
}

// emitter is the back half of the pipeline for one file at a time, run in
// the worker that made the file: minify, hash, compress, hand to the sink
// — each step skipped when the persistent cache or the sink already has
// its result.
type emitter struct {
	sink     Sink
	cache    *cache.Cache // nil: none
	minify   bool
	compress bool
	dry      bool // make nothing: the build fails anyway

	files, written atomic.Int64 // output files, and those Put
	bytes          atomic.Int64 // of all output files
	err            atomic.Pointer[error]
}

// compSection is the cache section of compressed variants: by the sum of
// the bytes, the sums of their .gz and .br.
const compSection = "comp"

// fail remembers the first error of the sink.
func (e *emitter) fail(err error) {
	e.err.CompareAndSwap(nil, &err)
}

// Err returns the first error of the sink, or nil.
func (e *emitter) Err() error {
	if p := e.err.Load(); p != nil {
		return *p
	}
	return nil
}

// file emits a file made in this build, minified first when minify is
// set (and the build minifies), compressed when the build compresses
// and the file is text over publish.CompressMin; best asks for the
// strongest compression (fingerprinted assets, compressed once). It
// returns the file's sums, or an error when the minifier cannot parse it.
func (e *emitter) file(p string, data []byte, minify, best bool) (sums, error) {
	if minify && e.minify {
		m, err := publish.MinifyFile(p, data)
		if err != nil {
			return sums{}, err
		}
		data = m
	}
	if e.dry {
		return sums{}, nil
	}
	s := sums{Out: digest.Of(data), OutN: int64(len(data))}
	e.put(p, data, s.Out)
	if !e.compress || !publish.Compressible(p) || len(data) <= publish.CompressMin {
		return s, nil
	}
	key := s.Out.String()
	if best {
		key += "+best"
	}
	if e.cache != nil {
		if rec, ok := e.cache.Get(compSection, key); ok {
			d := cache.NewDecoder(rec)
			c := decodeSums(d)
			if d.Done() == nil && c.Out == s.Out && !c.Gz.IsZero() && e.reuseFiles(p, c, false) {
				e.cache.Put(compSection, key, rec)
				return c, nil
			}
		}
	}
	gz, br := publish.Gzip(data), publish.Brotli(data)
	if best {
		gz, br = publish.GzipBest(data), publish.BrotliBest(data)
	}
	s.Gz, s.GzN = digest.Of(gz), int64(len(gz))
	s.Br, s.BrN = digest.Of(br), int64(len(br))
	e.put(p+".gz", gz, s.Gz)
	e.put(p+".br", br, s.Br)
	if e.cache != nil {
		var enc cache.Encoder
		s.encode(&enc)
		e.cache.Put(compSection, key, enc.Bytes())
	}
	return s, nil
}

// put hands one file to the sink unless it has it, and keeps its bytes in
// the cache.
func (e *emitter) put(p string, data []byte, s digest.Sum) {
	e.files.Add(1)
	e.bytes.Add(int64(len(data)))
	if e.cache != nil {
		e.cache.Store(s, data)
	}
	if e.sink.Unchanged(p, s) {
		return
	}
	e.written.Add(1)
	if err := e.sink.Put(p, data, s); err != nil {
		e.fail(err)
	}
}

// reuse emits a file the last build made, known by its sums, and its
// variants: kept where the sink has them, else read from the cache. It
// returns false, having emitted nothing, when a file is neither in the
// sink nor (intact) in the cache; the caller makes it again.
func (e *emitter) reuse(p string, s sums) bool {
	return e.reuseFiles(p, s, true)
}

// reuseFiles is reuse, leaving out the file itself (only its variants)
// when main is false.
func (e *emitter) reuseFiles(p string, s sums, main bool) bool {
	if e.dry {
		return true
	}
	type one struct {
		path string
		sum  digest.Sum
		n    int64
		data []byte
	}
	var all []one
	if main {
		all = append(all, one{path: p, sum: s.Out, n: s.OutN})
	}
	if !s.Gz.IsZero() {
		all = append(all, one{path: p + ".gz", sum: s.Gz, n: s.GzN}, one{path: p + ".br", sum: s.Br, n: s.BrN})
	}
	for i := range all {
		f := &all[i]
		if e.sink.Unchanged(f.path, f.sum) {
			if e.cache != nil {
				e.cache.KeepBlob(f.sum) // for an output folder made anew
			}
			continue
		}
		if e.cache == nil {
			return false
		}
		data, err := e.cache.Blob(f.sum)
		if err != nil {
			return false
		}
		f.data = data
	}
	for _, f := range all {
		e.files.Add(1)
		e.bytes.Add(f.n)
		if f.data != nil {
			e.written.Add(1)
			if err := e.sink.Put(f.path, f.data, f.sum); err != nil {
				e.fail(err)
			}
		}
	}
	return true
}
