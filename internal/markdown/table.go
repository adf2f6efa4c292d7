package markdown

import (
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// tableScroll wraps every table in a region that scrolls sideways on small
// screens and can be reached with the keyboard to scroll it.
type tableScroll struct{}

// kindTableScroll is the ast.NodeKind of tableScrollNode.
var kindTableScroll = ast.NewNodeKind("TableScroll")

// tableScrollNode is a block holding one table.
type tableScrollNode struct {
	ast.BaseBlock
	n int // the table's number on the page, for a unique label
}

func (n *tableScrollNode) Kind() ast.NodeKind { return kindTableScroll }

func (n *tableScrollNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

func (tableScroll) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tableScrollTransformer{}, 1500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableScrollRenderer{}, 100)))
}

type tableScrollTransformer struct{}

func (tableScrollTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var tables []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() == extast.KindTable {
			if entering {
				tables = append(tables, n)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for i, t := range tables {
		wrap := &tableScrollNode{n: i + 1}
		parent := t.Parent()
		parent.ReplaceChild(parent, t, wrap)
		wrap.AppendChild(wrap, t)
	}
}

type tableScrollRenderer struct{}

func (tableScrollRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTableScroll, renderTableScroll)
}

func renderTableScroll(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		// Each region needs a label of its own (landmarks must be unique).
		fmt.Fprintf(w, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tabelle %d\">\n", n.(*tableScrollNode).n)
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
