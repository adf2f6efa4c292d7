package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/german"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Marker is the file in the index folder that names what the index was
// made from (see the package comment).
const Marker = "sitegen-index.txt"

// format is the first line of Marker; a change of what this package
// makes of Pagefind's output changes it.
const format = "sitegen search index 1"

// Index is the search index of one build of an output folder. The build
// hands it its files as they are made ([Index.Put], [Index.Kept]); before
// the build is committed, [Index.Prepare] makes the new index beside the
// output (or decides that the one there stays); after the commit,
// [Index.Install] puts it in place. [Index.Close] removes what is left.
// Put and Kept may be called from several goroutines; the caller holds
// the output folder's lock (write.Lock) from New to Close.
type Index struct {
	tool     *Tool
	out      string // the output folder, absolute
	parent   string // its parent, where the temporary folders are
	base     string // its name
	compress bool

	mu       sync.Mutex
	sums     map[string]digest.Sum // the build's .html files → their sums
	staged   map[string]bool       // those copied into stage
	clash    string                // a file of the build inside pagefind/
	stage    string                // copies of the pages to index, "" until the first
	stageErr error
	made     write.Dirs // folders made in stage

	ready  string // a folder holding the new index as Dir, for Install
	remove bool   // Install removes sitegen's index (nothing to index)
	report Report
}

// Report says what [Index.Prepare] did.
type Report struct {
	Made    bool          // Pagefind made a new index
	Carried bool          // the unchanged index was carried over into a full build
	Pages   int           // pages indexed
	Langs   int           // languages (one index each)
	Took    time.Duration // Pagefind's time
	Said    string        // Pagefind's warnings, if any
}

// String is the line the build prints, "" when the index stayed.
func (r Report) String() string {
	switch {
	case r.Made:
		return fmt.Sprintf("Suchindex: %s Seiten in %s Sprachen neu erstellt (Pagefind, %s ms)",
			german.Number(r.Pages), german.Number(r.Langs), german.Number(int(r.Took.Milliseconds())))
	case r.Carried:
		return "Suchindex: unverändert übernommen"
	}
	return ""
}

// New starts the index of a build writing to the folder out, made with
// tool. With compress, the scripts of the index get .gz and .br files.
func New(tool *Tool, out string, compress bool) (*Index, error) {
	// The folder itself, as write.Lock has it: a link to it is followed,
	// so that the temporary folders are beside the folder, where the
	// next write.Lock removes them.
	abs, err := write.Resolve(out)
	if err != nil {
		return nil, err
	}
	return &Index{tool: tool, out: abs, parent: filepath.Dir(abs), base: filepath.Base(abs), compress: compress,
		sums: map[string]digest.Sum{}, staged: map[string]bool{}}, nil
}

// inIndexDir reports whether the output path p is inside /pagefind/.
func inIndexDir(p string) bool { return p == Dir || strings.HasPrefix(p, Dir+"/") }

// Put takes a file the build writes: a page is copied for Pagefind.
// data is not kept.
func (x *Index) Put(p string, data []byte, sum digest.Sum) error {
	if inIndexDir(p) {
		x.mu.Lock()
		x.clash = p
		x.mu.Unlock()
		return nil
	}
	if !strings.HasSuffix(p, ".html") {
		return nil
	}
	dir, err := x.stageDir()
	if err == nil {
		err = x.makeDirs(dir, p)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), data, 0o644)
	}
	if err != nil {
		return fmt.Errorf("Suche: %w", err)
	}
	x.mu.Lock()
	x.sums[p] = sum
	x.staged[p] = true
	x.mu.Unlock()
	return nil
}

// Kept takes a file the output keeps from the last build.
func (x *Index) Kept(p string, sum digest.Sum) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if inIndexDir(p) {
		x.clash = p
	}
	if strings.HasSuffix(p, ".html") {
		x.sums[p] = sum
	}
}

// stageDir makes the folder the pages are copied into.
func (x *Index) stageDir() (string, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.stage == "" && x.stageErr == nil {
		x.stage, x.stageErr = x.tempDir()
	}
	return x.stage, x.stageErr
}

