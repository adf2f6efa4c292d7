package build_test

import (
	"maps"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// FuzzBuild puts a page with fuzzed front matter and Markdown body into
// the base site and runs the whole pipeline: it must never panic, a
// failed build must return no files, and every diagnostic must say where.
func FuzzBuild(f *testing.F) {
	base := sitetest.FS(f, "testdata/base.txtar")
	for _, seed := range []struct{ front, body string }{
		{"title: Runder Tisch\nstart: 2027-03-12T18:00\nseries: runder-tisch\norganizer: beirat", "# Überschrift\n\nText mit [Link](/akteure/) und **fett**.\n\n::events{series=\"runder-tisch\" limit=1}\n"},
		{"title: X\nstart: 2027-03-11", "::actors{category=\"beirat\"}\n\n::milestones{}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"},
		{"title: X\nstart: 2027-03-11\nraw_html: true", "<div>roh</div>\n\n<script>alert(1)</script>\n"},
		{"title: X\nstart: 2027-03-11", "[kaputt](/gibt-es-nicht/) ![Bild](bild.jpg) [^1]\n\n[^1]: Fußnote\n"},
		{"title: X\nstart: 2027-03-11", "::unbekannt{}\n::events{limit=x}\n::events{series=\"x\" empty=\"Nichts\"}\n"},
		{"title: X\nstart: 2027-03-11\naliases: [/alt/, /termine/, /]\nslug: termine", "Text\n"},
		{"title: X\nstart: 2027-03-11\naliases: [/./, /akteure//, /a/./b, /x.html/]", "Text\n"},
		{"title: X\nlayout: gibt-es-nicht\ntype: actor", "```go\ncode\n```\n"},
		{"titel: X", ""},
		{"", "---\n"},
	} {
		f.Add(seed.front, seed.body)
	}
	f.Fuzz(func(t *testing.T, front, body string) {
		fsys := maps.Clone(base)
		fsys["content/termine/x.md"] = &fstest.MapFile{Data: []byte("---\n" + front + "\n---\n" + body)}
		res, err := build.Run(fsys, build.Options{Now: sitetest.Now})
		if res == nil {
			t.Fatalf("no result (error %v)", err)
		}
		for _, d := range res.Diagnostics {
			if d.Path == "" {
				t.Errorf("diagnostic without a path: %#v", d)
			}
		}
		if err != nil {
			if res.Files != nil {
				t.Errorf("failed build returned %d files", len(res.Files))
			}
			if _, ok := err.(diag.Errors); !ok {
				t.Errorf("error %T, not diag.Errors: %v", err, err)
			}
			return
		}
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				t.Errorf("successful build with an error: %s", d.Error())
			}
		}
		for i, f := range res.Files {
			if f.Path == "" || f.Path == "." || path.Clean(f.Path) != f.Path || strings.HasPrefix(f.Path, "/") || strings.HasPrefix(f.Path, "../") {
				t.Errorf("output path %q", f.Path)
			}
			if i > 0 && res.Files[i-1].Path >= f.Path {
				t.Errorf("output paths not sorted and unique: %q after %q", f.Path, res.Files[i-1].Path)
			}
		}
	})
}
