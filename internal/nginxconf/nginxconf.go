// Package nginxconf reads the site's nginx configuration as the tests
// need it: deploy/nginx.conf (the site at the root of a host),
// deploy/nginx-subpath.conf (under a sub-path) and the snippets both
// include from deploy/nginx/ (installed as /etc/nginx/snippets/integration/,
// so included as "snippets/integration/NAME").
//
// [Load] parses a file into its directives, with every include of a
// snippet replaced by the snippet's directives, and a directive that is
// switched off by a "#" right before its name ("#add_header …;", kept
// for the day it is switched on) as a directive with Off set. [Block.Headers]
// gives the add_header lines a block sends as nginx does: its own (from
// its includes too) if it has any, else those of the block around it –
// a location with one add_header of its own drops all of the server's.
//
// It reads nginx's syntax as far as these files use it: directives
// ending in ";", blocks in braces, words in double or single quotes
// (which may hold ";", "{" and "#"), "#" comments to the end of a line;
// no variables are expanded and no directive is checked. deploy's
// TestNginx runs the same files in real nginx (nginx -t and requests),
// so what this package reads is what nginx reads.
//
// Threat model: the danger is a test that reads something else than
// nginx does and so passes a configuration that sends no header, or
// another one. A word nginx would join or split differently (an
// unclosed quote, a brace inside a word) is an error, not a guess; an
// include of anything but a snippet of deploy/nginx/ is an error, so
// that no header can come from a file the tests do not see; an include
// cycle is an error.
package nginxconf

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// SnippetDir is where the snippets are included from, relative to
// nginx's configuration folder (/etc/nginx/ on Debian).
const SnippetDir = "snippets/integration/"

// Directive is one directive: its name and arguments (unquoted), and,
// for a block, the directives inside it.
type Directive struct {
	Name  string
	Args  []string
	Block *Block // nil unless the directive has a block
	Off   bool   // switched off: written "#name args;" in a comment
	File  string // the file it is written in (relative to deploy/)
	Line  int
}

// Block is the inside of a block (or a whole file), with its includes
// expanded.
type Block struct {
	Directives []*Directive
	// Includes are the snippets included in this block, directly or
	// through another snippet ("nginx/headers-page.conf",
	// "nginx/headers.conf"), in order. Snippets, of the block Load
	// returns, are all snippets read, in any block.
	Includes []string
	Snippets []string
	parent   *Block
}

// Header is one add_header line.
type Header struct {
	Name, Value string
	Off         bool // switched off ("#add_header …;")
	File        string
	Line        int
}

// Load reads deploy/name (deploy is the repository's deploy folder),
// with every include of "snippets/integration/X" replaced by the
// directives of deploy/nginx/X.
func Load(deploy, name string) (*Block, error) {
	var read []string
	b, err := load(deploy, name, nil, map[string]bool{}, &read)
	if err != nil {
		return nil, err
	}
	for _, f := range read {
		if !slices.Contains(b.Snippets, f) {
			b.Snippets = append(b.Snippets, f)
		}
	}
	return b, nil
}

func load(deploy, name string, parent *Block, open map[string]bool, read *[]string) (*Block, error) {
	if open[name] {
		return nil, fmt.Errorf("%s: included in itself", name)
	}
	open[name] = true
	defer delete(open, name)
	data, err := os.ReadFile(filepath.Join(deploy, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	toks, err := tokens(name, string(data))
	if err != nil {
		return nil, err
	}
	p := &parser{deploy: deploy, file: name, toks: toks, open: open, read: read}
	b := &Block{parent: parent}
	if err := p.block(b, false); err != nil {
		return nil, err
	}
	return b, nil
}

// token is a word, ";", "{" or "}" (quoted words are words, never
// punctuation); off marks the words of a switched-off directive.
type token struct {
	text string
	word bool
	off  bool
	line int
}

// offDirective is a comment that holds a switched-off directive:
// "#add_header X "y" always;", "#brotli_static on;" – a "#" right before
// a lower-case name, ending in ";". Prose comments have a space after
// the "#".
var offDirective = regexp.MustCompile(`^#([a-z_]+\s[^#]*;)\s*$`)

func tokens(file, s string) ([]token, error) {
	var out []token
	line := 1
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			if m := offDirective.FindStringSubmatch(strings.TrimSpace(s[i : i+end])); m != nil {
				inner, err := tokens(file, m[1])
				if err != nil {
					return nil, err
				}
				for _, t := range inner {
					t.off, t.line = true, line
					out = append(out, t)
				}
			}
			i += end
		case c == ';' || c == '{' || c == '}':
			out = append(out, token{text: string(c), line: line})
			i++
		case c == '"' || c == '\'':
			j := i + 1
			var b strings.Builder
			for ; j < len(s) && s[j] != c; j++ {
				// nginx takes \" \' \\ for the character; any other
				// backslash stays (regular expressions keep their \.).
				if s[j] == '\\' && j+1 < len(s) && strings.IndexByte("\"'\\", s[j+1]) >= 0 {
					j++
				}
				if s[j] == '\n' {
					line++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("%s:%d: unclosed quote", file, line)
			}
			out = append(out, token{text: b.String(), word: true, line: line})
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n;{}\"'#", rune(s[j])) {
				j++
			}
			if j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == '#') {
				return nil, fmt.Errorf("%s:%d: %q is joined to a quote or '#'", file, line, s[i:j+1])
			}
			out = append(out, token{text: s[i:j], word: true, line: line})
			i = j
		}
	}
	return out, nil
}