// tempDir makes a folder beside the output, named as the write package
// names its own (.public-123456), so that the next build's write.Lock
// removes it if this build is killed.
func (x *Index) tempDir() (string, error) {
	d, err := os.MkdirTemp(x.parent, "."+x.base+"-")
	if err == nil {
		err = os.Chmod(d, 0o755)
	}
	return d, err
}

// makeDirs makes the folders of the output path p in root.
func (x *Index) makeDirs(root, p string) error { return x.made.Make(root, p) }

// Prepare makes the index of pages (output paths, see [Pages]) for the
// build, after its last Put and before its commit; full says that the
// commit replaces the output folder as a whole. When the index in the
// output was made from the same pages (and Pagefind and options), it
// stays — in a full build it is carried over by hard links. Otherwise
// Pagefind makes a new one beside the output. Pages the build did not
// write or keep as .html files are left out. An error leaves the output
// as it was: the build should be aborted.
func (x *Index) Prepare(ctx context.Context, pages []string, full bool) error {
	x.mu.Lock()
	clash := x.clash
	x.mu.Unlock()
	if clash != "" {
		return fmt.Errorf("Suche: die Website hat die Datei %s, aber der Ordner %s/ gehört dem Suchindex (eine Datei oder ein Ordner content/%s umbenennen, oder ohne Suchindex bauen: %s=%s)",
			clash, Dir, Dir, EnvVar, Off)
	}
	use := make([]string, 0, len(pages))
	for _, p := range pages {
		if _, ok := x.sums[p]; ok {
			use = append(use, p)
		}
	}
	slices.Sort(use)
	use = slices.Compact(use)
	if len(use) == 0 {
		x.remove = true
		return nil
	}
	h := digest.New()
	h.Str(format)
	h.Str(x.tool.Version)
	for _, a := range args {
		h.Str(a)
	}
	h.Bool(x.compress)
	h.Int(len(use))
	for _, p := range use {
		h.Str(p)
		h.SumOf(x.sums[p])
	}
	want := markerText(h.Sum())
	cur := filepath.Join(x.out, Dir)
	if have, _ := os.ReadFile(filepath.Join(cur, Marker)); string(have) == want {
		if !full {
			return nil // the output's index stays
		}
		tmp, err := x.tempDir()
		if err == nil {
			err = linkTree(cur, filepath.Join(tmp, Dir))
		}
		if err == nil {
			x.ready = tmp
			x.report = Report{Carried: true, Pages: len(use)}
			return nil
		}
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		// Could not carry it over: make it anew.
	}

	// The pages Pagefind reads: those the build wrote are copied already;
	// the ones the output keeps are linked from it. Other HTML files
	// (alias and 404 pages, the search and A–Z pages) are removed.
	stage, err := x.stageDir()
	if err != nil {
		return fmt.Errorf("Suche: %w", err)
	}
	wanted := make(map[string]bool, len(use))
	for _, p := range use {
		wanted[p] = true
		if x.staged[p] {
			continue
		}
		if err := x.makeDirs(stage, p); err != nil {
			return fmt.Errorf("Suche: %w", err)
		}
		if err := linkFile(filepath.Join(x.out, filepath.FromSlash(p)), filepath.Join(stage, filepath.FromSlash(p))); err != nil {
			return fmt.Errorf("Suche: %w", err)
		}
	}
	for p := range x.staged {
		if !wanted[p] {
			if err := os.Remove(filepath.Join(stage, filepath.FromSlash(p))); err != nil {
				return fmt.Errorf("Suche: %w", err)
			}
		}
	}

	tmp, err := x.tempDir()
	if err != nil {
		return fmt.Errorf("Suche: %w", err)
	}
	x.ready = tmp // removed by Close if not installed
	idx := filepath.Join(tmp, Dir)
	start := time.Now()
	said, err := x.tool.run(ctx, stage, idx)
	if err != nil {
		return fmt.Errorf("Suche: %w", err)
	}
	took := time.Since(start)
	if err := x.finish(idx, want); err != nil {
		return fmt.Errorf("Suche: %w", err)
	}
	metas, _ := filepath.Glob(filepath.Join(idx, "pagefind.*.pf_meta"))
	x.report = Report{Made: true, Pages: len(use), Langs: len(metas), Took: took, Said: said}
	// The stage is not needed any more; Close would remove it too.
	x.removeStage()
	return nil
}

