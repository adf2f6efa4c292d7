package tree

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"gopkg.in/yaml.v3"
)

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML decodes YAML into a Node tree; line numbers are made
// file-relative by adding offset-1.
func parseYAML(data []byte, offset int, w Words) (*Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line, known := offset, false
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, known = offset+n-1, true
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		// The parser notices a quote left open only where the text ends or
		// the next quote closes it, and then names that line or the start
		// of the enclosing block; the mistake is where the quote opens.
		if q, ok := findBadQuote(data); ok && (!known || offset+q.open-1 <= line || yamlLostTrack(msg)) {
			return nil, &Error{Line: offset + q.open - 1, Message: q.message(offset)}
		}
		return nil, &Error{Line: line, Message: w.The + " ist kein gültiges YAML (" + diag.OneLine(msg) + ")" + yamlHint(msg)}
	}
	if len(doc.Content) == 0 {
		return &Node{Line: offset, Kind: Map}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Line: offset + root.Line - 1, Message: w.The + " muss aus Zeilen der Form schlüssel: wert bestehen"}
	}
	c := converter{off: offset - 1, budget: maxNodes, w: w}
	return c.convert(root, 0)
}

// yamlLostTrack reports whether a YAML error message is one of those the
// parser gives at the end of the text or the start of a block rather than
// where the mistake is.
func yamlLostTrack(msg string) bool {
	for _, m := range []string{"found unexpected end of stream", "did not find expected", "could not find expected"} {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

func yamlHint(msg string) string {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return " – steht ein Doppelpunkt im Wert? Dann den Wert in Anführungszeichen setzen"
	case strings.Contains(msg, "found character that cannot start any token"):
		return " – Tabulatoren sind in YAML nicht erlaubt, bitte Leerzeichen verwenden"
	case strings.Contains(msg, "did not find expected key"):
		return " – ist eine Zeile falsch eingerückt?"
	}
	return ""
}

// maxNodes bounds the values of one text after YAML aliases (*name) are
// expanded: a few lines of nested aliases can otherwise stand for
// billions of values.
const maxNodes = 10000

// maxDepth bounds the nesting of values.
const maxDepth = 50

type converter struct {
	off    int // added to the parser's lines
	budget int // values still allowed
	w      Words
}

func (c *converter) convert(y *yaml.Node, depth int) (*Node, error) {
	if c.budget--; c.budget < 0 {
		return nil, &Error{Line: y.Line + c.off, Message: c.w.The + " ist zu groß: zu viele Werte (durch Verweise mit & und *?) – bitte die Angaben direkt hinschreiben"}
	}
	if depth > maxDepth {
		return nil, &Error{Line: y.Line + c.off, Message: c.w.The + " ist zu tief verschachtelt"}
	}
	n := &Node{Line: y.Line + c.off}
	switch y.Kind {
	case yaml.AliasNode:
		return c.convert(y.Alias, depth+1)
	case yaml.ScalarNode:
		n.Text = y.Value
		switch y.ShortTag() {
		case "!!null":
			n.Kind, n.Tag, n.Text = Null, "null", ""
		case "!!int":
			n.Kind, n.Tag = Scalar, "int"
		case "!!float":
			n.Kind, n.Tag = Scalar, "float"
		case "!!bool":
			n.Kind, n.Tag = Scalar, "bool"
			n.Text = strings.ToLower(y.Value)
		default:
			n.Kind, n.Tag = Scalar, "str"
		}
	case yaml.SequenceNode:
		n.Kind = List
		for _, it := range y.Content {
			item, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, item)
		}
	case yaml.MappingNode:
		n.Kind = Map
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{Line: k.Line + c.off, Message: "Ein Schlüssel " + c.w.In + " muss ein einfaches Wort sein"}
			}
			for _, f := range n.Fields {
				if f.Key == k.Value {
					return nil, &Error{Line: k.Line + c.off, Message: fmt.Sprintf("%q steht doppelt %s (zuerst in Zeile %d)", k.Value, c.w.In, f.Line)}
				}
			}
			val, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			n.Fields = append(n.Fields, Field{Key: k.Value, Line: k.Line + c.off, Value: val})
		}
	default:
		n.Kind = Null
	}
	return n, nil
}
