package load

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/adrg/frontmatter"
	"github.com/stadt-bamberg/integration/internal/tree"
)

// Node is one value of front matter with the line it was written on; see
// package tree, which decodes it.
type Node = tree.Node

// Field is one key of a front matter map with its value.
type Field = tree.Field

// Kinds of front matter nodes.
const (
	Null   = tree.Null
	Scalar = tree.Scalar
	List   = tree.List
	Map    = tree.Map
)

// frontMatterWords name front matter in messages.
var frontMatterWords = tree.Words{The: "Das Front Matter", In: "im Front Matter"}

// parseFrontMatter splits src into front matter and body. It returns the
// front matter as a map node, the format ("yaml" or "toml"), the body and
// the 1-based line on which the body starts. An error is a *tree.Error.
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
		return nil, "", nil, 0, &tree.Error{Line: firstLine, Message: "Die Seite beginnt nicht mit Front Matter: die erste Zeile muss --- sein (danach z. B. title: \"Titel der Seite\", dann wieder ---)"}
	}
	var data []byte
	keep := func(d []byte, _ any) error { data = d; return nil }
	body, err = frontmatter.MustParse(bytes.NewReader(src), nil, frontmatter.NewFormat(delim, delim, keep))
	if errors.Is(err, frontmatter.ErrNotFound) {
		return nil, format, nil, 0, &tree.Error{Line: firstLine, Message: fmt.Sprintf("Das Front Matter wird nicht abgeschlossen: nach den Angaben fehlt eine Zeile mit %s", delim)}
	}
	if err != nil {
		return nil, format, nil, 0, &tree.Error{Line: firstLine, Message: "Front Matter kann nicht gelesen werden: " + err.Error()}
	}
	root, err = tree.Parse(format, data, firstLine+1, frontMatterWords)
	if err != nil {
		return nil, format, nil, 0, err
	}
	bodyLine = 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n"))
	return root, format, body, bodyLine, nil
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
