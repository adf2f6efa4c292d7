package build

import (
	"cmp"
	"errors"
	"io"
	"io/fs"
	"slices"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/parallel"
	"github.com/stadt-bamberg/integration/internal/write"
)

// # Nothing changed
//
// ToDir reads its source through a recorder (recordFS): every file and
// folder it stats, opens or lists, with its size, modification time, mode
// and (on Linux) inode and change time — a folder's modification and
// change times change when an entry is added, removed or renamed in it
// (POSIX), so there its stat stands for its names; elsewhere the names
// and their types are kept. After a build without errors, that record — with the
// options, the search and CMS settings, the state of the output folder
// just committed (write.State: the sum of its manifest and the folder's
// identity) and what the build reports (counts, warnings, the next
// change) — is the cache's snapshot (cache.Cache.SetSnapshot, under the
// cache's MAC). The next ToDir looks at the snapshot before it reads
// anything else: when the options and settings are the same, the output
// folder still holds what that build left, and every file and folder
// recorded is as it was, nothing can have changed — the build writes
// nothing, says what the last one said, and returns.
//
// A file modified less than load.RacyWindow before the build began (or
// later) is "racily clean": a second change within the file system's
// time resolution could keep its size and time. Its bytes, as the build
// read them, are hashed into the record, and the check reads and hashes
// the file again; so for a racily clean folder, its names and their
// types. A racily clean file the build read only in part, or a
// file that changed while the build read it, leaves no snapshot.
//
// Threat model: the snapshot is trusted as a record is (package cache):
// who cannot compute the cache's MAC cannot make one, nor change one; a
// snapshot that fails is not used, and the build is the full one. An
// older snapshot of the same key put back (a rollback) is used only if
// the output folder — which the cache's writer cannot write — still
// holds what that build made from sources that are still as they were;
// then writing nothing is right. What the record cannot see — a file
// changed with its size, modification and change times and inode kept,
// which needs the clock or the file system in hand — is the risk the
// loaded files' records already take (package load).

// snapshotVer is the format of a snapshot's payload.
const snapshotVer = 1

// Kinds of what a recordFS saw at a path.
const (
	factStat = 1 << iota // the file's (or folder's) stat, or that it is missing
	factList             // a folder's listing
	factData             // the bytes read (racily clean files)
)

// fact is what the build saw at one path of one root.
type fact struct {
	root  int // index of the recordFS in a recording
	path  string
	kinds int
	// factStat
	exists      bool
	size, mtime int64
	mode        uint32
	ino, ctime  uint64
	list, data  digest.Sum // factList, factData
}

func (f *fact) sameStat(g *fact) bool {
	return f.exists == g.exists && f.size == g.size && f.mtime == g.mtime && f.mode == g.mode && f.ino == g.ino && f.ctime == g.ctime
}

// statFact returns the fact of a stat.
func statFact(info fs.FileInfo, err error) (fact, error) {
	if errors.Is(err, fs.ErrNotExist) {
		return fact{kinds: factStat}, nil
	}
	if err != nil {
		return fact{}, err
	}
	f := fact{kinds: factStat, exists: true, size: info.Size(), mtime: info.ModTime().UnixNano(), mode: uint32(info.Mode())}
	f.ino, f.ctime = load.FileIdentity(info)
	if info.IsDir() {
		f.size = 0 // its modification time says when an entry was added, removed or renamed
	}
	return f, nil
}

// listSum returns the sum of a folder's listing.
func listSum(entries []fs.DirEntry) digest.Sum {
	h := digest.New()
	for _, e := range entries {
		h.Str(e.Name())
		h.U64(uint64(e.Type()))
	}
	return h.Sum()
}

// recordFS is an fs.FS that records what is read through it (see
// "Nothing changed"). It is safe for concurrent use.
type recordFS struct {
	fsys  fs.FS
	root  int
	racy  time.Time // files modified at or after it are racily clean
	mu    *sync.Mutex
	facts map[string]*fact
	spoil *string // why no snapshot can be made; "" none
	open  *int    // racily clean files opened and not yet closed
}

// A recording holds the recordFS of one build: the source, and Decap's
// folder when the build has /admin/.
type recording struct {
	mu    sync.Mutex
	racy  time.Time
	roots []*recordFS
	spoil string
	open  int
}

func newRecording(start time.Time) *recording {
	return &recording{racy: start.Add(-load.RacyWindow)}
}

// wrap returns fsys recorded as the next root.
func (r *recording) wrap(fsys fs.FS) *recordFS {
	rf := &recordFS{fsys: fsys, root: len(r.roots), racy: r.racy, mu: &r.mu, facts: map[string]*fact{}, spoil: &r.spoil, open: &r.open}
	r.roots = append(r.roots, rf)
	return rf
}

