package cache

import (
	"os"
	"runtime/debug"
	"sync"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Version returns the generator's version for cache keys: the hash of the
// running executable, so that any change to the generator's code — also
// an uncommitted one in `go run` — makes a cache of the old code foreign.
// Where the executable cannot be read it falls back to the module's build
// information.
var Version = sync.OnceValue(func() string {
	if exe, err := os.Executable(); err == nil {
		if data, err := os.ReadFile(exe); err == nil {
			return "exe:" + digest.Of(data).String()
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		return "build:" + digest.Of([]byte(bi.String())).String()
	}
	return "unknown"
})
