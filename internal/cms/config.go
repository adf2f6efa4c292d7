package cms

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"gopkg.in/yaml.v3"

	"github.com/stadt-bamberg/integration/internal/model"
)

// Local names decap-server, the backend of sitegen serve: /admin/ then
// reads and writes the working copy through it instead of the Git host.
type Local struct {
	URL string // its API as /admin/ calls it: the preview's own /api/v1
}

// MediaFolder is where the CMS puts uploaded files (media_folder).
const MediaFolder = "content/dokumente"

// config is admin/config.yml (Decap's configuration), in the order a
// reader expects its keys.
type config struct {
	Locale      string       `yaml:"locale"`
	Backend     backend      `yaml:"backend"`
	PublishMode string       `yaml:"publish_mode,omitempty"`
	SiteURL     string       `yaml:"site_url,omitempty"`
	MediaFolder string       `yaml:"media_folder"`
	Public      string       `yaml:"public_folder"`
	Slug        slugOpts     `yaml:"slug"`
	I18n        *i18nOpts    `yaml:"i18n,omitempty"`
	Collections []collection `yaml:"collections"`
}

type backend struct {
	Name         string `yaml:"name"`
	Repo         string `yaml:"repo,omitempty"`
	Branch       string `yaml:"branch,omitempty"`
	AuthType     string `yaml:"auth_type,omitempty"`
	AppID        string `yaml:"app_id,omitempty"`
	BaseURL      string `yaml:"base_url,omitempty"`
	APIRoot      string `yaml:"api_root,omitempty"`
	AuthEndpoint string `yaml:"auth_endpoint,omitempty"`
	ProxyURL     string `yaml:"proxy_url,omitempty"`
	// Commit messages in German, naming what changed.
	CommitMessages map[string]string `yaml:"commit_messages,omitempty"`
}

type slugOpts struct {
	Encoding     string `yaml:"encoding"`
	CleanAccents bool   `yaml:"clean_accents"`
	Replacement  string `yaml:"sanitize_replacement"`
}

type i18nOpts struct {
	Structure     string   `yaml:"structure"`
	Locales       []string `yaml:"locales"`
	DefaultLocale string   `yaml:"default_locale"`
}

type collection struct {
	Name        string    `yaml:"name"`
	Label       string    `yaml:"label"`
	Singular    string    `yaml:"label_singular,omitempty"`
	Description string    `yaml:"description,omitempty"`
	Folder      string    `yaml:"folder,omitempty"`
	Create      bool      `yaml:"create,omitempty"`
	Delete      *bool     `yaml:"delete,omitempty"`
	Extension   string    `yaml:"extension,omitempty"`
	Format      string    `yaml:"format,omitempty"`
	Slug        string    `yaml:"slug,omitempty"`
	Summary     string    `yaml:"summary,omitempty"`
	Sortable    []string  `yaml:"sortable_fields,omitempty"`
	I18n        bool      `yaml:"i18n,omitempty"`
	Files       []cmsFile `yaml:"files,omitempty"`
	Fields      []field   `yaml:"fields,omitempty"`
	// SitegenType is the model's type of the collection's pages; Decap
	// ignores keys it does not know.
	SitegenType string `yaml:"sitegen_type,omitempty"`
}

type cmsFile struct {
	Name   string  `yaml:"name"`
	Label  string  `yaml:"label"`
	File   string  `yaml:"file"`
	I18n   bool    `yaml:"i18n,omitempty"`
	Fields []field `yaml:"fields"`
}

// field is one form field. Required is always written: Decap's default
// is true, the model's is false.
type field struct {
	Name     string `yaml:"name"`
	Label    string `yaml:"label"`
	Widget   string `yaml:"widget"`
	Required bool   `yaml:"required"`
	Hint     string `yaml:"hint,omitempty"`
	// I18n is whether a translation sets the field (Decap: translate)
	// or not (none); nil on a site with one language. Decap's list and
	// object widgets take only true and false.
	I18n     *bool    `yaml:"i18n,omitempty"`
	Pattern  []string `yaml:"pattern,omitempty"`
	Default  any      `yaml:"default,omitempty"`
	ValueInt string   `yaml:"value_type,omitempty"`
	Options  []option `yaml:"options,omitempty"`
	Multiple bool     `yaml:"multiple,omitempty"`
	// image
	ChooseURL *bool `yaml:"choose_url,omitempty"`
	// object and list
	Collapsed bool    `yaml:"collapsed,omitempty"`
	Summary   string  `yaml:"summary,omitempty"`
	Field     *field  `yaml:"field,omitempty"`
	Fields    []field `yaml:"fields,omitempty"`
	// sitegen_datetime: a date alone may be chosen; the site's time zone,
	// in which the widget rejects times the clocks skip or repeat
	AllDay   bool   `yaml:"all_day,omitempty"`
	TimeZone string `yaml:"time_zone,omitempty"`
}

