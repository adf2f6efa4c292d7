package build_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/publish"
)

// secretEnv is cache.SecretEnv, spelled out: the attack tests also run
// against the generator before the cache had a key.
const secretEnv = "SITEGEN_CACHE_SECRET"

// TestMain keeps the per-user key of the cache (os.UserConfigDir) out of
// the home folder of whoever runs the tests.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sitegen-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	os.Unsetenv(secretEnv)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cacheRecords reads the records of the cache's index as anyone who can
// read the folder can (they are not encrypted): its key (version and
// settings) and the records by section+"\x00"+key.
func cacheRecords(t *testing.T, dir string) (string, map[string][]byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	d := cache.NewDecoder(bytes.TrimPrefix(data, []byte("sitegen-cache\n")))
	d.Uint() // format
	key := d.Str()
	for n := d.Len(); n > 0; n-- {
		d.Str() // packs
	}
	recs := map[string][]byte{}
	for n := d.Len(); n > 0; n-- {
		k := d.Str()
		recs[k] = bytes.Clone(d.Raw())
	}
	if d.Err() != nil {
		t.Fatal("cannot read the index")
	}
	return key, recs
}

// forge replaces the cache in dir by one of recs and blobs, made as an
// attacker makes it: with the generator's own code, so that every
// checksum is consistent — but with a key of its own, not the victim's.
func forge(t *testing.T, dir, key string, recs map[string][]byte, blobs ...[]byte) {
	t.Helper()
	victim := os.Getenv(secretEnv)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	os.Setenv(secretEnv, "der Schlüssel des Angreifers")
	defer os.Setenv(secretEnv, victim)
	c, err := cache.Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range recs {
		sec, rk, _ := strings.Cut(k, "\x00")
		c.Put(sec, rk, v)
	}
	for _, b := range blobs {
		c.Store(digest.Of(b), b)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}

// pageRecordKey returns the index key of the page record of the page
// made from src.
func pageRecordKey(t *testing.T, recs map[string][]byte, src string) string {
	t.Helper()
	for k := range recs {
		if strings.HasPrefix(k, "page\x00") && strings.HasSuffix(k, "\x00"+src) {
			return k
		}
	}
	t.Fatalf("no page record of %s", src)
	return ""
}

// setSums rewrites the sums of a page record (after its signature and
// ok: the sums of the page and of its .gz and .br, each with its size)
// for the files that are not nil.
func setSums(rec []byte, files ...[]byte) []byte {
	off := len(digest.Sum{}) + 1
	out := slices.Clone(rec[:off])
	for _, f := range files {
		_, n := binary.Varint(rec[off+len(digest.Sum{}):])
		if f == nil {
			out = append(out, rec[off:off+len(digest.Sum{})+n]...)
		} else {
			s := digest.Of(f)
			out = append(out, s[:]...)
			out = binary.AppendVarint(out, int64(len(f)))
		}
		off += len(digest.Sum{}) + n
	}
	return append(out, rec[off:]...)
}

// The attacks of issue 18 on a cache someone else can write (a CI cache
// restored from a merge-request pipeline, another local user), each
// written with consistent checksums, then an unrelated page is edited and
// the site built warm: the output must be byte for byte that of a build
// without the cache, with one notice about the cache.
func TestCacheAttack(t *testing.T) {
	const script = `<script>alert("eingeschleust")</script>`
	for _, tc := range []struct {
		name   string
		poison string // what must not reach the output
		attack func(t *testing.T, public string, recs map[string][]byte) [][]byte
	}{
		{"page record points at new HTML", script, func(t *testing.T, public string, recs map[string][]byte) [][]byte {
			html := poisoned(t, filepath.Join(public, "akteure/beirat/index.html"), script)
			gz, br := publish.Gzip(html), publish.Brotli(html)
			k := pageRecordKey(t, recs, "content/akteure/beirat.md")
			recs[k] = setSums(recs[k], html, gz, br)
			return [][]byte{html, gz, br}
		}},
		{"only the .gz and .br", script, func(t *testing.T, public string, recs map[string][]byte) [][]byte {
			html := poisoned(t, filepath.Join(public, "akteure/beirat/index.html"), script)
			gz, br := publish.Gzip(html), publish.Brotli(html)
			k := pageRecordKey(t, recs, "content/akteure/beirat.md")
			recs[k] = setSums(recs[k], nil, gz, br)
			return [][]byte{gz, br}
		}},
		{"cached front matter, size and time kept", "Gefakt!", func(t *testing.T, public string, recs map[string][]byte) [][]byte {
			k := "load\x00content/akteure/_index.md"
			rec, ok := recs[k]
			if !ok || !bytes.Contains(rec, []byte("\x07Akteure")) {
				t.Fatalf("no title in the record of %s", k)
			}
			// The title in the menu of every page; same length, so
			// nothing else in the record moves.
			recs[k] = bytes.Replace(rec, []byte("\x07Akteure"), []byte("\x07Gefakt!"), 1)
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, src, opts, tg, notices := keyedGolden(t)
			root := filepath.Dir(src.dir)
			if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
				t.Fatal(err)
			}
			key, recs := cacheRecords(t, tg.CacheDir)
			blobs := tc.attack(t, tg.Out, recs)
			forge(t, tg.CacheDir, key, recs, blobs...)

			// An unrelated edit, and the warm build.
			editBody(fsys, "content/geschichte/start.md")
			src.sync(t, fsys)
			*notices = nil
			if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
				t.Fatal(err)
			}
			cold := filepath.Join(root, "cold")
			if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold}); err != nil {
				t.Fatal(err)
			}
			warmTree := tree(t, tg.Out)
			if d := diffTrees(warmTree, tree(t, cold)); d != "" {
				t.Errorf("the forged cache reached the output; warm and cold differ:\n%s", d)
			}
			if p := containing(warmTree, tc.poison); p != "" {
				t.Errorf("%s has %q, in no source", p, tc.poison)
			}
			if len(*notices) != 1 || !strings.Contains((*notices)[0], "Cache") {
				t.Errorf("notices %q, want one about the cache", *notices)
			}
			// Later builds keep nothing of it.
			editBody(fsys, "content/geschichte/start.md")
			src.sync(t, fsys)
			*notices = nil
			if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
				t.Fatal(err)
			}
			if len(*notices) != 0 {
				t.Errorf("the next build still notices: %q", *notices)
			}
			if p := containing(tree(t, tg.Out), tc.poison); p != "" {
				t.Errorf("next build: %s has %q", p, tc.poison)
			}
		})
	}
}

