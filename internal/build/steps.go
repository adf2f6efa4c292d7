package build

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
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

// A build is a sequence of named steps over one run, each reading what
// the ones before it made and asking the Builder (the last build's
// records, in memory or in the persistent cache) what it may reuse:
//
//	load    content/ read again where it changed         (run.load)
//	model   the model made, or the last one patched      (run.model)
//	assets  assets published, layouts parsed              (run.assets)
//	plan    every output path; the 404 pages and /admin/;
//	        what each page shows of others, and the
//	        signatures that tell which pages to render     (run.plan)
//	render  every page, calendar, redirect, copied file,
//	        discovery file made and handed to the sink      (run.render)
//	record  the signatures of the pages just rendered      (run.record)
//	commit  what the next build compares with, kept in
//	        the Builder and the persistent cache            (run.commit)
type run struct {
	b     *Builder
	sink  Sink
	opts  Options
	pc    *cache.Cache // the persistent cache, or nil
	res   *Result
	diags diag.List

	content *load.Content // load
	// model: the site; with the last model reused, the pages whose
	// text changed (reused) and those whose front matter was patched.
	site            *model.Site
	reused, patched map[*model.Page]bool

	published  []publish.Asset // assets
	refs       map[string]render.Asset
	r          *render.Renderer
	assetTime  time.Duration
	pics       *pictureSet
	notFounds  []write.File // plan
	notFoundOK bool
	admin      []write.File
	cals       []calendarFile
	planned    []write.File
	affected   map[*model.Page]bool // with the model reused: the pages whose meta changed
	metas      *metaTable
	prevs      []*pageRecord // the last build's record of each page
	sigs       []digest.Sum  // the signature of each page, zero where unknown
	shared     *sigShared

	e        *emitter // render
	records  []*pageRecord
	icsNext  []fileRecord
	rendered atomic.Int64
	todoMu   sync.Mutex
	todo     []int // the pages rendered
}

// load is the step load: content/ as it is now.
func (st *run) load() {
	b := st.b
	if pc := st.pc; pc != nil {
		if len(b.keys) == 0 {
			loadKeys(pc, b.keys)
		}
		st.content = load.LoadPersistent(b.fsys, "content", &st.diags, pc, time.Now())
	} else {
		st.content = b.load(&st.diags)
	}
}

