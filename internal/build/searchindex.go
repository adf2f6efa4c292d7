package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/search"
)

// searchSection is the cache section of the search index's state, by the
// output folder's absolute path (like outSection).
const searchSection = "search"

// searchOut lets the search index write its files as the build writes
// its own: through the emitter (minified no further, compressed, kept
// where the output has them already, their bytes in the cache).
type searchOut struct {
	e   *emitter
	out string // the output folder, for Load when the cache lacks a file
}

func (o searchOut) File(p string, data []byte) ([]byte, error) {
	s, err := o.e.file(p, data, false, false)
	if err != nil {
		return nil, err
	}
	if err := o.e.Err(); err != nil {
		return nil, err
	}
	var enc cache.Encoder
	s.encode(&enc)
	return enc.Bytes(), nil
}

func (o searchOut) Reuse(p string, rec []byte) bool {
	d := cache.NewDecoder(rec)
	s := decodeSums(d)
	if d.Done() != nil {
		return false
	}
	return o.e.reuse(p, s) && o.e.Err() == nil
}

func (o searchOut) Load(p string, rec []byte) ([]byte, error) {
	d := cache.NewDecoder(rec)
	s := decodeSums(d)
	if err := d.Done(); err != nil {
		return nil, err
	}
	if o.e.cache != nil {
		if data, err := o.e.cache.Blob(s.Out); err == nil {
			return data, nil
		}
	}
	data, err := os.ReadFile(filepath.Join(o.out, filepath.FromSlash(p)))
	if err != nil {
		return nil, err
	}
	if digest.Of(data) != s.Out {
		return nil, fmt.Errorf("%s ist nicht, was der letzte Build schrieb", p)
	}
	return data, nil
}

// emitSearch writes the search index of site (package search) into the
// build's output sink, after the pages and before the commit, and keeps
// its state in the cache pc (nil: none; then the index is made whole).
func emitSearch(x *search.Builder, site *model.Site, sink Sink, pc *cache.Cache, compress bool, out, key string) (search.Stats, error) {
	if clash := x.Clash(); clash != "" {
		return search.Stats{}, fmt.Errorf("Suche: die Website hat die Datei %s, aber der Ordner %s/ gehört dem Suchindex (eine Datei oder einen Ordner content/%s umbenennen)", clash, search.IndexDir, search.IndexDir)
	}
	e := &emitter{sink: sink, cache: pc, compress: compress}
	var prev []byte
	var st search.Store
	if pc != nil {
		prev, _ = pc.Get(searchSection, key)
		st = pc
	}
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(out, filepath.FromSlash(p))) }
	state, stats, err := x.Emit(search.Pages(site), prev, st, searchOut{e: e, out: out}, read)
	if err != nil {
		return stats, err
	}
	if pc != nil {
		pc.Put(searchSection, key, state)
	}
	return stats, nil
}
