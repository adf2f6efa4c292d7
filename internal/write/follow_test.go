//go:build unix

package write

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// The files beside the output are where a local user may plant
// symbolic links (see the package doc, "Threat model"). These tests
// plant them, and check that nothing outside the output changes.

// victim makes a folder of someone's files outside the output and
// returns it.
func victim(t *testing.T) string {
	t.Helper()
	v := filepath.Join(t.TempDir(), "fremd")
	files := site{"a.html": "fremde Seite", "keep.txt": "fremde Notiz", "sub/b.txt": "noch eine"}
	for p, data := range files {
		name := filepath.Join(v, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// plantJournal writes a journal of the output public/ in parent that
// renames puts out of the staging folder stage (a base name) and
// removes gone, with a manifest that lists puts.
func plantJournal(t *testing.T, parent, stage string, puts, gone []string) {
	t.Helper()
	m := &Manifest{Files: map[string]Entry{}}
	for _, p := range puts {
		m.Files[p] = Entry{}
	}
	j := &journal{stage: stage, manifest: m, puts: puts, goneFiles: gone}
	if err := os.WriteFile(filepath.Join(parent, ".public.journal"), j.marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLockFileLinkNotFollowed(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	target := filepath.Join(t.TempDir(), "wichtig.txt")
	const text = "eine Datei, die jemandem gehört und länger ist als eine Sperrdatei von sitegen\n"
	if err := os.WriteFile(target, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, plant := range []func(string, string) error{os.Symlink, os.Link} {
		os.Remove(filepath.Join(parent, ".public.lock"))
		if err := plant(target, filepath.Join(parent, ".public.lock")); err != nil {
			t.Fatal(err)
		}
		o, err := Lock(context.Background(), out, nil)
		if err == nil {
			o.Close()
			t.Error("Lock took a lock file that is a link to another file")
		} else {
			t.Log(err)
		}
		if data, _ := os.ReadFile(target); string(data) != text {
			t.Fatalf("the file the lock file links to was changed: %q", data)
		}
	}
}

func TestJournalLinkedStageNotFollowed(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, nil, version("v1"), false)
	v := victim(t)
	before := readTree(t, v)
	// The staging folder the journal names is a link to someone's
	// folder: the replay would move their files into the output.
	if err := os.Symlink(v, filepath.Join(parent, ".public-999")); err != nil {
		t.Fatal(err)
	}
	plantJournal(t, parent, ".public-999", []string{"a.html", "sub/b.txt"}, nil)
	o, err := Lock(context.Background(), out, nil)
	if err == nil {
		o.Close()
		t.Error("Lock replayed a journal whose staging folder is a symbolic link")
	} else {
		t.Log(err)
	}
	if after := readTree(t, v); !maps.Equal(after, before) {
		t.Errorf("outside the output, %q became %q", before, after)
	}
}

func TestJournalLinksInsideStageNotFollowed(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, nil, version("v1"), false)
	v := victim(t)
	before := readTree(t, v)
	// A real staging folder, but with a link to someone's folder in it.
	stage := filepath.Join(parent, ".public-998")
	if err := os.Mkdir(stage, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(v, filepath.Join(stage, "neu")); err != nil {
		t.Fatal(err)
	}
	plantJournal(t, parent, ".public-998", []string{"neu/a.html", "neu/keep.txt"}, nil)
	if o, err := Lock(context.Background(), out, nil); err == nil {
		o.Close()
		t.Error("Lock replayed a journal whose files lead outside the staging folder")
	} else {
		t.Log(err)
	}
	if after := readTree(t, v); !maps.Equal(after, before) {
		t.Errorf("outside the output, %q became %q", before, after)
	}
}

func TestJournalRemovesNothingOutside(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, nil, version("v1"), false)
	v := victim(t)
	before := readTree(t, v)
	// A link inside the output to someone's folder, and a journal that
	// removes files "in" it.
	if err := os.Symlink(v, filepath.Join(out, "link")); err != nil {
		t.Fatal(err)
	}
	plantJournal(t, parent, "", nil, []string{"link/keep.txt", "link/sub/b.txt"})
	o, err := Lock(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	if after := readTree(t, v); !maps.Equal(after, before) {
		t.Errorf("outside the output, %q became %q", before, after)
	}
	if _, err := os.Lstat(filepath.Join(parent, ".public.journal")); !os.IsNotExist(err) {
		t.Errorf("journal not done: %v", err)
	}
}

func TestJournalLinkNotFollowed(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, nil, version("v1"), false)
	// The journal itself is a link to a journal elsewhere.
	elsewhere := t.TempDir()
	plantJournal(t, elsewhere, "", nil, []string{"index.html"})
	if err := os.Symlink(filepath.Join(elsewhere, ".public.journal"), filepath.Join(parent, ".public.journal")); err != nil {
		t.Fatal(err)
	}
	if o, err := Lock(context.Background(), out, nil); err == nil {
		o.Close()
		t.Error("Lock read a journal that is a symbolic link")
	} else {
		t.Log(err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the linked journal removed index.html: %v", err)
	}
}
