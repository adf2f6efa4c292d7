package deploy

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
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

	var wf githubWorkflowFile
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
	for _, want := range []string{"go test ./...", "go run ./cmd/sitegen build", "--next-change next-change.txt", "--out public", "deploy/git-mtime.sh", npmCICMS} {
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
	// The npm tools (Decap CMS's and the others pinned in tools/):
	// after the tests (with the npm tools there, go test would run the
	// browser checks too) and before the build, which must not publish
	// the site without /admin/.
	testAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.Contains(s.Run, "go test ./...") })
	npmAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.Contains(s.Run, npmCI) })
	nodeAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.HasPrefix(s.Uses, "actions/setup-node@") })
	buildAt := slices.IndexFunc(wf.Jobs["build"].Steps, func(s githubStep) bool { return strings.Contains(s.Run, "sitegen build") })
	switch {
	case npmAt < 0:
		t.Errorf("the build job does not install the npm tools (%s): the site would be published without /admin/", npmCI)
	case npmAt < testAt || npmAt > buildAt:
		t.Errorf("the build job installs the npm tools at step %d, want after the tests (%d) and before the build (%d)", npmAt, testAt, buildAt)
	case nodeAt < 0 || nodeAt > npmAt:
		t.Error("the build job does not set up Node (actions/setup-node) before npm ci")
	case !pinned.MatchString(wf.Jobs["build"].Steps[nodeAt].Uses):
		t.Errorf("%s: pin it by major version or by commit SHA", wf.Jobs["build"].Steps[nodeAt].Uses)
	}
	if buildAt >= 0 {
		checkPagefindEnv(t, "the GitHub build step", wf.Jobs["build"].Steps[buildAt].Env["SITEGEN_PAGEFIND"], wf.Jobs["build"].Steps[buildAt].Run)
		checkDecapEnv(t, "the GitHub build step", wf.Jobs["build"].Steps[buildAt].Env["SITEGEN_DECAP"], wf.Jobs["build"].Steps[buildAt].Run)
	}
	checkNodeCache(t, "the build job", wf.Jobs["build"].Steps)
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
		if len(prefixes) != 1 || !strings.HasPrefix(key, prefixes[0]) || !strings.Contains(prefixes[0], "github.ref_name") || !strings.HasPrefix(key, "publish-") {
			t.Errorf("the build cache's key %q, restore-keys %q: want a publish-… key and one prefix of it for the newest cache of the branch", key, prefixes)
		}
	}

	checkGitHubPreview(t, wf)
	checkGitHubEvents(t, wf)
	checkGitHubCacheTrust(t, wf)
}

type githubWorkflowFile struct {
	On struct {
		Push        struct{ Branches []string }
		PullRequest *struct{ Branches []string } `yaml:"pull_request"`
		Schedule    []struct{ Cron string }
	} `yaml:"on"`
	Permissions map[string]string
	Jobs        map[string]githubJob
}

type githubJob struct {
	Needs       any
	If          string
	Permissions map[string]string
	Environment any
	Steps       []githubStep
}

// publishes tells whether a job publishes (or may publish) the site:
// it makes or deploys the Pages artifact, or holds the rights to.
func (j githubJob) publishes() bool {
	for _, s := range j.Steps {
		if strings.HasPrefix(s.Uses, "actions/deploy-pages@") || strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") {
			return true
		}
	}
	return j.Permissions["pages"] == "write" || j.Permissions["id-token"] == "write" || j.Environment != nil
}

func (j githubJob) needs() []string {
	switch n := j.Needs.(type) {
	case string:
		return []string{n}
	case []any:
		return strs(n)
	}
	return nil
}

// checkGitHubPreview checks the job that builds a pull request: tested,
// checked without --publish (a draft may hold a placeholder), built with
// the search index and /admin/, uploaded for reviewers, never published.
func checkGitHubPreview(t *testing.T, wf githubWorkflowFile) {
	t.Helper()
	if wf.On.PullRequest == nil || !slices.Contains(wf.On.PullRequest.Branches, "main") {
		t.Error("the workflow does not run for pull requests to main (the CMS's editorial workflow opens one for every change)")
	}
	j, ok := wf.Jobs["preview"]
	if !ok {
		t.Fatal("no job preview for pull requests")
	}
	if j.publishes() {
		t.Error("the preview job publishes: it uploads or deploys the Pages artifact, or holds the rights to")
	}
	at := func(f func(githubStep) bool) int { return slices.IndexFunc(j.Steps, f) }
	runs := func(sub string) func(githubStep) bool {
		return func(s githubStep) bool { return strings.Contains(s.Run, sub) }
	}
	test, npm, check := at(runs("go test ./...")), at(runs(npmCICMS)), at(runs("go run ./cmd/sitegen check"))
	build, upload := at(runs("go run ./cmd/sitegen build")), at(func(s githubStep) bool { return strings.HasPrefix(s.Uses, "actions/upload-artifact@") })
	switch {
	case test < 0:
		t.Error("the preview job does not run go test ./...")
	case npm < 0 || !strings.Contains(j.Steps[npm].Run, npmCI+" "):
		t.Errorf("the preview job does not install the npm tools (%s, %s)", npmCI, npmCICMS)
	case npm < test:
		t.Error("the preview job installs the npm tools before the tests (go test would run the browser checks, which belong to .ci/run)")
	case check < 0 || check > build:
		t.Error("the preview job does not run sitegen check before it builds")
	case build < 0 || !strings.Contains(j.Steps[build].Run, "--out public"):
		t.Error("the preview job does not build into public/")
	case upload < build:
		t.Error("the preview job does not keep the build (actions/upload-artifact after the build)")
	default:
		if strings.Contains(j.Steps[check].Run, "--publish") {
			t.Error("the preview job runs sitegen check --publish: a change under review may still hold a placeholder (--publish belongs to publishing)")
		}
		if !pinned.MatchString(j.Steps[upload].Uses) {
			t.Errorf("%s: pin it by major version or by commit SHA", j.Steps[upload].Uses)
		}
		if p, _ := j.Steps[upload].With["path"].(string); strings.TrimSpace(p) != "public" {
			t.Errorf("the preview job uploads %q, want public", p)
		}
		checkPagefindEnv(t, "the preview build step", j.Steps[build].Env["SITEGEN_PAGEFIND"], j.Steps[build].Run)
		checkDecapEnv(t, "the preview build step", j.Steps[build].Env["SITEGEN_DECAP"], j.Steps[build].Run)
		if j.Steps[build].Env["SITEGEN_BASE_URL"] != "" {
			t.Errorf("the preview is built for %q: not the published address", j.Steps[build].Env["SITEGEN_BASE_URL"])
		}
	}
	checkNodeCache(t, "the preview job", j.Steps)
}

