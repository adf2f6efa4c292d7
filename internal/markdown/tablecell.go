package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// accessibleCells makes GFM's table alignment and task lists work under a
// strict Content-Security-Policy and for screen readers: aligned cells get
// class="align-right" or "align-center" (the stylesheet aligns them)
// instead of a style attribute, and each task list box gets a label
// ("erledigt" or "offen").
type accessibleCells struct{}

func (accessibleCells) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(alignTransformer{}, 1450)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(checkBoxRenderer{}, 100)))
}

type alignTransformer struct{}

func (alignTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*extast.TableCell); ok && entering {
			switch c.Alignment {
			case extast.AlignRight:
				c.SetAttributeString("class", []byte("align-right"))
			case extast.AlignCenter:
				c.SetAttributeString("class", []byte("align-center"))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

type checkBoxRenderer struct{}

func (checkBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if n.(*extast.TaskCheckBox).IsChecked {
				_, _ = w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="erledigt"> `)
			} else {
				_, _ = w.WriteString(`<input disabled="" type="checkbox" aria-label="offen"> `)
			}
		}
		return ast.WalkContinue, nil
	})
}
