package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/corpus"
)

// The five-language scenarios build the same corpus declared in five
// languages (the real site's), with a share of its pages translated into
// each of the four other languages: sitegen makes every page in every
// language (an untranslated one shows the German text under the
// language's interface), Hugo only the pages that exist in a language (it
// has no such fallback), so that Hugo makes fewer pages.

// langCodes are the languages of the five-language corpus, default first.
var langCodes = []string{"de", "en", "ar", "tr", "uk"}

// translatedShare is the share of the corpus's pages translated (into
// each other language): one in 5, 2,000 of 10,000.
const translatedShare = 5

// writeLangSite writes the corpus of n pages for seed into dir, declared
// in langCodes, with the interface strings of i18n (the project's i18n/
// folder), and a translation into every other language of n /
// translatedShare pages with YAML front matter, spread evenly over them
// in sorted order (not section pages or drafts). It returns how many
// pages were translated.
func writeLangSite(dir string, n int, seed int64, i18n string) (int, error) {
	if err := corpus.WriteDir(dir, n, seed); err != nil {
		return 0, err
	}
	for _, code := range langCodes {
		data, err := os.ReadFile(filepath.Join(i18n, code+".yaml"))
		if err != nil {
			return 0, err
		}
		if err := os.MkdirAll(filepath.Join(dir, "i18n"), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(dir, "i18n", code+".yaml"), data, 0o644); err != nil {
			return 0, err
		}
	}
	home := filepath.Join(dir, "content", "_index.md")
	data, err := os.ReadFile(home)
	if err != nil {
		return 0, err
	}
	decl := "site:\n  languages: [" + strings.Join(langCodes, ", ") + "]\n"
	if !bytes.Contains(data, []byte("\nsite:\n")) {
		return 0, fmt.Errorf("%s has no site: settings to add the languages to", home)
	}
	data = bytes.Replace(data, []byte("\nsite:\n"), []byte("\n"+decl), 1)
	if err := os.WriteFile(home, data, 0o644); err != nil {
		return 0, err
	}
	var pages []string
	err = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" || d.Name() == "_index.md" {
			return err
		}
		pages = append(pages, p)
		return nil
	})
	if err != nil {
		return 0, err
	}
	slices.Sort(pages)
	type page struct{ path, title string }
	var eligible []page
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		if title, ok := yamlTitle(data); ok {
			eligible = append(eligible, page{p, title})
		}
	}
	want := min(n/translatedShare, len(eligible))
	count := 0
	for i := range want { // spread evenly over the sorted pages
		p := eligible[i*len(eligible)/want]
		count++
		base := strings.TrimSuffix(p.path, ".md")
		for _, code := range langCodes[1:] {
			text := fmt.Sprintf("---\ntitle: %s\n---\nThis page in %s: the text of %s, translated.\n\nA second paragraph of the translation, with a [link](%s).\n",
				strconv.Quote(p.title+" ("+code+")"), code, filepath.Base(p.path), filepath.Base(p.path))
			if err := os.WriteFile(base+"."+code+".md", []byte(text), 0o644); err != nil {
				return 0, err
			}
		}
	}
	return count, nil
}

// yamlTitle returns the title of a page with YAML front matter that is
// not a draft.
func yamlTitle(data []byte) (string, bool) {
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		return "", false
	}
	end := strings.Index(s[4:], "\n---")
	if end < 0 {
		return "", false
	}
	title := ""
	for _, l := range strings.Split(s[4:4+end], "\n") {
		switch {
		case strings.HasPrefix(l, "draft: true"):
			return "", false
		case strings.HasPrefix(l, "title: "):
			title = strings.TrimSpace(strings.TrimPrefix(l, "title: "))
			if u, err := strconv.Unquote(title); err == nil {
				title = u
			} else if len(title) > 1 && title[0] == '\'' && title[len(title)-1] == '\'' {
				title = strings.ReplaceAll(title[1:len(title)-1], "''", "'")
			}
		}
	}
	return title, title != ""
}

// hugoLangConfig is Hugo's configuration for the five languages: a page's
// translations are its files named with a language's code (a.en.md),
// as in sitegen.
func hugoLangConfig() string {
	var b strings.Builder
	b.WriteString(hugoFiles["config.toml"])
	b.WriteString("defaultContentLanguage = \"de\"\n")
	for i, code := range langCodes {
		fmt.Fprintf(&b, "[languages.%s]\nweight = %d\nlanguageCode = %q\n", code, i+1, code)
	}
	return b.String()
}

// writeHugoLangSite makes the Hugo site in dir for the five-language
// corpus in site.
func writeHugoLangSite(dir, site string) error {
	if err := writeHugoSite(dir, site); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "config.toml"), []byte(hugoLangConfig()), 0o644)
}

// writeRealSite copies the project's own site (content/, layouts/,
// assets/, i18n/ of the module in root) into dir.
func writeRealSite(dir, root string) error {
	for _, sub := range []string{"content", "layouts", "assets", "i18n"} {
		src := filepath.Join(root, sub)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(src)); err != nil {
			return err
		}
	}
	return nil
}
