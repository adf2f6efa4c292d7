// Package cache is the persistent build cache: what one run of sitegen
// build made, kept on disk (.sitegen-cache/ in the source folder) so that
// the next run redoes only what changed.
//
// # Contents
//
// The cache holds records and blobs:
//
//   - records are small byte strings under a section and a key, written
//     and read by their owners with an [Encoder] and a [Decoder]: the
//     loaded Markdown files by path (package load: size, modification
//     time, hash and the parsed front matter), the rendered pages by URL
//     and source with their signature (package build), the compressed
//     variants of contents, the manifest of the output folder;
//   - blobs are contents (a page's HTML, its .gz and .br) addressed by
//     their [digest.Sum], appended to pack files.
//
// What a build did not use again (a record it did not put or keep, a
// blob no kept record names) is dropped when it saves; pack files that
// are mostly garbage are compacted.
//
// # Files
//
//	.sitegen-cache/index       the records and the blob index, with their MAC
//	.sitegen-cache/snapshot    what the last build read, with its MAC (snapshot.go)
//	.sitegen-cache/NNNNNN.pack blobs, one pack per build that added any
//	.sitegen-cache/lock        flock(2) while a build uses the cache
//
// # Trust
//
// Threat model. Whoever can write the cache folder — a CI cache restored
// from a merge-request pipeline that built unreviewed sources, another
// user on a shared machine, a copied project — must not be able to put
// anything into the output that the sources do not make: with any cache,
// the output is byte for byte that of --no-cache. The cache is therefore
// authenticated with a key it does not hold (see [SecretEnv]): the
// secret in $SITEGEN_CACHE_SECRET when it is set (CI keeps it as a
// protected variable that merge-request pipelines never see), otherwise
// a per-user key of 32 random bytes in the user's configuration folder
// (os.UserConfigDir()/sitegen/cache-key, made 0600 in a 0700 folder on
// first use; a key file that is a symbolic link, readable or writable by
// others or owned by someone else is refused, and the build runs without
// the cache). The per-user key is bound to the cache folder's absolute
// path, so that a cache copied from another project of the same user is
// foreign too; the secret is not (CI restores caches to other paths), so
// a secret should serve one project. The index — every record under its
// section and key (loaded files with their front matter, rendered pages,
// calendars, copied files, compressed variants, collation keys, the
// output folder's manifest), the names of the packs and, for every blob,
// its place and a tag — ends in an HMAC-SHA-256 of all of it under the
// key; the tag of a blob is an HMAC-SHA-256 (cut to 128 bits) of its
// name (its digest.Sum) and its bytes, checked whenever the blob is
// read. So no record can be changed, added, dropped or moved under
// another key, and no blob swapped, without the key: a cache that fails
// is not used (one warning, [Cache.Warning]), a blob that fails is a miss
// (counted, [Cache.Rejected], and said once by the build). What the key
// does not protect: someone who has it (the user's account, the CI
// variable's maintainers) or who can write the sources, the layouts or
// the generator is trusted anyway; an older cache that the same key
// authenticated can be put back (a rollback), which is harmless for
// everything found by a hash of its inputs, and for a loaded file
// trusted on size and modification time only if the file changed since
// without either changing (that risk is the same without an attacker);
// nothing is secret (the cache holds the public site), and one who can
// write the cache can still delete it or make builds slow.
//
// Beyond that nothing read back is trusted: the index carries the
// format, the generator's version (a hash of its executable) and the
// settings that change outputs. A cache that is corrupt, truncated, of
// another format, version, settings or key is ignored with one warning
// ([Cache.Warning]) and built anew; a blob that fails its check is a
// miss, and the build makes the file again. Files in the cache folder
// are opened without following symbolic links, packs are created only
// where no file is. A cache in use by another build (its lock is held)
// is not used at all: the build runs as with --no-cache and says so.
package cache

import (
	"bytes"
	"cmp"
	"crypto/hmac"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/stadt-bamberg/integration/internal/digest"
)

const (
	magic     = "sitegen-cache\n"
	formatVer = 2 // 2: MACs instead of checksums
	indexName = "index"
)