func (r *recordFS) spoiled(why string) {
	r.mu.Lock()
	if *r.spoil == "" {
		*r.spoil = why
	}
	r.mu.Unlock()
}

// note adds what was seen at p; seen twice differently, the file changed
// during the build.
func (r *recordFS) note(p string, f fact) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.facts[p]
	if !ok {
		f.root, f.path = r.root, p
		r.facts[p] = &f
		return
	}
	if f.kinds&factStat != 0 {
		if old.kinds&factStat != 0 && !old.sameStat(&f) && *r.spoil == "" {
			*r.spoil = p + " changed during the build"
		}
		if old.kinds&factStat == 0 {
			old.exists, old.size, old.mtime, old.mode, old.ino, old.ctime = f.exists, f.size, f.mtime, f.mode, f.ino, f.ctime
		}
	}
	if f.kinds&factList != 0 {
		if old.kinds&factList != 0 && old.list != f.list && *r.spoil == "" {
			*r.spoil = p + " changed during the build"
		}
		old.list = f.list
	}
	if f.kinds&factData != 0 {
		if old.kinds&factData != 0 && old.data != f.data && *r.spoil == "" {
			*r.spoil = p + " changed during the build"
		}
		old.data = f.data
	}
	old.kinds |= f.kinds
}

func (r *recordFS) isRacy(f fact) bool {
	return f.exists && f.mtime >= r.racy.UnixNano()
}

// needsList reports whether a folder's names must be kept, not just its
// stat: when it is racily clean, or its file system shows no change time
// (not Linux, or an fs.FS such as fstest.MapFS, whose folders have no
// times of their own).
func (r *recordFS) needsList(f fact) bool {
	return f.ctime == 0 || r.isRacy(f)
}

func (r *recordFS) Open(name string) (fs.File, error) {
	file, err := r.fsys.Open(name)
	if err != nil {
		f, serr := statFact(nil, err)
		if serr != nil {
			r.spoiled(name + ": " + err.Error())
		} else {
			r.note(name, f)
		}
		return nil, err
	}
	info, err := file.Stat()
	f, serr := statFact(info, err)
	if serr != nil {
		r.spoiled(name + ": " + serr.Error())
		return file, nil
	}
	r.note(name, f)
	if info.IsDir() {
		return &recordDir{File: file, r: r, name: name}, nil
	}
	if !r.isRacy(f) {
		return file, nil
	}
	r.mu.Lock()
	*r.open++
	r.mu.Unlock()
	return &racyFile{File: file, r: r, name: name}, nil
}

func (r *recordFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(r.fsys, name)
	f, serr := statFact(info, err)
	if serr != nil {
		r.spoiled(name + ": " + serr.Error())
	} else {
		r.note(name, f)
	}
	return info, err
}

func (r *recordFS) ReadFile(name string) ([]byte, error) {
	info, err := fs.Stat(r.fsys, name) // before the bytes: see "Nothing changed"
	f, serr := statFact(info, err)
	if serr != nil {
		r.spoiled(name + ": " + serr.Error())
	} else {
		r.note(name, f)
	}
	data, err := fs.ReadFile(r.fsys, name)
	if err == nil && r.isRacy(f) {
		r.note(name, fact{kinds: factData, data: digest.Of(data)})
	}
	return data, err
}

func (r *recordFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := statFact(fs.Stat(r.fsys, name)) // before the names: see "Nothing changed"
	if err != nil {
		r.spoiled(name + ": " + err.Error())
	} else {
		r.note(name, f)
	}
	entries, err := fs.ReadDir(r.fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r.note(name, fact{kinds: factStat})
	case err != nil:
		r.spoiled(name + ": " + err.Error())
	case r.needsList(f):
		r.note(name, fact{kinds: factList, list: listSum(entries)})
	}
	return entries, err
}

// racyFile keeps the bytes read of a racily clean file, and hashes them
// when all were read.
type racyFile struct {
	fs.File
	r      *recordFS
	name   string
	buf    []byte
	eof    bool
	closed bool
}

func (f *racyFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.buf = append(f.buf, p[:n]...)
	if err == io.EOF {
		f.eof = true
	}
	return n, err
}

func (f *racyFile) Close() error {
	if !f.closed {
		f.closed = true
		if f.eof {
			f.r.note(f.name, fact{kinds: factData, data: digest.Of(f.buf)})
		} else {
			f.r.spoiled(f.name + " read in part")
		}
		f.r.mu.Lock()
		*f.r.open--
		f.r.mu.Unlock()
	}
	return f.File.Close()
}

