package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	extract(t, "../../internal/build/testdata/golden/site.txtar", dir)
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Warnings only: exit 0, but 1 with --strict.
	code, out, _ := sitegen("check", "--source", dir)
	if code != 0 || !strings.Contains(out, "warning: HTML ist in Markdown ausgeschaltet") || !strings.Contains(out, "0 Fehler") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
	if code, _, _ := sitegen("check", "--source", dir, "--strict"); code != 1 {
		t.Errorf("check --strict with warnings: exit %d, want 1", code)
	}
	// An error in the content: exit 1, reported with its place; nothing written.
	write("content/akteure/beirat.md", "---\ntitle: Beirat\ncategory: beirat\nlanguages: [deutsch]\n---\n![](bild.png)\n")
	code, out, _ = sitegen("check", "--source", dir)
	for _, w := range []string{
		`content/akteure/beirat.md:4: error: "deutsch" ist kein Sprachcode`,
		`content/akteure/beirat.md:6: error: Dem Bild "bild.png" fehlt die Beschreibung`,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("check output lacks %q:\n%s", w, out)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("check wrote public/: %v", err)
	}
	// JSON for tools.
	code, out, _ = sitegen("check", "--source", dir, "--format", "json")
	var j struct {
		Errors      int
		Diagnostics []struct{ Path, Severity, Message string }
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 1 || j.Errors < 2 {
		t.Errorf("json: exit %d, %v, %+v", code, err, j)
	}
	// Inside GitHub Actions, annotations as well.
	t.Setenv("GITHUB_ACTIONS", "true")
	_, out, _ = sitegen("check", "--source", dir)
	if !strings.Contains(out, "::error file=content/akteure/beirat.md,line=4,title=sitegen::") {
		t.Errorf("no GitHub annotation:\n%s", out)
	}
	// Inside GitLab CI, a Code Quality report.
	t.Setenv("GITHUB_ACTIONS", "")
	t.Setenv("GITLAB_CI", "true")
	report := filepath.Join(dir, "cq.json")
	sitegen("check", "--source", dir, "--gitlab-report", report)
	var gl []map[string]any
	b, err := os.ReadFile(report)
	if err != nil || json.Unmarshal(b, &gl) != nil || len(gl) < 2 {
		t.Errorf("GitLab report: %v %s", err, b)
	}
}
