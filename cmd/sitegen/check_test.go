package main

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
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
	// And a bidi control in the title: a warning at its line and column.
	write("content/akteure/beirat.md", "---\ntitle: Bei\u202Erat\ncategory: beirat\nlanguages: [deutsch]\n---\n![](bild.png)\n")
	code, out, _ = sitegen("check", "--source", dir)
	for _, w := range []string{
		`content/akteure/beirat.md:4: error: "deutsch" ist kein Sprachcode`,
		`content/akteure/beirat.md:6: error: Dem Bild "bild.png" fehlt die Beschreibung`,
		`content/akteure/beirat.md:2:11: warning: Unsichtbares Steuerzeichen U+202E (RIGHT-TO-LEFT OVERRIDE)`,
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

// TestCheckTranslationsGit: in a Git work tree, a translation is older
// than its original when the original's last commit is later than the
// translation's — whatever the files' modification times say (a fresh
// clone gives every file the same one) — or when the original has
// changes not yet committed. The report ends with each language's
// coverage, in text and in JSON.
func TestCheckTranslationsGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	fsys := sitetest.FS(t, "../../internal/build/testdata/golden/lang-two.txtar")
	maps.Copy(fsys, sitetest.Repo(t, "i18n/en.yaml"))
	sitetest.Write(t, dir, fsys)
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("", "init", "-q")
	git("2026-11-01T10:00:00Z", "add", ".")
	git("2026-11-01T10:00:00Z", "commit", "-q", "-m", "Anfang")
	// The original changes later; the files' times are then made equal.
	leitbild := filepath.Join(dir, "content", "leitbild.md")
	data, _ := os.ReadFile(leitbild)
	os.WriteFile(leitbild, append(data, "Neuer Satz.\n"...), 0o644)
	git("2026-11-20T10:00:00Z", "commit", "-q", "-a", "-m", "Leitbild ergänzt")
	same := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, same, same)
		}
		return nil
	})
	_, out, _ := sitegen("check", "--source", dir, "--now", "2027-03-11T12:00")
	if !strings.Contains(out, "content/leitbild.en.md:1: warning: Das Original content/leitbild.md wurde nach dieser Übersetzung geändert") {
		t.Errorf("no stale warning for leitbild.en.md:\n%s", out)
	}
	if strings.Contains(out, "_index.en.md:1: warning: Das Original") || strings.Contains(out, "rt-maerz.en.md:1: warning: Das Original") {
		t.Errorf("a current translation is reported as stale:\n%s", out)
	}
	if !strings.Contains(out, "Übersetzungen:\n  en: 4 von 8 Seiten übersetzt") {
		t.Errorf("no coverage:\n%s", out)
	}
	// Not committed yet: the original's own time counts.
	rt := filepath.Join(dir, "content", "termine", "rt-maerz.md")
	data, _ = os.ReadFile(rt)
	os.WriteFile(rt, append(data, "Ort geändert.\n"...), 0o644)
	os.Chtimes(rt, same.AddDate(0, 0, 1), same.AddDate(0, 0, 1))
	_, out, _ = sitegen("check", "--source", dir, "--now", "2027-03-11T12:00", "--format", "json")
	var j struct {
		Diagnostics  []struct{ Path, Message string }
		Translations []check.Coverage
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	stale := map[string]bool{}
	for _, d := range j.Diagnostics {
		if strings.HasPrefix(d.Message, "Das Original") {
			stale[d.Path] = true
		}
	}
	if !stale["content/termine/rt-maerz.en.md"] || !stale["content/leitbild.en.md"] || len(stale) != 2 {
		t.Errorf("stale translations %v", stale)
	}
	if len(j.Translations) != 1 || j.Translations[0].Lang != "en" || j.Translations[0].Translated != 4 {
		t.Errorf("translations %+v", j.Translations)
	}
}

