package load

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
	toml "github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"
)

// NodeKind says what a front matter [Node] holds.
type NodeKind int

// Kinds of front matter nodes.
const (
	Null NodeKind = iota
	Scalar
	List
	Map
)

// Node is one value of front matter with the line it was written on.
// Scalars keep the text as written (dates are parsed later by package
// dates, never by the YAML or TOML decoder), with Tag telling how the
// format typed it: "str", "int", "float", "bool" or "null" (YAML's core
// tags; a TOML date or date-time becomes "str" in the form dates accepts).
type Node struct {
	Line   int
	Kind   NodeKind
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

// Describe names the kind of value for messages ("Text", "Liste", …).
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

// FrontMatterError is a front matter problem at a line of the file.
type FrontMatterError struct {
	Line    int
	Message string
}

func (e *FrontMatterError) Error() string { return e.Message }

var (
	errNoFrontMatter = errors.New("no front matter")
	yamlLineRe       = regexp.MustCompile(`^yaml: line (\d+): `)
)

type parsed struct {
	root *Node
}

// parseFrontMatter splits src into front matter and body. It returns the
// front matter as a map node, the format ("yaml" or "toml"), the body and
// the 1-based line on which the body starts.
func parseFrontMatter(src []byte) (root *Node, format string, body []byte, bodyLine int, err error) {
	// The line of the opening delimiter, after blank lines.
	first, firstLine := firstLine(src)
	var delim string
	switch first {
	case "---":
		delim, format = "---", "yaml"
	case "+++":
		delim, format = "+++", "toml"
	default:
		return nil, "", nil, 0, &FrontMatterError{Line: firstLine, Message: "Die Seite beginnt nicht mit Front Matter: die erste Zeile muss --- sein (danach z. B. title: \"Titel der Seite\", dann wieder ---)"}
	}
	dataLine := firstLine + 1 // first line of the front matter data

	var p parsed
	unmarshalYAML := func(data []byte, _ any) error {
		r, err := yamlTree(data, dataLine)
		p.root = r
		return err
	}
	unmarshalTOML := func(data []byte, _ any) error {
		r, err := tomlTree(data, dataLine)
		p.root = r
		return err
	}
	rest, err := frontmatter.MustParse(bytes.NewReader(src), &p,
		frontmatter.NewFormat("---", "---", unmarshalYAML),
		frontmatter.NewFormat("+++", "+++", unmarshalTOML),
	)
	if err != nil {
		var fe *FrontMatterError
		if errors.As(err, &fe) {
			return nil, format, nil, 0, fe
		}
		if errors.Is(err, frontmatter.ErrNotFound) {
			return nil, format, nil, 0, &FrontMatterError{Line: firstLine, Message: fmt.Sprintf("Das Front Matter wird nicht abgeschlossen: nach den Angaben fehlt eine Zeile mit %s", delim)}
		}
		return nil, format, nil, 0, &FrontMatterError{Line: firstLine, Message: "Front Matter kann nicht gelesen werden: " + err.Error()}
	}
	consumed := len(src) - len(rest)
	bodyLine = 1 + bytes.Count(src[:consumed], []byte("\n"))
	if p.root == nil { // empty front matter
		p.root = &Node{Line: dataLine, Kind: Map}
	}
	return p.root, format, rest, bodyLine, nil
}

func firstLine(src []byte) (string, int) {
	line := 1
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		var l []byte
		if i < 0 {
			l, src = src, nil
		} else {
			l, src = src[:i], src[i+1:]
		}
		if s := strings.TrimSpace(string(l)); s != "" {
			return s, line
		}
		line++
	}
	return "", line
}

// yamlTree decodes YAML front matter into a Node tree; line numbers are
// made file-relative by adding offset-1.
func yamlTree(data []byte, offset int) (*Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := offset
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = offset + n - 1
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, &FrontMatterError{Line: line, Message: "Das Front Matter ist kein gültiges YAML (" + msg + ")" + yamlHint(msg)}
	}
	if len(doc.Content) == 0 {
		return &Node{Line: offset, Kind: Map}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &FrontMatterError{Line: offset + root.Line - 1, Message: "Das Front Matter muss aus Zeilen der Form schlüssel: wert bestehen"}
	}
	budget := maxNodes
	return convertYAML(root, offset-1, 0, &budget)
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

// maxNodes bounds the values of one front matter after YAML aliases
// (*name) are expanded: a few lines of nested aliases can otherwise stand
// for billions of values.
const maxNodes = 10000

