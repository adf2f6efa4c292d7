// Command sitegen builds the Bamberg integration site.
//
// Usage:
//
//	sitegen build [--source DIR] [--out DIR] [--drafts] [--now TIME] [--base-url URL]
//	              [--next-change FILE] [--quiet] [--verbose] [--json]
//	              [--minify=false] [--fingerprint=false] [--compress=false]
//
// build turns content/, layouts/ and assets/ of the source folder into the
// site in the output folder (public/), replacing it only when the whole
// build succeeded. Every problem is printed on one line as path:line:
// message (--verbose adds examples and details on the lines below some); a
// message on more than 20 files is printed for the first 20, then counted.
// The exit status is 0 on success, 1 when the content has errors, 2 on
// wrong usage. --out and --cache-dir must name sitegen's own folders
// (write.CheckOut, write.CheckCache): never the project's folders or one
// holding them, never a folder that is not empty and not sitegen's.
//
// --now sets the instant listings are built for (2027-03-11T18:00, in the
// site's time zone unless an offset is given); without it the build uses
// $SOURCE_DATE_EPOCH if set, else the clock. --base-url overrides the
// site's base_url; so does $SITEGEN_BASE_URL. --next-change FILE writes the
// next instant at which an event starts or ends, and so the output would
// change, as RFC 3339 text (an empty file if there is none), for CI to
// schedule the next rebuild.
//
// build publishes for production (package publish): HTML, CSS, JS, SVG,
// JSON and XML minified, assets in folders under fingerprinted names,
// .gz and .br files beside text files over 1 KB, and always sitemap.xml,
// robots.txt and the Atom feeds; --minify=false, --fingerprint=false and
// --compress=false turn the first three off. It prints a summary with the
// time of each stage; --json prints it as JSON instead (also when the
// build fails, with every problem), --quiet prints only problems.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/german"
	"github.com/stadt-bamberg/integration/internal/write"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now))
}

const usage = `sitegen – baut die Integrationsseiten der Stadt Bamberg

  sitegen build   baut die Website nach public/
  sitegen serve   zeigt die Website als Vorschau unter http://127.0.0.1:1313/ und baut bei jeder Änderung neu
  sitegen check   prüft die Inhalte, ohne etwas zu schreiben
  sitegen new     legt eine neue Seite an: sitegen new event|actor|milestone|page "Titel"
                  oder eine Übersetzung: sitegen new translation content/seite.md en
  sitegen version zeigt die Version von sitegen (--json: als JSON)

Aufruf: sitegen build [Optionen]; sitegen build -h zeigt die Optionen.
`

// run is the command without the process around it, for tests.
func run(args []string, stdout, stderr io.Writer, clock func() time.Time) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr, clock)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr, clock)
	case "serve":
		return cmdServe(args[1:], stdout, stderr, clock)
	case "version", "--version":
		return cmdVersion(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sitegen: unbekannter Befehl %q\n\n%s", args[0], usage)
	return 2
}

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// common holds the flags every command shares.
type common struct {
	source  string
	drafts  bool
	now     string
	baseURL string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.source, "source", ".", "Ordner mit content/, layouts/ und assets/")
	fs.BoolVar(&c.drafts, "drafts", false, "Entwürfe (draft: true) mitbauen")
	fs.StringVar(&c.now, "now", "", "Zeitpunkt, für den gebaut wird, z. B. 2027-03-11T18:00 (Standard: jetzt)")
	fs.StringVar(&c.baseURL, "base-url", os.Getenv("SITEGEN_BASE_URL"), "Adresse der veröffentlichten Website (auch $SITEGEN_BASE_URL)")
}

func (c *common) options(clock func() time.Time) (build.Options, error) {
	opts := build.Options{Drafts: c.drafts, BaseURL: c.baseURL, NowText: c.now, Now: clock()}
	if c.now == "" {
		if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
			sec, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return opts, fmt.Errorf("SOURCE_DATE_EPOCH=%q ist keine Zahl von Sekunden", s)
			}
			opts.Now = time.Unix(sec, 0).UTC()
		}
	}
	return opts, nil
}

