package markdown

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"

	"github.com/stadt-bamberg/integration/internal/diag"
)

const testPath = "content/akteure/_index.md"

// testConverter renders directives as <listing …> with their attributes,
// data and line, and fails for ::milestones{section="kaputt"} after
// writing half of it.
var testConverter = New(WithDirectiveRenderer(func(w util.BufWriter, d *Directive) error {
	fmt.Fprintf(w, "<listing %s", d.Name)
	if v, _ := d.Attr("section"); v == "kaputt" {
		return errors.New("Die Vorlage für ::milestones ist kaputt")
	}
	for _, a := range d.Attrs {
		fmt.Fprintf(w, " %s=%q", a.Key, a.Value)
	}
	fmt.Fprintf(w, " data=%q line=%d>\n", d.Data, d.Line)
	return nil
}))

// testPage is content/akteure/_index.md, whose body starts on line 5. Its
// links resolve to the pages of testPages; its directives resolve unless
// they ask for the category "unbekannt".
func testPage() Page {
	return Page{
		Path:      testPath,
		FirstLine: 5,
		ResolveLink: func(dest string) (string, error) {
			target, frag, _ := strings.Cut(dest, "#")
			file := path.Join(path.Dir(testPath), target)
			if strings.HasPrefix(target, "/") {
				file = path.Join("content", target)
			}
			url, ok := testPages[file]
			if !ok {
				return "", fmt.Errorf("Der Link auf %q führt ins Leere: die Datei %s gibt es nicht", dest, file)
			}
			if frag == "kaputt" { // a resolver that writes the fragment itself
				url += "#" + frag
			}
			return url, nil
		},
		ResolveDirective: func(d *Directive) error {
			if c, _ := d.Attr("category"); c == "unbekannt" {
				return fmt.Errorf("::actors: die Kategorie %q gibt es nicht", c)
			}
			d.Data = "daten-" + d.Name
			return nil
		},
	}
}

var testPages = map[string]string{
	"content/fip/_index.md": "/fip/",
	"content/leitbild.md":   "/leitbild/",
}

func e(line int, msg string) diag.Diagnostic {
	return diag.Diagnostic{Path: testPath, Line: line, Message: msg}
}

func w(line int, msg string) diag.Diagnostic {
	return diag.Diagnostic{Path: testPath, Line: line, Severity: diag.Warning, Message: msg}
}

type convertTest struct {
	name   string
	input  string
	output string
	diags  []diag.Diagnostic
	page   func(*Page) // changes to testPage
}

const wrapTable = `<div class="table-scroll" role="region" tabindex="0" aria-label="Tabelle 1">` + "\n"