func markerText(s digest.Sum) string { return format + "\n" + s.String() + "\n" }

// finish trims Pagefind's output idx to what the site uses, compresses
// its scripts, writes the marker and waits until it is on disk.
func (x *Index) finish(idx, marker string) error {
	for _, f := range unused {
		if err := os.Remove(filepath.Join(idx, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if x.compress {
		for _, f := range []string{"pagefind.js"} {
			p := filepath.Join(idx, f)
			data, err := os.ReadFile(p)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return err
			}
			if len(data) <= publish.CompressMin {
				continue
			}
			if err := os.WriteFile(p+".gz", publish.GzipBest(data), 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(p+".br", publish.BrotliBest(data), 0o644); err != nil {
				return err
			}
		}
	}
	if err := os.WriteFile(filepath.Join(idx, Marker), []byte(marker), 0o644); err != nil {
		return err
	}
	return write.SyncFS(idx)
}

// Report returns what Prepare did.
func (x *Index) Report() Report { return x.report }

// Install puts the index Prepare made in place, after the build's
// commit: with one rename of the folder (an exchange with the old one,
// which is removed after). When there was nothing to index, it removes
// the index sitegen made before, if any.
func (x *Index) Install() error {
	switch {
	case x.ready != "":
		src, cur := filepath.Join(x.ready, Dir), filepath.Join(x.out, Dir)
		if _, err := write.Swap(src, cur); err != nil {
			return fmt.Errorf("Suche: der neue Suchindex kann nicht nach %s gelegt werden: %w", cur, err)
		}
		os.RemoveAll(x.ready) // now holds the old index, if there was one
		x.ready = ""
	case x.remove:
		return Remove(x.out)
	}
	return nil
}

// Close removes the temporary folders of the index that are left.
func (x *Index) Close() {
	x.removeStage()
	if x.ready != "" {
		os.RemoveAll(x.ready)
		x.ready = ""
	}
}

func (x *Index) removeStage() {
	x.mu.Lock()
	stage := x.stage
	x.stage, x.stageErr = "", errors.New("search: Index geschlossen")
	x.mu.Unlock()
	if stage != "" {
		os.RemoveAll(stage)
	}
}

// Remove removes the search index from the output folder out, if
// sitegen made it (it holds the Marker): renamed aside first, so that
// it goes at once, then deleted. An index that sitegen did not make
// stays.
func Remove(out string) error {
	abs, err := write.Resolve(out)
	if err != nil {
		return err
	}
	cur := filepath.Join(abs, Dir)
	if _, err := os.Stat(filepath.Join(cur, Marker)); err != nil {
		return nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Rename(cur, filepath.Join(tmp, Dir)); err != nil {
		return fmt.Errorf("Suche: der alte Suchindex %s kann nicht entfernt werden: %w", cur, err)
	}
	return nil
}

// Update makes the index of pages (output paths, see [Pages]) of a site
// already written to the folder out and puts it in place, unless the
// index there was made from the same pages. For sites written by other
// means than a build (the browser tests); the caller makes sure that
// nothing else writes to out meanwhile.
func Update(ctx context.Context, tool *Tool, out string, pages []string) (Report, error) {
	x, err := New(tool, out, false)
	if err != nil {
		return Report{}, err
	}
	defer x.Close()
	for _, p := range pages {
		data, err := os.ReadFile(filepath.Join(x.out, filepath.FromSlash(p)))
		if err != nil {
			return Report{}, fmt.Errorf("Suche: %w", err)
		}
		x.Kept(p, digest.Of(data))
	}
	if err := x.Prepare(ctx, pages, false); err != nil {
		return Report{}, err
	}
	return x.Report(), x.Install()
}

// linkFile makes dst the file src: a hard link, else a copy.
func linkFile(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err1 := out.Close(); err == nil {
		err = err1
	}
	return err
}

// linkTree makes dst a copy of the folder src, with hard links.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.Mkdir(to, 0o755)
		case d.Type().IsRegular():
			return linkFile(p, to)
		}
		return fmt.Errorf("%s ist keine Datei", p)
	})
}
