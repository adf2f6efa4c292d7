package build

import (
	"encoding/binary"
	"hash/maphash"
	"slices"

	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/render"
)

// hasher writes values into a maphash with separators, so that different
// sequences of values never hash alike by concatenation.
type hasher struct{ h maphash.Hash }

func (b *Builder) newHasher() *hasher {
	h := &hasher{}
	h.h.SetSeed(b.seed)
	return h
}

func (h *hasher) str(s string) { h.h.WriteString(s); h.h.WriteByte(0) }
func (h *hasher) int(n int)    { h.u64(uint64(n)) }
func (h *hasher) u64(n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.h.Write(b[:])
}
func (h *hasher) bool(v bool) {
	if v {
		h.h.WriteByte(1)
	} else {
		h.h.WriteByte(2)
	}
}

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

// signatures returns for each page of site the hash of everything its
// output depends on (see Builder). rendered gives a page's rendering —
// the last one, or the new one — for the links and dependencies of its
// Markdown and layout; pages without one get 0.
func (b *Builder) signatures(site *model.Site, assets map[string]render.Asset, meta func(*model.Page) uint64, rendered func(i int) (*renderedPage, bool)) []uint64 {

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
	g.u64(meta(site.Home))
	for _, m := range site.Menu {
		g.u64(meta(m))
	}
	global := g.h.Sum64()

	var events, actors, milestones, all uint64
	once := func(v *uint64, f func(h *hasher)) uint64 {
		if *v == 0 {
			h := b.newHasher()
			f(h)
			*v = h.h.Sum64() | 1
		}
		return *v
	}
	eventsHash := func() uint64 {
		return once(&events, func(h *hasher) {
			for _, e := range site.Events {
				h.u64(meta(e))
			}
			for _, s := range site.SeriesList() {
				h.str(s.Slug)
				h.str(s.Title)
				h.u64(meta(s.Page))
			}
		})
	}
	actorsHash := func() uint64 {
		return once(&actors, func(h *hasher) {
			for _, a := range site.Actors {
				h.u64(meta(a))
			}
		})
	}
	milestonesHash := func() uint64 {
		return once(&milestones, func(h *hasher) {
			for _, m := range site.Milestones {
				h.u64(meta(m))
			}
		})
	}
	allHash := func() uint64 {
		return once(&all, func(h *hasher) {
			h.int(int(site.Now.Unix()))
			for _, p := range site.Pages {
				h.u64(meta(p))
			}
		})
	}

	sigs := make([]uint64, len(site.Pages))
	for i, p := range site.Pages {
		prev, ok := rendered(i)
		if !ok {
			continue // to be rendered anyway
		}
		h := b.newHasher()
		h.u64(global)
		h.u64(meta(p))
		h.str(p.Source.Path)
		h.int(p.Source.BodyLine)
		h.h.Write(p.Source.Body)
		h.h.WriteByte(0)
		for a := p.Parent; a != nil; a = a.Parent {
			h.u64(meta(a))
		}
		h.str("children")
		for _, ch := range p.Children {
			h.u64(meta(ch))
		}
		h.u64(meta(p.Prev))
		h.u64(meta(p.Next))
		if e := p.Event; e != nil {
			h.u64(meta(e.Organizer))
			h.u64(meta(e.SeriesPage))
		}
		h.str("links")
		for _, rel := range prev.links {
			if t := site.Page(rel); t != nil {
				h.str(t.URL)
			} else {
				h.str("-")
			}
		}
		d := prev.out.Deps
		if d.Events {
			h.u64(eventsHash())
		}
		if d.Actors {
			h.u64(actorsHash())
		}
		if d.Milestones {
			h.u64(milestonesHash())
		}
		if d.All {
			h.u64(allHash())
		}
		sigs[i] = h.h.Sum64()
	}
	return sigs
}

// metas returns a function giving meta(p), each computed once.
func (b *Builder) metas(site *model.Site) func(*model.Page) uint64 {
	m := make(map[*model.Page]uint64, len(site.Pages))
	return func(p *model.Page) uint64 {
		if p == nil {
			return 0
		}
		v, ok := m[p]
		if !ok {
			v = b.meta(site, p)
			m[p] = v
		}
		return v
	}
}

// meta hashes what other pages may show of p: its front matter as
// written, and what the model made of it and of the pages it refers to.
func (b *Builder) meta(site *model.Site, p *model.Page) uint64 {
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
	h.str(p.SeriesSlug)
	h.node(p.Source.Meta)
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
	return h.h.Sum64()
}