// checkNodeCache checks that npm's cache, kept by setup-node or by
// actions/cache of ~/.npm, is keyed on both lock files.
func checkNodeCache(t *testing.T, where string, steps []githubStep) {
	t.Helper()
	for _, s := range steps {
		var deps string
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-node@") && s.With["cache"] != nil:
			if s.With["cache"] != "npm" {
				t.Errorf("%s: setup-node caches %v, want npm", where, s.With["cache"])
			}
			deps, _ = s.With["cache-dependency-path"].(string)
		case strings.HasPrefix(s.Uses, "actions/cache@") || strings.HasPrefix(s.Uses, "actions/cache/restore@"):
			if p, _ := s.With["path"].(string); strings.TrimSpace(p) != "~/.npm" {
				continue
			}
			deps, _ = s.With["key"].(string)
		default:
			continue
		}
		for _, lock := range []string{"tools/package-lock.json", "tools/cms/package-lock.json"} {
			if !strings.Contains(deps, lock) {
				t.Errorf("%s: npm's cache is not keyed on %s (%s: %q)", where, lock, s.Uses, deps)
			}
		}
	}
}

// checkGitHubEvents works out which jobs run for each kind of event, with
// the jobs' if: evaluated (needs.decide.outputs.due taken as 'true'): a
// pull request or a run on another branch than main publishes nothing,
// main publishes on every trigger it had before.
func checkGitHubEvents(t *testing.T, wf githubWorkflowFile) {
	t.Helper()
	for _, ev := range githubEvents {
		ran := githubJobsRun(t, wf, ev.context())
		var published []string
		for name, run := range ran {
			if run && wf.Jobs[name].publishes() {
				published = append(published, name)
			}
		}
		slices.Sort(published)
		if ev.publish && len(published) == 0 {
			t.Errorf("%s: no job publishes", ev.name)
		}
		if !ev.publish && len(published) > 0 {
			t.Errorf("%s: the jobs %q publish (only main may)", ev.name, published)
		}
		for _, j := range ev.want {
			if !ran[j] {
				t.Errorf("%s: the job %s does not run", ev.name, j)
			}
		}
		if ev.event != "pull_request" && ran["preview"] {
			t.Errorf("%s: the preview job runs (it is for pull requests)", ev.name)
		}
	}
	// The pull request's own concurrency group: a preview never waits
	// for, nor cancels, a publication.
	var c struct {
		Concurrency struct {
			Group            string
			CancelInProgress string `yaml:"cancel-in-progress"`
		}
	}
	readYAML(t, githubWorkflow, &c)
	for _, ev := range []string{"push", "pull_request"} {
		ctx := map[string]any{"github.event_name": ev, "github.event.pull_request.number": 7.0}
		group := githubValue(t, c.Concurrency.Group, ctx)
		cancel := githubValue(t, c.Concurrency.CancelInProgress, ctx)
		if (ev == "push") != (group == "pages") || (ev == "push") == truthy(cancel) {
			t.Errorf("%s: concurrency group %v, cancel-in-progress %v; want pages without cancelling for publications, another group for pull requests", ev, group, cancel)
		}
	}
}

// githubEvents are the kinds of event the workflow is worked out for.
var githubEvents = []githubEvent{
	{"push to main", "push", "refs/heads/main", true, []string{"decide", "build", "deploy"}},
	{"schedule", "schedule", "refs/heads/main", true, []string{"decide", "build", "deploy"}},
	{"by hand on main", "workflow_dispatch", "refs/heads/main", true, []string{"decide", "build", "deploy"}},
	{"by hand on a branch", "workflow_dispatch", "refs/heads/cms/termine/treffen", false, nil},
	{"push to a branch", "push", "refs/heads/cms/termine/treffen", false, nil},
	{"pull request", "pull_request", "refs/pull/7/merge", false, []string{"preview"}},
	// A pull request from a fork's branch named main.
	{"pull request from a main", "pull_request", "refs/pull/8/merge", false, []string{"preview"}},
}

type githubEvent struct {
	name, event, ref string
	publish          bool
	want             []string // jobs that must run
}

// context returns the expression contexts of the event.
func (ev githubEvent) context() map[string]any {
	ctx := map[string]any{
		"github.event_name":                ev.event,
		"github.ref":                       ev.ref,
		"github.ref_name":                  strings.TrimPrefix(strings.TrimPrefix(ev.ref, "refs/heads/"), "refs/"),
		"needs.decide.outputs.due":         "true",
		"github.event.pull_request.number": nil,
		"github.run_id":                    "4711",
		"github.run_attempt":               "1",
		"runner.os":                        "Linux",
	}
	if ev.event == "pull_request" {
		n := strings.TrimSuffix(strings.TrimPrefix(ev.ref, "refs/pull/"), "/merge")
		ctx["github.event.pull_request.number"], _ = strconv.ParseFloat(n, 64)
		ctx["github.head_ref"] = "cms/termine/treffen"
		if strings.HasSuffix(ev.name, "from a main") {
			ctx["github.head_ref"] = "main"
		}
		ctx["github.base_ref"] = "main"
	}
	return ctx
}