func convertYAML(y *yaml.Node, off, depth int, budget *int) (*Node, error) {
	if *budget--; *budget < 0 {
		return nil, &FrontMatterError{Line: y.Line + off, Message: "Das Front Matter ist zu groß: zu viele Werte (durch Verweise mit & und *?) – bitte die Angaben direkt hinschreiben"}
	}
	if depth > 50 {
		return nil, &FrontMatterError{Line: y.Line + off, Message: "Das Front Matter ist zu tief verschachtelt"}
	}
	n := &Node{Line: y.Line + off}
	switch y.Kind {
	case yaml.AliasNode:
		return convertYAML(y.Alias, off, depth+1, budget)
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
		for _, c := range y.Content {
			item, err := convertYAML(c, off, depth+1, budget)
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
				return nil, &FrontMatterError{Line: k.Line + off, Message: "Ein Schlüssel im Front Matter muss ein einfaches Wort sein"}
			}
			for _, f := range n.Fields {
				if f.Key == k.Value {
					return nil, &FrontMatterError{Line: k.Line + off, Message: fmt.Sprintf("%q steht doppelt im Front Matter (zuerst in Zeile %d)", k.Value, f.Line)}
				}
			}
			val, err := convertYAML(v, off, depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.Fields = append(n.Fields, Field{Key: k.Value, Line: k.Line + off, Value: val})
		}
	default:
		n.Kind = Null
	}
	return n, nil
}

// tomlTree decodes TOML front matter. go-toml does not report the lines of
// keys, so they are found by scanning for "key =" and "[table]" lines; a
// key that cannot be found gets the line of its table.
func tomlTree(data []byte, offset int) (*Node, error) {
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		line := offset
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			line = offset + row - 1
		}
		return nil, &FrontMatterError{Line: line, Message: "Das Front Matter ist kein gültiges TOML (" + err.Error() + ")"}
	}
	lines := strings.Split(string(data), "\n")
	return convertTOML(m, lines, offset, "", offset), nil
}

func keyLine(lines []string, offset int, table, key string) int {
	inTable := table == ""
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			name := strings.Trim(t, "[] ")
			inTable = name == table
			if table != "" && name == table+"."+key {
				return offset + i
			}
			continue
		}
		if !inTable {
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return offset + i
		}
	}
	return -1
}

func convertTOML(v any, lines []string, offset int, table string, line int) *Node {
	n := &Node{Line: line, Kind: Scalar}
	switch v := v.(type) {
	case nil:
		n.Kind, n.Tag = Null, "null"
	case string:
		n.Text, n.Tag = v, "str"
	case bool:
		n.Text, n.Tag = strconv.FormatBool(v), "bool"
	case int64:
		n.Text, n.Tag = strconv.FormatInt(v, 10), "int"
	case float64:
		n.Text, n.Tag = strconv.FormatFloat(v, 'g', -1, 64), "float"
	case toml.LocalDate:
		n.Text, n.Tag = v.String(), "str"
	case toml.LocalDateTime:
		n.Text, n.Tag = v.String(), "str"
	case toml.LocalTime:
		n.Text, n.Tag = v.String(), "str"
	case time.Time:
		n.Text, n.Tag = v.Format(time.RFC3339Nano), "str"
	case []any:
		n.Kind = List
		for _, it := range v {
			n.Items = append(n.Items, convertTOML(it, lines, offset, table, line))
		}
	case map[string]any:
		n.Kind = Map
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		ls := map[string]int{}
		for _, k := range keys {
			l := keyLine(lines, offset, table, k)
			if l < 0 {
				l = line
			}
			ls[k] = l
		}
		slices.SortFunc(keys, func(a, b string) int {
			if ls[a] != ls[b] {
				return ls[a] - ls[b]
			}
			return strings.Compare(a, b)
		})
		for _, k := range keys {
			sub := k
			if table != "" {
				sub = table + "." + k
			}
			n.Fields = append(n.Fields, Field{Key: k, Line: ls[k], Value: convertTOML(v[k], lines, offset, sub, ls[k])})
		}
	default:
		n.Text, n.Tag = fmt.Sprint(v), "str"
	}
	return n
}

// ParseData decodes a whole YAML or TOML file (format "yaml" or "toml"),
// such as a site's i18n/<code>.yaml, into a Map node whose nodes carry
// their lines. An error is a *FrontMatterError with the line at fault.
func ParseData(data []byte, format string) (*Node, error) {
	var (
		n   *Node
		err error
	)
	if format == "toml" {
		n, err = tomlTree(data, 1)
	} else {
		n, err = yamlTree(data, 1)
	}
	if fe, ok := err.(*FrontMatterError); ok {
		fe.Message = strings.Replace(fe.Message, "Das Front Matter", "Die Datei", 1)
	}
	return n, err
}
