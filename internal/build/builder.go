package build

import (
	"cmp"
	"hash/maphash"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/render"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Builder builds one site again and again, as the preview server does
// after every save, redoing only the work a change needs:
//
//   - Markdown files are read again only when [Builder.Changed] names
//     them (everything else comes from a load.Cache);
//   - the model is made anew (it is cheap and everything depends on it);
//   - layouts are parsed again only when one of them changed;
//   - a page is rendered again only when its signature changed: a hash of
//     its own file and of everything else its output shows — its section,
//     ancestors, children, neighbours on the timeline, organizer and
//     series, the pages its links name, the menu, the home page, the site
//     settings, the layouts and assets, and, for pages with listings (a
//     directive, or a layout calling eventList, actorList …), the listed
//     data with each event's upcoming state at Now. A layout that ranges
//     over .Site.Pages makes every page depend on every page.
//
// The result is byte for byte that of a full build (the tests compare
// both after random edits). A Builder is not safe for concurrent use.
type Builder struct {
	fsys  fs.FS
	opts  Options
	cache *load.Cache
	seed  maphash.Seed

	files map[string][]byte // content files and assets by source path, read once
	// layouts, parsed, while they stay as they are
	layoutsSum uint64
	renderer   *render.Renderer
	layoutDiag []diag.Diagnostic

	oneShot bool              // built once (Run): keep nothing for a next build
	keys    map[string][]byte // German collation keys of titles, between builds

	// The model of the last successful build, while only page bodies
	// change (see reuse), and what changed since.
	lastSite   *model.Site
	lastOpts   Options
	lastFiles  int // Markdown files it was made from
	modelDiags []diag.Diagnostic
	pending    map[string]bool

	icsFiles      []write.File // the last calendar files
	discovered    []write.File // the last discovery files (sitemap, feeds …)
	discoveredSig uint64
	contentGen    int                      // counts changes to files under content/ that are not pages
	prev          map[pageKey]renderedPage // the last successful build's pages
	ics           map[string]calendar      // calendar files by path, with their signatures
}

type calendar struct {
	sig  uint64
	data []byte
}

type pageKey struct{ url, src string }

type renderedPage struct {
	sig   uint64
	out   render.Rendered
	html  []byte
	diags []diag.Diagnostic // what rendering it reported
	links []string          // the content paths its links name (model.Site.LinkTarget)
}

// NewBuilder returns a Builder for the site in fsys.
func NewBuilder(fsys fs.FS, opts Options) *Builder {
	return &Builder{fsys: fsys, opts: opts, cache: load.NewCache(), seed: maphash.MakeSeed(), files: map[string][]byte{}, ics: map[string]calendar{}, keys: map[string][]byte{}, pending: map[string]bool{}}
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
	b.lastSite = nil
	b.cache.ForgetAll()
	clear(b.files)
	b.contentGen++
}

func (b *Builder) read(p string) ([]byte, error) {
	if data, ok := b.files[p]; ok {
		return data, nil
	}
	data, err := fs.ReadFile(b.fsys, p)
	if err == nil {
		b.files[p] = data
	}
	return data, err
}

// Build builds the site as it is now.
func (b *Builder) Build() (*Result, error) {
	var diags diag.List
	res := &Result{}
	t0 := time.Now()
	content := load.LoadCached(b.fsys, "content", &diags, b.cache)
	t1 := time.Now()
	opts := b.opts
	if len(b.keys) > 4*len(content.Pages)+64 {
		clear(b.keys) // titles that are gone
	}
	site, reused := b.reuse(content)
	if site == nil {
		var md diag.List
		site = model.Build(content, model.Options{Drafts: opts.Drafts, Now: opts.Now, BaseURL: opts.BaseURL, KeyCache: b.keys}, &md)
		if opts.NowText != "" {
			v, err := dates.Parse(opts.NowText, site.Config.Location)
			if err != nil {
				md.Errorf("--now", 0, "%s", err.Error())
			} else {
				site.Now = v.Time
			}
		}
		b.modelDiags = md.Sorted()
	}
	diags.Append(b.modelDiags...)
	res.Site = site
	res.Stats.Reused = reused != nil
	t2 := time.Now()

	// Hook A (package publish): assets minified and fingerprinted before
	// pages reference them by name, URL and integrity.
	tAssets := time.Now()
	published := publish.Assets(b.readAssets(site, &diags), &diags, opts.publishOptions(b.fsys)...)
	refs := make(map[string]render.Asset, len(published))
	assets := make([]write.File, len(published))
	assetPaths := make([]string, len(published))
	for i, a := range published {
		refs[a.Name] = render.NewAsset(site.Config, "/"+a.Path, a.Data)
		assets[i], assetPaths[i] = a.File, a.Path
	}
	assetTime := time.Since(tAssets)
	r := b.renderer
	if sum := b.layoutsHash(); r == nil || sum != b.layoutsSum {
		var ld diag.List
		r = render.New(site, b.fsys, refs, &ld)
		b.renderer, b.layoutsSum, b.layoutDiag = r, sum, ld.Sorted()
		b.prev = nil // every page depends on the layouts
	} else {
		r.Reset(site, refs)
	}
	diags.Append(b.layoutDiag...)

	meta := b.metas(site)
	var sigs []uint64
	if reused != nil {
		// Only the bodies of the pages in reused changed: the others keep
		// their signatures, these are rendered again.
		sigs = make([]uint64, len(site.Pages))
		for i, p := range site.Pages {
			if !reused[p] {
				sigs[i] = b.prev[pageKey{p.URL, p.Source.Path}].sig
			}
		}
	} else {
		sigs = b.signatures(site, refs, meta, func(i int) (*renderedPage, bool) {
			p := site.Pages[i]
			prev, ok := b.prev[pageKey{p.URL, p.Source.Path}]
			return &prev, ok
		})
	}
	// The calendars are written while the pages are rendered.
	var ics []write.File
	icsDone := make(chan struct{})
	go func() {
		defer close(icsDone)
		if reused != nil {
			ics = b.icsFiles // no event and not the time changed
			return
		}
		ics = b.calendars(site, meta, &diags)
		b.icsFiles = ics
	}()
	pages, todo := b.render(r, site, sigs, &diags)
	<-icsDone
	res.Stats.Rendered = len(todo)
	if !b.oneShot && len(todo) > 0 {
		// The signatures to compare the next build with, for the pages
		// just rendered, from what they now are (the others keep theirs).
		again := make([]bool, len(site.Pages))
		for _, i := range todo {
			again[i] = true
		}
		sigs = b.signatures(site, refs, meta, func(i int) (*renderedPage, bool) { return &pages[i], again[i] })
		for _, i := range todo {
			pages[i].sig = sigs[i]
		}
	}
	var files []write.File
	for i, p := range site.Pages {
		res.Outlines = append(res.Outlines, pages[i].out.Outline)
		if pages[i].html != nil {
			files = append(files, write.File{Path: model.OutputPath(p.URL), Data: pages[i].html})
		}
	}
	for _, rd := range site.Redirects {
		files = append(files, write.File{Path: model.OutputPath(rd.From), Data: r.Redirect(rd)})
	}
	files = append(files, ics...)
	if out, exists, ok := r.NotFound(&diags); exists && ok {
		files = append(files, write.File{Path: "404.html", Data: out})
	}
	for _, f := range site.Files {
		data, err := b.read("content/" + f.Src)
		if err != nil {
			diags.Errorf("content/"+f.Src, 0, "Kann nicht gelesen werden: %v", err)
			continue
		}
		files = append(files, write.File{Path: model.OutputPath(f.URL), Data: data})
	}
	files = append(files, assets...)
	res.Stats.Render = time.Since(t2) - assetTime
	res.Stats.Load, res.Stats.Model = t1.Sub(t0), t2.Sub(t1)
	// Hook B (package publish): sitemap, robots.txt and feeds, then
	// minification and .gz/.br files — only for a build that can succeed.
	if !diags.HasErrors() {
		t3 := time.Now()
		popts := append(opts.publishOptions(b.fsys), publish.Final(assetPaths...))
		switch {
		case reused != nil: // only file times of pages may have changed
			b.discovered = publish.Discover(files, site, popts...)
			b.discoveredSig = 0
			popts = append(popts, publish.Discovered(b.discovered))
		case !b.oneShot:
			popts = append(popts, publish.Discovered(b.discover(files, site, meta, popts)))
		}
		files = publish.Finish(files, site, &diags, popts...)
		res.Stats.Publish = assetTime + time.Since(t3)
	}

	slices.SortFunc(files, func(a, b write.File) int { return cmp.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			diags.Errorf("assets/"+files[i].Path, 0, "Die Datei %s gibt es doppelt in der Ausgabe (eine Seite oder Datei unter content/ hat dieselbe Adresse)", files[i].Path)
		}
	}
	res.Diagnostics = diags.Sorted()
	for _, f := range files {
		res.Paths = append(res.Paths, f.Path)
	}
	if err := diags.Err(); err != nil {
		b.lastSite = nil
		return res, err
	}
	if !b.oneShot {
		b.lastSite, b.lastOpts, b.lastFiles = site, b.opts, len(content.Pages)
		clear(b.pending)
	}
	b.prev = make(map[pageKey]renderedPage, len(site.Pages))
	for i, p := range site.Pages {
		b.prev[pageKey{p.URL, p.Source.Path}] = pages[i]
	}
	res.Files = files
	res.Stats.Pages = len(site.Pages)
	res.Stats.Redirects = len(site.Redirects)
	res.Stats.Files = len(files)
	for _, f := range files {
		res.Stats.Bytes += int64(len(f.Data))
	}
	return res, nil
}

// reuse returns the model of the last successful build, with the new
// files of the changed pages put in, when every change since then is a
// change of a page's Markdown body alone — the most common edit, which
// changes nothing any other page shows — and the pages whose bodies
// changed. Otherwise it returns nil and the model is made anew.
func (b *Builder) reuse(content *load.Content) (*model.Site, map[*model.Page]bool) {
	s := b.lastSite
	if s == nil || b.oneShot || b.opts != b.lastOpts || len(content.Pages) != b.lastFiles || len(b.pending) == 0 {
		return nil, nil
	}
	files := make(map[string]*load.File, len(b.pending))
	for _, f := range content.Pages {
		if b.pending[f.Path] {
			files[f.Path] = f
		}
	}
	if len(files) != len(b.pending) {
		return nil, nil // a change to something other than a page
	}
	changed := map[*model.Page]bool{}
	for path, f := range files {
		p := s.Page(f.Rel)
		if p == nil || p.SeriesSlug != "" || f.BodyLine != p.Source.BodyLine {
			return nil, nil
		}
		old, now := b.newHasher(), b.newHasher()
		old.node(p.Source.Meta)
		now.node(f.Meta)
		if old.h.Sum64() != now.h.Sum64() || path != p.Source.Path {
			return nil, nil // the front matter changed
		}
		changed[p] = true
	}
	for p := range changed {
		p.Source = files[p.Source.Path]
	}
	return s, changed
}

// discover returns the discovery files (package publish) for files, made
// anew only when something they show may have changed: a page (its
// meta or file time), the build time, the settings, a file of content/
// other than a page, or which output paths exist.
func (b *Builder) discover(files []write.File, site *model.Site, meta func(*model.Page) uint64, opts []publish.Option) []write.File {
	h := b.newHasher()
	h.int(int(site.Now.UnixNano()))
	h.str(site.Config.BaseURL)
	h.str(site.Config.Title)
	for _, p := range site.Pages {
		h.u64(meta(p))
		h.int(int(p.Source.ModTime.UnixNano()))
	}
	for _, f := range files {
		h.str(f.Path)
	}
	h.int(b.contentGen)
	sig := h.h.Sum64()
	if b.discovered != nil && b.discoveredSig == sig {
		return b.discovered
	}
	d := publish.Discover(files, site, opts...)
	b.discovered, b.discoveredSig = d, sig
	return d
}

// render renders on every core the pages whose signature changed since
// the last successful build and takes the others from it.
func (b *Builder) render(r *render.Renderer, site *model.Site, sigs []uint64, diags *diag.List) ([]renderedPage, []int) {
	out := make([]renderedPage, len(site.Pages))
	var todo []int
	for i, p := range site.Pages {
		if prev, ok := b.prev[pageKey{p.URL, p.Source.Path}]; ok && prev.sig == sigs[i] {
			out[i] = prev
			diags.Append(prev.diags...)
			continue
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var local diag.List
				rp := r.Page(site.Pages[i], &local)
				ds := local.Sorted()
				diags.Append(ds...)
				var rel []string
				if !b.oneShot { // for the signature in the next build
					rel = make([]string, len(rp.Outline.Links))
					for j, l := range rp.Outline.Links {
						_, rel[j], _ = site.LinkTarget(site.Pages[i], l.Dest)
					}
				}
				out[i] = renderedPage{sig: sigs[i], out: rp, html: rp.HTML, diags: ds, links: rel}
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, todo
}

// layoutsHash returns a hash of every file under layouts/.
func (b *Builder) layoutsHash() uint64 {
	var h maphash.Hash
	h.SetSeed(b.seed)
	_ = fs.WalkDir(b.fsys, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := b.read(p)
		h.WriteString(p)
		h.WriteByte(0)
		if err == nil {
			h.Write(data)
		}
		h.WriteByte(0)
		return nil
	})
	return h.Sum64()
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
		if site.HasURL("/" + rel) {
			diags.Errorf(p, 0, "Die Datei hat dieselbe Adresse /%s wie eine Seite oder Datei unter content/", rel)
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
