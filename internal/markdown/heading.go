package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/stadt-bamberg/integration/internal/slug"
)

// headings gives every heading an ID and collects them: IDs written as
// {#id} are checked and reserved first, then the others are made from the
// headings' text by the page's headingIDs. (goldmark's own auto IDs are
// made from the heading's source line, Markdown syntax and all, and before
// the {#id}s further down are known.)
type headings struct{}

func (headings) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithHeadingAttribute(),
		parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 1300)),
	)
}

// headingIDs is the parser.IDs of one page: slugs of the text, unique on
// the page.
type headingIDs struct {
	used     map[string]bool
	next     map[string]int // the next number to try for a slug
	reserved []string       // used by the layout around the page
}

func newHeadingIDs(reserved []string) *headingIDs {
	s := &headingIDs{used: map[string]bool{}, next: map[string]int{}, reserved: reserved}
	for _, id := range reserved {
		s.used[id] = true
	}
	return s
}

// Generate returns the slug of value, with -1, -2 … added if it is taken,
// or "abschnitt" if value has no letters or digits.
func (s *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "abschnitt"
	}
	id := base
	for s.used[id] {
		s.next[base]++
		id = base + "-" + strconv.Itoa(s.next[base])
	}
	s.used[id] = true
	return []byte(id)
}

func (s *headingIDs) isReserved(id string) bool {
	for _, r := range s.reserved {
		if r == id {
			return true
		}
	}
	return false
}

// Put marks value as taken.
func (s *headingIDs) Put(value []byte) { s.used[string(value)] = true }

var _ parser.IDs = (*headingIDs)(nil)

type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	type heading struct {
		n    *ast.Heading
		line int
		auto bool
	}
	var hs []heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, heading{n: h, line: st.line(offset(h))})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})

	ids := pc.IDs()
	explicit := map[string]int{} // id → line
	for i := range hs {
		h := &hs[i]
		v, ok := h.n.AttributeString("id")
		if !ok {
			h.auto = true
			if t := plainText(h.n, st.src); strings.Contains(t, "{#") && strings.HasSuffix(t, "}") {
				st.errorf(h.line, "Die ID in {#…} am Ende der Überschrift ist nicht lesbar – erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche, z. B. {#ziele-2027}")
			}
			continue
		}
		id := attrString(v)
		switch first, dup := explicit[id]; {
		case ids.(*headingIDs).isReserved(id):
			st.errorf(h.line, "Die ID %s braucht die Seite selbst – bitte eine andere wählen", quote(id))
			h.auto = true
		case !slug.Valid(id):
			msg := "Die ID " + quote(id) + " der Überschrift ist ungültig – erlaubt sind Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche"
			if s := slug.Make(id); s != "" {
				msg += ", z. B. {#" + s + "}"
			}
			st.errorf(h.line, "%s", msg)
			h.auto = true
		case dup:
			st.errorf(h.line, "Die ID %s gibt es auf dieser Seite schon (Zeile %d) – jede Überschrift braucht eine eigene", quote(id), first)
			h.auto = true
		default:
			explicit[id] = h.line
			ids.Put([]byte(id))
		}
	}

	for _, h := range hs {
		txt := plainText(h.n, st.src)
		if h.auto {
			h.n.SetAttributeString("id", ids.Generate([]byte(txt), ast.KindHeading))
		}
		v, _ := h.n.AttributeString("id")
		st.result.Headings = append(st.result.Headings, Heading{Level: h.n.Level, ID: attrString(v), Text: txt, Line: h.line})
	}
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}
