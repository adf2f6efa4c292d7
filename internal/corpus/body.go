package corpus

import (
	"fmt"
	"path"
	"strings"

	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/model"
)

var persons = []string{"Frau Yılmaz", "Herr Kowalczyk", "Frau Nguyễn", "Herr Al-Hassan", "Frau Schößler",
	"Herr Müller", "Frau Petrenko", "Herr Öztürk", "Frau Dąbrowska", "Herr Fuchs"}

var langNames = []string{"Arabisch", "Türkisch", "Ukrainisch", "Russisch", "Persisch", "Englisch",
	"Französisch", "Kurdisch", "Polnisch", "Rumänisch"}

// body writes p's Markdown body of about target words, with directives
// (lines like ::events{}) placed between its paragraphs.
func (g *gen) body(b *strings.Builder, p *page, target int, directives []string) {
	r := g.r
	links := make([]string, 1+r.IntN(4))
	for i := range links {
		links[i] = g.link(p)
	}
	takeLinks := func() []string {
		k := min(len(links), r.IntN(3))
		out := links[:k]
		links = links[k:]
		return out
	}
	h2, h3 := r.Perm(len(headings2)), r.Perm(len(headings3))
	table := r.IntN(10) < 3

	footnote := r.IntN(10) == 0
	if p.anchor {
		b.WriteString("Direkt [zum Kontakt](#kontakt). ")
	}
	words := g.paragraph(b, takeLinks())
	if footnote {
		// Put the reference at the end of the paragraph's last sentence.
		s := strings.TrimSuffix(b.String(), "\n\n")
		b.Reset()
		b.WriteString(s + "[^quelle]\n\n")
	}
	if p.bundle && p.typ == model.TypePage {
		b.WriteString("![Teilnehmende beim Treffen " + places[r.IntN(len(places))] + "](foto.jpg)\n\n")
	}
	if p.kind != kindPage {
		// Sections and the home page show their listings near the top.
		for _, d := range directives {
			if p.rel == "akteure/_index.md" {
				c := strings.TrimSuffix(strings.TrimPrefix(d, `::actors{category="`), `"}`)
				b.WriteString("## " + i18n.Builtin("category_"+c) + "\n\n")
			}
			b.WriteString(d + "\n\n")
		}
		directives = nil
	}
	for i := 0; words < target || len(links) > 0 || len(directives) > 0; i++ {
		if i < len(h2) {
			b.WriteString("## " + headings2[h2[i]] + "\n\n")
			words += 3
		}
		words += g.paragraph(b, takeLinks())
		if r.IntN(3) == 0 {
			words += g.paragraph(b, takeLinks())
		}
		if len(h3) > 0 && r.IntN(4) == 0 {
			b.WriteString("### " + headings3[h3[0]] + "\n\n")
			h3 = h3[1:]
			words += 2 + g.paragraph(b, takeLinks())
		}
		switch x := r.IntN(100); {
		case x < 20:
			for range 3 + r.IntN(4) {
				var item string
				if r.IntN(2) == 0 {
					item = capital(offers[r.IntN(len(offers))]) + " " + places[r.IntN(len(places))]
				} else {
					item = "Hilfe bei " + tasks[r.IntN(len(tasks))]
				}
				b.WriteString("- " + item + "\n")
				words += countWords(item)
			}
			b.WriteByte('\n')
		case x < 28:
			for j, k := range r.Perm(len(steps))[:3+r.IntN(3)] {
				fmt.Fprintf(b, "%d. %s\n", j+1, steps[k])
				words += countWords(steps[k])
			}
			b.WriteByte('\n')
		}
		if table && i >= 1 {
			words += g.table(b)
			table = false
		}
		if len(directives) > 0 && i >= 1 {
			b.WriteString(directives[0] + "\n\n")
			directives = directives[1:]
		}
		switch r.IntN(80) {
		case 0:
			b.WriteString("Weitere Informationen bietet die [Website der Stadt Bamberg](https://www.stadt.bamberg.de/).\n\n")
		case 1:
			b.WriteString("Fragen beantwortet das Team unter integration@stadt.bamberg.de, Informationen gibt es auch auf https://www.stadt.bamberg.de/integration.\n\n")
		case 2:
			b.WriteString("Die Sprechstunde findet ~~dienstags~~ jetzt donnerstags statt.\n\n")
		case 3:
			b.WriteString("- [x] Anmeldung abgeschickt\n- [x] Unterlagen kopiert\n- [ ] Termin im Kalender eingetragen\n\n")
		}
	}
	if p.anchor {
		b.WriteString("## Kontakt {#kontakt}\n\n")
		g.paragraph(b, nil)
	}
	if footnote {
		fmt.Fprintf(b, "[^quelle]: Stand: Beschluss des Stadtrats vom %d. %s %d.\n", 1+r.IntN(28), monthsDE[r.IntN(12)], 2005+r.IntN(20))
	}
}

// link returns a Markdown link from p to another page that is built (not a
// draft), mostly as a path relative to p's file, sometimes from content/.
func (g *gen) link(p *page) string {
	to := p
	for to == p {
		to = g.linkable[g.r.IntN(len(g.linkable))]
	}
	target := relPath(p.rel, to.rel)
	if g.r.IntN(10) == 0 {
		target = "/" + to.rel
	}
	if to.anchor && g.r.IntN(3) == 0 {
		target += "#kontakt"
	}
	return "[" + to.title + "](" + target + ")"
}

// relPath returns the slash path of the file to relative to the folder of
// the file from.
func relPath(from, to string) string {
	split := func(dir string) []string {
		if dir == "." || dir == "" {
			return nil
		}
		return strings.Split(dir, "/")
	}
	fd, td := split(path.Dir(from)), split(path.Dir(to))
	i := 0
	for i < len(fd) && i < len(td) && fd[i] == td[i] {
		i++
	}
	parts := make([]string, 0, len(fd)-i+len(td)-i+1)
	for range fd[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, td[i:]...)
	parts = append(parts, path.Base(to))
	return strings.Join(parts, "/")
}

// table writes a GFM table and returns its number of words.
func (g *gen) table(b *strings.Builder) int {
	r := g.r
	var rows [][]string
	switch r.IntN(3) {
	case 0:
		b.WriteString("| Angebot | Ort | Zeit |\n|---|---|---|\n")
		for range 3 + r.IntN(5) {
			rows = append(rows, []string{capital(offers[r.IntN(len(offers))]), capital(places[r.IntN(len(places))]), capital(times[r.IntN(len(times))])})
		}
	case 1:
		b.WriteString("| Jahr | Teilnehmende | Veranstaltungen |\n|:-----|-------------:|----------------:|\n")
		y := 2010 + r.IntN(10)
		for i := range 3 + r.IntN(6) {
			rows = append(rows, []string{fmt.Sprint(y + i), number(50 + r.IntN(5000)), fmt.Sprint(3 + r.IntN(60))})
		}
	default:
		b.WriteString("| Sprache | Ansprechperson | Telefon |\n|---|:---:|---|\n")
		for _, i := range r.Perm(len(langNames))[:2+r.IntN(5)] {
			rows = append(rows, []string{langNames[i], persons[r.IntN(len(persons))], fmt.Sprintf("0951 87-%d", 1000+r.IntN(9000))})
		}
	}
	words := 0
	for _, row := range rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		for _, c := range row {
			words += countWords(c)
		}
	}
	b.WriteByte('\n')
	return words
}

// plain removes Markdown emphasis from a sentence for front matter.
func plain(s string) string { return strings.ReplaceAll(s, "*", "") }
