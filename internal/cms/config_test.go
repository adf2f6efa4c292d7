package cms_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// siteOf builds the site in a txtar archive in memory.
func siteOf(t *testing.T, name string, edit func(fstest.MapFS)) *model.Site {
	t.Helper()
	fsys := sitetest.FS(t, name)
	for _, f := range fsys {
		f.ModTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// The real layouts and interface texts (this tests the content).
	maps.Copy(fsys, sitetest.Repo(t, "layouts", "i18n", "assets"))
	if edit != nil {
		edit(fsys)
	}
	res, err := build.Run(fsys, build.Options{Now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("%s does not build: %v", name, err)
	}
	return res.Site
}

// decoded is admin/config.yml read back.
type decoded struct {
	Backend     map[string]any `yaml:"backend"`
	PublishMode string         `yaml:"publish_mode"`
	I18n        map[string]any `yaml:"i18n"`
	Collections []struct {
		Name   string   `yaml:"name"`
		Folder string   `yaml:"folder"`
		Create bool     `yaml:"create"`
		I18n   bool     `yaml:"i18n"`
		Type   string   `yaml:"sitegen_type"`
		Fields []dfield `yaml:"fields"`
		Files  []struct {
			Name   string   `yaml:"name"`
			File   string   `yaml:"file"`
			Fields []dfield `yaml:"fields"`
		} `yaml:"files"`
	} `yaml:"collections"`
}

type dfield struct {
	Name     string   `yaml:"name"`
	Label    string   `yaml:"label"`
	Widget   string   `yaml:"widget"`
	Required *bool    `yaml:"required"`
	Hint     string   `yaml:"hint"`
	I18n     *bool    `yaml:"i18n"`
	Pattern  []string `yaml:"pattern"`
	Options  []struct {
		Label, Value string
	} `yaml:"options"`
	Multiple bool     `yaml:"multiple"`
	Fields   []dfield `yaml:"fields"`
	Field    *dfield  `yaml:"field"`
}

func decode(t *testing.T, data []byte) decoded {
	t.Helper()
	var d decoded
	if err := yaml.Unmarshal(data, &d); err != nil {
		t.Fatalf("config.yml is no YAML: %v\n%s", err, data)
	}
	return d
}

// widgets are the widgets each kind of the model's values must get.
var widgets = map[string][]string{
	"text": {"string", "text"}, "int": {"number"}, "bool": {"boolean"}, "choice": {"sitegen_select"},
	"date": {"string"}, "datetime": {"sitegen_datetime"}, "slug": {"string"}, "lang": {"string"},
	"langs": {"sitegen_select"}, "url": {"string"}, "email": {"string"}, "phone": {"string"},
	"ref": {"sitegen_select", "string"}, "list": {"list"}, "map": {"object"}, "names": {"sitegen_names"}, "image": {"image"},
}

// checkFields checks that got has exactly the schema fields want, in
// order, with the right widget, required flag, hint and translation.
func checkFields(t *testing.T, where string, got []dfield, want []model.Field, multi bool) {
	t.Helper()
	checkFieldsIn(t, where, got, want, multi, "")
}

// checkFieldsIn is checkFields for the fields of a map; optional is the
// label of the map when it is optional: Decap validates the fields of an
// empty object too, so none of them may be required there, and the hint
// says that the key is needed once the map is filled in.
func checkFieldsIn(t *testing.T, where string, got []dfield, want []model.Field, multi bool, optional string) {
	t.Helper()
	var names, wantNames []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	want = slices.DeleteFunc(slices.Clone(want), func(f model.Field) bool { return slices.Contains(cms.FileOnly, f.Key) })
	for _, f := range want {
		wantNames = append(wantNames, f.Key)
	}
	for _, n := range names {
		if slices.Contains(cms.FileOnly, n) {
			t.Errorf("%s: the form offers %s, which only a reviewed change of the file may set", where, n)
		}
	}
	if a, b := slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(wantNames)); !slices.Equal(a, b) {
		t.Errorf("%s: fields %v, want the schema's %v", where, names, wantNames)
		return
	}
	for _, f := range want {
		g := got[slices.Index(names, f.Key)]
		at := where + "." + f.Key
		if !slices.Contains(widgets[f.Kind], g.Widget) {
			t.Errorf("%s: widget %q for a %s, want one of %v", at, g.Widget, f.Kind, widgets[f.Kind])
		}
		wantReq, wantHint := f.Required, f.Help
		if optional != "" && f.Required {
			wantReq, wantHint = false, f.Help+" Pflicht, sobald „"+optional+"“ ausgefüllt ist."
		}
		if g.Required == nil || *g.Required != wantReq {
			t.Errorf("%s: required %v, want %v (the model says %v)", at, g.Required, wantReq, f.Required)
		}
		if g.Hint != wantHint {
			t.Errorf("%s: hint %q, want %q", at, g.Hint, wantHint)
		}
		if multi && (g.I18n == nil || *g.I18n != f.Text) {
			t.Errorf("%s: i18n %v, want %v (translations set it: %v)", at, g.I18n, f.Text, f.Text)
		}
		if !multi && g.I18n != nil {
			t.Errorf("%s: i18n %v on a site in one language", at, *g.I18n)
		}
		if f.Kind == "choice" {
			var vals []string
			for _, o := range g.Options {
				vals = append(vals, o.Value)
			}
			if !slices.Equal(vals, f.Values) {
				t.Errorf("%s: options %v, want %v", at, vals, f.Values)
			}
		}
		if k := f.Kind; k == "date" || k == "datetime" || k == "slug" || k == "url" || k == "email" || k == "phone" || k == "lang" {
			if len(g.Pattern) != 2 {
				t.Errorf("%s: no pattern for a %s", at, k)
			}
		}
		switch f.Kind {
		case "map":
			opt := ""
			if !f.Required {
				opt = g.Label
			}
			checkFieldsIn(t, at, g.Fields, f.Fields, multi, opt)
		case "list":
			if len(f.Fields) > 0 {
				checkFields(t, at, g.Fields, f.Fields, multi)
			} else if g.Field == nil || g.Field.Widget != "string" {
				t.Errorf("%s: a list of texts needs field: {widget: string}, got %+v", at, g.Field)
			}
		}
	}
}

func TestConfigCoversSchema(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", nil)
	data, err := cms.Config(site, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, data)
	if d.Backend["name"] != "sitegen-gitlab" || d.Backend["auth_type"] != "pkce" || d.Backend["app_id"] != "abc123" ||
		d.Backend["api_root"] != "https://gitlab.example.org/api/v4" || d.Backend["repo"] != "stadt/integration" || d.Backend["branch"] != "main" {
		t.Errorf("backend %v", d.Backend)
	}
	if d.PublishMode != "editorial_workflow" {
		t.Errorf("publish_mode %q", d.PublishMode)
	}
	if d.I18n["structure"] != "multiple_files" || d.I18n["default_locale"] != "de" {
		t.Errorf("i18n %v", d.I18n)
	}
	// A folder collection per section with the fields of its type; every
	// model key of every type is in one.
	wantFolders := map[string]string{"seiten": "content", "akteure": "content/akteure", "termine": "content/termine", "geschichte": "content/geschichte"}
	wantTypes := map[string]string{"seiten": "page", "akteure": "actor", "termine": "event", "geschichte": "milestone"}
	seen := map[string]bool{}
	for _, c := range d.Collections {
		if c.Name == "bereiche" {
			continue
		}
		seen[c.Name] = true
		if c.Folder != wantFolders[c.Name] || c.Type != wantTypes[c.Name] || !c.Create || !c.I18n {
			t.Errorf("collection %s: folder %q, type %q, create %v, i18n %v", c.Name, c.Folder, c.Type, c.Create, c.I18n)
		}
		want := append(slices.Clone(model.Schema("common")), model.Schema(c.Type)...)
		fields, body := withoutBody(t, c.Name, c.Fields)
		if body.Widget != "sitegen_markdown" || body.I18n == nil || !*body.I18n ||
			!strings.Contains(body.Hint, "::events{") || !strings.Contains(body.Hint, "::actors{") || !strings.Contains(body.Hint, "::milestones{") {
			t.Errorf("collection %s: body %+v", c.Name, body)
		}
		checkFields(t, c.Name, fields, want, true)
		// The form starts with the title and the type's own keys.
		if own := model.Schema(c.Type); len(own) > 0 && (fields[0].Name != "title" || fields[1].Name != own[0].Key) {
			t.Errorf("collection %s starts with %s, %s; want title, %s", c.Name, fields[0].Name, fields[1].Name, own[0].Key)
		}
		for _, f := range c.Fields {
			switch f.Name {
			case "organizer":
				// A native select of the actor pages, by the last part of
				// their address (as the model finds them).
				if f.Widget != "sitegen_select" || f.Multiple || len(f.Options) != 1 || f.Options[0] != (struct{ Label, Value string }{"Beirat", "beirat"}) {
					t.Errorf("organizer %+v, want a select of the actor pages by slug", f)
				}
			case "series":
				// The section's series and the home page's (a section above).
				if len(f.Options) != 2 || f.Options[0].Value != "forum" || f.Options[1].Value != "runder-tisch" || f.Options[1].Label != "Runder Tisch Integration" {
					t.Errorf("series options %+v, want the series of the section and of the home page", f.Options)
				}
			case "languages":
				var codes []string
				for _, o := range f.Options {
					codes = append(codes, o.Value)
				}
				if !f.Multiple || !slices.Contains(codes, "vi") || !slices.Contains(codes, "uk") || f.Options[slices.Index(codes, "vi")].Label != "Vietnamesisch (vi)" {
					t.Errorf("languages: multiple %v, options %v; want the codes in use (vi) and common ones", f.Multiple, codes)
				}
			}
		}
	}
	for name := range wantFolders {
		if !seen[name] {
			t.Errorf("no collection %s", name)
		}
	}
	// The home page and every section in "bereiche" by their real file
	// names, with the keys of home or section; each translation a file of
	// its own with the keys a translation sets (Decap allows i18n in a
	// files collection only as one file for all languages).
	var files map[string]string
	for _, c := range d.Collections {
		if c.Name != "bereiche" {
			continue
		}
		if c.I18n {
			t.Error("bereiche has i18n, which Decap refuses for files collections but in one file")
		}
		files = map[string]string{}
		for _, f := range c.Files {
			files[f.Name] = f.File
			kind := "section"
			if strings.HasPrefix(f.Name, "startseite") {
				kind = "home"
			}
			want := append(slices.Clone(model.Schema("common")), model.Schema(kind)...)
			if strings.HasSuffix(f.Name, "-en") {
				want = slices.DeleteFunc(want, func(f model.Field) bool { return !f.Text })
				for i, g := range want { // image: alt: only
					g.Fields = slices.DeleteFunc(slices.Clone(g.Fields), func(f model.Field) bool { return !f.Text })
					want[i] = g
				}
			}
			fields, _ := withoutBody(t, f.Name, f.Fields)
			checkFields(t, "bereiche."+f.Name, fields, want, false)
		}
	}
	want := map[string]string{
		"startseite": "content/_index.md", "akteure": "content/akteure/_index.md", "termine": "content/termine/_index.md", "geschichte": "content/geschichte/_index.md",
		"startseite-en": "content/_index.en.md", "akteure-en": "content/akteure/_index.en.md", "termine-en": "content/termine/_index.en.md", "geschichte-en": "content/geschichte/_index.en.md",
	}
	if len(files) != len(want) {
		t.Errorf("bereiche: files %v, want %v", files, want)
	}
	for k, v := range want {
		if files[k] != v {
			t.Errorf("bereiche: %s is %q, want %q", k, files[k], v)
		}
	}
}

func TestConfigLocal(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", nil)
	data, err := cms.Config(site, &cms.Local{URL: "http://127.0.0.1:8765/api/v1"})
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, data)
	if d.Backend["name"] != "sitegen-proxy" || d.Backend["proxy_url"] != "http://127.0.0.1:8765/api/v1" || d.PublishMode != "" {
		t.Errorf("local: backend %v, publish_mode %q; want the proxy, simple publishing", d.Backend, d.PublishMode)
	}
	csp := cms.CSP(site, &cms.Local{URL: "http://127.0.0.1:8765/api/v1"})
	if !strings.Contains(csp, "connect-src 'self' blob: http://127.0.0.1:8765;") || strings.Contains(csp, "frame-ancestors") {
		t.Errorf("local CSP %q", csp)
	}
	if csp := cms.CSP(site, nil); !strings.Contains(csp, "connect-src 'self' blob: https://gitlab.example.org;") {
		t.Errorf("gitlab CSP %q", csp)
	}
}