var convertTests = []convertTest{
	// GitHub Markdown.
	{name: "table", input: "| Name | Ort |\n|------|----:|\n| Beirat | Rathaus |\n",
		output: wrapTable + "<table>\n<thead>\n<tr>\n<th>Name</th>\n<th class=\"align-right\">Ort</th>\n</tr>\n</thead>\n" +
			"<tbody>\n<tr>\n<td>Beirat</td>\n<td class=\"align-right\">Rathaus</td>\n</tr>\n</tbody>\n</table>\n</div>\n"},
	{name: "table in quote", input: "> | a |\n> |---|\n> | 1 |\n",
		output: "<blockquote>\n" + wrapTable + "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n" +
			"<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n</div>\n</blockquote>\n"},
	{name: "strikethrough", input: "~~abgesagt~~ verschoben",
		output: "<p><del>abgesagt</del> verschoben</p>\n"},
	{name: "autolinks", input: "Siehe https://www.stadt.bamberg.de, www.bamberg.de und integration@stadt.bamberg.de.",
		output: `<p>Siehe <a href="https://www.stadt.bamberg.de">https://www.stadt.bamberg.de</a>, ` +
			`<a href="http://www.bamberg.de">www.bamberg.de</a> und ` +
			`<a href="mailto:integration@stadt.bamberg.de">integration@stadt.bamberg.de</a>.</p>` + "\n"},
	{name: "task list", input: "- [ ] offen\n- [x] erledigt\n",
		output: "<ul>\n<li><input disabled=\"\" type=\"checkbox\" aria-label=\"offen\"> offen</li>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\" aria-label=\"erledigt\"> erledigt</li>\n</ul>\n"},
	{name: "footnote", input: "Gestartet 2007.[^1]\n\n[^1]: Beschluss des Stadtrats.\n",
		output: `<p>Gestartet 2007.<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" title="Fußnote 1" role="doc-noteref">1</a></sup></p>` + "\n" +
			`<div class="footnotes" role="doc-endnotes" aria-label="Fußnoten">` + "\n<hr>\n<ol>\n" + `<li id="fn:1">` + "\n" +
			`<p>Beschluss des Stadtrats.&#160;<a href="#fnref:1" class="footnote-backref" title="Zurück zum Text" role="doc-backlink">` +
			`<span aria-hidden="true">↩&#xfe0e;</span></a></p>` + "\n</li>\n</ol>\n</div>\n"},

	// Typography.
	{name: "German double quotes", input: `Die Stadt startete das "Flächenübergreifende Integrationsprojekt - FIP".`,
		output: "<p>Die Stadt startete das „Flächenübergreifende Integrationsprojekt – FIP“.</p>\n"},
	{name: "apostrophes", input: "Wie geht's? Hans' Buch, 's Wirtshaus",
		output: "<p>Wie geht’s? Hans’ Buch, ’s Wirtshaus</p>\n"},
	{name: "German single quotes", input: "Er sagte 'Willkommen' und ging's an.",
		output: "<p>Er sagte ‚Willkommen‘ und ging’s an.</p>\n"},
	{name: "single quotes across emphasis", input: "'*Willkommen*' in Hans' Haus",
		output: "<p>‚<em>Willkommen</em>‘ in Hans’ Haus</p>\n"},
	{name: "dashes and ellipsis", input: "2007--2016 --- und dann ... weiter - oder\nnicht -\nso. 9-17 Uhr",
		output: "<p>2007–2016 — und dann … weiter – oder\nnicht –\nso. 9-17 Uhr</p>\n"},
	{name: "no typography in code", input: "`\"x\" -- y's`\n\n```\n\"x\" -- y's\n```\n",
		output: "<p><code>&quot;x&quot; -- y's</code></p>\n<pre><code>&quot;x&quot; -- y's\n</code></pre>\n"},

	// Headings.
	{name: "heading ids", input: "# Leitbild, Ziele & Vorgehen\n\n## Nächster Termin:\n\n## Nächster Termin:\n\n## Nächster Termin:\n\n## ***\n\n## [Runder Tisch](../leitbild.md) *heute*\n",
		output: `<h1 id="leitbild-ziele-vorgehen">Leitbild, Ziele &amp; Vorgehen</h1>` + "\n" +
			`<h2 id="naechster-termin">Nächster Termin:</h2>` + "\n" +
			`<h2 id="naechster-termin-1">Nächster Termin:</h2>` + "\n" +
			`<h2 id="naechster-termin-2">Nächster Termin:</h2>` + "\n" +
			`<h2 id="abschnitt">***</h2>` + "\n" +
			`<h2 id="runder-tisch-heute"><a href="/leitbild/">Runder Tisch</a> <em>heute</em></h2>` + "\n"},
	{name: "own heading id", input: "# Ziele\n\n## Unsere Ziele {#ziele}\n\n## Eigene {#eigene-id}\n",
		output: `<h1 id="ziele-1">Ziele</h1>` + "\n" + `<h2 id="ziele">Unsere Ziele</h2>` + "\n" + `<h2 id="eigene-id">Eigene</h2>` + "\n"},
	{name: "bad own heading ids", input: "# Ziele {#Ziele_2027}\n\n## Eins {#eins}\n\n## Zwei {#eins}\n\n## Drei {#drei vier}\n",
		output: `<h1 id="ziele">Ziele</h1>` + "\n" + `<h2 id="eins">Eins</h2>` + "\n" + `<h2 id="zwei">Zwei</h2>` + "\n" +
			`<h2 id="drei-drei-vier">Drei {#drei vier}</h2>` + "\n",
		diags: []diag.Diagnostic{
			e(5, `Die ID "Ziele_2027" der Überschrift ist ungültig – erlaubt sind Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, z. B. {#ziele-2027}`),
			e(9, `Die ID "eins" gibt es auf dieser Seite schon (Zeile 7) – jede Überschrift braucht eine eigene`),
			e(11, `Die ID in {#…} am Ende der Überschrift ist nicht lesbar – erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche, z. B. {#ziele-2027}`),
		}},

	// Raw HTML.
	{name: "raw html off", input: "Text mit <b>fett</b>\nund <!-- Notiz -->.\n\n<div class=\"box\">\nHallo\n</div>\n",
		output: "<p>Text mit &lt;b&gt;fett&lt;/b&gt;\nund &lt;!-- Notiz --&gt;.</p>\n<p>&lt;div class=&quot;box&quot;&gt;\nHallo\n&lt;/div&gt;</p>\n",
		diags:  []diag.Diagnostic{w(5, msgRawHTML), w(6, msgRawHTML), w(8, msgRawHTML)}},
	{name: "raw html on", input: "Text mit <b>fett</b>\nund <!-- Notiz -->.\n\n<div class=\"box\">\nHallo\n</div>\n",
		page:   func(p *Page) { p.RawHTML = true },
		output: "<p>Text mit <b>fett</b>\nund <!-- Notiz -->.</p>\n<div class=\"box\">\nHallo\n</div>\n"},
	{name: "raw html comment block on", input: "<!-- Notiz\nfür später -->\nText\n",
		page:   func(p *Page) { p.RawHTML = true },
		output: "<!-- Notiz\nfür später -->\n<p>Text</p>\n"},

	// Links and images.
	{name: "md links", input: "[FIP](../fip/_index.md#ziele), [Leitbild](/leitbild.md) und [selbst](../fip/_index.md#kaputt)",
		output: `<p><a href="/fip/#ziele">FIP</a>, <a href="/leitbild/">Leitbild</a> und <a href="/fip/#kaputt">selbst</a></p>` + "\n"},
	{name: "other links", input: "[Web](https://example.org/README.md) [Mail](mailto:a@b.de) [Anker](#ziele) [PDF](plan.pdf) [Host](//cdn.de/x.md)",
		output: `<p><a href="https://example.org/README.md">Web</a> <a href="mailto:a@b.de">Mail</a> <a href="#ziele">Anker</a> ` +
			`<a href="plan.pdf">PDF</a> <a href="//cdn.de/x.md">Host</a></p>` + "\n"},
	{name: "broken md link", input: "Ein Absatz\nüber zwei [Zeilen](../fip/_index.md)\nund ein [kaputter\nLink](\n../fipp/_index.md).\n",
		output: "<p>Ein Absatz\nüber zwei <a href=\"/fip/\">Zeilen</a>\nund ein <a href=\"../fipp/_index.md\">kaputter\nLink</a>.</p>\n",
		diags:  []diag.Diagnostic{e(9, `Der Link auf "../fipp/_index.md" führt ins Leere: die Datei content/fipp/_index.md gibt es nicht`)}},
	{name: "md link without resolver", input: "Text\n\n[FIP](../fip/_index.md)",
		page:   func(p *Page) { p.ResolveLink = nil },
		output: "<p>Text</p>\n<p><a href=\"../fip/_index.md\">FIP</a></p>\n",
		diags:  []diag.Diagnostic{e(7, `Der Link auf "../fip/_index.md" zeigt auf eine Markdown-Datei, die hier nicht aufgelöst werden kann`)}},
	{name: "reference link", input: "[FIP][fip]\n\n[fip]: ../fip/_index.md\n",
		output: "<p><a href=\"/fip/\">FIP</a></p>\n"},
	{name: "image", input: `![Der **Beirat** "2027"](bilder/beirat.jpg "Foto")`,
		output: `<p><img src="bilder/beirat.jpg" alt="Der Beirat „2027“" title="Foto"></p>` + "\n"},

	// Directives.
	{name: "events", input: `::events{series="runder-tisch" limit=1 empty="Es wurden keine Einträge gefunden!"}`,
		output: `<listing events series="runder-tisch" limit="1" empty="Es wurden keine Einträge gefunden!" data="daten-events" line=5>` + "\n"},
	{name: "directives", input: "Text davor\n::actors{category=\"beirat\"}\n\n::milestones{}\n   ::milestones\n::events{past=false limit=0 empty=\"Sag \\\"Hallo\\\" \\\\ tschüss\"}  \n",
		output: "<p>Text davor</p>\n<listing actors category=\"beirat\" data=\"daten-actors\" line=6>\n" +
			"<listing milestones data=\"daten-milestones\" line=8>\n<listing milestones data=\"daten-milestones\" line=9>\n" +
			`<listing events past="false" limit="0" empty="Sag \"Hallo\" \\ tschüss" data="daten-events" line=10>` + "\n"},
	{name: "directive in list and quote", input: "- Punkt\n\n  ::actors{}\n\n> ::milestones{}\n",
		output: "<ul>\n<li>\n<p>Punkt</p>\n<listing actors data=\"daten-actors\" line=7>\n</li>\n</ul>\n" +
			"<blockquote>\n<listing milestones data=\"daten-milestones\" line=9>\n</blockquote>\n"},
	{name: "directive in code", input: "```\n::actors{}\n```\n\n    ::events{}\n\n`::actors{}`\n",
		output: "<pre><code>::actors{}\n</code></pre>\n<pre><code>::events{}\n</code></pre>\n<p><code>::actors{}</code></p>\n"},
	{name: "directive errors", input: "Text\n\n::actor{}\n::termine\n:: Hinweis\n::events{seris=\"x\" foo=1 limit=abc past=yes limit=2}\n" +
		"::actors{kategorie=x}\n::events{limit=1\n::events{empty=\"x}\n::events{limit=1} mehr\n::events {limit=1}\n::events{series=\"a\", limit=1}\n" +
		"::events{past}\n::events{limit=}\n::events{series='x'}\n::events{series=„x“}\n::events{series=\"x\"limit=1}\n::events{=1}\n::events{limit = 1}\n" +
		"::Events\n::events-\n",
		output: "<p>Text</p>\n",
		diags: []diag.Diagnostic{
			e(7, `Unbekannte Anweisung "::actor" – gemeint ist wohl "::actors"`),
			e(8, `Unbekannte Anweisung "::termine" – möglich sind "::events", "::actors" und "::milestones"`),
			e(9, `Nach "::" fehlt der Name der Anweisung – möglich sind "::events", "::actors" und "::milestones"`),
			e(10, `Das Attribut "limit" steht doppelt bei "::events" – es darf nur einmal vorkommen`),
			e(10, `Der Wert von "limit" muss eine ganze Zahl ab 0 sein, z. B. limit=3 – hier steht "abc"`),
			e(10, `Der Wert von "past" muss true oder false sein – hier steht "yes"`),
			e(10, `Unbekanntes Attribut "foo" bei "::events" – möglich sind series, limit, empty, past`),
			e(10, `Unbekanntes Attribut "seris" bei "::events" – gemeint ist wohl "series" (möglich sind series, limit, empty, past)`),
			e(11, `Unbekanntes Attribut "kategorie" bei "::actors" – möglich ist nur category`),
			e(12, `Bei "::events{" fehlt am Ende der Zeile die schließende Klammer "}"`),
			e(13, `Beim Wert von "empty" fehlt das schließende Anführungszeichen "`),
			e(14, `Nach der schließenden Klammer "}" darf nichts mehr stehen, hier steht aber "mehr"`),
			e(15, `Zwischen "::events" und "{" darf kein Leerzeichen stehen`),
			e(16, `Bei "::events" steht ein Komma – Attribute werden nur durch Leerzeichen getrennt`),
			e(17, `Das Attribut "past" hat keinen Wert – geschrieben wird z. B. past=true`),
			e(18, `Das Attribut "limit" hat keinen Wert – geschrieben wird z. B. limit=3`),
			e(19, `Der Wert von "series" steht in einfachen Anführungszeichen – bitte gerade doppelte verwenden: series="…"`),
			e(20, `Der Wert von "series" steht in typografischen Anführungszeichen – bitte gerade doppelte verwenden: series="…"`),
			e(21, `Nach dem Wert von "series" fehlt ein Leerzeichen vor dem nächsten Attribut`),
			e(22, `In "::events{…}" steht "=1}", wo ein Attribut stehen sollte – geschrieben wird Name=Wert, z. B. series="runder-tisch"`),
			e(23, `Um das "=" nach "limit" dürfen keine Leerzeichen stehen: limit=3`),
			e(24, `Unbekannte Anweisung "::Events" – gemeint ist wohl "::events"`),
			e(25, `Unbekannte Anweisung "::events-" – gemeint ist wohl "::events"`),
		}},
	{name: "directive resolve and render errors", input: "::actors{category=\"unbekannt\"}\n::milestones{section=\"kaputt\"}\n::milestones{}\n",
		output: "<listing milestones data=\"daten-milestones\" line=7>\n",
		diags: []diag.Diagnostic{
			e(5, `::actors: die Kategorie "unbekannt" gibt es nicht`),
			e(6, `Die Vorlage für ::milestones ist kaputt`),
		}},
	{name: "directive without resolver", input: "::actors{}\n",
		page:   func(p *Page) { p.ResolveDirective = nil },
		output: "<listing actors data=%!q(<nil>) line=5>\n"},
}

