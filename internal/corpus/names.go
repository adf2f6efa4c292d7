package corpus

// Pools for titles, addresses and front matter values.

var actorBases = map[string][]string{
	"sozial": {"Caritasverband", "Diakonisches Werk", "Arbeitskreis Asyl", "Sozialdienst katholischer Frauen",
		"Migrationsberatung", "Flüchtlingshilfe", "Tafel", "Nachbarschaftshilfe", "Mieterverein", "Frauenhaus"},
	"sport": {"Sportverein", "Turnverein", "Fußballclub", "Boxclub", "Schwimmverein", "Lauftreff", "Kanuclub", "Schachclub"},
	"kultur": {"Kulturverein", "Theatergruppe", "Chor der Kulturen", "Musikschule", "Tanzgruppe", "Literaturkreis",
		"Kunstwerkstatt", "Filmclub"},
	"religion": {"Evangelische Kirchengemeinde", "Katholische Pfarrei", "Türkisch-Islamische Gemeinde",
		"Israelitische Kultusgemeinde", "Griechisch-Orthodoxe Gemeinde", "Ökumenischer Arbeitskreis",
		"Alevitische Gemeinde", "Syrisch-Orthodoxe Gemeinde"},
	"bildung": {"Volkshochschule", "Sprachschule", "Jugendmigrationsdienst", "Elternschule", "Lernwerkstatt",
		"Bildungszentrum", "Berufsschule", "Hochschulgruppe"},
	"verwaltung": {"Amt für Soziales", "Ausländerbehörde", "Standesamt", "Jobcenter", "Bürgeramt",
		"Amt für Bildung", "Jugendamt", "Gesundheitsamt"},
	"beirat": {"Migranten- und Integrationsbeirat", "Seniorenbeirat", "Behindertenbeirat", "Jugendbeirat",
		"Frauenbeirat", "Beirat für Bürgerbeteiligung"},
}

var districts = []string{
	"Bamberg", "Bamberg-Ost", "Gaustadt", "Wunderburg", "Gartenstadt", "Bug", "Bughof", "Hallstadt",
	"Sand", "Inselstadt", "Bergstadt", "Kramersfeld", "Wildensorg", "Theuerstadt", "Domberg", "Hain",
	"Hauptsmoor", "Stegaurach", "Strullendorf", "Gereuth",
}

var qualifiers = []string{
	"Nord", "Süd", "Mitte", "am Hain", "an der Regnitz", "St. Martin", "International", "Jugend",
	"Frauen", "Senioren", "Familien", "St. Otto", "Am Kranen", "Weltoffen", "Miteinander", "Zukunft",
	"Brücken", "Begegnung", "Sonnenseite", "Über den Tellerrand",
}

var streets = []string{
	"Maximiliansplatz", "Promenadestraße", "Hauptwachstraße", "Luitpoldstraße", "Obere Königstraße",
	"Untere Sandstraße", "Pödeldorfer Straße", "Memmelsdorfer Straße", "Kunigundendamm", "Schillerplatz",
	"Heinrichsdamm", "Egelseestraße", "Gaustadter Hauptstraße", "Zollnerstraße", "Lange Straße",
	"Grüner Markt", "Austraße", "Kapuzinerstraße", "Friedrichstraße", "Geyerswörthstraße",
}

var postcodes = []string{"96047", "96049", "96050", "96052"}

var venues = []string{
	"Rathaus am Maxplatz", "Stadtbücherei", "Volkshochschule, Raum 2.14", "Bürgerhaus Gaustadt",
	"Kulturraum in der Lagarde", "Gemeindesaal St. Gangolf", "Konzerthalle, Foyer", "Jugendzentrum",
	"Mehrgenerationenhaus", "Familienzentrum Wunderburg", "Sitzungssaal des Rathauses", "Welcome Café",
}

var eventThemes = []string{
	"Informationsabend zum Thema %s", "Fortbildung für Ehrenamtliche: %s", "Workshop: %s im Alltag",
	"Podiumsgespräch über %s", "Fachtag %s",
}

