package build

import (
	"cmp"
	"slices"
	"sync"

	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/write"
)

// memSink keeps the output in memory, version after version: the
// preview server's site and the result of Run. A build sees the last
// committed version (Unchanged) and fills the next one; begin starts it,
// commit makes it the current one, and a failed build leaves the last.
type memSink struct {
	mu   sync.Mutex
	cur  map[string]memFile
	next map[string]memFile
}

type memFile struct {
	data []byte
	sum  digest.Sum
}

func (m *memSink) begin() {
	m.next = make(map[string]memFile, len(m.cur))
}

func (m *memSink) Unchanged(p string, s digest.Sum) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.cur[p]
	if ok && f.sum == s {
		m.next[p] = f
	}
	return ok && f.sum == s
}

func (m *memSink) Put(p string, data []byte, s digest.Sum) error {
	m.mu.Lock()
	m.next[p] = memFile{data, s}
	m.mu.Unlock()
	return nil
}

// commit makes the next version the current one.
func (m *memSink) commit() { m.cur, m.next = m.next, nil }

// files returns the current version's files, sorted by path.
func (m *memSink) files() []write.File {
	files := make([]write.File, 0, len(m.cur))
	for p, f := range m.cur {
		files = append(files, write.File{Path: p, Data: f.data})
	}
	slices.SortFunc(files, func(a, b write.File) int { return cmp.Compare(a.Path, b.Path) })
	return files
}

func (m *memSink) abort() { m.next = nil }

// Output is the site a Builder made in memory, as of one build.
type Output struct {
	m    map[string]memFile
	lazy map[string]lazyFile // the variants of pictures made on request (PicturesLazy)
}

// Get returns the file at the output path p. Under PicturesLazy, the
// variant of a picture is encoded when first asked for (all variants of
// the picture at once, once, with other callers waiting for them); a
// picture that cannot be made is not found (see Output.Picture).
func (o Output) Get(p string) ([]byte, bool) {
	f, ok := o.m[p]
	if !ok {
		data, err, lazy := o.Picture(p)
		return data, lazy && err == nil
	}
	return f.data, ok
}

// Picture returns the variant at the output path p of a picture made on
// request (PicturesLazy), or why it could not be made; lazy is false for
// any other path.
func (o Output) Picture(p string) (data []byte, err error, lazy bool) {
	lf, ok := o.lazy[p]
	if !ok {
		return nil, nil, false
	}
	data, err = lf.bytes()
	return data, err, true
}

// Len returns the number of files, the pictures made on request
// (PicturesLazy) included.
func (o Output) Len() int { return len(o.m) + len(o.lazy) }

// Range calls f for every file but the pictures made on request, in no
// order.
func (o Output) Range(f func(p string, data []byte)) {
	for p, v := range o.m {
		f(p, v.data)
	}
}
