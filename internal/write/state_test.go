package write

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestHolds: the folder holds the state of the manifest its last build
// committed — not the state of an earlier one, not after the folder was
// replaced, not while a build is open, and no folder holds the zero State.
func TestHolds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	m1 := build(t, out, nil, version("v1"), false)
	holds := func(s State) bool {
		t.Helper()
		o, err := Lock(context.Background(), out, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		return o.Holds(s)
	}
	if !holds(m1.State()) {
		t.Error("the folder does not hold what its build committed")
	}
	if holds(State{}) {
		t.Error("the zero State is held")
	}
	m2 := build(t, out, m1, version("v2"), true)
	if holds(m1.State()) || !holds(m2.State()) {
		t.Errorf("after another build: holds the old state %v, the new %v", holds(m1.State()), holds(m2.State()))
	}
	o, err := Lock(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := o.Begin(m2)
	if o.Holds(m2.State()) {
		t.Error("held while a build is open")
	}
	b.Abort()
	o.Close()
	// Replaced by a copy with the same files: another folder.
	if err := os.Rename(out, out+".alt"); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(out, os.DirFS(out+".alt")); err != nil {
		t.Fatal(err)
	}
	if holds(m2.State()) {
		t.Error("a replaced folder holds the old one's state")
	}
}
