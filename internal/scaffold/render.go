package scaffold

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/model"
)

// The front matter of a new file comes from model.Schema: the common
// keys a new page wants, then those of its type, in the schema's order.
// Above each key stands its Help, the sentence the CMS shows as a hint,
// so that editors read the same words wherever they write. Required keys
// have a value (the title, --start, --date or a placeholder); so do the
// keys in written below; every other key is commented out with an example
// value that the build accepts as it stands (TestScaffoldsBuild), or a
// placeholder where only the editor can know one.

// leftOut are the common keys no new file offers, and why. Each must be a
// key of model.Schema("common"); TestSchemaCovered fails for a key of the
// schema that render neither writes nor lists here or in pageOnly.
var leftOut = map[string]string{
	"slug":     "the file name is already the title's slug",
	"aliases":  "a new page has no old addresses to redirect",
	"lang":     "a new page is in the site's language; other languages are translations (sitegen new translation)",
	"type":     "the section the file goes to gives its type; written only where it does not (typeOf)",
	"layout":   "special layouts are the developers' business",
	"raw_html": "HTML in the text stays off for editors",
}

// pageOnly are the common keys only a new page (kind page) offers:
// events, actors and milestones are listed by start, title and date, and
// reach the menu through their section.
var pageOnly = []string{"menu_title", "weight", "menu"}

// notScaffolded are the kinds of model.SchemaKinds that sitegen new never
// makes: the home page and the sections' _index.md are there before their
// pages.
var notScaffolded = []string{"home", "section"}

// written are the optional keys (paths: parent.key) a new file writes
// with a value all the same: the text every listing shows, the draft
// marker, an event's place, and the defaults of status and category.
var written = []string{"description", "draft", "location", "location.name", "location.address", "status", "summary", "category", "role"}

// placeholders are the values of required and written keys that only the
// editor knows.
var placeholders = map[string]string{
	"description":      "Worum geht es auf dieser Seite?",
	"start":            "Beginn, z. B. 2027-03-11T18:00",
	"location.name":    "Name des Orts",
	"location.address": "Straße Hausnummer, 96047 Bamberg",
	"summary":          "Ein Satz zum Termin",
	"role":             "Aufgabe in einem Satz",
	"date":             "Datum, z. B. 2013-07-12",
	// The document must exist beside the page: no example would be valid.
	"documents.file": "Datei neben dieser Seite, z. B. massnahmenkatalog.pdf",
	// The picture too.
	"image.file": "Bilddatei neben dieser Seite, z. B. foto.jpg",
	"image.alt":  "Was auf dem Bild zu sehen ist, z. B. Kinder tanzen auf dem Maxplatz",
}

// examples are the example values of optional keys, by path; keys not
// here take the example of their Kind (example).
var examples = map[string]string{
	"weight":          "10",
	"registration":    "Anmeldung bis 4. März per E-Mail",
	"location.url":    "https://www.example.org",
	"location.online": "https://www.example.org/online-treffen",
	"contact.email":   "name@example.org",
	"contact.phone":   "0951 87-1234",
	"contact.website": "https://www.example.org",
	"address":         "Straße Hausnummer, 96047 Bamberg",
	"languages":       "[de, en, tr, ar, uk]",
	"offers":          "[Beratung, Sprachkurse, Treffpunkt]",
	"documents.title": "Maßnahmenkatalog",
}

// fieldsOf returns the fields a new file of kind offers, in order: the
// common ones it wants, type if typed, then those of its type.
func fieldsOf(kind string, typed bool) []model.Field {
	var fs []model.Field
	for _, f := range model.Schema("common") {
		if omitted(kind, f.Key) == "" || typed && f.Key == "type" {
			fs = append(fs, f)
		}
	}
	return append(fs, model.Schema(kind)...)
}

// typeOf returns the type the pages in the folder dir (under content/)
// have from their section: that of the nearest folder above with an
// _index.md, page if none.
func typeOf(dir string, s Site) string {
	for {
		if t, ok := s.Sections[dir]; ok {
			return t
		}
		if dir == "" {
			return model.TypePage
		}
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		}
	}
}

// omitted says why a new file of kind leaves out the common key, or ""
// if it offers it.
func omitted(kind, key string) string {
	if why, ok := leftOut[key]; ok {
		return why
	}
	if kind != "page" && slices.Contains(pageOnly, key) {
		return "only pages are ordered by weight and put in the menu"
	}
	return ""
}

// gen writes the front matter of one new file.
type gen struct {
	b strings.Builder
	r Request
	s Site
	// section is the folder the file goes to.
	section string
}

func (g *gen) line(format string, args ...any) { fmt.Fprintf(&g.b, format+"\n", args...) }

func render(r Request, s Site, section string) []byte {
	g := &gen{r: r, s: s, section: section}
	g.line("---")
	g.line("# Über jeder Angabe steht, was sie bedeutet. Zeilen, die mit # beginnen, sind")
	g.line("# Erklärungen oder freiwillige Angaben: zum Verwenden das # davor löschen.")
	// A file in a folder of another type (fip/ before it has an _index.md
	// with type: milestone) says its type itself.
	for _, f := range fieldsOf(r.Kind, typeOf(section, s) != r.Kind) {
		g.field(f, f.Key, "", false, false)
	}
	g.line("---")
	g.line("")
	g.line("%s: Text der Seite. Überschriften beginnen mit ##.]", Placeholder)
	return []byte(g.b.String())
}