// A merge-request pipeline builds changed sources — a title of the same
// length, the file's time kept — into the cache with its own key (here:
// the per-user key of its machine, having no secret); the publishing
// build with the secret must not take any of it, and a new secret makes
// the cache a miss too.
func TestCacheFromOtherKey(t *testing.T) {
	fsys, _ := site(t, "testdata/golden/site.txtar")
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	opts := build.Options{Now: testNow, Minify: true, Fingerprint: true, Compress: true}
	cacheDir := filepath.Join(root, "cache")
	var notices []string
	notice := func(m string) { notices = append(notices, m) }

	// The reviewed build, with the secret.
	t.Setenv(secretEnv, "geheim-1")
	first, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: filepath.Join(root, "public"), CacheDir: cacheDir, Notice: notice})
	if err != nil {
		t.Fatal(err)
	}
	// The merge request's build without it, on a copy with a fake title.
	mr := filepath.Join(root, "mr")
	p := filepath.Join("content", "akteure", "_index.md")
	info, err := os.Stat(filepath.Join(src.dir, p))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(mr, os.DirFS(src.dir)); err != nil {
		t.Fatal(err)
	}
	fake := bytes.Replace(fsys["content/akteure/_index.md"].Data, []byte("title: Akteure"), []byte("title: Gefakt!"), 1)
	if err := os.WriteFile(filepath.Join(mr, p), fake, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(mr, p), info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	t.Setenv(secretEnv, "")
	os.RemoveAll(cacheDir) // its own, from scratch: else it takes the reviewed title from the cache
	if _, err := build.ToDir(context.Background(), os.DirFS(mr), opts, build.Target{Out: filepath.Join(root, "mr-public"), CacheDir: cacheDir, Notice: notice}); err != nil {
		t.Fatal(err)
	}

	// The publishing build again, with the secret: everything is a miss.
	t.Setenv(secretEnv, "geheim-1")
	notices = nil
	res, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: filepath.Join(root, "public"), CacheDir: cacheDir, Notice: notice})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Rendered != first.Stats.Pages {
		t.Errorf("rendered %d of %d pages: the other key's records were used", res.Stats.Rendered, first.Stats.Pages)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "Schlüssel") {
		t.Errorf("notices %q, want one naming the key", notices)
	}
	cold := filepath.Join(root, "cold")
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold}); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(tree(t, filepath.Join(root, "public")), tree(t, cold)); d != "" {
		t.Errorf("warm and cold differ:\n%s", d)
	}

	// Unchanged, the secret's cache is used again; a new secret makes
	// everything a miss once more.
	notices = nil
	again, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: filepath.Join(root, "public"), CacheDir: cacheDir, Notice: notice})
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Rendered != 0 || len(notices) != 0 {
		t.Errorf("same secret: rendered %d pages, notices %q", again.Stats.Rendered, notices)
	}
	t.Setenv(secretEnv, "geheim-2")
	rotated, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: filepath.Join(root, "public"), CacheDir: cacheDir, Notice: notice})
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Stats.Rendered != first.Stats.Pages || len(notices) != 1 {
		t.Errorf("new secret: rendered %d of %d pages, notices %q", rotated.Stats.Rendered, first.Stats.Pages, notices)
	}
}

