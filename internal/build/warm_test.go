package build_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
)

// disk keeps a MapFS site in a folder, writing only what changed, each
// write with a new modification time in the past (so that the cache may
// trust size and time, as it does for files left alone).
type disk struct {
	dir   string
	clock time.Time
	have  map[string][]byte
}

func (d *disk) sync(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	for p := range d.have {
		if _, ok := fsys[p]; !ok {
			os.Remove(filepath.Join(d.dir, p))
			delete(d.have, p)
		}
	}
	names := make([]string, 0, len(fsys))
	for p := range fsys {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		f := fsys[p]
		if old, ok := d.have[p]; ok && bytes.Equal(old, f.Data) {
			continue
		}
		full := filepath.Join(d.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		d.clock = d.clock.Add(time.Second)
		if err := os.Chtimes(full, d.clock, d.clock); err != nil {
			t.Fatal(err)
		}
		d.have[p] = slices.Clone(f.Data)
	}
}

// tree returns the files under dir, by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

func diffTrees(warm, cold map[string][]byte) string {
	var b strings.Builder
	for p, data := range cold {
		w, ok := warm[p]
		switch {
		case !ok:
			fmt.Fprintf(&b, "missing in warm: %s\n", p)
		case !bytes.Equal(w, data):
			fmt.Fprintf(&b, "differs: %s\n", p)
		}
	}
	for p := range warm {
		if _, ok := cold[p]; !ok {
			fmt.Fprintf(&b, "only in warm: %s\n", p)
		}
	}
	return b.String()
}

// TestWarmEqualsCold applies random sequences of edits — to pages,
// layouts, assets and files, options and the build's time, and to the
// cache itself — and builds after each with the persistent cache into
// one output folder and without it into another: both folders must be
// identical, file for file, and a failed build must leave the warm one
// as it was.
func TestWarmEqualsCold(t *testing.T) {
	t.Parallel() // the three oracles are the package's longest tests, each on one core mostly
	names := make([]string, 0, len(edits))
	for n := range edits {
		names = append(names, n)
	}
	// Edits of the build, not of the site.
	names = append(names, "option", "now", "rename", "corrupt index", "corrupt pack", "foreign cache", "lose output",
		"nothing", "touch") // the last two: a build that may find nothing changed (snapshot.go)
	slices.Sort(names)
	steps := 40
	if testing.Short() {
		steps = 12
	}
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			fsys, _ := site(t, bases[seed%2])
			if seed == 3 { // the originals named as the CMS names them, every other one
				fsys = withCodes(fsys, true)
			}
			root := t.TempDir()
			src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
			src.sync(t, fsys)
			cacheDir, warm, cold := filepath.Join(root, "cache"), filepath.Join(root, "warm"), filepath.Join(root, "cold")
			opts := build.Options{Now: testNow, Minify: true, Fingerprint: true, Compress: true}
			key := ""
			var history []string
			for step := range steps {
				name := names[r.IntN(len(names))]
				history = append(history, name)
				switch name {
				case "option":
					switch r.IntN(4) {
					case 0:
						opts.Minify = !opts.Minify
					case 1:
						opts.Fingerprint = !opts.Fingerprint
					case 2:
						opts.Compress = !opts.Compress
					default:
						opts.Drafts = !opts.Drafts
					}
				case "now":
					opts.Now = opts.Now.Add(time.Duration(r.IntN(96)-24) * time.Hour)
				case "rename":
					p := pick(r, fsys, "content/akteure/", ".md")
					if p != "" && !isSection(p) {
						fsys[strings.TrimSuffix(p, ".md")+"-neu.md"] = fsys[p]
						delete(fsys, p)
					}
				case "corrupt index":
					spoil(t, filepath.Join(cacheDir, "index"), r)
				case "corrupt pack":
					packs, _ := filepath.Glob(filepath.Join(cacheDir, "*.pack"))
					if len(packs) > 0 {
						spoil(t, packs[r.IntN(len(packs))], r)
					}
				case "foreign cache":
					key = fmt.Sprint("andere Version ", step)
				case "lose output":
					os.RemoveAll(warm)
				case "nothing":
				case "touch": // a new time, the same bytes
					if p := pick(r, fsys, "", ""); p != "" {
						src.clock = src.clock.Add(time.Second)
						os.Chtimes(filepath.Join(src.dir, filepath.FromSlash(p)), src.clock, src.clock)
					}
				default:
					edits[name](r, fsys)
				}
				src.sync(t, fsys)
				before := tree(t, warm)
				var notices []string
				wres, werr := build.ToDir(context.Background(), os.DirFS(src.dir), opts,
					build.Target{Out: warm, CacheDir: cacheDir, CacheKey: key, Notice: func(m string) { notices = append(notices, m) }})
				cres, cerr := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold})
				if (werr == nil) != (cerr == nil) {
					t.Fatalf("step %d %v: warm error %v, cold error %v", step, history, werr, cerr)
				}
				if d := diffDiags(wres.Diagnostics, cres.Diagnostics); d != "" {
					t.Fatalf("step %d %v: diagnostics differ: %s", step, history, d)
				}
				if werr != nil {
					if d := diffTrees(tree(t, warm), before); d != "" {
						t.Fatalf("step %d %v: a failed build changed the output:\n%s", step, history, d)
					}
					if r.IntN(2) == 0 { // the editor fixes it
						for p, f := range fsys {
							if strings.Contains(string(f.Data), "weight: viel") {
								f.Data = fixWeight(p, f.Data)
							}
						}
					}
					continue
				}
				if d := diffTrees(tree(t, warm), tree(t, cold)); d != "" {
					t.Fatalf("step %d %v: warm and cold output differ:\n%s", step, history, d)
				}
				if name == "corrupt index" || name == "foreign cache" {
					if len(notices) == 0 && fileExists(filepath.Join(cacheDir, "index")) {
						t.Logf("step %d %s: no notice (the spoiled bytes may have been outside the index)", step, name)
					}
				}
			}
		})
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// spoil damages a file: a flipped byte, or cut short.
func spoil(t *testing.T, p string, r *rand.Rand) {
	data, err := os.ReadFile(p)
	if err != nil || len(data) == 0 {
		return
	}
	if r.IntN(2) == 0 {
		data[r.IntN(len(data))] ^= 0x20
	} else {
		data = data[:r.IntN(len(data))]
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A warm build after one edit writes only the files that changed.
func TestWarmWritesOnlyWhatChanged(t *testing.T) {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	opts := build.Options{Now: testNow, Minify: true, Fingerprint: true, Compress: true}
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache")}
	first, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Stats.Written != first.Stats.Files {
		t.Errorf("first build wrote %d of %d files", first.Stats.Written, first.Stats.Files)
	}
	again, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Written != 0 || again.Stats.Rendered != 0 || again.Stats.Removed != 0 {
		t.Errorf("build without a change: wrote %d, rendered %d, removed %d", again.Stats.Written, again.Stats.Rendered, again.Stats.Removed)
	}
	p := pick(rand.New(rand.NewPCG(1, 1)), fsys, "content/akteure/", ".md")
	fsys[p].Data = append(slices.Clip(fsys[p].Data), "\nEin neuer Satz.\n"...)
	src.sync(t, fsys)
	one, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	// The page, and the sitemap and the feed of changed pages (its
	// lastmod), each with .gz and .br.
	if one.Stats.Rendered != 1 || one.Stats.Written == 0 || one.Stats.Written > 9 {
		t.Errorf("body edit: rendered %d pages, wrote %d files (want 1 page; at most 9 files)", one.Stats.Rendered, one.Stats.Written)
	}
}
