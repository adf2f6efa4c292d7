package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/corpus"
)

// BenchmarkEditOne10k measures the incremental build after one event of
// a 10,000-page site on disk changed — its body, or its title — (the
// preview server's work after a save, without the file watcher).
func BenchmarkEditOne10k(b *testing.B) {
	for _, kind := range []string{"body", "title"} {
		b.Run(kind, func(b *testing.B) { editOne(b, kind) })
	}
}

func editOne(b *testing.B, kind string) {
	dir := b.TempDir()
	if err := corpus.WriteDir(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	var src string
	filepath.WalkDir(filepath.Join(dir, "content", "termine"), func(p string, d os.DirEntry, err error) error {
		if src == "" && err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			src = p
		}
		return nil
	})
	rel, _ := filepath.Rel(dir, src)
	rel = filepath.ToSlash(rel)
	orig, _ := os.ReadFile(src)
	bl := build.NewBuilder(os.DirFS(dir), build.Options{Now: testNow})
	if _, err := bl.Build(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var load, mdl, rnd time.Duration
	for i := range b.N {
		data := append(orig[:len(orig):len(orig)], fmt.Sprintf("\nÄnderung %d\n", i)...)
		if kind == "title" {
			data = regexp.MustCompile(`(?m)^title:.*$`).ReplaceAll(orig, fmt.Appendf(nil, "title: \"Änderung %d\"", i))
		}
		os.WriteFile(src, data, 0o644)
		bl.Changed(rel)
		res, err := bl.Build()
		if err != nil {
			b.Fatal(err)
		}
		if kind == "body" && res.Stats.Rendered != 1 {
			b.Fatalf("rendered %d pages", res.Stats.Rendered)
		}
		load, mdl, rnd = load+res.Stats.Load, mdl+res.Stats.Model, rnd+res.Stats.Render
	}
	n := float64(b.N) * 1e6
	b.ReportMetric(float64(load)/n, "ms-load")
	b.ReportMetric(float64(mdl)/n, "ms-model")
	b.ReportMetric(float64(rnd)/n, "ms-render")
}
