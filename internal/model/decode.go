package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
)

// decoder reads typed values out of one file's front matter, reporting
// every problem at the line of the value at fault.
type decoder struct {
	file  *load.File
	diags *diag.List
	bad   bool // an error was reported
}

func (d *decoder) errorf(n *load.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.bad = true
	d.diags.Errorf(d.file.Path, line, format, args...)
}

// errorDetail reports like errorf, with detail (e.g. an example on lines
// of its own) that is printed below the message with --verbose.
func (d *decoder) errorDetail(n *load.Node, detail, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.bad = true
	d.diags.Add(diag.Diagnostic{Path: d.file.Path, Line: line, Message: fmt.Sprintf(format, args...), Detail: detail})
}

func (d *decoder) errorAt(line int, format string, args ...any) {
	d.bad = true
	d.diags.Errorf(d.file.Path, line, format, args...)
}

// checkKeys reports keys of m not in allowed, with a suggestion.
func (d *decoder) checkKeys(m *load.Node, allowed []string, where string) {
	for _, f := range m.Fields {
		if slices.Contains(allowed, f.Key) {
			continue
		}
		d.unknownKey(f, allowed, where)
	}
}

// unknownKey reports the key of f, which is not in allowed, with the
// allowed key it was probably meant to be, or else all of them.
func (d *decoder) unknownKey(f load.Field, allowed []string, where string) {
	msg := fmt.Sprintf("Unbekannter Schlüssel %q%s", f.Key, where)
	if s := diag.Suggest(f.Key, allowed); s != "" {
		msg += fmt.Sprintf(" – gemeint ist wohl %q", s)
	} else {
		msg += " – erlaubt sind: " + strings.Join(allowed, ", ")
	}
	d.errorAt(f.Line, "%s", msg)
}

// str returns the text of a scalar; "" for nil or null.
func (d *decoder) str(n *load.Node, key string) string {
	if n == nil || n.Kind == load.Null {
		return ""
	}
	if n.Kind != load.Scalar {
		d.errorf(n, "%q muss ein Text sein, hier steht %s", key, n.Describe())
		return ""
	}
	return strings.TrimSpace(n.Text)
}

func (d *decoder) integer(n *load.Node, key string) int {
	if n == nil || n.Kind == load.Null {
		return 0
	}
	if n.Kind == load.Scalar && n.Tag == "int" {
		if v, err := strconv.Atoi(n.Text); err == nil {
			return v
		}
	}
	d.errorf(n, "%q muss eine ganze Zahl sein (z. B. 10), hier steht %q", key, n.Text)
	return 0
}

func (d *decoder) boolean(n *load.Node, key string) bool {
	if n == nil || n.Kind == load.Null {
		return false
	}
	if n.Kind == load.Scalar && n.Tag == "bool" {
		return n.Text == "true"
	}
	d.errorf(n, "%q muss true oder false sein, hier steht %q", key, n.Text)
	return false
}

// list returns the items of a list; a single scalar counts as a list of one.
func (d *decoder) list(n *load.Node, key string) []*load.Node {
	if n == nil || n.Kind == load.Null {
		return nil
	}
	switch n.Kind {
	case load.List:
		return n.Items
	case load.Scalar:
		return []*load.Node{n}
	}
	d.errorf(n, "%q muss eine Liste sein, z. B. [eins, zwei]", key)
	return nil
}

func (d *decoder) strs(n *load.Node, key string) []string {
	var out []string
	for _, it := range d.list(n, key) {
		if s := d.str(it, key); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// mapping returns n if it is a map, reporting anything else. example is
// the map as written in front matter ("location:\n  name: Rathaus"): the
// message shows it on one line (location: {name: Rathaus}), --verbose as
// written.
func (d *decoder) mapping(n *load.Node, key, example string) *load.Node {
	if n == nil || n.Kind == load.Null {
		return nil
	}
	if n.Kind != load.Map {
		d.errorDetail(n, example, "%q muss eine Gruppe von Schlüsseln sein, z. B. %s", key, flowExample(example))
		return nil
	}
	return n
}

// flowExample writes a one-level YAML example map ("key:\n  a: x\n  b: y")
// on one line in YAML's flow style ("key: {a: x, b: y}"), quoting values
// that flow style would split ("Maximiliansplatz 3, 96047 Bamberg").
// Anything else is returned with its lines joined.
func flowExample(example string) string {
	lines := strings.Split(strings.TrimSpace(example), "\n")
	head, ok := strings.CutSuffix(strings.TrimSpace(lines[0]), ":")
	if !ok || len(lines) < 2 {
		return diag.OneLine(example)
	}
	var fields []string
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(strings.TrimSpace(l), ": ")
		if !ok || !strings.HasPrefix(l, " ") {
			return diag.OneLine(example)
		}
		if strings.ContainsAny(v, ",[]{}#") || strings.Contains(v, ": ") {
			v = strconv.Quote(v)
		}
		fields = append(fields, k+": "+v)
	}
	return head + ": {" + strings.Join(fields, ", ") + "}"
}

// oneOf checks that s is one of allowed (when s is not empty).
func (d *decoder) oneOf(n *load.Node, key, s string, allowed []string) bool {
	if s == "" || slices.Contains(allowed, s) {
		return true
	}
	msg := fmt.Sprintf("%q: %q ist nicht erlaubt", key, s)
	if sug := diag.Suggest(s, allowed); sug != "" {
		msg += fmt.Sprintf(" – gemeint ist wohl %q", sug)
	}
	msg += " (erlaubt: " + strings.Join(allowed, ", ") + ")"
	d.errorf(n, "%s", msg)
	return false
}
