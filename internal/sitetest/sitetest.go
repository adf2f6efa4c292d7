// Package sitetest holds the fixtures that the tests of several packages
// share: the instant test sites are built for ([Now]), test sites kept as
// txtar archives made into file systems ([Archive], [MapFS], [FS],
// [Golden]), the repository's own layouts and interface strings to lay
// under them ([Repo], [Site]), and a file system written to a folder
// ([Write]).
//
// An archive becomes a file system through txtar.FS (golang.org/x/tools),
// which refuses names that are not valid fs.FS paths ("../x", "/x",
// "a//b") and a name given twice; the result is copied into an
// fstest.MapFS, so that a test can change it, with every file of mode
// 0644 and no modification time. Archives laid over each other with [FS]
// replace each other's files.
//
// Threat model: only tests call this package, on archives of this
// repository, so a broken fixture is the danger, not an attacker: a
// mistyped name must fail the test rather than be built without the file,
// and [Write] must not write outside its folder or over a file that is
// there (os.CopyFS, with the names txtar.FS has checked). Every failure
// ends the test with t.Fatal.
package sitetest

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

// Now is the instant test sites are built for: Thursday, 11 March 2027,
// 18:00 in Bamberg (CET, UTC+1), amid the test sites' events.
var Now = time.Date(2027, 3, 11, 17, 0, 0, 0, time.UTC)

// NowText is [Now] as sitegen's --now (build.Options.NowText) takes it:
// the time in Bamberg.
const NowText = "2027-03-11T18:00"

// GoldenSite is the path of package build's golden test site (every page
// kind, aliases, events, a bundle) from the repository's root.
const GoldenSite = "internal/build/testdata/golden/site.txtar"

// Archive reads the txtar archive name (a path from the test's folder).
func Archive(t testing.TB, name string) *txtar.Archive {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// MapFS returns the files of a as a file system.
func MapFS(t testing.TB, a *txtar.Archive) fstest.MapFS {
	t.Helper()
	afs, err := txtar.FS(a)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	copyInto(t, fsys, afs, ".")
	return fsys
}

// FS reads the archives names (paths from the test's folder) and lays
// them over each other: a later archive's file replaces an earlier one's.
func FS(t testing.TB, names ...string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range names {
		maps.Copy(fsys, MapFS(t, Archive(t, name)))
	}
	return fsys
}

// Site lays the archives names over the repository's interface strings
// (i18n/), which the test sites of package build take from there.
func Site(t testing.TB, names ...string) fstest.MapFS {
	t.Helper()
	fsys := Repo(t, "i18n")
	maps.Copy(fsys, FS(t, names...))
	return fsys
}

// Golden returns package build's golden test site ([GoldenSite]).
func Golden(t testing.TB) fstest.MapFS {
	t.Helper()
	return FS(t, filepath.Join(Root(t), filepath.FromSlash(GoldenSite)))
}

// Repo returns the repository's files at paths (folders such as
// "layouts" or "i18n", or files), at their paths from its root.
func Repo(t testing.TB, paths ...string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS(Root(t))
	for _, p := range paths {
		copyInto(t, fsys, root, p)
	}
	return fsys
}

// Write writes the files of fsys under dir, which must not hold any of
// them yet.
func Write(t testing.TB, dir string, fsys fs.FS) {
	t.Helper()
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
}

// copyInto copies the files of fsys at or under p into m.
func copyInto(t testing.TB, m fstest.MapFS, fsys fs.FS, p string) {
	t.Helper()
	err := fs.WalkDir(fsys, p, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		m[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Root returns the repository's root: the nearest folder above the
// test's that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := root()
	if err != nil {
		t.Fatalf("no go.mod above the test's folder: %v", err)
	}
	return dir
}

var root = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fs.ErrNotExist
		}
		dir = parent
	}
})
