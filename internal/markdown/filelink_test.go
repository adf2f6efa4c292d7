package markdown

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"
)

// filePage is testPage with a ResolveFile that knows two documents of
// content/akteure/ (a PDF of 1,2 MB and a Word file of 35 KB), says
// nothing about other files, and reports a missing document. It records
// the destinations it is asked about.
func filePage(asked *[]string) Page {
	p := testPage()
	p.ResolveFile = func(dest string) (FileLink, error) {
		*asked = append(*asked, dest)
		file, rest := dest, ""
		if i := strings.IndexAny(dest, "?#"); i >= 0 {
			file, rest = dest[:i], dest[i:]
		}
		switch path.Ext(file) {
		case ".pdf", ".docx":
		default:
			return FileLink{}, nil
		}
		abs := path.Join("/akteure/", file)
		if strings.HasPrefix(file, "/") {
			abs = file
		}
		switch abs {
		case "/akteure/katalog.pdf":
			return FileLink{URL: "/integration" + abs + rest, Info: "(PDF, 1,2\u00a0MB)"}, nil
		case "/akteure/antrag.docx":
			return FileLink{URL: "/integration" + abs + rest, Info: "(Word, 35\u00a0KB)"}, nil
		case "/akteure/sonder.pdf":
			return FileLink{Info: `(<PDF> & "mehr")`}, nil // keeps the destination
		}
		return FileLink{}, fmt.Errorf("Der Link auf %q führt ins Leere: die Datei content%s gibt es nicht", dest, abs)
	}
	return p
}

// TestFileLinkInfo: a link to a document gets the URL and the format and
// size ResolveFile gives, inside the link, after everything in it.
func TestFileLinkInfo(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"relative", "[Maßnahmenkatalog](katalog.pdf)",
			`<a href="/integration/akteure/katalog.pdf">Maßnahmenkatalog <span class="doc-info">(PDF, 1,2` + "\u00a0" + `MB)</span></a>`},
		{"site-absolute", "[Antrag](/akteure/antrag.docx)",
			`<a href="/integration/akteure/antrag.docx">Antrag <span class="doc-info">(Word, 35` + "\u00a0" + `KB)</span></a>`},
		{"query and fragment", "[Seite 3](katalog.pdf?v=2#page=3)",
			`<a href="/integration/akteure/katalog.pdf?v=2#page=3">Seite 3 <span class="doc-info">(PDF, 1,2` + "\u00a0" + `MB)</span></a>`},
		{"formatted text", "[Der **neue** Katalog](katalog.pdf \"Titel\")",
			`<a href="/integration/akteure/katalog.pdf" title="Titel">Der <strong>neue</strong> Katalog <span class="doc-info">(PDF, 1,2` + "\u00a0" + `MB)</span></a>`},
		{"angle brackets", "[Katalog](<katalog.pdf>)",
			`<a href="/integration/akteure/katalog.pdf">Katalog <span class="doc-info">(PDF, 1,2` + "\u00a0" + `MB)</span></a>`},
		{"reference", "[Katalog][k]\n\n[k]: katalog.pdf",
			`<a href="/integration/akteure/katalog.pdf">Katalog <span class="doc-info">(PDF, 1,2` + "\u00a0" + `MB)</span></a>`},
		{"image as text", "[![Titelseite](titel.png)](katalog.pdf)",
			`<a href="/integration/akteure/katalog.pdf"><img src="titel.png" alt="Titelseite"> <span class="doc-info">(PDF, 1,2` + "\u00a0" + `MB)</span></a>`},
		{"info escaped, destination kept", "[Sonder](sonder.pdf)",
			`<a href="sonder.pdf">Sonder <span class="doc-info">(&lt;PDF&gt; &amp; &quot;mehr&quot;)</span></a>`},
	} {
		var asked []string
		res, ds := testConverter.Convert([]byte(tc.src+"\n"), filePage(&asked))
		if len(ds) > 0 {
			t.Errorf("%s: diagnostics:\n%s", tc.name, format(ds))
			continue
		}
		if got := strings.TrimSpace(string(res.HTML)); got != "<p>"+tc.want+"</p>" {
			t.Errorf("%s:\n got %s\nwant <p>%s</p>", tc.name, got, tc.want)
		}
		if len(asked) != 1 {
			t.Errorf("%s: ResolveFile asked about %q, want one link", tc.name, asked)
		}
	}
}