type option struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

// Widgets of our own, registered by sitegen-cms.js.
const (
	// widgetDateTime is the Bamberg date and time: a wall-clock time
	// kept as written (2027-03-11T18:00), never converted through the
	// browser's time zone, or a date alone for all day.
	widgetDateTime = "sitegen_datetime"
	// widgetNames edits a map of short names to titles (series:).
	widgetNames = "sitegen_names"
	// widgetSelect is a native <select> (with multiple: a group of
	// checkboxes) of the field's options, labelled by the field's label:
	// Decap's select and relation widgets (react-select) leave their
	// input without an accessible name (axe: label). It takes the
	// choices, the series, the languages and an event's organizer, whose
	// options are the actor pages of the site the configuration was made
	// from.
	widgetSelect = "sitegen_select"
	// widgetMarkdown is the text below the front matter in a labelled
	// <textarea>, kept exactly as typed: Decap's markdown widget in raw
	// mode is an editable <div> without a name (axe:
	// aria-input-field-name).
	widgetMarkdown = "sitegen_markdown"
)

// Backend names sitegen-cms.js registers: Decap's own backends, whose
// folder listings leave out the section files (_index.md), which are
// edited in the collection "Bereiche" instead, and which write no empty
// file for a language not translated (Decap would, and an empty file does
// not build).
func backendName(name string) string { return "sitegen-" + name }

// Config returns admin/config.yml for the site: a folder collection per
// section (and one for the pages beside the home page) with the fields of
// its type, and a files collection of the home page and the sections.
// local, when not nil, makes the CMS edit the working copy through
// decap-server (sitegen serve); otherwise it works on the Git host of
// site: cms:, in the editorial workflow.
func Config(site *model.Site, local *Local) ([]byte, error) {
	c, err := configOf(site, local)
	if err != nil {
		return nil, err
	}
	return encode(c)
}