// checkGitHubCacheTrust checks that no job of a pull request can save a
// cache that a job on main restores: for every event, every cache key a
// job restores (its key, or a restore-keys prefix) or saves is worked
// out with the event's contexts (hashFiles(…) stands for itself: the
// same files give the same hash on both sides); a key a pull request's
// job saves must not start with one that a job on main restores.
// Steps' if: are taken to hold (more keys on both sides, never fewer).
// GitHub's scoping of a pull request's caches is not counted on.
func checkGitHubCacheTrust(t *testing.T, wf githubWorkflowFile) {
	t.Helper()
	type use struct{ job, key string }
	var restored, saved []use
	for _, ev := range githubEvents {
		ctx := ev.context()
		ran := githubJobsRun(t, wf, ctx)
		for _, name := range slices.Sorted(maps.Keys(ran)) {
			if !ran[name] {
				continue
			}
			reads, writes := githubCaches(t, wf.Jobs[name].Steps, ctx)
			switch {
			case ev.event == "pull_request":
				for _, k := range writes {
					saved = append(saved, use{ev.name + ": " + name, k})
				}
			case ev.ref == "refs/heads/main":
				for _, k := range reads {
					restored = append(restored, use{ev.name + ": " + name, k})
					if !strings.HasPrefix(k, "publish-") {
						t.Errorf("%s: the job %s restores the cache %q: on main only publish-… keys, which pull requests never save", ev.name, name, k)
					}
				}
			}
		}
	}
	if len(restored) == 0 || len(saved) == 0 {
		t.Fatalf("no cache restored on main (%d) or saved by a pull request (%d): the test has nothing to check", len(restored), len(saved))
	}
	for _, r := range restored {
		for _, w := range saved {
			if strings.HasPrefix(w.key, r.key) {
				t.Errorf("%s saves the cache %q, which %s restores (%q): a pull request would reach what is published", w.job, w.key, r.job, r.key)
			}
		}
	}
}

// githubCaches returns the cache keys (and restore-keys prefixes) the
// steps restore and the keys they save, with ctx's values substituted:
// actions/cache, its restore and save halves, and the caches of
// setup-go (on unless cache: false) and setup-node (with cache:).
func githubCaches(t *testing.T, steps []githubStep, ctx map[string]any) (reads, writes []string) {
	t.Helper()
	with := func(s githubStep, k string) string {
		v, _ := s.With[k].(string)
		return githubTemplate(t, v, ctx)
	}
	for _, s := range steps {
		action, _, _ := strings.Cut(s.Uses, "@")
		switch action {
		case "actions/cache", "actions/cache/restore", "actions/cache/save":
			key := with(s, "key")
			if strings.Contains(s.With["key"].(string), "steps.") {
				// the primary key of a restore step: saved under what it restored
				id := regexp.MustCompile(`steps\.([\w-]+)\.outputs\.cache-primary-key`).FindStringSubmatch(s.With["key"].(string))
				if id == nil {
					t.Fatalf("%s: key %q is not worked out by this test", s.Uses, s.With["key"])
				}
				i := slices.IndexFunc(steps, func(r githubStep) bool { return r.ID == id[1] })
				if i < 0 {
					t.Fatalf("%s: no step %s", s.Uses, id[1])
				}
				key = with(steps[i], "key")
			}
			if action != "actions/cache/save" {
				reads = append(reads, key)
				for _, l := range strings.Split(with(s, "restore-keys"), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						reads = append(reads, l)
					}
				}
			}
			if action != "actions/cache/restore" {
				writes = append(writes, key)
			}
		case "actions/setup-go":
			if c, ok := s.With["cache"]; ok && !truthy(c) {
				continue
			}
			deps := cmp.Or(with(s, "cache-dependency-path"), "go.sum")
			key := "setup-go-" + fmt.Sprint(ctx["runner.os"]) + "-go-hashFiles(" + deps + ")"
			reads, writes = append(reads, key), append(writes, key)
		case "actions/setup-node":
			if s.With["cache"] == nil {
				continue
			}
			key := "node-cache-" + fmt.Sprint(ctx["runner.os"]) + "-" + with(s, "cache") + "-hashFiles(" + strings.Join(strings.Fields(with(s, "cache-dependency-path")), ", ") + ")"
			reads, writes = append(reads, key), append(writes, key)
		}
	}
	return reads, writes
}

// githubTemplate substitutes every ${{ expression }} in text.
func githubTemplate(t *testing.T, text string, ctx map[string]any) string {
	t.Helper()
	return regexp.MustCompile(`\$\{\{.*?\}\}`).ReplaceAllStringFunc(text, func(e string) string {
		return fmt.Sprint(githubValue(t, e, ctx))
	})
}

// githubJobsRun tells which jobs of wf run for an event, given by ctx:
// a job runs when its if: is true and every job it needs ran (unless its
// if: calls a status function such as always()); every job that runs is
// taken to succeed.
func githubJobsRun(t *testing.T, wf githubWorkflowFile, ctx map[string]any) map[string]bool {
	t.Helper()
	ran := map[string]bool{}
	done := map[string]bool{}
	var visit func(string, int) bool
	visit = func(name string, depth int) bool {
		if depth > len(wf.Jobs) {
			t.Fatalf("the jobs' needs: form a cycle at %s", name)
		}
		if done[name] {
			return ran[name]
		}
		j, ok := wf.Jobs[name]
		if !ok {
			t.Fatalf("a job needs %s, which does not exist", name)
		}
		needsRan := true
		for _, n := range j.needs() {
			if !visit(n, depth+1) {
				needsRan = false
			}
		}
		cond := strings.TrimSpace(j.If)
		status := regexp.MustCompile(`\b(always|cancelled|failure|success)\(`).MatchString(cond)
		run := (needsRan || status) && (cond == "" || truthy(githubValue(t, "${{ "+strings.TrimSuffix(strings.TrimPrefix(cond, "${{"), "}}")+" }}", ctx)))
		done[name], ran[name] = true, run
		return run
	}
	for name := range wf.Jobs {
		visit(name, 0)
	}
	return ran
}

// githubValue evaluates a workflow value: text or one ${{ expression }},
// parsed with actionlint's parser. Contexts come from ctx ("github.ref"
// → value); status functions are true (every job before succeeded).
func githubValue(t *testing.T, value string, ctx map[string]any) any {
	t.Helper()
	v := strings.TrimSpace(value)
	if !strings.HasPrefix(v, "${{") || !strings.HasSuffix(v, "}}") {
		return v
	}
	src := strings.TrimPrefix(v, "${{")
	node, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(src))
	if err != nil {
		t.Fatalf("%s: %v", value, err)
	}
	return githubEval(t, node, ctx)
}

