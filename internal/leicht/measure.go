package leicht

import (
	"strings"
	"unicode"
)

// Figures say how hard a page's text is to read.
type Figures struct {
	Sentences int     `json:"sentences"`
	Words     int     `json:"words"`
	MeanWords float64 `json:"words_per_sentence"`     // mean
	MaxWords  int     `json:"max_words_per_sentence"` // the longest sentence
	LongWords float64 `json:"long_words"`             // share of words over 6 letters, 0–1
	// Wiener is the first Wiener Sachtextformel: 0.1935·MS + 0.1672·SL +
	// 0.1297·IW − 0.0327·ES − 0.875, with MS the percentage of words of 3
	// syllables or more, SL the mean sentence length, IW the percentage
	// of words over 6 letters, ES that of words of one syllable. About
	// the school year a reader needs; 0 without text.
	Wiener float64 `json:"wiener_sachtextformel"`
}

// Measure returns the figures of d (a German text).
func Measure(d *Doc) Figures {
	var f Figures
	var many, long, one int
	for _, s := range d.Sentences() {
		ws := s.Words()
		f.Sentences++
		f.Words += len(ws)
		f.MaxWords = max(f.MaxWords, len(ws))
		for _, w := range ws {
			if letters(w.Text) > 6 {
				long++
			}
			switch n := Syllables(w.Text); {
			case n >= 3:
				many++
			case n == 1:
				one++
			}
		}
	}
	if f.Words == 0 {
		return f
	}
	pc := func(n int) float64 { return 100 * float64(n) / float64(f.Words) }
	f.MeanWords = float64(f.Words) / float64(f.Sentences)
	f.LongWords = float64(long) / float64(f.Words)
	f.Wiener = 0.1935*pc(many) + 0.1672*f.MeanWords + 0.1297*pc(long) - 0.0327*pc(one) - 0.875
	return f
}

// Syllables estimates the syllables of a German word: its groups of
// vowels (ei, au, eu, äu, ie count as one as they are one group). A word
// of digits counts as one.
func Syllables(w string) int {
	n, in := 0, false
	for _, r := range strings.ToLower(w) {
		v := strings.ContainsRune("aeiouäöüy", r)
		if v && !in {
			n++
		}
		in = v
		if !unicode.IsLetter(r) {
			in = false
		}
	}
	return max(n, 1)
}
