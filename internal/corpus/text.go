package corpus

import (
	"fmt"
	"strings"
)

// The word pools of the German-ish text. Every entry of a pool fits every
// template that uses the pool, so the sentences stay grammatical enough to
// read like the real pages (and to exercise umlauts, ß and German quotes).

type noun struct{ nom, dat, acc string }

var actorsText = []noun{
	{"der Migranten- und Integrationsbeirat", "dem Migranten- und Integrationsbeirat", "den Migranten- und Integrationsbeirat"},
	{"die Stadtverwaltung", "der Stadtverwaltung", "die Stadtverwaltung"},
	{"das Familienzentrum", "dem Familienzentrum", "das Familienzentrum"},
	{"die Caritas", "der Caritas", "die Caritas"},
	{"die Diakonie", "der Diakonie", "die Diakonie"},
	{"der Arbeitskreis Asyl", "dem Arbeitskreis Asyl", "den Arbeitskreis Asyl"},
	{"das Quartiersmanagement", "dem Quartiersmanagement", "das Quartiersmanagement"},
	{"die Volkshochschule", "der Volkshochschule", "die Volkshochschule"},
	{"der Jugendmigrationsdienst", "dem Jugendmigrationsdienst", "den Jugendmigrationsdienst"},
	{"das Bürgerlabor", "dem Bürgerlabor", "das Bürgerlabor"},
	{"die Ökumenische Flüchtlingshilfe", "der Ökumenischen Flüchtlingshilfe", "die Ökumenische Flüchtlingshilfe"},
	{"der Sportkreis", "dem Sportkreis", "den Sportkreis"},
	{"das Amt für Bildung", "dem Amt für Bildung", "das Amt für Bildung"},
	{"die Freiwilligenagentur", "der Freiwilligenagentur", "die Freiwilligenagentur"},
}

var groups = []string{
	"Geflüchtete", "zugewanderte Familien", "Neubürgerinnen und Neubürger",
	"Jugendliche mit Migrationsgeschichte", "ältere Menschen", "Studierende aus dem Ausland",
	"Frauen mit kleinen Kindern", "Ehrenamtliche", "Fachkräfte aus dem Ausland",
	"Schülerinnen und Schüler", "Eltern", "Menschen ohne Deutschkenntnisse",
}

var places = []string{
	"im Stadtteil Gaustadt", "in der Gartenstadt", "am Kranen", "im Bürgerhaus am Babenberger Viertel",
	"im Rathaus am Maxplatz", "in der Wunderburg", "in Bamberg-Ost", "im Hain", "in der Innenstadt",
	"auf der Erba-Insel", "in der Stadtbücherei", "im Gemeindesaal St. Gangolf", "in der Konzerthalle",
	"im Jugendzentrum am Margaretendamm", "in der Lagarde-Kaserne",
}

var offers = []string{
	"Sprachkurse", "Hausaufgabenhilfe", "offene Sprechstunden", "Beratung zu Aufenthalt und Arbeit",
	"Begegnungsabende", "Kochkurse mit Gerichten aus aller Welt", "Hilfe bei Behördengängen",
	"Bewerbungstrainings", "Lernpatenschaften", "Dolmetscherdienste", "Schwimmkurse für Mädchen",
	"Nähwerkstätten", "Fahrradkurse", "Elterncafés", "Computerkurse", "Stadtführungen in einfacher Sprache",
	"Gesprächskreise", "Mutter-Kind-Gruppen", "Rechtsberatung", "Musikprojekte",
}

var topics = []string{
	"Wohnen", "Arbeit und Ausbildung", "Gesundheit", "frühe Bildung", "Spracherwerb", "Teilhabe",
	"Nachbarschaft", "Anerkennung ausländischer Abschlüsse", "Kinderbetreuung", "politische Beteiligung",
	"Sport und Bewegung", "Religion und Dialog", "Kultur und Begegnung", "Antidiskriminierung",
}

var times = []string{
	"jeden ersten Dienstag im Monat", "wöchentlich", "zweimal im Jahr", "seit vielen Jahren",
	"in den Sommerferien", "nach Absprache", "montags von 9 bis 12 Uhr", "an jedem Werktag",
	"in der Regel donnerstags", "regelmäßig", "während der Schulzeit", "samstags ab 14 Uhr",
}

