package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// German typography: goldmark's typographer with German quotes, a dash for
// a hyphen between spaces, and closing single quotes told apart from
// apostrophes.
//
// goldmark's typographer writes its RightSingleQuote both for closing
// quotes and for apostrophes after a word (Hans' Buch), which are the same
// character in English but not in German (‘ and ’). It is therefore given
// a placeholder, which quoteTransformer turns into ‘ where a ‚ is open in
// the same block and into ’ elsewhere.
type typography struct{}

const (
	openSingle  = "‚"
	closeSingle = "‘"
	apostrophe  = "’"
	rightSingle = "&rsquo;" // placeholder; as it stands it shows ’
)

var (
	closeSingleBytes = []byte(closeSingle)
	apostropheBytes  = []byte(apostrophe)
	dashBytes        = []byte("–")
)

func (typography) Extend(m goldmark.Markdown) {
	extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
		extension.LeftDoubleQuote:  "„",
		extension.RightDoubleQuote: "“",
		extension.LeftSingleQuote:  openSingle,
		extension.RightSingleQuote: rightSingle,
		extension.Apostrophe:       apostrophe,
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
	})).Extend(m)
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(dashParser{}, 9990)),
		parser.WithASTTransformers(util.Prioritized(quoteTransformer{}, 1100)),
	)
}

// dashParser turns a hyphen with white space on both sides into a dash.
type dashParser struct{}

func (dashParser) Trigger() []byte { return []byte{'-'} }

func (dashParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) == 0 || line[0] != '-' || (len(line) > 1 && !util.IsSpace(line[1])) {
		return nil
	}
	if before := block.PrecendingCharacter(); before != ' ' && before != '\t' && before != '\n' {
		return nil
	}
	block.Advance(1)
	s := ast.NewString(dashBytes)
	s.SetCode(true)
	return s
}

// quoteTransformer pairs the placeholders for closing single quotes with
// the opening ones before them in the same block.
type quoteTransformer struct{}

func (quoteTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	open := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		s, ok := n.(*ast.String)
		switch {
		case !ok:
			if n.Type() == ast.TypeBlock {
				open = 0
			}
		case !s.IsCode():
		case string(s.Value) == openSingle:
			open++
		case string(s.Value) == rightSingle && open > 0:
			open--
			s.Value = closeSingleBytes
		case string(s.Value) == rightSingle:
			s.Value = apostropheBytes
		}
		return ast.WalkContinue, nil
	})
}
