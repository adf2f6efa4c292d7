package build_test

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/sitetest"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// testNow is the instant test sites are built for.
var testNow = sitetest.Now

// site reads txtar archives and lays them over each other into one file
// system; later archives replace files of earlier ones. Under them all
// lie the repository's interface strings (i18n/), and an archive whose
// comment says "include: other.txtar" lies over that archive.
func site(t testing.TB, archives ...string) (fstest.MapFS, []byte) {
	t.Helper()
	fsys := sitetest.Repo(t, "i18n")
	var comment []byte
	for _, name := range archives {
		a := sitetest.Archive(t, name)
		for _, inc := range wantsOf(a.Comment, "include: ") {
			inner, _ := site(t, filepath.Join(filepath.Dir(name), inc))
			maps.Copy(fsys, inner)
		}
		comment = a.Comment
		maps.Copy(fsys, sitetest.MapFS(t, a))
	}
	return fsys, comment
}

// wants returns the "want: path:line: text" lines of an archive's comment.
func wants(comment []byte) []string { return wantsOf(comment, "want: ") }

// wantsOf returns the rest of the comment's lines that start with prefix.
func wantsOf(comment []byte, prefix string) []string {
	var out []string
	for _, l := range strings.Split(string(comment), "\n") {
		if w, ok := strings.CutPrefix(l, prefix); ok {
			out = append(out, w)
		}
	}
	return out
}

// matches reports whether diagnostic d is what want describes: the same
// "path:line: " prefix and the rest of want somewhere in the message.
func matches(d diag.Diagnostic, want string) bool {
	i := strings.Index(want, ": ")
	if i < 0 {
		return false
	}
	pos, text := want[:i], want[i+2:]
	got := d.Position()
	return (got == pos || strings.HasPrefix(got, pos+":")) && strings.Contains(d.Message, text)
}

// TestBadInput builds the base site with one broken file laid over it and
// checks that exactly the expected errors are reported, at the expected
// places, and that no output is produced.
func TestBadInput(t *testing.T) {
	cases, _ := filepath.Glob("testdata/bad/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			fsys, comment := site(t, "testdata/base.txtar", c)
			checkBad(t, fsys, wants(comment))
		})
	}
}

// TestBadInputGenerated covers broken files that do not fit in a txtar
// archive: bytes that are not UTF-8 and a file far too large.
func TestBadInputGenerated(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"not-utf8", []byte("---\ntitle: Seite\n---\nGr\xfc\xdfe aus Windows-1252\n"), "content/seite.md:4:3: nicht in UTF-8"},
		{"ten-megabytes", append([]byte("---\ntitle: Groß\n---\n"), bytes.Repeat([]byte("Viel Text. "), 1<<20)...), "content/seite.md: zu groß"},
		{"nul-bytes", []byte("---\ntitle: \x00\x00\n---\n"), "content/seite.md:2: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, _ := site(t, "testdata/base.txtar")
			fsys["content/seite.md"] = &fstest.MapFile{Data: tc.data}
			checkBad(t, fsys, []string{tc.want})
		})
	}
}

func checkBad(t *testing.T, fsys fstest.MapFS, want []string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("case has no want: lines")
	}
	res, err := build.Run(fsys, build.Options{Now: testNow})
	if err == nil {
		t.Fatalf("build succeeded; want errors %q", want)
	}
	if res.Files != nil {
		t.Errorf("a failed build returned %d output files", len(res.Files))
	}
	found := make([]bool, len(want))
	for _, d := range res.Diagnostics {
		ok := false
		for i, w := range want {
			if matches(d, w) {
				found[i], ok = true, true
			}
		}
		if !ok && d.Severity == diag.Error {
			t.Errorf("unexpected error: %s", d.Error())
		}
	}
	for i, w := range want {
		if !found[i] {
			t.Errorf("missing diagnostic %q; got:\n%s", w, err)
		}
	}
}

