package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/corpus"
	"github.com/stadt-bamberg/integration/internal/sitetest"
	"github.com/stadt-bamberg/integration/internal/write"
)

// The test binary runs as sitegen itself when this variable is set, so
// that a test can kill a real build process.
func init() {
	if os.Getenv("SITEGEN_TEST_AS_COMMAND") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now))
	}
}

// A second build into the same output waits for the first, says so, and
// then builds.
func TestSecondBuildWaits(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	out := filepath.Join(dir, "public")
	held, err := write.Lock(context.Background(), out, nil) // a build in progress
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var code int
	var errs string
	go func() {
		defer close(done)
		code, _, errs = sitegen("build", "--source", dir, "--quiet")
	}()
	select {
	case <-done:
		t.Fatalf("the build did not wait (exit %d): %s", code, errs)
	case <-time.After(300 * time.Millisecond):
	}
	held.Close()
	<-done
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "Ein anderer Build schreibt gerade nach") || !strings.Contains(errs, "warte") {
		t.Errorf("no message about waiting:\n%s", errs)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
}

// Builds started at once into one output all succeed, one after the
// other, and leave exactly what one build makes.
func TestConcurrentBuilds(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	var wg sync.WaitGroup
	codes := make([]int, 4)
	errs := make([]string, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := []string{"build", "--source", dir, "--quiet", "--now", sitetest.NowText}
			if i%2 == 1 {
				args = append(args, "--no-cache")
			}
			codes[i], _, errs[i] = sitegen(args...)
		}()
	}
	wg.Wait()
	for i := range codes {
		if codes[i] != 0 {
			t.Errorf("build %d: exit %d: %s", i, codes[i], errs[i])
		}
	}
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, e := sitegen("build", "--source", dir, "--out", ref, "--no-cache", "--quiet", "--now", sitetest.NowText); code != 0 {
		t.Fatal(e)
	}
	if treeHash(t, filepath.Join(dir, "public")) != treeHash(t, ref) {
		t.Error("after concurrent builds the output differs from one build's")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".public-*"))
	if len(leftovers) > 0 {
		t.Errorf("left behind: %v", leftovers)
	}
}

// A build killed at any moment — warm or cold — leaves the output as it
// was or as the new build, never a mix, and the next build is right.
func TestKilledBuild(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	src := filepath.Join(root, "site")
	if err := corpus.WriteDir(src, 150, 3); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(src, "public")
	command := func(ctx context.Context, args ...string) *exec.Cmd {
		c := exec.CommandContext(ctx, exe, append([]string{"build", "--source", src, "--quiet", "--now", sitetest.NowText}, args...)...)
		c.Env = append(os.Environ(), "SITEGEN_TEST_AS_COMMAND=1")
		return c
	}
	build := func(args ...string) {
		t.Helper()
		if b, err := command(context.Background(), args...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
	}
	// reference returns the tree a --no-cache build of the sources makes.
	reference := func() string {
		ref := filepath.Join(root, "ref")
		build("--out", ref, "--no-cache")
		return treeHash(t, ref)
	}
	build()
	r := rand.New(rand.NewPCG(1, 2))
	pages, _ := filepath.Glob(filepath.Join(src, "content", "akteure", "*.md"))
	for i := range 8 {
		old := treeHash(t, out)
		// An edit: a new sentence in some pages.
		for range 3 {
			p := pages[r.IntN(len(pages))]
			data, _ := os.ReadFile(p)
			os.WriteFile(p, append(data, fmt.Sprintf("\nSatz %d.\n", i)...), 0o644)
		}
		want := reference()
		args := []string{}
		if i%2 == 1 {
			args = append(args, "--no-cache")
		}
		c := command(context.Background(), args...)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.IntN(400)) * time.Millisecond)
		c.Process.Kill()
		c.Wait()
		switch got := treeHash(t, out); got {
		case old, want:
		default:
			// Killed after its commit point: the next build's lock finishes
			// the commit; nothing else may be seen.
			t.Logf("run %d: output is neither the old nor the new build right after the kill; checking the repair", i)
		}
		build(args...)
		if got := treeHash(t, out); got != want {
			t.Fatalf("run %d (%v): after a killed build the next build is not right", i, args)
		}
	}
}
