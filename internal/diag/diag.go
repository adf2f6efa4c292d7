// Package diag holds the diagnostics every stage of the pipeline reports:
// a problem in a file, at a line (and column where known), with a plain
// message for editors.
//
// # Format
//
// A diagnostic prints as
//
//	path:line:col: severity: message
//
// where path is slash-separated and relative to the site's root
// (e.g. content/termine/runder-tisch.md), col is left out when unknown,
// and ": severity" is left out for errors in the short form ([Diagnostic.Error]).
//
// Every diagnostic is one line: a suggestion how to fix it stands on the
// same line. Longer help — a multi-line example, a list of all allowed
// values — goes into [Diagnostic.Detail], which the commands print on the
// lines below only with --verbose and which JSON output always carries.
// Should a message contain a line break all the same, the printed forms
// join its lines with spaces.
//
// # Many files, one problem
//
// When the same message stands on many files (4,000 events naming a series
// that is not declared), the text output shows it for the first [MaxSame]
// files and then counts the rest in one line,
//
//	… und 3.980 weitere Dateien mit demselben Fehler
//
// ([Condense]). Machine-readable output (JSON) keeps every diagnostic.
//
// # Language
//
// Messages are German, written for editors who are not programmers: they
// name the key or the text at fault, quote what was written and say how to
// write it instead.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build and the check.
	Error Severity = iota
	// Warning is reported but fails only `check --strict`.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one place.
type Diagnostic struct {
	Path     string   // slash path relative to the site root, e.g. content/a.md
	Line     int      // 1-based; 0 if the problem concerns the whole file
	Col      int      // 1-based; 0 if unknown
	Severity Severity // Error or Warning
	Message  string   // German, plain words, one line
	// Detail is optional help on lines of its own (an example to copy,
	// all allowed values): printed below the message only with --verbose,
	// always part of JSON output.
	Detail string
}

// Position returns "path:line:col" (leaving out parts that are zero).
func (d Diagnostic) Position() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	return b.String()
}

// Error returns "path:line: message", the form the build prints. It is
// always one line.
func (d Diagnostic) Error() string {
	if d.Severity == Warning {
		return d.Position() + ": Warnung: " + OneLine(d.Message)
	}
	return d.Position() + ": " + OneLine(d.Message)
}

// Long returns "path:line:col: severity: message", the form check prints.
// It is always one line.
func (d Diagnostic) Long() string {
	return d.Position() + ": " + d.Severity.String() + ": " + OneLine(d.Message)
}

// OneLine returns s with its lines joined by single spaces (leading and
// trailing blanks of each line and empty lines dropped): the printed form
// of a message that should not, but does, contain a line break.
func OneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var parts []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// DetailLines returns the lines of d.Detail, each indented by indent, for
// printing below the message (--verbose); nil if there is no detail.
func (d Diagnostic) DetailLines(indent string) []string {
	t := strings.TrimRight(strings.ReplaceAll(d.Detail, "\r\n", "\n"), "\n ")
	if strings.TrimSpace(t) == "" {
		return nil
	}
	lines := strings.Split(t, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(indent+l, " ")
	}
	return lines
}

// Compare orders diagnostics by path, line, column, then message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Detail, b.Detail),
	)
}

// List collects diagnostics from many goroutines. The zero value is ready.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at path:line.
func (l *List) Errorf(path string, line int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at path:line.
func (l *List) Warnf(path string, line int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Append records all of ds.
func (l *List) Append(ds ...Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Sorted returns the diagnostics sorted by position, duplicates removed.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	ds := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortFunc(ds, Compare)
	return slices.Compact(ds)
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors is the error a failed build returns: all its diagnostics, sorted.
type Errors []Diagnostic

func (e Errors) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Err returns the sorted diagnostics as Errors if any of them is an error,
// else nil.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return Errors(l.Sorted())
}

// LineOf returns the 1-based line of byte offset off in src.
func LineOf(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	n := 1
	for _, c := range src[:off] {
		if c == '\n' {
			n++
		}
	}
	return n
}

// Suggest returns the candidate closest to s if it is close enough to be
// a likely typo, else "".
func Suggest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		dist := levenshtein(ls, strings.ToLower(c))
		if dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := 2
	if len(s) <= 3 {
		limit = 1
	}
	if bestDist <= limit || (len(s) >= 4 && best != "" && strings.HasPrefix(strings.ToLower(best), ls)) {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
