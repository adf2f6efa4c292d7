package cms_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
	"treffpunkt-sprache.de.md": `---
location: {name: "Stadtbücherei"}
start: 2027-04-15T17:00
title: Treffpunkt Sprache
---
Deutsch sprechen.
`,
	"treffpunkt-sprache.en.md": `---
title: "Language meeting point"
---
Speaking German.
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
	// A unit is an original and the translations Decap wrote with it.
	units := map[string][]string{}
	for _, e := range entries {
		name := e.Name()
		base, _, _ := strings.Cut(name, ".")
		units[base] = append(units[base], name)
	}
	for base, names := range units {
		t.Run(base, func(t *testing.T) {
			decap, hand := map[string][]byte{}, map[string][]byte{}
			for _, name := range names {
				data, err := os.ReadFile(filepath.Join("testdata", "decap-written", name))
				if err != nil {
					t.Fatal(err)
				}
				h, ok := handWritten[name]
				if !ok {
					t.Fatalf("no hand-written equivalent of %s in handWritten", name)
				}
				decap["content/termine/"+name] = data
				// The original by hand is named without the code.
				hand["content/termine/"+strings.Replace(name, ".de.md", ".md", 1)] = []byte(h)
			}
			if _, ok := decap["content/termine/"+base+".de.md"]; !ok {
				t.Fatalf("Decap wrote %v without the original %s.de.md", names, base)
			}
			a := buildWith(t, decap)
			b := buildWith(t, hand)
			if a.Len() != b.Len() {
				t.Errorf("%d output files from Decap's files, %d from the hand-written ones", a.Len(), b.Len())
			}
			a.Range(func(p string, data []byte) {
				other, ok := b.Get(p)
				switch {
				case !ok:
					t.Errorf("%s: only from Decap's files", p)
				case !bytes.Equal(data, other):
					t.Errorf("%s differs between Decap's files and the hand-written ones", p)
				}
			})
			page := "termine/" + base + "/index.html"
			if _, ok := a.Get(page); !ok {
				t.Errorf("no %s", page)
			}
			for _, name := range names {
				if lang := strings.TrimSuffix(strings.TrimPrefix(name, base+"."), ".md"); lang != "de" {
					if _, ok := a.Get(lang + "/" + page); !ok {
						t.Errorf("no %s/%s from the translation %s", lang, page, name)
					}
				}
			}
		})
	}
}

// buildWith builds testdata/site.txtar (as browsertest's TestCMS edits it)
// with one more file and fails on any problem, warnings too.
func buildWith(t *testing.T, files map[string][]byte) build.Output {
	t.Helper()
	var res *build.Result
	siteOf(t, "testdata/site.txtar", func(fsys fstest.MapFS) {
		for name, data := range files {
			fsys[name] = &fstest.MapFile{Data: data, ModTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		}
		var err error
		res, err = build.Run(fsys, build.Options{NowText: "2027-03-01T12:00"})
		if err != nil {
			t.Fatalf("%v do not build: %v", slices.Sorted(maps.Keys(files)), err)
		}
	})
	for _, d := range res.Diagnostics {
		t.Errorf("%s: %s", d.Position(), d.Message)
	}
	return res.Output
}
