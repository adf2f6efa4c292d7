package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/cache"
)

// versionJSON is what `sitegen version --json` promises to print.
type versionJSON struct {
	Version    string  `json:"version"`
	Commit     *string `json:"commit"`
	CommitTime string  `json:"commit_time"`
	Modified   bool    `json:"modified"`
	Go         string  `json:"go"`
}

func runVersion(args ...string) (int, string, string) {
	var o, e bytes.Buffer
	code := cmdVersion(args, &o, &e)
	return code, o.String(), e.String()
}

func TestVersionText(t *testing.T) {
	code, out, errs := runVersion()
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if first, _, _ := strings.Cut(out, "\n"); first != "sitegen "+versionString() {
		t.Errorf("first line %q, want %q", first, "sitegen "+versionString())
	}
	if !strings.Contains(out, "Go: "+runtime.Version()+" ") {
		t.Errorf("output names no Go version:\n%s", out)
	}
	if versionString() != cache.Release() {
		t.Errorf("versionString() = %q, the cache keys on %q", versionString(), cache.Release())
	}
}

func TestVersionJSON(t *testing.T) {
	code, out, errs := runVersion("--json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var v versionJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&struct {
		*versionJSON
		Platform string `json:"platform"`
	}{versionJSON: &v}); err != nil {
		t.Fatalf("%v in:\n%s", err, out)
	}
	if v.Version != versionString() || v.Go != runtime.Version() {
		t.Errorf("got %+v, want version %q and go %q", v, versionString(), runtime.Version())
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "commit", "go"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
}

func TestVersionUsage(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"--nope"}} {
		if code, _, errs := runVersion(args...); code != 2 || errs == "" {
			t.Errorf("sitegen version %v: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
}

// What is printed for builds with and without VCS information.
func TestVersionOutputs(t *testing.T) {
	rev := "3f2a9c1e7b2d4f60a1b2c3d4e5f60718293a4b5c"
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
		{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	var b bytes.Buffer
	v := versionInfoOf(stamped)
	writeVersion(&b, v)
	want := "sitegen (devel) 3f2a9c1e7b2d+dirty\n" +
		"Commit: " + rev + " vom 2026-11-30T10:00:00Z, mit nicht eingecheckten Änderungen\n" +
		"Go: go1.26.8 " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if b.String() != want {
		t.Errorf("stamped build prints\n%s\nwant\n%s", b.String(), want)
	}

	b.Reset()
	bare := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}
	v = versionInfoOf(bare)
	writeVersion(&b, v)
	if want := "sitegen (devel)\nGo: go1.26.8 " + runtime.GOOS + "/" + runtime.GOARCH + "\n"; b.String() != want {
		t.Errorf("build without VCS prints\n%s\nwant\n%s", b.String(), want)
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"commit":null`)) {
		t.Errorf("JSON without VCS: %s, want \"commit\":null", data)
	}
	if v := versionInfoOf(nil); v.Version != "(devel)" || v.Commit != nil || v.Go != runtime.Version() {
		t.Errorf("no build information: %+v", v)
	}
}

// The real binary, built as CI builds it (-buildvcs=false) and as `go
// build` in a checkout does (with the commit stamped).
func TestVersionBinary(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		t.Skip("no go command:", err)
	}
	dir := t.TempDir()
	version := func(buildvcs string) versionJSON {
		t.Helper()
		exe := filepath.Join(dir, "sitegen-"+buildvcs)
		build := exec.Command(gobin, "build", "-buildvcs="+buildvcs, "-o", exe, ".")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build -buildvcs=%s: %v\n%s", buildvcs, err, out)
		}
		var stderr bytes.Buffer
		cmd := exec.Command(exe, "version", "--json")
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("sitegen version --json: %v\n%s", err, stderr.String())
		}
		var v versionJSON
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		if v.Go != runtime.Version() {
			t.Errorf("go %q, want %q", v.Go, runtime.Version())
		}
		return v
	}

	if v := version("false"); v.Version != "(devel)" || v.Commit != nil {
		t.Errorf("-buildvcs=false: %+v, want version (devel) and no commit", v)
	}

	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	if err := exec.Command(git, "rev-parse", "--git-dir").Run(); err != nil {
		t.Skip("not in a Git checkout")
	}
	v := version("true")
	if v.Commit == nil || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(*v.Commit) {
		t.Fatalf("-buildvcs=true: %+v, want a commit", v)
	}
	if err := exec.Command(git, "cat-file", "-e", *v.Commit+"^{commit}").Run(); err != nil {
		t.Errorf("stamped commit %s is not in the repository: %v", *v.Commit, err)
	}
	if !strings.Contains(v.Version, (*v.Commit)[:12]) {
		t.Errorf("version %q does not name the commit %s", v.Version, *v.Commit)
	}
}
