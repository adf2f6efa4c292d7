package load

import (
	"io/fs"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/tree"
)

// # The persistent cache
//
// With a cache.Cache (LoadPersistent), every Markdown file leaves a record
// under its path in the section "load": its size, modification time, the
// hash of its bytes, when it was looked at, and what loading it gave (the
// front matter tree, where the body starts and its hash, or the problems).
// The next load takes the record instead of the file when
//
//   - size, modification time and, where the system shows them
//     (FileIdentity: Linux), inode and change time are the same, and the
//     file had not been modified for RacyWindow before the record was
//     made (a file changed twice within the file system's time resolution
//     would otherwise look unchanged) — the file is not even read: its
//     Body stays nil until ReadBody. The modification time alone can be
//     set back at will (touch -d, touch -r, tar, rsync -t): an edit of the
//     same size with its old time restored must not be missed; the change
//     time cannot be set, and writing a new file changes the inode; or
//   - the bytes are the same (a fresh checkout changes every time): the
//     file is read and hashed but not parsed again.
//
// Trusting size and time is safe only because the record is: package
// cache hands out no record whose index fails its MAC (a cache rewritten
// by someone without the key is not used at all).

// section is the cache section of loaded files.
const section = "load"

// RacyWindow is how long a file must have been left alone before a
// record of it is trusted on size and time alone (also for the files
// package build copies from content/).
const RacyWindow = 2 * time.Second

// LoadPersistent is Load with the persistent cache c (see above); now is
// when the load starts (by the clock: it only decides what to trust).
func LoadPersistent(fsys fs.FS, dir string, diags *diag.List, c *cache.Cache, now time.Time) *Content {
	return load(fsys, dir, diags, func(p string, local *diag.List) *File {
		return loadRecorded(fsys, dir, p, local, c, now)
	}, nil)
}

// record is what the cache keeps of one file.
type record struct {
	size, mtime, seen int64
	ino, ctime        uint64     // FileIdentity: zero where unknown
	sum               digest.Sum // of the file's bytes
	f                 *File      // nil if loading failed
	diags             []diag.Diagnostic
}

func loadRecorded(fsys fs.FS, dir, p string, diags *diag.List, c *cache.Cache, now time.Time) *File {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
		return nil
	}
	old, haveOld := decodeRecord(c, p)
	size, mtime := info.Size(), info.ModTime().UnixNano()
	ino, ctime := FileIdentity(info)
	if haveOld && old.size == size && old.mtime == mtime && old.ino == ino && old.ctime == ctime && old.mtime < old.seen-int64(RacyWindow) {
		c.Keep(section, p)
		return old.use(info, nil, diags)
	}
	if size > MaxPageSize {
		return loadFile(fsys, dir, p, diags) // reports it
	}
	raw, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
		return nil
	}
	r := record{size: int64(len(raw)), mtime: mtime, ino: ino, ctime: ctime, seen: now.UnixNano(), sum: digest.Of(raw)}
	var f *File
	if haveOld && old.sum == r.sum {
		f = old.use(info, raw, diags)
		r.f, r.diags = old.f, old.diags
	} else {
		var local diag.List
		if f = newFile(dir, p, &local); f != nil {
			f.ModTime = info.ModTime()
			f = parseFile(f, raw, &local)
		}
		r.diags = local.Sorted()
		diags.Append(r.diags...)
		if f != nil {
			cp := *f
			r.f = &cp
		}
	}
	c.Put(section, p, r.encode())
	return f
}

// use returns the record's file with the given file info and, when it
// was read, its bytes raw; the record's problems are added to diags.
func (r *record) use(info fs.FileInfo, raw []byte, diags *diag.List) *File {
	diags.Append(r.diags...)
	if r.f == nil {
		return nil
	}
	f := *r.f
	f.ModTime = info.ModTime()
	if raw != nil && f.bodyOff >= 0 && f.bodyOff <= len(raw) {
		f.Body = raw[f.bodyOff:]
	} else {
		f.unread = true
	}
	return &f
}

// ReadBody reads f's Body from fsys if it is not there yet (a file taken
// from the persistent cache), checking it against BodySum. It returns
// false, with a problem in diags, if the file changed since it was loaded.
func (f *File) ReadBody(fsys fs.FS, diags *diag.List) bool {
	if !f.unread {
		return true
	}
	raw, err := fs.ReadFile(fsys, f.Path)
	if err == nil && f.bodyOff >= 0 && f.bodyOff <= len(raw) && digest.Of(raw[f.bodyOff:]) == f.BodySum {
		f.Body, f.unread = raw[f.bodyOff:], false
		return true
	}
	diags.Errorf(f.Path, 0, "Die Datei wurde während des Bauens geändert. Bitte noch einmal bauen.")
	return false
}

