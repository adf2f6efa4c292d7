package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

const (
	githubWorkflow = "../.github/workflows/publish.yml"
	gitlabCI       = "../.gitlab-ci.yml"
)

// TestGitHubWorkflow lints the GitHub Pages workflow with actionlint
// (expressions, contexts, action inputs, job needs, cron syntax, and
// shell scripts with shellcheck where it is installed) and checks that
// it does what the README promises.
func TestGitHubWorkflow(t *testing.T) {
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: the run: scripts are not checked by it")
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFile(githubWorkflow, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", githubWorkflow, e.Line, e.Column, e.Message, e.Kind)
	}

	var wf struct {
		On struct {
			Push     struct{ Branches []string }
			Schedule []struct{ Cron string }
		} `yaml:"on"`
		Jobs map[string]struct {
			Needs any
			If    string
			Steps []githubStep
		}
	}
	readYAML(t, githubWorkflow, &wf)
	var crons []string
	for _, s := range wf.On.Schedule {
		crons = append(crons, s.Cron)
	}
	for _, c := range []string{"5 22 * * *", "5 23 * * *"} {
		if !slices.Contains(crons, c) {
			t.Errorf("no daily schedule %q (00:05 in Bamberg in summer and winter time); have %q", c, crons)
		}
	}
	if !slices.ContainsFunc(crons, func(c string) bool {
		return strings.HasSuffix(c, " * * * *") && !strings.Contains(strings.Fields(c)[0], "*")
	}) {
		t.Errorf("no hourly schedule; have %q", crons)
	}
	if !slices.Contains(wf.On.Push.Branches, "main") {
		t.Errorf("not published on push to main: %v", wf.On.Push.Branches)
	}
	all := func(job string) (runs, uses string, env map[string]string) {
		env = map[string]string{}
		j, ok := wf.Jobs[job]
		if !ok {
			t.Fatalf("no job %q", job)
		}
		for _, s := range j.Steps {
			runs += s.Run + "\n"
			uses += s.Uses + "\n"
			for k, v := range s.Env {
				env[k] = v
			}
		}
		return runs, uses, env
	}
	decide, _, _ := all("decide")
	for _, c := range []string{"5 22 * * *", "5 23 * * *"} {
		if !strings.Contains(decide, `"schedule/`+c+`")`) {
			t.Errorf("the decide step does not know the schedule %q", c)
		}
	}
	if !strings.Contains(decide, "deploy/due.sh") {
		t.Error("the decide step does not call deploy/due.sh")
	}
	runs, uses, env := all("build")
	for _, want := range []string{"go test ./...", "go run ./cmd/sitegen build", "--next-change next-change.txt", "--out public", "deploy/git-mtime.sh"} {
		if !strings.Contains(runs, want) {
			t.Errorf("the build job does not run %q", want)
		}
	}
	if strings.Index(runs, "go test ./...") > strings.Index(runs, "go run ./cmd/sitegen build") {
		t.Error("the build job builds before it tests")
	}
	if c := strings.Index(runs, "go run ./cmd/sitegen check --publish"); c < 0 || c > strings.Index(runs, "go run ./cmd/sitegen build") {
		t.Error("the build job does not run sitegen check --publish before it builds: a page with a placeholder would be published")
	}
	if !strings.Contains(env["GOFLAGS"], "-buildvcs=false") {
		t.Errorf("the build runs with GOFLAGS %q: without -buildvcs=false every commit makes another binary and the build cache is never used", env["GOFLAGS"])
	}
	if !strings.Contains(env["SITEGEN_BASE_URL"], "steps.pages.outputs.base_url") {
		t.Errorf("SITEGEN_BASE_URL is %q, want the Pages base URL", env["SITEGEN_BASE_URL"])
	}
	for _, a := range []string{"actions/checkout@", "actions/setup-go@", "actions/configure-pages@", "actions/upload-pages-artifact@", "actions/cache/save@"} {
		if !strings.Contains(uses, a) {
			t.Errorf("the build job does not use %s", a)
		}
	}
	// The search index: Pagefind installed from tools/package-lock.json
	// after the tests (with the npm tools there, go test would run the
	// browser checks too) and before the build, which must not publish
	// the site without its index.
	testAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.Contains(s.Run, "go test ./...") })
	npmAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.Contains(s.Run, npmCI) })
	nodeAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.HasPrefix(s.Uses, "actions/setup-node@") })
	buildAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.Contains(s.Run, "sitegen build") })
	switch {
	case npmAt < 0:
		t.Errorf("the build job does not install the npm tools (%s): the site would be published without its search index", npmCI)
	case npmAt < testAt || npmAt > buildAt:
		t.Errorf("the build job installs the npm tools at step %d, want after the tests (%d) and before the build (%d)", npmAt, testAt, buildAt)
	case nodeAt < 0 || nodeAt > npmAt:
		t.Error("the build job does not set up Node (actions/setup-node) before npm ci")
	case !pinned.MatchString(wf.Jobs["build"].Steps[nodeAt].Uses):
		t.Errorf("%s: pin it by major version or by commit SHA", wf.Jobs["build"].Steps[nodeAt].Uses)
	}
	if buildAt >= 0 {
		checkPagefindEnv(t, "the GitHub build step", wf.Jobs["build"].Steps[buildAt].Env["SITEGEN_PAGEFIND"], wf.Jobs["build"].Steps[buildAt].Run)
	}
	if _, uses, _ := all("deploy"); !strings.Contains(uses, "actions/deploy-pages@") {
		t.Error("the deploy job does not use actions/deploy-pages")
	}
	if wf.Jobs["build"].If == "" || !strings.Contains(wf.Jobs["build"].If, "needs.decide.outputs.due") {
		t.Errorf("the build job runs whether or not it is due: if %q", wf.Jobs["build"].If)
	}

	// The build cache: restored from the newest cache before the build and
	// saved under a new key after it (actions/cache does both).
	steps := wf.Jobs["build"].Steps
	build := slices.IndexFunc(steps, func(s githubStep) bool { return strings.Contains(s.Run, "sitegen build") })
	cache := -1
	for i, s := range steps {
		if p, _ := s.With["path"].(string); strings.HasPrefix(s.Uses, "actions/cache@") && strings.TrimSpace(p) == ".sitegen-cache" {
			cache = i
		}
	}
	switch {
	case cache < 0:
		t.Error("the build job has no step uses: actions/cache@… with path: .sitegen-cache")
	case build >= 0 && cache > build:
		t.Error("the build job restores .sitegen-cache after it builds")
	default:
		s := steps[cache]
		if !pinned.MatchString(s.Uses) {
			t.Errorf("%s: pin it by major version (@v4) or by commit SHA, as the other actions are", s.Uses)
		}
		key, _ := s.With["key"].(string)
		if !strings.Contains(key, "github.run_id") && !strings.Contains(key, "github.sha") {
			t.Errorf("the build cache's key %q is the same for every run: the new cache would never be saved", key)
		}
		restore, _ := s.With["restore-keys"].(string)
		var prefixes []string
		for _, l := range strings.Split(restore, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				prefixes = append(prefixes, l)
			}
		}
		if len(prefixes) < 2 || !strings.HasPrefix(key, prefixes[0]) || !strings.Contains(prefixes[0], "github.ref_name") ||
			!strings.Contains(prefixes[len(prefixes)-1], "-main-") {
			t.Errorf("the build cache's restore-keys %q: want a prefix of the key %q for the newest cache of the branch, then one for main's", prefixes, key)
		}
	}
}