// Without the secret, each user's key is their own: a cache that
// another user's build wrote is a miss.
func TestCacheOtherUser(t *testing.T) {
	t.Setenv(secretEnv, "")
	fsys, _ := site(t, "testdata/golden/site.txtar")
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	opts := build.Options{Now: testNow, Minify: true, Fingerprint: true, Compress: true}
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache")}
	var rendered []int
	for _, user := range []string{"anna", "anna", "bert", "bert"} {
		t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, user, ".config"))
		res, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
		if err != nil {
			t.Fatal(err)
		}
		rendered = append(rendered, res.Stats.Rendered)
	}
	if n := rendered[0]; rendered[1] != 0 || rendered[2] != n || rendered[3] != 0 {
		t.Errorf("pages rendered by anna, anna, bert, bert: %v; want %d, 0, %d, 0", rendered, n, n)
	}
}

// poisoned returns the file at p with s before </body>.
func poisoned(t *testing.T, p, s string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("</body>")) {
		t.Fatalf("%s has no </body>", p)
	}
	return bytes.Replace(data, []byte("</body>"), []byte(s+"</body>"), 1)
}

// editBody appends a sentence to the page at p.
func editBody(fsys fstest.MapFS, p string) {
	fsys[p].Data = append(slices.Clip(fsys[p].Data), "\nNoch ein Satz.\n"...)
}

// containing returns a file of files that contains s (also compressed:
// .gz and .br are unpacked), or "".
func containing(files map[string][]byte, s string) string {
	for p, data := range files {
		switch {
		case strings.HasSuffix(p, ".gz"):
			data = gunzip(data)
		case strings.HasSuffix(p, ".br"):
			data = unbrotli(data)
		}
		if bytes.Contains(data, []byte(s)) {
			return p
		}
	}
	return ""
}

func gunzip(data []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return data
	}
	out, _ := io.ReadAll(zr)
	return out
}

func unbrotli(data []byte) []byte {
	out, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(data)))
	return out
}

