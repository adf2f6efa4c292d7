package cache

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

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
		if h, ok := exeHash(exe); ok {
			return "exe:" + h
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

// exeHash returns the hash of the file exe (the running executable).
// Reading and hashing sitegen's 30 MB took 80 of the 150 ms of CPU a
// build of the project's own site with nothing changed spent, so the
// hash is kept, in the user's cache folder (os.UserCacheDir()/sitegen/,
// 0700), under the file's path and identity: device, inode, size and
// modification and change times. Replacing or rewriting the file changes
// its inode or change time (which no one sets at will), so a kept hash
// is never taken for other bytes. A kept hash that is not one is not
// used. Who can write that folder can make a build take another
// version's cache for its own — only files that cache's key
// authenticated, made by this user's builds — and is the user anyway.
func exeHash(exe string) (string, bool) {
	id, idOK := fileID(exe)
	var memo string
	if dir, err := os.UserCacheDir(); err == nil && idOK {
		memo = filepath.Join(dir, "sitegen", "exe-"+digest.Of([]byte(exe+"\x00"+id)).String())
		if b, err := os.ReadFile(memo); err == nil {
			if h := string(b); validHex(h) {
				return h, true
			}
		}
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return "", false
	}
	h := digest.Of(data).String()
	if after, ok := fileID(exe); memo != "" && ok && after == id { // the bytes read are the file's
		if err := os.MkdirAll(filepath.Dir(memo), 0o700); err == nil {
			if f, err := os.CreateTemp(filepath.Dir(memo), "exe-*.tmp"); err == nil {
				_, werr := f.WriteString(h)
				if cerr := f.Close(); werr == nil && cerr == nil {
					werr = os.Rename(f.Name(), memo)
				}
				if werr != nil {
					os.Remove(f.Name())
				}
			}
			pruneKept(filepath.Dir(memo))
		}
	}
	return h, true
}

// keptFor is how long a kept hash of an executable that is not run
// again stays: `go run` and the tests make a new executable each time.
const keptFor = 30 * 24 * time.Hour

// pruneKept removes the kept hashes in dir not written for keptFor.
func pruneKept(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, "exe-*"))
	for _, p := range old {
		if info, err := os.Lstat(p); err == nil && time.Since(info.ModTime()) > keptFor {
			os.Remove(p)
		}
	}
}

// validHex reports whether s is a hash as digest.Sum.String writes it.
func validHex(s string) bool {
	if len(s) != len(digest.Sum{}.String()) {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
