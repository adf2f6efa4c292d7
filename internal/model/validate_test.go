package model_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/model"
)

// valBase is laid under every validation case: sections of every type,
// two actors and a file to refer to.
const valBase = `
-- content/termine/_index.md --
---
title: Termine
type: event
series:
  runder-tisch: Runder Tisch Integration
  fachforum: Fachforum Integration
---
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/beirat.md --
---
title: Beirat
---
-- content/akteure/caritas.md --
---
title: Caritas
---
-- content/geschichte/_index.md --
---
title: Geschichte
type: milestone
---
-- content/dokumente/plan.pdf --
pdf
`

// validationTests: each case's files are laid over valBase; exactly the
// diagnostics in want ("path:line: part of the message") must be reported.
var validationTests = []struct {
	name string
	site string
	want []string
}{
	// Required title.
	{"title missing", `
-- content/a.md --
---
description: Ohne Titel
---
`, []string{`content/a.md:2: Der Titel fehlt`}},
	{"title missing, empty front matter", `
-- content/a.md --


---
---
Text
`, []string{`content/a.md:4: Der Titel fehlt`}},
	{"title missing, toml", `
-- content/a.md --
+++
description = "Ohne Titel"
+++
`, []string{`content/a.md:2: Der Titel fehlt`}},
	{"title empty", `
-- content/a.md --
---
description: x
title: ""
---
`, []string{`content/a.md:3: Der Titel ist leer`}},
	{"title null", `
-- content/a.md --
---
title:
---
`, []string{`content/a.md:2: Der Titel ist leer`}},
	{"title not text", `
-- content/a.md --
---
title: [A, B]
---
`, []string{`content/a.md:2: "title" muss ein Text sein, hier steht eine Liste`, `content/a.md:2: Der Titel ist leer`}},
	{"title of the home page", `
-- content/_index.md --
---
site:
  title: Integration
---
`, []string{`content/_index.md:2: Der Titel fehlt`}},

	// Unknown keys, with did-you-mean, on every level.
	{"unknown key", `
-- content/a.md --
---
title: A
titel: B
---
`, []string{`content/a.md:3: Unbekannter Schlüssel "titel" für Seiten vom Typ "page" – gemeint ist wohl "title"`}},
	{"unknown key without suggestion", `
-- content/a.md --
---
title: A
farbe: rot
---
`, []string{`content/a.md:3: Unbekannter Schlüssel "farbe" für Seiten vom Typ "page" – erlaubt sind: title, menu_title, description, weight, menu, draft, slug, aliases, lang, type, layout, raw_html`}},
	{"unknown key, toml", `
-- content/a.md --
+++
title = "A"
descripton = "B"
+++
`, []string{`content/a.md:3: Unbekannter Schlüssel "descripton" für Seiten vom Typ "page" – gemeint ist wohl "description"`}},
	{"unknown key on the home page", `
-- content/_index.md --
---
title: Start
menue: true
---
`, []string{`content/_index.md:3: Unbekannter Schlüssel "menue" auf der Startseite – gemeint ist wohl "menu"`}},
	{"unknown key of an event", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
ende: 2027-04-01T20:00
---
`, []string{`content/termine/a.md:4: Unbekannter Schlüssel "ende" für Seiten vom Typ "event" – gemeint ist wohl "end"`}},
	{"unknown key under location", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
location:
  nam: Rathaus
  address: Maximiliansplatz 3, 96047 Bamberg
---
`, []string{`content/termine/a.md:5: Unbekannter Schlüssel "nam" unter location: – gemeint ist wohl "name"`}},
	{"unknown key under contact", `
-- content/akteure/x.md --
---
title: X
contact:
  email: info@example.org
  mail: info@example.org
---
`, []string{`content/akteure/x.md:5: Unbekannter Schlüssel "mail" unter contact: – gemeint ist wohl "email"`}},
	{"unknown key under documents", `
-- content/geschichte/x.md --
---
title: X
date: 2007
documents:
  - title: Plan
    fiel: /dokumente/plan.pdf
---
`, []string{`content/geschichte/x.md:6: Unbekannter Schlüssel "fiel" unter documents: – gemeint ist wohl "file"`}},
	{"unknown key under site", `
-- content/_index.md --
---
title: Start
site:
  title: Integration
  timezon: Europe/Berlin
---
`, []string{`content/_index.md:5: Unbekannter Schlüssel "timezon" unter site: – gemeint ist wohl "timezone"`}},

	// Shapes of values.
	{"weight not a number", `
-- content/a.md --
---
title: A
weight: zehn
---
`, []string{`content/a.md:3: "weight" muss eine ganze Zahl sein (z. B. 10), hier steht "zehn"`}},
	{"weight a fraction", `
-- content/a.md --
---
title: A
weight: 1.5
---
`, []string{`content/a.md:3: "weight" muss eine ganze Zahl sein (z. B. 10), hier steht "1.5"`}},
	{"weight quoted", `
-- content/a.md --
---
title: A
weight: "10"
---
`, []string{`content/a.md:3: "weight" muss eine ganze Zahl sein`}},
	{"menu not a bool", `
-- content/a.md --
---
title: A
menu: ja
---
`, []string{`content/a.md:3: "menu" muss true oder false sein, hier steht "ja"`}},
	{"draft and raw_html not bools", `
-- content/a.md --
---
title: A
draft: 1
raw_html: "true"
---
`, []string{`content/a.md:3: "draft" muss true oder false sein, hier steht "1"`, `content/a.md:4: "raw_html" muss true oder false sein`}},
	{"description not text", `
-- content/a.md --
---
title: A
description:
  kurz: x
---
`, []string{`content/a.md:4: "description" muss ein Text sein, hier steht eine Gruppe von Schlüsseln`}},
	{"lang", `
-- content/a.md --
---
title: A
lang: Deutsch
---
`, []string{`content/a.md:3: "Deutsch" ist kein Sprachcode`}},
	{"languages not ISO 639-1", `
-- content/akteure/x.md --
---
title: X
languages:
  - de
  - ""
  - deutsch
  - EN
  - tur
  - zz
---
`, []string{
		`content/akteure/x.md:6: "deutsch" ist kein Sprachcode nach ISO 639-1`,
		`content/akteure/x.md:8: "tur" ist kein Sprachcode nach ISO 639-1`,
		`content/akteure/x.md:9: "zz" ist kein Sprachcode nach ISO 639-1`,
	}},
	{"languages as one text", `
-- content/akteure/x.md --
---
title: X
languages: türkisch
---
`, []string{`content/akteure/x.md:3: "türkisch" ist kein Sprachcode nach ISO 639-1`}},
	{"languages a map", `
-- content/akteure/x.md --
---
title: X
languages:
  de: Deutsch
---
`, []string{`content/akteure/x.md:4: "languages" muss eine Liste sein`}},
	{"email", `
-- content/akteure/x.md --
---
title: X
contact:
  email: info at example.org
---
-- content/akteure/y.md --
---
title: Y
contact:
  email: Integration <info@example.org>
---
-- content/akteure/z.md --
---
title: Z
contact:
  email: info@localhost
---
-- content/akteure/bcc.md --
---
title: Bcc
contact:
  email: "x@stadt.bamberg.de?bcc=kopie%40attacker.example"
---
-- content/akteure/body.md --
---
title: Body
contact:
  email: x@stadt.bamberg.de&body=Hallo
---
-- content/akteure/list.md --
---
title: Liste
contact:
  email: "x@stadt.bamberg.de,y@attacker.example"
---
-- content/akteure/hash.md --
---
title: Hash
contact:
  email: "x#y@stadt.bamberg.de"
---
-- content/akteure/semi.md --
---
title: Semi
contact:
  email: "x;y@stadt.bamberg.de"
---
-- content/akteure/ok.md --
---
title: OK
contact:
  email: vorname.nachname+integration@stadt-bamberg.de
---
`, []string{
		`content/akteure/bcc.md:4: "x@stadt.bamberg.de?bcc=kopie%40attacker.example" ist keine E-Mail-Adresse`,
		`content/akteure/body.md:4: "x@stadt.bamberg.de&body=Hallo" ist keine E-Mail-Adresse`,
		`content/akteure/hash.md:4: "x#y@stadt.bamberg.de" ist keine E-Mail-Adresse`,
		`content/akteure/list.md:4: "x@stadt.bamberg.de,y@attacker.example" ist keine E-Mail-Adresse`,
		`content/akteure/semi.md:4: "x;y@stadt.bamberg.de" ist keine E-Mail-Adresse`,
		`content/akteure/x.md:4: "info at example.org" ist keine E-Mail-Adresse`,
		`content/akteure/y.md:4: "Integration <info@example.org>" ist keine E-Mail-Adresse`,
		`content/akteure/z.md:4: "info@localhost" ist keine E-Mail-Adresse`,
	}},
	{"phone", `
-- content/akteure/x.md --
---
title: X
contact:
  phone: Zentrale
---
-- content/akteure/y.md --
---
title: Y
contact:
  phone: 0951 87-1234 (Mo–Fr)
---
`, []string{
		`content/akteure/x.md:4: "Zentrale" ist keine Telefonnummer`,
		`content/akteure/y.md:4: "0951 87-1234 (Mo–Fr)" ist keine Telefonnummer`,
	}},
	{"website", `
-- content/akteure/x.md --
---
title: X
contact:
  website: www.example.org
---
-- content/akteure/y.md --
---
title: Y
contact:
  website: ftp://example.org/
---
-- content/akteure/z.md --
---
title: Z
contact:
  website: https://
---
`, []string{
		`content/akteure/x.md:4: "www.example.org" ist keine vollständige Internetadresse`,
		`content/akteure/y.md:4: "ftp://example.org/" ist keine vollständige Internetadresse`,
		`content/akteure/z.md:4: "https://" ist keine vollständige Internetadresse`,
	}},
	{"contact not a map", `
-- content/akteure/x.md --
---
title: X
contact: info@example.org
---
`, []string{`content/akteure/x.md:3: "contact" muss eine Gruppe von Schlüsseln sein`}},
	{"category", `
-- content/akteure/x.md --
---
title: X
category: Sport
---
-- content/akteure/y.md --
---
title: Y
category: Vereine
---
`, []string{
		`content/akteure/x.md:3: "category": "Sport" ist nicht erlaubt – gemeint ist wohl "sport"`,
		`content/akteure/y.md:3: "category": "Vereine" ist nicht erlaubt (erlaubt: sozial, sport, kultur, religion, bildung, verwaltung, beirat)`,
	}},

	// Events.
	{"start missing", `
-- content/termine/a.md --
---
title: A
---
`, []string{`content/termine/a.md:2: Der Beginn fehlt`}},
	{"start in German form", `
-- content/termine/a.md --
---
title: A
start: 11.03.2027
---
`, []string{`content/termine/a.md:3: "start": `}},
	{"start empty", `
-- content/termine/a.md --
---
title: A
start: ""
---
`, []string{`content/termine/a.md:3: "start" ist leer`}},
	{"end before start", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
end: 2027-04-01T17:00
---
`, []string{`content/termine/a.md:4: Das Ende 2027-04-01T17:00 liegt vor dem Beginn 2027-04-01T18:00`}},
	{"all-day start, timed end", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01
end: 2027-04-01T17:00
---
`, []string{`content/termine/a.md:4: Der Beginn 2027-04-01 ist ein ganzer Tag`}},
	{"status", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
status: abgesagt
---
-- content/termine/b.md --
---
title: B
start: 2027-04-01T18:00
status: canceled
---
-- content/termine/c.md --
---
title: C
start: 2027-04-01T18:00
status: verschoben
---
`, []string{
		`content/termine/a.md:4: status: bitte cancelled statt "abgesagt" schreiben`,
		`content/termine/b.md:4: "status": "canceled" ist nicht erlaubt – gemeint ist wohl "cancelled"`,
		`content/termine/c.md:4: status: bitte postponed statt "verschoben" schreiben`,
	}},
	{"location", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
location: Rathaus
---
-- content/termine/b.md --
---
title: B
start: 2027-04-01T18:00
location:
  url: https://example.org/
---
-- content/termine/c.md --
---
title: C
start: 2027-04-01T18:00
location:
  name: Rathaus
  url: rathaus.de
---
-- content/termine/d.md --
---
title: D
start: 2027-04-01T18:00
location:
  online: zoom
---
`, []string{
		`content/termine/a.md:4: "location" muss eine Gruppe von Schlüsseln sein`,
		`content/termine/b.md:5: Unter location: fehlt name und address`,
		`content/termine/c.md:6: "rathaus.de" ist keine vollständige Internetadresse`,
		`content/termine/d.md:5: "zoom" ist keine vollständige Internetadresse`,
		`content/termine/d.md:5: Unter location: fehlt name und address`,
	}},
	{"organizer missing, with suggestion", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
organizer: beirt
---
`, []string{`content/termine/a.md:4: organizer: Es gibt keine Akteursseite "beirt" (z. B. content/akteure/beirt.md) – gemeint ist wohl "beirat"`}},
	{"organizer missing, no suggestion", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
organizer: stadtrat
---
`, []string{`content/termine/a.md:4: organizer: Es gibt keine Akteursseite "stadtrat" (z. B. content/akteure/stadtrat.md)`}},
	{"organizer is no actor", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
organizer: akteure
---
`, []string{`content/termine/a.md:4: organizer: Es gibt keine Akteursseite "akteure"`}},
	{"series not declared anywhere", `
-- content/kurse/_index.md --
---
title: Kurse
type: event
---
-- content/kurse/a.md --
---
title: A
start: 2027-04-01T18:00
series: deutschkurs
---
`, []string{`content/kurse/a.md:4: Die Reihe "deutschkurs" ist nicht angelegt: bitte in der _index.md des Bereichs (content/kurse/_index.md) unter series: eintragen (series: {deutschkurs: Titel der Reihe})`}},
	{"series misspelt", `
-- content/termine/a.md --
---
title: A
start: 2027-04-01T18:00
series: runder-tich
---
`, []string{`content/termine/a.md:4: "series": "runder-tich" ist nicht erlaubt – gemeint ist wohl "runder-tisch" (erlaubt: fachforum, runder-tisch)`}},
	{"series of another section", `
-- content/kurse/_index.md --
---
title: Kurse
type: event
---
-- content/kurse/a.md --
---
title: A
start: 2027-04-01T18:00
series: fachforum
---
`, []string{`content/kurse/a.md:4: Die Reihe "fachforum" ist nicht angelegt`}},
	{"series declarations", `
-- content/termine/_index.md --
---
title: Termine
type: event
series:
  Runder Tisch: Runder Tisch Integration
  fachforum: ""
  gut: Gut
---
`, []string{
		`content/termine/_index.md:5: Die Reihe "Runder Tisch" braucht einen Kurznamen aus a–z, 0–9 und Bindestrichen – gemeint ist wohl "runder-tisch"`,
		`content/termine/_index.md:6: Die Reihe "fachforum" braucht einen Titel`,
	}},
	{"series not a map", `
-- content/termine/_index.md --
---
title: Termine
type: event
series: [runder-tisch]
---
`, []string{`content/termine/_index.md:4: "series" muss eine Gruppe von Schlüsseln sein`}},

	// Milestones and documents.
	{"date missing", `
-- content/geschichte/a.md --
---
title: A
---
`, []string{`content/geschichte/a.md:2: Das Datum fehlt`}},
	{"date wrong", `
-- content/geschichte/a.md --
---
title: A
date: Juli 2007
---
`, []string{`content/geschichte/a.md:3: "date": `}},
	{"until before date", `
-- content/geschichte/a.md --
---
title: A
date: 2013-07
until: 2013-06-30
---
`, []string{`content/geschichte/a.md:4: "until" (2013-06-30) liegt vor "date" (2013-07)`}},
	{"document missing", `
-- content/geschichte/a.md --
---
title: A
date: 2007
documents:
  - title: Da
    file: /dokumente/plan.pdf
  - title: Fehlt
    file: fehlt.pdf
  - title: Fehlt auch
    file: /dokumente/fehlt.pdf
  - title: Falscher Ordner
    file: plan.pdf
---
`, []string{
		`content/geschichte/a.md:8: Das Dokument "fehlt.pdf" gibt es nicht (gesucht: content/geschichte/fehlt.pdf)`,
		`content/geschichte/a.md:10: Das Dokument "/dokumente/fehlt.pdf" gibt es nicht (gesucht: content/dokumente/fehlt.pdf)`,
		`content/geschichte/a.md:12: Das Dokument "plan.pdf" gibt es nicht (gesucht: content/geschichte/plan.pdf)`,
	}},
	{"document shapes", `
-- content/geschichte/a.md --
---
title: A
date: 2007
documents:
  - plan.pdf
  - file: /dokumente/plan.pdf
---
`, []string{
		`content/geschichte/a.md:5: Jedes Dokument braucht title und file`,
		`content/geschichte/a.md:6: Dem Dokument fehlt title`,
	}},
	{"document is a page", `
-- content/geschichte/a.md --
---
title: A
date: 2007
documents:
  - title: Seite
    file: ../akteure/beirat.md
---
`, []string{`content/geschichte/a.md:6: Das Dokument "../akteure/beirat.md" gibt es nicht (gesucht: content/akteure/beirat.md)`}},

	// Duplicate URLs.
	{"page and bundle", `
-- content/a.md --
---
title: A
---
-- content/a/index.md --
---
title: A als Bündel
---
`, []string{`content/a/index.md:1: Die Adresse /a/ ist doppelt vergeben: content/a.md und content/a/index.md`}},
	{"page and slug", `
-- content/b.md --
---
title: B
---
-- content/c.md --
---
title: C
slug: b
---
`, []string{`content/c.md:1: Die Adresse /b/ ist doppelt vergeben: content/b.md und content/c.md`}},
	{"pages whose names give the same slug", `
-- content/Straße.md --
---
title: Straße
---
-- content/strasse.md --
---
title: strasse
---
`, []string{`content/strasse.md:1: Die Adresse /strasse/ ist doppelt vergeben: content/Straße.md und content/strasse.md`}},
	{"page and alias", `
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
aliases:
  - /alt/
  - /a
---
`, []string{`content/b.md:5: Die Adresse /a/ ist doppelt vergeben: content/a.md und content/b.md (aliases)`}},
	{"alias and alias", `
-- content/b.md --
---
title: B
aliases: [/alt/]
---
-- content/c.md --
---
title: C
aliases:
  - /alt
---
`, []string{`content/c.md:4: Die Adresse /alt/ ist doppelt vergeben: content/b.md (aliases) und content/c.md (aliases)`}},
	{"alias after an invalid alias", `
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
aliases:
  - alt
  - ""
  - /a/
---
`, []string{
		`content/b.md:4: Alias "alt" muss eine Adresse dieser Website sein`,
		`content/b.md:6: Die Adresse /a/ ist doppelt vergeben: content/a.md und content/b.md (aliases)`,
	}},
	{"alias of the home page", `
-- content/b.md --
---
title: B
aliases: [/]
---
`, []string{`content/b.md:3: Die Adresse / ist doppelt vergeben: content/_index.md und content/b.md (aliases)`}},
	{"alias of the home page, with a dot", `
-- content/b.md --
---
title: B
aliases:
  - /.
  - /akteure/./
---
`, []string{
		`content/b.md:4: Die Adresse / ist doppelt vergeben: content/_index.md und content/b.md (aliases)`,
		`content/b.md:5: Die Adresse /akteure/ ist doppelt vergeben: content/akteure/_index.md und content/b.md (aliases)`,
	}},
	{"alias to itself", `
-- content/b.md --
---
title: B
aliases: [/b/]
---
`, []string{`content/b.md:3: Die Adresse /b/ ist doppelt vergeben: content/b.md und content/b.md (aliases)`}},
	{"alias and file", `
-- content/b.md --
---
title: B
aliases: [/dokumente/plan.pdf]
---
`, []string{`content/b.md:3: Die Adresse /dokumente/plan.pdf ist doppelt vergeben: content/dokumente/plan.pdf und content/b.md (aliases)`}},
	{"alias written as a page's index.html", `
-- content/b.md --
---
title: B
aliases:
  - /index.html
  - /akteure/beirat/index.html
---
`, []string{
		`content/b.md:4: Die Adresse /index.html ist doppelt vergeben: content/_index.md und content/b.md (aliases)`,
		`content/b.md:5: Die Adresse /akteure/beirat/index.html ist doppelt vergeben: content/akteure/beirat.md und content/b.md (aliases)`,
	}},
	{"file and file", `
-- content/ueber-uns/a.pdf --
pdf
-- content/Über uns/a.pdf --
pdf
`, []string{`content/Über uns/a.pdf: Die Adresse /ueber-uns/a.pdf ist doppelt vergeben: content/ueber-uns/a.pdf und content/Über uns/a.pdf`}},

	// Files the build makes besides pages: an alias would replace them.
	{"aliases onto generated files", `
-- content/b.md --
---
title: B
aliases:
  - /sitemap.xml
  - /robots.txt
  - /aktuelles.atom
  - /termine.atom
  - /kalender.ics
  - /termine/reihe/runder-tisch/kalender.ics
  - /404.html
  - /suchindex/de/index.json
  - /admin/
  - /admin/config.yml
  - /sitemaps/1.xml
  - /administration/
  - /sitemap.xml.bak
  - /de/aktuelles.atom
---
`, []string{
		`content/b.md:4: Die Adresse /sitemap.xml ist doppelt vergeben: die Sitemap (sitemap.xml) und content/b.md (aliases) – eine Weiterleitung würde sie ersetzen; bitte den Alias löschen`,
		`content/b.md:5: Die Adresse /robots.txt ist doppelt vergeben: robots.txt und content/b.md (aliases)`,
		`content/b.md:6: Die Adresse /aktuelles.atom ist doppelt vergeben: ein Feed (/aktuelles.atom) und content/b.md (aliases)`,
		`content/b.md:7: Die Adresse /termine.atom ist doppelt vergeben: ein Feed (/termine.atom)`,
		`content/b.md:8: Die Adresse /kalender.ics ist doppelt vergeben: eine Kalenderdatei (kalender.ics)`,
		`content/b.md:9: Die Adresse /termine/reihe/runder-tisch/kalender.ics ist doppelt vergeben: eine Kalenderdatei (kalender.ics)`,
		`content/b.md:10: Die Adresse /404.html ist doppelt vergeben: die Fehlerseite (/404.html)`,
		`content/b.md:11: Die Adresse /suchindex/de/index.json ist doppelt vergeben: der Suchindex (suchindex/)`,
		`content/b.md:12: Die Adresse /admin/ ist doppelt vergeben: das Redaktionssystem (admin/)`,
		`content/b.md:13: Die Adresse /admin/config.yml ist doppelt vergeben: das Redaktionssystem (admin/)`,
		`content/b.md:14: Die Adresse /sitemaps/1.xml ist doppelt vergeben: die Sitemap (sitemaps/)`,
	}},
	{"aliases onto another language's generated files", `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en]
---
-- content/b.md --
---
title: B
aliases:
  - /en/aktuelles.atom
  - /en/404.html
  - /de/404.html
---
`, []string{
		`content/b.md:4: Die Adresse /en/aktuelles.atom ist doppelt vergeben: ein Feed (/en/aktuelles.atom)`,
		`content/b.md:5: Die Adresse /en/404.html ist doppelt vergeben: die Fehlerseite (/en/404.html)`,
	}},

	// A file name ending in what looks like a language code, but none
	// declared: no German page /leitbild-en/ in every language.
	{"language code in capitals", `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en]
