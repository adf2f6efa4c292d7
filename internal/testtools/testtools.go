// Package testtools decides whether the tests that need tools from outside
// Go run: the browser suite (Chromium, Java, node and the npm packages in
// tools/ and tools/cms/) and the nginx suite (deploy/ci-install.sh). They
// run only when asked, by an environment variable that .ci/run sets, so
// that `go test ./...` on any machine is the same quick run of the Go
// code whatever happens to be installed there:
//
//	SITEGEN_BROWSER_TESTS=1   package browsertest, and the tests of
//	                          internal/ that run Pagefind or decap-server
//	SITEGEN_NGINX_TESTS=1     deploy's TestNginx
//
// Unset (or "0", "false"), [Require] skips the test with one line that says
// how to run it. Set, the test runs, and a tool it needs that is missing
// fails it: a CI that asked for the suite never passes without it.
//
// Threat model: the danger is a suite that silently does not run – in CI
// because a tool was not installed, or locally because the variable was
// misspelt. Only the two names above are read; any other value than "",
// "0" and "false" asks for the suite, and the skip message names the
// variable and the README section, so `go test -v` shows what did not run.
package testtools

import (
	"os"
	"testing"
)

// The variables that ask for the suites (.ci/run exports both).
const (
	Browser = "SITEGEN_BROWSER_TESTS"
	Nginx   = "SITEGEN_NGINX_TESTS"
)

// Asked reports whether the suite of the variable env was asked for.
func Asked(env string) bool {
	v := os.Getenv(env)
	return v != "" && v != "0" && v != "false"
}

// Require skips t unless the suite of env was asked for. suite says in a
// few words what does not run ("the browser checks").
func Require(t testing.TB, env, suite string) {
	t.Helper()
	if !Asked(env) {
		t.Skipf("%s need outside tools and run with %s=1 (as .ci/run sets it; README.md, \"Tests and benchmarks\")", suite, env)
	}
}
