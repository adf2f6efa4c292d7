package build_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
)

// adminSite writes the golden site to a folder, with site: cms: when
// withCMS and a stand-in for Decap's bundle under tools/cms when decap.
func adminSite(t *testing.T, withCMS, decap bool) string {
	t.Helper()
	fsys, _ := site(t, "testdata/golden/site.txtar")
	if withCMS {
		home := fsys["content/_index.md"]
		home.Data = []byte(strings.Replace(string(home.Data), "  base_url: https://example.org/integration/\n",
			"  base_url: https://example.org/integration/\n  cms:\n    backend: github\n    repo: stadt/integration\n", 1))
	}
	if decap {
		dist := cms.DistPath + "/"
		fsys[dist+"decap-cms.js"] = &fstest.MapFile{Data: []byte("/* Decap */")}
		fsys[dist+"1.decap-cms.js"] = &fstest.MapFile{Data: []byte("/* chunk */")}
		fsys[dist+"decap-cms.js.map"] = &fstest.MapFile{Data: []byte("{}")}
	}
	dir := t.TempDir()
	src := &disk{dir: dir, clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), have: map[string][]byte{}}
	src.sync(t, fsys)
	return dir
}

func TestAdmin(t *testing.T) {
	t.Setenv(cms.EnvVar, "")
	opts := build.Options{Now: testNow}
	for _, tt := range []struct {
		name          string
		withCMS, dist bool
		admin         bool   // public/admin/ is written
		notice        string // a notice contains this
	}{
		{name: "cms and decap", withCMS: true, dist: true, admin: true},
		{name: "cms without decap", withCMS: true, notice: "npm ci --prefix tools/cms"},
		{name: "decap without cms", dist: true, notice: "ohne site: cms:"},
		{name: "neither"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := adminSite(t, tt.withCMS, tt.dist)
			out := filepath.Join(t.TempDir(), "public")
			var notices []string
			res, err := build.ToDir(context.Background(), os.DirFS(src), opts, build.Target{Out: out, Source: src, Notice: func(m string) { notices = append(notices, m) }})
			if err != nil {
				t.Fatal(err)
			}
			_, statErr := os.Stat(filepath.Join(out, "admin", "config.yml"))
			if (statErr == nil) != tt.admin {
				t.Errorf("admin/config.yml written: %v, want %v", statErr == nil, tt.admin)
			}
			if tt.admin {
				for _, p := range []string{"admin/index.html", "admin/init.js", "admin/sitegen-cms.js", "admin/decap-cms.js", "admin/1.decap-cms.js"} {
					if !slices.Contains(res.Paths, p) {
						t.Errorf("%s not in the build's paths", p)
					}
				}
				if slices.Contains(res.Paths, "admin/decap-cms.js.map") {
					t.Error("the source map is published")
				}
				sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
				if strings.Contains(string(sitemap), "admin") {
					t.Errorf("the sitemap names /admin/:\n%s", sitemap)
				}
			}
			said := strings.Join(notices, "\n")
			if tt.notice == "" && said != "" || tt.notice != "" && !strings.Contains(said, tt.notice) {
				t.Errorf("notices %q, want one with %q", said, tt.notice)
			}
		})
	}
}

// SITEGEN_DECAP naming a folder without Decap fails the build before
// anything is written.
func TestAdminDecapMissing(t *testing.T) {
	src := adminSite(t, true, false)
	t.Setenv(cms.EnvVar, filepath.Join(src, "nowhere"))
	out := filepath.Join(t.TempDir(), "public")
	_, err := build.ToDir(context.Background(), os.DirFS(src), build.Options{Now: testNow}, build.Target{Out: out})
	if err == nil || !strings.Contains(err.Error(), cms.EnvVar) {
		t.Fatalf("err = %v, want one naming %s", err, cms.EnvVar)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the output folder was made")
	}
}
