package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// footnotes is goldmark's footnote extension with German titles. The back
// link's arrow is hidden from screen readers, which read its title
// instead; the list is named "Fußnoten".
type footnotes struct{}

func (footnotes) Extend(m goldmark.Markdown) {
	extension.NewFootnote(
		extension.WithFootnoteLinkTitle("Fußnote ^^"),
		extension.WithFootnoteBacklinkTitle("Zurück zum Text"),
		extension.WithFootnoteBacklinkHTML(`<span aria-hidden="true">↩&#xfe0e;</span>`),
	).Extend(m)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(footnoteListRenderer{}, 400)))
}

type footnoteListRenderer struct{}

func (footnoteListRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteList, renderFootnoteList)
}

func renderFootnoteList(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Fußnoten\">\n<hr>\n<ol>\n")
	} else {
		_, _ = w.WriteString("</ol>\n</div>\n")
	}
	return ast.WalkContinue, nil
}