---
-- content/leitbild.md --
---
title: Leitbild
---
-- content/leitbild.EN.md --
---
title: Mission statement
---
-- content/akteure/caritas.De.md --
---
title: Caritas
---
`, []string{
		`content/leitbild.EN.md: Der Dateiname leitbild.EN.md endet auf den Sprachcode "EN" – Sprachcodes im Dateinamen werden klein geschrieben: bitte in leitbild.en.md umbenennen`,
		`content/akteure/caritas.De.md: Der Dateiname caritas.De.md endet auf den Sprachcode "De" – Sprachcodes im Dateinamen werden klein geschrieben: bitte in caritas.de.md umbenennen`,
	}},
	{"language code not declared", `
-- content/x.x-klingon.md --
---
title: X
---
-- content/a.en-US.md --
---
title: A
---
-- content/b.ES.md --
---
title: B
---
-- content/c.zh_Hant.md --
---
title: C
---
`, []string{
		`content/x.x-klingon.md: Der Dateiname x.x-klingon.md endet auf .x-klingon wie auf einen Sprachcode, aber diese Sprache ist nicht erklärt (jetzt: de) – für eine Übersetzung bitte einen Code aus site: languages: verwenden, sonst die Datei umbenennen, z. B. in x-x-klingon.md`,
		`content/a.en-US.md: Der Dateiname a.en-US.md endet auf .en-US wie auf einen Sprachcode`,
		`content/b.ES.md: Der Dateiname b.ES.md endet auf .ES wie auf einen Sprachcode`,
		`content/c.zh_Hant.md: Der Dateiname c.zh_Hant.md endet auf .zh_Hant wie auf einen Sprachcode`,
	}},
	{"dots that are no language code", `
