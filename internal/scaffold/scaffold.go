// Package scaffold writes new content files for editors: `sitegen new
// event|actor|milestone|page "Titel"`, and translations of existing pages:
// `sitegen new translation content/leitbild.md en` (see PlanTranslation).
//
// # Where
//
// The file is named after the title's slug (package slug):
// "Runder Tisch Integration März 2027" →
// runder-tisch-integration-maerz-2027.md. It goes into the section given
// with Section (a folder under content/), else into the first section
// (in path order) whose _index.md declares the type (type: event …), else
// into a default folder: termine/ for events, akteure/ for actors, fip/ for
// milestones, content/ itself for pages. An existing file is never
// overwritten.
//
// # What
//
// The front matter of the type with every key explained in a comment
// above it, optional keys commented out, and the values nobody but the
// editor knows as placeholders "[PLATZHALTER: …]", which `sitegen check`
// reports until they are replaced. An event's start is Start if given,
// else a placeholder the build rejects, so that no event is published
// with an invented date.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/slug"
)

// Placeholder starts every value the editor has to fill in.
const Placeholder = model.Placeholder

// Kinds lists what New can create.
var Kinds = []string{"event", "actor", "milestone", "page"}

var defaultSection = map[string]string{"event": "termine", "actor": "akteure", "milestone": "fip", "page": ""}

// Request describes the file to create.
type Request struct {
	Kind    string // event, actor, milestone or page
	Title   string
	Section string // folder under content/; "" = found from the types
	Start   string // events: start as written, e.g. 2027-03-11T18:00
	Date    string // milestones: date as written, e.g. 2013-07-12
}

// Site is what New needs to know about the existing content.
type Site struct {
	Sections map[string]string   // folder under content/ ("" for the home) → type of its pages
	Series   map[string][]string // folder → series declared there
	Actors   []string            // slugs of actor pages, for organizer
}

// Plan returns the path (slash, from the source root, e.g.
// content/termine/x.md) and the contents of the new file.
func Plan(r Request, s Site) (string, []byte, error) {
	if !slices.Contains(Kinds, r.Kind) {
		return "", nil, fmt.Errorf("unbekannte Art %q – möglich sind: %s", r.Kind, strings.Join(Kinds, ", "))
	}
	name := slug.Make(r.Title)
	if strings.TrimSpace(r.Title) == "" || name == "" {
		return "", nil, errors.New("bitte einen Titel mit Buchstaben oder Ziffern angeben, z. B. sitegen new event \"Runder Tisch Integration März 2027\"")
	}
	section := strings.Trim(path.Clean("/"+filepath.ToSlash(r.Section)), "/")
	if r.Section == "" {
		section = findSection(r.Kind, s)
	}
	p := path.Join("content", section, name+".md")
	return p, render(r, s, section), nil
}

func findSection(kind string, s Site) string {
	typ := kind
	var dirs []string
	for d, t := range s.Sections {
		if t == typ && (d != "" || kind == "page") {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	if len(dirs) > 0 {
		return dirs[0]
	}
	return defaultSection[kind]
}

// Create writes the file at root/p, refusing to overwrite one.
func Create(root, p string, data []byte) error {
	err := create(root, p, data)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s gibt es schon – bitte einen anderen Titel wählen oder die Datei bearbeiten", p)
	}
	return err
}

// create writes the file at root/p; an error wrapping fs.ErrExist if
// there is one.
func create(root, p string, data []byte) error {
	full := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

func render(r Request, s Site, section string) []byte {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("---")
	line("# Titel: erscheint als Überschrift, im Browser-Tab und in Listen.")
	line("title: %s", quote(r.Title))
	line("# Ein bis zwei Sätze für Listen und Suchmaschinen (höchstens 160 Zeichen).")
	line("description: %s", quote(Placeholder+": Worum geht es auf dieser Seite?]"))
	switch r.Kind {
	case "event":
		line("# Beginn in Bamberger Zeit: 2027-03-11T18:00 – oder nur das Datum (2027-03-11) für ganztägige Termine.")
		if r.Start != "" {
			line("start: %s", r.Start)
		} else {
			line("start: %s", quote(Placeholder+": Beginn, z. B. 2027-03-11T18:00]"))
		}
		line("# Ende (optional), gleiche Form; nicht vor dem Beginn.")
		line("# end: 2027-03-11T20:30")
		if series := s.Series[section]; len(series) > 0 {
			line("# Reihe (optional): %s", strings.Join(series, ", "))
			line("# series: %s", series[0])
		}
		line("# Ort: Name und Anschrift – oder statt dessen online: https://… für Online-Termine.")
		line("location:")
		line("  name: %s", quote(Placeholder+": Name des Orts]"))
		line("  address: %s", quote(Placeholder+": Straße Hausnummer, 96047 Bamberg]"))
		line("# Veranstalter (optional): Dateiname einer Akteursseite ohne .md.")
		if len(s.Actors) > 0 {
			line("# Möglich: %s", strings.Join(s.Actors, ", "))
		}
		line("# organizer: fachbereich-integration-ehrenamt-familie")
		line("# Anmeldung (optional): Text oder Internetadresse.")
		line("# registration: Anmeldung bis 4. März per E-Mail")
		line("# Status: scheduled (findet statt), cancelled (abgesagt) oder postponed (verschoben).")
		line("status: scheduled")
		line("# Ein Satz für die Terminliste.")
		line("summary: %s", quote(Placeholder+": Ein Satz zum Termin]"))
	case "actor":
		line("# Bereich: sozial, sport, kultur, religion, bildung, verwaltung oder beirat.")
		line("category: sozial")
		line("# Ein Satz: Was tut dieser Akteur für die Integration?")
		line("role: %s", quote(Placeholder+": Aufgabe in einem Satz]"))
		line("# Kontakt (alles optional).")
		line("# contact:")
		line("#   email: name@example.org")
		line("#   phone: 0951 87-0")
		line("#   website: https://www.example.org")
		line("# Anschrift in einer Zeile (optional).")
		line("# address: Straße Hausnummer, 96047 Bamberg")
		line("# Sprachen, die dort gesprochen werden, als Kürzel (optional).")
		line("# languages: [de, en, tr, ar, uk]")
		line("# Angebote als kurze Stichworte (optional).")
		line("# offers: [Beratung, Sprachkurse, Treffpunkt]")
	case "milestone":
		line("# Datum: 2007, 2007-07 oder 2013-07-12 – so genau, wie es bekannt ist.")
		if r.Date != "" {
			line("date: %s", r.Date)
		} else {
			line("date: %s", quote(Placeholder+": Datum, z. B. 2013-07-12]"))
		}
		line("# Ende eines Zeitraums (optional), gleiche Form.")
		line("# until: 2013")
		line("# Dokumente (optional): Titel und Datei neben dieser Seite; ohne file als \"nicht online verfügbar\" gelistet.")
		line("# documents:")
		line("#   - title: Maßnahmenkatalog")
		line("#     file: massnahmenkatalog.pdf")
	case "page":
		line("# Reihenfolge in Menü und Listen (kleinere Zahl zuerst, optional).")
		line("# weight: 10")
		line("# true nimmt die Seite ins Hauptmenü auf (optional).")
		line("# menu: true")
	}
	line("# Entwurf: erst veröffentlichen, wenn diese Zeile gelöscht ist.")
	line("draft: true")
	line("---")
	line("")
	line("%s: Text der Seite. Überschriften beginnen mit ##.]", Placeholder)
	return []byte(b.String())
}