// Cache is an open build cache. Its methods are safe for concurrent use.
type Cache struct {
	dir  string
	key  string
	mac  *macs
	lock io.Closer
	warn string

	loaded   bool   // Load was called
	snapWarn string // why the snapshot was not used, said by Load
	snapNext []byte // the snapshot Save writes (nil: none)

	rejected atomic.Int64 // blobs that failed their tag

	old       map[string][]byte  // records of the last build, by section+"\x00"+key
	oldBlobs  map[digest.Sum]loc // after blobsDone
	blobsDone chan struct{}      // closed when oldBlobs and live are made
	packs     []string           // pack file names, indexed by loc.pack

	mu       sync.Mutex
	recs     map[string][]byte
	live     map[digest.Sum]loc
	cur      *os.File // the pack this build appends to, or nil
	curIdx   uint32
	curOff   int64
	readers  map[uint32]*os.File
	writeErr error
}

type loc struct {
	pack uint32
	off  int64
	n    int64
	tag  tag
}

// Open opens (creating it if needed) the cache in dir for a build whose
// generator version and output-changing settings are key, authenticated
// with $SITEGEN_CACHE_SECRET or the per-user key (see the package doc;
// an error when neither can be had). The cache is locked until Close.
// When another build holds the lock, Open returns ErrBusy.
func Open(dir, key string) (*Cache, error) {
	c, err := Lock(dir, key)
	if err != nil {
		return nil, err
	}
	c.Load()
	return c, nil
}

// Lock is Open without reading the index: it takes the lock and nothing
// more, so that a build may look at the snapshot (see [Cache.Snapshot])
// before it pays for the records. Load must be called before any other
// method but Snapshot, SetSnapshot, Warning and Close.
func Lock(dir, key string) (*Cache, error) {
	mk, err := macKey(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l, err := lockFile(filepath.Join(dir, "lock"))
	if err != nil {
		return nil, err
	}
	return &Cache{dir: dir, key: key, mac: newMACs(mk), lock: l, old: map[string][]byte{}, oldBlobs: map[digest.Sum]loc{},
		readers: map[uint32]*os.File{}, blobsDone: make(chan struct{})}, nil
}

// Load reads the index of a cache that Lock opened (once; Open does it).
func (c *Cache) Load() {
	if c.loaded {
		return
	}
	c.loaded = true
	dir := c.dir
	data, err := readFile(filepath.Join(dir, indexName))
	var blobs []byte // the blob index, read while the build starts
	defer func() {
		// Sized for a build that keeps what the last one made.
		c.recs = make(map[string][]byte, len(c.old))
		go c.readBlobs(blobs)
	}()
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		c.warn = fmt.Sprintf("Der Cache %s kann nicht gelesen werden (%v) und wird neu aufgebaut.", dir, err)
	default:
		var why string
		if blobs, why = c.readIndex(data); why != "" {
			c.warn = fmt.Sprintf("Der Cache %s wird nicht verwendet und neu aufgebaut: %s.", dir, why)
			c.old, c.packs, blobs = map[string][]byte{}, nil, nil
		}
	}
	if c.warn == "" && c.snapWarn != "" {
		c.warn = fmt.Sprintf("Der Cache %s enthielt einen ungültigen Schnappschuss (%s); er wurde nicht verwendet.", dir, c.snapWarn)
	}
}

// ErrBusy is returned by Open when another build uses the cache.
var ErrBusy = errors.New("der Cache wird gerade von einem anderen Build benutzt")

// Warning returns what was wrong with the cache as found, or "".
func (c *Cache) Warning() string { return c.warn }

// Rejected returns how many blobs read so far failed their tag (changed
// or damaged in the pack) and were a miss.
func (c *Cache) Rejected() int { return int(c.rejected.Load()) }

// readFile reads the file p of the cache folder (see openNoFollow), in
// one buffer of its size, as os.ReadFile does.
func readFile(p string) ([]byte, error) {
	f, err := openNoFollow(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return data, nil
}

// Dir returns the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// readIndex reads the index's header, packs and records; it returns the
// blob index, for readBlobs, or why the index cannot be used.
func (c *Cache) readIndex(data []byte) ([]byte, string) {
	const macLen = 32
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, "unbekanntes Format"
	}
	// The format first, so that a cache of an older sitegen is named so.
	if v := NewDecoder(data[len(magic):]).Uint(); v != formatVer {
		return nil, "anderes Format (" + strconv.FormatUint(v, 10) + ")"
	}
	if len(data) < len(magic)+macLen {
		return nil, "die Datei index ist zu kurz für ihre Prüfsumme (abgeschnitten)"
	}
	body, trailer := data[:len(data)-macLen], data[len(data)-macLen:]
	// The MAC is computed while the records are read; nothing read is
	// used unless it matches (Open drops it all).
	ok := make(chan bool, 1)
	go func() { ok <- hmac.Equal(c.mac.index(body), trailer) }()
	blobs, why := c.parseIndex(body)
	if !<-ok {
		return nil, "seine Prüfsumme passt nicht zum Schlüssel (" + SecretEnv + " oder der Schlüssel des Benutzers): beschädigt, verändert oder von einem anderen Benutzer"
	}
	return blobs, why
}