-- content/bericht.2024.md --
---
title: Bericht 2024
---
-- content/plan.final-v2.md --
---
title: Plan
---
-- content/v.1-0.md --
---
title: V
---
-- content/a.de.md --
---
title: A
---
`, nil},

	// A translation's slug: that takes an address is reported at its
	// slug: line, whether its page or the other came first.
	{"translation's slug takes a later page's address", `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en]
---
-- content/aa.md --
---
title: AA
---
-- content/b.md --
---
title: B
---
-- content/b.en.md --
---
title: B
slug: aa
---
`, []string{`content/b.en.md:3: Die Adresse /en/aa/ ist doppelt vergeben: content/b.en.md und content/aa.md (en)`}},
	{"translation's slug takes an earlier page's address", `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en]
---
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
---
-- content/b.en.md --
---
title: B
slug: a
---
`, []string{`content/b.en.md:3: Die Adresse /en/a/ ist doppelt vergeben: content/a.md (en) und content/b.en.md`}},
	{"translated section's slug takes a section's address", `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en]
---
-- content/akteure/_index.en.md --
---
title: Actors
slug: geschichte
---
`, []string{`content/akteure/_index.en.md:3: Die Adresse /en/geschichte/ ist doppelt vergeben`}},
	{"translated section's slug moves a page onto an alias", `
