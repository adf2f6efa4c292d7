package model

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/load"
	"golang.org/x/text/unicode/norm"
)

// Special pages are made for every language, with no file of their own:
// the index of all pages from A to Z, and the search page.
const (
	SpecialAZ     = "a-z"
	SpecialSearch = "suche"
)

// specialTitles are the interface strings of the special pages' titles.
var specialTitles = map[string]string{SpecialAZ: "az_title", SpecialSearch: "search_title"}

// Made reports whether the page was made by the generator (a series',
// the A–Z index, the search page) rather than written in a file.
func (p *Page) Made() bool { return p.SeriesSlug != "" || p.Special != "" }

// addSpecialPages makes the special pages Options.Special asks for (the
// build asks for those the site has a layout for: layouts/a-z.html,
// layouts/suche.html) in the default language, below the home page;
// their addresses are taken like any page's.
func (b *builder) addSpecialPages() {
	home := b.s.Home
	for _, k := range []string{SpecialAZ, SpecialSearch} {
		if !slices.Contains(b.opts.Special, k) {
			continue
		}
		p := &Page{
			Source:   home.Source.Derived(),
			Kind:     load.KindPage,
			Type:     TypePage,
			Title:    b.s.Catalog.T(b.s.Config.Language, specialTitles[k]),
			URL:      "/" + k + "/",
			Parent:   home,
			Special:  k,
			Language: home.Language,
		}
		if b.claim(p.URL, home.Source.Path+" ("+p.Title+")", home.Source.Path, 1) {
			b.pages = append(b.pages, p)
		}
	}
}

// Special returns the language's special page k (SpecialAZ,
// SpecialSearch), or nil.
func (s *Site) Special(k string) *Page { return s.special[k] }

// AZGroup is the pages whose titles start with one letter.
type AZGroup struct {
	Letter string
	Pages  []*Page
}

// AZ returns the language's pages (not the home page, not made ones) by
// title in the language's collation, grouped by the first letter of the
// title; letters with accents or umlauts go with their base letter as
// the collation has them (Ä with A in German).
func (s *Site) AZ() []AZGroup {
	type entry struct {
		p     *Page
		first rune   // the title's first letter or digit
		key   []byte // collation key of the title from there
	}
	var entries []entry
	for _, p := range s.Pages {
		if p.Kind == load.KindHome || p.Made() {
			continue
		}
		t := strings.TrimLeftFunc(p.Title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		r, _ := utf8.DecodeRuneInString(t)
		entries = append(entries, entry{p, r, s.Locale.Key(t)})
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		return cmp.Or(bytes.Compare(a.key, b.key), byTitleURL(a.p, b.p))
	})
	var groups []AZGroup
	var last []byte
	for _, e := range entries {
		letter := "#"
		if unicode.IsLetter(e.first) {
			letter = s.letter(e.first)
		}
		if len(groups) == 0 || letter != groups[len(groups)-1].Letter {
			if key := primary(s.Locale.Key(letter)); len(groups) == 0 || !bytes.Equal(key, last) {
				groups = append(groups, AZGroup{Letter: letter})
				last = key
			}
		}
		g := &groups[len(groups)-1]
		g.Pages = append(g.Pages, e.p)
	}
	return groups
}

// letter returns the heading an A–Z group of titles starting with r gets:
// r in upper case, without its accent where the language sorts it with
// the plain letter (German Ä is A; Turkish Ç stays Ç).
func (s *Site) letter(r rune) string {
	up := string(unicode.ToUpper(r))
	base := []rune(norm.NFD.String(up))
	if len(base) > 1 && bytes.Equal(primary(s.Locale.Key(string(base[0]))), primary(s.Locale.Key(up))) {
		return string(base[0])
	}
	return up
}

// primary returns the primary-strength part of a collation key (up to the
// first level separator, two zero bytes), so that "Ä" and "A" compare
// equal.
func primary(k []byte) []byte {
	if i := bytes.Index(k, []byte{0, 0}); i >= 0 {
		return k[:i]
	}
	return k
}