// recordDir records the listing of a folder read through Open.
type recordDir struct {
	fs.File
	r    *recordFS
	name string
}

func (d *recordDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rd, ok := d.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: errors.New("not implemented")}
	}
	entries, err := rd.ReadDir(n)
	d.r.mu.Lock()
	f, ok := d.r.facts[d.name] // its stat, noted by Open
	list := !ok || d.r.needsList(*f)
	d.r.mu.Unlock()
	if n > 0 || err != nil {
		d.r.spoiled(d.name + " listed in part")
	} else if list {
		slices.SortFunc(entries, func(a, b fs.DirEntry) int { return cmp.Compare(a.Name(), b.Name()) })
		d.r.note(d.name, fact{kinds: factList, list: listSum(entries)})
	}
	return entries, err
}

// snapshot is what ToDir keeps of a build for the next (see "Nothing
// changed").
type snapshot struct {
	settings digest.Sum // options and settings (settingsSum)
	// The build's instant and the next at which its output changes by
	// the clock (Site.NextChange; 0: never), in Unix nanoseconds.
	now, next int64
	out       write.State // the output folder after the build
	facts     []fact
	// What the build reported.
	stats        Stats
	diags        []diag.Diagnostic
	notice       string
	cmsBackend   bool // the site has site: cms: (for cms.NotInstalled)
	nextChange   string
	placeholders int
}

// seal returns the facts recorded, sorted, or why they make no snapshot.
func (r *recording) seal() ([]fact, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.spoil != "" {
		return nil, r.spoil
	}
	if r.open != 0 {
		return nil, "a racily clean file not closed"
	}
	var facts []fact
	for _, rf := range r.roots {
		for _, f := range rf.facts {
			facts = append(facts, *f)
		}
	}
	// The newest first: a file edited lately is the likeliest to be
	// edited again, and the check stops at the first change it finds.
	slices.SortFunc(facts, func(a, b fact) int {
		return cmp.Or(cmp.Compare(b.mtime, a.mtime), cmp.Compare(a.root, b.root), cmp.Compare(a.path, b.path))
	})
	return facts, ""
}

func (s *snapshot) encode() []byte {
	var e cache.Encoder
	e.Uint(snapshotVer)
	e.Sum(s.settings)
	e.Int(s.now)
	e.Int(s.next)
	e.Sum(s.out.Sum)
	e.Uint(s.out.Dev)
	e.Uint(s.out.Ino)
	e.Uint(uint64(len(s.facts)))
	for _, f := range s.facts {
		e.Uint(uint64(f.root))
		e.Str(f.path)
		e.Uint(uint64(f.kinds))
		if f.kinds&factStat != 0 {
			e.Bool(f.exists)
			e.Int(f.size)
			e.Int(f.mtime)
			e.Uint(uint64(f.mode))
			e.Uint(f.ino)
			e.Uint(f.ctime)
		}
		if f.kinds&factList != 0 {
			e.Sum(f.list)
		}
		if f.kinds&factData != 0 {
			e.Sum(f.data)
		}
	}
	st := s.stats
	for _, n := range []int{st.Pages, st.Redirects, st.Files, s.placeholders} {
		e.Int(int64(n))
	}
	e.Int(st.Bytes)
	e.Diags(s.diags)
	e.Str(s.notice)
	e.Bool(s.cmsBackend)
	e.Str(s.nextChange)
	return e.Bytes()
}

func decodeSnapshot(data []byte) (*snapshot, bool) {
	d := cache.NewDecoder(data)
	if d.Uint() != snapshotVer {
		return nil, false
	}
	s := &snapshot{settings: d.Sum(), now: d.Int(), next: d.Int()}
	s.out.Sum = d.Sum()
	s.out.Dev, s.out.Ino = d.Uint(), d.Uint()
	n := d.Len()
	s.facts = make([]fact, 0, n)
	for range n {
		f := fact{root: int(d.Uint()), path: d.Str(), kinds: int(d.Uint())}
		if f.kinds&factStat != 0 {
			f.exists, f.size, f.mtime = d.Bool(), d.Int(), d.Int()
			f.mode, f.ino, f.ctime = uint32(d.Uint()), d.Uint(), d.Uint()
		}
		if f.kinds&factList != 0 {
			f.list = d.Sum()
		}
		if f.kinds&factData != 0 {
			f.data = d.Sum()
		}
		s.facts = append(s.facts, f)
	}
	st := &s.stats
	st.Pages, st.Redirects, st.Files, s.placeholders = int(d.Int()), int(d.Int()), int(d.Int()), int(d.Int())
	st.Bytes = d.Int()
	s.diags = d.Diags()
	s.notice = d.Str()
	s.cmsBackend = d.Bool()
	s.nextChange = d.Str()
	if d.Done() != nil {
		return nil, false
	}
	return s, true
}

