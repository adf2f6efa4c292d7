package write

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/digest"
)

func TestFullThenIncremental(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	m1 := build(t, out, nil, version("v1"), false)
	checkBeside(t, parent)

	steps := []struct {
		name                   string
		site                   string
		written, kept, removed int // 0, 0, 0: only as computed below
	}{
		// To v2: index.html and viele/ change, neu/ comes; a and
		// e/f/g.txt become folders, b a file; x/y/ goes.
		{"v1 to v2", "v2", 18, 1, 5},
		{"v2 to v3", "v3", 0, 0, 0},
		{"v3 to v3", "v3", 0, 11, 0},
	}
	prev := m1
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			b := o.Begin(prev)
			if !b.Incremental() {
				t.Fatal("not incremental")
			}
			s := version(st.site)
			if err := put(b, s); err != nil {
				t.Fatal(err)
			}
			m, err := b.Commit()
			if err != nil {
				t.Fatal(err)
			}
			checkTree(t, out, s)
			checkManifest(t, out, m)
			checkBeside(t, parent)
			w, k, r, bytes := b.Stats()
			var wantW, wantK, wantR int
			var wantB int64
			for p, data := range s {
				if e, ok := prev.Files[p]; ok && e.Sum == digest.Of([]byte(data)) {
					wantK++
				} else {
					wantW++
					wantB += int64(len(data))
				}
			}
			for p := range prev.Files {
				if _, ok := s[p]; !ok {
					wantR++
				}
			}
			if w != wantW || k != wantK || r != wantR || bytes != wantB {
				t.Errorf("Stats = %d written, %d kept, %d removed, %d bytes; want %d, %d, %d, %d", w, k, r, bytes, wantW, wantK, wantR, wantB)
			}
			if st.written+st.kept+st.removed != 0 && (w != st.written || k != st.kept || r != st.removed) {
				t.Errorf("Stats = %d written, %d kept, %d removed; want %d, %d, %d", w, k, r, st.written, st.kept, st.removed)
			}
			if m.Dev != prev.Dev || m.Ino != prev.Ino {
				t.Error("an incremental build replaced the folder")
			}
			prev = m
		})
	}
}

func TestFullBuildWhenManifestDoesNotMatch(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, out string, m1, m2 *Manifest) *Manifest // returns the prev to use
	}{
		{"folder removed", func(t *testing.T, out string, m1, m2 *Manifest) *Manifest {
			os.RemoveAll(out)
			return m2
		}},
		{"folder replaced", func(t *testing.T, out string, m1, m2 *Manifest) *Manifest {
			os.Rename(out, out+".bak")
			os.MkdirAll(filepath.Join(out, "b"), 0o755)
			os.WriteFile(filepath.Join(out, "b", "index.html"), []byte("fremd"), 0o644)
			os.RemoveAll(out + ".bak")
			return m2
		}},
		{"manifest older than the folder", func(t *testing.T, out string, m1, m2 *Manifest) *Manifest {
			if m1.Dev != m2.Dev || m1.Ino != m2.Ino {
				t.Fatal("second build was not incremental")
			}
			return m1
		}},
		{"lock file removed", func(t *testing.T, out string, m1, m2 *Manifest) *Manifest {
			os.Remove(filepath.Join(filepath.Dir(out), ".public.lock"))
			return m2
		}},
		{"manifest of another folder", func(t *testing.T, out string, m1, m2 *Manifest) *Manifest {
			other := build(t, filepath.Join(t.TempDir(), "public"), nil, version("v2"), false)
			return other
		}},
		{"no manifest", func(t *testing.T, out string, m1, m2 *Manifest) *Manifest {
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			m1 := build(t, out, nil, version("v1"), false)
			m2 := build(t, out, m1, version("v2"), true)
			prev := tc.change(t, out, m1, m2)
			build(t, out, prev, version("v3"), false)
			checkBeside(t, parent)
		})
	}
}

