// Command sitegen builds the Bamberg integration site.
//
// Usage:
//
//	sitegen build [--source DIR] [--out DIR] [--drafts] [--now TIME] [--base-url URL]
//	              [--next-change FILE] [--quiet]
//
// build turns content/, layouts/ and assets/ of the source folder into the
// site in the output folder (public/), replacing it only when the whole
// build succeeded. Every problem is printed as path:line: message; the exit
// status is 0 on success, 1 when the content has errors, 2 on wrong usage.
//
// --now sets the instant listings are built for (2027-03-11T18:00, in the
// site's time zone unless an offset is given); without it the build uses
// $SOURCE_DATE_EPOCH if set, else the clock. --base-url overrides the
// site's base_url; so does $SITEGEN_BASE_URL. --next-change FILE writes the
// next instant at which an event starts or ends, and so the output would
// change, as RFC 3339 text (an empty file if there is none), for CI to
// schedule the next rebuild.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
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
	out := fs.String("out", "public", "Ausgabeordner (wird bei Erfolg als Ganzes ersetzt)")
	quiet := fs.Bool("quiet", false, "nur Fehler und Warnungen ausgeben")
	nextChange := fs.String("next-change", "", "Datei, in die der nächste Zeitpunkt geschrieben wird, an dem sich die Ausgabe ändert (RFC 3339; leer, wenn keiner)")
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
	outDir := *out
	if !filepath.IsAbs(outDir) {
		outDir = filepath.Join(c.source, outDir)
	}
	if err := checkOut(c.source, outDir); err != nil {
		fmt.Fprintln(stderr, "sitegen:", err)
		return 2
	}

	start := clock()
	res, err := build.Run(os.DirFS(c.source), opts)
	printDiagnostics(stderr, res.Diagnostics)
	if err != nil {
		var errs diag.Errors
		n := 0
		if errors.As(err, &errs) {
			for _, d := range errs {
				if d.Severity == diag.Error {
					n++
				}
			}
		}
		fmt.Fprintf(stderr, "Nicht gebaut: %d Fehler. %s wurde nicht verändert.\n", n, *out)
		return 1
	}
	if err := write.Dir(outDir, res.Files); err != nil {
		fmt.Fprintln(stderr, "sitegen: Die Ausgabe kann nicht geschrieben werden:", err)
		return 1
	}
	next := res.Site.NextChange()
	if *nextChange != "" {
		text := ""
		if !next.IsZero() {
			text = next.In(res.Site.Config.Location).Format(time.RFC3339) + "\n"
		}
		if err := os.WriteFile(*nextChange, []byte(text), 0o644); err != nil {
			fmt.Fprintln(stderr, "sitegen:", err)
			return 1
		}
	}
	if !*quiet {
		st := res.Stats
		fmt.Fprintf(stdout, "Gebaut: %d Seiten, %d Weiterleitungen, %d Dateien (%s) in %s → %s\n",
			st.Pages, st.Redirects, st.Files, kib(st.Bytes), clock().Sub(start).Round(time.Millisecond), *out)
		if !next.IsZero() {
			fmt.Fprintf(stdout, "Nächste Änderung durch Termine: %s\n", next.In(res.Site.Config.Location).Format(time.RFC3339))
		}
	}
	return 0
}

// checkOut refuses output folders that would replace the sources.
func checkOut(source, out string) error {
	src, err1 := filepath.Abs(source)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	for _, d := range []string{src, filepath.Join(src, "content"), filepath.Join(src, "layouts"), filepath.Join(src, "assets")} {
		if rel, err := filepath.Rel(o, d); err == nil && filepath.IsLocal(rel) || o == d {
			return fmt.Errorf("der Ausgabeordner %s enthält die Quellen (%s) und würde sie ersetzen", out, d)
		}
	}
	return nil
}

func printDiagnostics(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(w, d.Error())
	}
}

func kib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+512)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