// holds reports whether every fact of s is still true of roots (the
// source, and Decap's folder when there is one), checked on every core,
// newest first, up to the first that is not.
func (s *snapshot) holds(roots []fs.FS) bool {
	for _, f := range s.facts {
		if f.root >= len(roots) {
			return false
		}
	}
	changed := errors.New("changed")
	return parallel.ForErr(len(s.facts), func(i int) error {
		if !factHolds(&s.facts[i], roots[s.facts[i].root]) {
			return changed // the facts not yet checked are skipped
		}
		return nil
	}) == nil
}

func factHolds(f *fact, fsys fs.FS) bool {
	if f.kinds&factStat != 0 {
		now, err := statFact(fs.Stat(fsys, f.path))
		if err != nil || !now.sameStat(f) {
			return false
		}
	}
	if f.kinds&factList != 0 {
		entries, err := fs.ReadDir(fsys, f.path)
		if err != nil || listSum(entries) != f.list {
			return false
		}
	}
	if f.kinds&factData != 0 {
		data, err := fs.ReadFile(fsys, f.path)
		if err != nil || digest.Of(data) != f.data {
			return false
		}
	}
	return true
}

// settingsSum hashes what a build's output depends on beyond the files
// it reads: the options, the cache's key (version and settings), the
// output folder, whether there is a search index, and whether Decap was
// looked for in vain or found (roots: 2).
func settingsSum(opts Options, key, out string, search, noDecap bool, roots int) digest.Sum {
	h := digest.New()
	h.Str(key)
	h.Str(out)
	h.Bool(opts.Drafts)
	// --now replaces Now (see Options); without it, the instant is
	// checked against the snapshot's interval (see unchanged).
	h.Str("now " + opts.NowText)
	h.Str(opts.BaseURL)
	h.Bool(opts.Minify)
	h.Bool(opts.Fingerprint)
	h.Bool(opts.Compress)
	h.Bool(search)
	h.Bool(noDecap)
	h.Int(roots)
	return h.Sum()
}

// newSnapshot returns the snapshot of a build that left the output
// folder in the state out.
func newSnapshot(settings digest.Sum, now time.Time, out write.State, facts []fact, res *Result, cmsBackend bool) *snapshot {
	s := &snapshot{settings: settings, now: now.UnixNano(), out: out, facts: facts, stats: res.Stats, diags: res.Diagnostics,
		notice: res.Notice, cmsBackend: cmsBackend, placeholders: res.Placeholders}
	if !res.NextChange.IsZero() {
		s.next = res.NextChange.UnixNano()
		s.nextChange = res.NextChange.Format(time.RFC3339Nano)
	}
	return s
}

// unchangedResult is the result of a build that found nothing changed.
type unchangedResult struct {
	*Result
	cmsBackend bool
}

// unchanged returns the result of the last build when its snapshot in pc
// says that nothing changed since (see "Nothing changed"): the same
// settings, the same --now or, without it, an instant now at or after
// that build's and before its output changes by the clock
// (Site.NextChange), the output folder out as that build left it, and
// every file and folder it read as it was.
func unchanged(pc *cache.Cache, out *write.Output, settings digest.Sum, opts Options, roots []fs.FS) (unchangedResult, bool) {
	data, ok := pc.Snapshot()
	if !ok {
		return unchangedResult{}, false
	}
	s, ok := decodeSnapshot(data)
	if !ok || s.settings != settings {
		return unchangedResult{}, false
	}
	if opts.NowText == "" {
		if n := opts.Now.UnixNano(); n < s.now || s.next != 0 && n >= s.next {
			return unchangedResult{}, false
		}
	}
	if !out.Holds(s.out) || !s.holds(roots) {
		return unchangedResult{}, false
	}
	res := &Result{Diagnostics: s.diags, Notice: s.notice, Placeholders: s.placeholders}
	res.Stats = Stats{Unchanged: true, Pages: s.stats.Pages, Redirects: s.stats.Redirects, Files: s.stats.Files, Bytes: s.stats.Bytes}
	if s.nextChange != "" {
		t, err := time.Parse(time.RFC3339Nano, s.nextChange)
		if err != nil {
			return unchangedResult{}, false
		}
		res.NextChange = t
	}
	return unchangedResult{res, s.cmsBackend}, true
}
