package model_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

type (
	diagT    = diag.Diagnostic
	loadFile = load.File
)

// TestPatchEqualsBuild edits the front matter of every page of the test
// sites in several ways; where Patch takes the edit, the patched site
// must be the site Build makes of the edited content, and where it does
// not, the site must be as it was.
func TestPatchEqualsBuild(t *testing.T) {
	edits := []struct {
		name string
		re   *regexp.Regexp
		to   string
	}{
		{"title", regexp.MustCompile(`(?m)^title: .*$`), `title: "Aaa neuer Titel"`},
		{"late title", regexp.MustCompile(`(?m)^title: .*$`), `title: "Zzz neuer Titel"`},
		{"weight", regexp.MustCompile(`(?m)^---\n`), "---\nweight: -5\n"},
		{"start", regexp.MustCompile(`(?m)^start: .*$`), `start: 2027-01-02T09:00`},
		{"status", regexp.MustCompile(`(?m)^start: (.*)$`), "start: $1\nstatus: cancelled"},
		{"date", regexp.MustCompile(`(?m)^date: .*$`), `date: 2001-02`},
		{"menu", regexp.MustCompile(`(?m)^---\n`), "---\nmenu: true\n"},
		{"bad weight", regexp.MustCompile(`(?m)^---\n`), "---\nweight: viel\n"},
		{"unknown key", regexp.MustCompile(`(?m)^---\n`), "---\nfarbe: rot\n"},
		{"summary", regexp.MustCompile(`(?m)^summary: .*$`), `summary: Neu zusammengefasst.`},
		{"organizer", regexp.MustCompile(`(?m)^organizer: .*$`), `organizer: beirat`},
		{"role", regexp.MustCompile(`(?m)^role: .*$`), `role: Eine neue Rolle.`},
		{"place", regexp.MustCompile(`(?m)^  name: .*$`), `  name: Anderer Ort`},
		{"slug", regexp.MustCompile(`(?m)^title: (.*)$`), "title: $1\nslug: neu"},
		{"draft", regexp.MustCompile(`(?m)^---\n`), "---\ndraft: true\n"},
	}
	patched := 0
	patchedLangs := 0
	for _, sites := range [][]string{{eventSite}, {milestoneSite}, {menuSite}, {typeSite}, {langSite}} {
		fsys := siteFS(t, sites...)
		var paths []string
		for p := range fsys {
			if strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") {
				paths = append(paths, p)
			}
		}
		slices.Sort(paths)
		for _, p := range paths {
			for _, e := range edits {
				orig := fsys[p].Data
				edited := e.re.ReplaceAll(orig, []byte(e.to))
				if string(edited) == string(orig) {
					continue
				}
				name := fmt.Sprintf("%s %s", p, e.name)

				c, diags := loadFS(t, fsys)
				s := model.Build(c, model.Options{Now: sitetest.Now}, diags)
				had := slices.ContainsFunc(diags.Sorted(), func(d diagT) bool { return d.Path == p })
				before := summary(s, nil) + details(s)

				fsys[p].Data = edited
				var diags2 diag.List
				c2 := load.Load(fsys, "content", &diags2)
				fsys[p].Data = orig
				if diags2.HasErrors() {
					continue // the edit broke the YAML (a key twice)
				}
				fresh := model.Build(c2, model.Options{Now: sitetest.Now}, &diags2)
				var f = c2.Pages[slices.IndexFunc(c2.Pages, func(f *loadFile) bool { return f.Path == p })]

				if !s.Patch(f, model.Options{Now: sitetest.Now}, had) {
					if got := summary(s, nil) + details(s); got != before {
						t.Errorf("%s: Patch refused but changed the site:\n%s", name, firstDiff(before, got))
					}
					continue
				}
				patched++
				if len(s.Langs) > 1 {
					patchedLangs++
				}
				if len(diags2.Sorted()) != len(diags.Sorted()) {
					t.Errorf("%s: patched, but Build reports %v", name, diags2.Sorted())
				}
				if got, want := summary(s, nil)+details(s), summary(fresh, nil)+details(fresh); got != want {
					t.Errorf("%s: patched site differs from a fresh one:\n%s", name, firstDiff(want, got))
				}
			}
		}
	}
	t.Logf("%d edits patched, %d on the site of several languages", patched, patchedLangs)
	if patched < 10 || patchedLangs < 10 {
		t.Errorf("only %d edits patched, %d on the site of several languages: the test tests little", patched, patchedLangs)
	}
}

// details writes out what summary leaves out and a front matter edit
// changes.
func details(s *model.Site) string {
	var b strings.Builder
	url := func(p *model.Page) string {
		if p == nil {
			return "-"
		}
		return p.URL
	}
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "%s %q %q w=%d menu=%v lang=%s src=%s untranslated=%v menutitle=%q layout=%q raw=%v", p.URL, p.Title, p.Description, p.Weight, p.Menu, p.Lang, p.Source.Path, p.Untranslated, p.MenuTitle, p.Layout, p.RawHTML)
		if e := p.Event; e != nil {
			fmt.Fprintf(&b, " start=%v status=%s series=%s organizer=%s summary=%q registration=%q", e.Span.Start, e.Status, url(e.SeriesPage), url(e.Organizer), e.Summary, e.Registration)
			if l := e.Location; l != nil {
				fmt.Fprintf(&b, " location=%+v", *l)
			}
		}
		if a := p.Actor; a != nil {
			fmt.Fprintf(&b, " actor=%+v", *a)
		}
		if o := p.Original; o != nil && p.Source == o.Source { // shows the original's text: its file
			b.WriteString(" showing the original")
		}
		if m := p.Milestone; m != nil {
			fmt.Fprintf(&b, " date=%v", m.Date)
		}
		b.WriteByte('\n')
	}
	for _, sr := range s.SeriesList() {
		fmt.Fprintf(&b, "series %s %d\n", sr.Slug, len(sr.Events))
	}
	if len(s.Langs) > 1 { // every language's lists
		names := func(ps []*model.Page) string {
			var out []string
			for _, p := range ps {
				out = append(out, p.URL)
			}
			return strings.Join(out, " ")
		}
		for _, ls := range s.Langs {
			fmt.Fprintf(&b, "%s: menu %s\nevents %s\nactors %s\nmilestones %s\nupcoming %s\n", ls.Config.Language,
				names(ls.Menu), names(ls.Events), names(ls.Actors), names(ls.Milestones), names(ls.EventList(model.EventQuery{})))
			for _, sr := range ls.SeriesList() {
				fmt.Fprintf(&b, "series %s %d\n", sr.Slug, len(sr.Events))
			}
			for _, p := range ls.Pages {
				fmt.Fprintf(&b, "%s children=%s\n", p.URL, names(p.Children))
			}
		}
	}
	return b.String()
}