func TestConvert(t *testing.T) {
	for _, tt := range convertTests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPage()
			if tt.page != nil {
				tt.page(&p)
			}
			res, ds := testConverter.Convert([]byte(tt.input), p)
			if got := string(res.HTML); got != tt.output {
				t.Errorf("%s:\ninput:\n%s\ngot:\n%s\nwant:\n%s", tt.name, tt.input, got, tt.output)
			}
			if !slices.Equal(ds, tt.diags) {
				t.Errorf("%s: diagnostics:\n%s\nwant:\n%s", tt.name, format(ds), format(tt.diags))
			}
		})
	}
}

func format(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\t" + d.Long() + "\n")
	}
	return b.String()
}

func TestConvertWithoutDirectiveRenderer(t *testing.T) {
	res, ds := New().Convert([]byte("Text\n\n::actors{}\n"), testPage())
	if got, want := string(res.HTML), "<p>Text</p>\n"; got != want || len(ds) != 0 {
		t.Errorf("got %q, %v; want %q and no diagnostics", got, ds, want)
	}
}

func TestResult(t *testing.T) {
	src := "# Leitbild\n\nText mit [Link](../leitbild.md)\nund ![Ein *Bild*](a.jpg)\n" +
		"und [einem\nlangen Text](https://example.org \"Titel\"), <https://x.de>.\n\n" +
		"| Bild |\n|---|\n| ![Karte](karte.png) [FIP](../fip/_index.md#a) |\n\n## Zweite {#zwei}\n"
	res, ds := testConverter.Convert([]byte(src), testPage())
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", format(ds))
	}
	wantH := []Heading{{1, "leitbild", "Leitbild", 5}, {2, "zwei", "Zweite", 16}}
	if !slices.Equal(res.Headings, wantH) {
		t.Errorf("Headings = %+v, want %+v", res.Headings, wantH)
	}
	wantL := []Link{{"../leitbild.md", 7}, {"https://example.org", 10}, {"https://x.de", 10}, {"../fip/_index.md#a", 14}}
	if !slices.Equal(res.Links, wantL) {
		t.Errorf("Links = %+v, want %+v", res.Links, wantL)
	}
	wantI := []Image{{"a.jpg", "Ein Bild", 8, false}, {"karte.png", "Karte", 14, false}}
	if !slices.Equal(res.Images, wantI) {
		t.Errorf("Images = %+v, want %+v", res.Images, wantI)
	}
}

