package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestBuildToolsUnderSource: sitegen build looks for Decap CMS under the
// folder --source names (tools/cms), not under the working directory.
func TestBuildToolsUnderSource(t *testing.T) {
	t.Setenv(cms.EnvVar, "")
	t.Setenv("SITEGEN_PAGEFIND", "off")
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	home := filepath.Join(dir, "content", "_index.md")
	data, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	const base = "  base_url: https://example.org/integration/\n"
	if !strings.Contains(string(data), base) {
		t.Fatalf("%s has no %q", home, base)
	}
	data = []byte(strings.Replace(string(data), base, base+"  cms:\n    backend: github\n    repo: stadt/integration\n", 1))
	if err := os.WriteFile(home, data, 0o644); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(dir, filepath.FromSlash(cms.DistPath))
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "decap-cms.js"), []byte("/* Decap */"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := sitegen("build", "--source", dir, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "admin", "decap-cms.js")); err != nil {
		t.Errorf("Decap under --source was not published: %v\n%s", err, errs)
	}
}
