package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindDirective is the ast.NodeKind of Directive.
var KindDirective = ast.NewNodeKind("Directive")

// Directive is a leaf directive ::name{key="value" key=value} on a line of
// its own.
type Directive struct {
	ast.BaseBlock
	Name  string
	Attrs []Attr // in the order written
	Line  int    // line in the file (Page.FirstLine applied)
	Data  any    // set by Page.ResolveDirective; read by the directive renderer

	errs      []string // what is wrong with the line, for editors
	ok        bool     // valid and resolved: to be rendered
	renderErr error
}

// Attr is an attribute of a directive.
type Attr struct{ Key, Value string }

// Attr returns the value of the attribute key and whether it was given.
func (d *Directive) Attr(key string) (string, bool) {
	for _, a := range d.Attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// Kind implements ast.Node.
func (d *Directive) Kind() ast.NodeKind { return KindDirective }

// IsRaw implements ast.Node: a directive has no inline content.
func (d *Directive) IsRaw() bool { return true }

// Dump implements ast.Node.
func (d *Directive) Dump(src []byte, level int) {
	kv := map[string]string{"Name": d.Name}
	for _, a := range d.Attrs {
		kv["Attr "+a.Key] = a.Value
	}
	ast.DumpHelper(d, src, level, kv, nil)
}

// directives parses directive lines, checks and resolves them, and renders
// them with render.
type directives struct {
	render func(w util.BufWriter, d *Directive) error
}

func (e *directives) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(directiveParser{}, 100)),
		parser.WithASTTransformers(util.Prioritized(directiveTransformer{}, 1600)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&directiveRenderer{render: e.render}, 100)))
}

// directiveParser reads every line starting with "::" as a directive, so
// that a mistyped one is reported rather than shown as text.
type directiveParser struct{}

func (directiveParser) Trigger() []byte { return []byte{':'} }

func (directiveParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos+1 >= len(line) || line[pos] != ':' || line[pos+1] != ':' {
		return nil, parser.NoChildren
	}
	d := &Directive{}
	d.Name, d.Attrs, d.errs = parseDirective(line[pos:])
	reader.AdvanceToEOL()
	return d, parser.NoChildren
}

func (directiveParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}

func (directiveParser) Close(ast.Node, text.Reader, parser.Context) {}

func (directiveParser) CanInterruptParagraph() bool { return true }

func (directiveParser) CanAcceptIndentedLine() bool { return false }

// directiveTransformer sets the directives' lines, reports their errors
// and resolves the valid ones.
type directiveTransformer struct{}

func (directiveTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		d, ok := n.(*Directive)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		d.Line = st.line(offset(d))
		for _, e := range d.errs {
			st.errorf(d.Line, "%s", e)
		}
		if len(d.errs) > 0 {
			return ast.WalkSkipChildren, nil
		}
		if r := st.page.ResolveDirective; r != nil {
			if err := r(d); err != nil {
				st.errorf(d.Line, "%s", err)
				return ast.WalkSkipChildren, nil
			}
		}
		d.ok = true
		st.directives = append(st.directives, d)
		return ast.WalkSkipChildren, nil
	})
}

type directiveRenderer struct {
	render func(w util.BufWriter, d *Directive) error
}

func (r *directiveRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDirective, r.renderDirective)
}

// renderDirective writes what r.render writes for a valid directive, or
// nothing if it fails; the error is reported after rendering.
func (r *directiveRenderer) renderDirective(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	d := n.(*Directive)
	if !entering || !d.ok || r.render == nil {
		return ast.WalkSkipChildren, nil
	}
	var b bufferWriter
	if err := r.render(&b, d); err != nil {
		d.renderErr = err
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.Write(b.Bytes())
	return ast.WalkSkipChildren, nil
}
