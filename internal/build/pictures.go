package build

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/images"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/parallel"
	"github.com/stadt-bamberg/integration/internal/render"
	"github.com/stadt-bamberg/integration/internal/write"
)

// pictureExts are the extensions of the files of content/ that go
// through package images instead of being copied: the original is never
// published as it is (its metadata), its URL serves the widest fallback
// variant.
var pictureExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp"}

// PictureMode is how a build makes the pictures of content/.
//
// PicturesEncoded (sitegen build) encodes every variant, or takes it
// from the memo or the persistent cache. PicturesChecked (sitegen check,
// which writes nothing) encodes none: a picture that Options.PictureCache
// holds (a build made it, so it is sound) is taken from there, any other
// is decoded to find what is wrong with it (images.Plan, full) – every
// error that a build reports, at the same line, in a fraction of the
// time, and a second check no faster only in the decoding. PicturesLazy
// (the preview) makes the page at once from the header of a JPEG
// (images.Plan: sizes, srcset, names tagged with the picture's key),
// and encodes a picture's variants when one of them is first asked for
// (Output.Get), once, however many ask at the same time – so saving a
// photo never holds up the page. A JPEG the header shows sound but that
// is broken further on is then an empty picture in the preview (and its
// error in the server's log, in sitegen check and sitegen build).
type PictureMode int

const (
	PicturesEncoded PictureMode = iota
	PicturesChecked
	PicturesLazy
)

// isPicture reports whether the file of content/ at rel is a picture
// package images makes variants of.
func isPicture(rel string) bool {
	return slices.Contains(pictureExts, strings.ToLower(path.Ext(rel)))
}

// picture is one picture of the site: its source, and what was made of
// it or why nothing could be.
type picture struct {
	src  string // path from the site root: content/a/foto.jpg
	url  string // the source's URL (site path)
	key  digest.Sum
	pic  *images.Picture
	err  error
	used atomic.Bool // a page showed it (its error was reported there)
}

// pictureSet is the pictures of one build, by the Src of their model.File.
type pictureSet struct {
	byRel   map[string]*picture
	list    []*picture // by URL
	encoded atomic.Int64
	decoded atomic.Int64
	mode    PictureMode
}

// pictureMemo keeps what was made of pictures in this process, by Key,
// for the next build of a Builder (the preview) without the persistent
// cache.
type pictureMemo struct {
	mu sync.Mutex
	m  map[digest.Sum]*images.Picture
}

func (m *pictureMemo) get(k digest.Sum) *images.Picture {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[k]
}

func (m *pictureMemo) put(k digest.Sum, p *images.Picture) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[digest.Sum]*images.Picture{}
	}
	m.m[k] = p
}

// pictures makes (or finds in the memo or the persistent cache pc) the
// variants of every picture among the site's files, in parallel; under
// PicturesChecked and PicturesLazy only what the pages need to show
// them (see PictureMode).
func (b *Builder) pictures(site *model.Site, pc *cache.Cache) *pictureSet {
	ps := &pictureSet{byRel: map[string]*picture{}, mode: b.opts.Pictures}
	for _, f := range site.Files {
		if isPicture(f.Src) {
			p := &picture{src: "content/" + f.Src, url: f.URL}
			ps.byRel[f.Src] = p
			ps.list = append(ps.list, p)
		}
	}
	slices.SortFunc(ps.list, func(a, b *picture) int { return cmp.Compare(a.url, b.url) })
	var lazies []*lazyPicture
	if ps.mode == PicturesLazy {
		lazies = make([]*lazyPicture, len(ps.list))
	}
	parallel.For(len(ps.list), func(i int) {
		p := ps.list[i]
		data, err := fs.ReadFile(b.fsys, p.src)
		if err != nil {
			p.err = &images.Error{Msg: "Das Bild kann nicht gelesen werden: " + err.Error()}
			return
		}
		p.key = images.Key(p.src, data)
		switch ps.mode {
		case PicturesChecked:
			if pc := b.opts.PictureCache; pc != nil {
				if rec, ok := pc.Get(images.Section, p.key.String()); ok {
					if pic, err := images.Decode(rec); err == nil {
						p.pic = pic
						return
					}
				}
			}
			p.pic, p.err = images.Plan(p.src, data, p.key.String()[:8], true)
			ps.decoded.Add(1)
			return
		case PicturesLazy:
			lp := b.lazy.get(p.key)
			if lp == nil {
				lp = &lazyPicture{src: p.src, key: p.key, fsys: b.fsys}
				lp.plan, lp.err = images.Plan(p.src, data, p.key.String()[:8], false)
				ps.decoded.Add(1)
			}
			p.pic, p.err, lazies[i] = lp.plan, lp.err, lp
			return
		}
		if m := b.picMemo.get(p.key); m != nil {
			p.pic = m
			return
		}
		if pc != nil {
			if rec, ok := pc.Get(images.Section, p.key.String()); ok {
				if pic, err := images.Decode(rec); err == nil && keepBlobs(pc, pic) {
					pc.Put(images.Section, p.key.String(), rec)
					p.pic = pic
					return
				}
			}
		}
		p.pic, p.err = images.Process(p.src, data)
		ps.encoded.Add(1)
		if p.err != nil {
			return
		}
		if pc != nil {
			for _, v := range p.pic.Variants {
				pc.Store(v.BlobSum(), v.Data)
			}
			pc.Put(images.Section, p.key.String(), p.pic.Encode())
		}
		if !b.oneShot {
			b.picMemo.put(p.key, p.pic)
		}
	})
	if ps.mode == PicturesLazy {
		// What this build shows, for its Output (the last build's
		// pictures are dropped: an output still served keeps its own).
		byKey := map[digest.Sum]*lazyPicture{}
		files := map[string]lazyFile{}
		for i, p := range ps.list {
			lp := lazies[i]
			if lp == nil {
				continue
			}
			byKey[p.key] = lp
			if p.pic == nil {
				continue
			}
			for j, v := range p.pic.Variants {
				files[model.OutputPath(variantURL(p.url, v))] = lazyFile{lp, j}
				if v.Name == p.pic.Largest().Name {
					files[model.OutputPath(p.url)] = lazyFile{lp, j}
				}
			}
		}
		b.lazy.set(byKey, files)
	}
	return ps
}