// TestFileLinkOthersUntouched: ResolveFile is asked only about links to
// files of the site, images never; what it says nothing about stays as
// before (made absolute against FileBase).
func TestFileLinkOthersUntouched(t *testing.T) {
	src := "[Foto](foto.png) [Text](liste.txt) ![Karte](karte.pdf) [Web](https://example.org/x.pdf) " +
		"[Host](//cdn.example.org/x.pdf) [Mail](mailto:a@b.de) [Anker](#oben) [Frage](?a=b) [Ordner](unter/) " +
		"[Seite](../leitbild.md) <https://example.org/y.pdf> www.example.org/z.pdf\n"
	for _, tc := range []struct{ base, want string }{
		{"", `<a href="foto.png">Foto</a> <a href="liste.txt">Text</a> <img src="karte.pdf" alt="Karte"> ` +
			`<a href="https://example.org/x.pdf">Web</a> <a href="//cdn.example.org/x.pdf">Host</a> <a href="mailto:a@b.de">Mail</a> ` +
			`<a href="#oben">Anker</a> <a href="?a=b">Frage</a> <a href="unter/">Ordner</a> <a href="/leitbild/">Seite</a> ` +
			`<a href="https://example.org/y.pdf">https://example.org/y.pdf</a> <a href="http://www.example.org/z.pdf">www.example.org/z.pdf</a>`},
		{"/en/akteure/", `<a href="/en/akteure/foto.png">Foto</a> <a href="/en/akteure/liste.txt">Text</a> <img src="/en/akteure/karte.pdf" alt="Karte"> ` +
			`<a href="https://example.org/x.pdf">Web</a> <a href="//cdn.example.org/x.pdf">Host</a> <a href="mailto:a@b.de">Mail</a> ` +
			`<a href="#oben">Anker</a> <a href="?a=b">Frage</a> <a href="/en/akteure/unter/">Ordner</a> <a href="/leitbild/">Seite</a> ` +
			`<a href="https://example.org/y.pdf">https://example.org/y.pdf</a> <a href="http://www.example.org/z.pdf">www.example.org/z.pdf</a>`},
	} {
		var asked []string
		p := filePage(&asked)
		p.FileBase = tc.base
		res, ds := testConverter.Convert([]byte(src), p)
		if len(ds) > 0 {
			t.Fatalf("diagnostics:\n%s", format(ds))
		}
		if got := strings.TrimSpace(string(res.HTML)); got != "<p>"+tc.want+"</p>" {
			t.Errorf("FileBase %q:\n got %s\nwant <p>%s</p>", tc.base, got, tc.want)
		}
		if want := []string{"foto.png", "liste.txt"}; !slices.Equal(asked, want) {
			t.Errorf("ResolveFile asked about %q, want %q", asked, want)
		}
	}
}

// TestFileLinkMissing: a link to a document that does not exist is an
// error at the line its destination is written on, counting the front
// matter; the outline keeps every link as written.
func TestFileLinkMissing(t *testing.T) {
	src := "Erster Absatz.\n" + // line 5
		"\n" +
		"Ein [Plan](plan.pdf) und der [Katalog](katalog.pdf).\n" + // 7
		"\n" +
		"> Ein Zitat mit einem [langen\n" + // 9
		"> Linktext](\n" + // 10
		">   /dokumente/weg.docx)\n" + // 11
		"\n" +
		"- [Verweis][v]\n" + // 13
		"\n" +
		"[v]: fehlt.pdf\n" // 15
	var asked []string
	res, ds := testConverter.Convert([]byte(src), filePage(&asked))
	want := []string{
		`content/akteure/_index.md:7: Der Link auf "plan.pdf" führt ins Leere: die Datei content/akteure/plan.pdf gibt es nicht`,
		`content/akteure/_index.md:11: Der Link auf "/dokumente/weg.docx" führt ins Leere: die Datei content/dokumente/weg.docx gibt es nicht`,
		`content/akteure/_index.md:13: Der Link auf "fehlt.pdf" führt ins Leere: die Datei content/akteure/fehlt.pdf gibt es nicht`,
	}
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Message))
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", format(ds), strings.Join(want, "\n"))
	}
	html := string(res.HTML)
	for _, w := range []string{`<a href="plan.pdf">Plan</a>`, `<a href="/integration/akteure/katalog.pdf">Katalog <span class="doc-info">`} {
		if !strings.Contains(html, w) {
			t.Errorf("output lacks %s:\n%s", w, html)
		}
	}
	var dests []string
	for _, l := range res.Links {
		dests = append(dests, fmt.Sprintf("%d %s", l.Line, l.Dest))
	}
	if want := []string{"7 plan.pdf", "7 katalog.pdf", "11 /dokumente/weg.docx", "13 fehlt.pdf"}; !slices.Equal(dests, want) {
		t.Errorf("outline links = %q, want %q", dests, want)
	}
}
