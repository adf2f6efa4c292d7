package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
)

// TranslationPath returns the path of the translation of orig (a slash
// path of a Markdown file) into lang: content/a/b.md → content/a/b.en.md;
// an original named with its language's code loses it:
// content/a/b.de.md → content/a/b.en.md.
func TranslationPath(orig, lang string) string {
	base, _ := load.SplitLang(path.Base(orig))
	return path.Join(path.Dir(orig), strings.TrimSuffix(base, ".md")+"."+lang+".md")
}

// PlanTranslation returns the path (slash, from the source root) and the
// contents of the translation of orig (e.g. content/leitbild.md, a slash
// path from the root of fsys, which holds content/) into the language
// lang: `sitegen new translation content/leitbild.md en`. It refuses, with
// a message for editors, an original that is not a page of the site or is
// itself a translation, a language that is not declared or is the site's
// own, and a translation that exists already.
//
// The file goes beside its original with the language code before .md
// (leitbild.en.md, _index.en.md, index.en.md); an original named with the
// site's first language, as the CMS names it (leitbild.de.md), is
// translated into leitbild.en.md. Its front matter has the
// text keys the original has (title, description; for an event's page
// summary, registration and location: name:; for an actor's role and
// offers), each a placeholder "[PLATZHALTER: … übersetzen]" with the
// original's value in a "# Original: …" comment line above it, and
// draft: true, so that a half-done translation is not published: until
// that line is deleted the page in that language shows the original's
// text with a note. A registration that is a web address is copied.
//
// # The original's text
//
// The translator needs the German text in the file, but it must never be
// published as the translation, also not when a part of it is forgotten.
// So the original's body is copied into the front matter as YAML comment
// lines ("# …"), numbered by section ([1], [2] …), and the body of the
// translation is a skeleton: for every numbered section a placeholder
// "[PLATZHALTER: Abschnitt N übersetzen]" (headings keep their level and
// their own ID: "## [PLATZHALTER: …] {#ziele}"), and every directive line
// (::events{…}), thematic break and link reference definition exactly as
// in the original.
//
// The other ways to hide text in Markdown are not safe here:
//
//   - An HTML comment (<!-- … -->) is raw HTML, which is off on this site:
//     package markdown shows it as text, as typed (and with raw_html: true
//     it would still be in the page's source).
//   - A link reference definition ([//]: # (…)) renders as nothing, but it
//     cannot interrupt a paragraph: as soon as a line of translation is
//     written directly above it, it becomes part of that paragraph and is
//     published.
//   - A footnote definition nobody refers to is dropped, until the
//     translation refers to it.
//
// YAML comments are dropped by the front matter parser: they can never
// reach a page, whatever is done to the body. A placeholder left in the
// body is reported by `sitegen check` like every other one, and holds no
// German text.
func PlanTranslation(fsys fs.FS, orig, lang string) (string, []byte, error) {
	orig = path.Clean(strings.TrimPrefix(orig, "./"))
	rel, ok := strings.CutPrefix(orig, "content/")
	if !ok || rel == "" || strings.HasPrefix(rel, "../") {
		return "", nil, fmt.Errorf("%s liegt nicht unter content/ – bitte den Pfad der Originalseite angeben, z. B. content/leitbild.md", orig)
	}
	if !strings.HasSuffix(rel, ".md") {
		return "", nil, fmt.Errorf("%s ist keine Markdown-Seite (.md) – übersetzt werden Seiten wie content/leitbild.md", orig)
	}
	info, err := fs.Stat(fsys, orig)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil, fmt.Errorf("%s gibt es nicht – bitte den Pfad der Originalseite angeben, z. B. content/leitbild.md", orig)
	case err != nil:
		return "", nil, fmt.Errorf("%s kann nicht gelesen werden: %v", orig, err)
	case info.IsDir():
		return "", nil, fmt.Errorf("%s ist ein Ordner – bitte die Seite darin angeben, z. B. %s/_index.md", orig, orig)
	}

	var diags diag.List
	site := model.Build(load.Load(fsys, "content", &diags), model.Options{Drafts: true}, &diags)
	codes := site.Config.Languages
	// leitbild.en.md is a translation; leitbild.de.md the original, named
	// with the site's first language.
	if base, code := load.SplitLang(path.Base(rel)); code != "" && code != codes[0] {
		o := path.Join(path.Dir(orig), base)
		if _, err := fs.Stat(fsys, o); err != nil {
			if coded := TranslationPath(o, codes[0]); fileExists(fsys, coded) {
				o = coded
			}
		}
		return "", nil, fmt.Errorf("%s ist selbst eine Übersetzung (%s) – bitte das Original angeben: sitegen new translation %s %s", orig, code, o, lang)
	}
	var p *model.Page
	for _, q := range site.Pages {
		// Not through site.Page: a series page may stand under its
		// section's file there.
		if q.Source.Path == orig && q.Original == nil && q.SeriesSlug == "" {
			p = q
		}
	}
	if p == nil {
		for _, d := range diags.Sorted() {
			if d.Path == orig && d.Severity == diag.Error {
				return "", nil, fmt.Errorf("%s hat einen Fehler und kann erst übersetzt werden, wenn er behoben ist: %s", orig, d.Error())
			}
		}
		return "", nil, fmt.Errorf("%s ist keine Seite der Website (Dateien, deren Name mit _ oder . beginnt, werden nicht veröffentlicht)", orig)
	}

	switch {
	case lang == codes[0]:
		return "", nil, fmt.Errorf("%s ist die Sprache der Website: %s ist schon die Fassung in %s – bitte eine andere Sprache angeben%s", lang, orig, lang, others(codes))
	case !slices.Contains(codes, lang):
		if len(codes) == 1 {
			return "", nil, fmt.Errorf("die Sprache %q ist nicht erklärt: die Website hat nur eine Sprache (%s) – bitte erst auf der Startseite (content/_index.md oder _index.de.md) unter site: eintragen: languages: [%s, %s]", lang, codes[0], codes[0], lang)
		}
		return "", nil, fmt.Errorf("die Sprache %q ist nicht erklärt: auf der Startseite (content/_index.md oder _index.de.md) stehen unter site: languages: %s – bitte einen dieser Codes angeben oder %s dort eintragen", lang, strings.Join(codes, ", "), lang)
	}

	target := TranslationPath(orig, lang)
	if _, err := fs.Stat(fsys, target); err == nil {
		return "", nil, fmt.Errorf("%s gibt es schon – eine Übersetzung wird nie überschrieben; bitte die Datei selbst bearbeiten", target)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, fmt.Errorf("%s kann nicht geprüft werden: %v", target, err)
	}
	return target, renderTranslation(p, lang), nil
}