func TestAbortLeavesOutput(t *testing.T) {
	for _, incremental := range []bool{false, true} {
		t.Run(map[bool]string{false: "full", true: "incremental"}[incremental], func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			m1 := build(t, out, nil, version("v1"), false)
			before := readTree(t, out)
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Fatal(err)
			}
			prev := m1
			if !incremental {
				prev = nil
			}
			b := o.Begin(prev)
			if b.Incremental() != incremental {
				t.Fatalf("incremental = %v", b.Incremental())
			}
			if err := put(b, version("v2")); err != nil {
				t.Fatal(err)
			}
			checkBeside(t, parent, filepath.Base(b.root)) // the new files are beside, not in the output
			b.Abort()
			checkTree(t, out, before)
			checkBeside(t, parent)
			if _, err := b.Commit(); err == nil {
				t.Error("Commit after Abort")
			}
			// The Output takes the next build.
			b = o.Begin(prev)
			if err := put(b, version("v3")); err != nil {
				t.Fatal(err)
			}
			m, err := b.Commit()
			if err != nil {
				t.Fatal(err)
			}
			o.Close()
			checkTree(t, out, version("v3"))
			checkManifest(t, out, m)
		})
	}
}

func TestDiskFullInjected(t *testing.T) {
	for _, tc := range []struct {
		name        string
		incremental bool
		after       int  // files written before the disk is full
		commit      bool // Commit (which refuses) instead of Abort
	}{
		{"full, at once", false, 0, false},
		{"full, half way", false, 9, true},
		{"incremental, at once", true, 0, true},
		{"incremental, half way", true, 9, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			m1 := build(t, out, nil, version("v1"), false)
			before := readTree(t, out)
			prev := m1
			if !tc.incremental {
				prev = nil
			}
			failWrites(t, tc.after, syscall.ENOSPC)
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Fatal(err)
			}
			b := o.Begin(prev)
			err = put(b, version("v2"))
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("put: %v, want ENOSPC", err)
			}
			if tc.commit {
				if _, err := b.Commit(); !errors.Is(err, syscall.ENOSPC) {
					t.Errorf("Commit after a failed Put: %v", err)
				}
			} else {
				b.Abort()
			}
			o.Close()
			checkTree(t, out, before)
			checkBeside(t, parent)

			writeFile = os.WriteFile // room again
			build(t, out, prev, version("v2"), tc.incremental)
			checkBeside(t, parent)
		})
	}
}

