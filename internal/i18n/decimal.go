package i18n

import (
	"math"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/german"
)

// decimalSeps are the decimal separators of the languages (CLDR; Arabic
// with the Western digits of its numbering system "latn", see [Locale]).
var decimalSeps = map[string]string{"de": ",", "en": ".", "tr": ",", "ar": ".", "uk": ","}

// Decimal returns f with prec digits after the decimal separator and
// groups of thousands as [Locale.Number] writes them: 1234.5 with prec 1
// is "1.234,5" in de and tr, "1,234.5" in en and ar, "1 234,5" (U+202F)
// in uk. A negative prec uses as many digits as needed. A result that
// rounds to zero has no minus sign. Infinities and NaN are "∞", "-∞" and
// "NaN". German is german.Decimal.
func (l *Locale) Decimal(f float64, prec int) string {
	if l.german {
		return german.Decimal(f, prec)
	}
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "∞"
	case math.IsInf(f, -1):
		return l.minus + "∞"
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if strings.Trim(s, "0.") == "" {
		neg = false // -0.0 is 0.0
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteString(l.minus)
	}
	first := len(whole) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(whole[:first])
	for i := first; i < len(whole); i += 3 {
		b.WriteString(l.group)
		b.WriteString(whole[i : i+3])
	}
	if hasFrac {
		b.WriteString(decimalSeps[l.code])
		b.WriteString(frac)
	}
	return b.String()
}