// parseIndex reads the index's body after the magic: format, key, packs
// and records, as readIndex.
func (c *Cache) parseIndex(body []byte) ([]byte, string) {
	d := NewDecoder(body[len(magic):])
	d.Uint() // the format
	if k := d.Str(); k != c.key {
		return nil, "er stammt von einer anderen Version von sitegen oder anderen Einstellungen"
	}
	n := d.Len()
	c.packs = make([]string, n)
	for i := range n {
		c.packs[i] = d.Str()
		if !validPack(c.packs[i]) {
			return nil, "ungültiger Name einer Pack-Datei"
		}
	}
	n = d.Len()
	for range n {
		k := d.Raw()
		// The keys stay in data, which the records keep anyway.
		c.old[unsafe.String(unsafe.SliceData(k), len(k))] = d.Raw()
	}
	if d.Err() != nil {
		return nil, "die Datei index ist beschädigt"
	}
	return d.b, ""
}

// readBlobs reads the blob index b and makes the maps of blobs, then
// closes blobsDone. A blob index that cannot be read (the MAC passed, so
// only a bug) leaves no blob known: every file is made anew.
func (c *Cache) readBlobs(b []byte) {
	defer close(c.blobsDone)
	old := map[digest.Sum]loc{}
	if b != nil {
		d := NewDecoder(b)
		n := d.Len()
		old = make(map[digest.Sum]loc, n)
		for range n {
			s := d.Sum()
			l := loc{pack: uint32(d.Uint()), off: d.Int(), n: d.Int(), tag: tag(d.Sum())}
			if int(l.pack) >= len(c.packs) || l.off < 0 || l.n < 0 {
				d.fail()
			}
			old[s] = l
		}
		if d.Done() != nil {
			old = map[digest.Sum]loc{}
		}
	}
	c.oldBlobs = old
	c.live = make(map[digest.Sum]loc, len(old))
}

// Owns reports whether the folder dir holds nothing but files a cache
// keeps there (its index, lock, packs and temporary index files), so
// that a build may use it as its cache (see write.CheckCache: a folder
// holding anything else is refused).
func Owns(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := e.Name()
		if !e.Type().IsRegular() || !(n == indexName || n == "lock" || n == snapshotName || validPack(n) || strings.HasPrefix(n, indexName+".tmp-") || strings.HasPrefix(n, snapshotName+".tmp-")) {
			return false
		}
	}
	return true
}

func validPack(name string) bool {
	num, ok := strings.CutSuffix(name, ".pack")
	return ok && len(num) == 6 && strings.Trim(num, "0123456789") == ""
}

func recKey(section, key string) string { return section + "\x00" + key }

// Get returns the record of the last build under section and key.
func (c *Cache) Get(section, key string) ([]byte, bool) {
	v, ok := c.old[recKey(section, key)]
	return v, ok
}

// Put stores a record for the next build. The bytes must not change
// afterwards.
func (c *Cache) Put(section, key string, val []byte) {
	c.mu.Lock()
	c.recs[recKey(section, key)] = val
	c.mu.Unlock()
}

// Keep carries the last build's record under section and key over to the
// next build, as it is. It reports whether there was one.
func (c *Cache) Keep(section, key string) bool {
	v, ok := c.Get(section, key)
	if ok {
		c.Put(section, key, v)
	}
	return ok
}

// Has reports whether the cache holds a blob with the sum s (unverified:
// Blob may still fail).
func (c *Cache) Has(s digest.Sum) bool {
	<-c.blobsDone
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.oldBlobs[s]; ok {
		return true
	}
	_, ok := c.live[s]
	return ok
}

// KeepBlob keeps the blob with the sum s for the next build, if the cache
// has it, and reports whether it does.
func (c *Cache) KeepBlob(s digest.Sum) bool {
	<-c.blobsDone
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.live[s]; ok {
		return true
	}
	l, ok := c.oldBlobs[s]
	if ok {
		c.live[s] = l
	}
	return ok
}