func githubEval(t *testing.T, n actionlint.ExprNode, ctx map[string]any) any {
	t.Helper()
	switch n := n.(type) {
	case *actionlint.StringNode:
		return n.Value
	case *actionlint.BoolNode:
		return n.Value
	case *actionlint.IntNode:
		return float64(n.Value)
	case *actionlint.NullNode:
		return nil
	case *actionlint.VariableNode, *actionlint.ObjectDerefNode:
		var path []string
		for e := actionlint.ExprNode(n); e != nil; {
			switch d := e.(type) {
			case *actionlint.ObjectDerefNode:
				path = append([]string{d.Property}, path...)
				e = d.Receiver
			case *actionlint.VariableNode:
				path = append([]string{d.Name}, path...)
				e = nil
			default:
				t.Fatalf("unsupported in an expression: %T", d)
			}
		}
		return ctx[strings.ToLower(strings.Join(path, "."))]
	case *actionlint.NotOpNode:
		return !truthy(githubEval(t, n.Operand, ctx))
	case *actionlint.LogicalOpNode:
		l := githubEval(t, n.Left, ctx)
		if (n.Kind == actionlint.LogicalOpNodeKindAnd) != truthy(l) {
			return l
		}
		return githubEval(t, n.Right, ctx)
	case *actionlint.CompareOpNode:
		l, r := githubEval(t, n.Left, ctx), githubEval(t, n.Right, ctx)
		eq := strings.EqualFold(fmt.Sprint(l), fmt.Sprint(r)) // strings compare ignoring case
		switch n.Kind {
		case actionlint.CompareOpNodeKindEq:
			return eq
		case actionlint.CompareOpNodeKindNotEq:
			return !eq
		}
		t.Fatalf("unsupported comparison %s", n.Kind)
	case *actionlint.FuncCallNode:
		var args []any
		for _, a := range n.Args {
			args = append(args, githubEval(t, a, ctx))
		}
		switch strings.ToLower(n.Callee) {
		case "success", "always":
			return true
		case "failure", "cancelled":
			return false
		case "format":
			s := fmt.Sprint(args[0])
			for i, a := range args[1:] {
				s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", fmt.Sprint(a))
			}
			return s
		case "startswith":
			return strings.HasPrefix(strings.ToLower(fmt.Sprint(args[0])), strings.ToLower(fmt.Sprint(args[1])))
		case "contains":
			return strings.Contains(strings.ToLower(fmt.Sprint(args[0])), strings.ToLower(fmt.Sprint(args[1])))
		case "hashfiles": // stands for itself: the same files, the same hash
			var files []string
			for _, a := range args {
				files = append(files, fmt.Sprint(a))
			}
			return "hashFiles(" + strings.Join(files, ", ") + ")"
		}
		t.Fatalf("unsupported function %s()", n.Callee)
	}
	t.Fatalf("unsupported in an expression: %T", n)
	return nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0
	}
	return true
}

// npmCI installs the npm tools pinned in tools/package-lock.json:
// the browser checks' tools and Pagefind, which records the search oracle.
const npmCI = "npm ci --prefix tools"

// npmCICMS installs the editors' CMS, pinned in tools/cms/package-lock.json.
const npmCICMS = "npm ci --prefix tools/cms"

// checkDecapEnv checks that a build names Decap with $SITEGEN_DECAP (so
// that a missing one fails the build instead of publishing a site
// without /admin/) and checks /admin/'s files after it
// (deploy/admin-check.sh).
func checkDecapEnv(t *testing.T, where, env, script string) {
	t.Helper()
	if env != "tools/cms/node_modules/decap-cms/dist" {
		t.Errorf("%s: SITEGEN_DECAP is %q, want tools/cms/node_modules/decap-cms/dist (%s)", where, env, npmCICMS)
	}
	build := strings.Index(script, "sitegen build")
	if check := strings.Index(script, "sh deploy/admin-check.sh public"); check < 0 || check < build {
		t.Errorf("%s does not check admin/ after the build (sh deploy/admin-check.sh public)", where)
	}
}

// checkPagefindEnv checks that a publishing build does not turn the
// search index off ($SITEGEN_PAGEFIND=off; sitegen makes the index
// itself, nothing needs to be installed for it) and checks the index
// after the build.
func checkPagefindEnv(t *testing.T, where, env, script string) {
	t.Helper()
	if strings.EqualFold(strings.TrimSpace(env), "off") {
		t.Errorf("%s: SITEGEN_PAGEFIND is %q: the site would be published without its search index", where, env)
	}
	build := strings.Index(script, "sitegen build")
	check := strings.Index(script, "public/suchindex/de/index.json")
	if check < 0 || check < build {
		t.Errorf("%s does not check after the build that public/suchindex/de/index.json was made", where)
	}
}

type githubStep struct {
	ID   string
	Uses string
	Run  string
	Env  map[string]string
	With map[string]any
}

// pinned matches an action pinned by commit SHA (a tag can be moved).
var pinned = regexp.MustCompile(`@[0-9a-f]{40}$`)

