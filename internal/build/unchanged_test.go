package build_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// stamp is what tells a file written anew from one left alone.
type stamp struct {
	info fs.FileInfo
	mod  time.Time
}

// stamps returns every file's stamp under dir, by slash path.
func stamps(t *testing.T, dir string) map[string]stamp {
	t.Helper()
	out := map[string]stamp{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = stamp{info, info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// rewritten returns the files of before that after has as another file
// (another inode or time), or not at all, and the files new in after.
func rewritten(before, after map[string]stamp) []string {
	var out []string
	for p, b := range before {
		a, ok := after[p]
		if !ok || !os.SameFile(a.info, b.info) || !a.mod.Equal(b.mod) {
			out = append(out, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// TestNothingChangedWritesNothing builds the golden site (kept in a
// folder, with file times) and the project's own site twice as sitegen
// build does, with the cache, at two instants — without --now, as a
// build every few minutes in CI runs — and once more with --now: the
// second build must write, replace and remove no file of the output
// folder (the calendars' DTSTAMP and the feeds' <updated> are the
// content's times, not the build's), and every calendar must read back
// with an iCalendar parser, each event stamped with its page's time.
func TestNothingChangedWritesNothing(t *testing.T) {
	golden, _ := site(t, "testdata/golden/site.txtar")
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "golden"), clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, golden)
	sites := []struct {
		name   string
		dir    string
		first  time.Time // the first build's instant
		second time.Time // the second's, a few minutes later
	}{
		// Before the golden site's evening events: the second build
		// finds the same events upcoming.
		{"golden", src.dir, testNow.Add(-3 * time.Hour), testNow.Add(-3*time.Hour + 7*time.Minute)},
		{"project", sitetest.Root(t), time.Now(), time.Now().Add(3 * time.Second)},
	}
	for _, s := range sites {
		for _, withNow := range []bool{false, true} {
			name := s.name
			if withNow {
				name += "/--now"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				tg := build.Target{Out: filepath.Join(dir, "public"), CacheDir: filepath.Join(dir, "cache"), Pagefind: "off", Decap: "off"}
				opts := build.Options{Minify: true, Fingerprint: true, Compress: true, Now: s.first}
				if withNow {
					opts.NowText = "2027-03-11T14:00" // before the golden site's evening events
				}
				first, err := build.ToDir(context.Background(), os.DirFS(s.dir), opts, tg)
				if err != nil {
					t.Fatal(err)
				}
				before := stamps(t, tg.Out)
				time.Sleep(20 * time.Millisecond) // a file written anew gets another time
				opts.Now = s.second
				again, err := build.ToDir(context.Background(), os.DirFS(s.dir), opts, tg)
				if err != nil {
					t.Fatal(err)
				}
				if again.Stats.Written != 0 || again.Stats.Removed != 0 {
					t.Errorf("nothing changed, but the build wrote %d files and removed %d", again.Stats.Written, again.Stats.Removed)
				}
				if w := rewritten(before, stamps(t, tg.Out)); len(w) > 0 {
					t.Errorf("nothing changed, but %d files were written anew: %v", len(w), w)
				}
				cals := 0
				for _, p := range first.Paths {
					if !strings.HasSuffix(p, ".ics") {
						continue
					}
					cals++
					data, err := os.ReadFile(filepath.Join(tg.Out, p))
					if err != nil {
						t.Fatal(err)
					}
					cal, err := ics.ParseCalendar(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("%s: %v", p, err)
					}
					for _, ev := range cal.Events() {
						st := ev.GetProperty(ics.ComponentPropertyDtstamp)
						if st == nil {
							t.Fatalf("%s: an event without DTSTAMP", p)
						}
						if _, err := time.Parse("20060102T150405Z", st.Value); err != nil {
							t.Errorf("%s: DTSTAMP %q: %v", p, st.Value, err)
						}
						if s.name == "golden" && !strings.HasPrefix(st.Value, "2026") {
							t.Errorf("%s: DTSTAMP %s, want the page file's time (in 2026), not the build's", p, st.Value)
						}
					}
				}
				if s.name == "golden" && cals == 0 {
					t.Error("the golden site has no calendar")
				}
			})
		}
	}
}