// Store adds data, whose sum is s, as a blob (unless the cache has it) and
// keeps it for the next build. A failure to write is remembered and
// reported by Save; the build goes on.
func (c *Cache) Store(s digest.Sum, data []byte) {
	<-c.blobsDone
	c.mu.Lock()
	if _, ok := c.live[s]; ok {
		c.mu.Unlock()
		return
	}
	if l, ok := c.oldBlobs[s]; ok {
		c.live[s] = l
		c.mu.Unlock()
		return
	}
	if c.writeErr != nil {
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	t := c.mac.blob(s, data) // outside the lock
	c.mu.Lock()
	if _, ok := c.live[s]; ok || c.writeErr != nil { // stored, or failed, meanwhile
		c.mu.Unlock()
		return
	}
	if c.cur == nil {
		if err := c.newPack(); err != nil {
			c.writeErr = err
			c.mu.Unlock()
			return
		}
	}
	l := loc{pack: c.curIdx, off: c.curOff, n: int64(len(data)), tag: t}
	c.curOff += l.n
	f := c.cur
	c.live[s] = l
	c.mu.Unlock()
	// Written outside the lock, at the reserved place.
	if _, err := f.WriteAt(data, l.off); err != nil {
		c.mu.Lock()
		delete(c.live, s)
		if c.writeErr == nil {
			c.writeErr = err
		}
		c.mu.Unlock()
	}
}

// newPack creates the next pack file; c.mu is held.
func (c *Cache) newPack() error {
	n := 0
	for _, p := range c.packs {
		v, _ := strconv.Atoi(strings.TrimSuffix(p, ".pack"))
		n = max(n, v+1)
	}
	entries, _ := os.ReadDir(c.dir)
	for _, e := range entries { // leftovers of killed builds are not reused
		if validPack(e.Name()) {
			v, _ := strconv.Atoi(strings.TrimSuffix(e.Name(), ".pack"))
			n = max(n, v+1)
		}
	}
	name := fmt.Sprintf("%06d.pack", n%1000000)
	// O_EXCL: never into a file (or through a link) someone put there.
	f, err := os.OpenFile(filepath.Join(c.dir, name), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	c.packs = append(c.packs, name)
	c.cur, c.curIdx, c.curOff = f, uint32(len(c.packs)-1), 0
	return nil
}

// Blob returns the blob with the sum s, checked against its tag, and
// keeps it for the next build. A blob that fails its tag is ErrCorrupt
// and counted (Rejected).
func (c *Cache) Blob(s digest.Sum) ([]byte, error) {
	<-c.blobsDone
	c.mu.Lock()
	l, ok := c.live[s]
	if !ok {
		l, ok = c.oldBlobs[s]
	}
	if !ok {
		c.mu.Unlock()
		return nil, fmt.Errorf("cache: kein Eintrag %s", s)
	}
	f, err := c.reader(l.pack)
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	data := make([]byte, l.n)
	if _, err := f.ReadAt(data, l.off); err != nil {
		return nil, fmt.Errorf("cache: %s: %w", s, err)
	}
	if c.mac.blob(s, data) != l.tag {
		c.rejected.Add(1)
		c.mu.Lock() // forgotten, so that Store writes the file anew
		if c.oldBlobs[s] == l {
			delete(c.oldBlobs, s)
		}
		if c.live[s] == l {
			delete(c.live, s)
		}
		c.mu.Unlock()
		return nil, fmt.Errorf("cache: %s: %w", s, ErrCorrupt)
	}
	c.mu.Lock()
	c.live[s] = l
	c.mu.Unlock()
	return data, nil
}

// reader returns a file to read the pack i from; c.mu is held.
func (c *Cache) reader(i uint32) (*os.File, error) {
	if i == c.curIdx && c.cur != nil {
		return c.cur, nil
	}
	if f, ok := c.readers[i]; ok {
		return f, nil
	}
	f, err := openNoFollow(filepath.Join(c.dir, c.packs[i]))
	if err != nil {
		return nil, err
	}
	c.readers[i] = f
	return f, nil
}

// Save writes what this build put and kept as the cache for the next
// build, compacting packs that are mostly garbage, and closes the cache.
func (c *Cache) Save() error {
	c.Load()
	<-c.blobsDone
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.save()
	c.closeFiles()
	return errors.Join(err, c.lock.Close())
}

// Close closes the cache without saving: the next build finds it as this
// one did.
func (c *Cache) Close() error {
	if c.loaded {
		<-c.blobsDone
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeFiles()
	if c.cur != nil {
		os.Remove(filepath.Join(c.dir, c.packs[c.curIdx]))
	}
	return c.lock.Close()
}

func (c *Cache) closeFiles() {
	for _, f := range c.readers {
		f.Close()
	}
	clear(c.readers)
	if c.cur != nil {
		c.cur.Close()
	}
}

// compactBelow is the share of live bytes under which a pack is copied
// into a new one when saving; smaller packs are merged as well while
// there are more than maxPacks.
const (
	compactBelow = 0.5
	maxPacks     = 8
)

func (c *Cache) save() error {
	if c.writeErr != nil {
		return c.writeErr
	}
	// Live bytes per pack; packs to copy from.
	liveBytes := make([]int64, len(c.packs))
	size := make([]int64, len(c.packs))
	for _, l := range c.live {
		liveBytes[l.pack] += l.n
	}
	for i, p := range c.packs {
		if uint32(i) == c.curIdx && c.cur != nil {
			size[i] = c.curOff
			continue
		}
		if info, err := os.Stat(filepath.Join(c.dir, p)); err == nil {
			size[i] = info.Size()
		}
	}
	used := 0
	for i := range c.packs {
		if liveBytes[i] > 0 {
			used++
		}
	}
	move := map[uint32]bool{}
	for i := range c.packs {
		if liveBytes[i] > 0 && float64(liveBytes[i]) < compactBelow*float64(size[i]) {
			move[uint32(i)] = true
		}
	}
	if used > maxPacks { // also merge the smallest packs
		order := make([]int, 0, len(c.packs))
		for i := range c.packs {
			if liveBytes[i] > 0 {
				order = append(order, i)
			}
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(liveBytes[a], liveBytes[b]) })
		for _, i := range order[:len(order)-maxPacks/2] {
			move[uint32(i)] = true
		}
	}
	if c.cur != nil {
		delete(move, c.curIdx)
	}
	if len(move) > 0 {
		sums := make([]digest.Sum, 0)
		for s, l := range c.live {
			if move[l.pack] {
				sums = append(sums, s)
			}
		}
		slices.SortFunc(sums, func(a, b digest.Sum) int { return bytes.Compare(a[:], b[:]) })
		for _, s := range sums {
			l := c.live[s]
			f, err := c.reader(l.pack)
			if err != nil {
				delete(c.live, s)
				continue
			}
			data := make([]byte, l.n)
			if _, err := f.ReadAt(data, l.off); err != nil || c.mac.blob(s, data) != l.tag {
				delete(c.live, s)
				continue
			}
			if c.cur == nil {
				if err := c.newPack(); err != nil {
					return err
				}
			}
			if _, err := c.cur.WriteAt(data, c.curOff); err != nil {
				return err
			}
			c.live[s] = loc{pack: c.curIdx, off: c.curOff, n: l.n, tag: l.tag}
			c.curOff += l.n
		}
	}
	// The packs still used, renumbered.
	keep := map[uint32]uint32{}
	var names []string
	for _, l := range c.live {
		if _, ok := keep[l.pack]; !ok {
			keep[l.pack] = 0
		}
	}
	idx := make([]uint32, 0, len(keep))
	for i := range keep {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for n, i := range idx {
		keep[i] = uint32(n)
		names = append(names, c.packs[i])
	}

	var e Encoder
	e.b = append(e.b, magic...)
	e.Uint(formatVer)
	e.Str(c.key)
	e.Uint(uint64(len(names)))
	for _, n := range names {
		e.Str(n)
	}
	// In map order: the index is read into maps, its order means nothing.
	grow := 0
	for k, v := range c.recs {
		grow += len(k) + len(v) + 8
	}
	e.b = slices.Grow(e.b, grow+len(c.live)*56+32)
	e.Uint(uint64(len(c.recs)))
	for k, v := range c.recs {
		e.Str(k)
		e.Raw(v)
	}
	e.Uint(uint64(len(c.live)))
	for s, l := range c.live {
		e.Sum(s)
		e.Uint(uint64(keep[l.pack]))
		e.Int(l.off)
		e.Int(l.n)
		e.Sum(digest.Sum(l.tag))
	}
	e.b = append(e.b, c.mac.index(e.b)...)

	if c.cur != nil {
		if err := c.cur.Sync(); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(c.dir, indexName+".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(e.b)
	err = errors.Join(err, tmp.Sync(), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, indexName))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := c.saveSnapshot(); err != nil {
		return err
	}
	// Packs and temporary files nobody names any more.
	inUse := map[string]bool{}
	for _, n := range names {
		inUse[n] = true
	}
	entries, _ := os.ReadDir(c.dir)
	for _, en := range entries {
		n := en.Name()
		if (validPack(n) && !inUse[n]) || strings.HasPrefix(n, indexName+".tmp-") || strings.HasPrefix(n, snapshotName+".tmp-") {
			os.Remove(filepath.Join(c.dir, n))
		}
	}
	return nil
}