func TestConfigOneLanguage(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", func(fsys fstest.MapFS) {
		delete(fsys, "content/termine/rt.en.md")
		home := fsys["content/_index.md"]
		home.Data = []byte(strings.Replace(string(home.Data), "languages: [de, en]", "language: de", 1))
	})
	data, err := cms.Config(site, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "i18n") {
		t.Errorf("a site in one language has no i18n in its config:\n%s", data)
	}
	d := decode(t, data)
	for _, c := range d.Collections {
		if c.Name == "termine" {
			fields, _ := withoutBody(t, c.Name, c.Fields)
			checkFields(t, c.Name, fields, append(slices.Clone(model.Schema("common")), model.Schema("event")...), false)
		}
	}
}

func TestConfigNoBackend(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", func(fsys fstest.MapFS) {
		home := fsys["content/_index.md"]
		s := string(home.Data)
		i, j := strings.Index(s, "  cms:"), strings.Index(s, "series:")
		home.Data = []byte(s[:i] + s[j:])
	})
	if _, err := cms.Files(site, &cms.Admin{Dist: fstest.MapFS{"decap-cms.js": {}}}, ""); !errors.Is(err, cms.ErrNoBackend) || !strings.Contains(err.Error(), "ohne site: cms: in content/_index.md") {
		t.Errorf("Files without site: cms: = %v, want ErrNoBackend", err)
	}
}

