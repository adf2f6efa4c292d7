package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
)

// bidiControls are the invisible characters that change the direction
// of the text after them until they end (embeddings, overrides) or
// isolate it (isolates): text that shows otherwise than it is written,
// in the page, its title in the menu, the feeds and calendars, and in the
// change a reviewer reads ("Trojan Source", CVE-2021-42574). The marks
// U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK and U+061C
// ARABIC LETTER MARK are not here: they only set the direction of
// neutral characters next to them, end nothing and hide nothing, and
// Arabic text may need them.
var bidiControls = map[rune]string{
	'\u202A': "LEFT-TO-RIGHT EMBEDDING",
	'\u202B': "RIGHT-TO-LEFT EMBEDDING",
	'\u202C': "POP DIRECTIONAL FORMATTING",
	'\u202D': "LEFT-TO-RIGHT OVERRIDE",
	'\u202E': "RIGHT-TO-LEFT OVERRIDE",
	'\u2066': "LEFT-TO-RIGHT ISOLATE",
	'\u2067': "RIGHT-TO-LEFT ISOLATE",
	'\u2068': "FIRST STRONG ISOLATE",
	'\u2069': "POP DIRECTIONAL ISOLATE",
}

// bidiMessage is the warning at each bidi control character.
func bidiMessage(r rune) string {
	return fmt.Sprintf("Unsichtbares Steuerzeichen U+%04X (%s): es ändert die Schreibrichtung des folgenden Textes, so dass Leser – auch in Menü, Feeds und Kalendern – und wer die Änderung prüft etwas anderes sehen, als dasteht; bitte löschen (Arabisch braucht es nicht, allenfalls U+200F RIGHT-TO-LEFT MARK)", r, bidiControls[r])
}

// Bidi warns at each bidi control character (see bidiControls) in the
// file of each page of site, front matter (titles, descriptions, every
// value, comments too) and text alike, at its line and column (counted
// in characters); fsys is the site's source folder. A character written
// as an escape in a quoted value ("\u202E") is reported at the value's
// line.
func Bidi(fsys fs.FS, site *model.Site) []diag.Diagnostic {
	var ds diag.List
	seen := map[string]bool{}
	for _, p := range site.Pages {
		if p.Made() || p.Untranslated || p.Source == nil || seen[p.Source.Path] {
			continue
		}
		seen[p.Source.Path] = true
		raw, err := fs.ReadFile(fsys, p.Source.Path)
		if err != nil {
			continue // the build reports a file it cannot read
		}
		for i, line := range bytes.Split(raw, []byte("\n")) {
			col := 0
			for _, r := range string(line) {
				col++
				if _, ok := bidiControls[r]; ok {
					ds.Add(diag.Diagnostic{Path: p.Source.Path, Line: i + 1, Col: col, Severity: diag.Warning, Message: bidiMessage(r)})
				}
			}
		}
		walkScalars(p.Source.Meta, func(n *load.Node) {
			for _, r := range n.Text {
				if _, ok := bidiControls[r]; ok && !bytes.ContainsRune(raw, r) {
					ds.Warnf(p.Source.Path, n.Line, "%s – hier als Escape-Folge geschrieben (\\u%04X)", bidiMessage(r), r)
					return
				}
			}
		})
	}
	return ds.Sorted()
}

// walkScalars calls f with every scalar of the front matter tree n.
func walkScalars(n *load.Node, f func(*load.Node)) {
	if n == nil {
		return
	}
	if n.Kind == load.Scalar && strings.ContainsFunc(n.Text, func(r rune) bool { return r > utf8.RuneSelf }) {
		f(n)
	}
	for _, it := range n.Items {
		walkScalars(it, f)
	}
	for _, fl := range n.Fields {
		walkScalars(fl.Value, f)
	}
}