// TestBadStrings: a declared language whose interface strings lack a
// key or name one that does not exist (the repository's English strings,
// one key left out, one misspelt), and a language sitegen cannot write
// dates in.
func TestBadStrings(t *testing.T) {
	fsys, _ := site(t, "testdata/base.txtar")
	home := string(fsys["content/_index.md"].Data)
	fsys["content/_index.md"].Data = []byte(strings.Replace(home, "site:\n", "site:\n  languages: [de, en, fr]\n", 1))
	en := string(fsys["i18n/en.yaml"].Data)
	var lines []string
	typo := 0
	for _, l := range strings.Split(en, "\n") {
		switch {
		case strings.HasPrefix(l, "skip_link:"):
		case strings.HasPrefix(l, "nav_main:"):
			lines = append(lines, "nav_mian:"+strings.TrimPrefix(l, "nav_main:"))
			typo = len(lines)
		default:
			lines = append(lines, l)
		}
	}
	fsys["i18n/en.yaml"].Data = []byte(strings.Join(lines, "\n"))
	checkBad(t, fsys, []string{
		`i18n/en.yaml: Der Text skip_link fehlt (auf Deutsch: "Zum Inhalt springen")`,
		`i18n/en.yaml: Der Text nav_main fehlt`,
		`content/_index.md:4: Für die Sprache fr kennt sitegen keine Schreibweise`,
		fmt.Sprintf(`i18n/en.yaml:%d: Den Text "nav_mian" gibt es nicht – gemeint ist wohl "nav_main"`, typo),
	})
}

// TestBase checks that the base site of the bad-input cases builds
// cleanly, so that every error there comes from the broken file.
func TestBase(t *testing.T) {
	fsys, _ := site(t, "testdata/base.txtar")
	res, err := build.Run(fsys, build.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}
}

// TestGolden builds each site under testdata/golden and compares every
// output file with the archive NAME.out beside it. Options are read from
// the archive's comment ("now: …", "base_url: …", "drafts: true").
// go test -update rewrites the .out archives; review the diff.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			fsys, comment := site(t, c)
			opts := build.Options{Now: testNow}
			for _, l := range strings.Split(string(comment), "\n") {
				k, v, _ := strings.Cut(l, ": ")
				switch k {
				case "now":
					opts.NowText = v
				case "base_url":
					opts.BaseURL = v
				case "drafts":
					opts.Drafts = v == "true"
				}
			}
			res, err := build.Run(fsys, opts)
			if err != nil {
				t.Fatal(err)
			}
			got := &txtar.Archive{Comment: []byte("Generated by go test -update. Review changes before committing.\n")}
			for _, d := range res.Diagnostics {
				got.Comment = append(got.Comment, "diagnostic: "+d.Error()+"\n"...)
			}
			for _, f := range res.Files {
				got.Files = append(got.Files, txtar.File{Name: f.Path, Data: f.Data})
			}
			golden := strings.TrimSuffix(c, ".txtar") + ".out"
			if *update {
				if err := os.WriteFile(golden, txtar.Format(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantA, err := txtar.ParseFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			compareArchives(t, wantA, got)
		})
	}
}

func compareArchives(t *testing.T, want, got *txtar.Archive) {
	t.Helper()
	if !bytes.Equal(want.Comment, got.Comment) {
		t.Errorf("diagnostics differ:\nwant:\n%s\ngot:\n%s", want.Comment, got.Comment)
	}
	wm := map[string][]byte{}
	for _, f := range want.Files {
		wm[f.Name] = f.Data
	}
	gm := map[string]bool{}
	for _, f := range got.Files {
		gm[f.Name] = true
		w, ok := wm[f.Name]
		if !ok {
			t.Errorf("unexpected output file %s", f.Name)
			continue
		}
		if !bytes.Equal(withNL(w), withNL(f.Data)) {
			t.Errorf("%s differs:\n%s", f.Name, lineDiff(w, f.Data))
		}
	}
	for _, f := range want.Files {
		if !gm[f.Name] {
			t.Errorf("missing output file %s", f.Name)
		}
	}
}

// withNL adds the final newline txtar adds to every file.
func withNL(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return append(b[:len(b):len(b)], '\n')
	}
	return b
}

// lineDiff shows the first differing line of two outputs.
func lineDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, x, y)
		}
	}
	return "(trailing newline)"
}
