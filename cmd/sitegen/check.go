package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
	verbose := fs.Bool("verbose", false, "unter den Meldungen Beispiele und Einzelheiten zeigen")
	publish := fs.Bool("publish", false, "vor dem Veröffentlichen: ein nicht ausgefüllter Platzhalter [PLATZHALTER: …] ist ein Fehler")
	cmsHosts := fs.String("cms-hosts", os.Getenv("SITEGEN_CMS_HOSTS"), "mit --publish: Server, bei denen sich das Redaktionssystem anmelden darf, durch Kommas getrennt (auch $SITEGEN_CMS_HOSTS; Standard: gitlab.com)")
	cacheDir := fs.String("cache-dir", ".sitegen-cache", "Build-Cache, aus dem die Bilder gelesen werden, die ein Build schon umgewandelt hat (relativ zum Quellordner; wird nicht verändert)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "Aufruf: sitegen check [--format text|json] [--strict] [--publish] [--verbose] [--drafts] [--now ZEIT] [--source ORDNER] [--cache-dir ORDNER]")
		return 2
	}
	opts, err := c.options(clock)
	if err != nil {
		fmt.Fprintln(stderr, "sitegen:", err)
		return 2
	}
	var hosts []string
	if *publish {
		hosts = strings.FieldsFunc(*cmsHosts, func(r rune) bool { return r == ',' || r == ' ' })
		if hosts == nil {
			hosts = []string{} // checked: the default
		}
	}
	dir := *cacheDir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(c.source, dir)
	}
	if pc := build.ReadCache(dir); pc != nil {
		defer pc.Close()
		opts.PictureCache = pc
	}
	ds, cov, read, deco := runCheck(os.DirFS(c.source), opts, gitTimes(c.source), hosts)

	if *format == "json" {
		if err := check.JSON(stdout, ds, cov, read); err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 2
		}
	} else {
		if *verbose {
			check.VerboseText(stdout, ds)
		} else {
			check.Text(stdout, ds)
		}
		check.CoverageText(stdout, cov)
		check.ReadabilityText(stdout, read)
		check.DecorationText(stdout, deco)
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

// runCheck builds in memory (writing nothing; the pictures only checked,
// see build.PicturesChecked) and adds the checks of
// package check to the build's own diagnostics, and those of
// check.ForPublication when publishHosts (the CMS hosts allowed) is not
// nil; modTime tells when a file
// last changed, for translations older than their original (nil: as the
// file system says). It also returns the languages' coverage and the
// readability of the German pages.
func runCheck(fsys fs.FS, opts build.Options, modTime func(string) time.Time, publishHosts []string) ([]diag.Diagnostic, []check.Coverage, []check.Readability, []check.Decoration) {
	opts.Pictures = build.PicturesChecked
	res, _ := build.Run(fsys, opts)
	ds := append(slices.Clone(res.Diagnostics), check.Site(res)...)
	if publishHosts != nil {
		ds = check.ForPublication(ds, res.Site, publishHosts)
	}
	var cov []check.Coverage
	var read []check.Readability
	if res.Site != nil {
		var lds []diag.Diagnostic
		lds, read = check.Leicht(res.Site)
		ds = append(ds, lds...)
		ds = append(ds, check.Stale(res.Site, modTime)...)
		ds = append(ds, check.Bidi(fsys, res.Site)...)
		cov = check.Coverages(res.Site)
	}
	slices.SortFunc(ds, diag.Compare)
	return slices.Compact(ds), cov, read, check.Decorations(res)
}

// gitTimes returns when each file under content/ of the source folder
// last changed by Git: the time of the last commit that changed it, or,
// for a file with changes not committed yet, its modification time. It
// returns nil (use the file system's times) outside a Git work tree or
// without git.
func gitTimes(source string) func(string) time.Time {
	prefix, err := exec.Command("git", "-C", source, "rev-parse", "--show-prefix").Output()
	if err != nil {
		return nil
	}
	pre := strings.TrimSpace(string(prefix))
	logOut, err := exec.Command("git", "-C", source, "-c", "core.quotePath=false", "log", "--format=@@ %ct", "--name-only", "--relative", "--", "content").Output()
	if err != nil {
		return nil
	}
	times := map[string]time.Time{}
	var t time.Time
	for _, line := range strings.Split(string(logOut), "\n") {
		if rest, ok := strings.CutPrefix(line, "@@ "); ok {
			sec, _ := strconv.ParseInt(rest, 10, 64)
			t = time.Unix(sec, 0)
			continue
		}
		if line = strings.TrimSpace(line); line != "" {
			if _, seen := times[line]; !seen { // newest commit first
				times[line] = t
			}
		}
	}
	status, err := exec.Command("git", "-C", source, "-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all", "--", "content").Output()
	if err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if len(line) > 3 {
				p := strings.TrimPrefix(line[3:], pre)
				if info, err := os.Stat(filepath.Join(source, filepath.FromSlash(p))); err == nil {
					times[p] = info.ModTime()
				}
			}
		}
	}
	return func(p string) time.Time { return times[p] }
}
