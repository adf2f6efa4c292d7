package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/diag"
)

func cmdCheck(args []string, stdout, stderr io.Writer, clock func() time.Time) int {
	fs := flag.NewFlagSet("sitegen check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	format := fs.String("format", "text", "Ausgabe: text oder json")
	strict := fs.Bool("strict", false, "auch Warnungen lassen die Prüfung scheitern")
	gitlab := fs.String("gitlab-report", "gl-code-quality-report.json", "in GitLab CI: Datei für den Code-Quality-Bericht")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "Aufruf: sitegen check [--format text|json] [--strict] [--drafts] [--now ZEIT] [--source ORDNER]")
		return 2
	}
	opts, err := c.options(clock)
	if err != nil {
		fmt.Fprintln(stderr, "sitegen:", err)
		return 2
	}
	ds := runCheck(os.DirFS(c.source), opts)

	if *format == "json" {
		if err := check.JSON(stdout, ds); err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 2
		}
	} else {
		check.Text(stdout, ds)
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		check.GitHub(stdout, ds)
	}
	if os.Getenv("GITLAB_CI") == "true" && *gitlab != "" {
		f, err := os.Create(*gitlab)
		if err == nil {
			err = check.GitLab(f, ds)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
		}
	}
	errs, warns := check.Counts(ds)
	if errs > 0 || *strict && warns > 0 {
		return 1
	}
	return 0
}

// runCheck builds in memory (writing nothing) and adds the checks of
// package check to the build's own diagnostics.
func runCheck(fsys fs.FS, opts build.Options) []diag.Diagnostic {
	res, _ := build.Run(fsys, opts)
	ds := append(slices.Clone(res.Diagnostics), check.Site(res)...)
	slices.SortFunc(ds, diag.Compare)
	return slices.Compact(ds)
}
