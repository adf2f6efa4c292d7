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

// commit makes the next version the current one and returns its files,
// sorted by path.
func (m *memSink) commit() []write.File {
	m.cur, m.next = m.next, nil
	files := make([]write.File, 0, len(m.cur))
	for p, f := range m.cur {
		files = append(files, write.File{Path: p, Data: f.data})
	}
	slices.SortFunc(files, func(a, b write.File) int { return cmp.Compare(a.Path, b.Path) })
	return files
}

func (m *memSink) abort() { m.next = nil }
