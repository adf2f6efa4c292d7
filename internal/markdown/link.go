package markdown

import (
	"bytes"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// links collects links and images with their lines and rewrites links to
// Markdown files with Page.ResolveLink.
type links struct{}

func (links) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 1400)))
}

type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			st.link(n)
		case *ast.AutoLink:
			dest := string(n.URL(st.src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			st.result.Links = append(st.result.Links, Link{Dest: dest, Line: st.line(offset(n))})
		case *ast.Image:
			st.result.Images = append(st.result.Images, Image{
				Src:  string(n.Destination),
				Alt:  plainText(n, st.src),
				Line: st.destLine(n, n.Destination),
			})
			n.Destination = st.fromBase(n.Destination)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func (st *state) link(n *ast.Link) {
	dest := string(n.Destination)
	line := st.destLine(n, n.Destination)
	st.result.Links = append(st.result.Links, Link{Dest: dest, Line: line})
	target, frag, _ := strings.Cut(dest, "#")
	if !isMarkdownFile(target) {
		n.Destination = st.fromBase(n.Destination)
		return
	}
	if st.page.ResolveLink == nil {
		st.errorf(line, "Der Link auf %s zeigt auf eine Markdown-Datei, die hier nicht aufgelöst werden kann", quote(dest))
		return
	}
	url, err := st.page.ResolveLink(dest)
	if err != nil {
		st.errorf(line, "%s", err)
		return
	}
	if frag != "" && !strings.Contains(url, "#") {
		url += "#" + frag
	}
	n.Destination = []byte(url)
}

// fromBase returns dest made absolute against Page.FileBase when it is a
// relative path (no scheme, not "/…", "#…" or "?…"), else dest.
func (st *state) fromBase(dest []byte) []byte {
	base := st.page.FileBase
	if base == "" || len(dest) == 0 || dest[0] == '/' || dest[0] == '#' || dest[0] == '?' {
		return dest
	}
	if i := bytes.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return dest // a scheme: https:, mailto:
	}
	p, rest := string(dest), ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, rest = p[:i], p[i:]
	}
	abs := path.Join(base, p)
	if strings.HasSuffix(p, "/") {
		abs += "/"
	}
	return []byte(abs + rest)
}

// isMarkdownFile reports whether the path of a link names a Markdown file
// of the site: it ends in ".md" and has no scheme or host.
func isMarkdownFile(path string) bool {
	if !strings.HasSuffix(path, ".md") || strings.HasPrefix(path, "//") {
		return false
	}
	i := strings.IndexAny(path, ":/?")
	return i < 0 || path[i] != ':'
}

// destLine returns the line of the link or image n: the line on which its
// destination is written if it can be found in its block after "(",
// else the line on which n starts.
func (st *state) destLine(n ast.Node, dest []byte) int {
	start := min(offset(n), len(st.src))
	end := len(st.src)
	if b := block(n); b != nil {
		end = min(max(b.Lines().At(b.Lines().Len()-1).Stop, start), end)
	}
	for from := start; len(dest) > 0 && from < end; {
		i := bytes.Index(st.src[from:end], dest)
		if i < 0 {
			break
		}
		at := from + i
		if afterParen(st.src[start:at]) {
			return st.line(at)
		}
		from = at + 1
	}
	return st.line(start)
}

// afterParen reports whether b ends in "(" followed by nothing but white
// space, blockquote markers and "<".
func afterParen(b []byte) bool {
	b = bytes.TrimSuffix(b, []byte{'<'})
	b = bytes.TrimRight(b, " \t\r\n>")
	return len(b) > 0 && b[len(b)-1] == '('
}