// lazyPictures are the pictures of the preview (PicturesLazy) by key,
// planned and, once asked for, encoded; and the output paths of the
// last build's variants.
type lazyPictures struct {
	mu    sync.Mutex
	m     map[digest.Sum]*lazyPicture
	files map[string]lazyFile
}

func (l *lazyPictures) get(k digest.Sum) *lazyPicture {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.m[k]
}

func (l *lazyPictures) set(m map[digest.Sum]*lazyPicture, files map[string]lazyFile) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m, l.files = m, files
}

func (l *lazyPictures) output() map[string]lazyFile {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.files
}

// lazyPicture is one picture of the preview: its plan, and its variants
// once made.
type lazyPicture struct {
	src  string
	plan *images.Picture
	err  error // of the plan

	key  digest.Sum
	fsys fs.FS // read again when encoded: the preview keeps no photo's bytes it was not asked for

	once sync.Once
	pic  *images.Picture
	perr error // of Process
}

// lazyFile is the variant i of a lazy picture's plan, at an output path.
type lazyFile struct {
	lp *lazyPicture
	i  int
}

// encodeSlots bounds the pictures encoded at the same time on request,
// as many as there are cores: a page of twenty photos opened at once
// must not decode them all at once (each takes its pixels in memory).
var encodeSlots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// bytes returns the variant's bytes, encoding the picture's variants the
// first time one is asked for (the others wait for it).
func (f lazyFile) bytes() ([]byte, error) {
	lp := f.lp
	lp.once.Do(func() {
		encodeSlots <- struct{}{}
		defer func() { <-encodeSlots }()
		data, err := fs.ReadFile(lp.fsys, lp.src)
		switch {
		case err != nil:
			lp.perr = err
			return
		case images.Key(lp.src, data) != lp.key:
			lp.perr = errors.New("die Datei hat sich seit dem letzten Build geändert")
			return
		}
		lp.pic, lp.perr = images.Process(lp.src, data)
		if lp.perr == nil && len(lp.pic.Variants) != len(lp.plan.Variants) {
			lp.perr = fmt.Errorf("%s: %d Varianten geplant, %d erzeugt", lp.src, len(lp.plan.Variants), len(lp.pic.Variants))
		}
		if lp.perr == nil {
			lazyEncodes.Add(1)
		}
	})
	if lp.perr != nil {
		return nil, fmt.Errorf("%s: %w", lp.src, lp.perr)
	}
	return lp.pic.Variants[f.i].Data, nil
}

// lazyEncodes counts the pictures encoded on request.
var lazyEncodes atomic.Int64

// EncodedOnRequest returns how many pictures this process encoded on
// request (PicturesLazy, Output.Get).
func EncodedOnRequest() int64 { return lazyEncodes.Load() }

// keepBlobs reports whether the cache holds every variant of pic.
func keepBlobs(pc *cache.Cache, pic *images.Picture) bool {
	for _, v := range pic.Variants {
		if !pc.KeepBlob(v.Blob) {
			return false
		}
	}
	return true
}

