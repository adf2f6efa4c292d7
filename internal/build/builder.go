package build

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/discovery"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/parallel"
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
	res.Output = Output{b.mem.cur}
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
// caller discards what sink received.
func (b *Builder) BuildTo(sink Sink) (*Result, error) {
	var diags diag.List
	res := &Result{}
	opts := b.opts
	pc := opts.Cache
	t0 := time.Now()
	var content *load.Content
	if pc != nil {
		if len(b.keys) == 0 {
			loadKeys(pc, b.keys)
		}
		content = load.LoadPersistent(b.fsys, "content", &diags, pc, time.Now())
	} else {
		content = b.load(&diags)
	}
	t1 := time.Now()
	if len(b.keys) > 4*len(content.Pages)+64 {
		clear(b.keys) // titles that are gone
	}
	site, reused, patched := b.reuse(content)
	if site == nil {
		var md diag.List
		cat := i18n.Load(b.fsys, i18n.Dir, &md)
		h := b.newHasher()
		cat.Sum(h.str)
		b.catalogSum = h.done()
		site = model.Build(content, model.Options{Drafts: opts.Drafts, Now: opts.Now, BaseURL: opts.BaseURL, KeyCache: b.keys, Catalog: cat, Special: b.specials()}, &md)
		if opts.NowText != "" {
			v, err := dates.Parse(opts.NowText, site.Config.Location)
			if err != nil {
				md.Errorf("--now", 0, "%s", err.Error())
			} else {
				site.SetNow(v.Time)
			}
		}
		b.modelDiags = md.Sorted()
	}
	diags.Append(b.modelDiags...)
	res.Site = site
	res.Stats.Reused = reused != nil
	t2 := time.Now()

	// Assets, minified and fingerprinted before pages reference them by
	// name, URL and integrity.
	published := publish.Assets(b.readAssets(site, &diags), &diags, opts.publishOptions()...)
	refs := make(map[string]render.Asset, len(published))
	for _, a := range published {
		refs[a.Name] = render.NewAsset(site.Config, "/"+a.Path, a.Data)
	}
	assetTime := time.Since(t2)
	r := b.renderer
	if sum := b.layoutsHash(); r == nil || sum != b.layoutsSum {
		var ld diag.List
		r = render.New(site, b.fsys, refs, &ld)
		b.renderer, b.layoutsSum, b.layoutDiag = r, sum, ld.Sorted()
		b.prev, b.lastRecords = nil, nil // every page depends on the layouts
	} else {
		r.Reset(site, refs)
	}
	diags.Append(b.layoutDiag...)
	b.inputs = b.inputsSum()
	// A 404 page per language: /404.html, /en/404.html …
	var notFounds []write.File
	hasNotFound, notFoundOK := false, true
	for _, ls := range site.Langs {
		out, exists, ok := r.NotFound(ls, &diags)
		hasNotFound, notFoundOK = exists, notFoundOK && ok
		notFounds = append(notFounds, write.File{Path: model.OutputPath(render.NotFoundURL(ls)), Data: out})
	}
	if !hasNotFound {
		notFounds = nil
	}

	// The editors' CMS at /admin/.
	var admin []write.File
	if opts.Admin != nil {
		var err error
		admin, err = cms.Files(site, opts.Admin, refs["css/style.css"].URL)
		switch {
		case errors.Is(err, cms.ErrNoBackend):
			_, res.Notice, _ = strings.Cut(err.Error(), " – ")
		case err != nil:
			diags.Errorf(cms.DistPath, 0, "%v", err)
		}
	}

	// Every output path, known before anything is made: two files at one
	// path are an error, and the discovery files list what exists. A
	// reused model has the same pages, files and calendars.
	cals := b.calendarList(site)
	planned := b.lastPlanned
	if reused == nil || planned == nil {
		planned = plan(site, cals, append(slices.Clip(notFounds), admin...), published, &diags)
	}
	for _, f := range planned {
		res.Paths = append(res.Paths, f.Path)
	}

	// With the model reused, what other pages show of a page (its meta)
	// changed only for the patched pages and the events that show them.
	var affected map[*model.Page]bool
	if reused != nil {
		affected = make(map[*model.Page]bool, len(patched))
		for p := range patched {
			affected[p] = true
		}
		if len(patched) > 0 {
			for _, ls := range site.Langs { // every language's events
				for _, e := range ls.Events {
					if patched[e.Event.Organizer] || patched[e.Event.SeriesPage] {
						affected[e] = true
					}
				}
			}
		}
	}
	var metas *metaTable
	if reused != nil && b.lastMetas != nil {
		metas = b.lastMetas.update(b, site, affected)
	} else {
		metas = b.metas(site)
	}
	meta := metas.get
	// The last build's page records, by page.
	var prevs []*pageRecord
	if reused != nil && len(b.lastRecords) == len(site.Pages) {
		prevs = slices.Clone(b.lastRecords) // the same model: the same pages in the same order
	} else {
		prevs = make([]*pageRecord, len(site.Pages))
		parallel.For(len(prevs), func(i int) { prevs[i] = b.prevRecord(site.Pages[i]) })
	}
	var sigs []digest.Sum
	var shared *sigShared
	switch {
	case reused != nil && len(patched) == 0:
		// Only the bodies of the pages in reused changed: the others keep
		// their signatures, these are rendered again.
		sigs = make([]digest.Sum, len(site.Pages))
		for i, p := range site.Pages {
			if !reused[p] && prevs[i] != nil {
				sigs[i] = prevs[i].sig
			}
		}
	case b.oneShot && pc == nil:
		sigs = make([]digest.Sum, len(site.Pages)) // nothing to compare with
	default:
		// After a front matter patch, only the pages that can show the
		// change get new signatures; the others keep theirs.
		var only func(i int) bool
		var sh *sigShared
		if reused != nil && b.lastShared != nil {
			sh = b.share(site, refs, meta, maps.Keys(b.lastShared.answers), b.lastShared, affected)
			only = b.narrow(site, sh, b.lastShared, affected, prevs)
			if only == nil {
				sh = nil
			}
		}
		sigs, shared = b.signatures(site, refs, meta, func(i int) (*pageRecord, bool) {
			return prevs[i], prevs[i] != nil
		}, only, sh)
		if only != nil {
			for i, prev := range prevs {
				if prev != nil && !only(i) {
					sigs[i] = prev.sig
				}
			}
		}
	}

	e := &emitter{sink: sink, cache: pc, minify: opts.Minify, compress: opts.Compress}
	if diags.HasErrors() {
		// The build fails whatever the pages give: they are rendered for
		// their problems only, nothing is compressed or handed on.
		e.dry = true
	}
	records := make([]*pageRecord, len(site.Pages))
	var rendered atomic.Int64
	var todoMu sync.Mutex
	var todo []int
	persist := pc != nil || !b.oneShot
	// A one-shot build into an output folder keeps no text it has made
	// into a page (sitegen check, building in memory, reads it afterwards).
	_, inMemory := sink.(*memSink)
	streamed := b.oneShot && !inMemory
	// A text that several languages show (an untranslated page's) is read
	// once, here, and kept: their workers share it.
	sharedText := map[*load.File]bool{}
	for _, p := range site.Pages {
		if p.Untranslated && !sharedText[p.Source] {
			sharedText[p.Source] = true
			p.Source.ReadBody(b.fsys, &diags)
		}
	}
	renderPage := func(i int) {
		p := site.Pages[i]
		if prev := prevs[i]; prev != nil && !sigs[i].IsZero() && prev.sig == sigs[i] && prev.ok &&
			e.reuse(model.OutputPath(p.URL), prev.out) {
			diags.Append(prev.diags...)
			records[i] = prev
			return
		}
		rendered.Add(1)
		todoMu.Lock()
		todo = append(todo, i)
		todoMu.Unlock()
		var local diag.List
		rec := &pageRecord{}
		if p.Source.ReadBody(b.fsys, &local) {
			rp := r.Page(p, &local)
			rec.outline, rec.deps, rec.queries = rp.Outline, rp.Deps, rp.Queries
			if rp.HTML != nil {
				s, err := e.file(model.OutputPath(p.URL), rp.HTML, true, false)
				if err != nil {
					local.Errorf(model.OutputPath(p.URL), 0, "Die erzeugte Datei kann nicht verkleinert werden: %v", err)
				} else {
					rec.out, rec.ok = s, true
				}
			}
			if persist { // for the signature in the next build
				rec.links = make([]string, len(rp.Outline.Links))
				for j, l := range rp.Outline.Links {
					_, rec.links[j], _ = site.LinkTarget(p, l.Dest)
				}
			}
			if streamed && !sharedText[p.Source] {
				p.Source.DropBody() // the output is made: the text is not needed any more
			}
		}
		rec.diags = local.Sorted()
		diags.Append(rec.diags...)
		records[i] = rec
	}

	// All work items on every core: each makes its files and hands them
	// on at once (see emitter). The biggest first: the discovery files
	// (a sitemap of every page, compressed) overlap all the rest.
	var tasks []func()
	// The discovery files: sitemap.xml, robots.txt, the feeds.
	tasks = append(tasks, func() {
		var disc []write.File
		if b.oneShot {
			disc = discovery.Files(planned, site, discovery.Source(b.fsys))
		} else {
			disc = b.discover(planned, site, meta)
		}
		// Large files (the sitemap, the feeds) are compressed at once.
		var wg sync.WaitGroup
		for _, f := range disc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				emitOrReport(e, f.Path, f.Data, true, false, &diags)
			}()
		}
		wg.Wait()
	})
	for i := range site.Pages {
		tasks = append(tasks, func() { renderPage(i) })
	}
	icsNext := make([]fileRecord, len(cals))
	for k, c := range cals {
		tasks = append(tasks, func() {
			// An event whose text changed has a new file time: its DTSTAMP.
			if reused != nil && !slices.ContainsFunc(c.events, func(p *model.Page) bool { return affected[p] || reused[p] }) {
				if old, ok := b.ics[c.path]; ok && e.reuse(c.path, old.out) {
					icsNext[k] = old // none of its events changed, nor the time
					return
				}
			}
			icsNext[k] = b.calendar(e, site, meta, c, &diags)
		})
	}
	for _, rd := range site.Redirects {
		tasks = append(tasks, func() {
			emitOrReport(e, model.OutputPath(rd.From), r.Redirect(rd), true, false, &diags)
		})
	}
	if notFoundOK {
		for _, nf := range notFounds {
			tasks = append(tasks, func() { emitOrReport(e, nf.Path, nf.Data, true, false, &diags) })
		}
	}
	for _, f := range admin {
		tasks = append(tasks, func() { emitOrReport(e, f.Path, f.Data, false, false, &diags) })
	}
	for _, f := range site.Files {
		tasks = append(tasks, func() { b.contentFile(e, "content/"+f.Src, model.OutputPath(f.URL), &diags) })
	}
	for _, a := range published {
		tasks = append(tasks, func() {
			best := opts.Fingerprint && a.Path != a.Name // compressed once, cached for ever
			emitOrReport(e, a.Path, a.Data, false, best, &diags)
		})
	}
	parallel.For(len(tasks), func(i int) { tasks[i]() })
	res.Stats.Rendered = int(rendered.Load())

	if (!b.oneShot || pc != nil) && len(todo) > 0 {
		// The signatures to compare the next build with, for the pages
		// just rendered, from what they now are (the others keep theirs).
		again := make([]bool, len(site.Pages))
		for _, i := range todo {
			again[i] = true
		}
		sh := shared
		if sh == nil && reused != nil && len(patched) == 0 {
			sh = b.lastShared // only bodies changed: the last build's shared part stands
		}
		var newSigs []digest.Sum
		newSigs, shared = b.signatures(site, refs, meta, func(i int) (*pageRecord, bool) { return records[i], again[i] }, nil, sh)
		for _, i := range todo {
			records[i].sig = newSigs[i]
		}
	}
	for _, rec := range records {
		res.Outlines = append(res.Outlines, rec.outline)
	}
	res.Stats.Render = time.Since(t2) - assetTime
	res.Stats.Load, res.Stats.Model = t1.Sub(t0), t2.Sub(t1)
	res.Stats.Publish = assetTime

	res.Diagnostics = diags.Sorted()
	if err := diags.Err(); err != nil {
		b.lastSite = nil
		return res, err
	}
	if err := e.Err(); err != nil {
		b.lastSite = nil
		return res, err
	}
	if !b.oneShot {
		b.lastContent, b.lastPlanned = content, planned
		if shared != nil || reused == nil || len(patched) > 0 {
			b.lastShared = shared // nil: the next patch computes all signatures
		}
		b.lastMetas = metas
		b.lastSite, b.lastOpts, b.lastFiles = site, b.opts, len(content.Pages)
		clear(b.pending)
		if reused != nil && b.prev != nil && len(b.lastRecords) == len(records) {
			// The same pages: only the records that changed are new.
			for i, p := range site.Pages {
				if records[i] != b.lastRecords[i] {
					b.prev[pageKey{p.URL, p.Source.Path}] = records[i]
				}
			}
			for _, c := range icsNext {
				if old, ok := b.ics[c.path]; !ok || old.sig != c.sig || old.out != c.out {
					b.ics[c.path] = c
				}
			}
		} else {
			b.prev = make(map[pageKey]*pageRecord, len(site.Pages))
			for i, p := range site.Pages {
				b.prev[pageKey{p.URL, p.Source.Path}] = records[i]
			}
			next := make(map[string]fileRecord, len(cals))
			for _, c := range icsNext {
				next[c.path] = c
			}
			b.ics = next
		}
		b.lastRecords = records
	}
	if pc != nil {
		for i, p := range site.Pages {
			rec := records[i]
			if rec.raw == nil {
				rec.raw = rec.encode()
			}
			pc.Put(pageSection, pageCacheKey(p), rec.raw)
		}
		for _, c := range icsNext {
			if c.raw == nil {
				c.raw = c.encode()
			}
			pc.Put(icsSection, c.path, c.raw)
		}
		saveKeys(pc, b.keys, site)
	}
	res.Stats.Pages = len(site.Pages)
	res.Stats.Redirects = len(site.Redirects)
	res.Stats.Files = int(e.files.Load())
	res.Stats.Written = int(e.written.Load())
	res.Stats.Bytes = e.bytes.Load()
	return res, nil
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
