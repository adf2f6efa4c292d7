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
	"github.com/stadt-bamberg/integration/internal/diag"
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
			return nil, &FrontMatterError{Line: offset + q.open - 1, Message: q.message(offset)}
		}
		return nil, &FrontMatterError{Line: line, Message: "Das Front Matter ist kein gültiges YAML (" + diag.OneLine(msg) + ")" + yamlHint(msg)}
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

// badQuote is a quoted YAML value that is never closed, or closed where
// text still follows on the line of its closing quote.
type badQuote struct {
	open  int    // line of the data on which the quote opens, 1-based
	close int    // line of the closing quote; 0 if there is none
	quote byte   // '"' or '\''
	rest  string // the text after a closing quote on the opening line
}

// message says what is wrong with the quote; offset is the file's line
// of the first line of the data.
func (q badQuote) message(offset int) string {
	line := offset + q.open - 1
	if q.close != q.open {
		return fmt.Sprintf("Das Anführungszeichen in Zeile %d wird nicht geschlossen – bitte am Ende des Werts %c ergänzen", line, q.quote)
	}
	rest := q.rest
	if r := []rune(rest); len(r) > 30 {
		rest = string(r[:30]) + "…"
	}
	how := `ein " im Wert bitte als \" schreiben oder den ganzen Wert in ' setzen`
	if q.quote == '\'' {
		how = `ein ' im Wert bitte doppelt schreiben ('') oder den ganzen Wert in " setzen`
	}
	return fmt.Sprintf("Nach dem schließenden Anführungszeichen in Zeile %d steht noch Text (%s) – %s", line, rest, how)
}

// findBadQuote looks through YAML data for the first quoted value that is
// not closed, or after whose closing quote text follows on the line, and
// so finds where a YAML error that the parser notices only later (at the
// end of the front matter, or at the next quote) was made. A value that
// starts with a quote may go on over several lines as long as the quote
// is closed properly; quotes inside plain text, comments and block texts
// (| and >) do not count. It is a scanner of YAML's quoting only, used
// after the parser has failed.
func findBadQuote(data []byte) (badQuote, bool) {
	s := string(data)
	var (
		line        = 1
		flow        = 0     // depth of [ ] and { }
		expect      = true  // a value (or key) may start here
		plain       = false // inside a plain (unquoted) value
		plainIndent = 0     // indentation of the line the plain value started on
		block       = -1    // ≥ 0: skipping a block text (| or >) of a line with this indentation
		indent      = 0     // of the current line
	)
	isSpace := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' }
	for i := 0; i < len(s); i++ {
		if i == 0 || s[i-1] == '\n' { // start of a line
			indent = 0
			for i+indent < len(s) && s[i+indent] == ' ' {
				indent++
			}
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			blank := strings.TrimSpace(s[i:i+end]) == ""
			if block >= 0 {
				if blank || indent > block {
					i += end
					line++
					continue
				}
				block = -1
			}
			if flow == 0 {
				// A line indented deeper than the one a plain value
				// started on goes on with that value.
				expect = !(plain && !blank && indent > plainIndent)
				if expect {
					plain = false
				}
			}
		}
		c := s[i]
		switch {
		case c == '\n':
			line++
		case c == ' ' || c == '\t' || c == '\r':
		case c == '#' && (i == 0 || isSpace(i-1)):
			for i+1 < len(s) && s[i+1] != '\n' { // a comment, to the end of the line
				i++
			}
		case expect && (c == '"' || c == '\''):
			open := line
			j := i + 1
			for ; j < len(s); j++ {
				ch := s[j]
				if ch == '\n' {
					line++
				} else if c == '"' && ch == '\\' {
					if j+1 < len(s) && s[j+1] == '\n' {
						line++
					}
					j++
				} else if ch == c {
					if c == '\'' && j+1 < len(s) && s[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(s) {
				return badQuote{open: open, quote: c}, true
			}
			end := strings.IndexByte(s[j+1:], '\n')
			if end < 0 {
				end = len(s) - j - 1
			}
			rest := strings.TrimSpace(strings.TrimRight(s[j+1:j+1+end], "\r"))
			ok := rest == "" || strings.HasPrefix(rest, "#") && isSpace(j+1) ||
				rest[0] == ':' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t') ||
				flow > 0 && strings.ContainsRune(",]}:", rune(rest[0]))
			if !ok {
				q := badQuote{open: open, close: line, quote: c}
				if line == open {
					q.rest = rest
				}
				return q, true
			}
			i, expect, plain = j, false, false
		case expect && flow == 0 && (c == '|' || c == '>'):
			block = indent
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case expect && (c == '&' || c == '!'): // an anchor or a tag before the value
			for !isSpace(i + 1) {
				i++
			}
		case c == '[' || c == '{':
			if expect || flow > 0 {
				flow++
				expect, plain = true, false
			} else {
				expect = false
			}
		case flow > 0 && (c == ']' || c == '}'):
			flow--
			expect = false
		case flow > 0 && c == ',':
			expect = true
		case expect && (c == '-' || c == '?') && isSpace(i+1): // a list item or an explicit key
		case c == ':' && (isSpace(i+1) || flow > 0 && i+1 < len(s) && strings.IndexByte(",]}", s[i+1]) >= 0):
			expect, plain = true, false
		default:
			if expect && flow == 0 {
				plain, plainIndent = true, indent
			}
			expect = false
		}
	}
	return badQuote{}, false
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
