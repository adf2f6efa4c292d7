package tree

import (
	"fmt"
	"strings"
)

// badQuote is a quoted YAML value that is never closed, or closed where
// text still follows on the line of its closing quote.
type badQuote struct {
	open  int    // line of the data on which the quote opens, 1-based
	close int    // line of the closing quote; 0 if there is none
	quote byte   // '"' or '\''
	rest  string // the text after a closing quote on the opening line
}

// message says what is wrong with the quote; offset is the file's line
// of the first line of the data.
func (q badQuote) message(offset int) string {
	line := offset + q.open - 1
	if q.close != q.open {
		return fmt.Sprintf("Das Anführungszeichen in Zeile %d wird nicht geschlossen – bitte am Ende des Werts %c ergänzen", line, q.quote)
	}
	rest := q.rest
	if r := []rune(rest); len(r) > 30 {
		rest = string(r[:30]) + "…"
	}
	how := `ein " im Wert bitte als \" schreiben oder den ganzen Wert in ' setzen`
	if q.quote == '\'' {
		how = `ein ' im Wert bitte doppelt schreiben ('') oder den ganzen Wert in " setzen`
	}
	return fmt.Sprintf("Nach dem schließenden Anführungszeichen in Zeile %d steht noch Text (%s) – %s", line, rest, how)
}

// findBadQuote looks through YAML data for the first quoted value that is
// not closed, or after whose closing quote text follows on the line, and
// so finds where a YAML error that the parser notices only later (at the
// end of the front matter, or at the next quote) was made. A value that
// starts with a quote may go on over several lines as long as the quote
// is closed properly; quotes inside plain text, comments and block texts
// (| and >) do not count. It is a scanner of YAML's quoting only, used
// after the parser has failed.
func findBadQuote(data []byte) (badQuote, bool) {
	s := string(data)
	var (
		line        = 1
		flow        = 0     // depth of [ ] and { }
		expect      = true  // a value (or key) may start here
		plain       = false // inside a plain (unquoted) value
		plainIndent = 0     // indentation of the line the plain value started on
		block       = -1    // ≥ 0: skipping a block text (| or >) of a line with this indentation
		indent      = 0     // of the current line
	)
	isSpace := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' }
	for i := 0; i < len(s); i++ {
		if i == 0 || s[i-1] == '\n' { // start of a line
			indent = 0
			for i+indent < len(s) && s[i+indent] == ' ' {
				indent++
			}
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			blank := strings.TrimSpace(s[i:i+end]) == ""
			if block >= 0 {
				if blank || indent > block {
					i += end
					line++
					continue
				}
				block = -1
			}
			if flow == 0 {
				// A line indented deeper than the one a plain value
				// started on goes on with that value.
				expect = !(plain && !blank && indent > plainIndent)
				if expect {
					plain = false
				}
			}
		}
		c := s[i]
		switch {
		case c == '\n':
			line++
		case c == ' ' || c == '\t' || c == '\r':
		case c == '#' && (i == 0 || isSpace(i-1)):
			for i+1 < len(s) && s[i+1] != '\n' { // a comment, to the end of the line
				i++
			}
		case expect && (c == '"' || c == '\''):
			open := line
			j := i + 1
			for ; j < len(s); j++ {
				ch := s[j]
				if ch == '\n' {
					line++
				} else if c == '"' && ch == '\\' {
					if j+1 < len(s) && s[j+1] == '\n' {
						line++
					}
					j++
				} else if ch == c {
					if c == '\'' && j+1 < len(s) && s[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(s) {
				return badQuote{open: open, quote: c}, true
			}
			end := strings.IndexByte(s[j+1:], '\n')
			if end < 0 {
				end = len(s) - j - 1
			}
			rest := strings.TrimSpace(strings.TrimRight(s[j+1:j+1+end], "\r"))
			ok := rest == "" || strings.HasPrefix(rest, "#") && isSpace(j+1) ||
				rest[0] == ':' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t') ||
				flow > 0 && strings.ContainsRune(",]}:", rune(rest[0]))
			if !ok {
				q := badQuote{open: open, close: line, quote: c}
				if line == open {
					q.rest = rest
				}
				return q, true
			}
			i, expect, plain = j, false, false
		case expect && flow == 0 && (c == '|' || c == '>'):
			block = indent
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case expect && (c == '&' || c == '!'): // an anchor or a tag before the value
			for !isSpace(i + 1) {
				i++
			}
		case c == '[' || c == '{':
			if expect || flow > 0 {
				flow++
				expect, plain = true, false
			} else {
				expect = false
			}
		case flow > 0 && (c == ']' || c == '}'):
			flow--
			expect = false
		case flow > 0 && c == ',':
			expect = true
		case expect && (c == '-' || c == '?') && isSpace(i+1): // a list item or an explicit key
		case c == ':' && (isSpace(i+1) || flow > 0 && i+1 < len(s) && strings.IndexByte(",]}", s[i+1]) >= 0):
			expect, plain = true, false
		default:
			if expect && flow == 0 {
				plain, plainIndent = true, indent
			}
			expect = false
		}
	}
	return badQuote{}, false
}