-- content/_index.md --
---
title: Start
site:
  languages: [de, en]
---
-- content/b.md --
---
title: B
aliases: [/en/actors/beirat/]
---
-- content/akteure/_index.en.md --
---
title: Actors
slug: actors
---
`, []string{`content/akteure/_index.en.md:3: Die Adresse /en/actors/beirat/ ist doppelt vergeben: content/b.md (aliases) und content/akteure/beirat.md (en)`}},
}

func TestValidation(t *testing.T) {
	for _, tt := range validationTests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := build(t, model.Options{}, valBase, tt.site)
			checkDiags(t, ds, tt.want)
			for _, d := range ds {
				if strings.ContainsAny(d.Message, "\r\n") {
					t.Errorf("message spans lines: %q", d.Message)
				}
			}
		})
	}
}

// TestMessageDetail checks the one-line form of messages whose example is
// several lines long, and that the example as written is the detail
// (printed with --verbose).
func TestMessageDetail(t *testing.T) {
	_, ds := build(t, model.Options{}, valBase, `
-- content/kurse/_index.md --
---
title: Kurse
type: event
---
-- content/kurse/a.md --
---
title: A
start: 2027-04-01T18:00
series: deutschkurs
location: Rathaus
---
-- content/akteure/x.md --
---
title: X
contact: integration@example.org
---
-- content/geschichte/a.md --
---
title: A
date: 2007
documents:
  - plan.pdf