func TestFirstLine(t *testing.T) {
	for _, first := range []int{0, 1, 5, 100} {
		p := testPage()
		p.FirstLine = first
		_, ds := testConverter.Convert([]byte("a\n\n::actor\n"), p)
		want := max(first, 1) + 2
		if len(ds) != 1 || ds[0].Line != want {
			t.Errorf("FirstLine %d: got %v, want one diagnostic at line %d", first, ds, want)
		}
	}
}

func TestReservedIDs(t *testing.T) {
	c := New(WithReservedIDs("inhalt"))
	res, ds := c.Convert([]byte("## Inhalt\n\n## Inhalt\n\n## Mehr {#inhalt}\n"), testPage())
	var ids []string
	for _, h := range res.Headings {
		ids = append(ids, h.ID)
	}
	if want := []string{"inhalt-1", "inhalt-2", "mehr"}; !slices.Equal(ids, want) {
		t.Errorf("IDs = %q, want %q", ids, want)
	}
	if len(ds) != 1 || !strings.Contains(ds[0].Message, `"inhalt" braucht die Seite selbst`) {
		t.Errorf("diagnostics = %v, want one about the reserved ID", ds)
	}
}

// TestTablesAndTasksAccessible checks what axe-core asks of tables and
// task lists: a unique label per scrolling region, alignment as classes
// (a strict CSP drops style attributes), labelled check boxes.
func TestTablesAndTasksAccessible(t *testing.T) {
	src := "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\nText.\n\n| c |\n|---|\n| 3 |\n\n- [x] fertig\n"
	res, ds := New().Convert([]byte(src), testPage())
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	html := string(res.HTML)
	for _, w := range []string{`aria-label="Tabelle 1"`, `aria-label="Tabelle 2"`, `<th class="align-center">a</th>`, `<td class="align-right">2</td>`, `<th>c</th>`, `aria-label="erledigt"`} {
		if !strings.Contains(html, w) {
			t.Errorf("output lacks %s:\n%s", w, html)
		}
	}
	if strings.Contains(html, "style=") {
		t.Errorf("output has a style attribute:\n%s", html)
	}
}

