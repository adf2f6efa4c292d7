package cache

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Another release makes another key even where the code's hash is the
// same, and a cache written under one release is foreign to the other.
func TestVersionKeyNamesRelease(t *testing.T) {
	const code = "exe:00112233445566778899aabbccddeeff"
	a, b := versionKey("v1.0.0", code), versionKey("v1.1.0", code)
	if a == b {
		t.Fatalf("releases v1.0.0 and v1.1.0 give the same key %q", a)
	}
	if versionKey("v1.0.0", code) != a {
		t.Error("the key is not a function of release and code")
	}
	if versionKey("v1.0.0", "exe:ffeeddccbbaa99887766554433221100") == a {
		t.Error("another executable hash gives the same key")
	}

	dir := t.TempDir()
	c := open(t, dir, a)
	c.Put("page", "/a/", []byte("x"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = open(t, dir, b)
	defer c.Close()
	if _, ok := c.Get("page", "/a/"); ok {
		t.Error("a cache of release v1.0.0 is read by release v1.1.0")
	}
	if !strings.Contains(c.Warning(), "anderen Version") {
		t.Errorf("warning %q, want it to name another version", c.Warning())
	}
}

// The running generator's key names its release and its executable.
func TestVersion(t *testing.T) {
	v := Version()
	if !strings.HasPrefix(v, "sitegen "+Release()+"|") {
		t.Errorf("Version() = %q, want it to start with the release %q", v, Release())
	}
	if !strings.Contains(v, "|exe:") && !strings.Contains(v, "|build:") {
		t.Errorf("Version() = %q names no hash of the code", v)
	}
}

func TestReleaseOf(t *testing.T) {
	vcs := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/stadt-bamberg/integration", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	const rev = "3f2a9c1e7b2d4f60a1b2c3d4e5f60718293a4b5c"
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "(devel)"},
		{"empty version", vcs(""), "(devel)"},
		{"checkout, -buildvcs=false", vcs("(devel)"), "(devel)"},
		{"tag", vcs("v1.2.0"), "v1.2.0"},
		{"checkout with commit", vcs("(devel)", "vcs.revision", rev, "vcs.modified", "false"), "(devel) 3f2a9c1e7b2d"},
		{"checkout with changes", vcs("(devel)", "vcs.revision", rev, "vcs.modified", "true"), "(devel) 3f2a9c1e7b2d+dirty"},
		{"pseudo-version names the commit", vcs("v0.0.0-20261130100000-3f2a9c1e7b2d+dirty", "vcs.revision", rev, "vcs.modified", "true"),
			"v0.0.0-20261130100000-3f2a9c1e7b2d+dirty"},
		{"short revision", vcs("v1.2.0", "vcs.revision", "abc123"), "v1.2.0 abc123"},
	} {
		if got := ReleaseOf(tc.bi); got != tc.want {
			t.Errorf("%s: ReleaseOf = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The executable's hash is kept under the file's identity: a second
// call reads the kept hash (a wrong one planted there is not used), and
// a rewritten file, even of the same size, is hashed again.
func TestExeHashKept(t *testing.T) {
	if _, ok := fileID(os.DevNull); !ok {
		t.Skip("no file identity on this system: nothing is kept")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir()) // os.UserCacheDir on macOS
	exe := filepath.Join(t.TempDir(), "sitegen")
	if err := os.WriteFile(exe, []byte("version one"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := digest.Of([]byte("version one")).String()
	if h, ok := exeHash(exe); !ok || h != want {
		t.Fatalf("exeHash = %q, %v; want %s", h, ok, want)
	}
	dir, _ := os.UserCacheDir()
	kept, _ := filepath.Glob(filepath.Join(dir, "sitegen", "exe-*"))
	if len(kept) != 1 {
		t.Fatalf("kept %v, want one file", kept)
	}
	// The kept hash is what a second call returns: planted, it shows.
	planted := digest.Of([]byte("planted")).String()
	os.WriteFile(kept[0], []byte(planted), 0o600)
	if h, _ := exeHash(exe); h != planted {
		t.Errorf("second call hashed again (%s), want the kept hash", h)
	}
	os.WriteFile(kept[0], []byte("not a hash"), 0o600)
	if h, _ := exeHash(exe); h != want {
		t.Errorf("with a kept value that is no hash: %s, want %s", h, want)
	}
	// A kept hash not written for a month is removed when another is kept.
	stale := filepath.Join(dir, "sitegen", "exe-0123")
	os.WriteFile(stale, []byte(want), 0o600)
	month := time.Now().Add(-31 * 24 * time.Hour)
	os.Chtimes(stale, month, month)
	// Rewritten with other bytes of the same size: hashed anew.
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(exe, []byte("version two"), 0o755); err != nil {
		t.Fatal(err)
	}
	if h, _ := exeHash(exe); h != digest.Of([]byte("version two")).String() {
		t.Errorf("after a rewrite: %s, want the new bytes' hash", h)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a kept hash a month old was not removed")
	}
}