---
`)
	want := map[string][2]string{
		"content/kurse/a.md:4": {`Die Reihe "deutschkurs" ist nicht angelegt: bitte in der _index.md des Bereichs (content/kurse/_index.md) unter series: eintragen (series: {deutschkurs: Titel der Reihe})`,
			"series:\n  deutschkurs: Titel der Reihe"},
		"content/kurse/a.md:5": {`"location" muss eine Gruppe von Schlüsseln sein, z. B. location: {name: Rathaus, address: "Maximiliansplatz 3, 96047 Bamberg"}`,
			"location:\n  name: Rathaus\n  address: Maximiliansplatz 3, 96047 Bamberg"},
		"content/akteure/x.md:3": {`"contact" muss eine Gruppe von Schlüsseln sein, z. B. contact: {email: integration@example.org, phone: 0951 12345}`,
			"contact:\n  email: integration@example.org\n  phone: 0951 12345"},
		"content/geschichte/a.md:5": {`Jedes Dokument braucht title und file, z. B. - {title: Maßnahmenkatalog, file: massnahmenkatalog.pdf}`,
			"documents:\n  - title: Maßnahmenkatalog\n    file: massnahmenkatalog.pdf"},
	}
	for _, d := range ds {
		w, ok := want[d.Position()]
		if !ok {
			t.Errorf("unexpected: %s", d.Error())
			continue
		}
		delete(want, d.Position())
		if d.Message != w[0] || d.Detail != w[1] {
			t.Errorf("%s:\n got %q\n     detail %q\nwant %q\n     detail %q", d.Position(), d.Message, d.Detail, w[0], w[1])
		}
	}
	for pos := range want {
		t.Errorf("missing %s", pos)
	}
}

// TestValidBase checks that valBase itself is clean, so that every
// diagnostic of a validation case comes from its own files.
func TestValidBase(t *testing.T) {
	buildOK(t, model.Options{}, valBase)
}

// TestDuplicateLeftOut checks that of two pages with one URL only the
// first (by source path) is kept, and that the site still builds.
func TestDuplicateLeftOut(t *testing.T) {
	s, _ := build(t, model.Options{}, `
