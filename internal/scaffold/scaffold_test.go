package scaffold

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// rich is a site with something to name for every ref.
var rich = Site{
	Sections: map[string]string{"": model.TypePage, "termine": model.TypeEvent, "akteure": model.TypeActor, "fip": model.TypeMilestone},
	Series:   map[string][]string{"termine": {"fachforum", "runder-tisch"}},
	Actors:   []string{"oekumene", "beirat"},
}

// keyLine matches a line that is a key, commented out or not: the key
// is m[3], its indentation before an uncommented key m[1].
var keyLine = regexp.MustCompile(`^(\s*)(# )?(\s*(?:- )?([a-z_]+):(?: .*)?)$`)

// TestSchemaCovered fails when model.Schema has a key (or a kind) that
// sitegen new neither writes nor leaves out on purpose (leftOut,
// pageOnly, notScaffolded), and when a key is not in the schema's order
// with its Help above it.
func TestSchemaCovered(t *testing.T) {
	for _, k := range model.SchemaKinds {
		if k != "common" && !slices.Contains(Kinds, k) && !slices.Contains(notScaffolded, k) {
			t.Errorf("model.Schema(%q): sitegen new neither makes such files nor lists the kind in notScaffolded", k)
		}
	}
	common := map[string]bool{}
	for _, f := range model.Schema("common") {
		common[f.Key] = true
	}
	for k := range leftOut {
		if !common[k] {
			t.Errorf("leftOut names %q, which is not a common key of model.Schema", k)
		}
	}
	for _, k := range pageOnly {
		if !common[k] {
			t.Errorf("pageOnly names %q, which is not a common key of model.Schema", k)
		}
	}
	// Every path the tables name is one of the schema.
	paths := map[string]bool{}
	var walk func(prefix string, fs []model.Field)
	walk = func(prefix string, fs []model.Field) {
		for _, f := range fs {
			paths[prefix+f.Key] = true
			walk(prefix+f.Key+".", f.Fields)
		}
	}
	for _, k := range model.SchemaKinds {
		walk("", model.Schema(k))
	}
	for _, p := range written {
		if !paths[p] {
			t.Errorf("written names %q, which is not in model.Schema", p)
		}
	}
	for p := range placeholders {
		if !paths[p] {
			t.Errorf("placeholders names %q, which is not in model.Schema", p)
		}
	}
	for p := range examples {
		if !paths[p] {
			t.Errorf("examples names %q, which is not in model.Schema", p)
		}
	}

	for _, kind := range Kinds {
		_, data, err := Plan(Request{Kind: kind, Title: "Neue Seite"}, rich)
		if err != nil {
			t.Fatal(err)
		}
		fm, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
		lines := strings.Split(fm, "\n")
		// The keys at the top, written or commented out.
		top := map[string]bool{}
		for _, l := range lines {
			if m := keyLine.FindStringSubmatch(l); m != nil && m[1] == "" && !strings.HasPrefix(m[3], " ") {
				top[m[4]] = true
			}
		}
		var want []model.Field
		for _, f := range model.Schema("common") {
			why := omitted(kind, f.Key)
			switch {
			case why == "":
				want = append(want, f)
			case top[f.Key]:
				t.Errorf("new %s writes %s:, which it leaves out (%s)", kind, f.Key, why)
			}
		}
		want = append(want, model.Schema(kind)...)
		// Each field in order: its Help, maybe notes, then its key.
		at := 0
		var find func(fs []model.Field, path string)
		find = func(fs []model.Field, path string) {
			for _, f := range fs {
				i := at
				for i < len(lines) && strings.TrimLeft(lines[i], "# ") != f.Help {
					i++
				}
				if i == len(lines) {
					t.Errorf("new %s: no help %q for %s%s (or not in the schema's order):\n%s", kind, f.Help, path, f.Key, data)
					return
				}
				j := i + 1
				for j < len(lines) && keyLine.FindStringSubmatch(lines[j]) == nil {
					j++
				}
				if m := keyLine.FindStringSubmatch(lines[min(j, len(lines)-1)]); j == len(lines) || m[4] != f.Key {
					t.Errorf("new %s: the help of %s%s is not above its key:\n%s", kind, path, f.Key, data)
					return
				}
				at = j + 1
				find(f.Fields, path+f.Key+".")
			}
		}
		find(want, "")
	}
}

