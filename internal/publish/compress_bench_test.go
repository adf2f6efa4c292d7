package publish_test

import (
	"bytes"
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	kgzip "github.com/klauspost/compress/gzip"
	"github.com/stadt-bamberg/integration/internal/corpus"
	"github.com/stadt-bamberg/integration/internal/publish"
)

// compressSample returns what sitegen build compresses for a generated
// site of 300 pages: its minified text files over publish.CompressMin
// (pages, calendars, sitemap, feeds, the stylesheet), in path order.
//
// With $SITEGEN_COMPRESS_SAMPLE set to a built site's folder, it returns
// those files of that site instead, and with $SITEGEN_COMPRESS_EVERY=n
// only every n-th of them (the figures in the README were measured so).
func compressSample(b *testing.B) [][]byte {
	out := map[string][]byte{}
	if dir := os.Getenv("SITEGEN_COMPRESS_SAMPLE"); dir != "" {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !publish.Compressible(p) {
				return err
			}
			data, err := os.ReadFile(p)
			out[filepath.ToSlash(p)] = data
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	} else {
		opts := production("https://www.stadt.bamberg.de/integration/")
		opts.Compress = false
		out, _ = run(b, corpus.Generate(300, 1), opts)
	}
	every := 1
	if e := os.Getenv("SITEGEN_COMPRESS_EVERY"); e != "" {
		n, err := strconv.Atoi(e)
		if err != nil || n < 1 {
			b.Fatalf("SITEGEN_COMPRESS_EVERY=%q: not a positive number", e)
		}
		every = n
	}
	var paths []string
	for p, data := range out {
		if publish.Compressible(p) && len(data) > publish.CompressMin {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	var files [][]byte
	for i, p := range paths {
		if i%every == 0 {
			files = append(files, out[p])
		}
	}
	return files
}

// window is the brotli window publish.Brotli uses for n bytes.
func window(n int) int {
	w := 10
	for w < 24 && 1<<w-16 < n {
		w++
	}
	return w
}

// compressors are the settings BenchmarkCompress compares. Each makes a
// function that compresses one file; the writers of the alternatives
// are reused as the publish functions reuse theirs, except in the
// "-new" ones, which show what reuse saves.
func compressors() []struct {
	name string
	make func() func([]byte) []byte
} {
	type c = struct {
		name string
		make func() func([]byte) []byte
	}
	list := []c{
		{"Gzip", func() func([]byte) []byte { return publish.Gzip }},
		{"Brotli", func() func([]byte) []byte { return publish.Brotli }},
		{"GzipBest", func() func([]byte) []byte { return publish.GzipBest }},
		{"BrotliBest", func() func([]byte) []byte { return publish.BrotliBest }},
	}
	for _, level := range []int{1, 5, 6, 9} {
		list = append(list, c{fmt.Sprintf("gzip-std-%d", level), func() func([]byte) []byte {
			w, _ := stdgzip.NewWriterLevel(io.Discard, level)
			return func(data []byte) []byte {
				var b bytes.Buffer
				w.Reset(&b)
				w.Write(data)
				w.Close()
				return b.Bytes()
			}
		}})
	}
	for _, level := range []int{kgzip.StatelessCompression, 1, 2, 3, 4, 5, 6, 7, 8, 9} {
		name := fmt.Sprintf("gzip-kp-%d", level)
		if level == kgzip.StatelessCompression {
			name = "gzip-kp-stateless"
		}
		list = append(list, c{name, func() func([]byte) []byte {
			w, _ := kgzip.NewWriterLevel(io.Discard, level)
			return func(data []byte) []byte {
				var b bytes.Buffer
				w.Reset(&b)
				w.Write(data)
				w.Close()
				return b.Bytes()
			}
		}})
	}
	list = append(list, c{"gzip-kp-6-new", func() func([]byte) []byte {
		return func(data []byte) []byte {
			var b bytes.Buffer
			w, _ := kgzip.NewWriterLevel(&b, 6)
			w.Write(data)
			w.Close()
			return b.Bytes()
		}
	}})
	for q := 0; q <= 11; q++ {
		list = append(list, c{fmt.Sprintf("br-%d", q), func() func([]byte) []byte {
			var ws [25]*brotli.Writer
			return func(data []byte) []byte {
				var b bytes.Buffer
				win := window(len(data))
				if ws[win] == nil || win > 18 { // as publish.Brotli: see maxPooledWindow
					ws[win] = brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: q, LGWin: win})
				} else {
					ws[win].Reset(&b)
				}
				ws[win].Write(data)
				ws[win].Close()
				return b.Bytes()
			}
		}})
	}
	list = append(list, c{"br-5-new", func() func([]byte) []byte {
		return func(data []byte) []byte {
			var b bytes.Buffer
			w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: 5, LGWin: window(len(data))})
			w.Write(data)
			w.Close()
			return b.Bytes()
		}
	}})
	return list
}

