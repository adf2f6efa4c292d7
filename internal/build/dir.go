package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Target says where ToDir writes a build and which cache it uses.
type Target struct {
	Out      string // the output folder (public/)
	CacheDir string // the persistent cache (.sitegen-cache/); "" builds without one
	// Wait is called once when another build holds the output folder;
	// this build then waits for it. Notice is called with what is worth
	// telling about the cache (found broken, in use). Either may be nil.
	Wait   func(msg string)
	Notice func(msg string)
	// CacheKey, when not empty, replaces CacheKey() (tests: a cache of
	// another generator version).
	CacheKey string
}

// laterSink is a write.Build that is begun while the build starts.
type laterSink struct {
	ready chan struct{}
	wb    *write.Build
}

func (l *laterSink) Unchanged(p string, s digest.Sum) bool {
	<-l.ready
	return l.wb.Unchanged(p, s)
}

func (l *laterSink) Put(p string, data []byte, s digest.Sum) error {
	<-l.ready
	return l.wb.Put(p, data, s)
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
func ToDir(ctx context.Context, fsys fs.FS, opts Options, t Target) (*Result, error) {
	notice := t.Notice
	if notice == nil {
		notice = func(string) {}
	}
	out, err := write.Lock(ctx, t.Out, t.Wait)
	if err != nil {
		return &Result{}, err
	}
	defer out.Close()

	var pc *cache.Cache
	if t.CacheDir != "" {
		key := t.CacheKey
		if key == "" {
			key = CacheKey()
		}
		pc, err = cache.Open(t.CacheDir, key)
		switch {
		case errors.Is(err, cache.ErrBusy):
			notice(fmt.Sprintf("Der Cache %s wird gerade von einem anderen Build benutzt; dieser Build läuft ohne ihn.", t.CacheDir))
			pc = nil
		case err != nil:
			notice(fmt.Sprintf("Der Cache %s kann nicht benutzt werden (%v); dieser Build läuft ohne ihn.", t.CacheDir, err))
			pc = nil
		case pc.Warning() != "":
			notice(pc.Warning())
		}
	}
	outKey, _ := filepath.Abs(t.Out)
	// The manifest of a large site takes milliseconds to read: it is read
	// while the content is loaded and the model made, and the first file
	// made waits for it.
	sink := &laterSink{ready: make(chan struct{})}
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
	<-sink.ready
	wb := sink.wb
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
	written, _, removed, _ := wb.Stats()
	res.Stats.Written, res.Stats.Removed = written, removed
	if pc != nil {
		data, _ := m.MarshalBinary()
		pc.Put(outSection, outKey, data)
		ts := time.Now()
		if err := pc.Save(); err != nil {
			notice(fmt.Sprintf("Der Cache %s kann nicht gespeichert werden: %v", t.CacheDir, err))
		}
		res.Stats.CacheSave = time.Since(ts)
	}
	return res, nil
}