// TestPlanName: the file's place and name; on a site with several
// languages the original's name carries the first language's code.
func TestPlanName(t *testing.T) {
	for _, tc := range []struct {
		r    Request
		s    Site
		want string
	}{
		{Request{Kind: "event", Title: "Runder Tisch März"}, rich, "content/termine/runder-tisch-maerz.md"},
		{Request{Kind: "event", Title: "Runder Tisch März"}, Site{Languages: []string{"de"}}, "content/termine/runder-tisch-maerz.md"},
		{Request{Kind: "event", Title: "Runder Tisch März"}, Site{Languages: []string{"de", "en", "tr"}}, "content/termine/runder-tisch-maerz.de.md"},
		{Request{Kind: "page", Title: "Über uns"}, Site{Languages: []string{"de", "en"}}, "content/ueber-uns.de.md"},
		{Request{Kind: "actor", Title: "Café", Section: "netz/akteure"}, Site{Languages: []string{"tr", "de"}}, "content/netz/akteure/cafe.tr.md"},
	} {
		p, _, err := Plan(tc.r, tc.s)
		if err != nil || p != tc.want {
			t.Errorf("Plan(%+v, languages %v) = %q, %v; want %q", tc.r, tc.s.Languages, p, err, tc.want)
		}
	}
}

// TestType: a file says its type itself only where its folder does not.
func TestType(t *testing.T) {
	s := Site{Sections: map[string]string{"": model.TypePage, "termine": model.TypeEvent, "netz": model.TypeActor}}
	for _, tc := range []struct {
		r     Request
		typed bool
	}{
		{Request{Kind: "event", Title: "A"}, false},
		{Request{Kind: "event", Title: "A", Section: "termine/2027"}, false}, // no _index.md: termine's type
		{Request{Kind: "actor", Title: "A", Section: "netz/sport"}, false},
		{Request{Kind: "milestone", Title: "A"}, true}, // fip/ has no _index.md yet
		{Request{Kind: "page", Title: "A"}, false},
		{Request{Kind: "page", Title: "A", Section: "neu"}, false},
		{Request{Kind: "page", Title: "A", Section: "termine"}, true},
		{Request{Kind: "event", Title: "A", Section: "netz"}, true},
	} {
		_, data, err := Plan(tc.r, s)
		if err != nil {
			t.Fatal(err)
		}
		want := "\ntype: " + tc.r.Kind + "\n"
		if got := strings.Contains(string(data), want); got != tc.typed {
			t.Errorf("%+v: type written %v, want %v:\n%s", tc.r, got, tc.typed, data)
		}
	}
}

// TestCreateTwin: x.de.md is not created beside x.md, the same page.
func TestCreateTwin(t *testing.T) {
	dir := t.TempDir()
	if err := Create(dir, "content/a.md", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := Create(dir, "content/a.de.md", []byte("y")); err == nil || !strings.Contains(err.Error(), "content/a.md gibt es schon") {
		t.Errorf("Create a.de.md beside a.md: %v", err)
	}
	if err := Create(dir, "content/a.md", []byte("y")); err == nil || !strings.Contains(err.Error(), "content/a.md gibt es schon") {
		t.Errorf("Create a.md twice: %v", err)
	}
}

var (
	placeholderRe = regexp.MustCompile(`"\[PLATZHALTER: ([^\]"]*)\]"`)
	exampleRe     = regexp.MustCompile(`z\. B\. (\S+)$`)
)

// fillIn makes a scaffold what an editor makes of it: every optional
// line uncommented and every placeholder replaced by a valid value (its
// own example, "z. B. …", if it has one, else a text). It returns the
// files the values name (a document), to be put beside the page.
func fillIn(data []byte) ([]byte, []string) {
	var files []string
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if m := keyLine.FindStringSubmatch(l); m != nil && m[2] != "" {
			l = m[1] + m[3]
		}
		l = placeholderRe.ReplaceAllStringFunc(l, func(s string) string {
			what := placeholderRe.FindStringSubmatch(s)[1]
			if m := exampleRe.FindStringSubmatch(what); m != nil {
				if strings.HasSuffix(m[1], ".pdf") || strings.HasSuffix(m[1], ".jpg") {
					files = append(files, m[1])
				}
				return quote(m[1])
			}
			return quote("Ein Text.")
		})
		if strings.HasPrefix(l, "[PLATZHALTER: Text der Seite") {
			l = "Der Text der Seite."
		}
		lines[i] = l
	}
	return []byte(strings.Join(lines, "\n")), files
}

