package write

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/parallel"
)

// site is the files of a build: path → contents.
type site map[string]string

// version returns the test sites by name. Between them, files change,
// stay, come and go, and paths change from file to folder and back.
func version(name string) site {
	s := site{}
	switch name {
	case "v1":
		s = site{
			"index.html":   "eins",
			"a":            "a ist eine Datei",
			"b/index.html": "b ist ein Ordner",
			"b/c/d.txt":    "d",
			"x/y/z.html":   "z",
			"keep.css":     "body{}",
			"e/f/g.txt":    "g wird ein Ordner",
		}
	case "v2":
		s = site{
			"index.html":       "zwei",
			"a/index.html":     "a ist ein Ordner",
			"b":                "b ist eine Datei",
			"keep.css":         "body{}",
			"neu/seite.html":   "neu",
			"e/f/g.txt/h.html": "h",
			"e/f/i.txt":        "i",
		}
	case "v3":
		s = site{
			"index.html":     "drei",
			"a":              "a ist wieder eine Datei",
			"keep.css":       "body{}",
			"x/y/z.html":     "z ist wieder da",
			"neu/seite.html": "neu",
		}
	default:
		panic(name)
	}
	// Enough files to stop a build in the middle of writing or renaming.
	for i := range 12 {
		s[fmt.Sprintf("viele/%02d.html", i)] = name + strings.Repeat(" Inhalt", i)
	}
	if name == "v3" {
		for i := range 6 {
			delete(s, fmt.Sprintf("viele/%02d.html", 2*i))
		}
	}
	return s
}

// put writes s into b as a build does: Unchanged first, then Put, from
// several goroutines. It returns the first error.
func put(b *Build, s site) error {
	paths := slices.Sorted(maps.Keys(s))
	return parallel.ForErr(len(paths), func(i int) error {
		p := paths[i]
		data := []byte(s[p])
		sum := digest.Of(data)
		if b.Unchanged(p, sum) {
			return nil
		}
		return b.Put(p, data, sum)
	})
}

// build does a whole build of s into out with prev and checks the result.
func build(t *testing.T, out string, prev *Manifest, s site, wantIncremental bool) *Manifest {
	t.Helper()
	o, err := Lock(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b := o.Begin(prev)
	if b.Incremental() != wantIncremental {
		t.Errorf("incremental = %v, want %v", b.Incremental(), wantIncremental)
	}
	if err := put(b, s); err != nil {
		t.Fatal(err)
	}
	m, err := b.Commit()
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, out, s)
	checkManifest(t, out, m)
	return m
}

// readTree returns the files of dir and its folders (with a slash).
func readTree(t *testing.T, dir string) site {
	t.Helper()
	got := site{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.IsDir():
			got[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// withDirs returns s with its folders, as readTree gives them.
func withDirs(s site) site {
	out := maps.Clone(s)
	for p := range s {
		for d := filepath.ToSlash(filepath.Dir(p)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			out[d+"/"] = ""
		}
	}
	return out
}

// checkTree checks that dir holds exactly s: the same files, byte for
// byte, and no other files or folders.
func checkTree(t *testing.T, dir string, s site) {
	t.Helper()
	got, want := readTree(t, dir), withDirs(s)
	if maps.Equal(got, want) {
		return
	}
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s missing", dir, p)
		} else if g != want[p] {
			t.Errorf("%s: %s = %q, want %q", dir, p, g, want[p])
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s should not be there", dir, p)
		}
	}
}

// checkManifest checks that m describes dir: its identity and every file.
func checkManifest(t *testing.T, dir string, m *Manifest) {
	t.Helper()
	dev, ino, err := ident(dir)
	if err == nil && (dev != m.Dev || ino != m.Ino) {
		t.Errorf("manifest identity %d/%d, folder %d/%d", m.Dev, m.Ino, dev, ino)
	}
	files := site{}
	for p, data := range readTree(t, dir) {
		if !strings.HasSuffix(p, "/") {
			files[p] = data
		}
	}
	if len(files) != len(m.Files) {
		t.Errorf("manifest has %d files, folder %d", len(m.Files), len(files))
	}
	for p, data := range files {
		if e, ok := m.Files[p]; !ok || e.Sum != digest.Of([]byte(data)) || e.Size != int64(len(data)) {
			t.Errorf("manifest entry of %s = %+v, %v", p, e, ok)
		}
	}
}

// checkBeside checks that only the output folder (if there is one), the
// lock file and the given other names are in parent.
func checkBeside(t *testing.T, parent string, others ...string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := append([]string{".public.lock"}, others...)
	if _, err := os.Lstat(filepath.Join(parent, "public")); err == nil {
		want = append(want, "public")
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("beside the output: %q, want %q", names, want)
	}
}

// failWrites makes writeFile fail with err after n files, until the test
// ends.
func failWrites(t *testing.T, n int, err error) {
	var mu sync.Mutex
	orig := writeFile
	writeFile = func(name string, data []byte, perm os.FileMode) error {
		mu.Lock()
		n--
		fail := n < 0
		mu.Unlock()
		if fail {
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		return orig(name, data, perm)
	}
	t.Cleanup(func() { writeFile = orig })
}
