package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
)

// TestClashWithAsset: an alias, a page or a file under content/ that
// takes an asset's or a generated file's address is reported where it
// can be mended (the alias's line, the file), naming both; never at an
// assets/ path that does not exist, never without a line for an alias.
func TestClashWithAsset(t *testing.T) {
	// The fingerprinted name of assets/css/style.css.
	fsys, _ := site(t, "testdata/base.txtar")
	fsys["assets/css/style.css"] = &fstest.MapFile{Data: []byte("body{color:red}")}
	res, err := build.Run(fsys, build.Options{Now: testNow, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	var hashed string
	for _, p := range res.Paths {
		if strings.HasPrefix(p, "css/style.") && p != "css/style.css" {
			hashed = p
		}
	}
	if hashed == "" {
		t.Fatalf("no fingerprinted style sheet in %q", res.Paths)
	}
	alias := func(u string) map[string]string {
		return map[string]string{"content/zz.md": "---\ntitle: ZZ\naliases:\n  - /alt/\n  - " + u + "\n---\n"}
	}
	for _, tc := range []struct {
		name        string
		files       map[string]string
		fingerprint bool
		want        string // path:line: part of the message
	}{
		{"alias onto a style sheet", alias("/css/style.css"), true,
			"content/zz.md:5: Die Adresse /css/style.css ist doppelt vergeben: assets/css/style.css und content/zz.md (aliases)"},
		{"alias onto a style sheet, not fingerprinted", alias("/css/style.css"), false,
			"content/zz.md:5: Die Adresse /css/style.css ist doppelt vergeben: assets/css/style.css und content/zz.md (aliases)"},
		{"alias onto the fingerprinted style sheet", alias("/" + hashed), true,
			"content/zz.md:5: Die Datei " + hashed + " gibt es doppelt in der Ausgabe: content/zz.md (aliases) und assets/css/style.css"},
		{"alias onto the favicon", alias("/favicon.svg"), true,
			"content/zz.md:5: Die Adresse /favicon.svg ist doppelt vergeben: assets/favicon.svg und content/zz.md (aliases)"},
		{"file onto the favicon", map[string]string{"content/favicon.svg": "<svg/>"}, true,
			"content/favicon.svg: Die Adresse /favicon.svg ist doppelt vergeben: assets/favicon.svg und content/favicon.svg"},
		{"alias onto the sitemap", alias("/sitemap.xml"), true,
			"content/zz.md:5: Die Adresse /sitemap.xml ist doppelt vergeben: die Sitemap (sitemap.xml) und content/zz.md (aliases)"},
		{"alias onto the calendar", alias("/kalender.ics"), true,
			"content/zz.md:5: Die Adresse /kalender.ics ist doppelt vergeben: eine Kalenderdatei (kalender.ics)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, _ := site(t, "testdata/base.txtar")
			fsys["assets/css/style.css"] = &fstest.MapFile{Data: []byte("body{color:red}")}
			fsys["assets/favicon.svg"] = &fstest.MapFile{Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")}
			for name, text := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			res, err := build.Run(fsys, build.Options{Now: testNow, Fingerprint: tc.fingerprint})
			if err == nil {
				t.Fatalf("the build succeeded; want %q", tc.want)
			}
			found := false
			for _, d := range res.Diagnostics {
				found = found || matches(d, tc.want)
				if _, ok := fsys[d.Path]; !ok && d.Path != "" {
					t.Errorf("reported at %s, which does not exist: %s", d.Path, d.Error())
				}
			}
			if !found {
				t.Errorf("missing %q; got:\n%v", tc.want, err)
			}
		})
	}
}