// TestGitLabCI checks the shape of .gitlab-ci.yml: its stages, a test
// job, the review job that builds a merge request for reviewers, and the
// pages job that builds into public/ and publishes it; then works out
// which jobs run in each kind of pipeline.
func TestGitLabCI(t *testing.T) {
	var doc map[string]any
	readYAML(t, gitlabCI, &doc)
	stages, _ := doc["stages"].([]any)
	if !slices.Equal(strs(stages), []string{"test", "review", "deploy"}) {
		t.Errorf("stages %v, want [test review deploy]", stages)
	}
	jobs := map[string]gitlabJob{}
	for name, j := range gitlabJobs(t, doc) {
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
	for _, want := range []string{"go run ./cmd/sitegen build", "--out public", "--next-change next-change.txt", "deploy/due.sh", "deploy/git-mtime.sh", "exit 75", npmCICMS} {
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
	// The npm tools installed after the decision
	// (an hourly run with nothing to do stays quick) and before the build.
	due, npm, build := strings.Index(script, "deploy/due.sh"), strings.Index(script, npmCI), strings.Index(script, "go run ./cmd/sitegen build")
	installNpm := regexp.MustCompile(`apt-get install[^\n]*\snpm\b`).FindStringIndex(script)
	switch {
	case npm < 0:
		t.Errorf("the pages job does not install the npm tools (%s): the site would be published without /admin/", npmCI)
	case npm < due || npm > build:
		t.Error("the pages job installs the npm tools before it decides whether to build, or after the build")
	case installNpm == nil || installNpm[0] > npm:
		t.Errorf("the pages job runs npm ci without installing npm first (its image %v has none)", doc["default"])
	}
	checkPagefindEnv(t, "the pages job", pages.Variables["SITEGEN_PAGEFIND"], script)
	checkDecapEnv(t, "the pages job", pages.Variables["SITEGEN_DECAP"], script)
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
	// Every job that builds keeps the build cache, of its own branch,
	// restored and saved (whose it may read: checkGitLabCacheTrust).
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
		if !strings.Contains(c.Key.Name, "$CI_COMMIT_REF_SLUG") && !strings.Contains(c.Key.Name, "$CI_DEFAULT_BRANCH") {
			t.Errorf("job %s: the build cache's key %q is not per branch", name, c.Key.Name)
		}
		if c.Policy != "" && c.Policy != "pull-push" {
			t.Errorf("job %s: the build cache's policy is %q, want pull-push", name, c.Policy)
		}
		if c.When != "" && c.When != "on_success" && c.When != "always" {
			t.Errorf("job %s: the build cache is saved when %q", name, c.When)
		}
	}
	// npm's download cache: keyed on both lock files.
	for name, j := range jobs {
		if !strings.Contains(strings.Join(j.Script, "\n"), npmCI) {
			continue
		}
		i := slices.IndexFunc(j.Cache, func(c gitlabCache) bool { return slices.Contains(c.Paths, ".npm/") })
		if i < 0 || !slices.Contains(j.Cache[i].Key.Files, "tools/package-lock.json") || !slices.Contains(j.Cache[i].Key.Files, "tools/cms/package-lock.json") {
			t.Errorf("job %s runs npm ci without a cache of .npm/ keyed on tools/package-lock.json and tools/cms/package-lock.json", name)
		}
	}
	if v, _ := doc["variables"].(map[string]any); v["GIT_DEPTH"] != "0" {
		t.Errorf("GIT_DEPTH is %v, want \"0\" (lastmod needs the whole history)", v["GIT_DEPTH"])
	}

	checkGitLabReview(t, jobs["review"], doc["default"])
	checkGitLabPipelines(t, doc, jobs)
	var wf struct {
		Workflow struct{ Rules []map[string]any }
	}
	readYAML(t, gitlabCI, &wf)
	checkGitLabCacheTrust(t, wf.Workflow.Rules, jobs)
}

type gitlabJob struct {
	Stage     string
	Script    []string
	Rules     []map[string]any
	Cache     []gitlabCache
	Artifacts struct {
		Paths    []string
		ExposeAs string `yaml:"expose_as"`
	}
	AllowFailure struct {
		ExitCodes []int `yaml:"exit_codes"`
	} `yaml:"allow_failure"`
	Variables   map[string]string
	Environment any
	Pages       any // the pages: keyword: this job publishes, whatever its name
}

type gitlabCache struct {
	Key          gitlabCacheKey
	FallbackKeys []string `yaml:"fallback_keys"`
	Paths        []string
	Policy       string
	When         string
}

// gitlabCacheKey is a cache's key: a name, or the files whose last
// change names it (key: files: […], prefix: …).
type gitlabCacheKey struct {
	Name   string
	Files  []string
	Prefix string
}

func (k *gitlabCacheKey) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&k.Name)
	}
	var m struct {
		Files  []string
		Prefix string
	}
	err := n.Decode(&m)
	k.Files, k.Prefix = m.Files, m.Prefix
	return err
}

// checkGitLabReview checks the job that builds a merge request: checked
// without --publish (a draft may hold a placeholder), built with the
// search index and /admin/, kept as an artifact linked from the merge
// request, never published.
func checkGitLabReview(t *testing.T, review gitlabJob, image any) {
	t.Helper()
	if review.Script == nil {
		t.Fatal("no review job for merge requests")
	}
	if review.Stage == "deploy" || review.Pages != nil {
		t.Errorf("the review job is in stage %q with pages: %v; it must not publish", review.Stage, review.Pages)
	}
	script := strings.Join(review.Script, "\n")
	installNpm := regexp.MustCompile(`apt-get install[^\n]*\snpm\b`).FindStringIndex(script)
	npm, npmCMS := strings.Index(script, npmCI+" "), strings.Index(script, npmCICMS)
	check, build := strings.Index(script, "go run ./cmd/sitegen check"), strings.Index(script, "go run ./cmd/sitegen build")
	switch {
	case npm < 0 || npmCMS < 0:
		t.Errorf("the review job does not install the npm tools (%s, %s)", npmCI, npmCICMS)
	case installNpm == nil || installNpm[0] > npm:
		t.Errorf("the review job runs npm ci without installing npm first (its image %v has none)", image)
	case check < 0 || check > build:
		t.Error("the review job does not run sitegen check before it builds")
	case npm > build || npmCMS > build:
		t.Error("the review job installs the npm tools after the build")
	case !strings.Contains(script, "--out public"):
		t.Error("the review job does not build into public/")
	}
	if strings.Contains(script, "check --publish") {
		t.Error("the review job runs sitegen check --publish: a change under review may still hold a placeholder (--publish belongs to publishing)")
	}
	checkPagefindEnv(t, "the review job", review.Variables["SITEGEN_PAGEFIND"], script)
	checkDecapEnv(t, "the review job", review.Variables["SITEGEN_DECAP"], script)
	if review.Variables["SITEGEN_BASE_URL"] != "" {
		t.Errorf("the review job builds for %q: not the published address", review.Variables["SITEGEN_BASE_URL"])
	}
	// expose_as links the folder in the merge request only when its path
	// ends in a slash.
	if review.Artifacts.ExposeAs != "Vorschau" || !slices.Equal(review.Artifacts.Paths, []string{"public/"}) {
		t.Errorf("the review job's artifacts: expose_as %q, paths %q; want Vorschau and [public/]", review.Artifacts.ExposeAs, review.Artifacts.Paths)
	}
	env, _ := review.Environment.(map[string]any)
	if name, _ := env["name"].(string); name != "review/$CI_COMMIT_REF_SLUG" {
		t.Errorf("the review job's environment is %v, want review/$CI_COMMIT_REF_SLUG", review.Environment)
	}
}

