package model_test

import (
	"slices"
	"testing"

	"github.com/stadt-bamberg/integration/internal/model"
)

// azSite has titles with umlauts, lower case, digits and quotes, in German
// and Turkish.
const azSite = `
-- content/_index.md --
---
title: Start
site:
  languages: [de, tr]
---
-- content/aerzte.md --
---
title: Ärzte
---
-- content/arbeit.md --
---
title: arbeit und Ausbildung
---
-- content/beirat.md --
---
title: Beirat
---
-- content/zahl.md --
---
title: "2016: Neuausrichtung"
---
-- content/zitat.md --
---
title: "„Öffnung“"
---
-- content/cay.md --
---
title: Cafe
---
-- content/cay.tr.md --
---
title: Çay evi
---
-- content/ceviz.md --
---
title: Ceviz
---
`

func TestAZ(t *testing.T) {
	s := buildOK(t, model.Options{Special: []string{model.SpecialAZ, model.SpecialSearch}}, azSite)
	type group struct {
		letter string
		urls   []string
	}
	flat := func(gs []model.AZGroup) []group {
		var out []group
		for _, g := range gs {
			out = append(out, group{g.Letter, urls(g.Pages)})
		}
		return out
	}
	// German: Ä with A, lower case with upper, digits first; the made pages
	// and the home page are not listed.
	want := []group{
		{"#", []string{"/zahl/"}},
		{"A", []string{"/arbeit/", "/aerzte/"}},
		{"B", []string{"/beirat/"}},
		{"C", []string{"/cay/", "/ceviz/"}},
		{"O", []string{"/zitat/"}},
	}
	if got := flat(s.Lang("de").AZ()); !slices.EqualFunc(got, want, func(a, b group) bool { return a.letter == b.letter && slices.Equal(a.urls, b.urls) }) {
		t.Errorf("German A–Z:\n got %+v\nwant %+v", got, want)
	}
	// Turkish: Ç is a letter of its own after C.
	var letters []string
	for _, g := range s.Lang("tr").AZ() {
		letters = append(letters, g.Letter)
	}
	if !slices.Contains(letters, "Ç") || slices.Index(letters, "Ç") < slices.Index(letters, "C") {
		t.Errorf("Turkish letters %q: Ç must follow C", letters)
	}
	// Every language has its special pages at its prefix, titled in it.
	for _, tc := range []struct{ lang, k, url string }{
		{"de", model.SpecialAZ, "/a-z/"}, {"tr", model.SpecialAZ, "/tr/a-z/"},
		{"de", model.SpecialSearch, "/suche/"}, {"tr", model.SpecialSearch, "/tr/suche/"},
	} {
		p := s.Lang(tc.lang).Special(tc.k)
		if p == nil || p.URL != tc.url || !p.Made() || p.Untranslated {
			t.Errorf("%s %s: %+v", tc.lang, tc.k, p)
		}
	}
	if s.Page("_index.md").URL != "/" {
		t.Error("the home page's file names a made page")
	}
}

// Without Options.Special (a site without the layouts) there are no
// special pages; a page at their address is an error otherwise.
func TestSpecialAddress(t *testing.T) {
	s := buildOK(t, model.Options{}, azSite)
	if s.Lang("de").Special(model.SpecialAZ) != nil {
		t.Error("an A–Z page without being asked for")
	}
	_, ds := build(t, model.Options{Special: []string{model.SpecialSearch}}, "-- content/suche.md --\n---\ntitle: Suche\n---\n")
	found := false
	for _, d := range ds {
		found = found || d.Path == "content/_index.md" && d.Line == 1
	}
	if !found {
		t.Errorf("a page at /suche/ is not reported: %v", ds)
	}
}