// npmCI installs the npm tools pinned in tools/package-lock.json:
// Pagefind for the search index (and the browser checks' tools).
const npmCI = "npm ci --prefix tools"

// checkPagefindEnv checks that a publishing build names Pagefind with
// $SITEGEN_PAGEFIND (so that a missing one fails the build instead of
// publishing a site without search) and checks the index after it.
func checkPagefindEnv(t *testing.T, where, env, script string) {
	t.Helper()
	if env == "" || strings.EqualFold(env, "off") || !strings.HasPrefix(env, "tools/node_modules/") {
		t.Errorf("%s: SITEGEN_PAGEFIND is %q, want the Pagefind of tools/node_modules (npm ci --prefix tools)", where, env)
	}
	build := strings.Index(script, "sitegen build")
	check := strings.Index(script, "public/pagefind/pagefind.js")
	if check < 0 || check < build {
		t.Errorf("%s does not check after the build that public/pagefind/pagefind.js was made", where)
	}
}

type githubStep struct {
	Uses string
	Run  string
	Env  map[string]string
	With map[string]any
}

// pinned matches an action pinned by major version or by commit SHA.
var pinned = regexp.MustCompile(`@(v[0-9]+|[0-9a-f]{40})$`)

// TestGitLabCI checks the shape of .gitlab-ci.yml: its stages, a test
// job, and the pages job that builds into public/ and publishes it.
func TestGitLabCI(t *testing.T) {
	var doc map[string]any
	readYAML(t, gitlabCI, &doc)
	stages, _ := doc["stages"].([]any)
	if !slices.Equal(strs(stages), []string{"test", "deploy"}) {
		t.Errorf("stages %v, want [test deploy]", stages)
	}
	type job struct {
		Stage        string
		Script       []string
		Rules        []map[string]any
		Cache        []gitlabCache
		Artifacts    struct{ Paths []string }
		AllowFailure struct {
			ExitCodes []int `yaml:"exit_codes"`
		} `yaml:"allow_failure"`
		Variables map[string]string
	}
	jobs := map[string]job{}
	for name, v := range doc {
		if slices.Contains([]string{"stages", "default", "variables", "workflow", "include"}, name) || strings.HasPrefix(name, ".") {
			continue
		}
		var b bytes.Buffer
		yaml.NewEncoder(&b).Encode(v)
		var j job
		if err := yaml.Unmarshal(b.Bytes(), &j); err != nil {
			t.Fatalf("job %s: %v", name, err)
		}
		if !slices.Contains(strs(stages), j.Stage) {
			t.Errorf("job %s: stage %q is not one of %v", name, j.Stage, stages)
		}
		if len(j.Script) == 0 {
			t.Errorf("job %s has no script", name)
		}
		// GitLab runs the lines in one shell: they must parse as one script.
		if out, err := exec.Command("sh", "-n", "-c", strings.Join(j.Script, "\n")).CombinedOutput(); err != nil {
			t.Errorf("job %s: the script does not parse: %v\n%s", name, err, out)
		}
		jobs[name] = j
	}
	test, ok := jobs["test"]
	if !ok || test.Stage != "test" || !slices.Contains(test.Script, "go test ./...") {
		t.Errorf("no test job running go test ./... in stage test: %+v", test)
	}
	pages, ok := jobs["pages"]
	if !ok {
		t.Fatal("no pages job")
	}
	if pages.Stage != "deploy" {
		t.Errorf("pages job in stage %q", pages.Stage)
	}
	if !slices.Equal(pages.Artifacts.Paths, []string{"public"}) {
		t.Errorf("pages job artifacts: paths %v, want [public]", pages.Artifacts.Paths)
	}
	script := strings.Join(pages.Script, "\n")
	for _, want := range []string{"go run ./cmd/sitegen build", "--out public", "--next-change next-change.txt", "deploy/due.sh", "deploy/git-mtime.sh", "exit 75"} {
		if !strings.Contains(script, want) {
			t.Errorf("pages script lacks %q:\n%s", want, script)
		}
	}
	if strings.Index(script, "deploy/due.sh") > strings.Index(script, "go run ./cmd/sitegen build") {
		t.Error("the pages job builds before it decides whether to")
	}
	if c := strings.Index(script, "go run ./cmd/sitegen check --publish"); c < 0 || c > strings.Index(script, "go run ./cmd/sitegen build") {
		t.Error("the pages job does not run sitegen check --publish before it builds: a page with a placeholder would be published")
	}
	// The search index: npm and Pagefind installed after the decision
	// (an hourly run with nothing to do stays quick) and before the build.
	due, npm, build := strings.Index(script, "deploy/due.sh"), strings.Index(script, npmCI), strings.Index(script, "go run ./cmd/sitegen build")
	installNpm := regexp.MustCompile(`apt-get install[^\n]*\snpm\b`).FindStringIndex(script)
	switch {
	case npm < 0:
		t.Errorf("the pages job does not install the npm tools (%s): the site would be published without its search index", npmCI)
	case npm < due || npm > build:
		t.Error("the pages job installs the npm tools before it decides whether to build, or after the build")
	case installNpm == nil || installNpm[0] > npm:
		t.Errorf("the pages job runs npm ci without installing npm first (its image %v has none)", doc["default"])
	}
	checkPagefindEnv(t, "the pages job", pages.Variables["SITEGEN_PAGEFIND"], script)
	if !slices.Contains(pages.AllowFailure.ExitCodes, 75) {
		t.Errorf("exit 75 (nothing to do) is not an allowed failure: %v", pages.AllowFailure.ExitCodes)
	}
	if !strings.Contains(pages.Variables["SITEGEN_BASE_URL"], "CI_PAGES_URL") {
		t.Errorf("SITEGEN_BASE_URL is %q, want the Pages URL", pages.Variables["SITEGEN_BASE_URL"])
	}
	var sources []string
	for _, r := range pages.Rules {
		if s, ok := r["if"].(string); ok {
			sources = append(sources, s)
		}
	}
	for _, src := range []string{`"push"`, `"schedule"`} {
		if !slices.ContainsFunc(sources, func(s string) bool { return strings.Contains(s, "$CI_PIPELINE_SOURCE == "+src) }) {
			t.Errorf("the pages job has no rule for %s pipelines: %q", src, sources)
		}
	}
	if vars, _ := doc["variables"].(map[string]any); !strings.Contains(fmt.Sprint(vars["GOFLAGS"]), "-buildvcs=false") {
		t.Errorf("GOFLAGS is %v: without -buildvcs=false every commit makes another binary and the build cache is never used", vars["GOFLAGS"])
	}
	if !slices.ContainsFunc(pages.Cache, func(c gitlabCache) bool { return slices.Contains(c.Paths, "next-change.txt") }) {
		t.Error("next-change.txt is not kept in the cache between pipelines")
	}
	// Every job that builds keeps the build cache: per branch, falling
	// back to the default branch's, restored and saved.
	for name, j := range jobs {
		if !strings.Contains(strings.Join(j.Script, "\n"), "sitegen build") {
			continue
		}
		i := slices.IndexFunc(j.Cache, func(c gitlabCache) bool { return slices.Contains(c.Paths, ".sitegen-cache/") })
		if i < 0 {
			t.Errorf("job %s builds but does not list .sitegen-cache/ in its cache paths", name)
			continue
		}
		c := j.Cache[i]
		if !strings.Contains(c.Key, "$CI_COMMIT_REF_SLUG") {
			t.Errorf("job %s: the build cache's key %q is not per branch ($CI_COMMIT_REF_SLUG)", name, c.Key)
		}
		if !slices.ContainsFunc(c.FallbackKeys, func(k string) bool { return strings.Contains(k, "$CI_DEFAULT_BRANCH") }) {
			t.Errorf("job %s: the build cache does not fall back to the default branch's: fallback_keys %q", name, c.FallbackKeys)
		}
		if c.Policy != "" && c.Policy != "pull-push" {
			t.Errorf("job %s: the build cache's policy is %q, want pull-push", name, c.Policy)
		}
		if c.When != "" && c.When != "on_success" && c.When != "always" {
			t.Errorf("job %s: the build cache is saved when %q", name, c.When)
		}
	}
	if v, _ := doc["variables"].(map[string]any); v["GIT_DEPTH"] != "0" {
		t.Errorf("GIT_DEPTH is %v, want \"0\" (lastmod needs the whole history)", v["GIT_DEPTH"])
	}
}

