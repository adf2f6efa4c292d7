package search

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/turkish"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// Doc is what the index holds of one page: read from its HTML by
// [Extract] the way Pagefind reads a page (see the package comment).
type Doc struct {
	Lang    string // <html lang>, "" when missing
	URL     string // the page's address below the site root: "/", "/en/fip/"
	Title   string // the first <h1> in <main>, else <title>
	Content string // the indexed text, words separated by single spaces
	Count   int    // words (whitespace-separated tokens) of Content
	// Stems maps each stem to the sum of the weights of its occurrences
	// (24 a word of body text, 7×24 one in <h1>, …, half for each part
	// of a compound word such as E-Mail).
	Stems map[string]int
	// Forms maps each word of the page (without diacritics, see [Fold])
	// that stems to something else to its stem (the client's way to stem
	// a query word).
	Forms map[string]string
	// TitleStems holds the stems of the words of Title.
	TitleStems map[string]bool
	// Variant maps a stem that the page has only in words with
	// diacritics (kültür, stem kultur) to the first such word.
	Variant map[string]string
}

// weightUnit is a word's weight in body text (Pagefind's multiplier).
const weightUnit = 24

// headingWeight is the weight of words in <h1>…<h6>, in weightUnit.
var headingWeight = map[atom.Atom]int{atom.H1: 7, atom.H2: 6, atom.H3: 5, atom.H4: 4, atom.H5: 3, atom.H6: 2}

// removed are the elements whose text is not indexed (Pagefind's list).
var removed = map[atom.Atom]bool{
	atom.Head: true, atom.Style: true, atom.Script: true, atom.Noscript: true, atom.Label: true,
	atom.Form: true, atom.Svg: true, atom.Footer: true, atom.Nav: true, atom.Iframe: true, atom.Template: true,
}

// sentence are the block elements whose text ends a sentence.
var sentence = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.P: true, atom.Td: true, atom.Div: true, atom.Ul: true, atom.Li: true, atom.Article: true, atom.Section: true,
}

// excludedClass is the class of the parts of <main> that are not indexed:
// the note that a page is not translated.
const excludedClass = "untranslated-note"

// Markers in the digest that set and end a weight (not words).
const (
	markWeight = "\x00w"
	markEnd    = "\x00e"
)

type node struct {
	tag    atom.Atom
	skip   bool // removed: its text is dropped
	buf    strings.Builder
	weight int
}

// Extract reads the page with the output path p (folder/index.html) from
// its HTML. ok is false when the page has no <main>: it is not indexed.
func Extract(p string, data []byte) (d Doc, ok bool) {
	return extract(p, data, nil)
}

// extract is Extract with the table of words already stemmed that the
// pages of a build share (nil: none).
func extract(p string, data []byte, known *stemTable) (d Doc, ok bool) {
	z := html.NewTokenizer(bytes.NewReader(data))
	var stack []*node
	var title, pageTitle string
	inTitle := false
	mainDepth := -1 // len(stack) when <main> opened
	var digest strings.Builder
	done := false
	for !done {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			done = true
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var class, lang string
			ignore := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "class":
					class = string(v)
				case "lang":
					lang = string(v)
				case "data-pagefind-ignore":
					ignore = true
				}
			}
			if a == atom.Html && d.Lang == "" {
				d.Lang = lang
			}
			if a == atom.Title && mainDepth < 0 {
				inTitle = tt == html.StartTagToken
			}
			if mainDepth < 0 {
				if a == atom.Main && tt == html.StartTagToken {
					mainDepth = 0
					stack = []*node{{tag: atom.Main}}
				}
				continue
			}
			if a == atom.Br {
				top(stack).buf.WriteByte(' ')
			}
			if tt == html.SelfClosingTagToken || voidElement[a] {
				continue
			}
			n := &node{tag: a, skip: removed[a] || ignore || hasClass(class, excludedClass) || top(stack).skip}
			n.weight = headingWeight[a]
			stack = append(stack, n)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = false
			}
			if mainDepth < 0 {
				continue
			}
			// Close up to the matching element (HTML that omits end
			// tags: close what is open inside it).
			i := len(stack) - 1
			for i > 0 && stack[i].tag != a {
				i--
			}
			if i == 0 && a != atom.Main {
				continue // a stray end tag
			}
			if i == 0 {
				i = 1
			}
			for len(stack) > i {
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				closeNode(n, top(stack), &title)
			}
			if a == atom.Main {
				digest.WriteString(stack[0].buf.String())
				done = true
			}
		case html.TextToken:
			if inTitle && pageTitle == "" {
				pageTitle = normalizeSpace(string(z.Text()))
			}
			if mainDepth >= 0 && !top(stack).skip {
				top(stack).buf.Write(z.Text())
			}
		}
	}
	if mainDepth < 0 {
		return d, false
	}
	if !done || digest.Len() == 0 {
		// <main> not closed: take what was read.
		for len(stack) > 1 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			closeNode(n, top(stack), &title)
		}
		if digest.Len() == 0 {
			digest.WriteString(stack[0].buf.String())
		}
	}
	d.URL = urlOf(p)
	d.Title = title
	if d.Title == "" {
		d.Title = pageTitle
	}
	d.words(digest.String(), known)
	return d, true
}