// BenchmarkCompress compresses the sample with each setting, one file
// after the other on one goroutine. MB/s is per core; cpu-MB/s divides
// by the CPU time of the process instead of the wall time (steadier on a
// shared machine); ratio is the compressed size over the original size.
// The "parallel" ones make .gz and .br of every file as Finish does, on
// every core (GOMAXPROCS), for the wall time of the whole.
//
//	go test -run '^$' -bench Compress -benchtime 3x ./internal/publish/
//
// The figures in the README are of the output of a 10,000-page site
// (corpus.WriteDir(dir, 10000, 1), built with sitegen build
// --compress=false --now 2027-03-11T18:00 --out /dev/shm/out10k):
//
//	SITEGEN_COMPRESS_SAMPLE=/dev/shm/out10k go test -run '^$' \
//	    -bench Compress -benchtime 1x -count 3 ./internal/publish/
func BenchmarkCompress(b *testing.B) {
	files := compressSample(b)
	var total int64
	for _, f := range files {
		total += int64(len(f))
	}
	for _, c := range compressors() {
		b.Run(c.name, func(b *testing.B) {
			compress := c.make()
			b.SetBytes(total)
			var out int64
			b.ResetTimer()
			cpu0, cpuOK := cpuTime()
			for range b.N {
				out = 0
				for _, f := range files {
					out += int64(len(compress(f)))
				}
			}
			b.StopTimer()
			reportCompress(b, total, out, cpu0, cpuOK)
		})
	}
	for _, best := range []bool{false, true} {
		name := "parallel-Gzip+Brotli"
		gz, br := publish.Gzip, publish.Brotli
		if best {
			name = "parallel-GzipBest+BrotliBest"
			gz, br = publish.GzipBest, publish.BrotliBest
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(total)
			var out int64
			b.ResetTimer()
			cpu0, cpuOK := cpuTime()
			for range b.N {
				sizes := make([]int64, len(files))
				var wg sync.WaitGroup
				next := make(chan int)
				for range runtime.GOMAXPROCS(0) {
					wg.Go(func() {
						for i := range next {
							sizes[i] = int64(len(gz(files[i])) + len(br(files[i])))
						}
					})
				}
				for i := range files {
					next <- i
				}
				close(next)
				wg.Wait()
				out = 0
				for _, n := range sizes {
					out += n
				}
			}
			b.StopTimer()
			reportCompress(b, total, out, cpu0, cpuOK)
		})
	}
}

func reportCompress(b *testing.B, total, out int64, cpu0 float64, cpuOK bool) {
	b.ReportMetric(float64(out)/float64(total), "ratio")
	if cpu1, ok := cpuTime(); ok && cpuOK && cpu1 > cpu0 {
		b.ReportMetric(float64(total)*float64(b.N)/1e6/(cpu1-cpu0), "cpu-MB/s")
	}
}
