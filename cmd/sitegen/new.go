package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/stadt-bamberg/integration/internal/scaffold"
)

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sitegen new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "Ordner mit content/")
	section := fs.String("section", "", "Ordner unter content/, in den die Seite kommt (Standard: nach Art)")
	start := fs.String("start", "", "Termine: Beginn, z. B. 2027-03-11T18:00")
	date := fs.String("date", "", "Meilensteine: Datum, z. B. 2013-07-12")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Aufruf: sitegen new event|actor|milestone|page \"Titel\" [--section ORDNER] [--start ZEIT] [--date DATUM]")
		fmt.Fprintln(stderr, "       sitegen new translation ORIGINAL.md SPRACHE   (z. B. sitegen new translation content/leitbild.md en)")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) > 0 && pos[0] == "translation" {
		if len(pos) != 3 {
			fs.Usage()
			return 2
		}
		var kindFlags []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name != "source" {
				kindFlags = append(kindFlags, "--"+f.Name)
			}
		})
		if len(kindFlags) > 0 {
			fmt.Fprintf(stderr, "sitegen new translation: %s gilt nicht für Übersetzungen – Ordner, Beginn und Datum übernimmt die Übersetzung vom Original\n", strings.Join(kindFlags, ", "))
			return 2
		}
		return newTranslation(*source, pos[1], pos[2], stdout, stderr)
	}
	if len(pos) != 2 {
		fs.Usage()
		return 2
	}
	req := scaffold.Request{Kind: pos[0], Title: pos[1], Section: *section, Start: *start, Date: *date}
	p, data, err := scaffold.Plan(req, scaffold.Facts(os.DirFS(*source)))
	if err != nil {
		fmt.Fprintln(stderr, "sitegen new:", err)
		return 2
	}
	if err := scaffold.Create(*source, p, data); err != nil {
		fmt.Fprintln(stderr, "sitegen new:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Angelegt: %s\nDie Seite ist ein Entwurf (draft: true); bitte die Platzhalter ausfüllen und mit sitegen check prüfen.\n", p)
	return 0
}

// newTranslation is `sitegen new translation ORIGINAL.md SPRACHE`.
func newTranslation(source, orig, lang string, stdout, stderr io.Writer) int {
	orig = contentPath(source, orig)
	p, data, err := scaffold.PlanTranslation(os.DirFS(source), orig, lang)
	if err != nil {
		fmt.Fprintln(stderr, "sitegen new translation:", err)
		return 2
	}
	if err := scaffold.CreateTranslation(source, p, data); err != nil {
		fmt.Fprintln(stderr, "sitegen new translation:", err)
		return 1
	}
	fmt.Fprintf(stdout, `Angelegt: %s (Übersetzung von %s in die Sprache %s)
Nächste Schritte:
  1. Jeden Platzhalter [PLATZHALTER: …] durch die Übersetzung ersetzen. Der Text des
     Originals steht in der Datei als Kommentar (Zeilen mit #) – er wird nie veröffentlicht.
  2. Mit sitegen check prüfen: es meldet jeden Platzhalter, der noch übrig ist.
  3. Zum Veröffentlichen die Zeile draft: true löschen. Bis dahin zeigt die Seite in
     dieser Sprache weiter den Text des Originals mit einem Hinweis.
`, p, orig, lang)
	return 0
}

// contentPath returns the slash path from the source root of the file
// arg names: a path from the current directory if that is a file under
// source, else a path from source (content/leitbild.md), else one from
// content/ (leitbild.md). What it names is PlanTranslation's business.
func contentPath(source, arg string) string {
	if _, err := os.Stat(arg); err == nil || filepath.IsAbs(arg) {
		if abs, err := filepath.Abs(arg); err == nil {
			if root, err := filepath.Abs(source); err == nil {
				if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return filepath.ToSlash(rel)
				}
			}
		}
		if filepath.IsAbs(arg) {
			return filepath.ToSlash(arg) // not under source
		}
	}
	p := path.Clean(filepath.ToSlash(arg))
	if p == "content" || strings.HasPrefix(p, "content/") || p == ".." || strings.HasPrefix(p, "../") {
		return p
	}
	return path.Join("content", p)
}