func fileExists(fsys fs.FS, p string) bool {
	_, err := fs.Stat(fsys, p)
	return err == nil
}

// others lists the languages a translation may have: ": en, tr".
func others(codes []string) string {
	if len(codes) < 2 {
		return ""
	}
	return ": " + strings.Join(codes[1:], ", ")
}

// CreateTranslation writes the file at root/p, refusing to overwrite one.
func CreateTranslation(root, p string, data []byte) error {
	err := create(root, p, data)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s gibt es schon – eine Übersetzung wird nie überschrieben; bitte die Datei selbst bearbeiten", p)
	}
	return err
}

// languageName returns "en (English)", or the code alone if there is no
// locale for it.
func languageName(code string) string {
	if l, ok := i18n.LocaleFor(code); ok && l.Name() != "" {
		return code + " (" + l.Name() + ")"
	}
	return code
}

func renderTranslation(p *model.Page, lang string) []byte {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	m := p.Source.Meta
	// original writes the original's value as comment lines, indented.
	original := func(indent string, n *load.Node) {
		lines := strings.Split(strings.TrimRight(comment(n.Text), "\n"), "\n")
		line("%s# Original: %s", indent, lines[0])
		for _, l := range lines[1:] {
			line("%s#           %s", indent, l)
		}
	}
	text := func(key, what string) {
		if n := m.Get(key); n != nil && n.Kind == load.Scalar && strings.TrimSpace(n.Text) != "" {
			original("", n)
			line("%s: %s", key, quote(Placeholder+": "+what+" übersetzen]"))
		}
	}

	line("---")
	line("# Übersetzung von %s in die Sprache %s.", p.Source.Path, languageName(lang))
	line("# Über jedem Wert steht der des Originals: bitte den Platzhalter darunter")
	line("# durch die Übersetzung ersetzen. Alles andere (Datum, Anschrift, Kontakt, Reihenfolge …)")
	line("# übernimmt die Übersetzung vom Original; es darf hier nicht stehen.")
	if n := m.Get("title"); n != nil && n.Kind == load.Scalar {
		original("", n)
	}
	line("title: %s", quote(Placeholder+": Titel übersetzen]"))
	text("description", "Beschreibung")
	if p.Kind == load.KindPage { // sections and the home page have only the common text keys
		switch p.Type {
		case model.TypeEvent:
			text("summary", "Kurzfassung")
			if loc := m.Get("location"); loc != nil {
				if n := loc.Get("name"); n != nil && n.Kind == load.Scalar && strings.TrimSpace(n.Text) != "" {
					line("# Ort: nur der Name wird übersetzt; die Anschrift steht im Original.")
					line("location:")
					original("  ", n)
					line("  name: %s", quote(Placeholder+": Name des Orts übersetzen]"))
				}
			}
			if n := m.Get("registration"); n != nil && n.Kind == load.Scalar && strings.TrimSpace(n.Text) != "" {
				if isWebAddress(n.Text) {
					line("# Anmeldung: die Internetadresse des Originals – wenn es die Anmeldung auch in dieser Sprache gibt, deren Adresse.")
					line("registration: %s", quote(strings.TrimSpace(n.Text)))
				} else {
					text("registration", "Anmeldung")
				}
			}
		case model.TypeActor:
			text("role", "Aufgabe")
			if n := m.Get("offers"); n != nil && n.Kind == load.List && len(n.Items) > 0 {
				line("# Angebote: jedes Stichwort übersetzen.")
				line("offers:")
				for _, it := range n.Items {
					if it.Kind == load.Scalar {
						original("  ", it)
					}
					line("  - %s", quote(Placeholder+": Angebot übersetzen]"))
				}
			}
		}
	}
	if n := m.Get("raw_html"); n != nil && n.Tag == "bool" && n.Text == "true" {
		line("# Das Original erlaubt HTML im Text; die Übersetzung auch.")
		line("raw_html: true")
	}
	line("# Entwurf: erst veröffentlicht, wenn diese Zeile gelöscht ist. Bis dahin")
	line("# zeigt die Seite in dieser Sprache den Text des Originals mit einem Hinweis.")
	line("draft: true")

	blocks := splitBody(string(p.Source.Body))
	if len(blocks) == 0 {
		line("---")
		return []byte(b.String())
	}
	line("#")
	line("# ---- Text des Originals (%s) ----", p.Source.Path)
	line("# Zeilen mit # werden nie veröffentlicht: sie sind nur zum Nachlesen da und")
	line("# können nach dem Übersetzen gelöscht werden. Im Text unter dem zweiten ---")
	line("# steht für jeden Abschnitt [N] ein Platzhalter mit derselben Nummer: ihn")
	line("# durch die Übersetzung ersetzen, mit Listen, Tabellen und Links wie im")
	line("# Original (Links auf andere Seiten als ….md wie dort). Überschriften (##)")
	line("# und Zeilen mit :: stehen schon an ihrem Platz; Zeilen mit :: bleiben genau so.")
	var body strings.Builder
	n := 0
	for i, bl := range blocks {
		line("#")
		if i > 0 {
			body.WriteString("\n")
		}
		if bl.verbatim {
			for _, l := range bl.lines {
				line("#     %s", comment(l))
				body.WriteString(l + "\n")
			}
			continue
		}
		n++
		label := fmt.Sprintf("[%d] ", n)
		for j, l := range bl.lines {
			if j == 0 {
				line("# %s%s", label, comment(l))
			} else {
				line("# %s%s", strings.Repeat(" ", len(label)), comment(l))
			}
		}
		ph := fmt.Sprintf("%s: Abschnitt %d übersetzen", Placeholder, n)
		if bl.hint != "" {
			ph += " (" + bl.hint + ")"
		}
		ph += "]"
		switch {
		case bl.heading != "":
			body.WriteString(bl.heading + " " + ph + bl.attrs + "\n")
		case bl.underline != "":
			body.WriteString(ph + bl.attrs + "\n" + bl.underline + "\n")
		case bl.footnote != "":
			body.WriteString(bl.footnote + " " + ph + "\n")
		default:
			body.WriteString(ph + "\n")
		}
	}
	line("---")
	line("")
	b.WriteString(body.String())
	return []byte(b.String())
}

