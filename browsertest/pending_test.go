package browsertest

import (
	"strings"
	"sync"
	"testing"
)

// pending lists findings whose fix lies outside layouts/ and assets/ – in
// the Markdown converter or the fixed redirect page of internal/ – each
// with the change that removes it. A finding that matches an entry is
// logged instead of failing the test; after a full run TestPages logs the
// entries that matched nothing, to be deleted once their change has
// landed. The real site's content triggers none of them.
var pending = []struct {
	check string // "axe:<rule id>" or "problem" (console, network)
	page  string // URL path of the test site's page; "" = any page
	match string // part of the axe target or of the problem text
	fix   string
}{
	// Empty: the findings once listed here (task list labels, table
	// region labels and alignment, the alias page) are fixed.
}

type pendingKey struct {
	entry int
	page  string
}

var (
	pendingMu   sync.Mutex
	pendingUsed = map[int]bool{}
	pendingSeen = map[pendingKey]bool{} // logged once per page
)

// isPending reports whether a finding on the test site is a known one
// (see pending), and logs it if so.
func isPending(t *testing.T, s *site, path, check, text string) bool {
	t.Helper()
	if s != testSite {
		return false
	}
	for i, p := range pending {
		if p.check == check && (p.page == "" || p.page == path) && strings.Contains(text, p.match) {
			pendingMu.Lock()
			first := !pendingSeen[pendingKey{i, path}]
			pendingUsed[i] = true
			pendingSeen[pendingKey{i, path}] = true
			pendingMu.Unlock()
			if first {
				t.Logf("pending (fix outside layouts/ and assets/): %s %s: %s", check, path, p.fix)
			}
			return true
		}
	}
	return false
}

// unusedPending logs the entries of pending that matched nothing.
func unusedPending(t *testing.T) {
	pendingMu.Lock()
	defer pendingMu.Unlock()
	for i, p := range pending {
		if !pendingUsed[i] {
			t.Logf("pending entry no longer needed, delete it from pending_test.go: %s %s %q", p.check, p.page, p.match)
		}
	}
}
