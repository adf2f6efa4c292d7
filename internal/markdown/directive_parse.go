package markdown

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/diag"
)

// The directives editors may write, and their attributes.
var (
	directiveNames = []string{"events", "actors", "milestones"}
	directiveSpecs = map[string][]attrSpec{
		"events": {
			{"series", kindText, `series="runder-tisch"`},
			{"limit", kindCount, "limit=3"},
			{"empty", kindText, `empty="Zurzeit sind keine Termine geplant."`},
			{"past", kindBool, "past=true"},
		},
		"actors":     {{"category", kindText, `category="beirat"`}},
		"milestones": {{"section", kindText, `section="fip"`}},
	}
)

type attrSpec struct {
	key     string
	kind    valueKind
	example string // how to write it, for messages
}

type valueKind int

const (
	kindText  valueKind = iota // any text
	kindCount                  // a whole number, 0 or more
	kindBool                   // true or false
)

// parseDirective parses a directive line: line starts with "::" (its
// indentation removed) and may end in a line break. It returns the name,
// the attributes in the order written, and what is wrong with the line, in
// words for editors.
func parseDirective(line []byte) (name string, attrs []Attr, errs []string) {
	s := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
	p := &lineParser{s: s, i: min(2, len(s))}
	p.parse()
	return p.name, p.attrs, p.errs
}

type lineParser struct {
	s     string // the line
	i     int    // position in s
	name  string
	specs []attrSpec
	attrs []Attr
	errs  []string
}

func (p *lineParser) errorf(format string, args ...any) {
	p.errs = append(p.errs, fmt.Sprintf(format, args...))
}

func (p *lineParser) parse() {
	p.name = p.word()
	if p.name == "" {
		p.errorf(`Nach "::" fehlt der Name der Anweisung – möglich sind %s`, listNames())
		return
	}
	specs, ok := directiveSpecs[p.name]
	if !ok {
		msg := "Unbekannte Anweisung " + quote("::"+p.name)
		if s := diag.Suggest(p.name, directiveNames); s != "" {
			msg += " – gemeint ist wohl " + quote("::"+s)
		} else {
			msg += " – möglich sind " + listNames()
		}
		p.errorf("%s", msg)
		return
	}
	p.specs = specs
	rest := p.s[p.i:]
	switch {
	case isBlank(rest):
		return
	case rest[0] != '{' && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "{"):
		p.errorf(`Zwischen %s und "{" darf kein Leerzeichen stehen`, quote("::"+p.name))
		return
	case rest[0] != '{':
		p.errorf("Nach %s darf nur {…} mit Attributen stehen, hier steht aber %s", quote("::"+p.name), quote(strings.TrimSpace(rest)))
		return
	}
	p.i++
	if !p.attributes() {
		return
	}
	if rest := p.s[p.i:]; !isBlank(rest) {
		p.errorf(`Nach der schließenden Klammer "}" darf nichts mehr stehen, hier steht aber %s`, quote(strings.TrimSpace(rest)))
	}
}

// attributes parses the attributes after "{" up to the closing "}". It
// returns false if they cannot be read to the end.
func (p *lineParser) attributes() bool {
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			p.errorf(`Bei %s fehlt am Ende der Zeile die schließende Klammer "}"`, quote("::"+p.name+"{"))
			return false
		}
		switch p.s[p.i] {
		case '}':
			p.i++
			return true
		case ',':
			p.errorComma()
			return false
		}
		start := p.i
		key := p.word()
		if key == "" {
			p.errorf("In %s steht %s, wo ein Attribut stehen sollte – geschrieben wird Name=Wert, z. B. %s",
				quote("::"+p.name+"{…}"), quote(p.s[start:]), p.specs[0].example)
			return false
		}
		spec, known := p.spec(key)
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			switch {
			case !known:
				p.errorUnknown(key)
			case strings.HasPrefix(strings.TrimLeft(p.s[p.i:], " \t"), "="):
				p.errorf(`Um das "=" nach %s dürfen keine Leerzeichen stehen: %s`, quote(key), spec.example)
			default:
				p.errorf("Das Attribut %s hat keinen Wert – geschrieben wird z. B. %s", quote(key), spec.example)
			}
			return false
		}
		p.i++
		value, ok := p.value(key, spec)
		if !ok {
			return false
		}
		p.add(key, value, spec, known)
	}
}