// checkGitLabPipelines works out which jobs run in each kind of pipeline
// from the workflow's and the jobs' rules: merge requests are tested and
// built for review, never published; the default branch publishes on
// push, schedule and by hand, as before; other branches make no pipeline
// of their own (their merge request does).
func checkGitLabPipelines(t *testing.T, doc map[string]any, jobs map[string]gitlabJob) {
	t.Helper()
	var wf struct {
		Workflow struct{ Rules []map[string]any }
	}
	readYAML(t, gitlabCI, &wf)
	for _, p := range gitlabPipelines() {
		ran := gitlabJobsRun(t, wf.Workflow.Rules, jobs, p.vars)
		if !slices.Equal(ran, p.want) || (ran == nil) != (p.want == nil) {
			t.Errorf("%s: the jobs %q run, want %q", p.name, ran, p.want)
		}
		for _, name := range ran {
			if publishes := name == "pages" || jobs[name].Pages != nil; publishes && p.vars["CI_COMMIT_BRANCH"] != p.vars["CI_DEFAULT_BRANCH"] {
				t.Errorf("%s: the job %s publishes (only the default branch may)", p.name, name)
			}
		}
	}
}

type gitlabPipeline struct {
	name string
	vars map[string]string
	want []string // exactly the jobs that run; nil: no pipeline
}

// gitlabPipelines are the kinds of pipeline .gitlab-ci.yml is worked out
// for, with their predefined variables.
func gitlabPipelines() []gitlabPipeline {
	mr := func(branch string) map[string]string {
		return map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_REF_NAME": branch, "CI_COMMIT_REF_SLUG": gitlabSlug(branch),
			"CI_MERGE_REQUEST_IID": "3", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": branch, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
	}
	on := func(source, branch string, extra ...string) map[string]string {
		v := map[string]string{"CI_PIPELINE_SOURCE": source, "CI_COMMIT_BRANCH": branch, "CI_COMMIT_REF_NAME": branch, "CI_COMMIT_REF_SLUG": gitlabSlug(branch)}
		for i := 0; i+1 < len(extra); i += 2 {
			v[extra[i]] = extra[i+1]
		}
		return v
	}
	ps := []gitlabPipeline{
		{"merge request", mr("cms/termine/treffen"), []string{"review", "test:review"}},
		// A merge request from a fork's branch named like the default branch.
		{"merge request from a main", mr("main"), []string{"review", "test:review"}},
		{"push to the default branch", on("push", "main"), []string{"pages", "test"}},
		{"daily schedule", on("schedule", "main"), []string{"pages", "test"}},
		{"hourly schedule", on("schedule", "main", "SCHEDULE_KIND", "hourly"), []string{"pages"}},
		{"by hand on the default branch", on("web", "main"), []string{"pages", "test"}},
		{"push to a CMS branch", on("push", "cms/termine/treffen"), nil},
		{"by hand on a CMS branch", on("web", "cms/termine/treffen"), nil},
	}
	for _, p := range ps {
		p.vars["CI_DEFAULT_BRANCH"] = "main"
	}
	return ps
}

// gitlabSlug is GitLab's CI_COMMIT_REF_SLUG of a branch name.
func gitlabSlug(ref string) string {
	s := regexp.MustCompile(`[^a-z0-9]`).ReplaceAllString(strings.ToLower(ref), "-")
	return strings.Trim(s[:min(len(s), 63)], "-")
}

// gitlabJobsRun returns the names of the jobs that run in a pipeline
// with vars, sorted; nil if the workflow makes no pipeline.
func gitlabJobsRun(t *testing.T, workflow []map[string]any, jobs map[string]gitlabJob, vars map[string]string) []string {
	t.Helper()
	if !gitlabRules(t, workflow, vars) {
		return nil
	}
	ran := []string{}
	for name, j := range jobs {
		if gitlabRules(t, j.Rules, vars) {
			ran = append(ran, name)
		}
	}
	slices.Sort(ran)
	return ran
}