func cmdBuild(args []string, stdout, stderr io.Writer, clock func() time.Time) int {
	fs := flag.NewFlagSet("sitegen build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	out := fs.String("out", "public", "Ausgabeordner (wird bei Erfolg als Ganzes ersetzt; nur ein neuer, leerer oder von sitegen gebauter Ordner)")
	quiet := fs.Bool("quiet", false, "nur Fehler und Warnungen ausgeben")
	verbose := fs.Bool("verbose", false, "unter den Meldungen Beispiele und Einzelheiten zeigen")
	nextChange := fs.String("next-change", "", "Datei, in die der nächste Zeitpunkt geschrieben wird, an dem sich die Ausgabe ändert (RFC 3339; leer, wenn keiner)")
	minify := fs.Bool("minify", true, "HTML, CSS, JS, SVG, JSON und XML verkleinern (--minify=false zur Fehlersuche)")
	fingerprint := fs.Bool("fingerprint", true, "Dateien aus Unterordnern von assets/ unter Namen mit Prüfsumme veröffentlichen (css/style.3f2a9c1e.css)")
	compress := fs.Bool("compress", true, ".gz und .br neben jede Textdatei über 1 KB legen")
	jsonOut := fs.Bool("json", false, "Zusammenfassung als JSON ausgeben (auch bei Fehlern)")
	cacheDir := fs.String("cache-dir", ".sitegen-cache", "Ordner des Build-Caches (relativ zum Quellordner; nur ein neuer, leerer oder ein Cache-Ordner)")
	noCache := fs.Bool("no-cache", false, "den Build-Cache weder lesen noch schreiben: alles neu erzeugen und den Ausgabeordner als Ganzes ersetzen")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen build: unerwartetes Argument %q\n", fs.Arg(0))
		return 2
	}
	opts, err := c.options(clock)
	if err != nil {
		fmt.Fprintln(stderr, "sitegen:", err)
		return 2
	}
	opts.Minify, opts.Fingerprint, opts.Compress = *minify, *fingerprint, *compress
	if info, err := os.Stat(c.source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitegen: Der Quellordner %s wurde nicht gefunden (--source)\n", c.source)
		return 2
	}
	outDir := *out
	if !filepath.IsAbs(outDir) {
		outDir = filepath.Join(c.source, outDir)
	}
	if err := write.CheckOut(c.source, outDir); err != nil {
		fmt.Fprintln(stderr, "sitegen:", err)
		return 2
	}
	target := build.Target{Out: outDir, Source: c.source,
		Wait:   func(msg string) { fmt.Fprintln(stderr, "sitegen:", msg) },
		Notice: func(msg string) { fmt.Fprintln(stderr, "sitegen: Hinweis:", msg) }}
	if !*noCache {
		target.CacheDir = *cacheDir
		if !filepath.IsAbs(target.CacheDir) {
			target.CacheDir = filepath.Join(c.source, target.CacheDir)
		}
		if err := write.CheckCache(c.source, target.CacheDir, outDir, cache.Owns); err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 2
		}
	}
	if p := os.Getenv("SITEGEN_CPUPROFILE"); p != "" {
		stop, err := startProfile(p)
		if err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 2
		}
		defer stop()
	}

	start := clock()
	res, err := build.ToDir(context.Background(), os.DirFS(c.source), opts, target)
	printDiagnostics(stderr, res.Diagnostics, *verbose)
	sum := newSummary(res, *out)
	var errs diag.Errors
	if err != nil && !errors.As(err, &errs) {
		fmt.Fprintln(stderr, "sitegen:", err)
		fmt.Fprintf(stderr, "Nicht gebaut. %s wurde nicht verändert.\n", *out)
		if *jsonOut {
			sum.print(stdout)
		}
		return 1
	}
	if err != nil {
		n := 0
		if errors.As(err, &errs) {
			for _, d := range errs {
				if d.Severity == diag.Error {
					n++
				}
			}
		}
		fmt.Fprintf(stderr, "Nicht gebaut: %s Fehler. %s wurde nicht verändert.\n", german.Number(n), *out)
		if *jsonOut {
			sum.print(stdout)
		}
		return 1
	}
	sum.MS.Write = ms(res.Stats.Commit)
	sum.MS.Cache = ms(res.Stats.CacheSave)
	sum.Written, sum.Removed = res.Stats.Written, res.Stats.Removed
	next := res.NextChange
	if *nextChange != "" {
		text := ""
		if !next.IsZero() {
			text = next.Format(time.RFC3339) + "\n"
		}
		if err := os.WriteFile(*nextChange, []byte(text), 0o644); err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 1
		}
	}
	sum.OK = true
	sum.Placeholders = res.Placeholders
	sum.MS.Total = ms(clock().Sub(start))
	if !next.IsZero() {
		sum.NextChange = next.Format(time.RFC3339)
	}
	switch {
	case *jsonOut:
		sum.print(stdout)
	case !*quiet:
		st := res.Stats
		fmt.Fprintf(stdout, "Gebaut: %d Seiten, %d Weiterleitungen, %d Dateien (%s) in %s → %s\n",
			st.Pages, st.Redirects, st.Files, kib(st.Bytes), clock().Sub(start).Round(time.Millisecond), *out)
		fmt.Fprintf(stdout, "Erzeugt: %d von %d Seiten (die übrigen unverändert aus dem Cache); geschrieben: %d Dateien neu oder geändert, %d entfernt\n",
			st.Rendered, st.Pages, st.Written, st.Removed)
		fmt.Fprintf(stdout, "Zeiten: Laden %d ms, Modell %d ms, Seiten %d ms, Assets %d ms, Schreiben %d ms, Cache %d ms\n",
			sum.MS.Load, sum.MS.Model, sum.MS.Render, sum.MS.Publish, sum.MS.Write, sum.MS.Cache)
		if !next.IsZero() {
			fmt.Fprintf(stdout, "Nächste Änderung durch Termine: %s\n", sum.NextChange)
		}
	}
	if n := sum.Placeholders; n > 0 {
		fmt.Fprintf(stderr, "Warnung: %s noch nicht ausgefüllt – sitegen check zeigt, wo; veröffentlicht wird so nicht (sitegen check --publish).\n", german.Count(n, "Platzhalter [PLATZHALTER: …] ist", "Platzhalter [PLATZHALTER: …] sind"))
	}
	return 0
}