// comment makes s safe inside a YAML comment line: control characters
// other than tab, which YAML does not allow, become U+FFFD.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\t' && r != '\n' && (unicode.IsControl(r) || r == '\uFEFF') {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isWebAddress(s string) bool {
	s = strings.TrimSpace(s)
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsAny(s, " \t\n")
}

// block is a part of a body: a section to translate, or lines kept.
type block struct {
	lines     []string
	verbatim  bool   // a directive, link reference definition or thematic break: kept as it is
	heading   string // "##" for an ATX heading
	underline string // "===" or "---" for a setext heading
	attrs     string // " {#id}" written after a heading
	footnote  string // "[^1]:" for a footnote definition
	hint      string // Liste, Tabelle, Zitat, Code, HTML
}

var (
	atxRe       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	closingRe   = regexp.MustCompile(`(?:^|[ \t]+)#+$`)
	attrsRe     = regexp.MustCompile(`[ \t]+(\{[ \t]*[#.][^{}]*\})$`)
	setextRe    = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	breakRe     = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	fenceRe     = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	directiveRe = regexp.MustCompile(`^ {0,3}::`)
	footnoteRe  = regexp.MustCompile(`^ {0,3}(\[\^[^\]\s]+\]:)`)
	// A link reference definition without a title (a title would be text).
	refDefRe = regexp.MustCompile(`^ {0,3}\[[^\]^][^\]]*\]:[ \t]*(?:<[^<>\n]*>|\S+)[ \t]*$`)
	listRe   = regexp.MustCompile(`^ {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)`)
	htmlRe   = regexp.MustCompile(`^<(?:[A-Za-z][A-Za-z0-9-]*(?:[ \t/>]|$)|/[A-Za-z]|!--)`)
	tableRe  = regexp.MustCompile(`^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
)

// splitBody splits a Markdown body into blocks: paragraphs, lists, tables
// and the like (separated by blank lines) to be translated, each heading
// on its own, and lines that are kept as they are. It follows the block
// structure only as far as a translator needs it; a line starting with ::
// outside a fenced code block is a directive, as in package markdown.
func splitBody(body string) []block {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var blocks []block
	var cur *block
	flush := func() {
		if cur != nil {
			blocks = append(blocks, *cur)
			cur = nil
		}
	}
	fence := ""
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimRight(l, "\r")
		if fence != "" {
			cur.lines = append(cur.lines, l)
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				flush()
			}
			continue
		}
		switch {
		case strings.TrimSpace(l) == "":
			flush()
		case fenceRe.MatchString(l):
			flush()
			m := fenceRe.FindStringSubmatch(l)
			fence = m[1]
			cur = &block{lines: []string{l}, hint: "Code"}
		case directiveRe.MatchString(l):
			flush()
			blocks = append(blocks, block{lines: []string{l}, verbatim: true})
		case atxRe.MatchString(l):
			flush()
			m := atxRe.FindStringSubmatch(l)
			h := block{lines: []string{l}, heading: m[1]}
			t := closingRe.ReplaceAllString(m[2], "")
			if a := attrsRe.FindStringSubmatch(t); a != nil {
				h.attrs = " " + a[1]
			}
			blocks = append(blocks, h)
		case cur != nil && cur.hint == "" && cur.footnote == "" && setextRe.MatchString(l):
			cur.lines = append(cur.lines, l)
			cur.underline = strings.TrimSpace(l)
			if a := attrsRe.FindStringSubmatch(strings.TrimRight(cur.lines[len(cur.lines)-2], " \t")); a != nil {
				cur.attrs = " " + a[1]
			}
			flush()
		case breakRe.MatchString(l):
			flush()
			blocks = append(blocks, block{lines: []string{l}, verbatim: true})
		case footnoteRe.MatchString(l):
			flush()
			cur = &block{lines: []string{l}, footnote: footnoteRe.FindStringSubmatch(l)[1], hint: "Fußnote"}
		case cur == nil && refDefRe.MatchString(l):
			flush()
			blocks = append(blocks, block{lines: []string{l}, verbatim: true})
		case cur == nil:
			cur = &block{lines: []string{l}, hint: hintOf(l)}
		default:
			if len(cur.lines) == 1 && cur.hint == "" && tableRe.MatchString(l) && strings.Contains(cur.lines[0]+l, "|") {
				cur.hint = "Tabelle"
			}
			cur.lines = append(cur.lines, l)
		}
	}
	flush()
	return blocks
}

func hintOf(first string) string {
	t := strings.TrimLeft(first, " ")
	switch {
	case listRe.MatchString(first):
		return "Liste"
	case strings.HasPrefix(t, "|"):
		return "Tabelle"
	case strings.HasPrefix(t, ">"):
		return "Zitat"
	case htmlRe.MatchString(t):
		return "HTML"
	}
	return ""
}
