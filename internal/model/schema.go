package model

import "slices"

// Field is one front matter key a page may have.
type Field struct {
	Key      string   // "start"
	Kind     string   // one of Kinds
	Required bool     // a page of this kind must have it
	Values   []string // for Kind "choice": the allowed values; nil otherwise
	Ref      string   // for Kind "ref": what it names ("actor", "series")
	Fields   []Field  // for Kind "map": its keys; for Kind "list": the keys of each item, if the items are maps
	Text     bool     // a translation may set it (for a map: some of its Fields, those with Text)
	Help     string   // one German sentence for editors
}

// Kinds are the kinds of value a Field may have:
//
//	text      plain text
//	int       a whole number
//	bool      true or false
//	choice    one of the Field's Values
//	date      a year, month or day: 2007, 2007-07, 2013-07-12
//	datetime  a date and time (2027-03-11T18:00, with seconds or an offset
//	          if need be), or a date alone for all day
//	slug      a short name of a–z, 0–9 and -
//	lang      a language code: en, tr, ar
//	langs     a list of language codes: [de, tr]
//	url       a web address beginning with https:// (or http://)
//	email     an e-mail address
//	phone     a phone number: digits, spaces, + / - ( )
//	ref       the short name of something else: of an actor page (Ref
//	          "actor": its file name without .md) or of a series declared
//	          in a section above (Ref "series")
//	list      a list of texts, or of maps with the keys in Fields
//	map       a map with the keys in Fields
//	names     a map of short names (slugs) to titles, as series: is
//	image     a picture of content/ (JPEG, PNG, GIF, WebP), relative to the
//	          page or from content/ (/bilder/foto.jpg)
var Kinds = []string{"text", "int", "bool", "choice", "date", "datetime", "slug", "lang", "langs", "url", "email", "phone", "ref", "list", "map", "names", "image"}

// SchemaKinds are the kinds Schema knows, in this order: the keys of every
// page, then those of the home page and of sections, then those of each
// type of page but "page" (which has no keys of its own).
var SchemaKinds = []string{"common", "home", "section", TypeEvent, TypeActor, TypeMilestone}