// summary is the machine-readable build summary of build --json.
type summary struct {
	Version   string `json:"version"` // as sitegen version prints it
	OK        bool   `json:"ok"`
	Out       string `json:"out"`
	Pages     int    `json:"pages"`
	Redirects int    `json:"redirects"`
	Files     int    `json:"files"`
	Written   int    `json:"written"` // files new or changed in the output folder
	Removed   int    `json:"removed"` // files of the last build removed
	Rendered  int    `json:"rendered"`
	// Placeholders counts the "[PLATZHALTER: …]" still in the published
	// pages' files.
	Placeholders int      `json:"placeholders"`
	Bytes        int64    `json:"bytes"`
	MS           stageMS  `json:"ms"`
	Errors       []string `json:"errors"`
	Warnings     []string `json:"warnings"`
	NextChange   string   `json:"next_change"` // RFC 3339, "" if none
}

// stageMS holds the time of each stage in milliseconds.
type stageMS struct {
	Load    int64 `json:"load"`
	Model   int64 `json:"model"`
	Render  int64 `json:"render"`  // pages, calendars, discovery files: rendered, minified, compressed, staged
	Publish int64 `json:"publish"` // assets minified and fingerprinted
	Write   int64 `json:"write"`   // the commit: staged files put in place
	Cache   int64 `json:"cache"`   // saving the build cache
	Total   int64 `json:"total"`
}

func newSummary(res *build.Result, out string) *summary {
	st := res.Stats
	s := &summary{Version: versionString(), Out: out, Pages: st.Pages, Redirects: st.Redirects, Files: st.Files, Bytes: st.Bytes, Rendered: st.Rendered,
		MS:     stageMS{Load: ms(st.Load), Model: ms(st.Model), Render: ms(st.Render), Publish: ms(st.Publish)},
		Errors: []string{}, Warnings: []string{}}
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			s.Errors = append(s.Errors, d.Error())
		} else {
			s.Warnings = append(s.Warnings, d.Error())
		}
	}
	return s
}

func (s *summary) print(w io.Writer) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(s)
}

func ms(d time.Duration) int64 { return d.Milliseconds() }

// startProfile writes a CPU profile of the build to the file p
// ($SITEGEN_CPUPROFILE, for cmd/benchsite).
func startProfile(p string) (func(), error) {
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// printDiagnostics prints ds one a line as path:line: message, of a
// message on more than diag.MaxSame files the first and then a count
// (diag.Condense); with verbose each one's detail on the lines below it,
// else a hint that there is some.
func printDiagnostics(w io.Writer, ds []diag.Diagnostic, verbose bool) {
	hidden := false
	for _, l := range diag.Condense(ds, diag.MaxSame) {
		fmt.Fprintln(w, l.String())
		if l.More > 0 || l.Detail == "" {
			continue
		}
		if !verbose {
			hidden = true
			continue
		}
		for _, dl := range l.DetailLines("    ") {
			fmt.Fprintln(w, dl)
		}
	}
	if hidden {
		fmt.Fprintln(w, diag.VerboseHint)
	}
}

func kib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+512)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