// TestPlaceholdersBeforePublishing: `build` builds a page with an unfilled
// placeholder and warns with the count; `check --publish`, which the
// publish workflows run first, fails and lists what to fill in.
func TestPlaceholdersBeforePublishing(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	p := filepath.Join(dir, "content", "akteure", "beirat.md")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(data, "\nSprechzeiten: [PLATZHALTER: vom Beirat auszufüllen] und [PLATZHALTER: Raum]\n"...), 0o644)

	code, _, errOut := sitegen("build", "--source", dir, "--out", filepath.Join(dir, "public"), "--now", "2027-03-11T12:00")
	if code != 0 || !strings.Contains(errOut, "Warnung: 2 Platzhalter [PLATZHALTER: …] sind noch nicht ausgefüllt") {
		t.Errorf("build: exit %d, want 0 with the count:\n%s", code, errOut)
	}
	code, out, _ := sitegen("check", "--source", dir, "--now", "2027-03-11T12:00")
	if code != 0 || !strings.Contains(out, "warning: Platzhalter noch nicht ausgefüllt: [PLATZHALTER: vom Beirat auszufüllen]") {
		t.Errorf("check: exit %d, want 0 with warnings:\n%s", code, out)
	}
	code, out, _ = sitegen("check", "--publish", "--source", dir, "--now", "2027-03-11T12:00")
	if code != 1 || !strings.Contains(out, "content/akteure/beirat.md:") || !strings.Contains(out, "error: Vor der Veröffentlichung auszufüllen: [PLATZHALTER: Raum]") {
		t.Errorf("check --publish: exit %d, want 1 with the list:\n%s", code, out)
	}
	// A draft is not published: its placeholders do not stop publication.
	draft := strings.Replace(string(data), "---\n", "---\ndraft: true\n", 1)
	os.WriteFile(p, []byte(draft+"\n[PLATZHALTER: x]\n"), 0o644)
	if code, out, _ = sitegen("check", "--publish", "--source", dir, "--now", "2027-03-11T12:00"); strings.Contains(out, "PLATZHALTER: x") {
		t.Errorf("check --publish reports a draft's placeholder: exit %d\n%s", code, out)
	}
}

// TestPublishAddress: check --publish stops a site whose address readers
// cannot reach (the default http://localhost:1313/, a placeholder), at
// the home page's base_url: line, unless --base-url (or
// $SITEGEN_BASE_URL, as the GitHub workflow sets it) gives a real one.
func TestPublishAddress(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	const msg = "error: Die Adresse der Website "
	for _, tc := range []struct {
		base string
		want bool
	}{
		{"", true}, // the site's own setting: https://example.org/integration/
		{"http://127.0.0.1:8080/", true},
		{"https://integration.example.org/", true},
		{"https://[PLATZHALTER: Adresse]/", true},
		{"https://www.stadt.bamberg.de/integration/", false},
		{"https://stadt-bamberg.gitlab.io/integration/", false},
	} {
		args := []string{"check", "--publish", "--source", dir, "--now", "2027-03-11T12:00"}
		if tc.base != "" {
			args = append(args, "--base-url", tc.base)
		}
		code, out, errs := sitegen(args...)
		if got := strings.Contains(out, msg); got != tc.want || tc.want && code != 1 {
			t.Errorf("check --publish --base-url %q: exit %d, address refused %v, want %v\n%s%s", tc.base, code, got, tc.want, out, errs)
		}
		if tc.want && !strings.Contains(out, "content/_index.md:") {
			t.Errorf("base %q: the error is not at the home page:\n%s", tc.base, out)
		}
	}
	// Without --publish the address is not checked.
	if _, out, _ := sitegen("check", "--source", dir, "--now", "2027-03-11T12:00"); strings.Contains(out, msg) {
		t.Errorf("check without --publish refuses the address:\n%s", out)
	}
}

