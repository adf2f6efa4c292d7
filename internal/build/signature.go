package build

import (
	"io/fs"
	"maps"
	"slices"

	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/parallel"
	"github.com/stadt-bamberg/integration/internal/render"
)

// hasher writes values into a digest.Hasher. Signatures are kept in the
// persistent cache, so they are stable across processes.
type hasher struct{ h *digest.Hasher }

func (b *Builder) newHasher() *hasher { return &hasher{digest.New()} }

func (h *hasher) str(s string)     { h.h.Str(s) }
func (h *hasher) int(n int)        { h.h.Int(n) }
func (h *hasher) sum(s digest.Sum) { h.h.SumOf(s) }
func (h *hasher) bool(v bool)      { h.h.Bool(v) }
func (h *hasher) done() digest.Sum { return h.h.Sum() }

// node hashes a front matter tree with its lines.
func (h *hasher) node(n *load.Node) {
	if n == nil {
		h.str("nil")
		return
	}
	h.int(int(n.Kind))
	h.int(n.Line)
	h.str(n.Tag)
	h.str(n.Text)
	h.int(len(n.Items))
	for _, it := range n.Items {
		h.node(it)
	}
	h.int(len(n.Fields))
	for _, f := range n.Fields {
		h.str(f.Key)
		h.int(f.Line)
		h.node(f.Value)
	}
}

// sigShared is what many pages' signatures share: the site-wide part,
// the hashes of all events, actors, milestones and pages, and the
// answers to the listing queries pages make. A build keeps it for the
// next, which after a front matter patch recomputes only the signatures
// that can have changed (see narrow).
type sigShared struct {
	global, events, actors, milestones, all digest.Sum
	answers                                 map[render.Query]digest.Sum
}

// share works out sigShared for site, with the answers to queries. With
// last, the shared part of the last build of the same model, in which
// only the pages in changed changed, what cannot have changed — the
// hashes and answers about events, actors or milestones when none of
// them changed — is taken from it.
func (b *Builder) share(site *model.Site, assets map[string]render.Asset, meta func(*model.Page) digest.Sum, queries func(yield func(render.Query) bool), last *sigShared, changed map[*model.Page]bool) *sigShared {
	var evSame, acSame, msSame bool
	if last != nil {
		evSame, acSame, msSame = true, true, true
		for p := range changed {
			evSame = evSame && p.Event == nil
			acSame = acSame && p.Actor == nil
			msSame = msSame && p.Milestone == nil
		}
	}
	g := b.newHasher()
	c := site.Config
	g.str(c.Title)
	g.str(c.Language)
	g.str(c.TimeZone)
	g.str(c.BaseURL)
	names := make([]string, 0, len(assets))
	for n := range assets {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		g.str(n)
		g.str(assets[n].URL)
		g.str(assets[n].Integrity)
	}
	for _, l := range c.Languages {
		g.str(l)
	}
	for _, ls := range site.Langs {
		g.bool(ls.HasEvents()) // layouts read it without depending on the events
		g.sum(meta(ls.Home))
		for _, m := range ls.Menu {
			g.sum(meta(m))
		}
	}
	g.sum(b.inputs) // layouts and options
	// Links to documents say their format and size (render.DocumentType):
	// a document added, removed or changed may change any page.
	for _, f := range site.Files {
		if render.DocumentType(f.Src) == "" {
			continue
		}
		g.str(f.URL)
		if st, err := fs.Stat(b.fsys, "content/"+f.Src); err == nil {
			g.int(int(st.Size()))
		}
	}
	sh := &sigShared{global: g.done(), answers: map[render.Query]digest.Sum{}}

	if evSame {
		sh.events = last.events
	} else {
		h := b.newHasher()
		for _, ls := range site.Langs {
			h.bool(ls.HasEvents())
			for _, e := range ls.Events {
				h.sum(meta(e))
			}
			for _, s := range ls.SeriesList() {
				h.str(s.Slug)
				h.str(s.Title)
				h.sum(meta(s.Page))
			}
		}
		sh.events = h.done()
	}
	if acSame {
		sh.actors = last.actors
	} else {
		sh.actors = b.hashLangs(site, func(ls *model.Site) []*model.Page { return ls.Actors }, meta)
	}
	if msSame {
		sh.milestones = last.milestones
	} else {
		sh.milestones = b.hashLangs(site, func(ls *model.Site) []*model.Page { return ls.Milestones }, meta)
	}
	sh.all = b.hashPages(site.Pages, meta)

	for q := range queries {
		if _, ok := sh.answers[q]; ok {
			continue
		}
		if last != nil {
			same := (q.Kind == model.ListEvents || q.Kind == model.ListPast) && evSame || q.Kind == model.ListActors && acSame || q.Kind == model.ListMilestones && msSame
			if v, ok := last.answers[q]; ok && same {
				sh.answers[q] = v
				continue
			}
		}
		sh.answers[q] = b.answer(site, meta, sh.all, q)
	}
	return sh
}

