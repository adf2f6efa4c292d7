package serve_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/corpus"
	"github.com/stadt-bamberg/integration/internal/serve"
)

// BenchmarkSaveToReady10k measures what an editor waits for in the
// preview of a 10,000-page site: from writing an event's file to the
// rebuilt page being served, through the real file watcher, its debounce
// and the incremental build — for an edit of the body (body) and of the
// title in the front matter (title), which reaches the listings that show
// the event. It reports the median and the worst case:
//
//	go test -run XXX -bench SaveToReady -benchtime 30x ./internal/serve
func BenchmarkSaveToReady10k(b *testing.B) {
	for _, kind := range []string{"body", "title"} {
		b.Run(kind, func(b *testing.B) { saveToReady(b, kind) })
	}
}

func saveToReady(b *testing.B, kind string) {
	dir := b.TempDir()
	if err := corpus.WriteDir(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	srv := serve.New(build.NewBuilder(os.DirFS(dir), build.Options{Now: now}), nil, nil, io.Discard)
	defer srv.Close()
	if _, err := srv.Rebuild(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Watch(ctx, dir, "content", "layouts", "assets")
	time.Sleep(500 * time.Millisecond) // let the watcher add its folders

	// An event page somewhere in the middle of the site.
	var src, out string
	filepath.WalkDir(filepath.Join(dir, "content", "termine"), func(p string, d os.DirEntry, err error) error {
		if src == "" && err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			src = p
		}
		return nil
	})
	rel, _ := filepath.Rel(filepath.Join(dir, "content"), src)
	out = strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/index.html"
	if _, ok := srv.File(out); !ok {
		b.Fatalf("%s is not served", out)
	}
	orig, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}

	if kind == "title" && !titleRE.Match(orig) {
		b.Fatalf("%s has no YAML title line", src)
	}
	var times []time.Duration
	b.ResetTimer()
	for i := range b.N {
		marker := fmt.Sprintf("Änderung Nummer %d", i)
		data := append(orig[:len(orig):len(orig)], "\n"+marker+"\n"...)
		if kind == "title" {
			data = titleRE.ReplaceAll(orig, []byte("title: \""+marker+"\""))
		}
		start := time.Now()
		if err := os.WriteFile(src, data, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			if data, _ := srv.File(out); strings.Contains(string(data), marker) {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatal("the edit never reached the served page")
			}
			time.Sleep(200 * time.Microsecond)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-worst")
	os.WriteFile(src, orig, 0o644)
}

// titleRE finds the title line of YAML front matter.
var titleRE = regexp.MustCompile(`(?m)^title:.*$`)
