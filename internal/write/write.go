// Package write is the last stage of the pipeline: it puts the built files
// on disk so that the output folder changes all at once or not at all.
//
// # Atomic output
//
// [Dir] writes every file into a new temporary folder beside the output
// folder (public/ → .public-123456/), then swaps the two with one
// renameat2(RENAME_EXCHANGE) call and removes the old site. Readers of the
// output folder (a web server, rsync in CI) see either the old site or the
// new one, never a mix; a build that fails before the swap leaves the old
// output byte for byte as it was. A build that was killed half-way leaves
// its temporary folder behind; the next build removes it. Where the file system cannot exchange
// (rare), the old folder is renamed aside first, leaving a gap of one
// rename.
//
// Files are written in parallel; their modes are 0644, folders 0755.
package write

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// File is one file of the built site.
type File struct {
	Path string // slash path inside the output, e.g. "akteure/index.html"
	Data []byte
}

// Valid reports whether p is a clean relative slash path that stays inside
// the output folder.
func Valid(p string) bool {
	return p != "" && p != "." && !strings.HasPrefix(p, "/") && path.Clean(p) == p &&
		p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// Dir replaces the folder out with exactly files. On error out is left as
// it was.
func Dir(out string, files []File) (err error) {
	out, err = filepath.Abs(out)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeLeftovers(parent, filepath.Base(out))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+"-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := Files(tmp, files); err != nil {
		return err
	}
	return swap(tmp, out)
}

// removeLeftovers removes the temporary folders of earlier builds that
// were interrupted (killed before they could clean up): .public-123456
// and .public-123456.old beside public/.
func removeLeftovers(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+"-*"))
	for _, m := range matches {
		if rest := strings.TrimPrefix(filepath.Base(m), "."+base+"-"); strings.Trim(strings.TrimSuffix(rest, ".old"), "0123456789") == "" {
			os.RemoveAll(m)
		}
	}
}

// Files writes files into the existing folder dir.
func Files(dir string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if !Valid(f.Path) {
			return fmt.Errorf("write: ungültiger Ausgabepfad %q", f.Path)
		}
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	slices.Sort(sorted) // parents before children
	for _, d := range sorted {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}

	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  = make(chan int)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := files[i]
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// swapAside puts tmp in the place of out by renaming out aside first.
func swapAside(tmp, out string) error {
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}
