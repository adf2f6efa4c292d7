package render

import (
	"os"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/model"
)

func TestDocumentType(t *testing.T) {
	for p, want := range map[string]string{
		"plan.pdf": "PDF", "/dokumente/Plan.PDF": "PDF", "a/antrag.docx": "Word", "antrag.doc": "Word",
		"tabelle.xlsx": "Excel", "tabelle.ods": "ODS", "brief.odt": "ODT", "folien.pptx": "PowerPoint",
		"daten.csv": "CSV", "alles.zip": "ZIP", "buch.epub": "EPUB", "brief.rtf": "RTF",
		// Not documents: the browser shows them.
		"foto.jpg": "", "bild.png": "", "grafik.svg": "", "liste.txt": "", "seite.html": "", "pdf": "", "ordner.pdf/": "",
	} {
		if got := DocumentType(p); got != want {
			t.Errorf("DocumentType(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestFormatSize: sizes in the languages' own words and numbers, from
// the repository's interface strings.
func TestFormatSize(t *testing.T) {
	var diags diag.List
	cat := i18n.Load(os.DirFS("../.."), i18n.Dir, &diags)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	site := func(code string) *model.Site {
		loc, _ := i18n.LocaleFor(code)
		return &model.Site{Config: model.Config{Language: code}, Locale: loc, Catalog: cat}
	}
	const nb = "\u00a0"
	for _, tc := range []struct {
		n    int64
		want map[string]string
	}{
		{0, map[string]string{"de": "0" + nb + "KB", "en": "0" + nb + "KB"}},
		{1, map[string]string{"de": "1" + nb + "KB", "en": "1" + nb + "KB"}},
		{1536, map[string]string{"de": "2" + nb + "KB", "en": "2" + nb + "KB"}},
		{35 << 10, map[string]string{"de": "35" + nb + "KB", "en": "35" + nb + "KB", "uk": "35" + nb + "КБ", "ar": "35" + nb + "كيلوبايت"}},
		{999 << 10, map[string]string{"de": "999" + nb + "KB", "en": "999" + nb + "KB"}},
		{999<<10 + 600, map[string]string{"de": "1,0" + nb + "MB", "en": "1.0" + nb + "MB"}},
		{1258291, map[string]string{"de": "1,2" + nb + "MB", "en": "1.2" + nb + "MB", "tr": "1,2" + nb + "MB", "ar": "1.2" + nb + "ميغابايت", "uk": "1,2" + nb + "МБ"}},
		{1234 << 20, map[string]string{"de": "1.234,0" + nb + "MB", "en": "1,234.0" + nb + "MB"}},
	} {
		for code, want := range tc.want {
			if got := formatSize(site(code), tc.n); got != want {
				t.Errorf("%s: formatSize(%d) = %q, want %q", code, tc.n, got, want)
			}
		}
	}
	if got, want := site("de").T("document_info", "PDF", formatSize(site("de"), 1258291)), "(PDF, 1,2"+nb+"MB)"; got != want {
		t.Errorf("de: %q, want %q", got, want)
	}
	if got, want := site("ar").T("document_info", "PDF", formatSize(site("ar"), 1258291)), "(PDF، 1.2"+nb+"ميغابايت)"; got != want {
		t.Errorf("ar: %q, want %q", got, want)
	}
}