func TestPutRefuses(t *testing.T) {
	sum := digest.Of(nil)
	for _, tc := range []struct {
		name  string
		paths []string // put in this order; the last one fails
		want  string
	}{
		{"outside", []string{"../x"}, `"../x"`},
		{"absolute", []string{"/etc/passwd"}, `"/etc/passwd"`},
		{"twice", []string{"a.html", "a.html"}, `"a.html"`},
		{"file, then folder", []string{"a", "a/b/c.html"}, `"a"`},
		{"folder, then file", []string{"a/b/c.html", "a/b"}, `"a/b"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			b := o.Begin(nil)
			for i, p := range tc.paths {
				err = b.Put(p, nil, sum)
				if last := i == len(tc.paths)-1; (err != nil) != last {
					t.Fatalf("Put(%q) = %v", p, err)
				}
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %s", err, tc.want)
			}
			if _, err := b.Commit(); err == nil {
				t.Error("Commit after a refused Put")
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("output made")
			}
			checkBeside(t, parent)
		})
	}
}

func TestIncrementalRefusesFileAndFolder(t *testing.T) {
	// b/index.html is kept (Unchanged), then b is put as a file.
	out := filepath.Join(t.TempDir(), "public")
	m1 := build(t, out, nil, version("v1"), false)
	o, _ := Lock(context.Background(), out, nil)
	defer o.Close()
	b := o.Begin(m1)
	if !b.Unchanged("b/index.html", digest.Of([]byte("b ist ein Ordner"))) {
		t.Fatal("Unchanged = false")
	}
	if b.Unchanged("index.html", digest.Of([]byte("anders"))) {
		t.Error("Unchanged with another sum")
	}
	keep := []byte("body{}")
	if err := b.Put("keep.css", keep, digest.Of(keep)); err != nil {
		t.Errorf("Put of a file that is the same: %v", err)
	}
	if err := b.Put("keep.css", keep, digest.Of(keep)); err == nil {
		t.Error("keep.css put twice")
	}
	if w, k, _, _ := b.Stats(); w != 0 || k != 2 {
		t.Errorf("Stats: %d written, %d kept", w, k)
	}
	if err := b.Put("b", []byte("x"), digest.Of([]byte("x"))); err == nil {
		t.Error("file b put while b/index.html is kept")
	}
	b.Abort()
	checkTree(t, out, version("v1"))
}

func TestLockWaitsForAnotherBuild(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	m1 := build(t, out, nil, version("v1"), false)

	first, err := Lock(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	b1 := first.Begin(m1)
	if err := put(b1, version("v2")); err != nil {
		t.Fatal(err)
	}

	var (
		msgs    []string
		waiting = make(chan struct{})
		done    = make(chan *Manifest)
	)
	go func() {
		o, err := Lock(context.Background(), out, func(msg string) {
			msgs = append(msgs, msg)
			close(waiting)
		})
		if err != nil {
			t.Error(err)
			close(done)
			return
		}
		defer o.Close()
		b := o.Begin(m1) // stale once the first build committed
		if b.Incremental() {
			t.Error("second build incremental with the manifest the first build replaced")
		}
		if err := put(b, version("v3")); err != nil {
			t.Error(err)
		}
		m, err := b.Commit()
		if err != nil {
			t.Error(err)
		}
		done <- m
	}()
	<-waiting
	// The second build waits and has removed nothing of the first.
	if _, err := os.Stat(b1.root); err != nil {
		t.Fatalf("staging folder of the first build: %v", err)
	}
	if _, err := TryLock(out); !errors.Is(err, ErrBusy) {
		t.Errorf("TryLock while locked: %v", err)
	} else if want := "Ein anderer Build schreibt gerade nach " + out + "/ (Prozess "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("TryLock error %q", err)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := b1.Commit(); err != nil {
		t.Fatal(err)
	}
	checkTree(t, out, version("v2"))
	first.Close()
	m3 := <-done
	if m3 == nil {
		t.FailNow()
	}
	if len(msgs) != 1 || msgs[0] != "Ein anderer Build schreibt gerade nach "+out+"/ (Prozess "+strconv.Itoa(os.Getpid())+"); warte …" {
		t.Errorf("wait messages %q", msgs)
	}
	checkTree(t, out, version("v3"))
	checkManifest(t, out, m3)
	checkBeside(t, parent)
}

func TestLockCancelled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Lock(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	calls := 0
	_, err = Lock(ctx, out, func(string) { calls++ })
	if !errors.Is(err, context.DeadlineExceeded) || calls != 1 {
		t.Errorf("Lock = %v after %d calls of wait", err, calls)
	}
	first.Close()
	o, err := TryLock(out)
	if err != nil {
		t.Fatalf("TryLock after Close: %v", err)
	}
	o.Close()
}

func TestConcurrentBuildsInOneProcess(t *testing.T) {
	// Many builds at once into one output: each one waits for the one
	// before, none disturbs another, the output is the last one's.
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		last string
		prev *Manifest
	)
	for i := range 6 {
		name := []string{"v1", "v2", "v3"}[i%3]
		wg.Go(func() {
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Error(err)
				return
			}
			defer o.Close()
			mu.Lock()
			p := prev
			mu.Unlock()
			b := o.Begin(p)
			if err := put(b, version(name)); err != nil {
				t.Error(err)
				return
			}
			m, err := b.Commit()
			if err != nil {
				t.Error(err)
				return
			}
			checkTree(t, out, version(name))
			mu.Lock()
			prev, last = m, name
			mu.Unlock()
		})
	}
	wg.Wait()
	checkTree(t, out, version(last))
	checkBeside(t, parent)
}

func TestLockRemovesLeftovers(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	for _, d := range []string{".public-123456", ".public-987.old", ".public-55"} {
		os.MkdirAll(filepath.Join(parent, d, "x"), 0o755)
	}
	os.WriteFile(filepath.Join(parent, ".public-42.tmp"), []byte("halbes Journal"), 0o644)
	os.WriteFile(filepath.Join(parent, ".public-notes"), []byte("not ours"), 0o644)
	os.WriteFile(filepath.Join(parent, ".public-1.txt"), []byte("not ours"), 0o644)
	o, err := Lock(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	checkBeside(t, parent, ".public-1.txt", ".public-notes")
}

func TestDamagedJournalMeansFullBuild(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	m1 := build(t, out, nil, version("v1"), false)
	os.WriteFile(filepath.Join(parent, ".public.journal"), []byte("kaputt"), 0o644)
	build(t, out, m1, version("v2"), false)
	checkBeside(t, parent)
}
