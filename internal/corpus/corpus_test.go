package corpus

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestValid builds a generated site and expects no diagnostic at all, not
// even a warning: the corpus is valid content. The checks of sitegen check
// find nothing either.
func TestValid(t *testing.T) {
	fsys := Generate(200, 1)
	res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
	for _, d := range res.Diagnostics {
		t.Errorf("%s", d.Long())
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range check.Site(res) {
		t.Errorf("check: %s", d.Long())
	}
	count := map[string]int{}
	for _, p := range res.Site.Pages {
		if p.Kind.String() == "page" {
			count[p.Type]++
		}
	}
	for _, typ := range model.Types {
		if count[typ] == 0 {
			t.Errorf("no page of type %s", typ)
		}
	}
	t.Logf("%d pages (%v), %d files, %d bytes", res.Stats.Pages, count, res.Stats.Files, res.Stats.Bytes)
}

// TestValidSeeds checks a few more seeds and sizes, small and larger.
func TestValidSeeds(t *testing.T) {
	for _, c := range []struct {
		n    int
		seed int64
	}{{MinPages, 7}, {1000, 2}, {3000, 3}} {
		res, err := build.Run(Generate(c.n, c.seed), build.Options{Now: sitetest.Now})
		for i, d := range res.Diagnostics {
			if i == 20 {
				t.Errorf("… %d more", len(res.Diagnostics)-i)
				break
			}
			t.Errorf("n=%d seed=%d: %s", c.n, c.seed, d.Long())
		}
		if err != nil {
			t.Fatalf("n=%d seed=%d: %v", c.n, c.seed, err)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Generate(200, 1), Generate(200, 1)
	if !slices.Equal(slices.Sorted(maps.Keys(a)), slices.Sorted(maps.Keys(b))) {
		t.Fatal("different file names for the same seed")
	}
	for name, f := range a {
		if !bytes.Equal(f.Data, b[name].Data) {
			t.Errorf("%s differs between two calls", name)
		}
	}
	c := Generate(200, 2)
	if bytes.Equal(a["content/_index.md"].Data, c["content/_index.md"].Data) {
		t.Error("seeds 1 and 2 give the same home page")
	}
}

func TestSize(t *testing.T) {
	for _, n := range []int{MinPages, 200, 1000} {
		pages := 0
		for name := range Generate(n, 1) {
			if filepath.Ext(name) == ".md" {
				pages++
			}
		}
		if pages != n {
			t.Errorf("Generate(%d) has %d pages", n, pages)
		}
	}
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDir(dir, 100, 5); err != nil {
		t.Fatal(err)
	}
	for name, f := range Generate(100, 5) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, f.Data) {
			t.Errorf("%s differs on disk", name)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, c := range [][3]string{
		{"_index.md", "akteure/x.md", "akteure/x.md"},
		{"akteure/x.md", "akteure/y.md", "y.md"},
		{"akteure/x.md", "_index.md", "../_index.md"},
		{"termine/2027/a.md", "akteure/b.md", "../../akteure/b.md"},
		{"geschichte/k/index.md", "geschichte/_index.md", "../_index.md"},
		{"beratung/sprache/_index.md", "beratung/familie/f.md", "../familie/f.md"},
	} {
		if got := relPath(c[0], c[1]); got != c[2] {
			t.Errorf("relPath(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