// withoutBody returns the fields but the body, and the body.
func withoutBody(t *testing.T, where string, fs []dfield) ([]dfield, dfield) {
	t.Helper()
	i := slices.IndexFunc(fs, func(f dfield) bool { return f.Name == "body" })
	if i < 0 {
		t.Fatalf("%s: no body field", where)
	}
	return slices.Delete(slices.Clone(fs), i, i+1), fs[i]
}

// The files of "bereiche" are the real ones: an original named with the
// language code, a translation that exists.
func TestConfigSectionFiles(t *testing.T) {
	site := siteOf(t, "testdata/site.txtar", func(fsys fstest.MapFS) {
		fsys["content/termine/_index.de.md"] = fsys["content/termine/_index.md"]
		delete(fsys, "content/termine/_index.md")
		fsys["content/termine/_index.en.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Dates\n---\n::events{}\n")}
	})
	data, err := cms.Config(site, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range decode(t, data).Collections {
		if c.Name != "bereiche" {
			continue
		}
		got := map[string]string{}
		for _, f := range c.Files {
			got[f.Name] = f.File
		}
		if got["termine"] != "content/termine/_index.de.md" || got["termine-en"] != "content/termine/_index.en.md" {
			t.Errorf("bereiche: termine %q, termine-en %q", got["termine"], got["termine-en"])
		}
		return
	}
	t.Error("no collection bereiche")
}
