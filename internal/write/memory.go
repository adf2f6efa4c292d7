package write

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Memory is a [Sink] that keeps the files in memory (for the preview
// server and tests). The zero Memory is empty and ready to use; it is
// safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	files map[string]memFile
}

type memFile struct {
	data []byte
	sum  digest.Sum
}

// Unchanged reports whether m holds exactly this file (put earlier with
// the same sum); then it is kept.
func (m *Memory) Unchanged(path string, sum digest.Sum) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[path]
	return ok && f.sum == sum
}

// Put stores the file, replacing one at the same path. It keeps data
// (no copy).
func (m *Memory) Put(path string, data []byte, sum digest.Sum) error {
	if !Valid(path) {
		return fmt.Errorf("write: ungültiger Ausgabepfad %q", path)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string]memFile{}
	}
	m.files[path] = memFile{data, sum}
	return nil
}

// Get returns the file at path.
func (m *Memory) Get(path string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[path]
	return f.data, ok
}

// Len returns the number of files.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.files)
}

// Files returns the files sorted by path.
func (m *Memory) Files() []File {
	m.mu.Lock()
	out := make([]File, 0, len(m.files))
	for p, f := range m.files {
		out = append(out, File{Path: p, Data: f.data})
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out
}
