package cms_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
)

// handWritten are the files an editor would write by hand for what Decap
// wrote in browsertest's TestCMS (testdata/decap-written/, kept with
// go test ./browsertest -run TestCMS -update-decap): the name without the
// language code, other key order, quotes, no default status.
var handWritten = map[string]string{
	"sprachcafe-im-rathaus.de.md": `---
title: "Sprachcafé im Rathaus"
organizer: beirat
series: runder-tisch
start: 2027-03-18T17:30
location:
  address: "Maximiliansplatz 3, 96047 Bamberg"
  name: Rathaus
---
Deutsch üben bei Kaffee und Kuchen.
`,
	"zeit-new-york.de.md": `---
title: 'Zeit New York'
start: "2027-03-14T02:30"
---
`,
	"zeit-ganztaegig.de.md": `---
start: 2027-03-11
title: Zeit ganztaegig
---
`,
}

// TestDecapWritten: the files Decap wrote build without problems and give
// the same site as their hand-written equivalents (Decap's YAML quoting,
// key order, date format, the language code in the name, status:
// scheduled written out).
func TestDecapWritten(t *testing.T) {
	entries, err := os.ReadDir("testdata/decap-written")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("testdata/decap-written is empty")
	}
	for _, e := range entries {
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			decap, err := os.ReadFile(filepath.Join("testdata", "decap-written", name))
			if err != nil {
				t.Fatal(err)
			}
			hand, ok := handWritten[name]
			if !ok {
				t.Fatalf("no hand-written equivalent of %s in handWritten", name)
			}
			plain := strings.TrimSuffix(name, ".de.md") + ".md"
			a := buildWith(t, "content/termine/"+name, decap)
			b := buildWith(t, "content/termine/"+plain, []byte(hand))
			if a.Len() != b.Len() {
				t.Errorf("%d output files from Decap's file, %d from the hand-written one", a.Len(), b.Len())
			}
			a.Range(func(p string, data []byte) {
				other, ok := b.Get(p)
				switch {
				case !ok:
					t.Errorf("%s: only from Decap's file", p)
				case !bytes.Equal(data, other):
					t.Errorf("%s differs between Decap's file and the hand-written one", p)
				}
			})
			page := "termine/" + strings.TrimSuffix(plain, ".md") + "/index.html"
			if _, ok := a.Get(page); !ok {
				t.Errorf("no %s", page)
			}
		})
	}
}

// buildWith builds testdata/site.txtar (as browsertest's TestCMS edits it)
// with one more file and fails on any problem, warnings too.
func buildWith(t *testing.T, name string, data []byte) build.Output {
	t.Helper()
	var res *build.Result
	siteOf(t, "testdata/site.txtar", func(fsys fstest.MapFS) {
		fsys[name] = &fstest.MapFile{Data: data, ModTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		var err error
		res, err = build.Run(fsys, build.Options{NowText: "2027-03-01T12:00"})
		if err != nil {
			t.Fatalf("%s does not build: %v", name, err)
		}
	})
	for _, d := range res.Diagnostics {
		t.Errorf("%s: %s: %s", name, d.Position(), d.Message)
	}
	return res.Output
}
