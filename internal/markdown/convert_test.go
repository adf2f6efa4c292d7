package markdown

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark/util"
)

func readPage(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile("testdata/seite.md")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func TestSeite(t *testing.T) {
	res, ds := testConverter.Convert(readPage(t), testPage())
	// The page links to pages testPage does not know.
	if len(ds) != 4 {
		t.Errorf("got %d diagnostics, want 4:\n%s", len(ds), format(ds))
	}
	for _, want := range []string{
		"„Flächenübergreifenden Integrationsprojekt – FIP“",
		`<h2 id="naechster-termin">Nächster Termin:</h2>`,
		`<listing events series="runder-tisch" limit="1"`,
		wrapTable,
		`<a href="/fip/#die-wichtigsten-schritte">FIP</a>`,
	} {
		if !bytes.Contains(res.HTML, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if len(res.Headings) != 4 || len(res.Images) != 1 || len(res.Links) != 7 {
		t.Errorf("got %d headings, %d images, %d links; want 4, 1, 7", len(res.Headings), len(res.Images), len(res.Links))
	}
}

// TestConcurrentConvert converts many pages at once (run it with -race)
// and checks each gives what it gives alone.
func TestConcurrentConvert(t *testing.T) {
	inputs := [][]byte{readPage(t)}
	for _, tt := range convertTests {
		inputs = append(inputs, []byte(tt.input))
	}
	type result struct {
		html  string
		diags string
	}
	want := make([]result, len(inputs))
	for i, in := range inputs {
		res, ds := testConverter.Convert(in, testPage())
		want[i] = result{string(res.HTML), format(ds)}
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 3 * len(inputs) {
				k := (g*7 + i) % len(inputs)
				res, ds := testConverter.Convert(inputs[k], testPage())
				if got := (result{string(res.HTML), format(ds)}); got != want[k] {
					t.Errorf("input %d converted at the same time as others:\n%+v\nwant:\n%+v", k, got, want[k])
					return
				}
			}
		})
	}
	wg.Wait()
}

// fuzzConverter fails to render ::actors, and lets panics through.
var fuzzConverter = func() *Converter {
	c := New(WithDirectiveRenderer(func(w util.BufWriter, d *Directive) error {
		if d.Name == "actors" {
			return errors.New("kaputt")
		}
		_, err := w.WriteString("<" + d.Name + ">")
		return err
	}))
	c.noRecover = true
	return c
}()

func FuzzConvert(f *testing.F) {
	f.Add(readPage(f), uint8(5), false)
	for _, tt := range convertTests {
		f.Add([]byte(tt.input), uint8(1), tt.page != nil)
	}
	for _, s := range []string{
		"# Titel\r\n\r\n::events{limit=1}\r\n[a](b.md)\r\n",
		"\t::actors{}\n>\t[a](\n>\tb.md)\n",
		"[^1]: ::actors{}\n\nText[^1] und 'x' \"y\"\n",
		"- a\n  - b\n\n    ::events{past=true}\n\n| x |\n|---|\n| <b>y</b> [z](../z.md#q) |\n",
		"<div>\n::actors{}\n</div>\n\n## ## {#a}\n## a {#a}\n",
	} {
		f.Add([]byte(s), uint8(3), false)
	}
	f.Fuzz(func(t *testing.T, src []byte, first uint8, raw bool) {
		p := Page{
			Path:      "content/fuzz.md",
			FirstLine: int(first%50) + 1,
			RawHTML:   raw,
			ResolveLink: func(dest string) (string, error) {
				if len(dest)%3 == 0 {
					return "", errors.New("Link " + dest + " geht nicht")
				}
				return "/seite/", nil
			},
			ResolveDirective: func(d *Directive) error {
				if len(d.Attrs)%2 == 1 {
					return errors.New("nein")
				}
				d.Data = d.Name
				return nil
			},
		}
		res, ds := fuzzConverter.Convert(src, p)
		last := p.FirstLine + bytes.Count(bytes.TrimSuffix(src, []byte{'\n'}), []byte{'\n'})
		inRange := func(what string, line int) {
			if line < p.FirstLine || line > last {
				t.Errorf("%s at line %d, outside %d–%d of\n%q", what, line, p.FirstLine, last, src)
			}
		}
		for _, d := range ds {
			if d.Path != p.Path {
				t.Errorf("diagnostic without path: %v", d)
			}
			if strings.HasPrefix(d.Message, internalError) {
				t.Errorf("internal error: %v", d)
			}
			inRange("diagnostic "+d.Message, d.Line)
		}
		for _, h := range res.Headings {
			inRange("heading", h.Line)
		}
		for _, l := range res.Links {
			inRange("link", l.Line)
		}
		for _, i := range res.Images {
			inRange("image", i.Line)
		}
		res2, ds2 := fuzzConverter.Convert(src, p)
		if !bytes.Equal(res.HTML, res2.HTML) || !slices.Equal(ds, ds2) {
			t.Errorf("two conversions of %q differ", src)
		}
	})
}

func BenchmarkConvert(b *testing.B) {
	src := readPage(b)
	p := testPage()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		testConverter.Convert(src, p)
	}
}