// schema holds the keys of each kind in the order in which messages list
// them ("erlaubt sind: title, menu_title, …").
var schema = map[string][]Field{
	"common": {
		{Key: "title", Kind: "text", Required: true, Text: true, Help: "Überschrift der Seite und Titel im Browser."},
		{Key: "menu_title", Kind: "text", Text: true, Help: "Kurzer Titel für das Hauptmenü (sonst der Titel), damit das Menü auf dem Handy kurz bleibt."},
		{Key: "description", Kind: "text", Text: true, Help: "Ein, zwei Sätze für Übersichten und Suchmaschinen."},
		{Key: "weight", Kind: "int", Help: "Ganze Zahl: kleinere Zahlen stehen in Menü und Übersichten weiter vorn."},
		{Key: "menu", Kind: "bool", Help: "true nimmt die Seite ins Hauptmenü auf (geordnet nach weight)."},
		{Key: "draft", Kind: "bool", Text: true, Help: "true ist ein Entwurf: die Seite (bei einem Bereich: alles darin) erscheint nur mit --drafts."},
		{Key: "slug", Kind: "slug", Text: true, Help: "Ersetzt den letzten Teil der Adresse (a–z, 0–9, -); bei einem Bereich wandern die Seiten darin mit."},
		{Key: "aliases", Kind: "list", Text: true, Help: "Alte Adressen dieser Website (/alte-seite/), die hierher weiterleiten."},
		{Key: "lang", Kind: "lang", Help: "Sprache des Textes, wenn es nicht die der Website ist, z. B. en (nicht in einer Übersetzung: dort sagt es der Dateiname)."},
		{Key: "type", Kind: "choice", Values: Types, Help: "Art der Seite; in einer _index.md die Art der Seiten im Bereich (auch in Unterbereichen)."},
		{Key: "layout", Kind: "text", Help: "Name eines besonderen Layouts (layouts/NAME.html)."},
		{Key: "raw_html", Kind: "bool", Text: true, Help: "true erlaubt HTML im Markdown (sonst wird HTML als Text gezeigt)."},
		{Key: "leichte_sprache", Kind: "bool", Help: "true heißt, der Text ist in Leichter Sprache; sitegen check prüft ihn dann nach deren Regeln."},
		{Key: "image", Kind: "map", Text: true, Help: "Das Bild der Seite: oben auf der Seite, in Vorschauen geteilter Links und für Suchmaschinen.", Fields: []Field{
			{Key: "file", Kind: "image", Required: true, Help: "Die Bilddatei (JPEG, PNG, GIF, WebP) neben der Seite oder ab content/ (/bilder/foto.jpg)."},
			{Key: "alt", Kind: "text", Required: true, Text: true, Help: "Was auf dem Bild zu sehen ist, in einem Satz; (dekorativ) für ein Bild, das nur schmückt."},
		}},
	},
	"home": {
		seriesField,
		{Key: "site", Kind: "map", Help: "Einstellungen der ganzen Website.", Fields: []Field{
			{Key: "title", Kind: "text", Help: "Name der Website in jedem Seitentitel und im Kopf."},
			{Key: "timezone", Kind: "text", Help: "Zeitzone für Uhrzeiten ohne Angabe des Versatzes, z. B. Europe/Berlin."},
			{Key: "language", Kind: "lang", Help: "Sprache einer Website mit nur einer Sprache, statt languages."},
			{Key: "languages", Kind: "langs", Help: "Die Sprachen der Website; die erste ist die des Originals."},
			{Key: "base_url", Kind: "url", Help: "Adresse der Website; beim Veröffentlichen ersetzt durch --base-url oder SITEGEN_BASE_URL."},
			{Key: "cms", Kind: "map", Help: "Das Redaktionssystem unter /admin/: wo das Git-Repository liegt und wie man sich anmeldet.", Fields: []Field{
				{Key: "backend", Kind: "choice", Values: CMSBackends, Help: "gitlab (Anmeldung über GitLab, ohne eigenen Server) oder github (braucht einen OAuth-Dienst)."},
				{Key: "repo", Kind: "text", Help: "Gruppe und Projekt des Repositorys, z. B. stadt-bamberg/integration."},
				{Key: "branch", Kind: "text", Help: "Der Zweig, aus dem veröffentlicht wird (Standard: main)."},
				{Key: "base_url", Kind: "url", Help: "Bei gitlab die Adresse des GitLab-Servers (Standard https://gitlab.com), bei github die des OAuth-Dienstes."},
				{Key: "app_id", Kind: "text", Help: "Bei gitlab die Application ID der Anwendung, die in GitLab für /admin/ angelegt ist."},
			}},
			{Key: "leichte_sprache_ausnahmen", Kind: "list", Help: "Lange Wörter, die auf Seiten in Leichter Sprache ungeteilt bleiben dürfen, meist Namen: [Integrationsprojekt]."},
		}},
	},
	"section": {seriesField},
	TypeEvent: {
		{Key: "start", Kind: "datetime", Required: true, Help: "Beginn, z. B. 2027-03-11T18:00; nur das Datum (2027-03-11) für ganztägige Termine."},
		{Key: "end", Kind: "datetime", Help: "Ende in derselben Schreibweise, nicht vor dem Beginn; darf an einem späteren Tag sein."},
		{Key: "series", Kind: "ref", Ref: "series", Help: "Kurzname einer Reihe, die im Bereich angelegt ist."},
		{Key: "location", Kind: "map", Text: true, Help: "Ort: name, address, url – oder online: https://… für Online-Termine.", Fields: []Field{
			{Key: "name", Kind: "text", Text: true, Help: "Name des Ortes, z. B. Rathaus."},
			{Key: "address", Kind: "text", Help: "Anschrift, eine Zeile."},
			{Key: "url", Kind: "url", Help: "Internetseite des Ortes."},
			{Key: "online", Kind: "url", Help: "Adresse eines Online-Termins."},
		}},
		{Key: "organizer", Kind: "ref", Ref: TypeActor, Help: "Dateiname (ohne .md) einer Akteursseite, z. B. migranten-und-integrationsbeirat; sie muss es geben."},
		{Key: "registration", Kind: "text", Text: true, Help: "Wie man sich anmeldet: Text oder Internetadresse."},
		{Key: "status", Kind: "choice", Values: Statuses, Help: "scheduled (geplant, Standard), cancelled (abgesagt) oder postponed (verschoben)."},
		{Key: "summary", Kind: "text", Text: true, Help: "Ein Satz für Übersichten."},
	},
	TypeActor: {
		{Key: "category", Kind: "choice", Values: Categories, Help: "Bereich, in dem der Akteur arbeitet."},
		{Key: "role", Kind: "text", Text: true, Help: "Ein Satz: was dieser Akteur für die Integration tut."},
		{Key: "contact", Kind: "map", Help: "Kontakt: email, phone, website (jeweils freiwillig, auf ihre Form geprüft).", Fields: []Field{
			{Key: "email", Kind: "email", Help: "E-Mail-Adresse der Form name@beispiel.de."},
			{Key: "phone", Kind: "phone", Help: "Telefonnummer, z. B. 0951 87-1234."},
			{Key: "website", Kind: "url", Help: "Internetseite, beginnend mit https://."},
		}},
		{Key: "address", Kind: "text", Help: "Postanschrift, eine Zeile."},
		{Key: "languages", Kind: "langs", Help: "Sprachen, die dort gesprochen werden, als Codes nach ISO 639-1: [de, tr, ar, uk]."},
		{Key: "offers", Kind: "list", Text: true, Help: "Liste kurzer Texte: Beratung, Kurse, Treffpunkte …"},
	},
	TypeMilestone: {
		{Key: "date", Kind: "date", Required: true, Help: "Datum: 2007, 2007-07 oder 2013-07-12; so genau wird es auch gezeigt."},
		{Key: "until", Kind: "date", Help: "Ende eines Zeitraums in derselben Schreibweise, nicht vor date."},
		{Key: "documents", Kind: "list", Help: "Dokumente mit title und file; ohne file steht das Dokument als „nicht online verfügbar“ da.", Fields: []Field{
			{Key: "title", Kind: "text", Required: true, Help: "Titel des Dokuments."},
			{Key: "file", Kind: "text", Help: "Datei relativ zur Seite oder ab content/ (/dokumente/x.pdf); sie muss es geben."},
		}},
	},
}

// seriesField is the series: of the home page and of sections.
var seriesField = Field{Key: "series", Kind: "names", Help: "Die Reihen der Termine im Bereich: Kurzname und Titel, z. B. runder-tisch: Runder Tisch Integration."}

// Schema returns the fields of a kind: "common" (every page), "home" (the
// site: block and series), "section" (series), "event", "actor",
// "milestone"; nil for any other kind ("page" has no keys of its own).
// The fields are shared: callers must not change them.
func Schema(kind string) []Field {
	return slices.Clip(schema[kind])
}

// keysOf returns the keys of fs, in order; with text, only those a
// translation may set.
func keysOf(fs []Field, text bool) []string {
	var keys []string
	for _, f := range fs {
		if !text || f.Text {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// typeKeysOf returns the keys of each type of page beyond the common
// ones; with text, only those a translation may set.
func typeKeysOf(text bool) map[string][]string {
	m := map[string][]string{}
	for _, t := range Types {
		m[t] = keysOf(Schema(t), text)
	}
	return m
}