func top(stack []*node) *node { return stack[len(stack)-1] }

var voidElement = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
}

// closeNode appends the text of the closed element n to its parent, as
// Pagefind does: a block ends with a full stop (when its last character
// is a letter or digit) and a space; a heading's words get its weight.
func closeNode(n, parent *node, title *string) {
	if n.skip {
		return
	}
	s := n.buf.String()
	if n.tag == atom.H1 && *title == "" && strings.TrimSpace(s) != "" {
		*title = normalizeSpace(s)
	}
	if sentence[n.tag] {
		s = " " + s
		if r, _ := utf8.DecodeLastRuneInString(s); r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			s += "."
		}
		s += " "
	}
	if n.weight > 0 {
		s = " " + markWeight + string(rune('0'+n.weight)) + " " + s + " " + markEnd + " "
	}
	parent.buf.WriteString(s)
}

func hasClass(classes, c string) bool {
	for _, f := range strings.Fields(classes) {
		if f == c {
			return true
		}
	}
	return false
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// urlOf is the address of the page with the output path p.
func urlOf(p string) string {
	p = strings.TrimSuffix(p, "index.html")
	return "/" + p
}

// stemmer returns the stemmer of a language, nil for none (Ukrainian:
// Snowball has none; its words are matched by prefix).
func stemmer(lang string) func(*snowballstem.Env) bool {
	l, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch l {
	case "de":
		return german.Stem
	case "en":
		return english.Stem
	case "tr":
		return turkish.Stem
	case "ar":
		return arabic.Stem
	case "ru":
		return russian.Stem
	}
	return nil
}

// Stemmed reports whether the index of the language lang is stemmed.
func Stemmed(lang string) bool { return stemmer(lang) != nil }

// stemTable keeps the folded form and the stem of each word that the
// pages of one build had, by language, so that a word is folded and
// stemmed once per build, not once per page. Safe for concurrent use;
// it stops growing at maxStemTable words.
type stemTable struct {
	mu sync.RWMutex
	m  map[string]stemmed // by language "\x00" word
}

type stemmed struct{ fold, stem string }

const maxStemTable = 1 << 20

func (t *stemTable) get(k string) (stemmed, bool) {
	t.mu.RLock()
	s, ok := t.m[k]
	t.mu.RUnlock()
	return s, ok
}

func (t *stemTable) put(k string, s stemmed) {
	t.mu.Lock()
	if t.m == nil {
		t.m = map[string]stemmed{}
	}
	if len(t.m) < maxStemTable {
		t.m[k] = s
	}
	t.mu.Unlock()
}

// words splits the digest into words and fills Content, Count, Stems and
// Forms (known: the words stemmed before, or nil).
func (d *Doc) words(digest string, known *stemTable) {
	stem := stemmer(d.Lang)
	env := snowballstem.NewEnv("")
	local := map[string]stemmed{}
	// foldStem returns w without diacritics and its stem.
	foldStem := func(w string) stemmed {
		if s, ok := local[w]; ok {
			return s
		}
		k := d.Lang + "\x00" + w
		if known != nil {
			if s, ok := known.get(k); ok {
				local[w] = s
				return s
			}
		}
		s := stemmed{fold: Fold(w)}
		s.stem = s.fold
		if stem != nil {
			env.SetCurrent(s.fold)
			stem(env)
			s.stem = env.Current()
		}
		local[w] = s
		if known != nil {
			known.put(k, s)
		}
		return s
	}
	d.Stems = map[string]int{}
	d.Forms = map[string]string{}
	d.TitleStems = map[string]bool{}
	d.Variant = map[string]string{}
	plain := map[string]bool{}
	key := func(w string) (string, bool) {
		fs := foldStem(w)
		if fs.stem != fs.fold {
			d.Forms[fs.fold] = fs.stem
		}
		return fs.stem, fs.fold == w
	}
	store := func(w string, weight int) {
		s, isPlain := key(w)
		d.Stems[s] += weight
		if isPlain {
			plain[s] = true
		} else if v, ok := d.Variant[s]; !ok || w < v {
			d.Variant[s] = w
		}
	}
	defer func() {
		for s := range plain {
			delete(d.Variant, s)
		}
	}()
	// The title's words, as Pagefind's metadata: the same words and
	// parts, not counted in the page's text.
	for _, tok := range strings.FieldsFunc(d.Title, isSpace) {
		norm, _ := Normalize(tok)
		if norm != "" {
			s, _ := key(norm)
			d.TitleStems[s] = true
		}
		if parts := compoundParts(tok); possiblyCompound(tok) && norm != "" && (len(parts) > 1 || len(parts) == 1 && !strings.HasPrefix(norm, parts[0])) {
			for _, part := range parts {
				if len(part) > 1 {
					s, _ := key(part)
					d.TitleStems[s] = true
				}
			}
		}
	}
	weights := []int{weightUnit}
	var content strings.Builder
	count := 0
	for _, tok := range strings.FieldsFunc(digest, isSpace) {
		switch {
		case strings.HasPrefix(tok, markWeight):
			w := int(tok[len(markWeight)] - '0')
			if len(weights) == 1 {
				weights = append(weights, w*weightUnit)
			} else {
				weights = append(weights, weights[len(weights)-1])
			}
			continue
		case tok == markEnd:
			if len(weights) > 1 {
				weights = weights[:len(weights)-1]
			}
			continue
		}
		tok = strings.ReplaceAll(tok, "\u200b", "")
		if tok == "" {
			continue
		}
		if content.Len() > 0 {
			content.WriteByte(' ')
		}
		content.WriteString(tok)
		weight := weights[len(weights)-1]
		norm, _ := Normalize(tok)
		if norm != "" {
			store(norm, weight)
			if possiblyCompound(tok) {
				parts := compoundParts(tok)
				if len(parts) > 1 || (len(parts) == 1 && !strings.HasPrefix(norm, parts[0])) {
					per := weight / len(parts)
					if weight > 0 && per < 1 {
						per = 1
					}
					for _, part := range parts {
						if len(part) > 1 {
							store(part, per)
						}
					}
				}
			}
		}
		count++
	}
	d.Content = content.String()
	d.Count = count
}

// possiblyCompound reports whether tok may be a compound word (E-Mail,
// 2026/27, WebView): a character that is not a letter or digit, or an
// upper-case letter after the first.
func possiblyCompound(tok string) bool {
	for i, r := range tok {
		if !alnum(r) || i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// Fold returns w without diacritics (café → cafe), as Pagefind indexes
// words: decomposed, combining marks dropped.
func Fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) && !unicode.Is(unicode.Me, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isSpace is Rust's char::is_whitespace (Unicode White_Space).
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.Is(unicode.White_Space, r)
}

// Normalize returns the word of the index that the token tok is: its
// letters and digits, lower case (as Pagefind normalizes). compound
// reports that tok had other characters (E-Mail, 2026/27).
func Normalize(tok string) (norm string, compound bool) {
	if plainASCII(tok) {
		return tok, false
	}
	var b strings.Builder
	for _, r := range tok {
		if !alnum(r) {
			compound = true
			continue
		}
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		case r == 'İ':
			b.WriteString("i\u0307") // as Rust's to_lowercase
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String(), compound
}

// plainASCII reports whether tok is lower-case ASCII letters and digits
// only: its own normal form.
func plainASCII(tok string) bool {
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// alnum is Rust's char::is_alphanumeric (Alphabetic or Numeric).
func alnum(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Other_Alphabetic, r) || unicode.Is(unicode.Nl, r)
}

// compoundParts splits tok at ASCII punctuation and where a lower-case
// letter is followed by an upper-case one, in lower case (Pagefind's
// get_discrete_words).
func compoundParts(tok string) []string {
	var parts []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range tok {
		switch {
		case r < utf8.RuneSelf && unicode.IsPunct(r) || r < utf8.RuneSelf && unicode.IsSymbol(r) || unicode.IsSpace(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return parts
}
