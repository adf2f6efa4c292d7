package leicht

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Lang is the table of rules of one language.
type Lang struct {
	Code      string
	MaxWords  int    // a sentence with more words is an error
	WarnWords int    // a sentence with more words is a warning
	LongWord  int    // a word part of this many letters or more is an error
	Joiners   []rune // characters inside a word that join it (besides UAX #29's)
	// Splitters are the characters that split a long word for readers
	// (hyphen, Mediopunkt).
	Splitters string
	// Exceptions are long words allowed unsplit in any text of the
	// language; a site adds its own (names) when it calls Check.
	Exceptions []string
	// LinkingEnds are the ends of a word's first part after which a long
	// word is split in the suggestion (Integrations·beirat).
	LinkingEnds []string
	// Abbreviations, written with their dots and spaces, and what they
	// stand for.
	Abbreviations map[string]string
	// NumberWords are numbers written as words, and their digits.
	NumberWords map[string]string
	// NumberCompound matches a number word made of others
	// (einundzwanzig), lower case.
	NumberCompound *regexp.Regexp
	// Characters are characters not to use, and why.
	Characters map[rune]string

	// For the warnings, all in lower case.
	PassiveAux    []string
	Participle    *regexp.Regexp
	Negations     []string
	Genitive      []string
	Subjunctive   []string
	Subordinators []string // a comma before one starts a subordinate or relative clause
	Foreign       map[string]string
	// Explains are the second words of a sentence that explains its
	// first ("Akteure heißt: …"), lower case.
	Explains []string

	once   sync.Once
	abbrev *regexp.Regexp
}

// For returns the table of the language code, or nil.
func For(code string) *Lang {
	switch strings.ToLower(code) {
	case "de", "de-de", "de-at", "de-ch":
		return German
	}
	return nil
}

// abbrevRe returns the pattern of l's abbreviations, made once (Check
// may run on several pages at once).
func (l *Lang) abbrevRe() *regexp.Regexp {
	l.once.Do(func() { l.abbrev = l.makeAbbrevRe() })
	return l.abbrev
}

