package markdown

import (
	"bytes"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// links collects links and images with their lines, rewrites links to
// Markdown files with Page.ResolveLink and links to other files of the
// site with Page.ResolveFile.
type links struct{}

func (links) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 1400)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(fileInfoRenderer{}, 100)))
}

type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	var imgs []*ast.Image
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
			imgs = append(imgs, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range imgs { // after the walk: an image may be replaced
		st.image(n)
	}
}

func (st *state) link(n *ast.Link) {
	dest := string(n.Destination)
	line := st.destLine(n, n.Destination)
	st.result.Links = append(st.result.Links, Link{Dest: dest, Line: line})
	target, frag, _ := strings.Cut(dest, "#")
	if !isMarkdownFile(target) {
		if st.page.ResolveFile != nil && isSiteFile(dest) {
			st.fileLink(n, dest, line)
			return
		}
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

// fileLink puts what Page.ResolveFile says about the link n to a file of
// the site into it.
func (st *state) fileLink(n *ast.Link, dest string, line int) {
	f, err := st.page.ResolveFile(dest)
	if err != nil {
		st.errorf(line, "%s", err)
		n.Destination = st.fromBase(n.Destination)
		return
	}
	if f.URL != "" {
		n.Destination = []byte(f.URL)
	} else {
		n.Destination = st.fromBase(n.Destination)
	}
	if f.Info != "" {
		n.AppendChild(n, &fileInfo{text: f.Info})
	}
}

// kindFileInfo is the ast.NodeKind of fileInfo.
var kindFileInfo = ast.NewNodeKind("FileInfo")

// fileInfo is FileLink.Info, the last child of its link.
type fileInfo struct {
	ast.BaseInline
	text string
}

func (n *fileInfo) Kind() ast.NodeKind { return kindFileInfo }

func (n *fileInfo) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Text": n.text}, nil)
}

type fileInfoRenderer struct{}

func (fileInfoRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFileInfo, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(` <span class="doc-info">`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*fileInfo).text)))
			_, _ = w.WriteString(`</span>`)
		}
		return ast.WalkContinue, nil
	})
}

// isSiteFile reports whether the link destination dest names a file of
// the site: a relative or site-absolute path with no scheme or host that
// does not end in "/" (a folder), not only a #fragment or ?query.
func isSiteFile(dest string) bool {
	p := dest
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if p == "" || strings.HasSuffix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	i := strings.IndexAny(p, ":/")
	return i < 0 || p[i] != ':'
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