// TestFileBase: a page shown away from its file's folder (a translation
// under /en/) links its files where the original has them; without
// FileBase relative paths stay as written.
func TestFileBase(t *testing.T) {
	src := "[Plan](plan.pdf?v=2#s2) ![Karte](../bilder/karte.png) [Ordner](unter/) " +
		"[Seite](../leitbild.md) [Web](https://example.org/x) [Mail](mailto:a@b.de) [Anker](#oben) [Abs](/dokumente/a.pdf)\n"
	for _, tc := range []struct{ base, want string }{
		{"", `<a href="plan.pdf?v=2#s2">Plan</a> <img src="../bilder/karte.png" alt="Karte"> <a href="unter/">Ordner</a> <a href="/leitbild/">Seite</a> <a href="https://example.org/x">Web</a> <a href="mailto:a@b.de">Mail</a> <a href="#oben">Anker</a> <a href="/dokumente/a.pdf">Abs</a>`},
		{"/integration/akteure/", `<a href="/integration/akteure/plan.pdf?v=2#s2">Plan</a> <img src="/integration/bilder/karte.png" alt="Karte"> <a href="/integration/akteure/unter/">Ordner</a> <a href="/leitbild/">Seite</a> <a href="https://example.org/x">Web</a> <a href="mailto:a@b.de">Mail</a> <a href="#oben">Anker</a> <a href="/dokumente/a.pdf">Abs</a>`},
	} {
		p := testPage()
		p.FileBase = tc.base
		res, ds := testConverter.Convert([]byte(src), p)
		if len(ds) != 0 {
			t.Fatalf("diagnostics:\n%s", format(ds))
		}
		if got := strings.TrimSpace(string(res.HTML)); got != "<p>"+tc.want+"</p>" {
			t.Errorf("FileBase %q:\n got %s\nwant <p>%s</p>", tc.base, got, tc.want)
		}
		if res.Images[0].Src != "../bilder/karte.png" || res.Links[0].Dest != "plan.pdf?v=2#s2" {
			t.Errorf("the outline must keep the paths as written: %+v %+v", res.Images, res.Links)
		}
	}
}