-- content/a.md --
---
title: A
---
-- content/a/index.md --
---
title: A als Bündel
---
-- content/a/bild.jpg --
jpg
`)
	if s.Page("a/index.md") != nil {
		t.Error("the second page with /a/ is still in the site")
	}
	if got := page(t, s, "a.md").URL; got != "/a/" {
		t.Errorf("URL %q", got)
	}
	n := 0
	for _, p := range s.Pages {
		if p.URL == "/a/" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d pages with /a/", n)
	}
}

// TestOrganizerSuggestionStable checks that the did-you-mean of an
// unknown organizer does not depend on map order when two actors are
// equally close.
func TestOrganizerSuggestionStable(t *testing.T) {
	site := `
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/verein-a.md --
---
title: Verein A
---
-- content/akteure/verein-b.md --
---
title: Verein B
---
-- content/akteure/verein-c.md --
---
title: Verein C
---
-- content/termine/_index.md --
---
title: Termine
type: event
---
-- content/termine/x.md --
---
title: X
start: 2027-04-01T18:00
organizer: verein-x
---
`
	want := []string{`content/termine/x.md:4: – gemeint ist wohl "verein-a"`}
	for range 30 {
		_, ds := build(t, model.Options{}, site)
		checkDiags(t, ds, want)
		if t.Failed() {
			break
		}
	}
}

// TestTypeData checks the typed data read from complete pages of every
// type.
func TestTypeData(t *testing.T) {
	s := buildOK(t, model.Options{}, valBase, `
