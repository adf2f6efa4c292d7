package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/stadt-bamberg/integration/internal/cache"
)

// versionString returns sitegen's version on one line: the module's
// version ("(devel)" when built from a checkout without VCS stamping, as
// CI's -buildvcs=false does), then the commit's first 12 hex digits (and
// "+dirty") where Go stamped one the version does not already name. The
// build cache's key holds the same string (cache.Release), so what
// `sitegen version` prints is what a cache was written by.
func versionString() string { return cache.Release() }

// versionInfo is what `sitegen version --json` prints.
type versionInfo struct {
	Version string `json:"version"`
	// Commit is the full revision Go stamped into the binary; null when
	// it was built without (go run, -buildvcs=false, not in a checkout).
	Commit *string `json:"commit"`
	// CommitTime is the commit's time (RFC 3339), where stamped.
	CommitTime string `json:"commit_time,omitempty"`
	// Modified says that the working copy had uncommitted changes.
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// versionInfoOf gathers versionInfo from build information (nil: none).
func versionInfoOf(bi *debug.BuildInfo) versionInfo {
	v := versionInfo{Version: cache.ReleaseOf(bi), Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi == nil {
		return v
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev := s.Value
			v.Commit = &rev
		case "vcs.time":
			v.CommitTime = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// writeVersion prints v as text, in the command's German.
func writeVersion(w io.Writer, v versionInfo) {
	fmt.Fprintf(w, "sitegen %s\n", v.Version)
	if v.Commit != nil {
		line := "Commit: " + *v.Commit
		if v.CommitTime != "" {
			line += " vom " + v.CommitTime
		}
		if v.Modified {
			line += ", mit nicht eingecheckten Änderungen"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "Go: %s %s\n", v.Go, v.Platform)
}

// cmdVersion is `sitegen version [--json]`.
func cmdVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sitegen version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "als JSON ausgeben: {\"version\": …, \"commit\": …, \"go\": …}")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen version: unerwartetes Argument %q\nAufruf: sitegen version [--json]\n", fs.Arg(0))
		return 2
	}
	bi, _ := debug.ReadBuildInfo()
	v := versionInfoOf(bi)
	// The running binary's release, as the cache keys on it.
	v.Version = versionString()
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 1
		}
		return 0
	}
	writeVersion(stdout, v)
	return 0
}
