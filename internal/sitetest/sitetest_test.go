package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// fatal runs f with a testing.TB whose Fatal ends f, and returns what
// it was told, or "" when f ran through.
func fatal(t *testing.T, f func(testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.msg
}

type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatal(args ...any) {
	r.msg = fmt.Sprint(args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestNow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if got := Now.In(berlin).Format("Monday 2006-01-02 15:04"); got != "Thursday 2027-03-11 18:00" {
		t.Errorf("Now in Bamberg is %s", got)
	}
	if at, err := time.ParseInLocation("2006-01-02T15:04", NowText, berlin); err != nil || !at.Equal(Now) {
		t.Errorf("NowText %s is %v, not Now %v", NowText, at, Now)
	}
}

func TestMapFS(t *testing.T) {
	fsys := MapFS(t, txtar.Parse([]byte("comment\n-- content/_index.md --\nStart\n-- content/a/b.md --\nB\n")))
	if len(fsys) != 2 || string(fsys["content/a/b.md"].Data) != "B\n" || fsys["content/_index.md"].Mode != 0o644 {
		t.Errorf("got %v", fsys)
	}
	for _, bad := range []string{"-- ../x.md --\n", "-- /x.md --\n", "-- a.md --\n-- a.md --\n", "-- a --\n-- a/b --\n"} {
		if msg := fatal(t, func(tb testing.TB) { MapFS(tb, txtar.Parse([]byte(bad))) }); msg == "" {
			t.Errorf("%q: no failure", bad)
		}
	}
}

func TestFSLaysOver(t *testing.T) {
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one.txtar"), filepath.Join(dir, "two.txtar")
	os.WriteFile(one, []byte("-- a --\none\n-- b --\none\n"), 0o644)
	os.WriteFile(two, []byte("-- b --\ntwo\n"), 0o644)
	fsys := FS(t, one, two)
	if len(fsys) != 2 || string(fsys["a"].Data) != "one\n" || string(fsys["b"].Data) != "two\n" {
		t.Errorf("got %v", fsys)
	}
	if msg := fatal(t, func(tb testing.TB) { FS(tb, filepath.Join(dir, "missing.txtar")) }); !strings.Contains(msg, "missing.txtar") {
		t.Errorf("a missing archive: %q", msg)
	}
}

func TestGoldenAndRepo(t *testing.T) {
	if g := Golden(t); g["content/_index.md"] == nil {
		t.Errorf("the golden site has no home page: %d files", len(g))
	}
	repo := Repo(t, "i18n")
	want, err := os.ReadFile(filepath.Join("..", "..", "i18n", "de.yaml"))
	if err != nil || repo["i18n/de.yaml"] == nil || string(repo["i18n/de.yaml"].Data) != string(want) {
		t.Errorf("i18n/de.yaml: %v", err)
	}
	for p := range repo {
		if !strings.HasPrefix(p, "i18n/") {
			t.Errorf("%s is not under i18n/", p)
		}
	}
	if one := Repo(t, "i18n/en.yaml"); len(one) != 1 || one["i18n/en.yaml"] == nil {
		t.Errorf("Repo of one file: %v", one)
	}
	if msg := fatal(t, func(tb testing.TB) { Repo(tb, "gibt-es-nicht") }); msg == "" {
		t.Error("Repo of a missing folder does not fail")
	}
}

func TestSite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "site.txtar")
	os.WriteFile(name, []byte("-- i18n/en.yaml --\nmine\n-- content/_index.md --\nStart\n"), 0o644)
	fsys := Site(t, name)
	if string(fsys["i18n/en.yaml"].Data) != "mine\n" || fsys["i18n/de.yaml"] == nil || fsys["content/_index.md"] == nil {
		t.Errorf("got %v", fsys)
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	fsys := MapFS(t, txtar.Parse([]byte("-- content/a/b.md --\nB\n")))
	Write(t, dir, fsys)
	if b, err := os.ReadFile(filepath.Join(dir, "content", "a", "b.md")); err != nil || string(b) != "B\n" {
		t.Errorf("written: %q, %v", b, err)
	}
	os.WriteFile(filepath.Join(dir, "content", "a", "b.md"), []byte("mine"), 0o644)
	if msg := fatal(t, func(tb testing.TB) { Write(tb, dir, fsys) }); msg == "" {
		t.Error("Write wrote over a file")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content", "a", "b.md")); string(b) != "mine" {
		t.Errorf("the file there is now %q", b)
	}
}

// TestBuffer: writers on several goroutines and a reader at the same
// time (go test -race finds an unguarded field), and nothing lost.
func TestBuffer(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				b.Write([]byte("x"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := len(b.String()); n != 800 {
		t.Errorf("%d bytes, want 800", n)
	}
}