// checkGitLabCacheTrust checks that no job of a merge request can write a
// cache that a job of the default branch reads: for every kind of
// pipeline, every job that runs has its cache keys worked out with the
// pipeline's variables (a key: files: key is its prefix and the files:
// the same lock files give the same hash in both). A merge request's
// jobs write their keys unless policy: pull; the default branch's jobs
// read their keys and fallback_keys unless policy: push. Every key read
// on the default branch must be named with $CI_DEFAULT_BRANCH, never
// with the branch's own slug, and SITEGEN_CACHE_SECRET, the build
// cache's key, is named by the pages job alone. GitLab's separate caches
// for protected branches, a project setting, are not counted on.
func checkGitLabCacheTrust(t *testing.T, workflow []map[string]any, jobs map[string]gitlabJob) {
	t.Helper()
	type use struct{ job, key string }
	var read, written []use
	for _, p := range gitlabPipelines() {
		for _, name := range gitlabJobsRun(t, workflow, jobs, p.vars) {
			j := jobs[name]
			for _, c := range j.Cache {
				key := os.Expand(c.Key.Name, func(v string) string { return p.vars[v] })
				if c.Key.Files != nil {
					key = os.Expand(c.Key.Prefix, func(v string) string { return p.vars[v] }) + "-files(" + strings.Join(c.Key.Files, ", ") + ")"
				}
				raw := c.Key.Name + c.Key.Prefix
				switch {
				case p.vars["CI_PIPELINE_SOURCE"] == "merge_request_event":
					if c.Policy != "pull" {
						written = append(written, use{p.name + ": " + name, key})
					}
				case p.vars["CI_COMMIT_BRANCH"] == p.vars["CI_DEFAULT_BRANCH"] && c.Policy != "push":
					read = append(read, use{p.name + ": " + name, key})
					for _, f := range c.FallbackKeys {
						read = append(read, use{p.name + ": " + name, os.Expand(f, func(v string) string { return p.vars[v] })})
						raw += " " + f
					}
					if !strings.Contains(raw, "$CI_DEFAULT_BRANCH") || strings.Contains(raw, "$CI_COMMIT_REF") {
						t.Errorf("%s: the job %s reads the cache %q: on the default branch only keys named with $CI_DEFAULT_BRANCH, never with the branch's own name", p.name, name, raw)
					}
				}
			}
			secret := strings.Contains(strings.Join(j.Script, "\n"), "$SITEGEN_CACHE_SECRET")
			if _, set := j.Variables["SITEGEN_CACHE_SECRET"]; set {
				t.Errorf("the job %s sets SITEGEN_CACHE_SECRET in the file: it is a protected variable of the project, kept out of merge requests", name)
			}
			if secret != (name == "pages") {
				t.Errorf("%s: the job %s names $SITEGEN_CACHE_SECRET: %v (only pages, the publishing job, may, and must)", p.name, name, secret)
			}
		}
	}
	if len(read) == 0 || len(written) == 0 {
		t.Fatalf("no cache read on the default branch (%d) or written by a merge request (%d): the test has nothing to check", len(read), len(written))
	}
	for _, r := range read {
		for _, w := range written {
			if w.key == r.key {
				t.Errorf("%s writes the cache %q, which %s reads: a merge request would reach what is published", w.job, w.key, r.job)
			}
		}
	}
}

// gitlabRules tells whether rules (a job's or the workflow's) let it run:
// the first rule whose if: holds decides (when: never: no); no rules:
// yes; rules of which none holds: no.
func gitlabRules(t *testing.T, rules []map[string]any, vars map[string]string) bool {
	t.Helper()
	if rules == nil {
		return true
	}
	for _, r := range rules {
		for k := range r {
			if k != "if" && k != "when" {
				t.Fatalf("rules: %s: is not worked out by this test", k)
			}
		}
		if cond, ok := r["if"].(string); ok && !gitlabIf(t, cond, vars) {
			continue
		}
		return r["when"] != "never"
	}
	return false
}

// gitlabIf evaluates a rules: if: of the form used in .gitlab-ci.yml:
// comparisons (==, !=) of variables and quoted strings, and bare
// variables (set and not empty), joined by && and ||, without
// parentheses.
func gitlabIf(t *testing.T, cond string, vars map[string]string) bool {
	t.Helper()
	if strings.ContainsAny(cond, "()") || strings.Contains(cond, "=~") {
		t.Fatalf("rules: if: %s: parentheses and =~ are not worked out by this test", cond)
	}
	value := func(s string) string {
		s = strings.TrimSpace(s)
		switch {
		case strings.HasPrefix(s, "$"):
			return vars[strings.Trim(s[1:], "{}")]
		case len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0]:
			return s[1 : len(s)-1]
		case s == "null":
			return ""
		}
		t.Fatalf("rules: if: %s: %q is neither a variable nor a quoted string", cond, s)
		return ""
	}
	for _, or := range strings.Split(cond, "||") {
		all := true
		for _, c := range strings.Split(or, "&&") {
			var ok bool
			if l, r, eq := strings.Cut(c, "=="); eq {
				ok = value(l) == value(r)
			} else if l, r, ne := strings.Cut(c, "!="); ne {
				ok = value(l) != value(r)
			} else {
				ok = value(c) != ""
			}
			all = all && ok
		}
		if all {
			return true
		}
	}
	return false
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

