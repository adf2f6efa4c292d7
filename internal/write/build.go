package write

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Sink takes the files of a build as they are made. Its methods are
// safe for concurrent use.
type Sink interface {
	// Unchanged reports whether the output already holds exactly the
	// bytes with the sum sum at path (from the last build); then the
	// file is kept as it is and Put need not be called.
	Unchanged(path string, sum digest.Sum) bool
	// Put stores a file of the new output; sum is digest.Of(data). The
	// sink may keep data: the caller must not change it afterwards.
	Put(path string, data []byte, sum digest.Sum) error
}

var (
	_ Sink = (*Build)(nil)
)

// writeFile writes a file of the output (a variable for the tests,
// which make the disk full).
var writeFile = os.WriteFile

// Build is the next version of an output folder being written; see
// [Output.Begin]. Put and Unchanged may be called from several
// goroutines; Commit or Abort once, after the last Put returned.
type Build struct {
	o    *Output
	prev *Manifest // what the folder holds; nil in a full build

	rootOnce sync.Once
	root     string // the new tree (full) or the staging folder (incremental)
	rootErr  error
	made     Dirs // folders made in root

	mu       sync.Mutex
	err      error             // the first failure; Commit refuses then
	done     bool              // committed or aborted
	files    map[string]Entry  // the new manifest
	staged   map[string]bool   // files written into root
	putPaths map[string]bool   // files given to Put
	dirs     map[string]string // full build: folders of the new files, each with one file in it
	fresh    []string          // incremental build: files put that the last build did not have
	written  int
	kept     int
	removed  int
	bytes    int64
}

// Begin starts writing the next version of the folder. prev is the
// manifest of what the last build left there (nil if unknown).
//
// When the folder is the one prev describes (it has prev's device and
// inode, and the lock file names prev as the last build's manifest),
// the build is incremental: Unchanged answers from prev, Put writes
// changed files into a staging folder beside the output, and Commit
// renames them into place. Otherwise the build is full: Unchanged
// always says false, and every file is written into a new tree that
// replaces the folder at Commit. When prev does not match but this
// Output knows what the folder holds (Lock finished an interrupted
// commit, or a build of this Output was committed), that manifest is
// used in place of prev.
//
// One Build at a time: while one is open (not committed or aborted),
// Begin returns a Build whose methods fail.
func (o *Output) Begin(prev *Manifest) *Build {
	o.mu.Lock()
	defer o.mu.Unlock()
	b := &Build{o: o, files: map[string]Entry{}, staged: map[string]bool{}, putPaths: map[string]bool{}, dirs: map[string]string{}}
	switch {
	case o.closed:
		b.err = errors.New("write: Begin nach Close")
	case o.active != nil:
		b.err = errors.New("write: es ist schon ein Build offen")
	default:
		// A commit of this Output that failed half-way.
		b.err = o.recover()
	}
	if b.err != nil {
		b.done = true
		return b
	}
	o.active = b
	switch {
	case prev == nil:
	case o.holds(prev):
		b.prev = prev
	case o.holds(o.known):
		b.prev = o.known
	}
	if b.prev != nil {
		b.files = make(map[string]Entry, len(b.prev.Files))
	}
	return b
}

// Incremental reports whether the build writes only what changed.
func (b *Build) Incremental() bool { return b.prev != nil }

// Unchanged implements [Sink]: in an incremental build, it reports
// whether the last build left exactly this file at path, and then keeps
// it. In a full build it always reports false.
//
// A kept file fits the other files as it did in the last build; whether
// the files that are new fit them is checked once, at Commit.
func (b *Build) Unchanged(p string, sum digest.Sum) bool {
	if b.prev == nil {
		return false
	}
	e, ok := b.prev.Files[p] // a manifest holds only valid paths
	if !ok || e.Sum != sum {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done || b.err != nil {
		return false
	}
	if _, ok := b.files[p]; ok {
		return !b.staged[p]
	}
	b.files[p] = e
	b.kept++
	return true
}

// Put implements [Sink]: it writes the file into the new tree (full
// build) or the staging folder (incremental build), making its folders
// as needed. In an incremental build, a file that the last build left
// with the same sum is kept instead. An error (an invalid path, a path
// written twice, a file where another file needs a folder, a full disk)
// fails the build: Commit then refuses, and the caller should Abort.
func (b *Build) Put(p string, data []byte, sum digest.Sum) error {
	if !Valid(p) {
		return b.fail(fmt.Errorf("write: ungültiger Ausgabepfad %q", p))
	}
	e := Entry{Sum: sum, Size: int64(len(data))}
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return errors.New("write: Put nach Commit oder Abort")
	}
	if b.err != nil {
		err := b.err
		b.mu.Unlock()
		return err
	}
	if _, ok := b.files[p]; ok {
		// Put twice, or reported Unchanged and now different.
		if b.putPaths[p] || b.prev == nil || b.prev.Files[p] != e {
			b.mu.Unlock()
			return b.fail(fmt.Errorf("write: %q wird zweimal geschrieben", p))
		}
		b.putPaths[p] = true
		b.mu.Unlock()
		return nil
	}
	if b.prev == nil {
		if err := b.claim(p); err != nil {
			b.mu.Unlock()
			return b.fail(err)
		}
	} else if _, had := b.prev.Files[p]; !had {
		b.fresh = append(b.fresh, p) // checked at Commit
	}
	b.files[p] = e
	b.putPaths[p] = true
	if b.prev != nil && b.prev.Files[p] == e {
		b.kept++
		b.mu.Unlock()
		return nil
	}
	b.staged[p] = true
	b.written++
	b.bytes += e.Size
	b.mu.Unlock()

	root, err := b.rootDir()
	if err == nil {
		err = b.makeDirs(root, p)
	}
	if err == nil {
		err = writeFile(filepath.Join(root, filepath.FromSlash(p)), data, 0o644)
	}
	if err != nil {
		return b.fail(err)
	}
	hook("put")
	return nil
}

