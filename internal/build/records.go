package build

import (
	"bytes"
	"io/fs"
	"slices"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/discovery"
	"github.com/stadt-bamberg/integration/internal/ical"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/render"
)

// Sections of the persistent cache this package writes (package load
// writes "load").
const (
	pageSection = "page" // rendered pages by URL and source: pageRecord
	icsSection  = "ics"  // calendar files by output path: fileRecord
	resSection  = "res"  // files copied from content/ by source path: fileRecord
	keySection  = "keys" // under "titles": the German collation keys of titles
)

// loadKeys fills keys with the collation keys the last build kept.
func loadKeys(pc *cache.Cache, keys map[string][]byte) {
	data, ok := pc.Get(keySection, "titles")
	if !ok {
		return
	}
	d := cache.NewDecoder(data)
	n := d.Len()
	got := make(map[string][]byte, n)
	for range n {
		got[d.Str()] = d.Raw()
	}
	if d.Done() == nil {
		for k, v := range got {
			keys[k] = v
		}
	}
}

// saveKeys keeps the collation keys of the titles of site's pages.
func saveKeys(pc *cache.Cache, keys map[string][]byte, site *model.Site) {
	var e cache.Encoder
	e.Uint(uint64(len(site.Pages)))
	for _, p := range site.Pages {
		k := model.KeyCacheKey(p)
		e.Str(k)
		e.Raw(keys[k])
	}
	pc.Put(keySection, "titles", e.Bytes())
}

// pageRecord is what a build keeps of a rendered page for the next one.
type pageRecord struct {
	sig     digest.Sum // the signature it was rendered with
	ok      bool       // it has an output file, out
	out     sums
	deps    render.Deps
	queries []render.Query    // the listings it shows
	links   []string          // the content paths its links name (model.Site.LinkTarget)
	diags   []diag.Diagnostic // what rendering it reported

	outline markdown.Result // in memory only (for sitegen check)
	raw     []byte          // the encoded record it was read from, if so
}

func pageCacheKey(p *model.Page) string { return p.URL + "\x00" + p.Source.Path }

func (r *pageRecord) encode() []byte {
	var e cache.Encoder
	e.Sum(r.sig)
	e.Bool(r.ok)
	r.out.encode(&e)
	d := r.deps
	for _, v := range []bool{d.Events, d.Actors, d.Milestones, d.Now, d.PageCount, d.All} {
		e.Bool(v)
	}
	e.Uint(uint64(len(r.links)))
	for _, l := range r.links {
		e.Str(l)
	}
	e.Uint(uint64(len(r.queries)))
	for _, q := range r.queries {
		e.Str(q.Lang)
		e.Str(string(q.Kind))
		e.Str(q.Series)
		e.Int(int64(q.Limit))
		e.Bool(q.Past)
		e.Str(q.Category)
		e.Str(q.Section)
	}
	e.Diags(r.diags)
	return e.Bytes()
}

func decodePageRecord(b []byte) (*pageRecord, bool) {
	d := cache.NewDecoder(b)
	r := &pageRecord{sig: d.Sum(), ok: d.Bool()}
	r.out = decodeSums(d)
	r.deps = render.Deps{Events: d.Bool(), Actors: d.Bool(), Milestones: d.Bool(), Now: d.Bool(), PageCount: d.Bool(), All: d.Bool()}
	if n := d.Len(); n > 0 {
		r.links = make([]string, n)
		for i := range r.links {
			r.links[i] = d.Str()
		}
	}
	if n := d.Len(); n > 0 {
		r.queries = make([]render.Query, n)
		for i := range r.queries {
			lang, kind := d.Str(), model.ListingKind(d.Str())
			r.queries[i] = render.Query{Lang: lang, Listing: model.Listing{Kind: kind, Series: d.Str(), Limit: int(d.Int()), Past: d.Bool(), Category: d.Str(), Section: d.Str()}}
		}
	}
	r.diags = d.Diags()
	r.raw = b
	return r, d.Done() == nil
}

// fileRecord is what a build keeps of an output file made from a few
// inputs (a calendar) or copied (a file of content/): the signature of its
// inputs and its sums.
type fileRecord struct {
	path string
	sig  digest.Sum
	out  sums
	raw  []byte // the encoded record it was read from, if so
}

func (r fileRecord) encode() []byte {
	var e cache.Encoder
	e.Sum(r.sig)
	r.out.encode(&e)
	return e.Bytes()
}

func decodeFileRecord(path string, b []byte) (fileRecord, bool) {
	d := cache.NewDecoder(b)
	r := fileRecord{path: path, sig: d.Sum(), raw: b}
	r.out = decodeSums(d)
	return r, d.Done() == nil
}

// calendarFile is one .ics file to make: its path, name and events.
type calendarFile struct {
	path   string
	name   string
	events []*model.Page
}