// Blobs whose bytes changed in the packs are misses, said in one notice
// however many there are; the output is that of a build without the
// cache.
func TestCacheBlobsRejectedOnce(t *testing.T) {
	_, src, opts, tg, notices := keyedGolden(t)
	root := filepath.Dir(src.dir)
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(tg.CacheDir, "*.pack"))
	if len(packs) == 0 {
		t.Fatal("no packs")
	}
	for _, p := range packs { // every 500th byte
		data, _ := os.ReadFile(p)
		for i := 0; i < len(data); i += 500 {
			data[i] ^= 0x20
		}
		os.WriteFile(p, data, 0o644)
	}
	os.RemoveAll(tg.Out) // the files must come from the packs
	*notices = nil
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
		t.Fatal(err)
	}
	if len(*notices) != 1 || !strings.Contains((*notices)[0], "ungültige Dateien") {
		t.Errorf("notices %q, want one about invalid files", *notices)
	}
	cold := filepath.Join(root, "cold")
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold}); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
		t.Errorf("warm and cold differ:\n%s", d)
	}
	// The files made again replace the rejected ones in the cache.
	os.RemoveAll(tg.Out)
	*notices = nil
	if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
		t.Fatal(err)
	}
	if len(*notices) != 0 {
		t.Errorf("the next build still notices %q", *notices)
	}
	if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
		t.Errorf("next build: warm and cold differ:\n%s", d)
	}
}

// snapshotPath is the snapshot's file in a cache folder.
func snapshotPath(cacheDir string) string { return filepath.Join(cacheDir, "snapshot") }

