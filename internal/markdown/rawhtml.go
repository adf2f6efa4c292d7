package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rawHTML handles HTML written in Markdown. Unless the page allows it, the
// transformer replaces it by text that shows it as typed and warns; what is
// left is passed through by the renderer.
type rawHTML struct{}

const msgRawHTML = "HTML ist in Markdown ausgeschaltet und wird als Text angezeigt – wenn die Seite HTML braucht: raw_html: true ins Front Matter"

func (rawHTML) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawHTMLTransformer{}, 1200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(rawHTMLRenderer{}, 100)))
}

type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			if entering {
				found = append(found, n)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if st.page.RawHTML {
		for _, n := range found {
			if why := scriptHTML(rawSource(n, st.src)); why != "" {
				st.errorf(st.line(offset(n)), msgScriptHTML, why)
			}
		}
		return
	}
	for _, n := range found {
		st.warnf(st.line(offset(n)), msgRawHTML)
		parent := n.Parent()
		switch n := n.(type) {
		case *ast.RawHTML:
			parent.ReplaceChild(parent, n, asText(n.Segments, st.src))
		case *ast.HTMLBlock:
			lines := text.NewSegments()
			lines.AppendAll(n.Lines().Sliced(0, n.Lines().Len()))
			if n.HasClosure() {
				lines.Append(n.ClosureLine)
			}
			p := ast.NewParagraph()
			p.SetLines(lines)
			p.AppendChild(p, asText(lines, st.src))
			parent.ReplaceChild(parent, n, p)
		}
	}
}

// rawSource returns the HTML source of a RawHTML or HTMLBlock node.
func rawSource(n ast.Node, src []byte) []byte {
	switch n := n.(type) {
	case *ast.RawHTML:
		return n.Segments.Value(src)
	case *ast.HTMLBlock:
		b := n.Lines().Value(src)
		if n.HasClosure() {
			b = append(b, n.ClosureLine.Value(src)...)
		}
		return b
	}
	return nil
}

// asText returns a node showing the source of segs as it is.
func asText(segs *text.Segments, src []byte) ast.Node {
	v := segs.Value(src)
	for len(v) > 0 && (v[len(v)-1] == '\n' || v[len(v)-1] == '\r') {
		v = v[:len(v)-1]
	}
	s := ast.NewString(v)
	s.SetRaw(true) // written with only <, >, &, " escaped
	return s
}

type rawHTMLRenderer struct{}

func (rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		_, _ = w.Write(n.Segments.Value(src))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if entering {
		html.DefaultWriter.SecureWrite(w, n.Lines().Value(src))
	} else if n.HasClosure() {
		html.DefaultWriter.SecureWrite(w, n.ClosureLine.Value(src))
	}
	return ast.WalkContinue, nil
}
