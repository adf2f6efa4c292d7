// Package leicht holds a page's text to the rules of Leichte Sprache
// (plain German) and measures how hard any page's text is to read.
//
// # Text
//
// [Parse] reads the Markdown body of a page with goldmark and keeps the
// text a reader reads as sentences: headings, paragraphs and list items,
// link texts among them. Code, link and image addresses, images, raw HTML,
// tables and the directives (::events{…}) are not text; the front matter
// is not given to it. Each word keeps its line and column in the file
// (columns counted in characters, as the other checks count them).
//
// Words are split at Unicode word boundaries (UAX #29, clipperhouse/uax29)
// with the hyphen joining words (Stadt-Verwaltung is one word) and the
// Mediopunkt doing so already (Integrations·beirat), as do digits around a
// colon (18:00). A sentence ends at ! and ?, at a full stop, at a colon
// that ends a line, and at the end of a heading, paragraph or list item –
// but not at the full stop of a known abbreviation (z. B., usw.), of an
// ordinal or list number followed by more text on the line (3. Oktober,
// ### 1. Vereine), of an ellipsis before its last dot, nor before a word
// in lower case (SB8 of UAX #29).
//
// # Rules
//
// The rules are data: a [Lang] per language ([German] now) with its limits
// and word lists; [Check] applies the table of the page's language. An
// English "Easy Read" table is one more [Lang] value, no new code. See
// [German] for the rules and the reasons for each.
//
// Errors (the rule books say so without exception: DIN SPEC 33429, the
// Netzwerk Leichte Sprache, Inclusion Europe): a sentence over
// Lang.MaxWords words; a second sentence on a line; a word part of
// Lang.LongWord letters or more not split by hyphen or Mediopunkt (except
// Lang.Exceptions and the site's own, mostly names); a number written as a word; an abbreviation; the
// characters of Lang.Characters (% § ; and parentheses).
//
// Warnings (heuristics, which find what is often but not always wrong;
// their false alarms are measured in TestFalseAlarms on an ordinary German
// text written for it): a sentence over Lang.WarnWords words; passive
// (a form of werden and a participle); negation; genitive; subjunctive; a
// comma before a subordinate or relative clause; a foreign word from a
// small list, unless the page explains it ("Akteure heißt: …").
//
// [Measure] gives the figures for any German page: words per sentence
// (mean and maximum), the share of long words (over 6 letters) and the
// first Wiener Sachtextformel (Bamberger & Vanecek 1984), about the school
// year a reader needs (4 is easy, 15 very hard).
//
// # Threat model
//
// The input is an editor's Markdown, which may be anything: empty, only a
// table, huge, invalid UTF-8, pathological nesting. Parse only reads it
// through goldmark (which never fails on input) and the segmenter; every
// index is checked against the text; the work is linear in the text plus
// goldmark's. The messages quote words of the text: the report escapes
// them where it shows HTML (the preview), as it does for every message. A
// rule that cried wolf would teach editors to ignore the check: the
// errors are only what the rule books forbid outright and what a program
// can tell for certain; everything judged is a warning, with its measured
// rate of false alarms.
package leicht

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Token is a word or a mark of punctuation of the text.
type Token struct {
	Text      string
	Line, Col int  // in the file; Col in characters
	Word      bool // has a letter or a digit
	off       int  // byte offset in the block's flat text
}

// Sentence is a run of tokens up to its end.
type Sentence struct {
	Tokens []Token
	// SameLine is set when the sentence starts on the line on which the
	// one before it ended.
	SameLine bool
}

// Words returns the word tokens of s.
func (s Sentence) Words() []Token {
	var ws []Token
	for _, t := range s.Tokens {
		if t.Word {
			ws = append(ws, t)
		}
	}
	return ws
}

// Block is a heading, paragraph or list item's text.
type Block struct {
	Sentences []Sentence
	Tokens    []Token // all tokens, for the rules on characters
	flat      string
	abbrev    [][2]int // byte spans of abbreviations in flat
}

// Doc is the text of a page.
type Doc struct {
	Blocks []Block
}

// Sentences returns every sentence of d.
func (d *Doc) Sentences() []Sentence {
	var ss []Sentence
	for _, b := range d.Blocks {
		ss = append(ss, b.Sentences...)
	}
	return ss
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote),
	goldmark.WithParserOptions(parser.WithHeadingAttribute()),
)

// Parse reads the Markdown body of a page whose first body line is line
// firstLine of its file, with the abbreviations of lang.
func Parse(body []byte, firstLine int, lang *Lang) *Doc {
	if !utf8.Valid(body) {
		body = []byte(strings.ToValidUTF8(string(body), "\uFFFD"))
	}
	doc := md.Parser().Parse(text.NewReader(body))
	pos := &cursor{src: body, lines: lineStarts(body), first: firstLine, col: 1}
	d := &Doc{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindHeading, ast.KindParagraph, ast.KindTextBlock:
			var f flat
			f.inlines(n, body)
			if s := strings.TrimSpace(f.b.String()); s == "" || strings.HasPrefix(s, "::") {
				return ast.WalkSkipChildren, nil // a directive
			}
			d.Blocks = append(d.Blocks, f.block(pos, lang))
			return ast.WalkSkipChildren, nil
		case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock, east.KindTable:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return d
}

// flat is the text of a block with each byte's offset in the body (-1
// for a line break it stands for).
type flat struct {
	b   strings.Builder
	pos []int
}

func (f *flat) add(s string, at int) {
	f.b.WriteString(s)
	for i := range len(s) {
		if at < 0 {
			f.pos = append(f.pos, -1)
		} else {
			f.pos = append(f.pos, at+i)
		}
	}
}

func (f *flat) inlines(n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			seg := t.Segment
			if seg.Start >= 0 && seg.Stop <= len(src) && seg.Start <= seg.Stop {
				f.add(string(src[seg.Start:seg.Stop]), seg.Start)
			}
			if t.HardLineBreak() || t.SoftLineBreak() {
				f.add("\n", -1)
			}
		case *ast.String:
			f.add(string(t.Value), -1)
		case *ast.CodeSpan, *ast.AutoLink, *ast.Image, *ast.RawHTML, *east.FootnoteLink:
			// not read as words
		default:
			f.inlines(c, src)
		}
	}
}

