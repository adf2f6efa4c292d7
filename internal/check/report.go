package check

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
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
// between files, then a count. ds must be sorted.
func Text(w io.Writer, ds []diag.Diagnostic) {
	files := 0
	for i, d := range ds {
		if i == 0 || ds[i-1].Path != d.Path {
			if i > 0 {
				fmt.Fprintln(w)
			}
			files++
		}
		fmt.Fprintln(w, d.Long())
	}
	e, wn := Counts(ds)
	if len(ds) > 0 {
		fmt.Fprintln(w)
	}
	if e+wn == 0 {
		fmt.Fprintln(w, "Keine Probleme gefunden.")
		return
	}
	fmt.Fprintf(w, "%s, %s in %s.\n", plural(e, "Fehler", "Fehler"), plural(wn, "Warnung", "Warnungen"), plural(files, "Datei", "Dateien"))
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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

type jsonDiag struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// JSON writes ds as {"diagnostics": [...], "errors": n, "warnings": n},
// with "translations": the coverage of each language when there is more
// than one.
func JSON(w io.Writer, ds []diag.Diagnostic, cov []Coverage) error {
	out := struct {
		Diagnostics  []jsonDiag `json:"diagnostics"`
		Errors       int        `json:"errors"`
		Warnings     int        `json:"warnings"`
		Translations []Coverage `json:"translations,omitempty"`
	}{Diagnostics: []jsonDiag{}, Translations: cov}
	for _, d := range ds {
		out.Diagnostics = append(out.Diagnostics, jsonDiag{d.Path, d.Line, d.Col, d.Severity.String(), d.Message})
	}
	out.Errors, out.Warnings = Counts(ds)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// GitHub writes ds as GitHub Actions workflow commands, which show as
// annotations on the commit and the pull request.
func GitHub(w io.Writer, ds []diag.Diagnostic) {
	data := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	for _, d := range ds {
		fmt.Fprintf(w, "::%s file=%s", d.Severity, prop.Replace(d.Path))
		if d.Line > 0 {
			fmt.Fprintf(w, ",line=%d", d.Line)
		}
		if d.Col > 0 {
			fmt.Fprintf(w, ",col=%d", d.Col)
		}
		fmt.Fprintf(w, ",title=sitegen::%s\n", data.Replace(d.Message))
	}
}

// GitLab writes ds as a GitLab Code Quality report (a JSON array), which
// GitLab shows in merge requests when a job publishes it as
// artifacts:reports:codequality.
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
		out = append(out, issue{d.Message, "sitegen", hex.EncodeToString(sum[:16]), sev, location{d.Path, lines{max(d.Line, 1)}}})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