// forgeSnapshot rewrites the snapshot in cacheDir, as anyone who can
// write the folder can, so that the fact it holds of the file p (of the
// source folder src) is what p is now: size, time, mode, inode and
// change time. The MAC stays the old one — without the key, no other
// can be made.
func forgeSnapshot(t *testing.T, cacheDir, src, p string) {
	t.Helper()
	data, err := os.ReadFile(snapshotPath(cacheDir))
	if err != nil {
		t.Fatal(err)
	}
	const magic = "sitegen-snapshot\n"
	body, mac := data[len(magic):len(data)-32], data[len(data)-32:]
	d := cache.NewDecoder(body)
	ver, key, payload := d.Uint(), d.Str(), d.Raw()
	if d.Done() != nil {
		t.Fatal("cannot read the snapshot")
	}
	var name cache.Encoder
	name.Str(p)
	at := bytes.Index(payload, name.Bytes())
	if at < 0 {
		t.Fatalf("no fact of %s in the snapshot", p)
	}
	// kinds, exists, size, time, mode, inode, change time
	off := at + len(name.Bytes())
	kinds, n := binary.Uvarint(payload[off:])
	off += n + 1
	for range 2 {
		_, n = binary.Varint(payload[off:])
		off += n
	}
	for range 3 {
		_, n = binary.Uvarint(payload[off:])
		off += n
	}
	if kinds&1 == 0 || n <= 0 {
		t.Fatalf("no stat of %s in the snapshot", p)
	}
	rest := payload[off:]
	info, err := os.Stat(filepath.Join(src, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	ino, ctime := statIdentity(info)
	var f cache.Encoder
	f.Uint(kinds)
	f.Bool(true)
	f.Int(info.Size())
	f.Int(info.ModTime().UnixNano())
	f.Uint(uint64(info.Mode()))
	f.Uint(ino)
	f.Uint(ctime)
	forged := slices.Concat(payload[:at+len(name.Bytes())], f.Bytes(), rest)
	var e cache.Encoder
	e.Uint(ver)
	e.Str(key)
	e.Raw(forged)
	if err := os.WriteFile(snapshotPath(cacheDir), slices.Concat([]byte(magic), e.Bytes(), mac), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The snapshot (nothing changed since the last build) is an attack on
// the output too: one that said "nothing changed" after an edit would
// keep the old pages published. A page is edited, and the snapshot
// forged to hold the edited file as it is now, or damaged, or an older
// one of the same key put back: each time the build must be a real one,
// with the edit in the output, byte for byte that of a build without
// the cache.
func TestCacheAttackSnapshot(t *testing.T) {
	const p = "content/akteure/beirat.md"
	for _, tc := range []struct {
		name   string
		notice bool // the cache is said to be damaged
		attack func(t *testing.T, cacheDir, src string, old []byte)
	}{
		{"forged to hold the edited file", true, func(t *testing.T, cacheDir, src string, _ []byte) {
			forgeSnapshot(t, cacheDir, src, p)
		}},
		{"a byte flipped", true, func(t *testing.T, cacheDir, src string, _ []byte) {
			data, err := os.ReadFile(snapshotPath(cacheDir))
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x01
			os.WriteFile(snapshotPath(cacheDir), data, 0o644)
		}},
		{"an older one put back", false, func(t *testing.T, cacheDir, src string, old []byte) {
			os.WriteFile(snapshotPath(cacheDir), old, 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, src, opts, tg, notices := keyedGolden(t)
			root := filepath.Dir(src.dir)
			for range 2 {
				if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
					t.Fatal(err)
				}
			}
			old, err := os.ReadFile(snapshotPath(tg.CacheDir))
			if err != nil {
				t.Fatal(err)
			}
			// An edit of the same size (only the file's time and bytes
			// differ), built once so that the older snapshot is older.
			fsys[p].Data = bytes.Replace(fsys[p].Data, []byte("Der Beirat."), []byte("Der Beirat!"), 1)
			if !bytes.Contains(fsys[p].Data, []byte("Der Beirat!")) {
				t.Fatal("no edit")
			}
			src.sync(t, fsys)
			if tc.name == "an older one put back" {
				if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg); err != nil {
					t.Fatal(err)
				}
			}
			tc.attack(t, tg.CacheDir, src.dir, old)
			*notices = nil
			res, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
			if err != nil {
				t.Fatal(err)
			}
			if res.Stats.Unchanged && tc.name != "an older one put back" {
				t.Error("the attacked snapshot was taken: the edit is not published")
			}
			cold := filepath.Join(root, "cold")
			if _, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, build.Target{Out: cold}); err != nil {
				t.Fatal(err)
			}
			if d := diffTrees(tree(t, tg.Out), tree(t, cold)); d != "" {
				t.Errorf("warm and cold differ:\n%s", d)
			}
			if got := len(*notices) == 1 && strings.Contains((*notices)[0], "Cache"); got != tc.notice {
				t.Errorf("notices %q; want one about the cache: %v", *notices, tc.notice)
			}
			// The next build takes the snapshot it wrote.
			*notices = nil
			again, err := build.ToDir(context.Background(), os.DirFS(src.dir), opts, tg)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Stats.Unchanged || len(*notices) != 0 {
				t.Errorf("the build after: Unchanged %v, notices %q", again.Stats.Unchanged, *notices)
			}
		})
	}
}

// keyedGolden writes the golden site to a new folder (its files dated
// 2020) and returns it with the options and target of a published build:
// the cache under the secret key, the notices collected in *notices.
func keyedGolden(t *testing.T) (fstest.MapFS, *disk, build.Options, build.Target, *[]string) {
	t.Helper()
	t.Setenv(secretEnv, "der Schlüssel der Stadt")
	fsys, _ := site(t, "testdata/golden/site.txtar")
	root := t.TempDir()
	src := &disk{dir: filepath.Join(root, "src"), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	notices := new([]string)
	tg := build.Target{Out: filepath.Join(root, "public"), CacheDir: filepath.Join(root, "cache"),
		Notice: func(m string) { *notices = append(*notices, m) }}
	return fsys, src, build.Options{Now: testNow, Minify: true, Fingerprint: true, Compress: true}, tg, notices
}
