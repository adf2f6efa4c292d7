package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/stadt-bamberg/integration/internal/diag"
)

// stateKey holds the *state of the conversion in its parser.Context.
var stateKey = parser.NewContextKey()

// state is what one conversion collects. It lives in the parser.Context, so
// conversions running at the same time share nothing.
type state struct {
	page       *Page
	src        []byte
	starts     []int // offsets in src at which its lines start
	result     Result
	diags      []diag.Diagnostic
	directives []*Directive // valid directives, for their render errors
	eagerUsed  bool         // a picture is loaded at once already
}

func newState(src []byte, p *Page) *state {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 || off+i+1 >= len(src) {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	return &state{page: p, src: src, starts: starts}
}

// stateOf returns the state of the conversion pc belongs to, or nil if pc
// does not come from Convert.
func stateOf(pc parser.Context) *state {
	st, _ := pc.Get(stateKey).(*state)
	return st
}

// line returns the line of the file holding byte off of src.
func (st *state) line(off int) int {
	i, found := slices.BinarySearch(st.starts, max(off, 0))
	if !found {
		i--
	}
	return st.page.FirstLine + i
}

func (st *state) errorf(line int, format string, args ...any) {
	st.diags = append(st.diags, diag.Diagnostic{Path: st.page.Path, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (st *state) warnf(line int, format string, args ...any) {
	st.diags = append(st.diags, diag.Diagnostic{Path: st.page.Path, Line: line, Severity: diag.Warning, Message: fmt.Sprintf(format, args...)})
}

// diagnostics returns the diagnostics sorted, duplicates removed.
func (st *state) diagnostics() []diag.Diagnostic {
	slices.SortFunc(st.diags, diag.Compare)
	return slices.Compact(st.diags)
}

// offset returns the offset in the source at which n starts, or where the
// nearest block around it starts if n's own position is unknown.
func offset(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		if p := n.Pos(); p >= 0 {
			return p
		}
	}
	return 0
}

// block returns the nearest block node holding n that has lines.
func block(n ast.Node) ast.Node {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n
		}
	}
	return nil
}

// plainText returns the text of n's inline children as a reader sees it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	writePlain(&b, n, src)
	return strings.Join(strings.Fields(b.String()), " ")
}

func writePlain(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML, *extast.FootnoteLink, *extast.FootnoteBacklink:
		default:
			writePlain(b, c, src)
		}
	}
}

// bufferWriter is a util.BufWriter that keeps what is written.
type bufferWriter struct{ bytes.Buffer }

func (b *bufferWriter) Buffered() int { return b.Len() }
func (b *bufferWriter) Flush() error  { return nil }

var _ util.BufWriter = (*bufferWriter)(nil)
