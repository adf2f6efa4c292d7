package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/search"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Target says where ToDir writes a build and which cache it uses.
type Target struct {
	Out      string // the output folder (public/)
	CacheDir string // the persistent cache (.sitegen-cache/); "" builds without one
	// Source is the source folder, the one fsys reads when that is a
	// folder: Pagefind is looked for in its tools/node_modules (see
	// package search) and Decap CMS in its tools/cms (see package cms);
	// "" looks for neither there.
	Source string
	// Pagefind, when not empty, replaces $SITEGEN_PAGEFIND: "off" builds
	// without a search index (the name is the old one's, which needed
	// Pagefind; any other value makes sitegen's own index).
	Pagefind string
	// Decap, when not empty, replaces $SITEGEN_DECAP: Decap CMS's dist
	// folder, or "off" to build without /admin/ (see package cms).
	Decap string
	// Wait is called once when another build holds the output folder;
	// this build then waits for it. Notice is called with what is worth
	// telling about the cache (found broken, in use) and the search index
	// (Pagefind missing, its warnings). Info is called with a line about
	// the search index when it was made anew. Any may be nil.
	Wait   func(msg string)
	Notice func(msg string)
	Info   func(msg string)
	// CacheKey, when not empty, replaces CacheKey() (tests: a cache of
	// another generator version).
	CacheKey string
}

// laterSink is a write.Build that is begun while the build starts. With
// a search index, the pages go to it too.
type laterSink struct {
	ready chan struct{}
	wb    *write.Build
	index *search.Builder // nil: no search index
}

func (l *laterSink) Unchanged(p string, s digest.Sum) bool {
	<-l.ready
	ok := l.wb.Unchanged(p, s)
	if ok && l.index != nil {
		l.index.Kept(p, s)
	}
	return ok
}

func (l *laterSink) Put(p string, data []byte, s digest.Sum) error {
	<-l.ready
	if err := l.wb.Put(p, data, s); err != nil {
		return err
	}
	if l.index != nil {
		l.index.Put(p, data, s)
	}
	return nil
}

// outSection is the cache section of the manifests of output folders,
// by the folder's absolute path.
const outSection = "out"

// CacheKey is what a cache must have been made with to be used: the
// generator's version and the settings that change output bytes.
func CacheKey() string {
	return cache.Version() + "|" + publish.CompressionSettings
}

