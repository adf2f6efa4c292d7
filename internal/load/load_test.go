package load

import (
	"cmp"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/tree"
)

func TestLoadKindsAndLines(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":               {Data: []byte("---\ntitle: Start\n---\nHallo\n")},
		"content/akteure/_index.md":       {Data: []byte("\n\n---\ntitle: Akteure\ntype: actor\n---\n\nText\n")},
		"content/akteure/beirat.md":       {Data: []byte("+++\ntitle = \"Beirat\"\n[contact]\nemail = \"a@b.de\"\nstart = 2027-03-11T18:00:00\n+++\nBody")},
		"content/fip/start/index.md":      {Data: []byte("---\ntitle: Start\n---\n")},
		"content/fip/start/bild.png":      {Data: []byte("png")},
		"content/fip/start/sub/plan.pdf":  {Data: []byte("pdf")},
		"content/fip/katalog.pdf":         {Data: []byte("pdf")},
		"content/.hidden.md":              {Data: []byte("x")},
		"content/akteure/entwurf.md~":     {Data: []byte("x")},
		"content/akteure/_notizen/a.md":   {Data: []byte("x")},
		"content/akteure/#autosave.md#":   {Data: []byte("x")},
		"content/akteure/.beirat.md.swp":  {Data: []byte("x")},
		"content/akteure/x/.git/config":   {Data: []byte("x")},
		"layouts/should-not-be-read.html": {Data: []byte("x")},
	}
	var diags diag.List
	c := Load(fsys, "content", &diags)
	if ds := diags.Sorted(); len(ds) > 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	var got []string
	for _, f := range c.Pages {
		got = append(got, f.Rel+":"+f.Kind.String()+":"+f.Dir)
	}
	want := "_index.md:home: akteure/_index.md:section:akteure akteure/beirat.md:page:akteure fip/start/index.md:page:fip/start"
	if strings.Join(got, " ") != want {
		t.Errorf("pages = %v\nwant %v", got, want)
	}
	sec := c.Pages[1]
	if sec.Meta.Get("type").Text != "actor" || sec.Meta.Get("type").Line != 5 || sec.BodyLine != 7 {
		t.Errorf("section: type %+v, body line %d", sec.Meta.Get("type"), sec.BodyLine)
	}
	beirat := c.Pages[2]
	if beirat.Format != "toml" || beirat.Meta.Get("title").Line != 2 {
		t.Errorf("toml title line = %d", beirat.Meta.Get("title").Line)
	}
	contact := beirat.Meta.Get("contact")
	if contact == nil || contact.Get("email").Line != 4 || contact.Get("start").Text != "2027-03-11T18:00:00" {
		t.Errorf("toml contact = %+v", contact)
	}
	if string(beirat.Body) != "Body" || beirat.BodyLine != 7 {
		t.Errorf("body %q at %d", beirat.Body, beirat.BodyLine)
	}
	bundle := c.Pages[3]
	if !bundle.Bundle || strings.Join(bundle.Files, ",") != "fip/start/bild.png,fip/start/sub/plan.pdf" {
		t.Errorf("bundle files = %v", bundle.Files)
	}
	if len(c.Resources) != 3 || c.Resources[0].Rel != "fip/katalog.pdf" || c.Resources[0].Bundle != "" || c.Resources[1].Bundle != "fip/start/index.md" {
		t.Errorf("resources = %+v", c.Resources)
	}
}

func TestYAMLValues(t *testing.T) {
	src := "---\ntitle: \"Ein: Titel\"\nweight: 10\nmenu: True\nstart: 2027-03-11T18:00\ndraft: ~\nlanguages: [de, tr]\nlocation:\n  name: Rathaus\nbase: &b\n  x: 1\nref: *b\n---\nText\n"
	root, format, body, line, err := parseFrontMatter([]byte(src))
	if err != nil || format != "yaml" || string(body) != "Text\n" || line != 14 {
		t.Fatalf("parse: %v %q %q %d", err, format, body, line)
	}
	checks := []struct {
		key, text, tag string
		line           int
	}{
		{"title", "Ein: Titel", "str", 2},
		{"weight", "10", "int", 3},
		{"menu", "true", "bool", 4},
		{"start", "2027-03-11T18:00", "str", 5},
		{"draft", "", "null", 6},
	}
	for _, c := range checks {
		n := root.Get(c.key)
		if n == nil || n.Text != c.text || n.Tag != c.tag || n.Line != c.line {
			t.Errorf("%s = %+v, want %q %s line %d", c.key, n, c.text, c.tag, c.line)
		}
	}
	if l := root.Get("languages"); l.Kind != List || len(l.Items) != 2 || l.Items[1].Text != "tr" {
		t.Errorf("languages = %+v", l)
	}
	if root.Get("location").Get("name").Line != 9 {
		t.Errorf("nested line = %d", root.Get("location").Get("name").Line)
	}
	if root.Get("ref").Get("x").Text != "1" {
		t.Errorf("alias not resolved")
	}
}