type gitlabCache struct {
	Key          string
	FallbackKeys []string `yaml:"fallback_keys"`
	Paths        []string
	Policy       string
	When         string
}

// TestCacheIgnored checks that git ignores the build cache, which must
// never be committed.
func TestCacheIgnored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, p := range []string{".sitegen-cache/", ".sitegen-cache/objects/ab/cdef"} {
		cmd := exec.Command("git", "check-ignore", "-q", "--no-index", p)
		cmd.Dir = ".."
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			t.Errorf("git does not ignore %s: add it to .gitignore", p)
		default:
			t.Skipf("git check-ignore: %v (not in a git work tree?)", err)
		}
	}
}

func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func strs(v []any) []string {
	var out []string
	for _, x := range v {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func gnuDate(t *testing.T) {
	t.Helper()
	if out, err := exec.Command("date", "-d", "@0", "+%s").Output(); err != nil || strings.TrimSpace(string(out)) != "0" {
		t.Skip("the scripts need GNU date (date -d), which is missing here")
	}
}

// TestDue runs deploy/due.sh for every kind of run.
func TestDue(t *testing.T) {
	gnuDate(t)
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	summer := time.Date(2027, 7, 1, 22, 5, 0, 0, time.UTC)  // 00:05 CEST
	winter := time.Date(2027, 1, 15, 23, 5, 0, 0, time.UTC) // 00:05 CET
	march := time.Date(2027, 3, 11, 19, 35, 0, 0, time.UTC) // 20:35 CET
	for _, tc := range []struct {
		kind string
		now  time.Time
		file string
		want string
	}{
		{"daily-summer", summer, "", "true"},
		{"daily-winter", summer, "", "false"},
		{"daily-summer", winter, "", "false"},
		{"daily-winter", winter, "", "true"},
		{"daily-summer", summer.Add(90 * time.Minute), "", "true"}, // a late start is still summer time
		{"daily", winter, "", "true"},
		{"always", march, "", "true"},
		{"hourly", march, filepath.Join(dir, "missing"), "true"},
		{"hourly", march, file("empty", "\n"), "false"},
		{"hourly", march, file("passed", "2027-03-11T20:30:00+01:00\n"), "true"},
		{"hourly", march, file("exact", "2027-03-11T20:35:00+01:00\n"), "true"},
		{"hourly", march, file("later", "2027-04-08T18:00:00+02:00\n"), "false"},
		{"hourly", march, file("garbage", "nächsten Donnerstag\n"), "true"},
	} {
		args := []string{"due.sh", tc.kind}
		if tc.file != "" {
			args = append(args, tc.file)
		}
		cmd := exec.Command("sh", args...)
		cmd.Env = append(os.Environ(), "DUE_NOW="+strconv.FormatInt(tc.now.Unix(), 10))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("due.sh %s: %v", tc.kind, err)
		}
		if got := strings.TrimSpace(string(out)); got != tc.want {
			t.Errorf("due.sh %s at %v with %s: %s, want %s", tc.kind, tc.now, filepath.Base(tc.file), got, tc.want)
		}
	}
}

// TestGitMtime runs deploy/git-mtime.sh in a new repository with commits
// at known times.
func TestGitMtime(t *testing.T) {
	gnuDate(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	script, err := filepath.Abs("git-mtime.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(p, text string) {
		t.Helper()
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("", "init", "-q")
	write("content/a.md", "a")
	write("content/Über uns/straße.md", "b")
	write("README.md", "r")
	git("2026-01-10T10:00:00Z", "add", ".")
	git("2026-01-10T10:00:00Z", "commit", "-q", "-m", "one")
	write("content/a.md", "a2")
	git("2026-02-20T12:30:00Z", "commit", "-q", "-am", "two")

	readme, err := os.Stat(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", script)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git-mtime.sh: %v\n%s", err, out)
	}
	for p, want := range map[string]string{
		"content/a.md":               "2026-02-20T12:30:00Z",
		"content/Über uns/straße.md": "2026-01-10T10:00:00Z",
	} {
		info, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.ModTime().UTC().Format(time.RFC3339); got != want {
			t.Errorf("%s: time %s, want %s", p, got, want)
		}
	}
	// Only the named folders (default content/) are touched.
	if info, _ := os.Stat(filepath.Join(dir, "README.md")); !info.ModTime().Equal(readme.ModTime()) {
		t.Errorf("README.md outside content/ was touched: %v", info.ModTime())
	}
}

// TestScriptsShellcheck checks the scripts with shellcheck, if installed.
func TestScriptsShellcheck(t *testing.T) {
	sc, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed")
	}
	if out, err := exec.Command(sc, "-s", "sh", "due.sh", "git-mtime.sh", "ci-install.sh").CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}

// TestPagefindPinned checks tools/package.json and its lock file: Pagefind
// pinned to one version, with the binaries of the platforms CI runs on
// locked with their checksums, and .ci/run installing them.
func TestPagefindPinned(t *testing.T) {
	var pkg struct {
		DevDependencies map[string]string
	}
	data, err := os.ReadFile("../tools/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	want := pkg.DevDependencies["pagefind"]
	if !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(want) {
		t.Fatalf("tools/package.json: pagefind %q, want an exact version", want)
	}
	var lock struct {
		Packages map[string]struct {
			Version, Integrity   string
			OptionalDependencies map[string]string
		}
	}
	data, err = os.ReadFile("../tools/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	pf := lock.Packages["node_modules/pagefind"]
	if pf.Version != want || pf.Integrity == "" {
		t.Errorf("tools/package-lock.json: pagefind %q (integrity %q), want %s: run npm install --prefix tools", pf.Version, pf.Integrity, want)
	}
	for _, platform := range []string{"@pagefind/linux-x64", "@pagefind/linux-arm64"} {
		p := lock.Packages["node_modules/"+platform]
		if pf.OptionalDependencies[platform] != want || p.Version != want || !strings.HasPrefix(p.Integrity, "sha512-") {
			t.Errorf("tools/package-lock.json: %s %q (integrity %q), want %s with its checksum", platform, p.Version, p.Integrity, want)
		}
	}
	run, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(run), npmCI) {
		t.Errorf(".ci/run does not run %s", npmCI)
	}
}