// folders returns the folders of files, each with one file in it.
func folders(files map[string]Entry) map[string]string {
	dirs := make(map[string]string, len(files)/2)
	for p := range files {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := dirs[d]; ok {
				break
			}
			dirs[d] = p
		}
	}
	return dirs
}

// claim checks that the new file p fits the files so far (no file where
// another needs a folder) and records its folders. b.mu is held.
func (b *Build) claim(p string) error {
	if other, ok := b.dirs[p]; ok {
		return fmt.Errorf("write: %q ist eine Datei, aber auch der Ordner von %q", p, other)
	}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if _, ok := b.files[d]; ok {
			return fmt.Errorf("write: %q ist eine Datei, aber auch der Ordner von %q", d, p)
		}
	}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if _, ok := b.dirs[d]; ok {
			break
		}
		b.dirs[d] = p
	}
	return nil
}

// fail records the first error of the build and returns err.
func (b *Build) fail(err error) error {
	b.mu.Lock()
	if b.err == nil {
		b.err = err
	}
	b.mu.Unlock()
	return err
}

// rootDir makes the folder the files are written into, beside the
// output: .public-123456.
func (b *Build) rootDir() (string, error) {
	b.rootOnce.Do(func() {
		o := b.o
		b.root, b.rootErr = os.MkdirTemp(o.parent, "."+o.base+"-")
		if b.rootErr == nil {
			b.rootErr = os.Chmod(b.root, 0o755)
		}
	})
	return b.root, b.rootErr
}

// makeDirs makes the folders of the file p in root.
func (b *Build) makeDirs(root, p string) error { return b.made.Make(root, p) }

// Dirs remembers the folders made below a root folder, so that writing
// many files into a new tree makes each folder once, from any goroutine.
// The zero value is ready to use.
type Dirs struct{ made sync.Map }

// Make makes the folders of the file p (a slash path) in root.
func (d *Dirs) Make(root, p string) error {
	var todo []string
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if _, ok := d.made.Load(dir); ok {
			break
		}
		todo = append(todo, dir)
	}
	for i := len(todo) - 1; i >= 0; i-- {
		if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(todo[i])), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
		d.made.Store(todo[i], true)
	}
	return nil
}

// Abort removes what was written; the output stays as it was. Abort
// after Commit does nothing.
func (b *Build) Abort() {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return
	}
	b.done = true
	b.mu.Unlock()
	b.cleanup()
	b.o.release(b)
}

// cleanup removes the new tree or the staging folder, if made.
func (b *Build) cleanup() {
	b.rootOnce.Do(func() {}) // none made from now on
	if b.root != "" {
		os.RemoveAll(b.root)
	}
}

func (o *Output) release(b *Build) {
	o.mu.Lock()
	if o.active == b {
		o.active = nil
	}
	o.mu.Unlock()
}

// Stats reports how many files were written and kept, how many files of
// the last build were removed (after Commit), and the bytes written.
func (b *Build) Stats() (written, kept, removed int, bytes int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.written, b.kept, b.removed, b.bytes
}

// Commit makes the new version the output folder and returns its
// manifest. In a full build, it swaps the new tree with the folder; in
// an incremental one, it writes the journal (the commit point) and does
// it: renames the staged files into place and removes the files of the
// last build that were neither put nor kept, and folders left empty.
// Before the commit point, an error leaves the folder as it was (and
// removes what was written); after it, the journal stays and the next
// Lock finishes it.
func (b *Build) Commit() (*Manifest, error) {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return nil, errors.New("write: Commit nach Commit oder Abort")
	}
	b.done = true
	err := b.err
	b.mu.Unlock()
	defer b.o.release(b)
	if err != nil {
		b.cleanup()
		return nil, err
	}
	b.o.mu.Lock()
	defer b.o.mu.Unlock()
	if b.o.closed {
		b.cleanup()
		return nil, errors.New("write: Commit nach Close")
	}
	if b.prev == nil {
		return b.commitFull()
	}
	return b.commitIncremental()
}

