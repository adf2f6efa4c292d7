package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/load"
)

// editFile is a content file the warm scenarios change, with its original
// text to restore.
type editFile struct {
	path string // on disk
	rel  string // below the corpus folder, with slashes: content/termine/…
	orig []byte
	line int // the index of the title: line, for setTitle
}

// findEvent returns the first event file under content/termine/, in
// sorted order, whose front matter is YAML with a title: line.
func findEvent(site string) (*editFile, error) {
	return find(site, "content/termine", func(rel string, data []byte) int {
		if !bytes.HasPrefix(data, []byte("---\n")) {
			return -1
		}
		lines := strings.Split(string(data), "\n")
		for i := 1; i < len(lines) && lines[i] != "---"; i++ {
			if strings.HasPrefix(lines[i], "title:") {
				return i
			}
		}
		return -1
	})
}

// findPlain returns the first page, in sorted order, outside the actor,
// event and milestone sections: a plain page.
func findPlain(site string) (*editFile, error) {
	return find(site, "content", func(string, []byte) int { return 0 })
}

// typedSections are the sections whose pages are not plain pages.
var typedSections = []string{"content/akteure", "content/termine", "content/geschichte", "content/dokumente"}

// find walks dir below site in lexical order and returns the first .md
// file other than _index.md and translations (a.en.md) for which match
// returns a line ≥ 0. It does
// not enter the typed sections other than dir itself.
func find(site, dir string, match func(rel string, data []byte) int) (*editFile, error) {
	var found *editFile
	errFound := errors.New("found")
	err := filepath.WalkDir(filepath.Join(site, filepath.FromSlash(dir)), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(site, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != dir && slices.Contains(typedSections, rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(p) != ".md" || d.Name() == "_index.md" {
			return nil
		}
		if _, lang := load.SplitLang(d.Name()); lang != "" {
			return nil // a translation (the five-language corpus): the edits are of originals
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if line := match(rel, data); line >= 0 {
			found = &editFile{path: p, rel: rel, orig: data, line: line}
			return errFound
		}
		return nil
	})
	if found != nil {
		return found, nil
	}
	if err == nil {
		err = fmt.Errorf("no page to edit under %s", dir)
	}
	return nil, err
}

// setTitle writes the original file with its title: set to title.
func (f *editFile) setTitle(title string) error {
	lines := strings.Split(string(f.orig), "\n")
	lines[f.line] = "title: " + strconv.Quote(title)
	return os.WriteFile(f.path, []byte(strings.Join(lines, "\n")), 0o644)
}

// appendParagraph writes the original file with a paragraph added to the
// end of its body.
func (f *editFile) appendParagraph(text string) error {
	data := append(bytes.TrimRight(bytes.Clone(f.orig), "\n"), "\n\n"+text+"\n"...)
	return os.WriteFile(f.path, data, 0o644)
}

// restore writes the original text back.
func (f *editFile) restore() error {
	return os.WriteFile(f.path, f.orig, 0o644)
}