// calendarList returns the .ics files of site: one per event, one per
// series, one of all upcoming events (see model.Page.CalendarURL).
func (b *Builder) calendarList(site *model.Site) []calendarFile {
	var out []calendarFile
	add := func(u, name string, events []*model.Page) {
		events = slices.DeleteFunc(slices.Clone(events), func(p *model.Page) bool {
			return p.Event.Span.Start.IsZero() // its start is wrong, already reported
		})
		out = append(out, calendarFile{model.OutputPath(u), name, events})
	}
	for _, p := range site.Pages {
		if p.Event != nil {
			add(p.CalendarURL(), p.Title, []*model.Page{p})
		}
	}
	for _, ls := range site.Langs {
		for _, sr := range ls.SeriesList() {
			if sr.Page != nil {
				add(sr.Page.CalendarURL(), sr.Page.Title, sr.Events)
			}
		}
		if ls.HasEvents() {
			add(ls.AllEventsCalendar(), site.Config.Title+": "+ls.T("calendar_name_all"), ls.EventList(model.EventQuery{}))
		}
	}
	return out
}

// calendar makes (or reuses) one calendar file and returns its record.
// A file whose events (with their pages' times) and settings are as in
// the last build is taken from it.
func (b *Builder) calendar(e *emitter, site *model.Site, meta func(*model.Page) digest.Sum, c calendarFile, diags *diag.List) fileRecord {
	h := b.newHasher()
	h.str(c.name)
	h.str(site.Config.BaseURL)
	h.str(site.Config.Title)
	h.str(site.Config.TimeZone)
	h.sum(b.inputs)
	// Each event's DTSTAMP: when its page last changed, or the build's
	// instant when that is unknown (see package ical).
	stamps := make(map[*model.Page]time.Time, len(c.events))
	for _, ev := range c.events {
		t := discovery.PageTime(site, b.fsys, ev)
		if t.IsZero() {
			t = site.Now
		}
		stamps[ev] = t
		h.int(int(t.UnixNano()))
		h.sum(meta(ev))
		if o := ev.Event.Organizer; o != nil && o.Actor != nil {
			h.str(o.Actor.Contact.Email)
		}
	}
	rec := fileRecord{path: c.path, sig: h.done()}
	if old, ok := b.ics[c.path]; ok && old.sig == rec.sig && e.reuse(c.path, old.out) {
		return old
	}
	if pc := b.opts.Cache; pc != nil {
		if data, ok := pc.Get(icsSection, c.path); ok {
			if old, ok := decodeFileRecord(c.path, data); ok && old.sig == rec.sig && e.reuse(c.path, old.out) {
				return old
			}
		}
	}
	var buf bytes.Buffer
	if err := ical.Write(&buf, ical.Calendar{Name: c.name, Events: c.events, Site: site.Config, Stamp: site.Now,
		Modified: func(p *model.Page) time.Time { return stamps[p] }}); err != nil {
		diags.Errorf("content", 0, "Der Kalender /%s kann nicht geschrieben werden: %v", c.path, err)
		return rec
	}
	s, err := e.file(c.path, buf.Bytes(), false, false)
	if err != nil {
		diags.Errorf(c.path, 0, "%v", err)
	}
	rec.out = s
	return rec
}

// contentFile copies a file of content/ (src, a path from the site root)
// to the output path out. With the persistent cache, a file whose size
// and time are as recorded is not even read when the output has it.
func (b *Builder) contentFile(e *emitter, src, out string, diags *diag.List) {
	pc := b.opts.Cache
	var info fs.FileInfo
	if pc != nil {
		var err error
		if info, err = fs.Stat(b.fsys, src); err == nil {
			if data, ok := pc.Get(resSection, src); ok {
				if old, ok := decodeFileRecord(src, data); ok && old.sig == statSig(info) && e.reuse(out, old.out) {
					pc.Put(resSection, src, data)
					return
				}
			}
		}
	}
	data, err := b.read(src)
	if err != nil {
		diags.Errorf(src, 0, "Kann nicht gelesen werden: %v", err)
		return
	}
	s, err := e.file(out, data, false, false)
	if err != nil {
		diags.Errorf(src, 0, "%v", err)
		return
	}
	// Recorded only when the file had been left alone for a while: a
	// change within the file system's time resolution keeps its time.
	if pc != nil && info != nil && info.Size() == int64(len(data)) && time.Since(info.ModTime()) > load.RacyWindow {
		pc.Put(resSection, src, fileRecord{sig: statSig(info), out: s}.encode())
	}
}

// statSig identifies a file by its size and modification time.
func statSig(info fs.FileInfo) digest.Sum {
	h := digest.New()
	h.Int(int(info.Size()))
	h.Int(int(info.ModTime().UnixNano()))
	return h.Sum()
}
