package corpus

import (
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/sitetest"
	"github.com/stadt-bamberg/integration/internal/write"
)

// The benchmarks build a generated site from memory, so that the disk
// does not dominate; BenchmarkBuildWrite10k adds writing the output like
// the command does. Generating the corpus is not timed, and each size is
// generated once per process.

var corpora sync.Map // n → func() fstest.MapFS

func corpus(n int) fstest.MapFS {
	f, _ := corpora.LoadOrStore(n, sync.OnceValue(func() fstest.MapFS { return Generate(n, 1) }))
	return f.(func() fstest.MapFS)()
}

func BenchmarkBuild1k(b *testing.B)  { benchBuild(b, 1000, false) }
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000, false) }

func BenchmarkBuildWrite10k(b *testing.B) { benchBuild(b, 10000, true) }

func benchBuild(b *testing.B, n int, writeOut bool) {
	fsys := corpus(n)
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := cpuTime()
	var pages int
	var bytes int64
	for range b.N {
		res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
		if err != nil {
			b.Fatal(err)
		}
		if writeOut {
			if err := write.Dir(out, res.Files); err != nil {
				b.Fatal(err)
			}
		}
		pages, bytes = res.Stats.Pages, res.Stats.Bytes
	}
	b.StopTimer()
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(pages)/sec, "pages/s")
	b.ReportMetric(float64(bytes)/1e6, "MB")
	// CPU time (user + system, all threads) is disturbed less than the
	// wall time when other processes share the machine.
	if cpu1, ok := cpuTime(); ok && cpuOK {
		b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	}
}
