// Package slug turns titles into URL path segments and heading IDs.
//
// # Rules
//
// The result is lower-case ASCII letters, digits and single hyphens, with no
// hyphen at either end:
//
//   - German letters are transliterated as Germans write them without
//     umlauts: ä→ae, ö→oe, ü→ue, ß→ss (Ä, Ö, Ü likewise).
//   - Other letters lose their accents (é→e, ç→c, ł→l).
//   - Every run of other characters (spaces, punctuation, "&", dashes)
//     becomes one hyphen.
//
// So "Leitbild, Ziele & Vorgehen" becomes "leitbild-ziele-vorgehen" and
// "Runder Tisch Integration März 2027" becomes
// "runder-tisch-integration-maerz-2027". A title with no letters or digits
// gives "".
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var special = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'ẞ': "ss",
	'Ä': "ae", 'Ö': "oe", 'Ü': "ue",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ı': "i",
}

// Make returns the slug of s.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false // a hyphen is pending
	emit := func(str string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(str)
	}
	for _, r := range norm.NFC.String(s) {
		if rep, ok := special[r]; ok {
			emit(rep)
			continue
		}
		if r < 0x80 {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				emit(string(r))
			case 'A' <= r && r <= 'Z':
				emit(string(r + 'a' - 'A'))
			default:
				hyphen = true
			}
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			// Strip accents: decompose and keep ASCII base letters.
			kept := false
			for _, d := range norm.NFD.String(string(r)) {
				if d < 0x80 && (unicode.IsLetter(d) || unicode.IsDigit(d)) {
					emit(strings.ToLower(string(d)))
					kept = true
				}
			}
			if !kept {
				hyphen = true
			}
			continue
		}
		hyphen = true
	}
	return b.String()
}

// Valid reports whether s is already a slug (what Make would leave as it is).
func Valid(s string) bool {
	return s != "" && Make(s) == s
}
