package check

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/german"
)

// Counts returns the number of errors and warnings in ds.
func Counts(ds []diag.Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == diag.Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Text writes ds as "path:line:col: severity: message", a blank line
// between files, then a count. ds must be sorted. Of a message on more than
// [diag.MaxSame] files only the first are shown, then a line counts the
// rest ([diag.Condense]); the count at the end is of all.
func Text(w io.Writer, ds []diag.Diagnostic) { text(w, ds, false) }

// VerboseText is Text with each diagnostic's detail (an example, all
// allowed values) on the lines below it (sitegen check --verbose).
func VerboseText(w io.Writer, ds []diag.Diagnostic) { text(w, ds, true) }

func text(w io.Writer, ds []diag.Diagnostic, verbose bool) {
	prev, hidden := "", false
	for i, l := range diag.Condense(ds, diag.MaxSame) {
		if l.More > 0 {
			fmt.Fprintln(w, l.MoreText())
			continue
		}
		if i > 0 && l.Path != prev {
			fmt.Fprintln(w)
		}
		prev = l.Path
		fmt.Fprintln(w, l.Long())
		if l.Detail != "" {
			if verbose {
				for _, dl := range l.DetailLines("    ") {
					fmt.Fprintln(w, dl)
				}
			} else {
				hidden = true
			}
		}
	}
	files := map[string]bool{}
	for _, d := range ds {
		files[d.Path] = true
	}
	e, wn := Counts(ds)
	if len(ds) > 0 {
		fmt.Fprintln(w)
	}
	if e+wn == 0 {
		fmt.Fprintln(w, "Keine Probleme gefunden.")
		return
	}
	fmt.Fprintf(w, "%s, %s in %s.\n", german.Count(e, "Fehler", "Fehler"), german.Count(wn, "Warnung", "Warnungen"), german.Count(len(files), "Datei", "Dateien"))
	if hidden {
		fmt.Fprintln(w, diag.VerboseHint)
	}
}

// CoverageText writes a line per language: "en: 6 von 20 Seiten übersetzt".
func CoverageText(w io.Writer, cov []Coverage) {
	if len(cov) == 0 {
		return
	}
	fmt.Fprintln(w, "Übersetzungen:")
	for _, c := range cov {
		fmt.Fprintf(w, "  %s: %d von %d Seiten übersetzt\n", c.Lang, c.Translated, c.Total)
	}
}

type jsonDiag struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Detail   string `json:"detail,omitempty"`
}

// JSON writes ds as {"diagnostics": [...], "errors": n, "warnings": n},
// with "translations": the coverage of each language when there is more
// than one, and "readability": the figures of each German page ([Leicht])
// when there are any. It keeps every diagnostic, each with its "detail"
// if it has one.
func JSON(w io.Writer, ds []diag.Diagnostic, cov []Coverage, read []Readability) error {
	out := struct {
		Diagnostics  []jsonDiag    `json:"diagnostics"`
		Errors       int           `json:"errors"`
		Warnings     int           `json:"warnings"`
		Translations []Coverage    `json:"translations,omitempty"`
		Readability  []Readability `json:"readability,omitempty"`
	}{Diagnostics: []jsonDiag{}, Translations: cov, Readability: read}
	for _, d := range ds {
		out.Diagnostics = append(out.Diagnostics, jsonDiag{d.Path, d.Line, d.Col, d.Severity.String(), d.Message, d.Detail})
	}
	out.Errors, out.Warnings = Counts(ds)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// GitHub writes ds as GitHub Actions workflow commands, which show as
// annotations on the commit and the pull request. Like [Text] it shows a
// message on at most [diag.MaxSame] files, then one annotation without a
// file counts the rest.
func GitHub(w io.Writer, ds []diag.Diagnostic) {
	data := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	for _, l := range diag.Condense(ds, diag.MaxSame) {
		if l.More > 0 {
			fmt.Fprintf(w, "::%s title=sitegen::%s: %s\n", l.Severity, data.Replace(l.MoreText()), data.Replace(diag.OneLine(l.Message)))
			continue
		}
		fmt.Fprintf(w, "::%s file=%s", l.Severity, prop.Replace(l.Path))
		if l.Line > 0 {
			fmt.Fprintf(w, ",line=%d", l.Line)
		}
		if l.Col > 0 {
			fmt.Fprintf(w, ",col=%d", l.Col)
		}
		fmt.Fprintf(w, ",title=sitegen::%s\n", data.Replace(diag.OneLine(l.Message)))
	}
}

// GitLab writes ds as a GitLab Code Quality report (a JSON array), which
// GitLab shows in merge requests when a job publishes it as
// artifacts:reports:codequality. Like [JSON] it keeps every diagnostic.
func GitLab(w io.Writer, ds []diag.Diagnostic) error {
	type lines struct {
		Begin int `json:"begin"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Location    location `json:"location"`
	}
	out := []issue{}
	for _, d := range ds {
		sum := sha256.Sum256([]byte(d.Long()))
		sev := "major"
		if d.Severity == diag.Warning {
			sev = "minor"
		}
		out = append(out, issue{diag.OneLine(d.Message), "sitegen", hex.EncodeToString(sum[:16]), sev, location{d.Path, lines{max(d.Line, 1)}}})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