type parser struct {
	deploy string
	file   string
	toks   []token
	pos    int
	open   map[string]bool
	read   *[]string
}

// block reads directives into b up to the "}" that closes it (inner)
// or the end of the file.
func (p *parser) block(b *Block, inner bool) error {
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		if !t.word {
			if t.text == "}" && inner {
				p.pos++
				return nil
			}
			return fmt.Errorf("%s:%d: unexpected %q", p.file, t.line, t.text)
		}
		d := &Directive{Name: t.text, Off: t.off, File: p.file, Line: t.line}
		p.pos++
		for p.pos < len(p.toks) && p.toks[p.pos].word {
			d.Args = append(d.Args, p.toks[p.pos].text)
			p.pos++
		}
		if p.pos >= len(p.toks) {
			return fmt.Errorf("%s:%d: %s without ';' or '{'", p.file, t.line, d.Name)
		}
		switch p.toks[p.pos].text {
		case ";":
			p.pos++
			if d.Name == "include" && !d.Off {
				if err := p.include(b, d); err != nil {
					return err
				}
				continue
			}
			b.Directives = append(b.Directives, d)
		case "{":
			p.pos++
			d.Block = &Block{parent: b}
			if err := p.block(d.Block, true); err != nil {
				return err
			}
			b.Directives = append(b.Directives, d)
		default:
			return fmt.Errorf("%s:%d: unexpected %q after %s", p.file, t.line, p.toks[p.pos].text, d.Name)
		}
	}
	if inner {
		return fmt.Errorf("%s: a block is not closed", p.file)
	}
	return nil
}

// include puts the directives of the snippet d names into b.
func (p *parser) include(b *Block, d *Directive) error {
	if len(d.Args) != 1 || !strings.HasPrefix(d.Args[0], SnippetDir) || strings.ContainsAny(d.Args[0], "*?[") {
		return fmt.Errorf("%s:%d: include %q: only one file of %s (deploy/nginx/) is read", p.file, d.Line, d.Args, SnippetDir)
	}
	name := "nginx/" + strings.TrimPrefix(d.Args[0], SnippetDir)
	inc, err := load(p.deploy, name, b, p.open, p.read)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", p.file, d.Line, err)
	}
	*p.read = append(*p.read, name)
	b.Includes = append(append(b.Includes, name), inc.Includes...)
	b.Directives = append(b.Directives, inc.Directives...)
	for _, d := range inc.Directives {
		if d.Block != nil {
			d.Block.parent = b
		}
	}
	return nil
}

// Find returns every directive in b and the blocks below it, in the
// order written (depth first), whose name is name ("server", "location",
// "add_header").
func (b *Block) Find(name string) []*Directive {
	var out []*Directive
	for _, d := range b.Directives {
		if d.Name == name {
			out = append(out, d)
		}
		if d.Block != nil {
			out = append(out, d.Block.Find(name)...)
		}
	}
	return out
}

// Own returns the add_header lines written in b itself (through its
// includes too), the switched-off ones with them.
func (b *Block) Own() []Header {
	var out []Header
	for _, d := range b.Directives {
		if d.Name != "add_header" || d.Block != nil {
			continue
		}
		h := Header{Off: d.Off, File: d.File, Line: d.Line}
		if len(d.Args) > 0 {
			h.Name = d.Args[0]
		}
		if len(d.Args) > 1 {
			h.Value = d.Args[1]
		}
		out = append(out, h)
	}
	return out
}

// Headers returns the add_header lines nginx uses for requests served
// by b: b's own if it has one that is switched on, else those of the
// block around it (and so on up). The switched-off ones go with the
// lines they are written among.
func (b *Block) Headers() []Header {
	for ; b != nil; b = b.parent {
		own := b.Own()
		for _, h := range own {
			if !h.Off {
				return own
			}
		}
	}
	return nil
}

// Get returns the value of the switched-on header name in hs ("" and
// false if there is none).
func Get(hs []Header, name string) (string, bool) {
	for _, h := range hs {
		if !h.Off && strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// String is the directive as written, for messages: "location ^~ /admin/".
func (d *Directive) String() string {
	return strings.TrimSpace(d.Name + " " + strings.Join(d.Args, " "))
}

// String is the header as written: `add_header Name "value"`, with a "#"
// in front if it is switched off.
func (h Header) String() string {
	s := fmt.Sprintf("add_header %s %q", h.Name, h.Value)
	if h.Off {
		s = "#" + s
	}
	return s
}
