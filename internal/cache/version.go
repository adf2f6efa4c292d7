package cache

import (
	"os"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Version returns the generator's version for cache keys: sitegen's
// release (Release, what `sitegen version` prints) and the hash of the
// running executable, so that any change to the generator's code — also
// an uncommitted one in `go run` — makes a cache of the old code foreign,
// and so does another release even where the executables' bytes were
// equal. Where the executable cannot be read the module's build
// information stands in for its hash.
var Version = sync.OnceValue(func() string {
	return versionKey(Release(), codeVersion())
})

// versionKey joins the release and the code's hash into the key the
// cache's index names.
func versionKey(release, code string) string {
	return "sitegen " + release + "|" + code
}

// codeVersion is the hash of the running executable, else of the build
// information.
func codeVersion() string {
	if exe, err := os.Executable(); err == nil {
		if data, err := os.ReadFile(exe); err == nil {
			return "exe:" + digest.Of(data).String()
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		return "build:" + digest.Of([]byte(bi.String())).String()
	}
	return "unknown"
}

// Release returns the version of the running sitegen as `sitegen version`
// prints it (see ReleaseOf).
var Release = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return ReleaseOf(bi)
})

// ReleaseOf returns the version a build says of itself: the main module's
// version — a tag such as v1.2.0 for `go install …@v1.2.0`, a
// pseudo-version that Go derives from the commit when it builds in a Git
// checkout, "(devel)" when it knows none (bi nil, an empty version, or a
// build with -buildvcs=false, as in CI) — and then the first 12 hex
// digits of the commit, with "+dirty" if the working copy had changes,
// where the build settings record a commit that the version does not
// already name.
func ReleaseOf(bi *debug.BuildInfo) string {
	if bi == nil {
		return "(devel)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if strings.Contains(v, rev) {
		return v
	}
	if modified {
		rev += "+dirty"
	}
	return v + " " + rev
}
