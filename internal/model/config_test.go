package model_test

import (
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

func TestConfig(t *testing.T) {
	for _, tt := range []struct {
		name    string
		home    string
		baseURL string // Options.BaseURL
		want    model.Config
	}{
		{
			name: "defaults",
			home: "---\ntitle: Integration in Bamberg\n---\n",
			want: model.Config{Title: "Integration in Bamberg", Language: "de", TimeZone: "Europe/Berlin", BaseURL: "http://localhost:1313/"},
		},
		{
			name: "site settings",
			home: `---
title: Start
site:
  title: Integration in Bamberg
  language: en
  timezone: Europe/London
  base_url: https://example.org/integration
---
`,
			want: model.Config{Title: "Integration in Bamberg", Language: "en", TimeZone: "Europe/London", BaseURL: "https://example.org/integration/"},
		},
		{
			name: "empty settings keep the defaults",
			home: `---
title: Start
site:
  title: ""
  language:
  timezone: ""
---
`,
			want: model.Config{Title: "Start", Language: "de", TimeZone: "Europe/Berlin", BaseURL: "http://localhost:1313/"},
		},
		{
			name:    "base URL from the options",
			home:    "---\ntitle: Start\nsite:\n  base_url: http://localhost:1313/\n---\n",
			baseURL: "https://www.stadt.bamberg.de/integration",
			want:    model.Config{Title: "Start", Language: "de", TimeZone: "Europe/Berlin", BaseURL: "https://www.stadt.bamberg.de/integration/"},
		},
		{
			name: "toml",
			home: "+++\ntitle = \"Start\"\n[site]\ntitle = \"Integration\"\nbase_url = \"https://example.org/\"\n+++\n",
			want: model.Config{Title: "Integration", Language: "de", TimeZone: "Europe/Berlin", BaseURL: "https://example.org/"},
		},
		{
			name: "cms",
			home: "---\ntitle: Start\nsite:\n  cms:\n    backend: gitlab\n    repo: stadt/integration\n    base_url: https://gitlab.example.org\n    app_id: abc123\n---\n",
			want: model.Config{Title: "Start", Language: "de", TimeZone: "Europe/Berlin", BaseURL: "http://localhost:1313/",
				CMS: model.CMSConfig{Backend: "gitlab", Repo: "stadt/integration", Branch: "main", BaseURL: "https://gitlab.example.org", AppID: "abc123"}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := buildOK(t, model.Options{BaseURL: tt.baseURL}, "-- content/_index.md --\n"+tt.home)
			got := s.Config
			if got.Location == nil || got.Location.String() != tt.want.TimeZone {
				t.Errorf("Location %v; want %s", got.Location, tt.want.TimeZone)
			}
			got.Location = nil
			if want := []string{tt.want.Language}; !slices.Equal(got.Languages, want) {
				t.Errorf("Languages %q; want %q", got.Languages, want)
			}
			got.Languages = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Config %+v\nwant %+v", got, tt.want)
			}
			if !s.Now.Equal(sitetest.Now) {
				t.Errorf("Now %v; want %v", s.Now, sitetest.Now)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tt := range []struct {
		name    string
		home    string
		baseURL string
		want    []string
		zone    string // the zone used instead
		base    string // the base URL used instead
	}{
		{
			name: "unknown timezone",
			home: "---\ntitle: Start\nsite:\n  title: X\n  timezone: Europe/Bamberg\n---\n",
			want: []string{`content/_index.md:5: Unbekannte Zeitzone "Europe/Bamberg" – z. B. Europe/Berlin`},
			zone: "Europe/Berlin",
		},
		{
			name: "machine timezone",
			home: "---\ntitle: Start\nsite:\n  timezone: Local\n---\n",
			want: []string{`content/_index.md:4: Unbekannte Zeitzone "Local"`},
			zone: "Europe/Berlin",
		},
		{
			name: "base URL without scheme",
			home: "---\ntitle: Start\nsite:\n  base_url: www.stadt.bamberg.de/integration/\n---\n",
			want: []string{`content/_index.md:4: base_url "www.stadt.bamberg.de/integration/" muss eine vollständige Adresse sein`},
			base: "http://localhost:1313/",
		},
		{
			name:    "base URL option without scheme",
			home:    "---\ntitle: Start\n---\n",
			baseURL: "example.org",
			want:    []string{`content/_index.md: base_url "example.org" muss eine vollständige Adresse sein`},
			base:    "http://localhost:1313/",
		},
		{
			name: "language",
			home: "---\ntitle: Start\nsite:\n  language: Deutsch\n---\n",
			want: []string{`content/_index.md:4: "Deutsch" ist kein Sprachcode`},
		},
		{
			name: "site not a map",
			home: "---\ntitle: Start\nsite: Integration\n---\n",
			want: []string{`content/_index.md:3: "site" muss eine Gruppe von Schlüsseln sein`},
		},
		{
			name: "setting not text",
			home: "---\ntitle: Start\nsite:\n  title:\n    - A\n---\n",
			want: []string{`content/_index.md:5: "title" muss ein Text sein`},
		},
		{
			name: "cms backend unknown",
			home: "---\ntitle: Start\nsite:\n  cms:\n    backend: bitbucket\n    repo: a/b\n---\n",
			want: []string{`content/_index.md:5: backend: "bitbucket" gibt es nicht – möglich sind gitlab, github`},
		},
		{
			name: "cms gitlab without app_id, http address",
			home: "---\ntitle: Start\nsite:\n  cms:\n    backend: gitlab\n    repo: a/b\n    base_url: http://gitlab.example.org\n---\n",
			want: []string{
				`content/_index.md:5: cms: backend: gitlab braucht app_id:`,
				`content/_index.md:7: base_url "http://gitlab.example.org" muss eine vollständige Adresse mit https:// sein`,
			},
		},
		{
			name: "cms key unknown",
			home: "---\ntitle: Start\nsite:\n  cms:\n    backend: github\n    repo: a/b\n    token: x\n---\n",
			want: []string{`content/_index.md:7: token`},
		},
		{
			name: "home page missing",
			home: "",
			want: []string{`content/_index.md: Die Startseite fehlt`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := siteFS(t)
			if tt.home == "" {
				delete(fsys, "content/_index.md")
				fsys["content/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\n")}
			} else {
				fsys["content/_index.md"].Data = []byte(tt.home)
			}
			c, diags := loadFS(t, fsys)
			s := model.Build(c, model.Options{Now: sitetest.Now, BaseURL: tt.baseURL}, diags)
			checkDiags(t, diags.Sorted(), tt.want)
			if tt.zone != "" && s.Config.Location.String() != tt.zone {
				t.Errorf("Location %v; want %s", s.Config.Location, tt.zone)
			}
			if tt.base != "" && s.Config.BaseURL != tt.base {
				t.Errorf("BaseURL %q; want %q", s.Config.BaseURL, tt.base)
			}
			if s.Home == nil || s.Home.URL != "/" {
				t.Errorf("Home %v", s.Home)
			}
		})
	}
}

func TestRelAbsURL(t *testing.T) {
	for _, tt := range []struct {
		base, in, rel, abs string
	}{
		{"https://example.org/integration/", "/", "/integration/", "https://example.org/integration/"},
		{"https://example.org/integration/", "/akteure/", "/integration/akteure/", "https://example.org/integration/akteure/"},
		{"https://example.org/integration/", "/css/style.css", "/integration/css/style.css", "https://example.org/integration/css/style.css"},
		{"https://example.org/integration/", "akteure/", "/integration/akteure/", "https://example.org/integration/akteure/"},
		{"https://example.org/a/b/", "/c/", "/a/b/c/", "https://example.org/a/b/c/"},
		{"https://example.org/", "/akteure/", "/akteure/", "https://example.org/akteure/"},
		{"http://localhost:1313/", "/", "/", "http://localhost:1313/"},
		{"http://localhost:1313/", "/termine/x/", "/termine/x/", "http://localhost:1313/termine/x/"},
	} {
		c := model.Config{BaseURL: tt.base}
		if got := c.RelURL(tt.in); got != tt.rel {
			t.Errorf("base %s: RelURL(%q) = %q; want %q", tt.base, tt.in, got, tt.rel)
		}
		if got := c.AbsURL(tt.in); got != tt.abs {
			t.Errorf("base %s: AbsURL(%q) = %q; want %q", tt.base, tt.in, got, tt.abs)
		}
	}
}

// TestRelURLFromBuild checks RelURL with the base URL a build settles on
// (a trailing slash added).
func TestRelURLFromBuild(t *testing.T) {
	s := buildOK(t, model.Options{BaseURL: "https://example.org/integration"}, `
-- content/akteure/_index.md --
---
title: Akteure
---
`)
	p := page(t, s, "akteure/_index.md")
	if got := s.Config.RelURL(p.URL); got != "/integration/akteure/" {
		t.Errorf("RelURL = %q", got)
	}
	if got := s.Config.AbsURL(p.URL); got != "https://example.org/integration/akteure/" {
		t.Errorf("AbsURL = %q", got)
	}
}
