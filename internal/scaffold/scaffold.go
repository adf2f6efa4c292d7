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
// On a site with several languages the file's name carries the first
// language's code, runder-tisch-integration-maerz-2027.de.md: the CMS
// (Decap, i18n multiple_files) reads and writes originals so.
//
// # What
//
// The front matter comes from model.Schema (see render.go): every key a
// new page of the type wants, in the schema's order, with the key's Help
// (the hint the CMS shows) in a comment above it, optional keys commented
// out with an example value, and the values nobody but the editor knows
// as placeholders "[PLATZHALTER: …]", which `sitegen check` reports until
// they are replaced. An event's start is Start if given, else a
// placeholder the build rejects, so that no event is published with an
// invented date.
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

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
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
	// Languages are the declared languages, the original's first; with
	// more than one, a new file's name carries the first one's code.
	Languages []string
}

// Facts reads what New needs to know from the content in fsys (which
// holds content/); the content's own problems are not its business.
func Facts(fsys fs.FS) Site {
	var diags diag.List
	site := model.Build(load.Load(fsys, "content", &diags), model.Options{Drafts: true}, &diags)
	facts := Site{Sections: map[string]string{}, Series: map[string][]string{}, Languages: site.Config.Languages}
	for _, p := range site.Pages {
		if p.IsSection() && p.SeriesSlug == "" && p.Original == nil {
			facts.Sections[p.Source.Dir] = p.Type
			for _, s := range site.SeriesList() {
				if s.Section == p {
					facts.Series[p.Source.Dir] = append(facts.Series[p.Source.Dir], s.Slug)
				}
			}
		}
	}
	for _, a := range site.Actors {
		facts.Actors = append(facts.Actors, path.Base(a.URL))
	}
	return facts
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
	if len(s.Languages) > 1 {
		name += "." + s.Languages[0]
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

// Create writes the file at root/p, refusing to overwrite one; and
// refusing x.de.md beside an x.md, which is the same page.
func Create(root, p string, data []byte) error {
	if base, code := load.SplitLang(path.Base(p)); code != "" {
		twin := path.Join(path.Dir(p), base)
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(twin))); err == nil {
			return fmt.Errorf("%s gibt es schon – bitte einen anderen Titel wählen oder die Datei bearbeiten", twin)
		}
	}
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