-- content/termine/2027/_index.md --
---
title: 2027
---
-- content/termine/2027/a.md --
---
title: Runder Tisch im April
start: 2027-04-01T18:00
end: 2027-04-01T20:30
series: runder-tisch
location:
  name: Rathaus
  address: Maximiliansplatz 3, 96047 Bamberg
  url: https://example.org/rathaus
organizer: beirat
registration: Bis 25. März an integration@example.org
status: postponed
summary: Wir sprechen über Wohnen.
---
-- content/termine/b.md --
---
title: Online
start: 2027-04-02
end: 2027-04-03
location:
  online: https://example.org/meeting
status: cancelled
---
-- content/termine/c.md --
---
title: Mit Zeitverschiebung
start: 2027-07-01T18:00:00+02:00
---
-- content/akteure/voll.md --
---
title: Voll
category: sozial
role: Berät Zugewanderte.
contact:
  email: info@example.org
  phone: +49 (951) 87/1234
  website: https://example.org/
address: Maximiliansplatz 3, 96047 Bamberg
languages: [de, TR, ar, uk]
offers:
  - Beratung
  - Sprachcafé
---
-- content/geschichte/fip/index.md --
---
title: FIP
date: 2007-07
until: 2013
documents:
  - title: Im Bündel
    file: bericht.pdf
  - title: Im Bündel, Unterordner
    file: ./anhang/karte.pdf
  - title: Absolut
    file: /dokumente/plan.pdf
  - title: Relativ nach oben
    file: ../../dokumente/plan.pdf
  - title: Nicht online