// field writes f (at path p) with its help above it, indented by ind.
// inside: f belongs to a commented-out map or list, whose lines all
// begin with "# "; item: f is the first key of a list item ("- key:").
func (g *gen) field(f model.Field, p, ind string, inside, item bool) {
	value, notes, ok := g.value(f, p, inside)
	// Comment lines: "# " before the indentation inside a commented-out
	// block, after it elsewhere; removing the first "# " of a key line
	// uncomments it.
	pre, kpre := "", ""
	switch {
	case inside:
		pre = "# "
	case !ok:
		kpre = "# "
	}
	helpInd := ind
	if item {
		helpInd = strings.TrimSuffix(ind, "  ")
	}
	for _, t := range append([]string{f.Help}, notes...) {
		if t != "" {
			g.line("%s%s# %s", pre, helpInd, t)
		}
	}
	key := f.Key + ":"
	if item {
		key = "- " + key
		ind = strings.TrimSuffix(ind, "  ")
	}
	// A key commented out outside a block: "# key" at the top, "  # key"
	// below a written map.
	head := pre + ind + kpre
	if !inside && !ok && ind != "" {
		head = ind + kpre
	}
	switch {
	case f.Kind == "map" && len(f.Fields) > 0:
		g.line("%s%s", head, key)
		for _, c := range f.Fields {
			g.field(c, p+"."+c.Key, ind+"  ", inside || !ok, false)
		}
	case f.Kind == "list" && len(f.Fields) > 0:
		g.line("%s%s", head, key)
		for i, c := range f.Fields {
			g.field(c, p+"."+c.Key, ind+"    ", inside || !ok, i == 0)
		}
	default:
		g.line("%s%s %s", head, key, value)
	}
}

// value returns the value of f (at path p), notes to write below its help
// and whether it is written rather than commented out.
func (g *gen) value(f model.Field, p string, inside bool) (value string, notes []string, ok bool) {
	ok = !inside && (f.Required || slices.Contains(written, p))
	placeholder := func() string { return quote(Placeholder + ": " + placeholders[p] + "]") }
	switch {
	case p == "title":
		return quote(g.r.Title), nil, ok
	case p == "start" && g.r.Start != "":
		return g.r.Start, nil, ok
	case p == "date" && g.r.Date != "":
		return g.r.Date, nil, ok
	case p == "type":
		return g.r.Kind, nil, true
	case p == "draft":
		return "true", []string{"Zum Veröffentlichen die Zeile draft: true löschen."}, ok
	case placeholders[p] != "":
		return placeholder(), nil, ok
	case p == "menu_title":
		w, _, _ := strings.Cut(strings.TrimSpace(g.r.Title), " ")
		return quote(w), nil, ok
	case p == "end":
		return endAfter(g.r.Start), nil, ok
	case p == "until":
		return untilAfter(g.r.Date), nil, ok
	case examples[p] != "":
		return examples[p], nil, ok
	}
	switch f.Kind {
	case "choice":
		if !namesAll(f.Help, f.Values) {
			notes = []string{"Möglich: " + strings.Join(f.Values, ", ")}
		}
		return f.Values[0], notes, ok
	case "ref":
		// No example is valid while there is nothing to name.
		names, what, none := []string(nil), "Kurzname", ""
		switch f.Ref {
		case model.TypeActor:
			names = slices.Sorted(slices.Values(g.s.Actors))
			what, none = "Dateiname einer Akteursseite ohne .md", "Noch gibt es keine Akteursseite."
		case "series":
			names = g.s.Series[g.section]
			what, none = "Kurzname der Reihe", "Im Bereich ist noch keine Reihe angelegt: erst in seiner _index.md unter series: eintragen."
		}
		if len(names) == 0 {
			return quote(Placeholder + ": " + what + "]"), []string{none}, ok
		}
		return names[0], []string{"Möglich: " + strings.Join(names, ", ")}, ok
	}
	return example(f.Kind), nil, ok
}

// example returns an example value of a kind of model.Field.
func example(kind string) string {
	switch kind {
	case "text":
		return quote("…")
	case "int":
		return "10"
	case "bool":
		return "true"
	case "date":
		return "2014"
	case "datetime":
		return "2027-03-11T20:30"
	case "slug":
		return "beispiel"
	case "lang":
		return "en"
	case "langs":
		return "[de, en]"
	case "url":
		return "https://www.example.org"
	case "email":
		return "name@example.org"
	case "phone":
		return "0951 87-1234"
	case "list":
		return "[Beispiel]"
	case "names":
		return "{beispiel: Beispiel}"
	}
	return quote(Placeholder + ": Wert]")
}

// namesAll reports whether the help text names every value.
func namesAll(help string, values []string) bool {
	for _, v := range values {
		if !strings.Contains(help, v) {
			return false
		}
	}
	return true
}

// endAfter returns an example end for an event starting at start (as
// written, "" for the placeholder's 2027-03-11T18:00): two and a half
// hours later, or the same day for an all-day event.
func endAfter(start string) string {
	if start == "" {
		start = "2027-03-11T18:00"
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, start); err == nil {
			return t.Add(150 * time.Minute).Format(layout)
		}
	}
	if _, err := time.Parse("2006-01-02", start); err == nil {
		return start
	}
	return "2027-03-11T20:30"
}

// untilAfter returns an example end of a period beginning at date (as
// written, "" for the placeholder's 2013-07-12): the year after.
func untilAfter(date string) string {
	if date == "" {
		date = "2013"
	}
	if len(date) >= 4 {
		if y, err := strconv.Atoi(date[:4]); err == nil {
			return strconv.Itoa(y + 1)
		}
	}
	return "2014"
}