// Derived returns a file without text that stands for a page made from
// f (a series' page, made from its section): the same paths and time,
// an empty front matter and no body to read or drop.
func (f *File) Derived() *File {
	return &File{Path: f.Path, Rel: f.Rel, Dir: f.Dir, Meta: &Node{Kind: Map}, ModTime: f.ModTime, Lang: f.Lang, Orig: f.Orig, bodyOff: -1}
}

// DropBody releases f's Body once nothing needs it any more; ReadBody
// reads it again.
func (f *File) DropBody() {
	if f.bodyOff >= 0 {
		f.Body, f.unread = nil, true
	}
}

func (r *record) encode() []byte {
	var e cache.Encoder
	e.Int(r.size)
	e.Int(r.mtime)
	e.Int(r.seen)
	e.Uint(r.ino)
	e.Uint(r.ctime)
	e.Sum(r.sum)
	e.Diags(r.diags)
	e.Bool(r.f != nil)
	if f := r.f; f != nil {
		e.Int(int64(f.Kind))
		e.Bool(f.Bundle)
		e.Str(f.Format)
		e.Int(int64(f.BodyLine))
		e.Int(int64(f.bodyOff))
		e.Sum(f.BodySum)
		e.Int(int64(f.Placeholders))
		encodeNode(&e, f.Meta)
	}
	return e.Bytes()
}

func decodeRecord(c *cache.Cache, p string) (*record, bool) {
	b, ok := c.Get(section, p)
	if !ok {
		return nil, false
	}
	d := cache.NewDecoder(b)
	r := &record{size: d.Int(), mtime: d.Int(), seen: d.Int(), ino: d.Uint(), ctime: d.Uint(), sum: d.Sum()}
	r.diags = d.Diags()
	if d.Bool() {
		var dummy diag.List
		f := newFile("content", p, &dummy)
		if f == nil {
			return nil, false
		}
		kind, bundle, format := Kind(d.Int()), d.Bool(), d.Str()
		if kind != f.Kind || bundle != f.Bundle || (format != "yaml" && format != "toml") {
			return nil, false
		}
		f.Format = format
		f.BodyLine = int(d.Int())
		f.bodyOff = int(d.Int())
		f.BodySum = d.Sum()
		f.Placeholders = int(d.Int())
		f.Meta = decodeNode(d, 0)
		f.size = r.size
		if f.Meta == nil || f.Meta.Kind != Map || f.bodyOff > int(r.size) {
			return nil, false
		}
		r.f = f
	}
	if d.Done() != nil {
		return nil, false
	}
	return r, true
}

func encodeNode(e *cache.Encoder, n *Node) {
	e.Int(int64(n.Kind))
	e.Int(int64(n.Line))
	e.Str(n.Text)
	e.Str(n.Tag)
	e.Uint(uint64(len(n.Items)))
	for _, it := range n.Items {
		encodeNode(e, it)
	}
	e.Uint(uint64(len(n.Fields)))
	for _, f := range n.Fields {
		e.Str(f.Key)
		e.Int(int64(f.Line))
		encodeNode(e, f.Value)
	}
}

// maxDepth bounds the nesting of a decoded tree (the YAML reader refuses
// deeper front matter long before).
const maxDepth = 100

func decodeNode(d *cache.Decoder, depth int) *Node {
	if depth > maxDepth || d.Err() != nil {
		return nil
	}
	n := &Node{Kind: tree.Kind(d.Int()), Line: int(d.Int()), Text: d.Str(), Tag: d.Str()}
	if n.Kind < Null || n.Kind > Map {
		return nil
	}
	if k := d.Len(); k > 0 {
		n.Items = make([]*Node, k)
		for i := range n.Items {
			if n.Items[i] = decodeNode(d, depth+1); n.Items[i] == nil {
				return nil
			}
		}
	}
	if k := d.Len(); k > 0 {
		n.Fields = make([]Field, k)
		for i := range n.Fields {
			n.Fields[i] = Field{Key: d.Str(), Line: int(d.Int())}
			if n.Fields[i].Value = decodeNode(d, depth+1); n.Fields[i].Value == nil {
				return nil
			}
		}
	}
	return n
}
