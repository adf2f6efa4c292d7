package diag

import (
	"github.com/stadt-bamberg/integration/internal/german"
)

// MaxSame is how many files with the same message the text output shows
// before it counts the rest (see [Condense]).
const MaxSame = 20

// VerboseHint is the line a text report ends with when it leaves out the
// detail of some diagnostic (without --verbose).
const VerboseHint = "Mit --verbose stehen unter einigen Meldungen Beispiele und Einzelheiten."

// Line is one line of a condensed report (see [Condense]): a diagnostic
// to print, or, when More > 0, the count of the further files with the
// message (and severity) of Diagnostic that are left out.
type Line struct {
	Diagnostic
	More int
}

// String returns the line as the build prints it: [Diagnostic.Error], or
// for a count "… und 3.980 weitere Dateien mit demselben Fehler".
func (l Line) String() string {
	if l.More > 0 {
		return l.MoreText()
	}
	return l.Error()
}

// MoreText returns "… und 3.980 weitere Dateien mit demselben Fehler"
// ("… mit derselben Warnung" for a warning; "1 weitere Datei" for one),
// or "" for a line that is not a count.
func (l Line) MoreText() string {
	if l.More <= 0 {
		return ""
	}
	files := german.Number(l.More) + " weitere Dateien"
	if l.More == 1 {
		files = "1 weitere Datei"
	}
	same := "demselben Fehler"
	if l.Severity == Warning {
		same = "derselben Warnung"
	}
	return "… und " + files + " mit " + same
}

// Condense returns ds (in their order, usually sorted by position) as the
// lines of a text report: of the diagnostics with the same message and
// severity on more than max files, only those on the first max files are
// kept, and after the last of them a count line stands for the files left
// out. The message is compared exactly, so messages that quote what a
// file says differ from file to file and are all kept. A max of 0 or less
// keeps everything.
func Condense(ds []Diagnostic, max int) []Line {
	type key struct {
		sev Severity
		msg string
	}
	type group struct {
		shown map[string]bool // the first max files
		rest  map[string]bool // the files left out
		last  int             // index in ds of the last diagnostic shown
	}
	groups := map[key]*group{}
	if max > 0 {
		for i, d := range ds {
			k := key{d.Severity, d.Message}
			g := groups[k]
			if g == nil {
				g = &group{shown: map[string]bool{}}
				groups[k] = g
			}
			switch {
			case g.shown[d.Path]:
				g.last = i
			case len(g.shown) < max:
				g.shown[d.Path] = true
				g.last = i
			default:
				if g.rest == nil {
					g.rest = map[string]bool{}
				}
				g.rest[d.Path] = true
			}
		}
	}
	out := make([]Line, 0, len(ds))
	for i, d := range ds {
		g := groups[key{d.Severity, d.Message}]
		if g == nil || len(g.rest) == 0 {
			out = append(out, Line{Diagnostic: d})
			continue
		}
		if !g.shown[d.Path] {
			continue
		}
		out = append(out, Line{Diagnostic: d})
		if g.last == i {
			out = append(out, Line{Diagnostic: Diagnostic{Severity: d.Severity, Message: d.Message}, More: len(g.rest)})
		}
	}
	return out
}
