package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch watches the folders dirs (content, layouts, assets) under root
// and asks for a rebuild after changes (Request), until ctx ends.
func (s *Server) Watch(ctx context.Context, root string, dirs ...string) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	dirsWatched := map[string]bool{}
	add := func(dir string) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				dirsWatched[p] = true
				if err := w.Add(p); err != nil {
					s.logf("Ordner %s wird nicht beobachtet: %v", p, err)
				}
			}
			return nil
		})
	}
	for _, d := range dirs {
		add(filepath.Join(root, d))
	}

	pending := map[string]bool{}
	all := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all = true // events were lost: read everything again
				timer.Reset(Debounce)
				continue
			}
			s.logf("Beobachtung: %v", err)
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, err := filepath.Rel(root, ev.Name)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(rel)
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					add(ev.Name) // a new folder: watch it and read what it holds
					all = true
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// A removed or renamed folder takes its files with it; the
				// event names only the folder.
				if dirsWatched[ev.Name] {
					delete(dirsWatched, ev.Name)
					all = true
				}
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			pending[rel] = true
			timer.Reset(Debounce)
		case <-timer.C:
			var changed []string
			for p := range pending {
				changed = append(changed, p)
			}
			clear(pending)
			s.Request(all, changed...)
			all = false
		}
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.log != nil {
		fmt.Fprintf(s.log, format+"\n", args...)
	}
}