// hashLangs hashes the metas of a list of pages of every language.
func (b *Builder) hashLangs(site *model.Site, list func(*model.Site) []*model.Page, meta func(*model.Page) digest.Sum) digest.Sum {
	h := b.newHasher()
	for _, ls := range site.Langs {
		h.sum(b.hashPages(list(ls), meta))
	}
	return h.done()
}

// hashPages hashes the metas of pages.
func (b *Builder) hashPages(pages []*model.Page, meta func(*model.Page) digest.Sum) digest.Sum {
	h := b.newHasher()
	for _, p := range pages {
		h.sum(meta(p))
	}
	return h.done()
}

// answer hashes what the listing q shows of site: its model.Answer, the
// one the page showed (see render.Query); all is the hash of every page,
// for a listing the model does not answer.
func (b *Builder) answer(site *model.Site, meta func(*model.Page) digest.Sum, all digest.Sum, q render.Query) digest.Sum {
	h := b.newHasher()
	h.str(q.Lang)
	h.str(string(q.Kind))
	if ls := site.Lang(q.Lang); ls != nil {
		site = ls
	}
	a := site.Answer(q.Listing)
	if !a.Known {
		h.sum(all) // anything may matter
	}
	h.str(a.SeriesTitle)
	for _, g := range a.Years {
		h.int(g.Year)
		h.int(len(g.Events))
	}
	h.int(len(a.Pages))
	for _, p := range a.Pages {
		h.sum(meta(p))
	}
	return h.done()
}

// signatures returns for each page of site the hash of everything its
// output depends on (see Builder), and what they share. rendered gives a
// page's rendering — the last one, or the new one — for the links and
// dependencies of its Markdown and layout; pages without one get the
// zero Sum, and so do pages for which only(i) is false (only nil: all).
// sh, when not nil, is what they share, already worked out for this
// site; the answers to queries it lacks are added to it.
func (b *Builder) signatures(site *model.Site, assets map[string]render.Asset, meta func(*model.Page) digest.Sum, rendered func(i int) (*pageRecord, bool), only func(i int) bool, sh *sigShared) ([]digest.Sum, *sigShared) {
	queries := func(yield func(render.Query) bool) {
		for i := range site.Pages {
			if prev, ok := rendered(i); ok && (only == nil || only(i)) {
				for _, q := range prev.queries {
					if !yield(q) {
						return
					}
				}
			}
		}
	}
	if sh == nil {
		sh = b.share(site, assets, meta, queries, nil, nil)
	}
	for q := range queries { // answered before the pages are, on every core
		if _, ok := sh.answers[q]; !ok {
			sh.answers[q] = b.answer(site, meta, sh.all, q)
		}
	}
	sigs := make([]digest.Sum, len(site.Pages))
	parallel.For(len(site.Pages), func(i int) {
		p := site.Pages[i]
		prev, ok := rendered(i)
		if !ok || (only != nil && !only(i)) {
			return
		}
		sigs[i] = b.pageSig(site, sh, meta, p, prev)
	})
	return sigs, sh
}

// pageSig is the signature of the page p, last rendered as prev.
func (b *Builder) pageSig(site *model.Site, sh *sigShared, meta func(*model.Page) digest.Sum, p *model.Page, prev *pageRecord) digest.Sum {
	h := b.newHasher()
	h.sum(sh.global)
	h.sum(meta(p))
	h.str(p.Source.Path)
	h.int(p.Source.BodyLine)
	h.sum(p.Source.BodySum)
	for a := p.Parent; a != nil; a = a.Parent {
		h.sum(meta(a))
	}
	h.str("children")
	for _, ch := range p.Children {
		h.sum(meta(ch))
	}
	h.sum(meta(p.Prev))
	h.sum(meta(p.Next))
	if e := p.Event; e != nil {
		h.sum(meta(e.Organizer))
		h.sum(meta(e.SeriesPage))
	}
	h.str("translations")
	for _, t := range p.Translations {
		h.str(t.Language)
		h.str(t.URL)
	}
	h.str("links")
	for _, rel := range prev.links {
		if t := site.Page(rel); t != nil {
			if v := t.In(p.Language); t.Original == nil && v != nil {
				t = v
			}
			h.str(t.URL)
		} else {
			h.str("-")
		}
	}
	d := prev.deps
	if d.Events {
		h.sum(sh.events)
	}
	if d.Actors {
		h.sum(sh.actors)
	}
	if d.Milestones {
		h.sum(sh.milestones)
	}
	if d.All {
		h.sum(sh.all)
	}
	if d.Now {
		h.int(int(site.Now.UnixNano()))
	}
	h.int(len(prev.queries))
	for _, q := range prev.queries {
		h.sum(sh.answers[q])
	}
	if d.PageCount || d.All {
		h.int(len(site.Pages))
	}
	return h.done()
}