var tasks = []string{
	"Behördengängen", "der Wohnungssuche", "Arztbesuchen", "der Anmeldung in Kita und Schule",
	"der Suche nach einem Ausbildungsplatz", "Anträgen", "dem Umgang mit Briefen vom Amt",
	"der Eröffnung eines Kontos", "der Vorbereitung auf die Einbürgerung",
}

var adjs = []string{
	"wichtige", "zentrale", "gemeinsame", "neue", "langfristige", "niedrigschwellige",
	"interkulturelle", "mehrsprachige", "praktische", "verlässliche", "offene",
}

var quotes = []string{
	"Integration gelingt gemeinsam", "Hier fühle ich mich willkommen", "Sprache öffnet Türen",
	"Vielfalt ist unsere Stärke", "Ohne die Ehrenamtlichen ginge es nicht", "Wir lernen voneinander",
	"Bamberg ist mein Zuhause geworden", "Jede Begegnung zählt",
}

var langPhrases = []string{
	"arabischer Sprache", "türkischer Sprache", "ukrainischer Sprache", "russischer Sprache",
	"persischer Sprache", "englischer Sprache", "kurdischer Sprache", "französischer Sprache",
}

var headings2 = []string{
	"Worum es geht", "Angebote im Überblick", "Ansprechpersonen", "Häufige Fragen", "So läuft es ab",
	"Hintergrund", "Zahlen und Fakten", "Mitmachen", "Anmeldung und Kosten", "Öffnungszeiten",
	"Ergebnisse", "Rückblick", "Ausblick", "Kooperationen", "Sprachen und Übersetzung",
	"Für Ehrenamtliche", "Für Familien", "Termine und Fristen", "Weitere Informationen",
	"Ziele für die nächsten Jahre", "Erfahrungen aus der Praxis", "Wer wir sind", "Gefördert durch",
	"Unterstützung im Alltag", "Über uns",
}

var headings3 = []string{
	"Für Neuzugewanderte", "Für Fachkräfte", "Vor Ort", "Online", "Im Stadtteil", "Kosten",
	"Barrierefreiheit", "Kinderbetreuung", "Dolmetschen", "Erreichbarkeit", "Mitbringen",
	"Datenschutz", "Fahrtkosten", "Gruppengröße", "Grußwort",
}

var steps = []string{
	"Sie melden sich telefonisch oder per E-Mail an.",
	"Wir vereinbaren einen Termin für ein erstes Gespräch.",
	"Im Gespräch klären wir, welche Unterstützung Sie brauchen.",
	"Bei Bedarf ist eine Dolmetscherin oder ein Dolmetscher dabei.",
	"Gemeinsam füllen wir die nötigen Anträge aus.",
	"Nach vier Wochen treffen wir uns noch einmal.",
	"Sie erhalten eine Bescheinigung über die Teilnahme.",
	"Zum Schluss bitten wir Sie um eine kurze Rückmeldung.",
}