func (l *Lang) makeAbbrevRe() *regexp.Regexp {
	var alts []string
	for a := range l.Abbreviations {
		parts := strings.Split(a, " ")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		alts = append(alts, strings.Join(parts, `[ \x{00A0}\x{202F}]?`))
	}
	slices.SortFunc(alts, func(a, b string) int { return len(b) - len(a) }) // longest first
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(` + strings.Join(alts, "|") + `)`)
}

// abbrevSpans returns where s has abbreviations.
func (l *Lang) abbrevSpans(s string) [][2]int {
	var out [][2]int
	for _, m := range l.abbrevRe().FindAllStringSubmatchIndex(s, -1) {
		out = append(out, [2]int{m[2], m[3]})
	}
	return out
}

// expansion returns what the abbreviation a (as written) stands for.
func (l *Lang) expansion(a string) string {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(a), func(r rune) bool { return unicode.IsSpace(r) }), "")
	for k, v := range l.Abbreviations {
		if strings.ReplaceAll(strings.ToLower(k), " ", "") == norm {
			return v
		}
	}
	return ""
}

// Severity of a finding.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Finding is one place where the text breaks a rule.
type Finding struct {
	Line, Col int
	Severity  Severity
	Rule      string // the rule's name, as messages show it
	Message   string // German, for editors
}

// Rule names, as messages show them.
const (
	RuleSentence   = "kurze Sätze"
	RuleOnePerLine = "ein Satz pro Zeile"
	RuleLongWord   = "lange Wörter teilen"
	RuleNumbers    = "Zahlen als Ziffern"
	RuleAbbrev     = "keine Abkürzungen"
	RuleCharacters = "keine Sonderzeichen"
	RulePassive    = "aktiv schreiben"
	RuleNegation   = "positiv schreiben"
	RuleGenitive   = "kein Genitiv"
	RuleSubjunct   = "kein Konjunktiv"
	RuleComma      = "keine Nebensätze"
	RuleForeign    = "keine Fremdwörter"
)

// Check applies the rules of l to d. allowed are more long words allowed
// unsplit (a site's names); an entry of several words allows each.
func Check(d *Doc, l *Lang, allowed ...string) []Finding {
	c := checker{l: l, explained: map[string]bool{}, allowed: map[string]bool{}}
	for _, a := range allowed {
		for _, w := range strings.Fields(a) {
			c.allowed[w] = true
		}
	}
	for _, w := range l.Exceptions {
		c.allowed[w] = true
	}
	for _, s := range d.Sentences() {
		ws := s.Words()
		if len(ws) > 1 && slices.Contains(l.Explains, strings.ToLower(ws[1].Text)) {
			c.explained[strings.ToLower(ws[0].Text)] = true
		}
	}
	for _, b := range d.Blocks {
		c.characters(b)
		c.abbreviations(b)
		for _, s := range b.Sentences {
			c.sentence(s)
		}
	}
	slices.SortStableFunc(c.out, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return c.out
}

type checker struct {
	l         *Lang
	allowed   map[string]bool // long words allowed unsplit
	explained map[string]bool
	out       []Finding
}

func (c *checker) add(t Token, sev Severity, rule, format string, args ...any) {
	c.out = append(c.out, Finding{Line: t.Line, Col: t.Col, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) characters(b Block) {
	open := false
	for _, t := range b.Tokens {
		for _, r := range t.Text {
			why, ok := c.l.Characters[r]
			if !ok || r == ')' && open {
				continue
			}
			open = open || r == '('
			c.add(t, Error, RuleCharacters, "Das Zeichen „%c“ verstehen viele Leser nicht: %s", r, why)
		}
	}
}

func (c *checker) abbreviations(b Block) {
	i := 0
	for _, sp := range b.abbrev {
		for i < len(b.Tokens) && b.Tokens[i].off < sp[0] {
			i++
		}
		if i == len(b.Tokens) {
			break
		}
		a := b.flat[sp[0]:sp[1]]
		c.add(b.Tokens[i], Error, RuleAbbrev, "„%s“ ist eine Abkürzung – bitte ausschreiben: %s", a, c.l.expansion(a))
	}
}

func (c *checker) sentence(s Sentence) {
	l := c.l
	ws := s.Words()
	if len(ws) == 0 {
		return
	}
	if s.SameLine {
		c.add(ws[0], Error, RuleOnePerLine, "Hier beginnt ein neuer Satz in derselben Zeile – bitte jeden Satz in eine eigene Zeile schreiben (Zeilenumbruch mit \\ am Zeilenende)")
	}
	switch n := len(ws); {
	case n > l.MaxWords:
		c.add(ws[0], Error, RuleSentence, "Der Satz hat %d Wörter, erlaubt sind höchstens %d – bitte in kürzere Sätze teilen", n, l.MaxWords)
	case n > l.WarnWords:
		c.add(ws[0], Warning, RuleSentence, "Der Satz hat %d Wörter – besser sind höchstens %d; lässt er sich teilen?", n, l.WarnWords)
	}
	aux := -1
	for i, w := range ws {
		lower := strings.ToLower(w.Text)
		c.word(w)
		if d, ok := l.NumberWords[lower]; ok {
			c.add(w, Error, RuleNumbers, "Zahlen bitte als Ziffern schreiben: %s statt „%s“", d, w.Text)
		} else if l.NumberCompound != nil && l.NumberCompound.MatchString(lower) {
			c.add(w, Error, RuleNumbers, "Zahlen bitte als Ziffern schreiben statt „%s“", w.Text)
		}
		if slices.Contains(l.PassiveAux, lower) && aux < 0 {
			aux = i
		}
		if slices.Contains(l.Negations, lower) {
			c.add(w, Warning, RuleNegation, "„%s“ ist eine Verneinung – lässt sich der Satz positiv sagen? Sonst „%s“ fett schreiben", w.Text, w.Text)
		}
		if slices.Contains(l.Genitive, lower) {
			c.add(w, Warning, RuleGenitive, "„%s“ klingt nach Genitiv – besser mit „von“: das Haus von der Stadt", w.Text)
		}
		if slices.Contains(l.Subjunctive, lower) {
			c.add(w, Warning, RuleSubjunct, "„%s“ ist eine Möglichkeits-Form (Konjunktiv) – bitte sagen, was ist oder was man tun kann", w.Text)
		}
		if f, ok := l.Foreign[lower]; ok && !c.isExplained(lower) {
			c.add(w, Warning, RuleForeign, "„%s“ ist ein Fremdwort – besser „%s“, oder das Wort im nächsten Satz erklären („%s heißt: …“)", w.Text, f, w.Text)
		}
	}
	if aux >= 0 && l.Participle != nil {
		for _, w := range ws {
			// Either side: a subordinate clause puts the participle first.
			if w.off != ws[aux].off && l.Participle.MatchString(strings.ToLower(w.Text)) {
				c.add(ws[aux], Warning, RulePassive, "„%s … %s“ klingt nach Passiv – besser aktiv: wer tut was?", ws[aux].Text, w.Text)
				break
			}
		}
	}
	for i, t := range s.Tokens {
		if t.Text != "," {
			continue
		}
		for j := i + 1; j < len(s.Tokens) && j <= i+2; j++ {
			if w := strings.ToLower(s.Tokens[j].Text); slices.Contains(l.Subordinators, w) {
				c.add(t, Warning, RuleComma, "Komma vor „%s“: ein Nebensatz – besser 2 Sätze", s.Tokens[j].Text)
				break
			}
		}
	}
}

// isExplained reports whether the page explains w or a word it begins
// with (kommunal explains kommunale).
func (c *checker) isExplained(w string) bool {
	for e := range c.explained {
		if strings.HasPrefix(w, e) || strings.HasPrefix(e, w) {
			return true
		}
	}
	return false
}

// word checks the length of each part of w.
func (c *checker) word(w Token) {
	l := c.l
	if c.allowed[w.Text] || strings.ContainsAny(w.Text, "./@") {
		return // a name, or an address (www.bamberg.de) or a date
	}
	for part := range strings.FieldsFuncSeq(w.Text, func(r rune) bool { return strings.ContainsRune(l.Splitters, r) }) {
		if letters(part) < l.LongWord || c.allowed[part] || strings.ToUpper(part) == part {
			continue
		}
		msg := fmt.Sprintf("„%s“ hat %d Buchstaben – lange Wörter bitte mit Bindestrich oder Mediopunkt teilen", part, letters(part))
		if s := c.suggest(part); s != "" {
			msg += fmt.Sprintf(", z. B. %s", s)
		}
		c.add(w, Error, RuleLongWord, "%s", msg)
	}
}

// suggest splits a long word after a linking end, in both ways the rules
// allow: "Integrations-Beirat oder Integrations·beirat".
func (c *checker) suggest(w string) string {
	rs := []rune(w)
	lower := strings.ToLower(w)
	best := -1
	for _, e := range c.l.LinkingEnds {
		for from := 0; ; {
			i := strings.Index(lower[from:], e)
			if i < 0 {
				break
			}
			at := utf8.RuneCountInString(lower[:from+i+len(e)])
			if at >= 4 && len(rs)-at >= 4 && abs(at-len(rs)/2) < abs(best-len(rs)/2) {
				best = at
			}
			from += i + len(e)
		}
	}
	if best < 0 {
		return ""
	}
	head, tail := string(rs[:best]), string(rs[best:])
	r, n := utf8.DecodeRuneInString(tail)
	return fmt.Sprintf("%s-%s oder %s·%s", head, string(unicode.ToUpper(r))+tail[n:], head, tail)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