// lineStarts returns the offset of each line's start in src.
func lineStarts(src []byte) []int {
	ls := []int{0}
	for i, c := range src {
		if c == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

// cursor finds the line and column of offsets in src, in linear time
// for offsets asked in increasing order (as the text is read).
type cursor struct {
	src   []byte
	lines []int // offsets of the lines' starts
	first int   // the line number of src's first line
	line  int   // index in lines of the last offset asked
	off   int   // the last offset asked
	col   int   // its column
}

// where returns the line (counted from first) and column (in characters)
// of offset off of src.
func (c *cursor) where(off int) (int, int) {
	if off < c.off || c.line+1 < len(c.lines) && off >= c.lines[c.line+1] {
		i, found := slices.BinarySearch(c.lines, off)
		if !found {
			i--
		}
		c.line, c.off, c.col = i, c.lines[i], 1
	}
	c.col += utf8.RuneCount(c.src[c.off:off])
	c.off = off
	return c.first + c.line, c.col
}

// block splits the flat text into tokens and sentences.
func (f *flat) block(pos *cursor, lang *Lang) Block {
	s := f.b.String()
	b := Block{flat: s}
	it := words.FromString(s)
	it.Joiners(&words.Joiners[string]{Middle: lang.Joiners})
	lastLine, lastCol := pos.first, 1
	for it.Next() {
		v := it.Value()
		t := Token{Text: v, off: it.Start()}
		// A token's place: that of its first byte with an offset, else
		// just after the token before it.
		t.Line, t.Col = lastLine, lastCol
		for i := it.Start(); i < it.End() && i < len(f.pos); i++ {
			if f.pos[i] >= 0 {
				t.Line, t.Col = pos.where(f.pos[i])
				break
			}
		}
		t.Word = strings.IndexFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
		lastLine, lastCol = t.Line, t.Col+utf8.RuneCountInString(v)
		if strings.TrimSpace(v) == "" && !strings.Contains(v, "\n") {
			continue // spaces between words
		}
		b.Tokens = append(b.Tokens, t)
	}
	b.abbrev = lang.abbrevSpans(s)
	b.Sentences = split(b.Tokens, b.abbrev)
	return b
}

// split cuts tokens (spaces left out, line breaks kept) into sentences;
// abbrev are the byte spans of abbreviations in the flat text.
func split(toks []Token, abbrev [][2]int) []Sentence {
	var out []Sentence
	var cur Sentence
	sameLine := false // the sentence before ended on the line cur starts on
	// next returns the index of the next token after i that is not a line
	// break, and whether a line break came before it.
	next := func(i int) (int, bool) {
		brk := false
		for j := i + 1; j < len(toks); j++ {
			if strings.Contains(toks[j].Text, "\n") {
				brk = true
				continue
			}
			return j, brk
		}
		return len(toks), true
	}
	// inAbbrev tells whether offsets, asked in increasing order, are in
	// an abbreviation (abbrev is in order too).
	inAbbrev := func(off int) bool {
		for len(abbrev) > 0 && abbrev[0][1] <= off {
			abbrev = abbrev[1:]
		}
		return len(abbrev) > 0 && off >= abbrev[0][0]
	}
	end := func() {
		if len(cur.Tokens) > 0 && slices.ContainsFunc(cur.Tokens, func(t Token) bool { return t.Word }) {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for i, t := range toks {
		if strings.Contains(t.Text, "\n") {
			sameLine = false
			continue
		}
		if len(cur.Tokens) == 0 {
			cur.SameLine = sameLine && len(out) > 0
		}
		cur.Tokens = append(cur.Tokens, t)
		j, brk := next(i)
		ends := false
		switch t.Text {
		case "!", "?", "…":
			ends = true
		case ":":
			ends = brk
		case ".":
			switch {
			case brk:
				ends = true // at the end of a line or block, always
			case j < len(toks) && toks[j].Text == ".":
				// an ellipsis written with dots: its last one
			case inAbbrev(t.off):
			case i > 0 && isNumber(toks[i-1].Text) && toks[i-1].off+len(toks[i-1].Text) == t.off:
				// an ordinal: 3. Oktober
			case j < len(toks) && startsLower(toks[j].Text):
			default:
				ends = true
			}
		}
		if ends {
			// Closing marks after the end belong to the sentence.
			end()
			sameLine = !brk
		}
	}
	end()
	return out
}

func isNumber(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
