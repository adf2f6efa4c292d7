package build

import (
	"cmp"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/discovery"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/render"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Builder builds one site again and again — the preview server after
// every save, sitegen build from run to run through the persistent cache
// (Options.Cache) — redoing only the work a change needs:
//
//   - Markdown files are read again only when [Builder.Changed] names
//     them (in the preview), or when their size, time or bytes differ from
//     the cache's record (see package load);
//   - the model is made anew (it is cheap and everything depends on it),
//     except when only page bodies changed (see reuse);
//   - layouts are parsed again only when one of them changed;
//   - a page is rendered again only when its signature changed: a hash of
//     its own file and of everything else its output shows — its section,
//     ancestors, children, neighbours on the timeline, organizer and
//     series, the pages its links name, the menu, the home page, the site
//     settings, the layouts, assets and options, and, for pages with
//     listings (a directive, or a layout calling eventList, actorList …),
//     the listed data with each event's upcoming state at Now. A layout
//     that ranges over .Site.Pages makes every page depend on every page;
//   - calendars are made again only when their events changed, and
//     compressed variants only for bytes not compressed before;
//   - a file whose bytes the output already holds is not written.
//
// The result is byte for byte that of a full build (the tests compare
// both after random edits). A Builder is not safe for concurrent use.
type Builder struct {
	fsys  fs.FS
	opts  Options
	cache *load.Cache

	filesMu sync.Mutex
	files   map[string][]byte // content files and assets by source path, read once
	// layouts, parsed, while they stay as they are
	layoutsSum digest.Sum
	renderer   *render.Renderer
	layoutDiag []diag.Diagnostic
	inputs     digest.Sum // layouts and options, part of every signature

	oneShot   bool              // built once (Run): keep nothing for a next build
	skipFiles bool              // Build leaves Result.Files empty
	keys      map[string][]byte // German collation keys of titles, between builds

	// The model of the last successful build, while only page bodies
	// change (see reuse), and what changed since.
	lastSite   *model.Site
	catalogSum digest.Sum // of the interface strings the model was made with
	lastOpts   Options
	lastFiles  int // Markdown files it was made from
	modelDiags []diag.Diagnostic
	pending    map[string]bool

	discovered    []write.File // the last discovery files (sitemap, feeds …)
	discoveredSig digest.Sum
	eventsFeed    []byte // the last feed of upcoming events, and the hash of what it shows
	eventsFeedSig digest.Sum
	contentGen    int                     // counts changes to files under content/ that are not pages
	prev          map[pageKey]*pageRecord // the last successful build's pages
	ics           map[string]fileRecord   // calendar files by path, with their signatures
	mem           memSink                 // the output of Build
	picMemo       pictureMemo             // pictures made, by key (pictures.go)
	lazy          lazyPictures            // the preview's pictures (PicturesLazy)

	// What the last successful build found, for the next while the
	// model is reused: the content, the output paths, the pages' metas.
	lastContent *load.Content
	lastPlanned []write.File
	lastMetas   *metaTable
	lastShared  *sigShared    // what the last build's signatures shared
	lastRecords []*pageRecord // the last build's records, by page (site.Pages order)
}

type pageKey struct{ url, src string }

// NewBuilder returns a Builder for the site in fsys.
func NewBuilder(fsys fs.FS, opts Options) *Builder {
	return &Builder{fsys: fsys, opts: opts, cache: load.NewCache(), files: map[string][]byte{}, ics: map[string]fileRecord{}, keys: map[string][]byte{}, pending: map[string]bool{}}
}

// SetNow changes the instant the next build is made for.
func (b *Builder) SetNow(t time.Time) { b.opts.Now = t }

// Changed tells the builder that the source files at paths (slash paths
// from the site root: content/a.md, layouts/x.html, assets/y.css) were
// written, created or removed since the last build. Renaming a folder is
// a change of every file in it; ChangedAll covers what is unclear.
func (b *Builder) Changed(paths ...string) {
	for _, p := range paths {
		b.pending[p] = true
		b.cache.Forget(p)
		delete(b.files, p)
		if strings.HasPrefix(p, "content/") && !strings.HasSuffix(p, ".md") {
			b.contentGen++ // a bundle file: its time is a page's lastmod
		}
	}
}

// ChangedAll makes the next build read every file again (it still reuses
// rendered pages whose signature stays the same).
func (b *Builder) ChangedAll() {
	b.lastSite, b.lastContent = nil, nil
	b.cache.ForgetAll()
	clear(b.files)
	b.contentGen++
}

// load loads content/, reading again only the files Changed named and,
// when those are edits of Markdown files, without walking the folder.
func (b *Builder) load(diags *diag.List) *load.Content {
	var md []string
	for p := range b.pending {
		if strings.HasPrefix(p, "content/") {
			md = append(md, p)
		}
	}
	if c, ok := load.Update(b.fsys, "content", b.lastContent, md, diags, b.cache); ok {
		return c
	}
	return load.LoadCached(b.fsys, "content", diags, b.cache)
}

func (b *Builder) read(p string) ([]byte, error) {
	b.filesMu.Lock()
	data, ok := b.files[p]
	b.filesMu.Unlock()
	if ok {
		return data, nil
	}
	data, err := fs.ReadFile(b.fsys, p)
	if err == nil && !b.oneShot {
		b.filesMu.Lock()
		b.files[p] = data
		b.filesMu.Unlock()
	}
	return data, err
}

// Build builds the site as it is now, in memory: Result.Output holds the
// output, and Result.Files too, sorted, unless SkipFiles was called.
func (b *Builder) Build() (*Result, error) {
	b.mem.begin()
	res, err := b.BuildTo(&b.mem)
	if err != nil {
		b.mem.abort()
		return res, err
	}
	b.mem.commit()
	res.Output = Output{m: b.mem.cur, lazy: b.lazy.output()}
	if !b.skipFiles {
		res.Files = b.mem.files()
	}
	return res, nil
}

// SkipFiles makes Build leave Result.Files empty: the preview server
// reads Result.Output, and sorting the files of a large site on every
// save costs milliseconds.
func (b *Builder) SkipFiles() { b.skipFiles = true }

// BuildTo builds the site as it is now and hands every output file to
// sink as soon as it is made (Result.Files stays nil). On an error the
// caller discards what sink received. It runs the steps of a build in
// order (see run).
func (b *Builder) BuildTo(sink Sink) (*Result, error) {
	st := &run{b: b, sink: sink, opts: b.opts, pc: b.opts.Cache, res: &Result{}}
	t0 := time.Now()
	st.load()
	t1 := time.Now()
	st.model()
	t2 := time.Now()
	st.assets()
	st.plan()
	st.render()
	st.record()
	res := st.res
	res.Stats.Render = time.Since(t2) - st.assetTime
	res.Stats.Load, res.Stats.Model = t1.Sub(t0), t2.Sub(t1)
	res.Stats.Publish = st.assetTime
	return st.commit()
}

// plan returns every output path of the site (with no data), sorted,
// and reports paths that two files would share: where it can be mended
// (at an alias's line, else at a page, a file under content/ or an asset
// by its name in assets/), naming both.
func plan(site *model.Site, cals []calendarFile, notFounds []write.File, published []publish.Asset, diags *diag.List) []write.File {
	var planned []write.File
	owners := map[string]model.Owner{}
	add := func(p string, o model.Owner) {
		planned = append(planned, write.File{Path: p})
		prev, ok := owners[p]
		if !ok {
			owners[p] = o
			return
		}
		at := o
		if at.Path == "" || prev.Path != "" && prev.Line > at.Line {
			at = prev
		}
		diags.Errorf(cmp.Or(at.Path, "content"), at.Line, "Die Datei %s gibt es doppelt in der Ausgabe: %s und %s", p, prev.What, o.What)
	}
	for _, p := range site.Pages {
		add(model.OutputPath(p.URL), model.Owner{What: p.Source.Path, Path: p.Source.Path, Line: 1})
	}
	for _, rd := range site.Redirects {
		add(model.OutputPath(rd.From), model.Owner{What: rd.To.Source.Path + " (aliases)", Path: rd.To.Source.Path, Line: rd.Line})
	}
	for _, c := range cals {
		add(c.path, model.Owner{What: "eine Kalenderdatei"})
	}
	for _, nf := range notFounds {
		add(nf.Path, model.Owner{What: "die Fehlerseite"})
	}
	for _, f := range site.Files {
		add(model.OutputPath(f.URL), model.Owner{What: "content/" + f.Src, Path: "content/" + f.Src})
	}
	for _, a := range published {
		add(a.Path, model.Owner{What: "assets/" + a.Name, Path: "assets/" + a.Name})
	}
	slices.SortFunc(planned, func(a, b write.File) int { return cmp.Compare(a.Path, b.Path) })
	return planned
}

// emitOrReport emits a file and reports a file the minifier cannot read.
func emitOrReport(e *emitter, p string, data []byte, minify, best bool, diags *diag.List) {
	if _, err := e.file(p, data, minify, best); err != nil {
		diags.Errorf(p, 0, "Die erzeugte Datei kann nicht verkleinert werden: %v", err)
	}
}

// inputsSum hashes what every page's output depends on beyond the model:
// the layouts and the options.
func (b *Builder) inputsSum() digest.Sum {
	h := b.newHasher()
	h.sum(b.layoutsSum)
	h.sum(b.catalogSum)
	o := b.opts
	h.bool(o.Drafts)
	h.bool(o.Minify)
	h.bool(o.Fingerprint)
	h.bool(o.Compress)
	h.str(o.BaseURL)
	return h.done()
}

// prevRecord returns the last build's record of the page p: from this
// process, or from the persistent cache.
func (b *Builder) prevRecord(p *model.Page) *pageRecord {
	if rec, ok := b.prev[pageKey{p.URL, p.Source.Path}]; ok {
		return rec
	}
	if pc := b.opts.Cache; pc != nil {
		if data, ok := pc.Get(pageSection, pageCacheKey(p)); ok {
			if rec, ok := decodePageRecord(data); ok {
				return rec
			}
		}
	}
	return nil
}

// reuse returns the model of the last successful build, with the new
// files of the changed pages put in, when every change since then is a
// change of a page's Markdown — of its body alone (the most common edit,
// which changes nothing any other page shows), or of front matter that
// model.Site.Patch can put in place — and the pages whose bodies changed.
// patched holds the pages whose front matter changed (then other pages'
// signatures may change too). Otherwise it returns nil and the model is
// made anew.
func (b *Builder) reuse(content *load.Content) (site *model.Site, bodies map[*model.Page]bool, patched map[*model.Page]bool) {
	s := b.lastSite
	if s == nil || b.oneShot || b.opts != b.lastOpts || len(content.Pages) != b.lastFiles || len(b.pending) == 0 {
		return nil, nil, nil
	}
	files := make(map[string]*load.File, len(b.pending))
	for _, f := range content.Pages {
		if b.pending[f.Path] {
			files[f.Path] = f
		}
	}
	if len(files) != len(b.pending) {
		return nil, nil, nil // a change to something other than a page
	}
	changed := map[*model.Page]bool{}
	var meta []*load.File
	for path, f := range files {
		p := s.Page(f.Rel)
		if p == nil || p.SeriesSlug != "" || path != p.Source.Path {
			return nil, nil, nil
		}
		old, now := b.newHasher(), b.newHasher()
		old.node(p.Source.Meta)
		now.node(f.Meta)
		if old.done() != now.done() || f.BodyLine != p.Source.BodyLine {
			meta = append(meta, f)
			continue
		}
		changed[p] = true
	}
	var showing []*model.Page // the other languages' pages that show a changed text
	for p := range changed {
		old := p.Source
		p.Source = files[old.Path]
		for _, q := range p.Translations {
			if q != p && q.Source == old {
				q.Source = p.Source
				showing = append(showing, q)
			}
		}
	}
	for _, q := range showing {
		changed[q] = true
	}
	slices.SortFunc(meta, func(a, b *load.File) int { return cmp.Compare(a.Path, b.Path) })
	patched = map[*model.Page]bool{}
	for _, f := range meta {
		had := slices.ContainsFunc(b.modelDiags, func(d diag.Diagnostic) bool { return d.Path == f.Path })
		if !s.Patch(f, model.Options{Drafts: b.opts.Drafts, Now: b.opts.Now, BaseURL: b.opts.BaseURL, KeyCache: b.keys}, had) {
			b.lastSite = nil // partly patched: never used again
			return nil, nil, nil
		}
		// An original's versions in the other languages show its facts
		// (and its text where untranslated): they changed with it.
		p := s.Page(f.Rel)
		vs := []*model.Page{p}
		if p.Original == nil {
			vs = p.Translations
		}
		for _, v := range append(vs, p) {
			changed[v], patched[v] = true, true
		}
	}
	return s, changed, patched
}

// discover returns the discovery files (package discovery) for files, made
// anew only when something they show may have changed: a page (its
// meta or file time), the build time, the settings, a file of content/
// other than a page, or which output paths exist.
func (b *Builder) discover(files []write.File, site *model.Site, meta func(*model.Page) digest.Sum) []write.File {
	h, ev := b.newHasher(), b.newHasher()
	for _, x := range []*hasher{h, ev} {
		x.int(int(site.Now.UnixNano()))
		x.str(site.Config.BaseURL)
		x.str(site.Config.Title)
		x.str(site.Config.Language)
		x.str(site.Config.TimeZone)
		x.int(b.contentGen)
		x.sum(b.catalogSum) // the feeds' titles
	}
	for _, p := range site.Pages {
		h.sum(meta(p))
		h.int(int(p.Source.ModTime.UnixNano()))
	}
	for _, f := range files {
		h.str(f.Path)
	}
	sig := h.done()
	if b.discovered != nil && b.discoveredSig == sig {
		return b.discovered
	}
	// The feed of upcoming events, the largest, changes only with them.
	for _, p := range site.EventList(model.EventQuery{}) {
		ev.sum(meta(p))
		ev.int(int(p.Source.ModTime.UnixNano()))
	}
	for _, p := range site.Pages {
		if p.IsSection() && p.Type == model.TypeEvent {
			ev.str(p.URL) // the feed's alternate link
			break
		}
	}
	evSig := ev.done()
	opts := []discovery.Option{discovery.Source(b.fsys)}
	if b.eventsFeed != nil && b.eventsFeedSig == evSig {
		opts = append(opts, discovery.EventsFeed(b.eventsFeed))
	}
	d := discovery.Files(files, site, opts...)
	b.discovered, b.discoveredSig = d, sig
	b.eventsFeed, b.eventsFeedSig = nil, evSig
	for _, f := range d {
		if f.Path == discovery.EventsFeedPath {
			b.eventsFeed = f.Data
		}
	}
	return d
}

// specials returns the special pages (model.SpecialAZ, SpecialSearch)
// the site has a layout for: layouts/a-z.html, layouts/suche.html.
func (b *Builder) specials() []string {
	var out []string
	for _, k := range []string{model.SpecialAZ, model.SpecialSearch} {
		if _, err := fs.Stat(b.fsys, "layouts/"+k+".html"); err == nil {
			out = append(out, k)
		}
	}
	return out
}

// layoutsHash returns a hash of every file under layouts/.
func (b *Builder) layoutsHash() digest.Sum {
	h := b.newHasher()
	_ = fs.WalkDir(b.fsys, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := b.read(p)
		h.str(p)
		if err == nil {
			h.h.Bytes(data)
		}
		return nil
	})
	return h.done()
}

// readAssets reads every file under assets/; their paths inside assets/
// are their paths in the output.
func (b *Builder) readAssets(site *model.Site, diags *diag.List) []write.File {
	var files []write.File
	_ = fs.WalkDir(b.fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != "assets" {
				diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			}
			return nil
		}
		if p != "assets" && load.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel := p[len("assets/"):]
		if o, ok := site.URLOwner("/" + rel); ok { // reported at the alias's line, the page, the file
			diags.Errorf(o.Path, o.Line, "Die Adresse /%s ist doppelt vergeben: %s und %s", rel, p, o.What)
			return nil
		}
		data, err := b.read(p)
		if err != nil {
			diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			return nil
		}
		files = append(files, write.File{Path: rel, Data: data})
		return nil
	})
	return files
}