// ToDir builds the site in fsys into the folder t.Out, as sitegen build
// does: it takes the folder's lock (one build at a time), opens the
// cache, streams every file into the folder's next version (see
// write.Output) and commits it only when the whole build succeeded. With
// a cache and an output folder that the last build left as it was, only
// the files that changed are written and the ones that are gone removed;
// otherwise the whole folder is written anew and swapped in. On an error,
// the folder is left as it was and the cache as the last build left it.
//
// When the site has a search page (layouts/suche.html), the folder's
// suchindex/ is the search index of its pages (see package search),
// written with them: only the files of the index that the changed pages
// touch are made anew, the others kept.
func ToDir(ctx context.Context, fsys fs.FS, opts Options, t Target) (*Result, error) {
	notice := t.Notice
	if notice == nil {
		notice = func(string) {}
	}
	// What the build reads is recorded for the snapshot (snapshot.go),
	// with a cache: the source, then Decap's folder.
	rec := newRecording(time.Now())
	roots := []fs.FS{fsys}
	if t.CacheDir != "" {
		fsys = rec.wrap(fsys)
	}
	index := searchIndex(fsys, t)
	noDecap, ownAdmin := false, opts.Admin != nil
	if opts.Admin == nil {
		setting := t.Decap
		if setting == "" {
			setting = os.Getenv(cms.EnvVar)
		}
		dist, err := cms.Find(t.Source, setting)
		switch {
		case errors.Is(err, cms.ErrNotInstalled):
			noDecap = true // said after the build when the site has site: cms:
		case errors.Is(err, cms.ErrOff):
		case err != nil:
			return &Result{}, err
		default:
			roots = append(roots, dist)
			if t.CacheDir != "" {
				dist = rec.wrap(dist)
			}
			opts.Admin = &cms.Admin{Dist: dist}
		}
	}
	out, err := write.Lock(ctx, t.Out, t.Wait)
	if err != nil {
		return &Result{}, err
	}
	defer out.Close()

	var pc *cache.Cache
	key := t.CacheKey
	if t.CacheDir != "" {
		if key == "" {
			key = CacheKey()
		}
		pc, err = cache.Lock(t.CacheDir, key)
		switch {
		case errors.Is(err, cache.ErrBusy):
			notice(fmt.Sprintf("Der Cache %s wird gerade von einem anderen Build benutzt; dieser Build läuft ohne ihn.", t.CacheDir))
			pc = nil
		case err != nil:
			notice(fmt.Sprintf("Der Cache %s kann nicht benutzt werden (%v); dieser Build läuft ohne ihn.", t.CacheDir, err))
			pc = nil
		}
	}
	outKey, _ := filepath.Abs(t.Out)
	var settings digest.Sum
	if pc != nil && !ownAdmin {
		settings = settingsSum(opts, key, outKey, index != nil, noDecap, len(roots))
		if res, ok := unchanged(pc, out, settings, opts, roots); ok {
			pc.Close()
			if res.Notice != "" {
				notice(res.Notice)
			}
			if noDecap && res.cmsBackend {
				notice(cms.NotInstalled)
			}
			return res.Result, nil
		}
	}
	if pc != nil {
		pc.Load()
		if pc.Warning() != "" {
			notice(pc.Warning())
		}
	}
	// The manifest of a large site takes milliseconds to read: it is read
	// while the content is loaded and the model made, and the first file
	// made waits for it.
	sink := &laterSink{ready: make(chan struct{}), index: index}
	go func() {
		defer close(sink.ready)
		var prev *write.Manifest
		if pc != nil {
			if data, ok := pc.Get(outSection, outKey); ok {
				var m write.Manifest
				if m.UnmarshalBinary(data) == nil {
					prev = &m
				}
			}
		}
		sink.wb = out.Begin(prev)
	}()
	opts.Cache = pc
	b := NewBuilder(fsys, opts)
	b.oneShot = true
	res, err := b.BuildTo(sink)
	if res != nil && res.Notice != "" {
		notice(res.Notice)
	}
	if pc != nil && pc.Rejected() > 0 { // said once, after the build
		notice(fmt.Sprintf("Der Cache %s enthielt %d ungültige Dateien (verändert oder beschädigt); sie wurden nicht verwendet, sondern neu erzeugt.", t.CacheDir, pc.Rejected()))
	}
	cmsBackend := res != nil && res.Site != nil && res.Site.Config.CMS.Backend != ""
	if noDecap && cmsBackend {
		notice(cms.NotInstalled)
	}
	<-sink.ready
	wb := sink.wb
	if err == nil && index != nil {
		// The index's files are part of the output's next version:
		// committed with the pages they were made from, or not at all.
		var st search.Stats
		st, err = emitSearch(index, res.Site, wb, pc, opts.Compress, outKey, t.Out)
		if err == nil && t.Info != nil && st.Changed > 0 {
			t.Info(fmt.Sprintf("Suchindex: %d von %d Seiten neu gelesen, %d Dateien geschrieben, %d behalten", st.Changed, st.Pages, st.Made, st.Kept))
		}
	}
	if err != nil {
		wb.Abort()
		if pc != nil {
			pc.Close()
		}
		return res, err
	}
	tw := time.Now()
	m, err := wb.Commit()
	res.Stats.Commit = time.Since(tw)
	if err != nil {
		if pc != nil {
			pc.Close()
		}
		return res, fmt.Errorf("die Ausgabe kann nicht geschrieben werden: %w", err)
	}
	// The Pagefind index that builds before sitegen's own index made
	// (pagefind/, outside the output's manifest) is removed.
	indexErr := search.Remove(t.Out)
	written, _, removed, _ := wb.Stats()
	res.Stats.Written, res.Stats.Removed = written, removed
	res.Placeholders = placeholders(res.Site)
	if next := res.Site.NextChange(); !next.IsZero() {
		res.NextChange = next.In(res.Site.Config.Location)
	}
	if pc != nil {
		data, _ := m.MarshalBinary()
		pc.Put(outSection, outKey, data)
		if facts, why := rec.seal(); why == "" && !settings.IsZero() && indexErr == nil {
			pc.SetSnapshot(newSnapshot(settings, res.Site.Now, m.State(), facts, res, cmsBackend).encode())
		}
		ts := time.Now()
		if err := pc.Save(); err != nil {
			notice(fmt.Sprintf("Der Cache %s kann nicht gespeichert werden: %v", t.CacheDir, err))
		}
		res.Stats.CacheSave = time.Since(ts)
	}
	if indexErr != nil {
		// After the commit: the pages are written, the old index stays,
		// and the next build makes the new one again.
		notice(fmt.Sprintf("%v – die Seiten sind geschrieben, der Suchindex ist noch der alte; der nächste Build erstellt ihn neu.", indexErr))
	}
	return res, nil
}

// placeholders counts the "[PLATZHALTER: …]" left in the files of the
// pages the build published.
func placeholders(site *model.Site) int {
	n := 0
	for _, p := range site.Pages {
		if !p.Made() && !p.Untranslated {
			n += p.Source.Placeholders
		}
	}
	return n
}

// searchIndex returns the search index of a build: nil when the site has
// no search page (no layouts/suche.html) or when search is off
// (t.Pagefind or $SITEGEN_PAGEFIND is "off").
func searchIndex(fsys fs.FS, t Target) *search.Builder {
	if _, err := fs.Stat(fsys, "layouts/"+model.SpecialSearch+".html"); err != nil {
		return nil
	}
	setting := t.Pagefind
	if setting == "" {
		setting = os.Getenv(search.EnvVar)
	}
	if strings.EqualFold(strings.TrimSpace(setting), search.Off) {
		return nil
	}
	return search.NewBuilder()
}
