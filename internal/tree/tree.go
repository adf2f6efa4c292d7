// Package tree decodes a YAML or TOML text — a page's front matter, a
// site's i18n/<code>.yaml — into a tree of [Node]s that remember the line
// each value was written on, so that a later stage can say "path:line:
// message" about any value.
//
// [Parse] takes the text, the line of the file on which it starts, and the
// [Words] that name the text in messages ("Das Front Matter", "Die
// Datei"); every problem is an [*Error] with the file's line at fault and
// a one-line German message for editors. Scalars keep the text as written:
// dates are parsed later by package dates, never by the YAML or TOML
// decoder.
//
// YAML is read with gopkg.in/yaml.v3, which knows the lines of values.
// Where it fails late (a quote left open is noticed only at the end of the
// text or at the next quote), a scanner of YAML's quoting (quote.go) finds
// the line where the quote opens. TOML is read with go-toml, which does
// not report the lines of keys: they are found by scanning for "key ="
// and "[table]" lines, and a key that cannot be found gets the line of its
// table.
//
// Threat model: the text is written by editors, through the CMS or by
// hand, and may be anything. Decoding must not crash, hang or take memory
// out of proportion to the text: YAML aliases (*name) that expand to
// billions of values and nesting deeper than a reader could follow are
// refused with a message; every message is one line.
package tree

import "fmt"

// Kind says what a [Node] holds.
type Kind int

// Kinds of nodes.
const (
	Null Kind = iota
	Scalar
	List
	Map
)

// Node is one value with the line it was written on. Scalars keep the
// text as written, with Tag telling how the format typed it: "str",
// "int", "float", "bool" or "null" (YAML's core tags; a TOML date or
// date-time becomes "str" in the form package dates accepts).
type Node struct {
	Line   int
	Kind   Kind
	Text   string
	Tag    string
	Items  []*Node // List
	Fields []Field // Map, in the order written
}

// Field is one key of a map with its value.
type Field struct {
	Key   string
	Line  int
	Value *Node
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil {
		return nil
	}
	for _, f := range n.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// Describe names the kind of value for messages ("Text", "eine Liste", …).
func (n *Node) Describe() string {
	switch n.Kind {
	case Null:
		return "leer"
	case List:
		return "eine Liste"
	case Map:
		return "eine Gruppe von Schlüsseln"
	}
	switch n.Tag {
	case "int", "float":
		return "eine Zahl"
	case "bool":
		return "true/false"
	}
	return "Text"
}

// Error is a problem at a line of the file.
type Error struct {
	Line    int
	Message string
}

func (e *Error) Error() string { return e.Message }

// Words name the text in messages, which are German sentences.
type Words struct {
	The string // the subject at the start of a sentence: "Das Front Matter"
	In  string // where in it: "im Front Matter"
}

// Parse decodes src, a YAML or TOML text (format "yaml" or "toml") that
// starts at line first of its file, into a Map node; empty text is an
// empty Map at line first. A problem is an [*Error] whose message names
// the text with w.
func Parse(format string, src []byte, first int, w Words) (*Node, error) {
	switch format {
	case "yaml":
		return parseYAML(src, first, w)
	case "toml":
		return parseTOML(src, first, w)
	}
	panic(fmt.Sprintf("tree.Parse: unknown format %q", format))
}
