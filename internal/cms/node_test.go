package cms

import (
	"os/exec"
	"testing"

	"github.com/stadt-bamberg/integration/internal/testtools"
)

// Node returns the path of node, which the tests of sitegen-cms.js run
// it in; without it they skip, unless the browser checks were asked for.
// (Exported for the package's external tests.)
func Node(t testing.TB) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if testtools.Asked(testtools.Browser) {
			t.Fatal("node is missing, and SITEGEN_BROWSER_TESTS is set")
		}
		t.Skip("node is not installed")
	}
	return node
}