// model is the step model: the last model with the changed pages put in
// place (see Builder.reuse), or a new one.
func (st *run) model() {
	b, opts := st.b, st.opts
	if len(b.keys) > 4*len(st.content.Pages)+64 {
		clear(b.keys) // titles that are gone
	}
	site, reused, patched := b.reuse(st.content)
	if site == nil {
		var md diag.List
		cat := i18n.Load(b.fsys, i18n.Dir, &md)
		h := b.newHasher()
		cat.Sum(h.str)
		b.catalogSum = h.done()
		site = model.Build(st.content, model.Options{Drafts: opts.Drafts, Now: opts.Now, BaseURL: opts.BaseURL, KeyCache: b.keys, Catalog: cat, Special: b.specials()}, &md)
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
	st.diags.Append(b.modelDiags...)
	st.site, st.reused, st.patched = site, reused, patched
	st.res.Site = site
	st.res.Stats.Reused = reused != nil
}

// assets is the step assets: assets minified and fingerprinted before
// pages reference them by name, URL and integrity; the layouts parsed
// again when one of them changed.
func (st *run) assets() {
	b, opts, site := st.b, st.opts, st.site
	t := time.Now()
	st.published = publish.Assets(b.readAssets(site, &st.diags), &st.diags, opts.publishOptions()...)
	st.refs = make(map[string]render.Asset, len(st.published))
	for _, a := range st.published {
		st.refs[a.Name] = render.NewAsset(site.Config, "/"+a.Path, a.Data)
	}
	st.assetTime = time.Since(t)
	r := b.renderer
	if sum := b.layoutsHash(); r == nil || sum != b.layoutsSum {
		var ld diag.List
		r = render.New(site, b.fsys, st.refs, &ld)
		b.renderer, b.layoutsSum, b.layoutDiag = r, sum, ld.Sorted()
		b.prev, b.lastRecords = nil, nil // every page depends on the layouts
	} else {
		r.Reset(site, st.refs)
	}
	st.r = r
	st.diags.Append(b.layoutDiag...)
	// The pictures of content/ (pictures.go), before the pages, which
	// show them; what they are is an input of every page.
	tp := time.Now()
	st.pics = b.pictures(site, st.pc)
	st.res.Stats.Pictures, st.res.Stats.Pictured = int(st.pics.encoded.Load()), time.Since(tp)
	st.res.Stats.Decoded = int(st.pics.decoded.Load())
	r.SetPictures(st.pics.lookup)
	b.inputs = b.inputsSum()
	b.inputs = digest.Of(append(b.inputs[:], st.pics.sum().String()...))
}

// plan is the step plan: the 404 pages and /admin/, every output path
// (two files at one path are an error, and the discovery files list what
// exists), what each page shows of others (its meta), and the
// signatures that tell which pages must be rendered.
func (st *run) plan() {
	b, opts, site, res := st.b, st.opts, st.site, st.res
	// A 404 page per language: /404.html, /en/404.html …
	hasNotFound, notFoundOK := false, true
	for _, ls := range site.Langs {
		out, exists, ok := st.r.NotFound(ls, &st.diags)
		hasNotFound, notFoundOK = exists, notFoundOK && ok
		st.notFounds = append(st.notFounds, write.File{Path: model.OutputPath(render.NotFoundURL(ls)), Data: out})
	}
	if !hasNotFound {
		st.notFounds = nil
	}
	st.notFoundOK = notFoundOK

	// The editors' CMS at /admin/.
	if opts.Admin != nil {
		var err error
		st.admin, err = cms.Files(site, opts.Admin, st.refs["css/style.css"].URL)
		switch {
		case errors.Is(err, cms.ErrNoBackend):
			_, res.Notice, _ = strings.Cut(err.Error(), " – ")
		case err != nil:
			st.diags.Errorf(cms.DistPath, 0, "%v", err)
		default: // what the preview pane shows of the pictures
			f, err := cms.Pictures(st.pics.manifest(st.r))
			if err != nil {
				st.diags.Errorf(cms.DistPath, 0, "%v", err)
			}
			st.admin = append(slices.Clip(st.admin), f)
		}
	}

	// A reused model has the same pages, files and calendars.
	st.cals = b.calendarList(site)
	st.planned = b.lastPlanned
	if st.reused == nil || st.planned == nil {
		st.planned = plan(site, st.cals, append(slices.Clip(st.notFounds), st.admin...), st.published, &st.diags)
		st.planned = slices.SortedFunc(slices.Values(append(st.planned, st.pics.paths()...)), func(a, b write.File) int { return cmp.Compare(a.Path, b.Path) })
	}
	for _, f := range st.planned {
		res.Paths = append(res.Paths, f.Path)
	}

	// With the model reused, what other pages show of a page (its meta)
	// changed only for the patched pages and the events that show them.
	reused, patched := st.reused, st.patched
	if reused != nil {
		st.affected = make(map[*model.Page]bool, len(patched))
		for p := range patched {
			st.affected[p] = true
		}
		if len(patched) > 0 {
			for _, ls := range site.Langs { // every language's events
				for _, e := range ls.Events {
					if patched[e.Event.Organizer] || patched[e.Event.SeriesPage] {
						st.affected[e] = true
					}
				}
			}
		}
	}
	if reused != nil && b.lastMetas != nil {
		st.metas = b.lastMetas.update(b, site, st.affected)
	} else {
		st.metas = b.metas(site)
	}
	meta := st.metas.get
	// The last build's page records, by page.
	if reused != nil && len(b.lastRecords) == len(site.Pages) {
		st.prevs = slices.Clone(b.lastRecords) // the same model: the same pages in the same order
	} else {
		st.prevs = make([]*pageRecord, len(site.Pages))
		parallel.For(len(st.prevs), func(i int) { st.prevs[i] = b.prevRecord(site.Pages[i]) })
	}
	prevs := st.prevs
	switch {
	case reused != nil && len(patched) == 0:
		// Only the bodies of the pages in reused changed: the others keep
		// their signatures, these are rendered again.
		st.sigs = make([]digest.Sum, len(site.Pages))
		for i, p := range site.Pages {
			if !reused[p] && prevs[i] != nil {
				st.sigs[i] = prevs[i].sig
			}
		}
	case b.oneShot && st.pc == nil:
		st.sigs = make([]digest.Sum, len(site.Pages)) // nothing to compare with
	default:
		// After a front matter patch, only the pages that can show the
		// change get new signatures; the others keep theirs.
		var only func(i int) bool
		var sh *sigShared
		if reused != nil && b.lastShared != nil {
			sh = b.share(site, st.refs, meta, maps.Keys(b.lastShared.answers), b.lastShared, st.affected)
			only = b.narrow(site, sh, b.lastShared, st.affected, prevs)
			if only == nil {
				sh = nil
			}
		}
		st.sigs, st.shared = b.signatures(site, st.refs, meta, func(i int) (*pageRecord, bool) {
			return prevs[i], prevs[i] != nil
		}, only, sh)
		if only != nil {
			for i, prev := range prevs {
				if prev != nil && !only(i) {
					st.sigs[i] = prev.sig
				}
			}
		}
	}
}

// render is the step render: every page whose signature changed, every
// calendar, redirect, 404 page, copied file, asset and discovery file is
// made and handed to the sink, on every core (see emitter); the others
// are taken from the last build.
func (st *run) render() {
	b, opts, site, r := st.b, st.opts, st.site, st.r
	diags := &st.diags
	meta := st.metas.get
	e := &emitter{sink: st.sink, cache: st.pc, minify: opts.Minify, compress: opts.Compress}
	st.e = e
	if diags.HasErrors() {
		// The build fails whatever the pages give: they are rendered for
		// their problems only, nothing is compressed or handed on.
		e.dry = true
	}
	st.records = make([]*pageRecord, len(site.Pages))
	persist := st.pc != nil || !b.oneShot
	// A one-shot build into an output folder keeps no text it has made
	// into a page (sitegen check, building in memory, reads it afterwards).
	_, inMemory := st.sink.(*memSink)
	streamed := b.oneShot && !inMemory
	// A text that several languages show (an untranslated page's) is read
	// once, here, and kept: their workers share it.
	sharedText := map[*load.File]bool{}
	for _, p := range site.Pages {
		if p.Untranslated && !sharedText[p.Source] {
			sharedText[p.Source] = true
			p.Source.ReadBody(b.fsys, diags)
		}
	}
	renderPage := func(i int) {
		p := site.Pages[i]
		if prev := st.prevs[i]; prev != nil && !st.sigs[i].IsZero() && prev.sig == st.sigs[i] && prev.ok &&
			e.reuse(model.OutputPath(p.URL), prev.out) {
			diags.Append(prev.diags...)
			st.records[i] = prev
			return
		}
		st.rendered.Add(1)
		st.todoMu.Lock()
		st.todo = append(st.todo, i)
		st.todoMu.Unlock()
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
		st.records[i] = rec
	}

	// All work items on every core: each makes its files and hands them
	// on at once (see emitter). The biggest first: the discovery files
	// (a sitemap of every page, compressed) overlap all the rest.
	var tasks []func()
	// The discovery files: sitemap.xml, robots.txt, the feeds.
	tasks = append(tasks, func() {
		var disc []write.File
		if b.oneShot {
			disc = discovery.Files(st.planned, site, discovery.Source(b.fsys))
		} else {
			disc = b.discover(st.planned, site, meta)
		}
		// Large files (the sitemap, the feeds) are compressed at once.
		var wg sync.WaitGroup
		for _, f := range disc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				emitOrReport(e, f.Path, f.Data, true, false, diags)
			}()
		}
		wg.Wait()
	})
	for i := range site.Pages {
		tasks = append(tasks, func() { renderPage(i) })
	}
	st.icsNext = make([]fileRecord, len(st.cals))
	for k, c := range st.cals {
		tasks = append(tasks, func() {
			// An event whose text changed has a new file time: its DTSTAMP.
			if st.reused != nil && !slices.ContainsFunc(c.events, func(p *model.Page) bool { return st.affected[p] || st.reused[p] }) {
				if old, ok := b.ics[c.path]; ok && e.reuse(c.path, old.out) {
					st.icsNext[k] = old // none of its events changed, nor the time
					return
				}
			}
			st.icsNext[k] = b.calendar(e, site, meta, c, diags)
		})
	}
	for _, rd := range site.Redirects {
		tasks = append(tasks, func() {
			emitOrReport(e, model.OutputPath(rd.From), r.Redirect(rd), true, false, diags)
		})
	}
	if st.notFoundOK {
		for _, nf := range st.notFounds {
			tasks = append(tasks, func() { emitOrReport(e, nf.Path, nf.Data, true, false, diags) })
		}
	}
	for _, f := range st.admin {
		tasks = append(tasks, func() { emitOrReport(e, f.Path, f.Data, false, false, diags) })
	}
	for _, f := range site.Files {
		if !isPicture(f.Src) {
			tasks = append(tasks, func() { b.contentFile(e, "content/"+f.Src, model.OutputPath(f.URL), diags) })
		}
	}
	tasks = append(tasks, st.pics.tasks(e, st.pc, b.fsys, diags)...)
	for _, a := range st.published {
		tasks = append(tasks, func() {
			best := opts.Fingerprint && a.Path != a.Name // compressed once, cached for ever
			emitOrReport(e, a.Path, a.Data, false, best, diags)
		})
	}
	parallel.For(len(tasks), func(i int) { tasks[i]() })
	st.res.Stats.Rendered = int(st.rendered.Load())
	st.pics.report(diags)
}

