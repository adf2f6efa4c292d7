package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/stadt-bamberg/integration/internal/diag"
)

// Page is what one conversion needs to know about the page.
type Page struct {
	Path      string // for diagnostics, e.g. "content/akteure/_index.md"
	FirstLine int    // line of the file on which src starts (front matter comes before), >= 1
	RawHTML   bool   // the page opted in to raw HTML

	// ResolveLink maps a link destination that names a Markdown file (ends
	// in ".md", optionally followed by #fragment; relative like
	// ../fip/_index.md or site-absolute like /fip/_index.md) to the URL to
	// write. It is given the destination as written, fragment included; if
	// the URL it returns has no fragment, the link's fragment is appended.
	// A non-nil error is reported at the link's line; its text is the
	// message.
	ResolveLink func(dest string) (string, error)

	// FileBase, when not empty, is the server path of the folder that
	// relative links to other files and relative images (bild.jpg,
	// ../dokumente/plan.pdf) are written from: they are made absolute
	// against it. A page shown at another address than its file's (a
	// translation under /en/) keeps its files where the original has
	// them. Links to Markdown files go through ResolveLink instead.
	FileBase string

	// ResolveFile, when not nil, is asked about every link to another
	// file of the site that is not a Markdown file: a relative or
	// site-absolute path (plan.pdf, ../dokumente/plan.pdf?v=2#page=3,
	// /dokumente/plan.pdf; no scheme or host, not a folder ending in
	// "/"). It is given the destination as written. What it returns is
	// put into the link (see FileLink); a non-nil error is reported at the
	// link's line, its text the message. Images are not links.
	ResolveFile func(dest string) (FileLink, error)

	// ResolveImage, when not nil, is asked about every image of the
	// site (a relative or site-absolute path, as for ResolveFile): what
	// it returns is written as a <picture> (see Picture); a non-nil error
	// is reported at the image's line. Without it, or for an image
	// elsewhere (https://…), an <img> is written as it is.
	ResolveImage func(dest string) (Picture, error)
	// ImageSizes is the sizes attribute of pictures: the width of the
	// column the text is shown in, as the layout makes it.
	ImageSizes string
	// NoEagerImage says that the layout shows a picture before the text:
	// every picture of the text is then loaded lazily, else all but the
	// first.
	NoEagerImage bool

	// ResolveDirective validates a directive's values (e.g. that a category
	// exists) and sets d.Data; a non-nil error is reported at d.Line. It is
	// called only for directives without errors of their own.
	ResolveDirective func(d *Directive) error
}

// FileLink is what Page.ResolveFile says about a link to a file.
type FileLink struct {
	// URL is written instead of the destination; "" keeps the
	// destination (made absolute against Page.FileBase).
	URL string
	// Info is added inside the link, after its text, so that it is part
	// of the link's name: [Maßnahmenkatalog](katalog.pdf) with Info
	// "(PDF, 1,2 MB)" is written
	//
	//	<a href="…">Maßnahmenkatalog <span class="doc-info">(PDF, 1,2 MB)</span></a>
	//
	// "" adds nothing.
	Info string
}

// Heading is a heading of the page, in document order.
type Heading struct {
	Level int
	ID    string // the id attribute written
	Text  string // plain text
	Line  int    // line in the file
}

// Image is an image of the page, in document order.
type Image struct {
	Src, Alt   string // Src as written
	Line       int
	Decorative bool // marked as decoration: ![(dekorativ)](…)
}

// Link is a link destination as written, for later link checks. Bare
// addresses are given as their URL (www.x.de → http://www.x.de, e-mail
// addresses with mailto:).
type Link struct {
	Dest string
	Line int
}

// Result is the output of one conversion.
type Result struct {
	HTML     []byte
	Headings []Heading
	Images   []Image
	Links    []Link
}

// Converter converts Markdown to HTML. It is safe for concurrent use by
// many goroutines.
type Converter struct {
	md        goldmark.Markdown
	reserved  []string
	noRecover bool // let panics through, for tests
}

type config struct {
	renderDirective func(w util.BufWriter, d *Directive) error
	reservedIDs     []string
}

// Option configures a Converter.
type Option func(*config)

// WithDirectiveRenderer sets the function that writes a resolved directive
// (its Data set by Page.ResolveDirective). An error is reported at d.Line,
// and what f wrote is then dropped. Without it, directives render nothing.
func WithDirectiveRenderer(f func(w util.BufWriter, d *Directive) error) Option {
	return func(c *config) { c.renderDirective = f }
}

// WithReservedIDs names IDs the layout around the Markdown uses (such as
// "inhalt" for <main id="inhalt">): automatic heading IDs avoid them and
// a heading that asks for one with {#id} is an error.
func WithReservedIDs(ids ...string) Option {
	return func(c *config) { c.reservedIDs = append(c.reservedIDs, ids...) }
}

// New returns a Converter.
func New(opts ...Option) *Converter {
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	return &Converter{reserved: cfg.reservedIDs, md: goldmark.New(goldmark.WithExtensions(
		// GFM, with table alignment left to classes (a strict CSP blocks
		// style attributes) and labelled task list boxes (tablecell.go).
		extension.Linkify,
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.TaskList,
		accessibleCells{},
		footnotes{},
		typography{},
		headings{},
		links{},
		pictures{},
		rawHTML{},
		tableScroll{},
		&directives{render: cfg.renderDirective},
	))}
}

// Convert converts src, the body of page p, to HTML. The diagnostics are
// sorted by line; the HTML is written even if there are errors.
func (c *Converter) Convert(src []byte, p Page) (res Result, ds []diag.Diagnostic) {
	p.FirstLine = max(p.FirstLine, 1)
	st := newState(src, &p)
	defer func() {
		if c.noRecover {
			return
		}
		if r := recover(); r != nil {
			st.errorf(p.FirstLine, "%s%v", internalError, r)
			res, ds = Result{}, st.diagnostics()
		}
	}()

	pc := parser.NewContext(parser.WithIDs(newHeadingIDs(c.reserved)))
	pc.Set(stateKey, st)
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))

	var out bufferWriter
	out.Grow(len(src) + len(src)/2)
	if err := c.md.Renderer().Render(&out, src, doc); err != nil {
		st.errorf(p.FirstLine, "%s%v", internalError, err)
	}
	for _, d := range st.directives {
		if d.renderErr != nil {
			st.errorf(d.Line, "%s", d.renderErr)
		}
	}
	st.result.HTML = out.Bytes()
	return st.result, st.diagnostics()
}

// internalError starts the message of a failure that is not the editor's.
const internalError = "Interner Fehler beim Umwandeln des Markdown (bitte melden): "