// value parses the value after "key=".
func (p *lineParser) value(key string, spec attrSpec) (string, bool) {
	example := spec.example
	if example == "" {
		example = clean(key) + `="…"`
	}
	if p.i >= len(p.s) {
		p.errorf("Das Attribut %s hat keinen Wert – geschrieben wird z. B. %s", quote(key), example)
		return "", false
	}
	switch p.s[p.i] {
	case '"':
		return p.quoted(key)
	case ' ', '\t', '}':
		p.errorf("Das Attribut %s hat keinen Wert – geschrieben wird z. B. %s", quote(key), example)
		return "", false
	case '\'':
		p.errorf(`Der Wert von %s steht in einfachen Anführungszeichen – bitte gerade doppelte verwenden: %s="…"`, quote(key), clean(key))
		return "", false
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(" \t{}\"',", rune(p.s[p.i])) {
		p.i++
	}
	v := p.s[start:p.i]
	if r, _ := utf8.DecodeRuneInString(v); strings.ContainsRune("„“”‚‘’«»", r) {
		p.errorf(`Der Wert von %s steht in typografischen Anführungszeichen – bitte gerade doppelte verwenden: %s="…"`, quote(key), clean(key))
		return "", false
	}
	if p.i < len(p.s) {
		switch p.s[p.i] {
		case ',':
			p.errorComma()
			return "", false
		case '{', '"', '\'':
			p.errorf(`Der Wert von %s ist nicht lesbar – ein Wert mit Leerzeichen, Anführungszeichen oder Klammern muss ganz in "…" stehen, z. B. %s="…"`, quote(key), clean(key))
			return "", false
		}
	}
	return v, true
}

// quoted parses a value in double quotes, in which \" stands for " and \\
// for \.
func (p *lineParser) quoted(key string) (string, bool) {
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			p.errorf(`Beim Wert von %s fehlt das schließende Anführungszeichen "`, quote(key))
			return "", false
		}
		c := p.s[p.i]
		p.i++
		if c == '"' {
			break
		}
		if c == '\\' && p.i < len(p.s) && (p.s[p.i] == '"' || p.s[p.i] == '\\') {
			c = p.s[p.i]
			p.i++
		}
		b.WriteByte(c)
	}
	if p.i < len(p.s) && !strings.ContainsRune(" \t}", rune(p.s[p.i])) {
		if p.s[p.i] == ',' {
			p.errorComma()
		} else {
			p.errorf("Nach dem Wert von %s fehlt ein Leerzeichen vor dem nächsten Attribut", quote(key))
		}
		return "", false
	}
	return b.String(), true
}

// add checks an attribute and adds it.
func (p *lineParser) add(key, value string, spec attrSpec, known bool) {
	dup := false
	for _, a := range p.attrs {
		dup = dup || a.Key == key
	}
	switch {
	case !known:
		p.errorUnknown(key)
	case dup:
		p.errorf("Das Attribut %s steht doppelt bei %s – es darf nur einmal vorkommen", quote(key), quote("::"+p.name))
	case spec.kind == kindCount && !isCount(value):
		p.errorf("Der Wert von %s muss eine ganze Zahl ab 0 sein, z. B. %s – hier steht %s", quote(key), spec.example, quote(value))
	case spec.kind == kindBool && value != "true" && value != "false":
		p.errorf("Der Wert von %s muss true oder false sein – hier steht %s", quote(key), quote(value))
	}
	p.attrs = append(p.attrs, Attr{Key: key, Value: value})
}

func (p *lineParser) errorUnknown(key string) {
	keys := make([]string, len(p.specs))
	for i, s := range p.specs {
		keys[i] = s.key
	}
	allowed := "möglich sind " + strings.Join(keys, ", ")
	if len(keys) == 1 {
		allowed = "möglich ist nur " + keys[0]
	}
	msg := "Unbekanntes Attribut " + quote(key) + " bei " + quote("::"+p.name)
	if s := diag.Suggest(key, keys); s != "" {
		msg += " – gemeint ist wohl " + quote(s) + " (" + allowed + ")"
	} else {
		msg += " – " + allowed
	}
	p.errorf("%s", msg)
}

func (p *lineParser) errorComma() {
	p.errorf("Bei %s steht ein Komma – Attribute werden nur durch Leerzeichen getrennt", quote("::"+p.name))
}

func (p *lineParser) spec(key string) (attrSpec, bool) {
	for _, s := range p.specs {
		if s.key == key {
			return s, true
		}
	}
	return attrSpec{}, false
}

// word reads a name: ASCII letters, digits, "-", "_" and any non-ASCII
// bytes, so that a misspelt name is read whole and can be reported.
func (p *lineParser) word() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c >= utf8.RuneSelf) {
			break
		}
		p.i++
	}
	return p.s[start:p.i]
}

func (p *lineParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func isBlank(s string) bool { return strings.Trim(s, " \t") == "" }

func isCount(v string) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	_, err := strconv.Atoi(v)
	return v != "" && err == nil
}

// listNames returns "::events", "::actors" und "::milestones".
func listNames() string {
	q := make([]string, len(directiveNames))
	for i, n := range directiveNames {
		q[i] = quote("::" + n)
	}
	return strings.Join(q[:len(q)-1], ", ") + " und " + q[len(q)-1]
}

// quote returns s in double quotes for a message, cleaned.
func quote(s string) string { return `"` + clean(s) + `"` }

// clean returns s for a message: valid UTF-8, without control characters,
// and shortened if long.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return '�'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return s
}
