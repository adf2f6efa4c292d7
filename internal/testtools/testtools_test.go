package testtools

import (
	"fmt"
	"strings"
	"testing"
)

const testEnv = "SITEGEN_TESTTOOLS_PROBE"

func TestAsked(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "1": true, "yes": true, "true": true} {
		t.Setenv(testEnv, v)
		if got := Asked(testEnv); got != want {
			t.Errorf("%s=%q: Asked = %v, want %v", testEnv, v, got, want)
		}
	}
}

// fakeT records what Require does to a test.
type fakeT struct {
	testing.TB
	skipped string
}

func (f *fakeT) Helper()                          {}
func (f *fakeT) Skipf(format string, args ...any) { f.skipped = fmt.Sprintf(format, args...) }

func TestRequire(t *testing.T) {
	t.Setenv(testEnv, "")
	f := &fakeT{}
	Require(f, testEnv, "the probes")
	if want := "the probes need outside tools and run with " + testEnv + "=1"; !strings.HasPrefix(f.skipped, want) {
		t.Errorf("unset: skip message %q, want it to begin %q", f.skipped, want)
	}
	t.Setenv(testEnv, "1")
	f = &fakeT{}
	Require(f, testEnv, "the probes")
	if f.skipped != "" {
		t.Errorf("%s=1: skipped (%q)", testEnv, f.skipped)
	}
}