// lookup returns what was made of the picture of content/ at rel (a
// model.File's Src), and notes that a page shows it; ok is false for a
// file that is not a picture.
func (ps *pictureSet) lookup(rel string) (pic *images.Picture, err error, ok bool) {
	p := ps.byRel[rel]
	if p == nil {
		return nil, nil, false
	}
	p.used.Store(true)
	return p.pic, p.err, true
}

// variantURL returns the site path of the variant v of the picture at
// the site path u: beside it.
func variantURL(u string, v images.Variant) string {
	return path.Join(path.Dir(u), v.Name)
}

// paths returns the output paths of the pictures' files: the variants,
// and each source's URL (the widest fallback).
func (ps *pictureSet) paths() []write.File {
	var out []write.File
	for _, p := range ps.list {
		if p.pic == nil {
			continue
		}
		for _, v := range p.pic.Variants {
			out = append(out, write.File{Path: model.OutputPath(variantURL(p.url, v))})
		}
	}
	return out
}

// sum identifies every picture's variants, for the pages' signatures.
func (ps *pictureSet) sum() digest.Sum {
	h := digest.New()
	for _, p := range ps.list {
		h.Str(p.url)
		h.Bytes(p.key[:])
	}
	return h.Sum()
}

// tasks returns the work of handing the pictures' files to e.
func (ps *pictureSet) tasks(e *emitter, pc *cache.Cache, fsys fs.FS, diags *diag.List) []func() {
	var out []func()
	if ps.mode != PicturesEncoded {
		return nil // checked: nothing is written; lazy: see Output.Get
	}
	for _, p := range ps.list {
		if p.pic == nil {
			continue
		}
		out = append(out, func() {
			emit := func(pic *images.Picture) bool {
				for _, v := range pic.Variants {
					if !emitVariant(e, model.OutputPath(variantURL(p.url, v)), v) {
						return false
					}
				}
				// The source's own URL serves the widest fallback, so that a
				// link to the file keeps working, without its metadata.
				return emitVariant(e, model.OutputPath(p.url), pic.Largest())
			}
			if emit(p.pic) {
				return
			}
			// A variant neither in the output nor in the cache: made again.
			data, err := fs.ReadFile(fsys, p.src)
			if err == nil {
				var pic *images.Picture
				if pic, err = images.Process(p.src, data); err == nil && emit(pic) {
					if pc != nil {
						for _, v := range pic.Variants {
							pc.Store(v.BlobSum(), v.Data)
						}
					}
					return
				}
			}
			diags.Errorf(p.src, 0, "Das Bild kann nicht erzeugt werden: %v", err)
		})
	}
	return out
}

// emitVariant hands the variant v to e at the output path out; false
// when its bytes are neither at hand nor in the sink or the cache.
func emitVariant(e *emitter, out string, v images.Variant) bool {
	if e.dry {
		return true
	}
	if v.Data != nil {
		e.put(out, v.Data, digest.Of(v.Data))
		return true
	}
	return e.reuse(out, sums{Out: v.Blob, OutN: v.N})
}

// report adds the errors of the pictures no page showed, at their file
// (a page that shows one reports it at its line).
func (ps *pictureSet) report(diags *diag.List) {
	for _, p := range ps.list {
		if p.err != nil && !p.used.Load() {
			diags.Errorf(p.src, 0, "%v", p.err)
		}
	}
}

// ReadCache opens the persistent cache that sitegen build keeps in dir,
// only to read what it made of pictures (Options.PictureCache): nil when
// no build made one there, the folder holds anything else, or a build is
// using it. Close it (without saving) when done; while it is open, a
// build runs without it and says so.
func ReadCache(dir string) *cache.Cache {
	if info, err := os.Lstat(filepath.Join(dir, "index")); err != nil || !info.Mode().IsRegular() || !cache.Owns(dir) {
		return nil
	}
	pc, err := cache.Open(dir, CacheKey())
	if err != nil {
		return nil
	}
	return pc
}

// manifest returns what the CMS's preview pane shows of each picture
// (cms.Pictures): its attributes on the pages, by its source's site path.
func (ps *pictureSet) manifest(r *render.Renderer) map[string]markdown.PictureAttrs {
	out := map[string]markdown.PictureAttrs{}
	for _, p := range ps.list {
		if p.pic == nil {
			continue
		}
		if a, ok := r.Picture(p.url, p.pic).Attrs(render.ImageSizes); ok {
			out[p.url] = a
		}
	}
	return out
}
