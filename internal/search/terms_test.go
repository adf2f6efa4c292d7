package search

import (
	"reflect"
	"strings"
	"testing"
)

// page is a minimal page of the language lang with text in <main>.
func page(lang, title, text string) []byte {
	return []byte(`<!doctype html><html lang="` + lang + `"><head><title>` + title + `</title></head><body><main><h1>` + title +
		`</h1><p>` + text + `</p></main></body></html>`)
}

// TestStemTable: the words a build's pages share are folded and stemmed
// once (the stemTable), and a page read with the table filled by other
// pages — of other languages with the same words — is the page read
// alone: the table is keyed by language too.
func TestStemTable(t *testing.T) {
	pages := []struct{ p, lang, title, text string }{
		{"a/index.html", "de", "Beratung für Familien", "Working Groups und Beratungsstellen: die Kultur, E-Mail an İstanbul, kültür und WebView. Familien beraten Familien."},
		{"en/a/index.html", "en", "Working groups", "Working groups for families: counselling, culture, E-Mail and kültür, the families working."},
		{"tr/a/index.html", "tr", "Kültür dernekleri", "Kültür ve kultur dernekleri, çalışma grupları; İstanbul'da working groups."},
		{"uk/a/index.html", "uk", "Інтеграція", "Інтеграція людина освіти working groups."},
		{"b/index.html", "de", "Familien und Kultur", "Kulturelle Beratung der Familien, working families."},
	}
	var table stemTable
	for round := range 2 { // the second round with the table full
		for _, pg := range pages {
			data := page(pg.lang, pg.title, pg.text)
			alone, ok1 := Extract(pg.p, data)
			shared, ok2 := extract(pg.p, data, &table)
			if !ok1 || !ok2 {
				t.Fatalf("%s: not read", pg.p)
			}
			if !reflect.DeepEqual(alone, shared) {
				t.Errorf("round %d, %s: with the shared table\n %+v\nalone\n %+v", round, pg.p, shared, alone)
			}
		}
	}
	if de, en := table.m["de\x00working"], table.m["en\x00working"]; de.stem == en.stem {
		t.Errorf("working: the same stem %q in German and English; the test needs them to differ", de.stem)
	}
}

// TestDocRecord: the record the cache keeps of a page has its terms,
// address, language and length, not its title and text (a page read
// anew brings those itself), and is smaller than the text.
func TestDocRecord(t *testing.T) {
	text := strings.Repeat("Beratung für Familien in der Kultur, kültür und E-Mail. ", 40)
	d, ok := Extract("x/index.html", page("de", "Beratung", text))
	if !ok {
		t.Fatal("not read")
	}
	rec := d.encode()
	got, err := decodeDoc(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := d
	want.Title, want.Content = "", ""
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("decoded\n %+v\nwant\n %+v", *got, want)
	}
	if len(rec) >= len(d.Content)/4 {
		t.Errorf("record of %d bytes for %d bytes of text: it holds the text", len(rec), len(d.Content))
	}
	if _, err := decodeDoc(rec[:len(rec)-1]); err == nil {
		t.Error("a truncated record decoded")
	}
}
