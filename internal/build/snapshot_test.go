package build_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
)

// TestNothingChangedSnapshot: a second build with nothing changed takes
// the snapshot (Stats.Unchanged), writes nothing and reports what the
// first reported; after each change of what a build reads or of how it
// builds, the next build is a real one, its output that of a build
// without the cache, and the build after it takes the snapshot again.
func TestNothingChangedSnapshot(t *testing.T) {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	fsys["content/akteure/platzhalter.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Platzhalter\n---\n[PLATZHALTER: Text folgt]\n")}
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	opts := build.Options{Now: testNow.Add(-3 * time.Hour), Minify: true, Fingerprint: true, Compress: true}
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache"), Decap: "off"}
	first, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Stats.Unchanged {
		t.Fatal("the first build found nothing changed")
	}
	if first.Placeholders == 0 || first.NextChange.IsZero() {
		t.Fatalf("the test needs placeholders (%d) and a next change (%v)", first.Placeholders, first.NextChange)
	}
	check := func(t *testing.T, opts build.Options, wantUnchanged bool) *build.Result {
		t.Helper()
		var before map[string]stamp
		if wantUnchanged {
			before = stamps(t, tg.Out)
		}
		res, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Unchanged != wantUnchanged {
			t.Fatalf("Stats.Unchanged %v, want %v", res.Stats.Unchanged, wantUnchanged)
		}
		cold := filepath.Join(t.TempDir(), "cold")
		cres, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold, Decap: "off"})
		if err != nil {
			t.Fatal(err)
		}
		if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
			t.Fatalf("warm and cold differ:\n%s", d)
		}
		if d := diffDiags(res.Diagnostics, cres.Diagnostics); d != "" {
			t.Errorf("diagnostics differ from a full build's: %s", d)
		}
		if res.Placeholders != cres.Placeholders || res.NextChange.Format(time.RFC3339) != cres.NextChange.Format(time.RFC3339) {
			t.Errorf("placeholders %d, next change %v; a full build: %d, %v", res.Placeholders, res.NextChange, cres.Placeholders, cres.NextChange)
		}
		st, cst := res.Stats, cres.Stats
		if st.Pages != cst.Pages || st.Files != cst.Files || st.Bytes != cst.Bytes || st.Redirects != cst.Redirects {
			t.Errorf("stats %+v; a full build's %+v", st, cst)
		}
		if wantUnchanged {
			if w := rewritten(before, stamps(t, tg.Out)); len(w) > 0 || st.Written != 0 || st.Rendered != 0 {
				t.Errorf("nothing changed, but %d files were written (%d rendered): %v", st.Written, st.Rendered, w)
			}
		}
		return res
	}
	t.Run("nothing", func(t *testing.T) { check(t, opts, true) })

	// An edit that keeps the size, with the file's new time.
	sameSize := func(p, old, new string) {
		data := []byte(strings.Replace(string(fsys[p].Data), old, new, 1))
		if len(data) != len(fsys[p].Data) || slices.Equal(data, fsys[p].Data) {
			t.Fatalf("%s: no same-size edit", p)
		}
		fsys[p].Data = data
		src.sync(t, fsys)
	}
	later := opts
	later.Now = first.NextChange.Add(-time.Minute)
	atNext := opts
	atNext.Now = first.NextChange
	withText := opts
	withText.NowText = "2027-03-11T14:00"
	for _, c := range []struct {
		name string
		do   func() build.Options
	}{
		{"page, same size", func() build.Options { sameSize("content/akteure/beirat.md", "Der Beirat.", "Der Beirat!"); return opts }},
		{"layout, same size", func() build.Options {
			sameSize("layouts/_default/baseof.html", "Hauptnavigation", "Hauptnavigatiom")
			return opts
		}},
		{"page added", func() build.Options {
			fsys["content/akteure/neu.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Neu\n---\nNeu.\n")}
			src.sync(t, fsys)
			oldFolder(t, filepath.Join(src.dir, "content/akteure"))
			return opts
		}},
		{"page removed", func() build.Options {
			delete(fsys, "content/akteure/neu.md")
			src.sync(t, fsys)
			oldFolder(t, filepath.Join(src.dir, "content/akteure"))
			return opts
		}},
		{"asset", func() build.Options {
			p := "assets/style.css"
			fsys[p].Data = append(slices.Clip(fsys[p].Data), "\n.neu{color:red}\n"...)
			src.sync(t, fsys)
			return opts
		}},
		{"touched", func() build.Options {
			full := filepath.Join(src.dir, "content/akteure/beirat.md")
			if err := os.Chtimes(full, time.Now(), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			return opts
		}},
		{"drafts", func() build.Options { o := opts; o.Drafts = true; return o }},
		{"drafts again", func() build.Options { return opts }},
		{"--now", func() build.Options { return withText }},
		{"no --now", func() build.Options { return opts }},
		{"output lost", func() build.Options { os.RemoveAll(tg.Out); return opts }},
		{"at the next change", func() build.Options { return atNext }},
		{"earlier", func() build.Options { return opts }},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := c.do()
			check(t, o, false)
			check(t, o, true)
		})
	}
	// Without --now, a later instant before the next change is nothing
	// changed.
	t.Run("later", func(t *testing.T) { check(t, later, true) })
}

// A racily clean file (modified just before the build) is hashed: an
// edit that keeps its size and time — what a file system with coarse
// times allows — is found (an fs.FS without inodes and change times).
func TestSnapshotRacilyClean(t *testing.T) {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range fsys {
		f.ModTime = old
	}
	const p = "content/akteure/beirat.md"
	fsys[p].ModTime = time.Now()
	root := t.TempDir()
	opts := build.Options{Now: testNow, Minify: true, Compress: true}
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache")}
	for i, want := range []bool{false, true} {
		res, err := build.ToDir(context.Background(), fsys, opts, tg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Unchanged != want {
			t.Fatalf("build %d: Stats.Unchanged %v, want %v", i+1, res.Stats.Unchanged, want)
		}
	}
	fsys[p].Data = lastE(fsys[p].Data)
	res, err := build.ToDir(context.Background(), fsys, opts, tg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Unchanged {
		t.Fatal("a racily clean file's edit of the same size and time was not seen")
	}
	cold := filepath.Join(root, "cold")
	if _, err := build.ToDir(context.Background(), fsys, opts, build.Target{Out: cold}); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
		t.Fatalf("warm and cold differ:\n%s", d)
	}
}

// lastE returns data with its last "e" (in the body) made an "a": an
// edit that keeps the size.
func lastE(data []byte) []byte {
	i := strings.LastIndex(string(data), "e")
	out := slices.Clone(data)
	out[i] = 'a'
	return out
}

// oldFolder gives the folder dir an old modification time, so that the
// snapshot keeps its stat, not its names (it is not racily clean).
func oldFolder(t *testing.T, dir string) {
	t.Helper()
	old := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(dir, old, old); err != nil {
		t.Fatal(err)
	}
}
