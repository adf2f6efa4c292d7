package write

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestMain runs a child build when the tests start the test binary as
// one (WRITE_TEST_CHILD set).
func TestMain(m *testing.M) {
	if os.Getenv("WRITE_TEST_CHILD") != "" {
		if err := child(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child does one build as the environment says:
//
//	WRITE_TEST_DIR     output folder
//	WRITE_TEST_SITE    the version to build
//	WRITE_TEST_PREV    file with the manifest of the last build ("" for none)
//	WRITE_TEST_KILL    point:n — SIGKILL itself at the n-th time the build passes point
//	WRITE_TEST_READY   file to make once the lock is taken and the files are put
//	WRITE_TEST_HOLD    file to wait for before committing
//	WRITE_TEST_RESULT  file to write the new manifest to
//
// It prints the messages of wait and whether the build was incremental.
func child() error {
	env := os.Getenv
	if kill := env("WRITE_TEST_KILL"); kill != "" {
		point, nth, _ := strings.Cut(kill, ":")
		n, _ := strconv.Atoi(nth)
		var count atomic.Int64
		testHook = func(p string) {
			if p == point && count.Add(1) == int64(n) {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {} // until the signal ends the process
			}
		}
	}
	var prev *Manifest
	if name := env("WRITE_TEST_PREV"); name != "" {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		prev = new(Manifest)
		if err := prev.UnmarshalBinary(data); err != nil {
			return err
		}
	}
	o, err := Lock(context.Background(), env("WRITE_TEST_DIR"), func(msg string) { fmt.Println(msg) })
	if err != nil {
		return err
	}
	defer o.Close()
	b := o.Begin(prev)
	fmt.Println("incremental:", b.Incremental())
	if kill := env("WRITE_TEST_KILL"); strings.HasPrefix(kill, "put:") {
		// One file after another, so that the kill comes half way.
		s := version(env("WRITE_TEST_SITE"))
		for _, p := range sortedPaths(s) {
			if err := put(b, site{p: s[p]}); err != nil {
				return err
			}
		}
	} else if err := put(b, version(env("WRITE_TEST_SITE"))); err != nil {
		return err
	}
	if name := env("WRITE_TEST_READY"); name != "" {
		os.WriteFile(name, nil, 0o644)
	}
	if name := env("WRITE_TEST_HOLD"); name != "" {
		for _, err := os.Stat(name); err != nil; _, err = os.Stat(name) {
			time.Sleep(5 * time.Millisecond)
		}
	}
	m, err := b.Commit()
	if err != nil {
		return err
	}
	if name := env("WRITE_TEST_RESULT"); name != "" {
		data, _ := m.MarshalBinary()
		return os.WriteFile(name, data, 0o644)
	}
	return nil
}

func sortedPaths(s site) []string {
	var paths []string
	for p := range s {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// output is the output of a child, read while it runs.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// startChild starts the test binary as a child build.
func startChild(t *testing.T, env ...string) (*exec.Cmd, *output) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append([]string{"WRITE_TEST_CHILD=1"}, env...)...)
	stdout := new(output)
	cmd.Stdout = stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout
}

func saveManifest(t *testing.T, m *Manifest) string {
	t.Helper()
	data, _ := m.MarshalBinary()
	name := filepath.Join(t.TempDir(), "manifest")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestKilledBuild(t *testing.T) {
	for _, tc := range []struct {
		kill        string
		incremental bool
		committed   bool // killed after the commit point: the next Lock makes the output v2
		// Whether the next build, given the manifest of v1 (the last one
		// its caller got), is incremental: when what the output holds is
		// known (untouched, or an incremental commit finished from its
		// journal); not when a full build was about to swap or swapped
		// the folder.
		nextIncremental bool
	}{
		{"put:1", false, false, true},
		{"put:9", false, false, true},
		{"swap:1", false, false, false},
		{"swapped:1", false, true, false},
		{"put:1", true, false, true},
		{"put:9", true, false, true},
		{"journal:1", true, false, true},
		{"committed:1", true, true, true},
		{"renamed:1", true, true, true},
		{"renamed:7", true, true, true},
		{"renamed:17", true, true, true},
	} {
		mode := map[bool]string{false: "full", true: "incremental"}[tc.incremental]
		t.Run(mode+" "+tc.kill, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			m1 := build(t, out, nil, version("v1"), false)
			prevFile := ""
			if tc.incremental {
				prevFile = saveManifest(t, m1)
			}
			cmd, stdout := startChild(t, "WRITE_TEST_DIR="+out, "WRITE_TEST_SITE=v2", "WRITE_TEST_PREV="+prevFile, "WRITE_TEST_KILL="+tc.kill)
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child: %v (%s), want killed", err, stdout)
			}
			if !strings.Contains(stdout.String(), fmt.Sprint("incremental: ", tc.incremental)) {
				t.Fatalf("child said %q", stdout)
			}
			if !tc.committed {
				checkTree(t, out, version("v1")) // even before any repair
			}
			// The next build repairs: the output is exactly v1 or v2, and
			// nothing else is beside it.
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := version("v1")
			if tc.committed {
				want = version("v2")
			}
			checkTree(t, out, want)
			checkBeside(t, parent)
			b := o.Begin(m1)
			if b.Incremental() != tc.nextIncremental {
				t.Errorf("next build incremental = %v, want %v", b.Incremental(), tc.nextIncremental)
			}
			if err := put(b, version("v3")); err != nil {
				t.Fatal(err)
			}
			m3, err := b.Commit()
			if err != nil {
				t.Fatal(err)
			}
			o.Close()
			checkTree(t, out, version("v3"))
			checkManifest(t, out, m3)
			checkBeside(t, parent)
		})
	}
}

func TestConcurrentBuildProcesses(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	m1 := build(t, out, nil, version("v1"), false)
	prev := saveManifest(t, m1)
	tmp := t.TempDir()
	ready, hold := filepath.Join(tmp, "ready"), filepath.Join(tmp, "hold")
	resA, resB := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")

	// A builds v2 incrementally and holds the lock until told to go on.
	a, outA := startChild(t, "WRITE_TEST_DIR="+out, "WRITE_TEST_SITE=v2", "WRITE_TEST_PREV="+prev,
		"WRITE_TEST_READY="+ready, "WRITE_TEST_HOLD="+hold, "WRITE_TEST_RESULT="+resA)
	waitFor(t, ready)
	// B builds v3 from the same manifest, which A's build makes stale.
	b, outB := startChild(t, "WRITE_TEST_DIR="+out, "WRITE_TEST_SITE=v3", "WRITE_TEST_PREV="+prev, "WRITE_TEST_RESULT="+resB)
	msg := fmt.Sprintf("Ein anderer Build schreibt gerade nach %s/ (Prozess %d); warte …", out, a.Process.Pid)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(outB.String(), msg) {
		if time.Now().After(deadline) {
			t.Fatalf("B did not wait: %q", outB)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// B waits and removed nothing: A's staging folder is still there.
	entries, _ := os.ReadDir(parent)
	staged := 0
	for _, e := range entries {
		if isTemp("public", e.Name(), "") {
			staged++
		}
	}
	if staged != 1 {
		t.Errorf("%d staging folders beside the output while A holds the lock", staged)
	}
	checkTree(t, out, version("v1"))
	os.WriteFile(hold, nil, 0o644)
	if err := a.Wait(); err != nil {
		t.Fatalf("A: %v", err)
	}
	if err := b.Wait(); err != nil {
		t.Fatalf("B: %v", err)
	}
	if !strings.Contains(outA.String(), "incremental: true") || strings.Contains(outA.String(), "warte") {
		t.Errorf("A said %q", outA)
	}
	if !strings.Contains(outB.String(), "incremental: false") {
		t.Errorf("B built incrementally from a manifest A made stale: %q", outB)
	}
	checkTree(t, out, version("v3"))
	data, _ := os.ReadFile(resB)
	var mB Manifest
	if err := mB.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	checkManifest(t, out, &mB)
	checkBeside(t, parent)
	// The lock file names no holder now.
	if f, err := os.Open(filepath.Join(parent, ".public.lock")); err == nil {
		pid, _ := readLockFile(f)
		f.Close()
		if pid != 0 {
			t.Errorf("lock file names process %d", pid)
		}
	}
}

func waitFor(t *testing.T, name string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(name); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not made", name)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDiskFullTmpfs fills a real small file system (as root, where
// mounting works; skipped elsewhere).
func TestDiskFullTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root")
	}
	mnt := t.TempDir()
	if err := unix.Mount("tmpfs", mnt, "tmpfs", 0, "size=1m"); err != nil {
		t.Skipf("mount tmpfs: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(mnt, unix.MNT_DETACH) })
	out := filepath.Join(mnt, "public")
	big := func(name string) site {
		s := version(name)
		for i := range 8 {
			s[fmt.Sprintf("bilder/%d.jpg", i)] = strings.Repeat(name+fmt.Sprint(i), 16<<10) // 32 KB each
		}
		return s
	}
	m1 := build(t, out, nil, big("v1"), false)
	before := readTree(t, out)
	filler := filepath.Join(mnt, "filler")
	fill := func() {
		// Leave room for about half a build.
		f, _ := os.Create(filler)
		chunk := make([]byte, 4096)
		var st unix.Statfs_t
		for {
			unix.Statfs(mnt, &st)
			if int64(st.Bavail)*int64(st.Bsize) < 160<<10 {
				break
			}
			if _, err := f.Write(chunk); err != nil {
				break
			}
		}
		f.Close()
	}
	for _, tc := range []struct {
		name string
		prev *Manifest
	}{{"full", nil}, {"incremental", m1}} {
		t.Run(tc.name, func(t *testing.T) {
			fill()
			o, err := Lock(context.Background(), out, nil)
			if err != nil {
				t.Fatal(err)
			}
			b := o.Begin(tc.prev)
			if b.Incremental() != (tc.prev != nil) {
				t.Fatalf("incremental = %v", b.Incremental())
			}
			err = put(b, big("v2"))
			if err == nil {
				_, err = b.Commit()
			} else {
				b.Abort()
			}
			o.Close()
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("build on a full disk: %v", err)
			}
			checkTree(t, out, before)
			os.Remove(filler)
			checkBeside(t, mnt)
		})
	}
	// Room again.
	m2 := build(t, out, m1, big("v2"), true)
	build(t, out, m2, big("v3"), true)
}
