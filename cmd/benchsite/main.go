// Command benchsite times a full build of a generated site, the way the
// real command reads it: from a folder on disk (os.DirFS).
//
// Usage:
//
//	go run ./cmd/benchsite [-n 10000] [-runs 5] [-seed 1] [-write DIR] [-cpuprofile FILE]
//
// It writes the corpus of package corpus (n pages) to a temporary folder,
// then runs build.Run – and write.Dir into DIR when -write is given – runs
// times, printing the wall time, pages per second and CPU time (user +
// system, which a busy machine disturbs less than the wall time) of each
// run, then the minimum and median wall time and the peak resident memory
// of the process (VmHWM from /proc/self/status), which go test -bench
// cannot report.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/corpus"
	"github.com/stadt-bamberg/integration/internal/write"
)

func main() {
	n := flag.Int("n", 10000, "number of pages")
	runs := flag.Int("runs", 5, "number of timed builds")
	seed := flag.Int64("seed", 1, "seed of the corpus")
	out := flag.String("write", "", "also write the output into this folder (replaced on every run)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	flag.Parse()
	if err := run(*n, *runs, *seed, *out, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "benchsite:", err)
		os.Exit(1)
	}
}

func run(n, runs int, seed int64, out, cpuprofile string) error {
	src, err := os.MkdirTemp("", "benchsite-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	t0 := time.Now()
	if err := corpus.WriteDir(src, n, seed); err != nil {
		return err
	}
	fmt.Printf("corpus: %d pages, seed %d, in %s (generated in %s, peak RSS so far %s)\n",
		n, seed, src, time.Since(t0).Round(time.Millisecond), peakRSS())

	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// A fixed instant keeps the output the same from run to run.
	opts := build.Options{Now: time.Date(2027, 3, 11, 17, 0, 0, 0, time.UTC)}
	fsys := os.DirFS(src)
	var walls []time.Duration
	for i := range runs {
		cpu0, _ := cpuTime()
		start := time.Now()
		res, err := build.Run(fsys, opts)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		built := time.Since(start)
		if out != "" {
			if err := write.Dir(out, res.Files); err != nil {
				return err
			}
		}
		wall := time.Since(start)
		walls = append(walls, wall)
		cpu := "n/a"
		if cpu1, ok := cpuTime(); ok {
			cpu = (cpu1 - cpu0).Round(time.Millisecond).String()
		}
		st := res.Stats
		writing := ""
		if out != "" {
			writing = fmt.Sprintf(", write %s", (wall - built).Round(time.Millisecond))
		}
		fmt.Printf("run %d: %s  %.0f pages/s  cpu %s  (%d pages, %d files, %.1f MB; load %s, model %s, render %s%s)\n",
			i+1, wall.Round(time.Millisecond), float64(st.Pages)/wall.Seconds(), cpu, st.Pages, st.Files,
			float64(st.Bytes)/1e6, st.Load.Round(time.Millisecond), st.Model.Round(time.Millisecond),
			st.Render.Round(time.Millisecond), writing)
	}
	if len(walls) == 0 {
		return nil
	}
	slices.Sort(walls)
	fmt.Printf("min %s  median %s  peak RSS %s\n", walls[0].Round(time.Millisecond),
		walls[(len(walls)-1)/2].Round(time.Millisecond), peakRSS())
	if out != "" {
		abs, _ := filepath.Abs(out)
		fmt.Println("output:", abs)
	}
	return nil
}

// peakRSS returns the process's peak resident set size from
// /proc/self/status, or "n/a" where there is none.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err == nil {
				return fmt.Sprintf("%.0f MB", float64(kb)/1024)
			}
		}
	}
	return "n/a"
}
