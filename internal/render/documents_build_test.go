package render_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// documentSite is a site in German and English under a base path, with
// the repository's interface strings and milestone layout: a PDF of
// 1,2 MB in a section's folder, a Word file of 35 KB in a bundle with an
// English translation, a milestone bundle with a document of 1000 bytes,
// and files that are not documents.
func documentSite(t *testing.T) fstest.MapFS {
	t.Helper()
	page := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/_index.md":    page("---\ntitle: Start\nsite:\n  title: Testseite\n  base_url: https://example.org/integration/\n  languages: [de, en]\n---\nStart.\n"),
		"content/_index.en.md": page("---\ntitle: Home\n---\nHome.\n"),
		"content/fip/_index.md": page("---\ntitle: FIP\n---\n" +
			"Der [Maßnahmenkatalog](katalog.pdf) und der [Antrag](/fip/antrag/antrag.docx).\n\n" +
			"Ein [Foto](foto.png) und eine [Liste](liste.txt).\n"),
		"content/fip/katalog.pdf": {Data: bytes.Repeat([]byte("%"), 1258291)},
		"content/fip/foto.png":    {Data: pngData(t)},
		"content/fip/liste.txt":   {Data: []byte("Liste\n")},
		"content/fip/antrag/index.md": page("---\ntitle: Antrag\n---\n" +
			"Das [Formular](antrag.docx#seite2) und der [Katalog](../katalog.pdf).\n"),
		"content/fip/antrag/index.en.md": page("---\ntitle: Application\n---\n" +
			"The [form](antrag.docx) and the [catalogue](../katalog.pdf).\n"),
		"content/fip/antrag/antrag.docx": {Data: bytes.Repeat([]byte("w"), 35<<10)},
		"content/geschichte/_index.md":   page("---\ntitle: Geschichte\ntype: milestone\n---\n"),
		"content/geschichte/start/index.md": page("---\ntitle: Start des Projekts\ndate: 2007-07\ndocuments:\n" +
			"  - title: Beschluss\n    file: beschluss.pdf\n  - title: Anhang\n---\nText.\n"),
		"content/geschichte/start/index.en.md":   page("---\ntitle: Start of the project\n---\nText.\n"),
		"content/geschichte/start/beschluss.pdf": {Data: bytes.Repeat([]byte("b"), 1000)},

		"layouts/_default/baseof.html": page(`<main>{{block "main" .}}{{end}}</main>`),
		"layouts/_default/single.html": page(`{{define "main"}}{{.Content}}{{end}}`),
		"layouts/_default/list.html":   page(`{{define "main"}}{{.Content}}{{end}}`),
	}
	for _, p := range []string{"layouts/milestone/single.html", "i18n/de.yaml", "i18n/en.yaml"} {
		data, err := os.ReadFile(filepath.Join("../..", p))
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

var documentNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// TestDocumentLinks builds a site through build.Run and checks that links
// to documents say their format and size in the language of the text, in
// Markdown (a section's file, a bundle's file, a translation linking its
// original's files) and in a milestone's documents.
func TestDocumentLinks(t *testing.T) {
	res, err := build.Run(documentSite(t), build.Options{Now: documentNow})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	const nb = "\u00a0"
	for _, tc := range []struct{ path, want string }{
		{"fip/index.html", `<a href="/integration/fip/katalog.pdf">Maßnahmenkatalog <span class="doc-info">(PDF, 1,2` + nb + `MB)</span></a>`},
		{"fip/index.html", `<a href="/integration/fip/antrag/antrag.docx">Antrag <span class="doc-info">(Word, 35` + nb + `KB)</span></a>`},
		{"fip/index.html", `<a href="foto.png">Foto</a>`},
		{"fip/index.html", `<a href="liste.txt">Liste</a>`},
		{"fip/antrag/index.html", `<a href="/integration/fip/antrag/antrag.docx#seite2">Formular <span class="doc-info">(Word, 35` + nb + `KB)</span></a>`},
		{"fip/antrag/index.html", `<a href="/integration/fip/katalog.pdf">Katalog <span class="doc-info">(PDF, 1,2` + nb + `MB)</span></a>`},
		// The translation links the original's files, in English.
		{"en/fip/antrag/index.html", `<a href="/integration/fip/antrag/antrag.docx">form <span class="doc-info">(Word, 35` + nb + `KB)</span></a>`},
		{"en/fip/antrag/index.html", `<a href="/integration/fip/katalog.pdf">catalogue <span class="doc-info">(PDF, 1.2` + nb + `MB)</span></a>`},
		// The untranslated section shows the German text: German numbers.
		{"en/fip/index.html", `<a href="/integration/fip/katalog.pdf">Maßnahmenkatalog <span class="doc-info">(PDF, 1,2` + nb + `MB)</span></a>`},
		{"en/fip/index.html", `<a href="/integration/fip/foto.png">Foto</a>`},
		// A milestone's documents, in the interface's language.
		{"geschichte/start/index.html", `<li><a href="/integration/geschichte/start/beschluss.pdf"><bdi lang="de">Beschluss</bdi> <span class="doc-info">(PDF, 1` + nb + `KB)</span></a></li>`},
		{"geschichte/start/index.html", `<li><bdi lang="de">Anhang</bdi> <span class="not-online">(nicht online verfügbar)</span></li>`},
		{"en/geschichte/start/index.html", `<li><a href="/integration/geschichte/start/beschluss.pdf"><bdi lang="de">Beschluss</bdi> <span class="doc-info">(PDF, 1` + nb + `KB)</span></a></li>`},
	} {
		if !strings.Contains(out[tc.path], tc.want) {
			t.Errorf("%s lacks\n%s\n%s", tc.path, tc.want, out[tc.path])
		}
	}
	for _, p := range []string{"fip/katalog.pdf", "fip/antrag/antrag.docx", "geschichte/start/beschluss.pdf"} {
		if _, ok := out[p]; !ok {
			t.Errorf("the document %s is not published", p)
		}
	}
}

// TestDocumentLinksMissing: a link to a document that is not there is an
// error at its line, and the build writes nothing.
func TestDocumentLinksMissing(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		want            []string
	}{
		{"in a section", "content/fip/_index.md", "---\ntitle: FIP\n---\nText.\n\nDer [Plan](plan.pdf) fehlt.\n",
			[]string{`content/fip/_index.md:6: Der Link auf "plan.pdf" führt ins Leere: die Datei content/fip/plan.pdf gibt es nicht`}},
		{"site-absolute", "content/fip/antrag/index.md", "---\ntitle: Antrag\n---\n[Liste](/dokumente/liste.xlsx)\n",
			[]string{`content/fip/antrag/index.md:4: Der Link auf "/dokumente/liste.xlsx" führt ins Leere: die Datei content/dokumente/liste.xlsx gibt es nicht`}},
		{"in a translation", "content/fip/antrag/index.en.md", "---\ntitle: Application\n---\nThe\n[plan](\nplan.pdf).\n",
			[]string{`content/fip/antrag/index.en.md:6: Der Link auf "plan.pdf" führt ins Leere: die Datei content/fip/antrag/plan.pdf gibt es nicht`}},
		// A single page's address is not its folder: a file beside it has
		// its folder's address.
		{"beside a single page", "content/fip/seite.md", "---\ntitle: Seite\n---\n[Katalog](katalog.pdf)\n",
			[]string{`content/fip/seite.md:4: Der Link auf "katalog.pdf" führt ins Leere: die Datei content/fip/katalog.pdf hat die Adresse /fip/katalog.pdf, denn sie liegt neben der einzelnen Seite content/fip/seite.md, nicht in deren Ordner – bitte so verlinken: (/fip/katalog.pdf)`}},
		{"missing beside a single page", "content/fip/seite.md", "---\ntitle: Seite\n---\n[Plan](plan.pdf)\n",
			[]string{`content/fip/seite.md:4: Der Link auf "plan.pdf" führt ins Leere: die Datei content/fip/plan.pdf gibt es nicht – und dort hätte sie die Adresse /fip/plan.pdf, denn content/fip/seite.md ist eine einzelne Seite, kein Ordner: bitte dann so verlinken: (/fip/plan.pdf)`}},
		// A link from content/ that names the file by its path there, not
		// by its address, is told the address.
		{"content path, not address", "content/fip/_index.md", "---\ntitle: FIP\nslug: projekt\n---\n[Katalog](/fip/katalog.pdf)\n",
			[]string{`content/fip/_index.md:5: Der Link auf "/fip/katalog.pdf" führt ins Leere: die Datei content/fip/katalog.pdf hat die Adresse /projekt/katalog.pdf – bitte so verlinken: (/projekt/katalog.pdf)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := documentSite(t)
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.src)}
			res, err := build.Run(fsys, build.Options{Now: documentNow})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if res.Files != nil {
				t.Errorf("a failed build returned %d files", len(res.Files))
			}
			var got []string
			for _, d := range res.Diagnostics {
				if d.Severity == diag.Error {
					got = append(got, d.Error())
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error:\n%s\nwant it to start with\n%s", got[i], w)
				}
			}
		})
	}
}

// pngData returns a small PNG file.
func pngData(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testimg.Logo(40, 20)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