func (b *Build) commitFull() (*Manifest, error) {
	o := b.o
	root, err := b.rootDir()
	if err == nil {
		err = SyncFS(root)
	}
	if err != nil {
		b.cleanup()
		return nil, err
	}
	m := &Manifest{Files: b.files}
	// Until the new manifest is recorded, the lock file says nothing
	// about the folder: the new tree may have the inode of a folder
	// that an old manifest describes.
	state, known := o.state, o.known
	if err := o.setState(nil, false); err != nil {
		b.cleanup()
		return nil, err
	}
	hook("swap")
	old, err := Swap(root, o.dir)
	if err != nil {
		b.cleanup()
		o.state, o.known = state, known
		o.writeLockFile(os.Getpid(), state, false)
		return nil, err
	}
	hook("swapped")
	m.Dev, m.Ino, _ = ident(o.dir)
	o.setState(m, false)
	if old != "" {
		os.RemoveAll(old) // or the next Lock does
	}
	return m, nil
}

func (b *Build) commitIncremental() (*Manifest, error) {
	o := b.o
	m := &Manifest{Dev: b.prev.Dev, Ino: b.prev.Ino, Files: b.files}
	if len(b.staged) == 0 && len(b.files) == len(b.prev.Files) {
		m.enc = b.prev.enc // every file kept: the same manifest
	}
	j := &journal{manifest: m}
	for p := range b.staged {
		j.puts = append(j.puts, p)
	}
	// Pages last: a page that is new is seen only when what it links to
	// (new fingerprinted assets, new pages) is there.
	slices.SortFunc(j.puts, func(a, c string) int {
		if pa, pc := isPage(a), isPage(c); pa != pc {
			if pa {
				return 1
			}
			return -1
		}
		return strings.Compare(a, c)
	})
	for p := range b.prev.Files {
		if _, ok := b.files[p]; !ok {
			j.goneFiles = append(j.goneFiles, p)
		}
	}
	slices.Sort(j.goneFiles)
	// The folders change only when files come or go: then the new files
	// must fit the others (no file where another needs a folder), and
	// the folders no file needs any more go.
	if len(b.fresh) > 0 || len(j.goneFiles) > 0 {
		need := folders(b.files)
		for _, p := range b.fresh {
			if other, ok := need[p]; ok {
				b.cleanup()
				return nil, fmt.Errorf("write: %q ist eine Datei, aber auch der Ordner von %q", p, other)
			}
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				if _, ok := b.files[d]; ok {
					b.cleanup()
					return nil, fmt.Errorf("write: %q ist eine Datei, aber auch der Ordner von %q", d, p)
				}
			}
		}
		for d := range folders(b.prev.Files) {
			if _, ok := need[d]; !ok {
				j.goneDirs = append(j.goneDirs, d)
			}
		}
		slices.Sort(j.goneDirs)
		slices.Reverse(j.goneDirs) // children before parents
	}
	b.mu.Lock()
	b.removed = len(j.goneFiles)
	b.mu.Unlock()

	if len(j.puts) == 0 && len(j.goneFiles) == 0 {
		b.cleanup()
		if m.sum() != o.state {
			if err := o.setState(m, true); err != nil {
				return nil, err
			}
		}
		o.known = m
		return m, nil
	}
	stage := ""
	if len(j.puts) > 0 {
		stage = b.root
		j.stage = filepath.Base(stage)
	}
	// The folder must still be the one the files were kept from.
	if dev, ino, err := ident(o.dir); err != nil || dev != m.Dev || ino != m.Ino {
		b.cleanup()
		return nil, fmt.Errorf("write: %s wurde während des Builds ersetzt oder gelöscht", o.shown)
	}
	if err := b.writeJournal(j); err != nil {
		b.cleanup()
		return nil, err
	}
	// The commit point is passed. Until the journal is done, the lock
	// file says nothing about the folder (so that removing a journal
	// that cannot be finished leads to a full build).
	hook("committed")
	o.setState(nil, false)
	if err := o.finish(j); err != nil {
		return nil, fmt.Errorf("write: %s ist nur zum Teil aktualisiert; der nächste Build schließt das ab: %w", o.shown, err)
	}
	return m, nil
}

// writeJournal makes the journal j durable under its final name: that
// rename is the commit point.
func (b *Build) writeJournal(j *journal) error {
	o := b.o
	if j.stage != "" {
		if err := SyncFS(b.root); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(o.parent, "."+o.base+"-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(j.marshal())
	if err == nil {
		err = f.Sync()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err == nil {
		hook("journal")
		err = os.Rename(f.Name(), o.journalPath())
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	syncDir(o.parent)
	return nil
}

// isPage reports whether p is a page (or a compressed page).
func isPage(p string) bool {
	p = strings.TrimSuffix(strings.TrimSuffix(p, ".gz"), ".br")
	return strings.HasSuffix(p, ".html")
}
