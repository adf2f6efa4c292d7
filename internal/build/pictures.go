package build

import (
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/images"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/parallel"
	"github.com/stadt-bamberg/integration/internal/write"
)

// pictureExts are the extensions of the files of content/ that go
// through package images instead of being copied: the original is never
// published as it is (its metadata), its URL serves the widest fallback
// variant.
var pictureExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp"}

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
// variants of every picture among the site's files, in parallel.
func (b *Builder) pictures(site *model.Site, pc *cache.Cache) *pictureSet {
	ps := &pictureSet{byRel: map[string]*picture{}}
	for _, f := range site.Files {
		if isPicture(f.Src) {
			p := &picture{src: "content/" + f.Src, url: f.URL}
			ps.byRel[f.Src] = p
			ps.list = append(ps.list, p)
		}
	}
	slices.SortFunc(ps.list, func(a, b *picture) int { return cmp.Compare(a.url, b.url) })
	parallel.For(len(ps.list), func(i int) {
		p := ps.list[i]
		data, err := fs.ReadFile(b.fsys, p.src)
		if err != nil {
			p.err = &images.Error{Msg: "Das Bild kann nicht gelesen werden: " + err.Error()}
			return
		}
		p.key = images.Key(p.src, data)
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
	return ps
}

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