func TestBrokenFiles(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"empty", "", 1, "Die Datei ist leer"},
		{"blank", "\n  \n", 1, "Die Datei ist leer"},
		{"no front matter", "# Titel\n\nText", 1, "beginnt nicht mit Front Matter"},
		{"unclosed", "---\ntitle: x\n\nText\n", 1, "nicht abgeschlossen"},
		{"bad yaml", "---\ntitle: x\nfoo: bar: baz\n---\n", 3, "kein gültiges YAML"},
		{"tab", "---\ntitle: x\n\tfoo: 1\n---\n", 3, "kein gültiges YAML"},
		{"duplicate key", "---\ntitle: x\ntitle: y\n---\n", 3, "doppelt"},
		{"list root", "---\n- a\n- b\n---\n", 2, "schlüssel: wert"},
		{"bad toml", "+++\ntitle = \"x\"\nfoo = \n+++\n", 3, "kein gültiges TOML"},
		{"latin1", "---\ntitle: x\n---\nGr\xfc\xdfe\n", 4, "UTF-8"},
		{"index at root", "", 0, "content/_index.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "content/seite.md"
			if tt.name == "index at root" {
				name = "content/index.md"
			}
			var diags diag.List
			c := Load(fstest.MapFS{name: {Data: []byte(tt.src)}}, "content", &diags)
			ds := diags.Sorted()
			if len(c.Pages) != 0 || len(ds) != 1 {
				t.Fatalf("pages %d, diags %v", len(c.Pages), ds)
			}
			if ds[0].Path != name || ds[0].Line != tt.line || !strings.Contains(ds[0].Message, tt.msg) {
				t.Errorf("got %s, want line %d containing %q", ds[0].Error(), tt.line, tt.msg)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	big := "---\ntitle: x\n---\n" + strings.Repeat("Text ", 2*MaxPageSize/5+10)
	var diags diag.List
	c := Load(fstest.MapFS{"content/gross.md": {Data: []byte(big)}}, "content", &diags)
	ds := diags.Sorted()
	if len(c.Pages) != 0 || len(ds) != 1 || !strings.Contains(ds[0].Message, "zu groß") {
		t.Fatalf("got %v", ds)
	}
}

func FuzzParseFrontMatter(f *testing.F) {
	f.Add("---\ntitle: x\n---\nbody")
	f.Add("+++\ntitle = \"x\"\n[a]\nb = 1\n+++\n")
	f.Add("---\na: &x [1, *x]\n---\n")
	f.Add("---\n---\n")
	f.Add("---\ntitle: \"a\nb: 'c''\n---\n")
	f.Add("+++\na = \"x\n+++\n")
	f.Fuzz(func(t *testing.T, src string) {
		root, _, body, line, err := parseFrontMatter([]byte(src))
		if err != nil {
			if fe, ok := err.(*tree.Error); !ok || fe.Line < 1 || fe.Message == "" || strings.ContainsAny(fe.Message, "\r\n") {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if root == nil || root.Kind != Map || line < 1 || len(body) > len(src) {
			t.Fatalf("bad result %+v %d", root, line)
		}
	})
}

// TestYAMLAliasBomb checks that nested YAML aliases, which expand to
// billions of values from a few lines, are refused quickly.
func TestYAMLAliasBomb(t *testing.T) {
	src := "---\ntitle: x\na: &a [l, l, l, l, l, l, l, l, l]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n"
	_, _, _, _, err := parseFrontMatter([]byte(src))
	if err == nil || !strings.Contains(err.Error(), "zu viele Werte") {
		t.Errorf("err = %v, want the too-many-values error", err)
	}
}

// TestUnclosedQuote checks that a YAML value whose quote is never closed
// (or closed with text after it) is reported at the line where the quote
// opens, not where the parser gives up (the closing --- or the next
// quote).
func TestUnclosedQuote(t *testing.T) {
	open := func(line int, q string) string {
		return fmt.Sprintf("Das Anführungszeichen in Zeile %d wird nicht geschlossen – bitte am Ende des Werts %s ergänzen", line, q)
	}
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"double", "---\ntitle: \"Seite\ndescription: Text\n---\n", 2, open(2, `"`)},
		{"single", "---\ntitle: 'Seite\ndescription: Text\n---\n", 2, open(2, "'")},
		{"last line", "---\ntitle: Seite\ndescription: \"Text\n---\nBody\n", 3, open(3, `"`)},
		{"closed by the next quote", "---\ntitle: \"Seite\ndescription: \"Text\"\nweight: 3\n---\n", 2, open(2, `"`)},
		{"after a multi-line value", "---\ntitle: \"Ein langer\n  Titel\"\nweight: 3\ndescription: \"Text\nmenu: true\n---\n", 5, open(5, `"`)},
		{"after a block text", "---\ntitle: x\ndescription: |\n  Ein \"Zitat\n  'und mehr\nsummary: 'offen\n---\n", 6, open(6, "'")},
		{"after a comment and plain quotes", "---\n# \"Kommentar\ntitle: Er sagte \"Hallo\nsummary: \"offen\n---\n", 4, open(4, `"`)},
		{"nested", "---\ntitle: x\nlocation:\n  name: \"Rathaus\n  address: Maximiliansplatz 3\n---\n", 4, open(4, `"`)},
		{"in a list", "---\ntitle: x\ntags: [\"a, b]\nweight: 1\n---\n", 3, open(3, `"`)},
		{"escaped quote", "---\ntitle: \"a \\\" b\nweight: 1\n---\n", 2, open(2, `"`)},
		{"doubled single quote", "---\ntitle: 'it''s\nweight: 1\n---\n", 2, open(2, "'")},
		{"blank lines before", "\n\n---\ntitle: x\n\nsummary: \"offen\n---\n", 6, open(6, `"`)},
		{"text after the closing quote", "---\ntitle: \"Er sagte \"Hallo\" zu mir\"\n---\n", 2, `Nach dem schließenden Anführungszeichen in Zeile 2 steht noch Text (Hallo" zu mir") – ein " im Wert bitte als \" schreiben`},
		{"text after a single quote", "---\ntitle: x\nsummary: 'Bamberg's Mitte'\n---\n", 3, `steht noch Text (s Mitte') – ein ' im Wert bitte doppelt schreiben ('')`},
		{"other error before the quote", "---\ntitle: x\nfoo: bar: baz\nsummary: \"offen\n---\n", 3, "kein gültiges YAML"},
		{"quote inside plain text", "---\ntitle: Er sagte \"Hallo\nfoo: bar: baz\n---\n", 3, "kein gültiges YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Load(fstest.MapFS{"content/seite.md": {Data: []byte(tt.src)}}, "content", &diags)
			ds := diags.Sorted()
			if len(ds) != 1 {
				t.Fatalf("diags %v", ds)
			}
			if ds[0].Line != tt.line || !strings.Contains(ds[0].Message, tt.msg) || strings.Contains(ds[0].Message, "\n") {
				t.Errorf("got %s\nwant line %d containing %q", ds[0].Error(), tt.line, tt.msg)
			}
		})
	}
	// Valid YAML stays valid: a quoted value may go on over lines.
	for _, src := range []string{
		"---\ntitle: \"Ein langer\n  Titel\"\nsummary: 'auch\n  hier'\n---\n",
		"---\ntitle: Er sagte \"Hallo\ndescription: |\n  \"offen\n---\n",
		"---\n\"title\": x\ntags: [\"a\", 'b', {k: \"v\"}]\n---\n",
	} {
		var diags diag.List
		c := Load(fstest.MapFS{"content/seite.md": {Data: []byte(src)}}, "content", &diags)
		if ds := diags.Sorted(); len(ds) != 0 || len(c.Pages) != 1 {
			t.Errorf("%q: %v", src, ds)
		}
	}
}