// TestAdminCheck runs deploy/admin-check.sh on sites with and without a
// CMS backend, built with and without admin/.
func TestAdminCheck(t *testing.T) {
	admin := map[string]string{"decap-cms.js": "window.CMS = {};", "config.yml": "backend:\n  name: gitlab\n", "index.html": "<!doctype html>"}
	const yamlCMS = "---\ntitle: Start\nsite:\n  title: Integration\n  cms:                 # the CMS\n    backend: \"gitlab\"  # gitlab or github\n    repo: stadt/integration\n---\nText\n"
	for _, tc := range []struct {
		name    string
		home    map[string]string // content/ files
		missing string            // the file of admin/ not built; "-": no admin/
		ok      bool
	}{
		{"no backend, no admin/", map[string]string{"_index.md": "---\ntitle: Start\nsite:\n  title: Integration\n---\nbackend: gitlab (in the text, not the front matter)\n"}, "-", true},
		{"backend commented out", map[string]string{"_index.md": "---\nsite:\n  #cms:\n  #  backend: gitlab\n---\n"}, "-", true},
		{"no home page", map[string]string{}, "-", true},
		{"backend, admin/ built", map[string]string{"_index.md": yamlCMS}, "", true},
		{"backend, no admin/", map[string]string{"_index.md": yamlCMS}, "-", false},
		{"backend, no config.yml", map[string]string{"_index.md": yamlCMS}, "config.yml", false},
		{"backend, empty decap-cms.js", map[string]string{"_index.md": yamlCMS}, "decap-cms.js", false},
		{"backend in _index.de.md", map[string]string{"_index.de.md": yamlCMS}, "-", false},
		{"backend in TOML", map[string]string{"_index.md": "+++\ntitle = \"Start\"\n[site.cms]\nbackend = \"github\"\n+++\n"}, "-", false},
	} {
		dir := t.TempDir()
		for name, text := range tc.home {
			os.MkdirAll(filepath.Join(dir, "content"), 0o755)
			if err := os.WriteFile(filepath.Join(dir, "content", name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if tc.missing != "-" {
			os.MkdirAll(filepath.Join(dir, "public", "admin"), 0o755)
			for name, text := range admin {
				if name == tc.missing {
					text = ""
				}
				if err := os.WriteFile(filepath.Join(dir, "public", "admin", name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		cmd := exec.Command("sh", "admin-check.sh", filepath.Join(dir, "public"), filepath.Join(dir, "content"))
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		switch {
		case err != nil && !errors.As(err, &exit):
			t.Fatalf("admin-check.sh: %v", err)
		case (err == nil) != tc.ok:
			t.Errorf("%s: admin-check.sh: %v, want ok=%v\n%s", tc.name, err, tc.ok, out)
		case !tc.ok && tc.missing != "-" && !strings.Contains(string(out), tc.missing):
			t.Errorf("%s: admin-check.sh does not name %s:\n%s", tc.name, tc.missing, out)
		}
	}
}

// TestScriptsShellcheck checks the scripts with shellcheck, if installed;
// with SITEGEN_NGINX_TESTS=1 (.ci/run, after ci-install.sh) it must be.
func TestScriptsShellcheck(t *testing.T) {
	sc, err := exec.LookPath("shellcheck")
	if err != nil {
		if os.Getenv("SITEGEN_NGINX_TESTS") == "1" {
			t.Fatal("shellcheck is not installed, and SITEGEN_NGINX_TESTS=1: sh deploy/ci-install.sh")
		}
		t.Skip("shellcheck is not installed")
	}
	if out, err := exec.Command(sc, "-s", "sh", "due.sh", "git-mtime.sh", "ci-install.sh", "admin-check.sh").CombinedOutput(); err != nil {
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
	if !strings.Contains(string(run), npmCI+" ") {
		t.Errorf(".ci/run does not run %s", npmCI)
	}
	// And the editors' CMS, for the build's admin/ and the browser tests.
	if i := strings.Index(string(run), npmCICMS); i < 0 || i < strings.Index(string(run), npmCI+" ") || i > strings.Index(string(run), "go test ./...") {
		t.Errorf(".ci/run does not run %s after %s and before the tests", npmCICMS, npmCI)
	}
}

// TestGitHubSupplyChain checks what the publish workflow runs and with
// which rights: every action pinned by commit SHA with its release tag in
// a comment (a tag can be moved to other code; deploy-pages runs with
// id-token: write), no checkout leaving its token in .git/config for the
// npm and go test steps after it, the rights actions/configure-pages
// needs (it reads the Pages site: pages: read), and `go mod verify` before
// the first go command of a job, since the module folders come from a
// cache and Go does not hash them again.
func TestGitHubSupplyChain(t *testing.T) {
	const file = "../.github/workflows/publish.yml"
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	uses := regexp.MustCompile(`^\s*(?:-\s*)?uses:\s*(\S+)(.*)$`)
	sha := regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	tag := regexp.MustCompile(`^\s*# v[0-9]+\.[0-9]+\.[0-9]+\s*$`)
	n := 0
	for i, line := range strings.Split(string(raw), "\n") {
		m := uses.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		if !sha.MatchString(m[1]) || !tag.MatchString(m[2]) {
			t.Errorf("%s:%d: %s – pin the action by its commit SHA with the release in a comment: owner/action@<40 hex> # vX.Y.Z", file, i+1, strings.TrimSpace(line))
		}
	}
	if n < 5 {
		t.Fatalf("%s: %d uses: lines found", file, n)
	}

	var wf githubWorkflowFile
	readYAML(t, file, &wf)
	goCmd := regexp.MustCompile(`(?m)^\s*go (vet|test|run|build) `)
	for name, j := range wf.Jobs {
		perms := j.Permissions
		if perms == nil {
			perms = wf.Permissions
		}
		verified := false
		for i, s := range j.Steps {
			at := fmt.Sprintf("job %s, step %d (%s)", name, i+1, s.Uses+s.ID)
			switch {
			case strings.HasPrefix(s.Uses, "actions/checkout@"):
				if v, ok := s.With["persist-credentials"].(bool); !ok || v {
					t.Errorf("%s: checkout without persist-credentials: false leaves the token in .git/config for every later step", at)
				}
			case strings.HasPrefix(s.Uses, "actions/configure-pages@"):
				if p := perms["pages"]; p != "read" && p != "write" {
					t.Errorf("%s: configure-pages reads the Pages site, but the job has pages: %q", at, p)
				}
			}
			if strings.Contains(s.Run, "go mod verify") {
				verified = true
			}
			if loc := goCmd.FindStringIndex(s.Run); loc != nil {
				if before := s.Run[:loc[0]]; !verified && !strings.Contains(before, "go mod verify") {
					t.Errorf("%s: runs %q before go mod verify", at, strings.TrimSpace(s.Run[loc[0]:loc[1]]))
				}
				verified = true // reported once per job
			}
		}
	}
}

// gitlabJobs returns the jobs of the .gitlab-ci.yml document doc: every
// top-level key but GitLab's own and hidden ones (".test").
func gitlabJobs(t *testing.T, doc map[string]any) map[string]gitlabJob {
	t.Helper()
	jobs := map[string]gitlabJob{}
	for name, v := range doc {
		if slices.Contains([]string{"stages", "default", "variables", "workflow", "include"}, name) || strings.HasPrefix(name, ".") {
			continue
		}
		var b bytes.Buffer
		yaml.NewEncoder(&b).Encode(v)
		var j gitlabJob
		if err := yaml.Unmarshal(b.Bytes(), &j); err != nil {
			t.Fatalf("job %s: %v", name, err)
		}
		jobs[name] = j
	}
	return jobs
}

// TestGitLabModVerify: in .gitlab-ci.yml, every job that runs a go command
// runs go mod verify before it (the module folders come from a cache).
func TestGitLabModVerify(t *testing.T) {
	var doc map[string]any
	readYAML(t, gitlabCI, &doc)
	goCmd := regexp.MustCompile(`^go (vet|test|run|build) `)
	checked := 0
	for name, j := range gitlabJobs(t, doc) {
		for _, line := range j.Script {
			if strings.HasPrefix(line, "go mod verify") {
				break
			}
			if goCmd.MatchString(line) {
				t.Errorf("job %s runs %q before go mod verify", name, line)
				break
			}
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("%d jobs checked", checked)
	}
}