// buildScaffolds scaffolds every kind into the golden site archive, with
// and without --start and --date, fills them in (fillIn) and builds the
// site in memory, drafts included. It returns the new files' paths and
// the build's problems.
func buildScaffolds(t *testing.T, archive string) ([]string, []diag.Diagnostic, error) {
	fsys := sitetest.Site(t, "../build/testdata/golden/"+archive)
	facts := Facts(fsys)
	var made []string
	for _, r := range []Request{
		{Kind: "event", Title: "Neuer Termin"},
		{Kind: "event", Title: "Termin mit Beginn", Start: "2027-05-06T22:00"},
		{Kind: "event", Title: "Ganztägig", Start: "2027-05-07"},
		{Kind: "actor", Title: "Neuer Akteur"},
		{Kind: "milestone", Title: "Neuer Meilenstein"},
		{Kind: "milestone", Title: "Meilenstein mit Datum", Date: "2016-02"},
		{Kind: "page", Title: "Neue Seite"},
		{Kind: "page", Title: "Seite im Bereich", Section: "akteure/mehr"},
	} {
		p, data, err := Plan(r, facts)
		if err != nil {
			t.Fatal(err)
		}
		filled, files := fillIn(data)
		if strings.Contains(string(filled), Placeholder) || regexp.MustCompile(`(?m)^\s*# \s*(- )?[a-z_]+:`).Match(filled) {
			t.Fatalf("%s is not filled in:\n%s", p, filled)
		}
		fsys[p] = &fstest.MapFile{Data: filled}
		for _, f := range files {
			data := []byte("PDF")
			if strings.HasSuffix(f, ".jpg") {
				data = testimg.JPEG(testimg.Photo(1, 40, 30))
			}
			fsys[path.Join(path.Dir(p), f)] = &fstest.MapFile{Data: data}
		}
		made = append(made, p)
	}
	res, err := build.Run(fsys, build.Options{Drafts: true, Now: sitetest.Now})
	return made, res.Diagnostics, err
}

// TestScaffoldsBuild: every scaffold, filled in with every optional line
// uncommented, builds without a problem: the examples are valid.
func TestScaffoldsBuild(t *testing.T) {
	made, diags, err := buildScaffolds(t, "site.txtar")
	for _, d := range diags {
		if slices.Contains(made, d.Path) || d.Severity == diag.Error {
			t.Errorf("%s", d.Error())
		}
	}
	if err != nil {
		t.Errorf("build: %v", err)
	}
}

// TestScaffoldsBuildLanguages: the same on a site in German and English,
// where the new files are named x.de.md.
func TestScaffoldsBuildLanguages(t *testing.T) {
	made, diags, err := buildScaffolds(t, "lang-two.txtar")
	for _, p := range made {
		if !strings.HasSuffix(p, ".de.md") {
			t.Errorf("%s: on a site in de and en the original is named x.de.md", p)
		}
	}
	for _, d := range diags {
		if slices.Contains(made, d.Path) || d.Severity == diag.Error {
			t.Errorf("%s", d.Error())
		}
	}
	if err != nil {
		t.Errorf("build: %v", err)
	}
}
