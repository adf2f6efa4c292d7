// Command benchsite measures what users run: the real sitegen binary, with
// its defaults, building a generated site from disk, side by side with Hugo
// building the same content in the same run.
//
// Usage:
//
//	go run ./cmd/benchsite [-n 10000] [-seed 1] [-runs 3] [-dir DIR] [-keep]
//	                       [-only cold,warm-title,...] [-sitegen BIN] [-hugo hugo]
//	                       [-profile DIR] [-json FILE]
//
// It does, in order:
//
//  1. Writes the corpus of package corpus (n pages for seed) to DIR/site.
//     Without -dir, DIR is a new folder in /dev/shm (tmpfs) when that
//     exists, else in os.TempDir, removed at the end unless -keep. A DIR
//     given with -dir is kept; it must be empty, missing, or made by an
//     earlier benchsite (it holds a file .benchsite), whose site/, hugo/ and
//     bin/ are replaced.
//  2. Builds the command once, from the module root (found with go env
//     GOMOD, else by walking up to go.mod): go build -o DIR/bin/sitegen
//     ./cmd/sitegen. -sitegen BIN uses that binary instead (another
//     revision, say, or while the working tree does not compile).
//  3. Runs it as a subprocess in DIR/site, as a user would, output into
//     DIR/site/public: sitegen build --now 2027-03-11T18:00 --quiet [flags].
//     Each scenario is run -runs times; reported are the minimum and the
//     median wall time (from start to exit of the process), the CPU time
//     (user + system of the child, from its rusage; the median over the
//     runs) and the peak resident memory of the child (rusage Maxrss; the
//     maximum over the runs).
//  4. Runs Hugo on the same content when -hugo (default "hugo") is found on
//     PATH, from DIR/hugo: content is a symlink to DIR/site/content, a
//     config.toml (rssLimit = 20 like the site's feeds, no taxonomies,
//     Goldmark defaults) and minimal layouts (a nav over the home's
//     sections; single pages with title, description and content; lists of
//     their pages). -hugo "" skips Hugo.
//  5. Prints a table (scenario, runs, min, median, CPU, peak RSS, command),
//     the ratios against Hugo, the machine (OS, CPU, GOMAXPROCS, nproc, load
//     average before and after), n, seed, the sitegen revision and every
//     command with its preparation. -json FILE also writes all of it as
//     JSON.
//
// The scenarios of sitegen:
//
//	cold             --no-cache; public/ and .sitegen-cache/ removed before each run:
//	                 the full default build (minify, fingerprint, .gz and .br)
//	cold-nocompress  --no-cache --compress=false, same preparation: the same work as Hugo's
//	cold-cache       defaults (cache on), public/ and the cache removed before each run:
//	                 a user's first build
//	warm-title       defaults; before each run the title: of one event (the first file
//	                 under content/termine/ in sorted order with a YAML title:) is set
//	                 to a new unique text
//	warm-body        defaults; before each run a new paragraph is appended to the
//	                 body of one plain page (the first page, in sorted order, outside
//	                 the actor, event and milestone sections)
//	noop             defaults, nothing changed
//	real-noop        the project's own site (content/, layouts/, assets/, i18n/ of the
//	                 module copied to DIR/real), defaults, nothing changed
//	langs-cold       the corpus declared in five languages (de, en, ar, tr, uk; in
//	                 DIR/site5, with the module's i18n/) and every fifth page with YAML
//	                 front matter translated into the four others (2,000 of 10,000):
//	                 --no-cache, the full default build of every page in every language
//	langs-warm-title defaults; the title: of one event changed, as warm-title
//	langs-noop       five languages, defaults, nothing changed
//	cold-search      as cold, with a search page (layouts/suche.html) added to the
//	                 corpus: sitegen build then makes the search index of every page
//	warm-title-search  as warm-title, with the search page and its index
//	noop-search      as noop, with the search page and its index
//
// The search scenarios add the page before their first build and the
// others remove it (a change makes the next warm scenario build once,
// untimed); after each run of one, benchsite checks that
// public/suchindex/de/index.json exists. The warm scenarios and noop start with one untimed build with the
// defaults unless the previous build was one, so that public/ and the cache
// exist. After each run of an edit scenario, benchsite checks that the new
// text is in the page's index.html (else the report carries a note). The
// scenarios of Hugo:
//
//	hugo cold        hugo --minify --quiet, public/ and resources/ removed before each run
//	hugo edit-title  hugo --minify --quiet after the same title change as warm-title
//	                 (after one untimed build): Hugo keeps no page cache between runs,
//	                 so this is what a rebuild after an edit costs with Hugo
//	hugo langs-cold  the five-language corpus (DIR/hugo5, [languages] de … uk, a page's
//	                 translations its files a.en.md …, as sitegen's): Hugo makes only the
//	                 pages a language has, not the untranslated ones
//	hugo langs-edit-title  after the same title change as langs-warm-title
//
// The ratios compare minimum wall times: hugo cold / sitegen cold-nocompress
// (the speedup for the same work), hugo cold / sitegen cold, hugo
// edit-title / sitegen warm-title (the speedup of a rebuild after an edit),
// the same two for the five languages, the same two with the search
// index (hugo cold / sitegen cold-search, hugo edit-title / sitegen
// warm-title-search), and sitegen cold (and cold-nocompress, cold-search)
// peak RSS / hugo cold peak RSS. The layout added is removed at the end.
// The edited files are restored at the end.
//
// The flags --no-cache (and --cache-dir) of sitegen build are detected from
// sitegen build -h. Without them the scenarios run without --no-cache, and
// the output says that the cache flags are missing: then cold and
// cold-cache are the same build, and the warm scenarios are full builds.
//
// -only runs a comma-separated subset of the scenarios (by the names
// above). -profile DIR makes one extra, untimed run of each sitegen
// scenario with SITEGEN_CPUPROFILE=DIR/sitegen-<scenario>.pprof in its
// environment, for sitegen to write a CPU profile there; the output says
// whether it did.
//
// Timings on a machine shared with others vary: the CPU time and the
// minimum are the steadier figures; the load average is printed for that
// reason. The test runs the whole thing with -n 60 -runs 1 (go test
// ./cmd/benchsite; skipped with -short).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	var c config
	flag.IntVar(&c.n, "n", 10000, "number of pages of the corpus")
	flag.Int64Var(&c.seed, "seed", 1, "seed of the corpus")
	flag.IntVar(&c.runs, "runs", 3, "timed runs of each scenario")
	flag.StringVar(&c.dir, "dir", "", "work folder for the corpus, its output, Hugo's site and the binary (default: a new folder in /dev/shm or os.TempDir, removed at the end)")
	flag.BoolVar(&c.keep, "keep", false, "keep the default work folder")
	only := flag.String("only", "", "comma-separated scenarios to run (default all): "+strings.Join(scenarioNames(), ","))
	flag.StringVar(&c.sitegen, "sitegen", "", "use this sitegen binary instead of building ./cmd/sitegen")
	flag.StringVar(&c.hugo, "hugo", "hugo", `Hugo binary; "" to skip Hugo`)
	flag.StringVar(&c.profile, "profile", "", "one extra run of each sitegen scenario with SITEGEN_CPUPROFILE=DIR/sitegen-<scenario>.pprof")
	flag.StringVar(&c.jsonFile, "json", "", "also write the results as JSON to this file")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "benchsite: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if *only != "" {
		c.only = strings.Split(*only, ",")
	}
	if _, err := run(c, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchsite:", err)
		os.Exit(1)
	}
}

// config holds the flags.
type config struct {
	n, runs  int
	seed     int64
	dir      string
	keep     bool
	only     []string
	sitegen  string
	hugo     string
	profile  string
	jsonFile string
}

// run runs the benchmark, printing progress to log and the report to out.
func run(c config, out, log io.Writer) (*report, error) {
	if c.runs < 1 {
		return nil, fmt.Errorf("-runs %d: need at least 1", c.runs)
	}
	want, err := selectScenarios(c.only)
	if err != nil {
		return nil, err
	}
	b, err := newBench(c, log)
	if err != nil {
		return nil, err
	}
	defer b.close()
	rep, err := b.run(want)
	if err != nil {
		return nil, err
	}
	rep.print(out)
	if c.jsonFile != "" {
		if err := rep.writeJSON(c.jsonFile); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
