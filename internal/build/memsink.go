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
type Output struct{ m map[string]memFile }

// Get returns the file at the output path p.
func (o Output) Get(p string) ([]byte, bool) {
	f, ok := o.m[p]
	return f.data, ok
}

// Len returns the number of files.
func (o Output) Len() int { return len(o.m) }

// Range calls f for every file, in no order.
func (o Output) Range(f func(p string, data []byte)) {
	for p, v := range o.m {
		f(p, v.data)
	}
}