// TestMessagesOneLine checks that no problem the loader reports spans
// lines.
func TestMessagesOneLine(t *testing.T) {
	for _, src := range []string{"", "  \n\n", "Text", "---\ntitle: x\n", "---\na: b: c\n---\n", "---\n\ta: 1\n---\n",
		"---\na: \"x\n---\n", "---\n- a\n---\n", "+++\na = \n+++\n", "+++\na = \"x\n+++\n", "---\na: 1\na: 2\n---\n", "---\n[a]: 1\n---\n"} {
		var diags diag.List
		Load(fstest.MapFS{"content/seite.md": {Data: []byte(src)}}, "content", &diags)
		ds := diags.Sorted()
		if len(ds) == 0 {
			t.Errorf("%q: no problem reported", src)
		}
		for _, d := range ds {
			if strings.ContainsAny(d.Message, "\r\n") {
				t.Errorf("%q: message spans lines: %q", src, d.Message)
			}
		}
	}
}

// An original may be named with the code of the site's first language,
// as the CMS names it: it is the same page as the file without the code.
func TestOriginalNamedWithFirstLanguage(t *testing.T) {
	const page = "---\ntitle: T\n---\n"
	home := func(site string) string { return "---\ntitle: Start\n" + site + "---\n" }
	for _, tc := range []struct {
		name  string
		files map[string]string
		first string
		want  string // Path Rel Lang Orig Kind Dir of each page, then the resources
		diags string
	}{
		{"coded home and pages",
			map[string]string{
				"_index.de.md":       home("site:\n  languages: [de, en]\n"),
				"_index.en.md":       page,
				"leitbild.de.md":     page,
				"leitbild.en.md":     page,
				"a/_index.de.md":     page,
				"a/b.md":             page,
				"a/b.en.md":          page,
				"fip/k/index.de.md":  page,
				"fip/k/index.en.md":  page,
				"fip/k/bild.png":     "png",
				"fip/k.de.md":        page, // not the bundle: a page beside it
				"termine/rt.de.md":   page,
				"termine/rt.de-x.md": page, // no code: an original of its own
			},
			"de", `
content/_index.en.md _index.en.md en _index.md home 
content/_index.de.md _index.md - - home 
content/a/_index.de.md a/_index.md - - section a
content/a/b.en.md a/b.en.md en a/b.md page a
content/a/b.md a/b.md - - page a
content/fip/k/index.en.md fip/k/index.en.md en fip/k/index.md page fip/k
content/fip/k/index.de.md fip/k/index.md - - page fip/k [fip/k/bild.png]
content/fip/k.de.md fip/k.md - - page fip
content/leitbild.en.md leitbild.en.md en leitbild.md page 
content/leitbild.de.md leitbild.md - - page 
content/termine/rt.de-x.md termine/rt.de-x.md - - page termine
content/termine/rt.de.md termine/rt.md - - page termine
res fip/k/bild.png fip/k/index.md`, ""},
		{"both names", map[string]string{
			"_index.md":    home("site:\n  languages: [de, en]\n"),
			"_index.de.md": page,
			"a.md":         page,
			"a.de.md":      page,
			"a.en.md":      page,
		}, "de", `
content/_index.md _index.md - - home 
content/a.en.md a.en.md en a.md page 
content/a.md a.md - - page `,
			"content/_index.de.md:1: content/_index.de.md ist dieselbe Seite wie content/_index.md: bitte eine der beiden Dateien löschen\n" +
				"content/a.de.md:1: content/a.de.md ist dieselbe Seite wie content/a.md: bitte eine der beiden Dateien löschen"},
		{"one language", map[string]string{"_index.de.md": home(""), "a.de.md": page}, "de", `
content/_index.de.md _index.md - - home 
content/a.de.md a.md - - page `, ""},
		{"one language declared", map[string]string{"_index.tr.md": home("site:\n  language: tr\n"), "a.tr.md": page, "b.de.md": page}, "tr", `
content/_index.tr.md _index.md - - home 
content/a.tr.md a.md - - page 
content/b.de.md b.de.md de b.md page `, ""},
		{"first language other than de", map[string]string{"_index.md": home("site:\n  languages: [en, de]\n"), "a.en.md": page, "a.de.md": page}, "en", `
content/_index.md _index.md - - home 
content/a.de.md a.de.md de a.md page 
content/a.en.md a.md - - page `, ""},
		{"coded home that is not the home", map[string]string{"_index.de.md": home("site:\n  languages: [en, de]\n"), "a.de.md": page}, "", `
content/_index.de.md _index.de.md de _index.md home 
content/a.de.md a.de.md de a.md page `, ""},
		{"toml home", map[string]string{"_index.ar.md": "+++\ntitle = \"Start\"\n[site]\nlanguages = [\"ar\", \"de\"]\n+++\n", "x/index.ar.md": page}, "ar", `
content/_index.ar.md _index.md - - home 
content/x/index.ar.md x/index.md - - page x`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, s := range tc.files {
				fsys["content/"+p] = &fstest.MapFile{Data: []byte(s)}
			}
			var diags diag.List
			c := Load(fsys, "content", &diags)
			var got strings.Builder
			for _, f := range c.Pages {
				fmt.Fprintf(&got, "\n%s %s %s %s %s %s", f.Path, f.Rel, cmp.Or(f.Lang, "-"), cmp.Or(f.Orig, "-"), f.Kind, f.Dir)
				if len(f.Files) > 0 {
					fmt.Fprintf(&got, " %v", f.Files)
				}
			}
			for _, r := range c.Resources {
				fmt.Fprintf(&got, "\nres %s %s", r.Rel, r.Bundle)
			}
			if got.String() != tc.want {
				t.Errorf("pages:%s\nwant:%s", got.String(), tc.want)
			}
			if c.First != tc.first {
				t.Errorf("first language %q, want %q", c.First, tc.first)
			}
			var ds []string
			for _, d := range diags.Sorted() {
				ds = append(ds, d.Error())
			}
			if g := strings.Join(ds, "\n"); g != tc.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", g, tc.diags)
			}
		})
	}
}