// sentence returns one sentence; link, when not empty, is a Markdown link
// to weave into it.
func (g *gen) sentence(link string) string {
	r := g.r
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	a := func() noun { return actorsText[r.IntN(len(actorsText))] }
	offer := pick(offers)
	if r.IntN(10) == 0 {
		offer = "**" + offer + "**"
	}
	var s string
	switch r.IntN(28) {
	case 0:
		s = fmt.Sprintf("%s bietet %s %s für %s an.", capital(a().nom), pick(times), offer, pick(groups))
	case 1:
		s = fmt.Sprintf("%s treffen sich %s %s, um über %s ins Gespräch zu kommen.", capital(pick(places)), pick(times), pick(groups), pick(topics))
	case 2:
		s = fmt.Sprintf("Gemeinsam mit %s entwickeln wir %s Angebote zum Thema %s.", a().dat, pick(adjs), pick(topics))
	case 3:
		s = fmt.Sprintf("Viele Teilnehmende sagen: „%s.“", pick(quotes))
	case 4:
		s = fmt.Sprintf("Für %s sind %s ein wichtiger Baustein der Integration.", pick(groups), offer)
	case 5:
		s = "Die Angebote sind kostenlos und stehen allen offen – unabhängig von Herkunft, Religion oder Sprache."
	case 6:
		s = fmt.Sprintf("Wer Fragen zu %s hat, kann sich %s an %s wenden.", pick(topics), pick(times), a().acc)
	case 7:
		n := 200 + r.IntN(4000)
		s = fmt.Sprintf("Im Jahr %d wurden %s Beratungsgespräche geführt, davon %s in %s.", 2010+r.IntN(17), number(n), number(n/(2+r.IntN(5))), pick(langPhrases))
	case 8:
		s = fmt.Sprintf("Das Motto lautet \"%s\" – und so ist es auch gemeint.", pick(quotes))
	case 9:
		s = fmt.Sprintf("Übrigens: %s gibt es auch %s.", capital(offer), pick(places))
	case 10:
		s = fmt.Sprintf("Ziel ist es, %s den Zugang zu %s zu erleichtern.", pick(groups), pick(topics))
	case 11:
		s = fmt.Sprintf("Ehrenamtliche begleiten %s bei %s.", pick(groups), pick(tasks))
	case 12:
		s = fmt.Sprintf("Die Zusammenarbeit zwischen %s und %s hat sich bewährt.", a().dat, a().dat)
	case 13:
		s = fmt.Sprintf("Seit %d gehört %s zum Netzwerk der Integration in Bamberg.", 1995+r.IntN(30), a().nom)
	case 14:
		s = fmt.Sprintf("Besonders gefragt sind %s, die %s stattfinden.", offer, pick(places))
	case 15:
		s = fmt.Sprintf("Anmeldungen nimmt %s gerne telefonisch oder per E-Mail entgegen.", a().nom)
	case 16:
		s = fmt.Sprintf("Auch %s sind herzlich willkommen.", pick(groups))
	case 17:
		s = fmt.Sprintf("Ein Schwerpunkt liegt auf dem Thema %s, denn hier zeigt sich, ob Teilhabe im Alltag gelingt.", pick(topics))
	case 18:
		s = fmt.Sprintf("Mehr als %s Menschen haben %d an den Veranstaltungen teilgenommen.", number(100+r.IntN(3000)), 2015+r.IntN(12))
	case 19:
		s = "Die Ergebnisse fließen in die Fortschreibung des Integrationskonzepts ein."
	case 20:
		s = fmt.Sprintf("Für Rückfragen steht das Team %s zur Verfügung.", pick(times))
	case 21:
		s = fmt.Sprintf("Größere Veranstaltungen finden %s statt, kleinere Treffen %s.", pick(places), pick(places))
	case 22:
		s = fmt.Sprintf("Über das Thema %s wird %s öffentlich beraten.", pick(topics), pick(times))
	case 23:
		s = fmt.Sprintf("Dabei geht es um Fragen wie: Wie finden %s eine Wohnung? Wo gibt es %s?", pick(groups), offer)
	case 24:
		s = fmt.Sprintf("Die *%s* Arbeit von %s wäre ohne Spenden nicht möglich.", pick(adjs), a().dat)
	case 26:
		s = fmt.Sprintf("Wie geht's weiter? Das klären wir gemeinsam - mit %s, mit %s und mit allen, die mitmachen wollen ...", a().dat, pick(groups))
	default:
		s = fmt.Sprintf("Straßenfeste, Gespräche über %s und gemeinsames Essen gehören für %s einfach dazu.", pick(topics), pick(groups))
	}
	if link != "" {
		switch r.IntN(3) {
		case 0:
			s += " Mehr dazu unter " + link + "."
		case 1:
			s += " Siehe auch: " + link + "."
		default:
			s = "Wie " + link + " berichtet: " + s
		}
	}
	return s
}

// paragraph appends a paragraph of 2–6 sentences to b and returns the
// number of words written. links are woven into it.
func (g *gen) paragraph(b *strings.Builder, links []string) int {
	n := 2 + g.r.IntN(5)
	words := 0
	for i := range n {
		l := ""
		if i < len(links) {
			l = links[i]
		}
		s := g.sentence(l)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		words += countWords(s)
	}
	b.WriteString("\n\n")
	return words
}

func countWords(s string) int { return len(strings.Fields(s)) }

func capital(s string) string {
	if s == "" {
		return s
	}
	if strings.HasPrefix(s, "**") {
		return "**" + capital(s[2:])
	}
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}

// number formats n the German way: 10.000.
func number(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