// encode writes c as YAML.
func encode(c config) ([]byte, error) {
	var b strings.Builder
	b.WriteString("# Made by sitegen build from the content model (package cms): do not edit.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// configOf returns the configuration of Config, not yet encoded.
func configOf(site *model.Site, local *Local) (config, error) {
	c := config{
		Locale:      "de",
		MediaFolder: MediaFolder,
		Public:      "/dokumente",
		Slug:        slugOpts{Encoding: "ascii", CleanAccents: true, Replacement: "-"},
	}
	cc := site.Config.CMS
	switch {
	case local != nil:
		c.Backend = backend{Name: backendName("proxy"), ProxyURL: local.URL, Branch: "main"}
	case cc.Backend == "gitlab":
		base := strings.TrimSuffix(cc.Login(), "/")
		c.Backend = backend{Name: backendName("gitlab"), Repo: cc.Repo, Branch: cc.Branch, AuthType: "pkce", AppID: cc.AppID,
			BaseURL: base, APIRoot: base + "/api/v4", AuthEndpoint: "oauth/authorize"}
		c.PublishMode = "editorial_workflow"
	case cc.Backend == "github":
		c.Backend = backend{Name: backendName("github"), Repo: cc.Repo, Branch: cc.Branch, BaseURL: strings.TrimSuffix(cc.BaseURL, "/")}
		c.PublishMode = "editorial_workflow"
	default:
		return c, fmt.Errorf("keine Angaben unter site: cms: – /admin/ braucht backend: und repo: (oder sitegen serve)")
	}
	c.Backend.CommitMessages = map[string]string{
		"create":        "{{collection}}: „{{slug}}“ neu (im Browser, {{author-name}})",
		"update":        "{{collection}}: „{{slug}}“ geändert (im Browser, {{author-name}})",
		"delete":        "{{collection}}: „{{slug}}“ gelöscht (im Browser, {{author-name}})",
		"uploadMedia":   "Datei „{{path}}“ hochgeladen (im Browser, {{author-name}})",
		"deleteMedia":   "Datei „{{path}}“ gelöscht (im Browser, {{author-name}})",
		"openAuthoring": "{{message}}",
	}
	if local == nil {
		c.SiteURL = site.Config.BaseURL
	}
	multi := len(site.Config.Languages) > 1
	if multi {
		c.I18n = &i18nOpts{Structure: "multiple_files", Locales: site.Config.Languages, DefaultLocale: site.Config.Languages[0]}
	}
	g := &gen{site: site, multi: multi}
	c.Collections = g.collections()
	return c, nil
}

// gen makes the collections of a site.
type gen struct {
	site  *model.Site
	multi bool
}

// typeLabels are the German names of one page of each type, and of many.
var typeLabels = map[string][2]string{
	model.TypeEvent:     {"Termin", "Termine"},
	model.TypeActor:     {"Akteur", "Akteure"},
	model.TypeMilestone: {"Meilenstein", "Meilensteine"},
	model.TypePage:      {"Seite", "Seiten"},
}

// collections returns a folder collection for the pages beside the home
// page and one per section, in path order, then "bereiche".
func (g *gen) collections() []collection {
	home := g.site.Home
	secs := []*model.Page{home}
	for _, p := range g.site.Pages {
		if p.IsSection() && p.Kind != home.Kind && p.Original == nil && p.SeriesSlug == "" && p.Special == "" {
			secs = append(secs, p)
		}
	}
	slices.SortFunc(secs[1:], func(a, b *model.Page) int { return strings.Compare(a.Source.Dir, b.Source.Dir) })
	var out []collection
	for _, s := range secs {
		out = append(out, g.folder(s))
	}
	out = append(out, g.sections(secs))
	return out
}

// collectionName is the name of the folder collection of section s:
// its folder ("termine", "fip/dokumente" → "fip-dokumente"), "seiten"
// for the pages beside the home page.
func collectionName(s *model.Page) string {
	if s.Source.Dir == "" {
		return "seiten"
	}
	return strings.ReplaceAll(s.Source.Dir, "/", "-")
}

func (g *gen) folder(s *model.Page) collection {
	typ := s.Type
	if typ == "" {
		typ = model.TypePage
	}
	labels := typeLabels[typ]
	label := s.Title
	if s.Kind == g.site.Home.Kind {
		label = labels[1]
	}
	c := collection{
		Name:        collectionName(s),
		Label:       label,
		Singular:    labels[0],
		Description: fmt.Sprintf("Die Dateien in content/%s (%s).", strings.TrimSuffix(s.Source.Dir+"/", "/"), labels[1]),
		Folder:      path.Join("content", s.Source.Dir),
		Create:      true,
		Extension:   "md",
		Format:      "frontmatter",
		Slug:        "{{slug}}",
		I18n:        g.multi,
		SitegenType: typ,
	}
	if s.Source.Dir == "" {
		c.Description = "Die Seiten direkt unter content/ (die Startseite und die Bereiche stehen unter „Bereiche und Startseite“)."
	}
	switch typ {
	case model.TypeEvent:
		c.Summary, c.Sortable = "{{start}} – {{title}}", []string{"start", "title"}
	case model.TypeMilestone:
		c.Summary, c.Sortable = "{{date}} – {{title}}", []string{"date", "title"}
	default:
		c.Sortable = []string{"title", "weight"}
	}
	c.Fields = g.form(typ, s)
	return c
}

// sections returns the files collection of the home page and the
// sections' _index.md, by their real file names. Decap allows i18n in a
// files collection only in one file for all languages, so on a site with
// several languages each translation is a file of its own here, with the
// keys a translation may set: _index.en.md, made when it is saved if
// there is none yet.
func (g *gen) sections(secs []*model.Page) collection {
	no := false
	c := collection{Name: "bereiche", Label: "Bereiche und Startseite", Delete: &no,
		Description: "Die Startseite (mit den Einstellungen der Website) und die _index-Datei jedes Bereichs, jede Sprache für sich."}
	for _, s := range secs {
		name, label, kind := collectionName(s), s.Title, "section"
		if s.Kind == g.site.Home.Kind {
			name, label, kind = "startseite", "Startseite: "+s.Title, "home"
		}
		form := g.form(kind, s)
		c.Files = append(c.Files, cmsFile{Name: name, Label: label, File: s.Source.Path, Fields: withoutI18n(form, false)})
		if !g.multi {
			continue
		}
		for _, code := range g.site.Config.Languages[1:] {
			file := path.Join("content", s.Source.Dir, "_index."+code+".md")
			if tr := s.In(code); tr != nil && !tr.Untranslated {
				file = tr.Source.Path
			}
			c.Files = append(c.Files, cmsFile{Name: name + "-" + code, Label: label + " – " + langName(code), File: file, Fields: withoutI18n(form, true)})
		}
	}
	return c
}

// withoutI18n returns the fields without their i18n setting; with text,
// only those a translation sets (and of a map, only such keys).
func withoutI18n(fs []field, text bool) []field {
	var out []field
	for _, f := range fs {
		if text && (f.I18n == nil || !*f.I18n) {
			continue
		}
		f.I18n = nil
		if f.Fields != nil {
			f.Fields = withoutI18n(f.Fields, text)
		}
		out = append(out, f)
	}
	return out
}

// langName returns the German name of a language: "Englisch" for en.
func langName(code string) string {
	if n := display.German.Languages().Name(language.Make(code)); n != "" {
		return n
	}
	return code
}

// upFront are the common keys an editor fills in on every page, shown
// first; the other common keys follow the text.
var upFront = []string{"title", "description"}

// form returns the form of kind (a type, "home" or "section") in section
// s, in the order an editor works through it: the title, the kind's own
// keys, the description, the text, then the other common keys (menu,
// address, draft …). Decap writes the keys in this order.
func (g *gen) form(kind string, s *model.Page) []field {
	common := model.Schema("common")
	pick := func(keep bool) []model.Field {
		var out []model.Field
		for _, f := range common {
			if slices.Contains(upFront, f.Key) == keep {
				out = append(out, f)
			}
		}
		return out
	}
	first := pick(true)
	fs := g.fields(first[:1], s)
	fs = append(fs, g.fields(model.Schema(kind), s)...)
	fs = append(fs, g.fields(first[1:], s)...)
	fs = append(fs, g.body())
	return append(fs, g.fields(pick(false), s)...)
}

// body is the Markdown text below the front matter.
func (g *gen) body() field {
	f := field{Name: "body", Label: "Text", Widget: widgetMarkdown, Required: false, Hint: bodyHint}
	if g.multi {
		f.I18n = ptr(true)
	}
	return f
}

// bodyHint explains Markdown and the directives (README, "Markdown").
//
// Decap shows a hint as Markdown: the examples are in backticks, so that
// they are shown as written (Decap leaves out the code element, keeping
// its text), not as bold text and a link – a link in a hint is a tab
// stop that Decap replaces when the field loses the focus, and the focus
// is lost with it.
const bodyHint = "Markdown: `## Zwischenüberschrift`, `**fett**`, `[Linktext](andere-seite.md)`, `- Aufzählung`. " +
	"Listen aus anderen Seiten, je auf einer eigenen Zeile: " +
	"`::events{series=\"runder-tisch\" limit=1}` (nächste Termine einer Reihe), " +
	"`::actors{category=\"beirat\"}` (Akteure eines Bereichs), " +
	"`::milestones{}` (die Zeitleiste)."

// FileOnly are the keys the form does not offer: they are changed in the
// files, through a merge request a developer reviews, never by every
// editor in /admin/. site: names the Git host the CMS logs in to (a
// changed base_url would send the next login to a look-alike) and the
// published address; raw_html: true lets HTML into a page. Decap keeps
// keys its form does not show as they are in the file (decap-cms#3314).
var FileOnly = []string{"site", "raw_html"}

// fields returns the form fields of the schema fields fs for a page in
// section s, without FileOnly.
func (g *gen) fields(fs []model.Field, s *model.Page) []field {
	var out []field
	for _, f := range fs {
		if slices.Contains(FileOnly, f.Key) {
			continue
		}
		out = append(out, g.field(f, s))
	}
	return out
}

// labels are the German labels of the keys; a key without one is
// labelled with its name.
var labels = map[string]string{
	"title": "Titel", "menu_title": "Titel im Menü", "description": "Kurzbeschreibung", "weight": "Reihenfolge",
	"menu": "Im Hauptmenü", "draft": "Entwurf", "slug": "Adresse (letzter Teil)", "aliases": "Alte Adressen",
	"lang": "Sprache des Textes", "type": "Art der Seiten", "layout": "Layout", "raw_html": "HTML erlauben", "leichte_sprache": "Leichte Sprache",
	"image": "Bild der Seite", "alt": "Beschreibung des Bildes",
	"series": "Reihe", "site": "Einstellungen der Website", "timezone": "Zeitzone", "language": "Sprache",
	"languages": "Sprachen", "base_url": "Adresse", "cms": "Redaktionssystem", "backend": "Git-Dienst",
	"repo": "Repository", "branch": "Zweig", "app_id": "Application ID",
	"start": "Beginn (Bamberger Zeit)", "end": "Ende (Bamberger Zeit)", "location": "Ort", "name": "Name",
	"address": "Anschrift", "url": "Internetseite", "online": "Online-Adresse", "organizer": "Veranstalter",
	"registration": "Anmeldung", "status": "Status", "summary": "Ein Satz für Übersichten",
	"category": "Bereich", "role": "Aufgabe", "contact": "Kontakt", "email": "E-Mail", "phone": "Telefon",
	"website": "Internetseite", "offers": "Angebote", "date": "Datum", "until": "Bis", "documents": "Dokumente",
	"file": "Datei",
}

// label returns the label of a key: the German word and the key itself,
// which the README and the messages use.
func label(key string) string {
	if l, ok := labels[key]; ok {
		return l + " (" + key + ")"
	}
	return key
}

// Patterns of the model's kinds of text, with the message Decap shows.
var patterns = map[string][]string{
	"date":     {`^\d{4}(-\d{2}(-\d{2})?)?$`, "Ein Jahr, ein Monat oder ein Tag: 2007, 2007-07 oder 2013-07-12"},
	"datetime": {`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$`, "Datum und Uhrzeit, z. B. 2027-03-11T18:00, oder nur das Datum"},
	"slug":     {`^[a-z0-9]+(-[a-z0-9]+)*$`, "Nur a–z, 0–9 und Bindestriche, z. B. runder-tisch"},
	"lang":     {`^[a-z]{2,3}$`, "Ein Sprachcode aus zwei oder drei Kleinbuchstaben, z. B. en"},
	"url":      {`^https?://[^\s]+$`, "Eine Internetadresse, beginnend mit https://"},
	"email":    {model.EmailPattern, "Eine E-Mail-Adresse der Form name@beispiel.de (nur Buchstaben, Ziffern und . _ + -)"},
	"phone":    {`^\+?[0-9][0-9 /()-]*$`, "Ziffern, Leerzeichen und + / - ( ), z. B. 0951 87-1234"},
}

// field returns the form field of schema field f.
func (g *gen) field(f model.Field, s *model.Page) field {
	out := field{Name: f.Key, Label: label(f.Key), Required: f.Required, Hint: f.Help}
	if g.multi {
		out.I18n = ptr(f.Text)
	}
	switch f.Kind {
	case "text":
		out.Widget = "string"
		if f.Key == "description" || f.Key == "role" || f.Key == "summary" {
			out.Widget = "text"
		}
	case "int":
		out.Widget, out.ValueInt = "number", "int"
	case "bool":
		out.Widget = "boolean"
	case "choice":
		out.Widget = widgetSelect
		for _, v := range f.Values {
			out.Options = append(out.Options, option{Label: v, Value: v})
		}
		if f.Key == "status" {
			out.Default = "scheduled"
		}
	case "date", "slug", "lang", "url", "email", "phone":
		out.Widget, out.Pattern = "string", patterns[f.Kind]
	case "datetime":
		out.Widget, out.Pattern = widgetDateTime, patterns[f.Kind]
		out.AllDay, out.TimeZone = true, g.site.Config.TimeZone
	case "langs":
		out.Widget, out.Multiple = widgetSelect, true
		for _, code := range g.langCodes() {
			out.Options = append(out.Options, option{Label: langName(code) + " (" + code + ")", Value: code})
		}
	case "ref":
		switch f.Ref {
		case model.TypeActor:
			out.Options = g.actorOptions()
			if len(out.Options) == 0 {
				out.Widget, out.Pattern = "string", patterns["slug"]
				break
			}
			out.Widget = widgetSelect
		case "series":
			out.Widget = widgetSelect
			for _, sl := range g.seriesOf(s) {
				out.Options = append(out.Options, option{Label: sl[1], Value: sl[0]})
			}
			if len(out.Options) == 0 {
				out.Widget, out.Pattern = "string", patterns["slug"]
			}
		}
	case "list":
		out.Widget, out.Collapsed = "list", true
		if len(f.Fields) > 0 {
			out.Fields = g.fields(f.Fields, s)
			out.Summary = "{{fields." + f.Fields[0].Key + "}}"
		} else {
			item := field{Name: f.Key, Label: label(f.Key), Widget: "string", Required: true}
			if f.Key == "aliases" {
				item.Pattern = []string{`^/[^\s]*$`, "Eine Adresse dieser Website, beginnend mit /, z. B. /alte-seite/"}
			}
			out.Field = &item
		}
	case "map":
		out.Widget, out.Collapsed = "object", true
		// A translation sets only the keys with Text (location: name:).
		out.Fields = g.fields(f.Fields, s)
		if !f.Required {
			// Decap validates the fields of an object left empty too, so
			// a key required inside an optional map (image: file:) would
			// keep every page without it from being saved. The build
			// says at the line when the map is there without the key.
			for i := range out.Fields {
				if out.Fields[i].Required {
					out.Fields[i].Required = false
					out.Fields[i].Hint += " Pflicht, sobald „" + out.Label + "“ ausgefüllt ist."
				}
			}
		}
	case "names":
		out.Widget = widgetNames
	case "image":
		// An upload lands in the media folder; the build makes its
		// variants like those of any picture (package images). Pictures
		// from other websites are not offered.
		out.Widget, out.ChooseURL = "image", ptr(false)
	default:
		panic("cms: no widget for the model's kind " + f.Kind)
	}
	return out
}

// seriesOf returns the series an event in section s may name: those
// declared there and in the sections above, as slug and title, sorted.
func (g *gen) seriesOf(s *model.Page) [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for p := s; p != nil; p = p.Parent {
		for slug, title := range p.Series {
			if !seen[slug] {
				seen[slug] = true
				out = append(out, [2]string{slug, title})
			}
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// actorOptions returns the actor pages an event may name as organizer,
// as the model finds them (model's decodeTypes): the last part of the
// page's address, labelled with its title, sorted by title. A page
// added in the CMS is offered once the site is built again (in sitegen
// serve at once; on the Git host when main is published).
func (g *gen) actorOptions() []option {
	var out []option
	seen := map[string]bool{}
	for _, p := range g.site.Pages {
		if p.Type != model.TypeActor || p.IsSection() || p.Original != nil || p.Special != "" {
			continue
		}
		slug := path.Base(p.URL)
		if slug == "." || slug == "/" || seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, option{Label: p.Title, Value: slug})
	}
	slices.SortFunc(out, func(a, b option) int {
		return cmp.Or(strings.Compare(a.Label, b.Label), strings.Compare(a.Value, b.Value))
	})
	return out
}

// commonLangs are the language codes offered for an actor's languages:
// the languages most spoken by Bamberg's newcomers, then those the
// content already uses.
var commonLangs = []string{"de", "en", "ar", "tr", "uk", "ru", "fa", "ps", "ku", "ti", "so", "fr", "es", "it", "pl", "ro", "bg", "hr", "sr", "bs", "sq", "el", "vi", "zh", "ur", "hi", "ta", "am", "prs"}

// langCodes returns the codes offered for langs fields: commonLangs, the
// site's languages and every code the content names, each once.
func (g *gen) langCodes() []string {
	codes := slices.Clone(commonLangs)
	add := func(c string) {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for _, c := range g.site.Config.Languages {
		add(c)
	}
	for _, p := range g.site.Pages {
		if p.Actor != nil {
			for _, c := range p.Actor.Languages {
				add(c)
			}
		}
	}
	return codes
}

func ptr[T any](v T) *T { return &v }
