package i18n

import (
	"math"
	"testing"

	"github.com/stadt-bamberg/integration/internal/german"
)

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		prec int
		want map[string]string // language → text
	}{
		{1.2, 1, map[string]string{"de": "1,2", "en": "1.2", "tr": "1,2", "ar": "1.2", "uk": "1,2"}},
		{1.25, 0, map[string]string{"de": "1", "en": "1", "tr": "1", "ar": "1", "uk": "1"}},
		{0.04, 1, map[string]string{"de": "0,0", "en": "0.0", "tr": "0,0", "ar": "0.0", "uk": "0,0"}},
		{1234.56, 1, map[string]string{"de": "1.234,6", "en": "1,234.6", "tr": "1.234,6", "ar": "1,234.6", "uk": "1\u202f234,6"}},
		{1234567, 2, map[string]string{"de": "1.234.567,00", "en": "1,234,567.00", "tr": "1.234.567,00", "ar": "1,234,567.00", "uk": "1\u202f234\u202f567,00"}},
		{-2.5, 1, map[string]string{"de": "-2,5", "en": "-2.5", "tr": "-2,5", "ar": "\u200e-2.5", "uk": "-2,5"}},
		{-0.01, 1, map[string]string{"de": "0,0", "en": "0.0", "tr": "0,0", "ar": "0.0", "uk": "0,0"}},
		{0.125, -1, map[string]string{"de": "0,125", "en": "0.125", "tr": "0,125", "ar": "0.125", "uk": "0,125"}},
		{math.Inf(1), 1, map[string]string{"de": "∞", "en": "∞", "tr": "∞", "ar": "∞", "uk": "∞"}},
		{math.NaN(), 1, map[string]string{"de": "NaN", "en": "NaN", "tr": "NaN", "ar": "NaN", "uk": "NaN"}},
	} {
		for _, code := range Supported() {
			if got := locale(t, code).Decimal(tc.f, tc.prec); got != tc.want[code] {
				t.Errorf("%s: Decimal(%v, %d) = %q, want %q", code, tc.f, tc.prec, got, tc.want[code])
			}
		}
	}
}

// TestDecimalGerman: German is german.Decimal exactly, and the whole part
// is grouped as Number groups whole numbers in every language.
func TestDecimalGerman(t *testing.T) {
	for _, f := range []float64{0, 1, 999.95, 1000, 12345.678, -98765.4, 1e9} {
		if got, want := locale(t, "de").Decimal(f, 2), german.Decimal(f, 2); got != want {
			t.Errorf("Decimal(%v, 2) = %q, want %q", f, got, want)
		}
		for _, code := range Supported() {
			l := locale(t, code)
			if got, want := l.Decimal(math.Trunc(f), 0), l.Number(int(math.Trunc(f))); got != want {
				t.Errorf("%s: Decimal(%v, 0) = %q, Number = %q", code, math.Trunc(f), got, want)
			}
		}
	}
}