var eventFixed = []string{
	"Interkulturelles Fest im Hain", "Stadtführung für Neubürgerinnen und Neubürger", "Sportfest der Vielfalt",
	"Woche der Begegnung", "Tag der offenen Tür im Welcome Café", "Elterncafé in der Wunderburg",
	"Kochabend: Gerichte aus Syrien", "Kochabend: Gerichte aus der Ukraine", "Filmabend „Willkommen bei uns“",
	"Lesung mit Autorinnen aus aller Welt", "Nähwerkstatt für Frauen", "Einbürgerungsfeier",
	"Fahrradkurs für Anfängerinnen", "Internationaler Frauentag", "Interkulturelle Woche: Eröffnung",
	"Erzählcafé „Angekommen in Bamberg“", "Konzert des Chors der Kulturen",
}

var milestoneTitles = []string{
	"Gründung des Migranten- und Integrationsbeirats", "Start des Flächenübergreifenden Integrationsprojekts",
	"Erster Runder Tisch Integration", "Beschluss des Maßnahmenkatalogs", "Neuausrichtung der Arbeitskreise",
	"Eröffnung des Begegnungszentrums", "Integrationskonzept verabschiedet", "Fachtag „Vielfalt leben“",
	"Aufnahme von Geflüchteten aus der Ukraine", "Gründung des Arbeitskreises Asyl", "Erstes Sprachcafé",
	"Einrichtung der Stelle für Integration", "Bericht zur Lage der Integration", "Start der Lernpatenschaften",
	"Wahl des Beirats", "Auszeichnung als „Ort der Vielfalt“", "Erstes Fachforum Integration",
	"Öffnung der Aufnahmeeinrichtung", "Fortschreibung des Maßnahmenkatalogs", "Start des Welcome Cafés",
}

var roleTexts = []string{
	"Berät Zugewanderte in allen Fragen des Alltags.", "Bietet Sprachkurse und Lerntreffs an.",
	"Bringt Menschen verschiedener Herkunft im Sport zusammen.", "Lädt zu Begegnung und Dialog ein.",
	"Vertritt die Anliegen von Migrantinnen und Migranten gegenüber Stadtrat und Verwaltung.",
	"Begleitet Geflüchtete bei Behördengängen und der Wohnungssuche.",
	"Öffnet Kultur für alle – mit Projekten in vielen Sprachen.",
	"Hilft jungen Menschen beim Übergang von der Schule in den Beruf.",
	"Ist zuständig für Aufenthalt, Einbürgerung und Anerkennung.",
}

var registrationTexts = []string{
	"Anmeldung bis eine Woche vorher per E-Mail an integration@stadt.bamberg.de",
	"Keine Anmeldung nötig – kommen Sie einfach vorbei.",
	"Bitte melden Sie sich telefonisch unter 0951 87-1234 an.",
	"Anmeldung im Bürgerbüro oder vor Ort; die Plätze sind begrenzt.",
}

var langCodes = []string{"en", "tr", "ar", "uk", "ru", "fa", "pl", "ro", "it", "es", "ku", "so", "ti", "fr", "el", "sq"}

var sharedDocs = []string{"integrationskonzept-2008", "massnahmenkatalog-2013", "jahresbericht-2019",
	"leitbild-integration", "satzung-beirat", "fortschreibung-2024"}

var monthsDE = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember"}

// plainSection is a top-level section of plain pages with its subsections.
type plainSection struct {
	dir, title, desc string
	subs             [][2]string // dir, title
}

var plainSections = []plainSection{
	{"beratung", "Beratung und Begleitung", "Wo Zugewanderte in Bamberg Rat und Unterstützung finden.",
		[][2]string{{"sprache", "Sprache und Deutschkurse"}, {"familie", "Familie und Kinder"}}},
	{"arbeit", "Arbeit und Ausbildung", "Anerkennung, Ausbildung und Arbeit für Zugewanderte.",
		[][2]string{{"anerkennung", "Anerkennung von Abschlüssen"}, {"ausbildung", "Ausbildung und Studium"}}},
	{"ehrenamt", "Ehrenamt und Engagement", "Wie Sie sich in Bamberg für Integration engagieren können.",
		[][2]string{{"patenschaften", "Patenschaften"}, {"vereine", "Vereine und Initiativen"}}},
}

var rootPages = [][2]string{
	{"impressum", "Impressum"}, {"datenschutz", "Datenschutzerklärung"},
	{"barrierefreiheit", "Erklärung zur Barrierefreiheit"}, {"leichte-sprache", "Leichte Sprache"},
	{"leitbild", "Leitbild Integration"},
}