// record is the step record: the signatures to compare the next build
// with, for the pages just rendered, from what they now are (the others
// keep theirs).
func (st *run) record() {
	b, site := st.b, st.site
	if (!b.oneShot || st.pc != nil) && len(st.todo) > 0 {
		again := make([]bool, len(site.Pages))
		for _, i := range st.todo {
			again[i] = true
		}
		sh := st.shared
		if sh == nil && st.reused != nil && len(st.patched) == 0 {
			sh = b.lastShared // only bodies changed: the last build's shared part stands
		}
		var newSigs []digest.Sum
		newSigs, st.shared = b.signatures(site, st.refs, st.metas.get, func(i int) (*pageRecord, bool) { return st.records[i], again[i] }, nil, sh)
		for _, i := range st.todo {
			st.records[i].sig = newSigs[i]
		}
	}
	for _, rec := range st.records {
		st.res.Outlines = append(st.res.Outlines, rec.outline)
	}
}

// commit is the step commit: after a build without errors, what the next
// build compares with is kept — in the Builder for the next build of
// this process, in the persistent cache for the next one of another.
func (st *run) commit() (*Result, error) {
	b, site, res, records := st.b, st.site, st.res, st.records
	res.Diagnostics = st.diags.Sorted()
	if err := st.diags.Err(); err != nil {
		b.lastSite = nil
		return res, err
	}
	if err := st.e.Err(); err != nil {
		b.lastSite = nil
		return res, err
	}
	if !b.oneShot {
		b.lastContent, b.lastPlanned = st.content, st.planned
		if st.shared != nil || st.reused == nil || len(st.patched) > 0 {
			b.lastShared = st.shared // nil: the next patch computes all signatures
		}
		b.lastMetas = st.metas
		b.lastSite, b.lastOpts, b.lastFiles = site, b.opts, len(st.content.Pages)
		clear(b.pending)
		if st.reused != nil && b.prev != nil && len(b.lastRecords) == len(records) {
			// The same pages: only the records that changed are new.
			for i, p := range site.Pages {
				if records[i] != b.lastRecords[i] {
					b.prev[pageKey{p.URL, p.Source.Path}] = records[i]
				}
			}
			for _, c := range st.icsNext {
				if old, ok := b.ics[c.path]; !ok || old.sig != c.sig || old.out != c.out {
					b.ics[c.path] = c
				}
			}
		} else {
			b.prev = make(map[pageKey]*pageRecord, len(site.Pages))
			for i, p := range site.Pages {
				b.prev[pageKey{p.URL, p.Source.Path}] = records[i]
			}
			next := make(map[string]fileRecord, len(st.cals))
			for _, c := range st.icsNext {
				next[c.path] = c
			}
			b.ics = next
		}
		b.lastRecords = records
	}
	if pc := st.pc; pc != nil {
		for i, p := range site.Pages {
			rec := records[i]
			if rec.raw == nil {
				rec.raw = rec.encode()
			}
			pc.Put(pageSection, pageCacheKey(p), rec.raw)
		}
		for _, c := range st.icsNext {
			if c.raw == nil {
				c.raw = c.encode()
			}
			pc.Put(icsSection, c.path, c.raw)
		}
		saveKeys(pc, b.keys, site)
	}
	e := st.e
	res.Stats.Pages = len(site.Pages)
	res.Stats.Redirects = len(site.Redirects)
	res.Stats.Files = int(e.files.Load())
	res.Stats.Written = int(e.written.Load())
	res.Stats.Bytes = e.bytes.Load()
	return res, nil
}
