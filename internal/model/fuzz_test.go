package model_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// fuzzBase is the small valid site a fuzzed file is placed in.
const fuzzBase = `
-- content/_index.md --
---
title: Start
site:
  title: Integration in Bamberg
  base_url: https://example.org/integration/
---
-- content/termine/_index.md --
---
title: Termine
type: event
series:
  runder-tisch: Runder Tisch Integration
---
-- content/termine/a.md --
---
title: A
start: 2027-03-12T18:00
series: runder-tisch
organizer: beirat
---
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/beirat.md --
---
title: Beirat
category: beirat
---
-- content/geschichte/_index.md --
---
title: Geschichte
type: milestone
---
-- content/geschichte/start.md --
---
title: Start
date: 2007-07
documents:
  - title: Plan
    file: /dokumente/plan.pdf
---
-- content/dokumente/plan.pdf --
pdf
`

// fuzzPlaces are where the fuzzed file is put: as an event, as an actor,
// as a milestone bundle with a file beside it.
var fuzzPlaces = []string{"content/termine/x.md", "content/akteure/x.md", "content/geschichte/x/index.md"}

// FuzzModel checks that no front matter makes Build panic, and that every
// diagnostic points into content/ at a line of the file.
func FuzzModel(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: X\nstart: 2027-03-11T18:00\nend: 2027-03-11T20:00\nseries: runder-tisch\norganizer: beirat\n---\nText\n",
		"---\ntitle: X\nstart: 2027-03-11\nlocation:\n  name: Rathaus\n  nam: x\nstatus: abgesagt\n---\n",
		"---\ntitle: X\nstart: 11.03.2027 18 Uhr\nend: 2027-03-10\norganizer: beirt\nseries: x\n---\n",
		"---\ntitle: X\ncategory: sport\ncontact:\n  email: a@b.de\n  phone: 0951 1234\n  website: https://example.org/\nlanguages: [de, tr, \"\", xx]\noffers: [a, b]\n---\n",
		"---\ntitle: X\ndate: 2007\nuntil: 2006\ndocuments:\n  - title: A\n    file: a.pdf\n  - plan.pdf\n  - {file: ../../dokumente/plan.pdf}\n---\n",
		"---\ntitle: X\nslug: Neue Seite\naliases: [/alt, http://x/, \"\", /termine/a/, /]\ntype: milestone\n---\n",
		"---\ntitle: [X]\nweight: zehn\nmenu: ja\ndraft: true\nlang: Deutsch\nraw_html: 1\n---\n",
		"---\ntitle: X\nseries:\n  a b: c\nsite:\n  timezone: Mars/Olympus\n---\n",
		"+++\ntitle = \"X\"\nstart = 2027-03-11T18:00:00\n[location]\nname = \"Rathaus\"\n+++\nText",
		"---\n---\n",
		"---\ntitle: &a X\nsummary: *a\n---\n",
		"---\ntitle: X\nlocation:\n",
		"\n\n---\ntitle: X\n---\n\n",
		"---\ntitle: X\r\r\rfoo: 1\r\n---\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, place := range fuzzPlaces {
			checkFuzzSite(t, place, data)
		}
	})
}

func checkFuzzSite(t *testing.T, place string, data []byte) {
	fsys := siteFS(t, fuzzBase)
	fsys[place] = &fstest.MapFile{Data: data}
	if strings.HasSuffix(place, "/index.md") {
		fsys[strings.TrimSuffix(place, "index.md")+"bild.jpg"] = &fstest.MapFile{Data: []byte("jpg")}
	}
	var diags diag.List
	c := load.Load(fsys, "content", &diags)
	s := model.Build(c, model.Options{Now: sitetest.Now}, &diags)
	ds := diags.Sorted()
	for _, d := range ds {
		if d.Path == "" || !strings.HasPrefix(d.Path, "content/") {
			t.Errorf("%s: diagnostic without a path in content/: %#v", place, d)
			continue
		}
		f, ok := fsys[d.Path]
		if !ok { // a folder
			if d.Line != 0 {
				t.Errorf("%s: diagnostic at a line of a folder: %s", place, d.Error())
			}
			continue
		}
		lines := lineCount(f.Data)
		if d.Line < 0 || d.Line > lines+1 {
			t.Errorf("%s: diagnostic at line %d of a file of %d lines: %s", place, d.Line, lines, d.Error())
		}
	}

	// The site is usable whatever was reported.
	prev := ""
	for _, p := range s.Pages {
		if !strings.HasPrefix(p.URL, "/") || !strings.HasSuffix(p.URL, "/") {
			t.Errorf("%s: page URL %q", place, p.URL)
		}
		if p.URL <= prev {
			t.Errorf("%s: pages not sorted by unique URLs: %q after %q", place, p.URL, prev)
		}
		prev = p.URL
		p.Ancestors()
	}
	for _, q := range []model.EventQuery{{}, {Limit: 1}, {Past: true}, {Series: "runder-tisch", Limit: 1}} {
		s.EventList(q)
	}
	s.PastByYear("")
	s.SeriesList()
	s.ActorList("")
	s.MilestoneList(nil)
	s.NextChange()
	if len(ds) == 0 {
		rel := strings.TrimPrefix(place, "content/")
		if p := s.Page(rel); p == nil && !bytes.Contains(data, []byte("draft")) {
			t.Errorf("%s: no diagnostics, but no page either", place)
		}
	}
}

// lineCount returns the number of lines of data as an editor counts them:
// LF, CRLF and a lone CR each end a line (YAML counts a lone CR too).
func lineCount(data []byte) int {
	n := 1
	for i, c := range data {
		if c == '\n' || c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			n++
		}
	}
	return n
}