---
-- content/geschichte/fip/bericht.pdf --
pdf
-- content/geschichte/fip/anhang/karte.pdf --
pdf
`)
	a := page(t, s, "termine/2027/a.md").Event
	wantStart := time.Date(2027, 4, 1, 18, 0, 0, 0, berlin)
	wantEnd := time.Date(2027, 4, 1, 20, 30, 0, 0, berlin)
	if !a.Span.Start.Equal(wantStart) || !a.Span.End.Equal(wantEnd) || a.Span.AllDay || !a.Span.HasEnd || !a.Until.Equal(wantEnd) {
		t.Errorf("a: span %+v until %v", a.Span, a.Until)
	}
	if a.Series != "runder-tisch" || a.SeriesTitle != "Runder Tisch Integration" {
		t.Errorf("a: series %q %q (declared in the section above the page's)", a.Series, a.SeriesTitle)
	}
	if a.Location == nil || *a.Location != (model.Location{Name: "Rathaus", Address: "Maximiliansplatz 3, 96047 Bamberg", URL: "https://example.org/rathaus"}) {
		t.Errorf("a: location %+v", a.Location)
	}
	if a.Organizer != page(t, s, "akteure/beirat.md") {
		t.Errorf("a: organizer %v; want the page of content/akteure/beirat.md", a.Organizer)
	}
	if a.Registration != "Bis 25. März an integration@example.org" || a.Summary != "Wir sprechen über Wohnen." {
		t.Errorf("a: registration %q summary %q", a.Registration, a.Summary)
	}
	if a.Status != "postponed" || !a.Postponed() || a.Cancelled() {
		t.Errorf("a: status %q", a.Status)
	}

	b := page(t, s, "termine/b.md").Event
	if !b.Span.AllDay || !b.Span.Start.Equal(time.Date(2027, 4, 2, 0, 0, 0, 0, berlin)) ||
		!b.Until.Equal(time.Date(2027, 4, 4, 0, 0, 0, 0, berlin)) {
		t.Errorf("b: span %+v until %v; want all day 2 to 3 April, over at midnight in Bamberg", b.Span, b.Until)
	}
	if b.Location == nil || b.Location.Online != "https://example.org/meeting" || !b.Cancelled() || b.Organizer != nil {
		t.Errorf("b: %+v", b)
	}
	c := page(t, s, "termine/c.md").Event
	if !c.Span.Start.Equal(time.Date(2027, 7, 1, 16, 0, 0, 0, time.UTC)) || c.Span.HasEnd || !c.Until.Equal(c.Span.Start) || c.Status != "scheduled" {
		t.Errorf("c: span %+v until %v status %q", c.Span, c.Until, c.Status)
	}

	v := page(t, s, "akteure/voll.md").Actor
	want := model.Actor{
		Category:  "sozial",
		Role:      "Berät Zugewanderte.",
		Contact:   model.Contact{Email: "info@example.org", Phone: "+49 (951) 87/1234", Website: "https://example.org/"},
		Address:   "Maximiliansplatz 3, 96047 Bamberg",
		Languages: []string{"de", "tr", "ar", "uk"},
		Offers:    []string{"Beratung", "Sprachcafé"},
	}
	if v.Category != want.Category || v.Role != want.Role || v.Contact != want.Contact || v.Address != want.Address ||
		!slices.Equal(v.Languages, want.Languages) || !slices.Equal(v.Offers, want.Offers) {
		t.Errorf("actor %+v\nwant %+v", *v, want)
	}

	m := page(t, s, "geschichte/fip/index.md").Milestone
	if m.Date != (dates.Partial{Year: 2007, Month: 7}) || m.Until == nil || *m.Until != (dates.Partial{Year: 2013}) {
		t.Errorf("milestone date %v until %v", m.Date, m.Until)
	}
	wantDocs := []model.Document{
		{Title: "Im Bündel", URL: "/geschichte/fip/bericht.pdf"},
		{Title: "Im Bündel, Unterordner", URL: "/geschichte/fip/anhang/karte.pdf"},
		{Title: "Absolut", URL: "/dokumente/plan.pdf"},
		{Title: "Relativ nach oben", URL: "/dokumente/plan.pdf"},
		{Title: "Nicht online"},
	}
	if !slices.Equal(m.Documents, wantDocs) {
		t.Errorf("documents %+v\nwant %+v", m.Documents, wantDocs)
	}
}
