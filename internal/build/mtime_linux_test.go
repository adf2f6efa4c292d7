package build_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stadt-bamberg/integration/internal/build"
)

// An edit of the same size whose old modification time is put back
// (touch -d, touch -r, tar, rsync -t can all do that) is published: the
// snapshot sees the file's new change time and hands over to the load
// cache, which must not trust size and modification time alone either
// (it did: the page kept its old text until the cache was removed).
func TestSameSizeEditOldTime(t *testing.T) {
	fsys, src, opts, tg, _ := keyedGolden(t)
	for range 2 {
		if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
			t.Fatal(err)
		}
	}
	const p = "content/akteure/beirat.md"
	full := filepath.Join(src.dir, filepath.FromSlash(p))
	info, err := os.Stat(full)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Replace(fsys[p].Data, []byte("Der Beirat."), []byte("Der Beirat!"), 1)
	if bytes.Equal(data, fsys[p].Data) {
		t.Fatal("no edit")
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(full, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
		t.Fatal(err)
	}
	cold := filepath.Join(filepath.Dir(src.dir), "cold")
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold}); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
		t.Errorf("after a same-size edit with its old time put back, the build is not the cold one:\n%s", d)
	}
}