// narrow returns, after the front matter of the pages in patched was put
// into the last build's model in place, which pages' signatures can have
// changed: the patched pages and the events that show them, their
// sections (which list them), the timeline of a patched milestone, and
// the pages whose layouts read all events, actors, milestones or pages,
// or whose listings answer differently now than in the last build (last).
// It returns nil when anything shared by all pages changed.
func (b *Builder) narrow(site *model.Site, now, last *sigShared, affected map[*model.Page]bool, prevs []*pageRecord) func(i int) bool {
	if last == nil || now.global != last.global {
		return nil
	}
	changedQ := map[render.Query]bool{}
	for q, v := range now.answers {
		if old, ok := last.answers[q]; !ok || old != v {
			changedQ[q] = true
		}
	}
	sections := map[*model.Page]bool{}
	timelines := map[*model.Page]bool{}
	for p := range affected {
		sections[p.Parent] = true
		if p.Milestone != nil {
			timelines[p.Parent] = true
		}
	}
	ev, ac, ms, all := now.events != last.events, now.actors != last.actors, now.milestones != last.milestones, now.all != last.all
	return func(i int) bool {
		p := site.Pages[i]
		if affected[p] || sections[p] || (p.Milestone != nil && timelines[p.Parent]) {
			return true
		}
		prev := prevs[i]
		if prev == nil {
			return true
		}
		d := prev.deps
		if d.Events && ev || d.Actors && ac || d.Milestones && ms || d.All && all {
			return true
		}
		for _, q := range prev.queries {
			if _, known := last.answers[q]; changedQ[q] || !known {
				return true
			}
		}
		return false
	}
}

// metaTable holds meta(p) of every page of a site.
type metaTable struct {
	b *Builder
	s *model.Site
	m map[*model.Page]digest.Sum
}

// get returns meta(p), the zero Sum for nil.
func (t *metaTable) get(p *model.Page) digest.Sum {
	if p == nil {
		return digest.Sum{}
	}
	if v, ok := t.m[p]; ok {
		return v
	}
	return t.b.meta(t.s, p)
}

// metas computes meta(p) of every page of site, on every core. The table
// is read-only afterwards: safe for the workers.
func (b *Builder) metas(site *model.Site) *metaTable {
	all := make([]digest.Sum, len(site.Pages))
	parallel.For(len(all), func(i int) { all[i] = b.meta(site, site.Pages[i]) })
	t := &metaTable{b: b, s: site, m: make(map[*model.Page]digest.Sum, len(site.Pages))}
	for i, p := range site.Pages {
		t.m[p] = all[i]
	}
	return t
}

// update returns the table of the same site's next build, in which only
// the pages in changed were changed: theirs are computed again.
func (t *metaTable) update(b *Builder, site *model.Site, changed map[*model.Page]bool) *metaTable {
	if t.s != site {
		return b.metas(site)
	}
	n := &metaTable{b: b, s: site, m: maps.Clone(t.m)}
	for p := range changed {
		n.m[p] = b.meta(site, p)
	}
	return n
}

// meta hashes what other pages may show of p: its front matter as
// written, and what the model made of it and of the pages it refers to.
func (b *Builder) meta(site *model.Site, p *model.Page) digest.Sum {
	h := b.newHasher()
	h.str(p.URL)
	h.str(p.Source.Path)
	h.int(int(p.Kind))
	h.str(p.Type)
	h.str(p.Title)
	h.str(p.Description)
	h.int(p.Weight)
	h.bool(p.Menu)
	h.str(p.Lang)
	h.str(p.Language)
	h.bool(p.Untranslated)
	h.str(p.SeriesSlug)
	h.node(p.Source.Meta)
	if o := p.Original; o != nil { // the facts
		h.str(o.Source.Path)
		h.node(o.Source.Meta)
	}
	for _, f := range p.Files {
		h.str(f.URL)
	}
	if e := p.Event; e != nil {
		h.bool(e.Upcoming(site.Now))
		if o := e.Organizer; o != nil {
			h.str(o.URL)
			h.str(o.Title)
		}
		if s := e.SeriesPage; s != nil {
			h.str(s.URL)
			h.str(s.Title)
		}
	}
	if m := p.Milestone; m != nil {
		for _, d := range m.Documents {
			h.str(d.Title)
			h.str(d.URL)
		}
	}
	return h.done()
}