// TestPublishCMSHost: check --publish refuses a site whose CMS would log
// in at a host the administration has not allowed ($SITEGEN_CMS_HOSTS, a
// protected CI variable; --cms-hosts): a change pointing base_url at a
// look-alike would collect the next editor's login.
func TestPublishCMSHost(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	home := filepath.Join(dir, "content", "_index.md")
	data, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	const msg = "error: Das Redaktionssystem würde sich bei "
	for _, tc := range []struct {
		cms, hosts string
		want       bool
	}{
		{"backend: gitlab\n    repo: stadt/integration\n    app_id: abc", "", false}, // gitlab.com, the default
		{"backend: gitlab\n    repo: stadt/integration\n    app_id: abc\n    base_url: https://gitlab.stadt.bamberg.de", "", true},
		{"backend: gitlab\n    repo: stadt/integration\n    app_id: abc\n    base_url: https://gitlab.stadt.bamberg.de", "gitlab.stadt.bamberg.de", false},
		{"backend: gitlab\n    repo: stadt/integration\n    app_id: abc\n    base_url: https://gitlab.stadt.bamberg.de.example.com", "gitlab.stadt.bamberg.de", true},
		{"backend: gitlab\n    repo: stadt/integration\n    app_id: abc\n    base_url: https://gitlab.com", "gitlab.stadt.bamberg.de, git.bamberg.de", true},
		{"backend: github\n    repo: stadt/integration\n    base_url: https://auth.stadt.bamberg.de", "git.bamberg.de,auth.stadt.bamberg.de", false},
	} {
		site := strings.Replace(string(data), "site:\n", "site:\n  cms:\n    "+strings.ReplaceAll(tc.cms, `\n`, "\n")+"\n", 1)
		if err := os.WriteFile(home, []byte(site), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("SITEGEN_CMS_HOSTS", tc.hosts)
		code, out, errs := sitegen("check", "--publish", "--source", dir, "--now", "2027-03-11T12:00", "--base-url", "https://www.stadt.bamberg.de/integration/")
		got := strings.Contains(out, msg)
		if got != tc.want || tc.want && (code != 1 || !strings.Contains(out, "content/_index.md:")) {
			t.Errorf("cms %q, hosts %q: exit %d, host refused %v, want %v\n%s%s", tc.cms, tc.hosts, code, got, tc.want, out, errs)
		}
		// Without --publish the host is not checked.
		if _, out, _ := sitegen("check", "--source", dir, "--now", "2027-03-11T12:00"); strings.Contains(out, msg) {
			t.Errorf("check without --publish refuses the CMS host:\n%s", out)
		}
	}
}

// TestCheckLeicht: a page marked leichte_sprache: true that breaks a rule
// fails the check with the rule at its line and column; the text report
// names the hardest pages, and the JSON has every German page's figures.
func TestCheckLeicht(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	page := "---\ntitle: Leicht\ndescription: Leicht.\nleichte_sprache: true\n---\nDas ist gut. Das ist schön.\n"
	long := "---\ntitle: Lang\ndescription: Lang.\n---\n" + strings.Repeat("Die Umsetzung der beschlossenen Maßnahmen wird regelmäßig evaluiert und dem zuständigen Fachsenat vorgelegt.\n\n", 6)
	for name, text := range map[string]string{"leicht.md": page, "lang.md": long} {
		if err := os.WriteFile(filepath.Join(dir, "content", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := sitegen("check", "--source", dir)
	if code != 1 || !strings.Contains(out, "content/leicht.md:6:14: error: Leichte Sprache (ein Satz pro Zeile):") ||
		!strings.Contains(out, "Am schwersten zu lesen") || !strings.Contains(out, "\n  content/lang.md: ") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	_, out, _ = sitegen("check", "--source", dir, "--format", "json")
	var j struct {
		Readability []check.Readability
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, r := range j.Readability {
		if r.LeichteSprache && r.Path == "content/leicht.md" && r.Sentences == 2 && r.Words == 6 {
			marked++
		}
	}
	if len(j.Readability) < 2 || marked != 1 {
		t.Errorf("readability: %+v", j.Readability)
	}
}
